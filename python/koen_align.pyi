"""Type hints for the koen_align extension module (see python/README.md)."""

import os
from typing import Any, Dict, Iterable, Iterator, List, Literal, Mapping, Optional, TypedDict, Union

_Path = Union[str, "os.PathLike[str]"]
_Page = Union[str, bytes, bytearray]

# The spellings of the string options, as the CLI's flags take them (--level, --input,
# --blocks). A value outside them raises ValueError naming them all; python/tests checks
# that these lists are exactly what the module accepts.
_Level = Literal["paragraph", "sentence"]
_InputKind = Literal["auto", "text", "html"]
_BlockMode = Literal["auto", "lines", "paragraphs"]
_Format = Literal["jsonl", "tsv", "moses", "tmx"]

# Records of align, align_batch and iter_align_batch. The dicts below are for type checkers
# only: the module returns plain dicts, and these names do not exist at run time.

_Side = Literal["ko", "en"]
# The language of a removed block.
_Lang = Literal["ko", "en", "mixed", "other", "unknown"]
# What a removal took: a whole block (audit.jsonl), a fragment of one, or page text never read
# into a block (audit-inline.jsonl).
_Scope = Literal["block", "inline-prefix", "inline-suffix", "skipped"]
_Status = Literal["ok", "failed"]

class _PairRecordRequired(TypedDict):
    id: str
    ko: str
    en: str
    ko_blocks: List[int]
    en_blocks: List[int]
    kind: str
    score: float

class _PairRecord(_PairRecordRequired, total=False):
    """A line of pairs.jsonl. kind is "1-1", "1-2", "2-1", "1-0", "0-1" and so on; the rest
    only when known: each side's language confidence, the editions' URLs, and the row's other
    columns (meta)."""

    ko_lang_confidence: float
    en_lang_confidence: float
    url_ko: str
    url_en: str
    meta: Dict[str, str]

class _AuditRecord(TypedDict):
    """A line of audit.jsonl (scope "block") or audit-inline.jsonl (the other scopes)."""

    id: str
    side: _Side
    block: int
    text: str
    lang: _Lang
    rule: str
    reason: str
    scope: _Scope

class _DocumentRequired(TypedDict):
    id: str
    status: _Status

class _Document(_DocumentRequired, total=False):
    """A document's entry in summary.json; error when it failed, its counts when it is ok."""

    error: str
    ko_blocks: int
    en_blocks: int
    removed_blocks: int
    stripped_fragments: int
    pairs: Dict[str, int]
    replaced_bytes: int
    charset_overrides: List[Dict[str, str]]

class _Alignment(TypedDict):
    """What align returns."""

    pairs: List[_PairRecord]
    audit: List[_AuditRecord]

class _BatchAlignment(_Alignment):
    """What align_batch returns: every row's records in input order, one entry per row."""

    documents: List[_Document]

class _DocumentAlignment(TypedDict):
    """What iter_align_batch yields for each row."""

    pairs: List[_PairRecord]
    audit: List[_AuditRecord]
    document: _Document

class _ManifestRowRequired(TypedDict):
    line: int
    id: str
    manifest: str

class _ManifestRow(_ManifestRowRequired, total=False):
    """A row of read_manifest: paths (ko and en, or page), or the error of a malformed row.
    manifest marks it as naming files, which align_batch and iter_align_batch read."""

    ko: str
    en: str
    page: str
    input: _InputKind
    encoding: str
    url_ko: str
    url_en: str
    meta: Dict[str, str]
    error: str

# Pairing (pair, page_signature, pair_signatures). The dicts below are for type checkers only:
# the module returns plain dicts, and these names do not exist at run time.

_Edition = Literal["ko", "en"]
# The `reason` column of the CLI's unpaired.tsv.
_UnpairedReason = Literal["duplicate", "no-candidate", "below-threshold", "lost", "unreadable", "not-an-edition"]

class _PairRow(TypedDict):
    """A line of manifest.tsv (linked: the pages link to each other as editions)."""

    id: str
    ko: str
    en: str
    score: float
    linked: bool

class _UnpairedRow(TypedDict):
    """A line of unpaired.tsv; edition, other and score are None where the file leaves them blank."""

    page: str
    edition: Optional[_Edition]
    reason: _UnpairedReason
    other: Optional[str]
    score: Optional[float]
    detail: str

