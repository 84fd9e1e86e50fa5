//! Python bindings for koen-align: `koen_align.align` and `koen_align.align_batch` return the
//! records the CLI writes to `pairs.jsonl` and `audit.jsonl`, and `iter_align_batch` yields
//! them document by document; `koen_align.read_manifest` reads a manifest exactly as the CLI
//! does (its rows go to `align_batch` as they are, or to engines that read the files
//! themselves, such as the Spark and Ray examples). `koen_align.pair` pairs a crawl's pages as the CLI's `pair`
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
    audit_records, learn_evidence, load_page_bytes, load_pair_bytes, load_row, page_files, pair_files, pairing_report,
    process, records, signature_of_bytes, signature_of_file, write_pairing_report, AuditRecord, BatchConfig,
    BatchEvidence, BlockMode, Choice, CrawlPairing, DocCounts, DocSummary, DocumentMeta, Error, Format, InputKind,
    Level, LoadedDocument, ManifestRow, Options, OptionsBuilder, PageSignature, PairOptions, PairRecord, RunInfo,
    Source,
};
use pyo3::exceptions::{PyDeprecationWarning, PyKeyError, PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyIterator, PyList, PyMapping};
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, VecDeque};
use std::ffi::CString;
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

/// Warns that a keyword argument was renamed. Python's `warnings` points at the caller's line
/// (stack level 1 from a function written in Rust is the Python frame that called it).
fn deprecated(py: Python<'_>, function: &str, old: &str, new: &str) -> PyResult<()> {
    let message =
        format!("{function}(): the keyword {old}= is deprecated (it shadows a Python built-in); use {new}= instead");
    // The names are fixed ASCII, so the message holds no NUL; still, no panic here.
    let message = CString::new(message).map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
    PyErr::warn(py, &py.get_type::<PyDeprecationWarning>(), &message, 1)
}

/// A keyword argument given under its name or under the name it had before (`dict`, `input`,
/// `id`: they shadow Python built-ins), which still works but warns. Returns the value with
/// the name it was given under, so that an error about the value names what the caller wrote;
/// both at once is a TypeError, since the two could disagree.
fn renamed<'a, 'py>(
    py: Python<'py>,
    function: &str,
    (name, value): (&'static str, Option<&'a Bound<'py, PyAny>>),
    (old, old_value): (&'static str, Option<&'a Bound<'py, PyAny>>),
) -> PyResult<Option<(&'a Bound<'py, PyAny>, &'static str)>> {
    match (value, old_value) {
        (Some(_), Some(_)) => Err(PyTypeError::new_err(format!(
            "{function}() got both {name}= and {old}=, its deprecated alias; give {name}= only"
        ))),
        (Some(value), None) => Ok(Some((value, name))),
        (None, Some(value)) => {
            deprecated(py, function, old, name)?;
            Ok(Some((value, old)))
        }
        (None, None) => Ok(None),
    }
}

/// A keyword argument and the name it was given under.
type Named<'a, 'py> = Option<(&'a Bound<'py, PyAny>, &'static str)>;

/// What `summary.json`'s `run` records for output written with these options (`format` is
/// how the pairs are written: "jsonl", "tsv", "moses" or "tmx"), as a dict: the version,
/// level, format, score threshold and every setting. For engines that write the CLI's output
/// folder themselves (`examples/`). Options as `align_batch`'s.
#[pyfunction]
#[pyo3(
    signature = (*, format = None, level = None, min_score = None, rules = None, dictionary = None, input_kind = None, blocks = None, encoding = None, keep_boilerplate = None, self_train = None),
    text_signature = "(*, format='jsonl', level='paragraph', min_score=0.0, rules=None, dictionary=None, input_kind='auto', blocks='auto', encoding=None, keep_boilerplate=False, self_train=True)"
)]
#[allow(clippy::too_many_arguments)]
fn run_info<'py>(
    py: Python<'py>,
    format: Option<&Bound<'py, PyAny>>,
    level: Option<&Bound<'py, PyAny>>,
    min_score: Option<&Bound<'py, PyAny>>,
    rules: Option<&Bound<'py, PyAny>>,
    dictionary: Option<&Bound<'py, PyAny>>,
    input_kind: Option<&Bound<'py, PyAny>>,
    blocks: Option<&Bound<'py, PyAny>>,
    encoding: Option<&Bound<'py, PyAny>>,
    keep_boilerplate: Option<&Bound<'py, PyAny>>,
    self_train: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let format = choice_arg::<Format>(format, "format")?.unwrap_or_default();
    let mut builder = Kwargs {
        level,
        min_score,
        rules,
        dictionary: dictionary.map(|d| (d, "dictionary")),
        input_kind: input_kind.map(|i| (i, "input_kind")),
        blocks,
        encoding,
        keep_boilerplate,
    }
    .builder()?;
    if let Some(v) = self_train {
        builder = builder.self_train(arg(v, "self_train", "a bool")?);
    }
    let options = py.detach(|| builder.build()).map_err(py_error)?;
    let json =
        serde_json::to_string(&RunInfo::new(&options, format)).map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
    json_to_python(py, &json)
}

