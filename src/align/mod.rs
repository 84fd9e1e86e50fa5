//! Paragraph alignment: Korean and English content blocks grouped into beads by a dynamic
//! programme whose cost combines a Korean/English length model calibrated per document,
//! size-neutral anchor evidence, and what the boilerplate stage suspects of each block.

pub mod anchors;
pub mod dp;

use crate::model::Block;
use anchors::{dice, english_anchors, korean_anchors, Anchors};
use std::collections::HashSet;
use std::ops::Range;

/// The knobs of the paragraph aligner, with defaults measured on the dev sets' kind of text.
#[derive(Clone, Debug, PartialEq)]
pub struct AlignParams {
    /// Prior Korean/English character ratio (Hangul text is about half as long as its English).
    pub prior_ratio: f32,
    /// How many blocks' worth of weight the prior ratio has against the document's own ratio.
    pub prior_weight: f32,
    /// Variance per character of the length model.
    pub variance: f32,
    /// Cost of a 1-2 or 2-1 bead over a 1-1.
    pub merge_cost: f32,
    /// Cost of a 2-2 bead over a 1-1.
    pub merge22_cost: f32,
    /// Cost of leaving a content block unpaired.
    pub null_cost: f32,
    /// Weight of anchor agreement (numbers, Latin tokens).
    pub anchor_weight: f32,
    /// Cost of leaving a suspected-boilerplate block unpaired (it is then removed).
    pub suspect_null_cost: f32,
    /// Extra cost for each suspected-boilerplate block inside a bead with a partner.
    pub suspect_pair_cost: f32,
    /// Half-width of the search band, in blocks (widened for long documents).
    pub band: usize,
}

impl Default for AlignParams {
    fn default() -> Self {
        AlignParams {
            prior_ratio: 0.53,
            prior_weight: 4.0,
            variance: 3.0,
            merge_cost: 2.0,
            merge22_cost: 3.5,
            null_cost: 3.5,
            anchor_weight: 2.0,
            suspect_null_cost: 0.2,
            suspect_pair_cost: 3.0,
            band: 60,
        }
    }
}

/// One block as the aligner sees it.
#[derive(Clone, Debug)]
pub struct Unit {
    /// Characters, spaces included (the length model's unit).
    pub len: f32,
    /// Numbers and Latin tokens.
    pub anchors: Anchors,
    /// The boilerplate stage suspects it (short, no sentence punctuation): unpaired, it goes.
    pub suspect: bool,
    /// It looks like the page's headline: a suspect that may pair with the other headline.
    pub headline: bool,
}

/// One aligned bead, by positions in the unit slices given to [`align`].
#[derive(Clone, Debug, PartialEq)]
pub struct AlignedBead {
    /// Korean units.
    pub ko: Range<usize>,
    /// English units.
    pub en: Range<usize>,
    /// Confidence in [0, 1].
    pub score: f32,
}

/// Builds the aligner's view of a page's content blocks.
pub fn units(blocks: &[Block], suspects: &[bool], headline: Option<usize>, korean: bool) -> Vec<Unit> {
    blocks
        .iter()
        .enumerate()
        .map(|(i, b)| Unit {
            len: b.text.chars().count() as f32,
            anchors: if korean { korean_anchors(&b.text) } else { english_anchors(&b.text) },
            suspect: suspects.get(i).copied().unwrap_or(false),
            headline: headline == Some(i),
        })
        .collect()
}

/// Aligns Korean units with English units.
pub fn align(ko: &[Unit], en: &[Unit], params: &AlignParams) -> Vec<AlignedBead> {
    let en = restrict_english_latin(ko, en);
    let ratio = document_ratio(ko, &en, params);
    let model = CostModel { ko, en: &en, ratio, params };
    let band = params.band.max(ko.len().max(en.len()) / 8);
    let path = dp::best_path(ko.len(), en.len(), &dp::STEPS, band, |k, e| Some(model.bead_cost(k, e)));
    // A second pass with the ratio re-estimated from the confident 1-1 beads of the first.
    let refined = refine_ratio(ko, &en, &path, params).unwrap_or(ratio);
    let model = CostModel { ratio: refined, ..model };
    let path = if (refined - ratio).abs() > 0.01 {
        dp::best_path(ko.len(), en.len(), &dp::STEPS, band, |k, e| Some(model.bead_cost(k, e)))
    } else {
        path
    };
    path.into_iter()
        .map(|p| {
            let score = model.confidence(p.ko.clone(), p.en.clone());
            AlignedBead { ko: p.ko, en: p.en, score }
        })
        .collect()
}

/// English words count as Latin anchors only if the Korean page writes them in Latin letters
/// somewhere; otherwise every English word would dilute the overlap.
fn restrict_english_latin(ko: &[Unit], en: &[Unit]) -> Vec<Unit> {
    let korean_latin: HashSet<&str> = ko.iter().flat_map(|u| u.anchors.latin.iter().map(String::as_str)).collect();
    en.iter()
        .map(|u| {
            let mut u = u.clone();
            u.anchors.latin.retain(|t| korean_latin.contains(t.as_str()));
            u
        })
        .collect()
}

/// The document's Korean/English length ratio: its own content's ratio, shrunk towards the
/// prior in proportion to how few blocks there are to judge by.
fn document_ratio(ko: &[Unit], en: &[Unit], params: &AlignParams) -> f32 {
    let sum = |us: &[Unit]| us.iter().filter(|u| !u.suspect || u.headline).map(|u| u.len).sum::<f32>();
    let (lk, le) = (sum(ko), sum(en));
    if lk <= 0.0 || le <= 0.0 {
        return params.prior_ratio;
    }
    let n = ko.iter().filter(|u| !u.suspect).count().min(en.iter().filter(|u| !u.suspect).count()) as f32;
    let own = (lk / le).clamp(0.25, 1.2).ln();
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
    if n < 2.0 || le <= 0.0 {
        return None;
    }
    let own = (lk / le).clamp(0.25, 1.2).ln();
    let prior = params.prior_ratio.ln();
    Some(((own * n + prior * params.prior_weight) / (n + params.prior_weight)).exp())
}

