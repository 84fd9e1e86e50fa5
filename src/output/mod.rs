//! What koen-align writes: pair records, audit records and the run summary, and the
//! atomic file writer every output goes through.

pub mod audit_table;
pub mod dedup;
mod lock;
pub mod pairing;
mod publish;
pub mod report;
mod tmx;

pub(crate) use lock::FolderLock;
pub(crate) use publish::{remove_stale_outputs, remove_stale_temporaries, Staging, SUMMARY_FILE};

use crate::error::{Error, Result};
use crate::model::{Block, Lang, Level, Removal, Side};
use crate::model::{CharsetOverride, Document};
use dedup::{Dedup, DedupCounts};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// One line of `pairs.jsonl`: a bead with its text.
///
/// Fields that are not always known are left out of the JSON line when absent.
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
    /// How sure language identification is that the Korean side is Korean, in [0, 1]: the
    /// mean over its blocks, weighted by their length (see [`side_lang_confidence`]); absent
    /// when the side is empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ko_lang_confidence: Option<f32>,
    /// The same for the English side.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en_lang_confidence: Option<f32>,
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
    /// `pairs.tsv`: `ko<TAB>en<TAB>score` (as bicleaner and OpusFilter read), or
    /// `url_ko<TAB>url_en<TAB>ko<TAB>en<TAB>score` (Bitextor's order) for a pair whose page URLs
    /// are known; pairs only.
    Tsv,
    /// `pairs.ko` and `pairs.en`: line-aligned plain text, pairs only (Moses).
    Moses,
    /// `pairs.tmx`: a TMX 1.4 document, one translation unit per pair.
    Tmx,
}

impl crate::choice::Choice for Format {
    const CHOICES: &'static [(&'static str, Self)] =
        &[("jsonl", Format::Jsonl), ("tsv", Format::Tsv), ("moses", Format::Moses), ("tmx", Format::Tmx)];
}

impl Format {
    /// The final pair files of this format.
    pub fn pair_files(self) -> &'static [&'static str] {
        match self {
            Format::Jsonl => &["pairs.jsonl"],
            Format::Tsv => &["pairs.tsv"],
            Format::Moses => &["pairs.ko", "pairs.en"],
            Format::Tmx => &["pairs.tmx"],
        }
    }

    /// Whether null beads are written: only JSON lines hold a record with an empty side.
    pub fn writes_null_beads(self) -> bool {
        self == Format::Jsonl
    }

    /// Whether the pair file is one stream of lines, so it can go to stdout: JSON lines and
    /// TSV. Moses needs two files; TMX one document with a header and a footer.
    pub fn is_line_stream(self) -> bool {
        matches!(self, Format::Jsonl | Format::Tsv)
    }

    /// What one pair is in this format's file, singular and plural, for messages.
    pub fn unit(self) -> (&'static str, &'static str) {
        match self {
            Format::Jsonl | Format::Moses => ("line", "lines"),
            Format::Tsv => ("row", "rows"),
            Format::Tmx => ("translation unit", "translation units"),
        }
    }

    /// What comes before the first pair of a complete file (TMX's header) and after the last.
    pub(crate) fn frame(self, level: Level) -> (String, &'static str) {
        match self {
            Format::Tmx => (tmx::header(level), tmx::FOOTER),
            _ => (String::new(), ""),
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
            score: round4(s.score),
            ko_lang_confidence: side_lang_confidence(doc, Side::Ko, &s.ko_blocks),
            en_lang_confidence: side_lang_confidence(doc, Side::En, &s.en_blocks),
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
            score: round4(b.score),
            ko_lang_confidence: side_lang_confidence(doc, Side::Ko, &b.ko),
            en_lang_confidence: side_lang_confidence(doc, Side::En, &b.en),
            url_ko: doc.meta.url_ko.clone(),
            url_en: doc.meta.url_en.clone(),
            meta: doc.meta.extra.clone(),
        })
        .collect()
}

/// Scores and confidences are written to four decimals.
fn round4(x: f32) -> f32 {
    (x * 10_000.0).round() / 10_000.0
}

