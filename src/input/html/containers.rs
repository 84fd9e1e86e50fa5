//! The page's container table (see [`Container`]): the block elements that hold text, each
//! with its parent, names and how much text and link text is inside it. Facts only; nothing
//! here decides what is article and what is chrome.

use crate::model::{Container, ContainerId};

/// Builds the container table as the walk goes.
///
/// An entry is opened when a block first needs it, so elements without text cost nothing.
/// A block's characters are counted into its own container only; each container's totals
/// are added to its parent's when the walk leaves it, so that counting costs the same
/// however deeply the containers nest.
#[derive(Default)]
pub(super) struct ContainerTable {
    containers: Vec<Container>,
    /// The stand-in for text outside any block element, once needed.
    outside: Option<ContainerId>,
}

impl ContainerTable {
    /// Adds an entry for a block element named `tag` inside `parent`, with its lower-cased
    /// `class` tokens and `id` (space-joined, possibly empty), and `role` and `itemprop`
    /// (lower-cased, possibly empty).
    pub(super) fn open(
        &mut self,
        parent: Option<ContainerId>,
        tag: &'static str,
        classes: &str,
        id: &str,
        role: String,
        itemprop: String,
    ) -> ContainerId {
        let entry = ContainerId(self.containers.len());
        self.containers.push(Container {
            parent,
            tag,
            classes: classes.split_whitespace().map(str::to_owned).collect(),
            id: (!id.is_empty()).then(|| id.to_owned()),
            role: (!role.is_empty()).then_some(role),
            chars: 0,
            link_chars: 0,
            itemprop: (!itemprop.is_empty()).then_some(itemprop),
        });
        entry
    }

    /// The container of text outside any block element: a `body` without attributes, as
    /// such a block's hints name it.
    pub(super) fn outside_blocks(&mut self) -> ContainerId {
        if let Some(id) = self.outside {
            return id;
        }
        let id = ContainerId(self.containers.len());
        self.containers.push(Container {
            parent: None,
            tag: "body",
            classes: Vec::new(),
            id: None,
            role: None,
            chars: 0,
            link_chars: 0,
            itemprop: None,
        });
        self.outside = Some(id);
        id
    }

    /// Counts a block's characters (white space not counted) into its container.
    pub(super) fn count(&mut self, id: ContainerId, chars: usize, link_chars: usize) {
        if let Some(container) = self.containers.get_mut(id.0) {
            container.chars += chars;
            container.link_chars += link_chars;
        }
    }

    /// The walk has left the container's element: its totals are final, and its parent's
    /// include them from now on.
    pub(super) fn close(&mut self, id: ContainerId) {
        let Some(&Container { parent: Some(parent), chars, link_chars, .. }) = self.containers.get(id.0) else {
            return;
        };
        self.count(parent, chars, link_chars);
    }

    /// The finished table, parents before children.
    pub(super) fn into_vec(self) -> Vec<Container> {
        self.containers
    }
}

#[cfg(test)]
mod tests {
    use super::super::HtmlPage;
    use crate::model::{Container, ContainerId};

    fn parse_html(source: &str) -> HtmlPage {
        super::super::parse_html(source).unwrap_or_else(|e| panic!("refused: {e}"))
    }

    fn container(page: &HtmlPage, id: ContainerId) -> &Container {
        page.containers.get(id.0).unwrap_or_else(|| panic!("{id:?} is not in the table of {}", page.containers.len()))
    }

    /// The tags from the container of the block with `text` out to the outermost.
    fn chain(page: &HtmlPage, text: &str) -> Vec<&'static str> {
        let block = page.blocks.iter().find(|b| b.text == text).unwrap_or_else(|| panic!("no block {text:?}"));
        let mut tags = Vec::new();
        let mut at = Some(block.container);
        while let Some(id) = at {
            let c = container(page, id);
            tags.push(c.tag);
            at = c.parent;
            // Parents precede their children, so the walk out always ends.
            assert!(at.is_none_or(|p| p < id), "{p:?} is not before {id:?}", p = at);
        }
        tags
    }

    fn by_id<'p>(page: &'p HtmlPage, id: &str) -> &'p Container {
        page.containers.iter().find(|c| c.id.as_deref() == Some(id)).unwrap_or_else(|| panic!("no container #{id}"))
    }

    const LINKS: &str = "<html><body>\
        <div id=menu class='Nav  Links'><ul><li><a href=/a>One</a></li><li><a href=/b>Two two</a></li></ul></div>\
        <div class=story role=Main><p>Some words <a href=/x>here</a>.</p><p>No <span class=x>links</span></p></div>\
        </body></html>";

    #[test]
    fn a_blocks_container_chain_reaches_body() {
        let page = parse_html(LINKS);
        assert_eq!(chain(&page, "One"), ["li", "ul", "div", "body", "html"]);
        assert_eq!(chain(&page, "Some words here."), ["p", "div", "body", "html"]);
        // Every block's container is its block element, the tag its hints name.
        for b in &page.blocks {
            assert_eq!(container(&page, b.container).tag, b.hints.tag, "{:?}", b.text);
        }
        let nested = parse_html("<div class=outer>Before<div class=inner><p>Deep</p></div>After <b>bold</b></div>");
        assert_eq!(chain(&nested, "Deep"), ["p", "div", "div", "body", "html"]);
        // Text before and after a nested block is in the same element, so the same container.
        let of = |text: &str| nested.blocks.iter().find(|b| b.text == text).map(|b| b.container);
        let (Some(before), Some(after)) = (of("Before"), of("After bold")) else { panic!("blocks missing") };
        assert_eq!(before, after);
        assert_eq!(container(&nested, before).classes, ["outer"]);
    }

    #[test]
    fn text_and_link_characters_are_counted_without_white_space() {
        let page = parse_html(LINKS);
        let menu = by_id(&page, "menu");
        // "One" + "Twotwo", all inside links.
        assert_eq!((menu.chars, menu.link_chars), (9, 9));
        let story = page.containers.iter().find(|c| c.classes == ["story"]).expect("the story container");
        // "Somewordshere." + "Nolinks", of which "here" is a link.
        assert_eq!((story.chars, story.link_chars), (21, 4));
        let body = page.containers.iter().find(|c| c.tag == "body").expect("the body container");
        assert_eq!((body.chars, body.link_chars), (30, 13));
        let html = page.containers.iter().find(|c| c.tag == "html").expect("the html container");
        assert_eq!((html.chars, html.link_chars, html.parent), (30, 13, None));
    }

    #[test]
    fn class_id_and_role_are_recorded_lower_cased() {
        let page = parse_html(LINKS);
        let menu = by_id(&page, "menu");
        assert_eq!(menu.tag, "div");
        assert_eq!(menu.classes, ["nav", "links"]);
        assert_eq!(menu.role, None);
        let story = page.containers.iter().find(|c| c.role.is_some()).expect("a container with a role");
        assert_eq!(story.classes, ["story"]);
        assert_eq!(story.id, None);
        assert_eq!(story.role.as_deref(), Some("main"));
        // Inline elements are not containers: the span's class is on no entry.
        assert!(page.containers.iter().all(|c| !c.classes.iter().any(|k| k == "x")));
        // Block elements without text inside them get no entry.
        let empty = parse_html("<body><div id=empty><p> </p></div><p>Text</p></body>");
        assert!(empty.containers.iter().all(|c| c.id.is_none()), "{:?}", empty.containers);
        assert_eq!(empty.containers.len(), 3);
    }
}
