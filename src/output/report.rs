//! `--report FILE.html`: one self-contained page (inline CSS, no scripts, no external
//! resources) showing each document's two editions side by side: aligned pairs in rows with
//! their scores, unpaired blocks alone in their column, and removed blocks struck through at
//! their place on the page with the rule that removed them and why.

use super::plural;
use crate::model::Document;
use crate::model::{AuditEntry, Bead, Removal, Side};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// A pair scoring below this is marked low (red).
const LOW: f32 = 0.5;
/// A pair scoring at least this is marked high (green); in between, amber.
const HIGH: f32 = 0.8;

const CSS: &str = "\
body{font:14px/1.45 \"Noto Sans\",\"DejaVu Sans\",system-ui,sans-serif;color:#1d1d1f;max-width:1500px;margin:0 auto;padding:0 18px 40px}\
:lang(ko){font-family:\"Noto Sans CJK KR\",\"Noto Sans KR\",\"Apple SD Gothic Neo\",\"Malgun Gothic\",sans-serif}\
h1{font-size:22px;margin:18px 0 4px}\
h2{font-size:17px;margin:30px 0 2px;padding-top:10px;border-top:3px solid #333}\
h2 a{color:#999;font-size:12px;font-weight:normal;text-decoration:none;margin-left:8px}\
.c{color:#555;font-size:13px;margin:0 0 8px}\
.k{font-size:12px;color:#555;margin:0 0 6px}\
.k span{display:inline-block;padding:0 6px;margin-right:6px;border-radius:3px}\
nav ol{columns:3 300px;font-size:13px;margin:6px 0;padding-left:2.5em}\
nav li span{color:#777}\
nav li b{color:#b3261e;font-weight:normal}\
table{border-collapse:collapse;width:100%;table-layout:fixed}\
th{text-align:left;font-size:12px;color:#666;border-bottom:2px solid #999;padding:4px 8px}\
td{vertical-align:top;padding:5px 8px;border-bottom:1px solid #e2e2e2;overflow-wrap:anywhere}\
.s{width:70px;text-align:center}\
td.s{font:12px/1.3 \"DejaVu Sans Mono\",ui-monospace,monospace;color:#333}\
td.s b{display:block;height:6px;margin-top:3px;border-radius:3px;background:#e4e4e4;overflow:hidden}\
td.s i{display:block;height:6px}\
td.s small{display:block;color:#888}\
td.h i{background:#2e9d4f}td.m i{background:#e39b00}td.l i{background:#d93025}td.m{color:#8a5a00}\
tr.l td{background:#fdecea}tr.l td.s{color:#b3261e;font-weight:bold}\
tr.n td.s{color:#999}\
tr.x td{background:#f6f6f6;color:#8c8c8c;font-size:12.5px;padding:3px 8px}\
tr.x td:empty{background:#fbfbfb}\
del{color:#7d7d7d;text-decoration-color:#c0392b}\
.r{font:11px \"DejaVu Sans Mono\",ui-monospace,monospace;color:#fff;background:#9c6b6b;border-radius:3px;padding:0 4px;margin-right:5px;white-space:nowrap}\
.w{font-size:11.5px;color:#888}\
p{margin:0 0 .35em}p:last-child{margin:0}\
.u{color:#a05a00;font-size:11px}";

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    escape_into(&mut out, s);
    out
}

fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// One row of a document's table.
enum Row<'a> {
    /// An aligned (or unpaired) bead.
    Bead(&'a Bead),
    /// Blocks outside every bead (removed, normally), side by side: Korean, English.
    Outside(Option<usize>, Option<usize>),
}

/// What the audit says about one document, looked up by page and block.
struct DocAudit<'a> {
    /// Whole-block removals.
    blocks: BTreeMap<(Side, usize), Vec<&'a AuditEntry>>,
    /// Inline fragments (prefixes and suffixes) stripped from kept blocks.
    fragments: BTreeMap<(Side, usize), Vec<&'a AuditEntry>>,
}

impl<'a> DocAudit<'a> {
    fn of(doc: &'a Document) -> Self {
        let mut blocks: BTreeMap<(Side, usize), Vec<&AuditEntry>> = BTreeMap::new();
        let mut fragments: BTreeMap<(Side, usize), Vec<&AuditEntry>> = BTreeMap::new();
        for a in &doc.audit {
            let map = if a.scope == Removal::Block { &mut blocks } else { &mut fragments };
            map.entry((a.side, a.block)).or_default().push(a);
        }
        DocAudit { blocks, fragments }
    }
}

