//! Boilerplate rules as data: the default set lives in `data/boilerplate-rules.tsv`, and a
//! user file in the same format adds rules or replaces them by id.

use super::evidence;
use crate::error::{Error, Result};
use crate::model::Lang;
use crate::normalize::match_key;
use regex::Regex;
use rustc_hash::FxHashMap as HashMap;

/// The default rules, compiled into the binary so the tool works from any directory.
pub const DEFAULT_RULES: &str = include_str!("../../data/boilerplate-rules.tsv");

/// How a rule's pattern is matched against a block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum MatchKind {
    /// The block's letters and digits equal the pattern's (case, spaces and punctuation ignored).
    Exact,
    /// The block's letters and digits start with the pattern's.
    Prefix,
    /// The pattern is a vocabulary; the block is made only of its words, separators and counts.
    Words,
    /// A regular expression over the normalised block text.
    Regex,
    /// A built-in shape detector named by the pattern (`nav-trail`, `segments`, `caption-credit`).
    Shape,
}

/// The built-in shape detectors a `shape` rule can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShapeKind {
    /// Short items between separators.
    NavTrail,
    /// Parts between separators, each matched by another rule.
    Segments,
    /// A sentence closed by a bracketed credit.
    CaptionCredit,
}

/// What part of a block a rule removes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Scope {
    /// The whole block.
    Block,
    /// The matched start of the block (datelines); the rest is kept.
    InlinePrefix,
    /// The matched end of the block (credits); the rest is kept.
    InlineSuffix,
}

/// Which blocks a rule may apply to, by their detected language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum RuleLang {
    /// Korean text: applies to Korean, mixed and undecided blocks, on either page.
    Ko,
    /// English text: applies to English, mixed, other and undecided blocks, on either page.
    En,
    /// Any text.
    Any,
}

impl RuleLang {
    fn admits(self, lang: Lang) -> bool {
        match self {
            RuleLang::Any => true,
            RuleLang::Ko => matches!(lang, Lang::Ko | Lang::Mixed | Lang::Unknown),
            RuleLang::En => matches!(lang, Lang::En | Lang::Mixed | Lang::Unknown | Lang::Other),
        }
    }
}

#[derive(Clone, Debug)]
enum Matcher {
    Key(String),
    Regex(Regex),
    Words,
    Shape(ShapeKind),
}

/// One boilerplate rule.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Rule {
    /// Its id, as written in the audit.
    pub id: String,
    /// The language of the text it matches.
    pub lang: RuleLang,
    /// How it matches.
    pub kind: MatchKind,
    /// What it removes.
    pub scope: Scope,
    /// Blocks longer than this many characters are never removed by it (0: no limit). This is
    /// what keeps a long sentence that merely mentions `Copyright` or `무단 전재` as content.
    pub max_chars: usize,
    /// The pattern as written.
    pub pattern: String,
    /// Why it removes what it matches, for the audit.
    pub reason: String,
    /// Compiled from `kind` and `pattern`, so it says nothing of its own.
    #[serde(skip)]
    matcher: Matcher,
}

/// A set of rules ready to match.
#[derive(Clone, Debug)]
pub struct RuleSet {
    rules: Vec<Rule>,
    /// Every `words` vocabulary entry, lower-cased, to the rule that lists it.
    words: HashMap<String, usize>,
}

/// A block-scope match: the rule, and for `words` rules the words that matched.
#[derive(Clone, Copy, Debug)]
pub struct BlockMatch<'a> {
    /// The rule that matched.
    pub rule: &'a Rule,
}

impl Default for RuleSet {
    fn default() -> Self {
        // The built-in file is part of the binary and covered by tests; failing here is a build defect.
        RuleSet::parse(DEFAULT_RULES, "built-in boilerplate-rules.tsv").expect("built-in rules parse")
    }
}

impl RuleSet {
    /// Parses a rules file (see `data/boilerplate-rules.tsv` for the format).
    pub fn parse(text: &str, source_name: &str) -> Result<RuleSet> {
        let mut set = RuleSet { rules: Vec::new(), words: HashMap::default() };
        set.extend(text, source_name)?;
        Ok(set)
    }

