//! Batch-level self-training, after Moore (2002): the confident sentence pairs of a first
//! pass over the whole batch teach which Korean words go with which English words; those
//! associations join the lexicon, and the batch is aligned again.
//!
//! Korean words are taken by their first two syllables (most Sino-Korean nouns and verbal
//! nouns are two syllables, and particles and endings fall away); English words lower-cased,
//! stemmed, without function words. Associations are scored by the Dice coefficient of their
//! co-occurrence over the training pairs and kept only when they recur.

use super::lexicon::{english_tokens, Lexicon};
use crate::lang::is_hangul;
use std::collections::HashMap;

/// What the learner needs and keeps.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct SelfTrainParams {
    /// Sentence pairs scoring at least this are training data.
    pub min_pair_score: f32,
    /// A word pair must co-occur in at least this many training pairs.
    pub min_count: usize,
    /// And reach at least this Dice coefficient.
    pub min_dice: f32,
    /// At most this many English words are kept for one Korean word.
    pub max_per_word: usize,
    /// Fewer training pairs than this and nothing is learnt (too little to go on).
    pub min_pairs: usize,
}

impl Default for SelfTrainParams {
    fn default() -> Self {
        SelfTrainParams { min_pair_score: 0.9, min_count: 2, min_dice: 0.5, max_per_word: 2, min_pairs: 100 }
    }
}

/// Co-occurrence counts gathered from confident pairs.
#[derive(Clone, Debug, Default)]
pub struct Associations {
    pairs: usize,
    ko: HashMap<String, usize>,
    en: HashMap<String, usize>,
    joint: HashMap<(String, String), usize>,
}

impl Associations {
    /// Adds one training pair.
    pub fn add(&mut self, ko: &str, en: &str) {
        let mut k = korean_keys(ko);
        k.sort();
        k.dedup();
        let mut e = english_keys(en);
        e.sort();
        e.dedup();
        if k.is_empty() || e.is_empty() {
            return;
        }
        self.pairs += 1;
        for w in &k {
            *self.ko.entry(w.clone()).or_default() += 1;
        }
        for w in &e {
            *self.en.entry(w.clone()).or_default() += 1;
        }
        for a in &k {
            for b in &e {
                *self.joint.entry((a.clone(), b.clone())).or_default() += 1;
            }
        }
    }

    /// Merges counts gathered elsewhere (per thread, per document).
    pub fn merge(&mut self, other: Associations) {
        self.pairs += other.pairs;
        for (k, v) in other.ko {
            *self.ko.entry(k).or_default() += v;
        }
        for (k, v) in other.en {
            *self.en.entry(k).or_default() += v;
        }
        for (k, v) in other.joint {
            *self.joint.entry(k).or_default() += v;
        }
    }

    /// The learnt entries as a dictionary in hunalign format (`english @ korean` lines).
    pub fn dictionary(&self, params: &SelfTrainParams) -> String {
        if self.pairs < params.min_pairs {
            return String::new();
        }
        let mut best: HashMap<&str, Vec<(f32, &str)>> = HashMap::new();
        for ((k, e), &n) in &self.joint {
            if n < params.min_count {
                continue;
            }
            let dice = 2.0 * n as f32 / (self.ko[k] + self.en[e]) as f32;
            if dice >= params.min_dice {
                best.entry(k.as_str()).or_default().push((dice, e.as_str()));
            }
        }
        let mut lines: Vec<String> = Vec::new();
        for (k, mut es) in best {
            es.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
            for (_, e) in es.into_iter().take(params.max_per_word) {
                lines.push(format!("{e} @ {k}"));
            }
        }
        lines.sort();
        lines.join("\n")
    }

    /// The base lexicon extended with what was learnt.
    pub fn extend(&self, base: &Lexicon, params: &SelfTrainParams) -> Lexicon {
        let mut lex = base.clone();
        let dict = self.dictionary(params);
        // Learnt lines are generated in the right format; a failure would be a bug, so fall
        // back to the base lexicon rather than fail a batch.
        if lex.extend(&dict, "self-trained associations").is_err() {
            return base.clone();
        }
        lex
    }
}

/// Korean keys: the first two syllables of each Hangul word.
fn korean_keys(text: &str) -> Vec<String> {
    text.split(|c: char| !is_hangul(c))
        .filter_map(|w| {
            let syllables: Vec<char> = w.chars().take(2).collect();
            (syllables.len() == 2).then(|| syllables.into_iter().collect())
        })
        .collect()
}

/// English keys: lower-cased content words of three letters or more, crudely stemmed.
fn english_keys(text: &str) -> Vec<String> {
    english_tokens(text)
        .filter(|w| w.len() >= 3 && w.chars().all(|c| c.is_ascii_alphabetic()) && !is_function_word(w))
        .map(|w| {
            for suffix in ["ing", "ed", "es", "s"] {
                if let Some(base) = w.strip_suffix(suffix) {
                    if base.len() >= 4 {
                        return base.to_owned();
                    }
                }
            }
            w
        })
        .collect()
}

#[rustfmt::skip]
fn is_function_word(w: &str) -> bool {
    matches!(
        w,
        "the" | "and" | "for" | "that" | "this" | "with" | "was" | "were" | "are" | "has" | "have" | "had" | "not" | "but"
            | "from" | "his" | "her" | "its" | "their" | "they" | "she" | "him" | "who" | "which" | "will" | "would"
            | "can" | "could" | "been" | "being" | "into" | "about" | "than" | "then" | "there" | "what" | "when"
            | "where" | "also" | "said" | "says" | "one" | "all" | "more" | "after" | "some" | "our" | "out" | "you"
            | "these" | "those" | "other" | "such" | "any" | "may" | "did" | "does" | "just" | "over" | "how"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recurring_pairs_are_learnt_and_noise_is_not() {
        let mut a = Associations::default();
        let ko_words = ["서울", "부산", "대구", "광주", "대전", "울산", "제주", "강원"];
        let en_words = ["seoul", "busan", "daegu", "gwangju", "daejeon", "ulsan", "jeju", "gangwon"];
        for i in 0..120 {
            let (k, e) = (i % 8, (i / 8) % 8);
            a.add(
                &format!("태풍이 {}에 상륙 {}", ko_words[k], ko_words[e]),
                &format!("Typhoon hits {} {}", en_words[k], en_words[e]),
            );
        }
        a.add("정부는 발표했다", "Typhoon warnings were issued");
        let dict = a.dictionary(&SelfTrainParams::default());
        assert!(dict.lines().any(|l| l == "typhoon @ 태풍"), "{dict}");
        assert!(!dict.lines().any(|l| l.ends_with("@ 정부")), "{dict}");
        let lex = a.extend(&Lexicon::default(), &SelfTrainParams::default());
        let ko = lex.korean_terms("태풍이 왔다");
        let en = lex.english_terms("The typhoon came");
        assert!(lex.overlap([&ko], [&en]).0 > 0.5);
    }

    #[test]
    fn too_few_pairs_teach_nothing() {
        let mut a = Associations::default();
        a.add("태풍 피해", "typhoon damage");
        assert_eq!(a.dictionary(&SelfTrainParams::default()), "");
    }
}
