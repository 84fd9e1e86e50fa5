//! Evidence about a block that is not a rule: its shape, its language against the page's,
//! and whether the page has printed it already.

use crate::lang::script_counts;
use crate::model::{Block, Lang, Side};
use crate::text_shape::{ends_like_sentence, is_prose_sentence, word_count};

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
    // Link text cut short by the site (`‘골목식당’ 결국 대폭발한 백종..`) is a teaser, not prose.
    let t = text.trim_end();
    if (t.ends_with("..") || t.ends_with('…')) && t.chars().count() <= 40 {
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

/// A short line without a sentence ending that is longer than [`suspicious_shape`] allows:
/// a headline, a subheading, or a line of chrome. Paired with the other edition it is
/// content; left unpaired it is removed.
pub fn fragment_shape(text: &str) -> bool {
    if ends_like_sentence(text) {
        return false;
    }
    let counts = script_counts(text);
    let max = if counts.hangul > 0 { FRAGMENT_MAX_CHARS_KO } else { FRAGMENT_MAX_CHARS_EN };
    text.chars().count() <= max
}

/// Longest Korean block without a sentence ending that is taken for a fragment, not a cut sentence.
const FRAGMENT_MAX_CHARS_KO: usize = 60;
/// Longest English block without a sentence ending that is taken for a fragment.
const FRAGMENT_MAX_CHARS_EN: usize = 100;

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

/// Quoted speech: article text however short or unpunctuated, since page chrome is never
/// quoted. Either the quotation is punctuated inside its closing quote (`"We will not stop
/// here," she said`, `…않겠다.”`), as reported speech is and headlines are not; or the line is
/// one quotation in double quotes (`"Never again"`, `“정말요”`); or it opens a quotation it
/// does not close, as a quote running on into the next paragraph does. Single quotes alone
/// do not count: they mark titles (`‘골목식당’`) and apostrophes.
pub fn quoted_speech(text: &str) -> bool {
    let t = text.trim();
    let chars: Vec<char> = t.chars().collect();
    let closing = |c: char| matches!(c, '"' | '”' | '」' | '』');
    let punctuated = chars.windows(2).any(|w| {
        matches!(w[0], '.' | ',' | '!' | '?' | '…' | '。' | '，') && (closing(w[1]) || matches!(w[1], '’' | '\''))
    });
    if !matches!(chars.first(), Some('"' | '“' | '「' | '『')) {
        return punctuated;
    }
    let rest = &chars[1..];
    let whole = match rest.split_last() {
        Some((&last, inner)) => closing(last) && !inner.is_empty() && !inner.iter().any(|&c| closing(c) || c == '“'),
        None => false,
    };
    // A teaser cut short (`"반도체 봄 온다…`) opens a quote it does not close as well.
    let teaser = t.ends_with("..") || t.ends_with('…');
    let unclosed = !rest.iter().any(|&c| closing(c)) && word_count(t) >= 4 && !teaser;
    punctuated || whole || unclosed
}

/// A line that introduces what follows it (`Here is what he said:`, `다음은 일문일답:`).
pub fn introduces_next(text: &str) -> bool {
    text.trim_end().ends_with([':', '：']) && word_count(text) >= 2
}

/// A summary under the headline reads as a clause: several words, and in Latin script some
/// not capitalised (a name or a title-cased label has none).
pub fn clause_like(text: &str) -> bool {
    let words = word_count(text);
    if script_counts(text).hangul > 0 {
        return words >= 4;
    }
    words >= 6 && text.split_whitespace().filter(|w| w.starts_with(char::is_lowercase)).count() >= 2
}

/// The other edition's language: Korean on the English page, English on the Korean page.
/// Short such blocks are UI strings of the other edition's site (`기사 이미지 확대 보기` on an
/// English page, `Advertisement` on a Korean one). A third language (a French phrase, a
/// Japanese title) is neither edition's interface: an article quotes it, so it is left to
/// the aligner like any other short line.
pub fn foreign_to_page(block: &Block, side: Side) -> bool {
    match side {
        Side::En => block.lang.lang == Lang::Ko && block.lang.confidence >= 0.5,
        Side::Ko => block.lang.lang == Lang::En && block.lang.confidence >= 0.5,
    }
}

/// How long (in characters) a foreign-language block may be and still be taken for a UI
/// string; longer ones are content in the wrong place and stay for the aligner to leave unpaired.
pub const FOREIGN_UI_MAX_CHARS: usize = 60;

/// Separators that always divide navigation items.
const HARD_SEPARATORS: [char; 8] = ['>', '›', '»', '|', '▸', '▶', '►', '❯'];
/// Separators that divide items only with space on both sides (`IT·과학` is one item).
const SOFT_SEPARATORS: [char; 7] = ['·', '/', '•', '-', 'ㆍ', '・', '≡'];

/// Splits a line at separators: hard ones anywhere, soft ones only between spaces.
/// Returns the trimmed items and whether a hard separator was seen.
pub fn separated_items(text: &str) -> (Vec<&str>, bool) {
    let mut items = Vec::new();
    let mut hard = false;
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let spaced = k > 0 && chars[k - 1].1 == ' ' && chars.get(k + 1).is_some_and(|n| n.1 == ' ');
        if HARD_SEPARATORS.contains(&c) || (SOFT_SEPARATORS.contains(&c) && spaced) {
            hard |= HARD_SEPARATORS.contains(&c);
            items.push(text[start..i].trim());
            start = i + c.len_utf8();
        }
    }
    items.push(text[start..].trim());
    // A trailing or leading arrow (`언론사 홈 바로가기 ›`) leaves an empty item: not an item.
    if items.len() > 1 && items.last().is_some_and(|i| i.is_empty()) {
        items.pop();
    }
    if items.len() > 1 && items.first().is_some_and(|i| i.is_empty()) {
        items.remove(0);
    }
    (items, hard)
}

