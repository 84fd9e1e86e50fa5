//! WARC files (ISO 28500: what wget, Heritrix, Browsertrix and Common Crawl store crawls in) as
//! a source of pages: each `response` record whose HTTP payload is HTML is a page, named
//! `PATH#URI` after the file and the record's `WARC-Target-URI`, and carrying its URI and
//! `WARC-Date`. Other records are skipped and counted.
//!
//! A reader of our own, small and bounded, rather than a WARC crate: `warc` 0.4 reads a record
//! header with an unbounded `read_until` and has no record offsets, and `warcat` 0.3 (138
//! crates, minutes to build) no longer builds against its dependencies' current releases.
//! Here every header is read to at most [`MAX_HEAD_BYTES`], a page's block to at most the page
//! limit, and a payload decompresses to at most the page limit; records that are not pages are
//! skipped without being held.
//!
//! A WARC file is indexed once per run ([`index_of`]): URI → where its record starts (an offset
//! in the file, or the gzip member it starts and where in it), not the pages. A `.warc.gz`
//! written record by record (one gzip member a record, as the standard recommends) is read
//! member by member, so a page is found by seeking to its member; a file compressed as one
//! stream is read from its start to the record.

use super::compressed::{self, Compression};
use crate::error::{Error, Result};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, Read, Seek};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// What a WARC file starts with (after decompression): `WARC/1.0` or `WARC/1.1`.
pub(crate) const WARC_MAGIC: &[u8] = b"WARC/1.";

/// The longest WARC record header, and the longest HTTP response head, read: real ones are a
/// few hundred bytes to a few kB.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;

/// Where a page came from when it came from a WARC record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WarcRecord {
    /// The record's `WARC-Target-URI`: the page's address.
    pub uri: String,
    /// The record's `WARC-Date`: when the page was fetched (ISO 8601, as written).
    pub date: Option<String>,
}

/// The records of a WARC file (or stream) that are not pages, counted by why.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SkippedRecords(pub BTreeMap<String, usize>);

impl SkippedRecords {
    /// All records skipped.
    pub fn total(&self) -> usize {
        self.0.values().sum()
    }

    fn add(&mut self, why: impl Into<String>) {
        *self.0.entry(why.into()).or_default() += 1;
    }
}

impl std::fmt::Display for SkippedRecords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self.0.iter().map(|(why, n)| format!("{n} {why}")).collect();
        f.write_str(&parts.join(", "))
    }
}

/// The name of a page that is a WARC record: `PATH#URI`.
pub fn record_name(warc: &Path, uri: &str) -> PathBuf {
    let mut name = warc.as_os_str().to_owned();
    name.push("#");
    name.push(uri);
    PathBuf::from(name)
}

/// Splits a page reference `PATH#URI` into the WARC file and the URI, if `path` is one: it is
/// not a file itself, and the part before one of its `#` is (a URI may hold `#` too, and so
/// may a file name).
pub(crate) fn split_reference(path: &Path) -> Option<(PathBuf, String)> {
    let text = path.to_str()?;
    if !text.contains('#') || path.is_file() {
        return None;
    }
    text.match_indices('#').find_map(|(i, _)| {
        let file = Path::new(&text[..i]);
        (!text[i + 1..].is_empty() && file.is_file()).then(|| (file.to_owned(), text[i + 1..].to_owned()))
    })
}

/// Whether decompressed bytes start a WARC file.
pub(crate) fn is_warc(head: &[u8]) -> bool {
    head.starts_with(WARC_MAGIC)
}

/// Whether a file is a WARC file (compressed or not), judged by its first bytes.
pub(crate) fn is_warc_file(path: &Path) -> bool {
    let Ok((file, _)) = super::bounded::open_regular_file(path) else { return false };
    let Ok((mut reader, _)) = compressed::maybe_decompressed(file) else { return false };
    let mut head = Vec::new();
    reader.by_ref().take(WARC_MAGIC.len() as u64).read_to_end(&mut head).is_ok() && is_warc(&head)
}

/// What a WARC file holds, as koen-align reads it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WarcContents {
    /// Its HTML pages: the first capture of each URI, in file order.
    pub pages: Vec<WarcRecord>,
    /// The records that are not pages, by why.
    pub skipped: SkippedRecords,
}

