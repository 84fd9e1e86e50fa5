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

/// A page whose `<head>` holds `head` and whose body is one paragraph.
fn with_head(head: &str) -> HtmlPage {
    parse_html(&format!("<!doctype html><html lang=ko><head>{head}</head><body><p>본문입니다.</p></body></html>"))
}

fn alternates(page: &HtmlPage) -> Vec<(&str, &str)> {
    page.alternates.iter().map(|a| (a.lang.as_str(), a.href.as_str())).collect()
}

#[test]
fn canonical_url_from_the_link_before_og_url() {
    // The link wins even when og:url comes first; attribute values arrive entity-decoded.
    let page = with_head(
        "<meta property='og:url' content='https://m.news.example.kr/a/1'>\
         <LINK REL='Canonical' HREF=' https://news.example.kr/a/1?x=1&amp;y=2 '>\
         <link rel=canonical href='https://news.example.kr/second'>",
    );
    assert_eq!(page.canonical_url.as_deref(), Some("https://news.example.kr/a/1?x=1&y=2"));
    // Without the link, og:url (whether in `property` or `name`).
    for meta in [
        "<meta property=og:url content='https://news.example.kr/a/2'>",
        "<meta name=OG:URL content='https://news.example.kr/a/2'>",
    ] {
        assert_eq!(with_head(meta).canonical_url.as_deref(), Some("https://news.example.kr/a/2"), "{meta}");
    }
    // A relative canonical is resolved against <base href>, wherever the base is.
    let page = with_head("<link rel=canonical href='../en/3'><base href='https://news.example.kr/ko/world/'>");
    assert_eq!(page.canonical_url.as_deref(), Some("https://news.example.kr/ko/en/3"));
    // Without a base it stays as written.
    assert_eq!(with_head("<link rel=canonical href='/a/4'>").canonical_url.as_deref(), Some("/a/4"));
    // An empty link is no canonical; og:url stands in for it.
    let page = with_head("<link rel=canonical href='  '><meta property=og:url content='https://x.kr/5'>");
    assert_eq!(page.canonical_url.as_deref(), Some("https://x.kr/5"));
}

#[test]
fn hreflang_alternates_are_read_from_any_rel_spelling_and_resolved() {
    let page = with_head(
        "<link rel='canonical' href='https://news.example.kr/ko/article/7?page=1'>\
         <link rel='Alternate' hreflang='EN-us' href='/en/article/7'>\
         <link rel='nofollow alternate' hreflang=ko href='https://news.example.kr/ko/article/7?page=1'>\
         <link rel='alternate' hreflang='zh-Hans' href='../zh/7'>\
         <link rel='alternate' hreflang='x-default' href='?lang=auto&amp;x=1'>\
         <link rel='alternate' hreflang='ja' href='//ja.example.kr/7#top'>\
         <link rel='alternate' type='application/rss+xml' hreflang='en' href='/rss/en.xml'>\
         <link rel='alternate' type='text/html' hreflang='de' href='de/7'>\
         <link rel='alternate' href='/m/7'>\
         <link rel='alternate' hreflang='fr' href=''>\
         <link rel='stylesheet' hreflang='es' href='/es.css'>\
         <link rel='alternate' hreflang='en-US' href='/en/article/7'>\
         <link rel='alternate' hreflang='en-us' href='https://news.example.kr/en/article/7'>",
    );
    assert_eq!(
        alternates(&page),
        vec![
            ("en-us", "https://news.example.kr/en/article/7"),
            ("ko", "https://news.example.kr/ko/article/7?page=1"),
            ("zh-hans", "https://news.example.kr/ko/zh/7"),
            ("x-default", "https://news.example.kr/ko/article/7?lang=auto&x=1"),
            ("ja", "https://ja.example.kr/7#top"),
            ("de", "https://news.example.kr/ko/article/de/7"),
        ]
    );
    // <base href> is the base when there is one, as in a browser; a relative base is
    // relative to the canonical URL.
    let page = with_head(
        "<link rel=canonical href='https://news.example.kr/ko/7'><base href='/en/'>\
         <link rel=alternate hreflang=en href='7'>",
    );
    assert_eq!(alternates(&page), vec![("en", "https://news.example.kr/en/7")]);
    let page = with_head(
        "<base href='https://cdn.example.kr/site/'><link rel=canonical href='https://news.example.kr/ko/7'>\
         <link rel=alternate hreflang=en href='en/7'>",
    );
    assert_eq!(alternates(&page), vec![("en", "https://cdn.example.kr/site/en/7")]);
    // With no base known, relative hrefs stay as written.
    let page = with_head("<link rel=alternate hreflang=en href='/en/7'>");
    assert_eq!(alternates(&page), vec![("en", "/en/7")]);
    // A base nothing resolves against (saved pages carry `about:blank`) gives way to the
    // canonical URL.
    let page = with_head(
        "<base href='about:blank'><link rel=canonical href='https://news.example.kr/ko/7'>\
         <link rel=alternate hreflang=en href='/en/7'>",
    );
    assert_eq!(alternates(&page), vec![("en", "https://news.example.kr/en/7")]);
}

