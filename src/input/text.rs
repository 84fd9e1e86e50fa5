//! Plain-text pages as scrapers write them: paragraphs separated by blank lines, by single
//! newlines, or both in one file; sometimes hard-wrapped at a fixed width inside sentences.

use crate::text_shape::line_ends_sentence;
use std::ops::Range;

/// How a plain-text page is cut into blocks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum BlockMode {
    /// Decide from the page: hard-wrapped text is cut at blank lines (its lines joined);
    /// otherwise every line is a block, and a line that plainly runs on into the next
    /// (no sentence end, next line starts in lower case) is joined to it.
    #[default]
    Auto,
    /// Every non-empty line is a block.
    Lines,
    /// Blocks are separated by blank lines; the lines inside one are joined.
    Paragraphs,
}

impl crate::choice::Choice for BlockMode {
    const CHOICES: &'static [(&'static str, Self)] =
        &[("auto", BlockMode::Auto), ("lines", BlockMode::Lines), ("paragraphs", BlockMode::Paragraphs)];
}

/// Splits a page into block ranges according to `mode`.
pub fn split_blocks(text: &str, mode: BlockMode) -> Vec<Range<usize>> {
    match mode {
        BlockMode::Paragraphs => split_paragraphs(text),
        BlockMode::Lines => split_lines(text),
        BlockMode::Auto => {
            if is_hard_wrapped(text) {
                split_paragraphs(text)
            } else {
                join_run_on_lines(text, split_lines(text))
            }
        }
    }
}

/// Every non-empty line, trimmed.
pub fn split_lines(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let lead = line.len() - line.trim_start().len();
        let body = line.trim();
        if !body.is_empty() {
            out.push(start + lead..start + lead + body.len());
        }
    }
    out
}

/// Hard-wrapped text: most lines of the page end near one width, and most of those end
/// inside a sentence. Line-per-paragraph text has lines of every length, ending in stops.
pub fn is_hard_wrapped(text: &str) -> bool {
    let lengths: Vec<(usize, bool)> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| (l.chars().count(), line_ends_sentence(l)))
        .collect();
    if lengths.len() < 4 {
        return false;
    }
    let mut sorted: Vec<usize> = lengths.iter().map(|(n, _)| *n).collect();
    sorted.sort_unstable();
    let width = sorted[sorted.len() * 9 / 10];
    if !(30..=160).contains(&width) {
        return false;
    }
    let near_width: Vec<&(usize, bool)> =
        lengths.iter().filter(|(n, _)| *n * 100 >= width * 80 && *n <= width + 2).collect();
    let open = near_width.iter().filter(|(_, ends)| !*ends).count();
    near_width.len() * 2 >= lengths.len() && open * 3 >= near_width.len() * 2
}

/// Joins a line to the next when it plainly runs on: no sentence end, and the next line
/// starts with a lower-case letter (a soft wrap left in line-per-paragraph text).
fn join_run_on_lines(text: &str, lines: Vec<Range<usize>>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::with_capacity(lines.len());
    for r in lines {
        if let Some(prev) = out.last_mut() {
            let prev_text = &text[prev.clone()];
            let between = &text[prev.end..r.start];
            let next_lower = text[r.clone()].chars().next().is_some_and(char::is_lowercase);
            if between.matches('\n').count() == 1 && next_lower && !line_ends_sentence(prev_text) {
                prev.end = r.end;
                continue;
            }
        }
        out.push(r);
    }
    out
}

/// Splits a page into blocks at blank lines (lines holding only white space) and returns
/// each block's byte range in `text`, trimmed of surrounding white space. Lines inside a
/// block stay in the range; normalisation folds them into one line.
pub fn split_paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut blocks = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        if line.trim().is_empty() {
            if let Some(s) = start.take() {
                blocks.push(s..end);
            }
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        if start.is_none() {
            start = Some(line_start + lead);
        }
        end = line_start + line.trim_end().len();
    }
    if let Some(s) = start {
        blocks.push(s..end);
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<&str> {
        split_paragraphs(t).into_iter().map(|r| &t[r]).collect()
    }

    #[test]
    fn splits_at_blank_lines_and_keeps_spans() {
        let t = "Title\n\n  First line\nsecond line  \n \t\nLast";
        assert_eq!(texts(t), vec!["Title", "First line\nsecond line", "Last"]);
        let spans = split_paragraphs(t);
        assert_eq!(spans[0], 0..5);
    }

    #[test]
    fn handles_crlf_and_trailing_blank_lines() {
        let t = "가\r\n\r\n나\r\n\r\n\r\n";
        assert_eq!(texts(t), vec!["가", "나"]);
    }

    fn blocks(t: &str, mode: BlockMode) -> Vec<String> {
        split_blocks(t, mode).into_iter().map(|r| t[r].split_whitespace().collect::<Vec<_>>().join(" ")).collect()
    }

    #[test]
    fn auto_mode_reads_mixed_single_and_blank_line_separators() {
        let t = "Headline here\n\nBy Someone Posted : today\nFirst paragraph ends here.\nSecond paragraph ends too.\n\nThird one.\n";
        assert_eq!(
            blocks(t, BlockMode::Auto),
            vec![
                "Headline here",
                "By Someone Posted : today",
                "First paragraph ends here.",
                "Second paragraph ends too.",
                "Third one."
            ]
        );
        assert_eq!(blocks(t, BlockMode::Lines), blocks(t, BlockMode::Auto));
        assert_eq!(blocks(t, BlockMode::Paragraphs).len(), 3);
    }

    #[test]
    fn auto_mode_joins_hard_wrapped_text() {
        let t = "The two leaders met on Saturday in Lima and agreed to expand their\n\
                 cooperation in defense, critical minerals and infrastructure, the\n\
                 presidential office said in a statement issued late in the evening.\n\n\
                 Officials said the agreements would be followed by talks between the\n\
                 companies involved, including shipbuilders and aircraft makers, early\n\
                 next year, and that a joint committee would meet twice each year.\n";
        assert!(is_hard_wrapped(t));
        let b = blocks(t, BlockMode::Auto);
        assert_eq!(b.len(), 2, "{b:?}");
        assert!(b[0].starts_with("The two leaders") && b[0].ends_with("evening."));
    }

    #[test]
    fn auto_mode_joins_a_soft_wrap_in_line_text() {
        let t = "First paragraph is long and its scraper broke it\nin the middle of a sentence.\nNext paragraph.";
        assert_eq!(
            blocks(t, BlockMode::Auto),
            vec!["First paragraph is long and its scraper broke it in the middle of a sentence.", "Next paragraph."]
        );
    }

    #[test]
    fn empty_and_blank_pages_have_no_blocks() {
        assert!(split_paragraphs("").is_empty());
        assert!(split_paragraphs(" \n\n\t\n").is_empty());
    }
}
