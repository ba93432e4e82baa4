"""A reader's path through the built site in Chromium: nothing loads from other hosts, no console errors.

Home → first country → a deal's page → search → dark mode → a citation to its source's page.
Every choice is read from the page (first country link, first deal link, ...), so this holds for any valid data.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

LOCAL_SCHEMES = {"data", "blob", "about"}


def hrefs(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('href') || '')")


def click_first(page, selector: str, pattern: str) -> str:
    """Click the first link under ``selector`` whose href matches ``pattern``; returns that href."""
    links = hrefs(page, selector)
    index = next((i for i, href in enumerate(links) if re.search(pattern, href)), None)
    assert index is not None, f"no link matching {pattern!r} on {page.url}"
    page.locator(selector).nth(index).click()
    page.wait_for_load_state("load")
    return links[index]


def assert_target_shown(page) -> None:
    """The element named by the URL fragment exists and is on screen, below the fixed header."""
    fragment = urlsplit(page.url).fragment
    assert fragment, f"no #fragment in {page.url}"
    box = page.evaluate(
        """id => {
            let el = document.getElementById(decodeURIComponent(id));
            if (!el) return null;
            // An empty anchor marks the entry that follows it (e.g. <a id=...></a> before a heading).
            if (!el.innerText.trim()) {
                const parent = el.parentElement;
                if (parent && parent.matches('p, li')) el = parent.innerText.trim() ? parent : parent.nextElementSibling;
                else el = el.nextElementSibling;
            }
            if (!el) return {top: 0, height: 0, text: ''};
            const r = el.getBoundingClientRect(), header = document.querySelector('.md-header');
            return {top: r.top, bottom: r.bottom, height: r.height, tag: el.tagName, text: el.innerText.slice(0, 80),
                    headerBottom: header ? header.getBoundingClientRect().bottom : 0, viewport: innerHeight};
        }""",
        fragment,
    )
    assert box, f"#{fragment} does not exist on {page.url}"
    assert box["height"] > 0 and box["text"].strip(), f"#{fragment} shows nothing: {box}"
    assert not box["text"].lstrip().startswith("#"), f"#{fragment} shows raw Markdown, not a heading: {box}"
    assert box["headerBottom"] - 2 <= box["top"] < box["viewport"], f"#{fragment} is not on screen below the header: {box}"


def test_reader_path(browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, color_scheme="light")
    requests: list[str] = []
    errors: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.on("console", lambda msg: errors.append(f"console.{msg.type}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    try:
        # 1. Home, then the first country page it links to.
        page.goto(site_url, wait_until="load")
        country = click_first(page, "article a", r"^countries/[a-z0-9-]+/$")
        assert page.url == site_url + country, page.url
        # The heading's own text, without its permalink ("#").
        name = page.locator("article h1").first.evaluate("h => h.firstChild.textContent.trim()")
        assert name, "the country page has no title"

        # 2. A deal's own page, from the country page's table of deals.
        click_first(page, "article a", r"deals/[a-z0-9-]+/$")
        assert re.search(r"/deals/[a-z0-9-]+/$", urlsplit(page.url).path), page.url
        assert page.locator("article h1").first.inner_text().strip(), "the deal page has no title"
        assert page.locator("article table").first.inner_text().strip().startswith("Key facts"), "no key facts"
        assert page.locator("#cite-this").count() == 1, "the deal page has no Cite this"

        # 3. Search for the country's name and open a result.
        opener = page.locator("label.md-header__button[for='__search']")
        if opener.is_visible():  # narrow screens show a search button; wide ones the box itself
            opener.click()
        box = page.locator("input.md-search__input")
        box.click()
        box.press_sequentially(name, delay=20)
        result = page.locator(".md-search-result__item a").first
        result.wait_for(state="visible", timeout=15_000)
        target = result.get_attribute("href")
        result.click()
        page.wait_for_load_state("load")
        assert urlsplit(page.url).path == urlsplit(target).path, (page.url, target)
        assert name.lower() in page.locator("article").inner_text().lower()

        # 4. Dark mode by the palette toggle, and back.
        assert page.get_attribute("body", "data-md-color-scheme") == "default"
        page.locator("form[data-md-component='palette'] label:visible").first.click()
        assert page.get_attribute("body", "data-md-color-scheme") == "slate"

        # 5. A citation ("Sources: ...") to its source's page, which lists what cites it.
        page.goto(site_url + country, wait_until="load")
        assert page.get_attribute("body", "data-md-color-scheme") == "slate", "the dark-mode choice was not kept"
        click_first(page, "article small a", r"sources/[a-z0-9-]+/$")
        assert re.search(r"/sources/[a-z0-9-]+/$", urlsplit(page.url).path), page.url
        assert page.locator("#cited-by").count() == 1, "the source page does not say what cites it"
    finally:
        context.close()

    foreign = sorted(
        {url for url in requests if urlsplit(url).scheme not in LOCAL_SCHEMES and urlsplit(url).hostname != "127.0.0.1"}
    )
    print(f"e2e: {len(requests)} requests, {len(foreign)} to other hosts; {len(errors)} console errors")
    assert not foreign, "requests to other hosts:\n" + "\n".join(foreign)
    assert not errors, "console errors:\n" + "\n".join(errors)
