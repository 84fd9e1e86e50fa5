//! Tests of the whole extraction: blocks, hints, titles and spans of small pages, and the
//! gold paragraphs of the ntrex-dev pages.

use super::*;

/// The page of a source that must parse.
fn parse_html(source: &str) -> HtmlPage {
    super::parse_html(source).unwrap_or_else(|e| panic!("refused: {e}"))
}

fn texts(page: &HtmlPage) -> Vec<&str> {
    page.blocks.iter().map(|b| b.text.as_str()).collect()
}

fn block<'p>(page: &'p HtmlPage, text: &str) -> &'p HtmlBlock {
    page.blocks.iter().find(|b| b.text == text).unwrap_or_else(|| panic!("no block {text:?} in {:?}", texts(page)))
}

const SEMANTIC: &str = r#"<!doctype html>
<html lang="en-US"><head><meta charset="utf-8">
<title>  Lima talks
  end </title><style>p { color: red }</style></head>
<body>
<header><nav aria-label="main"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav></header>
<main><article class="Story-Body" id="story">
<h1>Lima talks end with a trade deal</h1>
<p>Leaders agreed on <a href="/apec">new rules</a> for trade &amp; investment.</p>
<p>The deal takes effect
   next year, officials said.</p>
<figure><img src="x.jpg" alt="Leaders agreed on new rules"><figcaption>Leaders pose in Lima.</figcaption></figure>
</article></main>
<footer><nav><a href="/about">About us</a> | <a href="/terms">Terms</a></nav><p>&copy; 2024 Daily News</p></footer>
<script>var p = "<p>Lima talks end with a trade deal</p>";</script>
</body></html>"#;

#[test]
fn semantic_page_blocks_and_title() {
    let page = parse_html(SEMANTIC);
    assert_eq!(page.title.as_deref(), Some("Lima talks end"));
    assert_eq!(page.lang.as_deref(), Some("en-US"));
    assert_eq!(
        texts(&page),
        vec![
            "Home",
            "World",
            "Lima talks end with a trade deal",
            "Leaders agreed on new rules for trade & investment.",
            "The deal takes effect next year, officials said.",
            "Leaders pose in Lima.",
            "About us | Terms",
            "© 2024 Daily News",
        ]
    );
}

#[test]
fn semantic_page_hints() {
    let page = parse_html(SEMANTIC);
    let home = &block(&page, "Home").hints;
    assert!(home.in_link && home.in_nav && home.in_header && !home.in_footer);
    assert_eq!(home.tag, "li");
    assert_eq!(home.link_density, 1.0);

    let h1 = &block(&page, "Lima talks end with a trade deal").hints;
    assert!(h1.heading && !h1.in_link && !h1.in_nav);
    assert_eq!(h1.tag, "h1");
    assert_eq!(h1.class_id, "story-body story");

    let lead = &block(&page, "Leaders agreed on new rules for trade & investment.").hints;
    assert!(!lead.in_link && !lead.heading);
    let expected = "newrules".len() as f32 / "Leadersagreedonnewrulesfortrade&investment.".len() as f32;
    assert!((lead.link_density - expected).abs() < 1e-6, "{}", lead.link_density);

    let caption = &block(&page, "Leaders pose in Lima.").hints;
    assert!(caption.in_figure);
    assert_eq!(caption.tag, "figcaption");

    let footer_links = &block(&page, "About us | Terms").hints;
    assert!(footer_links.in_footer && footer_links.in_nav && !footer_links.in_link);
    assert!(footer_links.link_density > 0.9 && footer_links.link_density < 1.0);
    let copyright = &block(&page, "© 2024 Daily News").hints;
    assert!(copyright.in_footer && !copyright.in_nav);
}

