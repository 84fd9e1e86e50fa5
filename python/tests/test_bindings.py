"""Tests of the koen_align Python bindings (the installed wheel; nothing is built here)."""

import json
import threading
import time

import pytest

import koen_align

# An article pair written for these tests: two paragraphs, and the image viewer's close
# button on each page (UI text the boilerplate rules remove).
KO = (
    "서울시는 내년 1월부터 시내버스 요금을 150원 올린다고 3일 밝혔다.\n\n"
    "시는 연료비와 인건비가 크게 오르면서 버스 회사들의 적자가 커졌다고 설명했다.\n\n"
    "닫기\n"
)
EN = (
    "Seoul will raise city bus fares by 150 won from January, the city government said on the 3rd.\n\n"
    "The city said bus companies' deficits had grown as fuel and labour costs rose sharply.\n\n"
    "Close\n"
)

PAIR_KEYS = ["id", "ko", "en", "ko_blocks", "en_blocks", "kind", "score", "ko_lang_confidence", "en_lang_confidence"]
AUDIT_KEYS = ["id", "side", "block", "text", "lang", "rule", "reason", "scope"]


def test_align_returns_pairs_and_audit_with_the_jsonl_fields():
    out = koen_align.align(KO, EN, doc_id="bus-fares")
    assert list(out) == ["pairs", "audit"]
    pairs, audit = out["pairs"], out["audit"]

    assert [list(p) for p in pairs] == [PAIR_KEYS] * len(pairs)
    assert [(p["ko_blocks"], p["en_blocks"], p["kind"]) for p in pairs] == [([0], [0], "1-1"), ([1], [1], "1-1")]
    assert pairs[0]["ko"].startswith("서울시는") and pairs[0]["en"].startswith("Seoul will")
    for p in pairs:
        assert p["id"] == "bus-fares"
        assert 0.0 <= p["score"] <= 1.0
        # The score is the number written in pairs.jsonl (four decimals), not a widened f32.
        assert p["score"] == round(p["score"], 4)

    assert [list(a) for a in audit] == [AUDIT_KEYS] * len(audit)
    removed = {(a["side"], a["block"], a["text"]) for a in audit}
    assert ("ko", 2, "닫기") in removed
    assert ("en", 2, "Close") in removed
    for a in audit:
        assert a["id"] == "bus-fares"
        assert a["scope"] in ("block", "inline-prefix", "inline-suffix")
        assert a["rule"] and a["reason"]


def test_records_serialise_to_jsonl_lines():
    out = koen_align.align(KO, EN)
    line = json.dumps(out["pairs"][0], ensure_ascii=False, separators=(",", ":"))
    assert line.startswith('{"id":"doc","ko":"서울시는')
    assert json.loads(line) == out["pairs"][0]


def test_level_and_min_score():
    sentences = koen_align.align(KO, EN, level="sentence")["pairs"]
    assert sentences and all(list(p) == PAIR_KEYS for p in sentences)
    assert all(p["kind"] == "1-1" for p in sentences)
    # Scores are in [0, 1]: a threshold outside is refused, naming the setting.
    with pytest.raises(koen_align.KoenAlignError, match="min-score must be a score in"):
        koen_align.align(KO, EN, min_score=1.5)
    strict = koen_align.align(KO, EN, min_score=1.0)["pairs"]
    assert all(p["score"] >= 1.0 for p in strict)
    # The audit does not depend on the level or the threshold.
    assert koen_align.align(KO, EN, min_score=1.0)["audit"] == koen_align.align(KO, EN)["audit"]


def test_unknown_or_bad_options_name_the_option():
    with pytest.raises(TypeError, match="colour"):
        koen_align.align(KO, EN, colour="red")
    with pytest.raises(TypeError, match="threads"):
        koen_align.align(KO, EN, threads=2)  # a batch option only
    with pytest.raises(ValueError, match="level"):
        koen_align.align(KO, EN, level="word")
    with pytest.raises(TypeError, match="min_score"):
        koen_align.align(KO, EN, min_score="high")
    with pytest.raises(TypeError, match="rules"):
        koen_align.align(KO, EN, rules=42)
    with pytest.raises(TypeError, match="ko"):
        koen_align.align(3, EN)
    with pytest.raises(ValueError, match="threads"):
        koen_align.align_batch([], threads=0)
    with pytest.raises(TypeError, match="shuffle"):
        koen_align.align_batch([], shuffle=True)


