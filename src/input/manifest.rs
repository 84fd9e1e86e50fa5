//! Batch manifests: a TSV with a header naming its columns (`id`, `ko`, `en`), one
//! document a row, paths relative to the manifest's folder (absolute paths work too).

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// One document listed in a manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManifestRow {
    /// 1-based line number in the manifest, for messages.
    pub line: usize,
    /// The document id.
    pub id: String,
    /// The Korean edition's file.
    pub ko: PathBuf,
    /// The English edition's file.
    pub en: PathBuf,
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
    let (id_col, ko_col, en_col) = match (find("id"), find("ko"), find("en")) {
        (Some(i), Some(k), Some(e)) => (i, k, e),
        _ => {
            return Err(manifest_error(
                header_no + 1,
                format!("header must name the columns id, ko and en (tab-separated); found {columns:?}"),
            ))
        }
    };
    let resolve = |p: &str| {
        let p = Path::new(p);
        if p.is_absolute() { p.to_path_buf() } else { base.join(p) }
    };
    let mut rows = Vec::new();
    for (no, line) in lines {
        let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
        let get = |i: usize| fields.get(i).copied().filter(|f| !f.is_empty());
        let id = get(id_col).map(str::to_owned);
        rows.push(match (get(id_col), get(ko_col), get(en_col)) {
            (Some(id), Some(ko), Some(en)) => Ok(ManifestRow { line: no + 1, id: id.to_owned(), ko: resolve(ko), en: resolve(en) }),
            _ => Err(BadRow {
                line: no + 1,
                id,
                error: manifest_error(no + 1, format!("expected {} tab-separated fields (id, ko, en), found {}", columns.len(), fields.len())),
            }),
        });
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
        assert_eq!(a.ko, PathBuf::from("/data/set/docs/a/ko.txt"));
        let bad = rows[1].as_ref().unwrap_err();
        assert_eq!(bad.id.as_deref(), Some("b"));
        assert!(bad.error.to_string().contains("m.tsv:3"), "{}", bad.error);
        assert_eq!(rows[2].as_ref().unwrap().en, PathBuf::from("/abs/en.txt"));
    }

    #[test]
    fn columns_may_come_in_any_order() {
        let rows = parse_manifest("en\tid\tko\ne.txt\tx\tk.txt\n", Path::new("b"), Path::new("m")).unwrap();
        let r = rows[0].as_ref().unwrap();
        assert_eq!((r.id.as_str(), r.ko.as_path(), r.en.as_path()), ("x", Path::new("b/k.txt"), Path::new("b/e.txt")));
    }

    #[test]
    fn a_header_without_the_columns_is_an_error() {
        let err = parse_manifest("name\tpath\n", Path::new(""), Path::new("m.tsv")).unwrap_err();
        assert!(err.to_string().contains("id, ko and en"));
    }
}
