//! HTML pages: the text blocks a reader sees, with what the DOM says about each.
//!
//! The page is parsed by an HTML5 parser (html5ever, through `scraper`), so unclosed `<p>`
//! and `<li>`, stray end tags and misnested inline elements become the tree a browser
//! would build. The tree is then walked in document order:
//!
//! - block-level elements (`p`, `h1`–`h6`, `li`, `td`, `div`, `section`, …) start a new
//!   block, and their text is not repeated in their parent's block;
//! - inline elements (`a`, `span`, `b`, `font`, `button`, …) are flattened into the
//!   current block;
//! - two or more consecutive `<br>` split a block (Korean portals put a whole article in one
//!   `<div>` with paragraphs separated by `<br><br>`); a single `<br>` is a space;
//! - `<head>` (except its `<title>`), `script`, `style`, `noscript`, `template`, `iframe`,
//!   `svg`, media fallback content and elements with a `hidden` attribute are skipped.
//!
//! Each block keeps [`StructureHints`] (tag, classes, navigation/footer/link context) for
//! the boilerplate stage, and a best-effort span pointing back into the HTML source.

use crate::model::StructureHints;
use scraper::{ElementRef, Html, Node};
use std::ops::Range;

/// One text block of a page.
#[derive(Clone, Debug, PartialEq)]
pub struct HtmlBlock {
    /// The block's text: inline elements flattened, white space folded to single spaces and
    /// trimmed, entities decoded (not yet normalised further).
    pub text: String,
    /// Best-effort byte range in the HTML source of the block's first text node (as written
    /// in the source, so entities are still encoded there); `0..0` if it was not found.
    pub span: Range<usize>,
    /// What the DOM says about the block.
    pub hints: StructureHints,
}

/// A parsed page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HtmlPage {
    /// The `<title>`, white space folded; `None` if absent or empty.
    pub title: Option<String>,
    /// The `lang` attribute of `<html>` as written (`"ko"`, `"en-US"`); `None` if absent or empty.
    pub lang: Option<String>,
    /// The text blocks in document order.
    pub blocks: Vec<HtmlBlock>,
}

/// Parses an HTML page into its text blocks. Never fails: the HTML5 parser accepts any
/// input, as browsers do.
pub fn parse_html(source: &str) -> HtmlPage {
    let document = Html::parse_document(source);
    let root = document.root_element();
    let lang = root.value().attr("lang").map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned);
    let mut walker = Walker::new(source);
    walker.walk(root);
    walker.flush();
    HtmlPage { title: walker.title, lang, blocks: walker.blocks }
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

/// Folds every run of white space to one space and trims.
fn fold_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Finds text nodes in the HTML source, moving forward through it as the walk does.
///
/// A text node's text has its entities decoded and its CR LF folded by the parser, so it
/// is matched against the source with `&...;` entities decoded and any run of white space
/// matching any other. Matches must lie in text content, not inside a tag (an `alt` or
/// `content` attribute often repeats a paragraph). The total scanning work is bounded
/// (a few passes over the source): past that, spans are given up rather than letting a
/// pathological page take quadratic time.
struct Locator<'s> {
    source: &'s str,
    cursor: usize,
    budget: usize,
}

impl<'s> Locator<'s> {
    fn new(source: &'s str) -> Self {
        Locator { source, cursor: 0, budget: source.len().saturating_mul(8).saturating_add(1 << 16) }
    }

    fn spend(&mut self, scanned: usize) -> bool {
        self.budget = self.budget.saturating_sub(scanned);
        self.budget > 0
    }

    /// The source range of `text` (a trimmed text node), searching from the cursor; moves
    /// the cursor past it when found.
    fn find(&mut self, text: &str) -> Option<Range<usize>> {
        let first = text.chars().next()?;
        let tail = self.source.get(self.cursor..)?;
        if self.budget == 0 {
            return None;
        }
        let wanted: Vec<char> = text.chars().collect();
        for (offset, _) in tail.match_indices([first, '&']) {
            let start = self.cursor + offset;
            let Some(end) = match_decoded(self.source, start, &wanted) else { continue };
            if in_text_content(self.source, start) {
                let spent = end - self.cursor;
                self.cursor = end;
                self.spend(spent);
                return Some(start..end);
            }
        }
        self.spend(tail.len());
        None
    }