def test_a_missing_rules_file_raises_koen_align_error_naming_it(tmp_path):
    missing = tmp_path / "no-such-rules.tsv"
    with pytest.raises(koen_align.KoenAlignError) as err:
        koen_align.align(KO, EN, rules=str(missing))
    assert isinstance(err.value, ValueError)
    assert str(err.value).startswith(f"{missing}: cannot read: ")
    with pytest.raises(koen_align.KoenAlignError, match="no-such-dict"):
        koen_align.align_batch([{"id": "a", "ko": KO, "en": EN}], dictionary=tmp_path / "no-such-dict.txt")


def test_a_malformed_rules_file_raises_the_library_message(tmp_path):
    rules = tmp_path / "rules.tsv"
    rules.write_text("# mine\nmy-rule\tko\texact\tblock\n", encoding="utf-8")
    with pytest.raises(koen_align.KoenAlignError) as err:
        koen_align.align(KO, EN, rules=rules)
    assert str(err.value) == (
        f"{rules}:2: expected 7 tab-separated fields (id, lang, match, scope, max_chars, pattern, reason), found 4"
    )


def test_user_rules_and_dictionary_are_applied(tmp_path):
    notice = "이 기사는 시민 후원으로 만들어졌습니다."
    rules = tmp_path / "rules.tsv"
    rules.write_text(f"donor-notice\tko\texact\tblock\t60\t{notice}\tdonation notice\n", encoding="utf-8")
    dictionary = tmp_path / "dict.txt"
    dictionary.write_text("bus fare @ 버스요금\n", encoding="utf-8")
    ko = KO + "\n" + notice + "\n"
    # Without the rule the notice is a Korean paragraph with no English counterpart (a 1-0 bead).
    plain = koen_align.align(ko, EN)
    assert notice not in {a["text"] for a in plain["audit"]}
    assert (plain["pairs"][-1]["ko"], plain["pairs"][-1]["kind"]) == (notice, "1-0")
    ruled = koen_align.align(ko, EN, rules=rules, dictionary=str(dictionary))
    removed = [a for a in ruled["audit"] if a["text"] == notice]
    assert [(a["side"], a["rule"], a["reason"], a["scope"]) for a in removed] == [
        ("ko", "donor-notice", "donation notice", "block")
    ]
    assert notice not in {p["ko"] for p in ruled["pairs"]}


def test_a_page_without_text_is_an_error():
    with pytest.raises(koen_align.KoenAlignError, match=r"^doc \(en text\): the page has no text$"):
        koen_align.align(KO, " \n\n ")


def test_bytes_are_decoded_as_the_cli_decodes_files():
    euc_kr = KO.encode("euc-kr")
    with pytest.raises(koen_align.KoenAlignError, match=r"^doc \(ko text\): not valid UTF-8"):
        koen_align.align(euc_kr, EN.encode())
    with pytest.raises(TypeError, match="both be str or both bytes"):
        koen_align.align(euc_kr, EN)
    assert koen_align.align(euc_kr, EN.encode(), encoding="euc-kr") == koen_align.align(KO, EN)
    assert koen_align.align(b"\xef\xbb\xbf" + KO.encode(), EN.encode()) == koen_align.align(KO, EN)


def test_html_pages_and_bilingual_pages():
    def html(text):
        body = "".join(f"<p>{block}</p>" for block in text.split("\n\n"))
        return f"<!DOCTYPE html><html><head><title>news</title></head><body>{body}</body></html>"

    out = koen_align.align(html(KO), EN)  # input_kind='auto': markup at the start means HTML
    assert [(p["ko_blocks"], p["en_blocks"], p["kind"]) for p in out["pairs"]] == [([0], [0], "1-1"), ([1], [1], "1-1")]
    both = koen_align.align(html(KO), html(EN), input_kind="html")
    assert [p["kind"] for p in both["pairs"]] == ["1-1", "1-1"]
    assert {"닫기", "Close"} <= {a["text"] for a in both["audit"]}
    with pytest.raises(ValueError, match="input_kind must be 'auto' or 'text' or 'html', not 'pdf'"):
        koen_align.align(KO, EN, input_kind="pdf")
    with pytest.raises(ValueError, match="blocks must be"):
        koen_align.align(KO, EN, blocks="words")

    bilingual = "\n\n".join(k + "\n\n" + e for k, e in zip(KO.split("\n\n")[:2], EN.split("\n\n")[:2]))
    pairs = koen_align.align(page=bilingual, doc_id="both")["pairs"]
    assert [(p["id"], p["kind"]) for p in pairs] == [("both", "1-1"), ("both", "1-1")]
    assert pairs[0]["ko"].startswith("서울시는") and pairs[0]["en"].startswith("Seoul will")
    with pytest.raises(TypeError, match="ko and en, or one bilingual page"):
        koen_align.align(KO, EN, page=bilingual)


