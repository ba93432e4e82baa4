"""The thin MkDocs adapter: before each build, render docs/ from data/.

Nothing else lives here; the pipeline is :mod:`macros.pipeline`.
:mod:`macros.search_speed` keeps Material's search indexing linear,
:mod:`macros.cache` keeps compiled theme templates between builds, and
:mod:`macros.serve_watch` makes ``mkdocs serve`` notice edits sooner and ignore
the pages the build itself wrote. A data
mistake stops ``mkdocs build`` with every problem listed and no traceback; under
``mkdocs serve`` the same message shows and the server keeps running, so fixing
the file recovers.
"""

from __future__ import annotations

import functools
import logging
import sys
from pathlib import Path

import material
import mkdocs
from mkdocs.exceptions import Abort

# MkDocs loads hooks by file path; make the package importable from a clone
# that was not installed.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros import cache, search_speed, serve_watch
from macros.load import DataError
from macros.pipeline import generate

search_speed.install()

log = logging.getLogger("mkdocs.hooks.macros")


def on_pre_build(config) -> None:
    root = Path(config.config_file_path).parent
    try:
        docs_dir = Path(config.docs_dir)
        diff = generate(root / "data", docs_dir, functools.partial(serve_watch.expect, docs_dir))
    except DataError as error:
        raise Abort(error.report()) from None
    if diff:
        log.info("macros: regenerated %d page(s) from data/", len(diff.stale) + len(diff.missing) + len(diff.orphaned))


def on_env(env, config, files):
    # MkDocs makes a new theme environment for every build; without a cache it compiles
    # Material's templates again each time (about 0.15 s of every rebuild under serve).
    bytecode = cache.jinja_bytecode("theme", env, mkdocs.__version__, material.__version__)
    if bytecode is not None:
        env.bytecode_cache = bytecode
    return env


def on_serve(server, config, builder):
    # Poll for edits every 0.1 s instead of 0.5 s, and do not rebuild for the pages the build wrote.
    serve_watch.install(server)
    return server