/// How sure language identification is that the content blocks `indices` of one side are in
/// that side's language, in [0, 1] (four decimals); `None` for no block (a null bead's side).
///
/// Each block gives the confidence of its guess when it was guessed as the side's language,
/// one minus it when guessed as another language (a Korean-side block read as English with
/// confidence 0.9 gives 0.1), 0.5 when read as Korean and English mixed (both are there, in
/// shares the guess does not say), and 0 when too short to tell (`unknown`: digits, a name):
/// no evidence for the language. Blocks weigh by their
/// length in characters, so a long paragraph outweighs a short one beside it.
pub fn side_lang_confidence(doc: &Document, side: Side, indices: &[usize]) -> Option<f32> {
    if indices.is_empty() {
        return None;
    }
    let blocks = match side {
        Side::Ko => &doc.ko_content,
        Side::En => &doc.en_content,
    };
    let (mut sum, mut weight) = (0.0f64, 0.0f64);
    for block in indices.iter().filter_map(|&i| blocks.binary_search_by_key(&i, |b| b.index).ok().map(|at| &blocks[at]))
    {
        let w = block.text.chars().count().max(1) as f64;
        sum += w * f64::from(block_confidence(block, side));
        weight += w;
    }
    Some(if weight > 0.0 { round4((sum / weight) as f32) } else { 0.0 })
}

/// One block's confidence that it is in its side's language (see [`side_lang_confidence`]).
fn block_confidence(block: &Block, side: Side) -> f32 {
    let guess = block.lang;
    let confidence = guess.confidence.clamp(0.0, 1.0);
    match guess.lang {
        l if l == side.lang() => confidence,
        Lang::Unknown => 0.0,
        Lang::Mixed => 0.5,
        _ => 1.0 - confidence,
    }
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
    /// Records written to the pair file(s), by kind: paragraph beads or sentence pairs (as
    /// the level says) that passed `--min-score` and `--dedup`, null beads included only in
    /// JSON lines, the one format that writes them. Their sum is the file's lines (rows,
    /// translation units).
    pub pairs: BTreeMap<String, usize>,
    /// Malformed byte sequences replaced by U+FFFD while decoding (0 for clean input).
    pub replaced_bytes: usize,
    /// Pairs `--dedup` left out as repeats of earlier ones (absent without `--dedup`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dedup: Option<DedupCounts>,
}

