//! Names across scripts: Hangul transcriptions of foreign and Korean names (`페루`, `볼루아르테`,
//! `윤석열`) matched to capitalised English words (`Peru`, `Boluarte`, `Yoon Suk Yeol`).
//!
//! Both sides are reduced to a consonant skeleton over classes that Korean loanword
//! spelling preserves (K, T, P, S, L, M, N; `h`, `w`, `y` and vowels dropped; doubled classes
//! merged), so `트럼프` and `Trump` both read `TLMP`. Skeletons are only compared where the
//! evidence is strong: an English name (a run of capitalised words that is not a common
//! sentence-initial word) against Korean words that start with a run of syllables reading the
//! same, with at least three consonant classes, or two when the Korean word is exactly the
//! name plus a particle.

use super::anchors::dice;
use rustc_hash::FxHashSet as HashSet;

/// The consonant skeleton of a name.
pub type Skeleton = String;

/// Names on the English side of a sentence.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EnglishNames {
    /// Skeletons of the capitalised-word runs (each run, and each word of it).
    pub names: Vec<Skeleton>,
}

/// Name candidates on the Korean side: skeletons of the syllable runs each word starts with.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KoreanNames {
    /// Skeletons that could be a name in this sentence.
    pub candidates: HashSet<Skeleton>,
    /// The candidates that are names of this document (see [`restrict_to_document`]).
    pub found: Vec<Skeleton>,
}

/// Keeps, on both sides, only the names the document has in both editions: English names
/// some Korean word reads as, and the Korean words that read as them. A name only one
/// edition writes says nothing about which sentences pair; a name both write is evidence
/// both ways, so a Korean sentence naming someone its English partner does not is penalised
/// as much as the reverse.
pub fn restrict_to_document<'a>(
    ko: impl IntoIterator<Item = &'a mut KoreanNames>,
    en: impl IntoIterator<Item = &'a mut EnglishNames>,
) {
    let mut ko: Vec<&mut KoreanNames> = ko.into_iter().collect();
    let mut en: Vec<&mut EnglishNames> = en.into_iter().collect();
    let all_candidates: HashSet<&str> = ko.iter().flat_map(|k| k.candidates.iter().map(String::as_str)).collect();
    let shared: HashSet<Skeleton> =
        en.iter().flat_map(|e| e.names.iter()).filter(|n| all_candidates.contains(n.as_str())).cloned().collect();
    for e in en.iter_mut() {
        e.names.retain(|n| shared.contains(n));
    }
    for k in ko.iter_mut() {
        let mut found: Vec<Skeleton> = k.candidates.iter().filter(|c| shared.contains(*c)).cloned().collect();
        found.sort();
        k.found = found;
    }
}

/// Skeletons of the names in an English text. A name is a run of capitalised words not at
/// the very start of the text (unless the run is longer than one word or not a common word).
pub fn english_names(text: &str) -> EnglishNames {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | ')' | '"' | '“' | '”'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut names = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    let flush = |run: &mut Vec<&str>, names: &mut Vec<Skeleton>| {
        if run.is_empty() {
            return;
        }
        let mut whole = Skeleton::new();
        for w in run.iter() {
            for class in english_skeleton(w).chars() {
                push_class(&mut whole, class);
            }
        }
        if whole.len() >= 2 {
            names.push(whole);
        }
        if run.len() > 1 {
            for w in run.iter() {
                let s = english_skeleton(w);
                if s.len() >= 2 {
                    names.push(s);
                }
            }
        }
        run.clear();
    };
    for raw in &words {
        let w = raw.trim_matches(|c: char| !c.is_alphanumeric());
        let w = w.strip_suffix("'s").or_else(|| w.strip_suffix("’s")).unwrap_or(w);
        let capitalised =
            w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(|c| c.is_ascii_alphabetic() || c == '-');
        let acronym = w.len() > 1 && w.chars().all(|c| c.is_ascii_uppercase());
        if capitalised && !acronym && !is_common_word(w) {
            run.push(w);
        } else {
            flush(&mut run, &mut names);
            // A long lower-case word may be a loanword Korean transcribes (tsunami → 쓰나미).
            // A letter makes at most two classes, so shorter words cannot reach the minimum.
            if 2 * w.len() >= LOANWORD_MIN_CLASSES && w.chars().all(|c| c.is_ascii_lowercase()) {
                let sk = english_skeleton(w);
                if sk.len() >= LOANWORD_MIN_CLASSES {
                    names.push(sk);
                }
            }
        }
        if raw.ends_with(['.', ',', ';', ':']) {
            flush(&mut run, &mut names);
        }
    }
    flush(&mut run, &mut names);
    EnglishNames { names }
}

/// Consonant classes a lower-case English word needs before it is matched as a loanword.
const LOANWORD_MIN_CLASSES: usize = 5;

