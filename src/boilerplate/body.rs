//! Where the article body lies on an HTML page, and the chrome inside and around it, weighed
//! from the DOM facts that `input/html` records ([`DomFacts`]): which element holds the
//! page's prose, and which sections inside it are lists of links, comments, teasers or
//! pitches by their markup.
//!
//! The body is the element whose prose outweighs the rest of what it holds: every block adds
//! its prose characters to its element and the elements around it, and the non-prose text
//! (links, short lines) counts against them, so the page's `<body>` loses to the `<div>` that
//! holds the story once the menus, rails and footers beside the story outweigh what little
//! prose they carry. Names that mark an article (`<article>`, `itemprop="articleBody"`, a
//! class such as `story-body`) and the page's JSON-LD `articleBody` tip the balance; they do
//! not decide on their own, since templates put those names on wrappers of whole pages.

use crate::model::{Block, Container, ContainerId, DomFacts};
use crate::normalize::match_key;
use crate::text_shape::{ends_like_sentence, is_prose_sentence, word_count};

/// How much a character of non-prose text counts against an element, against one of prose.
const NOISE_WEIGHT: f32 = 0.5;
/// A page with less prose than this (characters) has no body worth locating.
const MIN_PAGE_PROSE: f32 = 150.0;
/// The score bonus of an element whose markup names it the article's body.
const BODY_NAME_BONUS: f32 = 1.5;
/// The score bonus of an `<article>` or `<main>` element.
const ARTICLE_TAG_BONUS: f32 = 1.2;
/// A section that holds more than this share of the page's prose is not chrome, whatever its
/// name says (a modifier class on a wrapper of the whole page).
const CHROME_MAX_PAGE_SHARE: f32 = 0.85;
/// Within the body, a section named as chrome or a list of links holds at most this share of
/// the body's prose.
const CHROME_MAX_PROSE_SHARE: f32 = 0.5;
/// A list of links: at least this many blocks, and this share of their text in links.
const LINK_LIST_MIN_ITEMS: usize = 3;
const LINK_LIST_MIN_DENSITY: f32 = 0.5;
/// Without an `<h1>` or the declared title, a heading this close above the body (in blocks)
/// is taken for the headline.
const HEADING_NEAR_BODY: usize = 3;
/// How many prose blocks between the headline and the body are kept as its standfirst.
const STANDFIRST_MAX_BLOCKS: usize = 2;

/// Class and id words that name the article body (matched as whole words of a token split
/// at `-` and `_`, or as the whole token).
#[rustfmt::skip]
const BODY_NAMES: [&str; 16] = [
    "articlebody", "article-body", "article-content", "articlecontent", "story-body", "storybody", "story-content",
    "entry-content", "post-content", "post-body", "postbody", "article-text", "article-txt", "news-body",
    "body-text", "content-body",
];

/// What a section's name says it is, when that is not article text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChromeKind {
    /// Readers' comments.
    Comments,
    /// Teasers of other articles: related, recommended, most read.
    Teasers,
    /// A newsletter or subscription pitch.
    Subscription,
    /// About the author.
    AuthorBio,
    /// Share buttons and social links.
    Share,
    /// An image gallery or carousel.
    Gallery,
    /// Advertising.
    Advert,
    /// A cookie or consent notice.
    Consent,
    /// A dialog, modal or pop-up over the page.
    Overlay,
    /// A photo or source credit.
    Credit,
    /// Navigation, a sidebar, widgets, the page's banner or footer.
    Navigation,
}

