//! The walk over the DOM: blocks from block-level elements, inline elements flattened into
//! them, skipped content, and each block's [`StructureHints`] and [`Container`] from the
//! elements around it.

use super::containers::ContainerTable;
use super::identity::{Identity, IdentityReader};
use super::positions::Locator;
use super::{fold_space, max_output, HtmlBlock, Refused};
use crate::model::{Container, ContainerId, SkippedText, StructureHints};
use scraper::node::Element;
use scraper::{ElementRef, Node};
use std::ops::Range;

/// What the walk read from a page: its title, its text blocks in document order and the
/// table of the elements that contain them.
pub(super) struct Walked {
    pub title: Option<String>,
    pub meta_title: Option<String>,
    pub ld_article_body: Option<String>,
    pub blocks: Vec<HtmlBlock>,
    pub containers: Vec<Container>,
    pub skipped: Vec<SkippedText>,
    pub identity: Identity,
}

/// Walks the page under `root` (its `<html>` element); `source` is the HTML it was parsed
/// from, for the blocks' spans. Refuses a page whose blocks and hints outgrow [`max_output`].
pub(super) fn walk(source: &str, root: ElementRef<'_>) -> Result<Walked, Refused> {
    let mut walker = Walker::new(source);
    walker.walk(root);
    walker.flush();
    if walker.output > walker.output_cap {
        return Err(Refused::Output { limit: walker.output_cap, bytes: source.len() });
    }
    Ok(Walked {
        title: walker.title,
        meta_title: walker.meta_title,
        ld_article_body: walker.ld_article_body,
        blocks: walker.blocks,
        containers: walker.containers.into_vec(),
        skipped: walker.skipped,
        identity: walker.identity.finish(),
    })
}

/// Elements that start and end a block.
#[rustfmt::skip]
const BLOCK_TAGS: [&str; 48] = [
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "dd", "dt", "blockquote", "figcaption", "figure",
    "caption", "pre", "div", "section", "article", "header", "footer", "nav", "aside", "main", "table", "thead",
    "tbody", "tfoot", "tr", "address", "ul", "ol", "dl", "menu", "form", "fieldset", "legend", "hr", "center",
    "details", "summary", "dialog", "hgroup", "option", "optgroup", "html", "body",
];

/// The name of a block element as a `&'static str`, for the container table, which outlives
/// the document; `None` for any other element.
fn block_tag(tag: &str) -> Option<&'static str> {
    BLOCK_TAGS.iter().copied().find(|t| *t == tag)
}

/// Class names that hide an element from view and keep it for screen readers only (labels of
/// icons and form fields, "Image caption," prefixes).
#[rustfmt::skip]
const SCREEN_READER_ONLY: [&str; 6] = [
    "sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text", "screenreader-only", "u-visually-hidden",
];

/// An element a reader does not see: the `hidden` attribute, an inline `display: none`, or a
/// screen-reader-only class.
fn is_hidden(element: &Element) -> bool {
    if element.attr("hidden").is_some() {
        return true;
    }
    let style = element.attr("style").unwrap_or("");
    if !style.is_empty() {
        let compact: String = style.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        if compact.contains("display:none") {
            return true;
        }
    }
    element.attr("class").is_some_and(|classes| {
        classes.split_whitespace().any(|c| SCREEN_READER_ONLY.iter().any(|h| c.eq_ignore_ascii_case(h)))
    })
}

/// Elements whose content a reader does not see as page text. Media fallback content
/// (`video`, `audio`, `canvas`, `object`) is only shown by browsers that cannot play it.
#[rustfmt::skip]
fn is_skipped_tag(tag: &str) -> bool {
    matches!(
        tag,
        "head" | "script" | "style" | "noscript" | "template" | "iframe" | "svg" | "math" | "video" | "audio"
            | "canvas" | "object"
    )
}

/// One open element on the walk's stack.
///
/// What a block needs from its ancestors is kept incrementally in each frame (flags so far,
/// the innermost block frame, the nearest frame with a class or id), so that a block's
/// hints cost the same however deeply the page nests its elements.
struct Frame<'d> {
    /// Identifies the element among all frames ever opened (for the inline-enclosure check).
    serial: usize,
    element: &'d Element,
    tag: &'d str,
    /// Lower-cased `class` then `id` tokens, space-joined; may be empty.
    class_id: String,
    /// The length of the `class` tokens at the start of `class_id`.
    class_end: usize,
    /// The element's name if it is a block element.
    block: Option<&'static str>,
    /// Its entry in the container table, once a block inside it has text.
    container: Option<ContainerId>,
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

