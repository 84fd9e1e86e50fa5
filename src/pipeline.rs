//! One article pair through every stage: blocks → language → boilerplate → alignment.
//! No I/O here: pages come in as text, a [`Document`] comes out.

use crate::align::selftrain::{Associations, SelfTrainParams};
use crate::align::{self, lexicon::Lexicon, AlignParams, PageView, Strategy};
use crate::boilerplate::{self, rules::RuleSet, template::TemplateIndex, CleanPage};
use crate::input::{split_by_language, ReadOptions};
use crate::model::{AuditEntry, Bead, Block, Level, Side};
use std::sync::Arc;

/// Every knob of a run, with its defaults in one place; shared by the CLI, batch runner and
/// any binding.
#[derive(Clone, Debug)]
pub struct Options {
    /// Boilerplate rules (the built-in set, plus any user file).
    pub rules: Arc<RuleSet>,
    /// The Korean–English lexicon (the built-in list, plus any user dictionary).
    pub lexicon: Arc<Lexicon>,
    /// Aligner parameters and the signals it uses.
    pub align: AlignParams,
    /// How pages are read: text or HTML, block splitting, declared encoding.
    pub read: ReadOptions,
    /// Align sentences across the article (default) or paragraphs only.
    pub strategy: Strategy,
    /// Write paragraph beads (default) or sentence pairs.
    pub level: Level,
    /// Pairs scoring below this are not written (null beads are always written).
    pub min_score: f32,
    /// In a batch, learn word associations from the first pass's confident pairs and
    /// align again with them (Moore 2002).
    pub self_train: bool,
    /// What self-training learns from and keeps.
    pub self_train_params: SelfTrainParams,
    /// Blocks recurring across the batch's documents (set by the batch runner).
    pub templates: Option<Arc<TemplateIndex>>,
    /// In a batch, a block recurring in at least this many documents is template (0: off).
    pub template_min_documents: u32,
    /// Limits that tell a page from something that is not one.
    pub limits: crate::batch::Limits,
    /// Remove nothing: align every block as read, but still audit what would have gone.
    pub keep_boilerplate: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options::with_data(Arc::new(RuleSet::default()), Arc::new(Lexicon::builtin()))
    }
}

impl Options {
    /// Default settings with the given rules and lexicon (building the built-in ones costs a
    /// few milliseconds, so callers that load their own should not build the defaults too).
    pub fn with_data(rules: Arc<RuleSet>, lexicon: Arc<Lexicon>) -> Self {
        Options {
            rules,
            lexicon,
            align: AlignParams::default(),
            read: ReadOptions::default(),
            strategy: Strategy::default(),
            level: Level::default(),
            min_score: 0.0,
            self_train: true,
            self_train_params: SelfTrainParams::default(),
            templates: None,
            template_min_documents: 3,
            limits: crate::batch::Limits::default(),
            keep_boilerplate: false,
        }
    }
}

impl Options {
    /// A summary of every setting that changes output, to tell whether an unfinished run
    /// can be resumed with these options.
    pub fn fingerprint(&self) -> String {
        format!(
            "{:?}|{:?}|{:?}|{:?}|{}|{}|{:?}|{}|{:?}|rules:{:x}|lexicon:{:x}",
            self.align,
            self.read,
            self.strategy,
            self.level,
            self.min_score,
            self.self_train,
            self.self_train_params,
            self.template_min_documents,
            self.limits,
            rules_hash(self.rules.rules()),
            self.lexicon.content_hash()
        )
    }
}

/// A hash of the rules as written (ids, patterns, scopes, limits), so a resumed run notices
/// an edited rules file.
fn rules_hash(rules: &[crate::boilerplate::rules::Rule]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    format!("{rules:?}").hash(&mut h);
    h.finish()
}

