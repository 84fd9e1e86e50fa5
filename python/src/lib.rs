//! Python bindings for koen-align: `koen_align.align` and `koen_align.align_batch` return the
//! records the CLI writes to `pairs.jsonl` and `audit.jsonl`; `koen_align.read_manifest` reads
//! a manifest exactly as the CLI does (for engines that read the files themselves, such as the
//! Spark and Ray examples). `koen_align.pair` pairs a crawl's pages as the CLI's `pair`
//! command does; `page_signature` and `pair_signatures` split that work, so signatures can be
//! computed inside Spark tasks and joined on the driver.
//!
//! Everything here is glue: option checking, the GIL, and records to Python objects. The work
//! is the library's: pages are read with `input::load::load_pair_bytes` / `load_page_bytes` (the
//! CLI's reader, with its checks), `align` processes one document as the CLI's `align`
//! command does, and `align_batch` learns the evidence only a batch has (blocks recurring
//! across documents, self-training) with `learn_evidence` and applies it with
//! `process`, as the CLI's `batch` command does. Pairing is the library's `pair_files`,
//! `signature_of_file` / `signature_of_bytes` and `pair_signatures`, with the rows of the
//! CLI's `manifest.tsv` and `unpaired.tsv` from `pairing_report` (one mapping of reasons to
//! codes, the files').
//!
//! Records to Python objects: each call serialises its records with serde_json — the very
//! serializer behind the CLI's JSONL files — into one JSON string (with the GIL released),
//! then turns it into Python objects with one call to the standard library's `json.loads`.
//! Compared with building dicts field by field in PyO3 or with `pythonize`:
//! - the dicts have exactly the keys of a JSONL line, in the same order, with the same enum
//!   spellings (`"inline-prefix"`), and fields the root crate adds later come through
//!   without a change here;
//! - scores are `f32`. Widened to a Python float directly (as `pythonize` does) 0.9948 would
//!   become 0.9947999715805054; parsed from serde_json's shortest text it is 0.9948, the
//!   number a reader of `pairs.jsonl` gets, so `json.dumps` of a record gives the CLI's line;
//! - `json.loads` is C code in CPython and runs once per call, so the cost is small beside
//!   the alignment.

use koen_align::read_manifest as read_manifest_file;
use koen_align::{
    audit_records, learn_evidence, load_page_bytes, load_pair_bytes, page_files, pair_files, pairing_report, process,
    records, signature_of_bytes, signature_of_file, write_pairing_report, AuditRecord, BatchEvidence, BlockMode,
    Choice, CrawlPairing, DocCounts, DocSummary, Document, Error, Format, InputKind, Level, LoadedDocument, Options,
    OptionsBuilder, PageSignature, PairOptions, PairRecord, Source,
};
use pyo3::exceptions::{PyKeyError, PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyMapping};
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

pyo3::create_exception!(
    koen_align,
    KoenAlignError,
    PyValueError,
    "An error reported by the koen-align library (a malformed or unreadable rules file or \
     dictionary or manifest, a page that cannot be decoded or has no text or is neither a \
     Korean nor an English edition, a folder that cannot be written). Its message is the \
     library's own, as the CLI prints it."
);

/// A library error as a Python exception, with the library's message unchanged.
fn py_error(err: Error) -> PyErr {
    KoenAlignError::new_err(err.to_string())
}

/// Extracts an argument; a value of the wrong type is a TypeError that names the argument
/// (PyO3's own message leaves the name to a note that Python before 3.11 does not show).
fn arg<'a, 'py, T: FromPyObject<'a, 'py>>(value: &'a Bound<'py, PyAny>, name: &str, expected: &str) -> PyResult<T> {
    value
        .extract::<T>()
        .map_err(|_| PyTypeError::new_err(format!("{name} must be {expected}, not {}", type_name(value))))
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into())
}

/// The `threads` option: None, or a count of at least 1.
fn threads_arg(value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<usize>> {
    let Some(value) = value else { return Ok(None) };
    let threads: i64 = arg(value, "threads", "an int")?;
    if threads < 1 {
        return Err(PyValueError::new_err(format!("threads must be at least 1, not {threads}")));
    }
    Ok(Some(usize::try_from(threads).unwrap_or(usize::MAX)))
}

/// A private rayon pool of `threads` threads: the library's parallel loops run inside it, on
/// exactly that many threads, rather than on the global pool (all cores).
fn thread_pool(threads: usize) -> PyResult<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| PyRuntimeError::new_err(format!("cannot start the thread pool: {e}")))
}

/// Parses a value spelled as on the CLI (`--input html`); the error names the option.
fn parse_choice<T: Choice>(text: &str, name: &str) -> Result<T, String> {
    T::parse(text, name).map_err(|e| e.to_string())
}