    /// Adds the rules of another file; a rule whose id exists already replaces it.
    pub fn extend(&mut self, text: &str, source_name: &str) -> Result<()> {
        for (no, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') || line.starts_with("id\t") {
                continue;
            }
            let rule = parse_rule(line).map_err(|problem| Error::Data {
                source_name: source_name.to_owned(),
                line: no + 1,
                problem,
            })?;
            match self.rules.iter().position(|r| r.id == rule.id) {
                Some(i) => self.rules[i] = rule,
                None => self.rules.push(rule),
            }
        }
        self.index_words();
        Ok(())
    }

    fn index_words(&mut self) {
        self.words.clear();
        for (i, rule) in self.rules.iter().enumerate() {
            if rule.kind == MatchKind::Words {
                for w in rule.pattern.split_whitespace() {
                    self.words.entry(w.to_lowercase()).or_insert(i);
                }
            }
        }
    }

    /// All rules, in file order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The first block-scope rule that removes this whole block, if any.
    pub fn match_block(&self, text: &str, lang: Lang) -> Option<BlockMatch<'_>> {
        self.match_block_at(text, lang, true)
    }

    fn match_block_at(&self, text: &str, lang: Lang, allow_segments: bool) -> Option<BlockMatch<'_>> {
        let chars = text.chars().count();
        // The key is built only if a key rule gets that far (most blocks are long prose).
        let key = std::cell::OnceCell::new();
        let key = || key.get_or_init(|| match_key(text)).as_str();
        let applies =
            |r: &&Rule| r.scope == Scope::Block && r.lang.admits(lang) && (r.max_chars == 0 || chars <= r.max_chars);
        for rule in self.rules.iter().filter(applies) {
            let hit = match &rule.matcher {
                Matcher::Key(k) => match rule.kind {
                    MatchKind::Exact => !k.is_empty() && key() == k.as_str(),
                    _ => !k.is_empty() && key().starts_with(k.as_str()),
                },
                Matcher::Regex(re) => re.is_match(text),
                Matcher::Words => false,
                Matcher::Shape(ShapeKind::NavTrail) => evidence::nav_trail(text),
                Matcher::Shape(ShapeKind::CaptionCredit) => evidence::caption_credit(text),
                Matcher::Shape(ShapeKind::Segments) => allow_segments && self.chrome_segments(text),
            };
            if hit {
                return Some(BlockMatch { rule });
            }
        }
        self.match_words(text, chars, lang).map(|rule| BlockMatch { rule })
    }

    /// A line of chrome joined by separators: every part is matched by some rule (or has no
    /// letters at all, like a date), e.g. `윤가람 기자 garam@… | 기사입력 2024-11-17 08:30`.
    /// A part that is only a person's name (`Bae So-hyun`, `김민준`) counts when another part
    /// matched, as bylines join a name to a timestamp.
    fn chrome_segments(&self, text: &str) -> bool {
        let (items, _) = evidence::separated_items(text);
        if items.len() < 2 {
            return false;
        }
        let mut matched = 0;
        for item in &items {
            if item.is_empty() {
                return false;
            }
            if !item.chars().any(char::is_alphabetic)
                || self.match_block_at(item, crate::lang::detect(item).lang, false).is_some()
            {
                matched += 1;
            } else if !evidence::person_name(item) {
                return false;
            }
        }
        matched >= 1
    }

    /// A block made only of UI vocabulary: every token is a listed word or a count, and at
    /// least one is a word. The rule reported is the one owning most of the block's words.
    fn match_words(&self, text: &str, chars: usize, lang: Lang) -> Option<&Rule> {
        let mut votes: HashMap<usize, usize> = HashMap::default();
        for token in text.split(|c: char| c.is_whitespace() || "|/·•>›»,;:<‹«()[]{}".contains(c)) {
            let token = token.trim_matches(|c: char| !c.is_alphanumeric() && c != '+' && c != '-').to_lowercase();
            let token = token.trim_matches('-');
            if token.is_empty() || token.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.') {
                continue;
            }
            *votes.entry(*self.words.get(token)?).or_default() += 1;
        }
        let (&best, _) = votes.iter().max_by_key(|(i, n)| (**n, std::cmp::Reverse(**i)))?;
        let rule = &self.rules[best];
        (rule.lang.admits(lang) && (rule.max_chars == 0 || chars <= rule.max_chars)).then_some(rule)
    }

    /// The first inline-prefix rule that matches the start of the block, with the byte length
    /// of the matched prefix. A rule that would leave nothing of the block does not apply.
    pub fn match_prefix(&self, text: &str) -> Option<(&Rule, usize)> {
        self.match_inline(text, Scope::InlinePrefix)
    }

    /// The first inline-suffix rule that matches the end of the block, with the byte offset
    /// where the suffix starts.
    pub fn match_suffix(&self, text: &str) -> Option<(&Rule, usize)> {
        self.match_inline(text, Scope::InlineSuffix)
    }

    fn match_inline(&self, text: &str, scope: Scope) -> Option<(&Rule, usize)> {
        self.rules.iter().filter(|r| r.scope == scope).find_map(|rule| {
            let Matcher::Regex(re) = &rule.matcher else { return None };
            let m = re.find(text)?;
            let (cut, rest) = match scope {
                Scope::InlinePrefix if m.start() == 0 && m.end() > 0 => (m.end(), &text[m.end()..]),
                Scope::InlineSuffix if m.end() == text.len() && m.start() < text.len() => {
                    (m.start(), &text[..m.start()])
                }
                _ => return None,
            };
            // Keep the rule from eating a whole block: some words must remain.
            (rest.chars().filter(|c| c.is_alphabetic()).count() >= 4).then_some((rule, cut))
        })
    }
}

