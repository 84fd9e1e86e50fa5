//! Boilerplate: deciding which blocks of a page are not article text, removing them, and
//! recording every removal with the rule and the reason.
//!
//! Certain evidence removes a block here: a rule from the data file, a short UI string in
//! the other edition's language, a block the page has printed already. Shape alone (short,
//! no sentence punctuation) only makes a block *suspect*: the aligner then keeps it if the
//! other edition has a counterpart (headlines, subheadings) and it is removed only if it
//! stays unpaired (see [`resolve_suspects`]).
//!
//! [`clean_page`] is an ordered list of passes, each written down once: per block, the removal
//! checks (`REMOVAL_CHECKS`: first verdict wins), inline strips, then the suspicion checks
//! (`SUSPICION_CHECKS`); then the page passes (`PAGE_PASSES`: tail lists, headline
//! candidates), which need every block's verdict. A new signal (say, locating the article body
//! from the DOM facts in [`crate::model::Container`]) is a new entry in one of those lists,
//! not a new branch in a loop. This module decides; `input/` only records facts.

pub mod body;
pub mod evidence;
pub mod rules;
pub mod template;

use crate::model::{AuditEntry, Block, DomFacts, Removal, Side};
use crate::normalize::{display_width, match_key};
use crate::text_shape::{ends_like_sentence, is_paragraph, is_prose, word_count};
use evidence::{
    clause_like, foreign_to_page, fragment_shape, headline_like, introduces_next, quoted_speech, suspicious_shape,
    FOREIGN_UI_MAX_CHARS,
};
use rules::RuleSet;
use rustc_hash::FxHashMap as HashMap;
use template::TemplateIndex;

/// Rule id for a short block in the other edition's language.
pub const RULE_FOREIGN_UI: &str = "foreign-ui";
/// Rule id for the second copy of a block on one page.
pub const RULE_DUPLICATE: &str = "duplicate";
/// Rule id for a block the page's markup places in navigation, a footer, a link or a button.
pub const RULE_MARKUP: &str = "markup";

/// Rule id for a block outside the element that holds the article's prose.
pub const RULE_OUTSIDE_ARTICLE: &str = "outside-article";
/// Rule id for a block inside a list of links within the article body.
pub const RULE_LINK_LIST: &str = "link-list";
/// Rule id for a line of the article body that is all a link.
pub const RULE_LINK_LINE: &str = "link-line";

/// Rule id for a block that recurs across many documents of the batch.
pub const RULE_TEMPLATE: &str = "template";

/// Prose recurring across a batch is template only up to this width (a footer sentence, not a
/// paragraph). Width, not characters: a Hangul syllable counts two, so the limit is the same
/// for a Korean sentence and its English translation, and a Korean content sentence that a
/// large batch happens to repeat is not removed while its English counterpart is kept.
const TEMPLATE_PROSE_MAX_WIDTH: usize = 120;

/// Rule id for the headlines listed under a related-articles heading.
pub const RULE_RELATED_LIST: &str = "related-list";
/// The rule whose match opens a related-articles list (see `data/boilerplate-rules.tsv`).
const RELATED_HEADING: &str = "related-heading";

/// Rule id for a run of headline-shaped lines after the article's last paragraph.
pub const RULE_TAIL_LIST: &str = "tail-list";

/// Rule id for a short non-sentence line the aligner left without a counterpart.
pub const RULE_UNPAIRED_FRAGMENT: &str = "unpaired-fragment";

/// Rule id for a suspect block the aligner left without a counterpart.
pub const RULE_UNPAIRED_SHAPE: &str = "unpaired-short";

/// How many blocks apart two copies of a text may be for the second to be a duplicate.
const DUPLICATE_WINDOW: usize = 3;

/// How far down the page a headline is looked for (in content blocks).
const HEADLINE_WINDOW: usize = 4;

/// Why a block is suspected of being boilerplate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Suspicion {
    /// A few words without a sentence ending, or no letters.
    Shape,
    /// The same text as an earlier block of the page (a caption printed twice).
    Duplicate {
        /// The index of the first copy.
        first: usize,
    },
    /// A short line without a sentence ending (headline, subheading or chrome): it aligns
    /// like content, and is removed only if it stays unpaired.
    Fragment,
}

impl Suspicion {
    /// Whether leaving the block unpaired should be cheap for the aligner.
    pub fn cheap_to_drop(self) -> bool {
        matches!(self, Suspicion::Shape | Suspicion::Duplicate { .. })
    }
}

