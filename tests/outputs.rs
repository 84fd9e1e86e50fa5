//! The output formats (`--format jsonl|tsv|moses|tmx`), `--dedup`, per-pair language
//! confidence, `align --audit FILE`, and counts that are the lines actually written.

mod common;

use assert_cmd::Command;
use common::{python3, read_jsonl, root};
use std::path::{Path, PathBuf};

fn koen() -> Command {
    Command::cargo_bin("koen-align").expect("binary built")
}

const CRASH_AT: &str = "KOEN_ALIGN_CRASH_AT";

fn corpus_manifest() -> PathBuf {
    root().join("corpus/manifest.tsv")
}

fn doc_files(id: &str) -> (PathBuf, PathBuf) {
    let dir = root().join("corpus/docs").join(id);
    (dir.join("ko.txt"), dir.join("en.txt"))
}

const DOC: &str = "ko-en-001-semiconductor-exports";

fn summary(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap()
}

/// The records summary.json says were written: the sum of `totals.pairs`.
fn summary_records(dir: &Path) -> usize {
    summary(dir)["totals"]["pairs"].as_object().unwrap().values().map(|v| v.as_u64().unwrap() as usize).sum()
}

fn lines(path: &Path) -> usize {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).lines().count()
}

/// The `<tu>` elements of a TMX file, read with quick-xml's reader, which fails on a document
/// that is not well-formed (it checks that each end tag closes the element open); also checks
/// the root and the header's required attributes.
fn tmx_units(path: &Path) -> usize {
    use quick_xml::events::Event;
    let xml = std::fs::read_to_string(path).unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut units, mut depth, mut root, mut header) = (0, 0usize, None, None);
    loop {
        match reader.read_event().unwrap_or_else(|e| panic!("{}: not well-formed: {e}", path.display())) {
            Event::Start(e) => {
                if depth == 0 {
                    root = Some(String::from_utf8_lossy(e.name().as_ref()).into_owned());
                }
                depth += 1;
                if e.name().as_ref() == b"tu" {
                    units += 1;
                }
            }
            Event::Empty(e) if e.name().as_ref() == b"header" => {
                header = Some(
                    e.attributes()
                        .map(|a| {
                            let a = a.unwrap();
                            (
                                String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                                a.unescape_value().unwrap().into_owned(),
                            )
                        })
                        .collect::<std::collections::BTreeMap<_, _>>(),
                )
            }
            Event::End(_) => depth -= 1,
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0, "unclosed elements");
    assert_eq!(root.as_deref(), Some("tmx"));
    let header = header.expect("a <header/>");
    for attribute in ["creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype"] {
        assert!(header.contains_key(attribute), "header without {attribute}: {header:?}");
    }
    assert_eq!(header["srclang"], "ko");
    units
}

/// The number a closing line gives before `unit` (`koen-align: … 77 lines (…`).
fn printed(stderr: &str, unit: &str) -> usize {
    let at = stderr.find(&format!(" {unit}")).unwrap_or_else(|| panic!("no '{unit}' in {stderr}"));
    let digits: String = stderr[..at].chars().rev().take_while(char::is_ascii_digit).collect();
    digits.chars().rev().collect::<String>().parse().unwrap_or_else(|_| panic!("no count before '{unit}' in {stderr}"))
}

/// Runs batch on the corpus and returns its output folder and stderr.
fn batch(out: &Path, args: &[&str]) -> String {
    let output =
        koen().arg("batch").arg(corpus_manifest()).arg("--out").arg(out).arg("-q").args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    stderr
}

#[test]
fn batch_jsonl_counts_are_its_lines_at_sentence_level_and_with_min_score() {
    let dir = tempfile::tempdir().unwrap();
    for (name, args) in [("sentence", &["--level", "sentence"][..]), ("min", &["--min-score", "0.9"][..])] {
        let out = dir.path().join(name);
        let stderr = batch(&out, args);
        let written = lines(&out.join("pairs.jsonl"));
        assert_eq!(summary_records(&out), written, "{name}");
        assert_eq!(printed(&stderr, "lines"), written, "{stderr}");
        let nulls = read_jsonl(&out.join("pairs.jsonl")).iter().filter(|p| p["ko"] == "" || p["en"] == "").count();
        assert!(stderr.contains(&format!("{} pairs, {nulls} null beads", written - nulls)), "{stderr}");
    }
    // Sentence pairs outnumber paragraph beads: the count is not the beads'.
    let paragraph = dir.path().join("paragraph");
    batch(&paragraph, &[]);
    assert!(summary_records(&dir.path().join("sentence")) > summary_records(&paragraph));
}

