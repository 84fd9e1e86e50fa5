//! One line of `stream` input: arbitrary bytes through `load_stream_line` and, when they
//! load, through `process`. A line ends in a document or in that line's error, never a panic;
//! an error names the line.
#![no_main]

use koen_align::{load_stream_line, process, BatchEvidence, Options};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static OPTIONS: OnceLock<Options> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let options = OPTIONS.get_or_init(Options::default);
    match load_stream_line(data, 7, &options.read, &options.limits) {
        Ok(Some(line)) => {
            let doc = process(&line.id, line.document, options, &BatchEvidence::default());
            assert_eq!(doc.id, line.id);
        }
        // Blank as Rust trims it (Unicode white space, vertical tab included).
        Ok(None) => assert!(String::from_utf8_lossy(data).trim().is_empty(), "a line with text read as blank"),
        Err(e) => assert!(e.to_string().contains('7'), "an error that does not name its line: {e}"),
    }
});
