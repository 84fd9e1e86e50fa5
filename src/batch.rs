//! Many article pairs at once.
//!
//! The manifest is read lazily and processed in chunks: the documents of a chunk in
//! parallel (rayon), each finished chunk written to numbered part files atomically, so
//! memory stays flat whatever the batch size and an interrupted run can resume without
//! losing or repeating a document. At the end the parts are joined, in manifest order, into
//! the final files. Evidence that needs the whole batch (templates that recur across
//! documents; word associations learnt by self-training) is learnt from the first documents
//! of the manifest, a sample of bounded size.

use crate::boilerplate::template::TemplateIndex;
use crate::error::{Error, Result};
use crate::input::{
    self,
    manifest::{count_rows, BadRow, ManifestReader, ManifestRow, Source},
    ReadOptions,
};
use crate::model::{Block, Lang, Side};
use crate::output::{
    block_audit_records, inline_audit_records, records, write_jsonl, AtomicFile, DocCounts, DocSummary, PairRecord,
    Status, Summary, Totals, AUDIT_FILE, INLINE_AUDIT_FILE,
};
use crate::pipeline::{process_blocks, training_pairs, Document, Options};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A manifest row read into blocks, before any judgement about them.
#[derive(Clone, Debug, Default)]
pub struct LoadedPair {
    /// The Korean page's blocks.
    pub ko: Vec<Block>,
    /// The English page's blocks.
    pub en: Vec<Block>,
    /// Malformed byte sequences replaced while decoding.
    pub replaced: usize,
}

/// Limits that tell a page from something that is not one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Longest block, in bytes (a 10 MB run without line breaks is not a paragraph).
    pub max_block_bytes: usize,
    /// Most blocks on one page.
    pub max_blocks: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_block_bytes: 100_000, max_blocks: 5_000 }
    }
}

fn check_page(blocks: &[Block], path: &Path, limits: &Limits) -> Result<()> {
    let too_large = |problem: String| Error::Input { path: path.to_owned(), problem };
    if blocks.len() > limits.max_blocks {
        return Err(too_large(format!(
            "{} blocks on one page (limit {}): not an article",
            blocks.len(),
            limits.max_blocks
        )));
    }
    if let Some(b) = blocks.iter().find(|b| b.text.len() > limits.max_block_bytes) {
        return Err(too_large(format!(
            "block {} is {} bytes without a paragraph break (limit {}): not a page of paragraphs",
            b.index,
            b.text.len(),
            limits.max_block_bytes
        )));
    }
    Ok(())
}

fn check_language(blocks: &[Block], path: &Path, side: Side) -> Result<()> {
    let wanted = |l: Lang| match side {
        Side::Ko => matches!(l, Lang::Ko | Lang::Mixed),
        Side::En => matches!(l, Lang::En | Lang::Mixed),
    };
    if blocks.iter().any(|b| wanted(b.lang.lang)) {
        return Ok(());
    }
    let name = if side == Side::Ko { "Korean" } else { "English" };
    Err(Error::Input {
        path: path.to_owned(),
        problem: format!("no {name} text on the {side} page ({} blocks, none in {name})", blocks.len()),
    })
}

/// Reads one manifest row into blocks: two editions, or one bilingual page split by language.
/// An edition without a block in its language, and pages beyond the [`Limits`], are errors.
pub fn load_row(row: &ManifestRow, options: &Options) -> Result<LoadedPair> {
    let mut read = options.read.clone();
    if let Some(kind) = row.input {
        read.kind = kind;
    }
    if let Some(label) = &row.encoding {
        read.encoding = Some(label.clone());
    }
    let file = |path: &Path| std::fs::read(path).map_err(|source| Error::Read { path: path.to_owned(), source });
    match &row.source {
        Source::Pair { ko, en } => load_pair_bytes((&file(ko)?, ko), (&file(en)?, en), &read, options),
        Source::Page(path) => load_page_bytes(&file(path)?, path, &read, options),
    }
}