/// The pages of a WARC file (compressed or not), or `None` if the file is not a WARC file.
/// The file is indexed once per run: reading its pages afterwards (as `PATH#URI`) does not
/// scan it again.
pub fn warc_contents(path: &Path) -> Result<Option<WarcContents>> {
    if !is_warc_file(path) {
        return Ok(None);
    }
    let index = index_of(path)?;
    let pages = index.pages.iter().map(|p| p.record.clone()).collect();
    Ok(Some(WarcContents { pages, skipped: index.skipped.clone() }))
}

/// Where a record starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Location {
    /// At this offset of an uncompressed file.
    Plain(u64),
    /// In the gzip member starting at `member` in the file, `skip` bytes into its content (0
    /// for a file written record by record).
    Member { member: u64, skip: u64 },
    /// `skip` bytes into the content of a file compressed as one zstd stream.
    Stream { skip: u64 },
}

/// A page of a WARC file: its URI and date, and where its record starts.
#[derive(Clone, Debug)]
pub(crate) struct IndexedPage {
    /// The record's target URI and date.
    pub(crate) record: WarcRecord,
    at: Location,
}

/// A WARC file's pages (first capture of each URI, in file order) and the records skipped.
#[derive(Debug, Default)]
pub(crate) struct WarcIndex {
    pub(crate) pages: Vec<IndexedPage>,
    by_uri: HashMap<String, usize>,
    pub(crate) skipped: SkippedRecords,
}

/// A file's identity for the cache: a WARC file rewritten during a run is indexed again.
#[derive(Clone, Debug, PartialEq, Eq)]
struct FileKey {
    path: PathBuf,
    len: u64,
    modified: Option<std::time::SystemTime>,
}

type Slot = Arc<OnceLock<std::result::Result<Arc<WarcIndex>, String>>>;

/// WARC files indexed in this process, most recent last.
static INDEXES: Mutex<Vec<(FileKey, Slot)>> = Mutex::new(Vec::new());

/// How many WARC files' indexes are kept (a batch usually reads from one or a few).
const INDEXES_KEPT: usize = 8;

/// The index of a WARC file, built on first use and kept for the run: rows of a manifest
/// that name records of one WARC file do not scan it again. Threads asking for one file
/// while it is indexed wait for that scan.
pub(crate) fn index_of(path: &Path) -> Result<Arc<WarcIndex>> {
    let (_, meta) = super::bounded::open_regular_file(path)?;
    let key = FileKey {
        path: path.canonicalize().unwrap_or_else(|_| path.to_owned()),
        len: meta.len(),
        modified: meta.modified().ok(),
    };
    let slot = {
        let mut cache = INDEXES.lock().unwrap_or_else(|e| e.into_inner());
        match cache.iter().find(|(k, _)| *k == key) {
            Some((_, slot)) => slot.clone(),
            None => {
                if cache.len() >= INDEXES_KEPT {
                    cache.remove(0);
                }
                let slot = Slot::default();
                cache.push((key, slot.clone()));
                slot
            }
        }
    };
    slot.get_or_init(|| build_index(path).map(Arc::new).map_err(|e| e.to_string()))
        .clone()
        .map_err(|problem| Error::Input { path: path.to_owned(), problem: strip_prefix(&problem, path) })
}

/// An error message without its leading `PATH: ` (the error is rebuilt naming the path).
fn strip_prefix(message: &str, path: &Path) -> String {
    let prefix = format!("{}: ", path.display());
    message.strip_prefix(&prefix).unwrap_or(message).to_owned()
}

/// Reads a page that is a record of a WARC file: its HTTP payload, de-chunked and decoded, at
/// most `cap` bytes.
pub(crate) fn read_record_page(warc: &Path, uri: &str, cap: usize) -> Result<(Vec<u8>, WarcRecord)> {
    let name = record_name(warc, uri);
    let index = index_of(warc)?;
    let page = index.by_uri.get(uri).map(|&i| &index.pages[i]).ok_or_else(|| Error::Input {
        path: name.clone(),
        problem: "no HTML response record with this target URI in the WARC file".into(),
    })?;
    let read_error = |source| Error::Read { path: warc.to_owned(), source };
    let (mut file, _) = super::bounded::open_regular_file(warc)?;
    let bytes = match page.at {
        Location::Plain(offset) => {
            file.seek(std::io::SeekFrom::Start(offset)).map_err(read_error)?;
            record_payload(std::io::BufReader::new(file), &name, cap)?
        }
        Location::Member { member, skip } => {
            file.seek(std::io::SeekFrom::Start(member)).map_err(read_error)?;
            let content = flate2::bufread::MultiGzDecoder::new(std::io::BufReader::new(file));
            record_payload(skipped(content, skip, warc)?, &name, cap)?
        }
        Location::Stream { skip } => {
            let content = compressed::decoder(Compression::Zstd, std::io::BufReader::new(file)).map_err(read_error)?;
            record_payload(skipped(content, skip, warc)?, &name, cap)?
        }
    };
    Ok((bytes, page.record.clone()))
}

