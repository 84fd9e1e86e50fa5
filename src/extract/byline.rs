//! The author a page's removed bylines name, for pages that declare none: `By Jane Doe`,
//! `Jane Doe, staff writer`, `홍길동 기자`, `(서울=연합뉴스) 홍길동 기자 =`. A byline names
//! its author only when it clearly names one person; several people, an agency, a desk or a
//! role without a name give none.

use crate::model::AuditEntry;
use regex::Regex;
use std::sync::OnceLock;

/// Rules whose removals hold other people's names (commenters, the authors of teased or
/// related articles, photographers of a gallery): their bylines are not the article's.
const OTHER_PEOPLE: &[&str] = &[
    "comments",
    "teasers",
    "related-list",
    "tail-list",
    "link-list",
    "advert",
    "subscription",
    "consent",
    "gallery",
    "photo-caption",
];

/// What one byline says about who wrote the article.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Byline {
    /// It names this one person.
    One(String),
    /// It names several people (`By A and B`, `홍길동·김철수 기자`).
    Several,
}

/// The one person the article's removed bylines name, if all of them that name someone name
/// the same one person; `None` if none does, or if they name several people.
pub(super) fn author<'a>(removed: impl IntoIterator<Item = &'a AuditEntry>) -> Option<String> {
    let mut found: Option<String> = None;
    for entry in removed.into_iter().filter(|e| !OTHER_PEOPLE.contains(&e.rule.as_str())) {
        // A byline shares its line with a date or a desk, set apart by a separator.
        for segment in entry.text.split(['|', '•']).flat_map(|s| s.split(" · ")) {
            match byline(segment.trim()) {
                None => {}
                Some(Byline::Several) => return None,
                Some(Byline::One(name)) => match &found {
                    Some(f) if *f != name => return None,
                    _ => found = Some(name),
                },
            }
        }
    }
    found
}

/// What a byline line (or one segment of one) says, if it is a byline.
fn byline(text: &str) -> Option<Byline> {
    korean(text).or_else(|| english(text))
}

/// Role words of a Korean byline, after the name (`홍길동 기자`).
const KO_ROLES: &str = "기자|특파원|통신원|객원기자|인턴기자|선임기자|전문기자|논설위원|칼럼니스트|PD|앵커";

/// Words that stand before `기자` without being a name (`촬영기자`, `전직 기자`).
const KO_NOT_NAMES: &[&str] = &[
    "촬영",
    "영상",
    "사진",
    "취재",
    "편집",
    "전문",
    "객원",
    "인턴",
    "선임",
    "수습",
    "전직",
    "현직",
    "담당",
    "기상",
    "스포츠",
    "기자",
];

/// A Korean byline: a name of two to four syllables before a newsroom role, at the start of
/// the line (after a bracket, a wire dateline `(서울=연합뉴스)` or an outlet's name).
fn korean(text: &str) -> Option<Byline> {
    static ONE: OnceLock<Option<Regex>> = OnceLock::new();
    static SEVERAL: OnceLock<Option<Regex>> = OnceLock::new();
    let lead = r"^[\[(【]?\s*(?:[\[(【][^)\]】=]{1,30}=[^)\]】]{1,30}[)\]】]\s*)?(?:[가-힣A-Za-z]{2,12}\s+)?";
    // The pattern is a constant: it compiles, and a failure would leave Korean bylines unread.
    let several = SEVERAL.get_or_init(|| {
        Regex::new(&format!(r"{lead}[가-힣]{{2,4}}(?:\s*[·,、]\s*[가-힣]{{2,4}})+\s*(?:{KO_ROLES})")).ok()
    });
    if several.as_ref().is_some_and(|r| r.is_match(text)) {
        return Some(Byline::Several);
    }
    let one = ONE.get_or_init(|| Regex::new(&format!(r"{lead}([가-힣]{{2,4}})\s*(?:{KO_ROLES})(.?)")).ok());
    let captures = one.as_ref()?.captures(text)?;
    let name = captures.get(1)?.as_str();
    // `기자의`, `기자들`: the word in a sentence, not a byline; `촬영기자:` names a role.
    let after = captures.get(2).map_or("", |m| m.as_str());
    let particle = ["의", "가", "는", "를", "들", "와", "과", "도", "에", "로", "이", "은", "님", ":"].contains(&after);
    (!particle && !KO_NOT_NAMES.contains(&name)).then(|| Byline::One(name.to_owned()))
}