/// One page after cleaning.
#[derive(Clone, Debug, Default)]
pub struct CleanPage {
    /// The blocks kept for alignment, in page order, inline fragments already stripped.
    pub kept: Vec<Block>,
    /// For each kept block: why it is suspected of being boilerplate, if it is; alignment decides.
    pub suspect: Vec<Option<Suspicion>>,
    /// Positions in `kept` of the blocks near the top shaped like a headline.
    pub headline_candidates: Vec<usize>,
    /// The position in `kept` of the block taken for the headline, if any (chosen with the
    /// other edition's candidates, see `align::choose_headlines`).
    pub headline: Option<usize>,
    /// Removals made so far.
    pub audit: Vec<AuditEntry>,
}

/// Cleans one page: removes what certain evidence says is boilerplate, strips inline
/// datelines, and marks suspects.
///
/// The page is walked once, top to bottom. Each block goes through, in this order:
/// 1. the removal checks (`REMOVAL_CHECKS`): the first with a verdict removes the block;
/// 2. for a kept block, the walk's memory of earlier copies (`Walk::remember`);
/// 3. the data file's inline strips (`strip_inline`);
/// 4. the suspicion checks (`SUSPICION_CHECKS`): the first that answers marks the block.
///
/// Then the page passes (`PAGE_PASSES`) look at the kept page whole.
/// `dom` is what an HTML page's markup says about the page (`None` for text): where the
/// article body lies is located from it first, for the DOM checks.
pub fn clean_page(
    blocks: Vec<Block>,
    side: Side,
    rules: &RuleSet,
    templates: Option<&TemplateIndex>,
    dom: Option<&DomFacts>,
) -> CleanPage {
    let body = dom.and_then(|dom| body::locate(&blocks, dom));
    let indices: Vec<usize> = blocks.iter().map(|b| b.index).collect();
    let context = PageContext { side, rules, templates, body };
    let mut page = CleanPage::default();
    let mut walk = Walk::default();
    for block in blocks {
        clean_block(&context, &mut walk, block, &mut page);
    }
    for pass in PAGE_PASSES {
        pass(&mut page, side);
    }
    if let Some(dom) = dom {
        audit_skipped(&mut page, side, dom, &indices);
    }
    page.audit.sort_by_key(|a| a.block);
    page
}

/// Audits the text the HTML walk did not read into blocks (SVG drawings, MathML formulas)
/// on the edition whose block it sat in, so that no text leaves the page unrecorded.
/// `indices` are this edition's block indices, in order.
fn audit_skipped(page: &mut CleanPage, side: Side, dom: &DomFacts, indices: &[usize]) {
    for skipped in dom.skipped.iter().filter(|s| indices.binary_search(&s.block).is_ok()) {
        let (rule, reason) = match skipped.element {
            "math" => ("math-text", "text of a MathML formula, not read as prose"),
            _ => ("svg-text", "text inside an SVG drawing (icon labels, chart text), not read as prose"),
        };
        page.audit.push(AuditEntry {
            side,
            block: skipped.block,
            text: skipped.text.clone(),
            lang: crate::lang::detect(&skipped.text).lang,
            rule: rule.to_owned(),
            reason: reason.to_owned(),
            scope: Removal::Skipped,
        });
    }
}

/// What every check on a page may consult: the page's edition and the batch's evidence.
/// Evidence about the whole page that blocks are judged by (where the article body lies)
/// belongs here, computed before the walk.
struct PageContext<'a> {
    side: Side,
    rules: &'a RuleSet,
    templates: Option<&'a TemplateIndex>,
    /// Where the article body lies, on an HTML page with enough prose to tell.
    body: Option<body::ArticleBody<'a>>,
}

/// A removal check's verdict: the block is not article text. It becomes an [`AuditEntry`]
/// with this rule and reason.
#[derive(Debug)]
struct Verdict {
    rule: String,
    reason: String,
}

/// A check that may remove a whole block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RemovalCheck {
    /// A rule of the data file matches the block (see [`rules`]).
    Rule,
    /// The page's markup places the block in chrome: navigation, a footer, a link, a button.
    Markup,
    /// The page's DOM places the block outside the article body, or inside a section of
    /// chrome within it (comments, teasers, a list of links).
    Dom,
    /// The block recurs across many documents of the batch: the site's template.
    Template,
    /// The block is a headline listed under a related-articles heading.
    RelatedList,
    /// The block is short and in the other edition's language: that site's interface.
    ForeignUi,
}

