//! Bytes to text for pages that may not be UTF-8.
//!
//! Korean news pages are still often served in the legacy Korean encoding, labelled
//! `euc-kr` (or `ks_c_5601-1987`) but really Microsoft's code page 949 (Unified Hangul
//! Code), which adds the 8,822 syllables KS X 1001 lacks (`똠`, `햏`, `믜`, …). The
//! Encoding Standard that `encoding_rs` implements maps every one of those labels to its
//! `EUC-KR` encoding, which *is* the windows-949 superset, so a page declaring `euc-kr`
//! that uses CP949-only syllables decodes correctly instead of turning them into U+FFFD.
//!
//! The order of evidence follows what browsers do, because the pages were written for
//! browsers: a byte-order mark, then a declared charset, then the bytes themselves (valid
//! UTF-8 is UTF-8), and only then a statistical guess (chardetng, Firefox's detector).
//! Plain-text files carry no declaration, so for them a guess is only accepted when its
//! result reads as text (see [`decode_text`]).

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{DecoderResult, Encoding, UTF_8, WINDOWS_1252};

/// How many leading bytes are searched for a `<meta>` charset declaration. Browsers
/// prescan 1,024 bytes; scraped pages often put a long `<title>` or scripts first, and a
/// wider window costs nothing.
const DECLARATION_WINDOW: usize = 4096;

/// How many leading bytes are checked for NUL bytes, which text never contains (outside
/// UTF-16, which is only accepted with a byte-order mark).
const BINARY_WINDOW: usize = 8192;

/// A guessed legacy decoding of a plain-text file is accepted only when at least this share
/// of its non-space characters are letters, digits or common punctuation (see
/// [`is_texty`]). Real Korean or English prose scores above 0.97; UTF-8 Korean misread
/// as windows-1252 (`í•œêµ­ì–´`) scores around 0.7, and random bytes lower still.
pub const LEGACY_MIN_TEXT_SHARE: f32 = 0.9;

/// How the encoding was decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EncodingSource {
    /// A byte-order mark at the start of the bytes.
    Bom,
    /// A charset declared in a `<meta>` element.
    Declared,
    /// A statistical guess from the bytes (chardetng).
    Detected,
    /// No mark or declaration, and the bytes are valid UTF-8.
    Utf8,
}

/// A page's bytes decoded to text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without any byte-order mark.
    pub text: String,
    /// The name of the encoding it was decoded from, as the Encoding Standard spells it
    /// (`"UTF-8"`, `"EUC-KR"`, `"UTF-16LE"`, `"windows-1252"`, …).
    pub encoding: &'static str,
    /// How that encoding was decided.
    pub source: EncodingSource,
    /// How many malformed byte sequences were replaced by U+FFFD.
    pub replaced: usize,
    /// The encoding an HTML page's `<meta>` declared, when its bytes did not fit it and were
    /// read in `encoding` instead; `None` when the declaration was followed or absent.
    pub declared: Option<&'static str>,
}

/// Why a page's bytes were not accepted as text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeProblem {
    /// A NUL byte near the start: an image, archive or other binary file.
    #[error("binary file (NUL bytes), not a text page")]
    Binary {
        /// The offset of the first NUL byte (or NUL character, for UTF-16).
        offset: usize,
    },
    /// Not UTF-8, and no encoding was declared for it.
    #[error("not valid UTF-8 (first bad byte at offset {offset}); if the file is in a legacy encoding, declare it (--encoding euc-kr, or auto to detect)")]
    NotUtf8 {
        /// The offset of the first byte that is not valid UTF-8.
        offset: usize,
    },
    /// A declared encoding label that names no encoding.
    #[error("unknown encoding {label:?} (expected a label such as utf-8, euc-kr, cp949, windows-1252)")]
    UnknownLabel {
        /// The label as given.
        label: String,
    },
    /// An HTML page whose bytes do not fit the charset it declares, and that no other
    /// encoding reads cleanly either.
    #[error(
        "declares {declared}, but {replaced} of its {non_ascii} characters beyond ASCII are malformed in it \
         (more than 10%), and neither UTF-8 nor the detected {guess} reads it cleanly"
    )]
    Mislabelled {
        /// The declared encoding.
        declared: &'static str,
        /// Malformed sequences when read as declared.
        replaced: usize,
        /// Characters beyond ASCII when read as declared, replacements included.
        non_ascii: usize,
        /// The encoding the detector guessed and that was rejected.
        guess: &'static str,
    },
    /// Not UTF-8, and no legacy encoding reads it as text.
    #[error("not valid UTF-8 and not recognisable as a legacy encoding (first bad byte at offset {offset})")]
    Unrecognised {
        /// The offset of the first byte that is not valid UTF-8.
        offset: usize,
        /// The encoding the detector guessed and that was rejected.
        guess: &'static str,
    },
}

