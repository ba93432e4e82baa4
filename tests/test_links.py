"""Every link of the built site works, and nothing is loaded from another host.

The real project is built into a temporary directory (``site_dir`` in conftest.py).
Every ``href``/``src`` of every HTML page is checked: an internal target must exist
(the file, and the ``#anchor`` as an id on that page); scripts, stylesheets,
images and frames must come from the site itself; only links to sources (URLs
written in data/) and the theme's credit may point to another host, and they
must be https.
"""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from pydantic import ValidationError

from macros.model import Source
from macros.routes import read_site

# Links that are not sources but may leave the site: the theme's credit in the footer and the
# data licence. Nothing is loaded from there. Add to this list only with a reason.
# Links the site makes itself: the theme credit, the licence, the Data Package specification.
THEME_LINKS = {
    "https://squidfunk.github.io/mkdocs-material/",
    "https://creativecommons.org/licenses/by/4.0/",
    "https://datapackage.org/",
}
LOADING = {("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src"), ("embed", "src")}
# <link rel=...> values that name a page rather than load something.
NOT_LOADED_RELS = {"canonical", "alternate", "prev", "next"}


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str, str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if attributes.get(key):
                self.ids.add(attributes[key] or "")
        for key in ("href", "src"):
            value = attributes.get(key)
            if value is not None:
                self.refs.append((tag, key, value, attributes))


def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    links.close()
    return links


@pytest.fixture(scope="module")
def site(site_dir: Path) -> dict[str, Links]:
    return {p.relative_to(site_dir).as_posix(): parse(p) for p in sorted(site_dir.rglob("*.html"))}


def data_urls(data_dir: Path) -> set[str]:
    """Every URL written anywhere in the data (sources' url fields, mainly)."""
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str) and value.startswith(("http://", "https://")):
            found.add(value)

    for path in data_dir.rglob("*.yaml"):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


def site_url(site_dir: Path) -> str:
    """The configured site_url (the built site's own address), from the copy's mkdocs.yml; "" without one."""
    site = read_site(site_dir.parent / "project" / "mkdocs.yml")
    return site.url if site.known else ""


def resolve(page: str, target: str, base: str) -> str:
    """The site file a link from ``page`` leads to (absolute paths start at site_url's path)."""
    if target.startswith("/"):
        assert target.startswith(base), f"absolute link outside the site's path {base}: {target}"
        return posixpath.normpath(unquote(target[len(base) :]) or ".")
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(target)))


def test_internal_links_and_anchors_resolve(site_dir: Path, site: dict[str, Links]) -> None:
    broken = []
    checked = anchors = 0
    base = urlsplit(site_url(site_dir)).path or "/"
    for page, links in site.items():
        for tag, _key, value, _ in links.refs:
            parts = urlsplit(value)
            if parts.scheme or parts.netloc or value.startswith(("mailto:", "tel:")):
                continue
            checked += 1
            if parts.path:
                target = resolve(page, parts.path, base)
                if target.startswith(".."):
                    broken.append((page, value, "leaves the site"))
                    continue
                file = site_dir / target
                if file.is_dir() or value.endswith("/"):
                    file = file / "index.html"
                if not file.is_file():
                    broken.append((page, value, "no such file"))
                    continue
                target_page = file.relative_to(site_dir).as_posix()
            else:
                target_page = page
            if parts.fragment and tag == "a" and target_page.endswith(".html"):
                anchor = unquote(parts.fragment)
                anchors += 1
                if anchor not in site[target_page].ids:
                    broken.append((page, value, f"no id '{anchor}' in {target_page}"))
    assert checked > 100, f"only {checked} internal links found: is the site empty?"
    assert anchors > 20, f"only {anchors} links to anchors found: are record links checked?"
    assert not broken, "\n".join(f"{p}: {v} ({why})" for p, v, why in broken)


def test_nothing_loaded_from_another_host(site: dict[str, Links]) -> None:
    outside = []
    for page, links in site.items():
        for tag, key, value, attributes in links.refs:
            if (tag, key) not in LOADING or (not urlsplit(value).netloc and not value.startswith("//")):
                continue
            rel = set((attributes.get("rel") or "").split())
            if tag == "link" and rel and rel <= NOT_LOADED_RELS:
                continue
            outside.append(f"{page}: <{tag} {key}={value}>")
    assert not outside, "\n".join(outside)


def test_only_source_links_leave_the_site(site_dir: Path, site: dict[str, Links]) -> None:
    allowed = data_urls(site_dir.parent / "project" / "data") | THEME_LINKS
    own = site_url(site_dir)
    stray, insecure = [], []
    sources_linked = 0
    for page, links in site.items():
        for tag, _key, value, _ in links.refs:
            parts = urlsplit(value)
            if tag != "a" or not (parts.scheme or parts.netloc):
                continue
            if parts.scheme != "https":
                insecure.append(f"{page}: {value}")
            elif own and value.startswith(own):
                continue
            elif value in allowed:
                sources_linked += value not in THEME_LINKS
            else:
                stray.append(f"{page}: {value}")
    assert not insecure, "\n".join(insecure)
    assert not stray, "links to other hosts that are not sources:\n" + "\n".join(stray)
    assert sources_linked > 0, "no source link found: the test would pass vacuously"


VALID = {
    "id": "a-source",
    "outlet": "Outlet",
    "title": "Title",
    "date": "2025-12-20",
    "language": "en",
    "official": True,
}


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/page",
        "ftp://example.org/file",
        "javascript:alert(1)",
        "//example.org/page",
        "https://",
        "https://example",
        "https://exa mple.org/",
        "https://example.org/a b",
        " https://example.org/",
        "example.org/page",
        "HTTPS://example.org/",
    ],
)
def test_model_rejects_urls_that_are_not_https(url: str) -> None:
    with pytest.raises(ValidationError):
        Source.model_validate({**VALID, "url": url})


@pytest.mark.parametrize(
    "url",
    ["https://example.org/", "https://www.mofa.go.jp/mofaj/erp/page.html?x=1#part", "https://a.example.org:8443/x"],
)
def test_model_accepts_https_urls(url: str) -> None:
    assert Source.model_validate({**VALID, "url": url}).url == url
