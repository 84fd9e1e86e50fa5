"""Tests of pairing in the koen_align bindings: pair, page_signature and pair_signatures (the
installed wheel; nothing is built here)."""

import ast
import csv
import json
import py_compile
import re
from pathlib import Path

import pytest

import koen_align

REPO = Path(__file__).resolve().parents[2]
DOCS = sorted(p for p in (REPO / "corpus" / "docs").iterdir() if p.is_dir())
# The reasons of the CLI's unpaired.tsv.
REASONS = {"duplicate", "no-candidate", "below-threshold", "lost", "unreadable", "not-an-edition"}
# What a page read as an edition but left without a counterpart can be told.
NO_COUNTERPART = {"no-candidate", "below-threshold", "lost"}
PAIR_KEYS = ["id", "ko", "en", "score", "linked"]
UNPAIRED_KEYS = ["page", "edition", "reason", "other", "score", "detail"]
# A short Japanese news page (written for the Rust pairing tests): a third language.
JAPANESE = (
    "<html lang=\"ja\"><body><article><h1>港で新しい貨物船が進水した</h1>"
    "<p>市内の造船所で火曜日、全長二百メートルの貨物船が進水し、多くの市民が見守った。</p>"
    "<p>造船所によると、この船は来年春から東南アジアとの航路で使われる予定だという。</p>"
    "<p>式典では地元の小学生が旗を振り、船の安全な航海を祈った。</p></article></body></html>"
)


class Crawl:
    """A crawl made of the corpus articles under opaque names, so that nothing but the pages'
    contents can pair them: six articles with both editions, the seventh's Korean edition
    alone, the eighth's English edition alone, and an empty file."""

    def __init__(self, folder):
        assert len(DOCS) >= 8, "corpus/docs holds the eight sample articles"
        folder.mkdir()
        self.folder = folder
        self.gold = set()
        # Scrambled numbers, as in tests/pairing.rs: name order says nothing about pairs.
        for i, doc in enumerate(DOCS[:8]):
            ko = folder / f"page-{17 * i % 23:02}.txt"
            en = folder / f"page-{40 + 13 * i % 31:02}.txt"
            if i != 7:
                ko.write_bytes((doc / "ko.txt").read_bytes())
            if i != 6:
                en.write_bytes((doc / "en.txt").read_bytes())
            if i == 6:
                self.ko_orphan = str(ko)
            elif i == 7:
                self.en_orphan = str(en)
            else:
                self.gold.add((str(ko), str(en)))
        self.empty = folder / "page-30.txt"
        self.empty.write_bytes(b"")

    def pages(self):
        return sorted(self.folder.iterdir())


@pytest.fixture
def crawl(tmp_path):
    return Crawl(tmp_path / "crawl")


def pairs_of(result):
    return {(p["ko"], p["en"]) for p in result["pairs"]}


def cell(value, form="{}"):
    """A TSV cell as the CLI writes an optional value: blank for None."""
    return "" if value is None else form.format(value)


def read_tsv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_pair_finds_the_six_articles_and_says_why_the_rest_are_unpaired(crawl):
    result = koen_align.pair(str(crawl.folder))
    assert list(result) == ["pairs", "unpaired", "summary"]
    assert pairs_of(result) == crawl.gold
    threshold = result["summary"]["threshold"]
    for p in result["pairs"]:
        assert list(p) == PAIR_KEYS
        # The manifest's id is the Korean page's file stem.
        assert p["id"] == Path(p["ko"]).stem
        assert threshold <= p["score"] <= 1.0 and p["linked"] is False
    scores = [p["score"] for p in result["pairs"]]
    assert scores == sorted(scores, reverse=True), "strongest first"

    unpaired = {u["page"]: u for u in result["unpaired"]}
    assert all(list(u) == UNPAIRED_KEYS for u in result["unpaired"])
    assert set(unpaired) == {crawl.ko_orphan, crawl.en_orphan, str(crawl.empty)}, "every page paired or listed once"
    paired_ko = {ko for ko, _ in crawl.gold}
    paired_en = {en for _, en in crawl.gold}
    for orphan, edition, other_side in [(crawl.ko_orphan, "ko", paired_en), (crawl.en_orphan, "en", paired_ko)]:
        row = unpaired[orphan]
        # An article with one edition in the crawl: it has a best candidate (some evidence is
        # shared with any news story) that is too weak, or that pairs better elsewhere.
        assert row["edition"] == edition and row["reason"] in NO_COUNTERPART, row
        if row["reason"] != "no-candidate":
            assert row["other"] in other_side | {crawl.ko_orphan, crawl.en_orphan}, row
            assert row["other"] in row["detail"] and 0.0 <= row["score"] < 1.0, row
    empty = unpaired[str(crawl.empty)]
    assert empty == {"page": str(crawl.empty), "edition": None, "reason": "unreadable", "other": None, "score": None,
                     "detail": f"{crawl.empty}: the page has no text"}

    summary = result["summary"]
    assert (summary["pages"], summary["korean"], summary["english"], summary["pairs"]) == (15, 7, 7, 6)
    assert sum(summary["unpaired"].values()) == 3 and summary["unpaired"]["unreadable"] == 1
    assert set(summary["unpaired"]) <= REASONS


