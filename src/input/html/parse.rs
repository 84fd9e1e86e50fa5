//! The HTML5 parse, with caps that keep its time and memory linear in the page's size.
//!
//! Two shapes of small page make html5ever's tree builder do far more work than their size
//! (measured with html5ever 0.40 through scraper 0.29, parse alone):
//!
//! - unclosed formatting elements with distinct attributes (`<b class=a1><i class=a2>…`)
//!   followed by paragraphs: the parser reopens ("reconstructs") every one of them in every
//!   new paragraph, so 1,000 of them and 17,300 `<p>` (241 kB) built 17 million nodes
//!   (15 s, 3 GB);
//! - deep nesting: for every start tag the parser searches its stack of open elements (for
//!   a `<p>` to close), so 100,000 nested `<div>`s (1.1 MB) took 30–80 s, the square of the
//!   depth.
//!
//! The page is fed to the parser in small pieces; after each piece the parser's stack (its
//! open elements plus the formatting elements it will reopen) and the number of nodes built
//! so far are checked against the caps, and past one the parse stops and the page is
//! refused. A piece adds at most a few dozen elements, so neither can run far past its cap.

use super::Refused;
use html5ever::tendril::TendrilSink;
use html5ever::tree_builder::{Tracer, TreeSink};
use scraper::{Html, HtmlTreeSink};
use std::cell::Cell;

/// Most entries in the parser's stack of open elements and list of formatting elements to
/// reopen, together. Real pages stay under 40 (the deepest of 700 pages measured: 33);
/// browsers stop nesting at 512 elements (Chromium's parser).
pub const MAX_PARSER_STACK: usize = 1024;

/// Most nodes the parser may build: one per two bytes of source, plus this many. Markup
/// without copies cannot exceed it (every element takes at least three bytes, every text
/// node one); real pages build one node per 15 bytes or more.
pub const MAX_NODES_BASE: usize = 65_536;

/// Bytes fed to the parser between two checks.
const PIECE: usize = 256;

/// The most nodes a page of `bytes` bytes may build.
pub fn max_nodes(bytes: usize) -> usize {
    bytes / 2 + MAX_NODES_BASE
}

/// Parses a whole page as a browser would, or refuses it past a cap.
pub(super) fn parse(source: &str) -> Result<Html, Refused> {
    let node_cap = max_nodes(source.len());
    let mut parser = html5ever::driver::parse_document(HtmlTreeSink::new(Html::new_document()), Default::default());
    let mut at = 0;
    while at < source.len() {
        let mut end = (at + PIECE).min(source.len());
        while !source.is_char_boundary(end) {
            end += 1;
        }
        parser.process(source[at..end].into());
        at = end;
        let stack = Count(Cell::new(0));
        parser.tokenizer.sink.trace_handles(&stack);
        if stack.0.get() > MAX_PARSER_STACK {
            return Err(Refused::Depth { limit: MAX_PARSER_STACK });
        }
        if parser.tokenizer.sink.sink.0.borrow().tree.nodes().len() > node_cap {
            return Err(Refused::Nodes { limit: node_cap, bytes: source.len() });
        }
    }
    Ok(parser.finish())
}

/// Counts the handles the tree builder holds: its document, open elements, formatting
/// elements, and the few single ones (`<head>`, `<form>`).
struct Count(Cell<usize>);

impl Tracer for Count {
    type Handle = <HtmlTreeSink as TreeSink>::Handle;

    fn trace_handle(&self, _: &Self::Handle) {
        self.0.set(self.0.get() + 1);
    }
}
