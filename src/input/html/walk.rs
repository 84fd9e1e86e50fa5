//! The walk over the DOM: blocks from block-level elements, inline elements flattened into
//! them, skipped content, and each block's [`StructureHints`] from the elements around it.

use super::positions::Locator;
use super::{fold_space, HtmlBlock};
use crate::model::StructureHints;
use scraper::{ElementRef, Node};
use std::ops::Range;

/// What the walk read from a page: its title and its text blocks in document order.
pub(super) struct Walked {
    pub title: Option<String>,
    pub blocks: Vec<HtmlBlock>,
}

/// Walks the page under `root` (its `<html>` element); `source` is the HTML it was parsed
/// from, for the blocks' spans.
pub(super) fn walk(source: &str, root: ElementRef<'_>) -> Walked {
    let mut walker = Walker::new(source);
    walker.walk(root);
    walker.flush();
    Walked { title: walker.title, blocks: walker.blocks }
}

/// Elements that start and end a block.
fn is_block_tag(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "td"
            | "th"
            | "dd"
            | "dt"
            | "blockquote"
            | "figcaption"
            | "figure"
            | "caption"
            | "pre"
            | "div"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "nav"
            | "aside"
            | "main"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "address"
            | "ul"
            | "ol"
            | "dl"
            | "menu"
            | "form"
            | "fieldset"
            | "legend"
            | "hr"
            | "center"
            | "details"
            | "summary"
            | "dialog"
            | "hgroup"
            | "option"
            | "optgroup"
            | "html"
            | "body"
    )
}

/// Elements whose content a reader does not see as page text. Media fallback content
/// (`video`, `audio`, `canvas`, `object`) is only shown by browsers that cannot play it.
fn is_skipped_tag(tag: &str) -> bool {
    matches!(
        tag,
        "head"
            | "script"
            | "style"
            | "noscript"
            | "template"
            | "iframe"
            | "svg"
            | "math"
            | "video"
            | "audio"
            | "canvas"
            | "object"
    )
}

/// One open element on the walk's stack.
///
/// What a block needs from its ancestors is kept incrementally in each frame (flags so far,
/// the innermost block frame, the nearest frame with a class or id), so that a block's
/// hints cost the same however deeply the page nests its elements.
struct Frame {
    /// Identifies the element among all frames ever opened (for the inline-enclosure check).
    serial: usize,
    tag: String,
    /// Lower-cased `class` then `id`, space-joined; may be empty.
    class_id: String,
    block: bool,
    /// Context flags of this element and all its ancestors.
    context: Context,
    /// The stack index of the innermost block element among this frame and its ancestors.
    block_at: Option<usize>,
    /// The stack index of the nearest frame, this one or an ancestor, with a class or id.
    classed_at: Option<usize>,
}

/// The sections an element is inside, by tag or ARIA role.
#[derive(Clone, Copy, Default)]
struct Context {
    heading: bool,
    nav: bool,
    header: bool,
    footer: bool,
    aside: bool,
    figure: bool,
}

impl Context {
    /// The context inside an element with `tag` and `role`, given its parent's.
    fn inside(self, tag: &str, role: &str) -> Context {
        Context {
            heading: self.heading || matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6") || role == "heading",
            nav: self.nav || tag == "nav" || role == "navigation",
            header: self.header || tag == "header" || role == "banner",
            footer: self.footer || tag == "footer" || role == "contentinfo",
            aside: self.aside || tag == "aside" || role == "complementary",
            figure: self.figure || matches!(tag, "figure" | "figcaption"),
        }
    }
}

/// What one element's entry did, undone when the walk leaves it.
enum Entered {
    /// A frame was pushed (and, for a block element, the current block was flushed).
    Frame { link: bool, button: bool },
    /// The element is skipped; text inside it only moves the source cursor.
    Skip,
    /// Nothing to undo (`<br>`, `<title>`, and everything inside a skipped element).
    Nothing,
}

/// The block being accumulated.
#[derive(Default)]
struct Pending {
    text: String,
    /// White space was seen since the last character, to be written before the next one.
    space: bool,
    /// Consecutive `<br>` since the last text.
    breaks: usize,
    /// Non-space characters, and those of them inside links and buttons.
    chars: usize,
    link_chars: usize,
    button_chars: usize,
    /// The source range of the first text node.
    span: Option<Range<usize>>,
    /// Inline frames (serial, class/id) that enclose every text node so far, outermost
    /// first; `None` before the first text node.
    enclosing: Option<Vec<(usize, String)>>,
}

