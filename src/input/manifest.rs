//! Batch manifests: a TSV with a header naming its columns, one document a row, paths
//! relative to the manifest's folder (absolute paths work too). Either `id`, `ko`, `en`
//! (two editions) or `id`, `page` (one bilingual page); optional `input` (text, html, auto)
//! and `encoding` (a label such as euc-kr) columns override the run's settings per row;
//! `url_ko` and `url_en` name the editions' URLs, and any other column is carried to the
//! row's pair records by its header name. A page may be a record of a WARC file, named
//! `PATH#URI`. A manifest may be compressed (gzip, zstd), and a WARC file given as a
//! manifest lists its HTML pages, one `page` document each, named by their URI.

use super::bounded::{open_regular_file, Line, LineReader};
use super::warc::{self, WarcIndex};
use super::InputKind;
use crate::choice::Choice;
use crate::error::{Error, Result};
use crate::model::DocumentMeta;
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// The longest manifest line read, in bytes. A row is an id and a few paths (a path is at
/// most 4 kB on Linux); a longer line means the file is not a manifest, and it is refused
/// rather than read whole (a file of zeros has no line end at all).
pub const MAX_MANIFEST_LINE_BYTES: usize = 65_536;

/// Where a document's text is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The Korean and the English edition, each in its own file.
    Pair {
        /// The Korean edition's file.
        ko: PathBuf,
        /// The English edition's file.
        en: PathBuf,
    },
    /// One page holding both editions (interleaved or one after the other).
    Page(PathBuf),
}

/// One document listed in a manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManifestRow {
    /// 1-based line number in the manifest, for messages.
    pub line: usize,
    /// The document id.
    pub id: String,
    /// Its file or files.
    pub source: Source,
    /// The row's input kind, if the manifest says.
    pub input: Option<InputKind>,
    /// The row's declared encoding, if the manifest says.
    pub encoding: Option<String>,
    /// Its `url_ko` and `url_en` columns and the columns koen-align does not read, carried to
    /// its pair records.
    pub meta: DocumentMeta,
}

/// A row that could not be understood; it is reported in the summary like a failed document.
#[derive(Debug)]
pub struct BadRow {
    /// 1-based line number.
    pub line: usize,
    /// The id, when the row had one.
    pub id: Option<String>,
    /// What is wrong.
    pub error: Error,
}

/// Reads a whole manifest (see [`ManifestReader`] for reading it row by row). Rows that are
/// malformed come back as [`BadRow`]s, in order with the good ones, so a batch can report
/// them and go on.
pub fn read_manifest(path: &Path) -> Result<Vec<std::result::Result<ManifestRow, BadRow>>> {
    ManifestReader::open(path)?.collect_rows()
}

/// Parses manifest text; relative paths are joined to `base`; `path` names the manifest in errors.
#[cfg(test)]
pub fn parse_manifest(text: &str, base: &Path, path: &Path) -> Result<Vec<std::result::Result<ManifestRow, BadRow>>> {
    let lines = ManifestLines::new(Box::new(std::io::Cursor::new(text.as_bytes().to_vec())), path.to_owned());
    ManifestReader::from_lines(lines, base.to_owned())?.collect_rows()
}

/// Counts a manifest's document rows without keeping them (for progress and resumption).
pub fn count_rows(path: &Path) -> Result<usize> {
    let mut lines = match ManifestLines::open(path)? {
        Opened::Lines(lines) => lines,
        Opened::Warc(index) => return Ok(index.pages.len()),
    };
    let mut n = 0usize;
    while let Some(line) = lines.next_line() {
        let (_, line) = line?;
        if !line.trim().is_empty() && !line.starts_with('#') {
            n += 1;
        }
    }
    Ok(n.saturating_sub(1))
}

/// A manifest's lines as text, numbered from 1: only from a regular file (a manifest is read
/// more than once), each at most [`MAX_MANIFEST_LINE_BYTES`], UTF-8, and without the byte
/// order mark an editor may put at the start.
struct ManifestLines {
    lines: LineReader<Box<dyn BufRead + Send>>,
    path: PathBuf,
}

