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

/// How much more a character of link text counts against an element (menus, rails, lists of
/// links are what surrounds a story).
const LINK_WEIGHT: f32 = 0.5;
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
/// A line of the body with this share of its text in links, and at most so many words, is a
/// link to another page rather than a sentence of the article.
const LINK_LINE_MIN_DENSITY: f32 = 0.9;
const LINK_LINE_MAX_WORDS: usize = 25;
/// Teaser cards: at least this many siblings of one shape, each of at most so many blocks.
const CARDS_MIN: usize = 3;
const CARD_MAX_BLOCKS: usize = 5;
const CARD_MIN_LINK_SHARE: f32 = 0.2;
/// A standfirst sits right under the headline: among the next so many blocks (a byline, a
/// date, share buttons may come between), not further down a header full of teasers.
const STANDFIRST_REACH: usize = 4;
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
    (ChromeKind::Comments, &["comment", "comments", "comment*", "disqus", "respond", "reply", "replies", "cmt", "guestbook"]),
    (ChromeKind::Teasers, &["related*", "recommend*", "recirc*", "trending", "popular", "mostread", "most-read",
        "outbrain*", "taboola*", "teaser*", "promo", "promos", "readmore", "more-stories", "morestories", "also",
        "next-prev", "prev-next", "pagination", "pager"]),
    (ChromeKind::Subscription, &["newsletter*", "subscri*", "signup", "paywall", "registration", "contribut*",
        "donat*", "membership"]),
    (ChromeKind::AuthorBio, &["bio", "authorbio", "author-bio", "about-author", "author-info", "author-card"]),
    (ChromeKind::Share, &["share", "sharing", "sharebar", "social", "sns"]),
    (ChromeKind::Gallery, &["gallery", "carousel", "slideshow"]),
    (ChromeKind::Advert, &["ad", "ads", "advert*", "advertisement", "sponsor*", "dfp"]),
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

    /// Whether a section of this kind may hold prose. Share bars and credits are buttons and
    /// names: a section so named that holds sentences is something else (an embedded post, a
    /// caption), and is not taken for chrome. A gallery's slides do carry sentences.
    fn holds_prose(self) -> bool {
        !matches!(self, ChromeKind::Share | ChromeKind::Credit)
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
    /// For each container inside the body: the outermost section of chrome below the root.
    chrome: Vec<Option<(Section, ContainerId)>>,
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
    /// A line inside the body that is all a link (`Read more: …`, a teaser's headline).
    LinkLine { reason: String },
}

/// A section of a page that is not article text, and what says so.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Section {
    kind: ChromeKind,
    evidence: Evidence,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Evidence {
    /// A word of its class, id or role.
    Name(&'static str),
    /// One of this many sibling elements of the same tag and classes, each a link and a line
    /// or two of text: a grid of teasers.
    Cards(usize),
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
    /// Blocks that are mostly a link (a headline leading to another page).
    link_blocks: usize,
}

/// Locates the article body among a page's `blocks` (of one edition: on a bilingual page each
/// edition has its own). `None` when the page has too little prose, or no block has a
/// container (plain text).
pub fn locate<'d>(blocks: &[Block], dom: &'d DomFacts) -> Option<ArticleBody<'d>> {
    let containers = &dom.containers;
    if containers.is_empty() {
        return None;
    }
    let tally = tally_blocks(blocks, dom);
    let page_prose: f32 =
        (0..containers.len()).filter(|&i| containers[i].parent.is_none()).map(|i| tally[i].prose).sum();
    if page_prose < MIN_PAGE_PROSE {
        return None;
    }
    let section = chrome_sections(containers, &tally, page_prose);
    let root = choose_root(containers, &tally, &section)?;
    let (inside, chrome, link_list) = within_body(containers, &tally, &section, root);
    let share = tally[root.0].prose / page_prose;
    let mut body = ArticleBody { dom, root, share, inside, chrome, link_list, exempt: Vec::new(), tally };
    body.exempt = body.headline_and_standfirst(blocks);
    Some(body)
}

/// The container's parent in the table, by position (parents come first, so a parent index
/// that does not is ignored rather than trusted).
fn parent_of(containers: &[Container], i: usize) -> Option<usize> {
    containers.get(i)?.parent.map(|p| p.0).filter(|&p| p < i)
}

