//! The binary on the bundled corpus and on bad input.

mod common;

use assert_cmd::Command;
use common::{read_jsonl, root};
use koen_align::{score, Level};

fn koen() -> Command {
    Command::cargo_bin("koen-align").expect("binary built")
}

#[test]
fn batch_on_the_corpus_writes_every_output_and_scores_well() {
    let out = tempfile::tempdir().unwrap();
    koen().arg("batch").arg(root().join("corpus/manifest.tsv")).arg("--out").arg(out.path()).assert().success();

    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("summary.json")).unwrap()).unwrap();
    let manifest_rows = std::fs::read_to_string(root().join("corpus/manifest.tsv"))
        .unwrap()
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .count();
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
        assert_eq!(
            kind,
            format!("{}-{}", p["ko_blocks"].as_array().unwrap().len(), p["en_blocks"].as_array().unwrap().len())
        );
    }
    let audit = read_jsonl(&out.path().join("audit.jsonl"));
    let inline = read_jsonl(&out.path().join("audit-inline.jsonl"));
    for a in audit.iter().chain(&inline) {
        for field in ["id", "side", "block", "text", "lang", "rule", "reason", "scope"] {
            assert!(a.get(field).is_some(), "audit row without {field}: {a}");
        }
    }
    // audit.jsonl holds removed blocks only (the eval contract); stripped fragments go apart.
    assert!(audit.iter().all(|a| a["scope"] == "block"));
    assert!(inline.iter().all(|a| a["scope"] == "inline-prefix" || a["scope"] == "inline-suffix"));
    assert!(inline.iter().any(|a| a["rule"] == "wire-dateline-ko"), "the corpus has Korean wire datelines");

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
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("summary.json")).unwrap()).unwrap();
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
    let output =
        koen().arg("align").arg("--ko").arg(doc.join("ko.txt")).arg("--en").arg(doc.join("en.txt")).output().unwrap();
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
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
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
        koen()
            .args(["batch", "--threads", threads])
            .arg(root().join("corpus/manifest.tsv"))
            .arg("--out")
            .arg(out.path())
            .assert()
            .success();
        (std::fs::read(out.path().join("pairs.jsonl")).unwrap(), std::fs::read(out.path().join("audit.jsonl")).unwrap())
    };
    assert_eq!(run("1"), run("2"));
}

/// A manifest of `n` copies of the corpus documents, with fresh ids, in `dir`.
fn repeated_manifest(dir: &std::path::Path, n: usize) -> std::path::PathBuf {
    let docs = root().join("corpus/docs");
    let mut ids: Vec<String> =
        std::fs::read_dir(&docs).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    ids.sort();
    let mut m = String::from("id\tko\ten\n");
    for i in 0..n {
        let d = docs.join(&ids[i % ids.len()]);
        m.push_str(&format!("doc{i:05}\t{}\t{}\n", d.join("ko.txt").display(), d.join("en.txt").display()));
    }
    let path = dir.join("manifest.tsv");
    std::fs::write(&path, m).unwrap();
    path
}