/// The removal checks, in the order they are tried. The first with a verdict removes the
/// block and the later ones are not asked, so each removal is audited under one rule. The
/// order is part of the output: a block two checks would remove is audited under the
/// earlier one's rule, and the related-list check sees only blocks that no rule, markup or
/// template removed. A new kind of evidence is one more entry (a variant and its function),
/// and [`Walk::pass`] says whether it ends a related-articles list.
const REMOVAL_CHECKS: [RemovalCheck; 6] = [
    RemovalCheck::Rule,
    RemovalCheck::Dom,
    RemovalCheck::Markup,
    RemovalCheck::Template,
    RemovalCheck::RelatedList,
    RemovalCheck::ForeignUi,
];

impl RemovalCheck {
    fn verdict(self, context: &PageContext, walk: &Walk, block: &Block) -> Option<Verdict> {
        match self {
            RemovalCheck::Rule => data_rule(context, block),
            RemovalCheck::Markup => markup_chrome(context, block),
            RemovalCheck::Dom => dom_chrome(context, block),
            RemovalCheck::Template => batch_template(context, block),
            RemovalCheck::RelatedList => related_list_item(walk, block),
            RemovalCheck::ForeignUi => foreign_ui(context, block),
        }
    }
}

fn data_rule(context: &PageContext, block: &Block) -> Option<Verdict> {
    let m = context.rules.match_block(&block.text, block.lang.lang)?;
    Some(Verdict { rule: m.rule.id.clone(), reason: m.rule.reason.clone() })
}

fn markup_chrome(context: &PageContext, block: &Block) -> Option<Verdict> {
    // Inside a located body, class names are weighed by the DOM check, below the body only.
    let class_names = !context.body.as_ref().is_some_and(|b| b.holds(block));
    let reason = evidence::markup_chrome(block.structure.as_deref()?, &block.text, class_names)?;
    Some(Verdict { rule: RULE_MARKUP.to_owned(), reason })
}

fn dom_chrome(context: &PageContext, block: &Block) -> Option<Verdict> {
    let (rule, reason) = match context.body.as_ref()?.finding(block)? {
        body::Finding::Outside { reason } => (RULE_OUTSIDE_ARTICLE, reason),
        body::Finding::Chrome { kind, reason } => (kind.rule(), reason),
        body::Finding::LinkList { reason } => (RULE_LINK_LIST, reason),
        body::Finding::LinkLine { reason } => (RULE_LINK_LINE, reason),
    };
    Some(Verdict { rule: rule.to_owned(), reason })
}

fn batch_template(context: &PageContext, block: &Block) -> Option<Verdict> {
    let short_prose = || display_width(&block.text) <= TEMPLATE_PROSE_MAX_WIDTH;
    let n = context.templates?.recurrence(&block.text).filter(|_| !is_prose(&block.text) || short_prose())?;
    let reason = format!("recurs in {n} documents of this batch: the site's template, not article text");
    Some(Verdict { rule: RULE_TEMPLATE.to_owned(), reason })
}

/// Under a related-articles heading, the headline-shaped blocks that follow are the list.
fn related_list_item(walk: &Walk, block: &Block) -> Option<Verdict> {
    (walk.in_related_list && !is_prose(&block.text)).then(|| Verdict {
        rule: RULE_RELATED_LIST.to_owned(),
        reason: "headline listed under a related-articles heading".to_owned(),
    })
}

fn foreign_ui(context: &PageContext, block: &Block) -> Option<Verdict> {
    if !foreign_to_page(block, context.side) || block.text.chars().count() > FOREIGN_UI_MAX_CHARS {
        return None;
    }
    let reason = format!("short {} text on the {} page: the other edition's interface", block.lang.lang, context.side);
    Some(Verdict { rule: RULE_FOREIGN_UI.to_owned(), reason })
}

/// A check that makes a kept block suspect, given its text (inline fragments stripped) and
/// the earlier block it copies, if any.
type SuspicionCheck = fn(&str, Option<usize>) -> Option<Suspicion>;

/// The suspicion checks, in the order tried; the first that answers marks the block. A copy
/// is suspect as a copy whatever its shape, so the aligner drops the cheaper one.
const SUSPICION_CHECKS: [SuspicionCheck; 3] = [
    |_, duplicate_of| duplicate_of.map(|first| Suspicion::Duplicate { first }),
    |text, _| suspicious_shape(text).then_some(Suspicion::Shape),
    |text, _| fragment_shape(text).then_some(Suspicion::Fragment),
];

/// A pass over the kept page, once every block has been judged.
type PagePass = fn(&mut CleanPage, Side);

/// The page passes, in order: the tail list needs the kept blocks, and the headline
/// candidates are taken from what is left of the top after it.
const PAGE_PASSES: [PagePass; 2] = [remove_tail_list, mark_headline_candidates];

