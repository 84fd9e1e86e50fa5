//! Plain-text block extraction: arbitrary bytes through `page_from_bytes` (text, encoding
//! detected) and through `text_blocks_with` in every block mode on the bytes read as lossy
//! UTF-8. Errors from decoding are fine; panics and broken invariants are not.
#![no_main]

use koen_align::stages::{decode_text, normalize, page_from_bytes, text_blocks_with};
use koen_align::{Block, BlockMode, InputKind, ReadOptions, Side};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

mod common;
use common::is_normalised;

/// What every list of blocks read from `source` must satisfy.
fn check_blocks(what: &str, source: &str, blocks: &[Block], side: Side) {
    let mut previous_end = 0;
    for (position, block) in blocks.iter().enumerate() {
        assert_eq!(block.index, position, "{what}: block indices must be 0..n in order");
        assert_eq!(block.side, side, "{what}: block {position} has the wrong side");
        assert!(!block.text.is_empty(), "{what}: block {position} has empty text");
        assert!(
            is_normalised(&block.text),
            "{what}: block {position} text {:?} is not normalised (normalize gives {:?})",
            block.text,
            normalize(&block.text)
        );
        let span = &block.span;
        assert!(
            span.start <= span.end && span.end <= source.len(),
            "{what}: block {position} span {span:?} is outside the text ({} bytes)",
            source.len()
        );
        assert!(
            source.is_char_boundary(span.start) && source.is_char_boundary(span.end),
            "{what}: block {position} span {span:?} is not on char boundaries"
        );
        assert!(
            span.start >= previous_end,
            "{what}: block {position} span {span:?} overlaps or precedes the previous block (ends at {previous_end})"
        );
        previous_end = span.end;
        assert_eq!(
            normalize(&source[span.clone()]),
            block.text,
            "{what}: block {position} text is not the normalised text of its span"
        );
        let c = block.lang.confidence;
        assert!(
            c.is_finite() && (0.0..=1.0).contains(&c),
            "{what}: block {position} language confidence {c} outside [0, 1]"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    // 1. The file reader, as the CLI reads a `.txt` page with `--encoding auto`.
    let options = ReadOptions { kind: InputKind::Text, encoding: Some("auto".into()), ..Default::default() };
    match page_from_bytes(data, Path::new("fuzz.txt"), Side::Ko, &options) {
        Ok(page) => {
            assert!(!page.blocks.is_empty(), "page_from_bytes returned Ok with no blocks");
            assert!(page.info.title.is_none(), "a text page has no title");
            // The spans point into the decoded text: decode it the same way to check them.
            let decoded = decode_text(data).expect("page_from_bytes decoded the bytes, decode_text must too");
            assert_eq!(page.info.encoding, decoded.encoding);
            assert_eq!(page.info.replaced, decoded.replaced);
            check_blocks("page_from_bytes(text, auto)", &decoded.text, &page.blocks, Side::Ko);
        }
        Err(_) => {}
    }

    // 2. The block splitter in each mode, on the bytes as (lossy) UTF-8.
    let text = String::from_utf8_lossy(data);
    for mode in [BlockMode::Auto, BlockMode::Lines, BlockMode::Paragraphs] {
        let blocks = text_blocks_with(&text, Side::En, mode);
        check_blocks(&format!("text_blocks_with({mode:?})"), &text, &blocks, Side::En);
    }
});