/// A manifest file opened: lines of text, or a WARC file's pages.
enum Opened {
    Lines(ManifestLines),
    Warc(std::sync::Arc<WarcIndex>),
}

impl ManifestLines {
    /// Opens a manifest file, decompressed if it is compressed; a WARC file is indexed instead.
    fn open(path: &Path) -> Result<Opened> {
        let (file, _) = open_regular_file(path)?;
        let read_error = |source| Error::Read { path: path.to_owned(), source };
        let (reader, _) = super::compressed::maybe_decompressed(file).map_err(read_error)?;
        let (head, reader) = super::compressed::peek(reader, warc::WARC_MAGIC.len()).map_err(read_error)?;
        if warc::is_warc(&head) {
            return Ok(Opened::Warc(warc::index_of(path)?));
        }
        Ok(Opened::Lines(ManifestLines::new(Box::new(std::io::BufReader::new(reader)), path.to_owned())))
    }

    fn new(reader: Box<dyn BufRead + Send>, path: PathBuf) -> ManifestLines {
        ManifestLines { lines: LineReader::new(reader, MAX_MANIFEST_LINE_BYTES), path }
    }

    /// The next line with its number; an error ends the manifest.
    fn next_line(&mut self) -> Option<Result<(usize, String)>> {
        let line = match self.lines.next_line() {
            Ok(line) => line?,
            Err(source) => return Some(Err(Error::Read { path: self.path.clone(), source })),
        };
        let no = self.lines.number();
        let error = |problem: String| Some(Err(Error::Manifest { path: self.path.clone(), line: no, problem }));
        let mut bytes = match line {
            Line::Complete(bytes) => bytes,
            Line::TooLong => {
                return error(format!(
                    "the line is longer than {} bytes: not a manifest (a row is an id and a few paths)",
                    self.lines.cap()
                ))
            }
        };
        if no == 1 && bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        match String::from_utf8(bytes) {
            Ok(text) => Some(Ok((no, text))),
            Err(e) => error(format!("the line is not UTF-8 ({})", e.utf8_error())),
        }
    }
}

/// The ids met so far, each with the line it was first on, to refuse a second row with the
/// same id (its output would be mixed with the first's). Kept as 128-bit keyed hashes, not
/// the ids: some 40 bytes a row however long the ids are (crawls use URLs), so a
/// million-row manifest costs tens of MB. The two hash keys are random, so two different
/// ids collide (refusing a good row) with a chance of 2^-128 a pair whatever the ids.
struct SeenIds {
    keys: (RandomState, RandomState),
    first_line: rustc_hash::FxHashMap<(u64, u64), usize>,
}

impl SeenIds {
    fn new() -> SeenIds {
        SeenIds { keys: (RandomState::new(), RandomState::new()), first_line: Default::default() }
    }

    /// Records `id` as met on line `no`; if it was met before, the line it was first on.
    fn first_seen(&mut self, id: &str, no: usize) -> Option<usize> {
        let key = (self.keys.0.hash_one(id), self.keys.1.hash_one(id));
        match self.first_line.entry(key) {
            std::collections::hash_map::Entry::Occupied(e) => Some(*e.get()),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(no);
                None
            }
        }
    }
}

enum Layout {
    Pair(usize, usize),
    Page(usize),
}

/// A column koen-align carries to a row's pair records rather than reads.
#[derive(Clone, Debug)]
enum Carried {
    UrlKo,
    UrlEn,
    Other(String),
}

/// The columns koen-align reads itself (the others are carried).
const READ_COLUMNS: [&str; 6] = ["id", "ko", "en", "page", "input", "encoding"];

/// The rows of a WARC file given as a manifest: its HTML pages, in file order.
struct WarcRows {
    path: PathBuf,
    index: std::sync::Arc<WarcIndex>,
    next: usize,
}

impl Iterator for WarcRows {
    type Item = ManifestRow;

    fn next(&mut self) -> Option<ManifestRow> {
        let page = self.index.pages.get(self.next)?;
        self.next += 1;
        let uri = &page.record.uri;
        Some(ManifestRow {
            line: self.next,
            id: uri.clone(),
            source: Source::Page(warc::record_name(&self.path, uri)),
            input: None,
            encoding: None,
            meta: DocumentMeta::default(),
        })
    }
}

