//! Cross-lingual evidence: what says that a Korean text and an English text say the same
//! thing, whatever is done with it. The aligner (`align`) weighs it to pair sentences and
//! paragraphs inside one article; the `pair` command will weigh it to match the Korean and
//! English editions of a crawl, without the aligner. So nothing here knows about beads,
//! pages or the search: data flows from here to `align`, never back.
//!
//! - [`anchors`]: tokens that survive translation (numbers across scripts and units, Latin
//!   tokens written inside Korean text).
//! - [`names`]: Hangul transcriptions of names matched to capitalised English words.
//! - [`lexicon`]: the Korean–English lexicon, and its term masks.
//! - [`selftrain`]: word associations learnt from a batch's confident pairs, extending the
//!   lexicon.
//! - [`features`]: one side's texts to their anchors, names and terms, the same way for every
//!   caller ([`side_features`]).

pub mod anchors;
pub mod features;
pub mod lexicon;
pub mod names;
pub mod selftrain;

pub use anchors::{block_anchors, shares_anchors};
pub use features::{side_features, Edition, Features, KoreanLatin, Wanted};
