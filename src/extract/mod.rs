//! Extraction: the article text of one page on its own, with its title, date, author and
//! URL, as article extractors (trafilatura and the like) give it.
//!
//! A page is read, cleaned and audited exactly as `align --page` does it ([`load_page_bytes`],
//! then [`process`](crate::process) with no batch evidence: each language's blocks cleaned
//! with the page's DOM facts); what is kept is the article. A page whose kept text is at least
//! 75% one language ([`crate::EDITION_SHARE`]) is one article in that language (its few blocks in the
//! other language included, in page order); any other page of Korean and English is
//! bilingual, and each language's blocks are an article of their own.

mod byline;
mod render;

use crate::error::{Error, Result};
use crate::input::load::{load_page_bytes, Origin};
use crate::model::{AuditEntry, Block, DomFacts, Lang, Side};
use crate::options::Options;
use crate::output::AuditRecord;
use crate::pair::{EditionLang, LanguageShares};
use crate::pipeline::{process_with_headlines, BatchEvidence};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// How an extracted article is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum ExtractFormat {
    /// One JSON object a line: page, lang, title, date, author, url, paragraphs, removed.
    #[default]
    Json,
    /// Markdown: `# title`, a line of date · author · url, the paragraphs (headings as `##`).
    Markdown,
    /// Plain text: the title, then the paragraphs, separated by blank lines.
    Text,
}

impl ExtractFormat {
    /// The file name extension of an article written in this format.
    pub fn extension(self) -> &'static str {
        match self {
            ExtractFormat::Json => "json",
            ExtractFormat::Markdown => "md",
            ExtractFormat::Text => "txt",
        }
    }
}

impl crate::choice::Choice for ExtractFormat {
    const CHOICES: &'static [(&'static str, Self)] =
        &[("json", ExtractFormat::Json), ("markdown", ExtractFormat::Markdown), ("text", ExtractFormat::Text)];
}

/// One kept block of an article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleBlock {
    /// Its index on the page (as in the audit).
    pub block: usize,
    /// Its text, inline fragments (datelines, credits) stripped.
    pub text: String,
    /// The page's markup makes it a heading (`h1`–`h6`, `role="heading"`).
    pub heading: bool,
}

/// One article of a page: the page's only one, or one language's of a bilingual page.
#[derive(Clone, Debug, PartialEq)]
pub struct Article {
    /// Its language.
    pub lang: EditionLang,
    /// The headline: the block near the top that the page's declared title (`og:title`,
    /// `<title>`) names, else the block the cleaning took for the headline, else the declared
    /// title itself (on a bilingual page, the first in the article's language if one is).
    pub title: Option<String>,
    /// When the page says it was published, as written ([`DomFacts::published`]).
    pub date: Option<String>,
    /// Who wrote it: [`DomFacts::author`] (without a leading `By ` or a Korean role after a
    /// name), else the one person the bylines that cleaning removed name (`By Jane Doe`,
    /// `홍길동 기자`); `None` if none, or several.
    pub author: Option<String>,
    /// The page's own URL ([`DomFacts::canonical_url`]).
    pub url: Option<String>,
    /// The kept blocks in page order, without the block that is the title.
    pub blocks: Vec<ArticleBlock>,
    /// How many removals were audited for it (blocks, stripped fragments, skipped text): the
    /// page's, or on a bilingual page its language's.
    pub removed: usize,
}

/// A page's articles, with the audit of everything removed from it.
#[derive(Clone, Debug, PartialEq)]
pub struct Extracted {
    /// The page, as named (a path, or the name a caller gave its bytes).
    pub page: String,
    /// Its article; on a bilingual page the Korean one, then the English one.
    pub articles: Vec<Article>,
    /// Every removal from the page, in the order of `align`'s audit (Korean blocks first).
    pub audit: Vec<AuditEntry>,
}

/// One line of `extract --format json`: an article with its page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArticleRecord {
    /// The page, as named.
    pub page: String,
    /// The article's language: `ko` or `en`.
    pub lang: EditionLang,
    /// See [`Article::title`].
    pub title: Option<String>,
    /// See [`Article::date`].
    pub date: Option<String>,
    /// See [`Article::author`].
    pub author: Option<String>,
    /// See [`Article::url`].
    pub url: Option<String>,
    /// The kept blocks' text, in order (headings included, the title not).
    pub paragraphs: Vec<String>,
    /// See [`Article::removed`].
    pub removed: usize,
}

