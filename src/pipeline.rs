//! One document through every stage: blocks → language → boilerplate → alignment, with the
//! settings ([`Options`]) and what was learnt from the batch ([`BatchEvidence`]) side by side.
//! No file I/O here: pages come in loaded ([`LoadedDocument`]), a [`Document`] comes out.

use crate::align::{self, PageView};
use crate::bilingual::selftrain::{Associations, SelfTrainParams};
use crate::bilingual::{self, lexicon::Lexicon};
use crate::boilerplate::{self, template::TemplateIndex, CleanPage};
use crate::error::Result;
use crate::input::load::{load_pair_bytes, LoadedDocument, Origin};
use crate::input::PageInfo;
use crate::model::{Bead, Block, CharsetOverride, Document, SentencePair, Side};
use crate::options::Options;
use crate::text_shape::word_count;
use rayon::prelude::*;
use std::path::Path;
use std::sync::Arc;

/// What a batch has learnt from its first documents, passed beside the [`Options`]: blocks
/// that recur across documents, and the lexicon extended with word associations from a first
/// pass's confident pairs. The default has learnt nothing (a document on its own).
#[derive(Clone, Debug, Default)]
pub struct BatchEvidence {
    /// Blocks recurring across the sample's documents.
    pub templates: Option<Arc<TemplateIndex>>,
    /// The options' lexicon extended with the associations learnt by self-training.
    pub lexicon: Option<Arc<Lexicon>>,
}

impl BatchEvidence {
    /// The lexicon to align with: the learnt one, or the options' own.
    fn lexicon<'a>(&'a self, options: &'a Options) -> &'a Lexicon {
        self.lexicon.as_deref().unwrap_or(&options.lexicon)
    }
}

/// Learns the evidence only a batch has from some of its documents: blocks that recur across
/// them (templates), then word associations from a first pass's confident pairs.
pub fn learn_evidence(sample: &[(&str, &LoadedDocument)], options: &Options) -> BatchEvidence {
    let learn = &options.learn;
    let mut evidence = BatchEvidence::default();
    if learn.template_min_documents > 0 {
        let blocks = sample.iter().map(|(_, d)| d.ko.iter().chain(&d.en));
        evidence.templates = Some(Arc::new(TemplateIndex::build(blocks, learn.template_min_documents)));
    }
    if learn.self_train {
        let params = &learn.self_train_params;
        let first_pass = &evidence;
        // A document with no block of five words on one side (a one-language page) has no
        // sentence pair to give: it is not processed for nothing.
        let can_pair = |d: &LoadedDocument| [&d.ko, &d.en].iter().all(|s| s.iter().any(|b| word_count(&b.text) >= 5));
        let associations = sample
            .par_iter()
            .copied()
            .filter(|(_, d)| can_pair(d))
            .map(|(id, d)| training_pairs(&process(id, d.clone(), options, first_pass), params))
            .reduce(Default::default, |mut a, b| {
                a.merge(b);
                a
            });
        if !associations.dictionary(params).is_empty() {
            evidence.lexicon = Some(Arc::new(associations.extend(&options.lexicon, params)));
        }
    }
    evidence
}

/// Aligns one article pair given as text (or HTML) in memory, with the checks every input
/// gets (each edition has text in its language, no oversized page) and no batch evidence.
pub fn align_texts(id: &str, ko: &str, en: &str, options: &Options) -> Result<Document> {
    let name = |side: &str| format!("{id} ({side})");
    let (ko_name, en_name) = (name("ko"), name("en"));
    let loaded = load_pair_bytes(
        (ko.as_bytes(), Path::new(&ko_name)),
        (en.as_bytes(), Path::new(&en_name)),
        &options.read,
        &options.limits,
    )?;
    Ok(process(id, loaded, options, &BatchEvidence::default()))
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

/// Processes one loaded document with the batch's evidence (the default evidence for a
/// document on its own).
pub fn process(id: &str, loaded: LoadedDocument, options: &Options, evidence: &BatchEvidence) -> Document {
    process_with_headlines(id, loaded, options, evidence).0
}

/// The blocks the cleaning took for each edition's headline (page indices), when kept.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Headlines {
    /// The Korean edition's.
    pub ko: Option<usize>,
    /// The English edition's.
    pub en: Option<usize>,
}

