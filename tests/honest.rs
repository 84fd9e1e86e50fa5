//! Issue #17's "correct and honest" points: a one-sentence article pairs, values out of range
//! are refused at startup, summary.json says what made the folder, eval refuses what it cannot
//! score, and every help page shows examples.

mod common;

use assert_cmd::Command;
use common::root;
use predicates::str::contains;
use std::path::Path;

fn koen() -> Command {
    Command::cargo_bin("koen-align").unwrap()
}

fn pairs_of(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn a_one_sentence_article_pairs_one_to_one() {
    let dir = tempfile::tempdir().unwrap();
    for (n, (ko, en)) in [
        // The README's examples, and a two-word brief.
        ("정부는 수출이 늘었다고 밝혔다.", "The government said exports rose."),
        ("서울에 비가 많이 내렸다.", "Heavy rain fell in Seoul."),
        ("수출이 늘었다.", "Exports rose."),
    ]
    .iter()
    .enumerate()
    {
        let (k, e) = (dir.path().join(format!("ko{n}.txt")), dir.path().join(format!("en{n}.txt")));
        std::fs::write(&k, ko).unwrap();
        std::fs::write(&e, en).unwrap();
        let out = koen().args(["align", "--ko"]).arg(&k).arg("--en").arg(&e).assert().success();
        let pairs = pairs_of(&out.get_output().stdout);
        assert_eq!(pairs.len(), 1, "{pairs:?}");
        assert_eq!(pairs[0]["kind"], "1-1", "{pairs:?}");
        assert!(pairs[0]["score"].as_f64().unwrap() >= 0.5, "{pairs:?}");
    }
}

#[test]
fn a_page_of_interface_strings_does_not_pair_with_an_article() {
    // The gate the one-sentence fix relaxed: a side with no sentence at all stays unpaired.
    let dir = tempfile::tempdir().unwrap();
    let (k, e) = (dir.path().join("ko.txt"), dir.path().join("en.txt"));
    std::fs::write(&k, "기사 이미지 확대 보기\n\n닫기\n\n많이 본 뉴스\n").unwrap();
    std::fs::write(&e, "Heavy rain fell in Seoul on Monday, flooding roads across the city.\n").unwrap();
    let out = koen().args(["align", "--ko"]).arg(&k).arg("--en").arg(&e).assert().success();
    let pairs = pairs_of(&out.get_output().stdout);
    assert!(pairs.iter().all(|p| p["kind"] != "1-1"), "{pairs:?}");
}

#[test]
fn a_min_score_outside_zero_to_one_and_an_unknown_encoding_are_usage_errors() {
    let doc = root().join("corpus/docs/ko-en-001-semiconductor-exports");
    for bad in ["2", "-0.5", "nan"] {
        koen()
            .args(["align", "--ko"])
            .arg(doc.join("ko.txt"))
            .arg("--en")
            .arg(doc.join("en.txt"))
            .arg(format!("--min-score={bad}"))
            .assert()
            .code(2)
            .stderr(contains("--min-score must be a score in [0, 1]"));
    }
    let out = tempfile::tempdir().unwrap();
    koen()
        .arg("batch")
        .arg(root().join("corpus/manifest.tsv"))
        .arg("--out")
        .arg(out.path())
        .args(["--encoding", "klingon", "-q"])
        .assert()
        .code(2)
        .stderr(contains("--encoding").and(contains("klingon")));
    assert!(!out.path().join("summary.json").exists(), "refused before any document is read");
    // cp949, the name Korean tools use, is accepted.
    koen()
        .args(["align", "--ko"])
        .arg(doc.join("ko.txt"))
        .arg("--en")
        .arg(doc.join("en.txt"))
        .args(["--encoding", "cp949"])
        .assert()
        .success();
}

use predicates::prelude::PredicateBooleanExt;

fn summary(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap()
}

#[test]
fn summary_json_records_the_version_level_format_and_options() {
    let out = tempfile::tempdir().unwrap();
    koen()
        .arg("batch")
        .arg(root().join("corpus/manifest.tsv"))
        .arg("--out")
        .arg(out.path())
        .args(["--level", "sentence", "--format", "tsv", "--min-score", "0.3", "-q"])
        .assert()
        .success();
    let run = &summary(out.path())["run"];
    assert_eq!(run["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(run["level"], "sentence");
    assert_eq!(run["format"], "tsv");
    assert!((run["min_score"].as_f64().unwrap() - 0.3).abs() < 1e-6);
    assert_eq!(run["options"]["output"]["level"], "sentence");
    assert!(run["options"]["fingerprint"].as_str().is_some_and(|f| f.len() == 16), "{run}");

    let doc = root().join("corpus/docs/ko-en-001-semiconductor-exports");
    let one = tempfile::tempdir().unwrap();
    koen()
        .args(["align", "--ko"])
        .arg(doc.join("ko.txt"))
        .arg("--en")
        .arg(doc.join("en.txt"))
        .arg("--out")
        .arg(one.path())
        .assert()
        .success();
    assert_eq!(summary(one.path())["run"]["level"], "paragraph");
}

#[test]
fn eval_refuses_a_folder_without_pairs_and_a_level_it_was_not_written_at() {
    let set = root().join("corpus");
    let empty = tempfile::tempdir().unwrap();
    koen().arg("eval").arg(&set).arg(empty.path()).assert().code(2).stderr(contains("pairs.jsonl"));

    let out = tempfile::tempdir().unwrap();
    koen()
        .arg("batch")
        .arg(set.join("manifest.tsv"))
        .arg("--out")
        .arg(out.path())
        .args(["--level", "sentence", "-q"])
        .assert()
        .success();
    koen()
        .arg("eval")
        .arg(&set)
        .arg(out.path())
        .assert()
        .code(2)
        .stderr(contains("written at sentence level").and(contains("--level sentence")));
    koen().arg("eval").arg(&set).arg(out.path()).args(["--level", "sentence"]).assert().success();
}

#[test]
fn pages_of_one_folder_get_their_own_ids() {
    let dir = tempfile::tempdir().unwrap();
    let doc = root().join("corpus/docs/ko-en-001-semiconductor-exports");
    let page = format!(
        "{}\n\n{}",
        std::fs::read_to_string(doc.join("ko.txt")).unwrap(),
        std::fs::read_to_string(doc.join("en.txt")).unwrap()
    );
    let mut ids = Vec::new();
    for name in ["first.txt", "second.txt"] {
        std::fs::write(dir.path().join(name), &page).unwrap();
        let out = koen().args(["align", "--page"]).arg(dir.path().join(name)).assert().success();
        ids.push(pairs_of(&out.get_output().stdout)[0]["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(ids, ["first", "second"]);
}

#[test]
fn a_reversed_dictionary_is_an_error_naming_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let dict = dir.path().join("mine.dict");
    std::fs::write(&dict, "export @ 수출\n반도체 @ semiconductor\n").unwrap();
    let doc = root().join("corpus/docs/ko-en-001-semiconductor-exports");
    koen()
        .args(["align", "--ko"])
        .arg(doc.join("ko.txt"))
        .arg("--en")
        .arg(doc.join("en.txt"))
        .arg("--dict")
        .arg(&dict)
        .assert()
        .code(2)
        .stderr(contains("mine.dict:2").and(contains("swap the sides")));
}

#[test]
fn every_command_s_help_shows_examples_and_self_training_only_where_it_applies() {
    for command in ["align", "batch", "stream", "pair", "extract", "audit", "eval"] {
        koen().args([command, "--help"]).assert().success().stdout(contains("Examples:\n  koen-align"));
    }
    koen().args(["batch", "--help"]).assert().stdout(contains("--no-self-train"));
    for command in ["align", "stream"] {
        koen().args([command, "--help"]).assert().stdout(contains("--no-self-train").not());
    }
}

#[test]
fn tsv_takes_bitextor_s_columns_when_the_manifest_names_urls_and_keeps_three_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let docs = root().join("corpus/docs");
    let manifest = dir.path().join("m.tsv");
    // One row's URL cell empty: the run still writes five columns on every row.
    std::fs::write(
        &manifest,
        format!(
            "id\tko\ten\turl_ko\turl_en\n\
             a\t{d}/ko-en-001-semiconductor-exports/ko.txt\t{d}/ko-en-001-semiconductor-exports/en.txt\thttps://ko.example/1\thttps://en.example/1\n\
             b\t{d}/ko-en-002-apec-lima-minerals/ko.txt\t{d}/ko-en-002-apec-lima-minerals/en.txt\t\thttps://en.example/2\n",
            d = docs.display()
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    koen().arg("batch").arg(&manifest).arg("--out").arg(&out).args(["--format", "tsv", "-q"]).assert().success();
    let tsv = std::fs::read_to_string(out.join("pairs.tsv")).unwrap();
    assert!(!tsv.is_empty());
    for row in tsv.lines() {
        let cells: Vec<&str> = row.split('\t').collect();
        assert_eq!(cells.len(), 5, "url_ko url_en ko en score: {row}");
        assert!(cells[1].starts_with("https://en.example/"), "{row}");
        assert!(cells[4].parse::<f32>().is_ok(), "{row}");
    }
    let plain = dir.path().join("plain");
    koen()
        .arg("batch")
        .arg(root().join("corpus/manifest.tsv"))
        .arg("--out")
        .arg(&plain)
        .args(["--format", "tsv", "-q"])
        .assert()
        .success();
    let tsv = std::fs::read_to_string(plain.join("pairs.tsv")).unwrap();
    assert!(tsv.lines().all(|row| row.split('\t').count() == 3), "ko en score without URLs");
}
