//! Many article pairs at once.
//!
//! The manifest is read lazily and processed in chunks: the documents of a chunk in
//! parallel (rayon), each finished chunk written to numbered part files atomically, so
//! memory stays flat whatever the batch size and an interrupted run can resume without
//! losing or repeating a document. At the end the parts are joined, in manifest order, into
//! the final files, published as one set (`output::publish`). The output folder is locked for
//! the whole run (`output::lock`), and a resume continues only the same run: same manifest
//! content, settings and layout. Evidence that needs the whole batch (templates that recur across
//! documents; word associations learnt by self-training) is learnt from the first documents
//! of the manifest, a sample of bounded size.

use crate::error::{Error, Result};
use crate::input::load::{load_row, LoadedDocument};
use crate::input::manifest::{count_rows, BadRow, ManifestReader, ManifestRow};
use crate::model::Document;
use crate::options::Options;
use crate::output::dedup::Dedup;
use crate::output::{
    crash_point, doc_summary, remove_stale_outputs, remove_stale_temporaries, write_jsonl, AtomicFile, DocSummary,
    DocumentWriter, FolderLock, Format, RunInfo, Staging, Summary, SUMMARY_FILE,
};
use crate::pipeline::{learn_evidence, process};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// How far a batch has got, for a caller's progress display (the CLI draws a bar).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    /// The run starts: this many manifest rows; evidence is learnt from the first ones.
    Learning {
        /// Rows in the manifest.
        documents: usize,
    },
    /// Evidence is learnt; documents are being aligned.
    Aligning,
    /// This many more rows are written (or were found written by an earlier run).
    Done(usize),
    /// Every row is written; the output files are being joined.
    Finishing,
}

/// How much of the learning sample, once loaded, is kept for the run instead of being read
/// and parsed again (estimated heap bytes): all of a small batch, the start of a large one.
const SAMPLE_REUSE_BYTES: usize = 64 << 20;

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
    /// Also write a self-contained HTML report of every document here.
    pub report: Option<PathBuf>,
    /// Leave out pairs that repeat an earlier pair of the batch, in manifest order
    /// ([`Dedup`]); the summary counts them.
    pub dedup: bool,
}

impl Default for BatchConfig {
    fn default() -> Self {
        BatchConfig {
            chunk_size: 256,
            sample_size: 2_000,
            resume: false,
            format: Format::Jsonl,
            report: None,
            dedup: false,
        }
    }
}

/// What a parts folder belongs to, so a resumed run only continues the same run.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct RunKey {
    manifest: PathBuf,
    /// The manifest's content ([`ManifestDigest`]): an edited manifest is another run, even
    /// with the same path and number of rows.
    manifest_digest: ManifestDigest,
    rows: usize,
    chunk_size: usize,
    sample_size: usize,
    format: Format,
    report: bool,
    /// Absent in the key of a run started before `--dedup` existed: such a run did not dedup.
    #[serde(default)]
    dedup: bool,
    settings: String,
    /// Which part files a chunk has ([`PARTS_LAYOUT`]): a run left by another version of
    /// koen-align is not resumed.
    layout: u32,
}

/// A digest of a manifest's bytes (SipHash-1-3, 128 bits, in hex): fixed by its specification,
/// so it compares across builds, and streamed, so a manifest of a million rows is never held.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct ManifestDigest(String);