#[test]
fn a_killed_run_resumes_without_losing_or_repeating_documents() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = repeated_manifest(dir.path(), 600);
    let bin = assert_cmd::cargo::cargo_bin("koen-align");
    // The reference: one uninterrupted run.
    let full = dir.path().join("full");
    koen()
        .arg("batch")
        .arg(&manifest)
        .arg("--out")
        .arg(&full)
        .args(["--chunk-size", "20", "--threads", "1"])
        .assert()
        .success();
    // Start the same run, kill it hard once some chunks are on disk, then resume.
    let out = dir.path().join("out");
    let mut child = std::process::Command::new(&bin)
        .arg("batch")
        .arg(&manifest)
        .arg("--out")
        .arg(&out)
        .args(["--chunk-size", "20", "--threads", "1"])
        .spawn()
        .unwrap();
    let parts = out.join(".koen-align-parts");
    let started = std::time::Instant::now();
    loop {
        let done = std::fs::read_dir(&parts)
            .map(|d| {
                d.filter_map(|e| e.ok()).filter(|e| e.file_name().to_string_lossy().ends_with(".summary.jsonl")).count()
            })
            .unwrap_or(0);
        if done >= 3 || started.elapsed() > std::time::Duration::from_secs(60) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL: no chance to clean up
    child.wait().unwrap();
    if out.join("summary.json").exists() {
        eprintln!("the run finished before it could be killed; resuming a finished folder is still checked");
    }
    koen()
        .arg("batch")
        .arg(&manifest)
        .arg("--out")
        .arg(&out)
        .args(["--chunk-size", "20", "--threads", "1", "--resume"])
        .assert()
        .success();
    for f in ["pairs.jsonl", "audit.jsonl", "audit-inline.jsonl", "summary.json"] {
        assert_eq!(
            std::fs::read(out.join(f)).unwrap(),
            std::fs::read(full.join(f)).unwrap(),
            "{f} differs after resume"
        );
    }
    assert!(!parts.exists(), "part files left behind");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["totals"]["documents"], 600);
    assert_eq!(summary["totals"]["ok"], 600);
}

#[test]
fn resuming_with_other_settings_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = repeated_manifest(dir.path(), 10);
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join(".koen-align-parts")).unwrap();
    std::fs::write(out.join(".koen-align-parts/run.json"), "{\"manifest\":\"elsewhere\"}").unwrap();
    koen()
        .arg("batch")
        .arg(&manifest)
        .arg("--out")
        .arg(&out)
        .arg("--resume")
        .assert()
        .failure()
        .stderr(predicates::str::contains("cannot resume"));
}

#[test]
fn bad_inputs_fail_alone_with_clear_messages_and_strict_sets_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let good = root().join("corpus/docs/ko-en-001-semiconductor-exports");
    let d = dir.path();
    std::fs::write(d.join("binary.txt"), [0u8, 159, 146, 150, 0, 1, 2, 3]).unwrap();
    std::fs::write(d.join("english-only.txt"), "This page has no Korean at all.\n\nNot one line of it.\n").unwrap();
    std::fs::write(d.join("huge-block.txt"), "가".repeat(4_000_000)).unwrap();
    let many: String = (0..100_000).map(|i| format!("문단 {i}입니다.\n\n")).collect();
    std::fs::write(d.join("many-blocks.txt"), many).unwrap();
    let (ko, en) = (good.join("ko.txt"), good.join("en.txt"));
    let manifest = format!(
        "id\tko\ten\ngood\t{ko}\t{en}\nbinary\tbinary.txt\t{en}\nno-korean\tenglish-only.txt\t{en}\nhuge\thuge-block.txt\t{en}\nmany\tmany-blocks.txt\t{en}\nno-english\t{ko}\t{ko}\n",
        ko = ko.display(),
        en = en.display()
    );
    std::fs::write(d.join("m.tsv"), manifest).unwrap();
    let out = d.join("out");
    koen().arg("batch").arg(d.join("m.tsv")).arg("--out").arg(&out).assert().success();
    koen().arg("batch").arg(d.join("m.tsv")).arg("--out").arg(d.join("out2")).arg("--strict").assert().code(1);
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let docs = summary["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 6);
    let find = |id: &str| docs.iter().find(|x| x["id"] == id).unwrap();
    assert_eq!(find("good")["status"], "ok");
    for (id, words) in [
        ("binary", vec!["binary.txt", "binary"]),
        ("no-korean", vec!["english-only.txt", "no Korean text"]),
        ("huge", vec!["huge-block.txt", "bytes without a paragraph break"]),
        ("many", vec!["many-blocks.txt", "blocks on one page"]),
        ("no-english", vec!["ko.txt", "no English text"]),
    ] {
        let e = find(id);
        assert_eq!(e["status"], "failed", "{id}");
        let msg = e["error"].as_str().unwrap();
        for w in words {
            assert!(msg.contains(w), "{id}: {msg}");
        }
    }
}

