//! The bead cost: every signal that says whether some Korean units translate some English
//! units, combined in one place. Each signal can be switched off for ablation.

use crate::bilingual::anchors::dice;
use crate::bilingual::lexicon::{DocumentMasks, EnglishTerms, KoreanTerms, Lexicon, MASK_TERMS};
use crate::bilingual::names::names_measure;
use crate::bilingual::{Features, Wanted};
use rustc_hash::FxHashMap;
use smallvec::SmallVec;
use std::cell::RefCell;
use std::ops::Range;

/// Which evidence the aligner uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Signals {
    /// The Korean/English length model.
    pub length: bool,
    /// Numbers and Latin tokens shared by both sides.
    pub anchors: bool,
    /// Hangul transcriptions of names matched to capitalised English words.
    pub names: bool,
    /// The Korean–English lexicon.
    pub lexicon: bool,
}

impl Default for Signals {
    fn default() -> Self {
        Signals { length: true, anchors: true, names: true, lexicon: true }
    }
}

impl Signals {
    /// Parses a comma-separated list of signals to switch off (`lexicon,names`).
    pub fn without(list: &str) -> Result<Signals, String> {
        let mut s = Signals::default();
        for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            match name {
                "length" => s.length = false,
                "anchors" => s.anchors = false,
                "names" => s.names = false,
                "lexicon" => s.lexicon = false,
                other => return Err(format!("unknown signal {other:?} (expected length, anchors, names or lexicon)")),
            }
        }
        Ok(s)
    }

    /// The features the signals need built beyond anchors (a switched-off signal's are never
    /// read, so never built).
    pub fn wanted(self) -> Wanted {
        Wanted { names: self.names, terms: self.lexicon }
    }
}

/// The knobs of the aligner; defaults set on the dev sets' kind of text.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct AlignParams {
    /// Prior Korean/English character ratio (Hangul text is about half as long as its English).
    pub prior_ratio: f32,
    /// How many units' worth of weight the prior ratio has against the document's own.
    pub prior_weight: f32,
    /// Variance per character of the length model.
    pub variance: f32,
    /// Cost of a 1-2 or 2-1 bead over a 1-1.
    pub merge_cost: f32,
    /// Cost of a 2-2 bead over a 1-1.
    pub merge22_cost: f32,
    /// Cost of a 3-1 or 1-3 bead over a 1-1.
    pub merge3_cost: f32,
    /// Cost of leaving a content unit unpaired.
    pub null_cost: f32,
    /// Extra cost for each additional block a sentence bead spans on one side.
    pub cross_block_cost: f32,
    /// Cost of pairing a page's headline with anything but the other page's headline.
    pub first_block_cost: f32,
    /// Weight of anchor agreement (numbers, Latin tokens).
    pub anchor_weight: f32,
    /// Weight of name agreement.
    pub name_weight: f32,
    /// Weight of lexical agreement.
    pub lexicon_weight: f32,
    /// Lexical overlap expected of unrelated text; above it is evidence for, below against.
    pub lexicon_baseline: f32,
    /// Weight of the check that each part of a merged bead has lexical support of its own.
    pub merge_support_weight: f32,
    /// Cost of leaving a suspected-boilerplate unit unpaired (it is then removed).
    pub suspect_null_cost: f32,
    /// Extra cost for each chrome-shaped unit inside a bead with a partner.
    pub suspect_pair_cost: f32,
    /// Extra cost for pairing two short lines that both sit between paragraphs (subheadings).
    pub subheading_pair_cost: f32,
    /// Half-width of the search band, in units (widened for long documents).
    pub band: usize,
    /// Half-width, in units, of the corridor around a first 1-1/null path that the full
    /// search (merges, refined ratio, posteriors) is confined to; 0 searches the whole band.
    pub corridor: usize,
    /// Temperature of the path distribution behind bead posteriors (higher: less sure).
    pub temperature: f32,
    /// Which evidence to use.
    pub signals: Signals,
}

impl Default for AlignParams {
    fn default() -> Self {
        AlignParams {
            prior_ratio: 0.53,
            prior_weight: 4.0,
            variance: 8.0,
            merge_cost: 2.0,
            merge22_cost: 3.5,
            merge3_cost: 3.5,
            null_cost: 3.5,
            cross_block_cost: 4.0,
            first_block_cost: 2.0,
            anchor_weight: 1.5,
            name_weight: 1.0,
            lexicon_weight: 7.0,
            lexicon_baseline: 0.15,
            merge_support_weight: 0.5,
            suspect_null_cost: 0.2,
            suspect_pair_cost: 3.0,
            subheading_pair_cost: -0.6,
            band: 60,
            corridor: 3,
            temperature: 1.0,
            signals: Signals::default(),
        }
    }
}

