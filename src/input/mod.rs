//! Reading inputs: files to decoded text, text to blocks, manifests to document lists.
//! This is the only stage that touches the file system for page content.

pub mod encoding;
pub mod html;
pub mod manifest;
pub mod text;

use crate::error::{Error, Result};
use crate::lang;
use crate::model::{Block, Side};
use crate::normalize::normalize;
use std::path::Path;

/// Reads a page from disk as text. A UTF-8 byte-order mark is dropped; bytes that are not
/// UTF-8 are an error that names the file (the page is not guessed at).
pub fn read_page(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read { path: path.to_owned(), source })?;
    decode_page(&bytes, path)
}

/// Decodes a page's bytes (see [`read_page`]); `path` is only used in error messages.
pub fn decode_page(bytes: &[u8], path: &Path) -> Result<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(Error::Decode { path: path.to_owned(), problem: "binary file (NUL bytes), not a text page".into() });
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => Err(Error::Decode {
            path: path.to_owned(),
            problem: format!("not valid UTF-8 (first bad byte at offset {})", e.valid_up_to()),
        }),
    }
}

/// Splits a plain-text page into blocks: normalised, language-detected, numbered from 0.
/// Blocks that normalise to nothing (only invisible characters) are dropped before numbering.
pub fn text_blocks(page: &str, side: Side) -> Vec<Block> {
    text::split_paragraphs(page)
        .into_iter()
        .filter_map(|span| {
            let text = normalize(&page[span.clone()]);
            (!text.is_empty()).then_some((span, text))
        })
        .enumerate()
        .map(|(index, (span, text))| Block { side, index, span, lang: lang::detect(&text), text })
        .collect()
}