impl DocCounts {
    /// Counts for a processed document, with its paragraph beads as `pairs` (every bead, as
    /// the default output writes them). [`DocCounts::written`] counts what a writer wrote.
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
            dedup: None,
        }
    }

    /// Counts for a processed document whose pair records `written` went into a file of
    /// `format` (null beads among them are counted only where the format writes them), with
    /// what `--dedup` left out, if it ran.
    pub fn written(doc: &Document, written: &[PairRecord], format: Format, dedup: Option<DedupCounts>) -> DocCounts {
        let mut pairs = BTreeMap::new();
        for r in written.iter().filter(|r| format.writes_null_beads() || !(r.ko.is_empty() || r.en.is_empty())) {
            *pairs.entry(r.kind.clone()).or_insert(0) += 1;
        }
        DocCounts { pairs, dedup, ..DocCounts::of(doc) }
    }

    /// Records written: the lines (rows, translation units) of the pair file.
    pub fn records(&self) -> usize {
        self.pairs.values().sum()
    }

    /// Null beads among the records written (kinds with an empty side: `1-0`, `0-1`, …).
    pub fn null_beads(&self) -> usize {
        self.pairs.iter().filter(|(kind, _)| kind.starts_with("0-") || kind.ends_with("-0")).map(|(_, n)| n).sum()
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
        if let Some(d) = &other.dedup {
            self.dedup.get_or_insert_with(DedupCounts::default).add(d);
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

/// What made an output folder: the version, the level and format of its pairs, and the
/// settings, so a folder says how to read and how to reproduce it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RunInfo {
    /// The koen-align version that wrote it.
    pub version: String,
    /// Paragraph beads or sentence pairs.
    pub level: Level,
    /// The pair files' format.
    pub format: Format,
    /// The score threshold pairs were written with.
    pub min_score: f32,
    /// Every setting (see [`crate::Options::describe`]).
    pub options: serde_json::Value,
}

impl RunInfo {
    /// The run information of output written with `options` in `format`.
    pub fn new(options: &crate::Options, format: Format) -> RunInfo {
        RunInfo {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            level: options.output.level,
            format,
            min_score: options.output.min_score,
            options: options.describe(),
        }
    }
}

/// `summary.json`: every input accounted for.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// What made the folder (absent in folders written before it was recorded).
    #[serde(default)]
    pub run: RunInfo,
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
    /// The entry of a processed document: its counts, with every paragraph bead as a pair
    /// ([`DocCounts::of`]); a writer's entry has what it wrote ([`DocSummary::with_counts`]).
    pub fn ok(doc: &Document) -> DocSummary {
        DocSummary::with_counts(doc, DocCounts::of(doc))
    }

    /// The entry of a processed document with the given counts.
    pub fn with_counts(doc: &Document, counts: DocCounts) -> DocSummary {
        DocSummary {
            id: doc.id.clone(),
            status: Status::Ok,
            error: None,
            counts,
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
/// (`audit.jsonl`) and its stripped fragments (`audit-inline.jsonl`). `align --out` writes its
/// folder through it, a batch its part files (joined later).
pub struct DocumentWriter {
    format: Format,
    output: OutputOptions,
    pairs: Vec<AtomicFile>,
    audit: AtomicFile,
    inline_audit: AtomicFile,
    /// What closes the pair file on commit (TMX's footer); empty for a part file.
    footer: &'static str,
}

impl DocumentWriter {
    /// Creates complete files (a TMX file gets its header now and its footer on commit);
    /// `name` maps a final file name (`pairs.jsonl`) to its path.
    pub fn create(format: Format, output: OutputOptions, name: impl Fn(&str) -> PathBuf) -> Result<DocumentWriter> {
        let mut writer = DocumentWriter::create_part(format, output, name)?;
        let (header, footer) = format.frame(output.level);
        let file = &mut writer.pairs[0];
        file.writer()
            .write_all(header.as_bytes())
            .map_err(|source| Error::Write { path: file.path().to_owned(), source })?;
        writer.footer = footer;
        Ok(writer)
    }

    /// Creates the files of a part of a run, to be joined with others between the format's
    /// header and footer (a batch's chunk).
    pub(crate) fn create_part(
        format: Format,
        output: OutputOptions,
        name: impl Fn(&str) -> PathBuf,
    ) -> Result<DocumentWriter> {
        Ok(DocumentWriter {
            format,
            output,
            pairs: format.pair_files().iter().map(|f| AtomicFile::create(&name(f))).collect::<Result<_>>()?,
            audit: AtomicFile::create(&name(AUDIT_FILE))?,
            inline_audit: AtomicFile::create(&name(INLINE_AUDIT_FILE))?,
            footer: "",
        })
    }

    /// Writes one document's pairs and audit records, leaving out the pairs `dedup` has seen
    /// before (when given), and returns its summary entry: the counts of what was written.
    pub fn write(&mut self, doc: &Document, dedup: Option<&mut Dedup>) -> Result<DocSummary> {
        // The error names the file only when there is one: no path is copied per document.
        let failed = |f: &AtomicFile, source| Error::Write { path: f.path().to_owned(), source };
        let mut rows = records(doc, &self.output);
        let dropped = dedup.map(|d| d.retain(&mut rows));
        let mut writers: Vec<&mut dyn Write> = self.pairs.iter_mut().map(|f| f.writer() as &mut dyn Write).collect();
        write_pairs(&rows, self.format, &mut writers).map_err(|e| failed(&self.pairs[0], e))?;
        write_jsonl(self.audit.writer(), &block_audit_records(doc)).map_err(|e| failed(&self.audit, e))?;
        write_jsonl(self.inline_audit.writer(), &inline_audit_records(doc))
            .map_err(|e| failed(&self.inline_audit, e))?;
        Ok(DocSummary::with_counts(doc, DocCounts::written(doc, &rows, self.format, dropped)))
    }

    /// Closes the pair file (TMX's footer) and renames every file into place.
    pub fn commit(mut self) -> Result<()> {
        let file = &mut self.pairs[0];
        file.writer()
            .write_all(self.footer.as_bytes())
            .map_err(|source| Error::Write { path: file.path().to_owned(), source })?;
        for f in self.pairs {
            f.commit()?;
        }
        self.audit.commit()?;
        self.inline_audit.commit()
    }
}

/// How `align --out` (or a caller with documents in hand) writes a folder.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FolderConfig {
    /// How pairs are written.
    pub format: Format,
    /// What is written of each document.
    pub output: OutputOptions,
    /// Leave out pairs that repeat an earlier one (across the documents, in order).
    pub dedup: bool,
}

/// Writes a folder of output for documents processed on their own: the pair file(s), both
/// audit files and `summary.json`, whose counts are what was written. [`write_folder_with`]
/// also takes `--dedup`.
pub fn write_folder(dir: &Path, docs: &[&Document], format: Format, options: &crate::Options) -> Result<Summary> {
    let config = FolderConfig { format, output: options.output, dedup: false };
    write_folder_with(dir, docs, &config, RunInfo::new(options, format))
}

/// Writes a folder of output for documents processed on their own (`align --out`): the pair
/// file(s), both audit files and `summary.json`, whose counts are what was written.
/// `run` says what made the folder (see [`RunInfo::new`]).
pub fn write_folder_with(dir: &Path, docs: &[&Document], config: &FolderConfig, run: RunInfo) -> Result<Summary> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Write { path: dir.to_owned(), source })?;
    let _lock = FolderLock::acquire(dir)?;
    remove_stale_outputs(dir)?;
    let staging = Staging::begin(dir)?;
    let mut writer = DocumentWriter::create(config.format, config.output, |f| staging.path(f))?;
    let mut dedup = config.dedup.then(Dedup::new);
    let mut summary = Summary { run, ..Summary::default() };
    for doc in docs {
        summary.push(writer.write(doc, dedup.as_mut())?);
    }
    writer.commit()?;
    write_summary(&staging.path(SUMMARY_FILE), &summary)?;
    staging.publish(&config.format.data_files())?;
    Ok(summary)
}