/// The rows of a document in page order: beads in alignment order, and before each bead the
/// blocks of either page that lie before it and belong to no bead (removed blocks), paired
/// up side by side so that the top and bottom chrome of both pages share rows.
fn rows<'a>(doc: &'a Document, audit: &DocAudit<'_>) -> Vec<Row<'a>> {
    let outside = |side: Side, count: usize| -> Vec<usize> {
        let in_beads: BTreeSet<usize> =
            doc.beads.iter().flat_map(|b| if side == Side::Ko { b.ko.iter() } else { b.en.iter() }).copied().collect();
        let mut set: BTreeSet<usize> = (0..count).filter(|i| !in_beads.contains(i)).collect();
        set.extend(audit.blocks.keys().filter(|(s, _)| *s == side).map(|(_, i)| *i).filter(|i| !in_beads.contains(i)));
        set.into_iter().collect()
    };
    let ko_out = outside(Side::Ko, doc.ko_blocks.len());
    let en_out = outside(Side::En, doc.en_blocks.len());
    let (mut ki, mut ei) = (0, 0);
    let mut rows = Vec::with_capacity(doc.beads.len() + ko_out.len().max(en_out.len()));

    let mut flush = |rows: &mut Vec<Row<'a>>, ko_before: Option<usize>, en_before: Option<usize>| {
        let ko_start = ki;
        while ki < ko_out.len() && ko_before.is_none_or(|b| ko_out[ki] < b) {
            ki += 1;
        }
        let en_start = ei;
        while ei < en_out.len() && en_before.is_none_or(|b| en_out[ei] < b) {
            ei += 1;
        }
        let (ko, en) = (&ko_out[ko_start..ki], &en_out[en_start..ei]);
        for j in 0..ko.len().max(en.len()) {
            rows.push(Row::Outside(ko.get(j).copied(), en.get(j).copied()));
        }
    };
    for bead in &doc.beads {
        // A page without a block in this bead keeps its pending removals for later rows
        // (nothing lies before block 0); `None` flushes everything, at the end.
        let ko_before = Some(bead.ko.first().copied().unwrap_or(0));
        let en_before = Some(bead.en.first().copied().unwrap_or(0));
        flush(&mut rows, ko_before, en_before);
        rows.push(Row::Bead(bead));
    }
    flush(&mut rows, None, None);
    rows
}

/// Renders the report page for `docs`, in the given order.
pub fn render_report(docs: &[Document], title: &str) -> String {
    let sections: Vec<(String, ReportStats)> = docs.iter().enumerate().map(|(i, d)| report_document(i, d)).collect();
    let stats: Vec<ReportStats> = sections.iter().map(|(_, s)| s.clone()).collect();
    let mut out = report_head(title, &stats);
    for (html, _) in &sections {
        out.push_str(html);
    }
    out.push_str(REPORT_TAIL);
    out
}

/// The end of a report page.
pub const REPORT_TAIL: &str = "</body></html>\n";

/// One document's section of a report (its number `n` anchors the table of contents), and
/// the counts the report's head needs; a batch renders documents as they finish and
/// writes the head last, so the report never holds the whole batch.
pub fn report_document(n: usize, doc: &Document) -> (String, ReportStats) {
    let stats = ReportStats::of(doc);
    let mut out = String::with_capacity(8192);
    render_document(&mut out, n, doc, &stats);
    (out, stats)
}

