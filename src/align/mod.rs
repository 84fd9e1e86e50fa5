//! Alignment: Korean and English content blocks grouped into paragraph beads, and the
//! sentences inside them paired.
//!
//! The search runs over sentences across the whole article, not over paragraphs: the two
//! editions break paragraphs at different sentences, and only sentence-level evidence can
//! tell a paragraph that one edition dropped from one it merged, or where a 2-2 boundary
//! moved. Paragraph beads are then derived as the smallest groups of blocks whose sentence
//! links do not cross a paragraph boundary on either side. The cost of a bead (see
//! [`cost`]) combines a length model calibrated per document, anchors (numbers, Latin
//! tokens), names across scripts and a Korean–English lexicon, all size-neutral; that
//! evidence is built by [`crate::bilingual`], one side at a time.

pub mod cost;
pub mod dp;
pub mod sentences;

use crate::bilingual::lexicon::Lexicon;
use crate::bilingual::{names, side_features, Edition, Features, KoreanLatin};
use crate::boilerplate::Suspicion;
use crate::model::Block;
pub use cost::{AlignParams, CostModel, Signals, Unit};
use std::ops::Range;

/// How the search is organised.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Strategy {
    /// Sentences across the article; paragraph beads derived from sentence links.
    #[default]
    Sentence,
    /// Paragraphs only (the classic approach; for comparison).
    Paragraph,
}

/// A page's content as the aligner takes it.
#[derive(Clone, Copy, Debug)]
pub struct PageView<'a> {
    /// Content blocks in page order.
    pub blocks: &'a [Block],
    /// Why each block is suspected of being boilerplate, if it is.
    pub suspects: &'a [Option<Suspicion>],
    /// Which block is the headline, if any.
    pub headline: Option<usize>,
}

/// A sentence of a content block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentenceRef {
    /// Position of its block among the content blocks.
    pub block: usize,
    /// Byte range in the block's text.
    pub range: Range<usize>,
}

/// One bead, by positions: content blocks for paragraph beads, sentences for sentence beads.
#[derive(Clone, Debug, PartialEq)]
pub struct AlignedBead {
    /// Korean positions.
    pub ko: Range<usize>,
    /// English positions.
    pub en: Range<usize>,
    /// Confidence in [0, 1] (0 for null beads).
    pub score: f32,
}

/// The alignment of one document.
#[derive(Clone, Debug, Default)]
pub struct Alignment {
    /// Paragraph beads over content blocks, in order, covering every block once.
    pub paragraphs: Vec<AlignedBead>,
    /// Sentence beads over [`Alignment::ko_sentences`] / [`Alignment::en_sentences`].
    pub sentences: Vec<AlignedBead>,
    /// The Korean sentences.
    pub ko_sentences: Vec<SentenceRef>,
    /// The English sentences.
    pub en_sentences: Vec<SentenceRef>,
}

/// Aligns two pages' content.
pub fn align_pages(
    ko: PageView<'_>,
    en: PageView<'_>,
    lexicon: &Lexicon,
    params: &AlignParams,
    strategy: Strategy,
) -> Alignment {
    let ko_sentences = split_page(ko.blocks, strategy);
    let en_sentences = split_page(en.blocks, strategy);
    let wanted = params.signals.wanted();
    let ko_features = side_features(Edition::Korean, sentence_texts(ko.blocks, &ko_sentences), lexicon, wanted);
    let latin = KoreanLatin::of(&ko_features);
    let en_features =
        side_features(Edition::English(&latin), sentence_texts(en.blocks, &en_sentences), lexicon, wanted);
    let mut ko_units = units(&ko, &ko_sentences, ko_features);
    let mut en_units = units(&en, &en_sentences, en_features);
    names::restrict_to_document(
        ko_units.iter_mut().map(|u| &mut u.features.ko_names),
        en_units.iter_mut().map(|u| &mut u.features.en_names),
    );
    let steps: &[dp::Step] = match strategy {
        Strategy::Sentence => &dp::SENTENCE_STEPS,
        Strategy::Paragraph => &dp::STEPS,
    };
    let sentence_beads = align_units(&ko_units, &en_units, lexicon, params, steps);
    let paragraphs = match strategy {
        Strategy::Paragraph => sentence_beads.clone(),
        Strategy::Sentence => {
            derive_paragraphs(&sentence_beads, &ko_sentences, &en_sentences, ko.blocks.len(), en.blocks.len())
        }
    };
    Alignment { paragraphs, sentences: sentence_beads, ko_sentences, en_sentences }
}