/// Words of section names, by kind. A word matches a token of a class or id split at `-`
/// and `_` exactly, or as its start when the word ends in `*`.
#[rustfmt::skip]
const CHROME_NAMES: [(ChromeKind, &[&str]); 11] = [
    (ChromeKind::Comments, &["comment", "comments", "comment*", "disqus", "respond", "replies"]),
    (ChromeKind::Teasers, &["related*", "recommend*", "recirc*", "trending", "popular", "mostread", "most-read",
        "outbrain*", "taboola*", "teaser*", "promo", "promos", "readmore", "more-stories", "morestories", "also",
        "next-prev", "prev-next", "pagination", "pager"]),
    (ChromeKind::Subscription, &["newsletter*", "subscri*", "signup", "paywall", "registration"]),
    (ChromeKind::AuthorBio, &["bio", "authorbio", "author-bio", "about-author", "author-info", "author-card"]),
    (ChromeKind::Share, &["share", "sharing", "sharebar", "social", "sns"]),
    (ChromeKind::Gallery, &["gallery", "carousel", "slideshow"]),
    (ChromeKind::Advert, &["ad", "ads", "advert*", "advertisement", "sponsored", "dfp"]),
    (ChromeKind::Consent, &["cookie*", "consent*", "gdpr"]),
    (ChromeKind::Overlay, &["modal*", "popup*", "overlay*", "lightbox*", "dialog*"]),
    (ChromeKind::Credit, &["credit*", "photo-credit", "image-credit"]),
    (ChromeKind::Navigation, &["nav", "navbar", "navigation", "menu", "gnb", "lnb", "breadcrumb*", "sidebar", "widget",
        "ranking", "login", "banner", "footer", "copyright"]),
];

impl ChromeKind {
    /// The audit's rule id for a block removed inside such a section.
    pub fn rule(self) -> &'static str {
        match self {
            ChromeKind::Comments => "comments",
            ChromeKind::Teasers => "teasers",
            ChromeKind::Subscription => "subscription",
            ChromeKind::AuthorBio => "author-bio",
            ChromeKind::Share => "share",
            ChromeKind::Gallery => "gallery",
            ChromeKind::Advert => "advert",
            ChromeKind::Consent => "consent",
            ChromeKind::Overlay => "overlay",
            ChromeKind::Credit => "credit",
            ChromeKind::Navigation => "navigation",
        }
    }

    /// Whether a section of this kind may hold prose. Share bars and galleries are buttons
    /// and thumbnails: a section so named that holds sentences is something else (an
    /// embedded post, captions), and is not taken for chrome.
    fn holds_prose(self) -> bool {
        !matches!(self, ChromeKind::Share | ChromeKind::Gallery | ChromeKind::Credit)
    }
}

/// What one page's DOM says about its blocks: where the body is, what is chrome inside it.
#[derive(Debug)]
pub struct ArticleBody<'d> {
    dom: &'d DomFacts,
    /// The element taken for the body.
    root: ContainerId,
    /// The share of the page's prose inside it.
    share: f32,
    /// For each container: inside the body (its root or below).
    inside: Vec<bool>,
    /// For each container inside the body: the outermost section below the root whose name
    /// says chrome, with its kind and the word that said so.
    chrome: Vec<Option<(ChromeKind, &'static str, ContainerId)>>,
    /// For each container inside the body: the outermost list of links below the root.
    link_list: Vec<Option<ContainerId>>,
    /// Blocks (by page index) outside the body kept all the same: the headline and its
    /// standfirst.
    exempt: Vec<usize>,
    /// Per container, what the page's blocks put in it (its descendants' included).
    tally: Vec<Tally>,
}

/// A DOM check's finding about one block.
#[derive(Debug, PartialEq)]
pub enum Finding {
    /// Outside the body.
    Outside { reason: String },
    /// Inside a section named as chrome.
    Chrome { kind: ChromeKind, reason: String },
    /// Inside a list of links.
    LinkList { reason: String },
}

/// What the blocks of a page put into one container and those inside it.
#[derive(Clone, Copy, Debug, Default)]
struct Tally {
    /// Characters of prose, weighted down by the links in it.
    prose: f32,
    /// Characters of everything else.
    noise: f32,
    chars: f32,
    link_chars: f32,
    blocks: usize,
}