/// A report's head: title, totals, legend and table of contents.
pub fn report_head(title: &str, stats: &[ReportStats]) -> String {
    let mut out = String::with_capacity(4096 + stats.len() * 128);
    out.push_str("<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8><meta name=viewport content=\"width=device-width\"><title>");
    escape_into(&mut out, title);
    out.push_str("</title><style>");
    out.push_str(CSS);
    out.push_str("</style></head><body>\n<h1 id=top>");
    escape_into(&mut out, title);
    out.push_str("</h1>\n");

    let pairs: usize = stats.iter().map(|s| s.pairs).sum();
    let unpaired: usize = stats.iter().map(|s| s.unpaired).sum();
    let removed: usize = stats.iter().map(|s| s.removed.0 + s.removed.1).sum();
    let fragments: usize = stats.iter().map(|s| s.fragments).sum();
    let low: usize = stats.iter().map(|s| s.low).sum();
    let _ = writeln!(
        out,
        "<p class=c>{} document{} · {pairs} aligned pair{} ({low} scoring below {LOW}) · {unpaired} unpaired block{} · {removed} block{} removed · {fragments} inline fragment{} stripped</p>",
        stats.len(),
        plural(stats.len()),
        plural(pairs),
        plural(unpaired),
        plural(removed),
        plural(fragments),
    );
    let _ = writeln!(
        out,
        "<p class=k><span style=\"background:#e3f3e7\">score ≥ {HIGH}</span><span style=\"background:#fdf3d6\">{LOW}–{HIGH}</span><span style=\"background:#fdecea\">&lt; {LOW}: check</span><span style=\"background:#f6f6f6;color:#8c8c8c\"><del>removed</del> <span class=r>rule</span> reason</span></p>"
    );

    if stats.len() > 1 {
        out.push_str("<nav><ol>\n");
        for (i, s) in stats.iter().enumerate() {
            let _ = write!(out, "<li><a href=#d{i}>");
            escape_into(&mut out, &s.id);
            let _ =
                write!(out, "</a> <span>{} pairs, {} removed</span>", s.pairs, s.removed.0 + s.removed.1 + s.fragments);
            if s.low > 0 {
                let _ = write!(out, " <b>{} low</b>", s.low);
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ol></nav>\n");
    }
    out
}

/// Counts shown in a document's heading and the table of contents.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReportStats {
    id: String,
    pairs: usize,
    kinds: BTreeMap<String, usize>,
    unpaired: usize,
    low: usize,
    mean: Option<f32>,
    /// Whole blocks removed: Korean page, English page.
    removed: (usize, usize),
    fragments: usize,
}

impl ReportStats {
    fn of(doc: &Document) -> ReportStats {
        let paired: Vec<&Bead> = doc.beads.iter().filter(|b| !b.is_null()).collect();
        let mut kinds = BTreeMap::new();
        for b in &paired {
            *kinds.entry(b.kind()).or_insert(0) += 1;
        }
        let block = |side| doc.audit.iter().filter(|a| a.scope == Removal::Block && a.side == side).count();
        ReportStats {
            id: doc.id.clone(),
            pairs: paired.len(),
            kinds,
            unpaired: doc.beads.iter().filter(|b| b.is_null()).map(|b| b.ko.len() + b.en.len()).sum(),
            low: paired.iter().filter(|b| b.score < LOW).count(),
            mean: (!paired.is_empty()).then(|| paired.iter().map(|b| b.score).sum::<f32>() / paired.len() as f32),
            removed: (block(Side::Ko), block(Side::En)),
            fragments: doc.audit.iter().filter(|a| a.scope != Removal::Block).count(),
        }
    }
}

fn render_document(out: &mut String, n: usize, doc: &Document, s: &ReportStats) {
    let _ = write!(out, "<h2 id=d{n}>");
    escape_into(out, &doc.id);
    out.push_str("<a href=#top>↑ top</a></h2>\n<p class=c>");
    let kinds: Vec<String> = s.kinds.iter().map(|(k, v)| format!("{k} ×{v}")).collect();
    let _ = write!(out, "{} aligned pair{}", s.pairs, plural(s.pairs));
    if !kinds.is_empty() {
        let _ = write!(out, " ({})", kinds.join(", "));
    }
    if let Some(mean) = s.mean {
        let _ = write!(out, ", mean score {mean:.2}");
    }
    if s.low > 0 {
        let _ = write!(out, ", <b style=\"color:#b3261e\">{} below {LOW}</b>", s.low);
    }
    let _ = writeln!(
        out,
        " · {} unpaired block{} · removed: {} Korean block{}, {} English block{}, {} inline fragment{} · blocks read: {} Korean, {} English</p>",
        s.unpaired,
        plural(s.unpaired),
        s.removed.0,
        plural(s.removed.0),
        s.removed.1,
        plural(s.removed.1),
        s.fragments,
        plural(s.fragments),
        doc.ko_blocks.len(),
        doc.en_blocks.len(),
    );

    let audit = DocAudit::of(doc);
    out.push_str(
        "<table><thead><tr><th>Korean edition</th><th class=s>score</th><th>English edition</th></tr></thead><tbody>\n",
    );
    for row in rows(doc, &audit) {
        match row {
            Row::Bead(b) => bead_row(out, doc, &audit, b),
            Row::Outside(k, e) => {
                out.push_str("<tr class=x>");
                outside_cell(out, doc, &audit, Side::Ko, k);
                out.push_str("<td class=s></td>");
                outside_cell(out, doc, &audit, Side::En, e);
                out.push_str("</tr>\n");
            }
        }
    }
    out.push_str("</tbody></table>\n");
}

fn bead_row(out: &mut String, doc: &Document, audit: &DocAudit<'_>, b: &Bead) {
    if b.is_null() {
        out.push_str("<tr class=n>");
        content_cell(out, doc, audit, Side::Ko, &b.ko);
        out.push_str("<td class=s>–<small>unpaired</small></td>");
        content_cell(out, doc, audit, Side::En, &b.en);
    } else {
        let class = if b.score < LOW {
            "l"
        } else if b.score < HIGH {
            "m"
        } else {
            "h"
        };
        let _ = write!(out, "<tr class={class}>");
        content_cell(out, doc, audit, Side::Ko, &b.ko);
        let width = (b.score.clamp(0.0, 1.0) * 100.0).round();
        let _ = write!(out, "<td class=\"s {class}\">{:.2}<b><i style=\"width:{width}%\"></i></b>", b.score);
        if b.ko.len() != 1 || b.en.len() != 1 {
            let _ = write!(out, "<small>{}</small>", b.kind());
        }
        out.push_str("</td>");
        content_cell(out, doc, audit, Side::En, &b.en);
    }
    out.push_str("</tr>\n");
}

fn lang(side: Side) -> &'static str {
    match side {
        Side::Ko => "ko",
        Side::En => "en",
    }
}