/// An alignment that pairs nothing: every block a null bead (for a side with nothing to translate).
pub fn unaligned(ko: &[Block], en: &[Block]) -> Alignment {
    let (k, e) = (ko.len(), en.len());
    let mut paragraphs: Vec<AlignedBead> = (0..k).map(|i| AlignedBead { ko: i..i + 1, en: 0..0, score: 0.0 }).collect();
    paragraphs.extend((0..e).map(|j| AlignedBead { ko: k..k, en: j..j + 1, score: 0.0 }));
    let whole = |blocks: &[Block]| {
        blocks.iter().enumerate().map(|(block, b)| SentenceRef { block, range: 0..b.text.len() }).collect()
    };
    Alignment { sentences: paragraphs.clone(), paragraphs, ko_sentences: whole(ko), en_sentences: whole(en) }
}

/// Chooses the two editions' headlines jointly: of the headline-shaped blocks near the top of
/// each page, the pair whose evidence (length, anchors, names, lexicon) agrees best, so a
/// menu or ticker line above the headline on one page is not taken for it.
pub fn choose_headlines(
    ko: (&[Block], &[usize]),
    en: (&[Block], &[usize]),
    lexicon: &Lexicon,
    params: &AlignParams,
) -> Option<(usize, usize)> {
    let (ko_texts, en_texts) = (candidate_texts(ko), candidate_texts(en));
    // The same features as the aligner's units (Latin anchors restricted to the Korean
    // candidates'), so the headlines are chosen on the evidence that pairs them afterwards.
    let wanted = params.signals.wanted();
    let ko_features = side_features(Edition::Korean, ko_texts.iter().copied(), lexicon, wanted);
    let latin = KoreanLatin::of(&ko_features);
    let en_features = side_features(Edition::English(&latin), en_texts.iter().copied(), lexicon, wanted);
    let ko_units = candidate_units(&ko_texts, ko_features);
    let en_units = candidate_units(&en_texts, en_features);
    let model = CostModel::new(&ko_units, &en_units, params.prior_ratio, params, lexicon);
    let mut best: Option<(f32, usize, usize)> = None;
    for (a, &i) in ko.1.iter().enumerate() {
        for (b, &j) in en.1.iter().enumerate() {
            // Earlier is likelier: a small cost for each candidate passed over.
            let cost = model.evidence_cost(&ko_units[a..a + 1], &en_units[b..b + 1]) + 0.5 * (a + b) as f32;
            if best.is_none_or(|(c, _, _)| cost < c) {
                best = Some((cost, i, j));
            }
        }
    }
    best.map(|(_, i, j)| (i, j))
}

/// The texts of a page's headline candidates.
fn candidate_texts<'b>((blocks, candidates): (&'b [Block], &[usize])) -> Vec<&'b str> {
    candidates.iter().map(|&i| blocks[i].text.as_str()).collect()
}

/// Headline candidates as units: features and length only, as if each were a page of its own.
fn candidate_units(texts: &[&str], features: Vec<Features>) -> Vec<Unit> {
    texts
        .iter()
        .zip(features)
        .enumerate()
        .map(|(pos, (text, features))| Unit {
            len: text.chars().count() as f32,
            features,
            pos: pos as u32,
            ..Unit::default()
        })
        .collect()
}

