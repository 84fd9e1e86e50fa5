//! A Korean–English lexicon as alignment evidence: a Korean sentence and an English one
//! that share many translations are likely translations of each other.
//!
//! The built-in list (`data/lexicon-ko-en.txt`, written for this project) and user files
//! share hunalign's dictionary format, `english words @ 한국어`. Korean words are found in
//! running text by their stem: each eojeol is segmented greedily into the longest known
//! stems from its start, so particles and endings fall away (`정부는` → `정부`,
//! `반도체수출이` → `반도체` + `수출`).

use crate::error::{Error, Result};
use rustc_hash::FxHashMap as HashMap;

/// The built-in lexicon, compiled into the binary.
pub const DEFAULT_LEXICON: &str = include_str!("../../data/lexicon-ko-en.txt");

/// An interned English word.
pub type WordId = u32;
/// An interned Korean stem.
pub type StemId = u32;

/// A lexicon ready for lookups.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    words: HashMap<String, WordId>,
    stems: HashMap<String, StemId>,
    /// Longest Korean stem, in characters.
    max_stem_chars: usize,
    /// For each stem: its English translations, each a list of words.
    translations: Vec<Vec<Vec<WordId>>>,
    /// For each English word: the stems it helps translate.
    word_stems: Vec<Vec<StemId>>,
}

/// The lexical view of a Korean sentence: the stems found in it, in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KoreanTerms {
    /// Stems, with repetition.
    pub stems: Vec<StemId>,
    /// The distinct stems, sorted (for lookups).
    pub set: Vec<StemId>,
}

/// The lexical view of an English sentence: the lexicon words in it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EnglishTerms {
    /// Lexicon words, with repetition.
    pub words: Vec<WordId>,
    /// The distinct words, sorted (for lookups).
    pub set: Vec<WordId>,
}

impl Lexicon {
    /// The built-in lexicon.
    pub fn builtin() -> Lexicon {
        // Built-in data is covered by tests; a parse failure here is a build defect.
        Lexicon::parse(DEFAULT_LEXICON, "built-in lexicon-ko-en.txt").expect("built-in lexicon parses")
    }

    /// Parses a hunalign-format dictionary (`english @ korean` a line; `#` comments).
    pub fn parse(text: &str, source_name: &str) -> Result<Lexicon> {
        let mut lex = Lexicon::default();
        lex.extend(text, source_name)?;
        Ok(lex)
    }

    /// Adds the entries of another dictionary.
    pub fn extend(&mut self, text: &str, source_name: &str) -> Result<()> {
        for (no, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((en, ko)) = line.split_once(" @ ").or_else(|| line.split_once('@')) else {
                return Err(Error::Data {
                    source_name: source_name.to_owned(),
                    line: no + 1,
                    problem: format!("expected `english @ korean`, found {line:?}"),
                });
            };
            let hangul = |t: &str| t.chars().any(crate::lang::is_hangul);
            if hangul(en) && !hangul(ko) {
                // A dictionary written the other way round would otherwise add nothing, silently.
                return Err(Error::Data {
                    source_name: source_name.to_owned(),
                    line: no + 1,
                    problem: format!(
                        "{line:?} reads `korean @ english`, but the hunalign order is `english @ korean`: swap the sides"
                    ),
                });
            }
            // Function words inside phrases (`the elderly`, `bank of korea`) are no evidence.
            let en_words: Vec<String> = english_tokens(en).filter(|w| !is_english_stopword(w)).collect();
            let ko = ko.trim();
            if en_words.is_empty() || ko.is_empty() {
                continue;
            }
            // A Korean side with spaces is several stems; each gets the translation.
            for stem in ko.split_whitespace() {
                self.add(&en_words, stem);
            }
        }
        Ok(())
    }

    fn add(&mut self, en_words: &[String], stem: &str) {
        let next_stem = self.stems.len() as StemId;
        let sid = *self.stems.entry(stem.to_owned()).or_insert(next_stem);
        if sid == next_stem {
            self.translations.push(Vec::new());
            self.max_stem_chars = self.max_stem_chars.max(stem.chars().count());
        }
        let mut ids = Vec::with_capacity(en_words.len());
        for w in en_words {
            let next_word = self.words.len() as WordId;
            let wid = *self.words.entry(w.clone()).or_insert(next_word);
            if wid == next_word {
                self.word_stems.push(Vec::new());
            }
            if !self.word_stems[wid as usize].contains(&sid) {
                self.word_stems[wid as usize].push(sid);
            }
            ids.push(wid);
        }
        if !self.translations[sid as usize].contains(&ids) {
            self.translations[sid as usize].push(ids);
        }
    }