/// The keyword options `align`, `align_batch` and `iter_align_batch` share, as given (None:
/// the default). `dictionary` and `input_kind` may have come under their deprecated names.
struct Kwargs<'a, 'py> {
    level: Option<&'a Bound<'py, PyAny>>,
    min_score: Option<&'a Bound<'py, PyAny>>,
    rules: Option<&'a Bound<'py, PyAny>>,
    dictionary: Named<'a, 'py>,
    input_kind: Named<'a, 'py>,
    blocks: Option<&'a Bound<'py, PyAny>>,
    encoding: Option<&'a Bound<'py, PyAny>>,
    keep_boilerplate: Option<&'a Bound<'py, PyAny>>,
}

impl Kwargs<'_, '_> {
    /// The options of one call, checked while the GIL is held, in the library's builder (the
    /// one the CLI fills from its flags); its `build` reads the user's files later, without
    /// the GIL.
    fn builder(self) -> PyResult<OptionsBuilder> {
        let level = choice_arg::<Level>(self.level, "level")?.unwrap_or_default();
        let min_score = self.min_score.map(|v| arg::<f32>(v, "min_score", "a number")).transpose()?.unwrap_or(0.0);
        let path = |v: &Bound<'_, PyAny>, name: &str| arg::<PathBuf>(v, name, "a path (str or os.PathLike)");
        let input = match self.input_kind {
            Some((v, name)) => choice_arg::<InputKind>(Some(v), name)?,
            None => None,
        };
        Ok(Options::builder()
            .level(level)
            .min_score(min_score)
            .rules_file(self.rules.map(|v| path(v, "rules")).transpose()?)
            .dictionary_file(self.dictionary.map(|(v, name)| path(v, name)).transpose()?)
            .input(input.unwrap_or_default())
            .blocks(choice_arg::<BlockMode>(self.blocks, "blocks")?.unwrap_or_default())
            .encoding(self.encoding.map(|v| arg::<String>(v, "encoding", "a str")).transpose()?)
            .keep_boilerplate(
                self.keep_boilerplate
                    .map(|v| arg::<bool>(v, "keep_boilerplate", "a bool"))
                    .transpose()?
                    .unwrap_or(false),
            ))
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

/// Where a document's text is: two editions or one bilingual page given as text or bytes,
/// or the files of a manifest row (`read_manifest`), read when the document is loaded.
enum Pages {
    Pair(Content, Content),
    Page(Content),
    Files { line: usize, source: Source },
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
    /// The row's `url_ko`, `url_en` and `meta` (a manifest's other columns), carried to every
    /// pair record as the CLI carries them.
    meta: DocumentMeta,
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
    /// for bytes). A manifest row's files are read by the library's `load_row` itself, so
    /// they get the CLI's checks before reading (a folder, a FIFO, a file over the size cap)
    /// and its messages, word for word.
    fn load(&self, options: &Options) -> Result<LoadedDocument, Error> {
        self.load_pages(options).map(|mut doc| {
            doc.meta = std::mem::take(&mut doc.meta).overridden_by(&self.meta);
            doc
        })
    }

    fn load_pages(&self, options: &Options) -> Result<LoadedDocument, Error> {
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
            Pages::Files { line, source } => {
                let row = ManifestRow {
                    line: *line,
                    id: self.id.clone(),
                    source: source.clone(),
                    input: self.input,
                    encoding: self.encoding.clone(),
                    meta: self.meta.clone(),
                };
                load_row(&row, &options.read, &options.limits)
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

/// A file's path with its size and modification time: a manifest row's evidence is its files,
/// and a file rewritten between two calls must not be taken for the one learnt from before.
fn hash_file(path: &std::path::Path, h: &mut impl Hasher) {
    path.hash(h);
    if let Ok(meta) = std::fs::metadata(path) {
        (meta.len(), meta.modified().ok()).hash(h);
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
                    Pages::Files { source: Source::Pair { ko, en }, .. } => {
                        2u8.hash(h);
                        hash_file(ko, h);
                        hash_file(en, h);
                    }
                    Pages::Files { source: Source::Page(page), .. } => {
                        3u8.hash(h);
                        hash_file(page, h);
                    }
                }
                (format!("{:?}", doc.input), &doc.encoding).hash(h);
            }
        }
    }

    /// Reads the row's document into blocks; a row that was not usable gives its problem.
    fn load(&self, options: &Options) -> Loaded {
        match &self.doc {
            Ok(doc) => doc.load(options).map_err(|e| e.to_string()),
            Err(problem) => Err(problem.clone()),
        }
    }
}

/// A row read into blocks, or why it could not be (the message a failed document carries).
type Loaded = Result<LoadedDocument, String>;

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
    let learnt = Arc::new(learn(evidence, &load_rows(evidence, options), options));
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if cache.len() >= KEEP {
        cache.remove(0);
    }
    cache.push((key, learnt.clone()));
    learnt
}

/// Learns batch evidence from the rows that loaded (`loaded[i]` is `rows[i]` read).
fn learn(rows: &[Row], loaded: &[Loaded], options: &Options) -> BatchEvidence {
    let sample: Vec<(&str, &LoadedDocument)> =
        rows.iter().zip(loaded).filter_map(|(row, doc)| doc.as_ref().ok().map(|d| (row.id.as_str(), d))).collect();
    learn_evidence(&sample, options)
}

/// Every row read into blocks, in order (in parallel on the current rayon pool).
fn load_rows(rows: &[Row], options: &Options) -> Vec<Loaded> {
    rows.par_iter().map(|row| row.load(options)).collect()
}

/// The name of a page given without a file, in messages: `doc (ko text)`.
fn text_name(id: &str, what: &str) -> PathBuf {
    PathBuf::from(format!("{id} ({what} text)"))
}

/// What `align` and `align_batch` return, serialised in one go (see the module comment).
#[derive(Serialize)]
struct Output {
    pairs: Vec<PairRecord>,
    audit: Vec<AuditRecord>,
    #[serde(skip_serializing_if = "Option::is_none")]
    documents: Option<Vec<DocSummary>>,
}

impl Output {
    fn to_json(&self) -> PyResult<String> {
        to_json(self)
    }
}

/// One document's records and summary entry: what `iter_align_batch` yields, and what
/// `align_batch` concatenates.
#[derive(Serialize)]
struct DocOutput {
    pairs: Vec<PairRecord>,
    audit: Vec<AuditRecord>,
    document: DocSummary,
}

/// Aligns one row, read into blocks, with the batch's evidence.
fn align_row(row: &Row, loaded: Loaded, options: &Options, learnt: &BatchEvidence) -> DocOutput {
    match loaded {
        Ok(doc) => {
            let doc = process(&row.id, doc, options, learnt);
            DocOutput {
                // Counted as the CLI counts them: the records written, at the level asked for.
                document: DocSummary::with_counts(
                    &doc,
                    DocCounts::written(&doc, &records(&doc, &options.output), Format::Jsonl, None),
                ),
                pairs: records(&doc, &options.output),
                audit: audit_records(&doc),
            }
        }
        Err(error) => DocOutput { pairs: Vec::new(), audit: Vec::new(), document: DocSummary::failed(&row.id, error) },
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
/// `doc_id` is the id written in every record ('doc' by default).
///
/// Returns a dict with `pairs` (a list of dicts with the fields of a `pairs.jsonl` line: id,
/// ko, en, ko_blocks, en_blocks, kind, score) and `audit` (the fields of an `audit.jsonl`
/// line: id, side, block, text, lang, rule, reason, scope).
///
/// Options, as the CLI's: `level` ('paragraph' or 'sentence'), `min_score` (pairs scoring
/// below it are left out; null beads are always kept), `rules` (path of an extra rules TSV),
/// `dictionary` (path of a hunalign-format dictionary, the CLI's `--dict`), `input_kind`
/// ('auto', 'text' or 'html', the CLI's `--input`), `blocks` ('auto', 'lines' or
/// 'paragraphs'), `encoding` (a label such as 'euc-kr', or 'auto'; for bytes only) and
/// `keep_boilerplate` (remove nothing, but still audit what would have been removed). The
/// names `id`, `dict` and `input` still work but warn (DeprecationWarning): they shadow
/// Python built-ins. Errors of the library (an unreadable or malformed rules file or
/// dictionary, a page with no text or that cannot be decoded) raise `KoenAlignError` with the
/// library's message. The GIL is released while the pages are aligned.
#[pyfunction]
#[pyo3(
    signature = (ko = None, en = None, *, page = None, doc_id = None, level = None, min_score = None, rules = None, dictionary = None, input_kind = None, blocks = None, encoding = None, keep_boilerplate = None, id = None, dict = None, input = None),
    text_signature = "(ko, en, *, page=None, doc_id='doc', level='paragraph', min_score=0.0, rules=None, dictionary=None, input_kind='auto', blocks='auto', encoding=None, keep_boilerplate=False)"
)]
#[allow(clippy::too_many_arguments)]
fn align<'py>(
    py: Python<'py>,
    ko: Option<&Bound<'py, PyAny>>,
    en: Option<&Bound<'py, PyAny>>,
    page: Option<&Bound<'py, PyAny>>,
    doc_id: Option<&Bound<'py, PyAny>>,
    level: Option<&Bound<'py, PyAny>>,
    min_score: Option<&Bound<'py, PyAny>>,
    rules: Option<&Bound<'py, PyAny>>,
    dictionary: Option<&Bound<'py, PyAny>>,
    input_kind: Option<&Bound<'py, PyAny>>,
    blocks: Option<&Bound<'py, PyAny>>,
    encoding: Option<&Bound<'py, PyAny>>,
    keep_boilerplate: Option<&Bound<'py, PyAny>>,
    id: Option<&Bound<'py, PyAny>>,
    dict: Option<&Bound<'py, PyAny>>,
    input: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let id: String = match renamed(py, "align", ("doc_id", doc_id), ("id", id))? {
        Some((v, name)) => arg(v, name, "a str")?,
        None => "doc".to_owned(),
    };
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
    let builder = Kwargs {
        level,
        min_score,
        rules,
        dictionary: renamed(py, "align", ("dictionary", dictionary), ("dict", dict))?,
        input_kind: renamed(py, "align", ("input_kind", input_kind), ("input", input))?,
        blocks,
        encoding,
        keep_boilerplate,
    }
    .builder()?;
    let doc_input = DocInput { id, pages, input: None, encoding: None, meta: DocumentMeta::default() };
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

/// The key `read_manifest` puts in every row it returns (the manifest's path): a row with it
/// names files, which are read, rather than holding the pages' text. Without the mark, a
/// manifest row's paths would be aligned as if they were the articles, and every document
/// would fail for want of Korean text (issue #17).
const MANIFEST_MARK: &str = "manifest";

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
        let from_manifest = get(MANIFEST_MARK)?.is_some();
        // A row `read_manifest` could not read carries the CLI's message for it: the
        // document fails with it, as in the CLI's summary.
        if from_manifest {
            if let Some(error) = text("error")? {
                return Err(error);
            }
        }
        let content = |key: &str, value: Bound<'_, PyAny>| -> Result<Content, String> {
            let name = match get(&format!("{key}_path"))? {
                Some(p) => p
                    .extract::<PathBuf>()
                    .map_err(|_| format!("\"{key}_path\" must be a path, not {}", type_name(&p)))?,
                None => text_name(&id, key),
            };
            Content::extract(&value, name).map_err(|problem| format!("{key:?} {problem}"))
        };
        // In a manifest row, `ko`, `en` and `page` are files (already resolved against the
        // manifest's folder by read_manifest).
        let file = |key: &str, value: Bound<'_, PyAny>| -> Result<PathBuf, String> {
            value
                .extract::<PathBuf>()
                .map_err(|_| format!("{key:?} of a manifest row must be a path, not {}", type_name(&value)))
        };
        let pages = match (get("ko")?, get("en")?, get("page")?) {
            (Some(ko), Some(en), None) if from_manifest => {
                Pages::Files { line: 0, source: Source::Pair { ko: file("ko", ko)?, en: file("en", en)? } }
            }
            (None, None, Some(page)) if from_manifest => {
                Pages::Files { line: 0, source: Source::Page(file("page", page)?) }
            }
            (Some(ko), Some(en), None) => Pages::Pair(content("ko", ko)?, content("en", en)?),
            (None, None, Some(page)) => Pages::Page(content("page", page)?),
            (Some(_), None, None) => return Err("missing \"en\"".into()),
            (None, Some(_), None) => return Err("missing \"ko\"".into()),
            (None, None, None) => return Err("missing \"ko\" and \"en\" (or \"page\")".into()),
            _ => return Err("give \"ko\" and \"en\", or \"page\", not both".into()),
        };
        let pages = match pages {
            // The manifest line, for the library's messages (0 when the row does not say).
            Pages::Files { source, .. } => {
                let line = get("line")?.and_then(|v| v.extract::<usize>().ok()).unwrap_or(0);
                Pages::Files { line, source }
            }
            other => other,
        };
        pages.check()?;
        let input = text("input")?.map(|v| parse_choice::<InputKind>(&v, "input")).transpose()?;
        let encoding = text("encoding")?;
        let meta = DocumentMeta {
            url_ko: text("url_ko")?,
            url_en: text("url_en")?,
            extra: match get("meta")? {
                None => Default::default(),
                Some(m) => m
                    .extract::<std::collections::BTreeMap<String, String>>()
                    .map_err(|_| format!("\"meta\" must be a dict of str to str, not {}", type_name(&m)))?,
            },
        };
        Ok(DocInput { id: id.clone(), pages, input, encoding, meta })
    })();
    Row { id, doc }
}