impl Extracted {
    /// Whether the page is bilingual (an article in each language).
    pub fn is_bilingual(&self) -> bool {
        self.articles.len() > 1
    }

    /// Its articles as JSON records, in order.
    pub fn records(&self) -> Vec<ArticleRecord> {
        self.articles.iter().map(|a| a.record(&self.page)).collect()
    }

    /// Its articles in Markdown ([`Article::to_markdown`]); a bilingual page's two separated
    /// by a thematic break (`---`), Korean first.
    pub fn to_markdown(&self) -> String {
        self.articles.iter().map(Article::to_markdown).collect::<Vec<_>>().join("\n---\n\n")
    }

    /// Its articles as plain text ([`Article::to_text`]); a bilingual page's two separated by
    /// a line `---`, Korean first.
    pub fn to_text(&self) -> String {
        self.articles.iter().map(Article::to_text).collect::<Vec<_>>().join("\n---\n\n")
    }

    /// The audit as the lines of `audit.jsonl` and `audit-inline.jsonl` (told apart by
    /// `scope`), the page as their `id`.
    pub fn audit_records(&self) -> Vec<AuditRecord> {
        self.audit
            .iter()
            .map(|a| AuditRecord {
                id: self.page.clone(),
                side: a.side,
                block: a.block,
                text: a.text.clone(),
                lang: a.lang,
                rule: a.rule.clone(),
                reason: a.reason.clone(),
                scope: a.scope,
            })
            .collect()
    }
}

impl Article {
    /// The article as a JSON record of `page`.
    pub fn record(&self, page: &str) -> ArticleRecord {
        ArticleRecord {
            page: page.to_owned(),
            lang: self.lang,
            title: self.title.clone(),
            date: self.date.clone(),
            author: self.author.clone(),
            url: self.url.clone(),
            paragraphs: self.blocks.iter().map(|b| b.text.clone()).collect(),
            removed: self.removed,
        }
    }

    /// The article in Markdown: `# title`, a line of what is known of date · author · URL,
    /// then the blocks separated by blank lines, headings as `##`. A line that would start
    /// Markdown syntax (`#`, `>`, `-`, `1.`, …) has it escaped; text inside lines is as kept.
    pub fn to_markdown(&self) -> String {
        render::markdown(self)
    }

    /// The article as plain text: the title, a blank line, then the blocks separated by
    /// blank lines.
    pub fn to_text(&self) -> String {
        render::text(self)
    }
}

/// Reads a page file (capped at [`crate::Limits::max_page_bytes`], as every page is read) and
/// extracts its article or articles. Errors name the file.
pub fn extract_file(path: &Path, options: &Options) -> Result<Extracted> {
    let bytes = crate::input::bounded::read_capped_file(path, options.limits.max_page_bytes)?;
    extract_page(&bytes, path, options)
}

/// Extracts the article (or a bilingual page's two articles) of one page given as bytes,
/// text or HTML; `name` names it in errors and in the result, and tells HTML from text as for
/// any page. Errors: what loading a page fails with (binary, empty, too large, …), a page
/// mostly in a third language, and a page from which cleaning keeps nothing.
pub fn extract_page(bytes: &[u8], name: &Path, options: &Options) -> Result<Extracted> {
    let loaded = load_page_bytes(bytes, name, &options.read, &options.limits)?;
    let dom = match &loaded.origin {
        Origin::Bilingual(info) => info.dom.clone(),
        Origin::Pair { .. } => None,
    };
    let page = name.display().to_string();
    let (doc, headlines) = process_with_headlines(&page, loaded, options, &BatchEvidence::default());
    let mut content: Vec<&Block> = doc.ko_content.iter().chain(&doc.en_content).collect();
    content.sort_by_key(|b| b.index);
    let shares = LanguageShares::of(&content);
    let problem = |problem: String| Error::Input { path: name.to_owned(), problem };
    let editions = if let Some(edition) = shares.edition() {
        vec![edition]
    } else if shares.korean + shares.english + shares.other == 0.0 {
        return Err(problem(format!("no article text is left after cleaning ({} removals audited)", doc.audit.len())));
    } else if shares.other >= shares.korean && shares.other >= shares.english {
        let pct = |x: f32| (x * 100.0).round() as u32;
        return Err(problem(format!(
            "mostly in a language other than Korean or English ({}% Korean, {}% English, {}% other)",
            pct(shares.korean),
            pct(shares.english),
            pct(shares.other)
        )));
    } else {
        let side_has_text = |side: &[Block]| !side.is_empty();
        [(EditionLang::Ko, &doc.ko_content), (EditionLang::En, &doc.en_content)]
            .into_iter()
            .filter(|(_, c)| side_has_text(c))
            .map(|(lang, _)| lang)
            .collect()
    };
    let bilingual = editions.len() > 1;
    let articles = editions
        .into_iter()
        .map(|lang| {
            let side = lang.side();
            // A one-language page's article is all it keeps (a quote in the other language
            // too); a bilingual page's is its language's side.
            let blocks: Vec<&Block> = content.iter().copied().filter(|b| !bilingual || b.side == side).collect();
            let removed: Vec<&AuditEntry> = doc.audit.iter().filter(|a| !bilingual || a.side == side).collect();
            let headline = match side {
                Side::Ko => headlines.ko,
                Side::En => headlines.en,
            };
            article(lang, &blocks, &removed, headline, dom.as_deref(), bilingual)
        })
        .collect();
    Ok(Extracted { page, articles, audit: doc.audit })
}