#[test]
fn spans_point_at_the_source_text() {
    let page = parse_html(SEMANTIC);
    for b in &page.blocks {
        assert!(!b.span.is_empty(), "no span for {:?}", b.text);
    }
    // The headline is found in the body, not in the <title>, the alt text or the script.
    let h1 = block(&page, "Lima talks end with a trade deal");
    assert_eq!(&SEMANTIC[h1.span.clone()], "Lima talks end with a trade deal");
    assert!(SEMANTIC[..h1.span.start].ends_with("<h1>"));
    // Entities and folded white space are matched as written.
    let lead = block(&page, "Leaders agreed on new rules for trade & investment.");
    assert_eq!(&SEMANTIC[lead.span.clone()], "Leaders agreed on");
    let caption = block(&page, "Leaders pose in Lima.");
    assert!(SEMANTIC[..caption.span.start].ends_with("<figcaption>"));
    assert_eq!(&SEMANTIC[block(&page, "© 2024 Daily News").span.clone()], "&copy; 2024 Daily News");
    let second = block(&page, "The deal takes effect next year, officials said.");
    assert_eq!(&SEMANTIC[second.span.clone()], "The deal takes effect\n   next year, officials said.");
    // Spans are in document order.
    assert!(page.blocks.windows(2).all(|w| w[0].span.start < w[1].span.start));
}

#[test]
fn headline_repeating_an_escaped_title_is_located_in_the_body() {
    let html = "<html><head><title>Pelosi calls Kavanaugh &quot;hysterical&quot;</title>\
                <meta name=description content='Pelosi calls Kavanaugh \"hysterical\"'></head>\
                <body><h3>Pelosi calls Kavanaugh &quot;hysterical&quot;</h3></body></html>";
    let page = parse_html(html);
    assert_eq!(page.title.as_deref(), Some("Pelosi calls Kavanaugh \"hysterical\""));
    let span = page.blocks[0].span.clone();
    assert!(html[..span.start].ends_with("<h3>"), "{span:?}");
    assert_eq!(&html[span], "Pelosi calls Kavanaugh &quot;hysterical&quot;");
}

#[test]
fn references_without_semicolons_are_located() {
    let html = "<p>Tom &amp Jerry&nbspX &ampamp; &copy2024</p>";
    let page = parse_html(html);
    assert_eq!(texts(&page), vec!["Tom & Jerry X &amp; ©2024"]);
    assert_eq!(&html[page.blocks[0].span.clone()], "Tom &amp Jerry&nbspX &ampamp; &copy2024");
}

#[test]
fn crlf_source_is_located() {
    let html = "<html><body>\r\n<p>첫 줄\r\n둘째 줄</p>\r\n<p>셋째 &quot;줄&quot;</p></body></html>";
    let page = parse_html(html);
    assert_eq!(texts(&page), vec!["첫 줄 둘째 줄", "셋째 \"줄\""]);
    assert_eq!(&html[page.blocks[0].span.clone()], "첫 줄\r\n둘째 줄");
    assert_eq!(&html[page.blocks[1].span.clone()], "셋째 &quot;줄&quot;");
}

const PORTAL: &str = "<html><head><title>포털 기사</title></head><body><table><tr><td>\
<div id=\"gnb\"><a href=\"/\">정치 | 경제 | 사회</a></div>\
<div id=\"articleBody\" class=\"news_body\">서울 시내 기온이 영하로 떨어졌다.<br>\n첫 한파다.<br><br>\n\
<a href=\"#\" class=\"btn\">(사진=뉴스)</a><br> <br>\n\
<a href=\"#\" class=\"btn\">닫기</a><br><br><br>\
기상청은 내일 더 추워진다고 밝혔다.<br>&nbsp;<br>\
<span class=\"copy\">Copyright &#169; 뉴스. <b>무단</b> 전재 금지.</span></div>\
</td><td class=\"side\">많이 본 뉴스</td></tr></table></body></html>";

