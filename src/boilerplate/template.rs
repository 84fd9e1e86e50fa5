//! Repetition across documents: in a batch, a block that recurs in many pages is the site's
//! template (menus, footers, prompts), not article text. This evidence needs no list of
//! strings, so it carries over to sites the rules have never seen.

use crate::model::Block;
use crate::normalize::{char_kind, for_each_lowercase, CharKind};
use std::collections::{HashMap, HashSet};

/// Blocks longer than this are never counted: article paragraphs do not recur, and long
/// recurring text is rare enough not to be worth the memory.
const MAX_TEMPLATE_CHARS: usize = 200;

/// The key under which recurring blocks are counted: letters lower-cased, every run of
/// digits one `0`, everything else dropped, so `Reader comments (9)` and `Reader comments (21)`
/// count as one template. (The index hashes the same characters without building the key.)
#[cfg(test)]
pub fn template_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    for_each_key_char(text, |c| key.push(c));
    key
}

/// Passes the characters of `text`'s template key to `emit`, in order.
fn for_each_key_char(text: &str, mut emit: impl FnMut(char)) {
    let mut in_digits = false;
    for c in text.chars() {
        let kind = char_kind(c);
        if kind == CharKind::Digit && !in_digits {
            emit('0');
        }
        in_digits = kind == CharKind::Digit;
        if kind == CharKind::Letter {
            for_each_lowercase(c, &mut emit);
        }
    }
}

/// The template key's hash, computed without building the key (64 bits: collisions among a
/// batch's short blocks are negligible; and as a collision only merges two counts, no
/// defence against crafted ones is needed, so the fast hasher). 0 for keys under two characters.
fn template_hash(text: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    let mut len = 0usize;
    for_each_key_char(text, |c| {
        h.write_u32(c as u32);
        len += 1;
    });
    if len < 2 {
        return 0;
    }
    h.finish()
}

/// How many documents of a batch each short block occurs in.
#[derive(Clone, Debug, Default)]
pub struct TemplateIndex {
    documents: HashMap<u64, u32>,
    /// A block recurring in at least this many documents is template.
    pub min_documents: u32,
}

impl TemplateIndex {
    /// Counts, for every short block, the documents (either edition) it occurs in.
    pub fn build<'a, D, B>(documents: D, min_documents: u32) -> TemplateIndex
    where
        D: IntoIterator<Item = B>,
        B: IntoIterator<Item = &'a Block>,
    {
        let mut index = TemplateIndex { documents: HashMap::new(), min_documents };
        for doc in documents {
            let keys: HashSet<u64> = doc
                .into_iter()
                .filter(|b| b.text.chars().count() <= MAX_TEMPLATE_CHARS)
                .map(|b| template_hash(&b.text))
                .filter(|k| *k != 0)
                .collect();
            for k in keys {
                *index.documents.entry(k).or_default() += 1;
            }
        }
        index
    }

    /// Merges counts from another part of the batch.
    pub fn merge(&mut self, other: TemplateIndex) {
        for (k, n) in other.documents {
            *self.documents.entry(k).or_default() += n;
        }
    }

    /// In how many documents of the batch this block occurs, if it recurs enough to be template.
    pub fn recurrence(&self, text: &str) -> Option<u32> {
        if text.chars().count() > MAX_TEMPLATE_CHARS {
            return None;
        }
        let n = *self.documents.get(&template_hash(text))?;
        (n >= self.min_documents).then_some(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::text_blocks;
    use crate::model::Side;

    #[test]
    fn keys_ignore_numbers_and_punctuation() {
        assert_eq!(template_key("Reader comments (9)"), template_key("Reader comments (21)"));
        assert_eq!(template_key("▶ 영상 재생 02:05"), "영상재생00");
        // The hash is the key's, with the fast paths.
        for t in ["Reader comments (21)", "▶ 영상 재생 02:05", "Straße ÀÉ ٣٤ Ⅻ 漢字 ㄱ", "İ9x"] {
            use std::hash::Hasher;
            let mut h = rustc_hash::FxHasher::default();
            template_key(t).chars().for_each(|c| h.write_u32(c as u32));
            assert_eq!(template_hash(t), h.finish(), "{t:?}");
        }
    }

    #[test]
    fn blocks_recurring_across_documents_are_template() {
        let docs: Vec<Vec<Block>> = (0..4)
            .map(|i| {
                text_blocks(
                    &format!("Story number {i} is unique and long enough.\n\nReader comments ({i})\n\nOnly in doc {i}"),
                    Side::En,
                )
            })
            .collect();
        let index = TemplateIndex::build(docs.iter().map(|d| d.iter()), 3);
        assert_eq!(index.recurrence("Reader comments (35)"), Some(4));
        assert_eq!(index.recurrence("Only in doc 2"), Some(4), "digits are folded, so this recurs too");
        assert_eq!(index.recurrence("Something else entirely"), None);
        let index = TemplateIndex::build(docs.iter().take(2).map(|d| d.iter()), 3);
        assert_eq!(index.recurrence("Reader comments (35)"), None);
    }
}