struct Walker<'s, 'd> {
    locator: Locator<'s>,
    stack: Vec<Frame<'d>>,
    entered: Vec<Entered>,
    serial: usize,
    skip_depth: usize,
    link_depth: usize,
    button_depth: usize,
    pending: Pending,
    blocks: Vec<HtmlBlock>,
    containers: ContainerTable,
    title: Option<String>,
    meta_title: Option<String>,
    ld_article_body: Option<String>,
    /// Bytes of block text and hints so far, and the most allowed: past it the walk stops.
    output: usize,
    output_cap: usize,
    /// The `svg` or `math` element being skipped, with its text so far: not page text, but
    /// kept so that its removal is audited.
    skipping: Option<(&'static str, String)>,
    skipped: Vec<SkippedText>,
    /// What the page says about its URL, its other editions and its date.
    identity: IdentityReader,
}

impl<'s, 'd> Walker<'s, 'd> {
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
            containers: ContainerTable::default(),
            title: None,
            meta_title: None,
            ld_article_body: None,
            output: 0,
            output_cap: max_output(source.len()),
            skipping: None,
            skipped: Vec::new(),
            identity: IdentityReader::default(),
        }
    }

    /// Walks the subtree of `root` in document order without recursion: malformed pages can
    /// nest elements thousands deep, which would overflow the stack of a recursive walk.
    fn walk(&mut self, root: ElementRef<'d>) {
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
            if self.output > self.output_cap {
                return;
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
    fn enter(&mut self, node: ego_node::NodeRef<'d>) -> bool {
        match node.value() {
            Node::Text(text) => {
                self.text(text);
                false
            }
            Node::Element(element) => {
                let tag = element.name();
                self.identity.element(node, element);
                match tag {
                    "meta" => self.meta(element),
                    "script" => self.json_ld(node, element),
                    _ => {}
                }
                let action = if tag == "title" {
                    // The first HTML title (an SVG's <title> is a tooltip, not the page's).
                    let in_svg = node
                        .ancestors()
                        .any(|a| a.value().as_element().is_some_and(|e| matches!(e.name(), "svg" | "math")));
                    if in_svg {
                        // An SVG's tooltip: audited with the drawing's other text.
                        if let Some((_, text)) = &mut self.skipping {
                            for t in node.children().filter_map(|c| c.value().as_text().map(|t| &**t)) {
                                text.push_str(t);
                                text.push(' ');
                            }
                        }
                    } else if self.title.is_none() {
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
                } else if is_skipped_tag(tag) || is_hidden(element) {
                    self.skip_depth += 1;
                    self.skipping = match tag {
                        "svg" => Some(("svg", String::new())),
                        "math" => Some(("math", String::new())),
                        _ => None,
                    };
                    Entered::Skip
                } else {
                    let block = block_tag(tag);
                    if block.is_some() {
                        self.flush();
                    }
                    let role = element.attr("role").unwrap_or("").trim().to_ascii_lowercase();
                    let link = tag == "a" && element.attr("href").is_some();
                    let button = tag == "button" || role == "button";
                    self.link_depth += usize::from(link);
                    self.button_depth += usize::from(button);
                    // Class and id are lowered apart so that a container can tell them apart;
                    // the hints read them joined, as `class id`.
                    let mut class_id = lower_tokens(element.attr("class").unwrap_or(""));
                    let class_end = class_id.len();
                    let id = lower_tokens(element.attr("id").unwrap_or(""));
                    if !class_id.is_empty() && !id.is_empty() {
                        class_id.push(' ');
                    }
                    class_id.push_str(&id);
                    self.serial += 1;
                    let index = self.stack.len();
                    let parent = self.stack.last();
                    let frame = Frame {
                        serial: self.serial,
                        element,
                        tag,
                        context: parent.map(|p| p.context).unwrap_or_default().inside(tag, &role),
                        block_at: if block.is_some() { Some(index) } else { parent.and_then(|p| p.block_at) },
                        classed_at: if class_id.is_empty() { parent.and_then(|p| p.classed_at) } else { Some(index) },
                        class_id,
                        class_end,
                        block,
                        container: None,
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
                if self.stack.last().is_some_and(|f| f.block.is_some()) {
                    self.flush();
                }
                self.link_depth -= usize::from(link);
                self.button_depth -= usize::from(button);
                if let Some(container) = self.stack.pop().and_then(|f| f.container) {
                    self.containers.close(container);
                }
            }
            Some(Entered::Skip) => {
                self.skip_depth -= 1;
                if let Some((element, text)) = self.skipping.take() {
                    let text = fold_space(&text);
                    if !text.is_empty() {
                        self.output = self.output.saturating_add(text.len());
                        // The block being read, or the next one: where the drawing sat.
                        self.skipped.push(SkippedText { element, text, block: self.blocks.len() });
                    }
                }
            }
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
            if let Some((_, skipped)) = &mut self.skipping {
                // Separate text elements (`<text>`, `<tspan>`, `<mi>`) are separate words.
                skipped.push_str(text);
                skipped.push(' ');
            }
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
        let mut hints = self.hints(&pending);
        let container = self.block_container().unwrap_or_else(|| self.containers.outside_blocks());
        hints.container = Some(container);
        self.output = self.output.saturating_add(pending.text.len() + hints.class_id.len());
        self.containers.count(container, pending.chars, pending.link_chars);
        self.blocks.push(HtmlBlock { text: pending.text, span: pending.span.unwrap_or(0..0), hints, container });
    }

    /// The container of the current block's element, opening entries for it and for the
    /// block elements around it that have none yet; `None` outside any block element.
    fn block_container(&mut self) -> Option<ContainerId> {
        // The block frames from the current one outwards up to the first with an entry.
        let mut missing = Vec::new();
        let mut container = None;
        let mut at = self.stack.last().and_then(|f| f.block_at);
        while let Some(b) = at {
            let Some(frame) = self.stack.get(b) else { break };
            if frame.container.is_some() {
                container = frame.container;
                break;
            }
            missing.push(b);
            // The next block frame outwards is the innermost one among the parent's.
            at = b.checked_sub(1).and_then(|parent| self.stack.get(parent)).and_then(|p| p.block_at);
        }
        // Open them outermost first, so that parents precede their children in the table.
        for b in missing.into_iter().rev() {
            let Some(frame) = self.stack.get_mut(b) else { continue };
            let Some(tag) = frame.block else { continue };
            let (classes, id) = frame.class_id.split_at(frame.class_end);
            let attr = |name: &str| frame.element.attr(name).unwrap_or("").trim().to_ascii_lowercase();
            let (role, itemprop) = (attr("role"), attr("itemprop"));
            let id = self.containers.open(container, tag, classes, id.trim_start(), role, itemprop);
            frame.container = Some(id);
            container = Some(id);
        }
        container
    }

    /// The page's declared headline, from `og:title` (or `twitter:title`), the first found.
    fn meta(&mut self, element: &Element) {
        let key = element.attr("property").or_else(|| element.attr("name")).unwrap_or("");
        if self.meta_title.is_none()
            && (key.eq_ignore_ascii_case("og:title") || key.eq_ignore_ascii_case("twitter:title"))
        {
            let title = fold_space(element.attr("content").unwrap_or(""));
            self.meta_title = (!title.is_empty()).then_some(title);
        }
    }

    /// The `articleBody` of a JSON-LD block, kept if longer than one seen before. Metadata
    /// that does not parse is ignored: pages often ship it broken.
    fn json_ld(&mut self, node: ego_node::NodeRef<'d>, element: &Element) {
        if !element.attr("type").is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) {
            return;
        }
        let mut json = String::new();
        for text in node.children().filter_map(|c| c.value().as_text().map(|t| &**t)) {
            json.push_str(text);
        }
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&json) else { return };
        self.identity.json_ld(&value);
        if let Some(body) = longest_article_body(&value) {
            let body = fold_space(&htmlize::unescape(body));
            if self.ld_article_body.as_ref().is_none_or(|b| b.len() < body.len()) {
                self.ld_article_body = Some(body);
            }
        }
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
            tag: block.map_or_else(|| "body".to_owned(), |f| f.tag.to_owned()),
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
            container: None,
        }
    }
}

/// The longest `articleBody` string anywhere in a JSON-LD value (`@graph` arrays and nested
/// objects included). Iterative, so that deeply nested metadata cannot overflow the stack.
fn longest_article_body(value: &serde_json::Value) -> Option<&str> {
    let mut best: Option<&str> = None;
    let mut todo = vec![value];
    while let Some(v) = todo.pop() {
        match v {
            serde_json::Value::Object(map) => {
                for (key, v) in map {
                    match v {
                        serde_json::Value::String(s) if key == "articleBody" => {
                            if best.is_none_or(|b| b.len() < s.len()) {
                                best = Some(s);
                            }
                        }
                        _ => todo.push(v),
                    }
                }
            }
            serde_json::Value::Array(items) => todo.extend(items),
            _ => {}
        }
    }
    best
}

/// The white-space separated tokens of `value`, lower-cased and joined by single spaces.
/// Lower-cases only when needed: most class names and ids are lower-case ASCII already.
fn lower_tokens(value: &str) -> String {
    let mut tokens = value.split_whitespace();
    let Some(first) = tokens.next() else { return String::new() };
    let mut joined = first.to_owned();
    for token in tokens {
        joined.push(' ');
        joined.push_str(token);
    }
    if joined.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        joined
    } else {
        joined.to_lowercase()
    }
}

/// The tree node type of scraper's documents, named through scraper's own API so that
/// this module needs no direct dependency on `ego-tree`.
pub(super) mod ego_node {
    /// A reference to one node of a parsed document.
    pub type NodeRef<'a> = <scraper::ElementRef<'a> as std::ops::Deref>::Target;
}
