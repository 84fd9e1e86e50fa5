//! Anchors: tokens that survive translation unchanged or nearly so, and so tie a Korean
//! block to its English counterpart: numbers (normalised across scripts and units), and
//! Latin-script tokens written inside Korean text (`APEC`, `KF-21`, `BTS`).

/// The anchor evidence of one block.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Anchors {
    /// Canonical numeric values (`1,200` → `1200`, `1억` → `100000000`, `Nov.` → month `11`).
    pub numbers: Vec<String>,
    /// Lower-cased Latin tokens: on the Korean side those written in Latin letters, on the
    /// English side every word (filtered later against what the Korean page has).
    pub latin: Vec<String>,
}

use crate::model::{Block, Side};

/// Extracts anchors from a Korean block.
pub fn korean_anchors(text: &str) -> Anchors {
    Anchors { numbers: numbers(text, Script::Korean), latin: latin_tokens(text) }
}

/// Extracts anchors from an English block.
pub fn english_anchors(text: &str) -> Anchors {
    Anchors { numbers: numbers(text, Script::English), latin: latin_tokens(text) }
}

/// Extracts anchors from an English block, keeping only the Latin tokens `keep` accepts (the
/// ones the Korean page writes too), without building the others.
pub fn english_anchors_where(text: &str, keep: impl Fn(&str) -> bool) -> Anchors {
    Anchors { numbers: numbers(text, Script::English), latin: latin_tokens_where(text, keep) }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    Korean,
    English,
}

/// Lower-cased runs of Latin letters and digits that contain at least two letters
/// (`KF-21` → `kf-21`, `HBM3E` → `hbm3e`, `U.S.` → `us`).
fn latin_tokens(text: &str) -> Vec<String> {
    latin_tokens_where(text, |_| true)
}

/// [`latin_tokens`] that `keep` accepts.
fn latin_tokens_where(text: &str, keep: impl Fn(&str) -> bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut lower = String::new();
    let mut flush = |cur: &mut String| {
        lower.clear();
        lower.extend(cur.trim_matches('-').chars().map(|c| c.to_ascii_lowercase()));
        if lower.bytes().filter(u8::is_ascii_alphabetic).count() >= 2 && keep(&lower) {
            out.push(lower.clone());
        }
        cur.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || (c == '-' && !cur.is_empty()) {
            cur.push(c);
        } else if c == '.' && cur.len() == 1 && cur.chars().all(|c| c.is_ascii_uppercase()) {
            // U.S., U.N.: keep the letters together.
            continue;
        } else {
            flush(&mut cur);
        }
    }
    flush(&mut cur);
    out.retain(|t| !t.chars().next().is_some_and(|c| c.is_ascii_digit()) || t.chars().any(|c| c.is_ascii_alphabetic()));
    out
}

/// English number words for units of magnitude.
fn english_scale(word: &str) -> Option<f64> {
    match word {
        "thousand" => Some(1e3),
        "million" | "mln" | "mn" => Some(1e6),
        "billion" | "bln" | "bn" => Some(1e9),
        "trillion" | "tn" => Some(1e12),
        _ => None,
    }
}

fn korean_scale(c: char) -> Option<f64> {
    match c {
        '천' => Some(1e3),
        '만' => Some(1e4),
        '억' => Some(1e8),
        '조' => Some(1e12),
        _ => None,
    }
}

/// English month names and abbreviations, to their number (`Nov.` ↔ `11월`).
fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    let n = match w.as_str() {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sept" | "sep" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    };
    Some(n)
}