/// Reads two editions from bytes (`names` label them in messages).
pub fn load_pair_bytes(
    ko: (&[u8], &Path),
    en: (&[u8], &Path),
    read: &ReadOptions,
    options: &Options,
) -> Result<LoadedPair> {
    let ko_page = input::page_from_bytes(ko.0, ko.1, Side::Ko, read)?;
    check_page(&ko_page.blocks, ko.1, &options.limits)?;
    check_language(&ko_page.blocks, ko.1, Side::Ko)?;
    let en_page = input::page_from_bytes(en.0, en.1, Side::En, read)?;
    check_page(&en_page.blocks, en.1, &options.limits)?;
    check_language(&en_page.blocks, en.1, Side::En)?;
    Ok(LoadedPair { replaced: ko_page.replaced + en_page.replaced, ko: ko_page.blocks, en: en_page.blocks })
}

/// Reads one bilingual page from bytes and splits it by language.
pub fn load_page_bytes(bytes: &[u8], name: &Path, read: &ReadOptions, options: &Options) -> Result<LoadedPair> {
    let page = input::page_from_bytes(bytes, name, Side::En, read)?;
    check_page(&page.blocks, name, &options.limits)?;
    let (ko, en) = input::split_by_language(page.blocks);
    Ok(LoadedPair { ko, en, replaced: page.replaced })
}

/// Reads and processes one manifest row on its own (no batch evidence).
pub fn process_row(row: &ManifestRow, options: &Options) -> Result<Document> {
    let pair = load_row(row, options)?;
    Ok(process_loaded(&row.id, pair, options))
}

/// Processes a loaded pair (the step after [`load_row`] or the byte loaders).
pub fn process_loaded(id: &str, pair: LoadedPair, options: &Options) -> Document {
    let mut doc = process_blocks(id, pair.ko, pair.en, options);
    doc.replaced = pair.replaced;
    doc
}

/// Learns the evidence only a batch has from some of its documents: blocks that recur across
/// them (templates), then word associations from a first pass's confident pairs. Returns the
/// options to process the batch with.
pub fn learn_evidence(loaded: &[(String, Result<LoadedPair>)], options: &Options) -> Options {
    let mut learnt = options.clone();
    if options.template_min_documents > 0 {
        let docs = loaded.iter().filter_map(|(_, r)| r.as_ref().ok()).map(|p| p.ko.iter().chain(&p.en));
        learnt.templates = Some(Arc::new(TemplateIndex::build(docs, options.template_min_documents)));
    }
    if options.self_train {
        let params = &options.self_train_params;
        let associations = loaded
            .par_iter()
            .filter_map(|(id, r)| r.as_ref().ok().map(|p| (id, p)))
            .map(|(id, p)| training_pairs(&process_loaded(id, p.clone(), &learnt), params))
            .reduce(Default::default, |mut a, b| {
                a.merge(b);
                a
            });
        if !associations.dictionary(params).is_empty() {
            learnt.lexicon = Arc::new(associations.extend(&options.lexicon, params));
        }
    }
    learnt
}

/// Processes in-memory loaded pairs with batch evidence learnt from all of them. Results
/// keep the input order; a failed load stays a failure.
pub fn process_batch(loaded: Vec<(String, Result<LoadedPair>)>, options: &Options) -> Vec<(String, Result<Document>)> {
    let learnt = learn_evidence(&loaded, options);
    loaded
        .into_par_iter()
        .map(|(id, pair)| {
            let doc = pair.map(|p| process_loaded(&id, p, &learnt));
            (id, doc)
        })
        .collect()
}

/// How pairs are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
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

impl Format {
    /// The final pair files of this format.
    pub fn pair_files(self) -> &'static [&'static str] {
        match self {
            Format::Jsonl => &["pairs.jsonl"],
            Format::Tsv => &["pairs.tsv"],
            Format::Moses => &["pairs.ko", "pairs.en"],
        }
    }
}

/// One line of plain text: tabs and line breaks would break TSV and Moses files.
fn one_line(text: &str) -> String {
    text.split(['\t', '\n', '\r']).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ")
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

/// How a batch run is organised (beyond the per-document [`Options`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchConfig {
    /// Documents processed (in parallel) and written together.
    pub chunk_size: usize,
    /// Documents at the start of the manifest that batch evidence is learnt from.
    pub sample_size: usize,
    /// Continue an interrupted run in the same output folder.
    pub resume: bool,
    /// How pairs are written.
    pub format: Format,
    /// Show a progress bar on stderr (only drawn when stderr is a terminal).
    pub progress: bool,
    /// Also write a self-contained HTML report of every document here.
    pub report: Option<PathBuf>,
}