/// The name before a Korean newsroom role that ends `text` (`오세린 기자` → `오세린`), if
/// `text` is just a name of two to four syllables and a role.
pub(super) fn korean_role_suffix(text: &str) -> Option<&str> {
    let (name, role) = text.trim().rsplit_once(' ')?;
    let hangul_name = name.chars().all(|c| ('가'..='힣').contains(&c)) && (2..=4).contains(&name.chars().count());
    (hangul_name && KO_ROLES.split('|').any(|r| r == role)).then_some(name)
}

/// Words that end an English name: roles, outlets, and the words around them.
const EN_STOP: &[&str] = &[
    "staff",
    "reporter",
    "writer",
    "correspondent",
    "editor",
    "columnist",
    "contributor",
    "producer",
    "senior",
    "chief",
    "special",
    "contributing",
    "political",
    "business",
    "sports",
    "sport",
    "science",
    "associate",
    "associated",
    "managing",
    "deputy",
    "freelance",
    "guest",
    "agency",
    "agencies",
    "bureau",
    "service",
    "desk",
    "team",
    "board",
    "editorial",
    "online",
    "for",
    "the",
    "of",
    "in",
    "at",
    "from",
    "via",
    "on",
    "published",
    "updated",
    "posted",
    "reviewed",
    "edited",
    "photo",
    "photos",
    "min",
    "read",
];

/// Words that end a name as the second word of an outlet's (`Northgate News`): the name's
/// last word is then the outlet's first.
const EN_OUTLETS: &[&str] = &[
    "news", "times", "post", "daily", "herald", "tribune", "gazette", "journal", "press", "radio", "magazine", "media",
    "network", "wire",
];

/// Months and days, which end a name but may also begin one (`May Chen`).
const EN_DATE_WORDS: &[&str] = &[
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
];

/// Roles that make `Jane Doe, staff writer` a byline without a `By`.
const EN_ROLES: &[&str] =
    &["staff", "reporter", "writer", "correspondent", "editor", "columnist", "contributor", "producer"];

/// A word as the lists above hold it: lower-case, without trailing punctuation.
fn key(word: &str) -> String {
    word.trim_end_matches([',', '.', ':']).to_lowercase()
}

/// Whether `word` ends a name (a date word does not begin one).
fn stop_word(word: &str) -> bool {
    let key = key(word);
    [EN_STOP, EN_OUTLETS, EN_DATE_WORDS].iter().any(|list| list.contains(&key.as_str()))
}

