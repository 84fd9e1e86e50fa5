//! What a page says about its own identity, for pairing pages and extraction: its canonical
//! URL, the other-language editions it links (`hreflang`), when it was published and who
//! wrote it. Facts as written, read as the walk passes the elements that carry them; nothing
//! here decides whether two pages are editions of one article.

use super::walk::ego_node::NodeRef;
use crate::model::Alternate;
use scraper::node::Element;
use scraper::Node;

/// The most bytes a URL, language tag or date may have; a longer one is dropped, not cut,
/// since a cut URL names another page. Real ones are far shorter; pages are hostile input.
pub(super) const MAX_FACT_BYTES: usize = 2048;

/// The most alternates a page keeps: real pages link a few dozen editions at most, a hostile
/// one could link millions.
pub(super) const MAX_ALTERNATES: usize = 64;

/// Where a publication date was read, most trusted first: the first source that gives one
/// wins, whatever the order of the sources in the page.
#[derive(Clone, Copy)]
enum DateSource {
    /// `<meta property="article:published_time">` (Open Graph).
    ArticleMeta,
    /// `itemprop="datePublished"` on any element (schema.org microdata).
    Microdata,
    /// `datePublished` in the page's JSON-LD.
    JsonLd,
    /// `<meta name="date">` or `<meta name="pubdate">`.
    DateMeta,
    /// The first `<time datetime>`: often the article's date, but also a comment's.
    Time,
}

/// How many [`DateSource`]s there are (the last one's index plus one).
const DATE_SOURCES: usize = DateSource::Time as usize + 1;

/// Where an author's name was read, most trusted first: the first source that gives one
/// wins, whatever the order of the sources in the page. Structured metadata about the
/// article comes before page-level tags, which often name the site or add a job title.
#[derive(Clone, Copy)]
enum AuthorSource {
    /// `author` in the page's JSON-LD: a string, a person's `name` (or the `name` of the
    /// node its `@id` refers to), or several of those.
    JsonLd,
    /// `itemprop="author"` (schema.org microdata): its `content`, else the text or `content`
    /// of an `itemprop="name"` inside it, else its own text.
    Microdata,
    /// `<meta name="author">`, `article:author`, or `dable:author` (which Korean news sites
    /// declare for a recommendation service).
    Meta,
    /// The text of a link `<a rel="author">`.
    Link,
}

/// How many [`AuthorSource`]s there are (the last one's index plus one).
const AUTHOR_SOURCES: usize = AuthorSource::Link as usize + 1;

/// The most authors one JSON-LD `author` list gives: a real article has a handful, a hostile
/// page could list millions.
pub(super) const MAX_AUTHORS: usize = 16;

/// The most nodes read under one element for an author's name: a name is a few words in an
/// element or two, and the bound keeps nested `itemprop="author"` elements from making the
/// walk quadratic.
const MAX_NAME_NODES: usize = 64;

/// What the page says about itself, as resolved when the walk is done.
pub(super) struct Identity {
    pub canonical_url: Option<String>,
    pub alternates: Vec<Alternate>,
    pub published: Option<String>,
    pub author: Option<String>,
}

/// Collects the identity facts as the walk meets them, and resolves them at the end (the
/// base URL may come after the links it resolves).
#[derive(Default)]
pub(super) struct IdentityReader {
    /// The first `<base href>`, as written.
    base_href: Option<String>,
    /// The first `<link rel="canonical" href>`, as written.
    canonical_link: Option<String>,
    /// The first `og:url`, as written.
    og_url: Option<String>,
    /// The alternates as written, not yet resolved.
    alternates: Vec<Alternate>,
    /// The first date of each source, indexed by [`DateSource`].
    dates: [Option<String>; DATE_SOURCES],
    /// The first author of each source, indexed by [`AuthorSource`].
    authors: [Option<String>; AUTHOR_SOURCES],
}

