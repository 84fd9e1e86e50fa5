//! The manifest reader: arbitrary bytes as a manifest file (BOMs, odd headers, empty or
//! duplicate ids, overlong lines, invalid UTF-8). Reading must end in rows or clear errors,
//! never a panic, and every row it yields names its line and a non-empty id.
#![no_main]

use koen_align::ManifestReader;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

/// One scratch file per fuzzing process (the reader opens manifests by path).
static SCRATCH: OnceLock<std::path::PathBuf> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let path =
        SCRATCH.get_or_init(|| std::env::temp_dir().join(format!("koen-fuzz-manifest-{}.tsv", std::process::id())));
    if std::fs::write(path, data).is_err() {
        return;
    }
    let Ok(reader) = ManifestReader::open(path) else { return };
    let mut last_line = 0;
    for item in reader.take(10_000) {
        // An error reading the file itself ends the manifest.
        let Ok(row) = item else { break };
        match row {
            Ok(row) => {
                assert!(!row.id.is_empty(), "a row with an empty id was accepted (line {})", row.line);
                assert!(row.line > last_line, "line numbers go back: {} after {last_line}", row.line);
                last_line = row.line;
            }
            Err(bad) => {
                assert!(bad.line > 0, "a bad row without its line number: {bad:?}");
                last_line = last_line.max(bad.line);
            }
        }
    }
});
