//! koen-align turns scraped Korean and English news pages into clean, audited
//! Korean–English parallel text.
//!
//! The data flows one way, and so do the (private) modules: `input` (files → text → blocks)
//! → `normalize` → `lang` → `boilerplate` (removals, with an audit) → `align` (beads, with
//! the cross-lingual evidence of `bilingual`) → `output`. `pipeline` runs the stages for one
//! document, `batch` for a manifest, `eval` scores output against gold.
//!
//! The API is what this file exports:
//! - **settings**: [`Options`], built by [`Options::builder`];
//! - **load**: [`load_row`], [`load_pair_bytes`], [`load_page_bytes`], [`load_stream_line`] →
//!   [`LoadedDocument`] (every entry point applies the same checks: an edition's language,
//!   [`Limits`]); [`LineReader`] reads lines of at most a cap of bytes; pages as read
//!   ([`read_page`]: a file or a WARC record `PATH#URI`, [`read_page_from`]: stdin) go through
//!   [`load_pair_pages`] and [`load_page`] (gzip and zstd decompressed, bounded);
//!   [`open_stream`] tells JSON lines from a WARC file's pages ([`WarcPages`]);
//!   [`warc_contents`] lists a WARC file's pages;
//! - **process**: [`process`] with the [`BatchEvidence`] that [`learn_evidence`] learns from a
//!   batch's first documents (the default for a document on its own), or [`align_texts`] for
//!   two texts in memory;
//! - **write**: [`records`], [`audit_records`], [`DocumentWriter`], [`write_folder`], [`write_pairs`]
//!   in a [`Format`], repeated pairs left out by a [`Dedup`];
//! - **run**: [`run_manifest`] for a whole manifest, resumable;
//! - **extract**: [`extract_page`] and [`extract_file`] → [`Extracted`]: one page's article
//!   text with its title, date, author and URL, cleaned and audited as `align --page` does;
//! - **pair a crawl**: [`page_files`] and [`pair_files`] → [`CrawlPairing`], or signatures
//!   computed anywhere ([`signature_of_file`], [`signature_of_bytes`]) joined by
//!   [`pair_signatures`]; [`pairing_report`] gives the rows of the files [`write_pairing`] writes;
//! - [`stages`]: each stage on its own, for benchmarks, fuzzing and studying one stage.
//!
//! ```
//! use koen_align::{align_texts, Options};
//! let doc = align_texts(
//!     "demo",
//!     "정부는 16일 수출이 2.5% 늘었다고 밝혔다.\n\n닫기",
//!     "Exports rose 2.5 percent, the government said on the 16th.\n\nClose",
//!     &Options::default(),
//! )?;
//! assert_eq!(doc.beads.len(), 1);
//! assert_eq!(doc.audit.len(), 2);
//! # Ok::<(), koen_align::Error>(())
//! ```

mod align;
mod batch;
mod bilingual;
mod boilerplate;
mod choice;
mod error;
mod eval;
mod extract;
mod input;
mod lang;
mod model;
mod normalize;
mod options;
mod output;
mod pair;
mod pipeline;
mod text_shape;

pub use align::Strategy;
pub use batch::{run_manifest, BatchConfig, Progress, STDIN_MANIFEST};
pub use choice::Choice;
pub use error::{Error, Result};
pub use eval::{score, Score};
pub use extract::{extract_file, extract_page, Article, ArticleBlock, ArticleRecord, ExtractFormat, Extracted};
pub use input::bounded::{Line, LineReader};
pub use input::load::{
    load_page, load_page_bytes, load_pair_bytes, load_pair_pages, load_row, load_stream_line, open_stream, read_page,
    read_page_from, Limits, LoadedDocument, Origin, PageBytes, StreamDocument, StreamInput,
};
pub use input::manifest::{read_manifest, BadRow, ManifestReader, ManifestRow, Source};
pub use input::text::BlockMode;
pub use input::warc::{
    record_name, warc_contents, SkippedRecords, WarcContents, WarcPageResult, WarcPages, WarcRecord,
};
pub use input::{InputKind, PageInfo, ReadOptions};
pub use model::{
    Alternate, AuditEntry, Bead, Block, CharsetOverride, Container, ContainerId, Document, DocumentMeta, DomFacts,
    Lang, LangGuess, LangMethod, Level, Removal, SentencePair, Side, SkippedText, StructureHints,
};
pub use options::{LearnOptions, Options, OptionsBuilder};
pub use output::audit_table::{read_audit, render_table, summarize, AuditSummary};
pub use output::dedup::{Dedup, DedupCounts, Repeat};
pub use output::pairing::{
    pair_rows, pairing_report, unpaired_rows, write_pairing, write_pairing_report, PairRow, PairingReport,
    PairingSummary, UnpairedReason, UnpairedRow,
};
pub use output::report::{escape as escape_html, render_report};
pub use output::{
    audit_records, block_audit_records, doc_summary, inline_audit_records, records, side_lang_confidence, write_folder,
    write_folder_with, write_jsonl, write_pairs, write_summary, AtomicFile, AuditRecord, DocCounts, DocSummary,
    DocumentWriter, FolderConfig, Format, OutputOptions, PairRecord, RunInfo, Status, Summary, Totals,
};
pub use pair::{
    evidence_keys, fingerprint, page_files, pair_files, pair_signatures, resemblance, signature_of_bytes,
    signature_of_file, url_key, CrawlPairing, EditionLang, EvidenceKind, KindWeights, LanguageShares, PagePair,
    PageSignature, PairOptions, Pairing, Unpaired, UnreadKind, UnreadPage, EDITION_SHARE,
};
pub use pipeline::{align_texts, learn_evidence, process, BatchEvidence};

/// Each stage on its own, for benchmarks, fuzz targets and tools that study one stage. The
/// entry points above are the stable way in; these follow the stages' code more closely.
pub mod stages {
    pub use crate::align::{align_pages, AlignParams, PageView};
    pub use crate::bilingual::lexicon::Lexicon;
    pub use crate::boilerplate::rules::RuleSet;
    pub use crate::boilerplate::{clean_page, CleanPage};
    pub use crate::input::encoding::{decode_html, decode_text};
    pub use crate::input::html::{parse_html, Refused};
    pub use crate::input::{page_from_bytes, text_blocks, text_blocks_with, Page};
    pub use crate::lang::detect as detect_language;
    pub use crate::normalize::{match_key, normalize};
}