/// How far down an article (in kept blocks) a block the declared title names is taken for
/// its headline: the headline sits at the top, under at most a kicker, a date line or a photo.
const TITLE_WINDOW: usize = 5;

/// One article from its kept blocks and its removals.
fn article(
    lang: EditionLang,
    blocks: &[&Block],
    removed: &[&AuditEntry],
    headline: Option<usize>,
    dom: Option<&DomFacts>,
    bilingual: bool,
) -> Article {
    let titles: Vec<&str> = dom.map_or_else(Vec::new, |d| declared_titles(&d.declared_titles, lang, bilingual));
    // The block the page's declared title names is the headline, even when the cleaning
    // took a kicker or a date line above it for one (it looks for the shape of a headline,
    // not for what the page says its title is); else the cleaning's, else the declared title.
    let named = blocks.iter().take(TITLE_WINDOW).find(|b| titles.iter().any(|t| names(t, &b.text)));
    let chosen = headline.and_then(|h| blocks.iter().find(|b| b.index == h));
    let (title, title_block) = match named.or(chosen) {
        Some(b) => (Some(b.text.clone()), Some(b.index)),
        None => (titles.first().map(|t| (*t).to_owned()), None),
    };
    let author =
        dom.and_then(|d| d.author.as_deref()).map(declared_author).or_else(|| byline::author(removed.iter().copied()));
    Article {
        lang,
        title,
        date: dom.and_then(|d| d.published.clone()),
        author,
        url: dom.and_then(|d| d.canonical_url.clone()),
        blocks: blocks
            .iter()
            .filter(|b| Some(b.index) != title_block)
            .map(|b| ArticleBlock {
                block: b.index,
                text: b.text.clone(),
                heading: b.structure.as_ref().is_some_and(|s| s.heading),
            })
            .collect(),
        removed: removed.len(),
    }
}

/// The titles a page declares, in the order it declares them (`og:title` before `<title>`);
/// on a bilingual page, those in the article's language first.
fn declared_titles(titles: &[String], lang: EditionLang, bilingual: bool) -> Vec<&str> {
    let in_lang = |t: &str| {
        let detected = crate::lang::detect(t).lang;
        match lang {
            EditionLang::Ko => matches!(detected, Lang::Ko | Lang::Mixed),
            EditionLang::En => detected == Lang::En,
        }
    };
    let mut out: Vec<&str> = titles.iter().map(String::as_str).collect();
    if bilingual {
        out.sort_by_key(|t| !in_lang(t));
    }
    out
}

/// Whether a declared title names a block: the same words, or the block's words opening or
/// closing it and making most of it (`<title>` adds the site's name: `Headline — Site`).
fn names(title: &str, block: &str) -> bool {
    use crate::normalize::match_key;
    let (title, block) = (match_key(title), match_key(block));
    let (t, b) = (title.chars().count(), block.chars().count());
    !block.is_empty() && (title == block || (2 * b >= t && (title.starts_with(&block) || title.ends_with(&block))))
}

/// A declared author without the `By ` some pages write before the name, or the newsroom
/// role Korean pages write after it (`오세린 기자`).
fn declared_author(author: &str) -> String {
    let by = author.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("by "));
    let author = if by { author[3..].trim_start() } else { author };
    let name = byline::korean_role_suffix(author).unwrap_or(author);
    name.to_owned()
}
