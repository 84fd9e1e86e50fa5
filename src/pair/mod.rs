//! Pairing a crawl: which Korean page and which English page are editions of one article.
//!
//! 1. Each page is read and cleaned as a batch reads it, its edition language decided, and
//!    its evidence reduced to a [`PageSignature`] (`signature.rs`).
//! 2. Copies of one edition (one article fetched under several URLs) are grouped by their
//!    text's fingerprint; one page of a group takes part, the others are its duplicates.
//! 3. Evidence is weighted by its rarity in the crawl (`score.rs`); candidates come from an
//!    inverted index over the rare evidence, in both directions.
//! 4. Candidates are scored, and a one-to-one assignment takes the strongest pairs first; a
//!    calibrated threshold leaves pages without a counterpart unpaired, each with its reason.

mod check;
mod score;
mod signature;

pub use score::KindWeights;
pub use signature::{
    evidence_keys, fingerprint, resemblance, signature_of_bytes, signature_of_file, url_key, EditionLang, EvidenceKind,
    LanguageShares, PageSignature, EDITION_SHARE, FINGERPRINT_HASHES,
};

use crate::options::Options;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use score::{overlap, Rarity};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Settings of the pairing step.
#[derive(Clone, Debug, PartialEq)]
pub struct PairOptions {
    /// The score a pair needs (calibrated on pairing-dev: true pairs score far above it,
    /// a page's best wrong candidate below it).
    pub threshold: f32,
    /// Candidates kept per page from the index before full scoring.
    pub candidates: usize,
    /// Candidates per page checked by aligning them (when the articles are at hand).
    pub checked: usize,
    /// The score a pair needs when only signatures are compared ([`pair_signatures`]:
    /// no articles to align), on the evidence scale.
    pub evidence_threshold: f32,
    /// How alike two pages' text fingerprints must be for one to be a copy of the other.
    pub duplicate_resemblance: f32,
    /// What each kind of evidence weighs.
    pub kinds: KindWeights,
}

impl Default for PairOptions {
    fn default() -> Self {
        PairOptions {
            threshold: DEFAULT_THRESHOLD,
            candidates: 8,
            checked: 3,
            evidence_threshold: DEFAULT_EVIDENCE_THRESHOLD,
            duplicate_resemblance: 0.8,
            kinds: KindWeights::default(),
        }
    }
}

/// Candidates scoring below this on evidence alone are not worth aligning.
const CHECK_FLOOR: f32 = 0.05;

/// Evidence on at most this many pages of an edition is rare enough to tell two articles built
/// on one text apart.
const RARE_FOR_COPIES: u32 = 5;

/// The share of the rarer page's rare evidence a copy must share.
const COPY_AGREEMENT: f32 = 0.5;

/// The default score threshold of a checked pair: the geometric mean of its evidence score
/// and the share of its content the aligner pairs.
pub const DEFAULT_THRESHOLD: f32 = 0.2;

/// The default threshold on evidence alone.
pub const DEFAULT_EVIDENCE_THRESHOLD: f32 = 0.19;

/// The score of a pair the pages' own links declare (`hreflang` alternates naming each other).
pub const LINKED_SCORE: f32 = 1.0;

/// Two pages found to be editions of one article (positions in the signatures paired).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PagePair {
    /// The Korean edition.
    pub ko: usize,
    /// The English edition.
    pub en: usize,
    /// How strongly the evidence says so, in [0, 1].
    pub score: f32,
    /// The pages link to each other as editions.
    pub linked: bool,
}

/// Why a page that was read ended without a counterpart.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum Unpaired {
    /// A copy of another page of its edition, which takes part in its place.
    DuplicateOf {
        /// The page that takes part.
        page: usize,
        /// How alike their texts are (share of fingerprint hashes that agree).
        resemblance: f32,
    },
    /// No page of the other edition shares any rare evidence with it.
    NoCandidate,
    /// Its best candidate scored below the threshold.
    BelowThreshold {
        /// The best candidate.
        best: usize,
        /// Its score.
        score: f32,
    },
    /// Its best candidate was paired with another page that it matched better.
    LostTo {
        /// The best candidate.
        best: usize,
        /// Their score.
        score: f32,
        /// The page the candidate was paired with.
        winner: usize,
        /// That pair's score.
        winner_score: f32,
    },
}