/// A sentence-level bead with its text.
#[derive(Clone, Debug, PartialEq)]
pub struct SentencePair {
    /// The Korean sentences, joined by a space (empty for a 0-1 bead).
    pub ko: String,
    /// The English sentences, joined by a space.
    pub en: String,
    /// How many sentences each side has.
    pub sizes: (usize, usize),
    /// The page indices of the Korean blocks the sentences come from.
    pub ko_blocks: Vec<usize>,
    /// The page indices of the English blocks.
    pub en_blocks: Vec<usize>,
    /// Confidence in [0, 1].
    pub score: f32,
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
    /// The paragraph alignment, in document order; null beads included.
    pub beads: Vec<Bead>,
    /// The sentence alignment, in document order; null beads included.
    pub sentences: Vec<SentencePair>,
    /// Every removal, Korean page first, each in page order.
    pub audit: Vec<AuditEntry>,
    /// Malformed byte sequences replaced while decoding its files.
    pub replaced: usize,
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

/// The confident one-to-one sentence pairs of a processed document, as self-training data.
pub fn training_pairs(doc: &Document, params: &SelfTrainParams) -> Associations {
    let mut a = Associations::default();
    for s in doc.sentences.iter().filter(|s| s.sizes == (1, 1) && s.score >= params.min_pair_score) {
        a.add(&s.ko, &s.en);
    }
    a
}

/// How much a bead's confidence keeps when a paragraph next to it was left unpaired.
const NEXT_TO_UNPAIRED: f32 = 0.7;

/// Processes one article pair given as plain text pages.
pub fn process_text(id: &str, ko_page: &str, en_page: &str, options: &Options) -> Document {
    let ko_blocks = crate::input::text_blocks_with(ko_page, Side::Ko, options.read.blocks);
    let en_blocks = crate::input::text_blocks_with(en_page, Side::En, options.read.blocks);
    process_blocks(id, ko_blocks, en_blocks, options)
}

/// Processes one bilingual page (both editions in one text): its blocks are split by
/// language, then aligned.
pub fn process_page(id: &str, page: &str, options: &Options) -> Document {
    let blocks = crate::input::text_blocks_with(page, Side::En, options.read.blocks);
    let (ko, en) = split_by_language(blocks);
    process_blocks(id, ko, en, options)
}

/// Processes one article pair from its blocks (the entry point for any reader of pages).
pub fn process_blocks(id: &str, ko_blocks: Vec<Block>, en_blocks: Vec<Block>, options: &Options) -> Document {
    let templates = options.templates.as_deref();
    let mut ko = boilerplate::clean_page(ko_blocks.clone(), Side::Ko, &options.rules, templates);
    let mut en = boilerplate::clean_page(en_blocks.clone(), Side::En, &options.rules, templates);
    if options.keep_boilerplate {
        // The audit says what would have gone; every block stays, as read.
        for (page, blocks) in [(&mut ko, &ko_blocks), (&mut en, &en_blocks)] {
            page.kept = blocks.clone();
            page.suspect = vec![None; blocks.len()];
            page.headline_candidates.clear();
            page.headline = None;
        }
    }

    if let Some((k, e)) = align::choose_headlines(
        (&ko.kept, &ko.headline_candidates),
        (&en.kept, &en.headline_candidates),
        &options.lexicon,
        &options.align,
    ) {
        ko.headline = Some(k);
        en.headline = Some(e);
    } else if !ko.kept.is_empty() && !en.kept.is_empty() {
        // No headline-shaped line on one page (a sentence for a title): the first blocks are
        // still each other's likeliest counterparts.
        ko.headline = Some(0);
        en.headline = Some(0);
    }
    // A side without a single sentence of prose (a one-language page whose other side is
    // only interface strings) has nothing to translate: nothing is paired.
    let has_prose = |page: &CleanPage| page.kept.iter().any(|b| crate::text_shape::is_prose_sentence(&b.text));
    let comparable = has_prose(&ko) && has_prose(&en);
    let alignment = if !comparable {
        align::unaligned(&ko.kept, &en.kept)
    } else {
        align::align_pages(
            PageView { blocks: &ko.kept, suspects: &ko.suspect, headline: ko.headline },
            PageView { blocks: &en.kept, suspects: &en.suspect, headline: en.headline },
            &options.lexicon,
            &options.align,
            options.strategy,
        )
    };

    // Suspects left unpaired are boilerplate after all, unless they share numbers or Latin
    // tokens with the other edition (content the aligner could not place).
    let unpaired = |side: Side| -> Vec<usize> {
        alignment
            .paragraphs
            .iter()
            .filter(|b| b.ko.is_empty() || b.en.is_empty())
            .flat_map(|b| if side == Side::Ko { b.ko.clone() } else { b.en.clone() })
            .collect()
    };
    let ko_anchors = align::block_anchor_units(&ko.kept, true);
    let en_anchors = align::block_anchor_units(&en.kept, false);
    // Without a second edition, "no counterpart" says nothing about a headline or subheading:
    // only chrome-shaped lines go.
    let fragments = |page: &CleanPage| -> Vec<bool> {
        page.suspect.iter().map(|s| !comparable && *s == Some(boilerplate::Suspicion::Fragment)).collect()
    };
    let (ko_keep, en_keep) = (fragments(&ko), fragments(&en));
    let ko_removed = boilerplate::resolve_suspects(&mut ko, &unpaired(Side::Ko), |i| {
        ko_keep[i] || align::shares_anchors(&ko_anchors[i], &en_anchors)
    });
    let en_removed = boilerplate::resolve_suspects(&mut en, &unpaired(Side::En), |i| {
        en_keep[i] || align::shares_anchors(&en_anchors[i], &ko_anchors)
    });
    let gone = |range: &std::ops::Range<usize>, removed: &[usize]| {
        !range.is_empty() && range.clone().all(|i| removed.contains(&i))
    };

    let mut beads: Vec<Bead> = alignment
        .paragraphs
        .iter()
        .filter(|b| !gone(&b.ko, &ko_removed) && !gone(&b.en, &en_removed))
        .map(|b| Bead {
            ko: b.ko.clone().map(|i| ko.kept[i].index).collect(),
            en: b.en.clone().map(|i| en.kept[i].index).collect(),
            score: b.score,
        })
        .collect();
    // A paragraph left unpaired next to a bead might belong to it: the bead's grouping is
    // less certain than its sentence links say.
    let nulls: Vec<bool> = beads.iter().map(Bead::is_null).collect();
    for (i, b) in beads.iter_mut().enumerate() {
        let next_to_null = (i > 0 && nulls[i - 1]) || nulls.get(i + 1).copied().unwrap_or(false);
        if !b.is_null() && next_to_null {
            b.score *= NEXT_TO_UNPAIRED;
        }
    }

    let sentence_text =
        |page: &CleanPage, sents: &[align::SentenceRef], range: std::ops::Range<usize>| -> (String, Vec<usize>) {
            let mut blocks: Vec<usize> = Vec::new();
            let text = sents[range]
                .iter()
                .map(|r| {
                    let b = &page.kept[r.block];
                    if blocks.last() != Some(&b.index) {
                        blocks.push(b.index);
                    }
                    &b.text[r.range.clone()]
                })
                .collect::<Vec<_>>()
                .join(" ");
            (text, blocks)
        };
    let sentences = alignment
        .sentences
        .iter()
        .filter(|b| {
            let ko_gone =
                !b.ko.is_empty() && b.ko.clone().all(|i| ko_removed.contains(&alignment.ko_sentences[i].block));
            let en_gone =
                !b.en.is_empty() && b.en.clone().all(|i| en_removed.contains(&alignment.en_sentences[i].block));
            !ko_gone && !en_gone
        })
        .map(|b| {
            let (ko_text, ko_blocks) = sentence_text(&ko, &alignment.ko_sentences, b.ko.clone());
            let (en_text, en_blocks) = sentence_text(&en, &alignment.en_sentences, b.en.clone());
            SentencePair {
                ko: ko_text,
                en: en_text,
                sizes: (b.ko.len(), b.en.len()),
                ko_blocks,
                en_blocks,
                score: b.score,
            }
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
        sentences,
        audit,
        replaced: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_notices_an_edited_rule_and_lexicon_entry() {
        let base = Options::default();
        let header = "id\tlang\tmatch\tscope\tmax_chars\tpattern\treason\n";
        let with_rule = |pattern: &str| {
            let mut rules = RuleSet::default();
            rules
                .extend(&format!("{header}house-ad\ten\texact\tblock\t40\t{pattern}\tour own advert\n"), "extra.tsv")
                .unwrap();
            Options::with_data(Arc::new(rules), Arc::new(Lexicon::builtin()))
        };
        // Same number of rules, different pattern.
        assert_ne!(with_rule("Buy our mugs").fingerprint(), with_rule("Buy our caps").fingerprint());
        assert_ne!(with_rule("Buy our mugs").fingerprint(), base.fingerprint());
        let lexicon = |en: &str| {
            let mut lex = Lexicon::builtin();
            lex.extend(&format!("{en} @ 머그잔\n"), "user.dic").unwrap();
            Options::with_data(Arc::new(RuleSet::default()), Arc::new(lex))
        };
        assert_ne!(lexicon("mug").fingerprint(), lexicon("cup").fingerprint());
        assert_eq!(Options::default().fingerprint(), base.fingerprint());
    }
}