fn choice_arg<T: Choice>(value: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Option<T>> {
    match value {
        None => Ok(None),
        Some(v) => {
            let text: String = arg(v, name, "a str")?;
            parse_choice(&text, name).map(Some).map_err(PyValueError::new_err)
        }
    }
}

/// The keyword options `align` and `align_batch` share, as given (None: the default).
struct Kwargs<'a, 'py> {
    level: Option<&'a Bound<'py, PyAny>>,
    min_score: Option<&'a Bound<'py, PyAny>>,
    rules: Option<&'a Bound<'py, PyAny>>,
    dict: Option<&'a Bound<'py, PyAny>>,
    input: Option<&'a Bound<'py, PyAny>>,
    blocks: Option<&'a Bound<'py, PyAny>>,
    encoding: Option<&'a Bound<'py, PyAny>>,
}

impl Kwargs<'_, '_> {
    /// The options of one call, checked while the GIL is held, in the library's builder (the
    /// one the CLI fills from its flags); its `build` reads the user's files later, without
    /// the GIL.
    fn builder(self) -> PyResult<OptionsBuilder> {
        let level = choice_arg::<Level>(self.level, "level")?.unwrap_or_default();
        let min_score = self.min_score.map(|v| arg::<f32>(v, "min_score", "a number")).transpose()?.unwrap_or(0.0);
        let path = |v: &Bound<'_, PyAny>, name: &str| arg::<PathBuf>(v, name, "a path (str or os.PathLike)");
        Ok(Options::builder()
            .level(level)
            .min_score(min_score)
            .rules_file(self.rules.map(|v| path(v, "rules")).transpose()?)
            .dictionary_file(self.dict.map(|v| path(v, "dict")).transpose()?)
            .input(choice_arg::<InputKind>(self.input, "input")?.unwrap_or_default())
            .blocks(choice_arg::<BlockMode>(self.blocks, "blocks")?.unwrap_or_default())
            .encoding(self.encoding.map(|v| arg::<String>(v, "encoding", "a str")).transpose()?))
    }
}

/// A page as given: text (already decoded) or a file's bytes (decoded as the CLI decodes a
/// file), and the name that stands for it in messages (and tells HTML by its extension).
struct Content {
    data: Data,
    name: PathBuf,
}

enum Data {
    Text(String),
    Bytes(Vec<u8>),
}

/// Where a document's text is, as in a manifest row: two editions or one bilingual page.
enum Pages {
    Pair(Content, Content),
    Page(Content),
}

impl Pages {
    /// Both editions must come the same way: decoded text, or bytes to decode.
    fn check(&self) -> Result<(), String> {
        match self {
            Pages::Pair(ko, en) if matches!(ko.data, Data::Text(_)) != matches!(en.data, Data::Text(_)) => {
                Err("\"ko\" and \"en\" must both be str or both bytes".into())
            }
            _ => Ok(()),
        }
    }
}

/// A document to align, with the row's own input kind and encoding (as a manifest's
/// `input` and `encoding` columns), if any.
struct DocInput {
    id: String,
    pages: Pages,
    input: Option<InputKind>,
    encoding: Option<String>,
}

impl Content {
    fn extract(value: &Bound<'_, PyAny>, name: PathBuf) -> Result<Content, String> {
        let data = if let Ok(bytes) = value.cast::<PyBytes>() {
            Data::Bytes(bytes.as_bytes().to_vec())
        } else if let Ok(bytes) = value.cast::<PyByteArray>() {
            Data::Bytes(bytes.to_vec())
        } else {
            Data::Text(
                value.extract::<String>().map_err(|_| format!("must be a str or bytes, not {}", type_name(value)))?,
            )
        };
        Ok(Content { data, name })
    }
}

impl DocInput {
    /// Reads the document's pages as the CLI's batch runner reads a manifest row
    /// (`input::load::load_row`, with its checks of page size and language): the row's input kind
    /// and encoding override the call's, and a bilingual page is split by language. Text is
    /// already decoded, so it is read as UTF-8 whatever the `encoding` option says (which is
    /// for bytes).
    fn load(&self, options: &Options) -> Result<LoadedDocument, Error> {
        let mut read = options.read.overridden(self.input, self.encoding.as_deref());
        let bytes = |c: &Content| -> (Vec<u8>, bool) {
            match &c.data {
                Data::Text(text) => (text.as_bytes().to_vec(), true),
                Data::Bytes(bytes) => (bytes.clone(), false),
            }
        };
        match &self.pages {
            Pages::Pair(ko, en) => {
                let ((ko_bytes, ko_text), (en_bytes, en_text)) = (bytes(ko), bytes(en));
                if ko_text && en_text {
                    read.encoding = Some("utf-8".into());
                }
                debug_assert_eq!(ko_text, en_text, "checked when the row was read");
                load_pair_bytes((&ko_bytes, &ko.name), (&en_bytes, &en.name), &read, &options.limits)
            }
            Pages::Page(page) => {
                let (page_bytes, text) = bytes(page);
                if text {
                    read.encoding = Some("utf-8".into());
                }
                load_page_bytes(&page_bytes, &page.name, &read, &options.limits)
            }
        }
    }
}

impl Content {
    fn hash_into(&self, h: &mut impl Hasher) {
        match &self.data {
            Data::Text(text) => (0u8, text).hash(h),
            Data::Bytes(bytes) => (1u8, bytes).hash(h),
        }
        self.name.hash(h);
    }
}

impl Row {
    fn hash_into(&self, h: &mut impl Hasher) {
        self.id.hash(h);
        match &self.doc {
            Err(problem) => (0u8, problem).hash(h),
            Ok(doc) => {
                1u8.hash(h);
                match &doc.pages {
                    Pages::Pair(ko, en) => {
                        0u8.hash(h);
                        ko.hash_into(h);
                        en.hash_into(h);
                    }
                    Pages::Page(page) => {
                        1u8.hash(h);
                        page.hash_into(h);
                    }
                }
                (format!("{:?}", doc.input), &doc.encoding).hash(h);
            }
        }
    }
}

/// The batch evidence learnt from `evidence`, as the CLI's batch runner learns it from the
/// first documents of a manifest (`learn_evidence`).
///
/// Kept per process for the last few (evidence, settings): an engine passes the same sample
/// with every partition, and each worker process learns from it once.
fn learnt_from(evidence: &[Row], options: &Options) -> Arc<BatchEvidence> {
    static CACHE: Mutex<Vec<(u64, Arc<BatchEvidence>)>> = Mutex::new(Vec::new());
    const KEEP: usize = 4;
    let mut h = DefaultHasher::new();
    // The fingerprint covers the settings and the contents of the rules and the lexicon.
    options.fingerprint().hash(&mut h);
    evidence.len().hash(&mut h);
    for row in evidence {
        row.hash_into(&mut h);
    }
    let key = h.finish();
    if let Some((_, learnt)) = CACHE.lock().unwrap_or_else(|e| e.into_inner()).iter().find(|(k, _)| *k == key) {
        return learnt.clone();
    }
    let learnt = Arc::new(learn(&load_rows(evidence, options), options));
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if cache.len() >= KEEP {
        cache.remove(0);
    }
    cache.push((key, learnt.clone()));
    learnt
}

/// Learns batch evidence from the rows that loaded.
fn learn(loaded: &[(String, Result<LoadedDocument, Error>)], options: &Options) -> BatchEvidence {
    let sample: Vec<(&str, &LoadedDocument)> =
        loaded.iter().filter_map(|(id, r)| r.as_ref().ok().map(|d| (id.as_str(), d))).collect();
    learn_evidence(&sample, options)
}

/// The usable rows, read into blocks (in parallel on the current rayon pool).
fn load_rows(rows: &[Row], options: &Options) -> Vec<(String, Result<LoadedDocument, Error>)> {
    rows.par_iter().filter_map(|row| row.doc.as_ref().ok().map(|doc| (row.id.clone(), doc.load(options)))).collect()
}

/// The name of a page given without a file, in messages: `doc (ko text)`.
fn text_name(id: &str, what: &str) -> PathBuf {
    PathBuf::from(format!("{id} ({what} text)"))
}

/// What a call returns, serialised in one go (see the module comment).
#[derive(Serialize)]
struct Output {
    pairs: Vec<PairRecord>,
    audit: Vec<AuditRecord>,
    #[serde(skip_serializing_if = "Option::is_none")]
    documents: Option<Vec<DocSummary>>,
}

impl Output {
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(self).map_err(|e| PyRuntimeError::new_err(format!("cannot serialise the records: {e}")))
    }
}

