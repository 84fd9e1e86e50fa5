//! Inputs as crawls leave them: `-` for stdin, gzip and zstd pages, manifests and stream input
//! (told by their bytes), a gzip bomb, WARC files built here record by record, and manifest
//! columns carried to the pair records.

mod common;

use assert_cmd::Command;
use common::read_jsonl;
use std::io::Write;
use std::path::Path;

fn koen() -> Command {
    Command::cargo_bin("koen-align").expect("binary built")
}

/// A short article, written for this test, in its two editions.
const KO: &str = "부산항 컨테이너 물동량 3.2% 증가

해양수산부는 12일 지난달 부산항의 컨테이너 물동량이 215만 TEU로 작년 같은 달보다 3.2% 늘었다고 밝혔다.

환적 화물은 118만 TEU로 5.1% 증가했으며, 수출입 화물은 97만 TEU로 0.8% 늘었다.

해양수산부는 미국과 중국 항로의 물동량 회복이 증가세를 이끌었다고 설명했다.
";

const EN: &str = "Busan port container volume rises 3.2 percent

The Ministry of Oceans and Fisheries said on the 12th that container volume at Busan port reached 2.15 million TEU last month, up 3.2 percent from a year earlier.

Transshipment cargo rose 5.1 percent to 1.18 million TEU, while import and export cargo grew 0.8 percent to 0.97 million TEU.

The ministry said a recovery in volume on routes to the United States and China drove the increase.
";

const KO_URL: &str = "https://news.example.com/ko/2026/03/busan-port";
const EN_URL: &str = "https://news.example.com/en/2026/03/busan-port";

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn zstd(bytes: &[u8]) -> Vec<u8> {
    zstd::stream::encode_all(bytes, 3).unwrap()
}

/// The edition as an HTML page naming its other edition (`hreflang`), as news sites do.
fn html(text: &str, lang: &str, other_lang: &str, other_url: &str) -> String {
    let mut paragraphs = text.split("\n\n").map(str::trim);
    let title = paragraphs.next().unwrap_or_default();
    let body: String = paragraphs.map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <link rel=\"alternate\" hreflang=\"{other_lang}\" href=\"{other_url}\"></head>\n\
         <body><nav><a href=\"/\">Home</a></nav><article><h1>{title}</h1>\n{body}</article></body></html>\n"
    )
}

/// One WARC/1.0 record.
fn record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{kind}-{}>\r\nWARC-Date: 2026-03-12T08:30:00Z\r\n\
         WARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        uri.len(),
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

/// An HTTP response as a crawler stores it.
fn response(headers: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!("HTTP/1.1 200 OK\r\nServer: test\r\n{headers}\r\n").into_bytes();
    r.extend_from_slice(body);
    r
}

