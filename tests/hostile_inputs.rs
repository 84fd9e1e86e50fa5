//! Inputs a crawl can hand over that are not pages: devices, FIFOs, endless or oversized
//! files and lines, broken bytes, malformed manifests. Each must end as a clear error for
//! its document (or line, or manifest), and the run must go on where it can.

mod common;

use assert_cmd::Command;
use common::root;

fn koen() -> Command {
    Command::cargo_bin("koen-align").expect("binary built")
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn an_os_error_is_printed_once() {
    let dir = tempfile::tempdir().unwrap();
    let output =
        koen().current_dir(dir.path()).args(["align", "--ko", "nope-ko.txt", "--en", "nope-en.txt"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr_of(&output);
    assert!(stderr.contains("nope-ko.txt"), "{stderr}");
    assert_eq!(stderr.matches("os error 2").count(), 1, "{stderr}");
}

/// A manifest of the given rows (after the header `id<TAB>ko<TAB>en`) in `dir`; `{ko}` and
/// `{en}` stand for a good corpus document's two editions.
fn manifest(dir: &std::path::Path, rows: &[&str]) -> std::path::PathBuf {
    let good = root().join("corpus/docs/ko-en-003-kpop-world-tour");
    let (ko, en) = (good.join("ko.txt"), good.join("en.txt"));
    let mut text = String::from("id\tko\ten\n");
    for row in rows {
        text.push_str(&row.replace("{ko}", &ko.display().to_string()).replace("{en}", &en.display().to_string()));
        text.push('\n');
    }
    let path = dir.join("m.tsv");
    std::fs::write(&path, text).unwrap();
    path
}

fn summary(out: &std::path::Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap()
}

/// The `error` of each document of a summary, by id (`None` for a document that is ok).
fn errors(out: &std::path::Path) -> Vec<(String, Option<String>)> {
    summary(out)["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["id"].as_str().unwrap().to_owned(), d["error"].as_str().map(str::to_owned)))
        .collect()
}

#[cfg(unix)]
#[test]
fn a_device_as_the_manifest_ends_with_a_clear_error() {
    let out = tempfile::tempdir().unwrap();
    let output = koen().args(["batch", "/dev/zero", "--out"]).arg(out.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr_of(&output);
    assert!(stderr.contains("/dev/zero: not a regular file (a character device)"), "{stderr}");
}

#[test]
fn a_manifest_line_past_the_cap_is_an_error_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let long = "x".repeat(1 << 20);
    let m = manifest(dir.path(), &["good\t{ko}\t{en}", &long]);
    let output = koen().arg("batch").arg(&m).arg("--out").arg(dir.path().join("out")).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr_of(&output);
    assert!(stderr.contains("m.tsv:3: the line is longer than 65536 bytes"), "{stderr}");
}

#[test]
fn a_manifest_may_start_with_a_byte_order_mark() {
    let dir = tempfile::tempdir().unwrap();
    let m = manifest(dir.path(), &["good\t{ko}\t{en}"]);
    let text = std::fs::read(&m).unwrap();
    std::fs::write(&m, [&b"\xEF\xBB\xBF"[..], &text].concat()).unwrap();
    let out = dir.path().join("out");
    koen().arg("batch").arg(&m).arg("--out").arg(&out).assert().success();
    assert_eq!(errors(&out), vec![("good".to_owned(), None)]);
}

#[test]
fn an_empty_id_and_a_duplicate_id_fail_their_rows_with_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let m = manifest(dir.path(), &["a\t{ko}\t{en}", "\t{ko}\t{en}", "b\t{ko}\t", "a\t{ko}\t{en}", "c\t{ko}\t{en}"]);
    let out = dir.path().join("out");
    koen().arg("batch").arg(&m).arg("--out").arg(&out).assert().success();
    let errors = errors(&out);
    let ids: Vec<&str> = errors.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["a", "line 3", "b", "a", "c"]);
    let error = |i: usize| errors[i].1.clone().unwrap_or_default();
    assert_eq!(errors[0].1, None);
    assert!(error(1).ends_with("m.tsv:3: empty id"), "{}", error(1));
    assert!(error(2).ends_with("m.tsv:4: empty en"), "{}", error(2));
    assert!(error(3).ends_with("m.tsv:5: duplicate id \"a\": already on line 2"), "{}", error(3));
    assert_eq!(errors[4].1, None);
}

#[cfg(unix)]
#[test]
fn rows_naming_a_fifo_a_device_or_a_folder_fail_alone_without_being_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success());
    assert!(made, "mkfifo");
    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).unwrap();
    let m = manifest(
        dir.path(),
        &[
            "fifo\tfifo\t{en}",
            "zero\t/dev/zero\t{en}",
            "random\t{ko}\t/dev/urandom",
            "folder\tfolder\t{en}",
            "good\t{ko}\t{en}",
        ],
    );
    let out = dir.path().join("out");
    koen().arg("batch").arg(&m).arg("--out").arg(&out).assert().success();
    // --resume reads the rows again: a FIFO must not block it either.
    std::fs::remove_file(out.join("summary.json")).unwrap();
    koen().arg("batch").arg(&m).arg("--out").arg(&out).arg("--resume").assert().success();
    let errors = errors(&out);
    let error = |i: usize| errors[i].1.clone().unwrap_or_default();
    assert!(error(0).ends_with("/fifo: not a regular file (a FIFO): only files are read"), "{}", error(0));
    assert_eq!(error(1), "/dev/zero: not a regular file (a character device): only files are read");
    assert_eq!(error(2), "/dev/urandom: not a regular file (a character device): only files are read");
    assert!(error(3).ends_with("/folder: not a regular file (a directory): only files are read"), "{}", error(3));
    assert_eq!(errors[4], ("good".to_owned(), None));
}

