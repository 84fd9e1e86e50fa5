//! Compressed inputs, told by their magic bytes (a crawl names its files as it likes): gzip
//! (one member or several, as `gzip -d` reads them) and zstd. Decompression is bounded like
//! reading: a page inflates to at most the page limit, and a bomb is refused once it passes
//! it, never inflated whole.

use crate::error::{Error, Result};
use std::borrow::Cow;
use std::io::{BufRead, Read};
use std::path::Path;

/// A compression format koen-align reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Compression {
    /// gzip (RFC 1952), magic `1f 8b`.
    Gzip,
    /// Zstandard (RFC 8878), magic `28 b5 2f fd`.
    Zstd,
}

/// Bytes enough to tell every format [`detect`] knows.
pub(crate) const MAGIC_LEN: usize = 4;

/// The compression the bytes start with, if any.
pub(crate) fn detect(head: &[u8]) -> Option<Compression> {
    if head.starts_with(&[0x1f, 0x8b]) {
        Some(Compression::Gzip)
    } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Some(Compression::Zstd)
    } else {
        None
    }
}

/// A reader of the decompressed bytes.
pub(crate) fn decoder<'a>(
    format: Compression,
    input: impl BufRead + Send + 'a,
) -> std::io::Result<Box<dyn Read + Send + 'a>> {
    Ok(match format {
        Compression::Gzip => Box::new(flate2::bufread::MultiGzDecoder::new(input)),
        Compression::Zstd => Box::new(zstd::stream::read::Decoder::with_buffer(input)?),
    })
}

/// Reads `input` to its end, refusing it once it passes `cap` bytes: `name` and `limit` (the
/// option that sets the cap) make the message.
pub(crate) fn read_to_cap(mut input: impl Read, name: &Path, cap: usize, limit: &str) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let read = input.by_ref().take(cap as u64 + 1).read_to_end(&mut out);
    read.map_err(|e| Error::Input { path: name.to_owned(), problem: format!("cannot decompress: {e}") })?;
    if out.len() > cap {
        return Err(decompresses_past(name, cap, limit));
    }
    Ok(out)
}

/// The error of an input whose decompressed bytes pass a cap.
pub(crate) fn decompresses_past(name: &Path, cap: usize, limit: &str) -> Error {
    Error::Input { path: name.to_owned(), problem: format!("decompresses past {cap} bytes ({limit})") }
}

/// A page's bytes, decompressed if they are compressed (to at most `cap` bytes); others are
/// returned as they are.
pub(crate) fn inflate_page<'a>(bytes: Cow<'a, [u8]>, name: &Path, cap: usize) -> Result<Cow<'a, [u8]>> {
    match detect(&bytes) {
        None => Ok(bytes),
        Some(format) => {
            let reader = decoder(format, &bytes[..])
                .map_err(|e| Error::Input { path: name.to_owned(), problem: format!("cannot decompress: {e}") })?;
            read_to_cap(reader, name, cap, "--max-page-bytes").map(Cow::Owned)
        }
    }
}

/// A stream's first bytes (up to `n`, fewer only at its end) and a reader of the whole
/// stream, those bytes included: a pipe may hand over fewer bytes a read than a magic needs.
pub(crate) fn peek<'a>(mut input: impl Read + 'a, n: usize) -> std::io::Result<(Vec<u8>, impl Read + 'a)> {
    let mut head = Vec::with_capacity(n);
    input.by_ref().take(n as u64).read_to_end(&mut head)?;
    Ok((head.clone(), std::io::Cursor::new(head).chain(input)))
}

/// A stream decompressed if it starts compressed, and whether it did.
pub(crate) fn maybe_decompressed<'a>(
    input: impl Read + Send + 'a,
) -> std::io::Result<(Box<dyn BufRead + Send + 'a>, bool)> {
    let (head, input) = peek(input, MAGIC_LEN)?;
    Ok(match detect(&head) {
        None => (Box::new(std::io::BufReader::new(input)), false),
        Some(format) => (Box::new(std::io::BufReader::new(decoder(format, std::io::BufReader::new(input))?)), true),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn gzip_and_zstd_pages_inflate_and_others_pass_through() {
        let page = "정부는 수출이 늘었다고 밝혔다.".as_bytes();
        let name = Path::new("p.txt.gz");
        assert_eq!(inflate_page(Cow::Borrowed(&gzip(page)), name, 1000).unwrap(), page);
        let z = zstd::stream::encode_all(page, 3).unwrap();
        assert_eq!(inflate_page(Cow::Borrowed(&z), name, 1000).unwrap(), page);
        assert!(matches!(inflate_page(Cow::Borrowed(page), name, 1000).unwrap(), Cow::Borrowed(_)));
        // Two members, as `cat a.gz b.gz` makes.
        let two = [gzip(b"ab"), gzip(b"cd")].concat();
        assert_eq!(inflate_page(Cow::Borrowed(&two), name, 1000).unwrap(), &b"abcd"[..]);
    }

    #[test]
    fn a_bomb_is_refused_at_the_cap_and_damage_is_named() {
        let bomb = gzip(&vec![b'a'; 1_000_000]);
        assert!(bomb.len() < 2_000);
        let err = inflate_page(Cow::Borrowed(&bomb), Path::new("bomb.gz"), 10_000).unwrap_err().to_string();
        assert_eq!(err, "bomb.gz: decompresses past 10000 bytes (--max-page-bytes)");
        let mut cut = gzip(b"some text that is long enough");
        cut.truncate(cut.len() - 12);
        let err = inflate_page(Cow::Borrowed(&cut), Path::new("cut.gz"), 10_000).unwrap_err().to_string();
        assert!(err.starts_with("cut.gz: cannot decompress: "), "{err}");
    }

    #[test]
    fn a_stream_is_peeked_and_decompressed_whatever_its_read_sizes() {
        // A reader that hands over one byte a read, as a slow pipe may.
        struct Trickle<'a>(&'a [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = self.0.len().min(1).min(buf.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let packed = gzip(b"line one\nline two\n");
        let (mut r, compressed) = maybe_decompressed(Trickle(&packed)).unwrap();
        let mut text = String::new();
        r.read_to_string(&mut text).unwrap();
        assert!(compressed);
        assert_eq!(text, "line one\nline two\n");
        let (mut r, compressed) = maybe_decompressed(Trickle(b"ab")).unwrap();
        text.clear();
        r.read_to_string(&mut text).unwrap();
        assert_eq!((text.as_str(), compressed), ("ab", false));
    }
}