/// Reads a manifest lazily, one row at a time, so a batch of any size holds only the rows
/// it is working on.
pub struct ManifestReader {
    /// Set when the manifest is a WARC file: its pages are the rows, and `lines` is empty.
    warc: Option<WarcRows>,
    lines: ManifestLines,
    seen: SeenIds,
    base: PathBuf,
    columns: usize,
    names: String,
    id_col: usize,
    layout: Layout,
    input_col: Option<usize>,
    encoding_col: Option<usize>,
    carried: Vec<(usize, Carried)>,
}

impl ManifestReader {
    /// Opens a manifest file and reads its header. The header must name `id` with `ko` and
    /// `en`, or `id` with `page` (in any order; other columns are carried to the pair
    /// records). A compressed manifest is decompressed; a WARC file is read as a manifest of
    /// its HTML pages.
    pub fn open(path: &Path) -> Result<ManifestReader> {
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        ManifestReader::open_in(path, base)
    }

    /// Opens a manifest whose relative paths are relative to `base` (a manifest read from
    /// stdin: the working folder).
    pub fn open_in(path: &Path, base: PathBuf) -> Result<ManifestReader> {
        match ManifestLines::open(path)? {
            Opened::Lines(lines) => ManifestReader::from_lines(lines, base),
            Opened::Warc(index) => {
                let empty = ManifestLines::new(Box::new(std::io::empty()), path.to_owned());
                Ok(ManifestReader {
                    warc: Some(WarcRows { path: path.to_owned(), index, next: 0 }),
                    lines: empty,
                    seen: SeenIds::new(),
                    base,
                    columns: 2,
                    names: "id, page".into(),
                    id_col: 0,
                    layout: Layout::Page(1),
                    input_col: None,
                    encoding_col: None,
                    carried: Vec::new(),
                })
            }
        }
    }

    /// The records of a WARC file given as the manifest that are not pages, by why (empty
    /// for a manifest of rows).
    pub fn skipped_records(&self) -> warc::SkippedRecords {
        self.warc.as_ref().map(|w| w.index.skipped.clone()).unwrap_or_default()
    }

    fn from_lines(mut lines: ManifestLines, base: PathBuf) -> Result<ManifestReader> {
        let path = lines.path.clone();
        let manifest_error = |line: usize, problem: String| Error::Manifest { path: path.clone(), line, problem };
        let (line_no, header) = loop {
            match lines.next_line() {
                None => return Err(manifest_error(1, "empty manifest: expected a header `id<TAB>ko<TAB>en`".into())),
                Some(Err(e)) => return Err(e),
                Some(Ok((no, l))) => {
                    if !l.trim().is_empty() && !l.starts_with('#') {
                        break (no, l);
                    }
                }
            }
        };
        let columns: Vec<&str> = header.split('\t').map(str::trim).collect();
        let find = |name: &str| columns.iter().position(|c| *c == name);
        let (id_col, layout) = match (find("id"), find("ko"), find("en"), find("page")) {
            (Some(i), Some(k), Some(e), _) => (i, Layout::Pair(k, e)),
            (Some(i), _, _, Some(p)) => (i, Layout::Page(p)),
            _ => {
                return Err(manifest_error(
                    line_no,
                    format!(
                        "header must name the columns id, ko and en, or id and page (tab-separated); found {columns:?}"
                    ),
                ))
            }
        };
        let carried = columns
            .iter()
            .enumerate()
            .filter(|(_, name)| !name.is_empty() && !READ_COLUMNS.contains(name))
            .map(|(i, &name)| {
                let carried = match name {
                    "url_ko" => Carried::UrlKo,
                    "url_en" => Carried::UrlEn,
                    other => Carried::Other(other.to_owned()),
                };
                (i, carried)
            })
            .collect();
        Ok(ManifestReader {
            warc: None,
            seen: SeenIds::new(),
            base,
            columns: columns.len(),
            names: columns.join(", "),
            id_col,
            layout,
            input_col: find("input"),
            encoding_col: find("encoding"),
            carried,
            lines,
        })
    }