/// A reader past its first `n` bytes.
fn skipped<R: Read>(mut reader: R, n: u64, path: &Path) -> Result<std::io::BufReader<R>> {
    let copied = std::io::copy(&mut reader.by_ref().take(n), &mut std::io::sink())
        .map_err(|source| Error::Read { path: path.to_owned(), source })?;
    if copied < n {
        return Err(Error::Input { path: path.to_owned(), problem: "changed while being read".into() });
    }
    Ok(std::io::BufReader::new(reader))
}

/// The payload of the record at the start of `input`.
fn record_payload(input: impl BufRead, name: &Path, cap: usize) -> Result<Vec<u8>> {
    let mut records = Records::new(input, name.to_owned());
    let Some((_, head)) = records.next_head()? else {
        return Err(Error::Input { path: name.to_owned(), problem: "the record is gone from the WARC file".into() });
    };
    let mut block = records.block(head.length);
    let http = HttpHead::read(&mut block).map_err(|p| Error::Input { path: name.to_owned(), problem: p })?;
    http.payload(&mut block, name, cap)
}

/// Scans a WARC file into its index.
fn build_index(path: &Path) -> Result<WarcIndex> {
    let read_error = |source| Error::Read { path: path.to_owned(), source };
    let (file, _) = super::bounded::open_regular_file(path)?;
    let (head, _) = compressed::peek(&file, compressed::MAGIC_LEN).map_err(read_error)?;
    let (file, _) = super::bounded::open_regular_file(path)?;
    let mut index = WarcIndex::default();
    match compressed::detect(&head) {
        None => {
            let mut records = Records::new(std::io::BufReader::new(file), path.to_owned());
            records.expect_warc()?;
            scan(&mut records, &mut index, Location::Plain)?;
        }
        Some(Compression::Zstd) => {
            let content = compressed::decoder(Compression::Zstd, std::io::BufReader::new(file)).map_err(read_error)?;
            let mut records = Records::new(std::io::BufReader::new(content), path.to_owned());
            records.expect_warc()?;
            scan(&mut records, &mut index, |skip| Location::Stream { skip })?;
        }
        Some(Compression::Gzip) => {
            // Member by member, each a stream of records of its own; the position of each
            // member in the file is where its records are found again.
            let mut file = Counted::new(std::io::BufReader::new(file));
            let mut first = true;
            while !file.fill_buf().map_err(read_error)?.is_empty() {
                let member = file.pos;
                let content = flate2::bufread::GzDecoder::new(&mut file);
                let mut records = Records::new(std::io::BufReader::new(content), path.to_owned());
                if first {
                    records.expect_warc()?;
                    first = false;
                }
                scan(&mut records, &mut index, |skip| Location::Member { member, skip })?;
            }
        }
    }
    Ok(index)
}

/// Reads the records of one stream into the index; `at` makes a record's location from its
/// offset in the stream.
fn scan<R: BufRead>(records: &mut Records<R>, index: &mut WarcIndex, at: impl Fn(u64) -> Location) -> Result<()> {
    while let Some((start, head)) = records.next_head()? {
        let name = records.name.clone();
        match classify(&head, &mut records.block(head.length), &name)? {
            Err(why) => index.skipped.add(why),
            Ok(record) => {
                if index.by_uri.contains_key(&record.uri) {
                    index.skipped.add("repeated captures of a URI");
                    continue;
                }
                index.by_uri.insert(record.uri.clone(), index.pages.len());
                index.pages.push(IndexedPage { record, at: at(start) });
            }
        }
    }
    Ok(())
}