#[test]
fn portal_page_splits_at_double_br() {
    let page = parse_html(PORTAL);
    assert_eq!(
        texts(&page),
        vec![
            "정치 | 경제 | 사회",
            "서울 시내 기온이 영하로 떨어졌다. 첫 한파다.",
            "(사진=뉴스)",
            "닫기",
            "기상청은 내일 더 추워진다고 밝혔다.",
            "Copyright © 뉴스. 무단 전재 금지.",
            "많이 본 뉴스",
        ]
    );
    let close = &block(&page, "닫기").hints;
    assert!(close.in_link && !close.in_button);
    assert_eq!(close.tag, "div");
    assert_eq!(close.class_id, "btn news_body articlebody");
    let body = &block(&page, "서울 시내 기온이 영하로 떨어졌다. 첫 한파다.").hints;
    assert!(!body.in_link && body.link_density == 0.0);
    assert_eq!(body.class_id, "news_body articlebody");
    assert_eq!(block(&page, "Copyright © 뉴스. 무단 전재 금지.").hints.class_id, "copy news_body articlebody");
    assert_eq!(block(&page, "정치 | 경제 | 사회").hints.class_id, "gnb");
    assert_eq!(block(&page, "많이 본 뉴스").hints.tag, "td");
    assert_eq!(block(&page, "많이 본 뉴스").hints.class_id, "side");
    let close_block = block(&page, "닫기");
    assert_eq!(&PORTAL[close_block.span.clone()], "닫기");
}

#[test]
fn unclosed_p_and_li_are_closed_like_browsers() {
    let page = parse_html("<body><p>First<p>Second<ul><li>One<li>Two</ul><p>Third");
    assert_eq!(texts(&page), vec!["First", "Second", "One", "Two", "Third"]);
    assert_eq!(block(&page, "Two").hints.tag, "li");
}

#[test]
fn script_style_and_hidden_are_skipped() {
    let page = parse_html(
        "<body><script>document.write('x')</script><style>.a{}</style><noscript>Enable JS</noscript>\
         <p>Visible <span hidden>secret</span>text</p><template><p>T</p></template>\
         <svg><title>icon</title><text>svg text</text></svg><iframe>frame</iframe></body>",
    );
    assert_eq!(texts(&page), vec!["Visible text"]);
    assert_eq!(page.title, None);
}

#[test]
fn text_hidden_from_view_is_skipped_but_not_text_hidden_from_screen_readers() {
    let page = parse_html(
        "<body><figure><figcaption><span class=visually-hidden>Image caption, </span>Boats in the harbour.</figcaption></figure>\
         <p><a href=/s><span class='icon SR-ONLY'>Search</span></a>Fares rise.</p>\
         <div style='DISPLAY : none'><p>Thanks for subscribing!</p></div>\
         <p aria-hidden=true>Shown to sighted readers.</p></body>",
    );
    assert_eq!(texts(&page), vec!["Boats in the harbour.", "Fares rise.", "Shown to sighted readers."]);
}

#[test]
fn nested_blocks_are_not_duplicated() {
    let page = parse_html("<div class=outer>Before<div class=inner><p>Deep</p></div>After <b>bold</b></div>");
    assert_eq!(texts(&page), vec!["Before", "Deep", "After bold"]);
    assert_eq!(block(&page, "Deep").hints.class_id, "inner outer");
    assert_eq!(block(&page, "After bold").hints.class_id, "outer");
}

#[test]
fn inline_elements_flatten_without_extra_spaces() {
    let page = parse_html("<p>Sam<b>sung</b> <i>Elec</i>tronics<sup>1</sup>,<br>Seoul</p>");
    assert_eq!(texts(&page), vec!["Samsung Electronics1, Seoul"]);
}

#[test]
fn buttons_are_flagged() {
    let page =
        parse_html("<div><button type=button>공유하기</button></div><div><span role=button>Close</span> now</div>");
    assert!(block(&page, "공유하기").hints.in_button);
    let partly = &block(&page, "Close now").hints;
    assert!(!partly.in_button && !partly.in_link);
}