struct CostModel<'a> {
    ko: &'a [Unit],
    en: &'a [Unit],
    ratio: f32,
    params: &'a AlignParams,
}

impl CostModel<'_> {
    /// The cost of grouping `ko` with `en` as one bead.
    fn bead_cost(&self, k: Range<usize>, e: Range<usize>) -> f32 {
        let p = self.params;
        let ko = &self.ko[k.clone()];
        let en = &self.en[e.clone()];
        if ko.is_empty() || en.is_empty() {
            let unit = ko.first().or(en.first());
            return match unit {
                Some(u) if u.suspect && !u.headline => p.suspect_null_cost,
                _ => p.null_cost,
            };
        }
        let prior = match (ko.len(), en.len()) {
            (1, 1) => 0.0,
            (2, 2) => p.merge22_cost,
            _ => p.merge_cost,
        };
        prior + self.evidence_cost(ko, en)
    }

    /// Length, anchors and suspicion: everything but the bead-kind prior.
    fn evidence_cost(&self, ko: &[Unit], en: &[Unit]) -> f32 {
        let p = self.params;
        let lk: f32 = ko.iter().map(|u| u.len).sum();
        let le: f32 = en.iter().map(|u| u.len).sum();
        let expected = self.ratio * le;
        let delta = (lk - expected) / (p.variance * (lk + expected) / 2.0 + 1.0).sqrt();
        let length = delta * delta / 2.0;

        let ka: Vec<String> = ko.iter().flat_map(|u| u.anchors.numbers.iter().chain(&u.anchors.latin).cloned()).collect();
        let ea: Vec<String> = en.iter().flat_map(|u| u.anchors.numbers.iter().chain(&u.anchors.latin).cloned()).collect();
        let weight = ((ka.len() + ea.len()) as f32 / 4.0).min(1.0);
        let d = dice(&ka, &ea);
        let anchor = p.anchor_weight * weight * (1.0 - 2.0 * d);

        let headline_pair = ko.len() == 1 && en.len() == 1 && ko[0].headline && en[0].headline;
        let suspects = ko.iter().chain(en).filter(|u| u.suspect).count() as f32;
        let suspicion = if headline_pair || d >= 0.5 { 0.0 } else { suspects * p.suspect_pair_cost };
        length + anchor + suspicion
    }

    /// A confidence in [0, 1] for a bead on the best path: high when length and anchors agree.
    fn confidence(&self, k: Range<usize>, e: Range<usize>) -> f32 {
        if k.is_empty() || e.is_empty() {
            return 0.0;
        }
        let c = self.evidence_cost(&self.ko[k], &self.en[e]);
        1.0 / (1.0 + (1.2 * (c - 1.5)).exp())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(len: f32, numbers: &[&str]) -> Unit {
        Unit {
            len,
            anchors: Anchors { numbers: numbers.iter().map(|s| s.to_string()).collect(), latin: vec![] },
            suspect: false,
            headline: false,
        }
    }

    #[test]
    fn half_length_korean_pairs_one_to_one() {
        let ko = vec![unit(50.0, &[]), unit(100.0, &[]), unit(30.0, &[])];
        let en = vec![unit(95.0, &[]), unit(190.0, &[]), unit(55.0, &[])];
        let got = align(&ko, &en, &AlignParams::default());
        let kinds: Vec<(usize, usize)> = got.iter().map(|b| (b.ko.len(), b.en.len())).collect();
        assert_eq!(kinds, vec![(1, 1), (1, 1), (1, 1)]);
        assert!(got.iter().all(|b| b.score > 0.5));
    }

    #[test]
    fn a_split_paragraph_becomes_one_to_two() {
        let ko = vec![unit(60.0, &[]), unit(200.0, &[]), unit(60.0, &[])];
        let en = vec![unit(115.0, &[]), unit(190.0, &[]), unit(185.0, &[]), unit(110.0, &[])];
        let got = align(&ko, &en, &AlignParams::default());
        let kinds: Vec<(usize, usize)> = got.iter().map(|b| (b.ko.len(), b.en.len())).collect();
        assert_eq!(kinds, vec![(1, 1), (1, 2), (1, 1)]);
    }

    #[test]
    fn anchors_decide_between_equal_lengths() {
        // Same lengths everywhere; numbers say the English has an extra paragraph first.
        let ko = vec![unit(100.0, &["2024"]), unit(100.0, &["15"])];
        let en = vec![unit(190.0, &["1999", "7"]), unit(190.0, &["2024"]), unit(190.0, &["15"])];
        let got = align(&ko, &en, &AlignParams::default());
        assert_eq!(got[0].ko, 0..0);
        assert_eq!(got[0].en, 0..1);
        assert_eq!((got[1].ko.clone(), got[1].en.clone()), (0..1, 1..2));
    }

    #[test]
    fn suspects_without_partner_are_left_unpaired() {
        let mut close = unit(5.0, &[]);
        close.suspect = true;
        let mut ko_close = unit(2.0, &[]);
        ko_close.suspect = true;
        let ko = vec![unit(100.0, &[]), ko_close];
        let en = vec![unit(190.0, &[]), close];
        let got = align(&ko, &en, &AlignParams::default());
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got[1..].iter().all(|b| b.ko.is_empty() || b.en.is_empty()));
    }
}