    fn collect_rows(self) -> Result<Vec<std::result::Result<ManifestRow, BadRow>>> {
        let mut rows = Vec::new();
        for row in self {
            rows.push(row?);
        }
        Ok(rows)
    }

    fn resolve(&self, p: &str) -> PathBuf {
        let p = Path::new(p);
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.base.join(p)
        }
    }

    fn parse_row(&mut self, no: usize, line: &str) -> std::result::Result<ManifestRow, BadRow> {
        let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
        let get = |i: usize| fields.get(i).copied().filter(|f| !f.is_empty());
        let id = get(self.id_col).map(str::to_owned);
        let path = &self.lines.path;
        let bad = |problem: String| BadRow {
            line: no,
            id: id.clone(),
            error: Error::Manifest { path: path.clone(), line: no, problem },
        };
        // Any row with an id claims it, a malformed one too: a summary names each row by its id.
        if let Some(id) = &id {
            if let Some(first) = self.seen.first_seen(id, no) {
                return Err(bad(format!("duplicate id {id:?}: already on line {first}")));
            }
        }
        let required = match self.layout {
            Layout::Pair(k, e) => vec![(self.id_col, "id"), (k, "ko"), (e, "en")],
            Layout::Page(p) => vec![(self.id_col, "id"), (p, "page")],
        };
        if required.iter().any(|&(i, _)| i >= fields.len()) {
            return Err(bad(format!(
                "expected {} tab-separated fields ({}), found {}",
                self.columns,
                self.names,
                fields.len()
            )));
        }
        if let Some((_, name)) = required.iter().find(|&&(i, _)| fields[i].is_empty()) {
            return Err(bad(format!("empty {name}")));
        }
        let row_id = fields[self.id_col].to_owned();
        let source = match self.layout {
            Layout::Pair(k, e) => Source::Pair { ko: self.resolve(fields[k]), en: self.resolve(fields[e]) },
            Layout::Page(p) => Source::Page(self.resolve(fields[p])),
        };
        let input = match self.input_col.and_then(get) {
            None => None,
            // A hand-written manifest may say `HTML`.
            Some(v) => match InputKind::CHOICES.iter().find(|(name, _)| name.eq_ignore_ascii_case(v)) {
                Some(&(_, k)) => Some(k),
                None => return Err(bad(format!("input must be text, html or auto, not {v:?}"))),
            },
        };
        let encoding = self.encoding_col.and_then(get).map(str::to_owned);
        let mut meta = DocumentMeta::default();
        for (i, column) in &self.carried {
            let value = get(*i).map(str::to_owned);
            match column {
                // A URL column's empty cell is an empty URL, so every row of the run has the
                // column (TSV's Bitextor layout is chosen by it).
                Carried::UrlKo => meta.url_ko = Some(value.unwrap_or_default()),
                Carried::UrlEn => meta.url_en = Some(value.unwrap_or_default()),
                // Another column's empty cell gives no value.
                Carried::Other(name) => {
                    if let Some(value) = value {
                        meta.extra.insert(name.clone(), value);
                    }
                }
            }
        }
        Ok(ManifestRow { line: no, id: row_id, source, input, encoding, meta })
    }
}

