//! `koen-align audit DIR`: what was removed from an output folder, summed up by rule, by
//! document and in total, as a plain-text table a person reads in a terminal.

use super::{one_line, plural, AuditRecord, AUDIT_FILE, INLINE_AUDIT_FILE};
use crate::error::{Error, Result};
use crate::model::{Removal, Side};
use crate::normalize::{char_width, display_width};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// How many distinct example texts a rule's row shows.
const EXAMPLES: usize = 3;
/// How wide (in terminal columns) an example text may be before it is shortened.
const EXAMPLE_WIDTH: usize = 60;

/// Reads `DIR/audit.jsonl` (removed blocks) and, when present, `DIR/audit-inline.jsonl`
/// (stripped fragments), each document's rows together in page order. Blank lines are
/// skipped; a malformed line is an error naming the file and the line.
pub fn read_audit(dir: &Path) -> Result<Vec<AuditRecord>> {
    let mut rows = read_audit_file(&dir.join(AUDIT_FILE))?;
    let inline = dir.join(INLINE_AUDIT_FILE);
    if inline.exists() {
        rows.extend(read_audit_file(&inline)?);
    }
    // Documents in the order they first appear; within one, by page and block (stable, so a block's
    // prefix stays before its suffix).
    let mut rank: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for row in &rows {
        let next = rank.len();
        rank.entry(row.id.clone()).or_insert(next);
    }
    rows.sort_by_key(|r| (rank[&r.id], r.side, r.block));
    Ok(rows)
}

fn read_audit_file(path: &Path) -> Result<Vec<AuditRecord>> {
    let path = path.to_owned();
    let text = std::fs::read_to_string(&path).map_err(|source| Error::Read { path: path.clone(), source })?;
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let row = serde_json::from_str(line).map_err(|e| Error::Eval {
            path: path.clone(),
            problem: format!("line {}: not an audit record: {e}", n + 1),
        })?;
        rows.push(row);
    }
    Ok(rows)
}

/// Removal counts split by scope and page.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Counts {
    /// All removals.
    pub total: usize,
    /// From the Korean page.
    pub ko: usize,
    /// From the English page.
    pub en: usize,
}

impl Counts {
    fn add(&mut self, side: Side) {
        self.total += 1;
        match side {
            Side::Ko => self.ko += 1,
            Side::En => self.en += 1,
        }
    }
}

/// Totals over every audit row.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct AuditTotals {
    /// Documents with at least one removal.
    pub documents: usize,
    /// Every removal (blocks and fragments).
    pub removals: Counts,
    /// Whole blocks removed.
    pub blocks: Counts,
    /// Inline fragments stripped (datelines, credits), prefixes and suffixes.
    pub fragments: Counts,
    /// Removals by the language of the removed text (`ko`, `en`, `mixed`, …).
    pub by_lang: BTreeMap<String, usize>,
}

/// One rule's line in the summary.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleSummary {
    /// The rule id.
    pub rule: String,
    /// Why the rule removes text (the reason of its first removal).
    pub reason: String,
    /// How many removals it made.
    pub count: usize,
    /// Its share of all removals, in [0, 1].
    pub share: f64,
    /// Whole blocks among them.
    pub blocks: usize,
    /// Inline fragments among them.
    pub fragments: usize,
    /// Up to three distinct removed texts, in audit order, shortened for a terminal.
    pub examples: Vec<String>,
}

/// One document's line in the summary.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocumentAudit {
    /// The document id.
    pub id: String,
    /// Every removal from it.
    pub removals: Counts,
    /// Whole blocks among them.
    pub blocks: usize,
    /// Inline fragments among them.
    pub fragments: usize,
    /// Removals by rule, most first (ties by rule id).
    pub by_rule: Vec<(String, usize)>,
}

/// An output folder's audit, summed up.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct AuditSummary {
    /// Totals.
    pub totals: AuditTotals,
    /// Rules, most removals first (ties by rule id).
    pub rules: Vec<RuleSummary>,
    /// Documents in the order they first appear in the audit.
    pub documents: Vec<DocumentAudit>,
}

