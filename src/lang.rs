//! Language per block: a script rule first, lingua only where the script cannot decide.
//!
//! Hangul is certain evidence of Korean, and Korean prose keeps Latin names, acronyms and
//! numbers inside it (`AI BTS 1,200명 전망`), so a block with Hangul is Korean unless its
//! Latin part reads as English sentences (function words), in which case it is mixed.
//! Only text written in Latin letters alone goes to the statistical model, restricted to
//! English and the few other Latin-script languages that appear on news pages; a short
//! Latin string the model is not sure of stays `unknown` rather than being guessed.

use crate::model::{Lang, LangGuess, LangMethod};
use lingua::{Language, LanguageDetector, LanguageDetectorBuilder};
use std::sync::OnceLock;

/// Letter counts by script, the evidence of the script rule.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ScriptCounts {
    /// Hangul syllables and jamo.
    pub hangul: usize,
    /// Latin letters (ASCII and Latin-1/Extended).
    pub latin: usize,
    /// Chinese characters and Japanese kana.
    pub cjk: usize,
    /// Letters of any other script (Cyrillic, Arabic, …).
    pub other: usize,
    /// Latin words (runs of Latin letters).
    pub latin_words: usize,
    /// Latin words that are English function words.
    pub english_function_words: usize,
    /// Latin words that are function words of French, German or Spanish (and not English).
    pub other_function_words: usize,
}

/// Counts the letters of `text` by script.
pub fn script_counts(text: &str) -> ScriptCounts {
    let mut counts = ScriptCounts::default();
    let mut word = String::new();
    let flush = |word: &mut String, counts: &mut ScriptCounts| {
        if !word.is_empty() {
            counts.latin_words += 1;
            let lower = word.to_ascii_lowercase();
            if is_english_function_word(&lower) {
                counts.english_function_words += 1;
            } else if is_other_function_word(&lower) {
                counts.other_function_words += 1;
            }
            word.clear();
        }
    };
    for c in text.chars() {
        if is_latin_letter(c) {
            counts.latin += 1;
            word.push(c);
            continue;
        }
        if c == '\'' && !word.is_empty() {
            continue;
        }
        flush(&mut word, &mut counts);
        if is_hangul(c) {
            counts.hangul += 1;
        } else if is_cjk(c) {
            counts.cjk += 1;
        } else if c.is_alphabetic() {
            counts.other += 1;
        }
    }
    flush(&mut word, &mut counts);
    counts
}

/// True for Hangul syllables, jamo and compatibility jamo.
pub fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' | '\u{A960}'..='\u{A97F}' | '\u{D7B0}'..='\u{D7FF}')
}

/// True for Latin letters.
pub fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || (matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
            && c.is_alphabetic()
            && c != '\u{00D7}'
            && c != '\u{00F7}')
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

#[rustfmt::skip]
fn is_english_function_word(w: &str) -> bool {
    matches!(
        w,
        "the" | "a" | "an" | "of" | "to" | "in" | "and" | "or" | "is" | "are" | "was" | "were" | "for"
            | "on" | "with" | "at" | "by" | "from" | "that" | "this" | "it" | "as" | "be" | "has"
            | "have" | "had" | "all" | "not" | "but" | "its" | "their" | "will" | "would" | "said"
            | "says" | "he" | "she" | "they" | "we" | "you" | "our" | "his" | "her" | "which" | "who"
            | "rights" | "reserved" | "into" | "after" | "more" | "than" | "about" | "been"
    )
}

/// Function words of the other Latin-script languages news pages carry (French, German,
/// Spanish), for contrast: English prose has almost none of them.
#[rustfmt::skip]
fn is_other_function_word(w: &str) -> bool {
    matches!(
        w,
        "le" | "la" | "les" | "des" | "du" | "une" | "et" | "est" | "dans" | "pour" | "par" | "sur" | "qui" | "que"
            | "avec" | "pas" | "ce" | "cette" | "il" | "elle" | "nous" | "sont" | "der" | "die" | "das" | "und"
            | "ist" | "nicht" | "mit" | "den" | "dem" | "von" | "zu" | "auf" | "ein" | "eine" | "sich" | "auch"
            | "es" | "wir" | "sie" | "für" | "el" | "los" | "las" | "y" | "por" | "con" | "para" | "una" | "del" | "al"
            | "lo" | "su" | "se" | "como" | "pero"
    )
}

/// How much of a block the detector reads.
const DETECT_MAX_CHARS: usize = 2_000;

/// A Hangul syllable counts as this many Latin letters when weighing scripts: a syllable
/// carries about two to three letters' worth of sound and text.
const HANGUL_WEIGHT: f32 = 2.5;