/// Whether a record is a page (its URI and date), or why not. Reads at most the HTTP head of
/// the block, and the payload only when no `Content-Type` says what it is.
fn classify(
    head: &RecordHead,
    block: &mut impl BufRead,
    name: &Path,
) -> Result<std::result::Result<WarcRecord, String>> {
    if !head.warc_type.eq_ignore_ascii_case("response") {
        let kind = if head.warc_type.is_empty() { "untyped" } else { head.warc_type.as_str() };
        return Ok(Err(format!("{} records", kind.to_ascii_lowercase())));
    }
    let Some(uri) = head.target_uri.clone() else { return Ok(Err("responses without a target URI".into())) };
    let http = match HttpHead::read(block) {
        Ok(h) => h,
        Err(_) => return Ok(Err("responses that are not HTTP".into())),
    };
    if !(200..300).contains(&http.status) {
        return Ok(Err("responses with an HTTP status other than 2xx".into()));
    }
    let html = match http.mime() {
        Some(mime) => mime == "text/html" || mime == "application/xhtml+xml",
        // Said nothing: the payload is looked at, as a browser sniffs it. A payload that
        // cannot be read is a page, so that reading it reports why.
        None => match http.payload(block, &record_name(name, &uri), usize::MAX >> 1) {
            Ok(bytes) => super::sniff(Path::new(""), &bytes) == super::InputKind::Html,
            Err(_) => true,
        },
    };
    Ok(if html { Ok(WarcRecord { uri, date: head.date.clone() }) } else { Err("responses that are not HTML".into()) })
}

/// The fields of a WARC record header that koen-align uses.
#[derive(Clone, Debug, Default)]
struct RecordHead {
    warc_type: String,
    target_uri: Option<String>,
    date: Option<String>,
    length: u64,
}

/// A reader that counts the bytes consumed through it.
struct Counted<R> {
    inner: R,
    pos: u64,
}

impl<R> Counted<R> {
    fn new(inner: R) -> Self {
        Counted { inner, pos: 0 }
    }
}

impl<R: BufRead> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counted<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        self.pos += amt as u64;
        self.inner.consume(amt);
    }
}

/// The records of a WARC stream, one header at a time; a record's block is read through
/// [`Records::block`], and what is left of it is skipped before the next header.
struct Records<R> {
    input: Counted<R>,
    /// Bytes of the current record's block not read yet.
    pending: u64,
    name: PathBuf,
}

impl<R: BufRead> Records<R> {
    fn new(input: R, name: PathBuf) -> Self {
        Records { input: Counted::new(input), pending: 0, name }
    }

    fn read_error(&self, source: std::io::Error) -> Error {
        Error::Read { path: self.name.clone(), source }
    }

    fn malformed(&self, problem: impl std::fmt::Display) -> Error {
        Error::Input { path: self.name.clone(), problem: format!("not a WARC file we can read: {problem}") }
    }

    /// Checks that the stream starts as a WARC file does.
    fn expect_warc(&mut self) -> Result<()> {
        let head = self.input.fill_buf().map_err(|source| Error::Read { path: self.name.clone(), source })?;
        // A decompressor may hand over fewer bytes than the magic at first.
        if head.is_empty() || is_warc(head) || WARC_MAGIC.starts_with(head) {
            return Ok(());
        }
        Err(Error::Input {
            path: self.name.clone(),
            problem: "not a WARC file (it does not start with WARC/1.)".into(),
        })
    }

