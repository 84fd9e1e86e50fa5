//! Reading inputs: files to decoded text, text to blocks, manifests to document lists.
//! This is the only stage that touches the file system for page content.

pub mod bounded;
pub mod compressed;
pub mod encoding;
pub mod html;
pub mod load;
pub mod manifest;
pub mod text;
pub mod warc;

use crate::error::{Error, Result};
use crate::lang;
use crate::model::{Block, DomFacts, Side, SkippedText};
use crate::normalize::normalize;
use std::path::Path;
use std::sync::Arc;

/// What kind of page a file is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum InputKind {
    /// Decide from the file: an `.htm`/`.html` name or markup at its start means HTML.
    #[default]
    Auto,
    /// Plain text.
    Text,
    /// An HTML page.
    Html,
}

impl crate::choice::Choice for InputKind {
    const CHOICES: &'static [(&'static str, Self)] =
        &[("auto", InputKind::Auto), ("text", InputKind::Text), ("html", InputKind::Html)];
}

/// How to read a page's bytes and cut it into blocks.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ReadOptions {
    /// Text or HTML (or sniff).
    pub kind: InputKind,
    /// How plain text is cut into blocks.
    pub blocks: text::BlockMode,
    /// A declared encoding label for the file (`euc-kr`), or `auto` to detect one; by default
    /// plain text must be UTF-8 and HTML follows its BOM, `<meta>` charset or detection.
    pub encoding: Option<String>,
}

impl ReadOptions {
    /// These options with a document's own input kind and encoding, where it gives them (a
    /// manifest's `input` and `encoding` columns, a binding's per-row values).
    pub fn overridden(&self, kind: Option<InputKind>, encoding: Option<&str>) -> ReadOptions {
        ReadOptions {
            kind: kind.unwrap_or(self.kind),
            blocks: self.blocks,
            encoding: encoding.map(str::to_owned).or_else(|| self.encoding.clone()),
        }
    }
}

/// What is known about a page besides its blocks.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PageInfo {
    /// The HTML `<title>`, if any.
    pub title: Option<String>,
    /// The language the page declares (`<html lang>`, as written), if any.
    pub lang: Option<String>,
    /// The encoding the bytes were read in.
    pub encoding: &'static str,
    /// The charset an HTML page declared, when its bytes did not fit it and were read in
    /// `encoding` instead (see [`encoding::decode_html`]); `None` otherwise.
    pub declared_encoding: Option<&'static str>,
    /// Malformed byte sequences replaced by U+FFFD.
    pub replaced: usize,
    /// What an HTML page's markup says about the page as a whole (`None` for text).
    pub dom: Option<Arc<DomFacts>>,
    /// The page's address: the target URI of the WARC record it was read from, else the
    /// canonical URL its markup declares.
    pub url: Option<String>,
    /// When the page was fetched: its WARC record's `WARC-Date`, as written.
    pub fetched: Option<String>,
}

impl PageInfo {
    /// The URL the input states for the page: its WARC record's target URI (a record has a
    /// `WARC-Date`); not a canonical URL its markup declares (see [`crate::DocumentMeta`]).
    pub fn record_url(&self) -> Option<String> {
        self.fetched.as_ref().and(self.url.clone())
    }
}

/// A page read into blocks.
#[derive(Clone, Debug, Default)]
pub struct Page {
    /// Its blocks, numbered from 0.
    pub blocks: Vec<Block>,
    /// Its title, declared language and encoding.
    pub info: PageInfo,
}

