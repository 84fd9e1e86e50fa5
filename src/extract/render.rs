//! An article as Markdown or plain text.

use super::Article;

/// `# title`, the line of date · author · URL (what is known), then the blocks, headings as
/// `##`; every part separated by a blank line, the whole ending in a line break.
pub(super) fn markdown(article: &Article) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(title) = &article.title {
        parts.push(format!("# {}", escape_start(title)));
    }
    let known: Vec<&str> =
        [&article.date, &article.author, &article.url].into_iter().filter_map(|f| f.as_deref()).collect();
    if !known.is_empty() {
        parts.push(escape_start(&known.join(" · ")));
    }
    for b in &article.blocks {
        parts.push(if b.heading { format!("## {}", escape_start(&b.text)) } else { escape_start(&b.text) });
    }
    finish(parts)
}

/// The title, then the blocks, separated by blank lines, ending in a line break.
pub(super) fn text(article: &Article) -> String {
    let parts = article.title.iter().cloned().chain(article.blocks.iter().map(|b| b.text.clone())).collect();
    finish(parts)
}

fn finish(parts: Vec<String>) -> String {
    let mut out = parts.join("\n\n");
    out.push('\n');
    out
}

/// A line with the Markdown syntax it would start escaped, so that it stays a paragraph:
/// a heading or quote mark, a list or rule marker, a fence, a table bar, an HTML tag, or a
/// number followed by `.` or `)` (an ordered list).
fn escape_start(line: &str) -> String {
    let first = line.chars().next();
    if first.is_some_and(|c| matches!(c, '#' | '>' | '-' | '+' | '*' | '=' | '_' | '`' | '~' | '|' | '<')) {
        return format!("\\{line}");
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let marker = line.as_bytes().get(digits).filter(|b| matches!(b, b'.' | b')'));
    let then_space = line.as_bytes().get(digits + 1).is_none_or(|b| b.is_ascii_whitespace());
    if (1..=9).contains(&digits) && marker.is_some() && then_space {
        return format!("{}\\{}", &line[..digits], &line[digits..]);
    }
    line.to_owned()
}

#[cfg(test)]
mod tests {
    use super::escape_start;

    #[test]
    fn lines_that_would_start_markdown_syntax_are_escaped() {
        for (line, expected) in [
            ("# 1 in the charts", "\\# 1 in the charts"),
            ("- 5% on the year", "\\- 5% on the year"),
            ("> quoted", "\\> quoted"),
            ("1. First", "1\\. First"),
            ("2024) was a year", "2024\\) was a year"),
            ("2024. 11. 17.", "2024\\. 11. 17."),
            ("<b>", "\\<b>"),
            ("2.5% growth", "2.5% growth"),
            ("1,000 people", "1,000 people"),
            ("정부는 수출이 늘었다고 밝혔다.", "정부는 수출이 늘었다고 밝혔다."),
            ("", ""),
        ] {
            assert_eq!(escape_start(line), expected, "{line}");
        }
    }
}
