//! Evidence about a block that is not a rule: its shape, its language against the page's,
//! and whether the page has printed it already.

use crate::lang::script_counts;
use crate::model::{Block, Lang, LangMethod, Side};

/// Sentence-final punctuation, with closing quotes and brackets allowed after it; or, in
/// Korean, a final verb ending (`…했다`, `…어요`), since quoted speech often drops the period.
pub fn ends_like_sentence(text: &str) -> bool {
    let t = text.trim_end_matches(|c: char| matches!(c, '"' | '\'' | '”' | '’' | '」' | '』' | ')' | ']' | '>' | '》' | ' '));
    if t.ends_with(['.', '!', '?', '。', '…', '！', '？']) {
        return true;
    }
    matches!(t.chars().last(), Some('다' | '요' | '까' | '죠'))
}

/// Words (English) or eojeol (Korean): white-space separated tokens with a letter or digit.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()
}

/// A block whose shape is that of page chrome rather than prose: no letters at all, or a
/// few words without a sentence ending (`Most Viewed`, `Share`, `연구 역사`). Such a block is
/// not removed on shape alone: the aligner keeps it if the other edition has a counterpart
/// (a short headline, a subheading) and it is removed only if it stays unpaired. Longer
/// blocks without a final stop are headlines or cut sentences, and are content.
pub fn suspicious_shape(text: &str) -> bool {
    let counts = script_counts(text);
    if counts.hangul + counts.latin + counts.cjk + counts.other == 0 {
        return true;
    }
    if ends_like_sentence(text) {
        return false;
    }
    let words = word_count(text);
    if counts.hangul > 0 {
        words <= SUSPECT_MAX_WORDS && counts.hangul <= SUSPECT_MAX_HANGUL
    } else {
        words <= SUSPECT_MAX_WORDS
    }
}

/// Most words (eojeol in Korean) a block may have for its shape alone to make it suspect.
const SUSPECT_MAX_WORDS: usize = 3;
/// Most Hangul syllables a Korean block may have for its shape alone to make it suspect.
const SUSPECT_MAX_HANGUL: usize = 10;

/// Whether a block is long and prose-like enough to be a headline: several words.
pub fn headline_like(text: &str) -> bool {
    let counts = script_counts(text);
    let words = word_count(text);
    if counts.hangul > 0 {
        counts.hangul >= 6 && words >= 2
    } else {
        words >= 3
    }
}

/// The language that does not belong on this page: Korean (or another non-Latin script) on
/// the English page, English on the Korean page. Short such blocks are UI strings of the
/// other edition's site (`기사 이미지 확대 보기` on an English page, `Advertisement` on a
/// Korean one).
pub fn foreign_to_page(block: &Block, side: Side) -> bool {
    match side {
        // Latin text the model calls another language is too often a short English phrase;
        // only script-certain foreign text (Hangul, Chinese, Japanese) counts on the English page.
        Side::En => {
            matches!(block.lang.lang, Lang::Ko | Lang::Other) && block.lang.method == LangMethod::Script && block.lang.confidence >= 0.5
        }
        Side::Ko => matches!(block.lang.lang, Lang::En | Lang::Other) && block.lang.confidence >= 0.5,
    }
}

/// How long (in characters) a foreign-language block may be and still be taken for a UI
/// string; longer ones are content in the wrong place and stay for the aligner to leave unpaired.
pub const FOREIGN_UI_MAX_CHARS: usize = 60;

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
    }

    #[test]
    fn shape() {
        assert!(suspicious_shape("Close"));
        assert!(!suspicious_shape("Oh, no."));
        assert!(!suspicious_shape("“유출하지 않았어요”"));
        assert!(!suspicious_shape("Warren plans to take a 'hard look' at running for president"));
        assert!(suspicious_shape("Most Viewed News"));
        assert!(suspicious_shape("연구 역사"));
        assert!(suspicious_shape("2024.11.17"));
        assert!(!suspicious_shape("The minister said the talks would resume next week."));
        assert!(!suspicious_shape("정부는 16일 반도체 수출이 늘었다고 밝혔다."));
    }

    #[test]
    fn headline_shape() {
        assert!(headline_like("Warren plans to take a 'hard look' at running for president"));
        assert!(headline_like("워렌(revision), 대선 출마 계획 ‘심사숙고’"));
        assert!(!headline_like("닫기"));
        assert!(!headline_like("Most Viewed"));
    }
}