/// Sums up audit rows.
pub fn summarize(rows: &[AuditRecord]) -> AuditSummary {
    let mut totals = AuditTotals::default();
    let mut rules: BTreeMap<&str, RuleSummary> = BTreeMap::new();
    let mut docs: Vec<DocumentAudit> = Vec::new();
    let mut doc_rules: Vec<BTreeMap<&str, usize>> = Vec::new();
    let mut doc_pos: BTreeMap<&str, usize> = BTreeMap::new();

    for row in rows {
        let block = row.scope == Removal::Block;
        totals.removals.add(row.side);
        if block {
            totals.blocks.add(row.side);
        } else {
            totals.fragments.add(row.side);
        }
        *totals.by_lang.entry(row.lang.to_string()).or_insert(0) += 1;

        let rule = rules.entry(row.rule.as_str()).or_insert_with(|| RuleSummary {
            rule: row.rule.clone(),
            reason: row.reason.clone(),
            count: 0,
            share: 0.0,
            blocks: 0,
            fragments: 0,
            examples: Vec::new(),
        });
        rule.count += 1;
        if block {
            rule.blocks += 1;
        } else {
            rule.fragments += 1;
        }
        if rule.examples.len() < EXAMPLES {
            let example = shorten(&one_line(&row.text), EXAMPLE_WIDTH);
            if !example.is_empty() && !rule.examples.contains(&example) {
                rule.examples.push(example);
            }
        }

        let at = *doc_pos.entry(row.id.as_str()).or_insert_with(|| {
            docs.push(DocumentAudit {
                id: row.id.clone(),
                removals: Counts::default(),
                blocks: 0,
                fragments: 0,
                by_rule: Vec::new(),
            });
            doc_rules.push(BTreeMap::new());
            docs.len() - 1
        });
        let doc = &mut docs[at];
        doc.removals.add(row.side);
        if block {
            doc.blocks += 1;
        } else {
            doc.fragments += 1;
        }
        *doc_rules[at].entry(row.rule.as_str()).or_insert(0) += 1;
    }

    for (doc, counts) in docs.iter_mut().zip(doc_rules) {
        let mut by_rule: Vec<(String, usize)> = counts.into_iter().map(|(r, n)| (r.to_owned(), n)).collect();
        by_rule.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        doc.by_rule = by_rule;
    }
    let total = totals.removals.total;
    let mut rules: Vec<RuleSummary> = rules.into_values().collect();
    for r in &mut rules {
        r.share = if total == 0 { 0.0 } else { r.count as f64 / total as f64 };
    }
    rules.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.rule.cmp(&b.rule)));
    totals.documents = docs.len();
    AuditSummary { totals, rules, documents: docs }
}

/// Renders the summary as a plain-text table aligned with spaces: totals first, then rules
/// by count with their reasons and examples, then (if `per_document`) one section per
/// document.
pub fn render_table(summary: &AuditSummary, per_document: bool) -> String {
    let mut out = String::new();
    let t = &summary.totals;
    let _ = writeln!(
        out,
        "AUDIT: {} removal{} in {} document{}",
        t.removals.total,
        plural(t.removals.total),
        t.documents,
        plural(t.documents)
    );
    out.push('\n');

    let mut totals =
        Table::new(&["", "total", "ko page", "en page"], &[Align::Left, Align::Right, Align::Right, Align::Right]);
    for (label, c) in [("blocks removed", &t.blocks), ("inline fragments", &t.fragments), ("all removals", &t.removals)]
    {
        totals.row(vec![label.to_owned(), c.total.to_string(), c.ko.to_string(), c.en.to_string()]);
    }
    totals.render_into(&mut out, "  ");
    if !t.by_lang.is_empty() {
        let langs: Vec<String> = t.by_lang.iter().map(|(l, n)| format!("{l} {n}")).collect();
        let _ = writeln!(out, "  by language of the removed text: {}", langs.join(", "));
    }

    out.push_str("\nBY RULE\n");
    if summary.rules.is_empty() {
        out.push_str("  (nothing was removed)\n");
    } else {
        let mut rules = Table::new(
            &["rule", "count", "share", "blocks", "inline", "reason / examples"],
            &[Align::Left, Align::Right, Align::Right, Align::Right, Align::Right, Align::Left],
        );
        for r in &summary.rules {
            rules.row(vec![
                r.rule.clone(),
                r.count.to_string(),
                format!("{:.1}%", r.share * 100.0),
                r.blocks.to_string(),
                r.fragments.to_string(),
                r.reason.clone(),
            ]);
            for e in &r.examples {
                rules.continuation(format!("  \u{2022} \"{e}\""));
            }
        }
        rules.render_into(&mut out, "  ");
    }

    if per_document {
        out.push_str("\nBY DOCUMENT\n");
        if summary.documents.is_empty() {
            out.push_str("  (no document had a removal)\n");
        }
        for d in &summary.documents {
            let _ = writeln!(
                out,
                "\n  {}: {} removal{} ({} block{}, {} inline; ko page {}, en page {})",
                d.id,
                d.removals.total,
                plural(d.removals.total),
                d.blocks,
                plural(d.blocks),
                d.fragments,
                d.removals.ko,
                d.removals.en
            );
            let mut rules = Table::new(&["rule", "count"], &[Align::Left, Align::Right]);
            for (rule, n) in &d.by_rule {
                rules.row(vec![rule.clone(), n.to_string()]);
            }
            rules.render_into(&mut out, "    ");
        }
    }
    out
}

