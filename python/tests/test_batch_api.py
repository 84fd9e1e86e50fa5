"""Tests of the batch API of issue #17: manifest rows read as files, iter_align_batch (a
generator), keep_boilerplate, and keyword names that do not shadow Python's built-ins (the old
ones still work, with a DeprecationWarning). The installed wheel; nothing is built here."""

import builtins
import itertools
import json
import os
import warnings
from pathlib import Path

import pytest

import koen_align
from conftest import CORPUS_MANIFEST, bad_manifest, bindings_reference, cli_batch, output
from test_bindings import ARTICLES, EN, KO, _rows

PUBLIC = ("align", "align_batch", "iter_align_batch", "read_manifest", "pair", "page_signature", "pair_signatures")


def flatten(documents):
    """iter_align_batch's documents as align_batch's dict."""
    out = {"pairs": [], "audit": [], "documents": []}
    for doc in documents:
        assert list(doc) == ["pairs", "audit", "document"]
        out["pairs"] += doc["pairs"]
        out["audit"] += doc["audit"]
        out["documents"].append(doc["document"])
    return out


# --- align_batch(read_manifest(...)) ---------------------------------------------------------


def test_align_batch_reads_the_files_of_read_manifest_rows():
    rows = koen_align.read_manifest(CORPUS_MANIFEST)
    out = koen_align.align_batch(rows)
    # Before issue #17 every row failed: the paths were aligned as if they were the articles.
    assert [d["status"] for d in out["documents"]] == ["ok"] * 8, out["documents"]
    assert len({p["id"] for p in out["pairs"]}) == 8
    # The same records as when the files are read in Python and given as bytes.
    assert (out["pairs"], sorted(out["audit"], key=lambda a: a["scope"] != "block")) == bindings_reference(
        CORPUS_MANIFEST)
    # The generator reads them too.
    assert flatten(koen_align.iter_align_batch(koen_align.read_manifest(CORPUS_MANIFEST))) == out


def test_bad_manifest_rows_fail_with_the_cli_messages(tmp_path):
    manifest = bad_manifest(tmp_path)
    docs = koen_align.align_batch(koen_align.read_manifest(manifest))["documents"]
    assert [(d["id"], d["status"]) for d in docs] == [
        ("first", "ok"), ("missing-file", "failed"), ("bad-row", "failed"),
        ("empty-page", "failed"), ("not-utf8", "failed"), ("second", "ok"),
    ]
    errors = {d["id"]: d.get("error", "") for d in docs}
    assert errors["missing-file"].startswith(f"{manifest.parent / 'no-such-file.txt'}: cannot read: ")
    assert errors["bad-row"].startswith(f"{manifest}:4: ")
    assert errors["empty-page"] == f"{manifest.parent / 'empty.txt'}: the page has no text"
    assert errors["not-utf8"].startswith(f"{manifest.parent / 'latin1.txt'}: not valid UTF-8")


def test_align_batch_of_a_manifest_is_the_cli_batch(tmp_path):
    manifest = bad_manifest(tmp_path)
    out = koen_align.align_batch(koen_align.read_manifest(manifest))
    pairs, audit, summary = output(cli_batch(manifest, tmp_path / "cli"))
    assert out["documents"] == summary["documents"]
    assert out["pairs"] == pairs
    assert sorted(out["audit"], key=lambda a: a["scope"] != "block") == audit


