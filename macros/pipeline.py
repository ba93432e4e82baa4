"""The whole way through, as one call: data/ → validated Dataset → pages and exports → docs/.

Both the MkDocs hook and ``python -m macros`` go through here, so there is one pipeline and one
place that decides what "render the site" means. The caller says where the site is published
(:class:`~macros.routes.Site`): the hook from MkDocs' own configuration, the command line from
the mkdocs.yml it is pointed at.
"""

from __future__ import annotations

from pathlib import Path

from .dataset import Dataset, build_dataset
from .export import export_files
from .render import render_pages
from .routes import Site
from .write import Difference, compare, sync


def render(data_dir: Path, site: Site) -> tuple[Dataset, dict[str, str]]:
    """Load and render pages and exports (path under docs/ → text).

    Raises DataError (with every problem) before anything is written.
    """
    dataset = build_dataset(data_dir)
    return dataset, {**render_pages(dataset, site), **export_files(dataset, site)}


def generate(data_dir: Path, docs_dir: Path, site: Site) -> Difference:
    """Bring docs_dir up to date with data_dir."""
    _, pages = render(data_dir, site)
    return sync(docs_dir, pages)


def check(data_dir: Path, docs_dir: Path, site: Site) -> Difference:
    """What differs between docs_dir and what data_dir renders; writes nothing."""
    _, pages = render(data_dir, site)
    return compare(docs_dir, pages)