/// The pairing of a crawl's signatures.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Pairing {
    /// The pairs, strongest first.
    pub pairs: Vec<PagePair>,
    /// For each page without a counterpart: its position and why.
    pub unpaired: Vec<(usize, Unpaired)>,
    /// The threshold the pairs met (checked or evidence-only, see [`PairOptions`]).
    pub threshold: f32,
}

/// Pairs signatures (computed anywhere: [`signature_of_file`] on this machine, or on a
/// cluster's workers and collected). Positions in the result index `pages`.
pub fn pair_signatures(pages: &[PageSignature], options: &PairOptions) -> Pairing {
    pair_checked(pages, options, None)
}

/// A check of a doubtful candidate pair (positions in the signatures): the share of their
/// content the aligner pairs.
type Check<'a> = &'a (dyn Fn(usize, usize) -> f32 + Sync);

/// [`pair_signatures`], with doubtful candidates checked by aligning them when the articles
/// are at hand.
fn pair_checked(pages: &[PageSignature], options: &PairOptions, check: Option<Check<'_>>) -> Pairing {
    let threshold = if check.is_some() { options.threshold } else { options.evidence_threshold };
    // One count of every page's keys: copies are found with it, then leave it.
    let mut rarity = Rarity::new(
        pages.iter().filter(|p| p.edition == EditionLang::Ko),
        pages.iter().filter(|p| p.edition == EditionLang::En),
        options.kinds,
    );
    let copies = group_copies(pages, &rarity, options.duplicate_resemblance);
    rarity.forget(copies.keys().map(|&i| &pages[i]));
    let takes_part = |i: &usize| !copies.contains_key(i);
    let ko: Vec<usize> = (0..pages.len()).filter(|&i| pages[i].edition == EditionLang::Ko).filter(takes_part).collect();
    let en: Vec<usize> = (0..pages.len()).filter(|&i| pages[i].edition == EditionLang::En).filter(takes_part).collect();
    let mass: Vec<f32> = pages.par_iter().map(|p| rarity.mass(p)).collect();

    let mut edges = candidate_edges(pages, &ko, &en, &rarity, &mass, options);
    if let Some(check) = check {
        let doubtful = worth_checking(&edges, options.checked);
        edges.par_iter_mut().zip(doubtful).for_each(|(e, doubtful)| {
            // A candidate not worth aligning keeps its evidence score, far below any threshold.
            if doubtful {
                let share = check(e.ko, e.en);
                e.score = (e.score * share).sqrt();
            } else {
                e.score = e.score.min(CHECK_FLOOR);
            }
        });
    }
    edges.extend(linked_edges(pages, &ko, &en));
    // Strongest first; ties in a fixed order, so a run is reproducible.
    edges.sort_by(|a, b| {
        b.score.total_cmp(&a.score).then(b.linked.cmp(&a.linked)).then(a.ko.cmp(&b.ko)).then(a.en.cmp(&b.en))
    });
    edges.dedup_by(|a, b| a.ko == b.ko && a.en == b.en);

    let mut partner: HashMap<usize, (usize, f32)> = HashMap::default();
    let mut pairs = Vec::new();
    for e in &edges {
        if e.score < threshold && !e.linked {
            continue;
        }
        if partner.contains_key(&e.ko) || partner.contains_key(&e.en) {
            continue;
        }
        partner.insert(e.ko, (e.en, e.score));
        partner.insert(e.en, (e.ko, e.score));
        pairs.push(*e);
    }

    let mut best: HashMap<usize, (usize, f32)> = HashMap::default();
    for e in &edges {
        best.entry(e.ko).or_insert((e.en, e.score));
        best.entry(e.en).or_insert((e.ko, e.score));
    }
    let mut unpaired: Vec<(usize, Unpaired)> = Vec::new();
    for i in 0..pages.len() {
        if let Some(&(page, resemblance)) = copies.get(&i) {
            unpaired.push((i, Unpaired::DuplicateOf { page, resemblance }));
            continue;
        }
        if partner.contains_key(&i) {
            continue;
        }
        let reason = match best.get(&i) {
            None => Unpaired::NoCandidate,
            Some(&(b, score)) => match partner.get(&b) {
                Some(&(winner, winner_score)) if score >= threshold => {
                    Unpaired::LostTo { best: b, score, winner, winner_score }
                }
                _ => Unpaired::BelowThreshold { best: b, score },
            },
        };
        unpaired.push((i, reason));
    }
    Pairing { pairs, unpaired, threshold }
}