def test_html_pages_lose_what_lies_outside_the_article_body():
    # An invented page: the story in one column, a rail of teasers (whole sentences, each card
    # led by a link) in another. The rail goes, named by the DOM evidence, and the story stays.
    story = [
        "The port authority approved a plan on Tuesday to deepen the north channel by two metres.",
        "Dredging will start in March and is expected to last eleven months, officials said.",
        "Fishermen asked for the work to stop during the spawning season, which begins in May.",
    ]
    rail = [
        "The city council has voted to extend the night bus service through the winter.",
        "A neighbourhood bakery has won a national prize for its rye bread for the third time.",
        "Ferry fares will rise by four percent from January, the operator announced today.",
    ]
    cards = "".join(f"<div class=card><h3><a href=/n>{' '.join(t.split()[:5])}</a></h3><p>{t}</p></div>" for t in rail)
    body = "".join(f"<p>{p}</p>" for p in story)
    page = (f"<html><body><div class=grid><div class=story><h1>Channel to be deepened</h1>{body}</div>"
            f"<div class=rail>{cards}</div></div></body></html>")
    out = koen_align.align(page=page, doc_id="one")
    outside = [a for a in out["audit"] if a["rule"] == "outside-article"]
    assert set(rail) <= {a["text"] for a in outside}  # and the cards' headlines with them
    assert all(a["reason"].startswith("outside the article body <div class=\"story\">") for a in outside)
    kept = {p["en"] for p in out["pairs"]}
    assert set(story) <= kept


# Four different articles (not copies of one: copies count once as template evidence).
ARTICLES = [
    (KO, EN),
    ("한국은행은 기준금리를 연 3.5%로 동결했다.\n\n이는 일곱 번째 연속 동결이다.",
     "The Bank of Korea held its base rate at 3.5 percent.\n\nIt was the seventh straight freeze."),
    ("부산시는 올해 관광객이 지난해보다 20% 늘었다고 5일 밝혔다.\n\n외국인 관광객은 두 배로 늘었다.",
     "Busan said on the 5th that tourist numbers rose 20 percent from last year.\n\nForeign visitors doubled."),
    ("기상청은 이번 주말 전국에 많은 비가 내릴 것이라고 예보했다.\n\n남해안에는 최대 100mm가 예상된다.",
     "The weather agency forecast heavy rain across the country this weekend.\n\nUp to 100 mm is expected on the south coast."),
]


def _rows():
    second_ko = "한국은행은 기준금리를 연 3.5%로 동결했다.\n\n이는 일곱 번째 연속 동결이다."
    second_en = "The Bank of Korea held its base rate at 3.5 percent.\n\nIt was the seventh straight freeze."
    return [
        {"id": "first", "ko": KO, "en": EN},
        {"id": "no-english", "ko": KO},
        {"id": "second", "ko": second_ko, "en": second_en},
        {"id": "empty", "ko": "", "en": EN},
        {"ko": KO, "en": EN},
        {"id": "not-text", "ko": KO, "en": 3},
        {"id": "last", "ko": KO, "en": EN},
    ]