/// The sentences of each block (or, for the paragraph strategy, each block whole).
fn split_page(blocks: &[Block], strategy: Strategy) -> Vec<SentenceRef> {
    blocks
        .iter()
        .enumerate()
        .flat_map(|(block, b)| {
            let ranges = match strategy {
                Strategy::Sentence => sentences::split_sentences(&b.text),
                Strategy::Paragraph => Vec::new(),
            };
            // The whole block is one unit for the paragraph strategy, or when no sentence was found.
            let ranges = if ranges.is_empty() { std::iter::once(0..b.text.len()).collect() } else { ranges };
            ranges.into_iter().map(move |range| SentenceRef { block, range })
        })
        .collect()
}

/// The text of each sentence.
fn sentence_texts<'s>(blocks: &'s [Block], sentences: &'s [SentenceRef]) -> impl Iterator<Item = &'s str> + 's {
    sentences.iter().map(|r| &blocks[r.block].text[r.range.clone()])
}

/// Units of a page: its sentences with their features (see [`side_features`]) and where they sit.
fn units(page: &PageView<'_>, sentences: &[SentenceRef], features: Vec<Features>) -> Vec<Unit> {
    sentence_texts(page.blocks, sentences)
        .zip(sentences)
        .zip(features)
        .enumerate()
        .map(|(pos, ((text, r), features))| {
            let suspicion = page.suspects.get(r.block).copied().flatten();
            Unit {
                len: text.chars().count() as f32,
                features,
                suspect: suspicion.is_some_and(Suspicion::cheap_to_drop),
                chrome_shaped: suspicion == Some(Suspicion::Shape),
                sandwiched: sandwiched(page, r.block),
                headline: page.headline == Some(r.block),
                block: r.block,
                pos: pos as u32,
            }
        })
        .collect()
}

/// Whether the blocks before and after this one are prose (not suspected of anything): a
/// short line between two paragraphs is placed like a subheading.
fn sandwiched(page: &PageView<'_>, block: usize) -> bool {
    let prose = |i: usize| page.suspects.get(i).is_some_and(Option::is_none);
    block > 0 && prose(block - 1) && prose(block + 1)
}

/// Aligns two unit sequences with the bead DP; ratio estimated, then refined once. The
/// English units' Latin anchors must already be restricted to the Korean page's.
fn align_units(
    ko: &[Unit],
    en: &[Unit],
    lexicon: &Lexicon,
    params: &AlignParams,
    steps: &[dp::Step],
) -> Vec<AlignedBead> {
    let ratio = document_ratio(ko, en, params);
    let model = CostModel::new(ko, en, ratio, params, lexicon);
    let band = params.band.max(ko.len().max(en.len()) / 8);
    // The ratio-free part of each bead's cost is computed once and reused by every pass
    // (guide, search, search with the refined ratio, forward, backward).
    let fixed = BeadTable::new(ko.len(), en.len(), steps);
    let cost_with = |model: &CostModel<'_>, k: Range<usize>, e: Range<usize>| -> f32 {
        if k.is_empty() || e.is_empty() {
            return model.null_cost(k, e);
        }
        let f = fixed.get_or(&k, &e, || model.fixed_cost(k.clone(), e.clone()));
        f + model.length_cost(&model.ko[k], &model.en[e])
    };
    let (n, m) = (ko.len(), en.len());
    // Most beads of the band lie far from any plausible path. A first search with 1-1 and
    // null beads only (a few hundred pair costs) finds where the path runs, offsets from
    // untranslated stretches included; every later pass, merges and all, stays within a
    // corridor around it.
    let search_band = if params.corridor > 0 {
        let guide = dp::best_path(n, m, &dp::GUIDE_STEPS, band, |k, e| Some(cost_with(&model, k, e)));
        dp::Band::around(n, m, &guide, params.corridor)
    } else {
        dp::Band::diagonal(n, m, band)
    };
    let search = |model: &CostModel<'_>| {
        dp::best_path_within(&search_band, m, steps, |k, e| Some(cost_with(model, k, e)))
            .unwrap_or_else(|| dp::best_path(n, m, steps, band, |k, e| Some(cost_with(model, k, e))))
    };
    let path = search(&model);
    let refined = refine_ratio(ko, en, &path, params).unwrap_or(ratio);
    let model = model.with_ratio(refined);
    let path = if (refined - ratio).abs() > 0.01 { search(&model) } else { path };
    let path_inside =
        path.iter().all(|p| search_band.contains(p.ko.start, p.en.start) && search_band.contains(p.ko.end, p.en.end));
    let posteriors = if path_inside {
        dp::bead_posteriors_within(
            &search_band,
            m,
            steps,
            |k, e| Some(cost_with(&model, k, e)),
            &path,
            params.temperature,
        )
    } else {
        dp::bead_posteriors(n, m, steps, band, |k, e| Some(cost_with(&model, k, e)), &path, params.temperature)
    };
    path.into_iter()
        .zip(posteriors)
        .map(|(p, posterior)| {
            // Confidence: the evidence for this bead, and how sure the search is of its
            // grouping against every alternative.
            let score = if p.ko.is_empty() || p.en.is_empty() {
                0.0
            } else {
                model.confidence(p.ko.clone(), p.en.clone()).min(posterior)
            };
            AlignedBead { ko: p.ko, en: p.en, score }
        })
        .collect()
}

