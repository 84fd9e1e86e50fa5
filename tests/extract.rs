//! `koen-align extract`: the article text of one-language (and bilingual) pages, with title,
//! date, author and URL, in JSON, Markdown or text; scored on corpus/pages as tests/pages.rs
//! scores `batch`.

mod common;

use assert_cmd::Command;
use common::{article_scores, root};
use koen_align::{extract_page, ArticleRecord, AuditRecord, Options};
use std::path::{Path, PathBuf};

fn extract() -> Command {
    let mut cmd = Command::cargo_bin("koen-align").unwrap();
    cmd.arg("extract");
    cmd
}

fn records(stdout: &[u8]) -> Vec<ArticleRecord> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a record: {l}: {e}")))
        .collect()
}

/// F1 of `batch` on corpus/pages when extract was added (tests/pages.rs prints it): extract
/// runs the same cleaning, and leaves out the headline, which the gold leaves out too.
const BATCH_F1: f64 = 0.9366;

#[test]
fn extracted_articles_score_at_least_what_batch_keeps() {
    let set = root().join("corpus/pages");
    let pages: Vec<PathBuf> = std::fs::read_to_string(set.join("manifest.tsv"))
        .unwrap()
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').nth(1))
        .map(|p| set.join(p))
        .collect();
    assert_eq!(pages.len(), 60);
    let out = extract().args(&pages).assert().success().get_output().stdout.clone();
    let records = records(&out);
    // One article a page, two for the bilingual one.
    assert_eq!(records.len(), 61);
    let gold: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(set.join("ground-truth.json")).unwrap()).unwrap();
    let gold = gold.as_object().unwrap();
    let (mut ps, mut rs) = (Vec::new(), Vec::new());
    for (id, g) in gold {
        let page = set.join(format!("html/{id}.html")).display().to_string();
        let text: Vec<&str> =
            records.iter().filter(|r| r.page == page).flat_map(|r| r.paragraphs.iter().map(String::as_str)).collect();
        let (p, r) = article_scores(g["articleBody"].as_str().unwrap_or(""), &text.join("\n\n"));
        eprintln!("P {p:.3} R {r:.3} {id}");
        assert!(r >= 0.85, "{id}: recall {r:.3}: article text was removed");
        ps.push(p);
        rs.push(r);
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let (p, r) = (mean(&ps), mean(&rs));
    let f1 = 2.0 * p * r / (p + r);
    eprintln!("extract on corpus/pages: {} pages, P {p:.4} R {r:.4} F1 {f1:.4}", gold.len());
    assert!(f1 >= BATCH_F1, "F1 {f1:.4} < {BATCH_F1}");
    assert!(r >= 0.98, "recall {r:.4} < 0.98");
    // The titles are the headlines the gold marks, where it marks one (the bilingual page's
    // gold is its English edition's).
    let key = |t: &str| t.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
    let (mut right, mut marked) = (0, 0);
    for r in records.iter().filter(|r| r.lang.to_string() == "en" || !r.page.contains("bilingual")) {
        let id = Path::new(&r.page).file_stem().unwrap().to_string_lossy().into_owned();
        if let Some(headline) = gold[&id]["headline"].as_str() {
            marked += 1;
            right += usize::from(r.title.as_deref().map(key) == Some(key(headline)));
        }
    }
    eprintln!("titles: {right} of {marked} are the gold headline");
    assert!(marked >= 30 && right == marked, "{right} of {marked}");
}

