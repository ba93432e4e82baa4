"""The issue's reader questions, each answered in one search or at most two clicks from the home page
(Chromium, phone and desktop). Every expectation is worked out from the data, not written down."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from macros import ROOT, labels
from macros.dataset import build_dataset
from macros.views import Views

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}


@pytest.fixture(scope="module")
def data():
    return build_dataset(ROOT / "data")


def search(page, query: str, results: int = 1) -> list[str]:
    """Type a query into Material's search box; returns the paths of the first pages it lists (without
    the ?h= that search.highlight adds)."""
    opener = page.locator("label.md-header__button[for='__search']")
    if opener.is_visible():
        opener.click()
    page.locator("input.md-search__input").press_sequentially(query, delay=20)
    page.locator(".md-search-result__item a").first.wait_for(state="visible", timeout=15_000)
    hrefs = page.eval_on_selector_all(".md-search-result__list > .md-search-result__item > a", "as => as.map(a => a.href)")
    return [urlsplit(href).path for href in hrefs[:results]]


@pytest.mark.parametrize("size", SIZES)
def test_which_deals_jbic_finances_and_for_how_much(browser, site_url: str, data, size: str) -> None:
    """One search: "JBIC" opens its page, which lists every deal it finances with the value."""
    financed = [d for d in data.all("deals") if "jbic" in d.financiers]
    assert financed, "JBIC finances no deal in the data: the question has no answer to check"
    context = browser.new_context(viewport=SIZES[size])
    page = context.new_page()
    try:
        page.goto(site_url, wait_until="load")
        [href] = search(page, "JBIC")
        assert href.endswith("/organisations/jbic/"), href
        page.goto(site_url + "organisations/jbic/", wait_until="load")
        text = page.locator("article").inner_text()
        for deal in financed:
            value = deal.value
            shown = labels.format_figure(value.amount, value.currency.value, value.qualifier) if value else "no value given"
            assert shown in text, f"{deal.id}: its value {shown!r} is not on JBIC's page"
    finally:
        context.close()


@pytest.mark.parametrize("size", SIZES)
def test_grant_aid_to_kyrgyzstan_with_values_in_two_clicks(browser, site_url: str, data, size: str) -> None:
    """Home → the deals table → filtered by country and type (the address holds the filters)."""
    grants = [d for d in data.all("deals") if "kyrgyzstan" in d.countries and d.type.value == "grant"]
    context = browser.new_context(viewport=SIZES[size])
    page = context.new_page()
    try:
        page.goto(site_url, wait_until="load")
        page.locator("article a", has_text="the deals table").first.click()
        page.wait_for_load_state("load")
        page.select_option("select[name=country]", "kyrgyzstan")
        page.select_option("select[name=type]", "grant")
        rows = page.locator("article table:not([class]) >> nth=0").evaluate(
            "t => [...t.tBodies[0].rows].filter(r => !r.hidden).map(r => r.innerText)"
        )
        assert len(rows) == len(grants)
        for deal in grants:
            if deal.value:
                shown = labels.format_figure(deal.value.amount, deal.value.currency.value, deal.value.qualifier)
                assert any(shown in row for row in rows), f"{deal.id}: {shown!r} not in the filtered table"
    finally:
        context.close()


def test_a_link_opens_the_sumitomo_solar_deal_with_its_sources(browser, site_url: str, data) -> None:
    deal = next(d for d in data.all("deals") if "sumitomo-corporation" in d.parties and d.sector.value == "energy")
    context = browser.new_context(viewport=SIZES["phone"])
    page = context.new_page()
    try:
        page.goto(site_url + f"deals/{deal.id}/", wait_until="load")
        sources = page.locator("#sources + ul li")
        assert sources.count() == len(deal.sources)
        page.goto(site_url, wait_until="load")
        # One search: the deal is among the first results (its partner's page may come first).
        found = search(page, "Sumitomo solar", results=3)
        assert any(p.endswith(f"/deals/{deal.id}/") for p in found), found
    finally:
        context.close()


@pytest.mark.parametrize("size", SIZES)
def test_the_countries_side_by_side_in_one_click(browser, site_url: str, data, size: str) -> None:
    rows = Views(data).country_comparison()
    context = browser.new_context(viewport=SIZES[size])
    page = context.new_page()
    try:
        page.goto(site_url, wait_until="load")
        page.locator("article a", has_text="the countries side by side").first.click()
        page.wait_for_load_state("load")
        assert re.search(r"/countries/$", page.url), page.url
        table = page.locator("#compared ~ .md-typeset__scrollwrap table").first
        names = table.evaluate("t => [...t.tBodies[0].rows].map(r => r.cells[0].innerText.trim())")
        assert names == [labels_name(row.country) for row in rows]
        # Every column of the comparison is on screen or one sideways scroll away, its first column fixed.
        first = table.locator("tbody tr td").first
        assert first.evaluate("td => getComputedStyle(td).position") == "sticky"
    finally:
        context.close()


def labels_name(country) -> str:
    from macros.fields import text_in

    return text_in(country.name)