/// Parses JSON text with Python's own `json.loads`.
fn json_to_python<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    LOADS.import(py, "json", "loads")?.call1((text,))
}

/// Aligns one Korean–English article pair, as `koen-align align` does (no batch evidence).
///
/// `ko` and `en` are the two editions: `str` (text) or `bytes` (a file's contents, decoded as
/// the CLI decodes a file). Or give one bilingual page as `page=` instead, as `align --page`.
///
/// Returns a dict with `pairs` (a list of dicts with the fields of a `pairs.jsonl` line: id,
/// ko, en, ko_blocks, en_blocks, kind, score) and `audit` (the fields of an `audit.jsonl`
/// line: id, side, block, text, lang, rule, reason, scope).
///
/// Options, as the CLI's: `level` ('paragraph' or 'sentence'), `min_score` (pairs scoring
/// below it are left out; null beads are always kept), `rules` (path of an extra rules TSV),
/// `dict` (path of a hunalign-format dictionary), `input` ('auto', 'text' or 'html'), `blocks`
/// ('auto', 'lines' or 'paragraphs') and `encoding` (a label such as 'euc-kr', or 'auto'; for
/// bytes only). Errors of the library (an unreadable or malformed rules file or dictionary, a
/// page with no text or that cannot be decoded) raise `KoenAlignError` with the library's
/// message. The GIL is released while the pages are aligned.
#[pyfunction]
#[pyo3(
    signature = (ko = None, en = None, *, page = None, id = None, level = None, min_score = None, rules = None, dict = None, input = None, blocks = None, encoding = None),
    text_signature = "(ko, en, *, page=None, id='doc', level='paragraph', min_score=0.0, rules=None, dict=None, input='auto', blocks='auto', encoding=None)"
)]
#[allow(clippy::too_many_arguments)]
fn align<'py>(
    py: Python<'py>,
    ko: Option<&Bound<'py, PyAny>>,
    en: Option<&Bound<'py, PyAny>>,
    page: Option<&Bound<'py, PyAny>>,
    id: Option<&Bound<'py, PyAny>>,
    level: Option<&Bound<'py, PyAny>>,
    min_score: Option<&Bound<'py, PyAny>>,
    rules: Option<&Bound<'py, PyAny>>,
    dict: Option<&Bound<'py, PyAny>>,
    input: Option<&Bound<'py, PyAny>>,
    blocks: Option<&Bound<'py, PyAny>>,
    encoding: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let id: String = id.map(|v| arg(v, "id", "a str")).transpose()?.unwrap_or_else(|| "doc".to_owned());
    let content = |value: &Bound<'py, PyAny>, what: &str| {
        Content::extract(value, text_name(&id, what))
            .map_err(|problem| PyTypeError::new_err(format!("{what} {problem}")))
    };
    let pages = match (ko, en, page) {
        (Some(ko), Some(en), None) => Pages::Pair(content(ko, "ko")?, content(en, "en")?),
        (None, None, Some(page)) => Pages::Page(content(page, "page")?),
        _ => return Err(PyTypeError::new_err("align() takes the two editions, ko and en, or one bilingual page=")),
    };
    pages.check().map_err(PyTypeError::new_err)?;
    let builder = Kwargs { level, min_score, rules, dict, input, blocks, encoding }.builder()?;
    let doc_input = DocInput { id, pages, input: None, encoding: None };
    let json = py.detach(|| -> PyResult<String> {
        let options = builder.build().map_err(py_error)?;
        let loaded = doc_input.load(&options).map_err(py_error)?;
        let doc = process(&doc_input.id, loaded, &options, &BatchEvidence::default());
        Output { pairs: records(&doc, &options.output), audit: audit_records(&doc), documents: None }.to_json()
    })?;
    json_to_python(py, &json)
}

