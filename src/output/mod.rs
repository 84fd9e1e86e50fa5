//! What koen-align writes: pair records, audit records and the run summary, and the
//! atomic file writer every output goes through.

pub mod audit_table;
mod lock;
pub mod pairing;
mod publish;
pub mod report;

pub(crate) use lock::FolderLock;
pub(crate) use publish::{remove_stale_outputs, remove_stale_temporaries, Staging, SUMMARY_FILE};

use crate::error::{Error, Result};
use crate::model::{CharsetOverride, Document};
use crate::model::{Lang, Level, Removal, Side};
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
    /// The Korean edition's URL, when known: the manifest's `url_ko`, else the page's own (its
    /// WARC record's target URI, or its canonical URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_ko: Option<String>,
    /// The English edition's URL, when known (`url_en`, likewise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_en: Option<String>,
    /// The document's manifest columns beyond those koen-align reads (a stream line's other
    /// string fields), by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub meta: BTreeMap<String, String>,
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

/// What is written of each document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct OutputOptions {
    /// Paragraph beads or the sentence pairs inside them.
    pub level: Level,
    /// Pairs scoring below this are not written (null beads are always written).
    pub min_score: f32,
}

/// How pairs are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// `pairs.jsonl`: one record a line with ids, block indices, kind and score.
    #[default]
    Jsonl,
    /// `pairs.tsv`: `ko<TAB>en<TAB>score`, pairs only (as bicleaner and OpusFilter read).
    Tsv,
    /// `pairs.ko` and `pairs.en`: line-aligned plain text, pairs only (Moses).
    Moses,
}

impl crate::choice::Choice for Format {
    const CHOICES: &'static [(&'static str, Self)] =
        &[("jsonl", Format::Jsonl), ("tsv", Format::Tsv), ("moses", Format::Moses)];
}

impl Format {
    /// The final pair files of this format.
    pub fn pair_files(self) -> &'static [&'static str] {
        match self {
            Format::Jsonl => &["pairs.jsonl"],
            Format::Tsv => &["pairs.tsv"],
            Format::Moses => &["pairs.ko", "pairs.en"],
        }
    }

    /// The files of an output folder in this format but the summary: pairs, then audits.
    pub(crate) fn data_files(self) -> Vec<&'static str> {
        self.pair_files().iter().copied().chain([AUDIT_FILE, INLINE_AUDIT_FILE]).collect()
    }
}

/// The pair records of a document at a level, in order. Null beads are always included (so
/// no content disappears silently); pairs scoring below the threshold are left out.
pub fn records(doc: &Document, output: &OutputOptions) -> Vec<PairRecord> {
    let mut rows = match output.level {
        Level::Paragraph => pair_records(doc),
        Level::Sentence => sentence_records(doc),
    };
    if output.min_score > 0.0 {
        rows.retain(|r| r.ko.is_empty() || r.en.is_empty() || r.score >= output.min_score);
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
            url_ko: doc.meta.url_ko.clone(),
            url_en: doc.meta.url_en.clone(),
            meta: doc.meta.extra.clone(),
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
            url_ko: doc.meta.url_ko.clone(),
            url_en: doc.meta.url_en.clone(),
            meta: doc.meta.extra.clone(),
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
            stripped_fragments: doc
                .audit
                .iter()
                .filter(|a| matches!(a.scope, Removal::InlinePrefix | Removal::InlineSuffix))
                .count(),
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
    /// Pages read in another encoding than their `<meta>` declared (their bytes did not fit it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub charset_overrides: Vec<CharsetOverride>,
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
        self.push_totals(&entry);
        self.documents.push(entry);
    }

    /// Updates the totals only (a batch streams its entries from part files).
    pub(crate) fn push_totals(&mut self, entry: &DocSummary) {
        let t = &mut self.totals;
        t.documents += 1;
        match entry.status {
            Status::Ok => {
                t.ok += 1;
                t.counts.add(&entry.counts);
            }
            Status::Failed => t.failed += 1,
        }
    }
}

impl DocSummary {
    /// The entry of a processed document: its counts.
    pub fn ok(doc: &Document) -> DocSummary {
        DocSummary {
            id: doc.id.clone(),
            status: Status::Ok,
            error: None,
            counts: DocCounts::of(doc),
            charset_overrides: doc.charset_overrides.clone(),
        }
    }

    /// The entry of a document that could not be processed, and why.
    pub fn failed(id: &str, error: String) -> DocSummary {
        DocSummary {
            id: id.to_owned(),
            status: Status::Failed,
            error: Some(error),
            counts: DocCounts::default(),
            charset_overrides: Vec::new(),
        }
    }
}

/// A document's entry in the summary: its counts, or why it failed.
pub fn doc_summary(id: &str, result: &Result<Document>) -> DocSummary {
    match result {
        Ok(doc) => DocSummary::ok(doc),
        Err(e) => DocSummary::failed(id, e.to_string()),
    }
}

/// Writes `summary.json` atomically.
pub fn write_summary(path: &Path, summary: &Summary) -> Result<()> {
    let mut file = AtomicFile::create(path)?;
    serde_json::to_writer_pretty(file.writer(), summary)
        .map_err(|e| Error::Write { path: path.to_owned(), source: e.into() })?;
    file.commit()
}