/// The rows of an iterable (`rows` or `evidence`), each read as `extract_row` reads it.
fn extract_rows(rows: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<Row>> {
    let mut out = Vec::new();
    for (index, item) in rows_iter(rows, name)?.enumerate() {
        out.push(extract_row(index, &item?));
    }
    Ok(out)
}

/// An iterator over `rows`; anything else is a TypeError naming the argument.
fn rows_iter<'py>(rows: &Bound<'py, PyAny>, name: &str) -> PyResult<Bound<'py, PyIterator>> {
    rows.try_iter()
        .map_err(|_| PyTypeError::new_err(format!("{name} must be an iterable of mappings, not {}", type_name(rows))))
}

/// Aligns many article pairs together, as `koen-align batch` does with a manifest's rows.
///
/// `rows` is an iterable of mappings: `{"id", "ko", "en"}` (two editions) or `{"id", "page"}`
/// (one bilingual page). Pages are `str` (text) or `bytes` (a file's contents, decoded as the
/// CLI decodes a file). Optional keys: `ko_path`, `en_path` or `page_path` (the file a page
/// came from: named in messages, and tells HTML by its extension; never opened), and `input`
/// and `encoding` (the row's own, as a manifest's columns). The rows `read_manifest` returns
/// are taken as they are: they carry a `manifest` key, and their `ko`, `en` or `page` are
/// files, read as the CLI reads them (a row the manifest reader rejected fails with its
/// message), so `align_batch(read_manifest(path))` gives the CLI's `batch` documents.
///
/// Returns a dict with `pairs` and `audit` (as `align`, every row's records in input order)
/// and `documents`: one entry per row, in order, as in the CLI's `summary.json` (`id`,
/// `status` 'ok' or 'failed', `error` when failed, and the row's counts). A row that fails (a
/// missing or mistyped key, a page with no text or that cannot be decoded, a file that
/// cannot be read) is reported there and the others go on; a row without an id is called
/// `row N` (N counting from 0).
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
/// Every row is held until the batch is done; for batches too large for that, use
/// `iter_align_batch`. Single-threaded by default, because inside Spark or Ray the engine owns
/// the cores; `threads=N` aligns on a private pool of N threads (the output is the same). The
/// GIL is released while aligning. Other options as `align` (`dict` and `input` still work but
/// warn: they are now `dictionary` and `input_kind`).
#[pyfunction]
#[pyo3(
    signature = (rows, *, level = None, min_score = None, rules = None, dictionary = None, input_kind = None, blocks = None, encoding = None, keep_boilerplate = None, self_train = None, evidence = None, threads = None, dict = None, input = None),
    text_signature = "(rows, *, level='paragraph', min_score=0.0, rules=None, dictionary=None, input_kind='auto', blocks='auto', encoding=None, keep_boilerplate=False, self_train=True, evidence=None, threads=1)"
)]
#[allow(clippy::too_many_arguments)]
fn align_batch<'py>(
    py: Python<'py>,
    rows: &Bound<'py, PyAny>,
    level: Option<&Bound<'py, PyAny>>,
    min_score: Option<&Bound<'py, PyAny>>,
    rules: Option<&Bound<'py, PyAny>>,
    dictionary: Option<&Bound<'py, PyAny>>,
    input_kind: Option<&Bound<'py, PyAny>>,
    blocks: Option<&Bound<'py, PyAny>>,
    encoding: Option<&Bound<'py, PyAny>>,
    keep_boilerplate: Option<&Bound<'py, PyAny>>,
    self_train: Option<&Bound<'py, PyAny>>,
    evidence: Option<&Bound<'py, PyAny>>,
    threads: Option<&Bound<'py, PyAny>>,
    dict: Option<&Bound<'py, PyAny>>,
    input: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let function = "align_batch";
    let mut builder = Kwargs {
        level,
        min_score,
        rules,
        dictionary: renamed(py, function, ("dictionary", dictionary), ("dict", dict))?,
        input_kind: renamed(py, function, ("input_kind", input_kind), ("input", input))?,
        blocks,
        encoding,
        keep_boilerplate,
    }
    .builder()?;
    if let Some(v) = self_train {
        builder = builder.self_train(arg(v, "self_train", "a bool")?);
    }
    let threads = threads_arg(threads)?.unwrap_or(1);
    let inputs = extract_rows(rows, "rows")?;
    let evidence = evidence.map(|e| extract_rows(e, "evidence")).transpose()?;
    let json = py.detach(|| -> PyResult<String> {
        let options = builder.build().map_err(py_error)?;
        // The library's batch functions use rayon; inside this private pool they use exactly
        // `threads` threads, never the global pool (all cores).
        let pool = thread_pool(threads)?;
        // As the CLI's batch runner (evidence from a sample, or here from the rows themselves):
        // learn, then process every document with what was learnt.
        let docs: Vec<DocOutput> = pool.install(|| {
            let loaded = load_rows(&inputs, &options);
            let learnt = match &evidence {
                Some(evidence) => learnt_from(evidence, &options),
                None => Arc::new(learn(&inputs, &loaded, &options)),
            };
            inputs.par_iter().zip(loaded).map(|(row, doc)| align_row(row, doc, &options, &learnt)).collect()
        });
        let mut output = Output { pairs: Vec::new(), audit: Vec::new(), documents: None };
        let mut documents = Vec::with_capacity(docs.len());
        for doc in docs {
            output.pairs.extend(doc.pairs);
            output.audit.extend(doc.audit);
            documents.push(doc.document);
        }
        output.documents = Some(documents);
        output.to_json()
    })?;
    json_to_python(py, &json)
}

