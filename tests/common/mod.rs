//! Helpers shared by the integration tests.
#![allow(dead_code)]

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