/// Class and id words that name page chrome in templates (`gnb`, `sns_share`, `footer`).
#[rustfmt::skip]
const CHROME_CLASS_WORDS: [&str; 22] = [
    "nav", "menu", "gnb", "lnb", "footer", "sidebar", "share", "sns", "social", "banner", "breadcrumb", "related",
    "popular", "ranking", "copyright", "comment", "login", "subscribe", "advert", "ad-", "ads", "widget",
];

/// What the markup says, for a block that is not prose: inside navigation, a header or
/// footer, an aside, a button; wholly a link; or in an element whose class names chrome.
/// Returns the reason to remove it. Prose (a sentence of several words) is never removed on
/// markup alone: templates put article text in odd places. `class_names`: whether the class
/// and id words count (not when the DOM check weighs them instead).
pub fn markup_chrome(h: &crate::model::StructureHints, text: &str, class_names: bool) -> Option<String> {
    if is_prose_sentence(text) || h.heading && !h.in_nav {
        return None;
    }
    let place = if h.in_nav {
        Some("inside <nav> or a navigation role")
    } else if h.in_footer {
        Some("inside the page footer")
    } else if h.in_aside {
        Some("inside an <aside>")
    } else if h.in_header {
        Some("inside the page header")
    } else if h.in_button {
        Some("a button")
    } else if h.in_link || h.link_density >= 0.6 {
        Some("a link, not text")
    } else {
        None
    };
    if let Some(place) = place {
        return Some(format!("markup: {place} ({})", h.tag));
    }
    if !class_names {
        return None;
    }
    let classes = h.class_id.to_ascii_lowercase();
    let word = CHROME_CLASS_WORDS.iter().find(|w| {
        classes
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
            .any(|c| c == **w || (w.ends_with('-') && c.starts_with(**w)))
    })?;
    Some(format!("markup: in an element whose class or id says {word:?} ({})", h.tag))
}

/// A person's name alone: two to four capitalised words (`Bae So-hyun`, `Kim Tae-hyun`), or
/// two to four Hangul syllables.
pub fn person_name(text: &str) -> bool {
    let t = text.trim();
    let words: Vec<&str> = t.split_whitespace().collect();
    let hangul_name = words.len() == 1 && (2..=4).contains(&t.chars().count()) && t.chars().all(crate::lang::is_hangul);
    let latin_name = (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '.')
        });
    hangul_name || latin_name
}

/// A navigation trail or menu: short items between separators (`Home > Economy > Trade`,
/// `동해신문 | 정치 | 외교·안보`, `Home | National | Business`).
pub fn nav_trail(text: &str) -> bool {
    let (items, hard) = separated_items(text);
    let enough = items.len() >= 3 || (items.len() == 2 && hard && text.contains(['>', '›', '»', '▸', '▶', '►', '❯']));
    enough
        && items.iter().all(|item| {
            !item.is_empty() && word_count(item) <= 4 && item.chars().count() <= 30 && !ends_like_sentence(item)
        })
}

