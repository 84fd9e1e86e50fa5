//! Batch manifests: a TSV with a header naming its columns, one document a row, paths
//! relative to the manifest's folder (absolute paths work too). Either `id`, `ko`, `en`
//! (two editions) or `id`, `page` (one bilingual page); optional `input` (text, html, auto)
//! and `encoding` (a label such as euc-kr) columns override the run's settings per row.

use super::InputKind;
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

/// Reads a manifest. The header must name `id`, `ko` and `en` columns (in any order; other
/// columns are ignored). Rows that are malformed come back as [`BadRow`]s, in order with the
/// good ones, so a batch can report them and go on.
pub fn read_manifest(path: &Path) -> Result<Vec<std::result::Result<ManifestRow, BadRow>>> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.to_owned(), source })?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    parse_manifest(&text, &base, path)
}

/// Parses manifest text; relative paths are joined to `base`; `path` names the manifest in errors.
pub fn parse_manifest(text: &str, base: &Path, path: &Path) -> Result<Vec<std::result::Result<ManifestRow, BadRow>>> {
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
    let manifest_error = |line: usize, problem: String| Error::Manifest { path: path.to_owned(), line, problem };
    let (header_no, header) = lines.next().ok_or_else(|| manifest_error(1, "empty manifest: expected a header `id<TAB>ko<TAB>en`".into()))?;
    let columns: Vec<&str> = header.split('\t').map(str::trim).collect();
    let find = |name: &str| columns.iter().position(|c| *c == name);
    enum Layout {
        Pair(usize, usize),
        Page(usize),
    }
    let (id_col, layout) = match (find("id"), find("ko"), find("en"), find("page")) {
        (Some(i), Some(k), Some(e), _) => (i, Layout::Pair(k, e)),
        (Some(i), _, _, Some(p)) => (i, Layout::Page(p)),
        _ => {
            return Err(manifest_error(
                header_no + 1,
                format!("header must name the columns id, ko and en, or id and page (tab-separated); found {columns:?}"),
            ))
        }
    };
    let (input_col, encoding_col) = (find("input"), find("encoding"));
    let resolve = |p: &str| {
        let p = Path::new(p);
        if p.is_absolute() { p.to_path_buf() } else { base.join(p) }
    };
    let mut rows = Vec::new();
    for (no, line) in lines {
        let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
        let get = |i: usize| fields.get(i).copied().filter(|f| !f.is_empty());
        let id = get(id_col).map(str::to_owned);
        let bad = |problem: String| BadRow { line: no + 1, id: id.clone(), error: manifest_error(no + 1, problem) };
        let source = match layout {
            Layout::Pair(k, e) => match (get(k), get(e)) {
                (Some(ko), Some(en)) => Some(Source::Pair { ko: resolve(ko), en: resolve(en) }),
                _ => None,
            },
            Layout::Page(p) => get(p).map(|p| Source::Page(resolve(p))),
        };
        let (Some(row_id), Some(source)) = (id.clone(), source) else {
            rows.push(Err(bad(format!("expected {} tab-separated fields ({}), found {}", columns.len(), columns.join(", "), fields.len()))));
            continue;
        };
        let input = match input_col.and_then(get) {
            None => None,
            Some(v) => match <InputKind as clap::ValueEnum>::from_str(v, true) {
                Ok(k) => Some(k),
                Err(_) => {
                    rows.push(Err(bad(format!("input must be text, html or auto, not {v:?}"))));
                    continue;
                }
            },
        };
        let encoding = encoding_col.and_then(get).map(str::to_owned);
        rows.push(Ok(ManifestRow { line: no + 1, id: row_id, source, input, encoding }));
    }
    Ok(rows)
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
        assert_eq!(a.source, Source::Pair { ko: PathBuf::from("/data/set/docs/a/ko.txt"), en: PathBuf::from("/data/set/docs/a/en.txt") });
        let bad = rows[1].as_ref().unwrap_err();
        assert_eq!(bad.id.as_deref(), Some("b"));
        assert!(bad.error.to_string().contains("m.tsv:3"), "{}", bad.error);
        assert_eq!(rows[2].as_ref().unwrap().source, Source::Pair { ko: PathBuf::from("/abs/ko.txt"), en: PathBuf::from("/abs/en.txt") });
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
        let rows = parse_manifest("id\tpage\tinput\tencoding\na\tp.html\thtml\teuc-kr\nb\tq.txt\t\t\nc\tr.txt\tpdf\t\n", Path::new("/s"), Path::new("m")).unwrap();
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
