//! The data that flows between the stages: blocks with their language and provenance,
//! what a page's markup says about them, audit entries for what was removed, and beads for
//! what was aligned.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

/// Which edition of an article a block belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The Korean edition.
    Ko,
    /// The English edition.
    En,
}

impl Side {
    /// The other edition.
    pub fn other(self) -> Side {
        match self {
            Side::Ko => Side::En,
            Side::En => Side::Ko,
        }
    }

    /// The language this edition is expected to be written in.
    pub fn lang(self) -> Lang {
        match self {
            Side::Ko => Lang::Ko,
            Side::En => Lang::En,
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Side::Ko => "ko",
            Side::En => "en",
        })
    }
}

/// The language of one block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Korean (Hangul), possibly with Latin names and numbers inside.
    Ko,
    /// English.
    En,
    /// Substantial Korean and English in one block (`Copyright © 뉴스1. All rights reserved. 무단 전재 …`).
    Mixed,
    /// Another language (Chinese, Japanese, French, …).
    Other,
    /// Too little text to say (digits, punctuation, one short Latin word).
    Unknown,
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Lang::Ko => "ko",
            Lang::En => "en",
            Lang::Mixed => "mixed",
            Lang::Other => "other",
            Lang::Unknown => "unknown",
        })
    }
}

/// How a language guess was reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LangMethod {
    /// Decided from the scripts of the letters alone (certain cases).
    Script,
    /// Decided by English function words in Latin prose (certain for running text).
    Words,
    /// Decided by the statistical model (lingua).
    Model,
}

/// A language decision with its confidence in [0, 1].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LangGuess {
    /// The language.
    pub lang: Lang,
    /// How sure the detector is, in [0, 1].
    pub confidence: f32,
    /// Which path decided.
    pub method: LangMethod,
}

/// One block of a page: a paragraph, heading, caption or UI string.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Block {
    /// The edition it was read from.
    pub side: Side,
    /// Its position among all the blocks of its page, from 0. Output refers to blocks by it.
    pub index: usize,
    /// Its byte range in the decoded page text.
    pub span: Range<usize>,
    /// Its normalised text (after any inline clean-up such as a stripped dateline).
    pub text: String,
    /// Its detected language.
    pub lang: LangGuess,
    /// What the page's markup says about it (HTML input only): tag, classes, link or
    /// navigation context; evidence for the boilerplate stage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub structure: Option<Box<StructureHints>>,
}

/// What the DOM says about a block, for the boilerplate stage to weigh (read by
/// `input::html`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct StructureHints {
    /// The block element: `p`, `h1`, `li`, `td`, `div`, `figcaption`, … (`body` for text
    /// outside any other block element).
    pub tag: String,
    /// Lower-cased `class` and `id` values, innermost first, space-joined: those of inline
    /// elements that enclose all of the block's text (`<a class="btn">닫기</a>`), then of
    /// the block element, then of its ancestors (`"btn articlebody gnb"`).
    pub class_id: String,
    /// The block is in a heading (`h1`–`h6`, or `role="heading"`).
    pub heading: bool,
    /// All of the block's text is inside links (`<a href>`).
    pub in_link: bool,
    /// All of the block's text is inside buttons (`<button>` or `role="button"`).
    pub in_button: bool,
    /// Inside `<nav>` or `role="navigation"`.
    pub in_nav: bool,
    /// Inside a `<header>` (a page's or an article's) or `role="banner"`.
    pub in_header: bool,
    /// Inside `<footer>` or `role="contentinfo"`.
    pub in_footer: bool,
    /// Inside `<aside>` or `role="complementary"`.
    pub in_aside: bool,
    /// Inside `<figure>` or `<figcaption>`.
    pub in_figure: bool,
    /// Characters inside links divided by all characters (white space not counted), in [0, 1].
    pub link_density: f32,
    /// Its block element's entry in the page's container table ([`DomFacts::containers`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container: Option<ContainerId>,
}