def test_pair_with_out_writes_the_cli_files_holding_what_it_returns(crawl, tmp_path):
    out = tmp_path / "paired"
    result = koen_align.pair([crawl.folder], out=out, threads=1)
    assert result == koen_align.pair(crawl.folder), "the same with or without files, on one thread or all"
    manifest = read_tsv(out / "manifest.tsv")
    assert manifest[0] == ["id", "ko", "en", "score"]
    assert manifest[1:] == [[p["id"], p["ko"], p["en"], f"{p['score']:.4f}"] for p in result["pairs"]]
    unpaired = read_tsv(out / "unpaired.tsv")
    assert unpaired[0] == UNPAIRED_KEYS
    assert unpaired[1:] == [
        [u["page"], u["edition"] or "-", u["reason"], cell(u["other"]), cell(u["score"], "{:.4f}"), u["detail"]]
        for u in result["unpaired"]
    ]
    assert json.loads((out / "summary.json").read_text(encoding="utf-8")) == result["summary"]


def test_pair_lists_pages_it_cannot_read_naming_them(crawl, tmp_path):
    missing = tmp_path / "gone" / "page.html"
    japanese = tmp_path / "japanese.html"
    japanese.write_text(JAPANESE, encoding="utf-8")
    result = koen_align.pair([crawl.folder, missing, str(japanese)])
    assert pairs_of(result) == crawl.gold
    unpaired = {u["page"]: u for u in result["unpaired"]}
    assert unpaired[str(missing)]["reason"] == "unreadable"
    assert unpaired[str(missing)]["detail"].startswith(f"{missing}: cannot read")
    assert unpaired[str(japanese)]["reason"] == "not-an-edition"
    assert unpaired[str(japanese)]["detail"].startswith(f"{japanese}: not an edition to pair")


def test_a_bad_path_raises_an_error_naming_the_file(tmp_path):
    missing = tmp_path / "no-such-page.html"
    with pytest.raises(koen_align.KoenAlignError) as err:
        koen_align.page_signature(missing)
    assert isinstance(err.value, ValueError)
    assert str(err.value).startswith(f"{missing}: cannot read: ")
    # An output folder that cannot be made (a file is in the way).
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(koen_align.KoenAlignError, match="a-file"):
        koen_align.pair([], out=blocker / "paired")
    with pytest.raises(koen_align.KoenAlignError, match=r"^japanese\.html: not an edition to pair"):
        koen_align.page_signature(data=JAPANESE, name="japanese.html")


def test_signatures_survive_json_and_pair_as_the_crawl_does(crawl):
    signatures = []
    for page in crawl.pages():
        if page == crawl.empty:
            with pytest.raises(koen_align.KoenAlignError, match=f"^{re.escape(str(page))}: the page has no text$"):
                koen_align.page_signature(data=page.read_bytes(), name=str(page))
            continue
        signature = koen_align.page_signature(data=page.read_bytes(), name=str(page))
        # From a file or from its bytes under its name: one signature.
        assert koen_align.page_signature(page) == signature
        assert koen_align.page_signature(data=page.read_text(encoding="utf-8"), name=str(page)) == signature
        signatures.append(signature)
    first = signatures[0]
    assert list(first) == ["page", "edition", "keys", "paragraphs", "length", "fingerprint"]
    assert first["edition"] in ("ko", "en") and first["keys"] == sorted(set(first["keys"]))
    # Keys are unsigned 64-bit: their kind is in the top two bits, so many pass 2**63.
    assert any(k >= 2**63 for s in signatures for k in s["keys"])

    # As Spark hands them back, or as a file of JSON lines.
    travelled = [json.loads(line) for line in [json.dumps(s) for s in signatures]]
    assert travelled == signatures
    joined = koen_align.pair_signatures(travelled)
    assert joined == koen_align.pair_signatures(signatures)
    assert list(joined) == ["pairs", "unpaired", "summary"]
    assert all(list(p) == PAIR_KEYS for p in joined["pairs"])

    # The six articles pair on their signatures alone. With no articles at hand to align a
    # doubtful candidate, and evidence weighed by rarity among only fourteen pages, the two
    # orphans (two stories without their other edition) may pair with each other; nothing
    # else may.
    crawled = koen_align.pair(crawl.folder)
    assert pairs_of(crawled) <= pairs_of(joined)
    assert pairs_of(joined) - pairs_of(crawled) <= {(crawl.ko_orphan, crawl.en_orphan)}
    listed = {u["page"] for u in joined["unpaired"]}
    assert listed | {p for pair in pairs_of(joined) for p in pair} == {s["page"] for s in signatures}
    assert all(u["reason"] in NO_COUNTERPART for u in joined["unpaired"])
    assert joined["summary"]["pages"] == len(signatures) == 14
    # The threshold is the evidence-only one, and can be set.
    assert koen_align.pair_signatures(signatures, threshold=0.5)["summary"]["threshold"] == 0.5
    strict = koen_align.pair_signatures(signatures, threshold=1.0)
    assert strict["pairs"] == [] and {u["reason"] for u in strict["unpaired"]} <= NO_COUNTERPART


