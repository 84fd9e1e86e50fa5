//! Sentence splitting for Korean and English news prose.
//!
//! A boundary is sentence-final punctuation (with any closing quotes or brackets after it)
//! followed by white space. What is *not* a boundary: a period inside a quotation that the
//! Korean sentence goes on after (`"…했다."고 밝혔다`, no space after the quote), decimals and
//! numbers (`2.5%`, `1,200`), English abbreviations and initials (`U.S.`, `Mr.`, `Nov. 16`,
//! `J. K.`), and an ellipsis or period followed by a lower-case word. A headline without
//! final punctuation is one sentence.

use crate::text_shape::{is_sentence_closer, is_sentence_stop};

/// Splits a block into sentences; returns byte ranges into `text` (trimmed).
pub fn split_sentences(text: &str) -> Vec<std::ops::Range<usize>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut i = 0usize;
    while i < chars.len() {
        let (_, c) = chars[i];
        if is_sentence_stop(c) {
            // Swallow runs of terminals and closing quotes/brackets: `?!`, `..."`, `.)`.
            let mut j = i + 1;
            while j < chars.len() && (is_sentence_stop(chars[j].1) || is_sentence_closer(chars[j].1)) {
                j += 1;
            }
            let followed_by_space = j < chars.len() && chars[j].1.is_whitespace();
            if followed_by_space && is_boundary(text, &chars, i, j) {
                let end = chars[j].0;
                push_trimmed(text, start, end, &mut out);
                start = end;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<std::ops::Range<usize>>) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        out.push(start + lead..start + lead + trimmed.len());
    }
}

/// Words after which a period does not end an English sentence.
#[rustfmt::skip]
fn is_abbreviation(word: &str) -> bool {
    matches!(
        word,
        "mr" | "mrs" | "ms" | "dr" | "prof" | "sen" | "rep" | "gov" | "gen" | "lt" | "col" | "capt" | "sgt" | "st"
            | "jr" | "sr" | "inc" | "corp" | "co" | "ltd" | "no" | "nos" | "vs" | "etc" | "approx" | "dept" | "est"
            | "fig" | "jan" | "feb" | "mar" | "apr" | "jun" | "jul" | "aug" | "sep" | "sept" | "oct" | "nov" | "dec"
            | "mt" | "ft" | "pres" | "rev" | "hon" | "adm" | "cmdr" | "maj" | "u.s" | "u.n" | "u.k" | "e.g" | "i.e"
            | "a.m" | "p.m" | "d.c" | "u.s.a" | "e.u" | "s" | "n.k"
    )
}

fn is_boundary(text: &str, chars: &[(usize, char)], term: usize, after: usize) -> bool {
    let c = chars[term].1;
    // The next word: lower-case after a period or ellipsis means the sentence goes on.
    let mut k = after;
    while k < chars.len() && chars[k].1.is_whitespace() {
        k += 1;
    }
    let Some(&(_, next)) = chars.get(k) else { return true };
    if next.is_lowercase() && (c == '.' || c == '…') {
        return false;
    }
    if c != '.' {
        return true;
    }
    // The word before the period.
    let mut b = term;
    while b > 0 && !chars[b - 1].1.is_whitespace() && !matches!(chars[b - 1].1, '(' | '"' | '“' | '‘' | '\'') {
        b -= 1;
    }
    let word = &text[chars[b].0..chars[term].0];
    let lower = word.to_lowercase();
    if is_abbreviation(&lower) {
        // `U.S.` at the end of a sentence is followed by a new sentence more often than not
        // only when the next word is capitalised *and* common; keep it simple: not a boundary
        // unless the next character starts a quote or is Hangul.
        return !next.is_alphanumeric() || crate::lang::is_hangul(next);
    }
    // A single capital letter is an initial (`J. K. Rowling`), not a sentence.
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() == 1 && letters[0].is_uppercase() && word.chars().all(|c| c.is_alphabetic() || c == '.') {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(t: &str) -> Vec<&str> {
        split_sentences(t).into_iter().map(|r| &t[r]).collect()
    }

    #[test]
    fn english_abbreviations_and_numbers() {
        assert_eq!(
            split("U.S. Sen. Elizabeth Warren spoke on Nov. 16 in Washington. Exports rose 2.5% to $1,200. Mr. Kim agreed."),
            vec!["U.S. Sen. Elizabeth Warren spoke on Nov. 16 in Washington.", "Exports rose 2.5% to $1,200.", "Mr. Kim agreed."]
        );
    }

    #[test]
    fn quotations_and_korean_endings() {
        assert_eq!(
            split("그는 \"협력을 강화하겠다.\"고 밝혔다. 이어 ‘중요한 날’이라고 덧붙였다."),
            vec!["그는 \"협력을 강화하겠다.\"고 밝혔다.", "이어 ‘중요한 날’이라고 덧붙였다."]
        );
        assert_eq!(split("“가겠습니다.” 그가 말했다."), vec!["“가겠습니다.”", "그가 말했다."]);
        assert_eq!(split("He said: \"We will go.\" Then he left."), vec!["He said: \"We will go.\"", "Then he left."]);
    }

    #[test]
    fn ellipses_doubled_periods_and_headlines() {
        assert_eq!(
            split("He paused... and went on. Then?! Yes.."),
            vec!["He paused... and went on.", "Then?!", "Yes.."]
        );
        assert_eq!(split("수출 2.5% 증가…반도체 호조"), vec!["수출 2.5% 증가…반도체 호조"]);
        assert_eq!(split("South Korea, Peru to expand cooperation"), vec!["South Korea, Peru to expand cooperation"]);
    }

    #[test]
    fn initials_do_not_end_sentences() {
        assert_eq!(split("J. K. Rowling wrote it. It sold."), vec!["J. K. Rowling wrote it.", "It sold."]);
    }
}
