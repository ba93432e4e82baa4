"""Dataset → Markdown pages: the Jinja environment and the loop over the pages.

A pure function: the same data gives the same bytes. Each page is a template in
``templates/`` that extends ``_layout.md.j2`` (front matter, the generated-page notice, the
"as of" footer). Templates get ``data`` (the records), ``views`` (derived answers),
``page`` (formatting helpers), ``site`` and whatever their :class:`~macros.routes.PageSpec`
adds. Every ``{{ }}`` is escaped by the environment (see :mod:`macros.escape`).
"""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import cache, escape
from .dataset import Dataset
from .page import Links, Page
from .routes import Site, page_specs
from .views import Views
from .write import GENERATED_MARK

TEMPLATES = Path(__file__).parent / "templates"


@functools.cache
def environment(templates: Path = TEMPLATES) -> jinja2.Environment:
    """The one Jinja environment: escaping by default, strict about undefined names.

    Kept for the process, so repeated renders (``mkdocs serve``) compile nothing again; Jinja itself
    notices an edited template (``auto_reload``). Compiled templates are also kept in .cache/ for the
    next process; compiling depends on this module (the options) and on escape.py (finalize)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        finalize=escape.inline,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.bytecode_cache = cache.jinja_bytecode("pages", env, Path(__file__).read_bytes(), Path(escape.__file__).read_bytes())
    return env


def render_pages(data: Dataset, site: Site, lang: str = "en") -> dict[str, str]:
    """Render every page; returns path under docs/ → Markdown."""
    env = environment()
    views = Views(data)
    links = Links(data)
    pages: dict[str, str] = {}
    for spec in page_specs(data):
        page = Page(data, spec.path, links, lang, site)
        text = env.get_template(spec.template).render(
            data=data,
            views=views,
            page=page,
            site=site,
            # A YAML comment in the front matter, so printed as it is.
            notice=Markup(f"{GENERATED_MARK} from data/ and macros/templates/{spec.template}."),
            description=spec.description(views),
            # A number for the front matter, not text from the data: printed as it is (0.5, not 0\.5).
            search_boost=Markup(f"{spec.search_boost:g}") if spec.search_boost else None,
            wide=spec.wide,
            search_exclude=spec.search_exclude,
            **dict(spec.context),
        )
        pages[spec.path] = _tidy(text)
    return pages


def _tidy(text: str) -> str:
    """Collapse runs of blank lines and end with exactly one newline."""
    out: list[str] = []
    for line in text.splitlines():
        line = line.rstrip()
        if line == "" and (not out or out[-1] == ""):
            continue
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"