/// A crawl of the article: a request, the Korean edition (sent gzip-compressed and chunked,
/// as wget stores it), the English edition, and an image: one record a gzip member when
/// `members`.
fn crawl(members: bool) -> Vec<u8> {
    let ko = gzip(html(KO, "ko", "en", EN_URL).as_bytes());
    let mut chunked = Vec::new();
    for part in ko.chunks(100) {
        chunked.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
        chunked.extend_from_slice(part);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let records = [
        record("request", KO_URL, "application/http; msgtype=request", b"GET /ko/2026/03/busan-port HTTP/1.1\r\n\r\n"),
        record(
            "response",
            KO_URL,
            "application/http; msgtype=response",
            &response(
                "Content-Type: text/html; charset=UTF-8\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n",
                &chunked,
            ),
        ),
        record(
            "response",
            EN_URL,
            "application/http; msgtype=response",
            &response("Content-Type: text/html\r\n", html(EN, "en", "ko", KO_URL).as_bytes()),
        ),
        record(
            "response",
            "https://news.example.com/img/port.png",
            "application/http; msgtype=response",
            &response("Content-Type: image/png\r\n", b"\x89PNG\r\n\x1a\n not really"),
        ),
    ];
    if members {
        records.iter().map(|r| gzip(r)).collect::<Vec<_>>().concat()
    } else {
        records.concat()
    }
}

/// The article's two editions as text files and a manifest naming them, in `dir`.
fn article_files(dir: &Path) {
    std::fs::write(dir.join("ko.txt"), KO).unwrap();
    std::fs::write(dir.join("en.txt"), EN).unwrap();
    std::fs::write(dir.join("manifest.tsv"), "id\tko\ten\nport\tko.txt\ten.txt\n").unwrap();
}

fn summary(out: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap()
}

fn one_to_one(records: &[serde_json::Value]) -> usize {
    records.iter().filter(|r| r["kind"] == "1-1").count()
}

#[test]
fn align_reads_one_page_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    article_files(dir.path());
    let files = koen().current_dir(dir.path()).args(["align", "--ko", "ko.txt", "--en", "en.txt"]).output().unwrap();
    assert!(files.status.success());
    let pairs = String::from_utf8(files.stdout.clone()).unwrap();
    assert!(pairs.lines().filter(|l| l.contains("\"kind\":\"1-1\"")).count() >= 3, "{pairs}");
    for (args, stdin) in [(["--ko", "-", "--en", "en.txt"], KO), (["--ko", "ko.txt", "--en", "-"], EN)] {
        let out =
            koen().current_dir(dir.path()).arg("align").args(args).args(["--id", "ko"]).write_stdin(stdin).output();
        let out = out.unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        // The default id is the Korean file's stem, `ko`; the pairs are the files' pairs.
        assert_eq!(out.stdout, files.stdout, "{args:?}");
    }
    let page = format!("{KO}\n{EN}");
    let out = koen().current_dir(dir.path()).args(["align", "--page", "-"]).write_stdin(page).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\"id\":\"stdin\"") && text.contains("\"kind\":\"1-1\""), "{text}");
    let both = koen().args(["align", "--ko", "-", "--en", "-"]).write_stdin(KO).output().unwrap();
    assert_eq!(both.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&both.stderr).contains("cannot both be - (stdin holds one page)"));
}

#[test]
fn batch_reads_its_manifest_from_stdin_relative_to_the_working_folder() {
    let dir = tempfile::tempdir().unwrap();
    article_files(dir.path());
    let manifest = std::fs::read_to_string(dir.path().join("manifest.tsv")).unwrap();
    koen().current_dir(dir.path()).args(["batch", "manifest.tsv", "--out", "from-file", "-q"]).assert().success();
    koen()
        .current_dir(dir.path())
        .args(["batch", "-", "--out", "from-stdin", "-q"])
        .write_stdin(gzip(manifest.as_bytes()))
        .assert()
        .success();
    let read = |out: &str| std::fs::read(dir.path().join(out).join("pairs.jsonl")).unwrap();
    assert_eq!(read("from-stdin"), read("from-file"));
    assert!(one_to_one(&read_jsonl(&dir.path().join("from-stdin/pairs.jsonl"))) >= 3);
    let leftovers: Vec<String> = std::fs::read_dir(dir.path().join("from-stdin"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "the manifest kept from stdin is removed after the run: {leftovers:?}");
}

#[test]
fn gzip_and_zstd_pages_manifests_and_stream_input_read_as_plain_ones() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    article_files(d);
    // Named as a crawl might name them: the bytes say what they are.
    std::fs::write(d.join("ko.page"), gzip(KO.as_bytes())).unwrap();
    std::fs::write(d.join("en.txt.zst"), zstd(EN.as_bytes())).unwrap();
    std::fs::write(d.join("packed.tsv"), gzip(b"id\tko\ten\nport\tko.page\ten.txt.zst\n")).unwrap();
    koen().current_dir(d).args(["batch", "manifest.tsv", "--out", "plain", "-q"]).assert().success();
    koen().current_dir(d).args(["batch", "packed.tsv", "--out", "packed", "-q"]).assert().success();
    let read = |out: &str| std::fs::read(d.join(out).join("pairs.jsonl")).unwrap();
    assert_eq!(read("packed"), read("plain"));
    assert_eq!(summary(&d.join("packed"))["totals"]["ok"], 1);

    let line = serde_json::json!({"id": "port", "ko": KO, "en": EN}).to_string() + "\n";
    let plain = koen().arg("stream").write_stdin(line.clone()).output().unwrap();
    assert!(plain.status.success());
    assert!(
        one_to_one(
            &plain
                .stdout
                .split(|&b| b == b'\n')
                .filter(|l| !l.is_empty())
                .map(|l| serde_json::from_slice(l).unwrap())
                .collect::<Vec<_>>()
        ) >= 3
    );
    for packed in [gzip(line.as_bytes()), zstd(line.as_bytes())] {
        let out = koen().arg("stream").write_stdin(packed).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(out.stdout, plain.stdout);
    }
}