/// One input row of `align_batch`: its id, and the document or why there is none.
struct Row {
    id: String,
    doc: Result<DocInput, String>,
}

/// Reads one row (a mapping). A row that is not usable is kept, with the reason, so that it
/// fails alone.
fn extract_row(index: usize, item: &Bound<'_, PyAny>) -> Row {
    // A key's value; missing and None are the same.
    let get = |key: &str| -> Result<Option<Bound<'_, PyAny>>, String> {
        match item.get_item(key) {
            Ok(value) if value.is_none() => Ok(None),
            Ok(value) => Ok(Some(value)),
            Err(e) if e.is_instance_of::<PyKeyError>(item.py()) => Ok(None),
            Err(_) => Err(format!(
                "a row must be a mapping with keys \"id\", \"ko\" and \"en\" (or \"page\"), not {}",
                type_name(item)
            )),
        }
    };
    let text = |key: &str| -> Result<Option<String>, String> {
        get(key)?
            .map(|v| v.extract::<String>().map_err(|_| format!("{key:?} must be a str, not {}", type_name(&v))))
            .transpose()
    };
    let id = match text("id") {
        Ok(Some(id)) => id,
        Ok(None) => return Row { id: format!("row {index}"), doc: Err("missing \"id\"".into()) },
        Err(problem) => return Row { id: format!("row {index}"), doc: Err(problem) },
    };
    let doc = (|| -> Result<DocInput, String> {
        let content = |key: &str, value: Bound<'_, PyAny>| -> Result<Content, String> {
            let name = match get(&format!("{key}_path"))? {
                Some(p) => p
                    .extract::<PathBuf>()
                    .map_err(|_| format!("\"{key}_path\" must be a path, not {}", type_name(&p)))?,
                None => text_name(&id, key),
            };
            Content::extract(&value, name).map_err(|problem| format!("{key:?} {problem}"))
        };
        let pages = match (get("ko")?, get("en")?, get("page")?) {
            (Some(ko), Some(en), None) => Pages::Pair(content("ko", ko)?, content("en", en)?),
            (None, None, Some(page)) => Pages::Page(content("page", page)?),
            (Some(_), None, None) => return Err("missing \"en\"".into()),
            (None, Some(_), None) => return Err("missing \"ko\"".into()),
            (None, None, None) => return Err("missing \"ko\" and \"en\" (or \"page\")".into()),
            _ => return Err("give \"ko\" and \"en\", or \"page\", not both".into()),
        };
        pages.check()?;
        let input = text("input")?.map(|v| parse_choice::<InputKind>(&v, "input")).transpose()?;
        let encoding = text("encoding")?;
        Ok(DocInput { id: id.clone(), pages, input, encoding })
    })();
    Row { id, doc }
}

/// A document's records and summary entry, or its failure.
fn outcome(
    id: String,
    result: Result<Document, String>,
    options: &Options,
) -> (Vec<PairRecord>, Vec<AuditRecord>, DocSummary) {
    match result {
        Ok(doc) => {
            let pairs = records(&doc, &options.output);
            // Counted as the CLI counts them: the records written, at the level asked for.
            let summary = DocSummary::with_counts(&doc, DocCounts::written(&doc, &pairs, Format::Jsonl, None));
            (pairs, audit_records(&doc), summary)
        }
        Err(error) => (Vec::new(), Vec::new(), DocSummary::failed(&id, error)),
    }
}