#[test]
fn tsv_and_moses_formats_hold_the_same_pairs() {
    let dir = tempfile::tempdir().unwrap();
    let m = root().join("corpus/manifest.tsv");
    let run = |fmt: &str| {
        let out = dir.path().join(fmt);
        koen().arg("batch").arg(&m).arg("--out").arg(&out).args(["--format", fmt]).assert().success();
        out
    };
    let jsonl = read_jsonl(&run("jsonl").join("pairs.jsonl"));
    let pairs: Vec<&serde_json::Value> = jsonl.iter().filter(|p| p["ko"] != "" && p["en"] != "").collect();
    let tsv = std::fs::read_to_string(run("tsv").join("pairs.tsv")).unwrap();
    let tsv_lines: Vec<&str> = tsv.lines().collect();
    assert_eq!(tsv_lines.len(), pairs.len());
    for (line, p) in tsv_lines.iter().zip(&pairs) {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 3);
        assert_eq!(f[0], p["ko"].as_str().unwrap().replace('\n', " "));
        assert_eq!(f[2].parse::<f64>().unwrap(), p["score"].as_f64().unwrap());
    }
    let moses = run("moses");
    let ko = std::fs::read_to_string(moses.join("pairs.ko")).unwrap();
    let en = std::fs::read_to_string(moses.join("pairs.en")).unwrap();
    assert_eq!(ko.lines().count(), pairs.len());
    assert_eq!(en.lines().count(), pairs.len());
    assert_eq!(en.lines().next().unwrap(), pairs[0]["en"].as_str().unwrap().replace('\n', " "));
}

#[test]
fn stream_reads_documents_from_stdin_and_writes_pairs() {
    let good = root().join("corpus/docs/ko-en-004-u23-football-qualifier");
    let ko = std::fs::read_to_string(good.join("ko.txt")).unwrap();
    let en = std::fs::read_to_string(good.join("en.txt")).unwrap();
    let input = format!(
        "{}\n{}\n{}\n",
        serde_json::json!({"id": "a", "ko": ko, "en": en}),
        serde_json::json!({"id": "b", "page": "<p>정부는 16일 수출이 2.5% 늘었다고 밝혔다.</p><p>The government said on the 16th that exports rose 2.5 percent.</p>"}),
        "{\"id\": \"c\"}"
    );
    let output = koen().arg("stream").arg("--strict").write_stdin(input).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "with --strict, a bad line makes the exit status 1");
    let lines: Vec<serde_json::Value> =
        String::from_utf8(output.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(lines.iter().filter(|l| l["id"] == "a" && l["kind"] == "1-1").count() >= 5);
    assert!(lines.iter().any(|l| l["id"] == "b" && l["kind"] == "1-1"), "a bilingual HTML page is split and paired");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("\"line\":3") && stderr.contains("a document needs"), "{stderr}");
}

