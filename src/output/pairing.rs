//! The files of a pairing run: `manifest.tsv` (the pairs, ready for `batch`), `unpaired.tsv`
//! (every page without a counterpart, and why) and `summary.json`, which seals the set: it is
//! removed first and written last, so a folder holding one holds the files it describes.

use super::lock::FolderLock;
use super::{AtomicFile, SUMMARY_FILE};
use crate::error::{Error, Result};
use crate::pair::{CrawlPairing, EditionLang, PairOptions, Unpaired, UnreadKind};
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

/// The rows of a pairing run's files and its summary, in the order the files list them:
/// what [`write_pairing`] writes, for callers that want the rows themselves (the Python
/// bindings) rather than files.
#[derive(Clone, Debug, Serialize)]
pub struct PairingReport {
    /// The lines of `manifest.tsv`.
    pub pairs: Vec<PairRow>,
    /// The lines of `unpaired.tsv`.
    pub unpaired: Vec<UnpairedRow>,
    /// What `summary.json` says.
    pub summary: PairingSummary,
}

/// A line of `manifest.tsv`: a pair named by its pages.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PairRow {
    /// The document id: the Korean page's file stem, made unique with a counter.
    pub id: String,
    /// The Korean edition, as given.
    pub ko: String,
    /// The English edition, as given.
    pub en: String,
    /// How strongly the evidence says they are one article, in [0, 1].
    pub score: f32,
    /// The pages link to each other as editions (not a column of the manifest, which `batch`
    /// reads).
    pub linked: bool,
}

/// A line of `unpaired.tsv`: a page without a counterpart, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnpairedRow {
    /// The page, as given.
    pub page: String,
    /// Its edition; none for a page that was not read as one (`-` in the file).
    pub edition: Option<EditionLang>,
    /// Why it has no counterpart.
    pub reason: UnpairedReason,
    /// The page the reason names: the page a duplicate is a copy of, or the best candidate.
    pub other: Option<String>,
    /// The resemblance to that copy, or the best candidate's score.
    pub score: Option<f32>,
    /// The reason in words, naming the pages.
    pub detail: String,
}

/// The `reason` column of `unpaired.tsv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnpairedReason {
    /// A copy of another page of its edition, which takes part in its place.
    Duplicate,
    /// No page of the other edition shares any rare evidence with it.
    NoCandidate,
    /// Its best candidate scored below the threshold.
    BelowThreshold,
    /// Its best candidate was paired with another page that it matched better.
    Lost,
    /// It could not be read as a page.
    Unreadable,
    /// It was read, but is neither mostly Korean nor mostly English.
    NotAnEdition,
}

impl UnpairedReason {
    /// The code written in `unpaired.tsv` and counted in `summary.json`.
    pub fn code(self) -> &'static str {
        match self {
            UnpairedReason::Duplicate => "duplicate",
            UnpairedReason::NoCandidate => "no-candidate",
            UnpairedReason::BelowThreshold => "below-threshold",
            UnpairedReason::Lost => "lost",
            UnpairedReason::Unreadable => "unreadable",
            UnpairedReason::NotAnEdition => "not-an-edition",
        }
    }
}

/// The lines of `manifest.tsv`, strongest pair first.
pub fn pair_rows(crawl: &CrawlPairing) -> Vec<PairRow> {
    let pages = &crawl.pages;
    let mut ids = IdMaker::default();
    crawl
        .pairing
        .pairs
        .iter()
        .map(|p| {
            let (ko, en) = (&pages[p.ko].page, &pages[p.en].page);
            PairRow { id: ids.make(ko), ko: ko.clone(), en: en.clone(), score: p.score, linked: p.linked }
        })
        .collect()
}

/// The lines of `unpaired.tsv`: the pages read without a counterpart (in input order), then
/// the pages that could not be read as an edition (in input order).
pub fn unpaired_rows(crawl: &CrawlPairing) -> Vec<UnpairedRow> {
    let pages = &crawl.pages;
    let name = |j: usize| pages[j].page.clone();
    let mut rows = Vec::with_capacity(crawl.pairing.unpaired.len() + crawl.unread.len());
    for &(i, reason) in &crawl.pairing.unpaired {
        let (reason, other, score, detail) = match reason {
            Unpaired::DuplicateOf { page: of, resemblance } => (
                UnpairedReason::Duplicate,
                Some(name(of)),
                Some(resemblance),
                format!(
                    "a copy of {} ({:.0}% of its text fingerprint agrees); that page takes part",
                    name(of),
                    resemblance * 100.0
                ),
            ),
            Unpaired::NoCandidate => (
                UnpairedReason::NoCandidate,
                None,
                None,
                "no page of the other edition shares any rare evidence with it".to_owned(),
            ),
            Unpaired::BelowThreshold { best, score } => (
                UnpairedReason::BelowThreshold,
                Some(name(best)),
                Some(score),
                format!(
                    "best candidate {} scores {score:.3}, below the threshold {:.3}",
                    name(best),
                    crawl.pairing.threshold
                ),
            ),
            Unpaired::LostTo { best, score, winner, winner_score } => (
                UnpairedReason::Lost,
                Some(name(best)),
                Some(score),
                format!(
                    "best candidate {} ({score:.3}) was paired with {} ({winner_score:.3}), a better match",
                    name(best),
                    name(winner)
                ),
            ),
        };
        rows.push(UnpairedRow { page: name(i), edition: Some(pages[i].edition), reason, other, score, detail });
    }
    for u in &crawl.unread {
        let reason = match u.kind {
            UnreadKind::Unreadable => UnpairedReason::Unreadable,
            UnreadKind::NotAnEdition => UnpairedReason::NotAnEdition,
        };
        rows.push(UnpairedRow {
            page: u.page.clone(),
            edition: None,
            reason,
            other: None,
            score: None,
            detail: u.problem.clone(),
        });
    }
    rows
}

