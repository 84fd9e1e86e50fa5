//! The check of a doubtful candidate: the aligner pairs the two articles, and the share of
//! their content it pairs with confidence says whether they are one article. Neighbouring
//! stories share names and topic words, but not sentence after sentence of translation.

use crate::align::{align_pages, PageView};
use crate::boilerplate::Suspicion;
use crate::model::{Block, Lang};
use crate::options::Options;

/// An edition's article as cleaning kept it, ready for the aligner.
#[derive(Clone, Debug, Default)]
pub(crate) struct Article {
    pub(crate) blocks: Vec<Block>,
    pub(crate) suspects: Vec<Option<Suspicion>>,
}

/// The share of two articles' content that the aligner pairs, each bead's content weighed
/// by its confidence: near 1 for a translation, low for two stories on one topic.
pub(crate) fn paired_share(ko: &Article, en: &Article, options: &Options) -> f32 {
    if ko.blocks.is_empty() || en.blocks.is_empty() {
        return 0.0;
    }
    let alignment = align_pages(
        PageView { blocks: &ko.blocks, suspects: &ko.suspects, headline: None },
        PageView { blocks: &en.blocks, suspects: &en.suspects, headline: None },
        &options.lexicon,
        &options.align,
        options.strategy,
    );
    let units = |b: &Block| {
        let chars = b.text.chars().filter(|c| !c.is_whitespace()).count() as f32;
        if matches!(b.lang.lang, Lang::En) {
            chars
        } else {
            chars * super::signature::HANGUL_UNITS
        }
    };
    let (mut paired, mut total) = (0f32, 0f32);
    for bead in &alignment.paragraphs {
        let content: f32 = ko.blocks[bead.ko.clone()].iter().chain(&en.blocks[bead.en.clone()]).map(units).sum();
        total += content;
        if !bead.ko.is_empty() && !bead.en.is_empty() {
            paired += content * bead.score;
        }
    }
    if total > 0.0 {
        paired / total
    } else {
        0.0
    }
}