impl IdentityReader {
    /// Reads what one element says, if anything. (The inert content of a `<template>` never
    /// gets here: the parser keeps it in a fragment, which the walk does not enter.)
    /// `node` is the element's node, whose text an author's name may be.
    pub(super) fn element(&mut self, node: NodeRef<'_>, element: &Element) {
        // A `<link>` or `<time>` inside SVG or MathML is not HTML's; such pages are rare, and
        // their facts would be wrong.
        if element.name.ns != html5ever::ns!(html) {
            return;
        }
        let tag = element.name();
        let itemprop = element.attr("itemprop");
        if itemprop.is_some_and(|p| has_token(p, "datePublished")) {
            let value = element.attr("content").or_else(|| element.attr("datetime"));
            self.date(DateSource::Microdata, value);
        }
        if itemprop.is_some_and(|p| has_token(p, "author")) {
            self.author_with(AuthorSource::Microdata, || microdata_name(node, element));
        }
        match tag {
            "link" => self.link(element),
            "meta" => self.meta(element),
            "base" if self.base_href.is_none() => self.base_href = fact(element.attr("href")),
            "time" => self.date(DateSource::Time, element.attr("datetime")),
            "a" if element.attr("rel").is_some_and(|rel| has_token(rel, "author")) => {
                self.author_with(AuthorSource::Link, || node_text(node));
            }
            _ => {}
        }
    }

    /// A `<link>`: the canonical URL, or an alternate edition. `rel` is a set of tokens
    /// compared without case (`rel="Alternate nofollow"`).
    fn link(&mut self, element: &Element) {
        let rel = element.attr("rel").unwrap_or("");
        let has = |token: &str| rel.split_ascii_whitespace().any(|t| t.eq_ignore_ascii_case(token));
        if self.canonical_link.is_none() && has("canonical") {
            self.canonical_link = fact(element.attr("href"));
        }
        if !has("alternate") || self.alternates.len() >= MAX_ALTERNATES {
            return;
        }
        // An alternate of another type (an RSS feed, a PDF) is not an edition of the page.
        let html = element.attr("type").is_none_or(|t| {
            let t = t.trim();
            t.is_empty() || t.eq_ignore_ascii_case("text/html") || t.eq_ignore_ascii_case("application/xhtml+xml")
        });
        if !html {
            return;
        }
        let (Some(lang), Some(href)) = (fact(element.attr("hreflang")), fact(element.attr("href"))) else { return };
        let alternate = Alternate { lang: lang.to_ascii_lowercase(), href };
        // Exact repeats (templates often emit the list twice) would only use up the cap.
        if !self.alternates.contains(&alternate) {
            self.alternates.push(alternate);
        }
    }

    /// A `<meta>`: `og:url`, or a date. Pages put these names in `property` or in `name`,
    /// so both are read.
    fn meta(&mut self, element: &Element) {
        let content = element.attr("content");
        for key in [element.attr("property"), element.attr("name")].into_iter().flatten() {
            let key = key.trim();
            if key.eq_ignore_ascii_case("og:url") {
                if self.og_url.is_none() {
                    self.og_url = fact(content);
                }
            } else if key.eq_ignore_ascii_case("article:published_time") {
                self.date(DateSource::ArticleMeta, content);
            } else if key.eq_ignore_ascii_case("date") || key.eq_ignore_ascii_case("pubdate") {
                self.date(DateSource::DateMeta, content);
            } else if ["author", "article:author", "dable:author"].iter().any(|k| key.eq_ignore_ascii_case(k)) {
                self.author_with(AuthorSource::Meta, || content.map(str::to_owned));
            }
        }
    }

    /// The `datePublished` of one JSON-LD block (already parsed for its `articleBody`).
    pub(super) fn json_ld(&mut self, value: &serde_json::Value) {
        if self.dates[DateSource::JsonLd as usize].is_none() {
            // Sites escape their JSON-LD strings as HTML, as they do the article body.
            let date = first_date_published(value).map(htmlize::unescape);
            self.date(DateSource::JsonLd, date.as_deref());
        }
        self.author_with(AuthorSource::JsonLd, || json_ld_authors(value));
    }

    /// Keeps the name `read` gives as the author from `source`, unless that source gave one
    /// already (then `read`, which may walk the element's text, is not called).
    fn author_with(&mut self, source: AuthorSource, read: impl FnOnce() -> Option<String>) {
        let slot = &mut self.authors[source as usize];
        if slot.is_none() {
            *slot = read().and_then(|name| author_fact(&name));
        }
    }

    /// Keeps `value` as the date from `source` unless that source gave one already.
    fn date(&mut self, source: DateSource, value: Option<&str>) {
        let slot = &mut self.dates[source as usize];
        if slot.is_none() {
            *slot = fact(value);
        }
    }

