//! TMX 1.4 (`pairs.tmx`): the translation-memory exchange format CAT tools and corpus tools
//! read. One `<tu>` per pair (null beads are not translation units), written through
//! quick-xml, so element and attribute escaping is a maintained crate's, not ours.
//!
//! The file is written in three pieces so a batch can join its part files: [`header`], the
//! units of every document ([`write_units`]), then [`FOOTER`]. Text is XML 1.0: characters
//! XML 1.0 forbids (C0 controls but tab and line breaks, U+FFFE, U+FFFF) are dropped, and a
//! carriage return is written as `&#13;` so a parser reads it back instead of folding it into
//! a line feed.

use super::PairRecord;
use crate::model::Level;
use quick_xml::events::BytesText;
use quick_xml::Writer;
use std::borrow::Cow;
use std::io::Write;

/// The end of the document, after the last unit.
pub(crate) const FOOTER: &str = "  </body>\n</tmx>\n";

/// The start of the document, up to `<body>`: the XML declaration, the document type, and
/// the header every TMX 1.4 file carries (Korean the source language; `segtype` the level).
pub(crate) fn header(level: Level) -> String {
    let segtype = match level {
        Level::Paragraph => "paragraph",
        Level::Sentence => "sentence",
    };
    let mut writer = Writer::new(Vec::new());
    let attributes = [
        ("creationtool", "koen-align"),
        ("creationtoolversion", env!("CARGO_PKG_VERSION")),
        ("datatype", "plaintext"),
        ("segtype", segtype),
        ("adminlang", "en"),
        ("srclang", "ko"),
        ("o-tmf", "koen-align"),
    ];
    // Writing to a Vec cannot fail.
    let _ = writer.create_element("header").with_attributes(attributes).write_empty();
    let header = String::from_utf8_lossy(&writer.into_inner()).into_owned();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n<tmx version=\"1.4\">\n  {header}\n  <body>\n"
    )
}

/// Writes one `<tu>` per pair of `rows` (null beads are skipped) and returns how many.
pub(crate) fn write_units(out: &mut dyn Write, rows: &[PairRecord]) -> std::io::Result<usize> {
    let mut writer = Writer::new(out);
    let mut units = 0;
    for r in rows.iter().filter(|r| !r.ko.is_empty() && !r.en.is_empty()) {
        write_unit(&mut writer, r)?;
        units += 1;
    }
    Ok(units)
}

/// One unit: its document, kind, score and manifest columns as properties, then a `<tuv>`
/// per language with its page's URL and language confidence, when known.
fn write_unit(w: &mut Writer<&mut dyn Write>, r: &PairRecord) -> std::io::Result<()> {
    // Layout white space goes straight to the output: the writer's own indentation cannot
    // start a fragment four levels deep.
    w.get_mut().write_all(b"    ")?;
    w.create_element("tu").write_inner_content(|w| {
        prop(w, 6, "x-id", &r.id)?;
        prop(w, 6, "x-kind", &r.kind)?;
        prop(w, 6, "x-score", &r.score.to_string())?;
        for (key, value) in &r.meta {
            prop(w, 6, &format!("x-meta-{}", xml_chars(key)), value)?;
        }
        variant(w, "ko", &r.ko, r.url_ko.as_deref(), r.ko_lang_confidence)?;
        variant(w, "en", &r.en, r.url_en.as_deref(), r.en_lang_confidence)?;
        w.get_mut().write_all(b"\n    ")
    })?;
    w.get_mut().write_all(b"\n")
}

fn variant(
    w: &mut Writer<&mut dyn Write>,
    lang: &str,
    text: &str,
    url: Option<&str>,
    confidence: Option<f32>,
) -> std::io::Result<()> {
    w.get_mut().write_all(b"\n      ")?;
    w.create_element("tuv").with_attribute(("xml:lang", lang)).write_inner_content(|w| {
        if let Some(url) = url {
            prop(w, 8, "x-url", url)?;
        }
        if let Some(c) = confidence {
            prop(w, 8, "x-lang-confidence", &c.to_string())?;
        }
        w.get_mut().write_all(b"\n        ")?;
        w.create_element("seg").write_text_content(text_event(text))?;
        w.get_mut().write_all(b"\n      ")
    })?;
    Ok(())
}

fn prop(w: &mut Writer<&mut dyn Write>, indent: usize, kind: &str, value: &str) -> std::io::Result<()> {
    w.get_mut().write_all(b"\n")?;
    w.get_mut().write_all(&b"        "[..indent.min(8)])?;
    w.create_element("prop").with_attribute(("type", kind)).write_text_content(text_event(value))?;
    Ok(())
}

