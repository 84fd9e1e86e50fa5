//! The check of a doubtful candidate: the aligner pairs the two articles sentence by sentence,
//! and the share of their content whose partner translates it says whether they are one
//! article. Neighbouring stories share names and topic words, but not sentence after sentence
//! of translation, in order.

use crate::align::{align_pages, PageView};
use crate::boilerplate::Suspicion;
use crate::model::Block;
use crate::options::Options;
use crate::text_shape::length_units;

/// An edition's article as cleaning kept it, ready for the aligner.
#[derive(Clone, Debug, Default)]
pub(crate) struct Article {
    pub(crate) blocks: Vec<Block>,
    pub(crate) suspects: Vec<Option<Suspicion>>,
}

/// The share of two articles' content that the aligner pairs with a translation, each
/// sentence bead's content weighed by the share of its lexicon terms the other side
/// translates: high for a translation, low for two stories on one topic.
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
    // Each sentence bead's content counts by how much of it the other side translates (the
    // lexicon's share of translated terms): an absolute measure, where the beads' own
    // confidence is relative to the alternatives the aligner had.
    let lexicon = &*options.lexicon;
    let text = |blocks: &[Block], r: &crate::align::SentenceRef| blocks[r.block].text[r.range.clone()].to_owned();
    let (mut paired, mut total) = (0f32, 0f32);
    for bead in &alignment.sentences {
        let ko_text: Vec<String> =
            alignment.ko_sentences[bead.ko.clone()].iter().map(|r| text(&ko.blocks, r)).collect();
        let en_text: Vec<String> =
            alignment.en_sentences[bead.en.clone()].iter().map(|r| text(&en.blocks, r)).collect();
        let ko_units: f32 = ko_text.iter().map(|t| length_units(t, true)).sum();
        let en_units: f32 = en_text.iter().map(|t| length_units(t, false)).sum();
        total += ko_units + en_units;
        if ko_text.is_empty() || en_text.is_empty() {
            continue;
        }
        let ko_terms: Vec<_> = ko_text.iter().map(|t| lexicon.korean_terms(t)).collect();
        let en_terms: Vec<_> = en_text.iter().map(|t| lexicon.english_terms(t)).collect();
        let (translated, _) = lexicon.overlap(&ko_terms, &en_terms);
        paired += (ko_units + en_units) * translated;
    }
    if total > 0.0 {
        paired / total
    } else {
        0.0
    }
}
