//! Loading a document: a manifest row, or bytes handed over by a stream or a binding, read
//! into the blocks of its two editions, with the checks that tell a page from something that
//! is not one. Every entry point of the library loads through here, so every input gets the
//! same checks.

use super::bounded::{page_too_large, read_capped_file};
use super::compressed::inflate_page;
use super::manifest::{ManifestRow, Source};
use super::warc::{is_warc, WarcPages, WarcRecord};
use super::{page_from_bytes, split_by_language, InputKind, Page, PageInfo, ReadOptions};
use crate::error::{Error, Result};
use crate::model::{Block, DocumentMeta, DomFacts, Lang, Side};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::io::Read;
use std::path::Path;

/// Limits that tell a page from something that is not one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Largest page, in bytes, checked before it is read (a crawl's 2 GB file or a device is
    /// not an article).
    pub max_page_bytes: usize,
    /// Longest block, in bytes (a 10 MB run without line breaks is not a paragraph).
    pub max_block_bytes: usize,
    /// Most blocks on one page.
    pub max_blocks: usize,
}

impl Limits {
    /// The longest line of `stream` input, in bytes: a line holds at most two pages, and JSON
    /// may write a page in twice its bytes (`\uXXXX` for a three-byte Hangul syllable).
    pub fn max_line_bytes(&self) -> usize {
        self.max_page_bytes.saturating_mul(4)
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_page_bytes: 20_000_000, max_block_bytes: 100_000, max_blocks: 5_000 }
    }
}

/// Where a loaded document's blocks came from.
#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    /// Two editions, each a page of its own.
    Pair {
        /// The Korean page.
        ko: PageInfo,
        /// The English page.
        en: PageInfo,
    },
    /// One bilingual page, split by language.
    Bilingual(PageInfo),
}

/// A document read into blocks, before any judgement about them.
#[derive(Clone, Debug)]
pub struct LoadedDocument {
    /// The Korean edition's blocks.
    pub ko: Vec<Block>,
    /// The English edition's blocks.
    pub en: Vec<Block>,
    /// The page or pages they were read from (title, declared language, encoding).
    pub origin: Origin,
    /// What the document carries to its pair records (URLs, its row's other columns).
    pub meta: DocumentMeta,
}

impl LoadedDocument {
    /// What the markup of an edition's page says about the page (`None` for text): on a
    /// bilingual page, both editions share the page's.
    pub fn dom(&self, side: Side) -> Option<&DomFacts> {
        let page = match (&self.origin, side) {
            (Origin::Pair { ko, .. }, Side::Ko) => ko,
            (Origin::Pair { en, .. }, Side::En) => en,
            (Origin::Bilingual(page), _) => page,
        };
        page.dom.as_deref()
    }

    /// Roughly how much memory the document holds (its blocks' text and records, and the
    /// pages' DOM facts): for budgets, not accounting.
    pub fn approx_bytes(&self) -> usize {
        let blocks = |b: &[Block]| b.iter().map(|b| b.text.len() + std::mem::size_of::<Block>() + 128).sum::<usize>();
        let dom = |side| {
            self.dom(side).map_or(0, |d| d.containers.len() * (std::mem::size_of::<crate::model::Container>() + 32))
        };
        let doms = match self.origin {
            Origin::Pair { .. } => dom(Side::Ko) + dom(Side::En),
            Origin::Bilingual(_) => dom(Side::Ko),
        };
        blocks(&self.ko) + blocks(&self.en) + doms
    }

    /// Malformed byte sequences replaced while decoding its page or pages.
    pub fn replaced(&self) -> usize {
        match &self.origin {
            Origin::Pair { ko, en } => ko.replaced + en.replaced,
            Origin::Bilingual(page) => page.replaced,
        }
    }
}

/// A page's bytes as read, before they are decoded: a file's or a stream's bytes (compressed
/// or not: they are decompressed when loaded), or the payload of a WARC record, with the
/// record's URI and date.
#[derive(Clone, Debug)]
pub struct PageBytes<'a> {
    /// The bytes.
    pub bytes: Cow<'a, [u8]>,
    /// The WARC record they are the payload of, if any.
    pub record: Option<WarcRecord>,
}