/// Aligns many article pairs together, as `koen-align batch` does with a manifest's rows.
///
/// `rows` is an iterable of mappings: `{"id", "ko", "en"}` (two editions) or `{"id", "page"}`
/// (one bilingual page). Pages are `str` (text) or `bytes` (a file's contents, decoded as the
/// CLI decodes a file). Optional keys: `ko_path`, `en_path` or `page_path` (the file a page
/// came from: named in messages, and tells HTML by its extension; never opened), and `input`
/// and `encoding` (the row's own, as a manifest's columns).
///
/// Returns a dict with `pairs` and `audit` (as `align`, every row's records in input order)
/// and `documents`: one entry per row, in order, as in the CLI's `summary.json` (`id`,
/// `status` 'ok' or 'failed', `error` when failed, and the row's counts). A row that fails (a
/// missing or mistyped key, a page with no text or that cannot be decoded) is reported there
/// and the others go on; a row without an id is called `row N` (N counting from 0).
///
/// Batch evidence, as in the CLI's `batch` command: blocks recurring in several documents
/// count as site template, and with `self_train=True` (the default; the CLI's
/// `--no-self-train` is `self_train=False`) word associations learnt from a first pass's
/// confident pairs extend the lexicon. It is learnt from `evidence`, rows like `rows` — the
/// CLI learns it from the first 2,000 documents of a manifest (`--sample-size`), so an engine
/// that passes those with every partition gets the CLI's output whatever the partitioning;
/// the evidence learnt is kept per process, so each worker learns it once. Without
/// `evidence`, it is learnt from `rows` themselves; `evidence=[]` learns nothing (each
/// document aligned on its own, as `align` does).
///
/// Single-threaded by default, because inside Spark or Ray the engine owns the cores;
/// `threads=N` aligns on a private pool of N threads (the output is the same). The GIL is
/// released while aligning. Other options as `align`.
#[pyfunction]
#[pyo3(
    signature = (rows, *, level = None, min_score = None, rules = None, dict = None, input = None, blocks = None, encoding = None, self_train = None, evidence = None, threads = None),
    text_signature = "(rows, *, level='paragraph', min_score=0.0, rules=None, dict=None, input='auto', blocks='auto', encoding=None, self_train=True, evidence=None, threads=1)"
)]
#[allow(clippy::too_many_arguments)]
fn align_batch<'py>(
    py: Python<'py>,
    rows: &Bound<'py, PyAny>,
    level: Option<&Bound<'py, PyAny>>,
    min_score: Option<&Bound<'py, PyAny>>,
    rules: Option<&Bound<'py, PyAny>>,
    dict: Option<&Bound<'py, PyAny>>,
    input: Option<&Bound<'py, PyAny>>,
    blocks: Option<&Bound<'py, PyAny>>,
    encoding: Option<&Bound<'py, PyAny>>,
    self_train: Option<&Bound<'py, PyAny>>,
    evidence: Option<&Bound<'py, PyAny>>,
    threads: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let mut builder = Kwargs { level, min_score, rules, dict, input, blocks, encoding }.builder()?;
    if let Some(v) = self_train {
        builder = builder.self_train(arg(v, "self_train", "a bool")?);
    }
    let threads = threads_arg(threads)?.unwrap_or(1);
    let extract_rows = |rows: &Bound<'py, PyAny>, name: &str| -> PyResult<Vec<Row>> {
        let iter = rows.try_iter().map_err(|_| {
            PyTypeError::new_err(format!("{name} must be an iterable of mappings, not {}", type_name(rows)))
        })?;
        let mut out = Vec::new();
        for (index, item) in iter.enumerate() {
            out.push(extract_row(index, &item?));
        }
        Ok(out)
    };
    let inputs = extract_rows(rows, "rows")?;
    let evidence = evidence.map(|e| extract_rows(e, "evidence")).transpose()?;
    let json = py.detach(|| -> PyResult<String> {
        let options = builder.build().map_err(py_error)?;
        // The library's batch functions use rayon; inside this private pool they use exactly
        // `threads` threads, never the global pool (all cores).
        let pool = thread_pool(threads)?;
        // As the CLI's batch runner (evidence from a sample, or here from the rows themselves):
        // learn, then process every document with what was learnt.
        let mut processed = pool.install(|| {
            let loaded = load_rows(&inputs, &options);
            let learnt = match &evidence {
                Some(evidence) => learnt_from(evidence, &options),
                None => Arc::new(learn(&loaded, &options)),
            };
            let docs: Vec<_> = loaded
                .into_par_iter()
                .map(|(id, pair)| {
                    let doc = pair.map(|p| process(&id, p, &options, &learnt));
                    (id, doc)
                })
                .collect();
            docs.into_iter()
        });
        let mut output =
            Output { pairs: Vec::new(), audit: Vec::new(), documents: Some(Vec::with_capacity(inputs.len())) };
        for row in &inputs {
            let result = match &row.doc {
                Ok(_) => {
                    let (id, result) = processed.next().expect("one result per usable row");
                    debug_assert_eq!(id, row.id);
                    result.map_err(|e| e.to_string())
                }
                Err(problem) => Err(problem.clone()),
            };
            let (pairs, audit, summary) = outcome(row.id.clone(), result, &options);
            output.pairs.extend(pairs);
            output.audit.extend(audit);
            output.documents.get_or_insert_with(Vec::new).push(summary);
        }
        output.to_json()
    })?;
    json_to_python(py, &json)
}

