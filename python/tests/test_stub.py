"""python/koen_align.pyi against the installed module: the `Literal` spellings of the string
options are exactly those the module accepts, every function's keywords and defaults are the
module's, and the records' `Literal` fields hold what the module returns."""

import ast
import inspect
import re
from pathlib import Path

import pytest

import koen_align
from test_bindings import EN, KO, _rows

REPO = Path(__file__).resolve().parents[2]
STUB = ast.parse((REPO / "python" / "koen_align.pyi").read_text(encoding="utf-8"))
FUNCTIONS = {n.name: n for n in STUB.body if isinstance(n, ast.FunctionDef)}
CLASSES = {n.name: n for n in STUB.body if isinstance(n, ast.ClassDef)}


def _literals():
    """The stub's aliases `_Name = Literal[...]`: name -> set of strings."""
    out = {}
    for node in STUB.body:
        if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Subscript)
                and isinstance(node.value.value, ast.Name) and node.value.value.id == "Literal"):
            elements = node.value.slice.elts if isinstance(node.value.slice, ast.Tuple) else [node.value.slice]
            out[node.targets[0].id] = {e.value for e in elements}
    return out


LITERALS = _literals()


def _keywords(function):
    """(name, annotation, default) of a stub function's parameters after `*`."""
    args = function.args
    return [(a.arg, ast.unparse(a.annotation), ast.literal_eval(d) if d is not None else inspect.Parameter.empty)
            for a, d in zip(args.kwonlyargs, args.kw_defaults)]


def _allowed(message, setting):
    """The spellings a 'SETTING must be 'a' or 'b', not 'x'' message lists."""
    match = re.fullmatch(rf"{setting} must be (.*), not '.*'", message)
    assert match, message
    return set(re.findall(r"'([^']*)'", match.group(1)))


def _call(name, **options):
    """Calls a function with options only, on the smallest valid input."""
    if name == "align":
        return koen_align.align(KO, EN, **options)
    if name == "iter_align_batch":
        return list(koen_align.iter_align_batch([{"id": "a", "ko": KO, "en": EN}], **options))
    if name == "run_info":
        return koen_align.run_info(**options)
    return getattr(koen_align, name)([{"id": "a", "ko": KO, "en": EN}], **options)


# The string options and where the stub must type them with a Literal: a test that found none
# would prove nothing.
STRING_OPTIONS = {
    (function, keyword): alias
    for function in ("align", "align_batch", "iter_align_batch", "run_info")
    for keyword, alias in (("level", "_Level"), ("input_kind", "_InputKind"), ("blocks", "_BlockMode"))
} | {("run_info", "format"): "_Format"}


def test_the_stub_types_every_string_option_with_a_literal():
    found = {(name, keyword): annotation for name, function in FUNCTIONS.items()
             for keyword, annotation, _ in _keywords(function) if annotation in LITERALS}
    assert found == STRING_OPTIONS


@pytest.mark.parametrize("function, keyword", sorted(STRING_OPTIONS))
def test_the_literal_values_are_what_the_module_accepts(function, keyword):
    alias = STRING_OPTIONS[(function, keyword)]
    for value in sorted(LITERALS[alias]):
        _call(function, **{keyword: value})
    with pytest.raises(ValueError) as err:
        _call(function, **{keyword: "no-such-value"})
    # The module's message lists every spelling it takes: exactly the stub's.
    assert _allowed(str(err.value), keyword) == LITERALS[alias]


def test_the_row_input_key_takes_the_input_kinds():
    doc = koen_align.align_batch([{"id": "a", "ko": KO, "en": EN, "input": "pdf"}])["documents"][0]
    assert _allowed(doc["error"], "input") == LITERALS["_InputKind"]
    annotations = {n.target.id: ast.unparse(n.annotation) for n in CLASSES["_ManifestRow"].body
                   if isinstance(n, ast.AnnAssign)}
    assert annotations["input"] == "_InputKind"


@pytest.mark.parametrize("name", sorted(n for n in dir(koen_align) if callable(getattr(koen_align, n))
                                        and not n[0].isupper() and not n.startswith("_")))
def test_the_stub_has_the_module_keywords_and_defaults(name):
    # The extension's own signature (its __text_signature__) against the stub's.
    assert name in FUNCTIONS, f"{name} is not in the stub"
    module = inspect.signature(getattr(koen_align, name)).parameters.values()
    stub = FUNCTIONS[name]
    positional = [a.arg for a in stub.args.args]
    assert [p.name for p in module if p.kind is not p.KEYWORD_ONLY] == positional
    expected = [(p.name, p.default) for p in module if p.kind is p.KEYWORD_ONLY]
    assert [(k, d) for k, _, d in _keywords(stub)] == expected


def test_the_records_hold_the_stub_literals():
    # Korean, English, mixed and unknown blocks, whole blocks and stripped fragments, an ok
    # and failed document, and the pages of the corpus with their chrome.
    out = koen_align.align_batch(_rows() + koen_align.read_manifest(REPO / "corpus" / "manifest.tsv")
                                 + koen_align.read_manifest(REPO / "corpus" / "pages" / "manifest.tsv"))
    seen = {
        "_Side": {a["side"] for a in out["audit"]},
        "_Lang": {a["lang"] for a in out["audit"]},
        "_Scope": {a["scope"] for a in out["audit"]},
        "_Status": {d["status"] for d in out["documents"]},
    }
    for alias, values in seen.items():
        assert values <= LITERALS[alias], alias
    # Enough variety that the check means something.
    assert seen["_Side"] == LITERALS["_Side"] and seen["_Status"] == LITERALS["_Status"]
    assert {"block", "inline-prefix"} <= seen["_Scope"]
    assert {"ko", "en"} < seen["_Lang"]
