//! Content that must survive boilerplate removal (issue 14): kinds of article text that
//! held-out sets saw removed, each through the public path (`align_texts`). Every string
//! here is invented for these tests.

use koen_align::{align_texts, learn_evidence, load_pair_bytes, process, Document, LoadedDocument, Options};
use std::path::Path;

/// The text of every block the document keeps, both editions.
fn kept(doc: &Document) -> Vec<&str> {
    doc.ko_content.iter().chain(&doc.en_content).map(|b| b.text.as_str()).collect()
}

/// Asserts that each of `texts` is kept, naming the rule that removed it otherwise.
fn assert_kept(doc: &Document, texts: &[&str]) {
    for t in texts {
        let removed_by = doc.audit.iter().find(|a| a.text == *t).map(|a| a.rule.as_str());
        assert!(kept(doc).contains(t), "{t:?} removed by {removed_by:?}; audit: {:?}", doc.audit);
    }
}

#[test]
fn numbered_list_markers_are_not_timestamps() {
    let ko = "시는 세 가지 원칙을 제시했다.\n\n1.\n\n버스 노선을 늘린다.\n\n2.\n\n요금을 동결한다.\n\n3.\n\n\
              3. 세 번째 원칙은 야간 운행을 늘리는 것이다.";
    let en = "The city set out three principles.\n\n1.\n\nBus routes will be added.\n\n2.\n\nFares will be frozen.\n\n\
              3.\n\n3. The third principle is more night services.";
    let doc = align_texts("numbered", ko, en, &Options::default()).unwrap();
    assert!(doc.audit.iter().all(|a| a.rule != "timestamp"), "{:?}", doc.audit);
    assert_kept(&doc, &["3.", "3. The third principle is more night services."]);
}

#[test]
fn a_short_phrase_in_a_third_language_is_not_the_other_editions_interface() {
    // A French saying and a Japanese shop greeting quoted in a Korean article. Only English
    // on the Korean page (or Korean on the English page) is the other edition's interface;
    // the French phrase, which the English edition quotes too, is paired content.
    let ko = "시장 상인들은 올해도 장사가 어렵다고 말했다.\n\nC'est la vie, mon ami\n\n한 상인은 웃으며 프랑스 속담을 인용했다.\n\n\
              “いらっしゃいませ”\n\n가게 간판에는 일본어 인사말이 적혀 있었다.";
    let en = "Market traders said business was hard again this year.\n\nC'est la vie, mon ami\n\n\
              One trader smiled and quoted a French saying.\n\nThe shop sign carried a Japanese greeting.";
    let doc = align_texts("third-language", ko, en, &Options::default()).unwrap();
    assert!(doc.audit.iter().all(|a| a.rule != "foreign-ui"), "{:?}", doc.audit);
    assert_kept(&doc, &["C'est la vie, mon ami"]);
}

#[test]
fn a_closing_quotation_after_short_lines_is_not_a_tail_list() {
    let ko = "시는 내년부터 임대료 인상률 상한을 도입한다고 밝혔다.\n\n세입자 단체는 환영했지만 더 강한 조치를 요구했다.\n\n\
              세입자 모임\n\n남은 과제\n\n“여기서 멈추지 않을 것”";
    let en = "The city said it would cap rent increases from next year.\n\n\
              Tenant groups welcomed the move but called for stronger steps.\n\nTenants organise\n\nWhat is left\n\n\
              \"We will not stop here,\" she said";
    let doc = align_texts("closing-quote", ko, en, &Options::default()).unwrap();
    assert!(doc.audit.iter().all(|a| a.rule != "tail-list"), "{:?}", doc.audit);
    assert_kept(&doc, &["“여기서 멈추지 않을 것”", "\"We will not stop here,\" she said"]);
}

