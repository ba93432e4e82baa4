"""Make Material's search indexing linear in a page's headings.

Material's search plugin finds each section's table-of-contents entry by walking
the page's whole TOC (``SearchIndex._find_toc_by_id``), once per section: quadratic
in the headings of one page. Our long pages (sources, deals, organisations) have a
heading per record, so at 100x the data this was 52 of 168 CPU seconds of a build.
This replaces the walk with a dictionary built once per TOC. Same result (the first
entry in document order with that id); if Material changes, nothing is patched.
"""

from __future__ import annotations

import weakref
from typing import Any

_indexes: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()


def _index(toc: Any) -> dict[str, Any]:
    index: dict[str, Any] = {}
    stack = list(reversed(list(toc)))
    while stack:
        item = stack.pop()
        index.setdefault(item.id, item)
        stack.extend(reversed(list(item.children)))
    return index


def _find_toc_by_id(self: Any, toc: Any, id: str) -> Any:
    try:
        index = _indexes[toc]
    except KeyError:
        index = _indexes[toc] = _index(toc)
    except TypeError:  # not weak-referenceable (a plain list): no cache, still one walk
        index = _index(toc)
    return index.get(id)


def install() -> bool:
    """Patch Material's search index if it has the method we expect; say whether it did."""
    try:
        from material.plugins.search.plugin import SearchIndex
    except ImportError:
        return False
    if not callable(getattr(SearchIndex, "_find_toc_by_id", None)):
        return False
    SearchIndex._find_toc_by_id = _find_toc_by_id
    return True