/// Which candidates to align: each page's best few by evidence, if not hopeless.
fn worth_checking(edges: &[PagePair], per_page: usize) -> Vec<bool> {
    let mut by_page: HashMap<usize, Vec<(f32, usize)>> = HashMap::default();
    for (n, e) in edges.iter().enumerate() {
        if e.score >= CHECK_FLOOR {
            by_page.entry(e.ko).or_default().push((e.score, n));
            by_page.entry(e.en).or_default().push((e.score, n));
        }
    }
    let mut worth = vec![false; edges.len()];
    for mut list in by_page.into_values() {
        list.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        for &(_, n) in list.iter().take(per_page) {
            worth[n] = true;
        }
    }
    worth
}

/// Pages that are copies of another page of their edition: for each, the page that takes
/// part in its place and how alike they are. Candidates meet in buckets of fingerprint bands
/// (locality-sensitive hashing), so the work grows with the crawl, not with its square.
///
/// Alike text is not enough: two articles built on one template or one wire story can share
/// most of their sentences and still report different facts. Copies must also agree on their
/// rare evidence (numbers, names, Latin tokens few pages have), which a re-fetched page keeps.
fn group_copies(pages: &[PageSignature], rarity: &Rarity, min_resemblance: f32) -> HashMap<usize, (usize, f32)> {
    const BAND: usize = 4;
    // Pages of a bucket a page is compared with: copies meet in most of the sixteen bands, so
    // a few per bucket find them, and a bucket of thousands (a site's empty pages) stays cheap.
    const PER_BUCKET: usize = 8;
    let rare = |p: &PageSignature| -> Vec<u64> {
        p.keys
            .iter()
            .copied()
            .filter(|&k| {
                let (ko, en) = rarity.df(k);
                let df = if p.edition == EditionLang::Ko { ko } else { en };
                df <= RARE_FOR_COPIES
            })
            .collect()
    };
    let agree = |a: &PageSignature, b: &PageSignature| {
        let (ra, rb) = (rare(a), rare(b));
        let smaller = ra.len().min(rb.len());
        if smaller == 0 {
            return true;
        }
        let both = ra.iter().filter(|k| rb.binary_search(k).is_ok()).count();
        both as f32 / smaller as f32 >= COPY_AGREEMENT
    };
    let mut parent: Vec<usize> = (0..pages.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut buckets: HashMap<(EditionLang, usize, u64), Vec<usize>> = HashMap::default();
    for (i, p) in pages.iter().enumerate() {
        if p.fingerprint.len() != FINGERPRINT_HASHES {
            continue;
        }
        for (band, hashes) in p.fingerprint.chunks(BAND).enumerate() {
            let h = hashes.iter().fold(0u64, |acc, &x| acc.rotate_left(17) ^ x);
            let members = buckets.entry((p.edition, band, h)).or_default();
            for &other in members.iter() {
                if root(&mut parent, i) == root(&mut parent, other) {
                    continue;
                }
                if resemblance(&p.fingerprint, &pages[other].fingerprint) >= min_resemblance && agree(p, &pages[other])
                {
                    let (a, b) = (root(&mut parent, i), root(&mut parent, other));
                    parent[a] = b;
                }
            }
            if members.len() < PER_BUCKET {
                members.push(i);
            }
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::default();
    for i in 0..pages.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut copies = HashMap::default();
    for members in groups.into_values().filter(|m| m.len() > 1) {
        // Copies hold one text (their fingerprints agree), so what differs is chrome that
        // cleaning left: the shortest copy is the cleanest. The first given on a tie.
        let keep = members
            .iter()
            .copied()
            .min_by(|&a, &b| pages[a].length.total_cmp(&pages[b].length).then(a.cmp(&b)))
            .unwrap_or(members[0]);
        for &m in members.iter().filter(|&&m| m != keep) {
            copies.insert(m, (keep, resemblance(&pages[m].fingerprint, &pages[keep].fingerprint)));
        }
    }
    copies
}

/// The pairs worth scoring: for each page, the pages of the other edition it shares the most
/// rare evidence with (by the index), scored in full.
fn candidate_edges(
    pages: &[PageSignature],
    ko: &[usize],
    en: &[usize],
    rarity: &Rarity,
    mass: &[f32],
    options: &PairOptions,
) -> Vec<PagePair> {
    // Evidence on more pages than this is common: it takes part in the scores but does not
    // propose candidates (the index's postings stay short).
    let cap = |n: usize| ((n as f32).sqrt() as u32).max(8);
    let (cap_ko, cap_en) = (cap(ko.len()), cap(en.len()));
    let rare = |k: u64| {
        let (a, b) = rarity.df(k);
        a > 0 && b > 0 && a <= cap_ko && b <= cap_en && rarity.weight(k) > 0.0
    };
    let index = |side: &[usize]| {
        let mut postings: HashMap<u64, Vec<usize>> = HashMap::default();
        for &i in side {
            for &k in pages[i].keys.iter().filter(|&&k| rare(k)) {
                postings.entry(k).or_default().push(i);
            }
        }
        postings
    };
    let (ko_index, en_index) = (index(ko), index(en));
    let query = |from: usize, postings: &HashMap<u64, Vec<usize>>| -> Vec<usize> {
        let mut partial: HashMap<usize, f32> = HashMap::default();
        for &k in pages[from].keys.iter() {
            if let Some(list) = postings.get(&k) {
                let w = rarity.weight(k);
                for &j in list {
                    *partial.entry(j).or_default() += w;
                }
            }
        }
        let mut ranked: Vec<(usize, f32)> =
            partial.into_iter().map(|(j, s)| (j, s / mass[j].max(f32::MIN_POSITIVE).sqrt())).collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(options.candidates);
        ranked.into_iter().map(|(j, _)| j).collect()
    };
    let from_en: Vec<(usize, usize)> =
        en.par_iter().flat_map_iter(|&e| query(e, &ko_index).into_iter().map(move |k| (k, e))).collect();
    let from_ko: Vec<(usize, usize)> =
        ko.par_iter().flat_map_iter(|&k| query(k, &en_index).into_iter().map(move |e| (k, e))).collect();
    let mut pairs: Vec<(usize, usize)> = from_en.into_iter().chain(from_ko).collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
        .into_par_iter()
        .map(|(k, e)| PagePair {
            ko: k,
            en: e,
            score: overlap(rarity, &pages[k], mass[k], &pages[e], mass[e]),
            linked: false,
        })
        .collect()
}

/// Pairs the pages declare themselves: an edition whose `hreflang` alternates name the
/// other's URL. A URL several pages of one edition name (a site-wide link to a home page)
/// identifies no article and is ignored.
fn linked_edges(pages: &[PageSignature], ko: &[usize], en: &[usize]) -> Vec<PagePair> {
    let by_url = |side: &[usize]| {
        let mut urls: HashMap<&str, Vec<usize>> = HashMap::default();
        for &i in side {
            if let Some(u) = pages[i].url.as_deref() {
                urls.entry(u).or_default().push(i);
            }
        }
        urls
    };
    let named_by = |side: &[usize]| {
        let mut named: HashMap<&str, usize> = HashMap::default();
        for &i in side {
            for a in &pages[i].alternates {
                *named.entry(a.as_str()).or_default() += 1;
            }
        }
        named
    };
    let (ko_urls, en_urls) = (by_url(ko), by_url(en));
    let (named_by_ko, named_by_en) = (named_by(ko), named_by(en));
    let unique = |urls: &HashMap<&str, Vec<usize>>, named: &HashMap<&str, usize>, url: &str| match urls.get(url) {
        Some(list) if list.len() == 1 && named.get(url).copied().unwrap_or(0) == 1 => Some(list[0]),
        _ => None,
    };
    let mut edges = Vec::new();
    for &k in ko {
        for a in &pages[k].alternates {
            if let Some(e) = unique(&en_urls, &named_by_ko, a) {
                edges.push(PagePair { ko: k, en: e, score: LINKED_SCORE, linked: true });
            }
        }
    }
    for &e in en {
        for a in &pages[e].alternates {
            if let Some(k) = unique(&ko_urls, &named_by_en, a) {
                edges.push(PagePair { ko: k, en: e, score: LINKED_SCORE, linked: true });
            }
        }
    }
    edges
}

/// A page of the crawl that could not be read as an edition, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnreadPage {
    /// The page as given.
    pub page: String,
    /// Read but in neither language, or not read at all.
    pub kind: UnreadKind,
    /// The problem, naming the file.
    pub problem: String,
}

/// Why a page takes no part in pairing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnreadKind {
    /// It could not be read as a page: missing, not a file, binary, too large, no text.
    Unreadable,
    /// It was read, but is neither mostly Korean nor mostly English.
    NotAnEdition,
}

/// A crawl read and paired: the signatures of the pages read, the pages that could not be,
/// and the pairing of the signatures.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CrawlPairing {
    /// The pages read, in input order.
    pub pages: Vec<PageSignature>,
    /// The pages that could not be read as an edition, in input order.
    pub unread: Vec<UnreadPage>,
    /// The pairing (positions index `pages`).
    pub pairing: Pairing,
}