def test_pair_signatures_refuses_what_is_not_a_signature(crawl):
    page = crawl.pages()[0]
    signature = koen_align.page_signature(page)
    with pytest.raises(TypeError, match="signatures must be an iterable"):
        koen_align.pair_signatures(42)
    with pytest.raises(TypeError, match=r"signatures\[1\] must be a dict"):
        koen_align.pair_signatures([signature, "page"])
    with pytest.raises(ValueError, match=r"^signatures\[0\] is not a page signature: missing field `edition`$"):
        koen_align.pair_signatures([{"page": "x"}])
    with pytest.raises(ValueError, match=r"signatures\[0\] and signatures\[1\] are both page"):
        koen_align.pair_signatures([signature, dict(signature)])
    # A key that went through a signed 64-bit column (a Spark LongType) comes back negative.
    signed = dict(signature, keys=[k - 2**64 if k >= 2**63 else k for k in signature["keys"]])
    assert min(signed["keys"]) < 0
    with pytest.raises(ValueError, match=r"signatures\[0\] is not a page signature: invalid value"):
        koen_align.pair_signatures([signed])
    with pytest.raises(ValueError, match=r": unknown variant `ja`, expected `ko` or `en`$"):
        koen_align.pair_signatures([dict(signature, edition="ja")])
    # Keys in any order are the same set of evidence.
    shuffled = dict(signature, keys=list(reversed(signature["keys"])))
    assert koen_align.pair_signatures([shuffled]) == koen_align.pair_signatures([signature])


def test_pairing_options_are_checked_and_named():
    with pytest.raises(TypeError, match="paths"):
        koen_align.pair(42)
    with pytest.raises(TypeError, match=r"paths\[1\]"):
        koen_align.pair(["a", 3])
    with pytest.raises(ValueError, match="threshold"):
        koen_align.pair([], threshold=1.5)
    with pytest.raises(ValueError, match="threshold"):
        koen_align.pair_signatures([], threshold=float("nan"))
    with pytest.raises(ValueError, match="threads"):
        koen_align.pair([], threads=0)
    with pytest.raises(TypeError, match="out"):
        koen_align.pair([], out=3)
    with pytest.raises(TypeError, match="needs name="):
        koen_align.page_signature(data=b"text")
    with pytest.raises(TypeError, match="takes a path, or data= with name="):
        koen_align.page_signature()
    with pytest.raises(TypeError, match="takes a path, or data= with name="):
        koen_align.page_signature("a.txt", data=b"text", name="a.txt")
    with pytest.raises(TypeError, match="data"):
        koen_align.page_signature(data=3, name="a.txt")
    empty = koen_align.pair([])
    assert (empty["pairs"], empty["unpaired"], empty["summary"]["pages"]) == ([], [], 0)


def test_the_stub_spells_the_reasons_and_editions_the_module_returns():
    stub = ast.parse((REPO / "python" / "koen_align.pyi").read_text(encoding="utf-8"))
    literals = {}
    for node in stub.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Subscript):
            name = node.targets[0].id
            elements = node.value.slice.elts if isinstance(node.value.slice, ast.Tuple) else [node.value.slice]
            literals[name] = {e.value for e in elements if isinstance(e, ast.Constant)}
    assert literals["_UnpairedReason"] == REASONS
    assert literals["_Edition"] == {"ko", "en"}
    for name in ("pair", "page_signature", "pair_signatures"):
        assert any(isinstance(n, ast.FunctionDef) and n.name == name for n in stub.body), name


def test_the_spark_pairing_example_is_valid_python(tmp_path):
    # Running it needs Spark and Java; examples/spark_pair.py is run by hand (see its docstring).
    py_compile.compile(str(REPO / "examples" / "spark_pair.py"), cfile=str(tmp_path / "spark_pair.pyc"), doraise=True)