    /// A hash of the entries (stems, words and translations), to tell two lexicons apart.
    pub fn content_hash(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        fn by_id(map: &HashMap<String, u32>) -> Vec<(u32, &str)> {
            let mut v: Vec<(u32, &str)> = map.iter().map(|(s, &id)| (id, s.as_str())).collect();
            v.sort_unstable();
            v
        }
        let mut h = rustc_hash::FxHasher::default();
        by_id(&self.stems).hash(&mut h);
        by_id(&self.words).hash(&mut h);
        self.translations.hash(&mut h);
        h.finish()
    }

    /// Number of Korean stems.
    pub fn len(&self) -> usize {
        self.stems.len()
    }

    /// True when the lexicon has no entries.
    pub fn is_empty(&self) -> bool {
        self.stems.is_empty()
    }

    /// The stems an English word helps translate.
    pub fn stems_of_word(&self, word: WordId) -> &[StemId] {
        self.word_stems.get(word as usize).map_or(&[], Vec::as_slice)
    }

    /// The stems of a Korean text.
    pub fn korean_terms(&self, text: &str) -> KoreanTerms {
        let mut stems = Vec::new();
        for eojeol in text.split(|c: char| !(crate::lang::is_hangul(c) || c.is_ascii_alphanumeric())) {
            let chars: Vec<(usize, char)> = eojeol.char_indices().collect();
            let mut p = 0;
            while p < chars.len() {
                let mut found = None;
                let longest = self.max_stem_chars.min(chars.len() - p);
                for len in (2..=longest).rev() {
                    let end = chars.get(p + len).map_or(eojeol.len(), |c| c.0);
                    if let Some(&sid) = self.stems.get(&eojeol[chars[p].0..end]) {
                        found = Some((sid, len));
                        break;
                    }
                }
                match found {
                    Some((sid, len)) => {
                        stems.push(sid);
                        p += len;
                    }
                    // What follows an unknown start is an ending or an unknown word: stop.
                    None => break,
                }
            }
        }
        KoreanTerms { set: sorted_set(&stems), stems }
    }

    /// The lexicon words of an English text (lower-cased; a plural, past or -ing form
    /// falls back to its stem when only the stem is listed).
    pub fn english_terms(&self, text: &str) -> EnglishTerms {
        let mut words = Vec::new();
        for w in english_tokens(text) {
            if let Some(&id) = self.words.get(&w) {
                words.push(id);
                continue;
            }
            for stem in english_stems(&w) {
                if let Some(&id) = self.words.get(&stem) {
                    words.push(id);
                    break;
                }
            }
        }
        EnglishTerms { set: sorted_set(&words), words }
    }

    /// How much of two texts' lexical content translates the other, in [0, 1], and how many
    /// terms that judgement rests on. Size-neutral: the fraction, not the count, of terms.
    /// The same measure as the aligner's (it combines [`Lexicon::pair_masks`] the same way).
    pub fn overlap<'a>(
        &self,
        ko: impl IntoIterator<Item = &'a KoreanTerms>,
        en: impl IntoIterator<Item = &'a EnglishTerms>,
    ) -> (f32, usize) {
        let ko: Vec<&KoreanTerms> = ko.into_iter().collect();
        let en: Vec<&EnglishTerms> = en.into_iter().collect();
        let n: usize = ko.iter().map(|k| k.stems.len().min(MASK_TERMS)).sum::<usize>()
            + en.iter().map(|e| e.words.len().min(MASK_TERMS)).sum::<usize>();
        if n == 0 {
            return (0.0, 0);
        }
        let masks: Vec<Vec<(u128, u128)>> =
            ko.iter().map(|k| en.iter().map(|e| self.pair_masks(k, e)).collect()).collect();
        let ko_hits: u32 = masks.iter().map(|row| row.iter().fold(0u128, |a, m| a | m.0).count_ones()).sum();
        let en_hits: u32 = (0..en.len()).map(|j| masks.iter().fold(0u128, |a, row| a | row[j].1).count_ones()).sum();
        ((ko_hits + en_hits) as f32 / n as f32, n)
    }
}

fn sorted_set(ids: &[u32]) -> Vec<u32> {
    let mut v = ids.to_vec();
    v.sort_unstable();
    v.dedup();
    v
}

/// Most terms of one sentence that pair masks record (longer sentences count the rest as unmatched).
pub const MASK_TERMS: usize = 128;