#[test]
fn a_standfirst_and_a_subheading_only_one_edition_has_stay() {
    let ko = "임대차 계약 2년 더 보장\n\n시의회, 수도권 세입자 계약 연장과 연간 인상률 상한 도입 의결\n\n\
              시의회는 월요일 새 임대차 규정을 통과시켰다.\n\n기사 이미지 확대 보기\n\n임대인에게 달라지는 점\n\n\
              임대인은 모든 계약을 신고해야 한다.\n\n규정은 2년 뒤 다시 검토된다.";
    let en = "Tenants win two more years on leases\n\nThe city council passed the new lease rules on Monday.\n\n\
              Landlords must report every lease.\n\nThe rules will be reviewed in two years.";
    let doc = align_texts("standfirst", ko, en, &Options::default()).unwrap();
    assert_kept(&doc, &["시의회, 수도권 세입자 계약 연장과 연간 인상률 상한 도입 의결", "임대인에게 달라지는 점"]);
}

#[test]
fn a_lead_in_line_or_a_spoken_fragment_without_a_counterpart_stays() {
    let ko = "시장은 월요일 기자회견을 열었다.\n\n다음은 일문일답:\n\n왜 지금 규정을 바꾸나.\n\n세입자 보호가 늦었기 때문이다.\n\n\
              “정말요”\n\n회견은 한 시간 동안 이어졌다.";
    let en = "The mayor held a news conference on Monday.\n\nWhy change the rules now?\n\nTenant protection was overdue.\n\n\
              Never again.\n\nThe conference lasted an hour.";
    let doc = align_texts("lead-in", ko, en, &Options::default()).unwrap();
    assert_kept(&doc, &["다음은 일문일답:", "“정말요”", "Never again."]);
}

#[test]
fn an_article_repeated_across_a_batch_is_not_its_template_but_a_shared_footer_is() {
    // Three stories of one site, each crawled five times (syndicated copies, several URLs),
    // all with the site's footer. Only the footer recurs across different articles.
    let footer_ko = "한빛일보 독자센터 평일 9시부터 18시까지 운영";
    let footer_en = "Hanbit Daily reader desk open weekdays 9 to 6";
    let stories = [
        (
            "임대료 상한 도입\n\n시의회는 월요일 연간 임대료 인상률 상한을 도입하는 조례를 통과시켰다.\n\n세입자 단체는 환영했다.",
            "Rent cap passed\n\nThe city council passed a cap on yearly rent rises on Monday.\n\nTenant groups welcomed it.",
        ),
        (
            "심야버스 재개\n\n항구 지역 심야버스 노선이 다음 달부터 다시 운행된다고 교통국이 밝혔다.\n\n운전기사도 새로 뽑았다.",
            "Night buses return\n\nNight bus routes in the harbour district will run again next month, the transport office said.\n\nNew drivers have been hired.",
        ),
        (
            "도서관 야간 개방\n\n중앙도서관은 3월부터 평일 밤 10시까지 문을 연다고 관장이 말했다.\n\n학생들의 요청이 많았다.",
            "Library opens late\n\nThe central library will open until 10 p.m. on weekdays from March, its director said.\n\nStudents had asked for it.",
        ),
    ];
    let options = Options::default();
    let docs: Vec<(String, LoadedDocument)> = (0..15)
        .map(|i| {
            let (ko, en) = stories[i % 3];
            let (ko, en) = (format!("{ko}\n\n{footer_ko}"), format!("{en}\n\n{footer_en}"));
            let loaded = load_pair_bytes(
                (ko.as_bytes(), Path::new("ko.txt")),
                (en.as_bytes(), Path::new("en.txt")),
                &options.read,
                &options.limits,
            )
            .unwrap();
            (format!("copy-{i}"), loaded)
        })
        .collect();
    let sample: Vec<(&str, &LoadedDocument)> = docs.iter().map(|(id, d)| (id.as_str(), d)).collect();
    let evidence = learn_evidence(&sample, &options);
    for (id, loaded) in &docs {
        let doc = process(id, loaded.clone(), &options, &evidence);
        let template: Vec<&str> = doc.audit.iter().filter(|a| a.rule == "template").map(|a| a.text.as_str()).collect();
        assert!(template.contains(&footer_en), "{id}: the shared footer is the site's template: {:?}", doc.audit);
        assert!(
            template.iter().all(|t| *t == footer_en || *t == footer_ko),
            "{id}: content taken for template: {template:?}"
        );
        assert_eq!((doc.ko_content.len(), doc.en_content.len()), (3, 3), "{id}: {:?}", doc.audit);
    }
}