fn parse_rule(line: &str) -> std::result::Result<Rule, String> {
    let f: Vec<&str> = line.split('\t').collect();
    if f.len() != 7 {
        return Err(format!(
            "expected 7 tab-separated fields (id, lang, match, scope, max_chars, pattern, reason), found {}",
            f.len()
        ));
    }
    let id = f[0].trim().to_owned();
    if id.is_empty() {
        return Err("empty rule id".into());
    }
    let lang = match f[1].trim() {
        "ko" => RuleLang::Ko,
        "en" => RuleLang::En,
        "any" => RuleLang::Any,
        other => return Err(format!("rule {id}: lang must be ko, en or any, not {other:?}")),
    };
    let kind = match f[2].trim() {
        "exact" => MatchKind::Exact,
        "prefix" => MatchKind::Prefix,
        "words" => MatchKind::Words,
        "regex" => MatchKind::Regex,
        "shape" => MatchKind::Shape,
        other => return Err(format!("rule {id}: match must be exact, prefix, words, regex or shape, not {other:?}")),
    };
    let scope = match f[3].trim() {
        "block" => Scope::Block,
        "inline-prefix" => Scope::InlinePrefix,
        "inline-suffix" => Scope::InlineSuffix,
        other => return Err(format!("rule {id}: scope must be block, inline-prefix or inline-suffix, not {other:?}")),
    };
    let max_chars =
        f[4].trim().parse().map_err(|_| format!("rule {id}: max_chars must be a whole number, not {:?}", f[4]))?;
    let pattern = f[5].to_owned();
    let matcher = match kind {
        MatchKind::Exact | MatchKind::Prefix => Matcher::Key(match_key(&pattern)),
        MatchKind::Words => Matcher::Words,
        MatchKind::Regex => Matcher::Regex(Regex::new(&pattern).map_err(|e| format!("rule {id}: bad regex: {e}"))?),
        MatchKind::Shape => Matcher::Shape(match pattern.trim() {
            "nav-trail" => ShapeKind::NavTrail,
            "segments" => ShapeKind::Segments,
            "caption-credit" => ShapeKind::CaptionCredit,
            other => {
                return Err(format!(
                    "rule {id}: unknown shape {other:?} (expected nav-trail, segments or caption-credit)"
                ))
            }
        }),
    };
    if scope != Scope::Block && kind != MatchKind::Regex {
        return Err(format!("rule {id}: inline rules must be regex rules"));
    }
    Ok(Rule { id, lang, kind, scope, max_chars, pattern, reason: f[6].trim().to_owned(), matcher })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block_rule(text: &str, lang: Lang) -> Option<String> {
        RuleSet::default().match_block(text, lang).map(|m| m.rule.id.clone())
    }

    #[test]
    fn built_in_rules_parse() {
        assert!(RuleSet::default().rules().len() > 20);
    }

    #[test]
    fn ui_strings_match() {
        for (t, l) in [
            ("기사 이미지 확대 보기", Lang::Ko),
            ("닫기", Lang::Ko),
            ("댓글 0", Lang::Ko),
            ("페이스북 트위터 카카오톡 URL복사", Lang::Ko),
            ("가 가 가 가 가", Lang::Ko),
            ("Close", Lang::Unknown),
            ("Facebook Twitter Email", Lang::En),
            ("Most Viewed News", Lang::En),
            ("Home | National | Business | World | Culture", Lang::En),
            ("Yonhap", Lang::Unknown),
        ] {
            assert!(block_rule(t, l).is_some(), "{t}");
        }
    }

    #[test]
    fn footers_bylines_and_credits_match() {
        for (t, l) in [
            ("Copyright © 뉴스1. All rights reserved. 무단 전재 및 재배포 금지.", Lang::Mixed),
            ("<저작권자(c) 연합뉴스, 무단 전재-재배포 금지>", Lang::Ko),
            ("무단전재 및 재배포금지", Lang::Ko),
            ("By Lee Seo-yeon, Staff reporter", Lang::En),
            ("By Kim Min-jun Posted : 2025-06-21, 10:04 Updated : 2025-06-21, 10:04", Lang::En),
            ("Posted on March 3, 2025", Lang::En),
            ("입력 2025.03.04 09:12 수정 2025.03.04 10:30", Lang::Ko),
            ("(사진=연합뉴스)", Lang::Ko),
            ("[사진=JTBC, 이매진아시아]", Lang::Ko),
            ("제보는 카카오톡 okjebo", Lang::Ko),
            ("김민준 기자 minjun@example.co.kr", Lang::Ko),
            ("Home > Economy > Trade", Lang::En),
            ("윤가람 기자 garam@example.co.kr | 기사입력 2024-11-17 08:30", Lang::Ko),
            ("스타라운지 = 오하린 기자 | 2024-09-09 10:15", Lang::Ko),
            ("Published: Sep 21, 2025 · Updated: Sep 21, 2025", Lang::En),
            ("Print this article | Email", Lang::En),
            ("Get TechBridge Weekly in your inbox", Lang::En),
            ("A path is submerged on Sept. 21. (Busan Harbor Times)", Lang::En),
            ("Reported by Ko Eun-byul · Aired Feb. 7, 2025, 12:30 p.m.", Lang::En),
            ("Bae So-hyun · Posted May 7, 2025, 17:30 KST", Lang::En),
            ("고은별 기자 (eunbyul.ko@example.co.kr) · 2025.02.07 12:30 방송", Lang::Ko),
            ("Listen to this story · 5 min", Lang::En),
            ("More top stories from SBN", Lang::En),
            ("이 분야 기사 더 읽기", Lang::Ko),
            ("이 언론사 인기 기사", Lang::Ko),
        ] {
            assert!(block_rule(t, l).is_some(), "{t}");
        }
    }

    #[test]
    fn content_mentioning_copyright_is_not_matched() {
        for (t, l) in [
            ("법원은 기사를 무단 전재 및 재배포한 업체에 손해배상 책임이 있다고 판결했다.", Lang::Ko),
            ("The court said the Copyright Act did not protect the recipe, and the publisher appealed the ruling on Monday.", Lang::En),
            ("By Monday, the storm had moved north and the rain had stopped.", Lang::En),
            ("South Korea and Peru agreed to expand cooperation.", Lang::En),
            ("정부는 16일 반도체 수출이 2.5% 증가했다고 밝혔다.", Lang::Ko),
        ] {
            assert_eq!(block_rule(t, l), None, "{t}");
        }
    }

    #[test]
    fn list_ordinals_and_bare_numbers_are_not_timestamps() {
        // A numbered list's marker on a line of its own, or an item opening with its number,
        // is article text; a timestamp has a date or time's structure.
        for t in ["3.", "(3)", "3)", "12", "2024", "3. Updated", "3. The third point is that rents fell."] {
            assert_ne!(block_rule(t, Lang::Unknown).as_deref(), Some("timestamp"), "{t}");
        }
        for t in
            ["Nov 18", "Nov. 19, 2019", "October 2019", "5:50 PM", "3 p.m.", "2024.11.17", "2024년 11월 17일", "1 / 23"]
        {
            assert_eq!(block_rule(t, Lang::Unknown).as_deref(), Some("timestamp"), "{t}");
        }
    }

    #[test]
    fn datelines_are_inline_prefixes() {
        let rules = RuleSet::default();
        for (t, rest) in [
            ("(서울=연합뉴스) 김민준 기자 = 미국 상원의원이 말했다.", "미국 상원의원이 말했다."),
            ("[서울=뉴시스]이서연 기자 = 정부는 밝혔다.", "정부는 밝혔다."),
            ("SEOUL, November 17 (AJP) -- South Korea and Peru agreed", "South Korea and Peru agreed"),
            ("LONDON, England (CNN) -- The minister said", "The minister said"),
            ("WASHINGTON (Reuters) - The Fed held rates", "The Fed held rates"),
        ] {
            let (_, cut) = rules.match_prefix(t).unwrap_or_else(|| panic!("{t}"));
            assert_eq!(&t[cut..], rest);
        }
        // Without the dash this is how the park corpus writes its lead; it is content there.
        assert!(rules
            .match_prefix("LONDON, England (CNN) From Dallas to Dabancheng, energy firms bet on wind.")
            .is_none());
        assert!(rules.match_prefix("U.S. Sen. Elizabeth Warren says she will run.").is_none());
    }

    #[test]
    fn user_rules_override_by_id_and_report_bad_lines() {
        let mut rules = RuleSet::default();
        let n = rules.rules().len();
        rules.extend("ui-ad-en\ten\texact\tblock\t0\tPromo\tpromotion\nsite-x\tany\texact\tblock\t0\tVisit Example Site\tsite promo\n", "user.tsv").unwrap();
        assert_eq!(rules.rules().len(), n + 1);
        assert_eq!(rules.match_block("Visit example site!", Lang::En).unwrap().rule.id, "site-x");
        let err = RuleSet::parse("x\tko\tfuzzy\tblock\t0\tp\tr\n", "user.tsv").unwrap_err();
        assert!(err.to_string().starts_with("user.tsv:1:"), "{err}");
    }
}