/// Reads a batch manifest as the CLI's `batch` command does: a TSV whose header names the
/// columns `id`, `ko` and `en` (or `id` and `page`), optionally `input` and `encoding`;
/// relative paths resolved against the manifest's folder.
///
/// Returns one dict per row, in order: `{"line", "id", "ko", "en"}` or `{"line", "id",
/// "page"}` (paths) for a good row, with `input` and `encoding` when the row gives them (ready
/// to become an `align_batch` row once the files are read: the paths go in `ko_path`,
/// `en_path` or `page_path`); `{"line", "id", "error"}` for a malformed one (its id is
/// `line N` when it has none), which the CLI reports as a failed document. An unreadable
/// manifest or a header without the columns raises `KoenAlignError`.
#[pyfunction]
fn read_manifest<'py>(py: Python<'py>, path: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
    let path: PathBuf = arg(path, "path", "a path (str or os.PathLike)")?;
    let rows = py.detach(|| read_manifest_file(&path)).map_err(py_error)?;
    let list = PyList::empty(py);
    for row in rows {
        let entry = PyDict::new(py);
        match row {
            Ok(row) => {
                entry.set_item("line", row.line)?;
                entry.set_item("id", row.id)?;
                match &row.source {
                    Source::Pair { ko, en } => {
                        entry.set_item("ko", ko.as_os_str())?;
                        entry.set_item("en", en.as_os_str())?;
                    }
                    Source::Page(page) => entry.set_item("page", page.as_os_str())?,
                }
                if let Some(kind) = row.input {
                    entry.set_item("input", kind.name())?;
                }
                if let Some(label) = row.encoding {
                    entry.set_item("encoding", label)?;
                }
            }
            Err(bad) => {
                entry.set_item("line", bad.line)?;
                entry.set_item("id", bad.id.unwrap_or_else(|| format!("line {}", bad.line)))?;
                entry.set_item("error", bad.error.to_string())?;
            }
        }
        list.append(entry)?;
    }
    Ok(list)
}

/// Serialises what a pairing call returns (see the module comment on records to Python
/// objects: the same serializer and float text as the library's files).
fn to_json(value: &impl Serialize) -> PyResult<String> {
    serde_json::to_string(value).map_err(|e| PyRuntimeError::new_err(format!("cannot serialise the result: {e}")))
}

/// A pairing threshold: a number in [0, 1], as the CLI's `--threshold`.
fn threshold_arg(value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<f32>> {
    let Some(value) = value else { return Ok(None) };
    let threshold: f32 = arg(value, "threshold", "a number")?;
    // `contains` is false for NaN too.
    if !(0.0..=1.0).contains(&threshold) {
        return Err(PyValueError::new_err(format!("threshold must be in [0, 1], not {threshold}")));
    }
    Ok(Some(threshold))
}

/// `pair`'s paths: one path, or an iterable of them. A str is one path (not the iterable of
/// its characters), so it is tried first.
fn paths_arg(value: &Bound<'_, PyAny>) -> PyResult<Vec<PathBuf>> {
    if let Ok(path) = value.extract::<PathBuf>() {
        return Ok(vec![path]);
    }
    let iter = value.try_iter().map_err(|_| {
        PyTypeError::new_err(format!("paths must be a path or an iterable of paths, not {}", type_name(value)))
    })?;
    let mut paths = Vec::new();
    for (i, item) in iter.enumerate() {
        paths.push(arg(&item?, &format!("paths[{i}]"), "a path (str or os.PathLike)")?);
    }
    Ok(paths)
}

/// Finds which Korean page and which English page of a crawl are editions of one article, as
/// `koen-align pair` does.
///
/// `paths` is a page, a folder (walked in name order, hidden files skipped) or an iterable of
/// them. Every page is read, cleaned and given a signature of the evidence that survives
/// translation; the strongest candidates are checked by aligning them, and a one-to-one
/// assignment keeps the pairs scoring at least `threshold` (None: the library's calibrated
/// default; `summary["threshold"]` says which was used).
///
/// Returns a dict with `pairs` (the lines of the CLI's `manifest.tsv`: id, ko, en, score,
/// linked; strongest first), `unpaired` (the lines of `unpaired.tsv`: page, edition 'ko',
/// 'en' or None, reason, other, score, detail) and `summary` (`summary.json`). The reasons
/// are `unpaired.tsv`'s: 'duplicate', 'no-candidate', 'below-threshold', 'lost',
/// 'unreadable' and 'not-an-edition'. A page that cannot be read does not raise: it is listed
/// as unreadable, naming the file, and the others go on.
///
/// With `out`, the CLI's files are also written there (the folder is created if need be);
/// failing to write them raises `KoenAlignError` naming the file. Pages are read on all cores
/// unless `threads=N` (a private pool of N threads), as the CLI's `--threads`. The GIL is
/// released while pairing.
#[pyfunction]
#[pyo3(signature = (paths, *, out = None, threshold = None, threads = None), text_signature = "(paths, *, out=None, threshold=None, threads=None)")]
fn pair<'py>(
    py: Python<'py>,
    paths: &Bound<'py, PyAny>,
    out: Option<&Bound<'py, PyAny>>,
    threshold: Option<&Bound<'py, PyAny>>,
    threads: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let paths = paths_arg(paths)?;
    let out: Option<PathBuf> = out.map(|v| arg(v, "out", "a path (str or os.PathLike)")).transpose()?;
    let mut pair_options = PairOptions::default();
    if let Some(threshold) = threshold_arg(threshold)? {
        pair_options.threshold = threshold;
    }
    let threads = threads_arg(threads)?;
    let json = py.detach(|| -> PyResult<String> {
        let options = Options::default();
        let run = || pair_files(&page_files(&paths), &options, &pair_options, &|_| {});
        let crawl = match threads {
            Some(n) => thread_pool(n)?.install(run),
            // As the CLI without --threads: rayon's global pool, one thread per core.
            None => run(),
        };
        let report = pairing_report(&crawl, &pair_options);
        if let Some(dir) = &out {
            write_pairing_report(dir, &report).map_err(py_error)?;
        }
        to_json(&report)
    })?;
    json_to_python(py, &json)
}

