//! What a page says about its own identity, for pairing pages: its canonical URL, the
//! other-language editions it links (`hreflang`), and when it was published. Facts as
//! written, read as the walk passes the elements that carry them; nothing here decides
//! whether two pages are editions of one article.

use crate::model::Alternate;
use scraper::node::Element;

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

/// What the page says about itself, as resolved when the walk is done.
pub(super) struct Identity {
    pub canonical_url: Option<String>,
    pub alternates: Vec<Alternate>,
    pub published: Option<String>,
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
}

impl IdentityReader {
    /// Reads what one element says, if anything. (The inert content of a `<template>` never
    /// gets here: the parser keeps it in a fragment, which the walk does not enter.)
    pub(super) fn element(&mut self, element: &Element) {
        // A `<link>` or `<time>` inside SVG or MathML is not HTML's; such pages are rare, and
        // their facts would be wrong.
        if element.name.ns != html5ever::ns!(html) {
            return;
        }
        let tag = element.name();
        let itemprop = element.attr("itemprop");
        if itemprop.is_some_and(|p| p.split_ascii_whitespace().any(|t| t.eq_ignore_ascii_case("datePublished"))) {
            let value = element.attr("content").or_else(|| element.attr("datetime"));
            self.date(DateSource::Microdata, value);
        }
        match tag {
            "link" => self.link(element),
            "meta" => self.meta(element),
            "base" if self.base_href.is_none() => self.base_href = fact(element.attr("href")),
            "time" => self.date(DateSource::Time, element.attr("datetime")),
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
        Identity { canonical_url, alternates, published }
    }
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
