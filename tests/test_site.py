"""Every record in data/ reaches the built site, where its links say it is, cross-linked both ways."""

from __future__ import annotations

import posixpath
import re
from functools import cache
from pathlib import Path

import pytest

from macros import ROOT
from macros.dataset import Dataset, build_dataset
from macros.model import COLLECTIONS
from macros.routes import RECORD_PAGES, home_of, index_page, listed_at, record_json_path

COLLECTION_NAMES = [c.name for c in COLLECTIONS]
"""Record-level checks run once per collection, so a new collection is covered without a new test."""


@pytest.fixture(scope="module")
def data() -> Dataset:
    return build_dataset(ROOT / "data")


def html_path(site: Path, page: str) -> Path:
    """docs/<page>.md → site/<page>/index.html (use_directory_urls)."""
    stem = page[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return site / (stem + ".html")
    return site / stem / "index.html"


@cache
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def ids_in(html: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', html))


def records_of(data: Dataset, collection: str) -> list[str]:
    """The ids of a collection's records (summit.yaml holds the summit and the initiative)."""
    kinds = {"summit", "initiative"} if collection == "summit" else {collection}
    found = [record_id for record_id, kind in data.collection_of.items() if kind in kinds]
    assert found, f"no record in {collection}: nothing to check"
    return found


@pytest.mark.parametrize("collection", COLLECTION_NAMES)
def test_every_record_is_on_its_page(site_dir: Path, data: Dataset, collection: str) -> None:
    missing = []
    for record_id in records_of(data, collection):
        page, anchor = home_of(data, record_id)
        path = html_path(site_dir, page)
        if not path.is_file():
            missing.append(f"{record_id}: no page {page}")
        elif anchor and anchor not in ids_in(_read(path)):
            missing.append(f"{record_id}: no anchor #{anchor} on {page}")
    assert not missing, "\n".join(missing)


def hrefs(html: str) -> list[str]:
    return re.findall(r'<a [^>]*href="([^"]+)"', html)


def links_to(site: Path, from_page: str, record_id: str, data: Dataset) -> bool:
    """Does the built ``from_page`` show the record (it lives there) or link to its home?"""
    page, anchor = home_of(data, record_id)
    if page == from_page and anchor in ids_in(_read(html_path(site, from_page))):
        return True
    target_dir = posixpath.dirname(html_path(Path("/"), page).as_posix())
    here_dir = posixpath.dirname(html_path(Path("/"), from_page).as_posix())
    for href in hrefs(_read(html_path(site, from_page))):
        if href.startswith(("http://", "https://")):
            continue
        path, _, fragment = href.partition("#")
        resolved = posixpath.normpath(posixpath.join(here_dir, path)) if path else here_dir
        if resolved.rstrip("/") == target_dir.rstrip("/") and (anchor is None or fragment == anchor):
            return True
    return False


def test_deals_link_their_parties_countries_and_pillar(site_dir: Path, data: Dataset) -> None:
    problems = []
    for deal in data.all("deals"):
        for ref in [*deal.parties, *deal.financiers, *deal.countries, *([deal.pillar] if deal.pillar else [])]:
            if not links_to(site_dir, "deals/index.md", ref, data):
                problems.append(f"deals page: {deal.id} does not link {ref}")
    assert not problems, "\n".join(problems)


def test_no_link_leads_nowhere(site_dir: Path) -> None:
    """A link to the page it is on (``href=""``) reads as a link and goes nowhere."""
    empty = [p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html") if 'href=""' in _read(p)]
    assert not empty, f'pages with href="": {empty[:10]}'


def test_pages_show_what_refers_to_them(site_dir: Path, data: Dataset) -> None:
    """Backlinks: a country page links its leader's proposals and every deal naming it; a record's own
    page links every record that names it (an organisation its deals, a source what cites it)."""
    problems = []
    for country in data.all("countries"):
        own = [p for p in data.all("proposals") if p.country == country.id]
        for item in [*data.referring(country.id, "deals"), *own]:
            if not links_to(site_dir, f"countries/{country.id}.md", item.id, data):
                problems.append(f"{country.id} page does not link {item.id}")
    for collection in RECORD_PAGES:
        for record in data.all(collection):
            page, _ = home_of(data, record.id)
            for item in data.referring(record.id):
                if not links_to(site_dir, page, item.id, data):
                    problems.append(f"{page} does not link back to {item.id}")
    assert not problems, "\n".join(problems[:50])


@pytest.mark.parametrize("collection", RECORD_PAGES)
def test_a_record_page_names_what_the_record_names(site_dir: Path, data: Dataset, collection: str) -> None:
    """Relations both ways: a record's page links every record its fields name."""
    from macros.dataset import references

    problems = []
    for record in data.all(collection):
        page, _ = home_of(data, record.id)
        for path, _, target in references(record):
            if not links_to(site_dir, page, target, data):
                problems.append(f"{page} does not link {target} ({path})")
    assert not problems, "\n".join(problems[:50])


@pytest.mark.parametrize("collection", RECORD_PAGES)
def test_a_record_page_offers_a_citation_and_its_json(site_dir: Path, data: Dataset, collection: str) -> None:
    """Each record page ends with "Cite this" (title, site, permanent address, date of the data) and links
    the record's own JSON file, which holds that record."""
    import json

    problems = []
    for record in data.all(collection):
        page, _ = home_of(data, record.id)
        html = _read(html_path(site_dir, page))
        if 'id="cite-this"' not in html or "Data as of" not in html:
            problems.append(f"{page}: no Cite this")
        json_file = record_json_path(collection, record.id)
        if not any(href.endswith(json_file.rsplit("/", 1)[1]) for href in hrefs(html)):
            problems.append(f"{page}: no link to {json_file}")
        document = json.loads((site_dir / json_file).read_text(encoding="utf-8"))
        if document["record"]["id"] != record.id or not document["permalink"].endswith(f"{collection}/{record.id}/"):
            problems.append(f"{json_file}: holds {document['record']['id']} at {document['permalink']}")
    assert not problems, "\n".join(problems[:50])


@pytest.mark.parametrize("collection", COLLECTION_NAMES)
def test_links_saved_before_record_pages_still_land(site_dir: Path, data: Dataset, collection: str) -> None:
    """Every ``page/#record-id`` anchor of the site before records had pages of their own is still on
    that page (on the record's row of an index table, or beside its entry), leading to the record."""
    problems = []
    for record_id in records_of(data, collection):
        page, anchor = listed_at(data, record_id)
        if anchor is None:
            continue
        html = _read(html_path(site_dir, page))
        if anchor not in ids_in(html):
            problems.append(f"{record_id}: no anchor #{anchor} on {page}")
        elif not links_to(site_dir, page, record_id, data):
            problems.append(f"{page}#{anchor} does not lead to the record's page")
    assert not problems, "\n".join(problems[:50])


@pytest.mark.parametrize(
    "address",
    [
        "deals/index.html#uz-samarkand-solar-storage-plants",
        "sources/index.html#founding-article",
        "organisations/index.html#jica",
        "timeline/index.html#leaders-dinner",
        "countries/uzbekistan/index.html#uz-biennial-summits",
        "initiative/index.html#business-projects-3-trillion-yen",
    ],
)
def test_known_saved_links_still_land(site_dir: Path, address: str) -> None:
    """Addresses of the old site, written out (not derived from routes, which could move with them)."""
    path, anchor = address.split("#")
    assert anchor in ids_in(_read(site_dir / path))


@pytest.mark.parametrize("collection", [name for name in COLLECTION_NAMES if name != "sources"])
def test_every_cited_source_links_to_its_entry(site_dir: Path, data: Dataset, collection: str) -> None:
    """A record's citations sit on its home page and lead to the source entries."""
    problems = []
    for record_id in records_of(data, collection):
        record = data[record_id]
        page, _ = home_of(data, record_id)
        for source_id in record.sources:
            if not links_to(site_dir, page, source_id, data):
                problems.append(f"{page}: {record_id} does not cite {source_id}")
    assert not problems, "\n".join(problems[:50])


def test_every_generated_page_is_in_the_nav() -> None:
    """Pages live in nav sections; an orphan page would be unreachable by browsing. Record pages are kept
    out of the nav on purpose (mkdocs.yml's not_in_nav) and reached from their collection's index page."""
    import pathspec
    import yaml

    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    in_nav = set(re.findall(r"[\w/.-]+\.md", str(config["nav"])))
    not_in_nav = pathspec.GitIgnoreSpec.from_lines(config["not_in_nav"].splitlines())
    on_disk = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    left_out = {page for page in on_disk - in_nav if not not_in_nav.match_file(page)}
    assert left_out == set(), f"pages not in the nav: {sorted(left_out)}"
    for collection in RECORD_PAGES:
        assert index_page(collection) in in_nav, f"{collection}: its index page is not in the nav"
        assert not_in_nav.match_file(f"{collection}/some-record.md"), f"{collection} record pages are in the nav"


def test_a_disputed_value_is_marked_wherever_it_is_shown(site_dir: Path, data: Dataset) -> None:
    """A deal whose value the sources dispute says so on its own page and on its row of the deals table;
    a figure, on the figures page; every disputed field that names a value is marked somewhere."""
    deals = [d for d in data.all("deals") if any("value" in x.concerns for x in d.disputes)]
    figures = [f for f in data.all("figures") if any("value" in x.concerns for x in f.disputes)]
    assert figures, "no figure's value is disputed in the data: nothing to check"
    index = _read(html_path(site_dir, "deals/index.md"))
    problems = []
    for deal in deals:
        row = re.search(rf'<tr>\s*<td><a id="{deal.id}"></a>.*?</tr>', index, re.S)
        if not row or 'class="disputed"' not in row.group(0):
            problems.append(f"deals table: {deal.id}'s value is not marked as disputed")
        if 'class="disputed"' not in _read(html_path(site_dir, home_of(data, deal.id)[0])):
            problems.append(f"{deal.id}'s page does not mark its value as disputed")
    figures_page = _read(html_path(site_dir, "figures.md"))
    for figure in figures:
        # From the figure's anchor, through its own heading, to the next figure's heading.
        section = figures_page.split(f'id="{figure.id}"', 1)[1].split("<h2", 2)[1]
        if 'class="disputed"' not in section:
            problems.append(f"figures page: {figure.id} is not marked as disputed")
    assert not problems, "\n".join(problems)