def test_manifest_rows_are_read_relative_to_the_manifest(tmp_path, monkeypatch):
    doc = tmp_path / "corpus" / "one"
    doc.mkdir(parents=True)
    (doc / "ko.txt").write_text(KO, encoding="utf-8")
    (doc / "en.html").write_text(f"<html><body><p>{EN}</p></body></html>", encoding="utf-8")
    (tmp_path / "corpus" / "m.tsv").write_text("id\tko\ten\none\tone/ko.txt\tone/en.html\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    rows = koen_align.read_manifest("corpus/m.tsv")
    assert rows[0]["ko"] == os.path.join("corpus", "one", "ko.txt")
    docs = koen_align.align_batch(rows)["documents"]
    assert docs[0]["status"] == "ok", docs
    # The file's name still tells HTML from text, as in the CLI.
    assert docs[0]["en_blocks"] >= 1


def test_a_manifest_row_must_name_files(tmp_path):
    # Pages in a row marked as read_manifest's are a mistake, reported as such.
    rows = [{"id": "a", "ko": KO.encode(), "en": "en.txt", "manifest": "m.tsv"},
            {"id": "b", "ko": "ko.txt", "en": 3, "manifest": "m.tsv"}]
    docs = koen_align.align_batch(rows)["documents"]
    assert [(d["status"], d["error"]) for d in docs] == [
        ("failed", '"ko" of a manifest row must be a path, not bytes'),
        ("failed", '"en" of a manifest row must be a path, not int'),
    ]
    # Without the mark, text is text, as before.
    assert koen_align.align_batch([{"id": "a", "ko": KO, "en": EN}])["documents"][0]["status"] == "ok"


def test_a_manifest_file_changed_between_calls_is_learnt_again(tmp_path):
    # Evidence is kept per process, keyed by the rows: for manifest rows that is the files,
    # so a rewritten file must not reuse what its old contents taught.
    promo = "오늘의 주요 뉴스를 메일로 받아 보세요"
    lines = ["id\tko\ten"]
    for i, (ko, en) in enumerate(ARTICLES[:3]):
        (tmp_path / f"{i}.ko.txt").write_text(ko, encoding="utf-8")
        (tmp_path / f"{i}.en.txt").write_text(en, encoding="utf-8")
        lines.append(f"d{i}\t{i}.ko.txt\t{i}.en.txt")
    (tmp_path / "m.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = koen_align.read_manifest(tmp_path / "m.tsv")
    before = koen_align.align_batch(rows[:1], evidence=rows, self_train=False)
    assert "template" not in {a["rule"] for a in before["audit"]}
    for i, (ko, _) in enumerate(ARTICLES[:3]):
        (tmp_path / f"{i}.ko.txt").write_text(ko + "\n\n" + promo, encoding="utf-8")
    after = koen_align.align_batch(rows[:1], evidence=rows, self_train=False)
    assert "template" in {a["rule"] for a in after["audit"]}


# --- iter_align_batch ------------------------------------------------------------------------


def test_iter_align_batch_yields_what_align_batch_returns():
    for options in ({}, {"level": "sentence"}, {"self_train": False, "threads": 3}):
        expected = koen_align.align_batch(_rows(), **options)
        got = list(koen_align.iter_align_batch(iter(_rows()), **options))
        assert [d["document"]["id"] for d in got] == [d["id"] for d in expected["documents"]]
        assert flatten(got) == expected


def test_iter_align_batch_learns_from_the_first_rows_as_the_cli():
    promo = "오늘의 주요 뉴스를 메일로 받아 보세요"
    rows = [{"id": f"d{i}", "ko": ko + "\n\n" + promo, "en": en} for i, (ko, en) in enumerate(ARTICLES)]
    # The CLI's batch learns from the first --sample-size documents.
    for k in (0, 3, 4, 10):
        expected = koen_align.align_batch(rows, evidence=rows[:k])
        assert flatten(koen_align.iter_align_batch(rows, sample_size=k)) == expected, k
    # Given evidence, as align_batch's.
    assert flatten(koen_align.iter_align_batch(rows[2:3], evidence=rows)) == koen_align.align_batch(
        rows[2:3], evidence=rows)


def test_iter_align_batch_takes_rows_as_it_needs_them():
    taken = []

    def rows():
        for i in itertools.count():
            taken.append(i)
            yield {"id": f"d{i}", "ko": KO, "en": EN}

    # Without evidence to learn first, the first document comes after its own row only.
    docs = koen_align.iter_align_batch(rows(), evidence=[])
    first = next(docs)
    assert first["document"]["id"] == "d0" and len(taken) == 1
    # An endless source: align_batch would never return; the generator gives what is asked.
    assert [d["document"]["id"] for d in itertools.islice(docs, 4)] == ["d1", "d2", "d3", "d4"]
    assert len(taken) == 5
    # Learning from the first rows takes those first, then goes on lazily.
    taken.clear()
    docs = koen_align.iter_align_batch(rows(), sample_size=6, threads=2)
    assert [d["document"]["id"] for d in itertools.islice(docs, 7)] == [f"d{i}" for i in range(7)]
    assert len(taken) <= 6 + 2 * 4


@pytest.mark.parametrize("options", [{"evidence": []}, {}, {"threads": 2}])
def test_rows_that_raise_let_the_rows_before_through(options):
    def rows():
        for i in range(3):
            yield {"id": f"d{i}", "ko": KO, "en": EN}
        raise OSError("the crawl's disk went away")

    docs = koen_align.iter_align_batch(rows(), **options)
    got = []
    with pytest.raises(OSError, match="disk went away"):
        for doc in docs:
            got.append(doc["document"]["id"])
    assert got == ["d0", "d1", "d2"]
    assert list(docs) == []  # finished


def test_iter_align_batch_checks_its_arguments_at_the_call(tmp_path):
    with pytest.raises(TypeError, match="rows must be an iterable of mappings, not int"):
        koen_align.iter_align_batch(3)
    with pytest.raises(ValueError, match="level"):
        koen_align.iter_align_batch([], level="word")
    with pytest.raises(koen_align.KoenAlignError, match="no-such-rules"):
        koen_align.iter_align_batch([], rules=tmp_path / "no-such-rules.tsv")
    with pytest.raises(TypeError, match="not both"):
        koen_align.iter_align_batch([], evidence=[], sample_size=3)
    with pytest.raises(ValueError, match="sample_size must be at least 0"):
        koen_align.iter_align_batch([], sample_size=-1)
    with pytest.raises(ValueError, match="threads"):
        koen_align.iter_align_batch([], threads=0)
    assert list(koen_align.iter_align_batch([])) == []


# --- keep_boilerplate ------------------------------------------------------------------------


def test_keep_boilerplate_keeps_the_blocks_and_still_audits_them():
    plain = koen_align.align(KO, EN)
    kept = koen_align.align(KO, EN, keep_boilerplate=True)
    removed = {("ko", "닫기"), ("en", "Close")}
    # Audited either way, with the same rules and reasons.
    assert kept["audit"] == plain["audit"]
    assert removed <= {(a["side"], a["text"]) for a in kept["audit"]}
    # Removed from the pairs by default, aligned with keep_boilerplate.
    assert ("닫기", "Close") not in {(p["ko"], p["en"]) for p in plain["pairs"]}
    assert ("닫기", "Close") in {(p["ko"], p["en"]) for p in kept["pairs"]}

    rows = [{"id": "a", "ko": KO, "en": EN}]
    batch = koen_align.align_batch(rows, keep_boilerplate=True)
    assert ("닫기", "Close") in {(p["ko"], p["en"]) for p in batch["pairs"]}
    assert removed <= {(a["side"], a["text"]) for a in batch["audit"]}
    assert flatten(koen_align.iter_align_batch(rows, keep_boilerplate=True)) == batch
    with pytest.raises(TypeError, match="keep_boilerplate must be a bool, not str"):
        koen_align.align(KO, EN, keep_boilerplate="yes")


# --- keyword names ---------------------------------------------------------------------------


def _parameters(function):
    """The keyword names in a function's text signature."""
    text = function.__text_signature__.strip("()")
    return [p.strip().split("=")[0].lstrip("*") for p in text.split(",") if p.strip() not in ("*", "/", "$module")]


def test_no_keyword_shadows_a_built_in():
    for name in PUBLIC:
        params = _parameters(getattr(koen_align, name))
        assert params, name
        assert not [p for p in params if hasattr(builtins, p)], name


def test_the_new_names_are_the_old_ones(tmp_path):
    dictionary = tmp_path / "dict.txt"
    dictionary.write_text("bus fare @ 버스요금\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        old = koen_align.align(KO, EN, id="x", dict=dictionary, input="text")
        old_batch = koen_align.align_batch([{"id": "a", "ko": KO, "en": EN}], dict=dictionary, input="text")
    assert koen_align.align(KO, EN, doc_id="x", dictionary=dictionary, input_kind="text") == old
    assert {p["id"] for p in old["pairs"]} == {"x"}
    assert koen_align.align_batch([{"id": "a", "ko": KO, "en": EN}], dictionary=dictionary,
                                  input_kind="text") == old_batch


@pytest.mark.parametrize("function, old, new, value", [
    ("align", "id", "doc_id", "x"),
    ("align", "dict", "dictionary", None),
    ("align", "input", "input_kind", "text"),
    ("align_batch", "dict", "dictionary", None),
    ("align_batch", "input", "input_kind", "html"),
])
def test_the_old_names_warn_and_both_at_once_is_a_type_error(tmp_path, function, old, new, value):
    if value is None:
        value = tmp_path / "dict.txt"
        value.write_text("bus fare @ 버스요금\n", encoding="utf-8")
    call = getattr(koen_align, function)
    args = (KO, EN) if function == "align" else ([{"id": "a", "ko": KO, "en": EN}],)
    with pytest.warns(DeprecationWarning, match=rf"{function}\(\): the keyword {old}= is deprecated.*use {new}=") as w:
        assert call(*args, **{old: value}) == call(*args, **{new: value})
    # The warning points at the caller's line, not into the module.
    assert [Path(r.filename).name for r in w] == [Path(__file__).name]
    with pytest.raises(TypeError, match=rf"{function}\(\) got both {new}= and {old}="):
        call(*args, **{old: value, new: value})
    # An error about the value names the keyword as the caller spelled it.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with pytest.raises((TypeError, ValueError), match=rf"^{old} must be"):
            call(*args, **{old: 42 if old != "input" else "pdf"})


def test_the_generator_takes_the_new_names_only():
    with pytest.raises(TypeError):
        koen_align.iter_align_batch([], dict="x.txt")
    with pytest.raises(TypeError):
        koen_align.iter_align_batch([], input="text")


def test_the_examples_use_the_new_names(tmp_path):
    # They run in subprocesses (Spark, Ray), where a DeprecationWarning would go unseen.
    import argparse
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "examples"))
    try:
        import koen_align_output
    finally:
        sys.path.pop(0)
    parser = argparse.ArgumentParser()
    koen_align_output.add_options(parser)
    args = parser.parse_args(["--dict", "d.txt", "--input", "html", "--keep-boilerplate"])
    options = koen_align_output.options_of(args)
    assert options["dictionary"] == os.path.abspath("d.txt") and options["input_kind"] == "html"
    assert options["keep_boilerplate"] is True
    assert not [k for k in options if hasattr(builtins, k)]
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        del options["dictionary"]
        koen_align.align_batch([], **options)


def test_documents_survive_json():
    # The generator's documents are plain JSON types, as align_batch's records are.
    for doc in koen_align.iter_align_batch(_rows()[:3]):
        assert json.loads(json.dumps(doc)) == doc



def test_manifest_columns_and_row_fields_are_carried_to_every_pair_record(tmp_path):
    """A manifest's url_ko / url_en and other columns reach the records as the CLI carries
    them, and so do a text row's own url_ko / url_en / meta."""
    corpus = Path(__file__).resolve().parents[2] / "corpus" / "docs" / "ko-en-001-semiconductor-exports"
    manifest = tmp_path / "m.tsv"
    manifest.write_text("id\tko\ten\turl_ko\turl_en\tsource\n"
                        f"a\t{corpus / 'ko.txt'}\t{corpus / 'en.txt'}\thttps://ko.example/1\thttps://en.example/1\twire\n",
                        encoding="utf-8")
    rows = koen_align.read_manifest(manifest)
    assert (rows[0]["url_ko"], rows[0]["url_en"], rows[0]["meta"]) == ("https://ko.example/1", "https://en.example/1",
                                                                       {"source": "wire"})
    pairs = koen_align.align_batch(rows)["pairs"]
    assert pairs and all((p["url_ko"], p["url_en"], p["meta"]) == ("https://ko.example/1", "https://en.example/1",
                                                                   {"source": "wire"}) for p in pairs)
    text = koen_align.align_batch([{"id": "t", "ko": "수출이 늘었다.", "en": "Exports rose.", "url_en": "https://en.example/2",
                                    "meta": {"feed": "briefs"}}])["pairs"]
    assert [(p.get("url_ko"), p["url_en"], p["meta"]) for p in text] == [(None, "https://en.example/2", {"feed": "briefs"})]
    bad = koen_align.align_batch([{"id": "t", "ko": "수출이 늘었다.", "en": "Exports rose.", "meta": ["x"]}])
    assert bad["documents"][0]["status"] == "failed" and '"meta" must be a dict' in bad["documents"][0]["error"]
