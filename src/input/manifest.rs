//! Batch manifests: a TSV with a header naming its columns, one document a row, paths
//! relative to the manifest's folder (absolute paths work too). Either `id`, `ko`, `en`
//! (two editions) or `id`, `page` (one bilingual page); optional `input` (text, html, auto)
//! and `encoding` (a label such as euc-kr) columns override the run's settings per row.

use super::InputKind;
use crate::choice::Choice;
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

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
    let lines: Vec<std::io::Result<String>> = text.lines().map(|l| Ok(l.to_owned())).collect();
    let lines = lines.into_iter();
    ManifestReader::from_lines(Box::new(lines), base.to_owned(), path.to_owned())?.collect_rows()
}

/// Counts a manifest's document rows without keeping them (for progress and resumption).
pub fn count_rows(path: &Path) -> Result<usize> {
    use std::io::BufRead;
    let file = std::fs::File::open(path).map_err(|source| Error::Read { path: path.to_owned(), source })?;
    let mut n = 0usize;
    for line in std::io::BufReader::new(file).lines() {
        let line = line.map_err(|source| Error::Read { path: path.to_owned(), source })?;
        if !line.trim().is_empty() && !line.starts_with('#') {
            n += 1;
        }
    }
    Ok(n.saturating_sub(1))
}

enum Layout {
    Pair(usize, usize),
    Page(usize),
}

/// Reads a manifest lazily, one row at a time, so a batch of any size holds only the rows
/// it is working on.
pub struct ManifestReader {
    lines: Box<dyn Iterator<Item = std::io::Result<String>> + Send>,
    line_no: usize,
    base: PathBuf,
    path: PathBuf,
    columns: usize,
    names: String,
    id_col: usize,
    layout: Layout,
    input_col: Option<usize>,
    encoding_col: Option<usize>,
}

impl ManifestReader {
    /// Opens a manifest file and reads its header. The header must name `id` with `ko` and
    /// `en`, or `id` with `page` (in any order; other columns are ignored).
    pub fn open(path: &Path) -> Result<ManifestReader> {
        use std::io::BufRead;
        let file = std::fs::File::open(path).map_err(|source| Error::Read { path: path.to_owned(), source })?;
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let lines = std::io::BufReader::new(file).lines();
        ManifestReader::from_lines(Box::new(lines), base, path.to_owned())
    }

    fn from_lines(
        mut lines: Box<dyn Iterator<Item = std::io::Result<String>> + Send>,
        base: PathBuf,
        path: PathBuf,
    ) -> Result<ManifestReader> {
        let manifest_error = |line: usize, problem: String| Error::Manifest { path: path.clone(), line, problem };
        let mut line_no = 0;
        let header = loop {
            match lines.next() {
                None => return Err(manifest_error(1, "empty manifest: expected a header `id<TAB>ko<TAB>en`".into())),
                Some(Err(source)) => return Err(Error::Read { path: path.clone(), source }),
                Some(Ok(l)) => {
                    line_no += 1;
                    if !l.trim().is_empty() && !l.starts_with('#') {
                        break l;
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
        Ok(ManifestReader {
            line_no,
            base,
            columns: columns.len(),
            names: columns.join(", "),
            id_col,
            layout,
            input_col: find("input"),
            encoding_col: find("encoding"),
            path,
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

    fn parse_row(&self, no: usize, line: &str) -> std::result::Result<ManifestRow, BadRow> {
        let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
        let get = |i: usize| fields.get(i).copied().filter(|f| !f.is_empty());
        let id = get(self.id_col).map(str::to_owned);
        let bad = |problem: String| BadRow {
            line: no,
            id: id.clone(),
            error: Error::Manifest { path: self.path.clone(), line: no, problem },
        };
        let source = match self.layout {
            Layout::Pair(k, e) => match (get(k), get(e)) {
                (Some(ko), Some(en)) => Some(Source::Pair { ko: self.resolve(ko), en: self.resolve(en) }),
                _ => None,
            },
            Layout::Page(p) => get(p).map(|p| Source::Page(self.resolve(p))),
        };
        let (Some(row_id), Some(source)) = (id.clone(), source) else {
            return Err(bad(format!(
                "expected {} tab-separated fields ({}), found {}",
                self.columns,
                self.names,
                fields.len()
            )));
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
        Ok(ManifestRow { line: no, id: row_id, source, input, encoding })
    }
}

impl Iterator for ManifestReader {
    /// A row, a malformed row, or (outer error) a manifest that cannot be read further.
    type Item = Result<std::result::Result<ManifestRow, BadRow>>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let line = match self.lines.next()? {
                Ok(l) => l,
                Err(source) => return Some(Err(Error::Read { path: self.path.clone(), source })),
            };
            self.line_no += 1;
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            return Some(Ok(self.parse_row(self.line_no, &line)));
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
}