/// What each container holds: its blocks' prose, noise, text and links, its descendants'
/// included.
fn tally_blocks(blocks: &[Block], dom: &DomFacts) -> Vec<Tally> {
    let containers = &dom.containers;
    let n = containers.len();
    // The blocks the page's JSON-LD `articleBody` holds, when it is the article's whole text.
    let in_ld = dom.ld_article_body.as_deref().and_then(|body| ld_blocks(blocks, body));
    let mut tally = vec![Tally::default(); n];
    for (at, b) in blocks.iter().enumerate() {
        let Some(h) = b.structure.as_deref() else { continue };
        let Some(c) = h.container.filter(|c| c.0 < n) else { continue };
        let chars = b.text.chars().filter(|c| !c.is_whitespace()).count() as f32;
        // When the page's own metadata gives the article's text, prose it does not hold
        // (teasers, comments) makes no body.
        let prose = if in_ld.as_ref().is_some_and(|held| held[at]) {
            chars
        } else if in_ld.is_none() && h.link_density < 0.5 && prose_shaped(&b.text) {
            chars * (1.0 - h.link_density) * (1.0 - h.link_density)
        } else {
            0.0
        };
        let t = &mut tally[c.0];
        t.prose += prose;
        t.noise += chars - prose;
        t.chars += chars;
        t.link_chars += chars * h.link_density;
        t.blocks += 1;
        t.link_blocks += usize::from(h.link_density >= 0.6);
    }
    // Adding each entry into its parent from the last to the first sums every subtree once.
    for i in (0..n).rev() {
        if let Some(p) = parent_of(containers, i) {
            let t = tally[i];
            let pt = &mut tally[p];
            pt.prose += t.prose;
            pt.noise += t.noise;
            pt.chars += t.chars;
            pt.link_chars += t.link_chars;
            pt.blocks += t.blocks;
            pt.link_blocks += t.link_blocks;
        }
    }
    tally
}

/// For each container, whether it is a section of chrome: named so (comments, teasers, a
/// cookie notice, …) or a teaser card among siblings of its shape. A wrapper holding nearly
/// all the page's prose, an element named as the body or holding one, and an `<article>` or
/// `<main>` (by name; its classes may say `newsletter-post`) are not.
fn chrome_sections(containers: &[Container], tally: &[Tally], page_prose: f32) -> Vec<Option<Section>> {
    let n = containers.len();
    let mut holds_body_name = vec![false; n];
    for i in (0..n).rev() {
        holds_body_name[i] |= name_bonus(&containers[i]) >= BODY_NAME_BONUS;
        if let Some(p) = parent_of(containers, i) {
            holds_body_name[p] |= holds_body_name[i];
        }
    }
    let cards = repeated_cards(containers, tally);
    (0..n)
        .map(|i| {
            let named = chrome_name(&containers[i])
                .filter(|(kind, _)| kind.holds_prose() || tally[i].prose == 0.0)
                .map(|(kind, word)| Section { kind, evidence: Evidence::Name(word) });
            let card = cards[i].map(|count| Section { kind: ChromeKind::Teasers, evidence: Evidence::Cards(count) });
            let article = matches!(containers[i].tag, "article" | "main");
            named
                .filter(|_| !article)
                .or(card)
                .filter(|_| tally[i].prose <= CHROME_MAX_PAGE_SHARE * page_prose && !holds_body_name[i])
        })
        .collect()
}

/// The element whose prose outweighs the rest of what it holds. The prose of chrome sections
/// inside a candidate counts fully against it, and nothing inside such a section is a
/// candidate; ties go to the deeper element.
fn choose_root(containers: &[Container], tally: &[Tally], section: &[Option<Section>]) -> Option<ContainerId> {
    let n = containers.len();
    let mut chrome_prose = vec![0.0f32; n];
    for i in (0..n).rev() {
        if section[i].is_some() {
            chrome_prose[i] = tally[i].prose;
        }
        if let Some(p) = parent_of(containers, i) {
            chrome_prose[p] += chrome_prose[i];
        }
    }
    let mut in_chrome = vec![false; n];
    let mut best: Option<(f32, usize)> = None;
    for (i, c) in containers.iter().enumerate() {
        in_chrome[i] =
            (chrome_prose[i] > 0.0 && section[i].is_some()) || parent_of(containers, i).is_some_and(|p| in_chrome[p]);
        let t = &tally[i];
        let prose = t.prose - chrome_prose[i];
        if prose <= 0.0 || in_chrome[i] {
            continue;
        }
        let raw = prose - NOISE_WEIGHT * (t.noise + chrome_prose[i]) - LINK_WEIGHT * t.link_chars;
        let score = if raw > 0.0 { raw * name_bonus(c) } else { raw };
        if best.is_none_or(|(s, _)| score >= s) {
            best = Some((score, i));
        }
    }
    best.map(|(_, i)| ContainerId(i))
}

