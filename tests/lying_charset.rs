//! HTML pages whose `<meta>` charset does not fit their bytes: read in the encoding that does
//! fit, with the declaration kept in the page's facts and the batch summary, or refused.

use koen_align::{doc_summary, load_pair_bytes, process, BatchEvidence, Limits, Options, Origin, ReadOptions, Status};
use std::path::Path;

const KO: &str = "정부는 지난달 반도체 수출이 작년 같은 달보다 크게 늘었다고 밝혔다. 산업통상자원부는 \
    메모리 가격이 오르고 인공지능 서버 수요가 이어지면서 수출이 열네 달 연속 증가했다고 설명했다.";
const EN: &str = "The government said chip exports rose sharply last month from a year earlier. The trade \
    ministry said memory prices rose and demand for artificial intelligence servers continued.";

fn page(meta: &str, text: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head>{meta}<title>t</title></head><body><article><p>{text}</p></article></body></html>"
    )
}

fn euc_kr(text: &str) -> Vec<u8> {
    encoding_rs::EUC_KR.encode(text).0.into_owned()
}

/// Loads a Korean page's bytes with a plain English page and processes the pair.
fn load(ko: &[u8]) -> koen_align::Result<(Origin, serde_json::Value)> {
    let en = page("<meta charset=utf-8>", EN);
    let doc = load_pair_bytes(
        (ko, Path::new("ko.html")),
        (en.as_bytes(), Path::new("en.html")),
        &ReadOptions::default(),
        &Limits::default(),
    )?;
    let origin = doc.origin.clone();
    let processed = process("lying", doc, &Options::default(), &BatchEvidence::default());
    let summary = doc_summary("lying", &Ok(processed));
    assert_eq!(summary.status, Status::Ok);
    Ok((origin, serde_json::to_value(&summary).expect("the summary serialises")))
}

fn ko_info(origin: &Origin) -> &koen_align::PageInfo {
    match origin {
        Origin::Pair { ko, .. } => ko,
        Origin::Bilingual(page) => panic!("a pair was loaded, not {page:?}"),
    }
}

#[test]
fn a_utf8_page_declaring_euc_kr_is_read_as_utf8_and_says_so() {
    let ko = page("<meta charset=euc-kr>", KO);
    let (origin, summary) = load(ko.as_bytes()).expect("the page loads");
    let info = ko_info(&origin);
    assert_eq!((info.encoding, info.declared_encoding, info.replaced), ("UTF-8", Some("EUC-KR"), 0));
    let overrides = &summary["charset_overrides"];
    assert_eq!(overrides, &serde_json::json!([{"page": "ko", "declared": "EUC-KR", "used": "UTF-8"}]), "{summary}");
}

#[test]
fn an_euc_kr_page_declaring_utf8_is_read_as_euc_kr_and_says_so() {
    let ko = euc_kr(&page("<meta charset=\"utf-8\">", KO));
    let (origin, summary) = load(&ko).expect("the page loads");
    let info = ko_info(&origin);
    assert_eq!((info.encoding, info.declared_encoding, info.replaced), ("EUC-KR", Some("UTF-8"), 0));
    let overrides = &summary["charset_overrides"];
    assert_eq!(overrides, &serde_json::json!([{"page": "ko", "declared": "UTF-8", "used": "EUC-KR"}]), "{summary}");
}

#[test]
fn an_honest_declaration_adds_nothing_to_the_summary() {
    let (origin, summary) = load(&euc_kr(&page("<meta charset=euc-kr>", KO))).expect("the page loads");
    assert_eq!(ko_info(&origin).declared_encoding, None);
    assert!(summary.get("charset_overrides").is_none(), "{summary}");
}

#[test]
fn random_bytes_declaring_utf8_fail_naming_the_page() {
    // xorshift64*: fixed pseudo-random bytes, no NUL (that would be a binary file).
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut bytes = b"<html><head><meta charset=utf-8></head><body><p>".to_vec();
    bytes.extend((0..4000).map(|_| {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        ((state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8).max(1)
    }));
    let err = load(&bytes).expect_err("random bytes are not a page").to_string();
    assert!(err.starts_with("ko.html: declares UTF-8"), "{err}");
}