/// What an HTML page's markup says about the page as a whole, beside its blocks: the table
/// of the elements that hold text, and what the page declares its article to be. Facts for
/// the boilerplate stage to weigh (where the article body lies), no judgement of its own.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DomFacts {
    /// The block elements that hold the page's text, parents before children;
    /// [`StructureHints::container`] indexes it.
    pub containers: Vec<Container>,
    /// The `articleBody` of the page's JSON-LD metadata (`<script type="application/ld+json">`),
    /// white space folded; the longest if several.
    pub ld_article_body: Option<String>,
    /// The titles the page declares for itself: `og:title` or `twitter:title`, then
    /// `<title>` (which often adds the site's name).
    pub declared_titles: Vec<String>,
    /// Text inside elements the walk does not read as page text but that are audited for it
    /// (`svg`, `math`), in page order.
    pub skipped: Vec<SkippedText>,
    /// The URL the page names as its own: `<link rel="canonical" href>`, else the `og:url`
    /// meta. Resolved against `<base href>` when relative and the base is absolute; `None`
    /// if absent, empty or longer than 2,048 bytes. The page's declared language is not
    /// here: it is [`PageInfo::lang`](crate::PageInfo::lang).
    pub canonical_url: Option<String>,
    /// The page's other-language editions, from `<link rel="alternate" hreflang href>`, in
    /// page order, exact repeats once, at most 64 (pages are hostile input).
    pub alternates: Vec<Alternate>,
    /// When the page says it was published, as written (trimmed; not parsed, since pages
    /// write dates in many forms): the first found of `article:published_time`, microdata
    /// `datePublished`, JSON-LD `datePublished`, `<meta name="date">` or `pubdate`, the first
    /// `<time datetime>`. `None` if none, or if longer than 2,048 bytes.
    pub published: Option<String>,
    /// Who the page says wrote it, white space folded: the first found of the JSON-LD
    /// `author` (a name, a person's `name`, or several names joined by `"; "`), microdata
    /// `itemprop="author"` (its `content`, its `itemprop="name"`, or its text), `<meta
    /// name="author">` / `article:author` / `dable:author`, the text of `<a rel="author">`.
    /// As declared: it may name the site or add a job title. `None` if none, if a URL (a
    /// profile page's address), or if longer than 2,048 bytes.
    pub author: Option<String>,
}

/// Another edition of a page, as the page links it: `<link rel="alternate" hreflang href>`.
/// Evidence for pairing pages, no judgement of whether it exists or translates the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Alternate {
    /// The `hreflang` as written, trimmed and lower-cased (a BCP 47 tag such as `ko`,
    /// `en-us`, or `x-default` for the page that picks a language); never empty.
    pub lang: String,
    /// The edition's URL as written, resolved against the page's base URL (`<base href>`,
    /// else its canonical URL) when relative and a base is known; never empty.
    pub href: String,
}

/// The text of one element whose content is not read into blocks (an `<svg>` or `<math>`),
/// normalised and non-empty.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SkippedText {
    /// The element: `svg` or `math`.
    pub element: &'static str,
    /// Its text, white space folded.
    pub text: String,
    /// The index of the block it sat in or before; the page's last block if none follows.
    pub block: usize,
}

/// The position of a [`Container`] in its page's container table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ContainerId(pub usize);

/// An element of an HTML page that holds text blocks, as the markup describes it: facts for
/// a later stage to weigh (where the article body is), no judgement of its own.
///
/// A page's containers form a table in which every block element that holds the text of a
/// block, and every block element around it up to `<html>`, has one entry, parents before
/// children. Inline elements are not containers: a block's container is its block element.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Container {
    /// The nearest enclosing container; `None` for the outermost (`html`).
    pub parent: Option<ContainerId>,
    /// The element: `p`, `div`, `td`, `article`, `body`, … (`body` also stands for text
    /// outside any block element).
    pub tag: &'static str,
    /// Its `class` tokens, lower-cased, in the order written.
    pub classes: Vec<String>,
    /// Its `id`, lower-cased, white space folded; `None` if absent or empty.
    pub id: Option<String>,
    /// Its ARIA `role`, lower-cased and trimmed; `None` if absent or empty.
    pub role: Option<String>,
    /// The characters of all the block text inside it, its descendants' included (white
    /// space not counted, as for [`StructureHints::link_density`]).
    pub chars: usize,
    /// Those of [`Container::chars`] inside links (`<a href>`).
    pub link_chars: usize,
    /// Its `itemprop` (schema.org microdata such as `articleBody`), lower-cased; `None` if
    /// absent or empty.
    pub itemprop: Option<String>,
}

