//! The bead search: dynamic programming over two sequences, with a band around the
//! diagonal so time and memory stay proportional to the length of the longer side.

use std::ops::Range;

/// A bead shape: how many units of each side one step consumes.
pub type Step = (usize, usize);

/// The six bead kinds of classic alignment: 1-1, 1-2, 2-1, 2-2, 1-0, 0-1.
pub const STEPS: [Step; 6] = [(1, 1), (1, 2), (2, 1), (2, 2), (1, 0), (0, 1)];

/// The sentence-level bead kinds: the classic six, plus 3-1 and 1-3, since translators split
/// and join long sentences (a Korean translation often makes two or three of one English one).
pub const SENTENCE_STEPS: [Step; 8] = [(1, 1), (1, 2), (2, 1), (2, 2), (1, 0), (0, 1), (3, 1), (1, 3)];

/// The steps of the guide search that places the corridor: pairs and nulls only.
pub const GUIDE_STEPS: [Step; 3] = [(1, 1), (1, 0), (0, 1)];

/// One step of the best path: the units it covers on each side and what it cost.
#[derive(Clone, Debug, PartialEq)]
pub struct PathBead {
    /// Units of the first (Korean) sequence.
    pub ko: Range<usize>,
    /// Units of the second (English) sequence.
    pub en: Range<usize>,
    /// The cost the bead function gave it.
    pub cost: f32,
}

/// The cells a search may visit: for each Korean position `i` in `0..=n`, the English
/// positions `lo..=hi`.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    rows: Vec<(usize, usize)>,
}

impl Band {
    /// Cells within `half_width` of the diagonal scaled to an `n` × `m` grid.
    pub fn diagonal(n: usize, m: usize, half_width: usize) -> Band {
        let center = |i: usize| (i * m + n / 2).checked_div(n).unwrap_or(0);
        Band {
            rows: (0..=n).map(|i| (center(i).saturating_sub(half_width), (center(i) + half_width).min(m))).collect(),
        }
    }

    /// Cells within `half_width` of a path's cells in both directions: where every
    /// alternative worth scoring against the path lies.
    pub fn around(n: usize, m: usize, path: &[PathBead], half_width: usize) -> Band {
        let mut on_path = vec![(usize::MAX, 0usize); n + 1];
        let mut mark = |i: usize, j: Range<usize>| {
            let row = &mut on_path[i];
            *row = (row.0.min(j.start), row.1.max(j.end));
        };
        mark(0, 0..0);
        for p in path {
            // A bead spanning several Korean units crosses the rows between its ends.
            for i in p.ko.start..=p.ko.end.min(n) {
                mark(i, p.en.clone());
            }
        }
        let rows = (0..=n)
            .map(|i| {
                let window = &on_path[i.saturating_sub(half_width)..=(i + half_width).min(n)];
                let lo = window.iter().map(|r| r.0).min().unwrap_or(0);
                let hi = window.iter().filter(|r| r.0 != usize::MAX).map(|r| r.1).max().unwrap_or(m);
                // A path always has a cell in every row, so `lo` is set; `min` guards a malformed one.
                (lo.min(m).saturating_sub(half_width), (hi + half_width).min(m))
            })
            .collect();
        Band { rows }
    }

    fn n(&self) -> usize {
        self.rows.len() - 1
    }

    /// Whether the cell (`i`, `j`) is inside.
    pub fn contains(&self, i: usize, j: usize) -> bool {
        self.rows.get(i).is_some_and(|&(lo, hi)| j >= lo && j <= hi)
    }
}