    /// The next record's header and its offset in the stream; `None` at the end.
    fn next_head(&mut self) -> Result<Option<(u64, RecordHead)>> {
        let pending = self.pending;
        let skipped = std::io::copy(&mut self.input.by_ref().take(pending), &mut std::io::sink())
            .map_err(|e| self.read_error(e))?;
        self.pending = 0;
        if skipped < pending {
            return Err(self.malformed(format!("a record ends {} bytes before its Content-Length", pending - skipped)));
        }
        // A block is followed by CRLF CRLF; stray line ends between records are tolerated.
        loop {
            let buf = self.input.fill_buf().map_err(|source| Error::Read { path: self.name.clone(), source })?;
            let n = buf.iter().take_while(|&&b| b == b'\r' || b == b'\n').count();
            if n == 0 {
                if buf.is_empty() {
                    return Ok(None);
                }
                break;
            }
            self.input.consume(n);
        }
        let start = self.input.pos;
        let mut budget = MAX_HEAD_BYTES;
        let mut line = Vec::new();
        let mut head = RecordHead::default();
        let mut length = None;
        let mut first = true;
        loop {
            line.clear();
            let n =
                self.input.by_ref().take(budget as u64).read_until(b'\n', &mut line).map_err(|e| self.read_error(e))?;
            budget -= n;
            if !line.ends_with(b"\n") {
                return Err(if n == 0 || budget > 0 {
                    self.malformed("the file ends inside a record header")
                } else {
                    self.malformed(format!("a record header longer than {MAX_HEAD_BYTES} bytes"))
                });
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            if first {
                if !is_warc(text.as_bytes()) {
                    return Err(self.malformed(format!("a record starts with {:?}, not WARC/1.x", truncate(text))));
                }
                first = false;
                continue;
            }
            if text.is_empty() {
                break;
            }
            let Some((field, value)) = text.split_once(':') else { continue };
            let value = value.trim();
            match field.trim().to_ascii_lowercase().as_str() {
                "warc-type" => head.warc_type = value.to_owned(),
                // WARC 1.0's own example wraps the URI in angle brackets.
                "warc-target-uri" => {
                    let uri = value.trim_start_matches('<').trim_end_matches('>');
                    head.target_uri = (!uri.is_empty()).then(|| uri.to_owned());
                }
                "warc-date" => head.date = Some(value.to_owned()),
                "content-length" => {
                    length =
                        Some(value.parse::<u64>().map_err(|_| {
                            self.malformed(format!("Content-Length {:?} is not a number", truncate(value)))
                        })?)
                }
                _ => {}
            }
        }
        head.length = length.ok_or_else(|| self.malformed("a record header without Content-Length"))?;
        Ok(Some((start, head)))
    }

    /// The current record's block (`length` bytes from here).
    fn block(&mut self, length: u64) -> Block<'_, R> {
        self.pending = length;
        Block { records: self }
    }
}

/// A record's block: the bytes of the record after its header, and not one more.
struct Block<'a, R> {
    records: &'a mut Records<R>,
}

impl<R: BufRead> Read for Block<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Block<'_, R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        let pending = self.records.pending;
        if pending == 0 {
            return Ok(&[]);
        }
        let buf = self.records.input.fill_buf()?;
        let n = buf.len().min(usize::try_from(pending).unwrap_or(usize::MAX));
        Ok(&buf[..n])
    }

    fn consume(&mut self, amt: usize) {
        self.records.pending -= amt as u64;
        self.records.input.consume(amt);
    }
}

/// At most 60 characters of a text, for messages.
fn truncate(text: &str) -> String {
    text.chars().take(60).collect()
}

/// What the HTTP response head of a `response` record says about its payload.
#[derive(Clone, Debug, Default)]
struct HttpHead {
    status: u16,
    content_type: Option<String>,
    chunked: bool,
    content_encoding: Option<String>,
}