/// Computes one page's signature: its edition ('ko' or 'en') and the evidence pairing
/// compares, as `pair` computes it for each page of a crawl. A signature depends on its page
/// alone, so signatures can be computed anywhere (inside Spark tasks, say), collected and
/// joined with `pair_signatures`.
///
/// Give the page as `path` (a file, read as `pair` reads it), or as `data` (its contents:
/// `bytes`, decoded as a file is, or `str`, already decoded) with `name` (the name it goes by:
/// a signature's `page`, by which pairs name it, and what tells HTML by its extension).
///
/// Returns a dict: page, edition, keys (unsigned 64-bit ints), paragraphs, length,
/// fingerprint, and url and alternates when the page declares them. `json.dumps` and
/// `json.loads` keep it intact. A page that cannot be read, has no text, or is neither mostly
/// Korean nor mostly English raises `KoenAlignError` naming it. The GIL is released while the
/// page is read.
#[pyfunction]
#[pyo3(signature = (path = None, *, data = None, name = None), text_signature = "(path=None, *, data=None, name=None)")]
fn page_signature<'py>(
    py: Python<'py>,
    path: Option<&Bound<'py, PyAny>>,
    data: Option<&Bound<'py, PyAny>>,
    name: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    /// The page as given. Bytes are borrowed from the immutable `bytes` object (held alive by
    /// the caller for the whole call), so a page is not copied before it is read.
    enum Page<'a> {
        File(PathBuf),
        Data { bytes: Cow<'a, [u8]>, text: bool, name: PathBuf },
    }
    let page = match (path, data, name) {
        (Some(path), None, None) => Page::File(arg(path, "path", "a path (str or os.PathLike)")?),
        (None, Some(data), Some(name)) => {
            let name: PathBuf = arg(name, "name", "a path or str")?;
            if let Ok(bytes) = data.cast::<PyBytes>() {
                Page::Data { bytes: Cow::Borrowed(bytes.as_bytes()), text: false, name }
            } else if let Ok(bytes) = data.cast::<PyByteArray>() {
                // A bytearray can change while the GIL is released: read a copy.
                Page::Data { bytes: Cow::Owned(bytes.to_vec()), text: false, name }
            } else {
                let text: String = arg(data, "data", "bytes or a str")?;
                Page::Data { bytes: Cow::Owned(text.into_bytes()), text: true, name }
            }
        }
        (None, Some(_), None) => {
            return Err(PyTypeError::new_err(
                "page_signature(data=...) needs name=, the page's name (pairs name pages by it)",
            ))
        }
        _ => return Err(PyTypeError::new_err("page_signature() takes a path, or data= with name=")),
    };
    let json = py.detach(|| -> PyResult<String> {
        let mut options = Options::default();
        let signature = match &page {
            Page::File(path) => signature_of_file(path, &options),
            Page::Data { bytes, text, name } => {
                if *text {
                    // Text is already decoded: read it as UTF-8, whatever its markup declares.
                    options.read.encoding = Some("utf-8".into());
                }
                signature_of_bytes(bytes, name, &options)
            }
        }
        .map_err(py_error)?;
        to_json(&signature)
    })?;
    json_to_python(py, &json)
}