#[test]
fn a_page_over_max_page_bytes_fails_with_its_size_and_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    std::fs::write(&big, "정부는 수출이 늘었다고 밝혔다.\n\n".repeat(100)).unwrap();
    let size = std::fs::metadata(&big).unwrap().len();
    let m = manifest(dir.path(), &["big\tbig.txt\t{en}", "good\t{ko}\t{en}"]);
    let out = dir.path().join("out");
    koen().arg("batch").arg(&m).arg("--out").arg(&out).args(["--max-page-bytes", "4000"]).assert().success();
    let errors = errors(&out);
    let expected = format!("/big.txt: {size} bytes, more than the page limit of 4000 bytes (--max-page-bytes)");
    assert!(errors[0].1.as_deref().unwrap_or_default().ends_with(&expected), "{errors:?}");
    assert_eq!(errors[1], ("good".to_owned(), None), "the corpus page is under 4000 bytes");
    // The same cap in align, and a cap of 0 is a bad setting.
    let output = koen()
        .current_dir(dir.path())
        .args(["align", "--page", "big.txt", "--max-page-bytes", "4000"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr_of(&output).contains(&expected[1..]), "{}", stderr_of(&output));
    koen()
        .args(["align", "--page", "big.txt", "--max-page-bytes", "0"])
        .current_dir(dir.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--max-page-bytes must be at least 1"));
}

const BILINGUAL_PAGE: &str = "<p>정부는 16일 수출이 2.5% 늘었다고 밝혔다.</p><p>The government said on the 16th that exports rose 2.5 percent.</p>";

fn page_line(id: &str) -> String {
    serde_json::json!({"id": id, "page": BILINGUAL_PAGE}).to_string()
}

/// Runs `stream` on `input`: the ids of the pairs written, the JSON errors on stderr, the
/// exit status.
fn stream(input: Vec<u8>, args: &[&str]) -> (Vec<String>, Vec<serde_json::Value>, Option<i32>) {
    let output = koen().arg("stream").args(args).write_stdin(input).output().unwrap();
    let mut ids: Vec<String> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].as_str().unwrap().to_owned())
        .collect();
    ids.dedup();
    let errors = String::from_utf8_lossy(&output.stderr)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not a JSON error: {l}")))
        .collect();
    (ids, errors, output.status.code())
}

#[test]
fn stream_reports_a_line_that_is_not_utf8_and_goes_on() {
    let input =
        [page_line("a").as_bytes(), b"\n{\"id\": \"b\", \"page\": \"caf\xe9\"}\n", page_line("c").as_bytes()].concat();
    let (ids, errors, code) = stream(input, &[]);
    assert_eq!(ids, ["a", "c"]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["line"], 2);
    let message = errors[0]["error"].as_str().unwrap();
    assert!(message.starts_with("stdin line 2: not UTF-8"), "{message}");
    assert_eq!(code, Some(0));
}

#[test]
fn stream_exit_status_follows_strict_as_in_batch() {
    let input = format!("{}\n{{\"id\": \"bad\"}}\n", page_line("a")).into_bytes();
    let (ids, errors, code) = stream(input.clone(), &[]);
    assert_eq!((ids.len(), errors.len(), code), (1, 1, Some(0)), "a failed line alone does not fail the run");
    let (_, _, code) = stream(input, &["--strict"]);
    assert_eq!(code, Some(1));
    let (_, _, code) = stream(format!("{}\n", page_line("a")).into_bytes(), &["--strict"]);
    assert_eq!(code, Some(0));
}

#[test]
fn a_stream_line_with_ko_en_and_page_is_that_line_s_error() {
    let both = serde_json::json!({"id": "x", "ko": "정부는 수출이 늘었다고 밝혔다.", "en": "Exports rose.", "page": BILINGUAL_PAGE});
    let (ids, errors, _) = stream(format!("{both}\n{}\n", page_line("a")).into_bytes(), &[]);
    assert_eq!(ids, ["a"]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["error"], "stdin line 1: a line has either ko and en, or page");
}

#[test]
fn a_stream_line_past_the_cap_is_that_line_s_error_and_the_next_line_is_read() {
    // --max-page-bytes 1000: a line may hold two pages of 1000 bytes, escaped: 4000 bytes.
    let long = serde_json::json!({"id": "long", "page": "가".repeat(2_000)}).to_string();
    let zeros = vec![0u8; 10 << 20];
    let input =
        [long.as_bytes(), b"\n", page_line("a").as_bytes(), b"\n", &zeros, b"\n", page_line("b").as_bytes()].concat();
    let (ids, errors, code) = stream(input, &["--max-page-bytes", "1000"]);
    assert_eq!(ids, ["a", "b"]);
    let lines: Vec<&serde_json::Value> = errors.iter().map(|e| &e["line"]).collect();
    assert_eq!(lines, [1, 3]);
    assert_eq!(errors[0]["error"], "stdin line 1: longer than 4000 bytes (4 × --max-page-bytes)");
    assert_eq!(code, Some(0));
}