/// Korean particles that may follow a name inside one word.
#[rustfmt::skip]
const PARTICLES: [&str; 24] = [
    "", "은", "는", "이", "가", "을", "를", "의", "에", "와", "과", "도", "로", "으로", "에서", "에게", "까지", "부터", "만", "이다", "와의", "과의", "에서는", "씨",
];

/// Name candidates of a Korean text.
pub fn korean_names(text: &str) -> KoreanNames {
    let mut candidates = HashSet::default();
    for word in text.split(|c: char| !crate::lang::is_hangul(c)).filter(|w| w.chars().count() >= 2) {
        // The skeleton of each prefix, built a syllable at a time: a skeleton is the
        // syllables' consonants with doubles merged, so extending it is pushing the next
        // syllable's consonants unless they repeat the last one.
        let mut skeleton = String::new();
        for (len, (at, syllable)) in word.char_indices().enumerate().take(7) {
            for c in syllable_classes(syllable) {
                push_class(&mut skeleton, c);
            }
            if len == 0 {
                continue;
            }
            let rest = &word[at + syllable.len_utf8()..];
            let whole_word = PARTICLES.contains(&rest);
            if skeleton.len() >= 3 || (skeleton.len() == 2 && whole_word) {
                candidates.insert(skeleton.clone());
            }
        }
    }
    KoreanNames { candidates, found: Vec::new() }
}

/// Dice overlap of the document's names on the two sides, and how many names there are.
/// Before [`restrict_to_document`] has run (no `found` names), English names are matched
/// against all Korean candidates instead. (The cost model has its own on interned ids.)
#[cfg(test)]
pub fn name_overlap<'a>(
    ko: impl IntoIterator<Item = &'a KoreanNames>,
    en: impl IntoIterator<Item = &'a EnglishNames>,
) -> (f32, usize) {
    let ko: Vec<&KoreanNames> = ko.into_iter().collect();
    let names: Vec<&Skeleton> = en.into_iter().flat_map(|e| e.names.iter()).collect();
    let found: Vec<&Skeleton> = ko.iter().flat_map(|k| k.found.iter()).collect();
    names_measure(&names, &found, |n| ko.iter().any(|k| k.candidates.contains(*n)))
}

/// The names measure on any representation of names (skeletons, or the aligner's interned
/// ids): Dice overlap of the English `names` and the Korean `found` names; before any Korean
/// name is known, the share of English names that `is_candidate` (some Korean word reads as
/// it). With how many names it rests on.
pub fn names_measure<N: PartialEq>(names: &[N], found: &[N], is_candidate: impl Fn(&N) -> bool) -> (f32, usize) {
    if found.is_empty() {
        if names.is_empty() {
            return (0.0, 0);
        }
        let hits = names.iter().filter(|n| is_candidate(n)).count();
        return (hits as f32 / names.len() as f32, names.len());
    }
    (dice(names, found), names.len() + found.len())
}

#[rustfmt::skip]
fn is_common_word(w: &str) -> bool {
    matches!(
        w.to_ascii_lowercase().as_str(),
        "the" | "a" | "an" | "in" | "on" | "at" | "he" | "she" | "it" | "they" | "we" | "i" | "but" | "and" | "this" | "that"
            | "these" | "those" | "there" | "his" | "her" | "their" | "its" | "as" | "for" | "if" | "when" | "after"
            | "while" | "some" | "many" | "most" | "mr" | "mrs" | "ms" | "dr" | "sen" | "rep" | "gov" | "president"
            | "minister" | "prime" | "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
            | "january" | "february" | "march" | "april" | "may" | "june" | "july" | "august" | "september" | "october"
            | "november" | "december" | "jan" | "feb" | "mar" | "apr" | "jun" | "jul" | "aug" | "sep" | "sept" | "oct"
            | "nov" | "dec" | "according" | "however" | "meanwhile" | "also" | "one" | "two" | "three" | "last" | "new"
    )
}

/// Appends a consonant class to a skeleton unless it repeats the last one: skeletons merge
/// doubled classes (`Kennedy` reads `KNT`), also across the words of a name.
fn push_class(skeleton: &mut Skeleton, class: char) {
    if !skeleton.ends_with(class) {
        skeleton.push(class);
    }
}

