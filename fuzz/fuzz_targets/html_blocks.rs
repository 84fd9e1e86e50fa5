//! HTML block extraction: arbitrary bytes through `page_from_bytes` as HTML (BOM, `<meta>`
//! charset or detection decides the encoding) and through `parse_html` on the bytes read as
//! lossy UTF-8. Neither may panic; decoding errors are fine.
#![no_main]

use koen_align::stages::{decode_html, normalize, page_from_bytes, parse_html};
use koen_align::{InputKind, ReadOptions, Side};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

mod common;
use common::is_normalised;

fuzz_target!(|data: &[u8]| {
    // 1. The file reader, as the CLI reads an HTML page.
    let options = ReadOptions { kind: InputKind::Html, ..Default::default() };
    if let Ok(page) = page_from_bytes(data, Path::new("fuzz.html"), Side::En, &options) {
        assert!(!page.blocks.is_empty(), "page_from_bytes returned Ok with no blocks");
        let decoded = decode_html(data).expect("page_from_bytes decoded the bytes, decode_html must too");
        assert_eq!(page.info.encoding, decoded.encoding);
        for (position, block) in page.blocks.iter().enumerate() {
            assert_eq!(block.index, position, "block indices must be 0..n in order");
            assert_eq!(block.side, Side::En);
            assert!(!block.text.is_empty(), "block {position} has empty text");
            assert!(
                is_normalised(&block.text),
                "block {position} text {:?} is not normalised (normalize gives {:?})",
                block.text,
                normalize(&block.text)
            );
            assert!(block.structure.is_some(), "block {position} of an HTML page has no structure hints");
            let span = &block.span;
            assert!(
                span.start <= span.end && span.end <= decoded.text.len(),
                "block {position} span {span:?} is outside the decoded page ({} bytes)",
                decoded.text.len()
            );
            assert!(
                decoded.text.is_char_boundary(span.start) && decoded.text.is_char_boundary(span.end),
                "block {position} span {span:?} is not on char boundaries"
            );
        }
    }

    // 2. The HTML walker on the bytes as (lossy) UTF-8; markup past a cap is refused.
    let source = String::from_utf8_lossy(data);
    let Ok(parsed) = parse_html(&source) else { return };
    for (position, block) in parsed.blocks.iter().enumerate() {
        let span = &block.span;
        assert!(
            span.start <= span.end && span.end <= source.len(),
            "parse_html: block {position} span {span:?} is outside the source ({} bytes)",
            source.len()
        );
        assert!(
            source.is_char_boundary(span.start) && source.is_char_boundary(span.end),
            "parse_html: block {position} span {span:?} is not on char boundaries"
        );
        let density = block.hints.link_density;
        assert!(
            density.is_finite() && (0.0..=1.0).contains(&density),
            "parse_html: block {position} link density {density} outside [0, 1]"
        );
    }
});