/// An English byline: `By` (or `Written by`, `Reported by`, `Story by`) and a name, or a
/// name and a newsroom role. A name is two to four capitalised words (or one Hangul name
/// after `by`); it ends at punctuation, a lower-case word, a number, or a word of a role, an
/// outlet or a date, including one glued to it (`WhitcombeColumnist`, as pages that drop the
/// space between a name and the next element give it).
fn english(text: &str) -> Option<Byline> {
    let lower = text.to_lowercase();
    let after_by = ["by ", "written by ", "reported by ", "story by ", "words by "]
        .iter()
        .find(|p| lower.starts_with(*p))
        .map(|p| &text[p.len()..]);
    let (rest, with_by) = match after_by {
        Some(rest) => (rest.trim_start(), true),
        None => (text, false),
    };
    let mut words = rest.split_whitespace().peekable();
    // `By Staff Reporter Kimberly Ashdown`: the role may come first.
    if with_by {
        while words.peek().is_some_and(|w| EN_STOP.contains(&key(w).as_str()) || EN_OUTLETS.contains(&key(w).as_str()))
        {
            words.next();
        }
        let mut rest_words = words.clone();
        if let (Some(w), None) = (rest_words.next(), rest_words.next()) {
            let hangul = w.chars().all(|c| ('가'..='힣').contains(&c)) && (2..=4).contains(&w.chars().count());
            if hangul {
                return Some(Byline::One(w.to_owned()));
            }
        }
    }
    let mut name: Vec<String> = Vec::new();
    let mut ended_by_comma = false;
    while let Some(word) = words.next() {
        if word.eq_ignore_ascii_case("and") || word == "&" {
            let next_is_name = words.peek().is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase));
            return (next_is_name && !name.is_empty()).then_some(Byline::Several);
        }
        let (part, glued) = unglue(word);
        let comma = part.ends_with(',');
        let part = part.trim_end_matches(',');
        let first_date = name.is_empty() && EN_DATE_WORDS.contains(&key(part).as_str());
        if !name_word(part) || (stop_word(part) && !first_date) {
            if EN_OUTLETS.contains(&key(part).as_str()) && name.len() >= 3 {
                name.pop();
            }
            break;
        }
        name.push(part.to_owned());
        if glued || comma || name.len() > 4 {
            ended_by_comma = comma;
            break;
        }
    }
    if !(2..=4).contains(&name.len()) {
        return None;
    }
    if !with_by {
        // Without `By`, only `Name, role` or `Name Role` is a byline.
        let role = if ended_by_comma { words.next() } else { rest.split_whitespace().nth(name.len()) };
        if !role.is_some_and(|r| EN_ROLES.contains(&key(r).as_str())) {
            return None;
        }
    }
    let shouting = name.iter().all(|w| !w.chars().any(char::is_lowercase));
    let name: Vec<String> = if shouting { name.iter().map(|w| title_case(w)).collect() } else { name };
    Some(Byline::One(name.join(" ")))
}

/// A word of a name: a capital letter, then letters, hyphens, apostrophes or a final stop
/// (`O'Neil`, `Seo-yeon`, `J.`).
fn name_word(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(|c| c.is_uppercase() && c.is_alphabetic())
        && chars.all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
}

/// A word cut where the next element's text was glued to it (`WhitcombeColumnist`,
/// `Seo-yeonPublished`): at a capital after three lower-case letters, or after fewer when the
/// rest is a stop word (`Delacroix-YeoReviewed`); `MacArthur` and `McDonald` stay whole.
/// Returns the first part and whether the word was cut.
fn unglue(word: &str) -> (&str, bool) {
    let mut lower_run = 0;
    for (at, c) in word.char_indices() {
        if c.is_uppercase() && at > 0 && lower_run > 0 {
            let rest = &word[at..];
            let rest_word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
            if lower_run >= 3 || stop_word(&rest_word) {
                return (&word[..at], true);
            }
        }
        lower_run = if c.is_lowercase() { lower_run + 1 } else { 0 };
    }
    (word, false)
}