/// A photo caption: a sentence that ends with a bracketed credit (`…악수하고 있다. [외교부 제공]`,
/// `… in Seoul, Sept. 8. (Blue Moon Entertainment)`, `… [사진=한빛일보 DB]`). Article prose
/// does not close a paragraph with a bracketed name.
pub fn caption_credit(text: &str) -> bool {
    bracketed_credit(text) || trailing_credit(text) || leading_credit(text)
}

/// Credit words that open an unbracketed credit after a caption sentence.
#[rustfmt::skip]
const CREDIT_WORDS: [&str; 12] = [
    "Photo", "Photos", "Image", "Graphic", "Illustration", "Video", "Courtesy", "Credit",
    "사진", "이미지", "그래픽", "영상",
];

/// `… a sentence. Photo: Park Ha-eun for The Harbor Ledger`, `… 있다. 사진: 박하은 / 하버레저`,
/// `… 매병. 국립중앙박물관 제공`.
fn trailing_credit(text: &str) -> bool {
    let t = text.trim_end();
    let Some(cut) = t.rfind(['.', '!', '?']) else { return false };
    let (before, tail) = (&t[..cut + 1], t[cut + 1..].trim());
    if word_count(before) < 4 || tail.is_empty() || word_count(tail) > 8 || tail.chars().count() > 60 {
        return false;
    }
    let opens_with_credit = CREDIT_WORDS.iter().any(|w| {
        tail.strip_prefix(w).is_some_and(|rest| {
            rest.trim_start().starts_with([':', '=', '：']) || rest.starts_with(" by") || rest.starts_with(" courtesy")
        })
    });
    opens_with_credit || tail.ends_with("제공") || tail.ends_with("자료사진")
}

/// `[한빛일보 자료사진] 브뤼셀의 …`: a bracketed photo credit opening a caption.
fn leading_credit(text: &str) -> bool {
    let t = text.trim_start();
    let Some(rest) = t.strip_prefix('[') else { return false };
    let Some(end) = rest.find(']') else { return false };
    let credit = &rest[..end];
    credit.chars().count() <= 20
        && (credit.ends_with("사진") || credit.contains("사진=") || credit.to_lowercase().starts_with("photo"))
        && word_count(&rest[end + 1..]) >= 3
}