    /// The facts, with relative URLs resolved against the page's base: its `<base href>`
    /// (as a browser resolves them), else its canonical URL (the page's own address, which
    /// a saved page no longer has).
    pub(super) fn finish(self) -> Identity {
        let base_href = self.base_href.filter(|b| has_authority(b) || scheme_len(b).is_none());
        let stated = self.canonical_link.or(self.og_url);
        let canonical_url = match (stated, &base_href) {
            (Some(canonical), Some(base)) if scheme_len(&canonical).is_none() && has_authority(base) => {
                resolve(base, &canonical)
            }
            (stated, _) => stated,
        };
        let base = match base_href {
            Some(base) if has_authority(&base) => Some(base),
            // A relative `<base href>` is itself relative to the page's address.
            relative => {
                let canonical = canonical_url.as_deref().filter(|c| has_authority(c));
                canonical.and_then(|c| relative.map_or_else(|| Some(c.to_owned()), |r| resolve(c, &r)))
            }
        };
        let mut alternates: Vec<Alternate> = Vec::with_capacity(self.alternates.len());
        for mut alternate in self.alternates {
            if let Some(base) = &base {
                // Only a result past the length cap fails: the base has an authority.
                match resolve(base, &alternate.href) {
                    Some(href) => alternate.href = href,
                    None => continue,
                }
            }
            // "/en" and its absolute spelling are one edition once resolved.
            if !alternates.contains(&alternate) {
                alternates.push(alternate);
            }
        }
        // The sources are indexed most trusted first.
        let published = self.dates.into_iter().flatten().next();
        let author = self.authors.into_iter().flatten().next();
        Identity { canonical_url, alternates, published, author }
    }
}

/// Whether a space-separated token list (`rel`, `itemprop`) holds `token`, compared without
/// case.
fn has_token(list: &str, token: &str) -> bool {
    list.split_ascii_whitespace().any(|t| t.eq_ignore_ascii_case(token))
}

/// A name as an author fact: white space folded, and `None` if empty, longer than
/// [`MAX_FACT_BYTES`], or a URL (`article:author` often holds a profile page's address,
/// which names no one).
fn author_fact(name: &str) -> Option<String> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let url = has_authority(&name) || name.starts_with('/') || name.starts_with("www.");
    (!name.is_empty() && name.len() <= MAX_FACT_BYTES && !url).then_some(name)
}

/// The name an `itemprop="author"` element gives: its `content` (on a `<meta>` or `<link>`),
/// else the first `itemprop="name"` inside it (a `Person` item), else its own text.
fn microdata_name(node: NodeRef<'_>, element: &Element) -> Option<String> {
    if let Some(content) = element.attr("content") {
        return Some(content.to_owned());
    }
    let name = node.descendants().skip(1).take(MAX_NAME_NODES).find_map(|d| {
        let e = d.value().as_element()?;
        e.attr("itemprop").is_some_and(|p| has_token(p, "name")).then_some((d, e))
    });
    match name {
        Some((d, e)) => e.attr("content").map(str::to_owned).or_else(|| node_text(d)),
        None => node_text(node),
    }
}

/// The text under `node`, from at most [`MAX_NAME_NODES`] nodes and without scripts and
/// styles; `None` past [`MAX_FACT_BYTES`], which no name is.
fn node_text(node: NodeRef<'_>) -> Option<String> {
    let mut text = String::new();
    for d in node.descendants().take(MAX_NAME_NODES) {
        let Node::Text(t) = d.value() else { continue };
        let in_code = d
            .parent()
            .and_then(|p| p.value().as_element())
            .is_some_and(|e| matches!(e.name(), "script" | "style" | "noscript" | "template"));
        if !in_code {
            text.push_str(t);
            text.push(' ');
        }
        if text.len() > MAX_FACT_BYTES {
            return None;
        }
    }
    Some(text)
}

/// The first `author` in a JSON-LD value that names someone, in document order: its names
/// (at most [`MAX_AUTHORS`], repeats once) joined by `"; "`. An author is a string or an
/// object with a `name`; an object with only an `@id` (as WordPress SEO plugins write it)
/// takes the `name` of the node of the value with that `@id`. Iterative, as for dates.
fn json_ld_authors(value: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    let mut todo = vec![value];
    let mut named: Option<std::collections::HashMap<&str, &str>> = None;
    while let Some(v) = todo.pop() {
        match v {
            Value::Object(map) => {
                if let Some(author) = map.get("author") {
                    let items = match author {
                        Value::Array(items) => items.as_slice(),
                        one => std::slice::from_ref(one),
                    };
                    let mut names: Vec<String> = Vec::new();
                    for item in items.iter().take(MAX_AUTHORS) {
                        let name = match item {
                            Value::String(s) => Some(s.as_str()),
                            Value::Object(m) => m.get("name").and_then(Value::as_str).or_else(|| {
                                let id = m.get("@id").and_then(Value::as_str)?;
                                named.get_or_insert_with(|| named_nodes(value)).get(id).copied()
                            }),
                            _ => None,
                        };
                        // Sites escape their JSON-LD strings as HTML, as they do the article body.
                        let Some(name) = name.map(htmlize::unescape).and_then(|n| author_fact(&n)) else { continue };
                        if !names.contains(&name) {
                            names.push(name);
                        }
                    }
                    if !names.is_empty() {
                        return Some(names.join("; "));
                    }
                }
                let children: Vec<&Value> = map.values().collect();
                todo.extend(children.into_iter().rev());
            }
            Value::Array(items) => todo.extend(items.iter().rev()),
            _ => {}
        }
    }
    None
}

