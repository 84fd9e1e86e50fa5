//! The HTML report and the audit table on the bundled corpus, and the report rendered in
//! headless Chromium (skipped when Chromium is not installed).

use koen_align::{
    align_texts, audit_records, escape_html as escape, load_page_bytes, process, render_report, render_table,
    summarize, AuditEntry, BatchEvidence, Document, Options, Side,
};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every document of `corpus/docs`, processed from its plain-text pages, in id order.
fn corpus_documents() -> Vec<Document> {
    let options = Options::default();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root().join("corpus/docs"))
        .expect("corpus/docs")
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("ko.txt").is_file() && p.join("en.txt").is_file())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 6, "corpus/docs has {} documents", dirs.len());
    dirs.iter()
        .map(|d| {
            let id = d.file_name().unwrap().to_string_lossy().into_owned();
            let ko = std::fs::read_to_string(d.join("ko.txt")).unwrap();
            let en = std::fs::read_to_string(d.join("en.txt")).unwrap();
            align_texts(&id, &ko, &en, &options).unwrap_or_else(|e| panic!("{e}"))
        })
        .collect()
}

fn write_report(dir: &Path, docs: &[Document]) -> PathBuf {
    let html = render_report(docs, "koen-align report: corpus/docs");
    let path = dir.join("report.html");
    std::fs::write(&path, html).unwrap();
    path
}

#[test]
fn report_on_the_corpus_shows_every_document_removals_and_pairs() {
    let docs = corpus_documents();
    let tmp = tempfile::tempdir().unwrap();
    let path = write_report(tmp.path(), &docs);
    let html = std::fs::read_to_string(&path).unwrap();

    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    for doc in &docs {
        assert!(html.contains(&format!(">{}<", escape(&doc.id))), "{} missing from the report", doc.id);
    }
    assert!(html.contains("<del>"), "no removed block struck through");
    assert!(docs.iter().any(|d| !d.audit.is_empty()), "the corpus has boilerplate");
    // Each removal's rule id is visible.
    for doc in &docs {
        for a in &doc.audit {
            assert!(html.contains(&format!(">{}</span>", escape(&a.rule))), "rule {} not shown", a.rule);
        }
    }
    // The text of the aligned pairs, each side in a cell of one row.
    let mut pairs_seen = 0;
    for doc in &docs {
        for b in doc.beads.iter().filter(|b| b.ko.len() == 1 && b.en.len() == 1) {
            let (ko, en) = (doc.bead_text(b, Side::Ko), doc.bead_text(b, Side::En));
            let row_start = html
                .find(&format!("{}</td><td class=\"s ", escape(&ko)))
                .unwrap_or_else(|| panic!("pair text missing: {ko}"));
            let row = &html[row_start..];
            let row = &row[..row.find("</tr>").unwrap()];
            assert!(
                row.contains(&format!(">{:.2}<", b.score)) && row.contains(&escape(&en)),
                "{en} not beside {ko}: {row}"
            );
            pairs_seen += 1;
        }
    }
    assert!(pairs_seen >= docs.len(), "only {pairs_seen} one-to-one pairs checked");
    // Self-contained.
    for forbidden in ["<script", "<link", "src=", "http://", "https://", "@import"] {
        assert!(!html.contains(forbidden), "report refers to {forbidden}");
    }
}

#[test]
fn audit_table_on_the_corpus_lists_every_rule_and_document() {
    let docs = corpus_documents();
    let rows: Vec<_> = docs.iter().flat_map(audit_records).collect();
    let summary = summarize(&rows);
    assert_eq!(summary.totals.removals.total, rows.len());
    assert_eq!(summary.rules.iter().map(|r| r.count).sum::<usize>(), rows.len());
    let table = render_table(&summary, true);
    eprintln!("{table}");
    for r in &summary.rules {
        assert!(table.contains(&r.rule));
    }
    for d in docs.iter().filter(|d| !d.audit.is_empty()) {
        assert!(table.contains(&format!("{}: ", d.id)));
    }
}

/// The first of `names` found on PATH.
fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|n| std::env::split_paths(&path).map(|d| d.join(n)).find(|p| p.is_file()))
}

/// Decodes an 8-bit, non-interlaced PNG with the standard library's zlib and prints
/// `width height non_white_fraction distinct_colors`.
const PNG_STATS: &str = r#"
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
pos, idat, ihdr = 8, [], None
while pos < len(data):
    n, kind = struct.unpack('>I4s', data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b'IHDR':
        ihdr = struct.unpack('>IIBBBBB', body)
    elif kind == b'IDAT':
        idat.append(body)
    elif kind == b'IEND':
        break
    pos += 12 + n
w, h, depth, ctype, _, _, interlace = ihdr
assert depth == 8 and interlace == 0, 'unsupported PNG: depth %d interlace %d' % (depth, interlace)
bpp = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
raw = zlib.decompress(b''.join(idat))
stride = w * bpp
prev = bytearray(stride)
non_white, colors = 0, set()
for y in range(h):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    if f == 1:
        for i in range(bpp, stride):
            line[i] = (line[i] + line[i - bpp]) & 255
    elif f == 2:
        line = bytearray((a + b) & 255 for a, b in zip(line, prev))
    elif f == 3:
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
    elif f == 4:
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else (b if pb <= pc else c))) & 255
    for x in range(0, stride, bpp):
        px = bytes(line[x:x + bpp])
        if ctype in (4, 6) and px[-1] == 0:
            continue
        rgb = px[:3] if ctype in (2, 6) else px[:1]
        if min(rgb) < 245:
            non_white += 1
        if len(colors) < 4096:
            colors.add(rgb)
    prev = line