/// The rows and summary of a pairing, as [`write_pairing`] would write them.
pub fn pairing_report(crawl: &CrawlPairing, options: &PairOptions) -> PairingReport {
    let pairs = pair_rows(crawl);
    let unpaired = unpaired_rows(crawl);
    let mut by_reason: BTreeMap<&'static str, usize> = BTreeMap::new();
    for row in &unpaired {
        *by_reason.entry(row.reason.code()).or_default() += 1;
    }
    let count = |e| crawl.pages.iter().filter(|p| p.edition == e).count();
    let summary = PairingSummary {
        version: env!("CARGO_PKG_VERSION"),
        pages: crawl.pages.len() + crawl.unread.len(),
        korean: count(EditionLang::Ko),
        english: count(EditionLang::En),
        pairs: pairs.len(),
        linked_pairs: pairs.iter().filter(|p| p.linked).count(),
        unpaired: by_reason,
        threshold: crawl.pairing.threshold,
        candidates: options.candidates,
        duplicate_resemblance: options.duplicate_resemblance,
    };
    PairingReport { pairs, unpaired, summary }
}

/// Writes a pairing's files into `dir` (created if need be; locked while writing).
pub fn write_pairing(dir: &Path, crawl: &CrawlPairing, options: &PairOptions) -> Result<PairingSummary> {
    let report = pairing_report(crawl, options);
    write_pairing_report(dir, &report)?;
    Ok(report.summary)
}

/// Writes a pairing's rows and summary into `dir` (created if need be; locked while
/// writing): for a caller that has the report already and wants the files too.
pub fn write_pairing_report(dir: &Path, report: &PairingReport) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Write { path: dir.to_owned(), source })?;
    let _lock = FolderLock::acquire(dir)?;
    let seal = dir.join(SUMMARY_FILE);
    super::publish::remove_if_present(&seal)?;
    let write_err = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::Write { path: path.clone(), source }
    };

    let path = dir.join(MANIFEST_FILE);
    let mut file = AtomicFile::create(&path)?;
    let w = file.writer();
    writeln!(w, "id\tko\ten\tscore").map_err(write_err(&path))?;
    for p in &report.pairs {
        writeln!(w, "{}\t{}\t{}\t{:.4}", p.id, p.ko, p.en, p.score).map_err(write_err(&path))?;
    }
    file.commit()?;

    let path = dir.join(UNPAIRED_FILE);
    let mut file = AtomicFile::create(&path)?;
    let w = file.writer();
    writeln!(w, "page\tedition\treason\tother\tscore\tdetail").map_err(write_err(&path))?;
    for row in &report.unpaired {
        let edition = row.edition.map_or_else(|| "-".to_owned(), |e| e.to_string());
        let score = row.score.map(|s| format!("{s:.4}")).unwrap_or_default();
        writeln!(
            w,
            "{}\t{edition}\t{}\t{}\t{score}\t{}",
            row.page,
            row.reason.code(),
            row.other.as_deref().unwrap_or(""),
            super::one_line(&row.detail)
        )
        .map_err(write_err(&path))?;
    }
    file.commit()?;

    let mut file = AtomicFile::create(&seal)?;
    serde_json::to_writer_pretty(file.writer(), &report.summary)
        .map_err(|e| Error::Write { path: seal.clone(), source: e.into() })?;
    file.commit()?;
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_serialises_as_its_code() {
        // The Python bindings hand out the serde form; unpaired.tsv writes `code()`: one spelling.
        for reason in [
            UnpairedReason::Duplicate,
            UnpairedReason::NoCandidate,
            UnpairedReason::BelowThreshold,
            UnpairedReason::Lost,
            UnpairedReason::Unreadable,
            UnpairedReason::NotAnEdition,
        ] {
            assert_eq!(serde_json::to_value(reason).ok(), Some(serde_json::Value::from(reason.code())));
        }
    }
}
