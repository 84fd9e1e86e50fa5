//! Text normalisation: what a corpus builder expects every block to go through
//! before it is compared, detected or written.
//!
//! In order: HTML entities decoded (scraped text keeps `&#8212;` and `&amp;`),
//! Unicode NFC, full-width ASCII folded to ASCII, invisible characters removed,
//! and every run of white space folded to one ASCII space.

use unicode_normalization::UnicodeNormalization;

/// Normalises one block of text. Idempotent: `normalize(normalize(s)) == normalize(s)`.
pub fn normalize(text: &str) -> String {
    // Width first (a full-width `＆` starts an entity too), then entities: scrapers
    // double-escape (`&amp;amp;`), so decode until nothing changes. Each change shortens
    // the text, so this ends; and it makes normalising twice the same as once.
    // Most text has nothing to fold: no copy then (a page can be megabytes).
    let folded: std::borrow::Cow<'_, str> = if text.chars().any(|c| fold_width(c) != c) {
        std::borrow::Cow::Owned(text.chars().map(fold_width).collect())
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    let mut decoded = std::borrow::Cow::Borrowed(folded.as_ref());
    while decoded.contains('&') {
        let next = htmlize::unescape(decoded.as_ref()).into_owned();
        if next == decoded.as_ref() {
            break;
        }
        decoded = std::borrow::Cow::Owned(next);
    }
    let mut out = String::with_capacity(decoded.len());
    let mut pending_space = false;
    // Most scraped text is NFC already: composing it again is the costliest step here.
    let already_nfc = unicode_normalization::is_nfc_quick(decoded.chars()) == unicode_normalization::IsNormalized::Yes;
    let chars: Box<dyn Iterator<Item = char>> =
        if already_nfc { Box::new(decoded.chars()) } else { Box::new(decoded.nfc()) };
    for c in chars {
        let c = fold_width(c);
        if is_invisible(c) {
            continue;
        }
        if c.is_whitespace() || c.is_control() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    // NFC again: folding width can leave a base letter next to a combining mark.
    if out.is_ascii() || unicode_normalization::is_nfc_quick(out.chars()) == unicode_normalization::IsNormalized::Yes {
        out
    } else {
        out.nfc().collect()
    }
}

/// Full-width ASCII forms (U+FF01..U+FF5E) and the ideographic space become their ASCII
/// counterparts. Korean pages use them for digits and Latin letters (`ＡＩ`, `２０２４`).
fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Characters that render as nothing but break matching: zero-width spaces and joiners,
/// byte-order marks, soft hyphens, bidirectional controls, word joiners.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
    )
}

/// What a character counts as when texts are compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CharKind {
    /// A digit (any numeric character).
    Digit,
    /// A letter of any script.
    Letter,
    /// Anything else: space, punctuation, symbols.
    Other,
}

fn is_hangul_syllable(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// The kind of a character, with fast paths for ASCII and Hangul syllables, nearly every
/// character of a page (the general Unicode tables are slow on a hot path).
pub fn char_kind(c: char) -> CharKind {
    if c.is_ascii() {
        if c.is_ascii_digit() {
            CharKind::Digit
        } else if c.is_ascii_alphabetic() {
            CharKind::Letter
        } else {
            CharKind::Other
        }
    } else if is_hangul_syllable(c) {
        CharKind::Letter
    } else if c.is_numeric() {
        CharKind::Digit
    } else if c.is_alphabetic() {
        CharKind::Letter
    } else {
        CharKind::Other
    }
}

/// Passes the lower-case form of `c` to `emit` (one character, or several for a few
/// letters such as `İ`); ASCII and Hangul (which has no case) take the fast path.
pub fn for_each_lowercase(c: char, mut emit: impl FnMut(char)) {
    if c.is_ascii() {
        emit(c.to_ascii_lowercase());
    } else if is_hangul_syllable(c) {
        emit(c);
    } else {
        c.to_lowercase().for_each(emit);
    }
}

/// A key for comparing texts whatever their spacing, case and punctuation: letters and
/// digits only, lower-cased. Used for exact rule matches, duplicate detection and scoring.
pub fn match_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    for c in text.chars().filter(|&c| char_kind(c) != CharKind::Other) {
        for_each_lowercase(c, |l| key.push(l));
    }
    key
}