#[derive(Clone, Copy)]
enum Align {
    Left,
    Right,
}

/// A table of cells padded to the widest in each column; a continuation line is printed
/// under its row, starting at the last column.
struct Table {
    head: Vec<String>,
    align: Vec<Align>,
    rows: Vec<(Vec<String>, Vec<String>)>,
}

impl Table {
    fn new(head: &[&str], align: &[Align]) -> Table {
        Table { head: head.iter().map(|h| (*h).to_owned()).collect(), align: align.to_vec(), rows: Vec::new() }
    }

    fn row(&mut self, cells: Vec<String>) {
        self.rows.push((cells, Vec::new()));
    }

    fn continuation(&mut self, line: String) {
        if let Some(last) = self.rows.last_mut() {
            last.1.push(line);
        }
    }

    fn render_into(&self, out: &mut String, indent: &str) {
        let cols = self.head.len();
        let mut widths: Vec<usize> = self.head.iter().map(|h| display_width(h)).collect();
        for (cells, _) in &self.rows {
            for (w, c) in widths.iter_mut().zip(cells) {
                *w = (*w).max(display_width(c));
            }
        }
        let line = |out: &mut String, cells: &[String]| {
            let mut s = String::from(indent);
            for (i, c) in cells.iter().enumerate().take(cols) {
                if i > 0 {
                    s.push_str("  ");
                }
                if i + 1 == cols && matches!(self.align[i], Align::Left) {
                    s.push_str(c);
                } else {
                    s.push_str(&pad(c, widths[i], self.align[i]));
                }
            }
            out.push_str(s.trim_end());
            out.push('\n');
        };
        line(out, &self.head);
        // The last column, when left-aligned, is not padded: its rule spans only the heading.
        let mut rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        if matches!(self.align[cols - 1], Align::Left) {
            rule[cols - 1] = "-".repeat(display_width(&self.head[cols - 1]));
        }
        line(out, &rule);
        let last_col: usize = widths[..cols - 1].iter().map(|w| w + 2).sum();
        for (cells, more) in &self.rows {
            line(out, cells);
            for m in more {
                let _ = writeln!(out, "{indent}{}{m}", " ".repeat(last_col));
            }
        }
    }
}

fn pad(s: &str, width: usize, align: Align) -> String {
    let fill = " ".repeat(width.saturating_sub(display_width(s)));
    match align {
        Align::Left => format!("{s}{fill}"),
        Align::Right => format!("{fill}{s}"),
    }
}

