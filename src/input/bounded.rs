//! Reading with bounds, so that no input can make a run wait forever or exhaust memory: only
//! regular files are opened (a FIFO blocks in `open`, a device never ends), a file is read to
//! at most a cap, and lines are read to at most a cap however long they run.

use crate::error::{Error, Result};
use std::io::{BufRead, Read};
use std::path::Path;

/// Opens a file if it is a regular file (symbolic links followed). The type is checked
/// before opening, because opening a FIFO blocks until a writer comes, and again on the
/// opened file, in case the path was replaced in between.
pub(crate) fn open_regular_file(path: &Path) -> Result<(std::fs::File, std::fs::Metadata)> {
    let read_error = |source| Error::Read { path: path.to_owned(), source };
    let not_regular = |kind: &str| Error::Input {
        path: path.to_owned(),
        problem: format!("not a regular file ({kind}): only files are read"),
    };
    let meta = std::fs::metadata(path).map_err(read_error)?;
    if !meta.is_file() {
        return Err(not_regular(file_kind(&meta.file_type())));
    }
    let file = std::fs::File::open(path).map_err(read_error)?;
    let meta = file.metadata().map_err(read_error)?;
    if !meta.is_file() {
        return Err(not_regular(file_kind(&meta.file_type())));
    }
    Ok((file, meta))
}

/// What a file that is not a regular file is, for messages.
fn file_kind(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a directory"
    } else {
        "not a file"
    }
}

/// Reads a regular file of at most `cap` bytes. Its size is checked before reading, and the
/// read stops one byte past the cap, so a file that grows while it is read is refused too.
pub(crate) fn read_capped_file(path: &Path, cap: usize) -> Result<Vec<u8>> {
    let (file, meta) = open_regular_file(path)?;
    if meta.len() > cap as u64 {
        return Err(page_too_large(path, meta.len(), cap));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(cap as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Read { path: path.to_owned(), source })?;
    if bytes.len() > cap {
        return Err(Error::Input {
            path: path.to_owned(),
            problem: format!("grew while being read past the page limit of {cap} bytes (--max-page-bytes)"),
        });
    }
    Ok(bytes)
}

/// A page of `size` bytes, over the page limit `cap`.
pub(crate) fn page_too_large(path: &Path, size: u64, cap: usize) -> Error {
    Error::Input {
        path: path.to_owned(),
        problem: format!("{size} bytes, more than the page limit of {cap} bytes (--max-page-bytes)"),
    }
}

/// One line read by a [`LineReader`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    /// The line's bytes, without its `\n` or `\r\n`.
    Complete(Vec<u8>),
    /// The line runs past the cap; none of it is kept, and the rest of it is skipped before
    /// the next line is read.
    TooLong,
}

/// Reads lines of at most a cap of bytes from a reader, never holding more than that: a
/// line without an end (`/dev/zero`) is reported as [`Line::TooLong`] once the cap is
/// reached, not read into memory.
pub struct LineReader<R> {
    inner: R,
    cap: usize,
    number: usize,
    /// The last line was too long and the rest of it is still unread.
    skipping: bool,
}

impl<R: BufRead> LineReader<R> {
    /// Lines of `inner`, each at most `cap` bytes (its line end not counted).
    pub fn new(inner: R, cap: usize) -> Self {
        LineReader { inner, cap, number: 0, skipping: false }
    }

    /// The longest line kept, in bytes.
    pub fn cap(&self) -> usize {
        self.cap
    }

    /// The 1-based number of the line last returned (0 before the first).
    pub fn number(&self) -> usize {
        self.number
    }

    /// The next line, or `None` at the end of the input.
    pub fn next_line(&mut self) -> std::io::Result<Option<Line>> {
        if self.skipping {
            self.skip_to_line_end()?;
            self.skipping = false;
        }
        let mut line = Vec::new();
        let mut started = false;
        let mut ended = false;
        loop {
            let available = match self.inner.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                if !started {
                    return Ok(None);
                }
                break;
            }
            started = true;
            let end = available.iter().position(|&b| b == b'\n');
            let part = &available[..end.unwrap_or(available.len())];
            let used = part.len() + usize::from(end.is_some());
            // One byte more than the cap is kept: it may be the `\r` of a `\r\n` end.
            if line.len() + part.len() > self.cap + 1 {
                self.inner.consume(used);
                self.skipping = end.is_none();
                self.number += 1;
                return Ok(Some(Line::TooLong));
            }
            line.extend_from_slice(part);
            self.inner.consume(used);
            if end.is_some() {
                ended = true;
                break;
            }
        }
        if ended && line.last() == Some(&b'\r') {
            line.pop();
        }
        self.number += 1;
        Ok(Some(if line.len() > self.cap { Line::TooLong } else { Line::Complete(line) }))
    }

    /// Reads up to and past the next `\n` (or to the end), keeping nothing.
    fn skip_to_line_end(&mut self) -> std::io::Result<()> {
        loop {
            let available = match self.inner.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                return Ok(());
            }
            match available.iter().position(|&b| b == b'\n') {
                Some(i) => {
                    self.inner.consume(i + 1);
                    return Ok(());
                }
                None => {
                    let n = available.len();
                    self.inner.consume(n);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], cap: usize) -> Vec<Line> {
        // A small buffer, so lines cross buffer boundaries.
        let mut reader = LineReader::new(std::io::BufReader::with_capacity(3, input), cap);
        std::iter::from_fn(|| reader.next_line().unwrap()).collect()
    }

    #[test]
    fn lines_end_at_lf_or_crlf_and_a_long_line_is_skipped_whole() {
        let c = |s: &str| Line::Complete(s.as_bytes().to_vec());
        assert_eq!(lines(b"ab\r\ncd\n\nef", 4), vec![c("ab"), c("cd"), c(""), c("ef")]);
        assert_eq!(lines(b"abcd\nabcde\nxy\n", 4), vec![c("abcd"), Line::TooLong, c("xy")]);
        assert_eq!(lines(b"abcd\r\n", 4), vec![c("abcd")]);
        assert_eq!(lines(b"abcd\r", 4), vec![Line::TooLong], "a \\r is only dropped before a \\n");
        assert_eq!(lines(b"abc\r", 4), vec![c("abc\r")]);
        assert_eq!(lines(b"abcdefghijk", 4), vec![Line::TooLong]);
        assert!(lines(b"", 4).is_empty());
    }

    #[test]
    fn an_endless_line_is_reported_after_the_cap_not_read_whole() {
        let mut reader = LineReader::new(std::io::BufReader::new(std::io::repeat(0)), 1000);
        assert_eq!(reader.next_line().unwrap(), Some(Line::TooLong));
        assert_eq!(reader.number(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_directories_are_refused_before_reading() {
        let err = read_capped_file(Path::new("/dev/zero"), 100).unwrap_err().to_string();
        assert_eq!(err, "/dev/zero: not a regular file (a character device): only files are read");
        let dir = tempfile::tempdir().unwrap();
        let err = read_capped_file(dir.path(), 100).unwrap_err().to_string();
        assert!(err.ends_with("not a regular file (a directory): only files are read"), "{err}");
        let big = dir.path().join("big.txt");
        std::fs::write(&big, [b'a'; 101]).unwrap();
        let err = read_capped_file(&big, 100).unwrap_err().to_string();
        assert!(err.ends_with("big.txt: 101 bytes, more than the page limit of 100 bytes (--max-page-bytes)"), "{err}");
        assert_eq!(read_capped_file(&big, 101).unwrap().len(), 101);
    }
}
