"""axe-core finds no accessibility violation on any page kind, in light and in dark (slate) mode."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from browser_env import AXE_JS

KINDS = ["home", "pillar", "country", "deals", "record", "tracker", "organisations", "sources"]
# Material picks the scheme from prefers-color-scheme when the reader has not chosen one.
SCHEMES = {"light": "default", "dark": "slate"}


@pytest.mark.parametrize("mode", list(SCHEMES))
@pytest.mark.parametrize("kind", KINDS)
def test_no_axe_violations(kind: str, mode: str, browser, node_tools: Path, site_url: str, page_kinds: dict[str, str]) -> None:
    context = browser.new_context(color_scheme=mode, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(site_url + page_kinds[kind], wait_until="load")
        scheme = page.get_attribute("body", "data-md-color-scheme")
        assert scheme == SCHEMES[mode], f"{mode} mode shows scheme {scheme!r}"
        page.add_script_tag(path=str(AXE_JS))
        results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    finally:
        context.close()
    violations = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [{"target": n["target"], "summary": n.get("failureSummary", "")} for n in v["nodes"][:5]],
        }
        for v in results["violations"]
    ]
    print(f"axe {kind} {mode}: {len(violations)} violation(s), {len(results.get('passes', []))} rules passed")
    assert not violations, f"axe on {page_kinds[kind] or '/'} ({mode}):\n" + json.dumps(violations, indent=1)