#[test]
fn batch_report_audit_table_and_keep_boilerplate() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let report = dir.path().join("report.html");
    koen()
        .arg("batch")
        .arg(root().join("corpus/manifest.tsv"))
        .arg("--out")
        .arg(&out)
        .arg("--report")
        .arg(&report)
        .args(["--chunk-size", "3"])
        .assert()
        .success();
    let html = std::fs::read_to_string(&report).unwrap();
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    for d in summary["documents"].as_array().unwrap() {
        assert!(html.contains(d["id"].as_str().unwrap()), "report lacks {}", d["id"]);
    }
    assert!(html.contains("<del>") && html.trim_end().ends_with("</html>"));

    let table = koen().arg("audit").arg(&out).arg("--per-document").output().unwrap();
    assert!(table.status.success());
    let table = String::from_utf8(table.stdout).unwrap();
    let audit = read_jsonl(&out.join("audit.jsonl"));
    let inline = read_jsonl(&out.join("audit-inline.jsonl"));
    assert!(!inline.is_empty());
    assert!(table.contains(&format!("{} removals", audit.len() + inline.len())), "{table}");
    assert!(table.contains("nav-trail") && table.contains("ko-en-001-semiconductor-exports"));

    // --keep-boilerplate: the same removals are audited, but no block is left out of the pairs.
    let kept = dir.path().join("kept");
    koen()
        .arg("batch")
        .arg(root().join("corpus/manifest.tsv"))
        .arg("--out")
        .arg(&kept)
        .arg("--keep-boilerplate")
        .assert()
        .success();
    let kept_audit = read_jsonl(&kept.join("audit.jsonl"));
    assert!(kept_audit.len() >= audit.len() / 2, "removals are still audited");
    let pairs = read_jsonl(&kept.join("pairs.jsonl"));
    let ks: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(kept.join("summary.json")).unwrap()).unwrap();
    let blocks_in_pairs: usize =
        pairs.iter().map(|p| p["ko_blocks"].as_array().unwrap().len() + p["en_blocks"].as_array().unwrap().len()).sum();
    let blocks_read = ks["totals"]["ko_blocks"].as_u64().unwrap() + ks["totals"]["en_blocks"].as_u64().unwrap();
    assert_eq!(blocks_in_pairs as u64, blocks_read, "every block is in a pair with --keep-boilerplate");
}

/// An invented article in two editions, each in a news-site page whose rail of teasers (whole
/// sentences, each card led by a link) sits beside the story's column.
const KO_STORY: [&str; 4] = [
    "부산항만공사는 화요일 북항 수로를 2미터 더 깊게 파는 계획을 승인했다고 밝혔다.",
    "준설 공사는 3월에 시작해 열한 달 동안 이어질 예정이라고 공사 관계자들이 설명했다.",
    "어민들은 5월에 시작되는 산란기에는 공사를 멈춰 달라고 요청했다.",
    "공사는 다음 주 어민 단체와 만난 뒤 일정을 공개하겠다고 말했다.",
];
const EN_STORY: [&str; 4] = [
    "The Busan port authority said on Tuesday it had approved a plan to deepen the north harbour channel by two metres.",
    "Dredging will start in March and is expected to last eleven months, officials of the authority explained.",
    "Fishermen have asked for the work to stop during the spawning season, which begins in May.",
    "The authority said it would publish a schedule after meeting the fishermen's association next week.",
];
const KO_RAIL: [&str; 3] = [
    "시의회는 심야버스 운행을 겨울 내내 연장하기로 의결했다고 밝혔다.",
    "동네 빵집이 호밀빵으로 전국 대회에서 세 번째 상을 받았다고 전했다.",
    "여객선 요금이 1월부터 4% 오른다고 운영사가 오늘 발표했다.",
];
const EN_RAIL: [&str; 3] = [
    "The city council has voted to extend the night bus service through the winter.",
    "A neighbourhood bakery has won a national prize for its rye bread for the third time.",
    "Ferry fares will rise by four percent from January, the operator announced today.",
];

fn edition_html(lang: &str, headline: &str, story: &[&str], rail: &[&str]) -> String {
    let story: String = story.iter().map(|p| format!("<p>{p}</p>")).collect();
    let cards: String = rail
        .iter()
        .map(|t| {
            format!(
                "<div class=card><h3><a href=/n>{}</a></h3><p>{t}</p></div>",
                t.split(' ').take(4).collect::<Vec<_>>().join(" ")
            )
        })
        .collect();
    format!(
        "<!DOCTYPE html><html lang={lang}><head><meta charset=utf-8><title>{headline}</title></head><body>\
         <div class=grid><div class=column><h1>{headline}</h1><div class=story>{story}</div></div>\
         <div class=rail>{cards}</div></div></body></html>"
    )
}