/// What part of a block a removal took.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Removal {
    /// The whole block.
    Block,
    /// A prefix of the block, such as a wire dateline; the rest was kept.
    InlinePrefix,
    /// A suffix of the block, such as a credit; the rest was kept.
    InlineSuffix,
    /// Text of the page that was never read into a block (an SVG drawing's labels, a MathML
    /// formula); `block` is the block it sat in or before (the last block, after the last).
    Skipped,
}

/// One removal, with the rule that made it and why, so a person can check it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// The page it was removed from.
    pub side: Side,
    /// The index of the block it was removed from.
    pub block: usize,
    /// The removed text.
    pub text: String,
    /// The language of the removed text.
    pub lang: Lang,
    /// The id of the rule (or evidence) that removed it.
    pub rule: String,
    /// Why that rule removes it, in words.
    pub reason: String,
    /// Whole block or an inline fragment.
    pub scope: Removal,
}

/// One aligned unit: Korean blocks and English blocks that translate each other, with a
/// confidence. A bead with one empty side is a block that only one edition has.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Bead {
    /// Block indices on the Korean page, in order.
    pub ko: Vec<usize>,
    /// Block indices on the English page, in order.
    pub en: Vec<usize>,
    /// Confidence in [0, 1] that this grouping is a correct translation pair.
    pub score: f32,
}

impl Bead {
    /// The bead's kind as written in output: `"1-1"`, `"2-1"`, `"0-1"`, …
    pub fn kind(&self) -> String {
        format!("{}-{}", self.ko.len(), self.en.len())
    }

    /// True when one side is empty.
    pub fn is_null(&self) -> bool {
        self.ko.is_empty() || self.en.is_empty()
    }
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
    /// Its pages whose declared charset did not fit their bytes and was overridden.
    pub charset_overrides: Vec<CharsetOverride>,
    /// What it carries to each of its pair records: its editions' URLs, its row's other columns.
    pub meta: DocumentMeta,
}

/// What a document carries to every pair record besides its text: the editions' URLs and the
/// other columns its manifest row (or the other fields its stream line) gave.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocumentMeta {
    /// The Korean edition's URL: the row's `url_ko`, else its WARC record's target URI. Only
    /// what the input states: a canonical URL a page declares can be the site's home page, and
    /// a run's TSV switches to Bitextor's columns only where every row has them (`Some("")`
    /// for an empty cell of a manifest's URL column).
    pub url_ko: Option<String>,
    /// The English edition's URL, likewise (`url_en`). A bilingual page's URL is both.
    pub url_en: Option<String>,
    /// The row's columns beyond those koen-align reads, by header name.
    pub extra: BTreeMap<String, String>,
}

impl DocumentMeta {
    /// This meta with `given`'s values where it has them: a row's columns over what the pages
    /// say about themselves.
    pub fn overridden_by(self, given: &DocumentMeta) -> DocumentMeta {
        let mut extra = self.extra;
        extra.extend(given.extra.iter().map(|(k, v)| (k.clone(), v.clone())));
        DocumentMeta { url_ko: stated(&given.url_ko, self.url_ko), url_en: stated(&given.url_en, self.url_en), extra }
    }
}

/// A row's URL over the page's, unless the row's cell is empty.
fn stated(given: &Option<String>, page: Option<String>) -> Option<String> {
    match given {
        Some(u) if !u.is_empty() => Some(u.clone()),
        Some(empty) => page.or_else(|| Some(empty.clone())),
        None => page,
    }
}

/// A page read in another encoding than the one its `<meta>` declared, because its bytes did
/// not fit the declaration (a UTF-8 page declaring `euc-kr`, or the reverse).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CharsetOverride {
    /// Which page: `ko`, `en`, or `page` for a bilingual page.
    pub page: String,
    /// The encoding it declared.
    pub declared: String,
    /// The encoding its bytes were read in.
    pub used: String,
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

/// What a pair is made of: paragraph beads or the sentence pairs inside them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Paragraph beads.
    #[default]
    Paragraph,
    /// Sentence pairs.
    Sentence,
}

impl crate::choice::Choice for Level {
    const CHOICES: &'static [(&'static str, Self)] = &[("paragraph", Level::Paragraph), ("sentence", Level::Sentence)];
}
