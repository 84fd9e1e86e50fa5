//! What koen-align writes: pair records, audit records and the run summary, and the
//! atomic file writer every output goes through.

pub mod audit_table;
pub mod report;

use crate::error::{Error, Result};
use crate::model::{Lang, Level, Removal, Side};
use crate::pipeline::Document;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// One line of `pairs.jsonl`: a bead with its text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PairRecord {
    /// The document id.
    pub id: String,
    /// The Korean text (blocks joined by a newline); empty for a 0-1 bead.
    pub ko: String,
    /// The English text; empty for a 1-0 bead.
    pub en: String,
    /// Korean block indices.
    pub ko_blocks: Vec<usize>,
    /// English block indices.
    pub en_blocks: Vec<usize>,
    /// `"1-1"`, `"1-2"`, …
    pub kind: String,
    /// Confidence in [0, 1].
    pub score: f32,
}

/// The file of removed blocks in an output folder: one removed block a line, the contract of
/// `../shared/eval/README.md` (whose scorer counts every line as a removed block).
pub const AUDIT_FILE: &str = "audit.jsonl";
/// The file of stripped inline fragments (datelines, bylines, credits cut from a block that was
/// kept): the same records, apart so that `audit.jsonl` holds only whole blocks.
pub const INLINE_AUDIT_FILE: &str = "audit-inline.jsonl";

/// One line of `audit.jsonl` (a removed block) or `audit-inline.jsonl` (a stripped fragment).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditRecord {
    /// The document id.
    pub id: String,
    /// The page it was removed from.
    pub side: Side,
    /// The block index on that page.
    pub block: usize,
    /// The removed text.
    pub text: String,
    /// Its language.
    pub lang: Lang,
    /// The rule that removed it.
    pub rule: String,
    /// Why.
    pub reason: String,
    /// Whole block or inline fragment.
    pub scope: Removal,
}

/// The pair records of a document at a level, in order. Null beads are always included (so
/// no content disappears silently); pairs scoring below `min_score` are left out.
pub fn records(doc: &Document, level: Level, min_score: f32) -> Vec<PairRecord> {
    let mut rows = match level {
        Level::Paragraph => pair_records(doc),
        Level::Sentence => sentence_records(doc),
    };
    if min_score > 0.0 {
        rows.retain(|r| r.ko.is_empty() || r.en.is_empty() || r.score >= min_score);
    }
    rows
}

/// The sentence pair records of a document, in order (null beads included).
pub fn sentence_records(doc: &Document) -> Vec<PairRecord> {
    doc.sentences
        .iter()
        .map(|s| PairRecord {
            id: doc.id.clone(),
            ko: s.ko.clone(),
            en: s.en.clone(),
            ko_blocks: s.ko_blocks.clone(),
            en_blocks: s.en_blocks.clone(),
            kind: format!("{}-{}", s.sizes.0, s.sizes.1),
            score: (s.score * 10_000.0).round() / 10_000.0,
        })
        .collect()
}

/// The paragraph pair records of a document, in order (null beads included).
pub fn pair_records(doc: &Document) -> Vec<PairRecord> {
    doc.beads
        .iter()
        .map(|b| PairRecord {
            id: doc.id.clone(),
            ko: doc.bead_text(b, Side::Ko),
            en: doc.bead_text(b, Side::En),
            ko_blocks: b.ko.clone(),
            en_blocks: b.en.clone(),
            kind: b.kind(),
            score: (b.score * 10_000.0).round() / 10_000.0,
        })
        .collect()
}

/// The audit records of a document whose removals took the whole block (`audit.jsonl`).
pub fn block_audit_records(doc: &Document) -> Vec<AuditRecord> {
    audit_records_where(doc, |scope| scope == Removal::Block)
}

/// The audit records of a document's stripped inline fragments (`audit-inline.jsonl`).
pub fn inline_audit_records(doc: &Document) -> Vec<AuditRecord> {
    audit_records_where(doc, |scope| scope != Removal::Block)
}

/// Every audit record of a document (blocks and inline fragments), in page order.
pub fn audit_records(doc: &Document) -> Vec<AuditRecord> {
    audit_records_where(doc, |_| true)
}

/// The audit records of a document whose scope `keep` accepts, in page order.
fn audit_records_where(doc: &Document, keep: impl Fn(Removal) -> bool) -> Vec<AuditRecord> {
    doc.audit
        .iter()
        .filter(|a| keep(a.scope))
        .map(|a| AuditRecord {
            id: doc.id.clone(),
            side: a.side,
            block: a.block,
            text: a.text.clone(),
            lang: a.lang,
            rule: a.rule.clone(),
            reason: a.reason.clone(),
            scope: a.scope,
        })
        .collect()
}

