//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shared evaluation sets beside the checkout, if present. Tests that need them call
/// this and return early (with the printed reason) when it is `None`.
pub fn shared_eval() -> Option<PathBuf> {
    let dir = root().join("../shared/eval");
    if dir.join("score.py").is_file() {
        Some(dir.canonicalize().unwrap_or(dir))
    } else {
        eprintln!("SKIPPED: ../shared/eval is not present beside the checkout, so the shared evaluation sets cannot be scored");
        None
    }
}

/// Whether python3 runs here (for comparing with score.py).
pub fn python3() -> bool {
    std::process::Command::new("python3").arg("--version").output().is_ok_and(|o| o.status.success())
}

/// Reads a JSONL file into values.
pub fn read_jsonl(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{}: bad JSON line {l}: {e}", path.display())))
        .collect()
}

/// Word tokens as the benchmark cuts them (`\w+`: letters, digits, underscore).
pub fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|t| !t.is_empty()).collect()
}

/// The multiset of 4-token shingles (a shorter text is one shingle).
pub fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let t = tokens(text);
    let mut out = HashMap::new();
    if t.len() < 4 {
        if !t.is_empty() {
            out.insert(t, 1);
        }
        return out;
    }
    for w in t.windows(4) {
        *out.entry(w.to_vec()).or_insert(0) += 1;
    }
    out
}

/// A page's precision and recall as the article-extraction benchmark scores them: its
/// 4-token shingles kept that the gold has, against those kept and those of the gold.
pub fn article_scores(gold: &str, kept: &str) -> (f64, f64) {
    let (g, k) = (shingles(gold), shingles(kept));
    let tp: usize = k.iter().map(|(s, n)| (*n).min(g.get(s).copied().unwrap_or(0))).sum();
    let (kept_n, gold_n): (usize, usize) = (k.values().sum(), g.values().sum());
    let p = if kept_n == 0 { 0.0 } else { tp as f64 / kept_n as f64 };
    let r = if gold_n == 0 { 1.0 } else { tp as f64 / gold_n as f64 };
    (p, r)
}