impl AlignParams {
    /// Sets parameters from `name=value` pairs separated by commas (for tuning and ablation).
    pub fn set(&mut self, assignments: &str) -> Result<(), String> {
        for a in assignments.split(',').map(str::trim).filter(|a| !a.is_empty()) {
            let (name, value) = a.split_once('=').ok_or_else(|| format!("expected name=value, found {a:?}"))?;
            let v: f32 = value.trim().parse().map_err(|_| format!("{name}: not a number: {value:?}"))?;
            let slot = match name.trim() {
                "prior_ratio" => &mut self.prior_ratio,
                "prior_weight" => &mut self.prior_weight,
                "variance" => &mut self.variance,
                "merge_cost" => &mut self.merge_cost,
                "merge22_cost" => &mut self.merge22_cost,
                "merge3_cost" => &mut self.merge3_cost,
                "null_cost" => &mut self.null_cost,
                "cross_block_cost" => &mut self.cross_block_cost,
                "first_block_cost" => &mut self.first_block_cost,
                "anchor_weight" => &mut self.anchor_weight,
                "name_weight" => &mut self.name_weight,
                "lexicon_weight" => &mut self.lexicon_weight,
                "lexicon_baseline" => &mut self.lexicon_baseline,
                "merge_support_weight" => &mut self.merge_support_weight,
                "suspect_null_cost" => &mut self.suspect_null_cost,
                "suspect_pair_cost" => &mut self.suspect_pair_cost,
                "subheading_pair_cost" => &mut self.subheading_pair_cost,
                "temperature" => &mut self.temperature,
                "band" => {
                    self.band = v as usize;
                    continue;
                }
                "corridor" => {
                    self.corridor = v as usize;
                    continue;
                }
                other => return Err(format!("unknown parameter {other:?}")),
            };
            *slot = v;
        }
        Ok(())
    }
}

/// One unit (a block or a sentence) as the aligner sees it.
#[derive(Clone, Debug, Default)]
pub struct Unit {
    /// Characters, spaces included (the length model's unit).
    pub len: f32,
    /// Anchors, names and lexicon terms (built by [`crate::bilingual::side_features`]).
    pub features: Features,
    /// Suspected boilerplate: leaving it unpaired is cheap, and unpaired it goes.
    pub suspect: bool,
    /// Chrome-shaped: pairing it needs evidence beyond length.
    pub chrome_shaped: bool,
    /// Its block sits between two prose blocks, where a subheading would.
    pub sandwiched: bool,
    /// The page's headline: a suspect that may pair with the other headline.
    pub headline: bool,
    /// The content block (position among the kept blocks) it belongs to.
    pub block: usize,
    /// Its position in its side's unit list (the key of cached pair evidence).
    pub pos: u32,
}

/// The cost model for one document. Build it with [`CostModel::new`].
pub struct CostModel<'a> {
    /// Korean units.
    pub ko: &'a [Unit],
    /// English units.
    pub en: &'a [Unit],
    /// The document's Korean/English length ratio.
    pub ratio: f32,
    /// Parameters.
    pub params: &'a AlignParams,
    /// The lexicon (used when the lexicon signal is on).
    pub lexicon: &'a Lexicon,
    /// Lexical masks of unit pairs, computed once each.
    pair_masks: PairTable<(u128, u128)>,
    /// The document's terms looked up once, for computing those masks (ordinary documents).
    document_masks: Option<DocumentMasks>,
    /// Anchors and names as small integer ids.
    keys: EvidenceKeys,
}

/// Up to about this many bytes, per-document tables are flat arrays; beyond (very long or
/// lopsided documents, where the band keeps the visited cells few) they are hash maps.
const DENSE_BYTES: usize = 4 << 20;

/// A value per (row, column) pair, filled lazily: a flat array for ordinary documents, a
/// hash map for huge ones.
pub struct PairTable<V: Copy> {
    columns: usize,
    dense: Option<RefCell<Vec<Option<V>>>>,
    sparse: RefCell<FxHashMap<(u32, u32), V>>,
}