/// A page that declares its title, date, author and URL (written for this test).
const DECLARED: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Tidal mill grinds flour again after 80 years | The Estuary Courier</title>
<meta property="og:title" content="Tidal mill grinds flour again after 80 years">
<meta property="article:published_time" content="2025-03-02T08:30:00+00:00">
<meta name="author" content="Morwenna Tregarth">
<link rel="canonical" href="https://courier.example.test/news/tidal-mill">
</head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
<main><article>
<p class="kicker">Heritage</p>
<h1>Tidal mill grinds flour again after 80 years</h1>
<p class="byline">By Morwenna Tregarth</p>
<p>The tidal mill at Polwenna Creek turned its stones on Saturday for the first time since 1945, after volunteers spent six years rebuilding the wheel and the sluice gates that hold back the tide.</p>
<p>About 300 people watched from the quay as the ebb tide drove the wheel, and the first sacks of wholemeal flour were sold within an hour to visitors who had queued since dawn.</p>
<h2>Six years of Saturdays</h2>
<p>The restoration trust raised most of the money from small donations, and the oak for the new wheel came from a storm-felled tree on a farm two miles upstream.</p>
<p>The mill will open to visitors on the first weekend of every month, when the tides allow it to grind.</p>
</article></main>
<footer><p>© 2025 The Estuary Courier. All rights reserved.</p></footer>
</body></html>
"#;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn the_three_formats_of_a_page_that_declares_everything() {
    let dir = tempfile::tempdir().unwrap();
    let page = write(dir.path(), "mill.html", DECLARED.as_bytes());
    let out = extract().arg(&page).assert().success().get_output().stdout.clone();
    let records = records(&out);
    assert_eq!(records.len(), 1);
    let r = &records[0];
    assert_eq!(r.page, page.display().to_string());
    assert_eq!(r.lang.to_string(), "en");
    assert_eq!(r.title.as_deref(), Some("Tidal mill grinds flour again after 80 years"));
    assert_eq!(r.date.as_deref(), Some("2025-03-02T08:30:00+00:00"));
    assert_eq!(r.author.as_deref(), Some("Morwenna Tregarth"));
    assert_eq!(r.url.as_deref(), Some("https://courier.example.test/news/tidal-mill"));
    // The article's paragraphs and its subheading; not the headline (it is the title), the
    // menu, the byline or the footer.
    assert_eq!(r.paragraphs.len(), 5, "{:#?}", r.paragraphs);
    assert!(r.paragraphs[0].starts_with("The tidal mill at Polwenna Creek"));
    assert_eq!(r.paragraphs[2], "Six years of Saturdays");
    assert!(r.removed >= 3, "{}", r.removed);

    let md = extract().arg(&page).args(["--format", "markdown"]).assert().success().get_output().stdout.clone();
    let md = String::from_utf8(md).unwrap();
    let expected_start = "# Tidal mill grinds flour again after 80 years\n\n\
                          2025-03-02T08:30:00+00:00 · Morwenna Tregarth · https://courier.example.test/news/tidal-mill\n\n\
                          The tidal mill at Polwenna Creek turned its stones";
    assert!(md.starts_with(expected_start), "{md}");
    assert!(md.contains("\n\n## Six years of Saturdays\n\n"), "{md}");
    assert!(md.ends_with("when the tides allow it to grind.\n"), "{md}");

    let text = extract().arg(&page).args(["--format", "text"]).assert().success().get_output().stdout.clone();
    let text = String::from_utf8(text).unwrap();
    let blocks: Vec<&str> = text.trim_end().split("\n\n").collect();
    assert_eq!(blocks[0], "Tidal mill grinds flour again after 80 years");
    assert_eq!(blocks[1..], r.paragraphs.iter().map(String::as_str).collect::<Vec<_>>()[..]);
    assert!(!text.contains("##") && !text.contains("Morwenna"), "{text}");
}

#[test]
fn a_text_page_has_its_headline_and_its_byline_s_author() {
    let dir = tempfile::tempdir().unwrap();
    let ko = write(
        dir.path(),
        "ko.txt",
        "폐광 마을에 첫 도서관 문 열어\n\n\
         (태백=연합뉴스) 한서진 기자 = 옛 탄광 사무소를 고친 마을 도서관이 15일 문을 열었다.\n\n\
         주민들은 3년 동안 책 1만2천 권을 모았고, 군은 건물 수리비 4억 원을 댔다.\n\n\
         도서관은 매주 화요일부터 일요일까지 문을 연다.\n\n\
         한서진 기자 seojin@example.test\n"
            .as_bytes(),
    );
    let en = write(
        dir.path(),
        "en.txt",
        b"Ferry crews vote to strike over rota changes\n\n\
          By Idris Penhallow\n\n\
          Crews on the island ferry voted on Tuesday to strike for two days next month over changes to their shift rota.\n\n\
          The operator said it would run a reduced timetable and urged passengers to check before travelling.\n",
    );
    let out = extract().arg(&ko).arg(&en).assert().success().get_output().stdout.clone();
    let records = records(&out);
    assert_eq!(records.len(), 2);
    let (k, e) = (&records[0], &records[1]);
    assert_eq!((k.lang.to_string(), e.lang.to_string()), ("ko".to_owned(), "en".to_owned()));
    assert_eq!(k.title.as_deref(), Some("폐광 마을에 첫 도서관 문 열어"));
    assert_eq!(k.author.as_deref(), Some("한서진"));
    // The dateline is stripped from the lead paragraph, the closing byline removed.
    assert!(k.paragraphs[0].starts_with("옛 탄광 사무소를"), "{:?}", k.paragraphs);
    assert_eq!(k.paragraphs.len(), 3, "{:?}", k.paragraphs);
    assert_eq!(e.title.as_deref(), Some("Ferry crews vote to strike over rota changes"));
    assert_eq!(e.author.as_deref(), Some("Idris Penhallow"));
    assert_eq!(e.paragraphs.len(), 2, "{:?}", e.paragraphs);
    // A text page declares no date or URL.
    assert!(k.date.is_none() && k.url.is_none() && e.date.is_none() && e.url.is_none());
}

