//! Scoring an output directory against a gold evaluation set, computing the same figures as
//! the shared `score.py`: exact-match precision/recall/F1 of paragraph beads (or sentence
//! pairs), boilerplate precision/recall from the audit, and content blocks wrongly removed.

use crate::choice::Choice;
use crate::error::{Error, Result};
pub use crate::model::Level;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

/// The comparison key of a text: HTML entities decoded, NFKC, case-folded, letters and
/// digits only; whitespace, quote style and joiners do not matter, the words do.
pub fn key(text: &str) -> String {
    let unescaped = htmlize::unescape(text);
    let mut out = String::with_capacity(unescaped.len());
    for c in unescaped.nfkc() {
        for l in c.to_lowercase() {
            match l {
                'ß' => out.push_str("ss"),
                'ς' => out.push('σ'),
                l if l.is_alphanumeric() => out.push(l),
                _ => {}
            }
        }
    }
    out
}

/// The figures, named and rounded as `score.py` prints them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// `paragraph` or `sentence`.
    pub level: Level,
    /// Documents in the gold set.
    pub docs: usize,
    /// Gold documents with no pair in the output.
    pub docs_without_output: usize,
    /// Pair precision.
    pub precision: f64,
    /// Pair recall.
    pub recall: f64,
    /// Pair F1.
    pub f1: f64,
    /// Gold pairs.
    pub gold: usize,
    /// Predicted pairs (both sides non-empty).
    pub predicted: usize,
    /// Boilerplate precision (present when the audit or the gold has removals).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bp_precision: Option<f64>,
    /// Boilerplate recall.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bp_recall: Option<f64>,
    /// Boilerplate F1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bp_f1: Option<f64>,
    /// Gold content paragraphs that the audit removed (the only right number is 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_blocks_removed: Option<usize>,
}

#[derive(Deserialize)]
struct GoldBead {
    ko: Vec<String>,
    en: Vec<String>,
}

#[derive(Deserialize)]
struct GoldSentence {
    ko: String,
    en: String,
}

#[derive(Deserialize)]
struct GoldBoilerplate {
    ko: Vec<String>,
    en: Vec<String>,
}

#[derive(Deserialize)]
struct Gold {
    beads: Vec<GoldBead>,
    sentences: Vec<GoldSentence>,
    boilerplate: GoldBoilerplate,
}

type Counter<K> = HashMap<K, usize>;

fn intersection<K: Eq + std::hash::Hash>(a: &Counter<K>, b: &Counter<K>) -> usize {
    a.iter().map(|(k, n)| (*n).min(b.get(k).copied().unwrap_or(0))).sum()
}

fn read_jsonl(path: &Path) -> Result<Vec<serde_json::Value>> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.to_owned(), source })?;
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        rows.push(
            serde_json::from_str(line).map_err(|e| Error::Eval {
                path: path.to_owned(),
                problem: format!("line {}: not JSON: {e}", n + 1),
            })?,
        );
    }
    Ok(rows)
}

fn field<'a>(row: &'a serde_json::Value, name: &str) -> &'a str {
    row.get(name).and_then(|v| v.as_str()).unwrap_or("")
}

fn id_of(row: &serde_json::Value) -> String {
    match row.get("id") {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Null) | None => "None".to_owned(),
        Some(other) => other.to_string(),
    }
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// Refuses an output folder that cannot be scored as asked: one without `pairs.jsonl` (zeros
/// would look like a score), or one whose `summary.json` says its pairs are of the other
/// level (sentence pairs scored as paragraphs read as a poor alignment, not as a mistake).
fn check_output(out_dir: &Path, level: Level) -> Result<()> {
    let pairs = out_dir.join("pairs.jsonl");
    if !pairs.is_file() {
        return Err(Error::Eval {
            path: pairs,
            problem: "not found: score reads an output folder's pairs.jsonl (written by align --out or batch with the jsonl format)".into(),
        });
    }
    let summary = out_dir.join("summary.json");
    let Ok(text) = std::fs::read_to_string(&summary) else { return Ok(()) };
    let written = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v.pointer("/run/level").and_then(|l| serde_json::from_value::<Level>(l.clone()).ok()));
    match written {
        Some(w) if w != level => Err(Error::Eval {
            path: summary,
            problem: format!(
                "the pairs were written at {} level and cannot be scored at {} level (use --level {})",
                w.name(),
                level.name(),
                w.name()
            ),
        }),
        _ => Ok(()),
    }
}