impl<V: Copy> PairTable<V> {
    /// A table for `rows` × `columns` pairs.
    pub fn new(rows: usize, columns: usize) -> Self {
        let cell = std::mem::size_of::<Option<V>>();
        let dense = rows
            .checked_mul(columns)
            .filter(|&n| n.saturating_mul(cell) <= DENSE_BYTES)
            .map(|n| RefCell::new(vec![None; n]));
        PairTable { columns, dense, sparse: RefCell::default() }
    }

    /// Whether the table is a flat array (not a hash map).
    #[cfg(test)]
    pub(crate) fn is_dense(&self) -> bool {
        self.dense.is_some()
    }

    /// The value at (`row`, `column`), computed by `make` the first time.
    pub fn get_or(&self, row: usize, column: usize, make: impl FnOnce() -> V) -> V {
        if let Some(dense) = &self.dense {
            let i = row * self.columns + column;
            if let Some(v) = dense.borrow()[i] {
                return v;
            }
            let v = make();
            dense.borrow_mut()[i] = Some(v);
            return v;
        }
        let key = (row as u32, column as u32);
        if let Some(&v) = self.sparse.borrow().get(&key) {
            return v;
        }
        let v = make();
        self.sparse.borrow_mut().insert(key, v);
        v
    }
}

/// The document's anchors and names interned as small integer ids, per unit, so that a
/// bead's cost compares integers rather than strings (the same comparisons, exactly).
#[derive(Default)]
struct EvidenceKeys {
    ko_anchors: Vec<Vec<u32>>,
    en_anchors: Vec<Vec<u32>>,
    en_names: Vec<Vec<u32>>,
    ko_found: Vec<Vec<u32>>,
    /// For each Korean unit: the ids of the English names among its candidates, sorted.
    ko_candidates: Vec<Vec<u32>>,
}

fn intern<'s>(ids: &mut FxHashMap<&'s str, u32>, s: &'s str) -> u32 {
    let next = ids.len() as u32;
    *ids.entry(s).or_insert(next)
}

fn anchor_ids<'s>(units: &'s [Unit], ids: &mut FxHashMap<&'s str, u32>) -> Vec<Vec<u32>> {
    units
        .iter()
        .map(|u| u.features.anchors.numbers.iter().chain(&u.features.anchors.latin).map(|s| intern(ids, s)).collect())
        .collect()
}

impl EvidenceKeys {
    fn new(ko: &[Unit], en: &[Unit]) -> Self {
        let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
        let ko_anchors = anchor_ids(ko, &mut ids);
        let en_anchors = anchor_ids(en, &mut ids);
        let mut names: FxHashMap<&str, u32> = FxHashMap::default();
        let en_names: Vec<Vec<u32>> =
            en.iter().map(|u| u.features.en_names.names.iter().map(|s| intern(&mut names, s)).collect()).collect();
        let english: Vec<(&str, u32)> = names.iter().map(|(s, &id)| (*s, id)).collect();
        let ko_found =
            ko.iter().map(|u| u.features.ko_names.found.iter().map(|s| intern(&mut names, s)).collect()).collect();
        let ko_candidates = ko
            .iter()
            .map(|u| {
                let mut c: Vec<u32> = english
                    .iter()
                    .filter(|(s, _)| u.features.ko_names.candidates.contains(*s))
                    .map(|&(_, id)| id)
                    .collect();
                c.sort_unstable();
                c
            })
            .collect();
        EvidenceKeys { ko_anchors, en_anchors, en_names, ko_found, ko_candidates }
    }
}

impl<'a> CostModel<'a> {
    /// The cost model of one document's units, with the length ratio to start from.
    pub fn new(ko: &'a [Unit], en: &'a [Unit], ratio: f32, params: &'a AlignParams, lexicon: &'a Lexicon) -> Self {
        let document_masks = if params.signals.lexicon {
            let ko_terms: Vec<&KoreanTerms> = ko.iter().map(|u| &u.features.ko_terms).collect();
            let en_terms: Vec<&EnglishTerms> = en.iter().map(|u| &u.features.en_terms).collect();
            DocumentMasks::new(lexicon, &ko_terms, &en_terms)
        } else {
            None
        };
        CostModel {
            ko,
            en,
            ratio,
            params,
            lexicon,
            pair_masks: PairTable::new(ko.len(), en.len()),
            document_masks,
            keys: EvidenceKeys::new(ko, en),
        }
    }