/// Detects the language of one normalised block.
pub fn detect(text: &str) -> LangGuess {
    // A few thousand characters decide a language as well as ten megabytes do.
    let text = match text.char_indices().nth(DETECT_MAX_CHARS) {
        Some((cut, _)) => &text[..cut],
        None => text,
    };
    let counts = script_counts(text);
    if let Some(guess) = decide_by_script(&counts) {
        return guess;
    }
    if let Some(guess) = decide_by_function_words(&counts) {
        return guess;
    }
    // One or two Latin words (`Close`, `Yonhap`) are a UI string or a name: no model can
    // tell their language, and guessing would mislead.
    if counts.latin_words <= 2 {
        return LangGuess { lang: Lang::Unknown, confidence: 0.0, method: LangMethod::Script };
    }
    cached_latin(text, &counts)
}

/// Short Latin lines recur across a batch (menus, credits): the model's answer is kept.
fn cached_latin(text: &str, counts: &ScriptCounts) -> LangGuess {
    use rustc_hash::FxHashMap as HashMap;
    use std::sync::Mutex;
    const CACHE_MAX_CHARS: usize = 120;
    // Small: menus and credits recur within a site; a large cache only holds memory.
    const CACHE_MAX_ENTRIES: usize = 4_096;
    static CACHE: OnceLock<Mutex<HashMap<String, LangGuess>>> = OnceLock::new();
    if text.len() > CACHE_MAX_CHARS {
        return detect_latin(text, counts);
    }
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::default()));
    if let Some(g) = cache.lock().ok().and_then(|c| c.get(text).copied()) {
        return g;
    }
    let guess = detect_latin(text, counts);
    if let Ok(mut c) = cache.lock() {
        if c.len() >= CACHE_MAX_ENTRIES {
            c.clear();
        }
        c.insert(text.to_owned(), guess);
    }
    guess
}

/// Latin prose dense with English function words (`the`, `of`, `and`, `said`…) is English
/// beyond doubt; the model is only consulted where they are few (short strings, names,
/// other languages). This is most of the English page, so it is most of the saving.
pub fn decide_by_function_words(c: &ScriptCounts) -> Option<LangGuess> {
    let share = c.english_function_words as f32 / c.latin_words.max(1) as f32;
    // Even sparse English function words (a sentence heavy with names and figures) decide,
    // as long as no other language's function words compete with them: German and Spanish
    // share a few (`in`, `an`, `a`, `was`) with English.
    let english_only = c.other_function_words * 4 <= c.english_function_words;
    (c.latin_words >= 6
        && c.english_function_words >= 3
        && share >= 0.08
        && english_only
        && c.hangul == 0
        && c.cjk == 0)
        .then_some(LangGuess { lang: Lang::En, confidence: (0.7 + share).min(1.0), method: LangMethod::Words })
}

/// The script rule: returns a guess when the letters alone make the answer certain.
pub fn decide_by_script(c: &ScriptCounts) -> Option<LangGuess> {
    let script = |lang, confidence: f32| {
        Some(LangGuess { lang, confidence: confidence.clamp(0.0, 1.0), method: LangMethod::Script })
    };
    let letters = c.hangul + c.latin + c.cjk + c.other;
    if letters == 0 {
        return script(Lang::Unknown, 1.0);
    }
    let hangul_w = c.hangul as f32 * HANGUL_WEIGHT;
    let cjk_w = c.cjk as f32 * HANGUL_WEIGHT;
    let latin_w = c.latin as f32;
    let total = hangul_w + cjk_w + latin_w + c.other as f32;
    if c.hangul > 0 {
        // Latin inside Korean is names and acronyms unless it reads as English prose.
        let english_prose = c.latin_words >= 3 && c.english_function_words >= 1 && latin_w >= 0.3 * hangul_w;
        let latin_heavy = latin_w > 2.0 * hangul_w && c.latin_words >= 3;
        if english_prose || latin_heavy {
            let share = (latin_w / (hangul_w + latin_w)).min(hangul_w / (hangul_w + latin_w));
            return script(Lang::Mixed, 0.5 + share);
        }
        if cjk_w > hangul_w {
            return script(Lang::Other, cjk_w / total);
        }
        return script(Lang::Ko, (hangul_w + latin_w) / total);
    }
    if cjk_w >= latin_w && cjk_w > 0.0 {
        return script(Lang::Other, cjk_w / total);
    }
    if c.latin == 0 {
        return script(Lang::Other, 1.0);
    }
    if cjk_w > 0.0 && c.latin_words >= 3 {
        return script(Lang::Mixed, 0.5 + cjk_w / total);
    }
    None
}