impl Default for BatchConfig {
    fn default() -> Self {
        BatchConfig {
            chunk_size: 256,
            sample_size: 2_000,
            resume: false,
            format: Format::Jsonl,
            progress: false,
            report: None,
        }
    }
}

/// What a parts folder belongs to, so a resumed run only continues the same run.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct RunKey {
    manifest: PathBuf,
    rows: usize,
    chunk_size: usize,
    sample_size: usize,
    format: Format,
    report: bool,
    settings: String,
    /// Which part files a chunk has ([`PARTS_LAYOUT`]): a run left by another version of
    /// koen-align is not resumed.
    layout: u32,
}

const PARTS_DIR: &str = ".koen-align-parts";

/// The part-file layout: 2 since stripped fragments have their own file (`audit-inline.jsonl`).
const PARTS_LAYOUT: u32 = 2;

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Write { path: path.to_owned(), source }
}

/// Runs a manifest and writes the pair file(s), `audit.jsonl`, `audit-inline.jsonl` and `summary.json` into
/// `out_dir`. A document that fails is listed in the summary with its error; the others go on.
pub fn run_manifest(manifest: &Path, out_dir: &Path, options: &Options, config: &BatchConfig) -> Result<Summary> {
    let rows = count_rows(manifest)?;
    std::fs::create_dir_all(out_dir).map_err(io_err(out_dir))?;
    let parts = out_dir.join(PARTS_DIR);
    let key = RunKey {
        manifest: manifest.canonicalize().unwrap_or_else(|_| manifest.to_owned()),
        rows,
        chunk_size: config.chunk_size.max(1),
        sample_size: config.sample_size,
        format: config.format,
        report: config.report.is_some(),
        settings: options.fingerprint(),
        layout: PARTS_LAYOUT,
    };
    prepare_parts(&parts, &key, config.resume)?;

    let progress = progress_bar(rows, config.progress);
    progress.set_message("learning from the first documents");
    let learnt = {
        let sample: Vec<std::result::Result<ManifestRow, BadRow>> =
            ManifestReader::open(manifest)?.take(config.sample_size).collect::<Result<Vec<_>>>()?;
        let loaded: Vec<(String, Result<LoadedPair>)> = sample
            .into_par_iter()
            .filter_map(|row| row.ok())
            .map(|row| (row.id.clone(), load_row(&row, options)))
            .collect();
        learn_evidence(&loaded, options)
    };
    progress.set_message("aligning");

    let mut reader = ManifestReader::open(manifest)?;
    let mut chunk_no = 0usize;
    loop {
        let chunk: Vec<std::result::Result<ManifestRow, BadRow>> =
            reader.by_ref().take(key.chunk_size).collect::<Result<Vec<_>>>()?;
        if chunk.is_empty() {
            break;
        }
        let n = chunk.len() as u64;
        let done = parts.join(format!("{chunk_no:06}.summary.jsonl"));
        if !done.exists() {
            let results: Vec<(String, Result<Document>)> = chunk
                .into_par_iter()
                .map(|row| match row {
                    Ok(row) => {
                        let doc = load_row(&row, &learnt).map(|p| process_loaded(&row.id, p, &learnt));
                        (row.id, doc)
                    }
                    Err(bad) => (bad.id.unwrap_or_else(|| format!("line {}", bad.line)), Err(bad.error)),
                })
                .collect();
            write_part(&parts, chunk_no, chunk_no * key.chunk_size, &results, &learnt, config)?;
        }
        progress.inc(n);
        chunk_no += 1;
    }
    progress.finish_and_clear();
    if let Some(report) = &config.report {
        finish_report(&parts, report, chunk_no, manifest)?;
    }
    finish_parts(&parts, out_dir, chunk_no, config.format)
}

fn progress_bar(total: usize, show: bool) -> indicatif::ProgressBar {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    if !show {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} {bar:40} {pos}/{len} documents  {per_sec}  ETA {eta}  {msg}")
    {
        bar.set_style(style);
    }
    bar
}