/// A value per bead, keyed by its end cell and its shape (which of the search's steps it is),
/// in the shared lazily filled [`cost::PairTable`]: flat for ordinary documents (every DP pass
/// looks each bead up, so hashing showed in profiles), hashed for huge ones.
struct BeadTable<'s> {
    steps: &'s [dp::Step],
    table: cost::PairTable<f32>,
}

impl<'s> BeadTable<'s> {
    fn new(ko: usize, en: usize, steps: &'s [dp::Step]) -> Self {
        BeadTable { steps, table: cost::PairTable::new((ko + 1).saturating_mul(steps.len()), en + 1) }
    }

    fn get_or(&self, k: &Range<usize>, e: &Range<usize>, make: impl FnOnce() -> f32) -> f32 {
        match self.steps.iter().position(|&step| step == (k.len(), e.len())) {
            Some(shape) => self.table.get_or(k.end * self.steps.len() + shape, e.end, make),
            // Not a step of this search, so never looked up twice.
            None => make(),
        }
    }
}

/// Groups sentence beads into paragraph beads: a group closes where both sides are at a
/// block boundary, so no sentence link crosses a paragraph boundary.
fn derive_paragraphs(
    beads: &[AlignedBead],
    ko: &[SentenceRef],
    en: &[SentenceRef],
    ko_blocks: usize,
    en_blocks: usize,
) -> Vec<AlignedBead> {
    let at_boundary = |sents: &[SentenceRef], next: usize| {
        next == sents.len() || (next > 0 && sents[next].block != sents[next - 1].block) || next == 0
    };
    let spans_blocks =
        |sents: &[SentenceRef], r: &Range<usize>| r.len() > 1 && sents[r.start].block != sents[r.end - 1].block;
    let mut out = Vec::new();
    let (mut ko_start, mut en_start) = (0usize, 0usize);
    // A paragraph bead is as sure as its least sure sentence link, and less sure for every
    // sentence inside it left unpaired or linked across a paragraph boundary.
    let mut score: Option<f32> = None;
    let mut doubts = 0i32;
    for b in beads {
        if !b.ko.is_empty() && !b.en.is_empty() {
            score = Some(score.map_or(b.score, |s| s.min(b.score)));
            doubts += i32::from(spans_blocks(ko, &b.ko)) + i32::from(spans_blocks(en, &b.en));
        } else {
            doubts += 1;
        }
        if at_boundary(ko, b.ko.end) && at_boundary(en, b.en.end) {
            let block_range = |sents: &[SentenceRef], start: usize, end: usize, total: usize| {
                if start == end {
                    let at = sents.get(start).map_or(total, |s| s.block);
                    at..at
                } else {
                    sents[start].block..sents[end - 1].block + 1
                }
            };
            let kr = block_range(ko, ko_start, b.ko.end, ko_blocks);
            let er = block_range(en, en_start, b.en.end, en_blocks);
            if !(kr.is_empty() && er.is_empty()) {
                let paired = !kr.is_empty() && !er.is_empty();
                let score = if paired { score.unwrap_or(0.0) * DOUBT_FACTOR.powi(doubts) } else { 0.0 };
                out.push(AlignedBead { ko: kr, en: er, score });
            }
            ko_start = b.ko.end;
            en_start = b.en.end;
            score = None;
            doubts = 0;
        }
    }
    out
}