/// Per-document counts, in the summary.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DocCounts {
    /// Blocks read from the Korean page.
    pub ko_blocks: usize,
    /// Blocks read from the English page.
    pub en_blocks: usize,
    /// Whole blocks removed as boilerplate (both pages).
    pub removed_blocks: usize,
    /// Inline fragments stripped (datelines, credits).
    pub stripped_fragments: usize,
    /// Beads written, by kind.
    pub pairs: BTreeMap<String, usize>,
    /// Malformed byte sequences replaced by U+FFFD while decoding (0 for clean input).
    pub replaced_bytes: usize,
}

impl DocCounts {
    /// Counts for a processed document.
    pub fn of(doc: &Document) -> DocCounts {
        let mut pairs = BTreeMap::new();
        for b in &doc.beads {
            *pairs.entry(b.kind()).or_insert(0) += 1;
        }
        DocCounts {
            ko_blocks: doc.ko_blocks.len(),
            en_blocks: doc.en_blocks.len(),
            removed_blocks: doc.audit.iter().filter(|a| a.scope == Removal::Block).count(),
            stripped_fragments: doc.audit.iter().filter(|a| a.scope != Removal::Block).count(),
            pairs,
            replaced_bytes: doc.replaced,
        }
    }

    pub(crate) fn add(&mut self, other: &DocCounts) {
        self.ko_blocks += other.ko_blocks;
        self.en_blocks += other.en_blocks;
        self.removed_blocks += other.removed_blocks;
        self.stripped_fragments += other.stripped_fragments;
        self.replaced_bytes += other.replaced_bytes;
        for (k, v) in &other.pairs {
            *self.pairs.entry(k.clone()).or_insert(0) += v;
        }
    }
}

/// Whether a document went through.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Processed; its pairs and audit are in the output.
    Ok,
    /// Not processed; `error` says why.
    Failed,
}

/// One manifest row's entry in the summary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocSummary {
    /// The document id (or `line N` for a manifest row without one).
    pub id: String,
    /// Ok or failed.
    pub status: Status,
    /// What went wrong, when failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Counts, when ok.
    #[serde(flatten)]
    pub counts: DocCounts,
}

/// Totals over a run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    /// Manifest rows.
    pub documents: usize,
    /// Rows processed.
    pub ok: usize,
    /// Rows that failed.
    pub failed: usize,
    /// Summed counts of the ok rows.
    #[serde(flatten)]
    pub counts: DocCounts,
}

/// `summary.json`: every input accounted for.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Totals.
    pub totals: Totals,
    /// One entry per manifest row, in manifest order.
    pub documents: Vec<DocSummary>,
}

impl Summary {
    /// Adds a document's entry and updates the totals.
    pub fn push(&mut self, entry: DocSummary) {
        self.totals.documents += 1;
        match entry.status {
            Status::Ok => {
                self.totals.ok += 1;
                self.totals.counts.add(&entry.counts);
            }
            Status::Failed => self.totals.failed += 1,
        }
        self.documents.push(entry);
    }
}

/// Writes JSON lines, one value a line.
pub fn write_jsonl<W: Write + ?Sized, T: Serialize>(out: &mut W, rows: &[T]) -> std::io::Result<()> {
    for row in rows {
        serde_json::to_writer(&mut *out, row).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// A file written under a temporary name in the same folder and renamed into place on
/// [`AtomicFile::commit`], so readers never see half a file; dropped uncommitted, it is removed.
pub struct AtomicFile {
    path: PathBuf,
    tmp: PathBuf,
    writer: Option<std::io::BufWriter<std::fs::File>>,
}

impl AtomicFile {
    /// Creates the temporary file for `path`.
    pub fn create(path: &Path) -> Result<AtomicFile> {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
        let file = std::fs::File::create(&tmp).map_err(|source| Error::Write { path: tmp.clone(), source })?;
        Ok(AtomicFile { path: path.to_owned(), tmp, writer: Some(std::io::BufWriter::new(file)) })
    }

    /// The writer.
    pub fn writer(&mut self) -> &mut impl Write {
        self.writer.as_mut().expect("writer present until commit")
    }

    /// Flushes, syncs and renames the file into place.
    pub fn commit(mut self) -> Result<()> {
        let err = |source| Error::Write { path: self.path.clone(), source };
        let writer = self.writer.take().expect("commit once");
        let file = writer.into_inner().map_err(|e| err(e.into_error()))?;
        file.sync_all().map_err(err)?;
        std::fs::rename(&self.tmp, &self.path).map_err(err)?;
        Ok(())
    }

    /// The final path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.writer.is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}