fn prepare_parts(parts: &Path, key: &RunKey, resume: bool) -> Result<()> {
    let key_file = parts.join("run.json");
    if resume && key_file.exists() {
        let found: Option<RunKey> = std::fs::read_to_string(&key_file).ok().and_then(|t| serde_json::from_str(&t).ok());
        if found.as_ref() == Some(key) {
            return Ok(());
        }
        return Err(Error::Input {
            path: parts.to_owned(),
            problem: "cannot resume: the unfinished run in this folder used another manifest, chunk size, format or settings, or another version of koen-align".into(),
        });
    }
    if parts.exists() {
        std::fs::remove_dir_all(parts).map_err(io_err(parts))?;
    }
    std::fs::create_dir_all(parts).map_err(io_err(parts))?;
    let mut f = AtomicFile::create(&key_file)?;
    serde_json::to_writer(f.writer(), key).map_err(|e| Error::Write { path: key_file.clone(), source: e.into() })?;
    f.commit()
}

/// Writes one chunk's part files; the summary part is renamed into place last, so its
/// presence means the whole chunk is on disk.
fn write_part(
    parts: &Path,
    chunk_no: usize,
    first_row: usize,
    results: &[(String, Result<Document>)],
    options: &Options,
    config: &BatchConfig,
) -> Result<()> {
    let format = config.format;
    let name = |ext: &str| parts.join(format!("{chunk_no:06}.{ext}"));
    if config.report.is_some() {
        let mut html = AtomicFile::create(&name("report.html"))?;
        let mut stats = AtomicFile::create(&name("report.jsonl"))?;
        for (i, (_, result)) in results.iter().enumerate() {
            if let Ok(doc) = result {
                let (section, s) = crate::output::report::report_document(first_row + i, doc);
                html.writer().write_all(section.as_bytes()).map_err(io_err(parts))?;
                write_jsonl(stats.writer(), &[s]).map_err(io_err(parts))?;
            }
        }
        html.commit()?;
        stats.commit()?;
    }
    let mut pair_files: Vec<AtomicFile> =
        format.pair_files().iter().map(|f| AtomicFile::create(&name(f))).collect::<Result<_>>()?;
    let mut audit = AtomicFile::create(&name(AUDIT_FILE))?;
    let mut inline_audit = AtomicFile::create(&name(INLINE_AUDIT_FILE))?;
    let mut summary = AtomicFile::create(&name("summary.jsonl"))?;
    for (id, result) in results {
        let entry = match result {
            Ok(doc) => {
                let rows = records(doc, options.level, options.min_score);
                let mut writers: Vec<&mut dyn Write> =
                    pair_files.iter_mut().map(|f| f.writer() as &mut dyn Write).collect();
                write_pairs(&rows, format, &mut writers).map_err(io_err(parts))?;
                write_jsonl(audit.writer(), &block_audit_records(doc)).map_err(io_err(parts))?;
                write_jsonl(inline_audit.writer(), &inline_audit_records(doc)).map_err(io_err(parts))?;
                DocSummary { id: id.clone(), status: Status::Ok, error: None, counts: DocCounts::of(doc) }
            }
            Err(e) => DocSummary {
                id: id.clone(),
                status: Status::Failed,
                error: Some(e.to_string()),
                counts: DocCounts::default(),
            },
        };
        write_jsonl(summary.writer(), &[entry]).map_err(io_err(parts))?;
    }
    for f in pair_files {
        f.commit()?;
    }
    audit.commit()?;
    inline_audit.commit()?;
    summary.commit()
}

