"""Text from YAML is data, not markup: a hostile data set cannot inject HTML, links or attributes.

The minimal fixture is copied with hostile text in every kind of displayed field
(titles that become the page H1, <title> and the nav; summaries; table cells;
source titles and outlets; glossary terms). The whole build runs
(``python -m macros``, then ``mkdocs build --strict``), and the built HTML and
search index are parsed: nothing from the data may become an element, an event
handler or a javascript: link, and every hostile text must show literally.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from minimal_project import make_project, run_macros, run_mkdocs

from macros import escape

PAYLOADS = [
    "</title><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "{ onclick=alert(1) }",
    "| table | break |",
    "# heading",
    "- item",
    "1. item",
    '<a href="javascript:alert(1)">a</a>',
    "*emph* `code` \\ &amp; &lt;b&gt; <!-- c -->",
    "=== setext",
    "> quote",
    "![i](javascript:alert(1)){: onerror=alert(1) }",
    "<https://evil.example/x>",
    '" onmouseover="alert(1)',
]

# (file, record index or key, field): every kind of displayed text.
FIELDS = [
    ("countries.yaml", 0, "name"),
    ("countries.yaml", 0, "summary"),
    ("countries.yaml", 0, "capital"),
    ("countries.yaml", 1, "name"),
    ("countries.yaml", 2, "name"),
    ("countries.yaml", 3, "name"),
    ("people.yaml", 0, "name"),
    ("people.yaml", 0, "role"),
    ("pillars.yaml", 0, "name"),
    ("pillars.yaml", 0, "summary"),
    ("commitments.yaml", 0, "title"),
    ("commitments.yaml", 0, "summary"),
    ("proposals.yaml", 0, "title"),
    ("proposals.yaml", 0, "summary"),
    ("deals.yaml", 0, "title"),
    ("deals.yaml", 0, "summary"),
    ("declaration.yaml", 0, "section"),
    ("declaration.yaml", 0, "summary"),
    ("organisations.yaml", 0, "name"),
    ("organisations.yaml", 0, "summary"),
    ("organisations.yaml", 0, "short"),  # the filter's option text, the tables' short links
    ("organisations.yaml", 0, "aliases"),
    ("people.yaml", 0, "aliases"),
    ("events.yaml", 0, "title"),
    ("events.yaml", 0, "summary"),
    ("figures.yaml", 0, "label"),
    ("figures.yaml", 0, "unit"),
    ("glossary.yaml", 0, "term"),
    ("glossary.yaml", 0, "expansion"),
    ("glossary.yaml", 0, "summary"),
    ("corrections.yaml", 0, "claim"),
    ("corrections.yaml", 0, "correct"),
    ("sources/core.yaml", 0, "title"),
    ("sources/core.yaml", 0, "outlet"),
    ("sources/core.yaml", 1, "title"),
    ("sources/core.yaml", 1, "outlet"),
    ("summit.yaml", "summit", "name"),
    ("summit.yaml", "summit", "summary"),
    ("summit.yaml", "initiative", "full_name"),
    ("summit.yaml", "initiative", "summary"),
]


HOSTILE_TITLE = '</title><script>alert(1)</script><img src=x onerror=alert(1)> & " onmouseover="alert(1) title'
# The country's summary is its page's meta description: an HTML attribute, where a quote breaks out.
SPECIAL = {("countries.yaml", 0, "summary"): HOSTILE_TITLE}


def hostile_text(k: int) -> str:
    return f"{PAYLOADS[k % len(PAYLOADS)]} mark{k:02d}"


def make_hostile(data: Path) -> dict[str, str]:
    """Put hostile text into every field of FIELDS; returns field label → the text put there."""
    planted = {}
    by_file: dict[str, list[tuple[int, int | str, str]]] = {}
    for k, (file, where, name) in enumerate(FIELDS):
        by_file.setdefault(file, []).append((k, where, name))
    for file, fields in by_file.items():
        path = data / file
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
        for k, where, name in fields:
            text = SPECIAL.get((file, where, name), hostile_text(k))
            content[where][name] = [text] if name == "aliases" else text  # a list of names
            planted[f"{file}[{where}].{name}"] = text
        path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return planted


class Page(HTMLParser):
    """Every element with its attributes, the text of every <script>, <title> and the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []
        self.title = ""
        self.text: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))
        if tag not in ("img", "br", "hr", "meta", "link", "input", "source", "wbr"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop() == tag:
                break

    def handle_data(self, data: str) -> None:
        inside = self.stack[-1] if self.stack else ""
        if inside == "script":
            self.scripts.append(data)
        elif inside == "title":
            self.title += data
        elif inside != "style":
            self.text.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def normal(text: str) -> str:
    return " ".join(text.split())


def unsafe(page: Page) -> list[str]:
    """Every element, attribute or link that could run script."""
    found = []
    for tag, attrs in page.elements:
        for name, value in attrs:
            if name.lower().startswith("on"):
                found.append(f"<{tag} {name}={value!r}>")
            if (
                name.lower() in ("href", "src", "action", "formaction", "xlink:href")
                and value
                and re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith(("javascript:", "vbscript:", "data:text"))
            ):
                found.append(f"<{tag} {name}={value!r}>")
        if tag == "img" and dict(attrs).get("src") == "x":
            found.append(f"<{tag} {attrs!r}>")
    found += [f"<script>{s[:80]!r}" for s in page.scripts if "alert(" in s]
    return found


def add_titled_pages(project: Path) -> None:
    """A page whose title comes from its first H1 (escaped as templates escape data), in the nav.

    Generated pages open with a notice, so MkDocs takes their title from the file
    name; if a template ever opened with the H1, the title would come from data and
    reach <title> (Material unescapes it with ``striptags``), the nav and the search
    index. A front-matter ``title:`` is the author's own markup, like any hand-written
    page, so templates must not fill it from data (checked in test_no_title_from_data).
    """
    docs = project / "docs"
    (docs / "hostile-h1.md").write_text(f"# {escape.inline(HOSTILE_TITLE)}\n\nText.\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\nnav:\n" in text
    config.write_text(text.replace("\nnav:\n", "\nnav:\n  - hostile-h1.md\n", 1), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The hostile data set built into a site: (site directory, planted texts)."""
    root = tmp_path_factory.mktemp("hostile")
    project = make_project(root / "project")
    planted = make_hostile(project / "data")
    add_titled_pages(project)
    result = run_macros(project)
    assert result.returncode == 0, result.stdout + result.stderr
    site = root / "site"
    result = run_mkdocs(project, "build", "--strict", "-d", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    return site, planted


def pages(site: Path) -> dict[str, Page]:
    return {p.relative_to(site).as_posix(): parse(p.read_text(encoding="utf-8")) for p in sorted(site.rglob("*.html"))}


def test_nothing_from_the_data_becomes_markup(hostile_site: tuple[Path, dict[str, str]]) -> None:
    site, _ = hostile_site
    found = {path: unsafe(page) for path, page in pages(site).items()}
    assert not {path: items for path, items in found.items() if items}
    raw = "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    for needle in ("<script>alert", "<img src=x", '<a href="javascript:'):
        assert needle not in raw


def test_hostile_text_shows_literally(hostile_site: tuple[Path, dict[str, str]]) -> None:
    site, planted = hostile_site
    text = normal(" ".join(" ".join(page.text) for page in pages(site).values()))
    missing = {field: value for field, value in planted.items() if normal(value) not in text}
    assert not missing, f"not shown literally anywhere: {missing}"


def test_titles_and_nav_show_text_literally(hostile_site: tuple[Path, dict[str, str]]) -> None:
    site, _ = hostile_site
    page = parse((site / "hostile-h1" / "index.html").read_text(encoding="utf-8"))
    assert normal(page.title).startswith(normal(HOSTILE_TITLE)), page.title
    assert not unsafe(page)
    home = parse((site / "index.html").read_text(encoding="utf-8"))
    assert normal(HOSTILE_TITLE) in normal(" ".join(home.text)), "the nav should show the title literally"
    meta = parse((site / "countries" / "kazakhstan" / "index.html").read_text(encoding="utf-8"))
    descriptions = [
        dict(attrs).get("content") for tag, attrs in meta.elements if tag == "meta" and dict(attrs).get("name") == "description"
    ]
    assert descriptions == [HOSTILE_TITLE]


def test_search_index_holds_text_not_markup(hostile_site: tuple[Path, dict[str, str]]) -> None:
    site, planted = hostile_site
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    problems = []
    for doc in index["docs"]:
        for key in ("title", "text"):
            # Material renders these as HTML in the search results.
            found = unsafe(parse(doc.get(key, "")))
            found += [f"<{tag}>" for tag, _ in parse(doc.get(key, "")).elements if tag in ("script", "img", "iframe", "a")]
            if found:
                problems.append((doc["location"], key, found))
    assert not problems
    titles = normal(" ".join(normal("".join(parse(doc["title"]).text)) for doc in index["docs"]))
    assert normal(planted["countries.yaml[0].name"]) in titles


def test_no_title_from_data() -> None:
    """Templates must not put data into a front-matter title: MkDocs and Material print it unescaped."""
    from macros.render import TEMPLATES

    for template in TEMPLATES.glob("*.j2"):
        front = template.read_text(encoding="utf-8").split("---")
        assert not any(re.search(r"^title:", part, re.MULTILINE) for part in front[1:2]), template.name