/// The number of terminal columns `s` takes (also how long text reads, as a Hangul syllable
/// carries about as much as two Latin letters): Hangul, CJK and full-width forms take two,
/// combining marks and zero-width characters none, everything else one (an approximation of
/// East Asian Width that covers the text of Korean and English news pages).
pub fn display_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// The columns one character takes (see [`display_width`]).
pub fn char_width(c: char) -> usize {
    let u = c as u32;
    match u {
        0 => 0,
        // Control characters are not printed here; count them as one so nothing disappears.
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F => 0,
        0x200B..=0x200F | 0x2060..=0x2064 | 0xFEFF => 0,
        // Hangul Jamo medial vowels and final consonants combine with the initial.
        0x1160..=0x11FF | 0xD7B0..=0xD7FF => 0,
        0x1100..=0x115F // Hangul Jamo initial consonants
        | 0x2E80..=0x303E // CJK radicals, Kangxi, CJK symbols and punctuation
        | 0x3041..=0x33FF // Kana, Bopomofo, Hangul compatibility Jamo, Kanbun, CJK enclosed
        | 0x3400..=0x4DBF // CJK Extension A
        | 0x4E00..=0x9FFF // CJK Unified Ideographs
        | 0xA960..=0xA97F // Hangul Jamo Extended-A
        | 0xAC00..=0xD7A3 // Hangul syllables
        | 0xF900..=0xFAFF // CJK compatibility ideographs
        | 0xFE30..=0xFE4F // CJK compatibility forms
        | 0xFF00..=0xFF60 // Full-width forms
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F // Emoji pictographs and emoticons
        | 0x1F900..=0x1F9FF
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_entities_and_folds_space() {
        assert_eq!(normalize("  Seoul&#8212;Lima &amp;\tPeru  "), "Seoul\u{2014}Lima & Peru");
        assert_eq!(normalize("a\u{00A0}\u{00A0}b\r\nc"), "a b c");
    }

    #[test]
    fn match_key_fast_paths_agree_with_the_unicode_definition() {
        let reference =
            |t: &str| -> String { t.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect() };
        for t in [
            "Copyright © 2024 Yonhap.",
            "[사진=연합뉴스] 무단전재",
            "İstanbul ŞEHİR Straße ÀÉÎ",
            "ＡＩ ﬁ Ⅻ 가 ㄱ 漢字 ٣",
            "",
            "  -- ",
        ] {
            assert_eq!(match_key(t), reference(t), "{t:?}");
        }
    }

    #[test]
    fn removes_invisible_characters() {
        assert_eq!(normalize("\u{FEFF}한\u{200B}국\u{200D}어\u{00AD}"), "한국어");
    }

    #[test]
    fn folds_full_width_ascii() {
        assert_eq!(normalize("ＡＩ　반도체 ２０２４년"), "AI 반도체 2024년");
    }

    #[test]
    fn composes_hangul_jamo_to_syllables() {
        // Decomposed 한 (U+1112 U+1161 U+11AB) must compare equal to the precomposed syllable.
        assert_eq!(normalize("\u{1112}\u{1161}\u{11AB}국"), "한국");
    }

    #[test]
    fn is_idempotent_on_mixed_input() {
        for s in [
            "&lt;b&gt; x",
            "Ｃｏｐｙｒｉｇｈｔ ⓒ 2025",
            "e\u{301}t\u{e9}",
            " \u{3000}닫기 ",
            "&ampamp",
            "&amp;amp;lt;",
            "\u{FF06}amp;",
            "&ampampampampampamp",
        ] {
            let once = normalize(s);
            assert_eq!(normalize(&once), once, "{s:?}");
        }
    }

    #[test]
    fn match_key_ignores_case_space_and_punctuation() {
        assert_eq!(match_key("Close ×"), "close");
        assert_eq!(match_key("가 가 가 가 가"), "가가가가가");
    }
}