/// [`process`], also saying which blocks were taken for the headlines (for extraction, which
/// reports the headline as the article's title).
pub(crate) fn process_with_headlines(
    id: &str,
    loaded: LoadedDocument,
    options: &Options,
    evidence: &BatchEvidence,
) -> (Document, Headlines) {
    let replaced = loaded.replaced();
    let charset_overrides = charset_overrides(&loaded.origin);
    let templates = evidence.templates.as_deref();
    let lexicon = evidence.lexicon(options);
    let mut ko = boilerplate::clean_page(loaded.ko.clone(), Side::Ko, &options.rules, templates, loaded.dom(Side::Ko));
    let mut en = boilerplate::clean_page(loaded.en.clone(), Side::En, &options.rules, templates, loaded.dom(Side::En));
    let LoadedDocument { ko: ko_blocks, en: en_blocks, meta, .. } = loaded;
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
        lexicon,
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
    // A side whose only text is one short sentence (a brief, a caption) still has something to
    // translate when the other side has too; interface strings rarely close with a stop.
    let has_sentence = |page: &CleanPage| page.kept.iter().any(|b| crate::text_shape::is_short_sentence(&b.text));
    let comparable = has_sentence(&ko) && has_sentence(&en);
    let alignment = if !comparable {
        align::unaligned(&ko.kept, &en.kept)
    } else {
        align::align_pages(
            PageView { blocks: &ko.kept, suspects: &ko.suspect, headline: ko.headline },
            PageView { blocks: &en.kept, suspects: &en.suspect, headline: en.headline },
            lexicon,
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
    let ko_anchors = bilingual::block_anchors(&ko.kept, Side::Ko);
    let en_anchors = bilingual::block_anchors(&en.kept, Side::En);
    // Without a second edition, "no counterpart" says nothing about a headline or subheading:
    // only chrome-shaped lines go.
    let fragments = |page: &CleanPage| -> Vec<bool> {
        page.suspect.iter().map(|s| !comparable && *s == Some(boilerplate::Suspicion::Fragment)).collect()
    };
    let (ko_keep, en_keep) = (fragments(&ko), fragments(&en));
    let ko_removed = boilerplate::resolve_suspects(&mut ko, &unpaired(Side::Ko), |i| {
        ko_keep[i] || bilingual::shares_anchors(&ko_anchors[i], &en_anchors)
    });
    let en_removed = boilerplate::resolve_suspects(&mut en, &unpaired(Side::En), |i| {
        en_keep[i] || bilingual::shares_anchors(&en_anchors[i], &ko_anchors)
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

    let headline = |page: &CleanPage, removed: &[usize]| {
        page.headline.filter(|h| !removed.contains(h)).and_then(|h| page.kept.get(h)).map(|b| b.index)
    };
    let headlines = Headlines { ko: headline(&ko, &ko_removed), en: headline(&en, &en_removed) };
    let keep = |page: CleanPage, removed: &[usize]| -> Vec<Block> {
        page.kept.into_iter().enumerate().filter(|(i, _)| !removed.contains(i)).map(|(_, b)| b).collect()
    };
    let mut audit = ko.audit.clone();
    audit.extend(en.audit.iter().cloned());
    let document = Document {
        id: id.to_owned(),
        ko_blocks,
        en_blocks,
        ko_content: keep(ko, &ko_removed),
        en_content: keep(en, &en_removed),
        beads,
        sentences,
        audit,
        replaced,
        charset_overrides,
        meta,
    };
    (document, headlines)
}

/// The pages of a document whose declared charset was overridden (see `PageInfo`).
fn charset_overrides(origin: &Origin) -> Vec<CharsetOverride> {
    let pages: Vec<(&str, &PageInfo)> = match origin {
        Origin::Pair { ko, en } => vec![("ko", ko), ("en", en)],
        Origin::Bilingual(page) => vec![("page", page)],
    };
    pages
        .into_iter()
        .filter_map(|(page, info)| {
            info.declared_encoding.map(|declared| CharsetOverride {
                page: page.to_owned(),
                declared: declared.to_owned(),
                used: info.encoding.to_owned(),
            })
        })
        .collect()
}