/// Writes pair records in a format; `files` are the format's pair files in order. Null beads
/// are written in JSON lines only. TMX gets its translation units only: a complete file also
/// needs the header and footer [`DocumentWriter::create`] adds.
///
/// TSV: `ko<TAB>en<TAB>score`, or `url_ko<TAB>url_en<TAB>ko<TAB>en<TAB>score` (Bitextor's
/// column order) for a record with a URL (an unknown one is an empty cell).
pub fn write_pairs(rows: &[PairRecord], format: Format, files: &mut [&mut dyn Write]) -> std::io::Result<()> {
    let pairs = || rows.iter().filter(|r| !r.ko.is_empty() && !r.en.is_empty());
    match format {
        Format::Jsonl => write_jsonl(&mut *files[0], rows),
        Format::Tsv => {
            for r in pairs() {
                if r.url_ko.is_some() || r.url_en.is_some() {
                    let url = |u: &Option<String>| u.as_deref().map(one_line).unwrap_or_default();
                    write!(files[0], "{}\t{}\t", url(&r.url_ko), url(&r.url_en))?;
                }
                writeln!(files[0], "{}\t{}\t{}", one_line(&r.ko), one_line(&r.en), r.score)?;
            }
            Ok(())
        }
        Format::Moses => {
            for r in pairs() {
                writeln!(files[0], "{}", one_line(&r.ko))?;
                writeln!(files[1], "{}", one_line(&r.en))?;
            }
            Ok(())
        }
        Format::Tmx => tmx::write_units(&mut *files[0], rows).map(|_| ()),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Bead, LangGuess, LangMethod};

    fn block(side: Side, index: usize, text: &str, lang: Lang, confidence: f32) -> Block {
        Block {
            side,
            index,
            span: 0..text.len(),
            text: text.to_owned(),
            lang: LangGuess { lang, confidence, method: LangMethod::Model },
            structure: None,
        }
    }

    #[test]
    fn a_sides_language_confidence_is_the_length_weighted_mean_of_its_blocks() {
        let ko =
            vec![block(Side::Ko, 0, "가나다라마바사아", Lang::Ko, 1.0), block(Side::Ko, 3, "12", Lang::Unknown, 1.0)];
        let en = vec![
            // 30 characters read as English at 0.9, 10 read as French at 0.8 (0.2 for English).
            block(Side::En, 1, &"e".repeat(30), Lang::En, 0.9),
            block(Side::En, 2, &"f".repeat(10), Lang::Other, 0.8),
            block(Side::En, 4, "mixed", Lang::Mixed, 0.9),
        ];
        let doc = Document {
            id: "d".into(),
            ko_blocks: ko.clone(),
            en_blocks: en.clone(),
            ko_content: ko,
            en_content: en,
            beads: vec![
                Bead { ko: vec![0, 3], en: vec![1, 2], score: 0.5 },
                Bead { ko: vec![], en: vec![4], score: 0.0 },
            ],
            sentences: vec![],
            audit: vec![],
            meta: Default::default(),
            replaced: 0,
            charset_overrides: vec![],
        };
        let rows = pair_records(&doc);
        // Korean: 8 characters at 1.0 and 2 of digits (no evidence: 0) → 0.8.
        assert_eq!(rows[0].ko_lang_confidence, Some(0.8));
        // English: (30 × 0.9 + 10 × 0.2) / 40 = 0.725.
        assert_eq!(rows[0].en_lang_confidence, Some(0.725));
        // A null bead's empty side has none; a mixed block counts half.
        assert_eq!(rows[1].ko_lang_confidence, None);
        assert_eq!(rows[1].en_lang_confidence, Some(0.5));
        let line = serde_json::to_string(&rows[1]).unwrap();
        assert!(!line.contains("ko_lang_confidence") && !line.contains("url_ko") && !line.contains("meta"), "{line}");
    }
}
