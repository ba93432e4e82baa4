"""Fixtures for the browser tests: Chromium, the built site served on 127.0.0.1, page kinds.

The tests skip only when ``CI`` is unset and no Chromium exists; under ``CI`` a missing
browser or Node tool is a failure (``.ci/run`` installs them).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser_env import ARTIFACTS, AXE_JS, CHROME_FLAGS, CHROMIUM, NODE_BIN
from siteserver import SiteServer


def missing(what: str) -> None:
    """Skip on a developer machine, fail under CI: CI must run every browser test."""
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {what} is missing (bash .ci/run installs it)")
    pytest.skip(f"{what} is missing; set CI=1 and run bash .ci/run to install it")


@pytest.fixture(scope="session")
def chromium() -> Path:
    """The Chromium binary (Debian's ``chromium``)."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        missing(f"Chromium ({CHROMIUM})")
    return CHROMIUM


@pytest.fixture(scope="session")
def node_tools(chromium: Path) -> Path:
    """``tests/browser/node_modules`` with Lighthouse and axe-core (``npm ci --prefix tests/browser``)."""
    if not ((NODE_BIN / "lighthouse").exists() and AXE_JS.is_file()) or not shutil.which("node"):
        missing("node with tests/browser/node_modules (lighthouse, axe-core)")
    return NODE_BIN


@pytest.fixture(scope="session")
def site_url(chromium: Path, site_dir: Path) -> Iterator[str]:
    """The real project, built once, served on a free loopback port."""
    with SiteServer(site_dir) as url:
        yield url


def _first_record_page(site_dir: Path, collection: str) -> str:
    """A record's own page, as the collection's index table links it."""
    index = (site_dir / collection / "index.html").read_text(encoding="utf-8")
    record = re.search(r'href="([a-z0-9-]+/)"', index)
    assert record, f"the {collection} index links no record page"
    return f"{collection}/{record.group(1)}"


@pytest.fixture(scope="session")
def page_kinds(site_dir: Path) -> dict[str, str]:
    """One page of each kind, as paths relative to the site root; chosen from the build, not hard-coded."""
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    country = re.search(r'href="(countries/[a-z0-9-]+/)"', home)
    assert country, "the home page links to no country page"
    pillars = sorted(p.parent.name for p in (site_dir / "initiative").glob("*/index.html"))
    assert pillars, "the build has no pillar page under initiative/"
    kinds = {
        "home": "",
        "pillar": f"initiative/{pillars[0]}/",
        "country": country.group(1),
        "deals": "deals/",
        "organisations": "organisations/",
        "sources": "sources/",
        "tracker": "tracker/",
        "record": _first_record_page(site_dir, "deals"),
    }
    for kind, path in kinds.items():
        assert (site_dir / path / "index.html").is_file(), f"{kind} page {path} was not built"
    return kinds


@pytest.fixture(scope="session")
def browser(chromium: Path):
    """A headless Chromium driven by Playwright (the pip wheel's driver; never ``playwright install``)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("the playwright Python package (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROME_FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots go (git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