/// Decodes an HTML page: a byte-order mark first; else a charset declared in the first
/// 4 KiB (`<meta charset=...>` or `<meta http-equiv="Content-Type" content="text/html;
/// charset=euc-kr">`, case-insensitive, quotes optional); else UTF-8 if the bytes are valid
/// UTF-8; else chardetng's guess (which picks `EUC-KR` for Korean legacy pages).
///
/// `euc-kr` decodes as windows-949 (CP949), the superset Korean portals actually send;
/// see the module documentation. A few malformed sequences do not fail the page: they become
/// U+FFFD and are counted in `Decoded::replaced`, because a page with one bad byte still
/// has paragraphs worth aligning.
///
/// A declaration can lie (a UTF-8 page left with its old `euc-kr` `<meta>`, or the reverse):
/// read as declared, such a page is mojibake. When more than a tenth of the characters
/// beyond ASCII are malformed in the declared encoding (the share plain text is held to,
/// `LEGACY_MIN_TEXT_SHARE`), the page is read in UTF-8 if it is valid UTF-8, else in
/// chardetng's guess if that reads as plain text must (no malformed sequence, the share of
/// text characters), and `Decoded::declared` keeps the declaration. If neither does, the
/// page is refused, as plain text in that state is. The other errors are a binary file
/// (NUL bytes in the first 8 KiB).
pub fn decode_html(bytes: &[u8]) -> Result<Decoded, DecodeProblem> {
    if let Some(decoded) = decode_with_bom(bytes)? {
        return Ok(decoded);
    }
    check_not_binary(bytes)?;
    if let Some(encoding) = declared_charset(bytes) {
        let decoded = decode_as(encoding, bytes, EncodingSource::Declared);
        let non_ascii = decoded.text.chars().filter(|c| !c.is_ascii()).count();
        let intact = 1.0 - decoded.replaced as f32 / non_ascii.max(1) as f32;
        if decoded.replaced == 0 || intact >= LEGACY_MIN_TEXT_SHARE {
            return Ok(decoded);
        }
        let guess = detect(bytes);
        let other = match std::str::from_utf8(bytes) {
            Ok(text) => Some(utf8(text)),
            Err(_) => Some(decode_as(guess, bytes, EncodingSource::Detected))
                .filter(|d| d.replaced == 0 && non_ascii_text_share(&d.text) >= LEGACY_MIN_TEXT_SHARE),
        };
        return match other {
            Some(other) => Ok(Decoded { declared: Some(encoding.name()), ..other }),
            None => Err(DecodeProblem::Mislabelled {
                declared: encoding.name(),
                replaced: decoded.replaced,
                non_ascii,
                guess: guess.name(),
            }),
        };
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(utf8(text));
    }
    Ok(decode_as(detect(bytes), bytes, EncodingSource::Detected))
}