/// The one writer of a document's output files: its pairs in a format, its removed blocks
/// (`audit.jsonl`) and its stripped fragments (`audit-inline.jsonl`). A batch writes its part
/// files through it, `align --out` its folder.
pub struct DocumentWriter {
    format: Format,
    output: OutputOptions,
    pairs: Vec<AtomicFile>,
    audit: AtomicFile,
    inline_audit: AtomicFile,
}

impl DocumentWriter {
    /// Creates the files; `name` maps a final file name (`pairs.jsonl`) to its path.
    pub fn create(format: Format, output: OutputOptions, name: impl Fn(&str) -> PathBuf) -> Result<DocumentWriter> {
        Ok(DocumentWriter {
            format,
            output,
            pairs: format.pair_files().iter().map(|f| AtomicFile::create(&name(f))).collect::<Result<_>>()?,
            audit: AtomicFile::create(&name(AUDIT_FILE))?,
            inline_audit: AtomicFile::create(&name(INLINE_AUDIT_FILE))?,
        })
    }

    /// Writes one document's pairs and audit records.
    pub fn write(&mut self, doc: &Document) -> Result<()> {
        // The error names the file only when there is one: no path is copied per document.
        let failed = |f: &AtomicFile, source| Error::Write { path: f.path().to_owned(), source };
        let rows = records(doc, &self.output);
        let mut writers: Vec<&mut dyn Write> = self.pairs.iter_mut().map(|f| f.writer() as &mut dyn Write).collect();
        write_pairs(&rows, self.format, &mut writers).map_err(|e| failed(&self.pairs[0], e))?;
        write_jsonl(self.audit.writer(), &block_audit_records(doc)).map_err(|e| failed(&self.audit, e))?;
        write_jsonl(self.inline_audit.writer(), &inline_audit_records(doc)).map_err(|e| failed(&self.inline_audit, e))
    }

    /// Renames every file into place.
    pub fn commit(self) -> Result<()> {
        for f in self.pairs {
            f.commit()?;
        }
        self.audit.commit()?;
        self.inline_audit.commit()
    }
}

/// Writes a folder of output for documents processed on their own (`align --out`): the pair
/// file(s), both audit files and `summary.json`.
pub fn write_folder(dir: &Path, docs: &[&Document], format: Format, output: OutputOptions) -> Result<Summary> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Write { path: dir.to_owned(), source })?;
    let _lock = FolderLock::acquire(dir)?;
    remove_stale_outputs(dir)?;
    let staging = Staging::begin(dir)?;
    let mut writer = DocumentWriter::create(format, output, |f| staging.path(f))?;
    let mut summary = Summary::default();
    for doc in docs {
        writer.write(doc)?;
        summary.push(DocSummary::ok(doc));
    }
    writer.commit()?;
    write_summary(&staging.path(SUMMARY_FILE), &summary)?;
    staging.publish(&format.data_files())?;
    Ok(summary)
}

/// Writes pair records in a format; `files` are the format's pair files in order.
pub fn write_pairs(rows: &[PairRecord], format: Format, files: &mut [&mut dyn Write]) -> std::io::Result<()> {
    match format {
        Format::Jsonl => write_jsonl(&mut *files[0], rows),
        Format::Tsv => {
            for r in rows.iter().filter(|r| !r.ko.is_empty() && !r.en.is_empty()) {
                writeln!(files[0], "{}\t{}\t{}", one_line(&r.ko), one_line(&r.en), r.score)?;
            }
            Ok(())
        }
        Format::Moses => {
            for r in rows.iter().filter(|r| !r.ko.is_empty() && !r.en.is_empty()) {
                writeln!(files[0], "{}", one_line(&r.ko))?;
                writeln!(files[1], "{}", one_line(&r.en))?;
            }
            Ok(())
        }
    }
}

/// One line of plain text: tabs and line breaks would break TSV, Moses files and table rows.
pub(crate) fn one_line(text: &str) -> String {
    text.split(['\t', '\n', '\r']).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ")
}

/// The plural ending of a count's noun, in messages (`1 block`, `2 blocks`).
pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
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

/// The environment variable that names a step for [`crash_point`] (tests only).
const CRASH_AT_ENV: &str = "KOEN_ALIGN_CRASH_AT";

/// The exit status of a process stopped by [`crash_point`], so a test can tell it reached the step.
pub(crate) const CRASH_EXIT_STATUS: i32 = 86;

/// Test hook: when `KOEN_ALIGN_CRASH_AT` names `step`, the process ends here at once, leaving
/// its files as a kill -9 would (no destructor runs: temporary and part files stay; the OS
/// still releases the folder lock). Tests stop a run between two steps with it instead of
/// racing a kill against a timer. The fail crate cannot do this: its actions panic or return,
/// and an unwinding panic runs the destructors that clean up.
pub(crate) fn crash_point(step: &str) {
    static AT: std::sync::OnceLock<Option<std::ffi::OsString>> = std::sync::OnceLock::new();
    if AT.get_or_init(|| std::env::var_os(CRASH_AT_ENV)).as_deref() == Some(std::ffi::OsStr::new(step)) {
        std::process::exit(CRASH_EXIT_STATUS);
    }
}
