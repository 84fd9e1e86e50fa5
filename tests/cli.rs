//! The binary on the bundled corpus and on bad input.

mod common;

use assert_cmd::Command;
use common::{read_jsonl, root};
use koen_align::eval::{score, Level};

fn koen() -> Command {
    Command::cargo_bin("koen-align").expect("binary built")
}

#[test]
fn batch_on_the_corpus_writes_every_output_and_scores_well() {
    let out = tempfile::tempdir().unwrap();
    koen().arg("batch").arg(root().join("corpus/manifest.tsv")).arg("--out").arg(out.path()).assert().success();

    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("summary.json")).unwrap()).unwrap();
    let manifest_rows = std::fs::read_to_string(root().join("corpus/manifest.tsv")).unwrap().lines().skip(1).filter(|l| !l.trim().is_empty()).count();
    assert!(manifest_rows >= 6);
    assert_eq!(summary["totals"]["documents"], manifest_rows);
    assert_eq!(summary["totals"]["ok"], manifest_rows);
    assert_eq!(summary["documents"].as_array().unwrap().len(), manifest_rows);

    let pairs = read_jsonl(&out.path().join("pairs.jsonl"));
    for p in &pairs {
        for field in ["id", "ko", "en", "ko_blocks", "en_blocks", "kind", "score"] {
            assert!(p.get(field).is_some(), "pair without {field}: {p}");
        }
        let s = p["score"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&s));
        let kind = p["kind"].as_str().unwrap();
        assert_eq!(kind, format!("{}-{}", p["ko_blocks"].as_array().unwrap().len(), p["en_blocks"].as_array().unwrap().len()));
    }
    let audit = read_jsonl(&out.path().join("audit.jsonl"));
    for a in &audit {
        for field in ["id", "side", "block", "text", "lang", "rule", "reason"] {
            assert!(a.get(field).is_some(), "audit row without {field}: {a}");
        }
    }

    let s = score(&root().join("corpus"), out.path(), Level::Paragraph, false).unwrap();
    eprintln!("corpus: {s:?}");
    assert_eq!(s.docs_without_output, 0);
    assert_eq!(s.content_blocks_removed, Some(0), "content removed as boilerplate");
    assert!(s.f1 >= 0.70, "paragraph F1 on corpus/ fell to {}", s.f1);
}

#[test]
fn every_content_block_is_in_a_bead_or_the_audit() {
    let out = tempfile::tempdir().unwrap();
    koen().arg("batch").arg(root().join("corpus/manifest.tsv")).arg("--out").arg(out.path()).assert().success();
    let pairs = read_jsonl(&out.path().join("pairs.jsonl"));
    let audit = read_jsonl(&out.path().join("audit.jsonl"));
    let summary: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out.path().join("summary.json")).unwrap()).unwrap();
    for doc in summary["documents"].as_array().unwrap() {
        let id = doc["id"].as_str().unwrap();
        for side in ["ko", "en"] {
            let total = doc[format!("{side}_blocks")].as_u64().unwrap() as usize;
            let mut seen = vec![false; total];
            for p in pairs.iter().filter(|p| p["id"] == id) {
                for b in p[format!("{side}_blocks")].as_array().unwrap() {
                    seen[b.as_u64().unwrap() as usize] = true;
                }
            }
            for a in audit.iter().filter(|a| a["id"] == id && a["side"] == side && a["scope"] == "block") {
                let b = a["block"].as_u64().unwrap() as usize;
                assert!(!seen[b], "{id} {side} block {b} both paired and removed");
                seen[b] = true;
            }
            let missing: Vec<usize> = seen.iter().enumerate().filter(|(_, s)| !**s).map(|(i, _)| i).collect();
            assert!(missing.is_empty(), "{id} {side}: blocks {missing:?} neither written nor audited");
        }
    }
}

#[test]
fn align_writes_pairs_to_stdout() {
    let doc = root().join("corpus/docs/ko-en-002-apec-lima-minerals");
    let output = koen().arg("align").arg("--ko").arg(doc.join("ko.txt")).arg("--en").arg(doc.join("en.txt")).output().unwrap();
    assert!(output.status.success());
    let lines: Vec<serde_json::Value> =
        String::from_utf8(output.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(lines.len() >= 6);
    assert!(lines.iter().all(|l| l["id"] == "ko-en-002-apec-lima-minerals"));
    assert!(lines.iter().any(|l| l["kind"] == "1-1" && l["ko"].as_str().unwrap().contains("페루")));
}

#[test]
fn a_bad_input_fails_alone_and_is_named_in_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let good = root().join("corpus/docs/ko-en-003-kpop-world-tour");
    std::fs::write(dir.path().join("empty.txt"), "  \n\n").unwrap();
    std::fs::write(dir.path().join("latin1.txt"), b"caf\xe9 cr\xe8me\n").unwrap();
    let manifest = format!(
        "id\tko\ten\ngood\t{ko}\t{en}\nmissing\tnope/ko.txt\t{en}\nempty\tempty.txt\t{en}\nbadbytes\t{ko}\tlatin1.txt\nshort\tonly-one-field\n",
        ko = good.join("ko.txt").display(),
        en = good.join("en.txt").display()
    );
    std::fs::write(dir.path().join("m.tsv"), manifest).unwrap();
    let out = dir.path().join("out");
    koen().arg("batch").arg(dir.path().join("m.tsv")).arg("--out").arg(&out).assert().success();
    let summary: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["totals"]["documents"], 5);
    assert_eq!(summary["totals"]["ok"], 1);
    assert_eq!(summary["totals"]["failed"], 4);
    let docs = summary["documents"].as_array().unwrap();
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec!["good", "missing", "empty", "badbytes", "short"]);
    let error = |i: usize| docs[i]["error"].as_str().unwrap().to_owned();
    assert!(error(1).contains("nope/ko.txt"), "{}", error(1));
    assert!(error(2).contains("empty.txt") && error(2).contains("no text"), "{}", error(2));
    assert!(error(3).contains("latin1.txt") && error(3).contains("UTF-8"), "{}", error(3));
    assert!(error(4).contains("m.tsv:6"), "{}", error(4));
    let pairs = read_jsonl(&out.join("pairs.jsonl"));
    assert!(!pairs.is_empty() && pairs.iter().all(|p| p["id"] == "good"));
}

#[test]
fn a_missing_manifest_is_a_clear_error() {
    let out = tempfile::tempdir().unwrap();
    koen()
        .arg("batch")
        .arg("no/such/manifest.tsv")
        .arg("--out")
        .arg(out.path())
        .assert()
        .failure()
        .stderr(predicates::str::contains("no/such/manifest.tsv"));
}

#[test]
fn output_does_not_depend_on_thread_count() {
    let run = |threads: &str| {
        let out = tempfile::tempdir().unwrap();
        koen().args(["batch", "--threads", threads]).arg(root().join("corpus/manifest.tsv")).arg("--out").arg(out.path()).assert().success();
        (std::fs::read(out.path().join("pairs.jsonl")).unwrap(), std::fs::read(out.path().join("audit.jsonl")).unwrap())
    };
    assert_eq!(run("1"), run("2"));
}
