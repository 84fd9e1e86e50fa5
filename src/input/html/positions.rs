//! Source spans: where each block's first text node is written in the HTML source, found by
//! reading the source forward as the walk goes, with entities decoded and CR LF folded as the
//! parser does.

use std::ops::Range;

/// Finds text nodes in the HTML source, moving forward through it as the walk does.
///
/// A text node's text has its entities decoded and its CR LF folded by the parser, so it
/// is matched against the source with `&...;` entities decoded and any run of white space
/// matching any other. Matches must lie in text content, not inside a tag (an `alt` or
/// `content` attribute often repeats a paragraph). The total scanning work is bounded
/// (a few passes over the source): past that, spans are given up rather than letting a
/// pathological page take quadratic time.
pub(super) struct Locator<'s> {
    source: &'s str,
    cursor: usize,
    budget: usize,
    /// Bytes read so far by every attempted match (kept to test the bound).
    #[cfg(test)]
    work: usize,
}

impl<'s> Locator<'s> {
    pub(super) fn new(source: &'s str) -> Self {
        Locator {
            source,
            cursor: 0,
            budget: source.len().saturating_mul(8).saturating_add(1 << 16),
            #[cfg(test)]
            work: 0,
        }
    }

    /// Counts bytes read against the budget; false once it is spent.
    fn spend(&mut self, scanned: usize) -> bool {
        #[cfg(test)]
        {
            self.work += scanned;
        }
        self.budget = self.budget.saturating_sub(scanned);
        self.budget > 0
    }

    /// The source range of `text` (a trimmed text node), searching from the cursor; moves
    /// the cursor past it when found. Every attempt counts what it read against the budget:
    /// a near match repeated in an attribute would otherwise cost the square of its length.
    pub(super) fn find(&mut self, text: &str) -> Option<Range<usize>> {
        let first = text.chars().next()?;
        let tail = self.source.get(self.cursor..)?;
        if self.budget == 0 {
            return None;
        }
        let wanted: Vec<char> = text.chars().collect();
        for (offset, _) in tail.match_indices([first, '&']) {
            let start = self.cursor + offset;
            let matched = match_decoded(self.source, start, &wanted);
            let Ok(end) = matched else {
                if !self.spend(matched.unwrap_or_else(|reached| reached) - start) {
                    return None;
                }
                continue;
            };
            let (in_text, back) = in_text_content(self.source, start);
            if in_text {
                let spent = end - self.cursor + back;
                self.cursor = end;
                self.spend(spent);
                return Some(start..end);
            }
            if !self.spend(end - start + back) {
                return None;
            }
        }
        self.spend(tail.len());
        None
    }

    /// Moves the cursor past the raw text (no entities) of a skipped element such as a
    /// script or style, so that text inside it is not mistaken for a later block's.
    pub(super) fn skip_raw(&mut self, text: &str) {
        let text = text.trim();
        let Some(first_line) = text.lines().next().filter(|l| !l.is_empty()) else { return };
        let Some(tail) = self.source.get(self.cursor..) else { return };
        if self.budget == 0 {
            return;
        }
        for (offset, _) in tail.match_indices(first_line) {
            let start = self.cursor + offset;
            let matched = match_raw(self.source, start, text);
            let Ok(end) = matched else {
                if !self.spend(matched.unwrap_or_else(|reached| reached) - start) {
                    return;
                }
                continue;
            };
            let (in_text, back) = in_text_content(self.source, start);
            if in_text {
                let spent = end - self.cursor + back;
                self.cursor = end;
                self.spend(spent);
                return;
            }
            if !self.spend(end - start + back) {
                return;
            }
        }
        self.spend(tail.len());
    }
}

/// The end of `text` written raw (no entities) at `start` in `source`, where the source
/// may have CR LF or CR for the parser's LF; else how far the source was read before it
/// differed.
fn match_raw(source: &str, start: usize, text: &str) -> Result<usize, usize> {
    let bytes = source.as_bytes();
    let mut at = start;
    for &b in text.as_bytes() {
        match bytes.get(at) {
            Some(&s) if s == b => at += 1,
            Some(b'\r') if b == b'\n' => at += if bytes.get(at + 1) == Some(&b'\n') { 2 } else { 1 },
            _ => return Err(at),
        }
    }
    Ok(at)
}