/// Element text, escaped: quick-xml escapes the markup characters; a carriage return becomes
/// a character reference (a parser would read a raw one as a line feed).
fn text_event(text: &str) -> BytesText<'static> {
    let escaped = quick_xml::escape::escape(xml_chars(text)).replace('\r', "&#13;");
    BytesText::from_escaped(escaped)
}

/// The text without the characters XML 1.0 does not allow (its `Char` production).
fn xml_chars(text: &str) -> Cow<'_, str> {
    let allowed =
        |c: char| matches!(c, '\t' | '\n' | '\r' | ' '..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..);
    if text.chars().all(allowed) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|&c| allowed(c)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::events::Event;
    use quick_xml::Reader;

    fn record(ko: &str, en: &str) -> PairRecord {
        PairRecord {
            id: "doc <1> & \"2\"".into(),
            ko: ko.into(),
            en: en.into(),
            ko_blocks: vec![0],
            en_blocks: vec![0],
            kind: "1-1".into(),
            score: 0.5,
            ko_lang_confidence: Some(0.99),
            en_lang_confidence: Some(0.75),
            url_ko: Some("https://example.com/ko?a=1&b=2".into()),
            url_en: None,
            meta: [("section".to_owned(), "경제 & <market>".to_owned())].into_iter().collect(),
        }
    }

    /// The elements of a document, in order; panics unless it is well-formed (quick-xml's
    /// reader checks that every end tag closes the element open).
    fn elements(xml: &str) -> Vec<String> {
        let mut reader = Reader::from_str(xml);
        let mut names = Vec::new();
        let mut depth = 0usize;
        loop {
            match reader.read_event().expect("well-formed") {
                Event::Start(e) => {
                    depth += 1;
                    names.push(String::from_utf8_lossy(e.name().as_ref()).into_owned());
                }
                Event::Empty(e) => names.push(String::from_utf8_lossy(e.name().as_ref()).into_owned()),
                Event::End(_) => depth -= 1,
                Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(depth, 0, "unclosed elements in {xml}");
        names
    }

    #[test]
    fn units_escape_markup_and_drop_what_xml_forbids() {
        let rows = vec![
            record("A<B> & \"따옴표\" 'x'\u{1}\u{FFFF}", "line one\r\nline two"),
            record("", "a null bead is not a unit"),
        ];
        let mut xml = header(Level::Sentence);
        let mut body = Vec::new();
        assert_eq!(write_units(&mut body, &rows).unwrap(), 1);
        xml.push_str(std::str::from_utf8(&body).unwrap());
        xml.push_str(FOOTER);
        let names = elements(&xml);
        assert_eq!(names.iter().filter(|n| *n == "tu").count(), 1);
        assert_eq!(names.iter().filter(|n| *n == "seg").count(), 2);
        assert!(xml.contains("segtype=\"sentence\""), "{xml}");
        assert!(xml.contains("<seg>A&lt;B&gt; &amp; &quot;따옴표&quot; &apos;x&apos;</seg>"), "{xml}");
        assert!(xml.contains("<seg>line one&#13;\nline two</seg>"), "{xml}");
        assert!(xml.contains("<prop type=\"x-id\">doc &lt;1&gt; &amp; &quot;2&quot;</prop>"));
        assert!(xml.contains("<prop type=\"x-url\">https://example.com/ko?a=1&amp;b=2</prop>"));
        assert!(xml.contains("<prop type=\"x-meta-section\">경제 &amp; &lt;market&gt;</prop>"));
        assert!(xml.contains("<prop type=\"x-lang-confidence\">0.75</prop>"));
        assert!(xml.contains("<tuv xml:lang=\"ko\">") && xml.contains("<tuv xml:lang=\"en\">"));
        // One URL known: the English variant has none.
        assert_eq!(xml.matches("x-url").count(), 1);
    }

    #[test]
    fn an_empty_document_is_well_formed() {
        let xml = format!("{}{FOOTER}", header(Level::Paragraph));
        assert_eq!(elements(&xml), ["tmx", "header", "body"]);
        for attribute in [
            "creationtool=\"koen-align\"",
            "creationtoolversion=",
            "segtype=\"paragraph\"",
            "srclang=\"ko\"",
            "adminlang=\"en\"",
            "datatype=\"plaintext\"",
            "o-tmf=",
        ] {
            assert!(xml.contains(attribute), "{attribute} missing from {xml}");
        }
    }
}