/// Scores `out_dir` (its `pairs.jsonl` and optional `audit.jsonl`) against the gold set in
/// `set_dir` (`docs/<id>/gold.json`). With `mixed`, removals are compared regardless of side.
pub fn score(set_dir: &Path, out_dir: &Path, level: Level, mixed: bool) -> Result<Score> {
    let docs_dir = set_dir.join("docs");
    let mut ids: Vec<String> = std::fs::read_dir(&docs_dir)
        .map_err(|source| Error::Read { path: docs_dir.clone(), source })?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    let mut golds = BTreeMap::new();
    for id in &ids {
        let path = docs_dir.join(id).join("gold.json");
        let text = std::fs::read_to_string(&path).map_err(|source| Error::Read { path: path.clone(), source })?;
        let gold: Gold = serde_json::from_str(&text)
            .map_err(|e| Error::Eval { path: path.clone(), problem: format!("not a gold file: {e}") })?;
        golds.insert(id.clone(), gold);
    }

    check_output(out_dir, level)?;
    let mut pred: HashMap<String, Counter<(String, String)>> = HashMap::new();
    for row in read_jsonl(&out_dir.join("pairs.jsonl"))? {
        let (k, e) = (key(field(&row, "ko")), key(field(&row, "en")));
        if !k.is_empty() && !e.is_empty() {
            *pred.entry(id_of(&row)).or_default().entry((k, e)).or_insert(0) += 1;
        }
    }
    let side_of = |s: &str| if mixed { "any".to_owned() } else { s.to_owned() };
    let mut removed: HashMap<String, Counter<(String, String)>> = HashMap::new();
    for row in read_jsonl(&out_dir.join("audit.jsonl"))? {
        let side = if mixed {
            "any".to_owned()
        } else {
            row.get("side").and_then(|v| v.as_str()).unwrap_or("None").to_owned()
        };
        *removed.entry(id_of(&row)).or_default().entry((side, key(field(&row, "text")))).or_insert(0) += 1;
    }

    let (mut tp, mut npred, mut ngold) = (0, 0, 0);
    let (mut bp_tp, mut bp_pred, mut bp_gold, mut lost) = (0, 0, 0, 0);
    let empty = Counter::new();
    for (id, g) in &golds {
        let mut gs: Counter<(String, String)> = Counter::new();
        match level {
            Level::Paragraph => {
                for b in g.beads.iter().filter(|b| !b.ko.is_empty() && !b.en.is_empty()) {
                    *gs.entry((key(&b.ko.join(" ")), key(&b.en.join(" ")))).or_insert(0) += 1;
                }
            }
            Level::Sentence => {
                for s in &g.sentences {
                    *gs.entry((key(&s.ko), key(&s.en))).or_insert(0) += 1;
                }
            }
        }
        let ps = pred.get(id).unwrap_or(&empty);
        tp += intersection(ps, &gs);
        npred += ps.values().sum::<usize>();
        ngold += gs.values().sum::<usize>();

        let mut gb: Counter<(String, String)> = Counter::new();
        for (side, texts) in [("ko", &g.boilerplate.ko), ("en", &g.boilerplate.en)] {
            for t in texts {
                *gb.entry((side_of(side), key(t))).or_insert(0) += 1;
            }
        }
        let rb = removed.get(id).unwrap_or(&empty);
        bp_tp += intersection(rb, &gb);
        bp_pred += rb.values().sum::<usize>();
        bp_gold += gb.values().sum::<usize>();
        let mut content = HashSet::new();
        for b in &g.beads {
            for (side, texts) in [("ko", &b.ko), ("en", &b.en)] {
                for t in texts {
                    content.insert((side_of(side), key(t)));
                }
            }
        }
        lost += rb.keys().filter(|k| content.contains(*k)).count();
    }
    let p = if npred > 0 { tp as f64 / npred as f64 } else { 0.0 };
    let r = if ngold > 0 { tp as f64 / ngold as f64 } else { 0.0 };
    let mut score = Score {
        level,
        docs: golds.len(),
        docs_without_output: golds.keys().filter(|id| !pred.contains_key(*id)).count(),
        precision: round4(p),
        recall: round4(r),
        f1: round4(f1(p, r)),
        gold: ngold,
        predicted: npred,
        bp_precision: None,
        bp_recall: None,
        bp_f1: None,
        content_blocks_removed: None,
    };
    if bp_pred > 0 || bp_gold > 0 {
        let bp = if bp_pred > 0 { bp_tp as f64 / bp_pred as f64 } else { 0.0 };
        let br = if bp_gold > 0 { bp_tp as f64 / bp_gold as f64 } else { 0.0 };
        score.bp_precision = Some(round4(bp));
        score.bp_recall = Some(round4(br));
        score.bp_f1 = Some(round4(f1(bp, br)));
        score.content_blocks_removed = Some(lost);
    }
    Ok(score)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_ignores_everything_but_words() {
        assert_eq!(key("Warren &amp; “Co.” — ＡＩ"), "warrencoai");
        assert_eq!(key("워렌, 대선\n출마"), "워렌대선출마");
        assert_eq!(key("Straße"), "strasse");
    }
}