    /// The same model (and its cached evidence) with another length ratio.
    pub fn with_ratio(self, ratio: f32) -> Self {
        CostModel { ratio, ..self }
    }
}

/// The ids of a bead's units, one after another: borrowed for a single unit (most beads have
/// one on some side), on the stack for the usual few otherwise.
enum Ids<'s> {
    One(&'s [u32]),
    Many(SmallVec<[u32; 32]>),
}

impl std::ops::Deref for Ids<'_> {
    type Target = [u32];
    fn deref(&self) -> &[u32] {
        match self {
            Ids::One(ids) => ids,
            Ids::Many(ids) => ids,
        }
    }
}

fn ids<'s>(units: &[Unit], per_unit: &'s [Vec<u32>]) -> Ids<'s> {
    match units {
        [one] => Ids::One(&per_unit[one.pos as usize]),
        _ => Ids::Many(units.iter().flat_map(|u| per_unit[u.pos as usize].iter().copied()).collect()),
    }
}

impl CostModel<'_> {
    fn masks(&self, k: &Unit, e: &Unit) -> (u128, u128) {
        self.pair_masks.get_or(k.pos as usize, e.pos as usize, || match &self.document_masks {
            Some(masks) => masks.pair(k.pos as usize, e.pos as usize),
            None => self.lexicon.pair_masks(&k.features.ko_terms, &e.features.en_terms),
        })
    }

    /// Dice overlap of the bead's anchors and how many there are.
    fn anchor_overlap(&self, ko: &[Unit], en: &[Unit]) -> (f32, usize) {
        let ka = ids(ko, &self.keys.ko_anchors);
        let ea = ids(en, &self.keys.en_anchors);
        (dice(&ka, &ea), ka.len() + ea.len())
    }

    /// The names signal ([`names_measure`]) on the bead's interned names.
    fn name_overlap(&self, ko: &[Unit], en: &[Unit]) -> (f32, usize) {
        let names = ids(en, &self.keys.en_names);
        let found = ids(ko, &self.keys.ko_found);
        names_measure(&names, &found, |n| {
            ko.iter().any(|k| self.keys.ko_candidates[k.pos as usize].binary_search(n).is_ok())
        })
    }

    /// Lexical overlap of a bead (fraction of terms on both sides that the other side
    /// translates) and how many terms it rests on.
    fn lexical_overlap(&self, ko: &[Unit], en: &[Unit]) -> (f32, usize) {
        let n: usize = ko.iter().map(|u| u.features.ko_terms.stems.len().min(MASK_TERMS)).sum::<usize>()
            + en.iter().map(|u| u.features.en_terms.words.len().min(MASK_TERMS)).sum::<usize>();
        if n == 0 {
            return (0.0, 0);
        }
        let mut hits = 0u32;
        for k in ko {
            hits += en.iter().fold(0u128, |acc, e| acc | self.masks(k, e).0).count_ones();
        }
        for e in en {
            hits += ko.iter().fold(0u128, |acc, k| acc | self.masks(k, e).1).count_ones();
        }
        (hits as f32 / n as f32, n)
    }
}