/// Where `iter_align_batch` gets its batch evidence.
enum Evidence {
    /// From the first this many rows, as the CLI's `batch` learns from a manifest's first
    /// `--sample-size` documents.
    FirstRows(usize),
    /// From these rows (the `evidence` argument), on the first `next`.
    Rows(Vec<Row>),
    /// Learnt.
    Learnt(Arc<BatchEvidence>),
}

/// How much of the learning sample, once read into blocks, is kept to be aligned rather than
/// read again when its turn comes (estimated heap bytes), as the CLI's batch runner keeps it:
/// all of a small batch, the start of a large one.
const SAMPLE_REUSE_BYTES: usize = 64 << 20;

/// The iterator `iter_align_batch` returns: it takes rows from `rows` a few at a time, aligns
/// them (GIL released, on its pool) and yields one dict per row, in input order.
#[pyclass(module = "koen_align", name = "BatchIterator")]
struct BatchIterator {
    /// What is left of `rows`; None once it is exhausted or has raised.
    rows: Option<Py<PyIterator>>,
    options: Arc<Options>,
    pool: Arc<rayon::ThreadPool>,
    evidence: Evidence,
    /// Rows taken from `rows` and not yet aligned, with their blocks when already read (the
    /// learning sample's).
    pending: VecDeque<(Row, Option<Loaded>)>,
    /// Aligned documents not yet yielded, as JSON.
    ready: VecDeque<String>,
    /// What `rows` raised: raised in turn once every row before it has been yielded.
    error: Option<PyErr>,
    /// Rows aligned together (one per thread's share of the work).
    chunk: usize,
    /// The position of the next row taken from `rows` (for `row N`, a row without an id).
    next_index: usize,
}