#[test]
fn batch_tsv_counts_are_its_rows_and_rows_are_ko_en_score_without_urls() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tsv");
    let stderr = batch(&out, &["--format", "tsv", "--min-score", "0.9"]);
    let rows = lines(&out.join("pairs.tsv"));
    assert_eq!(summary_records(&out), rows);
    assert_eq!(printed(&stderr, "rows"), rows, "{stderr}");
    let text = std::fs::read_to_string(out.join("pairs.tsv")).unwrap();
    for row in text.lines() {
        let cells: Vec<&str> = row.split('\t').collect();
        assert_eq!(cells.len(), 3, "{row}");
        assert!(cells[2].parse::<f32>().unwrap() >= 0.9, "{row}");
    }
    // Null beads are not rows, so the summary counts none.
    let kinds = summary(&out)["totals"]["pairs"].as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert!(kinds.iter().all(|k| !k.starts_with("0-") && !k.ends_with("-0")), "{kinds:?}");
}

#[test]
fn batch_moses_counts_are_the_lines_of_each_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("moses");
    let stderr = batch(&out, &["--format", "moses", "--level", "sentence"]);
    let (ko, en) = (lines(&out.join("pairs.ko")), lines(&out.join("pairs.en")));
    assert_eq!(ko, en);
    assert_eq!(summary_records(&out), ko);
    assert_eq!(printed(&stderr, "lines"), ko, "{stderr}");
}

#[test]
fn batch_tmx_counts_are_its_units_and_the_file_is_well_formed_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tmx");
    // Chunks of 3: the header and footer wrap three joined parts once.
    let stderr = batch(&out, &["--format", "tmx", "--chunk-size", "3", "--min-score", "0.5"]);
    let units = tmx_units(&out.join("pairs.tmx"));
    assert_eq!(summary_records(&out), units);
    assert_eq!(printed(&stderr, "translation units"), units, "{stderr}");
    let text = std::fs::read_to_string(out.join("pairs.tmx")).unwrap();
    assert_eq!(text.matches("<?xml").count(), 1);
    assert_eq!(text.matches("<header").count(), 1);
    assert_eq!(text.matches("</tmx>").count(), 1);
    assert!(text.contains("segtype=\"paragraph\""));
    // Each side's language confidence is a property of its variant.
    assert_eq!(text.matches("<prop type=\"x-lang-confidence\">").count(), 2 * units);
    assert!(!out.join("pairs.jsonl").exists(), "a TMX run publishes pairs.tmx only");

    // Every unit is one of the JSON lines' pairs, in order, and none is missing.
    let jsonl = dir.path().join("jsonl");
    batch(&jsonl, &["--min-score", "0.5"]);
    let pairs = read_jsonl(&jsonl.join("pairs.jsonl")).into_iter().filter(|p| p["ko"] != "" && p["en"] != "").count();
    assert_eq!(units, pairs);

    let sentence = dir.path().join("sentence");
    batch(&sentence, &["--format", "tmx", "--level", "sentence"]);
    assert!(std::fs::read_to_string(sentence.join("pairs.tmx")).unwrap().contains("segtype=\"sentence\""));
    assert_eq!(summary_records(&sentence), tmx_units(&sentence.join("pairs.tmx")));
}