/// Writes the HTML report from the parts: the head (totals, table of contents) from every
/// document's counts, then the documents' sections in order.
fn finish_report(parts: &Path, report: &Path, chunks: usize, manifest: &Path) -> Result<()> {
    use crate::output::report::{report_head, ReportStats, REPORT_TAIL};
    let mut stats: Vec<ReportStats> = Vec::new();
    for k in 0..chunks {
        let p = parts.join(format!("{k:06}.report.jsonl"));
        let text = std::fs::read_to_string(&p).map_err(|source| Error::Read { path: p.clone(), source })?;
        for line in text.lines().filter(|l| !l.is_empty()) {
            stats.push(
                serde_json::from_str(line)
                    .map_err(|e| Error::Input { path: p.clone(), problem: format!("damaged part file: {e}") })?,
            );
        }
    }
    let mut out = AtomicFile::create(report)?;
    let title = format!("koen-align report: {}", manifest.display());
    out.writer().write_all(report_head(&title, &stats).as_bytes()).map_err(io_err(report))?;
    for k in 0..chunks {
        let p = parts.join(format!("{k:06}.report.html"));
        let mut f = std::fs::File::open(&p).map_err(|source| Error::Read { path: p.clone(), source })?;
        std::io::copy(&mut f, out.writer()).map_err(io_err(report))?;
    }
    out.writer().write_all(REPORT_TAIL.as_bytes()).map_err(io_err(report))?;
    out.commit()
}

/// Joins the parts, in order, into the final files (each written atomically), writes the
/// summary, and removes the parts.
fn finish_parts(parts: &Path, out_dir: &Path, chunks: usize, format: Format) -> Result<Summary> {
    let concat = |ext: &str, target: &str| -> Result<()> {
        let mut out = AtomicFile::create(&out_dir.join(target))?;
        for k in 0..chunks {
            let p = parts.join(format!("{k:06}.{ext}"));
            let mut f = std::fs::File::open(&p).map_err(|source| Error::Read { path: p.clone(), source })?;
            std::io::copy(&mut f, out.writer()).map_err(io_err(&p))?;
        }
        out.commit()
    };
    for f in format.pair_files() {
        concat(f, f)?;
    }
    concat(AUDIT_FILE, AUDIT_FILE)?;
    concat(INLINE_AUDIT_FILE, INLINE_AUDIT_FILE)?;

    // Totals first, then the documents streamed from the parts: the summary is never held whole.
    let mut totals = Summary::default();
    for_each_summary(parts, chunks, |entry| {
        totals.push_totals(&entry);
        Ok(())
    })?;
    let path = out_dir.join("summary.json");
    let mut file = AtomicFile::create(&path)?;
    {
        let w = file.writer();
        let err = io_err(&path);
        write!(w, "{{\n  \"totals\": ").map_err(&err)?;
        serde_json::to_writer_pretty(&mut *w, &totals.totals).map_err(|e| err(e.into()))?;
        write!(w, ",\n  \"documents\": [").map_err(&err)?;
        let mut first = true;
        for_each_summary(parts, chunks, |entry| {
            write!(w, "{}\n    ", if first { "" } else { "," }).map_err(&err)?;
            first = false;
            serde_json::to_writer(&mut *w, &entry).map_err(|e| err(e.into()))
        })?;
        write!(w, "\n  ]\n}}\n").map_err(&err)?;
    }
    file.commit()?;
    std::fs::remove_dir_all(parts).map_err(io_err(parts))?;
    Ok(totals)
}

fn for_each_summary(parts: &Path, chunks: usize, mut f: impl FnMut(DocSummary) -> Result<()>) -> Result<()> {
    for k in 0..chunks {
        let p = parts.join(format!("{k:06}.summary.jsonl"));
        let file = std::fs::File::open(&p).map_err(|source| Error::Read { path: p.clone(), source })?;
        for line in std::io::BufReader::new(file).lines() {
            let line = line.map_err(|source| Error::Read { path: p.clone(), source })?;
            let entry: DocSummary = serde_json::from_str(&line)
                .map_err(|e| Error::Input { path: p.clone(), problem: format!("damaged part file: {e}") })?;
            f(entry)?;
        }
    }
    Ok(())
}

/// Writes `summary.json` atomically.
pub fn write_summary(path: &Path, summary: &Summary) -> Result<()> {
    let mut file = AtomicFile::create(path)?;
    serde_json::to_writer_pretty(file.writer(), summary)
        .map_err(|e| Error::Write { path: path.to_owned(), source: e.into() })?;
    file.commit()
}

/// Totals only (for streaming summaries).
impl Summary {
    fn push_totals(&mut self, entry: &DocSummary) {
        let t: &mut Totals = &mut self.totals;
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