fn bracketed_credit(text: &str) -> bool {
    let t = text.trim_end();
    let (open, close) = match t.chars().last() {
        Some(']') => ('[', ']'),
        Some(')') => ('(', ')'),
        _ => return false,
    };
    let Some(start) = t.rfind(open) else { return false };
    let credit = &t[start + open.len_utf8()..t.len() - close.len_utf8()];
    // Wire captions date the photo between the sentence and the credit (`…있다. 2024.7.30 [… 자료사진]`).
    let before = t[..start].trim_end();
    let date_stamp = |token: &str| {
        let groups = token.split(['.', '/', '-']).filter(|g| !g.is_empty()).count();
        token.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '/' | '-'))
            && groups >= 2
            && token.ends_with(|c: char| c.is_ascii_digit())
    };
    let before = match before.rsplit_once(' ') {
        Some((head, last)) if date_stamp(last) => head.trim_end(),
        _ => before,
    };
    let credit_chars = credit.chars().count();
    if !(2..=40).contains(&credit_chars) || credit.contains(['[', ']', '(', ')']) || ends_like_sentence(credit) {
        return false;
    }
    let credit_words = word_count(credit);
    let marked = credit.contains('=')
        || credit.contains("제공")
        || credit.contains("자료사진")
        || credit.contains(" DB")
        || credit.to_lowercase().starts_with("photo");
    let names_like =
        credit.chars().next().is_some_and(|c| c.is_uppercase() || crate::lang::is_hangul(c)) && credit_words <= 5;
    let sentence_before =
        before.trim_end_matches(['"', '\'', '”', '’']).ends_with(['.', '!', '?']) && word_count(before) >= 4;
    (sentence_before && (marked || names_like)) || (marked && word_count(before) >= 4)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn navigation_trails() {
        assert!(nav_trail("Home > Economy > Trade"));
        assert!(nav_trail("동해신문 | 정치 | 외교·안보"));
        assert!(nav_trail("Home | National | Business | World | Culture"));
        assert!(nav_trail("홈 > 사회"));
        assert!(nav_trail("한빛일보 홈 ▸ 스포츠 ▸ 야구"));
        assert!(nav_trail("뉴스홈 ㆍ 실시간 랭킹 ㆍ 연예 ㆍ 스포츠"));
        assert!(!nav_trail("IT·과학"));
        assert!(!nav_trail("Prices rose 3% | analysts expected a smaller rise in the third quarter of the year."));
        assert!(!nav_trail("The ratio was 3/4 in 2024."));
    }

    #[test]
    fn captions_with_credits() {
        assert!(caption_credit("윤 장관이 16일 리마에서 악수하고 있다. [외교부 제공]"));
        assert!(caption_credit("그룹이 8일 공연에서 노래하고 있다. [사진=블루문엔터테인먼트]"));
        assert!(caption_credit("LUMINA performs at KSPO Dome in Seoul, Sept. 8. (Blue Moon Entertainment)"));
        assert!(caption_credit("A path is submerged on Sept. 21. (Busan Harbor Times)"));
        assert!(!caption_credit("The group said it would tour Europe (starting in May)."));
        assert!(!caption_credit("정부는 수출이 늘었다고 밝혔다(자료 참고)."));
        assert!(!caption_credit("He met officials from the Ministry of Trade (MOTIE)"));
        assert!(caption_credit("A shopper picks out cabbage in Seoul. Photo: Park Ha-eun for The Ledger"));
        assert!(caption_credit("소비자가 배추를 고르고 있다. 사진: 박하은 / 하버레저"));
        // A wire caption dates the photo before its credit.
        assert!(caption_credit("시민들이 8일 오후 광장에서 우산을 쓰고 걷고 있다. 2024.7.8 [목포일보 자료사진]"));
        assert!(!caption_credit("정부는 2024.7.8 발표에서 수출이 늘었다고 밝혔다 (자료 참고)"));
        assert!(caption_credit("12세기 고려 상감청자 매병. 국립중앙박물관 제공"));
        assert!(caption_credit("[한빛일보 자료사진] 브뤼셀의 본부 앞에 국기가 걸려 있다."));
        assert!(!caption_credit("The museum said the vase was a gift. Officials declined to comment further on it."));
    }

    #[test]
    fn only_the_other_editions_language_is_foreign_to_a_page() {
        // English UI, a French phrase, a Japanese phrase, Korean UI.
        let text = "Read the full story on our website\n\nC'est la vie, mon ami\n\n東京の天気\n\n기사 이미지 확대 보기";
        for (side, expected) in [(Side::Ko, [true, false, false, false]), (Side::En, [false, false, false, true])] {
            let blocks = crate::input::text_blocks(text, side);
            let foreign: Vec<bool> = blocks.iter().map(|b| foreign_to_page(b, side)).collect();
            assert_eq!(foreign, expected, "{side}: {:?}", blocks.iter().map(|b| b.lang.lang).collect::<Vec<_>>());
        }
    }

    #[test]
    fn quoted_speech_against_headlines_with_quotes() {
        for t in [
            "\"We will not stop here,\" she said",
            "'We will not stop,' she said",
            "\"Never again\"",
            "“정말요”",
            "“다시는 이런 일이 없어야 한다.”고 주민들은 말했다",
            "“We will keep going until the very end",
        ] {
            assert!(quoted_speech(t), "{t}");
        }
        for t in [
            "‘골목식당’ 결국 대폭발한 백종..",
            "“반도체 봄 온다”…수출 14개월 연속 증가",
            "“반도체 봄 온다는데 과연 올해는…",
            "Warren plans to take a 'hard look' at running for president",
            "'Squid Game' star to visit Seoul",
            "Most Viewed",
            "\"",
        ] {
            assert!(!quoted_speech(t), "{t}");
        }
    }

    #[test]
    fn lead_ins_and_clauses() {
        assert!(introduces_next("Here is what he said:"));
        assert!(introduces_next("다음은 일문일답:"));
        assert!(!introduces_next("Tags:"));
        assert!(clause_like("The new rules give renters two more years and cap yearly rises"));
        assert!(!clause_like("Market Watch Daily Morning Briefing Edition"));
        assert!(clause_like("전월세 계약 2년 더 보장 인상률 상한 도입"));
    }

    #[test]
    fn headline_shape() {
        assert!(headline_like("Warren plans to take a 'hard look' at running for president"));
        assert!(headline_like("워렌(revision), 대선 출마 계획 ‘심사숙고’"));
        assert!(!headline_like("닫기"));
        assert!(!headline_like("Most Viewed"));
    }
}