/// What the walk down a page remembers of the blocks above the current one.
#[derive(Default)]
struct Walk {
    /// Inside a related-articles list: from its heading up to the next block of prose.
    in_related_list: bool,
    /// A block ending like a sentence has been seen: a list heading at the very top is a
    /// menu, while related-article lists follow article text.
    seen_prose: bool,
    /// Each kept text (by match key): the block it was in, and how many prose blocks the
    /// page had kept by then.
    seen: HashMap<String, (usize, usize)>,
    /// How many blocks of prose the page has kept.
    prose_kept: usize,
}

impl Walk {
    /// Moves the related-list state past `text`, once the removal checks have had their say:
    /// `removed_by` is the check that removed the block, if one did.
    fn pass(&mut self, text: &str, removed_by: Option<(RemovalCheck, &Verdict)>) {
        match removed_by {
            // A heading after article text opens a list; a removed line that is not prose
            // (another heading, a ticker) does not close it.
            Some((RemovalCheck::Rule, verdict)) => {
                self.in_related_list =
                    (verdict.rule == RELATED_HEADING && self.seen_prose) || (self.in_related_list && !is_prose(text));
            }
            // Chrome, template lines and the list's own items leave the list as it was.
            Some((
                RemovalCheck::Markup | RemovalCheck::Dom | RemovalCheck::Template | RemovalCheck::RelatedList,
                _,
            )) => {}
            // Anything else ends the list.
            Some((RemovalCheck::ForeignUi, _)) | None => {
                self.in_related_list = false;
                self.seen_prose |= ends_like_sentence(text);
            }
        }
    }

    /// Remembers a kept block (before inline strips) and returns the block it is a second
    /// copy of, if any. A second copy is only suspect: the other edition may print it twice
    /// as well.
    fn remember(&mut self, block: &Block) -> Option<usize> {
        let key = match_key(&block.text);
        // Only a nearby copy: a caption printed twice sits next to itself, while a paragraph
        // repeated far away is as likely a repeated quote the other edition repeats too.
        // ... and with no article prose between the copies (a quote repeated a paragraph later
        // is the article's, a caption and its alt text sit together).
        let duplicate_of = self
            .seen
            .get(&key)
            .copied()
            .filter(|&(prev, prose_then)| {
                !key.is_empty() && block.index - prev <= DUPLICATE_WINDOW && prose_then == self.prose_kept
            })
            .map(|(prev, _)| prev);
        // The count includes this copy itself, so only prose *between* copies breaks a pair.
        let counts_as_prose = duplicate_of.is_none() && word_count(&block.text) >= 6;
        self.seen.insert(key, (block.index, self.prose_kept + usize::from(counts_as_prose)));
        self.prose_kept += usize::from(counts_as_prose);
        duplicate_of
    }
}

/// Judges one block: removes it (audited), or strips it and keeps it, marked if suspect.
fn clean_block(context: &PageContext, walk: &mut Walk, mut block: Block, page: &mut CleanPage) {
    let removal = REMOVAL_CHECKS.iter().find_map(|&check| Some((check, check.verdict(context, walk, &block)?)));
    walk.pass(&block.text, removal.as_ref().map(|(check, verdict)| (*check, verdict)));
    if let Some((_, Verdict { rule, reason })) = removal {
        page.audit.push(AuditEntry {
            side: context.side,
            block: block.index,
            lang: block.lang.lang,
            rule,
            reason,
            scope: Removal::Block,
            text: block.text,
        });
        return;
    }
    let duplicate_of = walk.remember(&block);
    strip_inline(&mut block, context, &mut page.audit);
    page.suspect.push(SUSPICION_CHECKS.iter().find_map(|check| check(&block.text, duplicate_of)));
    page.kept.push(block);
}

/// Strips the data file's inline fragments from a kept block (a dateline before the text,
/// a credit after it) and audits each: the prefix first, then the suffix of what is left.
fn strip_inline(block: &mut Block, context: &PageContext, audit: &mut Vec<AuditEntry>) {
    let entry = |block: &Block, rule: &rules::Rule, text: &str, scope: Removal| AuditEntry {
        side: context.side,
        block: block.index,
        text: text.to_owned(),
        lang: block.lang.lang,
        rule: rule.id.clone(),
        reason: rule.reason.clone(),
        scope,
    };
    if let Some((rule, cut)) = context.rules.match_prefix(&block.text) {
        audit.push(entry(block, rule, block.text[..cut].trim(), Removal::InlinePrefix));
        block.text = block.text[cut..].trim().to_owned();
    }
    if let Some((rule, cut)) = context.rules.match_suffix(&block.text) {
        audit.push(entry(block, rule, block.text[cut..].trim(), Removal::InlineSuffix));
        block.text = block.text[..cut].trim().to_owned();
    }
}