impl<'a> PageBytes<'a> {
    /// Bytes handed over (a stream line's page, a binding's argument).
    pub fn new(bytes: &'a [u8]) -> Self {
        PageBytes { bytes: Cow::Borrowed(bytes), record: None }
    }
}

/// Reads the page a path names, at most [`Limits::max_page_bytes`]: a regular file, or a
/// record of a WARC file named `PATH#URI` (its payload, HTTP encodings undone; the WARC file
/// is indexed once per run).
pub fn read_page(path: &Path, limits: &Limits) -> Result<PageBytes<'static>> {
    if let Some((warc, uri)) = super::warc::split_reference(path) {
        let (bytes, record) = super::warc::read_record_page(&warc, &uri, limits.max_page_bytes)?;
        return Ok(PageBytes { bytes: Cow::Owned(bytes), record: Some(record) });
    }
    Ok(PageBytes { bytes: Cow::Owned(read_capped_file(path, limits.max_page_bytes)?), record: None })
}

/// Reads a page from a reader (stdin), at most [`Limits::max_page_bytes`]; `name` names it in
/// messages.
pub fn read_page_from(reader: impl Read, name: &Path, limits: &Limits) -> Result<PageBytes<'static>> {
    let cap = limits.max_page_bytes;
    let mut bytes = Vec::new();
    reader
        .take(cap as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Read { path: name.to_owned(), source })?;
    if bytes.len() > cap {
        return Err(Error::Input {
            path: name.to_owned(),
            problem: format!("more than the page limit of {cap} bytes (--max-page-bytes)"),
        });
    }
    Ok(PageBytes { bytes: Cow::Owned(bytes), record: None })
}

/// Reads one manifest row into blocks: two editions, or one bilingual page split by language.
/// The row's own `input` and `encoding` columns override `read`; its URLs and other columns go
/// to the document's [`DocumentMeta`], over the URLs the pages give.
pub fn load_row(row: &ManifestRow, read: &ReadOptions, limits: &Limits) -> Result<LoadedDocument> {
    let read = read.overridden(row.input, row.encoding.as_deref());
    let page = |path: &Path| read_page(path, limits);
    let mut doc = match &row.source {
        Source::Pair { ko, en } => load_pair_pages((page(ko)?, ko), (page(en)?, en), &read, limits),
        Source::Page(path) => load_page(page(path)?, path, &read, limits),
    }?;
    doc.meta = std::mem::take(&mut doc.meta).overridden_by(&row.meta);
    Ok(doc)
}

/// Reads two editions from bytes (the paths name them in messages and help tell HTML from
/// text). An edition without a block in its language, and pages beyond the [`Limits`], are
/// errors.
pub fn load_pair_bytes(
    ko: (&[u8], &Path),
    en: (&[u8], &Path),
    read: &ReadOptions,
    limits: &Limits,
) -> Result<LoadedDocument> {
    load_pair_pages((PageBytes::new(ko.0), ko.1), (PageBytes::new(en.0), en.1), read, limits)
}

