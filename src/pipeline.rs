//! One article pair through every stage: blocks → language → boilerplate → alignment.
//! No I/O here: pages come in as text, a [`Document`] comes out.

use crate::align::{self, AlignParams};
use crate::boilerplate::{self, rules::RuleSet, CleanPage};
use crate::input::text_blocks;
use crate::model::{AuditEntry, Bead, Block, Side};
use std::sync::Arc;

/// Every knob of a run, with its defaults in one place; shared by the CLI, batch runner and
/// any binding.
#[derive(Clone, Debug)]
pub struct Options {
    /// Boilerplate rules (the built-in set, plus any user file).
    pub rules: Arc<RuleSet>,
    /// Paragraph aligner parameters.
    pub align: AlignParams,
}

impl Default for Options {
    fn default() -> Self {
        Options { rules: Arc::new(RuleSet::default()), align: AlignParams::default() }
    }
}

/// An article pair after processing.
#[derive(Clone, Debug)]
pub struct Document {
    /// The document id.
    pub id: String,
    /// Every block of the Korean page, as read (before inline clean-up).
    pub ko_blocks: Vec<Block>,
    /// Every block of the English page, as read.
    pub en_blocks: Vec<Block>,
    /// Content blocks of the Korean page as aligned (inline fragments stripped).
    pub ko_content: Vec<Block>,
    /// Content blocks of the English page as aligned.
    pub en_content: Vec<Block>,
    /// The alignment, in document order; null beads included.
    pub beads: Vec<Bead>,
    /// Every removal, Korean page first, each in page order.
    pub audit: Vec<AuditEntry>,
}

impl Document {
    /// The text of a content block by its page index (blocks joined in a bead use this).
    pub fn content_text(&self, side: Side, index: usize) -> Option<&str> {
        let blocks = match side {
            Side::Ko => &self.ko_content,
            Side::En => &self.en_content,
        };
        blocks.binary_search_by_key(&index, |b| b.index).ok().map(|i| blocks[i].text.as_str())
    }

    /// A bead's text on one side: its blocks joined by a newline.
    pub fn bead_text(&self, bead: &Bead, side: Side) -> String {
        let ids = match side {
            Side::Ko => &bead.ko,
            Side::En => &bead.en,
        };
        ids.iter().filter_map(|&i| self.content_text(side, i)).collect::<Vec<_>>().join("\n")
    }
}

/// Processes one article pair given as plain text pages.
pub fn process_text(id: &str, ko_page: &str, en_page: &str, options: &Options) -> Document {
    let ko_blocks = text_blocks(ko_page, Side::Ko);
    let en_blocks = text_blocks(en_page, Side::En);
    process_blocks(id, ko_blocks, en_blocks, options)
}

/// Processes one article pair from its blocks (the entry point for any reader of pages).
pub fn process_blocks(id: &str, ko_blocks: Vec<Block>, en_blocks: Vec<Block>, options: &Options) -> Document {
    let mut ko = boilerplate::clean_page(ko_blocks.clone(), Side::Ko, &options.rules);
    let mut en = boilerplate::clean_page(en_blocks.clone(), Side::En, &options.rules);

    let ko_units = align::units(&ko.kept, &ko.suspect, ko.headline, true);
    let en_units = align::units(&en.kept, &en.suspect, en.headline, false);
    let aligned = align::align(&ko_units, &en_units, &options.align);

    // Suspects left unpaired are boilerplate after all.
    let unpaired = |side: Side| -> Vec<usize> {
        aligned
            .iter()
            .filter(|b| b.ko.is_empty() || b.en.is_empty())
            .flat_map(|b| if side == Side::Ko { b.ko.clone() } else { b.en.clone() })
            .collect()
    };
    let ko_removed = boilerplate::resolve_suspects(&mut ko, &unpaired(Side::Ko));
    let en_removed = boilerplate::resolve_suspects(&mut en, &unpaired(Side::En));

    let beads = aligned
        .into_iter()
        .filter(|b| !(b.en.is_empty() && b.ko.clone().all(|i| ko_removed.contains(&i))))
        .filter(|b| !(b.ko.is_empty() && b.en.clone().all(|i| en_removed.contains(&i))))
        .map(|b| Bead {
            ko: b.ko.map(|i| ko.kept[i].index).collect(),
            en: b.en.map(|i| en.kept[i].index).collect(),
            score: b.score,
        })
        .collect();

    let keep = |page: CleanPage, removed: &[usize]| -> Vec<Block> {
        page.kept.into_iter().enumerate().filter(|(i, _)| !removed.contains(i)).map(|(_, b)| b).collect()
    };
    let mut audit = ko.audit.clone();
    audit.extend(en.audit.iter().cloned());
    Document {
        id: id.to_owned(),
        ko_blocks,
        en_blocks,
        ko_content: keep(ko, &ko_removed),
        en_content: keep(en, &en_removed),
        beads,
        audit,
    }
}