#[test]
fn a_gzip_bomb_is_refused_at_the_page_limit_and_the_other_rows_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    article_files(d);
    // 50 MB of spaces in 50 kB: inflated whole, it would pass the limit five hundred times over.
    let bomb = gzip(&vec![b' '; 50_000_000]);
    assert!(bomb.len() < 100_000);
    std::fs::write(d.join("bomb.txt"), &bomb).unwrap();
    std::fs::write(d.join("rows.tsv"), "id\tko\ten\nbomb\tbomb.txt\ten.txt\nport\tko.txt\ten.txt\n").unwrap();
    let started = std::time::Instant::now();
    koen()
        .current_dir(d)
        .args(["batch", "rows.tsv", "--out", "out", "-q", "--max-page-bytes", "100000"])
        .assert()
        .success();
    let s = summary(&d.join("out"));
    assert_eq!(s["totals"]["ok"], 1, "{s}");
    let docs = s["documents"].as_array().unwrap();
    assert_eq!(docs[0]["status"], "failed");
    let error = docs[0]["error"].as_str().unwrap();
    assert!(error.ends_with("bomb.txt: decompresses past 100000 bytes (--max-page-bytes)"), "{error}");
    assert_eq!(docs[1]["status"], "ok");
    assert!(started.elapsed().as_secs() < 60);
    // The same bomb handed to align on stdin.
    let out = koen().args(["align", "--page", "-", "--max-page-bytes", "100000"]).write_stdin(bomb).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("stdin: decompresses past 100000 bytes"));
}

