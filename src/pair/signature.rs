//! One page of a crawl read into what pairing compares: its edition language, and a
//! signature of the evidence that survives translation (numbers, Latin tokens, names read
//! across scripts, lexicon terms), plus a fingerprint of its text for finding copies.
//!
//! A signature depends on its page alone, so signatures can be computed anywhere (one
//! machine's threads, or a Spark job's executors) and joined later by [`super::pair_signatures`].

use super::check::Article;
use crate::bilingual::anchors::{english_anchors, korean_anchors};
use crate::bilingual::lexicon::{is_english_stopword, Lexicon};
use crate::bilingual::names::{english_names, korean_names};
use crate::boilerplate;
use crate::error::{Error, Result};
use crate::input::load::{page_of, PageBytes};
use crate::input::split_by_language;
use crate::model::{Block, Lang, Side};
use crate::options::Options;
use crate::text_shape::length_units;
use serde::{Deserialize, Serialize};
use std::hash::{Hash, Hasher};
use std::path::Path;

/// What kind of evidence a signature key is. Stored in a key's top bits, so a key alone says
/// how much its kind weighs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EvidenceKind {
    /// A number, canonical across scripts and units (`1조 2천억` and `1.2 trillion`).
    Number,
    /// A Latin-script token the Korean edition writes as such (`KOSPI`, `FIFA`).
    Latin,
    /// The consonant skeleton of a name (`트럼프` and `Trump` both read `TLMP`).
    Name,
    /// A lexicon entry: a Korean stem, or an English word that translates it.
    Term,
}

impl EvidenceKind {
    const ALL: [EvidenceKind; 4] = [EvidenceKind::Number, EvidenceKind::Latin, EvidenceKind::Name, EvidenceKind::Term];

    fn tag(self) -> u64 {
        self as u64
    }

    /// The kind a key was made with.
    pub fn of(key: u64) -> EvidenceKind {
        Self::ALL[(key >> KIND_SHIFT) as usize & 3]
    }
}

const KIND_SHIFT: u32 = 62;

/// A key: a hash of the evidence's text, with its kind in the top two bits.
fn key(kind: EvidenceKind, text: &str) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    text.hash(&mut h);
    // FxHash's low bits are weak for short strings; the mix spreads them before the kind
    // takes the top bits.
    let x = mix(h.finish());
    (x >> 2) | (kind.tag() << KIND_SHIFT)
}

/// SplitMix64's finaliser: a cheap, well-spread 64-bit mix.
fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// How many minimum hashes a page's text fingerprint keeps.
pub const FINGERPRINT_HASHES: usize = 64;

/// Which edition a page is, or why it is neither.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EditionLang {
    /// A Korean edition.
    Ko,
    /// An English edition.
    En,
}

impl EditionLang {
    /// The side of a document this edition becomes.
    pub fn side(self) -> Side {
        match self {
            EditionLang::Ko => Side::Ko,
            EditionLang::En => Side::En,
        }
    }
}

impl std::fmt::Display for EditionLang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            EditionLang::Ko => "ko",
            EditionLang::En => "en",
        })
    }
}

/// A page's text by language, in comparable units (a Hangul syllable carries about as much
/// as two and a half Latin letters), measured on the blocks cleaning keeps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LanguageShares {
    /// Korean (and mixed Korean–English) blocks.
    pub korean: f32,
    /// English blocks.
    pub english: f32,
    /// Blocks in another language.
    pub other: f32,
    /// The length the shares are of, in those units.
    #[serde(default)]
    pub units: f32,
}

impl LanguageShares {
    pub(crate) fn of(blocks: &[&Block]) -> LanguageShares {
        let (mut ko, mut en, mut other) = (0f32, 0f32, 0f32);
        for b in blocks {
            match b.lang.lang {
                Lang::Ko | Lang::Mixed => ko += length_units(&b.text, true),
                Lang::En => en += length_units(&b.text, false),
                Lang::Other => other += length_units(&b.text, true),
                Lang::Unknown => {}
            }
        }
        let units = ko + en + other;
        if units == 0.0 {
            return LanguageShares::default();
        }
        LanguageShares { korean: ko / units, english: en / units, other: other / units, units }
    }

    /// The edition whose language holds at least [`EDITION_SHARE`] of the text, if one does.
    pub fn edition(&self) -> Option<EditionLang> {
        if self.korean >= EDITION_SHARE {
            Some(EditionLang::Ko)
        } else if self.english >= EDITION_SHARE {
            Some(EditionLang::En)
        } else {
            None
        }
    }
}

