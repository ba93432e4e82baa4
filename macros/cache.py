"""What a build keeps on disk for the next one, as Python keeps ``__pycache__``.

Only results derived from code, or from one data file's text alone, are kept, each under a
key made of everything it depends on, so a stale entry is never used:

- compiled Jinja templates: our 19 page templates cost about 0.1 s to compile in every new
  process, and MkDocs compiles Material's theme templates again on every build, including
  each rebuild under ``mkdocs serve``. Jinja stores each with a checksum of its source and
  the Jinja and Python versions; the folder is named after the environment's options and the
  code that defines it (see :func:`jinja_bytecode`).
- the JSON Schemas pydantic derives from ``macros/model.py`` and ``macros/fields.py`` (about
  0.03 s per process), under a hash of both files and the pydantic and Python versions.
- each data file as parsed (its values and the line of each), under a hash of its text, of
  ``macros/source.py`` and of the PyYAML version: parsing is most of loading, and an edit
  changes one file. Only files read without a problem are kept, one
  entry per file name, and validation and linking always run on the whole data.

Everything lives in ``.cache/`` beside mkdocs.yml (ignored by git). Where it cannot be
written the work is simply done again, as before.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache

from . import ROOT

CACHE = ROOT / ".cache"


def directory(name: str) -> Path | None:
    """``.cache/<name>/``, made if needed; None where it cannot be written.

    Not memoised: a contributor may delete .cache/ at any time, even while ``mkdocs serve`` runs."""
    path = CACHE / name
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path if os.access(path, os.W_OK | os.X_OK) else None


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's on-disk cache, except that a write that fails (folder deleted meanwhile, disk full) is
    skipped: the template is compiled and used all the same."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


_OPTIONS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "is_async",
)


def _name(value: Any) -> str:
    qualname = getattr(value, "__qualname__", None)
    return f"{getattr(value, '__module__', '')}.{qualname}" if qualname else repr(value)


def jinja_bytecode(kind: str, env: jinja2.Environment, *depends_on: bytes | str) -> jinja2.BytecodeCache | None:
    """Compiled templates for ``env``, or None where they cannot be kept.

    Jinja keys a compiled template by its name, file and source only, but compiling also depends on
    the environment's options (trim_blocks, finalize, ...) and, through constant folding, on the code of
    its finalize function and filters. So the folder is named after all of that: the options, the
    Jinja version and ``depends_on`` (the code or versions that define the environment). A new folder
    replaces the older ones of the same ``kind``."""
    options = [repr(getattr(env, name, None)) for name in _OPTIONS]
    options += [_name(env.autoescape), _name(env.finalize), _name(env.undefined), *sorted(env.extensions)]
    name = f"{kind}-{key(jinja2.__version__, *options, *depends_on)}"
    parent = directory("jinja")
    if parent is None:
        return None
    if not (parent / name).is_dir():
        for old in parent.glob(f"{kind}-*"):
            shutil.rmtree(old, ignore_errors=True)
    path = directory(f"jinja/{name}")
    return _BytecodeCache(str(path)) if path else None


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