    /// Moves the cursor past the raw text (no entities) of a skipped element such as a
    /// script or style, so that text inside it is not mistaken for a later block's.
    fn skip_raw(&mut self, text: &str) {
        let text = text.trim();
        let Some(first_line) = text.lines().next().filter(|l| !l.is_empty()) else { return };
        let Some(tail) = self.source.get(self.cursor..) else { return };
        if self.budget == 0 {
            return;
        }
        for (offset, _) in tail.match_indices(first_line) {
            let start = self.cursor + offset;
            if let Some(end) = match_raw(self.source, start, text).filter(|_| in_text_content(self.source, start)) {
                let spent = end - self.cursor;
                self.cursor = end;
                self.spend(spent);
                return;
            }
        }
        self.spend(tail.len());
    }
}

/// The end of `text` written raw (no entities) at `start` in `source`, where the source
/// may have CR LF or CR for the parser's LF.
fn match_raw(source: &str, start: usize, text: &str) -> Option<usize> {
    let bytes = source.as_bytes();
    let mut at = start;
    for &b in text.as_bytes() {
        match bytes.get(at) {
            Some(&s) if s == b => at += 1,
            Some(b'\r') if b == b'\n' => at += if bytes.get(at + 1) == Some(&b'\n') { 2 } else { 1 },
            _ => return None,
        }
    }
    Some(at)
}

/// One character of source text as the parser reads it.
enum Unit {
    Char(char),
    /// A decoded character reference (usually one character, a few expand to two).
    Decoded(String),
}

impl Unit {
    fn is_space(&self) -> bool {
        match self {
            Unit::Char(c) => c.is_whitespace(),
            Unit::Decoded(s) => !s.is_empty() && s.chars().all(char::is_whitespace),
        }
    }
}

/// Reads the unit at `at`: a character reference (with or without the semicolon, as
/// browsers accept for the legacy names), a line break (CR LF and CR read as LF), or a
/// character. Returns it with the offset after it.
fn read_unit(source: &str, at: usize) -> Option<(Unit, usize)> {
    let rest = source.get(at..)?;
    let c = rest.chars().next()?;
    match c {
        '&' => {
            let name_len = rest[1..].bytes().take(32).take_while(|b| b.is_ascii_alphanumeric() || *b == b'#').count();
            if name_len > 0 {
                let with_semicolon = rest.as_bytes().get(1 + name_len) == Some(&b';');
                let reference = &rest[..1 + name_len + usize::from(with_semicolon)];
                let decoded = htmlize::unescape(reference);
                if decoded != reference {
                    // Without a semicolon only a prefix may be a reference (`&nbspX` is
                    // U+00A0 then `X`): the literal tail is what both strings end with.
                    let tail = if with_semicolon { 0 } else { common_suffix_len(reference, &decoded) };
                    let decoded = &decoded[..decoded.len() - tail];
                    return Some((Unit::Decoded(decoded.to_owned()), at + reference.len() - tail));
                }
            }
            Some((Unit::Char('&'), at + 1))
        }
        '\r' => Some((Unit::Char('\n'), at + if rest.as_bytes().get(1) == Some(&b'\n') { 2 } else { 1 })),
        _ => Some((Unit::Char(c), at + c.len_utf8())),
    }
}

/// The length in bytes of the longest common suffix of `a` and `b` that leaves at least
/// the `&` of `a` (whole characters only).
fn common_suffix_len(a: &str, b: &str) -> usize {
    a[1..].chars().rev().zip(b.chars().rev()).take_while(|(x, y)| x == y).map(|(x, _)| x.len_utf8()).sum()
}