#[test]
fn deep_nesting_is_walked_up_to_the_cap_and_refused_past_it() {
    let nested = |depth: usize| format!("{}deep text{}", "<div><span>".repeat(depth), "</span></div>".repeat(depth));
    let page = parse_html(&nested(450));
    assert_eq!(texts(&page), vec!["deep text"]);
    assert_eq!(super::parse_html(&nested(5_000)), Err(Refused::Depth { limit: parse::MAX_PARSER_STACK }));
}

#[test]
fn garbage_input_does_not_panic() {
    for html in ["", "<", "&", "&#xFFFFFFFF;", "<p>a &amp b &notin; c &#0;</p>", "</p></p><br><br>x", "\u{FFFD}<td>\r"]
    {
        let _ = super::parse_html(html);
    }
}

/// Checks every gold paragraph of the ntrex-dev evaluation set against the blocks of its
/// page. The data is read at test time only; the test is skipped when it is absent.
#[test]
fn ntrex_dev_gold_paragraphs_are_blocks() {
    use crate::input::encoding::decode_html;
    use crate::normalize::normalize;
    let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/ntrex-dev/docs");
    let Ok(entries) = std::fs::read_dir(&docs) else {
        eprintln!("skipped: {} not found", docs.display());
        return;
    };
    let mut dirs: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_dir()).collect();
    dirs.sort();
    let (mut pages, mut paragraphs, mut failures) = (0, 0, Vec::new());
    let (mut legacy, mut blocks_seen, mut located) = (0, 0, 0);
    for dir in &dirs {
        let Ok(gold) = std::fs::read_to_string(dir.join("gold.json")) else { continue };
        let gold: serde_json::Value = serde_json::from_str(&gold).expect("gold.json parses");
        let dateline = normalize(gold["dateline"].as_str().unwrap_or(""));
        for side in ["ko", "en"] {
            let Ok(bytes) = std::fs::read(dir.join(format!("{side}.html"))) else { continue };
            let decoded = decode_html(&bytes).expect("page decodes");
            assert_eq!(decoded.replaced, 0, "{}/{side}.html", dir.display());
            legacy += usize::from(decoded.encoding != "UTF-8");
            let page = parse_html(&decoded.text);
            blocks_seen += page.blocks.len();
            for b in &page.blocks {
                // A located span holds the block's first text as written in the source.
                if let Some(written) = decoded.text.get(b.span.clone()).filter(|w| !w.is_empty()) {
                    located += 1;
                    assert!(
                        b.text.starts_with(&fold_space(&htmlize::unescape(written))),
                        "{written:?} vs {:?}",
                        b.text
                    );
                }
            }
            let blocks: Vec<String> = page.blocks.iter().map(|b| normalize(&b.text)).collect();
            pages += 1;
            let mut dateline_used = side == "en" || dateline.is_empty();
            let beads = gold["beads"].as_array().map(Vec::as_slice).unwrap_or(&[]);
            for para in beads.iter().filter_map(|b| b[side].as_array()).flatten().filter_map(|p| p.as_str()) {
                let para = normalize(para);
                paragraphs += 1;
                if blocks.contains(&para) {
                    continue;
                }
                // The first Korean paragraph may carry the wire dateline before it.
                if !dateline_used && blocks.iter().any(|b| b.starts_with(&dateline) && b.ends_with(&para)) {
                    dateline_used = true;
                    continue;
                }
                failures.push(format!("{}/{side}: {para:?}", dir.display()));
            }
        }
    }
    eprintln!(
        "ntrex-dev HTML: {pages} pages ({legacy} legacy-encoded), {} of {paragraphs} gold paragraphs found as blocks; \
         {located} of {blocks_seen} blocks located in the source",
        paragraphs - failures.len()
    );
    assert!(failures.is_empty(), "{} missing:\n{}", failures.len(), failures.join("\n"));
    assert!(pages > 0);
}