/// The text of a block as read from its page.
fn block_as_read(doc: &Document, side: Side, index: usize) -> Option<&str> {
    let blocks = match side {
        Side::Ko => &doc.ko_blocks,
        Side::En => &doc.en_blocks,
    };
    match blocks.get(index) {
        Some(b) if b.index == index => Some(b.text.as_str()),
        _ => blocks.iter().find(|b| b.index == index).map(|b| b.text.as_str()),
    }
}

/// A bead's side: its blocks' kept text, each preceded (or followed) by the inline fragments
/// stripped from it, struck through.
fn content_cell(out: &mut String, doc: &Document, audit: &DocAudit<'_>, side: Side, blocks: &[usize]) {
    if blocks.is_empty() {
        out.push_str("<td></td>");
        return;
    }
    let _ = write!(out, "<td lang={}>", lang(side));
    let wrap = blocks.len() > 1;
    for &i in blocks {
        if wrap {
            out.push_str("<p>");
        }
        let frags = audit.fragments.get(&(side, i)).map(Vec::as_slice).unwrap_or(&[]);
        for f in frags.iter().filter(|f| f.scope == Removal::InlinePrefix) {
            fragment(out, f);
            out.push(' ');
        }
        let text = doc.content_text(side, i).or_else(|| block_as_read(doc, side, i)).unwrap_or("");
        escape_into(out, text);
        for f in frags.iter().filter(|f| f.scope == Removal::InlineSuffix) {
            out.push(' ');
            fragment(out, f);
        }
        if wrap {
            out.push_str("</p>");
        }
    }
    out.push_str("</td>");
}

fn fragment(out: &mut String, f: &AuditEntry) {
    out.push_str("<del title=\"");
    escape_into(out, &f.reason);
    out.push_str("\">");
    escape_into(out, &f.text);
    out.push_str("</del> <span class=r title=\"");
    escape_into(out, &f.reason);
    out.push_str("\">");
    escape_into(out, &f.rule);
    out.push_str("</span>");
}

