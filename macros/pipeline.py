"""The whole way through, as one call: data/ → validated Dataset → pages and exports → docs/.

Both the MkDocs hook and ``python -m macros`` go through here, so there is one
pipeline and one place that decides what "render the site" means.
"""

from __future__ import annotations

from pathlib import Path

from .dataset import Dataset, build_dataset
from .export import export_files, site
from .render import render_pages
from .write import BeforeWrite, Difference, compare, sync

ROOT = Path(__file__).resolve().parent.parent


def render(data_dir: Path) -> tuple[Dataset, dict[str, str]]:
    """Load and render pages and exports (path under docs/ → text).

    Raises DataError (with every problem) before anything is written.
    """
    dataset = build_dataset(data_dir)
    here = site()
    return dataset, {**render_pages(dataset, site=here), **export_files(dataset, here)}


def generate(data_dir: Path, docs_dir: Path, before_write: BeforeWrite | None = None) -> Difference:
    """Bring docs_dir up to date with data_dir (``before_write``: see :func:`macros.write.sync`)."""
    _, pages = render(data_dir)
    return sync(docs_dir, pages, before_write)


def check(data_dir: Path, docs_dir: Path) -> Difference:
    """What differs between docs_dir and what data_dir renders; writes nothing."""
    _, pages = render(data_dir)
    return compare(docs_dir, pages)