/// Pairs page signatures computed anywhere (`page_signature`, on a cluster's workers say), as
/// `pair` pairs a crawl, but on the signatures alone: there are no articles at hand to check
/// a doubtful candidate by aligning it, so scores are on the evidence scale and `threshold`
/// (None: the library's calibrated default for evidence alone; `summary["threshold"]` says
/// which was used) applies to them. Rarity is measured on the signatures given, so on a
/// small crawl (tens of pages) this is looser than `pair`.
///
/// `signatures` is an iterable of signature dicts (or other mappings), as `page_signature`
/// returns them, or after a trip through JSON. Returns a dict like `pair`'s, naming pages by
/// each signature's `page` (which must be distinct); nothing is written. A dict that is not a
/// signature raises `ValueError` naming its position. The GIL is released while pairing.
#[pyfunction]
#[pyo3(signature = (signatures, *, threshold = None), text_signature = "(signatures, *, threshold=None)")]
fn pair_signatures<'py>(
    py: Python<'py>,
    signatures: &Bound<'py, PyAny>,
    threshold: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let mut pair_options = PairOptions::default();
    if let Some(threshold) = threshold_arg(threshold)? {
        pair_options.evidence_threshold = threshold;
    }
    let iter = signatures.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "signatures must be an iterable of signature dicts, not {}",
            type_name(signatures)
        ))
    })?;
    // Each dict goes to the library as JSON text, the form its serde types read: Python's
    // json.dumps (C code) with the GIL, serde_json's parsing without it.
    static DUMPS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let dumps = DUMPS.import(py, "json", "dumps")?;
    let mut texts = Vec::new();
    for (i, item) in iter.enumerate() {
        let mut item = item?;
        if item.cast::<PyDict>().is_err() {
            // json.dumps writes dicts only; another mapping is read as the dict it holds.
            if item.cast::<PyMapping>().is_err() {
                return Err(PyTypeError::new_err(format!(
                    "signatures[{i}] must be a dict (as page_signature returns), not {}",
                    type_name(&item)
                )));
            }
            item = py.get_type::<PyDict>().call1((&item,))?;
        }
        let text = dumps
            .call1((&item,))
            .and_then(|t| t.extract::<String>())
            .map_err(|e| PyValueError::new_err(format!("signatures[{i}] is not a page signature: {e}")))?;
        texts.push(text);
    }
    let json = py.detach(|| -> PyResult<String> {
        let mut pages = Vec::with_capacity(texts.len());
        let mut seen: HashMap<String, usize> = HashMap::with_capacity(texts.len());
        for (i, text) in texts.iter().enumerate() {
            let mut page: PageSignature = serde_json::from_str(text).map_err(|e| {
                // The position is in text json.dumps wrote, which the caller never sees.
                let message = e.to_string();
                let at = format!(" at line {} column {}", e.line(), e.column());
                let message = message.strip_suffix(&at).unwrap_or(&message);
                PyValueError::new_err(format!("signatures[{i}] is not a page signature: {message}"))
            })?;
            // Pairing intersects keys by merging sorted lists. page_signature's keys are
            // sorted and distinct; keys rebuilt elsewhere (an array column) may not be.
            page.keys.sort_unstable();
            page.keys.dedup();
            // Pages are named in the result by `page`: two signatures with one name could not
            // be told apart there.
            if let Some(first) = seen.insert(page.page.clone(), i) {
                return Err(PyValueError::new_err(format!(
                    "signatures[{first}] and signatures[{i}] are both page {:?}: pages must have distinct names",
                    page.page
                )));
            }
            pages.push(page);
        }
        let pairing = koen_align::pair_signatures(&pages, &pair_options);
        let crawl = CrawlPairing { pages, unread: Vec::new(), pairing };
        to_json(&pairing_report(&crawl, &pair_options))
    })?;
    json_to_python(py, &json)
}

/// koen-align: clean, audited Korean–English parallel text from scraped news pages.
///
/// `align(ko, en, ...)` aligns one article pair, `align_batch(rows, ...)` many as one batch;
/// both return the records of the CLI's `pairs.jsonl` and `audit.jsonl` as dicts.
/// `read_manifest(path)` reads a manifest as the CLI does. `pair(paths, ...)` finds which
/// Korean and English pages of a crawl are one article, as the CLI's `pair`;
/// `page_signature(...)` and `pair_signatures(signatures, ...)` do it in two steps, the first
/// anywhere (a Spark task), the second on the collected signatures. Errors of the library raise
/// `KoenAlignError`, a subclass of `ValueError`, with the library's message.
#[pymodule(name = "koen_align")]
fn koen_align_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(align, m)?)?;
    m.add_function(wrap_pyfunction!(align_batch, m)?)?;
    m.add_function(wrap_pyfunction!(read_manifest, m)?)?;
    m.add_function(wrap_pyfunction!(pair, m)?)?;
    m.add_function(wrap_pyfunction!(page_signature, m)?)?;
    m.add_function(wrap_pyfunction!(pair_signatures, m)?)?;
    m.add("KoenAlignError", m.py().get_type::<KoenAlignError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
