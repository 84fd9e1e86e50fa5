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
//! the boilerplate stage, the [`Container`] (its block element) it is in, and a best-effort
//! span pointing back into the HTML source. The page's containers form a table of the block
//! elements that hold text, with their parents, names and text and link-text counts: facts
//! for a later stage to weigh, none of which changes the blocks.
//!
//! This file holds the page types and [`parse_html`]; `walk.rs` the DOM walk that makes the
//! blocks and their hints, `containers.rs` the container table it fills as it goes,
//! `positions.rs` the search for each block's span in the source.

mod containers;
mod positions;
#[cfg(test)]
mod tests;
mod walk;

use crate::model::{Container, ContainerId, StructureHints};
use scraper::Html;
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
}

/// Parses an HTML page into its text blocks. Never fails: the HTML5 parser accepts any
/// input, as browsers do.
pub fn parse_html(source: &str) -> HtmlPage {
    let document = Html::parse_document(source);
    let root = document.root_element();
    let lang = root.value().attr("lang").map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned);
    let walked = walk::walk(source, root);
    HtmlPage {
        title: walked.title,
        lang,
        blocks: walked.blocks,
        containers: walked.containers,
        meta_title: walked.meta_title,
        ld_article_body: walked.ld_article_body,
    }
}
/// Folds every run of white space to one space and trims.
fn fold_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