#[test]
fn published_comes_from_the_most_trusted_source_present() {
    // The sources most trusted first, each with the ways a page writes it and the date each
    // gives. Each page holds one way of one source and the first way of every less trusted
    // source, written in reverse, so that the page order is not what picks.
    let sources: [&[(&str, &str)]; 5] = [
        &[(
            "<meta property='article:published_time' content='2024-11-17T10:04:00+09:00'>",
            "2024-11-17T10:04:00+09:00",
        )],
        &[
            ("<meta itemprop=datePublished content='2024-11-17T10:05'>", "2024-11-17T10:05"),
            (
                "<span itemprop='headline datePublished' datetime='2024-11-17 10:06'>11월 17일</span>",
                "2024-11-17 10:06",
            ),
        ],
        &[(
            "<script type='application/ld+json'>{\"@graph\": [{\"@type\": \"WebSite\", \"name\": \"x\"}, \
             {\"@type\": \"NewsArticle\", \"datePublished\": \"2024-11-17T10:07:00&#43;09:00\", \
             \"hasPart\": {\"datePublished\": \"1999-01-01\"}}, {\"datePublished\": \"2000-01-01\"}]}</script>",
            "2024-11-17T10:07:00+09:00",
        )],
        &[
            ("<meta name=date content='2024.11.17 10:08'>", "2024.11.17 10:08"),
            ("<meta name=pubdate content='20241117100900'>", "20241117100900"),
        ],
        &[(
            "<time datetime='2024-11-17T10:10'>어제</time><time datetime='2024-11-17T23:59'>댓글</time>",
            "2024-11-17T10:10",
        )],
    ];
    for (tier, ways) in sources.iter().enumerate() {
        for (html, expected) in ways.iter() {
            let mut snippets: Vec<&str> = sources[tier + 1..].iter().map(|ways| ways[0].0).collect();
            snippets.push(html);
            snippets.reverse();
            let page = parse_html(&format!("<html><head></head><body><p>본문</p>{}</body></html>", snippets.concat()));
            assert_eq!(page.published.as_deref(), Some(*expected), "{html}");
        }
    }
    // The first of one source wins, and an empty value is no date.
    let page = with_head(
        "<meta property='article:published_time' content=' '>\
         <meta property='article:published_time' content='2024-01-02'>\
         <meta property='article:published_time' content='2024-01-03'>",
    );
    assert_eq!(page.published.as_deref(), Some("2024-01-02"));
    // JSON-LD that does not parse gives nothing, and the next source is read.
    let page = with_head("<script type=application/ld+json>{\"datePublished\": \"2024-01-04\",</script><meta name=date content=2024-01-05>");
    assert_eq!(page.published.as_deref(), Some("2024-01-05"));
}

#[test]
fn a_hostile_page_keeps_64_alternates_in_page_order() {
    let links: String =
        (0..10_000).map(|i| format!("<link rel=alternate hreflang=l{i} href='https://x.kr/{i}'>")).collect();
    let page = with_head(&links);
    assert_eq!(page.alternates.len(), identity::MAX_ALTERNATES);
    assert_eq!(page.alternates.len(), 64);
    assert_eq!((page.alternates[0].lang.as_str(), page.alternates[63].href.as_str()), ("l0", "https://x.kr/63"));
    // Repeats do not use up the cap.
    let repeated = "<link rel=alternate hreflang=en href='https://x.kr/en'>".repeat(10_000);
    let page = with_head(&format!("{repeated}<link rel=alternate hreflang=ko href='https://x.kr/ko'>"));
    assert_eq!(alternates(&page), vec![("en", "https://x.kr/en"), ("ko", "https://x.kr/ko")]);
    // Values past 2,048 bytes are dropped, not cut: a cut URL names another page.
    let long = format!("https://x.kr/{}", "a".repeat(2048));
    let page = with_head(&format!(
        "<link rel=canonical href='{long}'><meta property=og:url content='https://x.kr/short'>\
         <link rel=alternate hreflang=en href='{long}'><meta property='article:published_time' content='{long}'>\
         <time datetime=2024-01-06></time>"
    ));
    assert_eq!(page.canonical_url.as_deref(), Some("https://x.kr/short"));
    assert!(page.alternates.is_empty());
    assert_eq!(page.published.as_deref(), Some("2024-01-06"));
}

