//! Many article pairs at once: documents in parallel with rayon, results written in
//! manifest order, every row accounted for in the summary.

use crate::error::{Error, Result};
use crate::input::{self, manifest::{read_manifest, ManifestRow}};
use crate::output::{audit_records, records, write_jsonl, AtomicFile, DocCounts, DocSummary, Status, Summary};
use crate::pipeline::{process_text, Document, Options};
use rayon::prelude::*;
use std::path::Path;

/// Reads and processes one manifest row.
pub fn process_row(row: &ManifestRow, options: &Options) -> Result<Document> {
    let ko = input::read_page(&row.ko)?;
    let en = input::read_page(&row.en)?;
    for (page, path) in [(&ko, &row.ko), (&en, &row.en)] {
        if page.trim().is_empty() {
            return Err(Error::Empty { path: path.clone() });
        }
    }
    Ok(process_text(&row.id, &ko, &en, options))
}

/// Runs a manifest and writes `pairs.jsonl`, `audit.jsonl` and `summary.json` into `out_dir`.
/// A document that fails is listed in the summary with its error; the others go on.
pub fn run_manifest(manifest: &Path, out_dir: &Path, options: &Options) -> Result<Summary> {
    let rows = read_manifest(manifest)?;
    std::fs::create_dir_all(out_dir).map_err(|source| Error::Write { path: out_dir.to_owned(), source })?;
    let results: Vec<(String, Result<Document>)> = rows
        .into_par_iter()
        .map(|row| match row {
            Ok(row) => (row.id.clone(), process_row(&row, options)),
            Err(bad) => (bad.id.unwrap_or_else(|| format!("line {}", bad.line)), Err(bad.error)),
        })
        .collect();

    let mut pairs = AtomicFile::create(&out_dir.join("pairs.jsonl"))?;
    let mut audit = AtomicFile::create(&out_dir.join("audit.jsonl"))?;
    let mut summary = Summary::default();
    for (id, result) in results {
        match result {
            Ok(doc) => {
                let w = |e| Error::Write { path: out_dir.to_owned(), source: e };
                write_jsonl(pairs.writer(), &records(&doc, options.level, options.min_score)).map_err(w)?;
                write_jsonl(audit.writer(), &audit_records(&doc)).map_err(w)?;
                summary.push(DocSummary { id, status: Status::Ok, error: None, counts: DocCounts::of(&doc) });
            }
            Err(e) => summary.push(DocSummary { id, status: Status::Failed, error: Some(e.to_string()), counts: DocCounts::default() }),
        }
    }
    pairs.commit()?;
    audit.commit()?;
    write_summary(&out_dir.join("summary.json"), &summary)?;
    Ok(summary)
}

/// Writes `summary.json` atomically.
pub fn write_summary(path: &Path, summary: &Summary) -> Result<()> {
    let mut file = AtomicFile::create(path)?;
    serde_json::to_writer_pretty(file.writer(), summary)
        .map_err(|e| Error::Write { path: path.to_owned(), source: e.into() })?;
    file.commit()
}