/// Reads a page's bytes into blocks; `path` names it in errors and helps sniff its kind.
pub fn page_from_bytes(bytes: &[u8], path: &Path, side: Side, options: &ReadOptions) -> Result<Page> {
    let kind = match options.kind {
        InputKind::Auto => sniff(path, bytes),
        k => k,
    };
    let decode_error = |p: encoding::DecodeProblem| Error::Decode { path: path.to_owned(), problem: p.to_string() };
    let decoded = match (options.encoding.as_deref(), kind) {
        (Some(label), _) if label.eq_ignore_ascii_case("auto") => match kind {
            InputKind::Html => encoding::decode_html(bytes),
            _ => encoding::decode_text(bytes),
        },
        (Some(label), _) => encoding::decode_declared(bytes, label),
        (None, InputKind::Html) => encoding::decode_html(bytes),
        (None, _) => encoding::decode_utf8(bytes),
    }
    .map_err(decode_error)?;
    let (blocks, title, lang, dom) = match kind {
        InputKind::Html => {
            let parsed =
                html::parse_html(&decoded.text).map_err(|cap| Error::HtmlCap { path: path.to_owned(), cap })?;
            let (blocks, kept_before) = html_blocks(parsed.blocks, side);
            let last = blocks.len().saturating_sub(1);
            let skipped = parsed
                .skipped
                .into_iter()
                .filter_map(|s| {
                    let text = normalize(&s.text);
                    let block = kept_before.get(s.block).copied().unwrap_or(last).min(last);
                    (!text.is_empty()).then_some(SkippedText { element: s.element, text, block })
                })
                .collect();
            let dom = DomFacts {
                containers: parsed.containers,
                ld_article_body: parsed.ld_article_body,
                declared_titles: parsed.meta_title.iter().chain(&parsed.title).cloned().collect(),
                skipped,
                canonical_url: parsed.canonical_url,
                alternates: parsed.alternates,
                published: parsed.published,
                author: parsed.author,
            };
            (blocks, parsed.title, parsed.lang, Some(Arc::new(dom)))
        }
        _ => (text_blocks_with(&decoded.text, side, options.blocks), None, None, None),
    };
    if blocks.is_empty() {
        return Err(Error::Empty { path: path.to_owned() });
    }
    let info = PageInfo {
        title,
        lang,
        encoding: decoded.encoding,
        declared_encoding: decoded.declared,
        replaced: decoded.replaced,
        url: dom.as_ref().and_then(|d| d.canonical_url.clone()),
        fetched: None,
        dom,
    };
    Ok(Page { blocks, info })
}

/// A block with Latin letters, which an undecided block's side follows (a two-word English
/// line is too short for the language model).
pub(crate) fn written_in_latin(b: &Block) -> bool {
    b.text.chars().any(lang::is_latin_letter)
}

/// Splits one bilingual page's blocks into the Korean and the English edition by detected
/// language, whatever the layout (interleaved or one edition after the other). Korean and
/// mixed blocks go to the Korean side, English (and other Latin-script text) to the English
/// side; a block without letters follows its neighbour. Block indices stay those of the page.
pub fn split_by_language(blocks: Vec<Block>) -> (Vec<Block>, Vec<Block>) {
    let decided: Vec<Option<Side>> = blocks
        .iter()
        .map(|b| match b.lang.lang {
            crate::model::Lang::Ko | crate::model::Lang::Mixed => Some(Side::Ko),
            crate::model::Lang::En => Some(Side::En),
            // Too short for the model, but written in Latin letters: the English side.
            _ if written_in_latin(b) => Some(Side::En),
            _ => None,
        })
        .collect();
    let mut sides = Vec::with_capacity(blocks.len());
    for i in 0..blocks.len() {
        let side = decided[i]
            .or_else(|| decided[..i].iter().rev().flatten().next().copied())
            .or_else(|| decided[i + 1..].iter().flatten().next().copied())
            .unwrap_or(Side::En);
        sides.push(side);
    }
    let (mut ko, mut en) = (Vec::new(), Vec::new());
    for (mut b, side) in blocks.into_iter().zip(sides) {
        b.side = side;
        if side == Side::Ko {
            ko.push(b)
        } else {
            en.push(b)
        }
    }
    (ko, en)
}

/// HTML if the file name says so (`page.html`, or `page.html.gz` once decompressed) or the
/// bytes open with markup.
pub(crate) fn sniff(path: &Path, bytes: &[u8]) -> InputKind {
    let ext = |p: &Path| p.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let ext = match ext(path).as_deref() {
        Some("gz" | "zst" | "zstd") => path.file_stem().and_then(|stem| ext(Path::new(stem))),
        other => other.map(str::to_owned),
    };
    if matches!(ext.as_deref(), Some("html" | "htm" | "xhtml")) {
        return InputKind::Html;
    }
    let head: Vec<u8> = bytes
        .iter()
        .take(1024)
        .copied()
        .skip_while(|b| b.is_ascii_whitespace() || *b == 0xEF || *b == 0xBB || *b == 0xBF)
        .take(64)
        .collect();
    let head = String::from_utf8_lossy(&head).to_ascii_lowercase();
    let markup = head.starts_with('<') && bytes.windows(2).take(65_536).any(|w| w == b"</");
    if markup || head.starts_with("<!doctype html") || head.starts_with("<html") {
        InputKind::Html
    } else {
        InputKind::Text
    }
}

/// Turns extracted HTML blocks into normalised, language-detected blocks with their markup
/// hints; and, for each extracted block, the index its next kept block gets (blocks that
/// normalise to nothing are dropped before numbering).
fn html_blocks(blocks: Vec<html::HtmlBlock>, side: Side) -> (Vec<Block>, Vec<usize>) {
    let mut kept_before = Vec::with_capacity(blocks.len() + 1);
    let mut kept = Vec::with_capacity(blocks.len());
    for b in blocks {
        kept_before.push(kept.len());
        let text = normalize(&b.text);
        if text.is_empty() {
            continue;
        }
        let lang = lang::detect(&text);
        kept.push(Block { side, index: kept.len(), span: b.span, lang, text, structure: Some(Box::new(b.hints)) });
    }
    kept_before.push(kept.len());
    (kept, kept_before)
}