/// One character of source text as the parser reads it.
enum Unit {
    Char(char),
    /// A decoded character reference (usually one character, a few expand to two).
    Decoded(String),
}

impl Unit {
    fn is_space(&self) -> bool {
        match self {
            Unit::Char(c) => c.is_whitespace(),
            Unit::Decoded(s) => !s.is_empty() && s.chars().all(char::is_whitespace),
        }
    }
}

/// Reads the unit at `at`: a character reference (with or without the semicolon, as
/// browsers accept for the legacy names), a line break (CR LF and CR read as LF), or a
/// character. Returns it with the offset after it.
fn read_unit(source: &str, at: usize) -> Option<(Unit, usize)> {
    let rest = source.get(at..)?;
    let c = rest.chars().next()?;
    match c {
        '&' => {
            let name_len = rest[1..].bytes().take(32).take_while(|b| b.is_ascii_alphanumeric() || *b == b'#').count();
            if name_len > 0 {
                let with_semicolon = rest.as_bytes().get(1 + name_len) == Some(&b';');
                let reference = &rest[..1 + name_len + usize::from(with_semicolon)];
                let decoded = htmlize::unescape(reference);
                if decoded != reference {
                    // Without a semicolon only a prefix may be a reference (`&nbspX` is
                    // U+00A0 then `X`): the literal tail is what both strings end with.
                    let tail = if with_semicolon { 0 } else { common_suffix_len(reference, &decoded) };
                    let decoded = &decoded[..decoded.len() - tail];
                    return Some((Unit::Decoded(decoded.to_owned()), at + reference.len() - tail));
                }
            }
            Some((Unit::Char('&'), at + 1))
        }
        '\r' => Some((Unit::Char('\n'), at + if rest.as_bytes().get(1) == Some(&b'\n') { 2 } else { 1 })),
        _ => Some((Unit::Char(c), at + c.len_utf8())),
    }
}

/// The length in bytes of the longest common suffix of `a` and `b` that leaves at least
/// the `&` of `a` (whole characters only).
fn common_suffix_len(a: &str, b: &str) -> usize {
    a[1..].chars().rev().zip(b.chars().rev()).take_while(|(x, y)| x == y).map(|(x, _)| x.len_utf8()).sum()
}

/// The end of `text` (decoded, as the parser produced it) if the source at `start` reads as
/// it, with entities decoded and any run of white space matching any other; else how far
/// the source was read before it differed.
fn match_decoded(source: &str, start: usize, text: &[char]) -> Result<usize, usize> {
    let mut at = start;
    let mut i = 0;
    while i < text.len() {
        if text[i].is_whitespace() {
            while text.get(i).is_some_and(|c| c.is_whitespace()) {
                i += 1;
            }
            let mut seen = false;
            while let Some((_, next)) = read_unit(source, at).filter(|(u, _)| u.is_space()) {
                at = next;
                seen = true;
            }
            if !seen {
                return Err(at);
            }
            continue;
        }
        let (unit, next) = read_unit(source, at).ok_or(at)?;
        match unit {
            Unit::Char(c) => {
                if c != text[i] {
                    return Err(at);
                }
                i += 1;
            }
            Unit::Decoded(s) => {
                for c in s.chars() {
                    if text.get(i) != Some(&c) {
                        return Err(at);
                    }
                    i += 1;
                }
            }
        }
        at = next;
    }
    Ok(at)
}

/// Whether `at` is in text content (the nearest `<` or `>` before it is a `>`), and how many
/// bytes were read back to find out.
fn in_text_content(source: &str, at: usize) -> (bool, usize) {
    match source[..at].rfind(['<', '>']) {
        Some(p) => (source.as_bytes()[p] == b'>', at - p),
        None => (true, at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_matches_in_an_attribute_cost_a_bounded_scan() {
        // Every `a` of the attribute starts a match that runs to the attribute's end: the
        // square of its length, unless failed candidates count against the budget.
        let run = "a ".repeat(20_000);
        let source = format!("<div title=\"{run}\">{run}</div>");
        let mut locator = Locator::new(&source);
        let _ = locator.find(run.trim());
        // The budget, and one attempt past it.
        let bound = source.len() * 9 + (1 << 16);
        assert!(locator.work <= bound, "{} bytes read for {} bytes of source", locator.work, source.len());
    }
}