/// The skeleton of one English word.
pub fn english_skeleton(word: &str) -> Skeleton {
    let w: smallvec::SmallVec<[char; 32]> =
        word.chars().filter(char::is_ascii_alphabetic).map(|c| c.to_ascii_lowercase()).collect();
    let mut out = String::with_capacity(w.len());
    let mut i = 0;
    while i < w.len() {
        let c = w[i];
        let next = w.get(i + 1).copied();
        let (class, skip) = match (c, next) {
            ('c', Some('h')) | ('s', Some('h')) | ('t', Some('s')) | ('t', Some('z')) => (Some('S'), 2),
            ('p', Some('h')) => (Some('P'), 2),
            ('t', Some('h')) => (Some('T'), 2),
            ('g', Some('h')) => (None, 2),
            ('n', Some('g')) => (Some('N'), 2),
            ('c', Some('k')) => (Some('K'), 2),
            ('c', Some('e' | 'i' | 'y')) => (Some('S'), 1),
            ('x', _) => {
                push_class(&mut out, 'K');
                (Some('S'), 1)
            }
            ('b' | 'p' | 'f' | 'v', _) => (Some('P'), 1),
            ('c' | 'k' | 'g' | 'q', _) => (Some('K'), 1),
            ('d' | 't', _) => (Some('T'), 1),
            ('s' | 'z' | 'j', _) => (Some('S'), 1),
            // Korean loanwords drop an r that closes a syllable (Carter → 카터, Mark → 마크).
            ('r', n) if !n.is_some_and(|n| "aeiouy".contains(n)) => (None, 1),
            ('l' | 'r', _) => (Some('L'), 1),
            ('m', _) => (Some('M'), 1),
            ('n', _) => (Some('N'), 1),
            _ => (None, 1),
        };
        if let Some(cl) = class {
            push_class(&mut out, cl);
        }
        i += skip;
    }
    out
}

/// The skeleton of a run of Hangul syllables.
#[cfg(test)]
pub fn korean_skeleton(text: &str) -> Skeleton {
    let mut out = String::new();
    for class in text.chars().flat_map(syllable_classes) {
        push_class(&mut out, class);
    }
    out
}

/// The consonant classes of a Hangul syllable's initial and final (none for other characters).
#[rustfmt::skip]
fn syllable_classes(c: char) -> impl Iterator<Item = char> {
    const INITIAL: [Option<char>; 19] = [
        Some('K'), Some('K'), Some('N'), Some('T'), Some('T'), Some('L'), Some('M'), Some('P'), Some('P'), Some('S'),
        Some('S'), None, Some('S'), Some('S'), Some('S'), Some('K'), Some('T'), Some('P'), None,
    ];
    // A final ㅅ is written for a final /t/ in loanwords (인터넷, 로봇).
    const FINAL: [Option<char>; 28] = [
        None, Some('K'), Some('K'), Some('K'), Some('N'), Some('N'), Some('N'), Some('T'), Some('L'), Some('L'),
        Some('L'), Some('L'), Some('L'), Some('L'), Some('L'), Some('L'), Some('M'), Some('P'), Some('P'), Some('T'),
        Some('T'), Some('N'), Some('S'), Some('S'), Some('K'), Some('T'), Some('P'), None,
    ];
    let code = c as u32;
    let (initial, fin) = if (0xAC00..=0xD7A3).contains(&code) {
        let s = code - 0xAC00;
        (INITIAL[(s / 588) as usize], FINAL[(s % 28) as usize])
    } else {
        (None, None)
    };
    initial.into_iter().chain(fin)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(ko: &str, en: &str) -> bool {
        name_overlap([&korean_names(ko)], [&english_names(en)]).0 > 0.0
    }

    #[test]
    fn transcribed_names_match() {
        assert!(matches("트럼프 대통령은", "said President Donald Trump"));
        assert!(matches("볼루아르테 대통령과", "met Dina Boluarte"));
        assert!(matches("윤석열 대통령은", "with Yoon Suk Yeol"));
        assert!(matches("페루는 리마에서", "talks in Lima"));
        assert!(matches("워런은 말했다", "said Sen. Elizabeth Warren"));
        assert!(matches("보스턴 글로브는", "reports The Boston Globe"));
        assert!(matches("대형 슈퍼마켓 체인", "a big supermarket chain"));
        assert!(matches("카터 전 대통령", "former President Jimmy Carter"));
    }

    #[test]
    fn strangers_do_not_match() {
        assert!(!matches("정부는 수출이 늘었다고 밝혔다", "said Donald Trump"));
        assert!(!matches("트럼프 대통령", "The minister said"));
        assert_eq!(english_names("The talks ended.").names.len(), 0);
    }

    #[test]
    fn document_names_count_on_both_sides() {
        let mut ko = [korean_names("파인스타인 의원이 말했다"), korean_names("트럼프는 웃었다")];
        let mut en = [english_names("Senator Feinstein said"), english_names("Remember her answer?")];
        restrict_to_document(ko.iter_mut(), en.iter_mut());
        // The Korean sentence naming Feinstein does not fit the English one that names nobody.
        assert_eq!(name_overlap([&ko[0]], [&en[1]]), (0.0, 1));
        assert_eq!(name_overlap([&ko[0]], [&en[0]]).0, 1.0);
        // Trump is in no English sentence: not a document name.
        assert!(ko[1].found.is_empty());
    }

    #[test]
    fn skeletons() {
        assert_eq!(english_skeleton("Trump"), "TLMP");
        assert_eq!(korean_skeleton("트럼프"), "TLMP");
        assert_eq!(english_skeleton("Warren"), "LN");
        assert_eq!(korean_skeleton("워런"), "LN");
    }
}