/// Splits a plain-text page into blocks (deciding how from the page itself, see
/// [`text::BlockMode::Auto`]): normalised, language-detected, numbered from 0.
pub fn text_blocks(page: &str, side: Side) -> Vec<Block> {
    text_blocks_with(page, side, text::BlockMode::Auto)
}

/// Splits a plain-text page into blocks the given way. Blocks that normalise to nothing
/// (only invisible characters) are dropped before numbering.
pub fn text_blocks_with(page: &str, side: Side, mode: text::BlockMode) -> Vec<Block> {
    text::split_blocks(page, mode)
        .into_iter()
        .filter_map(|span| {
            let text = normalize(&page[span.clone()]);
            (!text.is_empty()).then_some((span, text))
        })
        .enumerate()
        .map(|(index, (span, text))| Block { side, index, span, lang: lang::detect(&text), text, structure: None })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bilingual_page_splits_by_language_in_either_layout() {
        for page in [
            "정부는 수출이 늘었다고 밝혔다.\n\nThe government said exports rose.\n\n2024.11.17\n\n수입은 줄었다.\n\nImports fell.",
            "정부는 수출이 늘었다고 밝혔다.\n\n수입은 줄었다.\n\n2024.11.17\n\nThe government said exports rose.\n\nImports fell.",
        ] {
            let (ko, en) = split_by_language(text_blocks(page, Side::En));
            assert_eq!(ko.len() + en.len(), 5);
            assert!(ko.iter().all(|b| b.side == Side::Ko) && en.iter().all(|b| b.side == Side::En));
            assert_eq!(ko.iter().filter(|b| b.text.contains("다.")).count(), 2);
            assert_eq!(en.iter().filter(|b| b.text.ends_with('.') && b.text.contains(' ')).count(), 2);
        }
    }

    #[test]
    fn html_is_sniffed_and_legacy_text_needs_a_declaration() {
        let html = "<!DOCTYPE html><html><head><title>T</title></head><body><p>정부는 수출이 늘었다고 밝혔다.</p><p>닫기</p></body></html>";
        let page = page_from_bytes(html.as_bytes(), Path::new("x"), Side::Ko, &ReadOptions::default()).unwrap();
        assert_eq!(page.blocks.len(), 2);
        assert_eq!(page.info.title.as_deref(), Some("T"));
        assert!(page.blocks[0].structure.is_some());
        let (euc, _, _) = encoding_rs::EUC_KR.encode("정부는 수출이 늘었다고 밝혔다.");
        let err = page_from_bytes(&euc, Path::new("ko.txt"), Side::Ko, &ReadOptions::default()).unwrap_err();
        assert!(err.to_string().contains("ko.txt") && err.to_string().contains("UTF-8"), "{err}");
        let declared = ReadOptions { encoding: Some("euc-kr".into()), ..ReadOptions::default() };
        let page = page_from_bytes(&euc, Path::new("ko.txt"), Side::Ko, &declared).unwrap();
        assert_eq!(page.blocks[0].text, "정부는 수출이 늘었다고 밝혔다.");
        assert_eq!(page.info.encoding, "EUC-KR");
    }

    #[test]
    fn a_pages_identity_reaches_its_dom_facts() {
        let html = "<html lang=ko><head><link rel=canonical href='https://news.example.kr/ko/1'>\
                    <link rel=alternate hreflang=en href='/en/1'>\
                    <meta property='article:published_time' content='2024-11-17'></head>\
                    <body><p>정부는 수출이 늘었다고 밝혔다.</p></body></html>";
        let page = page_from_bytes(html.as_bytes(), Path::new("ko.html"), Side::Ko, &ReadOptions::default()).unwrap();
        let dom = page.info.dom.expect("an HTML page has DOM facts");
        assert_eq!(dom.canonical_url.as_deref(), Some("https://news.example.kr/ko/1"));
        let alternate = crate::model::Alternate { lang: "en".into(), href: "https://news.example.kr/en/1".into() };
        assert_eq!(dom.alternates, [alternate]);
        assert_eq!(dom.published.as_deref(), Some("2024-11-17"));
        // The declared language stays where it was, beside the DOM facts.
        assert_eq!(page.info.lang.as_deref(), Some("ko"));
        let text =
            page_from_bytes("정부는 수출이 늘었다.".as_bytes(), Path::new("ko.txt"), Side::Ko, &ReadOptions::default());
        assert!(text.unwrap().info.dom.is_none());
    }
}