/// Finds the cheapest path from (0, 0) to (n, m) made of `steps`, where
/// `cost(ko_range, en_range)` is the cost of one bead (or `None` if it is not allowed).
///
/// Only cells within `band` of the scaled diagonal are searched; if the band leaves no
/// path (a lopsided document), it is widened until one exists.
pub fn best_path<F>(n: usize, m: usize, steps: &[Step], band: usize, cost: F) -> Vec<PathBead>
where
    F: Fn(Range<usize>, Range<usize>) -> Option<f32>,
{
    let mut band = band.max(2);
    loop {
        if let Some(path) = search(&Band::diagonal(n, m, band), m, steps, &cost) {
            return path;
        }
        if band >= n.max(m) + 2 {
            // Every cell searched and still no path: only possible if the cost function
            // forbids the null steps; fall back to nulls so nothing is lost.
            let mut path: Vec<PathBead> = (0..n).map(|i| PathBead { ko: i..i + 1, en: 0..0, cost: 0.0 }).collect();
            path.extend((0..m).map(|j| PathBead { ko: n..n, en: j..j + 1, cost: 0.0 }));
            return path;
        }
        band *= 2;
    }
}

/// The cheapest path inside `band` (which must hold (0, 0) and (`n`, `m`) and let the null
/// steps connect them, as [`Band::around`] a path does); `None` if the band leaves no path.
pub fn best_path_within<F>(band: &Band, m: usize, steps: &[Step], cost: F) -> Option<Vec<PathBead>>
where
    F: Fn(Range<usize>, Range<usize>) -> Option<f32>,
{
    search(band, m, steps, &cost)
}

struct Row {
    lo: usize,
    cells: Vec<(f32, u8)>,
}

fn search<F>(band: &Band, m: usize, steps: &[Step], cost: &F) -> Option<Vec<PathBead>>
where
    F: Fn(Range<usize>, Range<usize>) -> Option<f32>,
{
    const NONE: u8 = u8::MAX;
    let n = band.n();
    let mut rows: Vec<Row> = Vec::with_capacity(n + 1);
    for i in 0..=n {
        let (lo, hi) = band.rows[i];
        let mut cells = vec![(f32::INFINITY, NONE); hi - lo + 1];
        for j in lo..=hi {
            if i == 0 && j == 0 {
                cells[0] = (0.0, NONE);
                continue;
            }
            let mut best = (f32::INFINITY, NONE);
            for (s, &(dk, de)) in steps.iter().enumerate() {
                if dk > i || de > j {
                    continue;
                }
                let (pi, pj) = (i - dk, j - de);
                let prev = if dk == 0 {
                    // same row, already filled
                    if pj < lo {
                        continue;
                    }
                    cells[pj - lo].0
                } else {
                    let row = &rows[pi];
                    if pj < row.lo || pj >= row.lo + row.cells.len() {
                        continue;
                    }
                    row.cells[pj - row.lo].0
                };
                if !prev.is_finite() {
                    continue;
                }
                if let Some(c) = cost(pi..i, pj..j) {
                    let total = prev + c;
                    if total < best.0 {
                        best = (total, s as u8);
                    }
                }
            }
            cells[j - lo] = best;
        }
        rows.push(Row { lo, cells });
    }
    let last = &rows[n];
    if m < last.lo || m >= last.lo + last.cells.len() || !last.cells[m - last.lo].0.is_finite() {
        return None;
    }
    let mut path = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let row = &rows[i];
        let (total, s) = row.cells[j - row.lo];
        let (dk, de) = steps[s as usize];
        let (pi, pj) = (i - dk, j - de);
        let prev_row = &rows[pi];
        let prev_total = prev_row.cells[pj - prev_row.lo].0;
        path.push(PathBead { ko: pi..i, en: pj..j, cost: total - prev_total });
        i = pi;
        j = pj;
    }
    path.reverse();
    Some(path)
}