struct Walker<'s> {
    locator: Locator<'s>,
    stack: Vec<Frame>,
    entered: Vec<Entered>,
    serial: usize,
    skip_depth: usize,
    link_depth: usize,
    button_depth: usize,
    pending: Pending,
    blocks: Vec<HtmlBlock>,
    title: Option<String>,
}

impl<'s> Walker<'s> {
    fn new(source: &'s str) -> Self {
        Walker {
            locator: Locator::new(source),
            stack: Vec::new(),
            entered: Vec::new(),
            serial: 0,
            skip_depth: 0,
            link_depth: 0,
            button_depth: 0,
            pending: Pending::default(),
            blocks: Vec::new(),
            title: None,
        }
    }

    /// Walks the subtree of `root` in document order without recursion: malformed pages can
    /// nest elements thousands deep, which would overflow the stack of a recursive walk.
    fn walk(&mut self, root: ElementRef<'_>) {
        let start = *root;
        let mut node = start;
        let mut descend = self.enter(node);
        loop {
            if descend {
                if let Some(child) = node.first_child() {
                    node = child;
                    descend = self.enter(node);
                    continue;
                }
            }
            // Leave `node` and every ancestor that has no next sibling.
            loop {
                self.leave(node);
                if node.id() == start.id() {
                    return;
                }
                if let Some(sibling) = node.next_sibling() {
                    node = sibling;
                    descend = self.enter(node);
                    break;
                }
                match node.parent() {
                    Some(parent) => node = parent,
                    None => return,
                }
            }
        }
    }

    /// Handles entering a node; returns whether to walk its children.
    fn enter(&mut self, node: ego_node::NodeRef<'_>) -> bool {
        match node.value() {
            Node::Text(text) => {
                self.text(text);
                false
            }
            Node::Element(element) => {
                let tag = element.name();
                let action = if tag == "title" {
                    // The first HTML title (an SVG's <title> is a tooltip, not the page's).
                    let in_svg = node
                        .ancestors()
                        .any(|a| a.value().as_element().is_some_and(|e| matches!(e.name(), "svg" | "math")));
                    if self.title.is_none() && !in_svg {
                        let mut title = String::new();
                        for text in node.children().filter_map(|c| c.value().as_text().map(|t| &**t)) {
                            title.push_str(text);
                        }
                        // Past the title in the source, so that a headline repeating it is
                        // located in the body. Titles may hold entities, unlike scripts.
                        self.locator.find(title.trim());
                        let title = fold_space(&title);
                        self.title = (!title.is_empty()).then_some(title);
                    }
                    self.entered.push(Entered::Nothing);
                    return false;
                } else if self.skip_depth > 0 {
                    Entered::Nothing
                } else if tag == "br" {
                    self.line_break();
                    Entered::Nothing
                } else if is_skipped_tag(tag) || element.attr("hidden").is_some() {
                    self.skip_depth += 1;
                    Entered::Skip
                } else {
                    let block = is_block_tag(tag);
                    if block {
                        self.flush();
                    }
                    let role = element.attr("role").unwrap_or("").trim().to_ascii_lowercase();
                    let link = tag == "a" && element.attr("href").is_some();
                    let button = tag == "button" || role == "button";
                    self.link_depth += usize::from(link);
                    self.button_depth += usize::from(button);
                    let class_id = fold_space(&format!(
                        "{} {}",
                        element.attr("class").unwrap_or(""),
                        element.attr("id").unwrap_or("")
                    ))
                    .to_lowercase();
                    self.serial += 1;
                    let index = self.stack.len();
                    let parent = self.stack.last();
                    let frame = Frame {
                        serial: self.serial,
                        tag: tag.to_owned(),
                        context: parent.map(|p| p.context).unwrap_or_default().inside(tag, &role),
                        block_at: if block { Some(index) } else { parent.and_then(|p| p.block_at) },
                        classed_at: if class_id.is_empty() { parent.and_then(|p| p.classed_at) } else { Some(index) },
                        class_id,
                        block,
                    };
                    self.stack.push(frame);
                    Entered::Frame { link, button }
                };
                self.entered.push(action);
                true
            }
            _ => false,
        }
    }

