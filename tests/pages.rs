//! The full web pages of `corpus/pages` (written for this project): the article text koen-align
//! keeps, scored as the article-extraction benchmark scores it, holds the level reached.

mod common;

use assert_cmd::Command;
use common::{article_scores, read_jsonl, root};
use std::collections::{BTreeMap, HashMap};

#[test]
fn written_pages_keep_the_article_and_drop_the_chrome() {
    let set = root().join("corpus/pages");
    let out = tempfile::tempdir().unwrap();
    Command::cargo_bin("koen-align")
        .unwrap()
        .arg("batch")
        .arg(set.join("manifest.tsv"))
        .arg("--out")
        .arg(out.path())
        .arg("-q")
        .assert()
        .success();
    // Each page's kept text: its blocks in page order, both sides.
    let mut kept: HashMap<String, BTreeMap<(u64, String), String>> = HashMap::new();
    for r in read_jsonl(&out.path().join("pairs.jsonl")) {
        for side in ["ko", "en"] {
            let first = r[format!("{side}_blocks")].as_array().and_then(|b| b.first()).and_then(|b| b.as_u64());
            if let (Some(i), Some(text)) = (first, r[side].as_str().filter(|t| !t.is_empty())) {
                let id = r["id"].as_str().unwrap_or_default().to_owned();
                kept.entry(id).or_default().insert((i, side.to_owned()), text.to_owned());
            }
        }
    }
    let gold: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(set.join("ground-truth.json")).unwrap()).unwrap();
    let gold = gold.as_object().unwrap();
    let (mut ps, mut rs) = (Vec::new(), Vec::new());
    for (id, g) in gold {
        let text: Vec<&str> = kept.get(id).map(|b| b.values().map(String::as_str).collect()).unwrap_or_default();
        let (p, r) = article_scores(g["articleBody"].as_str().unwrap_or(""), &text.join("\n\n"));
        eprintln!("P {p:.3} R {r:.3} {id}");
        assert!(r >= 0.85, "{id}: recall {r:.3}: article text was removed");
        ps.push(p);
        rs.push(r);
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let (p, r) = (mean(&ps), mean(&rs));
    let f1 = 2.0 * p * r / (p + r);
    eprintln!("corpus/pages: {} pages, P {p:.4} R {r:.4} F1 {f1:.4}", gold.len());
    assert_eq!(gold.len(), 60);
    assert!(f1 >= 0.93, "F1 {f1:.4} < 0.93");
    assert!(r >= 0.98, "recall {r:.4} < 0.98");
}
