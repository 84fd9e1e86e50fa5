//! Text an HTML page holds but that is not read as blocks (SVG drawings, MathML formulas) is
//! still audited: every removal has its rule and reason.

use koen_align::{
    audit_records, block_audit_records, load_pair_bytes, process, BatchEvidence, Limits, Options, ReadOptions, Removal,
    Side,
};
use std::path::Path;

const KO: &str = "<!DOCTYPE html><html><head><title>t</title></head><body><article>\
    <p>정부는 지난달 반도체 수출이 작년 같은 달보다 크게 늘었다고 밝혔다. \
    <svg viewBox='0 0 10 10'><title>공유하기</title><text>수출 추이 2024</text></svg></p>\
    <p>산업통상자원부는 인공지능 서버 수요가 이어지면서 수출이 열네 달 연속 증가했다고 설명했다.</p>\
    <math><mi>x</mi><mo>=</mo><mn>2</mn></math></article></body></html>";
const EN: &str = "<!DOCTYPE html><html><head><title>t</title></head><body><article>\
    <p>The government said chip exports rose sharply last month from a year earlier.</p>\
    <p>The trade ministry said demand for artificial intelligence servers continued for fourteen months.</p>\
    <svg><g><text>Share</text></g></svg><svg><path d='M0 0'/></svg></article></body></html>";

#[test]
fn svg_and_mathml_text_is_audited_with_its_rule() {
    let doc = load_pair_bytes(
        (KO.as_bytes(), Path::new("ko.html")),
        (EN.as_bytes(), Path::new("en.html")),
        &ReadOptions::default(),
        &Limits::default(),
    )
    .expect("the pair loads");
    let doc = process("svg", doc, &Options::default(), &BatchEvidence::default());
    let skipped: Vec<(Side, usize, &str, &str)> = doc
        .audit
        .iter()
        .filter(|a| a.scope == Removal::Skipped)
        .map(|a| (a.side, a.block, a.text.as_str(), a.rule.as_str()))
        .collect();
    assert_eq!(
        skipped,
        [
            // In the first block; after the last block, on the last one; an empty drawing is not audited.
            (Side::Ko, 0, "공유하기 수출 추이 2024", "svg-text"),
            (Side::Ko, 1, "x = 2", "math-text"),
            (Side::En, 1, "Share", "svg-text"),
        ]
    );
    assert!(doc.audit.iter().filter(|a| a.scope == Removal::Skipped).all(|a| !a.reason.is_empty()));
    // Not whole blocks: audit.jsonl (removed blocks) does not list them; the full audit does.
    assert!(block_audit_records(&doc).iter().all(|r| r.scope == Removal::Block));
    assert_eq!(audit_records(&doc).iter().filter(|r| r.scope == Removal::Skipped).count(), 3);
    // The blocks themselves are unchanged: no drawing text in them.
    assert!(doc.ko_blocks.iter().all(|b| !b.text.contains("수출 추이") && !b.text.contains("공유하기")));
}