/// Reads two editions (see [`load_pair_bytes`]) from pages as read: compressed bytes are
/// decompressed, a WARC record's page is HTML and carries its URI and date.
pub fn load_pair_pages(
    ko: (PageBytes<'_>, &Path),
    en: (PageBytes<'_>, &Path),
    read: &ReadOptions,
    limits: &Limits,
) -> Result<LoadedDocument> {
    let edition = |(bytes, path): (PageBytes<'_>, &Path), side: Side| -> Result<Page> {
        check_size(&bytes.bytes, path, limits)?;
        let page = page_of(bytes, path, side, read, limits)?;
        check_page(&page.blocks, path, limits)?;
        check_language(&page.blocks, path, side)?;
        Ok(page)
    };
    let ko = edition(ko, Side::Ko)?;
    let en = edition(en, Side::En)?;
    let meta = DocumentMeta { url_ko: ko.info.record_url(), url_en: en.info.record_url(), ..Default::default() };
    Ok(LoadedDocument { ko: ko.blocks, en: en.blocks, origin: Origin::Pair { ko: ko.info, en: en.info }, meta })
}

/// Reads one bilingual page (or a one-language page) from bytes and splits it by language.
pub fn load_page_bytes(bytes: &[u8], name: &Path, read: &ReadOptions, limits: &Limits) -> Result<LoadedDocument> {
    load_page(PageBytes::new(bytes), name, read, limits)
}

/// Reads one bilingual (or one-language) page as read (see [`load_pair_pages`]) and splits it
/// by language.
pub fn load_page(page: PageBytes<'_>, name: &Path, read: &ReadOptions, limits: &Limits) -> Result<LoadedDocument> {
    check_size(&page.bytes, name, limits)?;
    let page = page_of(page, name, Side::En, read, limits)?;
    check_page(&page.blocks, name, limits)?;
    let (ko, en) = split_by_language(page.blocks);
    let meta = DocumentMeta { url_ko: page.info.record_url(), url_en: page.info.record_url(), ..Default::default() };
    Ok(LoadedDocument { ko, en, origin: Origin::Bilingual(page.info), meta })
}

/// A page as read, into blocks: decompressed (to at most the page limit) if it is compressed;
/// a WARC record's page read as HTML (unless the run says otherwise) with its URI and date. A
/// whole WARC file is not a page.
pub(crate) fn page_of(
    page: PageBytes<'_>,
    name: &Path,
    side: Side,
    read: &ReadOptions,
    limits: &Limits,
) -> Result<Page> {
    let bytes = inflate_page(page.bytes, name, limits.max_page_bytes)?;
    let Some(record) = page.record else {
        if is_warc(&bytes) {
            return Err(Error::Input {
                path: name.to_owned(),
                problem: "a WARC file, which holds many pages: give it to batch, stream or pair, or name one \
                          of its records as PATH#URI"
                    .into(),
            });
        }
        return page_from_bytes(&bytes, name, side, read);
    };
    let html;
    let read = if read.kind == InputKind::Auto {
        html = ReadOptions { kind: InputKind::Html, ..read.clone() };
        &html
    } else {
        read
    };
    let mut page = page_from_bytes(&bytes, name, side, read)?;
    page.info.url = Some(record.uri);
    page.info.fetched = record.date;
    Ok(page)
}

/// Bytes handed over are held to the limit a file is read with.
fn check_size(bytes: &[u8], path: &Path, limits: &Limits) -> Result<()> {
    if bytes.len() > limits.max_page_bytes {
        return Err(page_too_large(path, bytes.len() as u64, limits.max_page_bytes));
    }
    Ok(())
}

/// What `stream` reads: JSON lines, or the pages of a WARC file; either may come compressed.
pub enum StreamInput<'a> {
    /// JSON lines, one document each (see [`load_stream_line`]).
    Lines(Box<dyn std::io::BufRead + Send + 'a>),
    /// A WARC file's HTML pages, one `page` document each.
    Warc(WarcPages<Box<dyn std::io::BufRead + Send + 'a>>),
}

/// Opens `stream` input: decompressed if it is compressed (gzip, zstd), and read as a WARC
/// file if it then starts as one (its pages' payloads at most [`Limits::max_page_bytes`]);
/// `name` names it in messages (`stdin`).
pub fn open_stream<'a>(input: impl Read + Send + 'a, name: &Path, limits: &Limits) -> Result<StreamInput<'a>> {
    let read_error = |source| Error::Read { path: name.to_owned(), source };
    let (input, _) = super::compressed::maybe_decompressed(input).map_err(read_error)?;
    let (head, input) = super::compressed::peek(input, super::warc::WARC_MAGIC.len()).map_err(read_error)?;
    let input: Box<dyn std::io::BufRead + Send + 'a> = Box::new(std::io::BufReader::new(input));
    Ok(if is_warc(&head) {
        StreamInput::Warc(WarcPages::new(input, name.to_owned(), limits.max_page_bytes))
    } else {
        StreamInput::Lines(input)
    })
}

/// A document given as one line of `stream` input.
#[derive(Clone, Debug)]
pub struct StreamDocument {
    /// Its id (an id that is not a JSON string, such as a number, as JSON writes it).
    pub id: String,
    /// Its pages, read into blocks.
    pub document: LoadedDocument,
}

/// One line of `stream` input as written.
#[derive(Deserialize)]
struct StreamLine {
    id: serde_json::Value,
    ko: Option<String>,
    en: Option<String>,
    page: Option<String>,
    /// Any other fields: `url_ko` and `url_en`, and others carried to the pair records.
    #[serde(flatten)]
    rest: serde_json::Map<String, serde_json::Value>,
}

impl StreamLine {
    /// The line's other string fields, as a manifest row's other columns (fields of other
    /// types are not carried).
    fn meta(&mut self) -> DocumentMeta {
        let mut meta = DocumentMeta::default();
        for (k, v) in std::mem::take(&mut self.rest) {
            let serde_json::Value::String(v) = v else { continue };
            match k.as_str() {
                "url_ko" => meta.url_ko = Some(v),
                "url_en" => meta.url_en = Some(v),
                _ => {
                    meta.extra.insert(k, v);
                }
            }
        }
        meta
    }
}

/// Reads one line of `stream` input (without its line end): a JSON object with `id` and
/// either `ko` and `en` or `page`, each page text or HTML. `number` (from 1) names the line
/// in errors, and its pages as `stdin:NUMBER:ID:ko` and so on. A blank line is `None`; a line
/// longer than [`Limits::max_line_bytes`], not UTF-8, not such an object, or whose pages
/// cannot be loaded is an error of that line alone.
pub fn load_stream_line(
    line: &[u8],
    number: usize,
    read: &ReadOptions,
    limits: &Limits,
) -> Result<Option<StreamDocument>> {
    let problem = |problem: String| Error::StreamLine { line: number, problem };
    if line.len() > limits.max_line_bytes() {
        return Err(Error::StreamLineTooLong { line: number, cap: limits.max_line_bytes() });
    }
    let text = std::str::from_utf8(line).map_err(|e| problem(format!("not UTF-8 ({e})")))?;
    if text.trim().is_empty() {
        return Ok(None);
    }
    let mut fields: StreamLine = serde_json::from_str(text).map_err(|e| problem(format!("not a document ({e})")))?;
    let meta = fields.meta();
    let id = match fields.id {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    };
    let name = |what: &str| std::path::PathBuf::from(format!("stdin:{number}:{id}:{what}"));
    let document = match (&fields.ko, &fields.en, &fields.page) {
        (None, None, Some(page)) => load_page_bytes(page.as_bytes(), &name("page"), read, limits)?,
        (Some(ko), Some(en), None) => {
            load_pair_bytes((ko.as_bytes(), &name("ko")), (en.as_bytes(), &name("en")), read, limits)?
        }
        (Some(_), _, Some(_)) | (_, Some(_), Some(_)) => {
            return Err(problem("a line has either ko and en, or page".into()))
        }
        _ => return Err(problem("a document needs \"ko\" and \"en\", or \"page\"".into())),
    };
    let document = LoadedDocument { meta: document.meta.overridden_by(&meta), ..document };
    Ok(Some(StreamDocument { id, document }))
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
    // Too short for the model (`Exports rose.`), but Latin prose on the page given as English.
    let short_english = |b: &Block| side == Side::En && b.lang.lang == Lang::Unknown && super::written_in_latin(b);
    if blocks.iter().any(|b| wanted(b.lang.lang) || short_english(b)) {
        return Ok(());
    }
    let name = if side == Side::Ko { "Korean" } else { "English" };
    Err(Error::Input {
        path: path.to_owned(),
        problem: format!("no {name} text on the {side} page ({} blocks, none in {name})", blocks.len()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loaded_html_pair_keeps_each_page_s_title_and_declared_language() {
        let ko = "<html lang=\"ko\"><head><title>수출 증가</title></head><body><p>정부는 수출이 늘었다고 밝혔다.</p></body></html>";
        let en = "<html lang=\"en-US\"><head><title>Exports rise</title></head><body><p>The government said exports rose.</p></body></html>";
        let doc = load_pair_bytes(
            (ko.as_bytes(), Path::new("ko.html")),
            (en.as_bytes(), Path::new("en.html")),
            &ReadOptions::default(),
            &Limits::default(),
        )
        .unwrap();
        let Origin::Pair { ko, en } = &doc.origin else { panic!("two pages were loaded") };
        assert_eq!((ko.title.as_deref(), ko.lang.as_deref()), (Some("수출 증가"), Some("ko")));
        assert_eq!((en.title.as_deref(), en.lang.as_deref()), (Some("Exports rise"), Some("en-US")));
        assert_eq!(doc.replaced(), 0);
    }

    #[test]
    fn an_edition_without_its_language_and_an_oversized_page_are_errors_naming_the_file() {
        let read = ReadOptions::default();
        let err = load_pair_bytes(
            (b"The government said exports rose.", Path::new("ko.txt")),
            (b"The government said exports rose.", Path::new("en.txt")),
            &read,
            &Limits::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("ko.txt: no Korean text"), "{err}");
        let small = Limits { max_block_bytes: 10, ..Limits::default() };
        let err = load_page_bytes("정부는 수출이 늘었다고 밝혔다.".as_bytes(), Path::new("page.txt"), &read, &small)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("page.txt: block 0 is") && err.contains("limit 10"), "{err}");
    }

    #[test]
    fn bytes_over_the_page_limit_are_refused_at_every_entry_point() {
        let (read, ko) = (ReadOptions::default(), "정부는 수출이 늘었다고 밝혔다.".as_bytes());
        let limits = Limits { max_page_bytes: ko.len() - 1, ..Limits::default() };
        let err = load_page_bytes(ko, Path::new("page.txt"), &read, &limits).unwrap_err().to_string();
        assert_eq!(
            err,
            format!(
                "page.txt: {} bytes, more than the page limit of {} bytes (--max-page-bytes)",
                ko.len(),
                ko.len() - 1
            )
        );
        let en = &b"Exports rose."[..];
        let err = load_pair_bytes((ko, Path::new("ko.txt")), (en, Path::new("en.txt")), &read, &limits).unwrap_err();
        assert!(err.to_string().starts_with("ko.txt: "), "{err}");
        let limits = Limits { max_page_bytes: ko.len(), ..Limits::default() };
        assert!(load_page_bytes(ko, Path::new("page.txt"), &read, &limits).is_ok());
    }

    #[test]
    fn a_stream_line_is_a_document_or_that_line_s_error() {
        let (read, limits) = (ReadOptions::default(), Limits::default());
        let load = |line: &[u8]| load_stream_line(line, 7, &read, &limits).map(|d| d.map(|d| d.id));
        let err = |line: &[u8]| load(line).unwrap_err().to_string();
        let page = "<p>정부는 수출이 늘었다고 밝혔다.</p><p>The government said exports rose.</p>";
        let line = serde_json::json!({"id": 12, "page": page}).to_string();
        assert_eq!(load(line.as_bytes()).unwrap().as_deref(), Some("12"));
        assert_eq!(load(b"  \t").unwrap(), None);
        assert!(err(b"{\"id\": \"a\", \"page\": \"\xff\"}").starts_with("stdin line 7: not UTF-8 ("));
        assert!(err(b"[1, 2]").starts_with("stdin line 7: not a document ("));
        let both = serde_json::json!({"id": "a", "ko": "정부는 수출이 늘었다.", "en": "Exports rose.", "page": page});
        assert_eq!(err(both.to_string().as_bytes()), "stdin line 7: a line has either ko and en, or page");
        let half = serde_json::json!({"id": "a", "en": "Exports rose.", "page": page});
        assert_eq!(err(half.to_string().as_bytes()), "stdin line 7: a line has either ko and en, or page");
        assert_eq!(
            err(b"{\"id\": \"a\", \"ko\": \"x\"}"),
            "stdin line 7: a document needs \"ko\" and \"en\", or \"page\""
        );
        let empty = serde_json::json!({"id": "a", "page": " "}).to_string();
        assert_eq!(err(empty.as_bytes()), "stdin:7:a:page: the page has no text");
        let small = Limits { max_page_bytes: 10, ..Limits::default() };
        let err = load_stream_line(line.as_bytes(), 7, &read, &small).unwrap_err().to_string();
        assert_eq!(err, "stdin line 7: longer than 40 bytes (4 × --max-page-bytes)");
    }
}