/// Reads every page (in parallel, on the current rayon pool) and pairs them. `progress` is
/// called with the number of pages read so far.
pub fn pair_files(
    files: &[PathBuf],
    options: &Options,
    pair: &PairOptions,
    progress: &(dyn Fn(usize) + Sync),
) -> CrawlPairing {
    let done = std::sync::atomic::AtomicUsize::new(0);
    let read: Vec<Result<(PageSignature, check::Article), UnreadPage>> = files
        .par_iter()
        .map(|path| {
            let page = path.display().to_string();
            let r = if page.contains(['\t', '\n', '\r']) {
                Err(UnreadPage {
                    page: page.escape_debug().to_string(),
                    kind: UnreadKind::Unreadable,
                    problem: "the path holds a tab or a line break, which a TSV manifest cannot hold".to_owned(),
                })
            } else {
                signature::read_edition_file(path, options).map_err(|e| UnreadPage {
                    kind: if matches!(e, crate::Error::NotAnEdition { .. }) {
                        UnreadKind::NotAnEdition
                    } else {
                        UnreadKind::Unreadable
                    },
                    page,
                    problem: e.to_string(),
                })
            };
            progress(done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1);
            r
        })
        .collect();
    let mut pages = Vec::new();
    let mut articles = Vec::new();
    let mut unread = Vec::new();
    for r in read {
        match r {
            Ok((p, a)) => {
                pages.push(p);
                articles.push(a);
            }
            Err(u) => unread.push(u),
        }
    }
    let check = |k: usize, e: usize| check::paired_share(&articles[k], &articles[e], options);
    let pairing = pair_checked(&pages, pair, Some(&check));
    CrawlPairing { pages, unread, pairing }
}

