//! The library's errors. Each names the file (or document) and the problem, so a batch
//! summary can say what went wrong with one input without stopping the others.

use std::path::PathBuf;

/// Everything the library can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read.
    #[error("{path}: cannot read: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A file could not be written.
    #[error("{path}: cannot write: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// An input's bytes are not text in an encoding we accept.
    #[error("{path}: {problem}")]
    Decode {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        problem: String,
    },
    /// An input holds no text blocks at all.
    #[error("{path}: the page has no text")]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// An input is readable but is not something to align (too large, wrong language).
    #[error("{path}: {problem}")]
    Input {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        problem: String,
    },
    /// A page that was read but is not an edition to pair: neither mostly Korean nor mostly
    /// English.
    #[error("{path}: {problem}")]
    NotAnEdition {
        /// The file.
        path: PathBuf,
        /// Its language shares, in words.
        problem: String,
    },
    /// An HTML page whose markup would make parsing or walking it grow faster than its size
    /// (unclosed formatting elements reopened in every paragraph, nesting thousands deep).
    #[error("{path}: {cap}")]
    HtmlCap {
        /// The file.
        path: PathBuf,
        /// The cap it hit.
        cap: crate::input::html::Refused,
    },
    /// A manifest is malformed.
    #[error("{path}:{line}: {problem}")]
    Manifest {
        /// The manifest file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        problem: String,
    },
    /// A line of `stream` input (stdin) is not a document.
    #[error("stdin line {line}: {problem}")]
    StreamLine {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        problem: String,
    },
    /// A line of `stream` input runs past its cap (see [`crate::Limits::max_line_bytes`]); it
    /// is not read whole.
    #[error("stdin line {line}: longer than {cap} bytes (4 × --max-page-bytes)")]
    StreamLineTooLong {
        /// 1-based line number.
        line: usize,
        /// The cap, in bytes.
        cap: usize,
    },
    /// A rules or dictionary file is malformed.
    #[error("{source_name}:{line}: {problem}")]
    Data {
        /// Where the data came from (a path, or the name of built-in data).
        source_name: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        problem: String,
    },
    /// A setting has a value it cannot take (`--min-score abc`, `input="pdf"`).
    #[error("{setting} {problem}")]
    Setting {
        /// The setting, as the caller spells it.
        setting: String,
        /// What is wrong, as a predicate: "must be 'text' or 'html', not 'pdf'".
        problem: String,
    },
    /// Another run is writing into an output folder (it holds the folder's lock).
    #[error("{dir}: another koen-align run is writing into this folder ({holder}); wait for it to finish or write elsewhere")]
    Busy {
        /// The output folder.
        dir: PathBuf,
        /// Who holds it, as its lock file says: pid, host, since when, command.
        holder: String,
    },
    /// An output folder's lock file could not be created or locked (a file system without locks).
    #[error("{path}: cannot lock the output folder: {source}")]
    Lock {
        /// The lock file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// An evaluation set or output directory is malformed.
    #[error("{path}: {problem}")]
    Eval {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        problem: String,
    },
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