/// Decodes a plain-text page: a byte-order mark; else valid UTF-8; else chardetng's guess,
/// accepted only when the result has no U+FFFD and at least `LEGACY_MIN_TEXT_SHARE` of
/// its non-space characters are letters, digits or common punctuation. A text file has no
/// declaration to vouch for a legacy encoding, so a guess that produces symbol soup is
/// refused rather than passed on as text.
pub fn decode_text(bytes: &[u8]) -> Result<Decoded, DecodeProblem> {
    if let Some(decoded) = decode_with_bom(bytes)? {
        return Ok(decoded);
    }
    check_not_binary(bytes)?;
    let bad_offset = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok(utf8(text)),
        Err(e) => e.valid_up_to(),
    };
    let encoding = detect(bytes);
    let decoded = decode_as(encoding, bytes, EncodingSource::Detected);
    if decoded.replaced == 0 && text_share(&decoded.text) >= LEGACY_MIN_TEXT_SHARE {
        Ok(decoded)
    } else {
        Err(DecodeProblem::Unrecognised { offset: bad_offset, guess: encoding.name() })
    }
}

/// Decodes bytes as UTF-8 only (a byte-order mark is honoured): a plain-text page with no
/// declared encoding is not guessed at.
pub fn decode_utf8(bytes: &[u8]) -> Result<Decoded, DecodeProblem> {
    if let Some(decoded) = decode_with_bom(bytes)? {
        return Ok(decoded);
    }
    check_not_binary(bytes)?;
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(utf8(text)),
        Err(e) => Err(DecodeProblem::NotUtf8 { offset: e.valid_up_to() }),
    }
}

/// The encoding a user's label names: a WHATWG label, or one of the names Korean tools use
/// for windows-949 that the WHATWG list lacks (`cp949`, `ms949`, `uhc`), which WHATWG's
/// `euc-kr` decodes.
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    let label = label.trim();
    if ["cp949", "ms949", "uhc", "cp-949", "windows949"].iter().any(|a| label.eq_ignore_ascii_case(a)) {
        return Some(encoding_rs::EUC_KR);
    }
    Encoding::for_label(label.as_bytes())
}

/// Decodes bytes in a declared encoding (a WHATWG label such as `euc-kr`, `cp949`,
/// `windows-1252`); a byte-order mark still wins. Malformed sequences are replaced and counted.
pub fn decode_declared(bytes: &[u8], label: &str) -> Result<Decoded, DecodeProblem> {
    let encoding = encoding_for_label(label).ok_or_else(|| DecodeProblem::UnknownLabel { label: label.to_owned() })?;
    if let Some(decoded) = decode_with_bom(bytes)? {
        return Ok(decoded);
    }
    check_not_binary(bytes)?;
    Ok(decode_as(encoding, bytes, EncodingSource::Declared))
}

/// The share of the non-white-space characters of `text` that [`is_texty`]; 1.0 for text
/// with no such characters (there is nothing in it that looks wrong).
pub fn text_share(text: &str) -> f32 {
    texty_share(text, |_| true)
}

/// [`text_share`] of the characters beyond ASCII alone (U+FFFD counts as not text). An
/// HTML page's markup is ASCII, and ASCII reads the same in every encoding a page may
/// declare, so only the other characters tell a right decoding from a wrong one.
pub fn non_ascii_text_share(text: &str) -> f32 {
    texty_share(text, |c| !c.is_ascii())
}

/// The share of the non-white-space characters `counted` picks that [`is_texty`]; 1.0 when
/// it picks none.
fn texty_share(text: &str, counted: impl Fn(char) -> bool) -> f32 {
    let (mut all, mut texty) = (0usize, 0usize);
    for c in text.chars().filter(|&c| !c.is_whitespace() && counted(c)) {
        all += 1;
        texty += usize::from(is_texty(c));
    }
    if all == 0 {
        1.0
    } else {
        texty as f32 / all as f32
    }
}

/// Letters, digits, ASCII punctuation and the punctuation news prose uses beyond ASCII:
/// typographic quotes, dashes, ellipses and bullets (U+2010–U+205E), CJK brackets and
/// stops, full-width forms, middle dots, guillemets, and the geometric bullets Korean
/// articles start lines with (`▲`, `■`, `◆`). Controls, C1 codes and other symbols are
/// not: they are what a wrong decoding produces.
pub fn is_texty(c: char) -> bool {
    c.is_alphanumeric()
        || c.is_ascii_graphic()
        || matches!(
            c,
            '\u{2010}'..='\u{205E}'
                | '\u{3001}'..='\u{303F}'
                | '\u{FF01}'..='\u{FF65}'
                | '\u{25A0}'..='\u{25FF}'
                | '\u{00A9}' // ©
                | '\u{00AB}' // «
                | '\u{00B7}' // ·
                | '\u{00BB}' // »
                | '\u{00B0}' // °
                | '\u{00D7}' // ×
        )
}