/// `KETTERING` as `Kettering`.
fn title_case(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut start = true;
    for c in word.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = matches!(c, '-' | '\'' | '’');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Lang, Removal, Side};

    fn one(name: &str) -> Option<Byline> {
        Some(Byline::One(name.to_owned()))
    }

    #[test]
    fn english_bylines_name_their_author() {
        for (text, expected) in [
            ("By Hannah Roe, CWN", "Hannah Roe"),
            ("By Dana WhitcombeColumnistFebruary 9, 2024 at 10:00 a.m. EST", "Dana Whitcombe"),
            ("By Liam Thackeray Sports reporter", "Liam Thackeray"),
            ("By Yoon Seo-yeonPublished: June 12, 2024 - 14:20", "Yoon Seo-yeon"),
            ("By Callum ReidKestrel Sport at Dunmore Park", "Callum Reid"),
            ("Written by Marcus Delacroix-YeoReviewed by Hanna Petrov, CFP", "Marcus Delacroix-Yeo"),
            ("Written by Staff Reporter Kimberly Ashdown", "Kimberly Ashdown"),
            ("By Rosalind Achebe Northgate News Posted September 12, 2024", "Rosalind Achebe"),
            ("By May Chen | Updated May 5", "May Chen"),
            ("By LORETTA HAWKINS, Associated Wire Writer", "Loretta Hawkins"),
            ("By JOSH KETTERING FOR THE DAILY BUGLE", "Josh Kettering"),
            ("By Nadia FerreiraMar 5, 2024, 8:00 AM EST", "Nadia Ferreira"),
            ("by Douglas MacArthur", "Douglas MacArthur"),
            ("Dana Whitlow, staff writer", "Dana Whitlow"),
            ("by 달고나", "달고나"),
        ] {
            assert_eq!(english(text), one(expected), "{text}");
        }
    }

    #[test]
    fn english_lines_that_name_no_one_person_give_none() {
        for text in ["By Ana Lucía Torres and Peter Vance May 6, 2025", "By Priya Natarajan & Owen Castellanos"] {
            assert_eq!(english(text), Some(Byline::Several), "{text}");
        }
        for text in [
            "By Reuters",
            "By AP Staff",
            "By Staff",
            "By signing up you agree to our privacy policy.",
            "written by farmwife58, November 01, 2024",
            "Photo by Jane Doe",
            "Hannah Roe",
            "Jane Doe said the plan would work.",
            "By The Associated Press",
        ] {
            assert_eq!(english(text), None, "{text}");
        }
    }

    #[test]
    fn korean_bylines_name_their_author() {
        for (text, expected) in [
            ("김서연 기자", "김서연"),
            ("김서연 기자 syk@hanbitilbo.test", "김서연"),
            ("김하늘 기자입력 2024.07.30 (21:14)", "김하늘"),
            ("오세린 기자serin@techpine.test다른기사 보기", "오세린"),
            ("(세종=연합뉴스) 한서진 기자 =", "한서진"),
            ("[연합뉴스 김민지 특파원]", "김민지"),
            ("홍길동기자", "홍길동"),
        ] {
            assert_eq!(korean(text), one(expected), "{text}");
        }
        assert_eq!(korean("홍길동·김철수 기자"), Some(Byline::Several));
        assert_eq!(korean_role_suffix("오세린 기자"), Some("오세린"));
        assert_eq!(korean_role_suffix("한빛일보 편집국"), None);
        assert_eq!(korean_role_suffix("Jane Doe"), None);
        for text in [
            "촬영기자:정민수 / 영상편집:오세영",
            "기자 리포트",
            "[에세이] 전직 기자의 1년",
            "전직 기자의 하루",
            "기자들이 모였다",
        ] {
            assert_eq!(korean(text), None, "{text}");
        }
    }

    fn removed(rule: &str, text: &str) -> AuditEntry {
        AuditEntry {
            side: Side::En,
            block: 0,
            text: text.to_owned(),
            lang: Lang::En,
            rule: rule.to_owned(),
            reason: String::new(),
            scope: Removal::Block,
        }
    }

    #[test]
    fn the_author_is_the_one_person_the_bylines_name() {
        let bylines = [
            removed("byline-ko", "이도현 기자 dohyun@x.test"),
            removed("outside-article", "이도현 기자입력 2024-05-14 17:42"),
            removed("menu", "전체메뉴"),
        ];
        assert_eq!(author(&bylines).as_deref(), Some("이도현"));
        // A segment of a line of chrome.
        assert_eq!(
            author(&[removed("chrome-segments", "Updated 2 hours ago | By Priya Castellano")]).as_deref(),
            Some("Priya Castellano")
        );
        // Two people, or one byline naming two: none.
        assert_eq!(
            author(&[removed("byline-en", "By Rosa Whitcombe"), removed("byline-en", "By Colm Rafferty")]),
            None
        );
        assert_eq!(author(&[removed("outside-article", "By Priya Natarajan and Owen Castellanos")]), None);
        // Commenters are not the author.
        let comments =
            [removed("byline-en", "By Kimberly Ashdown"), removed("comments", "written by J. Tolliver, November 02")];
        assert_eq!(author(&comments).as_deref(), Some("Kimberly Ashdown"));
        assert_eq!(author(&[]), None);
    }
}