/// A block outside every bead: normally removed (struck through, with rule and reason); a
/// block neither aligned nor audited is shown plainly and flagged, so nothing is hidden.
fn outside_cell(out: &mut String, doc: &Document, audit: &DocAudit<'_>, side: Side, index: Option<usize>) {
    let Some(i) = index else {
        out.push_str("<td></td>");
        return;
    };
    let _ = write!(out, "<td lang={}", lang(side));
    match audit.blocks.get(&(side, i)) {
        Some(entries) => {
            out.push_str(" title=\"");
            let reasons: Vec<&str> = entries.iter().map(|a| a.reason.as_str()).collect();
            escape_into(out, &reasons.join("; "));
            out.push_str("\"><del>");
            let text = block_as_read(doc, side, i)
                .map(str::to_owned)
                .unwrap_or_else(|| entries.iter().map(|a| a.text.as_str()).collect::<Vec<_>>().join(" "));
            escape_into(out, &text);
            out.push_str("</del><div class=w>");
            let frags = audit.fragments.get(&(side, i)).map(Vec::as_slice).unwrap_or(&[]);
            for (k, a) in entries.iter().chain(frags).enumerate() {
                if k > 0 {
                    out.push_str("; ");
                }
                out.push_str("<span class=r>");
                escape_into(out, &a.rule);
                out.push_str("</span>");
                escape_into(out, &a.reason);
            }
            out.push_str("</div></td>");
        }
        None => {
            out.push('>');
            escape_into(out, block_as_read(doc, side, i).unwrap_or(""));
            out.push_str(" <span class=u>(not aligned, not audited)</span></td>");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, LangGuess, LangMethod};

    fn block(side: Side, index: usize, text: &str) -> Block {
        Block {
            side,
            index,
            span: 0..text.len(),
            text: text.to_owned(),
            lang: LangGuess { lang: side.lang(), confidence: 1.0, method: LangMethod::Script },
            structure: None,
        }
    }

    fn entry(side: Side, block: usize, text: &str, rule: &str, reason: &str, scope: Removal) -> AuditEntry {
        AuditEntry {
            side,
            block,
            text: text.to_owned(),
            lang: side.lang(),
            rule: rule.to_owned(),
            reason: reason.to_owned(),
            scope,
        }
    }

    /// Korean: nav (removed), headline, dateline+paragraph, extra paragraph (unpaired),
    /// copyright (removed). English: headline, paragraph, share button (removed).
    fn doc() -> Document {
        let ko = vec![
            block(Side::Ko, 0, "홈 > 경제"),
            block(Side::Ko, 1, "수출 역대 최대"),
            block(Side::Ko, 2, "(세종=연합뉴스) 한서진 기자 = 수출이 늘었다."),
            block(Side::Ko, 3, "한편 수입은 줄었다."),
            block(Side::Ko, 4, "ⓒ 연합뉴스 <무단 전재>"),
        ];
        let en = vec![
            block(Side::En, 0, "Exports hit a record"),
            block(Side::En, 1, "Exports rose & \"imports\" fell <b>."),
            block(Side::En, 2, "Share"),
        ];
        let mut ko_content = vec![ko[1].clone(), ko[2].clone(), ko[3].clone()];
        ko_content[1].text = "수출이 늘었다.".to_owned();
        let en_content = vec![en[0].clone(), en[1].clone()];
        Document {
            id: "doc<1>".to_owned(),
            ko_blocks: ko,
            en_blocks: en,
            ko_content,
            en_content,
            beads: vec![
                Bead { ko: vec![1], en: vec![0], score: 0.93 },
                Bead { ko: vec![2], en: vec![1], score: 0.31 },
                Bead { ko: vec![3], en: vec![], score: 0.0 },
            ],
            sentences: Vec::new(),
            audit: vec![
                entry(Side::Ko, 0, "홈 > 경제", "ui-nav", "navigation menu and section links", Removal::Block),
                entry(
                    Side::Ko,
                    2,
                    "(세종=연합뉴스) 한서진 기자 =",
                    "dateline-wire",
                    "wire dateline and byline",
                    Removal::InlinePrefix,
                ),
                entry(Side::Ko, 4, "ⓒ 연합뉴스 <무단 전재>", "copyright", "copyright notice", Removal::Block),
                entry(Side::En, 2, "Share", "ui-share-en", "share, print and bookmark buttons", Removal::Block),
            ],
            replaced: 0,
            charset_overrides: Vec::new(),
            meta: Default::default(),
        }
    }

    #[test]
    fn escape_covers_markup_characters() {
        assert_eq!(escape("a<b>&\"c\"'d'"), "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;");
        assert_eq!(escape("한국어 plain"), "한국어 plain");
        assert_eq!(escape(""), "");
    }

    #[test]
    fn document_renders_removed_blocks_fragments_nulls_and_scores() {
        let html = render_report(&[doc()], "Report <test>");
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<title>Report &lt;test&gt;</title>"));
        assert!(html.contains("<h2 id=d0>doc&lt;1&gt;"), "id escaped in the heading");
        assert!(!html.contains("doc<1>"));
        // Removed block: struck through with its rule and reason visible.
        assert!(html.contains("<del>홈 &gt; 경제</del><div class=w><span class=r>ui-nav</span>navigation menu and section links</div>"), "{html}");
        assert!(html.contains("<del>ⓒ 연합뉴스 &lt;무단 전재&gt;</del>"));
        assert!(html.contains("title=\"share, print and bookmark buttons\"><del>Share</del>"));
        // Inline fragment: struck through at the start of its paragraph, then the kept text.
        assert!(html.contains(
            "<del title=\"wire dateline and byline\">(세종=연합뉴스) 한서진 기자 =</del> <span class=r title=\"wire dateline and byline\">dateline-wire</span> 수출이 늘었다.</td>"
        ));
        // Scores with a bar; the low one marked.
        assert!(html.contains("<tr class=h><td lang=ko>수출 역대 최대</td><td class=\"s h\">0.93<b><i style=\"width:93%\"></i></b></td><td lang=en>Exports hit a record</td></tr>"));
        assert!(html.contains("<tr class=l>"));
        assert!(html.contains("0.31<b><i style=\"width:31%\">"));
        assert!(html.contains("Exports rose &amp; &quot;imports&quot; fell &lt;b&gt;."));
        // Null bead: Korean only, English cell empty.
        assert!(html.contains(
            "<tr class=n><td lang=ko>한편 수입은 줄었다.</td><td class=s>–<small>unpaired</small></td><td></td></tr>"
        ));
        // No scripts or external resources.
        assert!(
            !html.contains("<script")
                && !html.contains("http://")
                && !html.contains("https://")
                && !html.contains("<link")
        );
    }

    #[test]
    fn rows_follow_page_order_pairing_removals_of_both_pages() {
        let html = render_report(&[doc()], "t");
        let at = |s: &str| html.find(s).unwrap_or_else(|| panic!("{s} missing"));
        // Korean nav (block 0) comes before the headline; the copyright (Korean block 4) and
        // the English share button (block 2) share the last row, after the null bead.
        assert!(at("<del>홈 &gt; 경제</del>") < at("수출 역대 최대</td>"));
        assert!(at("수출 역대 최대</td>") < at("수출이 늘었다.</td>"));
        assert!(at("한편 수입은 줄었다.") < at("<del>ⓒ 연합뉴스"));
        let last_row = &html[html.rfind("<tr class=x>").unwrap()..];
        assert!(last_row.contains("<del>ⓒ 연합뉴스") && last_row.contains("<del>Share</del>"), "{last_row}");
        let first_row = &html[at("<tr class=x>")..];
        let first_row = &first_row[..first_row.find("</tr>").unwrap()];
        assert!(
            first_row.ends_with("<td class=s></td><td></td>"),
            "English page has nothing before its headline: {first_row}"
        );
    }

    #[test]
    fn many_documents_get_a_table_of_contents() {
        let mut second = doc();
        second.id = "second".to_owned();
        let html = render_report(&[doc(), second], "t");
        assert!(html.contains("<nav><ol>"));
        assert!(html.contains("<a href=#d0>doc&lt;1&gt;</a>"));
        assert!(html.contains("<a href=#d1>second</a>"));
        assert!(html.find("id=d0").unwrap() < html.find("id=d1").unwrap());
        assert!(html.contains("2 documents"));
    }

    #[test]
    fn a_block_neither_aligned_nor_audited_is_still_shown() {
        let mut d = doc();
        d.audit.retain(|a| a.rule != "copyright");
        let html = render_report(&[d], "t");
        assert!(html.contains("ⓒ 연합뉴스 &lt;무단 전재&gt; <span class=u>(not aligned, not audited)</span>"));
    }
}