/// A page with a byte-order mark: decoded as the mark says. UTF-16 text legitimately has
/// NUL bytes, so for it the binary check looks at the decoded characters instead.
fn decode_with_bom(bytes: &[u8]) -> Result<Option<Decoded>, DecodeProblem> {
    let Some((encoding, bom_len)) = Encoding::for_bom(bytes) else {
        return Ok(None);
    };
    let decoded = decode_as(encoding, &bytes[bom_len..], EncodingSource::Bom);
    if encoding != UTF_8 {
        if let Some(offset) = decoded.text.chars().take(BINARY_WINDOW / 2).position(|c| c == '\0') {
            return Err(DecodeProblem::Binary { offset });
        }
    } else {
        check_not_binary(&bytes[bom_len..])?;
    }
    Ok(Some(decoded))
}

fn check_not_binary(bytes: &[u8]) -> Result<(), DecodeProblem> {
    match bytes.iter().take(BINARY_WINDOW).position(|&b| b == 0) {
        Some(offset) => Err(DecodeProblem::Binary { offset }),
        None => Ok(()),
    }
}

fn utf8(text: &str) -> Decoded {
    Decoded { text: text.to_owned(), encoding: UTF_8.name(), source: EncodingSource::Utf8, replaced: 0, declared: None }
}

/// chardetng's guess for bytes that are not UTF-8. No top-level domain hint (the caller
/// knows files, not URLs), UTF-8 not allowed (the bytes were already found not to be), and
/// ISO-2022-JP not allowed, as for Web content.
fn detect(bytes: &[u8]) -> &'static Encoding {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, Utf8Detection::Deny)
}

/// Decodes `bytes` (without any byte-order mark) as `encoding`, replacing each malformed
/// sequence by U+FFFD and counting the replacements. The replacing decoder of encoding_rs
/// only says whether there were errors, and counting U+FFFD in its output would also count
/// U+FFFD characters that the page really contains.
fn decode_as(encoding: &'static Encoding, bytes: &[u8], source: EncodingSource) -> Decoded {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let estimate = |decoder: &encoding_rs::Decoder, len: usize| {
        decoder.max_utf8_buffer_length_without_replacement(len).unwrap_or_else(|| len.saturating_mul(3))
    };
    let mut text = String::with_capacity(estimate(&decoder, bytes.len()));
    let mut replaced = 0;
    let mut input = bytes;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(input, &mut text, true);
        input = &input[read..];
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => {
                let more = estimate(&decoder, input.len()).max(16);
                text.reserve(more);
            }
            DecoderResult::Malformed(_, _) => {
                text.push('\u{FFFD}');
                replaced += 1;
            }
        }
    }
    Decoded { text, encoding: encoding.name(), source, replaced, declared: None }
}

/// The encoding declared by the first `<meta>` element in the first 4 KiB that names a
/// charset encoding_rs knows, either as `<meta charset=...>` or inside
/// `<meta http-equiv="Content-Type" content="...; charset=...">`.
///
/// As in the HTML specification's prescan, a declared UTF-16 means UTF-8 (a page whose
/// `<meta>` is readable as ASCII is not UTF-16) and `x-user-defined` means windows-1252.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(DECLARATION_WINDOW)];
    let mut at = 0;
    while let Some(found) = find_ascii_ci(&head[at..], b"<meta") {
        let start = at + found + b"<meta".len();
        // The tag ends at the next `>`; a `>` inside a quoted meta attribute is rare enough
        // to ignore, and missing one only loses the declaration (detection follows).
        let end = head[start..].iter().position(|&b| b == b'>').map_or(head.len(), |e| start + e);
        if let Some(encoding) = charset_in_tag(&head[start..end]) {
            return Some(match encoding.name() {
                "UTF-16LE" | "UTF-16BE" => UTF_8,
                "x-user-defined" => WINDOWS_1252,
                _ => encoding,
            });
        }
        at = end;
    }
    None
}