/// The end of `text` (decoded, as the parser produced it) if the source at `start` reads as
/// it, with entities decoded and any run of white space matching any other.
fn match_decoded(source: &str, start: usize, text: &[char]) -> Option<usize> {
    let mut at = start;
    let mut i = 0;
    while i < text.len() {
        if text[i].is_whitespace() {
            while text.get(i).is_some_and(|c| c.is_whitespace()) {
                i += 1;
            }
            let mut seen = false;
            while let Some((_, next)) = read_unit(source, at).filter(|(u, _)| u.is_space()) {
                at = next;
                seen = true;
            }
            if !seen {
                return None;
            }
            continue;
        }
        let (unit, next) = read_unit(source, at)?;
        match unit {
            Unit::Char(c) => {
                if c != text[i] {
                    return None;
                }
                i += 1;
            }
            Unit::Decoded(s) => {
                for c in s.chars() {
                    if text.get(i) != Some(&c) {
                        return None;
                    }
                    i += 1;
                }
            }
        }
        at = next;
    }
    Some(at)
}

/// True when `at` is in text content: the nearest `<` or `>` before it is a `>`.
fn in_text_content(source: &str, at: usize) -> bool {
    source[..at].rfind(['<', '>']).is_none_or(|p| source.as_bytes()[p] == b'>')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(page: &HtmlPage) -> Vec<&str> {
        page.blocks.iter().map(|b| b.text.as_str()).collect()
    }

    fn block<'p>(page: &'p HtmlPage, text: &str) -> &'p HtmlBlock {
        page.blocks.iter().find(|b| b.text == text).unwrap_or_else(|| panic!("no block {text:?} in {:?}", texts(page)))
    }

    const SEMANTIC: &str = r#"<!doctype html>
<html lang="en-US"><head><meta charset="utf-8">
<title>  Lima talks
  end </title><style>p { color: red }</style></head>
<body>
<header><nav aria-label="main"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav></header>
<main><article class="Story-Body" id="story">
<h1>Lima talks end with a trade deal</h1>
<p>Leaders agreed on <a href="/apec">new rules</a> for trade &amp; investment.</p>
<p>The deal takes effect
   next year, officials said.</p>