impl BatchIterator {
    /// Takes up to `n` more rows from `rows` into `pending`. The end of `rows`, or an error it
    /// raises, ends the taking for good; the error is kept for later.
    fn take_rows(&mut self, py: Python<'_>, n: usize) {
        let Some(rows) = &self.rows else { return };
        let mut iter = rows.bind(py).clone();
        for _ in 0..n {
            match iter.next() {
                Some(Ok(item)) => {
                    self.pending.push_back((extract_row(self.next_index, &item), None));
                    self.next_index += 1;
                }
                Some(Err(err)) => {
                    self.error = Some(err);
                    self.rows = None;
                    return;
                }
                None => {
                    self.rows = None;
                    return;
                }
            }
        }
    }

    /// The batch evidence, learnt on first use (the first `next`, not the call, so that the
    /// call stays cheap and what `rows` raises comes out of the loop that consumes it).
    fn learnt(&mut self, py: Python<'_>) -> Arc<BatchEvidence> {
        let (options, pool) = (self.options.clone(), self.pool.clone());
        match std::mem::replace(&mut self.evidence, Evidence::FirstRows(0)) {
            Evidence::Learnt(learnt) => {
                self.evidence = Evidence::Learnt(learnt.clone());
                learnt
            }
            Evidence::Rows(rows) => {
                let learnt = py.detach(|| pool.install(|| learnt_from(&rows, &options)));
                self.evidence = Evidence::Learnt(learnt.clone());
                learnt
            }
            Evidence::FirstRows(n) => {
                self.take_rows(py, n);
                let sample: Vec<(Row, Option<Loaded>)> = self.pending.drain(..).collect();
                let (learnt, sample) = py.detach(|| {
                    pool.install(|| {
                        let rows: Vec<&Row> = sample.iter().map(|(row, _)| row).collect();
                        let loaded: Vec<Loaded> = rows.par_iter().map(|row| row.load(&options)).collect();
                        let usable: Vec<(&str, &LoadedDocument)> = rows
                            .iter()
                            .zip(&loaded)
                            .filter_map(|(row, doc)| doc.as_ref().ok().map(|d| (row.id.as_str(), d)))
                            .collect();
                        let learnt = Arc::new(learn_evidence(&usable, &options));
                        // Keep the blocks read for as much of the sample as the budget allows.
                        let mut budget = SAMPLE_REUSE_BYTES;
                        let kept = sample
                            .into_iter()
                            .zip(loaded)
                            .map(|((row, _), doc)| {
                                let size = doc.as_ref().map_or(0, |d| d.approx_bytes());
                                if size <= budget {
                                    budget -= size;
                                    (row, Some(doc))
                                } else {
                                    budget = 0;
                                    (row, None)
                                }
                            })
                            .collect::<Vec<_>>();
                        (learnt, kept)
                    })
                });
                self.pending = sample.into();
                self.evidence = Evidence::Learnt(learnt.clone());
                learnt
            }
        }
    }