/// Page pass: the blocks near the top shaped like a headline are its candidates (chosen
/// with the other edition's, see [`crate::align::choose_headlines`]); the first stands
/// until then.
fn mark_headline_candidates(page: &mut CleanPage, _side: Side) {
    page.headline_candidates = (0..page.kept.len().min(HEADLINE_WINDOW))
        .filter(|&i| {
            matches!(page.suspect[i], Some(Suspicion::Shape | Suspicion::Fragment)) && headline_like(&page.kept[i].text)
        })
        .collect();
    page.headline = page.headline_candidates.first().copied();
}

/// Page pass. Position: after the article's last paragraph, a run of two or more
/// headline-shaped lines (and nothing else) is a list of links — related articles, most
/// read — whatever its heading says or whether it has one. Both editions of a site carry
/// such lists, often translated, so the aligner alone would pair them. Quoted speech is
/// article text however it ends (a closing quote without a stop, a question), so the
/// article runs at least to the last quotation.
fn remove_tail_list(page: &mut CleanPage, side: Side) {
    let article_text = |t: &str| is_paragraph(t) || quoted_speech(t);
    let Some(last_paragraph) = page.kept.iter().rposition(|b| article_text(&b.text)) else { return };
    let tail = last_paragraph + 1..page.kept.len();
    let link_shaped = |t: &str| !is_paragraph(t) && (2..=16).contains(&word_count(t));
    if tail.len() < 2 || !page.kept[tail.clone()].iter().all(|b| link_shaped(&b.text)) {
        return;
    }
    for b in page.kept.drain(tail.clone()) {
        page.audit.push(AuditEntry {
            side,
            block: b.index,
            text: b.text,
            lang: b.lang.lang,
            rule: RULE_TAIL_LIST.to_owned(),
            reason: "a run of headline-shaped lines after the article's last paragraph: a list of links".to_owned(),
            scope: Removal::Block,
        });
    }
    page.suspect.truncate(tail.start);
    page.audit.sort_by_key(|a| a.block);
}

/// After alignment: suspects that ended up unpaired are removed and audited, unless their
/// place and shape say they are article text the other edition lacks (see [`article_line`]);
/// those stay, as 1-0 beads. `unpaired` lists positions in `page.kept`; `shares_anchors(i)`
/// tells whether a block has numbers or Latin tokens that the other edition's content has
/// too (then it is content the aligner could not place, such as a gloss, and is kept).
/// Returns the positions removed.
pub fn resolve_suspects(
    page: &mut CleanPage,
    unpaired: &[usize],
    shares_anchors: impl Fn(usize) -> bool,
) -> Vec<usize> {
    let mut removed = Vec::new();
    for &i in unpaired {
        if page.headline == Some(i) || shares_anchors(i) {
            continue;
        }
        let (rule, reason) = match page.suspect[i] {
            None => continue,
            Some(Suspicion::Duplicate { first }) => (
                RULE_DUPLICATE,
                format!("same text as block {first} earlier on this page (printed twice), with no counterpart in the other edition"),
            ),
            Some(suspicion) if article_line(page, i, suspicion) => continue,
            Some(Suspicion::Shape) => (
                RULE_UNPAIRED_SHAPE,
                "a few words without a sentence ending, with no counterpart in the other edition".to_owned(),
            ),
            Some(Suspicion::Fragment) => (
                RULE_UNPAIRED_FRAGMENT,
                "a short line without a sentence ending (not prose), with no counterpart in the other edition".to_owned(),
            ),
        };
        let b = &page.kept[i];
        page.audit.push(AuditEntry {
            side: b.side,
            block: b.index,
            text: b.text.clone(),
            lang: b.lang.lang,
            rule: rule.to_owned(),
            reason,
            scope: Removal::Block,
        });
        removed.push(i);
    }
    page.audit.sort_by_key(|a| a.block);
    removed
}

