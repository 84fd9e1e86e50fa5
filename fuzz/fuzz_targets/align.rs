//! The whole pipeline on one article pair: arbitrary bytes split into a Korean and an
//! English page (at the first 0xFF byte, or in half), through `align_texts` and the
//! output records, checking that the alignment is consistent with the blocks and the audit.
#![no_main]

use koen_align::{align_texts, records, Document, Level, Options, OutputOptions, Removal, Side};
use libfuzzer_sys::fuzz_target;
use std::collections::HashSet;
use std::sync::OnceLock;

/// Built once: the built-in rules and lexicon take milliseconds to build.
static OPTIONS: OnceLock<Options> = OnceLock::new();

fn check_side(doc: &Document, side: Side) {
    let (blocks, content) = match side {
        Side::Ko => (&doc.ko_blocks, &doc.ko_content),
        Side::En => (&doc.en_blocks, &doc.en_content),
    };
    let removed: HashSet<usize> =
        doc.audit.iter().filter(|a| a.side == side && a.scope == Removal::Block).map(|a| a.block).collect();
    let content_ids: HashSet<usize> = content.iter().map(|b| b.index).collect();
    let mut seen: HashSet<usize> = HashSet::new();
    for (n, bead) in doc.beads.iter().enumerate() {
        let ids = match side {
            Side::Ko => &bead.ko,
            Side::En => &bead.en,
        };
        for w in ids.windows(2) {
            assert!(w[0] < w[1], "bead {n} {side} indices {ids:?} are not increasing");
        }
        for &i in ids {
            assert!(
                blocks.get(i).is_some_and(|b| b.index == i),
                "bead {n} {side} block {i} does not exist ({} blocks)",
                blocks.len()
            );
            assert!(content_ids.contains(&i), "bead {n} {side} block {i} is not a content block");
            assert!(seen.insert(i), "{side} block {i} is in more than one bead (again in bead {n})");
            assert!(
                !removed.contains(&i),
                "bead {n} {side} block {i} is aligned and also removed as a whole block by the audit"
            );
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let options = OPTIONS.get_or_init(Options::default);
    let (ko, en) = match data.iter().position(|&b| b == 0xFF) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => data.split_at(data.len() / 2),
    };
    let ko = String::from_utf8_lossy(ko);
    let en = String::from_utf8_lossy(en);
    // Pages the library refuses (no text in an edition's language, oversized) are errors,
    // not documents: the checks are part of what is fuzzed.
    let Ok(doc) = align_texts("fuzz", &ko, &en, options) else { return };

    for (n, bead) in doc.beads.iter().enumerate() {
        assert!(!(bead.ko.is_empty() && bead.en.is_empty()), "bead {n} is empty on both sides");
        assert!(
            bead.score.is_finite() && (0.0..=1.0).contains(&bead.score),
            "bead {n} score {} outside [0, 1]",
            bead.score
        );
    }
    for (n, pair) in doc.sentences.iter().enumerate() {
        assert!(
            pair.score.is_finite() && (0.0..=1.0).contains(&pair.score),
            "sentence pair {n} score {} outside [0, 1]",
            pair.score
        );
    }
    check_side(&doc, Side::Ko);
    check_side(&doc, Side::En);

    let _ = records(&doc, &OutputOptions { level: Level::Sentence, min_score: 0.0 });
    let _ = records(&doc, &OutputOptions { level: Level::Paragraph, min_score: 0.0 });
});