#[test]
fn a_warc_crawl_runs_through_batch_stream_and_pair_with_its_urls() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (name, members) in [("crawl.warc", false), ("crawl.warc.gz", true)] {
        let warc = d.join(name);
        std::fs::write(&warc, crawl(members)).unwrap();

        // batch: the WARC file as a manifest of its HTML pages.
        let out = d.join(format!("{name}-batch"));
        let run = koen().arg("batch").arg(&warc).arg("--out").arg(&out).arg("-q").output().unwrap();
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        let said = String::from_utf8_lossy(&run.stderr).into_owned();
        assert!(
            said.contains("2 HTML pages read as documents; skipped 1 request records, 1 responses that are not HTML"),
            "{said}"
        );
        let s = summary(&out);
        assert_eq!((s["totals"]["documents"].clone(), s["totals"]["ok"].clone()), (2.into(), 2.into()), "{s}");
        let ids: Vec<&str> = s["documents"].as_array().unwrap().iter().map(|d| d["id"].as_str().unwrap()).collect();
        assert_eq!(ids, [KO_URL, EN_URL]);
        let records = read_jsonl(&out.join("pairs.jsonl"));
        assert!(!records.is_empty());
        for r in &records {
            // A one-language page: its URL is both editions'.
            assert_eq!(r["url_ko"], r["id"], "{r}");
            assert_eq!(r["url_en"], r["id"], "{r}");
        }
        assert!(
            records.iter().any(|r| r["ko"].as_str().unwrap().contains("215만 TEU")),
            "the gzip'd, chunked page was read"
        );

        // stream: the WARC file on stdin.
        let run = koen().arg("stream").write_stdin(std::fs::read(&warc).unwrap()).output().unwrap();
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        let streamed: Vec<serde_json::Value> =
            String::from_utf8(run.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(streamed, records, "{name}: stream gives what batch gives");
        assert!(String::from_utf8_lossy(&run.stderr).contains("stdin: 2 HTML pages read as documents"));

        // pair, then batch on the pairs: each edition is a record named PATH#URI.
        let paired = d.join(format!("{name}-paired"));
        let run = koen().arg("pair").arg(&warc).arg("--out").arg(&paired).arg("-q").output().unwrap();
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        let manifest = std::fs::read_to_string(paired.join("manifest.tsv")).unwrap();
        let rows: Vec<&str> = manifest.lines().collect();
        assert_eq!(rows.len(), 2, "{manifest}");
        let fields: Vec<&str> = rows[1].split('\t').collect();
        assert_eq!(fields[1], format!("{}#{KO_URL}", warc.display()));
        assert_eq!(fields[2], format!("{}#{EN_URL}", warc.display()));
        let corpus = d.join(format!("{name}-corpus"));
        koen().arg("batch").arg(paired.join("manifest.tsv")).arg("--out").arg(&corpus).arg("-q").assert().success();
        let pairs = read_jsonl(&corpus.join("pairs.jsonl"));
        assert!(one_to_one(&pairs) >= 3, "{pairs:?}");
        for p in &pairs {
            assert_eq!((p["url_ko"].as_str(), p["url_en"].as_str()), (Some(KO_URL), Some(EN_URL)), "{p}");
            // pair's own score column is carried too.
            assert!(p["meta"]["score"].as_str().is_some_and(|s| s.parse::<f32>().is_ok()), "{p}");
        }
    }
}

#[test]
fn extra_manifest_columns_and_stream_fields_reach_every_record() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    article_files(d);
    std::fs::write(
        d.join("rich.tsv"),
        format!("id\tsource\tko\ten\turl_ko\turl_en\tlicense\nport\tmof\tko.txt\ten.txt\t{KO_URL}\t{EN_URL}\t\n"),
    )
    .unwrap();
    koen().current_dir(d).args(["batch", "rich.tsv", "--out", "out", "-q"]).assert().success();
    let records = read_jsonl(&d.join("out/pairs.jsonl"));
    assert!(one_to_one(&records) >= 3);
    for r in &records {
        assert_eq!(r["url_ko"], KO_URL, "{r}");
        assert_eq!(r["url_en"], EN_URL, "{r}");
        // An empty cell gives no value.
        assert_eq!(r["meta"], serde_json::json!({"source": "mof"}), "{r}");
    }
    // Without the columns, the records are as they were: no URL, no meta.
    koen().current_dir(d).args(["batch", "manifest.tsv", "--out", "bare", "-q"]).assert().success();
    for r in read_jsonl(&d.join("bare/pairs.jsonl")) {
        assert!(r.get("url_ko").is_none() && r.get("url_en").is_none() && r.get("meta").is_none(), "{r}");
    }

    let line = serde_json::json!({"id": "port", "ko": KO, "en": EN, "url_en": EN_URL, "batch": "2026-03", "n": 7});
    let out = koen().arg("stream").write_stdin(line.to_string()).output().unwrap();
    assert!(out.status.success());
    for l in String::from_utf8(out.stdout).unwrap().lines() {
        let r: serde_json::Value = serde_json::from_str(l).unwrap();
        assert_eq!(r["url_en"], EN_URL);
        assert!(r.get("url_ko").is_none());
        assert_eq!(r["meta"], serde_json::json!({"batch": "2026-03"}), "only string fields are carried: {r}");
    }
}