/// Whether an unpaired suspect at `i` is article text after all. Page chrome comes in runs
/// at the edges of the body (above the headline, after the last paragraph), while an
/// edition's own subheadings, standfirst and lead-in lines sit inside it:
/// - quoted speech, wherever it stands (chrome is never quoted);
/// - a line directly followed by article prose, with article prose somewhere above it: a
///   subheading or a stray line of the article (of a few words, only one shaped like a
///   heading or introducing what follows: `Share`, `Photo` are chrome's words);
/// - a clause directly under the headline with article prose next (bylines and timestamps
///   may sit in between): the standfirst.
fn article_line(page: &CleanPage, i: usize, suspicion: Suspicion) -> bool {
    let text = &page.kept[i].text;
    if quoted_speech(text) {
        return true;
    }
    let prose = |j: usize| page.suspect[j].is_none();
    let removed_between = |from: usize, to: usize| {
        let (from, to) = (page.kept[from].index, page.kept[to].index);
        page.audit.iter().any(|a| a.scope == Removal::Block && a.block > from && a.block < to)
    };
    let next = Some(i + 1).filter(|&n| n < page.kept.len() && prose(n));
    let leads_into_prose = next.is_some_and(|n| !removed_between(i, n));
    let prose_above = (0..i).any(prose);
    let standfirst = suspicion == Suspicion::Fragment
        && next.is_some()
        && i.checked_sub(1).is_some_and(|h| page.headline == Some(h))
        && clause_like(text);
    let heading_or_lead_in = match suspicion {
        Suspicion::Fragment => true,
        Suspicion::Shape => headline_like(text) || introduces_next(text),
        Suspicion::Duplicate { .. } => false,
    };
    (leads_into_prose && prose_above && heading_or_lead_in) || standfirst
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::text_blocks;

    fn clean(text: &str, side: Side) -> CleanPage {
        clean_page(text_blocks(text, side), side, &RuleSet::default(), None, None)
    }

    #[test]
    fn english_page_with_korean_ui_and_a_doubled_caption() {
        let page = clean(
            "Korea, Peru sign minerals pact\n\nBy Kim Min-jun Posted : 2025-06-21, 10:04 Updated : 2025-06-21, 10:04\n\n\
             SEOUL, November 17 (AJP) -- South Korea and Peru agreed to expand cooperation.\n\n\
             President Yoon meets President Boluarte in Lima.\n\nPresident Yoon meets President Boluarte in Lima.\n\n\
             The two leaders also discussed defense.\n\n기사 이미지 확대 보기\n\n닫기",
            Side::En,
        );
        let rules: Vec<&str> = page.audit.iter().map(|a| a.rule.as_str()).collect();
        assert_eq!(rules, vec!["byline-en", "wire-dateline-en", "ui-image-viewer-exact", "ui-image-viewer"]);
        assert_eq!(page.kept[1].text, "South Korea and Peru agreed to expand cooperation.");
        assert_eq!(page.kept.len(), 5);
        assert_eq!(page.suspect[3], Some(Suspicion::Duplicate { first: 3 }));
    }

    #[test]
    fn recurring_prose_is_template_up_to_the_same_width_in_both_languages() {
        // A footer sentence and a background sentence that a large batch repeats, in both
        // editions. The background sentence (66 Hangul syllables, 129 English characters) is
        // content on both sides; by characters the Korean one would have counted as short.
        let footer_ko = "이 기사의 저작권은 한빛일보에 있습니다.";
        let footer_en = "This article is copyrighted by the Hanbit Daily.";
        let background_ko = "북한은 2006년 첫 핵실험 이후 지금까지 모두 여섯 차례 핵실험을 했으며 국제사회는 그때마다 유엔 안전보장이사회 결의로 대북 제재를 강화해 왔다.";
        let background_en = "North Korea has carried out six nuclear tests since its first in 2006, and each time the UN Security Council tightened sanctions.";
        assert!(background_ko.chars().count() <= 120 && display_width(background_ko) > TEMPLATE_PROSE_MAX_WIDTH);
        let pages: Vec<(String, String)> =
            [("주택", "housing"), ("교통", "transport"), ("교육", "education"), ("환경", "environment")]
                .iter()
                .map(|(ko, en)| {
                    (
                        format!("정부는 새 {ko} 대책을 발표했다.\n\n{background_ko}\n\n{footer_ko}"),
                        format!("The government announced new {en} measures.\n\n{background_en}\n\n{footer_en}"),
                    )
                })
                .collect();
        let blocks: Vec<Vec<Block>> =
            pages.iter().flat_map(|(k, e)| [text_blocks(k, Side::Ko), text_blocks(e, Side::En)]).collect();
        let index = TemplateIndex::build(blocks.iter().map(|b| b.iter()), 3);
        for (text, side) in [(&pages[0].0, Side::Ko), (&pages[0].1, Side::En)] {
            let page = clean_page(text_blocks(text, side), side, &RuleSet::default(), Some(&index), None);
            let removed: Vec<(&str, &str)> = page.audit.iter().map(|a| (a.rule.as_str(), a.text.as_str())).collect();
            let footer = if side == Side::Ko { footer_ko } else { footer_en };
            assert_eq!(removed, vec![(RULE_TEMPLATE, footer)], "{side}");
            assert_eq!(page.kept.len(), 2, "{side}: the background sentence stays");
        }
    }

    #[test]
    fn korean_dateline_is_stripped_and_audited() {
        let page =
            clean("(서울=연합뉴스) 김민준 기자 = 정부는 16일 수출이 늘었다고 밝혔다.\n\nAdvertisement", Side::Ko);
        assert_eq!(page.kept[0].text, "정부는 16일 수출이 늘었다고 밝혔다.");
        assert_eq!(page.audit[0].text, "(서울=연합뉴스) 김민준 기자 =");
        assert_eq!(page.audit[0].scope, Removal::InlinePrefix);
        assert_eq!(page.audit[1].rule, "ui-ad-en");
    }

    #[test]
    fn related_article_lists_are_removed_up_to_the_next_prose() {
        let page = clean(
            "많이 본 뉴스\n\n수출 호조 이어져\n\n정부는 수출이 늘었다고 밝혔다.\n\n관련 기사\n\n수출 14개월 연속 증가…반도체 호조\n\nAPEC 정상회의 개막\n\n한편 수입은 줄었다.",
            Side::Ko,
        );
        let rules: Vec<&str> = page.audit.iter().map(|a| a.rule.as_str()).collect();
        assert_eq!(rules, vec!["related-heading", "related-heading", RULE_RELATED_LIST, RULE_RELATED_LIST]);
        assert_eq!(page.kept.len(), 3, "the headline under a menu heading at the top stays");
    }

    #[test]
    fn long_sentences_mentioning_copyright_are_kept() {
        let page = clean(
            "법원은 기사를 무단 전재 및 재배포한 업체에 손해배상 책임이 있다고 판결했다.\n\n\
             The publisher said its Copyright notice, which reads all rights reserved, had been ignored for years by the site.",
            Side::Ko,
        );
        assert_eq!(page.kept.len(), 2, "{:?}", page.audit);
    }

    #[test]
    fn credits_contacts_bylines_sign_offs_and_tickers_of_unseen_sites() {
        // Strings invented for this test (no rule lists them): the rules describe their kind.
        let ko = clean(
            "오늘의 날씨 ☁ 목포 12℃ 여수 14℃ | 황사 주의\n\n정부는 16일 수출이 늘었다고 밝혔다.\n\n[목포신문 자료사진]\n\n\
             /전라남도 제공\n\n수입은 전년보다 줄었다고 덧붙였다.\n\n목포방송 뉴스 김하늘입니다.",
            Side::Ko,
        );
        let rules: Vec<&str> = ko.audit.iter().map(|a| a.rule.as_str()).collect();
        assert_eq!(rules, vec!["ticker", "photo-credit-bracket-ko", "photo-credit-bracket-ko", "signoff-ko"]);
        let en = clean(
            "Park Ji-won, Mokpo correspondent · March 4, 2025, 9:15 a.m.\n\nThe government said exports rose.\n\n\
             (Courtesy of South Jeolla Province)\n\nImports fell, it added.\n\nQuestions for the desk? desk@mokpo-daily.kr\n\n\
             Residents were told that complaints about the new bus routes can be sent to routes@mokpo.go.kr.",
            Side::En,
        );
        let rules: Vec<&str> = en.audit.iter().map(|a| a.rule.as_str()).collect();
        assert_eq!(rules, vec!["byline-role-en", "photo-credit-bracket-en", "contact-line"]);
        assert!(
            en.kept.last().is_some_and(|b| b.text.starts_with("Residents")),
            "a sentence giving an address is content"
        );
    }

    #[test]
    fn a_run_of_link_lines_after_the_last_paragraph_goes_but_a_short_last_sentence_stays() {
        let page = clean(
            "Exports hit a record\n\nExports rose 5 percent in May, the ministry said on Monday.\n\nImports fell.\n\n\
             Keep going\n\nWill chip prices keep rising?\n\nPort cargo volume up 5% in first quarter",
            Side::En,
        );
        let removed: Vec<(&str, &str)> = page.audit.iter().map(|a| (a.rule.as_str(), a.text.as_str())).collect();
        assert_eq!(removed.iter().filter(|(r, _)| *r == RULE_TAIL_LIST).count(), 3, "{removed:?}");
        assert_eq!(page.kept.last().map(|b| b.text.as_str()), Some("Imports fell."));
        // One trailing line is not a run: it stays for the aligner to judge.
        let page = clean("Exports rose 5 percent in May, the ministry said.\n\nMore on trade", Side::En);
        assert_eq!(page.kept.len(), 2);
    }

    #[test]
    fn a_quotation_after_short_lines_ends_the_article_not_a_link_list() {
        let lead = "Rents rose 4 percent in May, the agency said.\n\nTenants organise\n\nA long wait for repairs";
        for quote in ["\"We will not stop here,\" she said", "“We will not stop here”", "\"Why would we stop now?\""]
        {
            let page = clean(&format!("{lead}\n\n{quote}"), Side::En);
            assert!(page.audit.iter().all(|a| a.rule != RULE_TAIL_LIST), "{quote}: {:?}", page.audit);
            assert_eq!(page.kept.last().map(|b| b.text.as_str()), Some(quote));
        }
        let page = clean(
            "임대료는 5월에 4% 올랐다고 기관은 밝혔다.\n\n세입자 모임\n\n수리 기다리다 지쳐\n\n“여기서 멈추지 않을 것”",
            Side::Ko,
        );
        assert!(page.audit.is_empty(), "{:?}", page.audit);
        // Headlines after the last quotation are still a link list.
        let page = clean(
            &format!("{lead}\n\n“We will not stop here”\n\nRent caps spread\n\nWhy repairs take so long"),
            Side::En,
        );
        assert_eq!(page.audit.iter().filter(|a| a.rule == RULE_TAIL_LIST).count(), 2, "{:?}", page.audit);
    }

    #[test]
    fn an_unpaired_standfirst_subheading_lead_in_or_quote_stays_but_chrome_at_the_edges_goes() {
        let mut page = clean(
            "Tenants win longer leases\n\nThe new rules give renters in the capital two more years and cap yearly rises\n\n\
             By Kim Min-jun, Staff reporter\n\nThe city council passed the rules on Monday.\n\nAdvertisement\n\n\
             What changes for landlords and agents\n\nLandlords must register every lease.\n\nShe added:\n\n\
             The council will review the rules in two years.\n\n\"Never again\"\n\nTenants welcomed the vote.\n\n\
             Download our app for iOS and Android",
            Side::En,
        );
        let texts: Vec<String> = page.kept.iter().map(|b| b.text.clone()).collect();
        assert_eq!(page.headline, Some(0), "{texts:?}");
        let unpaired: Vec<usize> = (1..page.kept.len()).filter(|&i| page.suspect[i].is_some()).collect();
        let removed = resolve_suspects(&mut page, &unpaired, |_| false);
        let removed: Vec<&str> = removed.iter().map(|&i| texts[i].as_str()).collect();
        assert_eq!(removed, vec!["Download our app for iOS and Android"], "{unpaired:?}");
        // Chrome directly under the headline is not a standfirst: no clause.
        let mut page = clean(
            "Tenants win longer leases\n\nMarket Watch Daily Morning Edition\n\nThe council passed the rules.",
            Side::En,
        );
        page.headline = Some(0);
        assert_eq!(resolve_suspects(&mut page, &[1], |_| false), vec![1]);
    }

    #[test]
    fn unpaired_suspects_are_audited_but_not_the_headline() {
        let mut page = clean(
            "Chip hopes\n\nMarket Watch Daily\n\nShares rose 2 percent on Monday.\n\nStocks and bonds in Asia today",
            Side::En,
        );
        assert_eq!(page.suspect, vec![Some(Suspicion::Shape), Some(Suspicion::Shape), None, Some(Suspicion::Fragment)]);
        page.headline = Some(0);
        let removed = resolve_suspects(&mut page, &[0, 1, 2, 3], |_| false);
        assert_eq!(removed, vec![1, 3]);
        assert_eq!(page.audit[0].rule, RULE_UNPAIRED_SHAPE);
        assert_eq!(page.audit[1].rule, RULE_UNPAIRED_FRAGMENT);
    }

    #[test]
    fn an_unpaired_line_between_two_paragraphs_stays_but_one_at_the_edge_goes() {
        let mut page = clean(
            "Shares rose 2 percent on Monday.\n\nStocks and bonds in Asia today\n\nBonds fell for a third day.\n\n\
             Download our app for iOS and Android",
            Side::En,
        );
        assert_eq!(page.suspect[1], Some(Suspicion::Fragment));
        assert_eq!(page.suspect[3], Some(Suspicion::Fragment));
        let removed = resolve_suspects(&mut page, &[1, 3], |_| false);
        assert_eq!(removed, vec![3], "the subheading between paragraphs is kept, the tail line goes");
    }
}