/// The posterior probability of each bead of `path` among all paths through the band, with
/// path probabilities proportional to `exp(-cost / temperature)` (forward–backward). A bead
/// that the evidence prefers by a wide margin over every alternative grouping gets a value
/// near 1; one that a different grouping explains almost as well gets much less.
pub fn bead_posteriors<F>(
    n: usize,
    m: usize,
    steps: &[Step],
    band: usize,
    cost: F,
    path: &[PathBead],
    temperature: f32,
) -> Vec<f32>
where
    F: Fn(Range<usize>, Range<usize>) -> Option<f32>,
{
    let width = band.max(2);
    let band = Band::diagonal(n, m, width);
    // A path bead outside the band (the search widened it) gets the band widened to match.
    let band_ok = path.iter().all(|p| band.contains(p.ko.start, p.en.start) && band.contains(p.ko.end, p.en.end));
    if !band_ok {
        let wider = width.saturating_mul(2).max(n.max(m));
        if wider > width {
            return bead_posteriors(n, m, steps, wider, cost, path, temperature);
        }
    }
    bead_posteriors_within(&band, m, steps, cost, path, temperature)
}

/// [`bead_posteriors`] over the paths inside `band`, which must hold every cell of `path`.
pub fn bead_posteriors_within<F>(
    band: &Band,
    m: usize,
    steps: &[Step],
    cost: F,
    path: &[PathBead],
    temperature: f32,
) -> Vec<f32>
where
    F: Fn(Range<usize>, Range<usize>) -> Option<f32>,
{
    let n = band.n();
    let lo = |i: usize| band.rows[i].0;
    let hi = |i: usize| band.rows[i].1;
    let inside = |i: usize, j: usize| band.contains(i, j);
    let t = temperature.max(1e-3);
    let idx = |i: usize, j: usize| -> Option<usize> { inside(i, j).then(|| j - lo(i)) };
    let mut alpha: Vec<Vec<f32>> = (0..=n).map(|i| vec![f32::NEG_INFINITY; hi(i) - lo(i) + 1]).collect();
    let mut beta: Vec<Vec<f32>> = alpha.clone();
    if let Some(k) = idx(0, 0) {
        alpha[0][k] = 0.0;
    }
    for i in 0..=n {
        for j in lo(i)..=hi(i) {
            if i == 0 && j == 0 {
                continue;
            }
            let mut terms: smallvec::SmallVec<[f32; 8]> = smallvec::SmallVec::new();
            for &(dk, de) in steps {
                if dk > i || de > j {
                    continue;
                }
                let Some(pk) = idx(i - dk, j - de) else { continue };
                let prev = alpha[i - dk][pk];
                if prev == f32::NEG_INFINITY {
                    continue;
                }
                if let Some(c) = cost(i - dk..i, j - de..j) {
                    terms.push(prev - c / t);
                }
            }
            let acc = log_sum_exp(&terms);
            if let Some(k) = idx(i, j) {
                alpha[i][k] = acc;
            }
        }
    }
    if let Some(k) = idx(n, m) {
        beta[n][k] = 0.0;
    }
    for i in (0..=n).rev() {
        for j in (lo(i)..=hi(i)).rev() {
            if i == n && j == m {
                continue;
            }
            let mut terms: smallvec::SmallVec<[f32; 8]> = smallvec::SmallVec::new();
            for &(dk, de) in steps {
                if i + dk > n || j + de > m {
                    continue;
                }
                let Some(nk) = idx(i + dk, j + de) else { continue };
                let next = beta[i + dk][nk];
                if next == f32::NEG_INFINITY {
                    continue;
                }
                if let Some(c) = cost(i..i + dk, j..j + de) {
                    terms.push(next - c / t);
                }
            }
            let acc = log_sum_exp(&terms);
            if let Some(k) = idx(i, j) {
                beta[i][k] = acc;
            }
        }
    }
    let total = idx(n, m).map_or(f32::NEG_INFINITY, |k| alpha[n][k]);
    path.iter()
        .map(|p| {
            let (Some(a), Some(b)) = (idx(p.ko.start, p.en.start), idx(p.ko.end, p.en.end)) else { return 0.0 };
            let lp = alpha[p.ko.start][a] - p.cost / t + beta[p.ko.end][b] - total;
            if lp.is_finite() {
                lp.exp().clamp(0.0, 1.0)
            } else {
                0.0
            }
        })
        .collect()
}