#[test]
fn absent_identity_facts_stay_empty() {
    for page in [
        SEMANTIC,
        PORTAL,
        "",
        "<p>text</p>",
        // Lookalikes: no rel, other rels, og:locale:alternate, a <time> without datetime, a
        // date in text only, facts inside an inert <template> or an SVG drawing.
        "<html><head><link href='https://x.kr/1'><link rel='canonicalish' href='https://x.kr/2'>\
         <meta property='og:locale:alternate' content='en_US'><meta name='og:title' content='T'>\
         <meta property='article:modified_time' content='2024-01-01'></head>\
         <body><time>2024-01-01</time><span itemprop=datePublished>2024-01-01</span>\
         <template><link rel=canonical href='https://x.kr/3'><time datetime='{{date}}'></time>\
         <link rel=alternate hreflang=en href='/en'></template>\
         <svg><link rel=canonical href='https://x.kr/4'></link><time datetime='2024-01-01'></time></svg><p>text</p></body></html>",
    ] {
        let page = parse_html(page);
        assert_eq!(page.canonical_url, None, "{page:?}");
        assert!(page.alternates.is_empty(), "{:?}", page.alternates);
        assert_eq!(page.published, None);
    }
}

/// A page with `body` as its body (after a paragraph of text).
fn with_body(body: &str) -> HtmlPage {
    parse_html(&format!("<!doctype html><html lang=en><head></head><body><p>Text.</p>{body}</body></html>"))
}

#[test]
fn author_is_read_from_each_source() {
    for (html, expected) in [
        // JSON-LD: a person, a plain string, a list (repeats once), an @id reference.
        (
            "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"author\": {\"@type\": \"Person\", \
             \"name\": \"Hannah  Roe\"}}</script>",
            "Hannah Roe",
        ),
        ("<script type='application/ld+json'>{\"author\": \"김태윤\"}</script>", "김태윤"),
        (
            "<script type='application/ld+json'>{\"author\": [{\"name\": \"Ana L&#250;cia Torres\"}, \
             {\"name\": \"Peter Vance\"}, \"Peter Vance\", 7]}</script>",
            "Ana Lúcia Torres; Peter Vance",
        ),
        (
            "<script type='application/ld+json'>{\"@graph\": [{\"@type\": \"Article\", \"author\": {\"@id\": \"#p1\"}}, \
             {\"@type\": \"Person\", \"@id\": \"#p1\", \"name\": \"Jess Carrow\"}]}</script>",
            "Jess Carrow",
        ),
        // Microdata: content, a nested name, the element's own text.
        ("<meta itemprop=author content='Maren Oduya'>", "Maren Oduya"),
        (
            "<div itemprop='author' itemscope itemtype='https://schema.org/Person'><img src=a.jpg>\
             <span itemprop=name>Owen <b>Pritchard</b></span><span itemprop=jobTitle>Editor</span></div>",
            "Owen Pritchard",
        ),
        ("<span itemprop='creator author'>\n Dana\n Kowalczyk </span>", "Dana Kowalczyk"),
        // Meta tags, in `name` or `property`.
        ("<meta name=author content='Clara Nwosu'>", "Clara Nwosu"),
        ("<meta property='article:author' content='Colm Rafferty'>", "Colm Rafferty"),
        ("<meta property='dable:author' content='이도현'>", "이도현"),
        ("<meta name='Author' content=' 오세린 기자 '>", "오세린 기자"),
        // A rel=author link's text (a script inside it is not text).
        ("<a rel='author noopener' href='/u/1'>Ottilie <script>x()</script>Brandt</a>", "Ottilie Brandt"),
    ] {
        assert_eq!(with_body(html).author.as_deref(), Some(expected), "{html}");
    }
}