fn outside_removals(audit: &[serde_json::Value]) -> Vec<String> {
    audit
        .iter()
        .filter(|a| a["rule"] == "outside-article")
        .map(|a| a["text"].as_str().unwrap_or("").to_owned())
        .collect()
}

#[test]
fn every_html_input_path_removes_what_lies_outside_the_article_body() {
    let dir = tempfile::tempdir().unwrap();
    let ko = edition_html("ko", "북항 수로 2미터 깊어진다", &KO_STORY, &KO_RAIL);
    let en = edition_html("en", "North harbour channel to be deepened", &EN_STORY, &EN_RAIL);
    let bilingual = format!(
        "<html><body><div class=ko-edition>{}</div><div class=en-edition>{}</div></body></html>",
        ko.split("<body>").nth(1).and_then(|b| b.split("</body>").next()).unwrap_or(""),
        en.split("<body>").nth(1).and_then(|b| b.split("</body>").next()).unwrap_or("")
    );
    for (name, html) in [("ko.html", &ko), ("en.html", &en), ("both.html", &bilingual)] {
        std::fs::write(dir.path().join(name), html).unwrap();
    }
    // How many removals are teasers of the rail (each document removes each teaser once).
    let rail_count = |removed: &[String], rail: &[&str]| removed.iter().filter(|r| rail.contains(&r.as_str())).count();

    // align --ko/--en, align --page (one edition, and both editions on one page).
    let runs: [(&str, Vec<&str>); 3] = [
        ("pair", vec!["--ko", "ko.html", "--en", "en.html"]),
        ("one", vec!["--page", "en.html"]),
        ("both", vec!["--page", "both.html"]),
    ];
    for (name, args) in runs {
        let out = dir.path().join(format!("out-{name}"));
        koen().current_dir(dir.path()).arg("align").args(&args).arg("--out").arg(&out).assert().success();
        let removed = outside_removals(&read_jsonl(&out.join("audit.jsonl")));
        assert_eq!(rail_count(&removed, &EN_RAIL), 3, "{name}: {removed:?}");
        if name != "one" {
            assert_eq!(rail_count(&removed, &KO_RAIL), 3, "{name}: {removed:?}");
            let pairs = read_jsonl(&out.join("pairs.jsonl"));
            let paired = pairs.iter().filter(|p| p["kind"] == "1-1").count();
            assert!(paired >= 4, "{name}: the story is paired: {pairs:?}");
        }
    }

    // batch, with both manifest shapes.
    for (id, manifest) in [("pair", "id\tko\ten\npair\tko.html\ten.html\n"), ("both", "id\tpage\nboth\tboth.html\n")] {
        let path = dir.path().join(format!("{id}.tsv"));
        std::fs::write(&path, manifest).unwrap();
        let out = dir.path().join(format!("out-batch-{id}"));
        koen().arg("batch").arg(&path).arg("--out").arg(&out).arg("-q").assert().success();
        let removed = outside_removals(&read_jsonl(&out.join("audit.jsonl")));
        assert_eq!(rail_count(&removed, &KO_RAIL) + rail_count(&removed, &EN_RAIL), 6, "batch {id}: {removed:?}");
    }

    // stream, with both line shapes.
    let input = format!(
        "{}\n{}\n",
        serde_json::json!({"id": "pair", "ko": ko, "en": en}),
        serde_json::json!({"id": "both", "page": bilingual})
    );
    let audit_file = dir.path().join("stream-audit.jsonl");
    koen().arg("stream").arg("--audit").arg(&audit_file).write_stdin(input).assert().success();
    let removed = outside_removals(&read_jsonl(&audit_file));
    assert_eq!(rail_count(&removed, &KO_RAIL) + rail_count(&removed, &EN_RAIL), 12, "stream: {removed:?}");
}