/// The languages lingua weighs a Latin-script block against.
const LATIN_CANDIDATES: [Language; 4] = [Language::English, Language::French, Language::German, Language::Spanish];

fn detector() -> &'static LanguageDetector {
    static DETECTOR: OnceLock<LanguageDetector> = OnceLock::new();
    DETECTOR.get_or_init(|| LanguageDetectorBuilder::from_languages(&LATIN_CANDIDATES).build())
}

/// Below this many Latin letters a block is a UI string or a name, not evidence enough for a
/// model; it is called English only when the model is very sure.
const SHORT_LATIN: usize = 12;

fn detect_latin(text: &str, counts: &ScriptCounts) -> LangGuess {
    let values = detector().compute_language_confidence_values(text);
    let english = values.iter().find(|(l, _)| *l == Language::English).map(|(_, v)| *v as f32).unwrap_or(0.0);
    let best_other =
        values.iter().filter(|(l, _)| *l != Language::English).map(|(_, v)| *v as f32).fold(0.0f32, f32::max);
    let model = |lang, confidence: f32| LangGuess { lang, confidence, method: LangMethod::Model };
    let short = counts.latin < SHORT_LATIN || counts.latin_words < 2;
    if short {
        if english >= 0.6 {
            model(Lang::En, english)
        } else {
            model(Lang::Unknown, 1.0 - english.max(best_other))
        }
    } else if english >= best_other {
        model(Lang::En, english)
    } else {
        model(Lang::Other, best_other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn korean_with_latin_names_stays_korean() {
        for s in [
            "AI BTS 1,200명 전망",
            "삼성전자는 AI 반도체 HBM3E 1,200만 개를 2025년까지 공급할 전망이다.",
            "워렌(revision), 대선 출마 계획 ‘심사숙고’",
            "닫기",
        ] {
            let g = detect(s);
            assert_eq!(g.lang, Lang::Ko, "{s}");
            assert_eq!(g.method, LangMethod::Script);
        }
    }

    #[test]
    fn korean_and_english_sentences_together_are_mixed() {
        let g = detect("Copyright © 뉴스1. All rights reserved. 무단 전재 및 재배포 금지.");
        assert_eq!(g.lang, Lang::Mixed);
    }

    #[test]
    fn english_prose_is_decided_by_function_words() {
        let g =
            detect("South Korea and Peru agreed on Saturday to expand cooperation in defense and critical minerals.");
        assert_eq!(g.lang, Lang::En);
        assert_eq!(g.method, LangMethod::Words);
        assert!(g.confidence > 0.5);
    }

    #[test]
    fn english_heavy_with_names_and_figures_is_decided_by_words_but_foreign_text_is_not() {
        let g = detect("Of the 15 major export items, seven, including chips, ships and computers, posted gains, led by Samsung Electronics, SK Hynix, LG Display and Hyundai Heavy Industries.");
        assert_eq!((g.lang, g.method), (Lang::En, LangMethod::Words));
        // German and Spanish with a few words that are English too (`in`, `an`, `a`, `was`).
        let de = detect("Die Regierung in Berlin hat an diesem Tag die neue Reform für die Renten in Kraft gesetzt, was viele begrüßten.");
        assert_ne!(de.method, LangMethod::Words);
        assert_eq!(de.lang, Lang::Other);
        let es =
            detect("El gobierno de Corea y el de Perú firmaron a principios de mes un acuerdo para los minerales.");
        assert_ne!(es.method, LangMethod::Words);
    }

    #[test]
    fn latin_text_without_function_words_goes_to_the_model() {
        let g = detect("Seoul Stocks Rally Amid Chip Export Optimism");
        assert_eq!(g.method, LangMethod::Model);
        assert_eq!(g.lang, Lang::En);
    }

    #[test]
    fn other_languages_are_other() {
        assert_eq!(detect("Le gouvernement a annoncé mardi une nouvelle réforme des retraites.").lang, Lang::Other);
        assert_eq!(detect("中华人民共和国外交部").lang, Lang::Other);
        assert_eq!(detect("東京都の天気予報です").lang, Lang::Other);
    }

    #[test]
    fn no_letters_is_unknown() {
        assert_eq!(detect("2024.11.17 10:04").lang, Lang::Unknown);
        assert_eq!(detect("…").lang, Lang::Unknown);
    }

    #[test]
    fn short_latin_strings_are_not_guessed_wildly() {
        // Either English (if the model is sure) or unknown; never another language.
        for s in ["Close", "Share", "AD", "Yonhap", "Sign in"] {
            let g = detect(s);
            assert_eq!(g.lang, Lang::Unknown, "{s}: {g:?}");
        }
        assert!(matches!(detect("Most Viewed News").lang, Lang::En | Lang::Unknown));
    }
}