def test_align_batch_keeps_order_and_reports_failed_rows():
    out = koen_align.align_batch(_rows())
    assert list(out) == ["pairs", "audit", "documents"]
    docs = out["documents"]
    assert [(d["id"], d["status"]) for d in docs] == [
        ("first", "ok"),
        ("no-english", "failed"),
        ("second", "ok"),
        ("empty", "failed"),
        ("row 4", "failed"),
        ("not-text", "failed"),
        ("last", "ok"),
    ]
    errors = {d["id"]: d.get("error") for d in docs}
    assert errors["first"] is None
    assert errors["no-english"] == 'missing "en"'
    assert errors["empty"] == "empty (ko text): the page has no text"
    assert errors["row 4"] == 'missing "id"'
    assert errors["not-text"] == '"en" must be a str or bytes, not int'
    assert {d["id"]: d["pairs"] for d in docs if d["status"] == "ok"}["first"] == {"1-1": 2}

    # Records come in input order, each document's together.
    ids = [p["id"] for p in out["pairs"]]
    assert ids == ["first"] * 2 + ["second"] * ids.count("second") + ["last"] * 2
    assert [a["id"] for a in out["audit"]] == ["first", "first", "last", "last"]
    # Without self-training, and with no block in three documents, a batch adds nothing to
    # what each document gives alone.
    plain = koen_align.align_batch(_rows(), self_train=False)
    assert plain["pairs"][:2] == koen_align.align(KO, EN, doc_id="first")["pairs"]
    assert plain["audit"] == out["audit"]


def test_align_batch_finds_the_template_blocks_of_a_batch():
    # The same short line under three different articles: the site's template.
    promo = "오늘의 주요 뉴스를 메일로 받아 보세요"
    rows = [{"id": f"a{i}", "ko": ko + "\n\n" + promo, "en": en} for i, (ko, en) in enumerate(ARTICLES[:3])]
    alone = koen_align.align(rows[0]["ko"], rows[0]["en"])
    assert promo not in {a["text"] for a in alone["audit"]}
    batch = koen_align.align_batch(rows, self_train=False)
    template = [a for a in batch["audit"] if a["text"] == promo]
    assert [(a["id"], a["rule"]) for a in template] == [(r["id"], "template") for r in rows]


def test_align_batch_learns_evidence_from_a_sample():
    promo = "오늘의 주요 뉴스를 메일로 받아 보세요"
    rows = [{"id": f"d{i}", "ko": ko + "\n\n" + promo, "en": en} for i, (ko, en) in enumerate(ARTICLES)]
    whole = koen_align.align_batch(rows)
    # One document with the batch's evidence: what the batch gives for it.
    one = koen_align.align_batch(rows[2:3], evidence=rows)
    assert one["pairs"] == [p for p in whole["pairs"] if p["id"] == "d2"]
    assert one["audit"] == [a for a in whole["audit"] if a["id"] == "d2"]
    assert "template" in {a["rule"] for a in one["audit"]}
    # The same evidence again (learnt once, then kept), and no evidence at all.
    assert koen_align.align_batch(rows[2:3], evidence=iter(rows)) == one
    alone = koen_align.align_batch(rows[2:3], evidence=[])
    assert alone["pairs"] == koen_align.align(rows[2]["ko"], rows[2]["en"], doc_id="d2")["pairs"]
    assert "template" not in {a["rule"] for a in alone["audit"]}


def test_align_batch_takes_bytes_file_names_and_row_options():
    rows = [
        {"id": "a", "ko": KO.encode("euc-kr"), "en": EN.encode(), "encoding": "euc-kr"},
        {"id": "b", "ko": KO.encode("euc-kr"), "en": EN.encode(), "ko_path": "/data/b/ko.txt"},
        {"id": "c", "ko": b"", "en": EN.encode(), "ko_path": "/data/c/ko.txt"},
        {"id": "d", "page": KO + "\n\n" + EN, "input": "text"},
        {"id": "e", "ko": KO, "en": EN, "input": "pdf"},
        {"id": "f", "ko": EN, "en": EN},
        {"id": "g", "ko": KO, "en": EN.encode()},
    ]
    docs = koen_align.align_batch(rows, self_train=False)["documents"]
    assert [d["status"] for d in docs] == ["ok", "failed", "failed", "ok", "failed", "failed", "failed"]
    assert docs[1]["error"].startswith("/data/b/ko.txt: not valid UTF-8")
    assert docs[2]["error"] == "/data/c/ko.txt: the page has no text"
    assert docs[4]["error"] == "input must be 'auto' or 'text' or 'html', not 'pdf'"
    # The CLI's checks of a page: an edition without a block in its language fails.
    assert docs[5]["error"].startswith("f (ko text): no Korean text on the ko page")
    assert docs[6]["error"] == '"ko" and "en" must both be str or both bytes'


def test_align_batch_threads_and_iterables_give_the_same_output():
    one = koen_align.align_batch(_rows(), level="sentence")
    assert koen_align.align_batch(iter(_rows()), level="sentence", threads=3) == one
    assert koen_align.align_batch((r for r in _rows()), level="sentence", threads=1) == one