impl Lexicon {
    /// Which of a Korean sentence's stems an English sentence translates, and which of the
    /// English sentence's words the Korean one translates, as bit masks by term position.
    /// Beads of several sentences combine their pairs' masks with OR, so each pair of
    /// sentences is looked up once however many beads it appears in.
    pub fn pair_masks(&self, ko: &KoreanTerms, en: &EnglishTerms) -> (u128, u128) {
        let mut ko_bits = 0u128;
        for (k, &s) in ko.stems.iter().take(MASK_TERMS).enumerate() {
            if self.translations[s as usize].iter().any(|phrase| phrase.iter().all(|w| en.set.binary_search(w).is_ok()))
            {
                ko_bits |= 1 << k;
            }
        }
        let mut en_bits = 0u128;
        for (k, &w) in en.words.iter().take(MASK_TERMS).enumerate() {
            if self.word_stems[w as usize].iter().any(|s| ko.set.binary_search(s).is_ok()) {
                en_bits |= 1 << k;
            }
        }
        (ko_bits, en_bits)
    }
}

/// [`Lexicon::pair_masks`] for every pair of one document's sentences at once: each term
/// looked up once per document rather than once per pair. For each term of each sentence, the
/// set of the other side's sentences that translate it, as a bit set over sentence positions
/// (so only for documents of up to 128 sentences a side; longer ones use `pair_masks`).
#[derive(Clone, Debug)]
pub struct DocumentMasks {
    /// For each Korean sentence, for each stem position: the English sentences translating it.
    ko_terms: Vec<Vec<u128>>,
    /// For each English sentence, for each word position: the Korean sentences translating it.
    en_terms: Vec<Vec<u128>>,
}

/// Most sentences a side for [`DocumentMasks`].
pub const DOCUMENT_MASK_UNITS: usize = 128;

impl DocumentMasks {
    /// The tables for one document, or `None` if a side has too many sentences.
    pub fn new(lexicon: &Lexicon, ko: &[&KoreanTerms], en: &[&EnglishTerms]) -> Option<DocumentMasks> {
        if ko.len() > DOCUMENT_MASK_UNITS || en.len() > DOCUMENT_MASK_UNITS {
            return None;
        }
        let mut sentences_with_word: HashMap<WordId, u128> = HashMap::default();
        for (j, e) in en.iter().enumerate() {
            for &w in &e.set {
                *sentences_with_word.entry(w).or_default() |= 1 << j;
            }
        }
        let mut sentences_with_stem: HashMap<StemId, u128> = HashMap::default();
        for (i, k) in ko.iter().enumerate() {
            for &st in &k.set {
                *sentences_with_stem.entry(st).or_default() |= 1 << i;
            }
        }
        let ko_terms = ko
            .iter()
            .map(|k| {
                k.stems
                    .iter()
                    .take(MASK_TERMS)
                    .map(|&st| {
                        // Sentences holding every word of some translation (an empty phrase is
                        // held by all, as `all` on it is true).
                        lexicon.translations[st as usize].iter().fold(0u128, |any, phrase| {
                            any | phrase
                                .iter()
                                .fold(u128::MAX, |all, w| all & sentences_with_word.get(w).copied().unwrap_or(0))
                        })
                    })
                    .collect()
            })
            .collect();
        let en_terms = en
            .iter()
            .map(|e| {
                e.words
                    .iter()
                    .take(MASK_TERMS)
                    .map(|&w| {
                        lexicon.word_stems[w as usize]
                            .iter()
                            .fold(0u128, |any, st| any | sentences_with_stem.get(st).copied().unwrap_or(0))
                    })
                    .collect()
            })
            .collect();
        Some(DocumentMasks { ko_terms, en_terms })
    }

    /// The pair masks of Korean sentence `k` and English sentence `e` (positions in the lists
    /// the tables were built from), as [`Lexicon::pair_masks`] gives them.
    pub fn pair(&self, k: usize, e: usize) -> (u128, u128) {
        let bits = |terms: &[u128], other: usize| {
            terms.iter().enumerate().fold(0u128, |acc, (i, m)| acc | (((m >> other) & 1) << i))
        };
        (bits(&self.ko_terms[k], e), bits(&self.en_terms[e], k))
    }
}

/// English words too common to be lexical evidence of anything.
#[rustfmt::skip]
pub fn is_english_stopword(w: &str) -> bool {
    matches!(
        w,
        "the" | "a" | "an" | "of" | "to" | "in" | "and" | "or" | "is" | "are" | "was" | "were" | "be" | "been" | "for" | "on"
            | "at" | "by" | "with" | "from" | "as" | "it" | "its" | "that" | "this" | "these" | "those" | "has" | "have"
            | "had" | "not" | "but" | "if" | "so" | "do" | "does" | "did" | "will" | "would" | "can" | "could" | "than"
            | "then" | "there" | "their" | "they" | "he" | "she" | "his" | "her" | "we" | "our" | "you" | "your" | "i"
    )
}