impl HttpHead {
    /// Reads the head (to its blank line, at most [`MAX_HEAD_BYTES`]) off the block.
    fn read(block: &mut impl BufRead) -> std::result::Result<HttpHead, String> {
        let mut head = Vec::new();
        loop {
            let before = head.len();
            let n = block
                .by_ref()
                .take((MAX_HEAD_BYTES - before) as u64)
                .read_until(b'\n', &mut head)
                .map_err(|e| format!("cannot read the HTTP head: {e}"))?;
            let line = &head[before..];
            if n == 0 || !line.ends_with(b"\n") {
                return Err("no complete HTTP response head".into());
            }
            if line == b"\r\n" || line == b"\n" {
                break;
            }
        }
        let mut fields = [httparse::EMPTY_HEADER; 128];
        let mut response = httparse::Response::new(&mut fields);
        match response.parse(&head) {
            Ok(httparse::Status::Complete(_)) => {}
            Ok(httparse::Status::Partial) => return Err("an incomplete HTTP response head".into()),
            Err(e) => return Err(format!("a malformed HTTP response head ({e})")),
        }
        let field = |name: &str| {
            response
                .headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case(name))
                .map(|h| String::from_utf8_lossy(h.value).trim().to_owned())
        };
        Ok(HttpHead {
            status: response.code.unwrap_or(0),
            content_type: field("content-type"),
            chunked: field("transfer-encoding").is_some_and(|t| t.to_ascii_lowercase().contains("chunked")),
            content_encoding: field("content-encoding")
                .map(|e| e.to_ascii_lowercase())
                .filter(|e| !e.is_empty() && e != "identity"),
        })
    }

    /// The media type, lower-cased, without its parameters.
    fn mime(&self) -> Option<String> {
        let t = self.content_type.as_deref()?;
        let mime = t.split(';').next().unwrap_or(t).trim().to_ascii_lowercase();
        (!mime.is_empty()).then_some(mime)
    }

    /// Reads the rest of the block as this head's payload, with the transfer and content
    /// encodings undone: at most `cap` bytes read, and at most `cap` once decompressed.
    fn payload(&self, block: &mut impl BufRead, name: &Path, cap: usize) -> Result<Vec<u8>> {
        let mut body = Vec::new();
        block
            .by_ref()
            .take(cap as u64 + 1)
            .read_to_end(&mut body)
            .map_err(|source| Error::Read { path: name.to_owned(), source })?;
        if body.len() > cap {
            return Err(Error::Input {
                path: name.to_owned(),
                problem: format!("the payload is more than the page limit of {cap} bytes (--max-page-bytes)"),
            });
        }
        // Crawlers differ: wget keeps the body as sent, Common Crawl stores it decoded (and
        // renames the header). A body that does not parse as chunks is taken as it is.
        if self.chunked {
            if let Some(joined) = dechunk(&body) {
                body = joined;
            }
        }
        let body = match self.content_encoding.as_deref() {
            None => body,
            Some("gzip" | "x-gzip") if compressed::detect(&body) == Some(Compression::Gzip) => {
                compressed::read_to_cap(flate2::read::MultiGzDecoder::new(&body[..]), name, cap, "--max-page-bytes")?
            }
            Some("deflate") if !body.is_empty() => {
                // "deflate" is zlib-wrapped by the standard, raw in some servers' hands.
                let zlib =
                    compressed::read_to_cap(flate2::read::ZlibDecoder::new(&body[..]), name, cap, "--max-page-bytes");
                match zlib {
                    Ok(bytes) => bytes,
                    Err(e @ Error::Input { .. }) if e.to_string().contains("decompresses past") => return Err(e),
                    Err(_) => compressed::read_to_cap(
                        flate2::read::DeflateDecoder::new(&body[..]),
                        name,
                        cap,
                        "--max-page-bytes",
                    )?,
                }
            }
            Some("zstd") if compressed::detect(&body) == Some(Compression::Zstd) => {
                compressed::inflate_page(Cow::Owned(body), name, cap)?.into_owned()
            }
            Some("gzip" | "x-gzip" | "zstd") => body,
            Some(other) => {
                return Err(Error::Input {
                    path: name.to_owned(),
                    problem: format!("the payload's Content-Encoding {other:?} is not one koen-align reads"),
                })
            }
        };
        Ok(body)
    }
}

/// The body of a chunked transfer (RFC 9112 §7.1), or `None` if `body` is not one.
fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    loop {
        let end = rest.iter().position(|&b| b == b'\n')?;
        let line = std::str::from_utf8(&rest[..end]).ok()?;
        let size = line.split(';').next()?.trim();
        let size = usize::from_str_radix(size, 16).ok()?;
        rest = &rest[end + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(rest.get(..size)?);
        rest = &rest[size..];
        rest = rest.strip_prefix(b"\r\n").or_else(|| rest.strip_prefix(b"\n"))?;
    }
}

/// The pages of a WARC stream read once from start to end (`stream`'s stdin), each with its
/// payload: records that are not pages are skipped and counted.
pub struct WarcPages<R> {
    records: Records<R>,
    cap: usize,
    skipped: SkippedRecords,
    done: bool,
}

/// A page read from a WARC stream, or a page that could not be read.
pub type WarcPageResult = std::result::Result<(Vec<u8>, WarcRecord), (Option<WarcRecord>, Error)>;

impl<R: BufRead> WarcPages<R> {
    /// The pages of `input` (decompressed WARC), each payload at most `cap` bytes; `name`
    /// names the stream in messages (`stdin`).
    pub(crate) fn new(input: R, name: PathBuf, cap: usize) -> Self {
        WarcPages { records: Records::new(input, name), cap, skipped: SkippedRecords::default(), done: false }
    }

    /// The records skipped so far.
    pub fn skipped(&self) -> &SkippedRecords {
        &self.skipped
    }