/// The `name` of every node of a JSON-LD value that has an `@id`, by that id (the first of
/// each id).
fn named_nodes(value: &serde_json::Value) -> std::collections::HashMap<&str, &str> {
    use serde_json::Value;
    let mut out = std::collections::HashMap::new();
    let mut todo = vec![value];
    while let Some(v) = todo.pop() {
        match v {
            Value::Object(map) => {
                if let (Some(Value::String(id)), Some(Value::String(name))) = (map.get("@id"), map.get("name")) {
                    out.entry(id.as_str()).or_insert(name.as_str());
                }
                todo.extend(map.values());
            }
            Value::Array(items) => todo.extend(items),
            _ => {}
        }
    }
    out
}

/// An attribute value as a fact: trimmed, and `None` if empty or longer than
/// [`MAX_FACT_BYTES`]. Attribute values come from the parser with their character
/// references already decoded.
fn fact(value: Option<&str>) -> Option<String> {
    // The ASCII white space and controls a URL parser strips, which also covers dates.
    let value = value?.trim_matches(|c: char| c.is_ascii_whitespace() || c.is_ascii_control());
    (!value.is_empty() && value.len() <= MAX_FACT_BYTES).then(|| value.to_owned())
}

/// The first `datePublished` string in a JSON-LD value, in document order (outer objects
/// before the objects inside them, array items in order). Iterative, so that deeply nested
/// metadata cannot overflow the stack.
fn first_date_published(value: &serde_json::Value) -> Option<&str> {
    let mut todo = vec![value];
    while let Some(v) = todo.pop() {
        match v {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::String(date)) = map.get("datePublished") {
                    return Some(date);
                }
                // Reversed onto the stack, so that they come off it in order.
                let children: Vec<&serde_json::Value> = map.values().collect();
                todo.extend(children.into_iter().rev());
            }
            serde_json::Value::Array(items) => todo.extend(items.iter().rev()),
            _ => {}
        }
    }
    None
}

/// The length of `url`'s scheme with its colon (`https:`) if it has one, i.e. if it is
/// absolute; `None` for a relative reference.
fn scheme_len(url: &str) -> Option<usize> {
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic() && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
        .then_some(colon + 1)
}

/// Whether `url` is absolute with an authority (`https://host…`), so that paths can be
/// resolved against it (unlike `mailto:` or `about:blank`).
fn has_authority(url: &str) -> bool {
    scheme_len(url).is_some_and(|n| url[n..].starts_with("//"))
}

/// `reference` resolved against the absolute URL `base`, the way RFC 3986 (section 5.2)
/// resolves it; an absolute `reference` is returned as written. `None` if `base` has no
/// authority (`mailto:`, `data:`), against which paths cannot be resolved, or if the result
/// is longer than [`MAX_FACT_BYTES`]. Nothing is normalised beyond dot segments: the URL
/// stays as the page wrote it.
fn resolve(base: &str, reference: &str) -> Option<String> {
    if scheme_len(reference).is_some() {
        return Some(reference.to_owned());
    }
    let scheme = &base[..scheme_len(base)?];
    let after_scheme = base[scheme.len()..].strip_prefix("//")?;
    let authority_len = after_scheme.find(['/', '?', '#']).unwrap_or(after_scheme.len());
    let origin = &base[..scheme.len() + 2 + authority_len];
    let rest = &base[origin.len()..];
    let without_fragment = rest.find('#').map_or(rest, |at| &rest[..at]);
    let base_path = without_fragment.find('?').map_or(without_fragment, |at| &without_fragment[..at]);
    let resolved = if reference.starts_with("//") {
        format!("{scheme}{reference}")
    } else if reference.starts_with('#') {
        format!("{origin}{without_fragment}{reference}")
    } else if reference.starts_with('?') {
        format!("{origin}{base_path}{reference}")
    } else {
        let path_end = reference.find(['?', '#']).unwrap_or(reference.len());
        let (path, tail) = reference.split_at(path_end);
        let merged = if path.starts_with('/') {
            remove_dot_segments(path)
        } else {
            // The base's directory: its path up to the last slash ("/" for an empty path).
            let directory = base_path.rfind('/').map_or("/", |at| &base_path[..=at]);
            remove_dot_segments(&format!("{directory}{path}"))
        };
        format!("{origin}{merged}{tail}")
    };
    (resolved.len() <= MAX_FACT_BYTES).then_some(resolved)
}