impl CostModel<'_> {
    /// The cost of leaving units unpaired.
    pub fn null_cost(&self, k: Range<usize>, e: Range<usize>) -> f32 {
        let p = self.params;
        match self.ko[k].first().or(self.en[e].first()) {
            Some(u) if u.suspect && !u.headline => p.suspect_null_cost,
            _ => p.null_cost,
        }
    }

    /// Everything in a pairing bead's cost that does not depend on the length ratio (so it can
    /// be computed once per bead and reused across passes).
    pub fn fixed_cost(&self, k: Range<usize>, e: Range<usize>) -> f32 {
        let p = self.params;
        let ko = &self.ko[k];
        let en = &self.en[e];
        let prior = match (ko.len(), en.len()) {
            (1, 1) => 0.0,
            (2, 2) => p.merge22_cost,
            (1, 2) | (2, 1) => p.merge_cost,
            _ => p.merge3_cost,
        };
        let spans = |us: &[Unit]| (us.last().map_or(0, |u| u.block) - us.first().map_or(0, |u| u.block)) as f32;
        let crossing = p.cross_block_cost * (spans(ko) + spans(en));
        // Headlines pair with headlines, not with body text.
        let first = |us: &[Unit]| us.iter().any(|u| u.headline);
        let headline_mismatch = if first(ko) != first(en) { p.first_block_cost } else { 0.0 };
        prior + crossing + headline_mismatch + self.content_cost(ko, en)
    }

    /// The length model's cost: Korean length against the English times the ratio.
    pub fn length_cost(&self, ko: &[Unit], en: &[Unit]) -> f32 {
        let p = self.params;
        if !p.signals.length {
            return 0.0;
        }
        let lk: f32 = ko.iter().map(|u| u.len).sum();
        let le: f32 = en.iter().map(|u| u.len).sum();
        let expected = self.ratio * le;
        let delta = (lk - expected) / (p.variance * (lk + expected) / 2.0 + 1.0).sqrt();
        delta * delta / 2.0
    }

    /// Length, anchors, names, lexicon and suspicion: everything but the bead-kind prior.
    pub fn evidence_cost(&self, ko: &[Unit], en: &[Unit]) -> f32 {
        self.length_cost(ko, en) + self.content_cost(ko, en)
    }

    /// Anchors, names, lexicon and suspicion.
    fn content_cost(&self, ko: &[Unit], en: &[Unit]) -> f32 {
        let p = self.params;
        let s = p.signals;
        let mut cost = 0.0;
        let mut support = false;
        if s.anchors {
            let (d, n) = self.anchor_overlap(ko, en);
            let weight = (n as f32 / 4.0).min(1.0);
            cost += p.anchor_weight * weight * (1.0 - 2.0 * d);
            support |= d >= 0.5;
        }
        if s.names {
            let (overlap, n) = self.name_overlap(ko, en);
            if n > 0 {
                let weight = (n as f32 / 2.0).min(1.0);
                cost += p.name_weight * weight * (1.0 - 2.0 * overlap);
                support |= overlap >= 0.5;
            }
        }
        if s.lexicon {
            let b = p.lexicon_baseline;
            let (overlap, n) = self.lexical_overlap(ko, en);
            if n > 0 {
                let weight = (n as f32 / 6.0).min(1.0);
                let lexical = p.lexicon_weight * weight * (b - overlap) / b.max(1.0 - b);
                // Subheadings are translated freely (`시장의 시각` / `What analysts say`): between
                // two short lines in the same place, missing translations are no evidence against.
                let short_lines = ko.len() == 1
                    && en.len() == 1
                    && ko[0].chrome_shaped
                    && en[0].chrome_shaped
                    && ko[0].sandwiched
                    && en[0].sandwiched;
                cost += if short_lines { lexical.min(0.0) } else { lexical };
                support |= overlap >= 0.3 && n >= 3;
            }
            // In a merge, every part must earn its place: a sentence with words of its own
            // but none that the other side translates was absorbed, not translated.
            if ko.len() + en.len() > 2 {
                let mut unsupported = 0.0;
                for u in ko.iter().filter(|_| ko.len() > 1) {
                    let (o, n) = self.lexical_overlap(std::slice::from_ref(u), en);
                    if n >= 3 {
                        unsupported += (n as f32 / 6.0).min(1.0) * ((b - o) / b).max(0.0);
                    }
                }
                for u in en.iter().filter(|_| en.len() > 1) {
                    let (o, n) = self.lexical_overlap(ko, std::slice::from_ref(u));
                    if n >= 3 {
                        unsupported += (n as f32 / 6.0).min(1.0) * ((b - o) / b).max(0.0);
                    }
                }
                cost += p.merge_support_weight * unsupported;
            }
        }
        let one_one = ko.len() == 1 && en.len() == 1;
        let headline_pair = one_one && ko[0].headline && en[0].headline;
        // Two short lines in the same place between paragraphs of both editions: subheadings.
        let subheading_pair = one_one && ko[0].sandwiched && en[0].sandwiched;
        if subheading_pair && !(headline_pair || support) {
            cost += p.subheading_pair_cost;
        } else if !(headline_pair || support) {
            cost += p.suspect_pair_cost * ko.iter().chain(en).filter(|u| u.chrome_shaped).count() as f32;
        }
        cost
    }

    /// A confidence in [0, 1] for a bead: high when the evidence agrees.
    pub fn confidence(&self, k: Range<usize>, e: Range<usize>) -> f32 {
        if k.is_empty() || e.is_empty() {
            return 0.0;
        }
        let c = self.evidence_cost(&self.ko[k], &self.en[e]);
        1.0 / (1.0 + (1.2 * (c - 1.5)).exp())
    }
}