    fn leave(&mut self, node: ego_node::NodeRef<'_>) {
        if !node.value().is_element() {
            return;
        }
        match self.entered.pop() {
            Some(Entered::Frame { link, button }) => {
                if self.stack.last().is_some_and(|f| f.block) {
                    self.flush();
                }
                self.link_depth -= usize::from(link);
                self.button_depth -= usize::from(button);
                self.stack.pop();
            }
            Some(Entered::Skip) => self.skip_depth -= 1,
            Some(Entered::Nothing) | None => {}
        }
    }

    fn line_break(&mut self) {
        if !self.pending.text.is_empty() {
            self.pending.breaks += 1;
            self.pending.space = true;
        }
    }

    fn text(&mut self, text: &str) {
        if self.skip_depth > 0 {
            self.locator.skip_raw(text);
            return;
        }
        let trimmed = text.trim();
        if trimmed.is_empty() {
            // White space between elements: a space if more text follows in this block.
            self.pending.space |= !self.pending.text.is_empty();
            return;
        }
        if self.pending.breaks >= 2 {
            self.flush();
        }
        self.pending.breaks = 0;
        let span = self.locator.find(trimmed);
        let pending = &mut self.pending;
        if pending.text.is_empty() {
            pending.span = span;
        }
        if text.starts_with(char::is_whitespace) && !pending.text.is_empty() {
            pending.space = true;
        }
        for c in trimmed.chars() {
            if c.is_whitespace() {
                pending.space = true;
                continue;
            }
            if pending.space {
                pending.text.push(' ');
                pending.space = false;
            }
            pending.text.push(c);
            pending.chars += 1;
            pending.link_chars += usize::from(self.link_depth > 0);
            pending.button_chars += usize::from(self.button_depth > 0);
        }
        pending.space = text.ends_with(char::is_whitespace);
        // Narrow the inline elements enclosing all the block's text to those enclosing this text too.
        let inline_from = self.stack.last().and_then(|f| f.block_at).map_or(0, |b| b + 1);
        let here = &self.stack[inline_from..];
        match &mut pending.enclosing {
            None => pending.enclosing = Some(here.iter().map(|f| (f.serial, f.class_id.clone())).collect()),
            Some(common) => {
                let shared = common.iter().zip(here).take_while(|((serial, _), f)| *serial == f.serial).count();
                common.truncate(shared);
            }
        }
    }

    /// Ends the current block, keeping it if it has text.
    fn flush(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        if pending.text.is_empty() {
            return;
        }
        let hints = self.hints(&pending);
        self.blocks.push(HtmlBlock { text: pending.text, span: pending.span.unwrap_or(0..0), hints });
    }

    fn hints(&self, pending: &Pending) -> StructureHints {
        let block = self.stack.last().and_then(|f| f.block_at).and_then(|b| self.stack.get(b));
        let mut class_id: Vec<&str> = Vec::new();
        for (_, classes) in pending.enclosing.iter().flatten().rev() {
            class_id.push(classes);
        }
        // Follow the chain of classed frames from the block element outwards.
        let mut classed = block.and_then(|f| f.classed_at);
        while let Some(at) = classed {
            let Some(frame) = self.stack.get(at) else { break };
            class_id.push(&frame.class_id);
            classed = at.checked_sub(1).and_then(|parent| self.stack.get(parent)).and_then(|p| p.classed_at);
        }
        class_id.retain(|c| !c.is_empty());
        let context = block.map(|f| f.context).unwrap_or_default();
        let chars = pending.chars.max(1) as f32;
        StructureHints {
            tag: block.map_or_else(|| "body".to_owned(), |f| f.tag.clone()),
            class_id: class_id.join(" "),
            heading: context.heading,
            in_link: pending.chars > 0 && pending.link_chars == pending.chars,
            in_button: pending.chars > 0 && pending.button_chars == pending.chars,
            in_nav: context.nav,
            in_header: context.header,
            in_footer: context.footer,
            in_aside: context.aside,
            in_figure: context.figure,
            link_density: pending.link_chars as f32 / chars,
        }
    }
}

/// The tree node type of scraper's documents, named through scraper's own API so that
/// this module needs no direct dependency on `ego-tree`.
mod ego_node {
    /// A reference to one node of a parsed document.
    pub type NodeRef<'a> = <scraper::ElementRef<'a> as std::ops::Deref>::Target;
}
