//! The files of a pairing run: `manifest.tsv` (the pairs, ready for `batch`), `unpaired.tsv`
//! (every page without a counterpart, and why) and `summary.json`, which seals the set: it is
//! removed first and written last, so a folder holding one holds the files it describes.

use super::lock::FolderLock;
use super::{AtomicFile, SUMMARY_FILE};
use crate::error::{Error, Result};
use crate::pair::{CrawlPairing, PairOptions, Unpaired, UnreadKind};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

/// The pairs, one a line: `id ko en score`.
pub const MANIFEST_FILE: &str = "manifest.tsv";
/// The pages without a counterpart: `page edition reason other score detail`.
pub const UNPAIRED_FILE: &str = "unpaired.tsv";

/// What `summary.json` says about a pairing run.
#[derive(Clone, Debug, Serialize)]
pub struct PairingSummary {
    /// The koen-align version that wrote it.
    pub version: &'static str,
    /// Pages given.
    pub pages: usize,
    /// Pages read as a Korean edition.
    pub korean: usize,
    /// Pages read as an English edition.
    pub english: usize,
    /// Pairs written to `manifest.tsv`.
    pub pairs: usize,
    /// Of those, pairs the pages' own links declare.
    pub linked_pairs: usize,
    /// Pages in `unpaired.tsv`, by reason.
    pub unpaired: BTreeMap<&'static str, usize>,
    /// The score a pair needed.
    pub threshold: f32,
    /// Candidates scored per page.
    pub candidates: usize,
    /// The resemblance that made a page a copy of another.
    pub duplicate_resemblance: f32,
}

/// Writes a pairing's files into `dir` (created if need be; locked while writing).
pub fn write_pairing(dir: &Path, crawl: &CrawlPairing, options: &PairOptions) -> Result<PairingSummary> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Write { path: dir.to_owned(), source })?;
    let _lock = FolderLock::acquire(dir)?;
    let seal = dir.join(SUMMARY_FILE);
    match std::fs::remove_file(&seal) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(Error::Write { path: seal, source: e }),
        _ => {}
    }
    let pages = &crawl.pages;
    let write_err = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::Write { path: path.clone(), source }
    };

    let path = dir.join(MANIFEST_FILE);
    let mut file = AtomicFile::create(&path)?;
    let mut ids = IdMaker::default();
    let w = file.writer();
    writeln!(w, "id\tko\ten\tscore").map_err(write_err(&path))?;
    for p in &crawl.pairing.pairs {
        let (ko, en) = (&pages[p.ko].page, &pages[p.en].page);
        writeln!(w, "{}\t{ko}\t{en}\t{:.4}", ids.make(ko), p.score).map_err(write_err(&path))?;
    }
    file.commit()?;

    let path = dir.join(UNPAIRED_FILE);
    let mut file = AtomicFile::create(&path)?;
    let w = file.writer();
    let mut by_reason: BTreeMap<&'static str, usize> = BTreeMap::new();
    writeln!(w, "page\tedition\treason\tother\tscore\tdetail").map_err(write_err(&path))?;
    for &(i, reason) in &crawl.pairing.unpaired {
        let page = &pages[i];
        let name = |j: usize| pages[j].page.as_str();
        let (code, other, score, detail) = match reason {
            Unpaired::DuplicateOf { page: of, resemblance } => (
                "duplicate",
                name(of),
                format!("{resemblance:.4}"),
                format!(
                    "a copy of {} ({:.0}% of its text fingerprint agrees); that page takes part",
                    name(of),
                    resemblance * 100.0
                ),
            ),
            Unpaired::NoCandidate => (
                "no-candidate",
                "",
                String::new(),
                "no page of the other edition shares any rare evidence with it".to_owned(),
            ),
            Unpaired::BelowThreshold { best, score } => (
                "below-threshold",
                name(best),
                format!("{score:.4}"),
                format!(
                    "best candidate {} scores {score:.3}, below the threshold {:.3}",
                    name(best),
                    crawl.pairing.threshold
                ),
            ),
            Unpaired::LostTo { best, score, winner, winner_score } => (
                "lost",
                name(best),
                format!("{score:.4}"),
                format!(
                    "best candidate {} ({score:.3}) was paired with {} ({winner_score:.3}), a better match",
                    name(best),
                    name(winner)
                ),
            ),
        };
        *by_reason.entry(code).or_default() += 1;
        writeln!(w, "{}\t{}\t{code}\t{other}\t{score}\t{}", page.page, page.edition, super::one_line(&detail))
            .map_err(write_err(&path))?;
    }
    for u in &crawl.unread {
        let code = match u.kind {
            UnreadKind::Unreadable => "unreadable",
            UnreadKind::NotAnEdition => "not-an-edition",
        };
        *by_reason.entry(code).or_default() += 1;
        writeln!(w, "{}\t-\t{code}\t\t\t{}", u.page, super::one_line(&u.problem)).map_err(write_err(&path))?;
    }
    file.commit()?;

    let count = |e| pages.iter().filter(|p| p.edition == e).count();
    let summary = PairingSummary {
        version: env!("CARGO_PKG_VERSION"),
        pages: pages.len() + crawl.unread.len(),
        korean: count(crate::pair::EditionLang::Ko),
        english: count(crate::pair::EditionLang::En),
        pairs: crawl.pairing.pairs.len(),
        linked_pairs: crawl.pairing.pairs.iter().filter(|p| p.linked).count(),
        unpaired: by_reason,
        threshold: crawl.pairing.threshold,
        candidates: options.candidates,
        duplicate_resemblance: options.duplicate_resemblance,
    };
    let mut file = AtomicFile::create(&seal)?;
    serde_json::to_writer_pretty(file.writer(), &summary)
        .map_err(|e| Error::Write { path: seal.clone(), source: e.into() })?;
    file.commit()?;
    Ok(summary)
}

/// Document ids from the Korean page's file stem, made unique with a counter.
#[derive(Default)]
struct IdMaker {
    seen: BTreeMap<String, usize>,
}

impl IdMaker {
    fn make(&mut self, ko: &str) -> String {
        let stem =
            Path::new(ko).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "pair".to_owned());
        let stem: String = stem.chars().map(|c| if c.is_control() { '_' } else { c }).collect();
        let n = self.seen.entry(stem.clone()).or_default();
        *n += 1;
        if *n == 1 {
            stem
        } else {
            format!("{stem}-{n}")
        }
    }
}