/// Locates the article body among a page's `blocks` (of one edition: on a bilingual page each
/// edition has its own). `None` when the page has too little prose, or no block has a
/// container (plain text).
pub fn locate<'d>(blocks: &[Block], dom: &'d DomFacts) -> Option<ArticleBody<'d>> {
    let containers = &dom.containers;
    let n = containers.len();
    if n == 0 {
        return None;
    }
    let ld_key = dom.ld_article_body.as_deref().map(match_key).filter(|k| k.len() >= 200);
    let mut tally = vec![Tally::default(); n];
    for b in blocks {
        let Some(h) = b.structure.as_deref() else { continue };
        let Some(c) = h.container.filter(|c| c.0 < n) else { continue };
        let chars = b.text.chars().filter(|c| !c.is_whitespace()).count() as f32;
        let links = chars * h.link_density;
        let in_ld = ld_key.as_deref().is_some_and(|ld| {
            let key = match_key(&b.text);
            key.chars().count() >= 20 && ld.contains(&key)
        });
        let prose = if in_ld {
            chars
        } else if h.link_density < 0.5 && prose_shaped(&b.text) {
            chars * (1.0 - h.link_density) * (1.0 - h.link_density)
        } else {
            0.0
        };
        let t = &mut tally[c.0];
        t.prose += prose;
        t.noise += chars - prose;
        t.chars += chars;
        t.link_chars += links;
        t.blocks += 1;
    }
    // Children follow their parents in the table: adding each entry into its parent from the
    // last to the first sums every subtree once.
    for i in (0..n).rev() {
        if let Some(p) = containers[i].parent.filter(|p| p.0 < i) {
            let t = tally[i];
            let pt = &mut tally[p.0];
            pt.prose += t.prose;
            pt.noise += t.noise;
            pt.chars += t.chars;
            pt.link_chars += t.link_chars;
            pt.blocks += t.blocks;
        }
    }
    let page_prose: f32 = (0..n).filter(|&i| containers[i].parent.is_none()).map(|i| tally[i].prose).sum();
    if page_prose < MIN_PAGE_PROSE {
        return None;
    }
    // The prose of sections named as chrome (a cookie notice, comments, teasers) does not
    // make an article body: it counts as noise. A wrapper holding nearly all the page's prose,
    // or an element named as the body, is exempt, whatever its modifier classes say.
    let mut holds_body_name = vec![false; n];
    for i in (0..n).rev() {
        holds_body_name[i] |= name_bonus(&containers[i]) >= BODY_NAME_BONUS;
        if let Some(p) = containers[i].parent.filter(|p| p.0 < i) {
            holds_body_name[p.0] |= holds_body_name[i];
        }
    }
    let named_chrome = |i: usize| {
        tally[i].prose <= CHROME_MAX_PAGE_SHARE * page_prose
            && !holds_body_name[i]
            && chrome_name(&containers[i]).is_some_and(|(kind, _)| kind.holds_prose() || tally[i].prose == 0.0)
    };
    let mut chrome_prose = vec![0.0f32; n];
    for i in (0..n).rev() {
        if named_chrome(i) {
            chrome_prose[i] = tally[i].prose;
        }
        if let Some(p) = containers[i].parent.filter(|p| p.0 < i) {
            chrome_prose[p.0] += chrome_prose[i];
        }
    }
    // Nothing inside such a section can be the body either.
    let mut in_chrome = vec![false; n];
    for i in 0..n {
        in_chrome[i] = chrome_prose[i] > 0.0 && named_chrome(i)
            || containers[i].parent.filter(|p| p.0 < i).is_some_and(|p| in_chrome[p.0]);
    }
    let mut best: Option<(f32, usize)> = None;
    for (i, c) in containers.iter().enumerate() {
        let t = &tally[i];
        let prose = t.prose - chrome_prose[i];
        if prose <= 0.0 || in_chrome[i] {
            continue;
        }
        let raw = prose - NOISE_WEIGHT * (t.noise + chrome_prose[i]);
        let score = if raw > 0.0 { raw * name_bonus(c) } else { raw };
        // Ties go to the deeper element, which comes later.
        if best.is_none_or(|(s, _)| score >= s) {
            best = Some((score, i));
        }
    }
    let (_, root) = best?;
    let root = ContainerId(root);
    let mut inside = vec![false; n];
    let mut chrome = vec![None; n];
    let mut link_list = vec![None; n];
    let root_prose = tally[root.0].prose;
    for i in 0..n {
        let parent = containers[i].parent.filter(|p| p.0 < i);
        let parent_inside = parent.is_some_and(|p| inside[p.0]);
        inside[i] = i == root.0 || parent_inside;
        if !inside[i] || i == root.0 {
            continue;
        }
        let inherited = parent.filter(|p| p.0 != root.0);
        chrome[i] = inherited.and_then(|p| chrome[p.0]).or_else(|| {
            let small = tally[i].prose <= CHROME_MAX_PROSE_SHARE * root_prose;
            let named = chrome_name(&containers[i]).filter(|(kind, _)| kind.holds_prose() || tally[i].prose == 0.0);
            named.filter(|_| small).map(|(kind, word)| (kind, word, ContainerId(i)))
        });
        link_list[i] = inherited.and_then(|p| link_list[p.0]).or_else(|| {
            let t = &tally[i];
            let list = t.blocks >= LINK_LIST_MIN_ITEMS
                && t.link_chars >= LINK_LIST_MIN_DENSITY * t.chars
                && t.prose <= CHROME_MAX_PROSE_SHARE * root_prose;
            list.then_some(ContainerId(i))
        });
    }
    let mut body =
        ArticleBody { dom, root, share: root_prose / page_prose, inside, chrome, link_list, exempt: Vec::new(), tally };
    body.exempt = body.headline_and_standfirst(blocks);
    Some(body)
}