/// The share of a page's text one language must have for the page to be its edition: a
/// news page carries some chrome and quotes in the other language, a bilingual page about
/// half of each.
pub const EDITION_SHARE: f32 = 0.75;

/// One page of a crawl, read for pairing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PageSignature {
    /// The page as it was given (a path, or the name a caller chose).
    pub page: String,
    /// Its edition.
    pub edition: EditionLang,
    /// The evidence keys of its article, sorted and distinct (kind in the top two bits, see
    /// [`EvidenceKind::of`]).
    pub keys: Vec<u64>,
    /// Its article's paragraphs (kept blocks).
    pub paragraphs: u32,
    /// Its article's length, in the units of [`LanguageShares`].
    pub length: f32,
    /// Minimum hashes of its article's word trigrams, for finding copies of one edition.
    pub fingerprint: Vec<u64>,
    /// The page's own URL, if it declares one (canonical link or `og:url`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The URLs it names as its editions in other languages (`hreflang` alternates).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternates: Vec<String>,
    /// The day it says it was published, as days since 1970-01-01 (from an ISO date the
    /// markup declares; other forms are not guessed at).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<i32>,
}

/// Reads a page file and computes its signature. Errors name the file: unreadable, binary,
/// too large, no text, or neither mostly Korean nor mostly English.
pub fn signature_of_file(path: &Path, options: &Options) -> Result<PageSignature> {
    read_edition_file(path, options).map(|(s, _)| s)
}

/// Reads a page file (or a WARC record named `PATH#URI`) into its signature and its cleaned
/// article.
pub(crate) fn read_edition_file(path: &Path, options: &Options) -> Result<(PageSignature, Article)> {
    // A WARC file that was not expanded into its pages could not be indexed: say why.
    if crate::input::warc::is_warc_file(path) {
        crate::input::warc::index_of(path)?;
    }
    let page = crate::input::load::read_page(path, &options.limits)?;
    read_edition(page, path, options)
}

/// Computes a page's signature from its bytes (`name` names it in errors and in the
/// signature, and tells HTML from text as for any page; compressed bytes are decompressed).
pub fn signature_of_bytes(bytes: &[u8], name: &Path, options: &Options) -> Result<PageSignature> {
    read_edition(PageBytes::new(bytes), name, options).map(|(s, _)| s)
}

/// Reads a page into its signature and its cleaned article.
pub(crate) fn read_edition(bytes: PageBytes<'_>, name: &Path, options: &Options) -> Result<(PageSignature, Article)> {
    let page = page_of(bytes, name, Side::En, &options.read, &options.limits)?;
    if page.blocks.is_empty() {
        return Err(Error::Empty { path: name.to_owned() });
    }
    let dom = page.info.dom.clone();
    let dom = dom.as_deref();
    let own_url = page.info.url.clone();
    let (ko, en) = split_by_language(page.blocks);
    // Each language's blocks are cleaned as that edition's would be: the page's chrome in the
    // other language (an English site's Korean menu) goes with the rest of its chrome.
    let ko = boilerplate::clean_page(ko, Side::Ko, &options.rules, None, dom);
    let en = boilerplate::clean_page(en, Side::En, &options.rules, None, dom);
    let kept: Vec<&Block> = ko.kept.iter().chain(&en.kept).collect();
    let shares = LanguageShares::of(&kept);
    let Some(edition) = shares.edition() else {
        return Err(Error::NotAnEdition { path: name.to_owned(), problem: not_an_edition(shares) });
    };
    let article = if edition == EditionLang::Ko { ko } else { en };
    let mut article = Article { blocks: article.kept, suspects: article.suspect };
    // The aligner reads no markup: a crawl's articles are held until pairing ends, so their
    // DOM hints go now.
    article.blocks.iter_mut().for_each(|b| b.structure = None);
    let texts: Vec<&str> = article.blocks.iter().map(|b| b.text.as_str()).collect();
    let length = match edition {
        EditionLang::Ko => shares.korean,
        EditionLang::En => shares.english,
    } * shares.units;
    let (url, alternates) = page_links(dom, own_url.as_deref(), edition);
    let signature = PageSignature {
        page: name.display().to_string(),
        edition,
        keys: evidence_keys(edition, &texts, &options.lexicon),
        paragraphs: article.blocks.len() as u32,
        length,
        fingerprint: fingerprint(&texts),
        url,
        alternates,
        published: dom.and_then(|d| d.published.as_deref()).and_then(iso_day),
    };
    Ok((signature, article))
}

