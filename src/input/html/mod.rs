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
//!   `svg`, media fallback content and elements with a `hidden` attribute are skipped; the
//!   text of `svg` and `math` is kept beside the blocks ([`HtmlPage::skipped`]) so that its
//!   removal is audited.
//!
//! Each block keeps [`StructureHints`] (tag, classes, navigation/footer/link context) for
//! the boilerplate stage, the [`Container`] (its block element) it is in, and a best-effort
//! span pointing back into the HTML source. The page's containers form a table of the block
//! elements that hold text, with their parents, names and text and link-text counts: facts
//! for a later stage to weigh, none of which changes the blocks.
//!
//! This file holds the page types and [`parse_html`]; `walk.rs` the DOM walk that makes the
//! blocks and their hints, `containers.rs` the container table it fills as it goes,
//! `identity.rs` what the page says about its URL, its other-language editions, its date and
//! its author, `positions.rs` the search for each block's span in the source.

mod containers;
mod identity;
mod parse;
mod positions;
#[cfg(test)]
mod tests;
mod walk;

use crate::model::{Alternate, Container, ContainerId, SkippedText, StructureHints};
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
    /// Its block element's entry in [`HtmlPage::containers`].
    pub container: ContainerId,
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
    /// The elements that hold the blocks, parents before children; [`ContainerId`]s index it.
    pub containers: Vec<Container>,
    /// The headline declared in the page's metadata (`og:title`), if any.
    pub meta_title: Option<String>,
    /// The `articleBody` of the page's JSON-LD metadata, white space folded, if any.
    pub ld_article_body: Option<String>,
    /// The text of `svg` and `math` elements, which is not read into blocks; `block` indexes
    /// [`HtmlPage::blocks`].
    pub skipped: Vec<SkippedText>,
    /// The URL the page names as its own (`<link rel="canonical">`, else `og:url`), relative
    /// ones resolved against `<base href>`; `None` if absent, empty or over 2,048 bytes.
    pub canonical_url: Option<String>,
    /// The other-language editions the page links (`<link rel="alternate" hreflang>`),
    /// relative ones resolved against `<base href>` or the canonical URL; at most 64.
    pub alternates: Vec<Alternate>,
    /// The publication date or time as written, from the most trusted source the page has
    /// (see [`DomFacts::published`](crate::DomFacts::published)).
    pub published: Option<String>,
    /// Who the page says wrote it, from the most trusted source the page has (see
    /// [`DomFacts::author`](crate::DomFacts::author)).
    pub author: Option<String>,
}

/// Why a page was refused: its markup would make the parse or the walk grow faster than
/// its size (see `parse.rs`). Each names the cap it hit.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// The parser's stack of open elements and formatting elements to reopen grew past
    /// `MAX_PARSER_STACK`.
    #[error(
        "the markup nests elements more than {limit} deep (open elements plus the unclosed formatting \
         elements the parser reopens in every paragraph); refused, no article page does"
    )]
    Depth {
        /// The cap.
        limit: usize,
    },
    /// The parser built more nodes than `max_nodes` allows for the page's size.
    #[error(
        "the HTML parser built more than {limit} nodes from {bytes} bytes (one per two bytes plus 65,536); \
         refused, unclosed formatting elements are copied into every paragraph"
    )]
    Nodes {
        /// The cap for this page.
        limit: usize,
        /// The page's size.
        bytes: usize,
    },
    /// The blocks' text and hints grew past `max_output` for the page's size.
    #[error(
        "the page's blocks and their markup hints grew past {limit} bytes from {bytes} bytes of HTML (four times \
         its size plus 1 MiB); refused, its class names are repeated into every block"
    )]
    Output {
        /// The cap for this page.
        limit: usize,
        /// The page's size.
        bytes: usize,
    },
}

/// Most bytes of block text and hints ([`StructureHints::class_id`]) a page of `bytes`
/// bytes may give: four times its size plus 1 MiB. Real pages give at most about their
/// size (the most of 700 pages measured: 1.15 times); markup that names many classes around
/// every block would give the square of its size, since each block repeats the classes of
/// all the elements around it.
pub fn max_output(bytes: usize) -> usize {
    bytes.saturating_mul(4).saturating_add(1 << 20)
}

/// Parses an HTML page into its text blocks. The HTML5 parser accepts any input, as
/// browsers do; only markup that would make the parse grow faster than the page's size is
/// refused (see [`Refused`]).
pub fn parse_html(source: &str) -> Result<HtmlPage, Refused> {
    let document = parse::parse(source)?;
    let root = document.root_element();
    let lang = root.value().attr("lang").map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned);
    let walked = walk::walk(source, root)?;
    Ok(HtmlPage {
        title: walked.title,
        lang,
        blocks: walked.blocks,
        containers: walked.containers,
        meta_title: walked.meta_title,
        ld_article_body: walked.ld_article_body,
        skipped: walked.skipped,
        canonical_url: walked.identity.canonical_url,
        alternates: walked.identity.alternates,
        published: walked.identity.published,
        author: walked.identity.author,
    })
}
/// Folds every run of white space to one space and trims.
fn fold_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
