//! koen-align turns scraped Korean and English news pages into clean, audited
//! Korean–English parallel text.
//!
//! The data flows one way, and so do the modules:
//! [`input`] (files → text → blocks) → [`normalize`] → [`lang`] → [`boilerplate`]
//! (removals, with an audit) → [`align`] (beads) → [`output`]; [`pipeline`] runs the stages
//! for one article pair, [`batch`] for a manifest, [`eval`] scores output against gold.
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

pub mod align;
pub mod batch;
pub mod bilingual;
pub mod boilerplate;
pub mod choice;
pub mod error;
pub mod eval;
pub mod input;
pub mod lang;
pub mod model;
pub mod normalize;
pub mod options;
pub mod output;
pub mod pipeline;
pub mod text_shape;

pub use error::{Error, Result};
pub use model::Document;
pub use model::{AuditEntry, Bead, Block, Lang, LangGuess, Side};
pub use options::{Options, OptionsBuilder};
pub use pipeline::{align_texts, learn_evidence, process, BatchEvidence};