#[test]
fn author_comes_from_the_most_trusted_source_present() {
    // Most trusted first; each page holds one source and every less trusted one, written in
    // reverse, so that the page order is not what picks.
    let sources = [
        "<script type='application/ld+json'>{\"author\": {\"name\": \"From JSON-LD\"}}</script>",
        "<span itemprop=author>From Microdata</span>",
        "<meta name=author content='From Meta'>",
        "<a rel=author href='/a'>From Link</a>",
    ];
    let expected = ["From JSON-LD", "From Microdata", "From Meta", "From Link"];
    for tier in 0..sources.len() {
        let body: String = sources[tier..].iter().rev().copied().collect();
        assert_eq!(with_body(&body).author.as_deref(), Some(expected[tier]), "{body}");
    }
    // The first of one source wins; an empty or URL value is none, and the next is read.
    let page = with_body(
        "<meta property='article:author' content='https://social.example/profile/kim'>\
         <meta name=author content='  '><meta name=author content='Second Name'><meta name=author content='Third'>",
    );
    assert_eq!(page.author.as_deref(), Some("Second Name"));
    // A JSON-LD author without a name, and JSON-LD that does not parse, give nothing.
    let page = with_body(
        "<script type='application/ld+json'>{\"author\": {\"@id\": \"#nobody\"}}</script>\
         <script type='application/ld+json'>{\"author\": \"Broken\",</script><a rel=author>Link Name</a>",
    );
    assert_eq!(page.author.as_deref(), Some("Link Name"));
}

#[test]
fn absent_author_stays_empty() {
    for page in [
        SEMANTIC,
        PORTAL,
        "",
        // Lookalikes: other itemprops, rel=author on a <link> (no text), an author in a
        // publisher, a byline in text only, an author inside an inert template or an SVG.
        "<html><head><link rel=author href='/humans.txt'><meta name=authority content='x'>\
         <script type='application/ld+json'>{\"publisher\": {\"name\": \"Daily\"}, \"authorName\": \"x\"}</script></head>\
         <body><p>By Jane Doe</p><span itemprop=authorship>x</span><a rel=nofollow>Name</a>\
         <template><meta name=author content='T'></template><svg><a rel=author>S</a></svg></body></html>",
    ] {
        assert_eq!(parse_html(page).author, None, "{page}");
    }
}

#[test]
fn hostile_author_values_are_capped() {
    // A name past 2,048 bytes is dropped, not cut, whatever its source.
    let long = "a ".repeat(1100);
    for html in [
        format!("<meta name=author content='{long}'>"),
        format!("<span itemprop=author>{long}</span>"),
        format!("<a rel=author href='/a'>{long}</a>"),
        format!("<script type='application/ld+json'>{{\"author\": \"{long}\"}}</script>"),
    ] {
        assert_eq!(with_body(&html).author, None, "{}", &html[..40]);
    }
    // A JSON-LD list gives at most 16 names (whose join may then pass the cap).
    let names: Vec<String> = (0..10_000).map(|i| format!("{{\"name\": \"N{i}\"}}")).collect();
    let page = with_body(&format!("<script type='application/ld+json'>{{\"author\": [{}]}}</script>", names.join(",")));
    let author = page.author.unwrap_or_default();
    assert_eq!(author.split("; ").count(), identity::MAX_AUTHORS);
    assert!(author.starts_with("N0; N1;") && author.ends_with("N15"), "{author}");
    // Author elements nested a thousand deep, and ten thousand empty ones: each is read from
    // a bounded number of nodes, so the walk stays linear (reading every element's subtree
    // would take the square); the name is the text of the first element that has one near.
    let nested = format!("{}Deep{}", "<div itemprop=author>".repeat(1000), "</div>".repeat(1000));
    let empty = "<span itemprop=author></span>".repeat(10_000);
    let start = std::time::Instant::now();
    assert_eq!(with_body(&nested).author.as_deref(), Some("Deep"));
    assert_eq!(with_body(&format!("{empty}<span itemprop=author>Real</span>")).author.as_deref(), Some("Real"));
    assert!(start.elapsed() < std::time::Duration::from_secs(5), "{:?}", start.elapsed());
    // Text past the bound is not read: the name comes from the next source.
    let far = format!("<span itemprop=author>{}Far</span><meta name=author content=Near>", "<i></i>".repeat(100));
    assert_eq!(with_body(&far).author.as_deref(), Some("Near"));
}
