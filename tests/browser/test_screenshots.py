"""Screenshots of the home, a country and the deals page at phone and desktop widths, for a human to look at.

Saved to site-screenshots/ (git-ignored). The test also checks what a screenshot cannot prove
by eye on every run: nothing is wider than the screen (no sideways scrolling on a phone).
"""

from __future__ import annotations

from pathlib import Path

import pytest

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}


@pytest.mark.parametrize("size", list(VIEWPORTS))
@pytest.mark.parametrize("kind", ["home", "country", "deals"])
def test_screenshot(kind: str, size: str, browser, site_url: str, page_kinds: dict[str, str], artifacts: Path) -> None:
    viewport = VIEWPORTS[size]
    context = browser.new_context(viewport=viewport, device_scale_factor=1, color_scheme="light")
    try:
        page = context.new_page()
        page.goto(site_url + page_kinds[kind], wait_until="load")
        overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
        for path, full in ((artifacts / f"{kind}-{size}.png", False), (artifacts / f"{kind}-{size}-full.png", True)):
            page.screenshot(path=str(path), full_page=full)
            assert path.stat().st_size > 5_000, f"{path} looks empty"
    finally:
        context.close()
    print(f"screenshot {kind} {size}: {artifacts / f'{kind}-{size}.png'}")
    assert overflow <= 0, f"{page_kinds[kind] or '/'} is {overflow}px wider than a {viewport['width']}px screen"
