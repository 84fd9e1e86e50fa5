//! Text-shape predicates: does a piece of text end like a sentence, is it prose, how many
//! words does it have. One definition of each, shared by block splitting ([`crate::input`]),
//! boilerplate evidence ([`crate::boilerplate`]) and sentence splitting ([`crate::align`]).
//!
//! A ground-floor module: it uses [`crate::normalize`] and nothing above it, so `input/` may
//! import it.
//!
//! Some tests look alike but answer different questions, and stay distinct functions:
//! - [`ends_like_sentence`]: could this block be a sentence of article text? Counts a Korean
//!   verb ending without a stop (quoted speech drops the period) and a trailing ellipsis.
//! - [`is_prose_sentence`]: is this block certainly a sentence of prose? Only a real stop
//!   counts (no verb ending, no ellipsis), and it needs five words: menu items and show titles
//!   can end in `…다` or `…`, and markup evidence is overruled only by certain prose.
//! - [`line_ends_sentence`]: may a line of a plain-text page end here without running on into
//!   the next? A colon counts (it leads into the next line), a verb ending does not (a wrapped
//!   Korean line can break after any syllable).

use crate::normalize::{char_kind, CharKind};

/// Longest text (in characters) taken for a headline; longer text is prose whatever its end.
pub const HEADLINE_MAX_CHARS: usize = 120;

/// Sentence-final punctuation: the stops a sentence splitter cuts after, and that make a
/// block end like a sentence.
pub fn is_sentence_stop(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '。' | '！' | '？' | '…')
}

/// Closing quotes and brackets that stay with the sentence they follow (`…했다.”`, `(Yes.)`)
/// when a sentence splitter cuts after a stop.
pub fn is_sentence_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '」' | '』' | ')' | ']' | '》' | '〉')
}

/// The text without the closing quotes, brackets and spaces after its last word.
fn trim_closing(text: &str) -> &str {
    text.trim_end_matches(['"', '\'', '”', '’', '」', '』', ')', ']', '>', '》', ' '])
}

/// Words (English) or eojeol (Korean): white-space separated tokens with a letter or digit.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().filter(|w| w.chars().any(|c| char_kind(c) != CharKind::Other)).count()
}

/// Sentence-final punctuation, with closing quotes and brackets allowed after it; or, in
/// Korean, a final verb ending (`…했다`, `…어요`), since quoted speech often drops the period.
pub fn ends_like_sentence(text: &str) -> bool {
    let t = trim_closing(text);
    if t.ends_with(is_sentence_stop) {
        return true;
    }
    // A single word ending in 요 or 다 is a noun (`가요`, `바다`), not a clause.
    word_count(t) >= 2 && matches!(t.chars().last(), Some('다' | '요' | '까' | '죠'))
}

/// A statement: ends like a sentence, but not as a question or an exclamation (headlines
/// in link lists often ask; article paragraphs state).
pub fn ends_like_statement(text: &str) -> bool {
    ends_like_sentence(text) && !trim_closing(text).ends_with(['!', '?', '！', '？', '까'])
}

/// Article prose: ends like a sentence, or is too long for a headline.
pub fn is_prose(text: &str) -> bool {
    ends_like_sentence(text) || text.chars().count() > HEADLINE_MAX_CHARS
}

/// An article paragraph, as opposed to a line of a link list: a statement, or too long for a
/// headline. Narrower than [`is_prose`]: headlines in link lists often ask or exclaim.
pub fn is_paragraph(text: &str) -> bool {
    ends_like_statement(text) || text.chars().count() > HEADLINE_MAX_CHARS
}

/// Latin letters a Hangul (or other CJK) character is worth when the lengths of texts in the
/// two scripts are compared (a Korean sentence and its translation measure about the same).
pub const HANGUL_UNITS: f32 = 2.5;

/// A text's length in comparable units: its non-space characters, each Hangul (or other CJK)
/// one counted as [`HANGUL_UNITS`] when `cjk` says the text is written in such a script.
pub fn length_units(text: &str, cjk: bool) -> f32 {
    let chars = text.chars().filter(|c| !c.is_whitespace()).count() as f32;
    if cjk {
        chars * HANGUL_UNITS
    } else {
        chars
    }
}

/// A sentence of prose: several words closed by a real stop (not just a verb ending, which
/// menu items and titles of shows can have, nor an ellipsis).
///
/// Trims fewer closers than [`ends_like_sentence`] (not `>` or `》`): a block ending in a
/// title bracket is not taken for certain prose.
pub fn is_prose_sentence(text: &str) -> bool {
    closed_by_stop(text) && word_count(text) >= 5
}

/// A sentence of any length closed by a real stop, two words or more (`수출이 늘었다.`,
/// `Exports rose.`): too short to be taken for prose among other blocks, but what a
/// one-sentence brief or caption pair is made of.
pub fn is_short_sentence(text: &str) -> bool {
    closed_by_stop(text) && word_count(text) >= 2
}

/// Closed by `.`, `!` or `?` (after closing quotes and brackets), not by an ellipsis.
fn closed_by_stop(text: &str) -> bool {
    let t = text.trim_end_matches(['"', '\'', '”', '’', '」', '』', ')', ']', ' ']);
    t.ends_with(['.', '!', '?', '。', '！', '？']) && !t.ends_with("..")
}

/// Whether a line of a plain-text page ends where a line may end without running on: a stop
/// or a colon, after closing quotes and brackets. Used to tell hard-wrapped text and soft
/// wraps from line-per-paragraph text, not to judge prose: a colon counts, a Korean verb
/// ending does not (a wrapped line can break after any syllable), and only the ASCII and
/// typographic quotes and round and square brackets are trimmed.
pub fn line_ends_sentence(line: &str) -> bool {
    let t = line.trim_end_matches(['"', '\'', '”', '’', ')', ']', ' ']);
    t.ends_with(['.', '!', '?', '。', '…', ':'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_endings() {
        assert!(ends_like_sentence("그는 말했다."));
        assert!(ends_like_sentence("He said, \"no.\""));
        assert!(ends_like_sentence("“갑니다!”"));
        assert!(!ends_like_sentence("Most Viewed News"));
        assert!(!ends_like_sentence("워렌, 대선 출마 계획 ‘심사숙고’"));
        assert!(!ends_like_sentence("가요"));
        assert!(ends_like_sentence("정말 좋아요"));
    }

    #[test]
    fn the_three_sentence_ends_differ_where_their_questions_do() {
        // A verb ending: a sentence of quoted speech, but not certain prose, and a line may wrap there.
        let verb = "정부는 16일 수출이 크게 늘었다고 밝혔다";
        assert!(ends_like_sentence(verb) && !is_prose_sentence(verb) && !line_ends_sentence(verb));
        // An ellipsis: a teaser, not certain prose.
        let teaser = "The minister said the talks would resume…";
        assert!(ends_like_sentence(teaser) && !is_prose_sentence(teaser) && line_ends_sentence(teaser));
        // A colon leads into the next line, but ends no sentence.
        let lead = "The ministry listed three reasons:";
        assert!(!ends_like_sentence(lead) && line_ends_sentence(lead));
        assert!(is_prose_sentence("The minister said the talks would resume."));
    }

    #[test]
    fn statements_and_paragraphs() {
        assert!(ends_like_statement("Imports fell."));
        assert!(!ends_like_statement("Will chip prices keep rising?"));
        assert!(is_prose("Will chip prices keep rising?"));
        assert!(!is_paragraph("Will chip prices keep rising?"));
        assert_eq!(word_count("수출 2.5% 증가 … 반도체"), 4);
    }
}
