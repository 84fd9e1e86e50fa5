//! How strongly two editions' signatures say they are one article: shared evidence weighted
//! by how rare it is in the crawl, found through an inverted index rather than by comparing
//! every Korean page with every English one.

use super::signature::{EvidenceKind, PageSignature};
use rustc_hash::FxHashMap as HashMap;

/// What one kind of evidence weighs, before rarity. Tuned on pairing-dev (see the README's
/// "From a crawl to a corpus"): numbers and Latin tokens rarely coincide by chance, name
/// skeletons sometimes do, and lexicon terms are topic words that neighbouring stories share.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KindWeights {
    /// Numbers and dates.
    pub number: f32,
    /// Latin-script tokens.
    pub latin: f32,
    /// Name skeletons.
    pub name: f32,
    /// Lexicon terms.
    pub term: f32,
}

impl Default for KindWeights {
    fn default() -> Self {
        KindWeights { number: 1.0, latin: 1.0, name: 0.6, term: 0.4 }
    }
}

impl KindWeights {
    fn of(&self, kind: EvidenceKind) -> f32 {
        match kind {
            EvidenceKind::Number => self.number,
            EvidenceKind::Latin => self.latin,
            EvidenceKind::Name => self.name,
            EvidenceKind::Term => self.term,
        }
    }
}

/// The crawl's evidence statistics: on how many pages of each edition each key occurs.
pub(crate) struct Rarity {
    df_ko: HashMap<u64, u32>,
    df_en: HashMap<u64, u32>,
    n_ko: f32,
    n_en: f32,
    kinds: KindWeights,
}

impl Rarity {
    /// Counts the keys of the pages.
    pub(crate) fn new<'a>(
        ko: impl Iterator<Item = &'a PageSignature>,
        en: impl Iterator<Item = &'a PageSignature>,
        kinds: KindWeights,
    ) -> Rarity {
        let count = |pages: &mut dyn Iterator<Item = &'a PageSignature>| {
            let mut df: HashMap<u64, u32> = HashMap::default();
            let mut n = 0usize;
            for p in pages {
                n += 1;
                for &k in &p.keys {
                    *df.entry(k).or_default() += 1;
                }
            }
            (df, n)
        };
        let (mut ko, mut en) = (ko, en);
        let (df_ko, n_ko) = count(&mut ko);
        let (df_en, n_en) = count(&mut en);
        Rarity { df_ko, df_en, n_ko: n_ko as f32, n_en: n_en as f32, kinds }
    }

    /// Leaves pages out of the counts: copies of a page that takes part, so that a page fetched
    /// three times is not three times as common.
    pub(crate) fn forget<'a>(&mut self, pages: impl Iterator<Item = &'a PageSignature>) {
        for p in pages {
            let (df, n) = match p.edition {
                super::EditionLang::Ko => (&mut self.df_ko, &mut self.n_ko),
                super::EditionLang::En => (&mut self.df_en, &mut self.n_en),
            };
            *n -= 1.0;
            for k in &p.keys {
                if let Some(d) = df.get_mut(k) {
                    *d = d.saturating_sub(1);
                }
            }
        }
    }

    /// On how many Korean and English pages a key occurs.
    pub(crate) fn df(&self, key: u64) -> (u32, u32) {
        (self.df_ko.get(&key).copied().unwrap_or(0), self.df_en.get(&key).copied().unwrap_or(0))
    }

    /// What a key weighs: its kind's weight times its rarity on the side where it is more
    /// common, so that a site template's numbers and words, on every page of one edition,
    /// count for nothing. A key only one edition has weighs nothing: it can pair nothing.
    pub(crate) fn weight(&self, key: u64) -> f32 {
        let (ko, en) = self.df(key);
        if ko == 0 || en == 0 {
            return 0.0;
        }
        let idf = |n: f32, df: u32| (n / df as f32).ln().max(0.0);
        self.kinds.of(EvidenceKind::of(key)) * idf(self.n_ko, ko).min(idf(self.n_en, en))
    }

    /// The weight of all the keys a page could share with the other edition.
    pub(crate) fn mass(&self, page: &PageSignature) -> f32 {
        page.keys.iter().map(|&k| self.weight(k)).sum()
    }
}

/// The evidence two editions share, as a share of what each could have shared: the weighted
/// overlap of their keys over the geometric mean of their masses, in [0, 1].
pub(crate) fn overlap(rarity: &Rarity, ko: &PageSignature, ko_mass: f32, en: &PageSignature, en_mass: f32) -> f32 {
    if ko_mass <= 0.0 || en_mass <= 0.0 {
        return 0.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0f32);
    while i < ko.keys.len() && j < en.keys.len() {
        match ko.keys[i].cmp(&en.keys[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += rarity.weight(ko.keys[i]);
                i += 1;
                j += 1;
            }
        }
    }
    (shared / (ko_mass * en_mass).sqrt()).min(1.0)
        * length_agreement(ko.length, en.length)
        * date_agreement(ko.published, en.published)
}

/// How a pair's lengths agree: 1 while one edition is at most [`LENGTH_SPREAD`] times the
/// other (translations paragraph and abridge differently), then falling off gently. Lengths
/// are in comparable units, so a Korean article and its translation measure about the same.
pub(crate) fn length_agreement(ko: f32, en: f32) -> f32 {
    if ko <= 0.0 || en <= 0.0 {
        return 1.0;
    }
    let ratio = (ko / en).max(en / ko);
    if ratio <= LENGTH_SPREAD {
        1.0
    } else {
        (LENGTH_SPREAD / ratio).powf(LENGTH_FALLOFF)
    }
}

/// The length ratio within which editions count as alike.
const LENGTH_SPREAD: f32 = 2.0;
/// How steeply agreement falls beyond it.
const LENGTH_FALLOFF: f32 = 0.5;

/// How a pair's declared publication days agree: 1 when either page declares none or they are
/// at most [`DATE_SPREAD_DAYS`] apart (a translation appears the same day or soon after, and
/// time zones shift the day), less for editions weeks apart.
pub(crate) fn date_agreement(ko: Option<i32>, en: Option<i32>) -> f32 {
    match (ko, en) {
        (Some(k), Some(e)) if (k - e).abs() > DATE_SPREAD_DAYS => DATES_APART,
        _ => 1.0,
    }
}

/// Days apart that editions of one article may be published.
const DATE_SPREAD_DAYS: i32 = 3;
/// What a pair's score keeps when its declared days are further apart: a date is one fact a
/// site may get wrong (a modified date for a published one), so it weakens but does not veto.
const DATES_APART: f32 = 0.7;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_and_days_far_apart_lower_a_score_and_near_ones_do_not() {
        assert_eq!(length_agreement(1000.0, 1900.0), 1.0);
        assert!(length_agreement(1000.0, 8000.0) < 0.6);
        assert_eq!(date_agreement(Some(100), Some(102)), 1.0);
        assert_eq!(date_agreement(Some(100), None), 1.0);
        assert!(date_agreement(Some(100), Some(130)) < 1.0);
    }
}