def _big_pair(repeats):
    ko = "".join(f"서울시는 {i}일 시내버스 요금을 {i}0원 올린다고 밝혔다.\n\n" for i in range(repeats))
    en = "".join(f"Seoul will raise bus fares by {i}0 won, the city said on the {i}th.\n\n" for i in range(repeats))
    return ko, en


def _ticks_during(call):
    """Runs `call` while another Python thread ticks every 2 ms; returns (ticks during, seconds)."""
    ticks = []
    done = threading.Event()

    def tick():
        while not done.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.002)

    ticker = threading.Thread(target=tick)
    ticker.start()
    try:
        start = time.perf_counter()
        call()
        end = time.perf_counter()
    finally:
        done.set()
        ticker.join()
    return len([t for t in ticks if start < t < end]), end - start


def test_the_gil_is_released_while_aligning():
    ko, en = _big_pair(50)
    # Enough documents for a call of at least a quarter of a second, whatever the machine.
    for n in (2, 4, 8, 16, 32, 64, 128):
        rows = [{"id": f"d{i}", "ko": ko, "en": en} for i in range(n)]
        during, seconds = _ticks_during(lambda: koen_align.align_batch(rows))
        if seconds >= 0.25:
            break
    print(f"{during} ticks in {seconds:.2f}s ({n} documents)")
    assert seconds >= 0.1, "the workload is too small to tell"
    # Held for the whole call, the GIL would let the ticker run only before and after it.
    assert during >= 10, f"{during} ticks in {seconds:.2f}s"


def test_two_threads_align_at_once_without_deadlock():
    ko, en = _big_pair(40)
    expected = koen_align.align(ko, en, doc_id="x")
    results, errors = [], []

    def work():
        try:
            results.append(koen_align.align(ko, en, doc_id="x"))
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "align deadlocked"
    assert errors == []
    assert results == [expected, expected]


def test_read_manifest_reads_as_the_cli_does(tmp_path):
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text("id\tko\ten\tencoding\na\ta/ko.txt\ta/en.txt\teuc-kr\nb\tonly-one\n", encoding="utf-8")
    rows = koen_align.read_manifest(manifest)
    assert rows[0] == {"line": 2, "id": "a", "ko": str(tmp_path / "a" / "ko.txt"), "en": str(tmp_path / "a" / "en.txt"),
                       "encoding": "euc-kr", "manifest": str(manifest)}
    assert rows[1]["id"] == "b" and rows[1]["error"].startswith(f"{manifest}:3: ")
    assert rows[1]["manifest"] == str(manifest)

    pages = tmp_path / "pages.tsv"
    pages.write_text("id\tpage\tinput\np\tp.html\thtml\n", encoding="utf-8")
    assert koen_align.read_manifest(pages) == [{"line": 2, "id": "p", "page": str(tmp_path / "p.html"), "input": "html",
                                                "manifest": str(pages)}]

    with pytest.raises(koen_align.KoenAlignError, match="cannot read"):
        koen_align.read_manifest(tmp_path / "missing.tsv")
    (tmp_path / "bad.tsv").write_text("name\tpath\n", encoding="utf-8")
    with pytest.raises(koen_align.KoenAlignError, match="header must name the columns"):
        koen_align.read_manifest(tmp_path / "bad.tsv")


def test_run_info_is_what_the_cli_records():
    """summary.json's `run` for the same options, so engines writing the CLI's folder match it."""
    import subprocess
    import tempfile
    from pathlib import Path
    repo = Path(__file__).resolve().parents[2]
    run = koen_align.run_info(format="tsv", level="sentence", min_score=0.25)
    assert (run["version"], run["level"], run["format"], run["min_score"]) == (koen_align.__version__, "sentence",
                                                                             "tsv", 0.25)
    with pytest.raises(koen_align.KoenAlignError, match="min-score"):
        koen_align.run_info(min_score=2)
    binary = repo / "target" / "release" / "koen-align"
    if not binary.exists():
        pytest.skip("the CLI is not built")
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([str(binary), "batch", str(repo / "corpus" / "manifest.tsv"), "--out", out, "-q",
                        "--format", "tsv", "--level", "sentence", "--min-score", "0.25"], check=True)
        cli = json.loads((Path(out) / "summary.json").read_text(encoding="utf-8"))["run"]
    assert run == cli
