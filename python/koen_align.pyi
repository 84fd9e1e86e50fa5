"""Type hints for the koen_align extension module (see python/README.md)."""

import os
from typing import Any, Dict, Iterable, List, Mapping, Optional, Union

_Path = Union[str, "os.PathLike[str]"]
_Page = Union[str, bytes, bytearray]

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