    /// Aligns the next chunk of rows into `ready`.
    fn step(&mut self, py: Python<'_>) -> PyResult<()> {
        let learnt = self.learnt(py);
        if self.pending.len() < self.chunk {
            self.take_rows(py, self.chunk - self.pending.len());
        }
        let n = self.chunk.min(self.pending.len());
        let chunk: Vec<(Row, Option<Loaded>)> = self.pending.drain(..n).collect();
        let (options, pool) = (self.options.clone(), self.pool.clone());
        let docs = py.detach(|| {
            pool.install(|| {
                chunk
                    .into_par_iter()
                    .map(|(row, loaded)| {
                        let loaded = loaded.unwrap_or_else(|| row.load(&options));
                        to_json(&align_row(&row, loaded, &options, &learnt))
                    })
                    .collect::<PyResult<Vec<String>>>()
            })
        })?;
        self.ready.extend(docs);
        Ok(())
    }
}

#[pymethods]
impl BatchIterator {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    /// The next document: `{"pairs", "audit", "document"}`.
    fn __next__<'py>(mut slf: PyRefMut<'py, Self>, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        loop {
            if let Some(json) = slf.ready.pop_front() {
                return json_to_python(py, &json).map(Some);
            }
            if slf.pending.is_empty() && slf.rows.is_none() {
                // Every row taken has been yielded: now what `rows` raised, if anything.
                return match slf.error.take() {
                    Some(err) => Err(err),
                    None => Ok(None),
                };
            }
            slf.step(py)?;
        }
    }
}