impl ArticleBody<'_> {
    /// Whether the block lies inside the body: then the names of the elements around the body
    /// (a `widget` or `sidebar` class on a template's wrapper) say nothing about it.
    pub fn holds(&self, block: &Block) -> bool {
        let c = block.structure.as_deref().and_then(|h| h.container);
        c.is_some_and(|c| self.inside.get(c.0).copied().unwrap_or(false))
    }

    /// What the DOM says about one block, if anything: outside the body, or inside chrome.
    pub fn finding(&self, block: &Block) -> Option<Finding> {
        let c = block.structure.as_deref()?.container.filter(|c| c.0 < self.inside.len())?;
        if !self.inside[c.0] {
            if self.exempt.contains(&block.index) {
                return None;
            }
            let reason = format!(
                "outside the article body {} ({:.0}% of the page's prose)",
                self.label(self.root),
                self.share * 100.0
            );
            return Some(Finding::Outside { reason });
        }
        if let Some((kind, word, section)) = self.chrome[c.0] {
            let reason = format!("inside {}, a section whose name says {word:?}", self.label(section));
            return Some(Finding::Chrome { kind, reason });
        }
        if let Some(list) = self.link_list[c.0] {
            let t = &self.tally[list.0];
            let reason = format!(
                "inside a list of links {}: {} items, {:.0}% of the text in links",
                self.label(list),
                t.blocks,
                100.0 * t.link_chars / t.chars.max(1.0)
            );
            return Some(Finding::LinkList { reason });
        }
        None
    }

    /// The headline and standfirst when they sit outside the body (in a header above it):
    /// the nearest `<h1>` before the body's first block, or failing that a block that repeats
    /// the page's declared title, or a heading just above the body; then up to two prose
    /// blocks between it and the body.
    fn headline_and_standfirst(&self, blocks: &[Block]) -> Vec<usize> {
        let inside = |b: &Block| b.structure.as_deref().and_then(|h| h.container).is_some_and(|c| self.inside[c.0]);
        let Some(first) = blocks.iter().position(inside) else { return Vec::new() };
        let before = &blocks[..first];
        let titles: Vec<String> = self.dom.declared_titles.iter().map(|t| match_key(t)).collect();
        let names_title = |b: &Block| {
            let key = match_key(&b.text);
            word_count(&b.text) >= 2 && titles.iter().any(|t| t.contains(&key))
        };
        let h1 = |b: &Block| b.structure.as_deref().is_some_and(|h| h.tag == "h1");
        let heading = |b: &Block| b.structure.as_deref().is_some_and(|h| h.heading && h.link_density < 0.5);
        let near = before.len().saturating_sub(HEADING_NEAR_BODY);
        let Some(headline) = before
            .iter()
            .rposition(h1)
            .or_else(|| before.iter().rposition(names_title))
            .or_else(|| before[near..].iter().rposition(heading).map(|i| near + i))
        else {
            return Vec::new();
        };
        let mut exempt = vec![before[headline].index];
        exempt.extend(
            before[headline + 1..]
                .iter()
                .filter(|b| {
                    // A caption under a lead photo is not the standfirst.
                    let plain = b.structure.as_deref().is_some_and(|h| h.link_density < 0.3 && !h.in_figure);
                    plain && is_prose_sentence(&b.text)
                })
                .take(STANDFIRST_MAX_BLOCKS)
                .map(|b| b.index),
        );
        exempt
    }

    /// An element as a person finds it in the page source: `<div class="story-body">`.
    fn label(&self, id: ContainerId) -> String {
        let Some(c) = self.dom.containers.get(id.0) else { return String::new() };
        let mut label = format!("<{}", c.tag);
        if let Some(id) = &c.id {
            label.push_str(&format!(" id=\"{id}\""));
        }
        if !c.classes.is_empty() {
            let shown: Vec<&str> = c.classes.iter().take(3).map(String::as_str).collect();
            let more = if c.classes.len() > 3 { " …" } else { "" };
            label.push_str(&format!(" class=\"{}{more}\"", shown.join(" ")));
        }
        if let Some(itemprop) = &c.itemprop {
            label.push_str(&format!(" itemprop=\"{itemprop}\""));
        }
        label.push('>');
        label
    }
}

