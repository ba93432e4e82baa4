"""The thin MkDocs adapter: before each build, render docs/ from data/.

The pipeline is :mod:`macros.pipeline`. A data mistake stops ``mkdocs build`` with every
problem listed and no traceback; under ``mkdocs serve`` the same message shows and the server
keeps running, so fixing the file recovers. Only MkDocs' documented events are used.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from urllib.parse import urlsplit

import material
import mkdocs
from mkdocs.exceptions import Abort

# MkDocs loads hooks by file path; make the package importable from a clone that was not installed.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros import cache
from macros.pipeline import generate
from macros.problems import DataError
from macros.routes import Site, read_site
from macros.write import in_generated_area, is_generated

log = logging.getLogger("mkdocs.hooks.macros")

_serving: tuple[object, Path] | None = None
"""Under `mkdocs serve`: the live-reload server and docs/, so each build can watch new hand-written files."""
_watched: set[str] = set()


def published_site(config) -> Site:
    """Where the site is published, from MkDocs' own configuration.

    `mkdocs serve` (with or without --clean) replaces site_url with its local address; the pages and
    exports name the published one, so then it is read from the same mkdocs.yml MkDocs read."""
    site = Site.from_config(config)
    if urlsplit(site.url).netloc == str(config.dev_addr):
        return read_site(Path(config.config_file_path))
    return site


def on_pre_build(config) -> None:
    try:
        diff = generate(Path(config.config_file_path).parent / "data", Path(config.docs_dir), published_site(config))
    except DataError as error:
        raise Abort(error.report()) from None
    if diff:
        log.info("macros: regenerated %d page(s) from data/", diff.changed)
    if _serving is not None:
        _watch_hand_written(*_serving)


def on_env(env, config, files):
    # MkDocs makes a new theme environment for every build; without a cache it compiles
    # Material's templates again each time (about 0.11 s of every build, each rebuild under serve too).
    bytecode = cache.jinja_bytecode("theme", env, mkdocs.__version__, material.__version__)
    if bytecode is not None:
        env.bytecode_cache = bytecode
    return env


def on_serve(server, config, builder):
    # The build writes the generated pages into docs/; watching them would start a second build
    # after every edit. Watch only the hand-written files there (data/ and macros/ are in `watch:`).
    # A file added later next to generated pages is watched from the next build on (see on_pre_build):
    # a new page shows after any edit, or after touching mkdocs.yml.
    global _serving
    docs_dir = Path(config.docs_dir)
    server.unwatch(str(docs_dir))
    _serving = (server, docs_dir)
    _watched.clear()
    _watch_hand_written(server, docs_dir)
    return server


def on_shutdown() -> None:
    global _serving
    _serving = None
    _watched.clear()


def _watch_hand_written(server, docs_dir: Path) -> None:
    for path in map(str, hand_written(docs_dir)):
        if path not in _watched:
            server.watch(path)
            _watched.add(path)


def hand_written(docs_dir: Path, folder: Path | None = None) -> list[Path]:
    """The files and folders under docs/ that the build never writes, as few as cover them all: a
    folder without a generated page is watched whole, so a file added there is seen too."""
    found: list[Path] = []
    for entry in sorted((folder or docs_dir).iterdir()):
        rel = entry.relative_to(docs_dir).as_posix()
        if entry.is_dir():
            if in_generated_area(rel + "/"):
                continue
            if any(is_generated(page) for page in entry.rglob("*.md")):
                found += hand_written(docs_dir, entry)
            else:
                found.append(entry)
        elif not in_generated_area(rel) and not is_generated(entry):
            found.append(entry)
    return found