/// The page's own URL (the canonical URL it declares, else the URL it was fetched from, as a
/// WARC record says) and the URLs it names as its edition in the other language (`hreflang`
/// alternates; `x-default` and other languages' are not an edition to pair), each as a
/// [`url_key`].
fn page_links(
    dom: Option<&crate::model::DomFacts>,
    fetched_from: Option<&str>,
    edition: EditionLang,
) -> (Option<String>, Vec<String>) {
    let Some(dom) = dom else { return (None, Vec::new()) };
    let other = match edition {
        EditionLang::Ko => "en",
        EditionLang::En => "ko",
    };
    let is_other = |lang: &str| lang == other || lang.strip_prefix(other).is_some_and(|rest| rest.starts_with('-'));
    let url = dom.canonical_url.as_deref().or(fetched_from).and_then(url_key);
    let mut alternates: Vec<String> =
        dom.alternates.iter().filter(|a| is_other(&a.lang)).filter_map(|a| url_key(&a.href)).collect();
    alternates.retain(|a| Some(a) != url.as_ref());
    alternates.sort();
    alternates.dedup();
    (url, alternates)
}

/// The day of an ISO 8601 date (`2026-10-03`, `2026-10-03T14:22:00+09:00`) as days since
/// 1970-01-01, or `None` for any other form.
pub fn iso_day(date: &str) -> Option<i32> {
    let d = date.trim().get(..10)?;
    let b = d.as_bytes();
    if !d.is_ascii() || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, day): (i32, u32, u32) = (d[..4].parse().ok()?, d[5..7].parse().ok()?, d[8..10].parse().ok()?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm): exact for the proleptic Gregorian calendar.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i32 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// A URL reduced to what names a page, so that the forms one site writes for one page meet:
/// scheme, a `www.` host prefix, the host's case, a trailing slash and the fragment dropped.
/// `None` for a relative URL, which names no page by itself.
pub fn url_key(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = url.split_once("://").map(|(_, r)| r).or_else(|| url.strip_prefix("//"))?;
    let rest = rest.split('#').next().unwrap_or(rest);
    let (host, path) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    if host.is_empty() {
        return None;
    }
    let path = path.strip_suffix('/').unwrap_or(path);
    Some(format!("{host}{path}"))
}

/// Why a page is neither edition, in words.
fn not_an_edition(s: LanguageShares) -> String {
    let pct = |x: f32| (x * 100.0).round() as u32;
    let what = if s.korean + s.english + s.other == 0.0 {
        "no text in a language after cleaning".to_owned()
    } else if s.other >= s.korean && s.other >= s.english {
        "mostly in a language other than Korean or English".to_owned()
    } else {
        "neither mostly Korean nor mostly English (a bilingual page?)".to_owned()
    };
    format!(
        "not an edition to pair: {what} ({}% Korean, {}% English, {}% other)",
        pct(s.korean),
        pct(s.english),
        pct(s.other)
    )
}

