"""Type hints for the koen_align extension module (see python/README.md)."""

import os
from typing import Any, Dict, Iterable, List, Literal, Mapping, Optional, TypedDict, Union

_Path = Union[str, "os.PathLike[str]"]
_Page = Union[str, bytes, bytearray]

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
    id: str = "doc",
    level: str = "paragraph",
    min_score: float = 0.0,
    rules: Optional[_Path] = None,
    dict: Optional[_Path] = None,
    input: str = "auto",
    blocks: str = "auto",
    encoding: Optional[str] = None,
) -> Dict[str, List[Dict[str, Any]]]: ...
def align_batch(
    rows: Iterable[Mapping[str, Any]],
    *,
    level: str = "paragraph",
    min_score: float = 0.0,
    rules: Optional[_Path] = None,
    dict: Optional[_Path] = None,
    input: str = "auto",
    blocks: str = "auto",
    encoding: Optional[str] = None,
    self_train: bool = True,
    evidence: Optional[Iterable[Mapping[str, Any]]] = None,
    threads: int = 1,
) -> Dict[str, List[Dict[str, Any]]]: ...
def read_manifest(path: _Path) -> List[Dict[str, Any]]: ...
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