#[test]
fn a_bilingual_page_gives_both_articles_labelled() {
    let page = root().join("corpus/pages/html/b2-20-bilingual-ko-en.html");
    let out = extract().arg(&page).assert().success().get_output().stdout.clone();
    let records = records(&out);
    let langs: Vec<String> = records.iter().map(|r| r.lang.to_string()).collect();
    assert_eq!(langs, ["ko", "en"]);
    let hangul = |t: &str| t.chars().any(|c| ('가'..='힣').contains(&c));
    assert!(records[0].paragraphs.iter().all(|p| hangul(p)), "{:?}", records[0].paragraphs);
    assert!(records[1].paragraphs.iter().all(|p| !hangul(p)), "{:?}", records[1].paragraphs);
    assert!(records[0].title.as_deref().is_some_and(hangul));
    assert!(records[1].title.as_deref().is_some_and(|t| !hangul(t)));
    // On stdout, Markdown labels each article as `head` labels files.
    let md = extract().arg(&page).args(["--format", "markdown"]).assert().success().get_output().stdout.clone();
    let md = String::from_utf8(md).unwrap();
    let name = page.display();
    assert!(md.starts_with(&format!("==> {name} (ko) <==\n# ")), "{md}");
    assert!(md.contains(&format!("\n\n==> {name} (en) <==\n# ")), "{md}");
    // In a folder, each article has its file.
    let dir = tempfile::tempdir().unwrap();
    extract().arg(&page).args(["--format", "markdown", "--out"]).arg(dir.path()).assert().success();
    let mut files: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    files.sort();
    assert_eq!(files, ["b2-20-bilingual-ko-en.en.md", "b2-20-bilingual-ko-en.ko.md"]);
    let ko = std::fs::read_to_string(dir.path().join("b2-20-bilingual-ko-en.ko.md")).unwrap();
    assert!(md.contains(&ko), "the file is the article as printed");
}

#[test]
fn unreadable_pages_are_reported_and_the_rest_extracted() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "mill.html", DECLARED.as_bytes());
    let missing = dir.path().join("missing.html");
    let binary = write(dir.path(), "photo.html", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0");
    let out_dir = dir.path().join("out");
    let audit = dir.path().join("removed.jsonl");
    let run = extract()
        .arg(&missing)
        .arg(&good)
        .arg(&binary)
        .args(["--out"])
        .arg(&out_dir)
        .arg("--audit")
        .arg(&audit)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(stderr.contains(&format!("{}: cannot read", missing.display())), "{stderr}");
    assert!(stderr.contains(&format!("{}: binary file", binary.display())), "{stderr}");
    assert!(stderr.contains("3 pages: 1 articles extracted, 2 pages failed"), "{stderr}");
    let written: ArticleRecord =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("mill.json")).unwrap()).unwrap();
    assert_eq!(written.title.as_deref(), Some("Tidal mill grinds flour again after 80 years"));
    assert_eq!(std::fs::read_dir(&out_dir).unwrap().count(), 1);
    // The audit holds the page's removals in audit.jsonl's records, as many as it counts.
    let audit: Vec<AuditRecord> =
        std::fs::read_to_string(&audit).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(audit.len(), written.removed);
    assert!(audit.iter().all(|a| a.id == good.display().to_string()));
    assert!(audit.iter().any(|a| a.text == "By Morwenna Tregarth"), "{audit:?}");
    // --strict makes a failed page fail the run.
    extract().arg(&missing).arg(&good).arg("--strict").assert().code(1);
}

#[test]
fn pages_that_would_share_a_file_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("a")).unwrap();
    let one = write(dir.path(), "mill.html", DECLARED.as_bytes());
    let two = write(&dir.path().join("a"), "mill.txt", b"Some text.");
    let run = extract().arg(&one).arg(&two).arg("--out").arg(dir.path().join("out")).assert().code(2);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(stderr.contains("--out names files by stem"), "{stderr}");
}

#[test]
fn the_library_extracts_bytes_as_the_command_does() {
    let x = extract_page(DECLARED.as_bytes(), Path::new("mill.html"), &Options::default()).unwrap();
    assert_eq!(x.page, "mill.html");
    assert!(!x.is_bilingual());
    let article = &x.articles[0];
    assert_eq!(article.removed, x.audit.len());
    assert!(x.to_markdown().starts_with("# Tidal mill grinds flour again after 80 years\n\n2025-03-02"));
    assert_eq!(x.to_markdown(), article.to_markdown());
    assert_eq!(x.records()[0], article.record("mill.html"));
    assert!(article.blocks.iter().any(|b| b.heading && b.text == "Six years of Saturdays"));
    // A page in a third language is not an article to extract.
    let french = "<p>Le moulin à marée a tourné samedi pour la première fois depuis 1945, après six ans de travaux.</p>\
                  <p>Environ trois cents personnes ont regardé la roue depuis le quai pendant la marée descendante.</p>";
    let err = extract_page(french.as_bytes(), Path::new("fr.html"), &Options::default()).unwrap_err().to_string();
    assert!(err.starts_with("fr.html: mostly in a language other than Korean or English"), "{err}");
}
