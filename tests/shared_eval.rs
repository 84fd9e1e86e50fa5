//! The shared evaluation sets (when present beside the checkout): the figures issue #2 sets
//! as the bar, and agreement between `koen-align eval` and the shared `score.py`.

mod common;

use assert_cmd::Command;
use common::{python3, shared_eval};
use koen_align::eval::{score, Level};
use std::path::Path;

fn run_batch(manifest: &Path, out: &Path) {
    Command::cargo_bin("koen-align").unwrap().arg("batch").arg(manifest).arg("--out").arg(out).assert().success();
}

#[test]
fn ntrex_dev_paragraph_f1_and_no_content_removed() {
    let Some(eval) = shared_eval() else { return };
    let out = tempfile::tempdir().unwrap();
    run_batch(&eval.join("ntrex-dev/manifest.tsv"), out.path());
    let s = score(&eval.join("ntrex-dev"), out.path(), Level::Paragraph, false).unwrap();
    eprintln!("ntrex-dev: {s:?}");
    assert!(s.f1 >= 0.85, "paragraph F1 {} < 0.85", s.f1);
    assert_eq!(s.content_blocks_removed, Some(0));
}

#[test]
fn park_dev_scores_and_loses_little_content() {
    let Some(eval) = shared_eval() else { return };
    let out = tempfile::tempdir().unwrap();
    run_batch(&eval.join("park-dev/manifest.tsv"), out.path());
    let s = score(&eval.join("park-dev"), out.path(), Level::Paragraph, false).unwrap();
    eprintln!("park-dev: {s:?}");
    assert!(s.f1 >= 0.80, "paragraph F1 {} < 0.80", s.f1);
    assert!(s.bp_recall.unwrap() >= 0.97, "boilerplate recall {:?}", s.bp_recall);
}

#[test]
fn rust_eval_agrees_with_score_py() {
    let Some(eval) = shared_eval() else { return };
    if !python3() {
        eprintln!("SKIPPED: python3 is not available to run score.py");
        return;
    }
    let out = tempfile::tempdir().unwrap();
    run_batch(&eval.join("ntrex-dev/manifest.tsv"), out.path());
    for (level, flag) in [(Level::Paragraph, "paragraph"), (Level::Sentence, "sentence")] {
        let py = std::process::Command::new("python3")
            .arg(eval.join("score.py"))
            .arg(eval.join("ntrex-dev"))
            .arg(out.path())
            .args(["--level", flag, "--json"])
            .output()
            .unwrap();
        assert!(py.status.success(), "{}", String::from_utf8_lossy(&py.stderr));
        let py: serde_json::Value = serde_json::from_slice(&py.stdout).unwrap();
        let rs = serde_json::to_value(score(&eval.join("ntrex-dev"), out.path(), level, false).unwrap()).unwrap();
        for key in ["docs", "docs_without_output", "precision", "recall", "f1", "gold", "predicted", "bp_precision", "bp_recall", "bp_f1", "content_blocks_removed"] {
            assert_eq!(py[key], rs[key], "{key} differs at {flag} level: score.py {} vs koen-align {}", py[key], rs[key]);
        }
    }
}

#[test]
fn observed_korean_boilerplate_strings_are_removed() {
    use koen_align::boilerplate::{clean_page, rules::RuleSet};
    use koen_align::input::text_blocks;
    use koen_align::Side;
    let Some(eval) = shared_eval() else { return };
    let path = eval.join("../data/korean-boilerplate-observed/boilerplate-strings.tsv");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("SKIPPED: {} is not present", path.display());
        return;
    };
    let rules = RuleSet::default();
    let mut missed = Vec::new();
    let mut checked = 0;
    for line in text.lines().skip(1) {
        let mut f = line.split('\t');
        let (Some(string), Some(kind)) = (f.next(), f.next()) else { continue };
        // Rows that are not whole blocks of page chrome: encoding artefacts, and markers listed
        // with a slash between alternatives.
        if kind.contains("HTML entity") || string.contains(" / [") {
            continue;
        }
        checked += 1;
        if kind.contains("dateline") {
            let lead = format!("{string} 정부는 16일 새 정책을 발표했다.");
            let page = clean_page(text_blocks(&lead, Side::Ko), Side::Ko, &rules, None);
            if page.kept.first().map(|b| b.text.as_str()) != Some("정부는 16일 새 정책을 발표했다.") {
                missed.push(format!("{string} ({kind})"));
            }
            continue;
        }
        // Korean page and English page alike: the string alone must go.
        for side in [Side::Ko, Side::En] {
            let page = clean_page(text_blocks(string, side), side, &rules, None);
            if !page.kept.is_empty() && page.suspect.iter().all(Option::is_none) {
                missed.push(format!("{string} ({kind}) on the {side} page"));
            }
        }
    }
    assert!(checked >= 30, "only {checked} rows checked");
    assert!(missed.is_empty(), "not removed or suspected: {missed:#?}");
}
