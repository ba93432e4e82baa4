"""The thin MkDocs adapter: before each build, render docs/ from data/.

The pipeline is :mod:`macros.pipeline`. A data mistake stops ``mkdocs build`` with every
problem listed and no traceback; under ``mkdocs serve`` the same message shows and the server
keeps running, so fixing the file recovers. Only MkDocs' documented events are used.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

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

_serving = False


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_pre_build(config) -> None:
    config_file = Path(config.config_file_path)
    # `mkdocs serve` replaces site_url with its local address; the pages and exports name the
    # published one, so under serve it is read from the same mkdocs.yml MkDocs read.
    site = read_site(config_file) if _serving else Site.from_config(config)
    try:
        diff = generate(config_file.parent / "data", Path(config.docs_dir), site)
    except DataError as error:
        raise Abort(error.report()) from None
    if diff:
        log.info("macros: regenerated %d page(s) from data/", len(diff.stale) + len(diff.missing) + len(diff.orphaned))


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
    docs_dir = Path(config.docs_dir)
    server.unwatch(str(docs_dir))
    for path in hand_written(docs_dir):
        server.watch(str(path))
    return server


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