/// The page files named by `paths`: a file is a page, a folder is walked for its files (in
/// name order; hidden files are skipped, and symbolic links to folders are not followed, so a
/// loop cannot trap the walk). A WARC file (told by its first bytes, compressed or not) gives
/// its HTML pages, each named `PATH#URI` (see [`crate::record_name`]). A path that cannot be
/// looked at is kept as a page: reading it fails with the reason, which the pairing lists, and
/// the other pages go on.
pub fn page_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for p in paths {
        // Absolute, so the manifest pair writes is read the same from any folder: batch
        // resolves a manifest's relative paths against the manifest's own folder.
        let p = std::path::absolute(p).unwrap_or_else(|_| p.clone());
        walk(&p, &mut files, true);
    }
    let mut out = Vec::with_capacity(files.len());
    for f in files {
        match crate::input::warc::is_warc_file(&f).then(|| crate::input::warc::index_of(&f)) {
            Some(Ok(index)) => {
                out.extend(index.pages.iter().map(|p| crate::input::warc::record_name(&f, &p.record.uri)))
            }
            // Kept whole: reading it reports why it could not be indexed.
            _ => out.push(f),
        }
    }
    out
}

fn walk(path: &Path, out: &mut Vec<PathBuf>, given: bool) {
    let meta = if given { std::fs::metadata(path) } else { std::fs::symlink_metadata(path) };
    let Ok(meta) = meta else {
        out.push(path.to_owned());
        return;
    };
    if meta.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else {
            out.push(path.to_owned());
            return;
        };
        let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for e in entries {
            // Hidden files (a crawler's state, `.DS_Store`) are not pages.
            if e.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')) {
                continue;
            }
            walk(&e, out, false);
        }
    } else if !(meta.file_type().is_symlink() && std::fs::metadata(path).is_ok_and(|m| m.is_dir())) {
        out.push(path.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(name: &str, edition: EditionLang, keys: &[u64]) -> PageSignature {
        let mut keys = keys.to_vec();
        keys.sort_unstable();
        PageSignature {
            page: name.into(),
            edition,
            keys,
            paragraphs: 5,
            length: 1000.0,
            fingerprint: fingerprint(&[name]),
            url: None,
            alternates: Vec::new(),
            published: None,
        }
    }

    /// Keys 0..n shared by a Korean and an English page, as one article's evidence.
    fn shared(from: u64, n: u64) -> Vec<u64> {
        (from..from + n).collect()
    }

    #[test]
    fn the_stronger_pair_wins_and_the_loser_names_it() {
        let common: Vec<u64> = shared(1000, 1);
        let ko = page("ko", EditionLang::Ko, &[shared(0, 10), common.clone()].concat());
        // A neighbour sharing part of the Korean page's evidence, and the true partner.
        let near = page("near", EditionLang::Ko, &[shared(10, 4), shared(200, 8), common.clone()].concat());
        let en = page("en", EditionLang::En, &[shared(0, 14), common.clone()].concat());
        let other = page("other", EditionLang::En, &[shared(300, 6), common].concat());
        let pages = vec![ko, near, en, other];
        let pairing = pair_signatures(&pages, &PairOptions::default());
        assert_eq!(pairing.pairs.len(), 1, "{pairing:?}");
        assert_eq!((pairing.pairs[0].ko, pairing.pairs[0].en), (0, 2));
        let reason = |i: usize| pairing.unpaired.iter().find(|(p, _)| *p == i).map(|(_, r)| *r);
        assert!(matches!(reason(1), Some(Unpaired::LostTo { best: 2, winner: 0, .. })), "{:?}", reason(1));
        assert!(matches!(reason(3), Some(Unpaired::NoCandidate)), "{:?}", reason(3));
    }

    #[test]
    fn pages_that_name_each_other_pair_and_a_url_many_pages_name_does_not() {
        let mut ko = page("ko", EditionLang::Ko, &[1]);
        let mut en = page("en", EditionLang::En, &[2]);
        ko.url = Some("news.example/ko/1".into());
        en.url = Some("news.example/en/1".into());
        ko.alternates = vec!["news.example/en/1".into()];
        // Two Korean pages name the English home page: it identifies no article.
        let mut home = page("home", EditionLang::En, &[3]);
        home.url = Some("news.example/en".into());
        let mut a = page("a", EditionLang::Ko, &[4]);
        let mut b = page("b", EditionLang::Ko, &[5]);
        a.alternates = vec!["news.example/en".into()];
        b.alternates = vec!["news.example/en".into()];
        let pages = vec![ko, en, home, a, b];
        let pairing = pair_signatures(&pages, &PairOptions::default());
        let pairs: Vec<(usize, usize, bool)> = pairing.pairs.iter().map(|p| (p.ko, p.en, p.linked)).collect();
        assert_eq!(pairs, [(0, 1, true)]);
    }

    #[test]
    fn copies_are_grouped_and_the_cleanest_takes_part() {
        let text = ["The typhoon made landfall on Jeju on Tuesday, cutting power to 30,000 homes across the island."];
        let mut a = page("a", EditionLang::En, &[1]);
        let mut b = page("b", EditionLang::En, &[1]);
        a.fingerprint = fingerprint(&text);
        b.fingerprint = fingerprint(&text);
        b.length = 900.0;
        let c = page("c", EditionLang::En, &[1]);
        let pages = [a, b, c];
        let rarity = Rarity::new(pages.iter(), std::iter::empty(), KindWeights::default());
        let copies = group_copies(&pages, &rarity, 0.8);
        assert_eq!(copies.len(), 1);
        assert_eq!(copies.get(&0).map(|c| c.0), Some(1), "the shorter copy, with less chrome left, takes part");
    }
}
