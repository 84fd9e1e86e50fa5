//! Small pages whose markup makes parsing or walking them grow faster than their size: each
//! shape either loads with a bounded number of blocks and containers or fails with the
//! message of the cap it hit. The shapes are built at sizes that run fast here; the sizes of
//! the issue (241 kB of formatting elements, 1.1 MB of nested divs) are measured by a script,
//! not a test.

use koen_align::stages::page_from_bytes;
use koen_align::{Error, InputKind, ReadOptions, Side};
use std::path::Path;

/// Elements the HTML5 parser reopens ("reconstructs") in every new paragraph while they are
/// unclosed; distinct attributes keep its three-of-a-kind rule from dropping them.
const FORMATTING: [&str; 12] = ["b", "big", "code", "em", "font", "i", "s", "small", "strike", "strong", "tt", "u"];

fn load(html: &str) -> Result<koen_align::stages::Page, Error> {
    let options = ReadOptions { kind: InputKind::Html, ..ReadOptions::default() };
    page_from_bytes(html.as_bytes(), Path::new("hostile.html"), Side::En, &options)
}

/// A paragraph, then `elements` distinct unclosed formatting elements, then `paragraphs`
/// paragraphs that each reopen all of them.
fn unclosed_formatting(elements: usize, paragraphs: usize) -> String {
    let mut html = String::from("<!DOCTYPE html><html><head><title>t</title></head><body><p>");
    for k in 0..elements {
        html.push_str(&format!("<{} class=a{k}>", FORMATTING[k % FORMATTING.len()]));
    }
    for _ in 0..paragraphs {
        html.push_str("<p>Some text\n");
    }
    html + "</body></html>"
}

fn nested_divs(depth: usize) -> String {
    format!("<!DOCTYPE html><html><body>{}text{}</body></html>", "<div>".repeat(depth), "</div>".repeat(depth))
}

/// `depth` nested elements `tag`, each with its own 100-character class, around `inner`.
fn classed_nesting(tag: &str, depth: usize, inner: &str) -> String {
    let class = "c".repeat(100);
    let mut html = String::from("<!DOCTYPE html><html><body>");
    for k in 0..depth {
        html.push_str(&format!("<{tag} class={class}{k}>"));
    }
    html + inner + "</body></html>"
}

fn refused(html: &str, cap: &str) {
    match load(html) {
        Ok(page) => panic!(
            "a hostile page of {} bytes loaded ({} blocks), expected the {cap} cap",
            html.len(),
            page.blocks.len()
        ),
        Err(err) => {
            let message = err.to_string();
            assert!(message.starts_with("hostile.html: "), "{message}");
            assert!(message.contains(cap), "expected the {cap} cap: {message}");
        }
    }
}

#[test]
fn formatting_elements_reopened_in_every_paragraph_hit_the_node_cap() {
    // 300 elements reopened in 1,000 paragraphs: 300,000 nodes from 19 kB of HTML.
    refused(&unclosed_formatting(300, 1_000), "nodes");
}

#[test]
fn a_few_unclosed_formatting_elements_still_load() {
    let page = load(&unclosed_formatting(20, 200)).expect("a page with 20 unclosed elements loads");
    assert_eq!(page.blocks.len(), 200);
    let containers = page.info.dom.as_ref().map_or(0, |d| d.containers.len());
    assert!(containers <= 205, "{containers} containers for 200 paragraphs");
}

#[test]
fn hundreds_of_distinct_formatting_elements_hit_the_depth_cap() {
    refused(&unclosed_formatting(1_000, 5), "deep");
}

#[test]
fn deeply_nested_divs_hit_the_depth_cap() {
    refused(&nested_divs(2_000), "deep");
}

#[test]
fn moderately_nested_divs_still_load() {
    let page = load(&nested_divs(300)).expect("300 nested divs load");
    assert_eq!(page.blocks.len(), 1);
    let containers = page.info.dom.as_ref().map_or(0, |d| d.containers.len());
    assert!(containers <= 305, "{containers} containers for 300 nested divs");
}

#[test]
fn class_names_repeated_into_every_block_hit_the_output_cap() {
    // Every paragraph's hints name the 300 classes around it: 9 MB of hints from 35 kB.
    refused(&classed_nesting("div", 300, &"<p>Some text\n".repeat(300)), "hints");
    // The same through inline elements around a block split by double line breaks.
    refused(&classed_nesting("span", 200, &format!("<p>{}", "Some text<br><br>".repeat(300))), "hints");
}

#[test]
fn classed_nesting_with_few_blocks_still_loads() {
    let page = load(&classed_nesting("div", 100, &"<p>Some text\n".repeat(20))).expect("loads");
    assert_eq!(page.blocks.len(), 20);
}