impl Iterator for ManifestReader {
    /// A row, a malformed row, or (outer error) a manifest that cannot be read further.
    type Item = Result<std::result::Result<ManifestRow, BadRow>>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(rows) = &mut self.warc {
            return rows.next().map(|row| Ok(Ok(row)));
        }
        loop {
            let (no, line) = match self.lines.next_line()? {
                Ok(l) => l,
                Err(e) => return Some(Err(e)),
            };
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            return Some(Ok(self.parse_row(no, &line)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_paths_and_reports_bad_rows() {
        let text = "id\tko\ten\na\tdocs/a/ko.txt\tdocs/a/en.txt\nb\tonly-one\n\nc\t/abs/ko.txt\t/abs/en.txt\n";
        let rows = parse_manifest(text, Path::new("/data/set"), Path::new("/data/set/m.tsv")).unwrap();
        assert_eq!(rows.len(), 3);
        let a = rows[0].as_ref().unwrap();
        assert_eq!(
            a.source,
            Source::Pair { ko: PathBuf::from("/data/set/docs/a/ko.txt"), en: PathBuf::from("/data/set/docs/a/en.txt") }
        );
        let bad = rows[1].as_ref().unwrap_err();
        assert_eq!(bad.id.as_deref(), Some("b"));
        assert!(bad.error.to_string().contains("m.tsv:3"), "{}", bad.error);
        assert_eq!(
            rows[2].as_ref().unwrap().source,
            Source::Pair { ko: PathBuf::from("/abs/ko.txt"), en: PathBuf::from("/abs/en.txt") }
        );
    }

    #[test]
    fn columns_may_come_in_any_order() {
        let rows = parse_manifest("en\tid\tko\ne.txt\tx\tk.txt\n", Path::new("b"), Path::new("m")).unwrap();
        let r = rows[0].as_ref().unwrap();
        assert_eq!(r.id, "x");
        assert_eq!(r.source, Source::Pair { ko: PathBuf::from("b/k.txt"), en: PathBuf::from("b/e.txt") });
    }

    #[test]
    fn page_manifests_and_per_row_input_and_encoding() {
        let rows = parse_manifest(
            "id\tpage\tinput\tencoding\na\tp.html\thtml\teuc-kr\nb\tq.txt\t\t\nc\tr.txt\tpdf\t\n",
            Path::new("/s"),
            Path::new("m"),
        )
        .unwrap();
        let a = rows[0].as_ref().unwrap();
        assert_eq!(a.source, Source::Page(PathBuf::from("/s/p.html")));
        assert_eq!(a.input, Some(InputKind::Html));
        assert_eq!(a.encoding.as_deref(), Some("euc-kr"));
        assert_eq!(rows[1].as_ref().unwrap().input, None);
        assert!(rows[2].as_ref().unwrap_err().error.to_string().contains("text, html or auto"));
    }

    #[test]
    fn a_header_without_the_columns_is_an_error() {
        let err = parse_manifest("name\tpath\n", Path::new(""), Path::new("m.tsv")).unwrap_err();
        assert!(err.to_string().contains("id, ko and en, or id and page"));
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_header() {
        let rows = parse_manifest("\u{feff}id\tpage\na\tp.txt\n", Path::new(""), Path::new("m")).unwrap();
        assert_eq!(rows[0].as_ref().unwrap().id, "a");
    }

    #[test]
    fn empty_fields_and_a_second_use_of_an_id_are_named() {
        let text = "id\tko\ten\na\tk\te\n\tk\te\nb\t\te\na\tk2\te2\nc\tk\te\n";
        let rows = parse_manifest(text, Path::new(""), Path::new("m")).unwrap();
        let error = |i: usize| rows[i].as_ref().unwrap_err().error.to_string();
        assert_eq!(error(1), "m:3: empty id");
        assert_eq!(error(2), "m:4: empty ko");
        assert_eq!(error(3), "m:5: duplicate id \"a\": already on line 2");
        assert_eq!(rows[3].as_ref().unwrap_err().id.as_deref(), Some("a"));
        assert_eq!(rows[4].as_ref().unwrap().id, "c");
    }

    #[test]
    fn a_line_past_the_cap_ends_the_manifest_with_an_error() {
        let text = format!("id\tpage\na\tp.txt\n{}\nb\tq.txt\n", "x".repeat(MAX_MANIFEST_LINE_BYTES + 1));
        let err = parse_manifest(&text, Path::new(""), Path::new("m")).unwrap_err().to_string();
        assert!(err.starts_with("m:3: the line is longer than 65536 bytes"), "{err}");
        let bytes = b"id\tpage\na\t\xff.txt\n".to_vec();
        let lines = ManifestLines::new(Box::new(std::io::Cursor::new(bytes)), PathBuf::from("m"));
        let err = ManifestReader::from_lines(lines, PathBuf::new()).unwrap().collect_rows().unwrap_err().to_string();
        assert!(err.starts_with("m:2: the line is not UTF-8"), "{err}");
    }
}