print(w, h, non_white / float(w * h), len(colors))
"#;

/// Runs headless Chromium on a local file with the flags this machine's closed network needs,
/// plus `extra` (a screenshot, or `--dump-dom`), under `timeout` when it is there.
fn run_chromium(chromium: &Path, profile: &Path, extra: &[String], page: &Path) -> std::process::Output {
    let mut cmd = if on_path(&["timeout"]).is_some() {
        let mut c = Command::new("timeout");
        c.arg("180").arg(chromium);
        c
    } else {
        Command::new(chromium)
    };
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--window-size=1280,2000",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .args(extra)
    .arg(format!("file://{}", page.display()))
    .output()
    .expect("run chromium")
}

#[test]
fn report_renders_in_headless_chromium_and_is_not_blank() {
    let Some(chromium) = on_path(&["chromium", "chromium-browser"]) else {
        eprintln!("SKIPPED: chromium not installed");
        return;
    };
    let docs = corpus_documents();
    let tmp = tempfile::tempdir().unwrap();
    let report = write_report(tmp.path(), &docs);
    let profile = tmp.path().join("profile");
    std::fs::create_dir(&profile).unwrap();
    let shot = tmp.path().join("shot.png");

    let out = run_chromium(&chromium, &profile, &[format!("--screenshot={}", shot.display())], &report);
    assert!(shot.is_file(), "chromium wrote no screenshot ({}):\n{}", out.status, String::from_utf8_lossy(&out.stderr));
    if let Some(keep) = std::env::var_os("KOEN_REPORT_SCREENSHOT") {
        let keep = Path::new(&keep);
        std::fs::copy(&shot, keep).unwrap();
        std::fs::copy(&report, keep.with_extension("html")).unwrap();
        eprintln!("screenshot kept at {} (report beside it)", keep.display());
    }

    let stats = Command::new("python3").arg("-c").arg(PNG_STATS).arg(&shot).output().expect("run python3");
    assert!(stats.status.success(), "PNG check failed: {}", String::from_utf8_lossy(&stats.stderr));
    let line = String::from_utf8(stats.stdout).unwrap();
    eprintln!("screenshot: width height non-white-fraction distinct-colors = {}", line.trim());
    let fields: Vec<&str> = line.split_whitespace().collect();
    let (width, height): (u32, u32) = (fields[0].parse().unwrap(), fields[1].parse().unwrap());
    let non_white: f64 = fields[2].parse().unwrap();
    let colors: usize = fields[3].parse().unwrap();
    assert_eq!((width, height), (1280, 2000));
    assert!(non_white > 0.02, "screenshot is blank: {:.2}% non-white pixels", non_white * 100.0);
    assert!(colors >= 16, "screenshot has only {colors} colours");
}

/// A real full web page of the shared set (a Korean portal page with its menus, rails and
/// footer), processed as a one-language page: its report, rendered by Chromium, shows the
/// article kept and each kind of removal with the element or rule that made it.
#[test]
fn report_of_a_real_page_renders_its_dom_removals_in_headless_chromium() {
    let set = root().join("../shared/eval/pages-dev");
    let manifest = set.join("manifest.tsv");
    let Ok(rows) = std::fs::read_to_string(&manifest) else {
        eprintln!("SKIPPED: {} not found (the shared evaluation set is not beside this checkout)", manifest.display());
        return;
    };
    let Some(chromium) = on_path(&["chromium", "chromium-browser"]) else {
        eprintln!("SKIPPED: chromium not installed");
        return;
    };
    // The Korean page of the set: the one whose bytes hold Hangul.
    let page = rows
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').nth(1))
        .map(|p| set.join(p))
        .find(|p| {
            std::fs::read_to_string(p).is_ok_and(|t| t.chars().filter(|c| ('가'..='힣').contains(c)).count() > 500)
        })
        .expect("a Korean page in pages-dev");
    let bytes = std::fs::read(&page).unwrap();
    let options = Options::default();
    let loaded = load_page_bytes(&bytes, &page, &options.read, &options.limits).unwrap_or_else(|e| panic!("{e}"));
    let doc = process("real-page", loaded, &options, &BatchEvidence::default());
    let outside: Vec<&AuditEntry> = doc.audit.iter().filter(|a| a.rule == "outside-article").collect();
    assert!(!outside.is_empty(), "no block of the portal page outside its article body: {:?}", doc.audit);
    assert!(outside[0].reason.starts_with("outside the article body <"), "{}", outside[0].reason);
    assert!(doc.ko_content.len() >= 5, "the article's paragraphs are kept: {}", doc.ko_content.len());

    let tmp = tempfile::tempdir().unwrap();
    let report = write_report(tmp.path(), std::slice::from_ref(&doc));
    let profile = tmp.path().join("profile");
    std::fs::create_dir(&profile).unwrap();
    let out = run_chromium(&chromium, &profile, &["--dump-dom".to_owned()], &report);
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(
        dom.contains("<del"),
        "chromium rendered no removed block ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    for rule in ["outside-article", "ui-nav"] {
        assert!(doc.audit.iter().any(|a| a.rule.starts_with(rule)), "no {rule} removal on the page");
        assert!(dom.contains(&format!(">{rule}")), "rule {rule} not shown in the rendered report");
    }
    // Chromium serialises text with `<` escaped and quotes as they are.
    let shown = outside[0].reason.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    assert!(dom.contains(&shown), "the reason naming the article body is not shown: {shown}");
    let first = &doc.ko_content[1].text;
    assert!(dom.contains(&escape(first)), "kept article text not shown: {first}");
}