<figure><img src="x.jpg" alt="Leaders agreed on new rules"><figcaption>Leaders pose in Lima.</figcaption></figure>
</article></main>
<footer><nav><a href="/about">About us</a> | <a href="/terms">Terms</a></nav><p>&copy; 2024 Daily News</p></footer>
<script>var p = "<p>Lima talks end with a trade deal</p>";</script>
</body></html>"#;

    #[test]
    fn semantic_page_blocks_and_title() {
        let page = parse_html(SEMANTIC);
        assert_eq!(page.title.as_deref(), Some("Lima talks end"));
        assert_eq!(page.lang.as_deref(), Some("en-US"));
        assert_eq!(
            texts(&page),
            vec![
                "Home",
                "World",
                "Lima talks end with a trade deal",
                "Leaders agreed on new rules for trade & investment.",
                "The deal takes effect next year, officials said.",
                "Leaders pose in Lima.",
                "About us | Terms",
                "© 2024 Daily News",
            ]
        );
    }

    #[test]
    fn semantic_page_hints() {
        let page = parse_html(SEMANTIC);
        let home = &block(&page, "Home").hints;
        assert!(home.in_link && home.in_nav && home.in_header && !home.in_footer);
        assert_eq!(home.tag, "li");
        assert_eq!(home.link_density, 1.0);

        let h1 = &block(&page, "Lima talks end with a trade deal").hints;
        assert!(h1.heading && !h1.in_link && !h1.in_nav);
        assert_eq!(h1.tag, "h1");
        assert_eq!(h1.class_id, "story-body story");

        let lead = &block(&page, "Leaders agreed on new rules for trade & investment.").hints;
        assert!(!lead.in_link && !lead.heading);
        let expected = "newrules".len() as f32 / "Leadersagreedonnewrulesfortrade&investment.".len() as f32;
        assert!((lead.link_density - expected).abs() < 1e-6, "{}", lead.link_density);

        let caption = &block(&page, "Leaders pose in Lima.").hints;
        assert!(caption.in_figure);
        assert_eq!(caption.tag, "figcaption");

        let footer_links = &block(&page, "About us | Terms").hints;
        assert!(footer_links.in_footer && footer_links.in_nav && !footer_links.in_link);
        assert!(footer_links.link_density > 0.9 && footer_links.link_density < 1.0);
        let copyright = &block(&page, "© 2024 Daily News").hints;
        assert!(copyright.in_footer && !copyright.in_nav);
    }

    #[test]
    fn spans_point_at_the_source_text() {
        let page = parse_html(SEMANTIC);
        for b in &page.blocks {
            assert!(!b.span.is_empty(), "no span for {:?}", b.text);
        }
        // The headline is found in the body, not in the <title>, the alt text or the script.
        let h1 = block(&page, "Lima talks end with a trade deal");
        assert_eq!(&SEMANTIC[h1.span.clone()], "Lima talks end with a trade deal");
        assert!(SEMANTIC[..h1.span.start].ends_with("<h1>"));
        // Entities and folded white space are matched as written.
        let lead = block(&page, "Leaders agreed on new rules for trade & investment.");
        assert_eq!(&SEMANTIC[lead.span.clone()], "Leaders agreed on");
        let caption = block(&page, "Leaders pose in Lima.");
        assert!(SEMANTIC[..caption.span.start].ends_with("<figcaption>"));
        assert_eq!(&SEMANTIC[block(&page, "© 2024 Daily News").span.clone()], "&copy; 2024 Daily News");
        let second = block(&page, "The deal takes effect next year, officials said.");
        assert_eq!(&SEMANTIC[second.span.clone()], "The deal takes effect\n   next year, officials said.");
        // Spans are in document order.
        assert!(page.blocks.windows(2).all(|w| w[0].span.start < w[1].span.start));
    }

    #[test]
    fn headline_repeating_an_escaped_title_is_located_in_the_body() {
        let html = "<html><head><title>Pelosi calls Kavanaugh &quot;hysterical&quot;</title>\
                    <meta name=description content='Pelosi calls Kavanaugh \"hysterical\"'></head>\
                    <body><h3>Pelosi calls Kavanaugh &quot;hysterical&quot;</h3></body></html>";
        let page = parse_html(html);
        assert_eq!(page.title.as_deref(), Some("Pelosi calls Kavanaugh \"hysterical\""));
        let span = page.blocks[0].span.clone();
        assert!(html[..span.start].ends_with("<h3>"), "{span:?}");
        assert_eq!(&html[span], "Pelosi calls Kavanaugh &quot;hysterical&quot;");
    }

    #[test]
    fn references_without_semicolons_are_located() {
        let html = "<p>Tom &amp Jerry&nbspX &ampamp; &copy2024</p>";
        let page = parse_html(html);
        assert_eq!(texts(&page), vec!["Tom & Jerry X &amp; ©2024"]);
        assert_eq!(&html[page.blocks[0].span.clone()], "Tom &amp Jerry&nbspX &ampamp; &copy2024");
    }

    #[test]
    fn crlf_source_is_located() {
        let html = "<html><body>\r\n<p>첫 줄\r\n둘째 줄</p>\r\n<p>셋째 &quot;줄&quot;</p></body></html>";
        let page = parse_html(html);
        assert_eq!(texts(&page), vec!["첫 줄 둘째 줄", "셋째 \"줄\""]);
        assert_eq!(&html[page.blocks[0].span.clone()], "첫 줄\r\n둘째 줄");
        assert_eq!(&html[page.blocks[1].span.clone()], "셋째 &quot;줄&quot;");
    }

    const PORTAL: &str = "<html><head><title>포털 기사</title></head><body><table><tr><td>\
<div id=\"gnb\"><a href=\"/\">정치 | 경제 | 사회</a></div>\
<div id=\"articleBody\" class=\"news_body\">서울 시내 기온이 영하로 떨어졌다.<br>\n첫 한파다.<br><br>\n\
<a href=\"#\" class=\"btn\">(사진=뉴스)</a><br> <br>\n\
<a href=\"#\" class=\"btn\">닫기</a><br><br><br>\
기상청은 내일 더 추워진다고 밝혔다.<br>&nbsp;<br>\
<span class=\"copy\">Copyright &#169; 뉴스. <b>무단</b> 전재 금지.</span></div>\
</td><td class=\"side\">많이 본 뉴스</td></tr></table></body></html>";

    #[test]
    fn portal_page_splits_at_double_br() {
        let page = parse_html(PORTAL);
        assert_eq!(
            texts(&page),
            vec![
                "정치 | 경제 | 사회",
                "서울 시내 기온이 영하로 떨어졌다. 첫 한파다.",
                "(사진=뉴스)",
                "닫기",
                "기상청은 내일 더 추워진다고 밝혔다.",
                "Copyright © 뉴스. 무단 전재 금지.",
                "많이 본 뉴스",
            ]
        );
        let close = &block(&page, "닫기").hints;
        assert!(close.in_link && !close.in_button);
        assert_eq!(close.tag, "div");
        assert_eq!(close.class_id, "btn news_body articlebody");
        let body = &block(&page, "서울 시내 기온이 영하로 떨어졌다. 첫 한파다.").hints;
        assert!(!body.in_link && body.link_density == 0.0);
        assert_eq!(body.class_id, "news_body articlebody");
        assert_eq!(block(&page, "Copyright © 뉴스. 무단 전재 금지.").hints.class_id, "copy news_body articlebody");
        assert_eq!(block(&page, "정치 | 경제 | 사회").hints.class_id, "gnb");
        assert_eq!(block(&page, "많이 본 뉴스").hints.tag, "td");
        assert_eq!(block(&page, "많이 본 뉴스").hints.class_id, "side");
        let close_block = block(&page, "닫기");
        assert_eq!(&PORTAL[close_block.span.clone()], "닫기");
    }

    #[test]
    fn unclosed_p_and_li_are_closed_like_browsers() {
        let page = parse_html("<body><p>First<p>Second<ul><li>One<li>Two</ul><p>Third");
        assert_eq!(texts(&page), vec!["First", "Second", "One", "Two", "Third"]);
        assert_eq!(block(&page, "Two").hints.tag, "li");
    }

    #[test]
    fn script_style_and_hidden_are_skipped() {
        let page = parse_html(
            "<body><script>document.write('x')</script><style>.a{}</style><noscript>Enable JS</noscript>\
             <p>Visible <span hidden>secret</span>text</p><template><p>T</p></template>\
             <svg><title>icon</title><text>svg text</text></svg><iframe>frame</iframe></body>",
        );
        assert_eq!(texts(&page), vec!["Visible text"]);
        assert_eq!(page.title, None);
    }

    #[test]
    fn nested_blocks_are_not_duplicated() {
        let page = parse_html("<div class=outer>Before<div class=inner><p>Deep</p></div>After <b>bold</b></div>");
        assert_eq!(texts(&page), vec!["Before", "Deep", "After bold"]);
        assert_eq!(block(&page, "Deep").hints.class_id, "inner outer");
        assert_eq!(block(&page, "After bold").hints.class_id, "outer");
    }

    #[test]
    fn inline_elements_flatten_without_extra_spaces() {
        let page = parse_html("<p>Sam<b>sung</b> <i>Elec</i>tronics<sup>1</sup>,<br>Seoul</p>");
        assert_eq!(texts(&page), vec!["Samsung Electronics1, Seoul"]);
    }

    #[test]
    fn buttons_are_flagged() {
        let page =
            parse_html("<div><button type=button>공유하기</button></div><div><span role=button>Close</span> now</div>");
        assert!(block(&page, "공유하기").hints.in_button);
        let partly = &block(&page, "Close now").hints;
        assert!(!partly.in_button && !partly.in_link);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = format!("{}deep text{}", "<div><span>".repeat(5_000), "</span></div>".repeat(5_000));
        let page = parse_html(&html);
        assert_eq!(texts(&page), vec!["deep text"]);
    }

    #[test]
    fn garbage_input_does_not_panic() {
        for html in
            ["", "<", "&", "&#xFFFFFFFF;", "<p>a &amp b &notin; c &#0;</p>", "</p></p><br><br>x", "\u{FFFD}<td>\r"]
        {
            let _ = parse_html(html);
        }
    }

    /// Checks every gold paragraph of the ntrex-dev evaluation set against the blocks of its
    /// page. The data is read at test time only; the test is skipped when it is absent.
    #[test]
    fn ntrex_dev_gold_paragraphs_are_blocks() {
        use crate::input::encoding::decode_html;
        use crate::normalize::normalize;
        let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/ntrex-dev/docs");
        let Ok(entries) = std::fs::read_dir(&docs) else {
            eprintln!("skipped: {} not found", docs.display());
            return;
        };
        let mut dirs: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_dir()).collect();
        dirs.sort();
        let (mut pages, mut paragraphs, mut failures) = (0, 0, Vec::new());
        let (mut legacy, mut blocks_seen, mut located) = (0, 0, 0);
        for dir in &dirs {
            let Ok(gold) = std::fs::read_to_string(dir.join("gold.json")) else { continue };
            let gold: serde_json::Value = serde_json::from_str(&gold).expect("gold.json parses");
            let dateline = normalize(gold["dateline"].as_str().unwrap_or(""));
            for side in ["ko", "en"] {
                let Ok(bytes) = std::fs::read(dir.join(format!("{side}.html"))) else { continue };
                let decoded = decode_html(&bytes).expect("page decodes");
                assert_eq!(decoded.replaced, 0, "{}/{side}.html", dir.display());
                legacy += usize::from(decoded.encoding != "UTF-8");
                let page = parse_html(&decoded.text);
                blocks_seen += page.blocks.len();
                for b in &page.blocks {
                    // A located span holds the block's first text as written in the source.
                    if let Some(written) = decoded.text.get(b.span.clone()).filter(|w| !w.is_empty()) {
                        located += 1;
                        assert!(
                            b.text.starts_with(&fold_space(&htmlize::unescape(written))),
                            "{written:?} vs {:?}",
                            b.text
                        );
                    }
                }
                let blocks: Vec<String> = page.blocks.iter().map(|b| normalize(&b.text)).collect();
                pages += 1;
                let mut dateline_used = side == "en" || dateline.is_empty();
                let beads = gold["beads"].as_array().map(Vec::as_slice).unwrap_or(&[]);
                for para in beads.iter().filter_map(|b| b[side].as_array()).flatten().filter_map(|p| p.as_str()) {
                    let para = normalize(para);
                    paragraphs += 1;
                    if blocks.contains(&para) {
                        continue;
                    }
                    // The first Korean paragraph may carry the wire dateline before it.
                    if !dateline_used && blocks.iter().any(|b| b.starts_with(&dateline) && b.ends_with(&para)) {
                        dateline_used = true;
                        continue;
                    }
                    failures.push(format!("{}/{side}: {para:?}", dir.display()));
                }
            }
        }
        eprintln!(
            "ntrex-dev HTML: {pages} pages ({legacy} legacy-encoded), {} of {paragraphs} gold paragraphs found as blocks; \
             {located} of {blocks_seen} blocks located in the source",
            paragraphs - failures.len()
        );
        assert!(failures.is_empty(), "{} missing:\n{}", failures.len(), failures.join("\n"));
        assert!(pages > 0);
    }
}