/// Lower-cased English word tokens (letters, digits, inner apostrophes and dots as in `u.s.`).
pub fn english_tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '.' || c == '-'))
        .map(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
            let w = w.trim_end_matches('.');
            let w = w.strip_suffix("'s").or_else(|| w.strip_suffix("’s")).unwrap_or(w);
            w.to_lowercase()
        })
        .filter(|w| !w.is_empty())
}

/// Candidate stems of an inflected English word, most specific first.
fn english_stems(w: &str) -> impl Iterator<Item = String> + '_ {
    let rules: [(&str, &str); 9] = [
        ("ies", "y"),
        ("es", ""),
        ("s", ""),
        ("ied", "y"),
        ("ed", "e"),
        ("ed", ""),
        ("ing", "e"),
        ("ing", ""),
        ("ly", ""),
    ];
    rules.into_iter().filter_map(move |(suffix, repl)| {
        let base = w.strip_suffix(suffix)?;
        (base.len() >= 3).then(|| format!("{base}{repl}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> Lexicon {
        Lexicon::parse("government @ 정부\nexport @ 수출\nexports @ 수출\nsemiconductor @ 반도체\nchip @ 반도체\nnational assembly @ 국회\nsaid @ 밝혔\n", "t").unwrap()
    }

    #[test]
    fn a_reversed_dictionary_is_refused_naming_its_line() {
        let e = Lexicon::parse("# user words\nexport @ 수출\n정부 @ government\n", "mine.txt").unwrap_err().to_string();
        assert!(e.starts_with("mine.txt:3:") && e.contains("swap the sides"), "{e}");
        assert!(Lexicon::parse("K-pop @ 케이팝\nexport @ 수출\n", "ok.txt").is_ok());
    }

    #[test]
    fn document_masks_agree_with_pair_masks() {
        for l in [lex(), Lexicon::builtin()] {
            let ko: Vec<KoreanTerms> = [
                "정부는 반도체 수출이 늘었다고 밝혔다.",
                "국회는 반도체 칩 수출을 논의했다.",
                "날씨가 맑았다.",
                "정부와 국회가 수출 통계를 발표했다.",
            ]
            .iter()
            .map(|t| l.korean_terms(t))
            .collect();
            let en: Vec<EnglishTerms> = [
                "The government said chip exports rose.",
                "The National Assembly discussed semiconductor exports.",
                "It was sunny.",
                "The government and the National Assembly released export data.",
            ]
            .iter()
            .map(|t| l.english_terms(t))
            .collect();
            let masks = DocumentMasks::new(&l, &ko.iter().collect::<Vec<_>>(), &en.iter().collect::<Vec<_>>())
                .expect("a small document");
            let mut some_hit = false;
            for (i, k) in ko.iter().enumerate() {
                for (j, e) in en.iter().enumerate() {
                    assert_eq!(masks.pair(i, j), l.pair_masks(k, e), "sentences {i} and {j}");
                    some_hit |= masks.pair(i, j) != (0, 0);
                }
            }
            assert!(some_hit, "the sentences share translations");
        }
    }

    #[test]
    fn korean_stems_lose_their_particles() {
        let l = lex();
        let t = l.korean_terms("정부는 반도체수출이 늘었다고 밝혔다.");
        assert_eq!(t.stems.len(), 4);
    }

    #[test]
    fn overlap_of_translations_is_high_and_of_strangers_low() {
        let l = lex();
        let ko = l.korean_terms("정부는 반도체 수출이 늘었다고 밝혔다.");
        let en = l.english_terms("The government said chip exports rose.");
        let (good, n) = l.overlap([&ko], [&en]);
        assert!(good > 0.9, "{good}");
        assert!(n >= 6);
        let other = l.english_terms("The National Assembly met on Monday.");
        let (bad, _) = l.overlap([&ko], [&other]);
        assert_eq!(bad, 0.0);
        let ko2 = l.korean_terms("국회가 열렸다");
        assert!(l.overlap([&ko2], [&other]).0 > 0.9);
    }

    #[test]
    fn english_inflections_fall_back_to_stems() {
        let l = Lexicon::parse("increase @ 증가\nstudy @ 연구\n", "t").unwrap();
        assert_eq!(l.english_terms("increased studies increasing").words.len(), 3);
    }

    #[test]
    fn builtin_lexicon_is_large_and_bad_lines_are_reported() {
        assert!(Lexicon::builtin().len() > 1000);
        let err = Lexicon::parse("ok @ 좋아\nno separator here\n", "user.dic").unwrap_err();
        assert!(err.to_string().starts_with("user.dic:2:"), "{err}");
    }
}