/// Aligns a batch as `align_batch` does, but as a generator: yields one dict per row, in
/// input order, `{"pairs", "audit", "document"}` (the row's records and its summary entry), as
/// soon as its chunk is aligned. Rows are taken from `rows` as they are needed (a few per
/// thread at a time), so a batch need not fit in memory, nor be a list: a generator reading a
/// manifest or a crawl will do, and the rows `read_manifest` returns are read as files, as
/// with `align_batch`.
///
/// Batch evidence as the CLI's `batch` learns it: from `evidence` when it is given (learnt on
/// the first `next`), or else from the first `sample_size` rows (2,000, the CLI's
/// `--sample-size`), which are taken, read and learnt from before the first document is
/// yielded (their blocks are kept, up to 64 MB, to be aligned without reading them again).
/// So for a batch of at most `sample_size` rows the documents are those of
/// `align_batch(rows)`, and for a larger one those of `align_batch(rows,
/// evidence=first_rows)`, the CLI's. `evidence=[]` learns nothing and starts at once.
///
/// A row that fails is reported in its `document` and the others go on. If `rows` itself
/// raises, the rows taken before are aligned and yielded first, then the error is raised.
/// Options, errors and the GIL as `align_batch`; a bad option raises at the call.
#[pyfunction]
#[pyo3(
    signature = (rows, *, level = None, min_score = None, rules = None, dictionary = None, input_kind = None, blocks = None, encoding = None, keep_boilerplate = None, self_train = None, evidence = None, sample_size = None, threads = None),
    text_signature = "(rows, *, level='paragraph', min_score=0.0, rules=None, dictionary=None, input_kind='auto', blocks='auto', encoding=None, keep_boilerplate=False, self_train=True, evidence=None, sample_size=2000, threads=1)"
)]
#[allow(clippy::too_many_arguments)]
fn iter_align_batch<'py>(
    py: Python<'py>,
    rows: &Bound<'py, PyAny>,
    level: Option<&Bound<'py, PyAny>>,
    min_score: Option<&Bound<'py, PyAny>>,
    rules: Option<&Bound<'py, PyAny>>,
    dictionary: Option<&Bound<'py, PyAny>>,
    input_kind: Option<&Bound<'py, PyAny>>,
    blocks: Option<&Bound<'py, PyAny>>,
    encoding: Option<&Bound<'py, PyAny>>,
    keep_boilerplate: Option<&Bound<'py, PyAny>>,
    self_train: Option<&Bound<'py, PyAny>>,
    evidence: Option<&Bound<'py, PyAny>>,
    sample_size: Option<&Bound<'py, PyAny>>,
    threads: Option<&Bound<'py, PyAny>>,
) -> PyResult<BatchIterator> {
    let mut builder = Kwargs {
        level,
        min_score,
        rules,
        dictionary: dictionary.map(|v| (v, "dictionary")),
        input_kind: input_kind.map(|v| (v, "input_kind")),
        blocks,
        encoding,
        keep_boilerplate,
    }
    .builder()?;
    if let Some(v) = self_train {
        builder = builder.self_train(arg(v, "self_train", "a bool")?);
    }
    let threads = threads_arg(threads)?.unwrap_or(1);
    let evidence = match (evidence, sample_size) {
        (Some(_), Some(_)) => {
            return Err(PyTypeError::new_err(
                "iter_align_batch() learns from evidence= or from the first sample_size= rows, not both",
            ))
        }
        (Some(rows), None) => Evidence::Rows(extract_rows(rows, "evidence")?),
        (None, Some(n)) => {
            let n: i64 = arg(n, "sample_size", "an int")?;
            let n = usize::try_from(n)
                .map_err(|_| PyValueError::new_err(format!("sample_size must be at least 0, not {n}")))?;
            Evidence::FirstRows(n)
        }
        (None, None) => Evidence::FirstRows(BatchConfig::default().sample_size),
    };
    let rows = rows_iter(rows, "rows")?.unbind();
    // Reads the rules and dictionary now, so that a bad file raises at the call.
    let options = py.detach(|| builder.build()).map_err(py_error)?;
    Ok(BatchIterator {
        rows: Some(rows),
        options: Arc::new(options),
        pool: Arc::new(thread_pool(threads)?),
        evidence,
        pending: VecDeque::new(),
        ready: VecDeque::new(),
        error: None,
        // One row at a time on one thread, so the first document comes as soon as it can;
        // on more, a few rows per thread, so a long document does not leave the others idle.
        chunk: if threads == 1 { 1 } else { threads * 4 },
        next_index: 0,
    })
}