impl ManifestDigest {
    fn of(path: &Path) -> Result<ManifestDigest> {
        use std::hash::Hasher;
        use std::io::Read;
        let failed = |source| Error::Read { path: path.to_owned(), source };
        let mut file = std::fs::File::open(path).map_err(failed)?;
        let mut hasher = siphasher::sip128::SipHasher13::new();
        let mut buf = vec![0u8; 1 << 16];
        loop {
            match file.read(&mut buf) {
                Ok(0) => break,
                // The hasher buffers across writes: the digest does not depend on read sizes.
                Ok(n) => hasher.write(&buf[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(failed(e)),
            }
        }
        use siphasher::sip128::Hasher128;
        Ok(ManifestDigest(format!("{:032x}", hasher.finish128().as_u128())))
    }
}

const PARTS_DIR: &str = ".koen-align-parts";

/// The part-file layout: 2 since stripped fragments have their own file (`audit-inline.jsonl`).
const PARTS_LAYOUT: u32 = 2;

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Write { path: path.to_owned(), source }
}

/// The manifest path that means standard input.
pub const STDIN_MANIFEST: &str = "-";

/// Where a manifest read from standard input is kept for the run (it is read more than once,
/// and again by `--resume`), inside the output folder.
const SPOOLED_MANIFEST: &str = ".koen-align-manifest-from-stdin";

/// Runs a manifest and writes the pair file(s), `audit.jsonl`, `audit-inline.jsonl` and
/// `summary.json` into `out_dir`. A document that fails is listed in the summary with its
/// error; the others go on. `progress` hears how far the run has got. The folder is locked for
/// the run: while another run writes into it, this one fails at once with [`Error::Busy`].
///
/// The manifest may be compressed (gzip, zstd) or a WARC file (its HTML pages are the rows);
/// `-` ([`STDIN_MANIFEST`]) reads it from standard input, its relative paths then relative
/// to the working folder.
pub fn run_manifest(
    manifest: &Path,
    out_dir: &Path,
    options: &Options,
    config: &BatchConfig,
    progress: &mut dyn FnMut(Progress),
) -> Result<Summary> {
    let from_stdin = manifest == Path::new(STDIN_MANIFEST);
    // A bad manifest fails before the output folder is touched (stdin can only be read once,
    // into the locked folder).
    let counted = if from_stdin { None } else { Some(count_rows(manifest)?) };
    std::fs::create_dir_all(out_dir).map_err(io_err(out_dir))?;
    // Held until the run returns, however it returns; a second run into the folder is refused.
    let _lock = FolderLock::acquire(out_dir)?;
    // What a killed run left half-written (its parts are handled by `prepare_parts`).
    remove_stale_outputs(out_dir)?;
    let spooled = out_dir.join(SPOOLED_MANIFEST);
    let (manifest, base) = if from_stdin {
        spool_stdin(&spooled)?;
        (spooled.as_path(), PathBuf::new())
    } else {
        (manifest, manifest.parent().map(Path::to_path_buf).unwrap_or_default())
    };
    let rows = match counted {
        Some(rows) => rows,
        None => count_rows(manifest)?,
    };
    let parts = out_dir.join(PARTS_DIR);
    let key = RunKey {
        manifest: manifest.canonicalize().unwrap_or_else(|_| manifest.to_owned()),
        manifest_digest: ManifestDigest::of(manifest)?,
        rows,
        chunk_size: config.chunk_size.max(1),
        sample_size: config.sample_size,
        format: config.format,
        report: config.report.is_some(),
        dedup: config.dedup,
        settings: options.fingerprint(),
        layout: PARTS_LAYOUT,
    };
    prepare_parts(&parts, &key, config.resume)?;

    progress(Progress::Learning { documents: rows });
    let sample: Vec<std::result::Result<ManifestRow, BadRow>> =
        ManifestReader::open_in(manifest, base.clone())?.take(config.sample_size).collect::<Result<Vec<_>>>()?;
    // Each sample row's loaded document, by its position in the manifest (`None` if it failed).
    let mut loaded: Vec<Option<(String, LoadedDocument)>> = sample
        .into_par_iter()
        .map(|row| {
            let row = row.ok()?;
            load_row(&row, &options.read, &options.limits).ok().map(|d| (row.id, d))
        })
        .collect();
    let evidence = {
        let refs: Vec<(&str, &LoadedDocument)> = loaded.iter().flatten().map(|(id, d)| (id.as_str(), d)).collect();
        learn_evidence(&refs, options)
    };
    // The sample is read again when its rows come up, unless it was small enough to keep: the
    // first documents, up to a memory budget, are processed as already loaded.
    let mut kept = 0usize;
    for slot in &mut loaded {
        kept += slot.as_ref().map_or(0, |(_, d)| d.approx_bytes());
        if kept > SAMPLE_REUSE_BYTES {
            *slot = None;
        }
    }
    progress(Progress::Aligning);

    let mut reader = ManifestReader::open_in(manifest, base)?;
    let mut chunk_no = 0usize;
    // Fed in manifest order, one chunk after the other, so what it drops does not depend on
    // threads or chunks; a resumed run reloads what the finished chunks kept.
    let mut dedup = config.dedup.then(Dedup::new);
    loop {
        let chunk: Vec<std::result::Result<ManifestRow, BadRow>> =
            reader.by_ref().take(key.chunk_size).collect::<Result<Vec<_>>>()?;
        if chunk.is_empty() {
            break;
        }
        let n = chunk.len();
        let done = parts.join(format!("{chunk_no:06}.summary.jsonl"));
        if done.exists() {
            if let Some(d) = dedup.as_mut() {
                reload_dedup(&parts, chunk_no, d)?;
            }
        } else {
            let first = chunk_no * key.chunk_size;
            let reuse: Vec<Option<LoadedDocument>> =
                (first..first + n).map(|at| loaded.get_mut(at).and_then(Option::take).map(|(_, d)| d)).collect();
            let results: Vec<(String, Result<Document>)> = chunk
                .into_par_iter()
                .zip(reuse)
                .map(|(row, reused)| match row {
                    Ok(row) => {
                        let doc = match reused {
                            Some(d) => Ok(d),
                            None => load_row(&row, &options.read, &options.limits),
                        }
                        .map(|d| process(&row.id, d, options, &evidence));
                        (row.id, doc)
                    }
                    Err(bad) => (bad.id.unwrap_or_else(|| format!("line {}", bad.line)), Err(bad.error)),
                })
                .collect();
            write_part(&parts, chunk_no, chunk_no * key.chunk_size, &results, options, config, dedup.as_mut())?;
            crash_point(&format!("chunk:{chunk_no}"));
        }
        progress(Progress::Done(n));
        chunk_no += 1;
    }
    progress(Progress::Finishing);
    if let Some(report) = &config.report {
        finish_report(&parts, report, chunk_no, manifest)?;
    }
    let summary = finish_parts(&parts, out_dir, chunk_no, RunInfo::new(options, config.format))?;
    if from_stdin {
        std::fs::remove_file(manifest).map_err(io_err(manifest))?;
    }
    Ok(summary)
}

/// The part file of the pairs a chunk kept under `--dedup` (their hashes), read on resume.
fn dedup_part(parts: &Path, chunk_no: usize) -> PathBuf {
    parts.join(format!("{chunk_no:06}.dedup"))
}

fn reload_dedup(parts: &Path, chunk_no: usize, dedup: &mut Dedup) -> Result<()> {
    let p = dedup_part(parts, chunk_no);
    let bytes = std::fs::read(&p).map_err(|source| Error::Read { path: p.clone(), source })?;
    dedup
        .remember_bytes(&bytes)
        .ok_or_else(|| Error::Input { path: p.clone(), problem: "damaged part file: not whole hash records".into() })
}

/// Copies standard input to `path`, as it comes (a compressed manifest stays compressed).
fn spool_stdin(path: &Path) -> Result<()> {
    let mut file = AtomicFile::create(path)?;
    std::io::copy(&mut std::io::stdin().lock(), file.writer())
        .map_err(|source| Error::Read { path: PathBuf::from("stdin"), source })?;
    file.commit()
}

fn prepare_parts(parts: &Path, key: &RunKey, resume: bool) -> Result<()> {
    let key_file = parts.join("run.json");
    if resume && key_file.exists() {
        let found: Option<RunKey> = std::fs::read_to_string(&key_file).ok().and_then(|t| serde_json::from_str(&t).ok());
        let here = "the unfinished run in this folder";
        let (path, why) = match found.filter(|f| f.layout == key.layout) {
            Some(found) if found == *key => {
                // A chunk killed while being written left temporary files; it is written again.
                return remove_stale_temporaries(parts, |_| true);
            }
            None => (parts, format!("{here} was started by another version of koen-align")),
            Some(found) if found.manifest != key.manifest => {
                (parts, format!("{here} used another manifest ({})", found.manifest.display()))
            }
            Some(found) if found.manifest_digest != key.manifest_digest || found.rows != key.rows => {
                (key.manifest.as_path(), format!("the manifest has changed since {here} started"))
            }
            Some(found) if found.settings != key.settings => (parts, format!("{here} used other settings")),
            Some(_) => (parts, format!("{here} used another chunk size, sample size, format or report setting")),
        };
        return Err(Error::Input {
            path: path.to_owned(),
            problem: format!("cannot resume: {why}; start again without resuming"),
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
    mut dedup: Option<&mut Dedup>,
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
    let mut writer = DocumentWriter::create_part(format, options.output, name)?;
    let mut summary = AtomicFile::create(&parts.join(format!("{chunk_no:06}.summary.jsonl")))?;
    for (id, result) in results {
        let entry = match result {
            Ok(doc) => writer.write(doc, dedup.as_deref_mut())?,
            Err(_) => doc_summary(id, result),
        };
        write_jsonl(summary.writer(), &[entry]).map_err(io_err(parts))?;
    }
    writer.commit()?;
    if let Some(d) = dedup {
        // Before the summary part: a chunk is finished only with its kept pairs on disk.
        let p = dedup_part(parts, chunk_no);
        let mut keys = AtomicFile::create(&p)?;
        keys.writer().write_all(&d.take_fresh()).map_err(io_err(&p))?;
        keys.commit()?;
    }
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

/// Joins the parts, in order, into the final files, staged and then published as one set
/// (see `output::publish`: the summary seals it), and removes the parts.
fn finish_parts(parts: &Path, out_dir: &Path, chunks: usize, run: RunInfo) -> Result<Summary> {
    let (format, level) = (run.format, run.level);
    let staging = Staging::begin(out_dir)?;
    // TMX's header and footer wrap the joined units once; the other formats have none.
    let (header, footer) = format.frame(level);
    let pair_file = format.pair_files()[0];
    let concat = |ext: &str, target: &str| -> Result<()> {
        let mut out = AtomicFile::create(&staging.path(target))?;
        let (before, after) = if target == pair_file { (header.as_str(), footer) } else { ("", "") };
        out.writer().write_all(before.as_bytes()).map_err(io_err(&staging.path(target)))?;
        for k in 0..chunks {
            let p = parts.join(format!("{k:06}.{ext}"));
            let mut f = std::fs::File::open(&p).map_err(|source| Error::Read { path: p.clone(), source })?;
            std::io::copy(&mut f, out.writer()).map_err(io_err(&p))?;
        }
        out.writer().write_all(after.as_bytes()).map_err(io_err(&staging.path(target)))?;
        crash_point(&format!("writing:{target}"));
        out.commit()
    };
    let data = format.data_files();
    for f in &data {
        concat(f, f)?;
    }

    // Totals first, then the documents streamed from the parts: the summary is never held whole.
    let mut totals = Summary { run, ..Summary::default() };
    for_each_summary(parts, chunks, |entry| {
        totals.push_totals(&entry);
        Ok(())
    })?;
    let path = staging.path(SUMMARY_FILE);
    let mut file = AtomicFile::create(&path)?;
    {
        let w = file.writer();
        let err = io_err(&path);
        write!(w, "{{\n  \"run\": ").map_err(&err)?;
        serde_json::to_writer_pretty(&mut *w, &totals.run).map_err(|e| err(e.into()))?;
        write!(w, ",\n  \"totals\": ").map_err(&err)?;
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
    staging.publish(&data)?;
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
