"""The index tables as readers use them in Chromium: filters kept in the address, readable with
JavaScript off, sortable, and no page taller than a reader will scroll on a phone."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from macros import ROOT
from macros.dataset import build_dataset
from macros.fields import text_in
from macros.routes import RECORD_PAGES

MAX_HEIGHT = 20_000
"""CSS pixels at 390 px width: the tallest page the issue allows."""
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def data():
    return build_dataset(ROOT / "data")


DEALS_TABLE = "article table:not([class]) >> nth=0"


def visible_rows(page) -> list[str]:
    """The rows of the page's first table (the index table) that are shown."""
    return page.locator(DEALS_TABLE).evaluate("t => [...t.tBodies[0].rows].filter(r => !r.hidden).map(r => r.innerText)")


def test_filters_come_from_the_address_and_go_back_into_it(browser, site_url: str, data) -> None:
    kyrgyz_grants = [d for d in data.all("deals") if "kyrgyzstan" in d.countries and d.type.value == "grant"]
    assert kyrgyz_grants, "no Kyrgyz grant in the data: the test would pass vacuously"
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        page.goto(site_url + "deals/?country=kyrgyzstan&type=grant&utm=kept", wait_until="load")
        page.wait_for_selector("form[data-filters]:not([hidden])")
        rows = visible_rows(page)
        assert len(rows) == len(kyrgyz_grants), rows
        assert page.locator("form[data-filters] output").inner_text() == (
            f"Showing {len(kyrgyz_grants)} of {len(data.all('deals'))} deals."
        )
        # A financier chosen from the list joins the address, so the view can be shared.
        jica = [d for d in kyrgyz_grants if "jica" in d.financiers]
        assert jica, "no Kyrgyz grant financed by JICA: the financier filter would be tested vacuously"
        page.select_option("select[name=financier]", "jica")
        assert len(visible_rows(page)) == len(jica)
        query = parse_qs(urlsplit(page.url).query)
        # The filters' ids join the address; a parameter that is not a filter's stays.
        assert query == {"country": ["kyrgyzstan"], "type": ["grant"], "financier": ["jica"], "utm": ["kept"]}, page.url
        # Free text narrows further (the count follows once typing stops); Clear shows every deal again.
        naryn = [d for d in jica if "naryn" in text_in(d.title).lower()]
        assert naryn, "no Naryn grant in the data"
        page.fill("input[name=q]", "Naryn")
        page.wait_for_function(
            f"document.querySelector('form[data-filters] output').textContent.startsWith('Showing {len(naryn)} ')"
        )
        assert len(visible_rows(page)) == len(naryn)
        assert parse_qs(urlsplit(page.url).query)["q"] == ["Naryn"]
        page.click("form[data-filters] button[type=reset]")
        page.wait_for_function("location.search === '?utm=kept'")
        assert len(visible_rows(page)) == len(data.all("deals"))
    finally:
        context.close()


def test_without_javascript_every_row_shows_and_the_filters_stay_hidden(browser, site_url: str, data) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site_url + "deals/?country=kyrgyzstan", wait_until="load")
        assert len(visible_rows(page)) == len(data.all("deals"))
        assert not page.locator("form[data-filters]").is_visible()
    finally:
        context.close()


def test_a_column_sorts_by_its_value_not_its_words(browser, site_url: str, data) -> None:
    """The "Last change" column sorts by date (18 December before 2 January), not alphabetically."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        page.goto(site_url + "deals/", wait_until="load")
        page.locator(DEALS_TABLE).locator("th", has_text="Last change").click()
        shown = page.locator(DEALS_TABLE).evaluate(
            "t => [...t.tBodies[0].rows].map(r => r.cells[r.cells.length - 1].dataset.sort)"
        )
        assert shown == sorted(shown) or shown == sorted(shown, reverse=True), shown
        wanted = sorted(d.history[-1].date for d in data.all("deals"))
        assert sorted(shown) == wanted
    finally:
        context.close()


def pages_to_measure(site_dir: Path) -> list[str]:
    """Every page that lists records, and the largest record page of each collection."""
    pages = []
    for html in sorted(site_dir.rglob("index.html")):
        rel = html.parent.relative_to(site_dir).as_posix()
        if rel.split("/")[0] in RECORD_PAGES and "/" in rel:
            continue
        pages.append("" if rel == "." else rel + "/")
    for collection in RECORD_PAGES:
        records = [p for p in (site_dir / collection).glob("*/index.html")]
        if records:
            largest = max(records, key=lambda p: p.stat().st_size)
            pages.append(largest.parent.relative_to(site_dir).as_posix() + "/")
    return pages


def test_no_page_is_taller_than_20000_px_on_a_phone(browser, site_url: str, site_dir: Path) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    heights = {}
    try:
        for path in pages_to_measure(site_dir):
            page.goto(site_url + path, wait_until="load")
            heights[path] = page.evaluate("document.documentElement.scrollHeight")
    finally:
        context.close()
    tallest = sorted(heights.items(), key=lambda item: -item[1])[:5]
    print("tallest pages at 390 px:", ", ".join(f"{p or '/'} {h}" for p, h in tallest))
    assert len(heights) > 20, "too few pages measured"
    assert all(h <= MAX_HEIGHT for h in heights.values()), tallest


def test_the_trackers_tables_fit_at_1366_px(browser, site_url: str) -> None:
    """On a laptop every column of the tracker is in view: no table scrolls sideways."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        page.goto(site_url + "tracker/", wait_until="load")
        widths = page.eval_on_selector_all(".md-typeset__scrollwrap", "ws => ws.map(w => [w.scrollWidth, w.clientWidth])")
        assert len(widths) >= 4, "the tracker has fewer tables than expected"
        assert all(scroll <= client for scroll, client in widths), widths
    finally:
        context.close()