/// An absolute path with its `.` and `..` segments applied (`/a/b/../c` is `/a/c`, `/a/..`
/// is `/`); `..` above the root stays at the root.
fn remove_dot_segments(path: &str) -> String {
    let segments: Vec<&str> = path.strip_prefix('/').unwrap_or(path).split('/').collect();
    let last = segments.len().saturating_sub(1);
    let mut kept: Vec<&str> = Vec::with_capacity(segments.len());
    for (i, segment) in segments.into_iter().enumerate() {
        match segment {
            "." => {}
            ".." => {
                kept.pop();
            }
            s => kept.push(s),
        }
        // A path ending in a dot segment names a directory: it keeps its final slash.
        if i == last && matches!(segment, "." | "..") {
            kept.push("");
        }
    }
    format!("/{}", kept.join("/"))
}

#[cfg(test)]
mod tests {
    use super::{remove_dot_segments, resolve, scheme_len};

    #[test]
    fn references_resolve_as_rfc_3986_says() {
        // The normal examples of RFC 3986, section 5.4.1 (those with a scheme of their own
        // are returned as written).
        let base = "http://a/b/c/d;p?q";
        for (reference, expected) in [
            ("g:h", "g:h"),
            ("g", "http://a/b/c/g"),
            ("./g", "http://a/b/c/g"),
            ("g/", "http://a/b/c/g/"),
            ("/g", "http://a/g"),
            ("//g", "http://g"),
            ("?y", "http://a/b/c/d;p?y"),
            ("g?y", "http://a/b/c/g?y"),
            ("#s", "http://a/b/c/d;p?q#s"),
            ("g#s", "http://a/b/c/g#s"),
            ("g?y#s", "http://a/b/c/g?y#s"),
            (";x", "http://a/b/c/;x"),
            (".", "http://a/b/c/"),
            ("./", "http://a/b/c/"),
            ("..", "http://a/b/"),
            ("../", "http://a/b/"),
            ("../g", "http://a/b/g"),
            ("../..", "http://a/"),
            ("../../", "http://a/"),
            ("../../g", "http://a/g"),
            // Abnormal: `..` above the root stays at the root.
            ("../../../g", "http://a/g"),
            ("/./g", "http://a/g"),
            ("/../g", "http://a/g"),
            ("g.", "http://a/b/c/g."),
            ("..g", "http://a/b/c/..g"),
            ("./../g", "http://a/b/g"),
            ("g/../h", "http://a/b/c/h"),
        ] {
            assert_eq!(resolve(base, reference).as_deref(), Some(expected), "{reference}");
        }
        // A base without a path, or with a fragment.
        assert_eq!(resolve("https://news.example.kr", "en/1").as_deref(), Some("https://news.example.kr/en/1"));
        assert_eq!(resolve("https://x.kr/a/b#top", "c").as_deref(), Some("https://x.kr/a/c"));
        // Against a URL without an authority, paths cannot be resolved.
        assert_eq!(resolve("mailto:desk@x.kr", "/en"), None);
        assert_eq!(resolve("about:blank", "/en"), None);
    }

    #[test]
    fn a_resolved_url_past_the_cap_is_dropped() {
        let base = format!("https://x.kr/{}/", "a".repeat(1500));
        assert!(resolve(&base, "b").is_some());
        assert_eq!(resolve(&base, &"b".repeat(600)), None);
    }

    #[test]
    fn schemes_are_told_from_relative_paths() {
        assert_eq!(scheme_len("https://x.kr"), Some(6));
        assert_eq!(scheme_len("x-default:1"), Some(10));
        for relative in ["/a:b", "a/b:c", "1http://x", ":x", "//x.kr/a", "", "한국:x"] {
            assert_eq!(scheme_len(relative), None, "{relative}");
        }
        assert_eq!(remove_dot_segments("/"), "/");
        assert_eq!(remove_dot_segments("/a/b/"), "/a/b/");
        assert_eq!(remove_dot_segments(&"/..".repeat(10_000)), "/");
    }
}