/// Per container: inside the body; the outermost chrome section below the root it is in; the
/// outermost list of links below the root it is in.
type WithinBody = (Vec<bool>, Vec<Option<(Section, ContainerId)>>, Vec<Option<ContainerId>>);

fn within_body(
    containers: &[Container],
    tally: &[Tally],
    section: &[Option<Section>],
    root: ContainerId,
) -> WithinBody {
    let n = containers.len();
    let mut inside = vec![false; n];
    let mut chrome = vec![None; n];
    let mut link_list = vec![None; n];
    let root_prose = tally[root.0].prose;
    for i in 0..n {
        let parent = parent_of(containers, i);
        inside[i] = i == root.0 || parent.is_some_and(|p| inside[p]);
        if !inside[i] || i == root.0 {
            continue;
        }
        // Below the root, a section or list takes in everything inside it.
        let inherited = parent.filter(|&p| p != root.0);
        let small = tally[i].prose <= CHROME_MAX_PROSE_SHARE * root_prose;
        chrome[i] = inherited
            .and_then(|p| chrome[p])
            .or_else(|| section[i].filter(|_| small).map(|section| (section, ContainerId(i))));
        link_list[i] = inherited.and_then(|p| link_list[p]).or_else(|| {
            let t = &tally[i];
            let list = t.blocks >= LINK_LIST_MIN_ITEMS && t.link_chars >= LINK_LIST_MIN_DENSITY * t.chars && small;
            list.then_some(ContainerId(i))
        });
    }
    (inside, chrome, link_list)
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
        if let Some((Section { kind, evidence }, section)) = self.chrome[c.0] {
            let reason = match evidence {
                Evidence::Name(word) => format!("inside {}, a section whose name says {word:?}", self.label(section)),
                Evidence::Cards(count) => {
                    format!(
                        "inside {}, one of {count} cards of the same shape, each led by a link",
                        self.label(section)
                    )
                }
            };
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
        let h = block.structure.as_deref()?;
        if h.link_density >= LINK_LINE_MIN_DENSITY && !h.heading && word_count(&block.text) <= LINK_LINE_MAX_WORDS {
            let reason = "a line of the body that is all a link: it leads to another page".to_owned();
            return Some(Finding::LinkLine { reason });
        }
        None
    }

    /// The headline and standfirst when they sit outside the body (in a header above it):
    /// the nearest `<h1>` before the body's first block, or failing that a block that repeats
    /// the page's declared title, or a heading just above the body; then up to two prose
    /// blocks right under it in its header, before the body.
    fn headline_and_standfirst(&self, blocks: &[Block]) -> Vec<usize> {
        let inside = |b: &Block| self.holds(b);
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
        // The headline's header: the element two levels around it (an `<h1>` often sits in a
        // wrapper of its own, beside the standfirst's).
        let container = |b: &Block| {
            b.structure.as_deref().and_then(|h| h.container).map(|c| c.0).filter(|&c| c < self.inside.len())
        };
        let header = container(&before[headline]).and_then(|c| {
            let parent = parent_of(&self.dom.containers, c)?;
            Some(parent_of(&self.dom.containers, parent).unwrap_or(parent))
        });
        let in_header = |b: &Block| {
            let (Some(header), Some(mut at)) = (header, container(b)) else { return false };
            loop {
                if at == header {
                    return true;
                }
                match parent_of(&self.dom.containers, at) {
                    Some(p) if p >= header => at = p,
                    _ => return false,
                }
            }
        };
        exempt.extend(
            before[headline + 1..]
                .iter()
                .take(STANDFIRST_REACH)
                .filter(|b| {
                    // A caption under a lead photo is not the standfirst, nor a box further
                    // down (a quoted claim, a teaser).
                    let plain = b.structure.as_deref().is_some_and(|h| h.link_density < 0.3 && !h.in_figure);
                    plain && in_header(b) && is_prose_sentence(&b.text)
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

/// Which of the page's blocks the JSON-LD `articleBody` holds, if it is the whole text of this
/// page's article: not cut short, at least 200 characters, at least half of it held by the
/// page's blocks, and at least half as long as the page's prose. Metadata copied from another
/// page, or cut to a teaser, is not used (`None`).
fn ld_blocks(blocks: &[Block], body: &str) -> Option<Vec<bool>> {
    if truncated(body) {
        return None;
    }
    let ld = match_key(body);
    if ld.len() < 200 {
        return None;
    }
    let (mut matched, mut prose) = (0, 0);
    let held: Vec<bool> = blocks
        .iter()
        .map(|b| {
            let key = match_key(&b.text);
            if prose_shaped(&b.text) {
                prose += key.len();
            }
            let held = key.chars().count() >= 20 && ld.contains(key.as_str());
            matched += if held { key.len() } else { 0 };
            held
        })
        .collect();
    (2 * matched >= ld.len() && 2 * ld.len() >= prose).then_some(held)
}

/// Whether metadata text was cut short (`…their&hellip;`, `...`).
fn truncated(text: &str) -> bool {
    let t = text.trim_end();
    t.ends_with('…') || t.ends_with("...") || t.ends_with("&hellip;")
}

/// For each container, whether it is a card among siblings of its shape: at least three
/// children of one parent with the same tag and classes, each holding a block that is mostly
/// a link and at most a few blocks, some of them prose, with a good share of its text in the
/// link (a teaser's headline). Article paragraphs are not cards: they do not each lead with a
/// link; nor are the entries of a live blog, whose links are short timestamps.
fn repeated_cards(containers: &[Container], tally: &[Tally]) -> Vec<Option<usize>> {
    let card_like = |i: usize| {
        let t = &tally[i];
        (1..=CARD_MAX_BLOCKS).contains(&t.blocks)
            && t.link_blocks >= 1
            && t.prose > 0.0
            && t.link_chars >= CARD_MIN_LINK_SHARE * t.chars
    };
    let mut groups: rustc_hash::FxHashMap<(usize, &str, &[String]), usize> = Default::default();
    for (i, c) in containers.iter().enumerate() {
        if let Some(p) = c.parent.filter(|_| card_like(i)) {
            *groups.entry((p.0, c.tag, &c.classes)).or_default() += 1;
        }
    }
    containers
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let count = c.parent.filter(|_| card_like(i)).and_then(|p| groups.get(&(p.0, c.tag, &c.classes[..])))?;
            (*count >= CARDS_MIN).then_some(*count)
        })
        .collect()
}

/// Shaped like prose: a sentence, or a long run of words ending like one.
fn prose_shaped(text: &str) -> bool {
    is_prose_sentence(text) || (word_count(text) >= 12 && ends_like_sentence(text))
}

/// How much an element's markup says it is the article body.
fn name_bonus(c: &Container) -> f32 {
    let itemprop = c.itemprop.as_deref().is_some_and(|p| p.split_whitespace().any(|w| w == "articlebody"));
    // A token naming a part of the body by a chrome word is that part, not the body
    // (`article-body__newsletter`, `story-body-related`).
    let named = c
        .classes
        .iter()
        .chain(&c.id)
        .any(|t| BODY_NAMES.iter().any(|n| token_has(t, n)) && chrome_words(&[t.as_str()]).is_none());
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
    let tokens: Vec<&str> = c.classes.iter().chain(&c.id).map(String::as_str).collect();
    chrome_words(&tokens)
}

/// The chrome kind that class or id tokens name, with the word that named it.
fn chrome_words(tokens: &[&str]) -> Option<(ChromeKind, &'static str)> {
    let words: Vec<&str> = tokens.iter().flat_map(|t| t.split(['-', '_', ' '])).filter(|w| !w.is_empty()).collect();
    // An embedded post (`social-media-embed`, `twitter-tweet`) is quoted content, not a share bar.
    if words.iter().any(|w| w.starts_with("embed") || w.starts_with("tweet")) {
        return None;
    }
    for (kind, names) in CHROME_NAMES {
        for &name in names {
            let hit = match name.strip_suffix('*') {
                Some(prefix) => words.iter().any(|w| w.starts_with(prefix) && *w != "commentary"),
                None if name.contains('-') => tokens.iter().any(|t| token_has(t, name)),
                None => words.contains(&name),
            };
            if hit {
                return Some((kind, name.trim_end_matches('*')));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::{clean_page, rules::RuleSet, CleanPage};
    use crate::input::{page_from_bytes, ReadOptions};
    use crate::model::Side;
    use std::path::Path;

    /// Cleans an HTML page (invented for these tests) as one edition.
    fn clean(html: &str, side: Side) -> CleanPage {
        let page = page_from_bytes(html.as_bytes(), Path::new("page.html"), side, &ReadOptions::default())
            .unwrap_or_else(|e| panic!("{e}"));
        clean_page(page.blocks, side, &RuleSet::default(), None, page.info.dom.as_deref())
    }

    fn kept(page: &CleanPage) -> Vec<&str> {
        page.kept.iter().map(|b| b.text.as_str()).collect()
    }

    fn removed<'p>(page: &'p CleanPage, rule: &str) -> Vec<&'p str> {
        page.audit.iter().filter(|a| a.rule == rule).map(|a| a.text.as_str()).collect()
    }

    const STORY: [&str; 4] = [
        "The harbour authority approved a plan on Tuesday to deepen the northern channel by two metres.",
        "Dredging will start in March and is expected to take eleven months, officials said at a briefing.",
        "Fishing crews have asked for the work to pause during the spawning season, which begins in May.",
        "The authority said it would publish a schedule after meeting the crews' association next week.",
    ];

    /// A site's menu: links, as every real page has around its story.
    const NAV: &str = "<div class=menu><a href=/>Home</a> <a href=/n>News</a> <a href=/p>Port and shipping</a> \
        <a href=/b>Business</a> <a href=/s>Sport</a> <a href=/c>Culture</a> <a href=/o>Opinion</a> \
        <a href=/w>Weather and tides</a> <a href=/a>About the Harbor Ledger</a> <a href=/t>Contact us</a></div>";

    /// A site's footer: more links.
    const FOOTER: &str =
        "<div class=bottom><a href=/1>Subscriptions and delivery</a> <a href=/2>Advertise with us</a> \
        <a href=/3>Jobs at the Harbor Ledger</a> <a href=/4>Privacy and cookies</a> <a href=/5>Terms of use</a> \
        <a href=/6>Corrections and clarifications</a> <a href=/7>Archive of past editions</a> \
        <a href=/8>Letters to the editor</a> <a href=/9>Events and community calendar</a></div>";

    /// The rest of a story of a usual length.
    const MORE: [&str; 6] = [
        "The survey found the channel two metres shallower than its charted depth along most of its length.",
        "Pilots have been bringing the largest ships in on the high tide only since the spring, the authority said.",
        "A spokesman for the shipping lines said they would welcome any work that ended the delays.",
        "Silt carried down by the river after two wet winters is the main cause, according to the survey's authors.",
        "The last dredging of the channel, in 2009, took nine months and cost less than half of the new estimate.",
        "Councillors will be asked next month to approve the town's share of the cost, about a fifth of the total.",
    ];

    fn paragraphs() -> String {
        STORY.iter().map(|p| format!("<p>{p}</p>")).collect()
    }

    /// A teaser's headline: its first words, as the link leading to the other story.
    fn lead(text: &str) -> String {
        text.split(' ').take(5).collect::<Vec<_>>().join(" ")
    }

    /// A teaser rail of whole sentences beside the story: without the DOM, prose like any other.
    fn rail() -> String {
        let teasers = [
            "City council votes to extend the night bus service through the winter months.",
            "A local bakery has won a national prize for its rye bread, the third in a decade.",
            "Ferry fares will rise by four percent from January, the operator announced today.",
        ];
        let items: String = teasers
            .iter()
            .map(|t| format!("<div class=card><h3><a href=/x>{}</a></h3><p>{t}</p></div>", lead(t)))
            .collect();
        format!("<div class=rail><h2>Elsewhere</h2>{items}</div>")
    }

    #[test]
    fn blocks_outside_the_body_go_with_the_element_and_share_in_the_reason_but_headline_and_standfirst_stay() {
        let html = format!(
            "<html><head><title>Channel to be deepened | Harbor Ledger</title></head><body>\
             <header><h1>Channel to be deepened</h1><p class=dek>The work will take most of next year, the authority says.</p>\
             <figure><figcaption>A dredger at work in the southern channel last spring.</figcaption></figure></header>\
             <div class=layout><div class=story-text>{}</div>{}</div>\
             <div class=bottom><p>Harbor Ledger is an independent newspaper founded by the readers of the town in 1921.</p></div>\
             </body></html>",
            paragraphs(),
            rail()
        );
        let page = clean(&html, Side::En);
        let outside = removed(&page, "outside-article");
        assert!(outside.iter().any(|t| t.starts_with("City council")), "{:?}", page.audit);
        assert!(outside.iter().any(|t| t.starts_with("Harbor Ledger is")), "{outside:?}");
        assert!(
            outside.contains(&"A dredger at work in the southern channel last spring."),
            "a caption is not the standfirst"
        );
        let kept = kept(&page);
        assert_eq!(kept[..2], ["Channel to be deepened", "The work will take most of next year, the authority says."]);
        assert_eq!(kept[2..], STORY);
        let reason = &page.audit.iter().find(|a| a.rule == "outside-article").expect("an outside-article entry").reason;
        assert!(reason.contains("<div class=\"story-text\">") && reason.contains("% of the page's prose"), "{reason}");
    }

    #[test]
    fn a_box_under_the_header_is_not_the_standfirst() {
        // A fact-check page: the claim it checks, quoted in a box between the header and the
        // story, is not the story's standfirst.
        let html = format!(
            "<html><body>{NAV}<div class=top><div class=title><h1>Is the channel really too shallow?</h1></div>\
             <p class=dek>We checked the port authority's claim against its own survey data.</p></div>\
             <div class=claim><p>The north channel is too shallow for the container ships now calling at the port.</p></div>\
             <div class=story-text>{}{}</div>{FOOTER}</body></html>",
            paragraphs(),
            MORE.iter().map(|p| format!("<p>{p}</p>")).collect::<String>()
        );
        let page = clean(&html, Side::En);
        let kept = kept(&page);
        assert_eq!(
            kept[..2],
            [
                "Is the channel really too shallow?",
                "We checked the port authority's claim against its own survey data."
            ]
        );
        assert_eq!(kept[2..6], STORY);
        assert_eq!(kept[6..], MORE);
        assert!(removed(&page, "outside-article")
            .contains(&"The north channel is too shallow for the container ships now calling at the port."));
    }

    #[test]
    fn comments_link_lists_and_pitches_inside_the_body_are_named() {
        let comments: String = (0..3)
            .map(|i| format!("<div class=comment-item><p>Reader {i} thinks the channel plan is a waste of public money and says so at length.</p></div>"))
            .collect();
        let links: String =
            ["Channel plan explained", "Who pays for dredging", "Timeline of the port", "Map of the works"]
                .iter()
                .map(|t| format!("<li><a href=/r>{t}</a></li>"))
                .collect();
        let html = format!(
            "<html><body><nav><a href=/>Home</a></nav><article><h1>Channel to be deepened</h1>{}\
             <ul class=more>{links}</ul>\
             <section id=comments><h3>Join the discussion</h3>{comments}</section></article></body></html>",
            paragraphs()
        );
        let page = clean(&html, Side::En);
        assert_eq!(kept(&page)[1..], STORY);
        assert_eq!(removed(&page, "comments").len(), 4, "{:?}", page.audit);
        let list = page.audit.iter().find(|a| a.rule == "link-list").expect("the list of links");
        assert!(
            list.reason.contains("4 items") && list.reason.contains("100% of the text in links"),
            "{}",
            list.reason
        );
        let comment = page.audit.iter().find(|a| a.rule == "comments").expect("a comment");
        assert!(comment.reason.contains("<section id=\"comments\">"), "{}", comment.reason);
    }

    #[test]
    fn a_cookie_dialog_with_more_prose_than_the_story_is_not_the_body() {
        let notice: String = (0..6)
            .map(|i| format!("<p>Cookie category {i} stores small files on your device to remember choices you have made on this site.</p>"))
            .collect();
        let html = format!(
            "<html><body><div class=cc-modal role=dialog>{notice}</div><main><h1>Channel to be deepened</h1>{}</main></body></html>",
            paragraphs()
        );
        let page = clean(&html, Side::En);
        assert_eq!(kept(&page)[1..], STORY);
        assert_eq!(page.audit.iter().filter(|a| a.text.starts_with("Cookie category")).count(), 6);
    }

    #[test]
    fn an_embedded_post_is_content_and_a_share_bar_is_not() {
        let html = format!(
            "<html><body><div class=article-body>{}\
             <div class=social-embed><blockquote class=twitter-tweet><p>The dredgers arrived this morning and the whole quay came out to watch them.</p></blockquote></div>\
             <div class=share-tools><a href=/f>Facebook</a> <a href=/t>Post</a></div><p>Work starts in March.</p></div></body></html>",
            paragraphs()
        );
        let page = clean(&html, Side::En);
        let kept = kept(&page);
        assert!(kept.iter().any(|t| t.starts_with("The dredgers arrived")), "{kept:?}");
        assert!(kept.contains(&"Work starts in March."));
        assert!(page.audit.iter().any(|a| a.text.contains("Facebook")), "{:?}", page.audit);
    }

    #[test]
    fn a_wrapper_with_a_chrome_modifier_holding_the_whole_story_is_not_chrome() {
        let html =
            format!("<html><body><div class='page comments-open'><div>{}</div></div></body></html>", paragraphs());
        let page = clean(&html, Side::En);
        assert_eq!(kept(&page), STORY, "{:?}", page.audit);
    }

    #[test]
    fn json_ld_article_body_points_at_the_story_among_two_columns_of_prose() {
        // Two columns with as much prose each: the page's metadata says which is the article.
        let other: String = [
            "The museum's winter exhibition opens on Friday with paintings lent by three private collectors.",
            "Tickets are free for residents, and guided tours run every afternoon except on Mondays.",
            "The curator said the show had taken four years to assemble and would travel to two other cities.",
            "A catalogue with essays by local historians will be sold at the door and in the town's bookshops.",
        ]
        .iter()
        .map(|p| format!("<p>{p}</p>"))
        .collect();
        let ld = format!(
            "{{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\",\"articleBody\":\"{}\"}}",
            STORY.join(" ")
        );
        let html = format!(
            "<html><head><script type='application/ld+json'>{ld}</script></head><body>\
             <div class=col-a>{other}</div><div class=col-b>{}</div></body></html>",
            paragraphs()
        );
        let page = clean(&html, Side::En);
        assert_eq!(kept(&page), STORY, "{:?}", page.audit);
    }

    #[test]
    fn each_edition_of_a_bilingual_page_finds_its_own_body() {
        let ko = [
            "항만청은 화요일 북쪽 수로를 2미터 더 깊게 파는 계획을 승인했다고 밝혔다.",
            "준설은 3월에 시작해 열한 달 동안 이어질 예정이라고 관계자들이 브리핑에서 말했다.",
            "어민들은 5월에 시작되는 산란기에는 공사를 멈춰 달라고 요청했다.",
        ];
        let ko_html: String = ko.iter().map(|p| format!("<p>{p}</p>")).collect();
        let html = format!(
            "<html><body><div class=lang-ko>{ko_html}</div><div class=lang-en>{}</div>{}</body></html>",
            paragraphs(),
            rail()
        );
        let page = page_from_bytes(html.as_bytes(), Path::new("page.html"), Side::Ko, &ReadOptions::default())
            .unwrap_or_else(|e| panic!("{e}"));
        let (ko_blocks, en_blocks) = crate::input::split_by_language(page.blocks);
        let dom = page.info.dom.as_deref();
        let ko_page = clean_page(ko_blocks, Side::Ko, &RuleSet::default(), None, dom);
        let en_page = clean_page(en_blocks, Side::En, &RuleSet::default(), None, dom);
        assert_eq!(kept(&ko_page), ko);
        assert_eq!(kept(&en_page), STORY, "{:?}", en_page.audit);
    }

    #[test]
    fn a_page_with_too_little_prose_is_left_to_the_other_checks() {
        let page = clean("<html><body><div class=a><p>Closed today.</p></div><div class=b><p>Open tomorrow at nine.</p></div></body></html>", Side::En);
        assert!(page.audit.iter().all(|a| a.rule != "outside-article"), "{:?}", page.audit);
    }
}
