//! Plain-text pages: blocks are separated by blank lines.

use std::ops::Range;

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

    #[test]
    fn empty_and_blank_pages_have_no_blocks() {
        assert!(split_paragraphs("").is_empty());
        assert!(split_paragraphs(" \n\n\t\n").is_empty());
    }
}