/// Shortens `s` to at most `width` terminal columns, ending it with `…` when cut.
pub(crate) fn shorten(s: &str, width: usize) -> String {
    if display_width(s) <= width {
        return s.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = char_width(c);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.truncate(out.trim_end().len());
    out.push('\u{2026}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;

    fn rec(id: &str, side: Side, block: usize, text: &str, rule: &str, scope: Removal) -> AuditRecord {
        AuditRecord {
            id: id.to_owned(),
            side,
            block,
            text: text.to_owned(),
            lang: if text.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)) { Lang::Ko } else { Lang::En },
            rule: rule.to_owned(),
            reason: format!("reason of {rule}"),
            scope,
        }
    }

    fn rows() -> Vec<AuditRecord> {
        vec![
            rec("doc-a", Side::Ko, 0, "홈 > 경제 > 산업", "ui-nav", Removal::Block),
            rec("doc-a", Side::Ko, 4, "(세종=연합뉴스) 한서진 기자 =", "dateline-yonhap", Removal::InlinePrefix),
            rec("doc-a", Side::En, 0, "Home > Economy", "ui-nav", Removal::Block),
            rec("doc-a", Side::En, 9, "Share", "ui-share-en", Removal::Block),
            rec("doc-b", Side::Ko, 0, "홈 > 경제 > 산업", "ui-nav", Removal::Block),
            rec("doc-b", Side::Ko, 1, "뉴스 홈", "ui-nav", Removal::Block),
            rec("doc-b", Side::En, 7, "Copyright © Yonhap. All rights reserved.", "copyright", Removal::Block),
        ]
    }

    #[test]
    fn totals_count_blocks_fragments_sides_and_languages() {
        let s = summarize(&rows());
        assert_eq!(s.totals.documents, 2);
        assert_eq!(s.totals.removals, Counts { total: 7, ko: 4, en: 3 });
        assert_eq!(s.totals.blocks, Counts { total: 6, ko: 3, en: 3 });
        assert_eq!(s.totals.fragments, Counts { total: 1, ko: 1, en: 0 });
        assert_eq!(s.totals.by_lang.get("ko"), Some(&4));
        assert_eq!(s.totals.by_lang.get("en"), Some(&3));
    }

    #[test]
    fn rules_sorted_by_count_with_distinct_examples_and_shares() {
        let s = summarize(&rows());
        let ids: Vec<&str> = s.rules.iter().map(|r| r.rule.as_str()).collect();
        // ui-nav (4) first, then the ties of one in id order.
        assert_eq!(ids, ["ui-nav", "copyright", "dateline-yonhap", "ui-share-en"]);
        let nav = &s.rules[0];
        assert_eq!(nav.count, 4);
        assert!((nav.share - 4.0 / 7.0).abs() < 1e-9);
        assert_eq!(nav.examples, ["홈 > 경제 > 산업", "Home > Economy", "뉴스 홈"], "duplicates shown once, in order");
        assert_eq!(nav.reason, "reason of ui-nav");
        assert_eq!(s.rules[2].fragments, 1);
        assert_eq!(s.rules[2].blocks, 0);
    }

    #[test]
    fn per_document_counts_by_rule() {
        let s = summarize(&rows());
        assert_eq!(s.documents.len(), 2);
        assert_eq!(s.documents[0].id, "doc-a");
        assert_eq!(s.documents[0].removals.total, 4);
        assert_eq!(s.documents[0].fragments, 1);
        assert_eq!(s.documents[0].by_rule[0], ("ui-nav".to_owned(), 2));
        assert_eq!(s.documents[1].by_rule, vec![("ui-nav".to_owned(), 2), ("copyright".to_owned(), 1)]);
    }

    #[test]
    fn table_is_aligned_ordered_and_deterministic() {
        let s = summarize(&rows());
        let table = render_table(&s, true);
        assert_eq!(table, render_table(&summarize(&rows()), true));
        let totals = table.find("blocks removed").unwrap();
        let by_rule = table.find("BY RULE").unwrap();
        let by_doc = table.find("BY DOCUMENT").unwrap();
        assert!(totals < by_rule && by_rule < by_doc, "{table}");
        assert!(table.find("ui-nav").unwrap() < table.find("copyright").unwrap());
        assert!(table.contains("57.1%"), "{table}");
        assert!(table.contains("\"홈 > 경제 > 산업\""), "{table}");
        assert!(table.contains("doc-b: 3 removals"), "{table}");
        assert!(!render_table(&s, false).contains("BY DOCUMENT"));

        // The count column lines up: every rule row's count ends at the same column.
        let rows: Vec<&str> =
            table.lines().skip_while(|l| !l.starts_with("BY RULE")).skip(3).take_while(|l| !l.is_empty()).collect();
        let ends: Vec<usize> = rows
            .iter()
            .filter(|l| !l.trim_start().starts_with('\u{2022}'))
            .map(|l| {
                let cells: Vec<&str> = l.split_whitespace().collect();
                l.find(&format!(" {} ", cells[1])).unwrap() + 1 + cells[1].len()
            })
            .collect();
        assert!(ends.len() == 4 && ends.windows(2).all(|w| w[0] == w[1]), "{table}");
    }

    #[test]
    fn empty_audit_renders() {
        let table = render_table(&summarize(&[]), true);
        assert!(table.starts_with("AUDIT: 0 removals in 0 documents"));
        assert!(table.contains("nothing was removed"));
    }

    #[test]
    fn width_counts_hangul_double_and_shortens_by_columns() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("홈 > 경제"), 9);
        assert_eq!(pad("경제", 6, Align::Left), "경제  ");
        let long = "가".repeat(50);
        let short = shorten(&long, 60);
        assert!(display_width(&short) <= 60);
        assert!(short.ends_with('\u{2026}'));
        assert_eq!(shorten("short", 60), "short");
        // Audited text is normalised (single spaces); a bead of several blocks has line breaks.
        assert_eq!(one_line("a\nb\tc"), "a b c");
    }

    #[test]
    fn read_audit_reads_lines_and_names_a_bad_one() {
        let dir = std::env::temp_dir().join(format!("koen-audit-table-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut text = String::new();
        for r in rows() {
            text.push_str(&serde_json::to_string(&r).unwrap());
            text.push('\n');
        }
        text.push('\n');
        std::fs::write(dir.join("audit.jsonl"), &text).unwrap();
        assert_eq!(read_audit(&dir).unwrap(), rows());

        text.push_str("{not json\n");
        std::fs::write(dir.join("audit.jsonl"), &text).unwrap();
        let err = read_audit(&dir).unwrap_err().to_string();
        assert!(err.contains("audit.jsonl") && err.contains("line 9"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();

        assert!(matches!(read_audit(&dir), Err(Error::Read { .. })));
    }
}