/// Reads a batch manifest as the CLI's `batch` command does: a TSV whose header names the
/// columns `id`, `ko` and `en` (or `id` and `page`), optionally `input` and `encoding`;
/// relative paths resolved against the manifest's folder.
///
/// Returns one dict per row, in order: `{"line", "id", "ko", "en"}` or `{"line", "id",
/// "page"}` (paths) for a good row, with `input` and `encoding` when the row gives them;
/// `{"line", "id", "error"}` for a malformed one (its id is `line N` when it has none), which
/// the CLI reports as a failed document. Every row also has `manifest`, the manifest's path:
/// it marks the row as naming files, so `align_batch` and `iter_align_batch` read them (and
/// fail a malformed row with its message) rather than take the paths for text. An engine
/// that reads the files itself makes its own rows, with the bytes in `ko`, `en` or `page`
/// and the paths in `ko_path`, `en_path` or `page_path`. An unreadable manifest or a header
/// without the columns raises `KoenAlignError`.
#[pyfunction]
fn read_manifest<'py>(py: Python<'py>, path: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
    let path: PathBuf = arg(path, "path", "a path (str or os.PathLike)")?;
    let rows = py.detach(|| read_manifest_file(&path)).map_err(py_error)?;
    let list = PyList::empty(py);
    for row in rows {
        let entry = PyDict::new(py);
        // Set after the row's own keys, below: the mark comes last.
        let mark = |entry: &Bound<'py, PyDict>| entry.set_item(MANIFEST_MARK, path.as_os_str());
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
                // The manifest's other columns, as the CLI carries them to the pair records.
                if let Some(url) = &row.meta.url_ko {
                    entry.set_item("url_ko", url)?;
                }
                if let Some(url) = &row.meta.url_en {
                    entry.set_item("url_en", url)?;
                }
                if !row.meta.extra.is_empty() {
                    entry.set_item("meta", row.meta.extra.clone())?;
                }
            }
            Err(bad) => {
                entry.set_item("line", bad.line)?;
                entry.set_item("id", bad.id.unwrap_or_else(|| format!("line {}", bad.line)))?;
                entry.set_item("error", bad.error.to_string())?;
            }
        }
        mark(&entry)?;
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
/// `iter_align_batch(rows, ...)` is `align_batch` as a generator, document by document.
/// `read_manifest(path)` reads a manifest as the CLI does. `pair(paths, ...)` finds which
/// Korean and English pages of a crawl are one article, as the CLI's `pair`;
/// `page_signature(...)` and `pair_signatures(signatures, ...)` do it in two steps, the first
/// anywhere (a Spark task), the second on the collected signatures. Errors of the library raise
/// `KoenAlignError`, a subclass of `ValueError`, with the library's message.
#[pymodule(name = "koen_align")]
fn koen_align_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(align, m)?)?;
    m.add_function(wrap_pyfunction!(align_batch, m)?)?;
    m.add_function(wrap_pyfunction!(run_info, m)?)?;
    m.add_function(wrap_pyfunction!(iter_align_batch, m)?)?;
    m.add_class::<BatchIterator>()?;
    m.add_function(wrap_pyfunction!(read_manifest, m)?)?;
    m.add_function(wrap_pyfunction!(pair, m)?)?;
    m.add_function(wrap_pyfunction!(page_signature, m)?)?;
    m.add_function(wrap_pyfunction!(pair_signatures, m)?)?;
    m.add("KoenAlignError", m.py().get_type::<KoenAlignError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
