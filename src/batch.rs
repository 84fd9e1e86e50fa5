//! Many article pairs at once: documents in parallel with rayon, results written in
//! manifest order, every row accounted for in the summary.

use crate::error::{Error, Result};
use crate::input::{self, manifest::{read_manifest, ManifestRow, Source}};
use crate::output::{audit_records, records, write_jsonl, AtomicFile, DocCounts, DocSummary, Status, Summary};
use crate::boilerplate::template::TemplateIndex;
use crate::model::{Block, Side};
use crate::pipeline::{process_blocks, training_pairs, Document, Options};
use std::sync::Arc;
use rayon::prelude::*;
use std::path::Path;

/// A manifest row read into blocks, before any judgement about them.
#[derive(Clone, Debug, Default)]
pub struct LoadedPair {
    /// The Korean page's blocks.
    pub ko: Vec<Block>,
    /// The English page's blocks.
    pub en: Vec<Block>,
    /// Malformed byte sequences replaced while decoding.
    pub replaced: usize,
}

/// Reads one manifest row into blocks: two editions, or one bilingual page split by language.
pub fn load_row(row: &ManifestRow, options: &Options) -> Result<LoadedPair> {
    let mut read = options.read.clone();
    if let Some(kind) = row.input {
        read.kind = kind;
    }
    if let Some(label) = &row.encoding {
        read.encoding = Some(label.clone());
    }
    match &row.source {
        Source::Pair { ko, en } => {
            let ko = input::read_page(ko, Side::Ko, &read)?;
            let en = input::read_page(en, Side::En, &read)?;
            Ok(LoadedPair { replaced: ko.replaced + en.replaced, ko: ko.blocks, en: en.blocks })
        }
        Source::Page(path) => {
            let page = input::read_page(path, Side::En, &read)?;
            let (ko, en) = input::split_by_language(page.blocks);
            Ok(LoadedPair { ko, en, replaced: page.replaced })
        }
    }
}

/// Reads and processes one manifest row on its own (no batch evidence).
pub fn process_row(row: &ManifestRow, options: &Options) -> Result<Document> {
    let pair = load_row(row, options)?;
    let mut doc = process_blocks(&row.id, pair.ko, pair.en, options);
    doc.replaced = pair.replaced;
    Ok(doc)
}

/// Runs a manifest and writes `pairs.jsonl`, `audit.jsonl` and `summary.json` into `out_dir`.
/// A document that fails is listed in the summary with its error; the others go on.
pub fn run_manifest(manifest: &Path, out_dir: &Path, options: &Options) -> Result<Summary> {
    let rows = read_manifest(manifest)?;
    std::fs::create_dir_all(out_dir).map_err(|source| Error::Write { path: out_dir.to_owned(), source })?;
    let loaded: Vec<(String, Result<LoadedPair>)> = rows
        .into_par_iter()
        .map(|row| match row {
            Ok(row) => (row.id.clone(), load_row(&row, options)),
            Err(bad) => (bad.id.unwrap_or_else(|| format!("line {}", bad.line)), Err(bad.error)),
        })
        .collect();
    let results = process_batch(loaded, options);
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

/// Processes the loaded pairs of a batch with the evidence only a batch has: blocks that
/// recur across documents (the sites' templates), then self-training on the first pass's
/// confident pairs. Results keep the input order; a failed load stays a failure.
pub fn process_batch(loaded: Vec<(String, Result<LoadedPair>)>, options: &Options) -> Vec<(String, Result<Document>)> {
    let mut options = options.clone();
    if options.template_min_documents > 0 {
        let docs = loaded.iter().filter_map(|(_, r)| r.as_ref().ok()).map(|p| p.ko.iter().chain(&p.en));
        options.templates = Some(Arc::new(TemplateIndex::build(docs, options.template_min_documents)));
    }
    let options = &options;
    let mut results: Vec<(String, Result<Document>)> = loaded
        .into_par_iter()
        .map(|(id, pair)| {
            let doc = pair.map(|p| {
                let mut doc = process_blocks(&id, p.ko, p.en, options);
                doc.replaced = p.replaced;
                doc
            });
            (id, doc)
        })
        .collect();
    if options.self_train {
        self_train(&mut results, options);
    }
    results
}

/// Splits in-memory page texts into blocks, for [`process_batch`]; an edition with no text is
/// an error naming the document and side.
pub fn load_texts(id: &str, ko: &str, en: &str) -> Result<LoadedPair> {
    let ko_blocks = input::text_blocks(ko, Side::Ko);
    let en_blocks = input::text_blocks(en, Side::En);
    for (blocks, side) in [(&ko_blocks, Side::Ko), (&en_blocks, Side::En)] {
        if blocks.is_empty() {
            return Err(Error::Empty { path: std::path::PathBuf::from(format!("{id} ({side} text)")) });
        }
    }
    Ok(LoadedPair { ko: ko_blocks, en: en_blocks, replaced: 0 })
}

/// Learns word associations from the first pass's confident sentence pairs across the batch
/// and, if anything was learnt, aligns every document again with the extended lexicon.
fn self_train(results: &mut [(String, Result<Document>)], options: &Options) {
    let params = &options.self_train_params;
    let associations = results
        .par_iter()
        .filter_map(|(_, r)| r.as_ref().ok())
        .map(|doc| training_pairs(doc, params))
        .reduce(Default::default, |mut a, b| {
            a.merge(b);
            a
        });
    if associations.dictionary(params).is_empty() {
        return;
    }
    let second = Options { lexicon: Arc::new(associations.extend(&options.lexicon, params)), ..options.clone() };
    results.par_iter_mut().for_each(|(_, r)| {
        if let Ok(doc) = r {
            let mut again = process_blocks(&doc.id, std::mem::take(&mut doc.ko_blocks), std::mem::take(&mut doc.en_blocks), &second);
            again.replaced = doc.replaced;
            *doc = again;
        }
    });
}

/// Writes `summary.json` atomically.
pub fn write_summary(path: &Path, summary: &Summary) -> Result<()> {
    let mut file = AtomicFile::create(path)?;
    serde_json::to_writer_pretty(file.writer(), summary)
        .map_err(|e| Error::Write { path: path.to_owned(), source: e.into() })?;
    file.commit()
}
