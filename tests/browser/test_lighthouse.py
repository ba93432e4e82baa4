"""Lighthouse (mobile) on one page of each kind: accessibility, best practices and SEO at 100, performance >= 98."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from browser_env import CHROME_FLAGS

KINDS = ["home", "pillar", "country", "deals", "organisations", "sources"]
THRESHOLDS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}


@pytest.mark.parametrize("kind", KINDS)
def test_lighthouse_scores(
    kind: str, node_tools: Path, chromium: Path, site_url: str, page_kinds: dict[str, str], tmp_path: Path
) -> None:
    url = site_url + page_kinds[kind]
    report = tmp_path / "report.json"
    result = subprocess.run(
        [
            "node",
            str(node_tools / "lighthouse"),
            url,
            "--output=json",
            f"--output-path={report}",
            "--quiet",
            "--chrome-flags=" + " ".join(["--headless=new", *CHROME_FLAGS]),
        ],
        env={**os.environ, "CHROME_PATH": str(chromium)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0 and report.is_file(), f"lighthouse failed on {url}:\n{result.stderr[-3000:]}"
    data = json.loads(report.read_text(encoding="utf-8"))
    assert not data.get("runtimeError"), data["runtimeError"]
    scores = {name: round((cat["score"] or 0) * 100) for name, cat in data["categories"].items()}
    print(f"lighthouse {kind} {page_kinds[kind] or '/'}: " + " ".join(f"{k}={v}" for k, v in scores.items()))
    failing = [
        f"{audit['id']}: {audit['title']}"
        for audit in data["audits"].values()
        if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary"
    ]
    low = {k: v for k, v in scores.items() if v < THRESHOLDS[k]}
    assert not low, f"{url}: scores below target {low} (all: {scores}); failing audits:\n" + "\n".join(failing)