/// The first `charset = label` inside one tag's attribute text that names a known encoding.
fn charset_in_tag(tag: &[u8]) -> Option<&'static Encoding> {
    let mut at = 0;
    while let Some(found) = find_ascii_ci(&tag[at..], b"charset") {
        let mut i = at + found + b"charset".len();
        at = i;
        while tag.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if tag.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while tag.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if matches!(tag.get(i), Some(b'"' | b'\'')) {
            i += 1;
        }
        let label_len = tag[i..]
            .iter()
            .position(|&b| matches!(b, b'"' | b'\'' | b';' | b'>' | b'/') || b.is_ascii_whitespace())
            .unwrap_or(tag.len() - i);
        if let Some(encoding) = Encoding::for_label(&tag[i..i + label_len]) {
            return Some(encoding);
        }
    }
    None
}

/// The offset of the first ASCII-case-insensitive occurrence of `needle` in `haystack`.
fn find_ascii_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{EUC_KR, UTF_16LE};

    const KOREAN_ARTICLE: &str = "미국 상원의원 엘리자베스 워런이 11월 선거 이후 대선 출마를 \
        심사숙고해 보겠다고 말했다. 보스턴 글로브는 매사추세츠 민주당원인 워런이 자신의 계획을 \
        토요일 매사추세츠 서부의 마을 회의에서 밝혔다고 보도했다. 트럼프 대통령을 자주 비판해 온 \
        워런은 오는 11월 재선에 도전한다.";

    fn euc_kr(text: &str) -> Vec<u8> {
        let (bytes, _, unmappable) = EUC_KR.encode(text);
        assert!(!unmappable, "test text must be encodable");
        bytes.into_owned()
    }

    fn korean_page(head: &str) -> String {
        format!(
            "<html><head>{head}<title>워런, 대선 출마 검토</title></head><body><p>{KOREAN_ARTICLE}</p></body></html>"
        )
    }

    #[test]
    fn utf8_without_bom_is_utf8() {
        let d = decode_html("<p>한국어 café</p>".as_bytes()).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding, d.source, d.replaced),
            ("<p>한국어 café</p>", "UTF-8", EncodingSource::Utf8, 0)
        );
        let d = decode_text("한국어\n\nEnglish".as_bytes()).unwrap();
        assert_eq!((d.text.as_str(), d.source), ("한국어\n\nEnglish", EncodingSource::Utf8));
    }

    #[test]
    fn utf8_bom_is_dropped() {
        let bytes = [b"\xEF\xBB\xBF".as_slice(), "<p>가나다</p>".as_bytes()].concat();
        let d = decode_html(&bytes).unwrap();
        assert_eq!((d.text.as_str(), d.encoding, d.source), ("<p>가나다</p>", "UTF-8", EncodingSource::Bom));
        assert_eq!(decode_text(&bytes).unwrap().text, "<p>가나다</p>");
    }

    #[test]
    fn utf16le_bom_decodes_despite_nul_bytes() {
        let text = "<p>서울 Seoul</p>";
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        for d in [decode_html(&bytes).unwrap(), decode_text(&bytes).unwrap()] {
            assert_eq!(
                (d.text.as_str(), d.encoding, d.source, d.replaced),
                (text, UTF_16LE.name(), EncodingSource::Bom, 0)
            );
        }
    }

    #[test]
    fn euc_kr_meta_charset_is_used() {
        let page = korean_page(r#"<meta charset="EUC-KR">"#);
        let d = decode_html(&euc_kr(&page)).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding, d.source, d.replaced),
            (page.as_str(), "EUC-KR", EncodingSource::Declared, 0)
        );
    }

    #[test]
    fn http_equiv_declaration_without_quotes_is_used() {
        for head in [
            r#"<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=euc-kr">"#,
            "<meta http-equiv=content-type content='text/html;charset=ks_c_5601-1987'>",
            "<meta charset = euc-kr />",
        ] {
            let page = korean_page(head);
            let d = decode_html(&euc_kr(&page)).unwrap();
            assert_eq!((d.encoding, d.source), ("EUC-KR", EncodingSource::Declared), "{head}");
            assert_eq!(d.text, page);
        }
    }

    #[test]
    fn unusable_or_unknown_declarations() {
        // A page whose <meta> is readable as ASCII is not UTF-16, whatever it says.
        let d = decode_html("<meta charset=utf-16><p>가</p>".as_bytes()).unwrap();
        assert_eq!((d.encoding, d.source), ("UTF-8", EncodingSource::Declared));
        // An unknown label is ignored and the next evidence decides.
        let d = decode_html("<meta charset=klingon><p>가</p>".as_bytes()).unwrap();
        assert_eq!((d.encoding, d.source), ("UTF-8", EncodingSource::Utf8));
    }

    #[test]
    fn declaration_after_4_kib_is_not_read() {
        let page = format!("<!-- {} -->{}", "x".repeat(5000), korean_page("<meta charset=euc-kr>"));
        let d = decode_html(&euc_kr(&page)).unwrap();
        // Found by detection instead, with the same result.
        assert_eq!((d.encoding, d.source), ("EUC-KR", EncodingSource::Detected));
        assert_eq!(d.text, page);
    }

    #[test]
    fn euc_kr_without_declaration_is_detected() {
        let page = korean_page("");
        let d = decode_html(&euc_kr(&page)).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding, d.source, d.replaced),
            (page.as_str(), "EUC-KR", EncodingSource::Detected, 0)
        );
        let d = decode_text(&euc_kr(KOREAN_ARTICLE)).unwrap();
        assert_eq!((d.text.as_str(), d.encoding, d.source), (KOREAN_ARTICLE, "EUC-KR", EncodingSource::Detected));
    }

    #[test]
    fn cp949_only_syllables_decode() {
        // 똠 and 햏 are not in KS X 1001 (plain EUC-KR) but are in CP949, which is what the
        // `euc-kr` label means in practice.
        let page = korean_page("<meta charset=euc-kr>").replace("</p>", " 똠방각하 햏</p>");
        let bytes = euc_kr(&page);
        let d = decode_html(&bytes).unwrap();
        assert_eq!((d.text.as_str(), d.replaced), (page.as_str(), 0));
        assert!(d.text.contains("똠방각하 햏"));
    }

    #[test]
    fn invalid_pairs_in_declared_euc_kr_are_replaced_and_counted() {
        let page = korean_page("<meta charset=euc-kr>");
        let mut bytes = euc_kr(&page);
        let body = bytes.len() - "</p></body></html>".len();
        // A byte that is never a lead, and a lead byte followed by ASCII (the ASCII survives).
        bytes.splice(body..body, [0xFF, b'x', 0xC8, b' ']);
        let d = decode_html(&bytes).unwrap();
        assert_eq!(d.replaced, 2);
        assert!(d.text.contains("\u{FFFD}x\u{FFFD} </p>"), "{}", d.text);
        assert!(d.text.contains(KOREAN_ARTICLE));
    }

    #[test]
    fn a_utf8_page_declaring_euc_kr_is_read_as_utf8() {
        let page = korean_page("<meta charset=euc-kr>");
        let d = decode_html(page.as_bytes()).unwrap();
        assert_eq!((d.text.as_str(), d.encoding, d.replaced), (page.as_str(), "UTF-8", 0));
        assert_eq!((d.source, d.declared), (EncodingSource::Utf8, Some("EUC-KR")));
    }

    #[test]
    fn an_euc_kr_page_declaring_utf8_is_read_as_euc_kr() {
        let page = korean_page(r#"<meta http-equiv="Content-Type" content="text/html; charset=utf-8">"#);
        let bytes = euc_kr(&page);
        let d = decode_html(&bytes).unwrap();
        assert_eq!((d.text.as_str(), d.encoding, d.replaced), (page.as_str(), "EUC-KR", 0));
        assert_eq!((d.source, d.declared), (EncodingSource::Detected, Some("UTF-8")));
    }

    #[test]
    fn random_bytes_declaring_utf8_are_refused() {
        let mut bytes = b"<html><head><meta charset=utf-8></head><body><p>".to_vec();
        bytes.extend(random_bytes(7, 4000).into_iter().map(|b| if b == 0 { b' ' } else { b }));
        let err = decode_html(&bytes).unwrap_err();
        assert!(err.to_string().contains("declares UTF-8"), "{err}");
    }

    #[test]
    fn real_replacement_characters_are_not_counted() {
        let d = decode_html("<p>a\u{FFFD}b</p>".as_bytes()).unwrap();
        assert_eq!(d.replaced, 0);
    }

    #[test]
    fn binary_files_are_refused() {
        let bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0";
        for result in [decode_html(bytes), decode_text(bytes)] {
            assert_eq!(result, Err(DecodeProblem::Binary { offset: 8 }));
        }
        let message = decode_text(bytes).unwrap_err().to_string();
        assert_eq!(message, "binary file (NUL bytes), not a text page");
    }

    #[test]
    fn symbol_soup_text_is_refused_with_the_bad_offset() {
        // UTF-8 Korean with one byte cut out: no legacy encoding reads it as prose.
        let mut bytes = KOREAN_ARTICLE.as_bytes().to_vec();
        bytes.remove(10);
        let err = decode_text(&bytes).unwrap_err();
        assert!(matches!(err, DecodeProblem::Unrecognised { offset: 10, .. }), "{err:?}");
        assert!(err.to_string().contains("first bad byte at offset 10"), "{err}");
        // An HTML page is still decoded (as a guess), since its markup is what matters.
        assert!(decode_html(&bytes).is_ok());
    }

    #[test]
    fn windows_1252_english_text_is_accepted() {
        let bytes = b"The minister said \x93we will act\x94 \x96 and left.";
        let d = decode_text(bytes).unwrap();
        assert_eq!(d.text, "The minister said \u{201C}we will act\u{201D} \u{2013} and left.");
        assert_eq!(d.source, EncodingSource::Detected);
    }

    #[test]
    fn text_share_criterion() {
        assert_eq!(text_share(KOREAN_ARTICLE), 1.0);
        assert_eq!(text_share("▲ 서울 ■ “인용” … 『책』 ＡＩ"), 1.0);
        assert_eq!(text_share("   "), 1.0);
        // UTF-8 Korean read as windows-1252.
        let (mojibake, _, _) = WINDOWS_1252.decode(KOREAN_ARTICLE.as_bytes());
        assert!(text_share(&mojibake) < LEGACY_MIN_TEXT_SHARE, "{}", text_share(&mojibake));
        assert!(text_share("ab\u{0081}\u{0090}¤¦") < 0.5);
    }

    /// xorshift64*: deterministic pseudo-random bytes without a dependency.
    fn random_bytes(seed: u64, len: usize) -> Vec<u8> {
        let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        (0..len)
            .map(|_| {
                state ^= state >> 12;
                state ^= state << 25;
                state ^= state >> 27;
                (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8
            })
            .collect()
    }

    #[test]
    fn random_bytes_never_panic() {
        for seed in 0..300u64 {
            let len = (seed as usize * 37) % 3000;
            let mut bytes = random_bytes(seed, len);
            if seed % 3 == 0 {
                // Without NULs, so the decoders (not just the binary check) run.
                bytes.iter_mut().filter(|b| **b == 0).for_each(|b| *b = b'<');
            }
            if seed % 5 == 0 {
                bytes.splice(0..0, b"<meta charset=euc-kr>".iter().copied());
            }
            if let Ok(d) = decode_html(&bytes) {
                assert!(d.replaced <= bytes.len());
                let _ = crate::input::html::parse_html(&d.text);
            }
            let _ = decode_text(&bytes);
        }
    }
}