class _PairingSummary(TypedDict):
    """summary.json of a pairing run."""

    version: str
    pages: int
    korean: int
    english: int
    pairs: int
    linked_pairs: int
    unpaired: Dict[_UnpairedReason, int]
    threshold: float
    candidates: int
    duplicate_resemblance: float

class _Pairing(TypedDict):
    pairs: List[_PairRow]
    unpaired: List[_UnpairedRow]
    summary: _PairingSummary

class _PageSignatureRequired(TypedDict):
    page: str
    edition: _Edition
    keys: List[int]  # unsigned 64-bit
    paragraphs: int
    length: float
    fingerprint: List[int]  # unsigned 64-bit

class _PageSignature(_PageSignatureRequired, total=False):
    """A page's signature (page_signature); url and alternates only when the page declares them."""

    url: str
    alternates: List[str]

__version__: str

class KoenAlignError(ValueError):
    """An error reported by the koen-align library, with the library's message."""

def align(
    ko: Optional[_Page] = None,
    en: Optional[_Page] = None,
    *,
    page: Optional[_Page] = None,
    doc_id: str = "doc",
    level: _Level = "paragraph",
    min_score: float = 0.0,
    rules: Optional[_Path] = None,
    dictionary: Optional[_Path] = None,
    input_kind: _InputKind = "auto",
    blocks: _BlockMode = "auto",
    encoding: Optional[str] = None,
    keep_boilerplate: bool = False,
) -> _Alignment: ...

# align and align_batch still take id=, dict= and input= (deprecated: they shadow built-ins,
# and warn with a DeprecationWarning); the stub leaves them out so type checkers flag them.

def align_batch(
    rows: Iterable[Mapping[str, Any]],
    *,
    level: _Level = "paragraph",
    min_score: float = 0.0,
    rules: Optional[_Path] = None,
    dictionary: Optional[_Path] = None,
    input_kind: _InputKind = "auto",
    blocks: _BlockMode = "auto",
    encoding: Optional[str] = None,
    keep_boilerplate: bool = False,
    self_train: bool = True,
    evidence: Optional[Iterable[Mapping[str, Any]]] = None,
    threads: int = 1,
) -> _BatchAlignment: ...

class _RunInfo(TypedDict):
    version: str
    level: _Level
    format: _Format
    min_score: float
    options: Dict[str, Any]

def run_info(
    *,
    format: _Format = "jsonl",
    level: _Level = "paragraph",
    min_score: float = 0.0,
    rules: Optional[_Path] = None,
    dictionary: Optional[_Path] = None,
    input_kind: _InputKind = "auto",
    blocks: _BlockMode = "auto",
    encoding: Optional[str] = None,
    keep_boilerplate: bool = False,
    self_train: bool = True,
) -> _RunInfo: ...

class BatchIterator(Iterator[_DocumentAlignment]):
    """What iter_align_batch returns."""

    def __iter__(self) -> "BatchIterator": ...
    def __next__(self) -> _DocumentAlignment: ...

def iter_align_batch(
    rows: Iterable[Mapping[str, Any]],
    *,
    level: _Level = "paragraph",
    min_score: float = 0.0,
    rules: Optional[_Path] = None,
    dictionary: Optional[_Path] = None,
    input_kind: _InputKind = "auto",
    blocks: _BlockMode = "auto",
    encoding: Optional[str] = None,
    keep_boilerplate: bool = False,
    self_train: bool = True,
    evidence: Optional[Iterable[Mapping[str, Any]]] = None,
    sample_size: int = 2000,
    threads: int = 1,
) -> BatchIterator: ...
def read_manifest(path: _Path) -> List[_ManifestRow]: ...
def pair(
    paths: Union[_Path, Iterable[_Path]],
    *,
    out: Optional[_Path] = None,
    threshold: Optional[float] = None,
    threads: Optional[int] = None,
) -> _Pairing: ...
def page_signature(
    path: Optional[_Path] = None,
    *,
    data: Optional[_Page] = None,
    name: Optional[_Path] = None,
) -> _PageSignature: ...
def pair_signatures(
    signatures: Iterable[Mapping[str, Any]],
    *,
    threshold: Optional[float] = None,
) -> _Pairing: ...