/// Shaped like prose: a sentence, or a long run of words ending like one.
fn prose_shaped(text: &str) -> bool {
    is_prose_sentence(text) || (word_count(text) >= 12 && ends_like_sentence(text))
}

/// How much an element's markup says it is the article body.
fn name_bonus(c: &Container) -> f32 {
    let itemprop = c.itemprop.as_deref().is_some_and(|p| p.split_whitespace().any(|w| w == "articlebody"));
    let named = c.classes.iter().chain(&c.id).any(|t| BODY_NAMES.iter().any(|n| token_has(t, n)));
    if itemprop || named {
        BODY_NAME_BONUS
    } else if matches!(c.tag, "article" | "main") || c.role.as_deref() == Some("main") {
        ARTICLE_TAG_BONUS
    } else {
        1.0
    }
}

/// Whether a class or id token is `name`, or holds it between `-`/`_` separators
/// (`article-body`, `c-article-body__inner`).
fn token_has(token: &str, name: &str) -> bool {
    token == name
        || token.match_indices(name).any(|(at, _)| {
            let before = token[..at].chars().next_back();
            let after = token[at + name.len()..].chars().next();
            before.is_none_or(|c| c == '-' || c == '_') && after.is_none_or(|c| c == '-' || c == '_')
        })
}

/// The chrome kind a container's class, id or role names, with the word that named it.
fn chrome_name(c: &Container) -> Option<(ChromeKind, &'static str)> {
    if c.tag == "dialog" || matches!(c.role.as_deref(), Some("dialog" | "alertdialog")) {
        return Some((ChromeKind::Overlay, "dialog"));
    }
    let tokens = c.classes.iter().chain(&c.id).flat_map(|t| t.split(['-', '_', ' '])).filter(|w| !w.is_empty());
    let words: Vec<&str> = tokens.collect();
    // An embedded post (`social-media-embed`, `twitter-tweet`) is quoted content, not a share bar.
    if words.iter().any(|w| w.starts_with("embed") || w.starts_with("tweet")) {
        return None;
    }
    for (kind, names) in CHROME_NAMES {
        for &name in names {
            let hit = match name.strip_suffix('*') {
                Some(prefix) => words.iter().any(|w| w.starts_with(prefix) && *w != "commentary"),
                None if name.contains('-') => c.classes.iter().chain(&c.id).any(|t| token_has(t, name)),
                None => words.contains(&name),
            };
            if hit {
                return Some((kind, name.trim_end_matches('*')));
            }
        }
    }
    None
}
