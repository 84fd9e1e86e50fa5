//! Dropping repeated pairs (`--dedup`), as bifixer and OpusFilter do for training corpora: a
//! pair whose two sides repeat an earlier pair's is left out, and counted.
//!
//! Two keys per pair: the **exact** key is its text with white space collapsed; the **near**
//! key is also lower-cased, without punctuation or symbols, with every digit read as `0`
//! (`Exports rose 2.5%` and `exports rose 3.1 %` meet). A pair is dropped when its near key
//! was kept before; it counts as exact when the kept pair's exact key is its own too. Only
//! 64-bit hashes are kept (SipHash-1-3 with fixed keys, so they compare across processes and a
//! resumed batch can reload them), never the text: 16 bytes per kept pair, the near hash
//! mapped to the exact one. Two different pairs meet by chance with odds of about n²/2⁶⁵ for
//! n kept pairs (one in a few hundred thousand at ten million pairs).

use super::PairRecord;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::hash::Hasher;

/// How many pairs `--dedup` left out, by kind of repeat.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DedupCounts {
    /// Pairs whose text repeats an earlier pair's (white space aside).
    pub exact: usize,
    /// Pairs that repeat an earlier pair's once case, punctuation and digits are set aside.
    pub near: usize,
}

impl DedupCounts {
    /// Pairs left out in all.
    pub fn total(&self) -> usize {
        self.exact + self.near
    }

    /// Adds another run's (or document's) counts.
    pub fn add(&mut self, other: &DedupCounts) {
        self.exact += other.exact;
        self.near += other.near;
    }
}

/// What an earlier pair a pair repeats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Repeat {
    /// The same text, white space aside.
    Exact,
    /// The same text once case, punctuation and digits are set aside.
    Near,
}

/// The pairs kept so far in a run, as hashes: a run feeds it every pair in output order and
/// leaves out those it calls repeats. Its answers depend only on that order, so a batch that
/// feeds it in manifest order gets the same output whatever its threads or chunks.
#[derive(Clone, Debug, Default)]
pub struct Dedup {
    /// Near key → exact key of each kept pair.
    kept: FxHashMap<u64, u64>,
    /// Keys kept since [`Dedup::take_fresh`] last ran (a batch writes them beside its part).
    fresh: Vec<(u64, u64)>,
}

impl Dedup {
    /// Nothing kept yet.
    pub fn new() -> Dedup {
        Dedup::default()
    }

    /// Pairs kept so far.
    pub fn len(&self) -> usize {
        self.kept.len()
    }

    /// True when no pair is kept yet.
    pub fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    /// Whether the pair `ko`/`en` repeats a kept one; if not, it is kept from now on.
    pub fn check(&mut self, ko: &str, en: &str) -> Option<Repeat> {
        let exact = key_hash(ko, en, exact_key);
        let near = key_hash(ko, en, near_key);
        match self.kept.get(&near) {
            Some(&kept) if kept == exact => Some(Repeat::Exact),
            Some(_) => Some(Repeat::Near),
            None => {
                self.remember(near, exact);
                self.fresh.push((near, exact));
                None
            }
        }
    }

    /// Leaves out of `rows` the pairs that repeat a kept one (null beads are never left out:
    /// they are content one edition has, not a pair) and returns how many went.
    pub fn retain(&mut self, rows: &mut Vec<PairRecord>) -> DedupCounts {
        let mut counts = DedupCounts::default();
        rows.retain(|r| {
            if r.ko.is_empty() || r.en.is_empty() {
                return true;
            }
            match self.check(&r.ko, &r.en) {
                None => true,
                Some(Repeat::Exact) => {
                    counts.exact += 1;
                    false
                }
                Some(Repeat::Near) => {
                    counts.near += 1;
                    false
                }
            }
        });
        counts
    }

    /// Keeps a pair known by its keys (a resumed batch reloads its finished chunks' pairs).
    pub(crate) fn remember(&mut self, near: u64, exact: u64) {
        self.kept.entry(near).or_insert(exact);
    }

    /// The keys kept since the last call, in order, as 16 bytes each (near, exact; little-endian).
    pub(crate) fn take_fresh(&mut self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(self.fresh.len() * 16);
        for (near, exact) in self.fresh.drain(..) {
            bytes.extend_from_slice(&near.to_le_bytes());
            bytes.extend_from_slice(&exact.to_le_bytes());
        }
        bytes
    }

