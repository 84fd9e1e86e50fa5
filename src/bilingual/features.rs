//! One side's features: the anchors, names and lexicon terms of each of its texts, built the
//! same way for whoever compares them with the other side's (the aligner's sentences and
//! headline candidates now, the editions of a crawl next).

use super::anchors::{english_anchors_where, korean_anchors, Anchors};
use super::lexicon::{EnglishTerms, KoreanTerms, Lexicon};
use super::names::{english_names, korean_names, EnglishNames, KoreanNames};
use std::collections::HashSet;

/// What one text offers as evidence of its translation. One type for both sides, so that
/// either side's texts can be compared by the same code: the other side's terms and names
/// stay empty.
#[derive(Clone, Debug, Default)]
pub struct Features {
    /// Numbers and Latin tokens.
    pub anchors: Anchors,
    /// Lexicon stems (Korean texts).
    pub ko_terms: KoreanTerms,
    /// Lexicon words (English texts).
    pub en_terms: EnglishTerms,
    /// Name candidates (Korean texts).
    pub ko_names: KoreanNames,
    /// Names (English texts).
    pub en_names: EnglishNames,
}

/// Which features beyond anchors to build (anchors are always built: they are cheap, and
/// checks other than the comparison use them). What is not wanted stays empty.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wanted {
    /// Names across scripts.
    pub names: bool,
    /// Lexicon terms.
    pub terms: bool,
}

impl Default for Wanted {
    fn default() -> Self {
        Wanted { names: true, terms: true }
    }
}

/// The Latin-script tokens a Korean edition writes (`apec`, `kf-21`). Every English word is
/// Latin, so on the English side only these count as anchors; the others would dilute the
/// overlap.
#[derive(Clone, Debug, Default)]
pub struct KoreanLatin(HashSet<String>);

impl KoreanLatin {
    /// The Latin tokens of a Korean side's features.
    pub fn of<'f>(korean: impl IntoIterator<Item = &'f Features>) -> Self {
        KoreanLatin(korean.into_iter().flat_map(|f| f.anchors.latin.iter().cloned()).collect())
    }

    /// Whether the Korean edition writes this (lower-cased) token.
    pub fn contains(&self, token: &str) -> bool {
        self.0.contains(token)
    }
}

/// Which side's texts a feature builder reads, with what the English side needs from the
/// Korean one.
#[derive(Clone, Copy, Debug)]
pub enum Edition<'a> {
    /// Korean texts: every Latin token they write is an anchor.
    Korean,
    /// English texts: a Latin token is an anchor only if the Korean edition writes it too.
    English(&'a KoreanLatin),
}

/// The features of one side's texts, in order. Build the Korean side first: the English side
/// needs its [`KoreanLatin`].
pub fn side_features<'t>(
    edition: Edition<'_>,
    texts: impl IntoIterator<Item = &'t str>,
    lexicon: &Lexicon,
    wanted: Wanted,
) -> Vec<Features> {
    texts.into_iter().map(|text| text_features(edition, text, lexicon, wanted)).collect()
}

fn text_features(edition: Edition<'_>, text: &str, lexicon: &Lexicon, wanted: Wanted) -> Features {
    match edition {
        Edition::Korean => Features {
            anchors: korean_anchors(text),
            ko_terms: if wanted.terms { lexicon.korean_terms(text) } else { KoreanTerms::default() },
            ko_names: if wanted.names { korean_names(text) } else { KoreanNames::default() },
            ..Features::default()
        },
        Edition::English(latin) => Features {
            // Filtered while extracting, so the English words that are not anchors are never built.
            anchors: english_anchors_where(text, |t| latin.contains(t)),
            en_terms: if wanted.terms { lexicon.english_terms(text) } else { EnglishTerms::default() },
            en_names: if wanted.names { english_names(text) } else { EnglishNames::default() },
            ..Features::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_latin_anchors_are_the_ones_the_korean_side_writes() {
        let lexicon = Lexicon::builtin();
        let ko = side_features(Edition::Korean, ["APEC 정상회의에 2,000명이 참석했다."], &lexicon, Wanted::default());
        assert_eq!(ko[0].anchors.latin, ["apec"]);
        let latin = KoreanLatin::of(&ko);
        let en = side_features(
            Edition::English(&latin),
            ["Some 2,000 people attended the APEC summit."],
            &lexicon,
            Wanted::default(),
        );
        assert_eq!(en[0].anchors.latin, ["apec"]);
        assert_eq!(en[0].anchors.numbers, ko[0].anchors.numbers);
        assert!(ko[0].en_terms.words.is_empty() && en[0].ko_terms.stems.is_empty(), "only a side's own terms");
    }

    #[test]
    fn what_is_not_wanted_stays_empty() {
        let lexicon = Lexicon::builtin();
        let none = Wanted { names: false, terms: false };
        let ko = side_features(Edition::Korean, ["트럼프 대통령은 수출을 말했다."], &lexicon, none);
        assert!(ko[0].ko_terms.stems.is_empty() && ko[0].ko_names.candidates.is_empty());
        let all = side_features(Edition::Korean, ["트럼프 대통령은 수출을 말했다."], &lexicon, Wanted::default());
        assert!(!all[0].ko_terms.stems.is_empty() && !all[0].ko_names.candidates.is_empty());
    }
}