    /// The next page: its payload and record, or the error of a page that could not be read
    /// (with its record when the record's header could be read; without, the stream cannot
    /// go on and ends). `None` at the end.
    pub fn next_page(&mut self) -> Option<WarcPageResult> {
        while !self.done {
            let (_, head) = match self.records.next_head() {
                Ok(Some(h)) => h,
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err((None, e)));
                }
            };
            let name = self.records.name.clone();
            let mut block = self.records.block(head.length);
            let http = match head.warc_type.eq_ignore_ascii_case("response").then(|| HttpHead::read(&mut block)) {
                None => {
                    self.skipped.add(format!("{} records", head.warc_type.to_ascii_lowercase()));
                    continue;
                }
                Some(Err(_)) => {
                    self.skipped.add("responses that are not HTTP");
                    continue;
                }
                Some(Ok(http)) => http,
            };
            let Some(uri) = head.target_uri.clone() else {
                self.skipped.add("responses without a target URI");
                continue;
            };
            if !(200..300).contains(&http.status) {
                self.skipped.add("responses with an HTTP status other than 2xx");
                continue;
            }
            let record = WarcRecord { uri, date: head.date.clone() };
            let page_name = record_name(&name, &record.uri);
            let html = http.mime().map(|m| m == "text/html" || m == "application/xhtml+xml");
            if html == Some(false) {
                self.skipped.add("responses that are not HTML");
                continue;
            }
            let payload = match http.payload(&mut block, &page_name, self.cap) {
                Ok(p) => p,
                Err(e) => return Some(Err((Some(record), e))),
            };
            if html.is_none() && super::sniff(Path::new(""), &payload) != super::InputKind::Html {
                self.skipped.add("responses that are not HTML");
                continue;
            }
            return Some(Ok((payload, record)));
        }
        None
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    /// One WARC record, as a writer makes it.
    pub(crate) fn record(kind: &str, uri: &str, fields: &[(&str, &str)], block: &[u8]) -> Vec<u8> {
        let mut r =
            format!("WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2026-03-01T09:00:00Z\r\n");
        for (k, v) in fields {
            r.push_str(&format!("{k}: {v}\r\n"));
        }
        r.push_str(&format!("Content-Length: {}\r\n\r\n", block.len()));
        let mut bytes = r.into_bytes();
        bytes.extend_from_slice(block);
        bytes.extend_from_slice(b"\r\n\r\n");
        bytes
    }

    pub(crate) fn http(headers: &str, body: &[u8]) -> Vec<u8> {
        let mut b = format!("HTTP/1.1 200 OK\r\n{headers}\r\n").into_bytes();
        b.extend_from_slice(body);
        b
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    const PAGE: &[u8] = b"<html><body><p>The government said exports rose.</p></body></html>";

    fn crawl() -> Vec<Vec<u8>> {
        let chunked = b"10\r\n<html><body><p>T\r\n0\r\n\r\n";
        vec![
            record("warcinfo", "", &[], b"software: test"),
            record("request", "https://a.example/1", &[], b"GET /1 HTTP/1.1\r\n\r\n"),
            record("response", "https://a.example/1", &[], &http("Content-Type: text/html; charset=utf-8\r\n", PAGE)),
            record("response", "<https://a.example/img.png>", &[], &http("Content-Type: image/png\r\n", b"\x89PNG")),
            record(
                "response",
                "https://a.example/2",
                &[],
                &http("Content-Type: text/html\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n", &{
                    let g = gzip(PAGE);
                    let mut c = format!("{:x}\r\n", g.len()).into_bytes();
                    c.extend_from_slice(&g);
                    c.extend_from_slice(b"\r\n0\r\n\r\n");
                    c
                }),
            ),
            record("response", "https://a.example/1", &[], &http("Content-Type: text/html\r\n", b"<p>again</p>")),
            record("response", "https://a.example/3", &[], &http("Transfer-Encoding: chunked\r\n", chunked)),
        ]
    }

    fn check(path: &Path) {
        let index = build_index(path).unwrap();
        let uris: Vec<&str> = index.pages.iter().map(|p| p.record.uri.as_str()).collect();
        assert_eq!(uris, ["https://a.example/1", "https://a.example/2", "https://a.example/3"]);
        assert_eq!(index.skipped.total(), 4, "{}", index.skipped);
        assert_eq!(
            index.skipped.to_string(),
            "1 repeated captures of a URI, 1 request records, 1 responses that are not HTML, 1 warcinfo records"
        );
        for uri in ["https://a.example/1", "https://a.example/2"] {
            let (bytes, record) = read_record_page(path, uri, 10_000).unwrap();
            assert_eq!(bytes, PAGE, "{uri}");
            assert_eq!(record.date.as_deref(), Some("2026-03-01T09:00:00Z"));
        }
        let (bytes, _) = read_record_page(path, "https://a.example/3", 10_000).unwrap();
        assert_eq!(bytes, b"<html><body><p>T");
        let err = read_record_page(path, "https://a.example/img.png", 10_000).unwrap_err().to_string();
        assert!(
            err.ends_with("#https://a.example/img.png: no HTML response record with this target URI in the WARC file"),
            "{err}"
        );
        let err = read_record_page(path, "https://a.example/1", 10).unwrap_err().to_string();
        assert!(err.contains("more than the page limit of 10 bytes"), "{err}");
    }

    #[test]
    fn plain_gzip_per_record_whole_gzip_and_zstd_warcs_index_alike() {
        let dir = tempfile::tempdir().unwrap();
        let records = crawl();
        let plain = dir.path().join("c.warc");
        std::fs::write(&plain, records.concat()).unwrap();
        check(&plain);
        let members = dir.path().join("c.warc.gz");
        std::fs::write(&members, records.iter().map(|r| gzip(r)).collect::<Vec<_>>().concat()).unwrap();
        check(&members);
        let index = build_index(&members).unwrap();
        assert!(index.pages.iter().all(|p| matches!(p.at, Location::Member { skip: 0, .. })), "{:?}", index.pages);
        let whole = dir.path().join("whole.warc.gz");
        std::fs::write(&whole, gzip(&records.concat())).unwrap();
        check(&whole);
        let z = dir.path().join("c.warc.zst");
        std::fs::write(&z, zstd::stream::encode_all(&records.concat()[..], 3).unwrap()).unwrap();
        check(&z);
    }

    #[test]
    fn references_split_at_the_file_and_a_bomb_payload_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let bomb = gzip(&vec![b' '; 2_000_000]);
        let body = http("Content-Type: text/html\r\nContent-Encoding: gzip\r\n", &bomb);
        let warc = dir.path().join("a#b.warc");
        std::fs::write(&warc, record("response", "https://x.example/p#top", &[], &body)).unwrap();
        let reference = record_name(&warc, "https://x.example/p#top");
        assert_eq!(split_reference(&reference), Some((warc.clone(), "https://x.example/p#top".to_owned())));
        assert_eq!(split_reference(&warc), None, "a file is a file");
        let err = read_record_page(&warc, "https://x.example/p#top", 100_000).unwrap_err().to_string();
        assert!(err.ends_with("#https://x.example/p#top: decompresses past 100000 bytes (--max-page-bytes)"), "{err}");
    }

    #[test]
    fn damaged_warcs_are_named_not_panicked_on() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.warc");
        let mut cut = crawl().concat();
        cut.truncate(cut.len() - 30);
        std::fs::write(&path, &cut).unwrap();
        let err = build_index(&path).unwrap_err().to_string();
        assert!(err.contains("d.warc: not a WARC file we can read: a record ends"), "{err}");
        std::fs::write(&path, format!("WARC/1.0\r\nX: {}", "a".repeat(MAX_HEAD_BYTES))).unwrap();
        let err = build_index(&path).unwrap_err().to_string();
        assert!(err.contains("a record header longer than 65536 bytes"), "{err}");
        std::fs::write(&path, "WARC/1.0\r\nContent-Length: x\r\n\r\n").unwrap();
        assert!(build_index(&path).unwrap_err().to_string().contains("Content-Length \"x\" is not a number"));
    }

    #[test]
    fn a_stream_gives_its_pages_in_order() {
        let all = crawl().concat();
        let mut pages = WarcPages::new(&all[..], PathBuf::from("stdin"), 10_000);
        let mut uris = Vec::new();
        while let Some(page) = pages.next_page() {
            let (_, record) = page.unwrap();
            uris.push(record.uri);
        }
        // A stream is not indexed: a second capture of a URI is a page too.
        assert_eq!(uris, ["https://a.example/1", "https://a.example/2", "https://a.example/1", "https://a.example/3"]);
        assert_eq!(pages.skipped().total(), 3);
    }
}