/// `ln(Σ e^x)` over `terms`, shifted by the largest so nothing overflows: one logarithm per
/// cell rather than one per step. −∞ for no terms.
fn log_sum_exp(terms: &[f32]) -> f32 {
    let top = terms.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    if top == f32::NEG_INFINITY {
        return top;
    }
    top + terms.iter().map(|x| (x - top).exp()).sum::<f32>().ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Aligns two lists of numbers where equal values cost nothing and nulls cost 1.
    fn align_values(a: &[u32], b: &[u32], band: usize) -> Vec<(Vec<u32>, Vec<u32>)> {
        let cost = |k: Range<usize>, e: Range<usize>| -> Option<f32> {
            let sa: u32 = a[k.clone()].iter().sum();
            let sb: u32 = b[e.clone()].iter().sum();
            if k.is_empty() || e.is_empty() {
                return Some(1.0);
            }
            let merge = (k.len() + e.len() - 2) as f32 * 0.3;
            Some((sa as f32 - sb as f32).abs() + merge)
        };
        best_path(a.len(), b.len(), &STEPS, band, cost)
            .into_iter()
            .map(|p| (a[p.ko].to_vec(), b[p.en].to_vec()))
            .collect()
    }

    #[test]
    fn finds_merges_and_nulls() {
        let got = align_values(&[5, 7, 3, 9], &[5, 4, 3, 3, 9, 8], 10);
        assert_eq!(
            got,
            vec![(vec![5], vec![5]), (vec![7], vec![4, 3]), (vec![3], vec![3]), (vec![9], vec![9]), (vec![], vec![8])]
        );
    }

    #[test]
    fn narrow_band_still_reaches_the_end_of_lopsided_input() {
        let a: Vec<u32> = (0..3).collect();
        let b: Vec<u32> = (0..200).collect();
        let got = align_values(&a, &b, 2);
        let total_b: usize = got.iter().map(|(_, e)| e.len()).sum();
        assert_eq!(total_b, 200);
    }

    #[test]
    fn posteriors_are_high_for_clear_beads_and_split_for_ambiguous_ones() {
        let a = [5u32, 7, 3];
        let b = [5u32, 7, 3];
        let cost = |k: Range<usize>, e: Range<usize>| -> Option<f32> {
            if k.is_empty() || e.is_empty() {
                return Some(4.0);
            }
            let sa: u32 = a[k.clone()].iter().sum();
            let sb: u32 = b[e.clone()].iter().sum();
            Some((sa as f32 - sb as f32).abs() + (k.len() + e.len() - 2) as f32 * 2.0)
        };
        let path = best_path(3, 3, &STEPS, 10, cost);
        let post = bead_posteriors(3, 3, &STEPS, 10, cost, &path, 1.0);
        assert_eq!(post.len(), 3);
        assert!(post.iter().all(|p| *p > 0.8), "{post:?}");
        // Two equally good groupings: neither is sure.
        let flat = |k: Range<usize>, e: Range<usize>| -> Option<f32> {
            Some(if k.is_empty() || e.is_empty() { 9.0 } else { 1.0 })
        };
        let path = best_path(2, 2, &[(1, 1), (2, 2), (1, 0), (0, 1)], 10, flat);
        let post = bead_posteriors(2, 2, &[(1, 1), (2, 2), (1, 0), (0, 1)], 10, flat, &path, 1.0);
        assert!(post.iter().all(|p| *p < 0.8 && *p > 0.2), "{post:?}");
    }

    #[test]
    fn empty_sides() {
        assert!(best_path(0, 0, &STEPS, 5, |_, _| Some(1.0)).is_empty());
        assert_eq!(best_path(2, 0, &STEPS, 5, |_, _| Some(1.0)).len(), 2);
    }
}
