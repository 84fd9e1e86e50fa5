//! Repetition across documents: in a batch, a block that recurs in many pages is the site's
//! template (menus, footers, prompts), not article text. This evidence needs no list of
//! strings, so it carries over to sites the rules have never seen.

use crate::model::Block;
use crate::normalize::{char_kind, display_width, for_each_lowercase, CharKind};
use crate::text_shape::is_prose;
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

/// How many different articles of a batch each short block occurs in.
#[derive(Clone, Debug, Default)]
pub struct TemplateIndex {
    documents: HashMap<u64, u32>,
    /// A block recurring in at least this many different articles is template.
    pub min_documents: u32,
}

impl TemplateIndex {
    /// Counts, for every short block, the different articles (either edition) it occurs in.
    /// Copies of one article (wire copy syndicated across a batch, one story crawled under
    /// several URLs) count once, or every line of an article repeated three times would be
    /// taken for the site's template; a footer that different articles share still counts
    /// once for each of them (see [`Articles`]).
    pub fn build<'a, D, B>(documents: D, min_documents: u32) -> TemplateIndex
    where
        D: IntoIterator<Item = B>,
        B: IntoIterator<Item = &'a Block>,
    {
        let mut articles = Articles::default();
        // Each article's short blocks: the union over its copies.
        let mut keys: Vec<HashSet<u64>> = Vec::new();
        for doc in documents {
            let mut doc_keys = HashSet::new();
            let mut prose = Vec::new();
            for b in doc {
                if b.text.chars().count() <= MAX_TEMPLATE_CHARS {
                    doc_keys.insert(template_hash(&b.text));
                }
                if is_prose(&b.text) {
                    prose.push((text_hash(&b.text), display_width(&b.text)));
                }
            }
            doc_keys.remove(&0);
            let article = articles.assign(prose);
            match keys.get_mut(article) {
                Some(known) => known.extend(doc_keys),
                None => keys.push(doc_keys),
            }
        }
        let mut index = TemplateIndex { documents: HashMap::new(), min_documents };
        for k in keys.into_iter().flatten() {
            *index.documents.entry(k).or_default() += 1;
        }
        index
    }

    /// In how many different articles of the batch this block occurs, if it recurs enough to
    /// be template.
    pub fn recurrence(&self, text: &str) -> Option<u32> {
        if text.chars().count() > MAX_TEMPLATE_CHARS {
            return None;
        }
        let n = *self.documents.get(&template_hash(text))?;
        (n >= self.min_documents).then_some(n)
    }
}

/// A hash of the exact text: copies are told by their very words (numbers included, as two
/// daily market reports differ only in them).
fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    text.hash(&mut h);
    h.finish()
}

/// The batch's documents grouped into articles. A document is a copy of an earlier one when
/// both open with the same prose block (the lead: a story's copies share it, different
/// stories do not) and more than half of the prose of the shorter of the two, by display
/// width (so Korean and English weigh alike), is the other's. Copies with another site's
/// footer, a paragraph updated or the end trimmed join their original; different stories
/// sharing a footer or a background sentence stay apart.
#[derive(Default)]
struct Articles {
    /// Each lead (by text hash) to the articles that open with it.
    by_lead: HashMap<u64, Vec<usize>>,
    /// Each article's prose blocks (text hash to display width), and their total width.
    prose: Vec<(HashMap<u64, usize>, usize)>,
}

impl Articles {
    /// The article a document with these prose blocks (text hash and width, in page order)
    /// belongs to: an earlier one it copies, or a new one.
    fn assign(&mut self, blocks: Vec<(u64, usize)>) -> usize {
        let lead = blocks.first().map(|&(k, _)| k);
        let prose: HashMap<u64, usize> = blocks.into_iter().collect();
        let width: usize = prose.values().sum();
        let copy_of = lead.and_then(|lead| {
            self.by_lead.get(&lead)?.iter().copied().find(|&a| {
                let (known, known_width) = &self.prose[a];
                let shared: usize = prose.iter().filter(|(k, _)| known.contains_key(k)).map(|(_, w)| w).sum();
                2 * shared > width.min(*known_width)
            })
        });
        if let Some(a) = copy_of {
            return a;
        }
        let article = self.prose.len();
        self.prose.push((prose, width));
        if let Some(lead) = lead {
            self.by_lead.entry(lead).or_default().push(article);
        }
        article
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
    fn copies_of_an_article_count_once_but_a_footer_of_different_articles_counts_for_each() {
        let footer = "Copyright Hanbit Daily. Reproduction prohibited.";
        let background = "The city has debated housing rules for two years.";
        let articles = [
            [
                "Rent cap passed",
                "The city council passed a cap on yearly rent rises on Monday.",
                "Tenant groups welcomed the vote but asked for more.",
            ],
            [
                "Night buses return",
                "Night bus routes will return to the harbour district next month.",
                "The transport office said drivers had been hired.",
            ],
            [
                "Library opens late",
                "The central library will stay open until ten at night from March.",
                "Its director said students had asked for years.",
            ],
        ];
        // Each article ten times, as syndicated copies or one story crawled under several
        // URLs: each copy with its own comment counter, one with its last paragraph updated,
        // one on another site with that site's footer. The three stories share a footer and
        // a background sentence.
        let docs: Vec<Vec<Block>> = (0..30)
            .map(|i| {
                let [title, lead, last] = articles[i % 3];
                let last = if i == 4 { format!("{last} More details are due on Friday.") } else { last.to_owned() };
                let footer = if i == 5 { "Distributed by Harbour Wire." } else { footer };
                let page = format!("{title}\n\n{lead}\n\n{background}\n\n{last}\n\nReader comments ({i})\n\n{footer}");
                text_blocks(&page, Side::En)
            })
            .collect();
        let index = TemplateIndex::build(docs.iter().map(|d| d.iter()), 3);
        assert_eq!(index.recurrence(footer), Some(3), "three different stories share the footer");
        assert_eq!(index.recurrence(background), Some(3));
        assert_eq!(index.recurrence("Reader comments (7)"), Some(3));
        for text in articles.iter().flatten() {
            assert_eq!(index.recurrence(text), None, "{text}");
        }
        // Two stories only: what they share is not yet a template.
        let two = docs.iter().filter(|d| !d[0].text.starts_with("Library"));
        assert_eq!(TemplateIndex::build(two.map(|d| d.iter()), 3).recurrence(footer), None);
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