/// How much a paragraph bead's confidence keeps for each unpaired or boundary-crossing
/// sentence inside it.
const DOUBT_FACTOR: f32 = 0.7;

/// The document's Korean/English length ratio: its own content's ratio, shrunk towards the
/// prior in proportion to how few units there are to judge by.
fn document_ratio(ko: &[Unit], en: &[Unit], params: &AlignParams) -> f32 {
    let sum = |us: &[Unit]| us.iter().filter(|u| !u.suspect || u.headline).map(|u| u.len).sum::<f32>();
    let (lk, le) = (sum(ko), sum(en));
    if lk <= 0.0 || le <= 0.0 {
        return params.prior_ratio;
    }
    let n = ko.iter().filter(|u| !u.suspect).count().min(en.iter().filter(|u| !u.suspect).count()) as f32;
    shrink(lk / le, n, params)
}

fn shrink(own: f32, n: f32, params: &AlignParams) -> f32 {
    let own = own.clamp(0.25, 1.2).ln();
    let prior = params.prior_ratio.ln();
    ((own * n + prior * params.prior_weight) / (n + params.prior_weight)).exp()
}

fn refine_ratio(ko: &[Unit], en: &[Unit], path: &[dp::PathBead], params: &AlignParams) -> Option<f32> {
    let (mut lk, mut le, mut n) = (0.0, 0.0, 0.0);
    for p in path.iter().filter(|p| p.ko.len() == 1 && p.en.len() == 1) {
        let (k, e) = (&ko[p.ko.start], &en[p.en.start]);
        if k.suspect || e.suspect {
            continue;
        }
        lk += k.len;
        le += e.len;
        n += 1.0;
    }
    (n >= 2.0 && le > 0.0).then(|| shrink(lk / le, n, params))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Lang, LangGuess, LangMethod, Side};

    fn blocks(texts: &[&str], side: Side) -> Vec<Block> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Block {
                side,
                index: i,
                span: 0..0,
                text: t.to_string(),
                lang: LangGuess { lang: Lang::Unknown, confidence: 0.0, method: LangMethod::Script },
                structure: None,
            })
            .collect()
    }

    fn run(ko: &[&str], en: &[&str]) -> Vec<(Vec<usize>, Vec<usize>)> {
        run_with(ko, en, &AlignParams::default())
    }

    fn run_with(ko: &[&str], en: &[&str], params: &AlignParams) -> Vec<(Vec<usize>, Vec<usize>)> {
        let kb = blocks(ko, Side::Ko);
        let eb = blocks(en, Side::En);
        let ks = vec![None; kb.len()];
        let es = vec![None; eb.len()];
        let a = align_pages(
            PageView { blocks: &kb, suspects: &ks, headline: None },
            PageView { blocks: &eb, suspects: &es, headline: None },
            &Lexicon::builtin(),
            params,
            Strategy::Sentence,
        );
        a.paragraphs.iter().map(|b| (b.ko.clone().collect(), b.en.clone().collect())).collect()
    }

    #[test]
    fn the_bead_table_computes_each_bead_once_whether_flat_or_hashed() {
        for (n, m) in [(5, 5), (100_000, 100_000)] {
            let table = BeadTable::new(n, m, &[(1, 1), (2, 1), (1, 4)]);
            assert_eq!(table.table.is_dense(), n == 5, "huge documents fall back to the hash map");
            let calls = std::cell::Cell::new(0);
            for _ in 0..2 {
                // (2..3, 0..1) and (1..3, 0..1) share an end cell, with different shapes.
                for (k, e) in [(0..1, 0..1), (2..3, 0..1), (1..3, 0..1), (0..1, 0..4)] {
                    let want = (k.len() * 10 + e.len()) as f32;
                    let got = table.get_or(&k, &e, || {
                        calls.set(calls.get() + 1);
                        want
                    });
                    assert_eq!(got, want, "{k:?} {e:?}");
                }
            }
            assert_eq!(calls.get(), 4);
        }
    }

    #[test]
    fn the_corridor_follows_a_long_untranslated_stretch() {
        // Eight English paragraphs the Korean edition does not have, then the translated
        // article: the path leaves the diagonal by eight units, twice the default band's
        // corridor, and the guide search must still find it.
        let ko = [
            "정부는 16일 반도체 수출이 2.5% 늘었다고 밝혔다.",
            "수출액은 1,200억 달러였다. 미국으로의 수출이 가장 많이 늘었다.",
            "중국 수출은 줄었다.",
            "한편 수입은 3% 감소했다.",
        ];
        let mut en: Vec<String> = (1..=8)
            .map(|i| format!("Background note {i}: the weather in the capital was mild, and the river festival drew crowds for a week."))
            .collect();
        en.extend(
            [
                "Semiconductor exports rose 2.5 percent, the government said on the 16th.",
                "Exports totaled $120 billion. Exports to the United States grew the most.",
                "Exports to China fell.",
                "Imports, meanwhile, fell 3 percent.",
            ]
            .map(String::from),
        );
        let en: Vec<&str> = en.iter().map(String::as_str).collect();
        let whole_band = AlignParams { corridor: 0, ..AlignParams::default() };
        let got = run(&ko, &en);
        assert_eq!(got, run_with(&ko, &en, &whole_band), "the corridor changes nothing the whole band finds");
        let pairs: Vec<_> = got.into_iter().filter(|(k, e)| !k.is_empty() && !e.is_empty()).collect();
        assert_eq!(pairs, vec![(vec![0], vec![8]), (vec![1], vec![9]), (vec![2], vec![10]), (vec![3], vec![11])]);
    }

    #[test]
    fn a_moved_boundary_makes_a_two_two_bead() {
        let got = run(
            &[
                "정부는 16일 반도체 수출이 2.5% 늘었다고 밝혔다.",
                "수출액은 1,200억 달러였다. 미국으로의 수출이 가장 많이 늘었다.",
                "중국 수출은 줄었다. 정부는 내년에도 증가세가 이어질 것으로 예상했다.",
                "한편 수입은 3% 감소했다.",
            ],
            &[
                "Semiconductor exports rose 2.5 percent, the government said on the 16th.",
                "Exports totaled $120 billion.",
                "Exports to the United States grew the most. Exports to China fell.",
                "The government expects the increase to continue next year.",
                "Imports, meanwhile, fell 3 percent.",
            ],
        );
        assert_eq!(got, vec![(vec![0], vec![0]), (vec![1, 2], vec![1, 2, 3]), (vec![3], vec![4])],);
    }

    #[test]
    fn a_paragraph_only_one_edition_has_is_a_null_bead() {
        let got = run(
            &["트럼프 대통령은 15일 워싱턴에서 연설했다.", "그는 무역 협상이 곧 끝날 것이라고 말했다."],
            &[
                "President Trump spoke in Washington on the 15th.",
                "The speech came a week after the White House announced new tariffs on steel and aluminum imports from several countries.",
                "He said trade talks would end soon.",
            ],
        );
        assert_eq!(got, vec![(vec![0], vec![0]), (vec![], vec![1]), (vec![1], vec![2])]);
    }
}
