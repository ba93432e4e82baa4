"""What a build keeps on disk for the next one, as Python keeps ``__pycache__``.

Only results that depend on code, never on data, are kept, each under a key made of
everything it depends on, so a stale entry is never used:

- compiled Jinja templates: our 19 page templates cost about 0.1 s to compile in every new
  process, and MkDocs compiles Material's theme templates again on every build, including
  each rebuild under ``mkdocs serve``. Jinja stores each with a checksum of its source and
  the Jinja and Python versions, and compiles again when any of them differs.
- the JSON Schemas pydantic derives from ``macros/model.py`` (about 0.03 s per process),
  under a hash of that file and the pydantic and Python versions.
- each data file as parsed (its values and the line of each), under a hash of its text, of
  ``macros/load.py`` and of the PyYAML version: parsing is most of loading (0.04 of 0.055 s
  at 1x), and an edit changes one file. Only files read without a problem are kept, one
  entry per file name, and validation and linking always run on the whole data.

Everything lives in ``.cache/`` beside mkdocs.yml (ignored by git). Where it cannot be
written the work is simply done again, as before.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

import jinja2

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache"


@functools.cache
def directory(name: str) -> Path | None:
    """``.cache/<name>/``, made if needed; None where it cannot be written."""
    path = CACHE / name
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path if os.access(path, os.W_OK | os.X_OK) else None


@functools.cache
def jinja_bytecode(environment: str) -> jinja2.BytecodeCache | None:
    """The compiled templates of one Jinja environment ("pages" or "theme").

    One folder per environment: Jinja's cache key is the template's name, file and source, not the
    environment's options (trim_blocks and the like change the compiled code)."""
    path = directory(f"jinja/{environment}")
    return jinja2.FileSystemBytecodeCache(str(path)) if path else None


def key(*parts: bytes | str) -> str:
    """A key naming everything a cached value depends on (always including the Python version)."""
    digest = hashlib.sha256(sys.version.encode())
    for part in parts:
        digest.update(b"\0" + (part.encode() if isinstance(part, str) else part))
    return digest.hexdigest()[:32]


def read_json(name: str, cache_key: str) -> Any | None:
    """The value stored under ``cache_key``, or None if there is none (or it cannot be read)."""
    path = directory(name)
    if path is None:
        return None
    try:
        return json.loads((path / f"{cache_key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(name: str, cache_key: str, value: Any) -> None:
    """Store ``value``; written whole or not at all, so a concurrent build never reads half of it."""
    path = directory(name)
    if path is None:
        return
    try:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path, suffix=".tmp", delete=False) as out:
            json.dump(value, out)
        os.replace(out.name, path / f"{cache_key}.json")
    except OSError:
        pass


def read_pickle(name: str, slot: str, cache_key: str) -> Any | None:
    """The value kept in ``slot`` if it was stored under ``cache_key``, else None.

    Pickles are read only from our own .cache/, written by :func:`write_pickle`, like
    Python trusts its own __pycache__."""
    path = directory(name)
    if path is None:
        return None
    try:
        stored_key, value = pickle.loads((path / f"{key(slot)}.pickle").read_bytes())
    except Exception:  # missing, truncated or from another version: parse again
        return None
    return value if stored_key == cache_key else None


def write_pickle(name: str, slot: str, cache_key: str, value: Any) -> None:
    """Keep ``value`` in ``slot`` (one entry per slot, so the cache does not grow with edits)."""
    path = directory(name)
    if path is None:
        return
    try:
        with tempfile.NamedTemporaryFile("wb", dir=path, suffix=".tmp", delete=False) as out:
            pickle.dump((cache_key, value), out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(out.name, path / f"{key(slot)}.pickle")
    except OSError:
        pass