/// Formats a value canonically: integers without separators, decimals trimmed.
fn canonical(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        let s = format!("{v:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// Numbers in the text as canonical values. Korean magnitude suffixes (`만`, `억`, `조`) and
/// English scale words (`million`, `billion`) are applied, so `1억 달러` and `$100 million`
/// agree; English month names count as their number, as Korean writes `11월`.
fn numbers(text: &str, script: Script) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let start = i;
            let mut digits = String::new();
            while i < chars.len() {
                let d = chars[i];
                if d.is_ascii_digit() {
                    digits.push(d);
                } else if d == ','
                    && i > start
                    && chars.get(i + 1..i + 4).is_some_and(|s| s.iter().all(char::is_ascii_digit))
                {
                    // thousands separator: skip
                } else if d == '.' && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit()) && !digits.contains('.') {
                    digits.push('.');
                } else {
                    break;
                }
                i += 1;
            }
            let Ok(mut value) = digits.parse::<f64>() else { continue };
            match script {
                Script::Korean => {
                    // 1조 2,000억 is one number; compose consecutive magnitudes.
                    if let Some(scale) = chars.get(i).copied().and_then(korean_scale) {
                        value *= scale;
                        i += 1;
                        // 1조2000억: a following smaller magnitude adds on.
                        let mut k = i;
                        while k < chars.len() && chars[k] == ' ' {
                            k += 1;
                        }
                        let mut rest = String::new();
                        let mut m = k;
                        while m < chars.len() && (chars[m].is_ascii_digit() || chars[m] == ',') {
                            if chars[m].is_ascii_digit() {
                                rest.push(chars[m]);
                            }
                            m += 1;
                        }
                        if let (Ok(r), Some(s2)) = (rest.parse::<f64>(), chars.get(m).copied().and_then(korean_scale)) {
                            if s2 < scale {
                                value += r * s2;
                                i = m + 1;
                            }
                        }
                    }
                }
                Script::English => {
                    let mut j = i;
                    while j < chars.len() && chars[j] == ' ' {
                        j += 1;
                    }
                    let word: String = chars[j..].iter().take_while(|c| c.is_ascii_alphabetic()).collect();
                    if let Some(scale) = english_scale(&word.to_ascii_lowercase()) {
                        value *= scale;
                        i = j + word.len();
                    }
                }
            }
            out.push(canonical(value));
        } else if script == Script::English && c.is_ascii_uppercase() && (i == 0 || !chars[i - 1].is_alphanumeric()) {
            let word: String = chars[i..].iter().take_while(|c| c.is_ascii_alphabetic()).collect();
            let len = word.len();
            if let Some(m) = month_number(&word) {
                // `May` is also a verb; count it only before a day number.
                let followed_by_day =
                    chars[i + len..].iter().find(|c| **c != '.' && **c != ' ').is_some_and(|c| c.is_ascii_digit());
                if word != "May" || followed_by_day {
                    out.push(m.to_string());
                }
            }
            i += len.max(1);
        } else {
            i += 1;
        }
    }
    out
}

/// The anchors of whole blocks of one side, every Latin token kept (for checking a block
/// against the other side's: see [`shares_anchors`]).
pub fn block_anchors(blocks: &[Block], side: Side) -> Vec<Anchors> {
    let anchors = match side {
        Side::Ko => korean_anchors,
        Side::En => english_anchors,
    };
    blocks.iter().map(|b| anchors(&b.text)).collect()
}

/// Whether a block's anchors have a Latin-script word that some anchors of the other side
/// have too. Only words of four letters or more count: numbers and short tokens recur by chance.
pub fn shares_anchors(anchors: &Anchors, other: &[Anchors]) -> bool {
    let mine: Vec<&String> =
        anchors.latin.iter().filter(|t| t.chars().filter(char::is_ascii_alphabetic).count() >= 4).collect();
    !mine.is_empty() && other.iter().any(|o| o.latin.iter().any(|a| mine.contains(&a)))
}

/// Dice overlap of two multisets: 2·|A∩B| / (|A|+|B|), in [0, 1]; 0 when both are empty.
pub fn dice<T: PartialEq>(a: &[T], b: &[T]) -> f32 {
    if a.is_empty() || b.is_empty() {
        // Nothing in common: 0, as the formula gives (and 0 for two empty sets).
        return 0.0;
    }
    // On the stack for the few anchors or names of a bead (this runs for every bead tried).
    let mut b_left: smallvec::SmallVec<[&T; 32]> = b.iter().collect();
    let mut common = 0usize;
    for x in a {
        if let Some(p) = b_left.iter().position(|y| *y == x) {
            b_left.swap_remove(p);
            common += 1;
        }
    }
    2.0 * common as f32 / (a.len() + b.len()) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_agree_across_scripts_and_units() {
        assert_eq!(korean_anchors("1,200명이 참석했다").numbers, vec!["1200"]);
        assert_eq!(english_anchors("1,200 people attended").numbers, vec!["1200"]);
        assert_eq!(korean_anchors("2.5% 늘었다").numbers, english_anchors("rose 2.5 percent").numbers);
        assert_eq!(korean_anchors("1억 달러").numbers, english_anchors("$100 million").numbers);
        assert_eq!(korean_anchors("3조 원").numbers, english_anchors("3 trillion won").numbers);
        assert_eq!(korean_anchors("1조 2,000억 원").numbers, english_anchors("1.2 trillion won").numbers);
        assert_eq!(korean_anchors("2024년 11월 16일").numbers, vec!["2024", "11", "16"]);
        assert_eq!(english_anchors("Nov. 16, 2024").numbers, vec!["11", "16", "2024"]);
        assert_eq!(english_anchors("They may go").numbers, Vec::<String>::new());
    }

    #[test]
    fn latin_tokens_inside_korean() {
        assert_eq!(korean_anchors("APEC 정상회의와 KF-21, U.S. 협력").latin, vec!["apec", "kf-21", "us"]);
        assert_eq!(korean_anchors("삼성 HBM3E 공급").latin, vec!["hbm3e"]);
    }

    #[test]
    fn dice_is_size_neutral() {
        let a = vec!["1".to_string(), "2".to_string()];
        assert_eq!(dice(&a, &a), 1.0);
        assert_eq!(dice(&a, &["1".to_string()]), 2.0 / 3.0);
        assert_eq!(dice::<String>(&[], &[]), 0.0);
    }
}
