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