/// Reads pairs.tmx back with Python's XML parser and compares its segments with pairs.jsonl's
/// pairs: the same texts, in the same order, with each unit's id, score and confidences.
#[test]
fn tmx_reads_back_in_python_as_the_jsonl_pairs() {
    if !python3() {
        eprintln!("SKIPPED: python3 is not installed, so pairs.tmx cannot be read back with xml.etree");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (tmx, jsonl) = (dir.path().join("tmx"), dir.path().join("jsonl"));
    batch(&tmx, &["--format", "tmx", "--chunk-size", "2"]);
    batch(&jsonl, &[]);
    let script = r#"
import json, sys
import xml.etree.ElementTree as ET
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "tmx" and root.get("version") == "1.4", root.attrib
header = root.find("header")
assert header.get("srclang") == "ko" and header.get("creationtool") == "koen-align", header.attrib
units = []
for tu in root.find("body").findall("tu"):
    props = {p.get("type"): p.text for p in tu.findall("prop")}
    sides = {}
    for tuv in tu.findall("tuv"):
        conf = {p.get("type"): p.text for p in tuv.findall("prop")}
        sides[tuv.get(XML_LANG)] = (tuv.find("seg").text or "", float(conf["x-lang-confidence"]))
    units.append((props["x-id"], sides["ko"][0], sides["en"][0], float(props["x-score"]), sides["ko"][1], sides["en"][1]))
pairs = []
for line in open(sys.argv[2], encoding="utf-8"):
    r = json.loads(line)
    if r["ko"] and r["en"]:
        pairs.append((r["id"], r["ko"], r["en"], r["score"], r["ko_lang_confidence"], r["en_lang_confidence"]))
assert len(units) == len(pairs) > 0, (len(units), len(pairs))
for u, p in zip(units, pairs):
    assert u[:3] == p[:3], (u, p)
    assert all(abs(a - b) < 1e-4 for a, b in zip(u[3:], p[3:])), (u, p)
print(f"{len(units)} units read back")
"#;
    let output = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(tmx.join("pairs.tmx"))
        .arg(jsonl.join("pairs.jsonl"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    eprintln!("{}", String::from_utf8_lossy(&output.stdout));
}

/// A TMX batch with `--dedup` killed after its first chunk: the resumed run reloads the pairs
/// that chunk kept (the later copies of its document are still dropped) and joins the parts
/// between one header and one footer, as an uninterrupted run does.
#[test]
fn a_tmx_dedup_batch_killed_after_a_chunk_resumes_to_the_same_file() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = manifest_with_repeats(dir.path());
    let args = ["-q", "--format", "tmx", "--chunk-size", "2", "--dedup"];
    let run = |out: &Path, extra: &[&str], crash: Option<&str>| {
        let mut cmd = koen();
        cmd.arg("batch").arg(&manifest).arg("--out").arg(out).args(args).args(extra);
        if let Some(step) = crash {
            cmd.env(CRASH_AT, step);
        }
        cmd.output().unwrap()
    };
    let expected = dir.path().join("expected");
    assert!(run(&expected, &[], None).status.success());
    let out = dir.path().join("out");
    let crashed = run(&out, &[], Some("chunk:0"));
    assert_eq!(crashed.status.code(), Some(86), "{}", String::from_utf8_lossy(&crashed.stderr));
    assert!(!out.join("pairs.tmx").exists());
    let resumed = run(&out, &["--resume"], None);
    assert!(resumed.status.success(), "{}", String::from_utf8_lossy(&resumed.stderr));
    for f in ["pairs.tmx", "summary.json", "audit.jsonl"] {
        let same = std::fs::read(out.join(f)).unwrap() == std::fs::read(expected.join(f)).unwrap();
        assert!(same, "{f}: the resumed run differs from an uninterrupted one");
    }
    assert_eq!(tmx_units(&out.join("pairs.tmx")), summary_records(&out));
    assert!(summary(&out)["totals"]["dedup"]["exact"].as_u64().unwrap() > 0);
}

#[test]
fn align_writes_jsonl_and_tsv_to_stdout_and_refuses_moses_and_tmx_without_out() {
    let (ko, en) = doc_files(DOC);
    for (format, unit) in [("jsonl", "lines"), ("tsv", "rows")] {
        let output =
            koen().arg("align").arg("--ko").arg(&ko).arg("--en").arg(&en).args(["--format", format]).output().unwrap();
        assert!(output.status.success());
        let (stdout, stderr) =
            (String::from_utf8(output.stdout).unwrap(), String::from_utf8_lossy(&output.stderr).into_owned());
        assert_eq!(printed(&stderr, unit), stdout.lines().count(), "{format}: {stderr}");
        assert!(stderr.contains("written to stdout"), "{stderr}");
        if format == "tsv" {
            assert!(stdout.lines().all(|l| l.split('\t').count() == 3), "{stdout}");
        } else {
            assert!(stdout.lines().all(|l| serde_json::from_str::<serde_json::Value>(l).is_ok()));
        }
    }
    for format in ["moses", "tmx"] {
        let output =
            koen().arg("align").arg("--ko").arg(&ko).arg("--en").arg(&en).args(["--format", format]).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("--out") && output.stdout.is_empty(), "{stderr}");
    }
}

#[test]
fn align_out_counts_are_the_lines_of_every_format() {
    let (ko, en) = doc_files(DOC);
    let dir = tempfile::tempdir().unwrap();
    for (format, file, unit) in [
        ("jsonl", "pairs.jsonl", "lines"),
        ("tsv", "pairs.tsv", "rows"),
        ("moses", "pairs.en", "lines"),
        ("tmx", "pairs.tmx", "translation units"),
    ] {
        let out = dir.path().join(format);
        let output = koen()
            .arg("align")
            .arg("--ko")
            .arg(&ko)
            .arg("--en")
            .arg(&en)
            .args(["--level", "sentence", "--format", format, "--out"])
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{stderr}");
        let written = if format == "tmx" { tmx_units(&out.join(file)) } else { lines(&out.join(file)) };
        assert_eq!(summary_records(&out), written, "{format}");
        assert_eq!(printed(&stderr, unit), written, "{format}: {stderr}");
        assert!(stderr.contains(&out.join(file).display().to_string()), "{stderr}");
    }
}

#[test]
fn align_audit_file_holds_both_audit_files_records_and_the_line_says_where_they_went() {
    let (ko, en) = doc_files(DOC);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("audit.jsonl");
    let run = |extra: &[&std::ffi::OsStr]| {
        let output = koen().arg("align").arg("--ko").arg(&ko).arg("--en").arg(&en).args(extra).output().unwrap();
        assert!(output.status.success());
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let stderr = run(&["--audit".as_ref(), file.as_os_str()]);
    assert!(stderr.contains(&format!("audited in {}", file.display())), "{stderr}");
    let out = dir.path().join("out");
    run(&["--out".as_ref(), out.as_os_str()]);
    let mut expected = read_jsonl(&out.join("audit.jsonl"));
    expected.extend(read_jsonl(&out.join("audit-inline.jsonl")));
    let mut got = read_jsonl(&file);
    let key = |v: &serde_json::Value| v.to_string();
    expected.sort_by_key(key);
    got.sort_by_key(key);
    assert!(!got.is_empty());
    assert_eq!(got, expected);
    assert!(got.iter().any(|a| a["scope"] == "block") && got.iter().any(|a| a["scope"] != "block"));

    // Without --out or --audit, the line says the removals were not written and how to keep them.
    let stderr = run(&[]);
    assert!(stderr.contains("not written") && stderr.contains("--audit FILE"), "{stderr}");
    assert!(!stderr.contains("removals audited in"), "{stderr}");
}

#[test]
fn stream_writes_jsonl_or_tsv_and_refuses_files_formats() {
    let (ko, en) = doc_files(DOC);
    let line = serde_json::json!({
        "id": "s",
        "ko": std::fs::read_to_string(&ko).unwrap(),
        "en": std::fs::read_to_string(&en).unwrap(),
    })
    .to_string();
    let input = format!("{line}\n{line}\n");
    let run = |args: &[&str]| koen().arg("stream").args(args).write_stdin(input.clone()).output().unwrap();
    let jsonl = run(&[]);
    let tsv = run(&["--format", "tsv"]);
    assert!(jsonl.status.success() && tsv.status.success());
    let records = String::from_utf8(jsonl.stdout).unwrap();
    let rows = String::from_utf8(tsv.stdout).unwrap();
    let pairs: Vec<serde_json::Value> = records.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let non_null = pairs.iter().filter(|p| p["ko"] != "" && p["en"] != "").count();
    assert_eq!(rows.lines().count(), non_null);
    assert!(rows.lines().all(|r| r.split('\t').count() == 3));

    // --dedup: the second copy of the document gives no pair, only its null beads.
    let dedup = run(&["--dedup"]);
    assert!(dedup.status.success());
    let deduped = String::from_utf8(dedup.stdout).unwrap().lines().count();
    assert_eq!(deduped, pairs.len() - non_null / 2);
    let stderr = String::from_utf8_lossy(&dedup.stderr);
    assert!(
        stderr.contains(&format!("{} repeated pairs left out ({} exact, 0 near)", non_null / 2, non_null / 2)),
        "{stderr}"
    );

    for format in ["moses", "tmx"] {
        let refused = run(&["--format", format]);
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert_eq!(refused.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("stdout") && stderr.contains("batch") && refused.stdout.is_empty(), "{stderr}");
    }
}

/// A manifest of the corpus, then a copy of its first document, then that document with every
/// digit changed (near repeats for the pairs with digits, exact for the others), all in `dir`.
fn manifest_with_repeats(dir: &Path) -> PathBuf {
    let mut manifest = String::from("id\tko\ten\n");
    let corpus = std::fs::read_to_string(corpus_manifest()).unwrap();
    for row in corpus.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cells: Vec<&str> = row.split('\t').collect();
        let base = root().join("corpus");
        manifest.push_str(&format!(
            "{}\t{}\t{}\n",
            cells[0],
            base.join(cells[1]).display(),
            base.join(cells[2]).display()
        ));
    }
    let (ko, en) = doc_files(DOC);
    manifest.push_str(&format!("copy\t{}\t{}\n", ko.display(), en.display()));
    let shift = |text: String| -> String {
        text.chars().map(|c| c.to_digit(10).map_or(c, |d| char::from(b'0' + ((d + 1) % 10) as u8))).collect()
    };
    for (side, path) in [("ko", &ko), ("en", &en)] {
        std::fs::write(dir.join(format!("digits.{side}.txt")), shift(std::fs::read_to_string(path).unwrap())).unwrap();
    }
    manifest.push_str("digits\tdigits.ko.txt\tdigits.en.txt\n");
    let path = dir.join("manifest.tsv");
    std::fs::write(&path, manifest).unwrap();
    path
}

#[test]
fn batch_dedup_drops_exact_and_near_repeats_counts_them_and_does_not_depend_on_threads_or_chunks() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = manifest_with_repeats(dir.path());
    let run = |out: &Path, args: &[&str]| {
        let output = koen().arg("batch").arg(&manifest).arg("--out").arg(out).arg("-q").args(args).output().unwrap();
        assert!(output.status.success());
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let plain = dir.path().join("plain");
    run(&plain, &[]);
    assert!(summary(&plain)["totals"].get("dedup").is_none(), "no dedup field without --dedup");
    let one = dir.path().join("one");
    let stderr = run(&one, &["--dedup", "--threads", "1", "--chunk-size", "1"]);
    let s = summary(&one);
    let (exact, near) =
        (s["totals"]["dedup"]["exact"].as_u64().unwrap(), s["totals"]["dedup"]["near"].as_u64().unwrap());
    assert!(exact > 0 && near > 0, "{}", s["totals"]);
    assert!(stderr.contains(&format!("({exact} exact, {near} near)")), "{stderr}");

    let pairs = |dir: &Path| read_jsonl(&dir.join("pairs.jsonl"));
    let (all, kept) = (pairs(&plain), pairs(&one));
    assert_eq!(all.len() - kept.len(), (exact + near) as usize);
    assert_eq!(lines(&one.join("pairs.jsonl")), summary_records(&one));
    // The copy and its digit-shifted twin keep only their null beads; the first document keeps all.
    for id in ["copy", "digits"] {
        assert!(kept.iter().filter(|p| p["id"] == id).all(|p| p["ko"] == "" || p["en"] == ""), "{id}");
        let per_doc = s["documents"].as_array().unwrap().iter().find(|d| d["id"] == id).unwrap();
        assert!(per_doc["dedup"]["exact"].as_u64().unwrap() + per_doc["dedup"]["near"].as_u64().unwrap() > 0);
    }
    assert_eq!(kept.iter().filter(|p| p["id"] == DOC).count(), all.iter().filter(|p| p["id"] == DOC).count());
    // Null beads are never dropped.
    let nulls = |rows: &[serde_json::Value]| rows.iter().filter(|p| p["ko"] == "" || p["en"] == "").count();
    assert_eq!(nulls(&all), nulls(&kept));

    let many = dir.path().join("many");
    run(&many, &["--dedup", "--threads", "2", "--chunk-size", "3"]);
    for f in ["pairs.jsonl", "summary.json"] {
        let same = std::fs::read(one.join(f)).unwrap() == std::fs::read(many.join(f)).unwrap();
        assert!(same, "{f} depends on threads or chunks");
    }
}

#[test]
fn align_dedup_drops_a_paragraph_pair_the_article_repeats() {
    let dir = tempfile::tempdir().unwrap();
    let (ko, en) = (dir.path().join("ko.txt"), dir.path().join("en.txt"));
    std::fs::write(
        &ko,
        "정부는 16일 수출이 2.5% 늘었다고 밝혔다.\n\n반도체 수출은 역대 최대를 기록했다.\n\n정부는 16일 수출이 2.5% 늘었다고 밝혔다.\n",
    )
    .unwrap();
    std::fs::write(
        &en,
        "Exports rose 2.5 percent, the government said on the 16th.\n\nChip exports hit a record high.\n\nExports rose 2.5 percent, the government said on the 16th.\n",
    )
    .unwrap();
    let run = |dedup: bool| {
        let mut cmd = koen();
        cmd.arg("align").arg("--ko").arg(&ko).arg("--en").arg(&en);
        if dedup {
            cmd.arg("--dedup");
        }
        let output = cmd.output().unwrap();
        assert!(output.status.success());
        (String::from_utf8(output.stdout).unwrap(), String::from_utf8_lossy(&output.stderr).into_owned())
    };
    let (all, _) = run(false);
    let (kept, stderr) = run(true);
    assert_eq!(all.lines().count(), 3, "{all}");
    assert_eq!(kept.lines().count(), 2, "{kept}");
    assert!(stderr.contains("1 repeated pair left out (1 exact, 0 near)"), "{stderr}");
}

#[test]
fn each_non_null_side_has_a_language_confidence_and_null_sides_none() {
    let dir = tempfile::tempdir().unwrap();
    for (name, args) in [("p", &[][..]), ("s", &["--level", "sentence"][..]), ("k", &["--keep-boilerplate"][..])] {
        let out = dir.path().join(name);
        batch(&out, args);
        let pairs = read_jsonl(&out.join("pairs.jsonl"));
        let mut below = 0;
        for p in &pairs {
            for side in ["ko", "en"] {
                let confidence = p.get(format!("{side}_lang_confidence"));
                if p[side] == "" {
                    assert!(confidence.is_none(), "{p}");
                } else {
                    let c = confidence.and_then(|c| c.as_f64()).unwrap_or_else(|| panic!("no confidence: {p}"));
                    assert!((0.0..=1.0).contains(&c), "{p}");
                    below += usize::from(c < 0.5);
                }
            }
        }
        // Kept boilerplate (UI strings, datelines) is where the language is unsure.
        if name == "k" {
            assert!(below > 0, "some kept boilerplate reads as no language");
        }
    }
}

#[test]
fn tsv_rows_with_urls_are_in_bitextors_column_order() {
    use koen_align::{write_pairs, Format, PairRecord};
    let record = |url_ko: Option<&str>, url_en: Option<&str>| PairRecord {
        id: "d".into(),
        ko: "수출이\n늘었다.".into(),
        en: "Exports rose.".into(),
        ko_blocks: vec![0, 1],
        en_blocks: vec![0],
        kind: "2-1".into(),
        score: 0.75,
        ko_lang_confidence: Some(1.0),
        en_lang_confidence: Some(0.9),
        url_ko: url_ko.map(str::to_owned),
        url_en: url_en.map(str::to_owned),
        meta: Default::default(),
    };
    let rows = vec![
        record(Some("https://ko.example/1"), Some("https://en.example/1")),
        record(None, None),
        record(Some("https://ko.example/2"), None),
    ];
    let mut out = Vec::new();
    write_pairs(&rows, Format::Tsv, &mut [&mut out]).unwrap();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "https://ko.example/1\thttps://en.example/1\t수출이 늘었다.\tExports rose.\t0.75");
    assert_eq!(lines[1], "수출이 늘었다.\tExports rose.\t0.75");
    assert_eq!(lines[2], "https://ko.example/2\t\t수출이 늘었다.\tExports rose.\t0.75");
}