    /// Keeps the pairs of bytes [`Dedup::take_fresh`] gave; `None` if they are not whole records.
    pub(crate) fn remember_bytes(&mut self, bytes: &[u8]) -> Option<()> {
        let records = bytes.chunks_exact(16);
        if !records.remainder().is_empty() {
            return None;
        }
        for record in records {
            let (near, exact) = record.split_at(8);
            // Not `fresh`: reloaded keys are on disk already.
            self.remember(u64::from_le_bytes(near.try_into().ok()?), u64::from_le_bytes(exact.try_into().ok()?));
        }
        Some(())
    }
}

/// The hash of a pair's two sides under a key function; 0xFF (never in UTF-8) separates them,
/// so `ab`/`c` and `a`/`bc` differ.
fn key_hash(ko: &str, en: &str, key: fn(&str, &mut String)) -> u64 {
    let mut text = String::with_capacity(ko.len() + en.len());
    let mut hasher = siphasher::sip::SipHasher13::new();
    key(ko, &mut text);
    hasher.write(text.as_bytes());
    hasher.write(&[0xFF]);
    text.clear();
    key(en, &mut text);
    hasher.write(text.as_bytes());
    hasher.finish()
}

/// The exact key: white space runs collapsed to one space, none at either end (so a bead's
/// block break and a space, which one-line formats write alike, are one text).
fn exact_key(text: &str, out: &mut String) {
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
}

/// The near key: lower-cased, punctuation and symbols removed, digits folded to `0`, white
/// space collapsed.
fn near_key(text: &str, out: &mut String) {
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
        } else if c.is_numeric() || c.is_alphabetic() {
            if space {
                out.push(' ');
                space = false;
            }
            if c.is_numeric() {
                out.push('0');
            } else {
                out.extend(c.to_lowercase());
            }
        }
        // Anything else (punctuation, symbols, marks, controls) is dropped.
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(ko: &str, en: &str) -> PairRecord {
        PairRecord {
            id: "d".into(),
            ko: ko.into(),
            en: en.into(),
            ko_blocks: vec![],
            en_blocks: vec![],
            kind: "1-1".into(),
            score: 1.0,
            ko_lang_confidence: None,
            en_lang_confidence: None,
            url_ko: None,
            url_en: None,
            meta: Default::default(),
        }
    }

    #[test]
    fn keys_fold_what_they_say() {
        let mut s = String::new();
        near_key("  Exports ROSE 2.5%,\tsaid  Seoul. ", &mut s);
        assert_eq!(s, "exports rose 00 said seoul");
        s.clear();
        exact_key(" a \n b\t", &mut s);
        assert_eq!(s, "a b");
        s.clear();
        near_key("수출이 12% 늘었다!", &mut s);
        assert_eq!(s, "수출이 00 늘었다");
    }

    #[test]
    fn repeats_are_told_apart_and_counted() {
        let mut d = Dedup::new();
        let mut rows = vec![
            record("수출이 늘었다.", "Exports rose."),
            record("수출이  늘었다.", "Exports\nrose."), // white space only: exact
            record("수출이 늘었다", "exports rose!"),    // case and punctuation: near
            record("수출이 3% 늘었다.", "Exports rose 3%."),
            record("수출이 4% 늘었다.", "Exports rose 4%."), // another digit: near
            record("", "Exports rose."),                     // a null bead stays
            record("", "Exports rose."),
            record("수입이 늘었다.", "Exports rose."), // another Korean side: kept
        ];
        let counts = d.retain(&mut rows);
        assert_eq!(counts, DedupCounts { exact: 1, near: 2 });
        assert_eq!(rows.len(), 5);
        assert_eq!(d.len(), 3);
        // The sides are hashed apart: moving text across them is another pair.
        assert_eq!(d.check("ab", "c"), None);
        assert_eq!(d.check("a", "bc"), None);
    }

    #[test]
    fn kept_keys_reload_into_another_run() {
        let mut first = Dedup::new();
        assert_eq!(first.check("가", "a"), None);
        assert_eq!(first.check("나", "b"), None);
        let bytes = first.take_fresh();
        assert_eq!(bytes.len(), 32);
        assert!(first.take_fresh().is_empty());
        let mut second = Dedup::new();
        assert_eq!(second.remember_bytes(&bytes), Some(()));
        assert_eq!(second.check("나", "b"), Some(Repeat::Exact));
        assert_eq!(second.check("나", "B!"), Some(Repeat::Near));
        assert_eq!(second.remember_bytes(&bytes[..15]), None);
    }
}