/// The evidence keys of an edition's texts, sorted and distinct.
pub fn evidence_keys(edition: EditionLang, texts: &[&str], lexicon: &Lexicon) -> Vec<u64> {
    let mut keys = Vec::new();
    for text in texts {
        match edition {
            EditionLang::Ko => {
                let anchors = korean_anchors(text);
                keys.extend(anchors.numbers.iter().map(|n| key(EvidenceKind::Number, n)));
                keys.extend(anchors.latin.iter().map(|t| key(EvidenceKind::Latin, t)));
                keys.extend(korean_names(text).candidates.iter().map(|s| key(EvidenceKind::Name, s)));
                let terms = lexicon.korean_terms(text);
                keys.extend(terms.set.iter().map(|s| key(EvidenceKind::Term, &s.to_string())));
            }
            EditionLang::En => {
                let anchors = english_anchors(text);
                keys.extend(anchors.numbers.iter().map(|n| key(EvidenceKind::Number, n)));
                // Every English word is Latin; only those some Korean page also writes will
                // meet a partner in the index, and the common ones weigh nothing there.
                keys.extend(
                    anchors.latin.iter().filter(|t| !is_english_stopword(t)).map(|t| key(EvidenceKind::Latin, t)),
                );
                keys.extend(english_names(text).names.iter().map(|s| key(EvidenceKind::Name, s)));
                let terms = lexicon.english_terms(text);
                for &w in &terms.set {
                    keys.extend(lexicon.stems_of_word(w).iter().map(|s| key(EvidenceKind::Term, &s.to_string())));
                }
            }
        }
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// MinHash of the texts' word trigrams (words lower-cased, punctuation dropped): two copies of
/// one article, whatever chrome survived cleaning, agree on most of their minima.
pub fn fingerprint(texts: &[&str]) -> Vec<u64> {
    let words: Vec<String> = texts
        .iter()
        .flat_map(|t| t.split_whitespace())
        .map(|w| w.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect();
    let mut minima = vec![u64::MAX; FINGERPRINT_HASHES];
    let shingles: Vec<u64> = if words.len() < 3 {
        words.iter().map(|w| hash_str(w)).collect()
    } else {
        words.windows(3).map(|w| hash_str(&w.join(" "))).collect()
    };
    if shingles.is_empty() {
        return Vec::new();
    }
    for s in shingles {
        for (i, m) in minima.iter_mut().enumerate() {
            let h = mix(s ^ SEEDS[i % SEEDS.len()].wrapping_mul(i as u64 + 1));
            if h < *m {
                *m = h;
            }
        }
    }
    minima
}

/// Distinct odd constants that make the fingerprint's hash functions independent enough.
const SEEDS: [u64; 4] = [0x9e37_79b9_7f4a_7c15, 0xc2b2_ae3d_27d4_eb4f, 0x1656_67b1_9e37_79f9, 0x27d4_eb2f_1656_67c5];

fn hash_str(s: &str) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    s.hash(&mut h);
    mix(h.finish())
}

/// The share of two fingerprints' minima that agree: an estimate of their texts' Jaccard
/// similarity.
pub fn resemblance(a: &[u64], b: &[u64]) -> f32 {
    if a.is_empty() || b.is_empty() || a.len() != b.len() {
        return 0.0;
    }
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f32 / a.len() as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_days_count_from_1970() {
        assert_eq!(iso_day("1970-01-01"), Some(0));
        assert_eq!(iso_day("2026-10-03T14:22:00+09:00"), Some(20_729));
        assert_eq!(iso_day("2024-03-01").zip(iso_day("2024-02-28")).map(|(a, b)| a - b), Some(2), "a leap year");
        assert_eq!(iso_day("October 3, 2026"), None);
        assert_eq!(iso_day("2026-13-01"), None);
        assert_eq!(iso_day("가나다라-01-01"), None, "no panic on other scripts");
    }

    #[test]
    fn one_page_s_url_forms_meet() {
        let k = url_key("https://www.Example.com/news/123/#top");
        assert_eq!(k.as_deref(), Some("example.com/news/123"));
        assert_eq!(url_key("http://example.com/news/123"), k);
        assert_eq!(url_key("//example.com/news/123/"), k);
        assert_ne!(url_key("https://example.com/news/124"), k);
        assert_eq!(url_key("/news/123"), None);
    }

    #[test]
    fn a_key_keeps_its_kind() {
        for kind in EvidenceKind::ALL {
            assert_eq!(EvidenceKind::of(key(kind, "apec")), kind);
        }
        assert_ne!(key(EvidenceKind::Number, "12"), key(EvidenceKind::Latin, "12"));
    }

    #[test]
    fn both_editions_of_a_sentence_share_keys() {
        let lexicon = Lexicon::builtin();
        let ko =
            evidence_keys(EditionLang::Ko, &["트럼프 대통령은 APEC 회의에서 수출이 25% 늘었다고 말했다."], &lexicon);
        let en = evidence_keys(
            EditionLang::En,
            &["President Trump told the APEC meeting that exports rose by 25%."],
            &lexicon,
        );
        let shared: Vec<EvidenceKind> =
            ko.iter().filter(|k| en.binary_search(k).is_ok()).map(|&k| EvidenceKind::of(k)).collect();
        for kind in EvidenceKind::ALL {
            assert!(shared.contains(&kind), "{kind:?} shared: {shared:?}");
        }
    }

    #[test]
    fn copies_resemble_and_other_texts_do_not() {
        let a = fingerprint(&[
            "The typhoon made landfall on Jeju on Tuesday, cutting power to 30,000 homes.",
            "Flights were cancelled.",
        ]);
        let b = fingerprint(&[
            "The typhoon made landfall on Jeju on Tuesday, cutting power to 30,000 homes.",
            "Flights were cancelled.",
            "Share",
        ]);
        let c = fingerprint(&["Exports of chips rose for the fifth month in a row, the ministry said on Monday."]);
        assert!(resemblance(&a, &b) > 0.7, "{}", resemblance(&a, &b));
        assert!(resemblance(&a, &c) < 0.1);
    }
}
