//! Content that must survive boilerplate removal (issue 14): kinds of article text that
//! held-out sets saw removed, each through the public path (`align_texts`). Every string
//! here is invented for these tests.

use koen_align::{align_texts, Document, Options};

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
