"""Lighthouse (mobile) on one page of each kind: accessibility, best practices and SEO at 100, performance >= 90.

Performance is the one timed category. On this 2-core machine the same page scored 92, 92 and 99 in
three runs a minute apart (total blocking time 358, 265 and 130 ms: Lighthouse multiplies any host noise
by its 4x CPU slowdown). So the test asks for Lighthouse's "good" band (90-100) on the median of three
runs and prints every score; quiet runs score 97-100 (README, "Performance").
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
from pathlib import Path

import pytest
from browser_env import CHROME_FLAGS

KINDS = ["home", "pillar", "country", "deals", "organisations", "sources"]
THRESHOLDS = {"performance": 90, "accessibility": 100, "best-practices": 100, "seo": 100}


def lighthouse(url: str, node_tools: Path, chromium: Path, report: Path) -> tuple[dict[str, int], list[str]]:
    """One Lighthouse run (mobile, the default): the category scores and the failed pass/fail audits."""
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
    failing = [
        f"{audit['id']}: {audit['title']}"
        for audit in data["audits"].values()
        if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary"
    ]
    return scores, failing


@pytest.mark.parametrize("kind", KINDS)
def test_lighthouse_scores(
    kind: str, node_tools: Path, chromium: Path, site_url: str, page_kinds: dict[str, str], tmp_path: Path
) -> None:
    url = site_url + page_kinds[kind]
    scores, failing = lighthouse(url, node_tools, chromium, tmp_path / "report-1.json")
    performance = [scores["performance"]]
    # Performance is timed on this machine and varies from run to run (Lighthouse's advice: take the
    # median of several runs). The other categories are pass/fail audits and do not vary.
    if performance[0] < THRESHOLDS["performance"]:
        for run in (2, 3):
            performance.append(lighthouse(url, node_tools, chromium, tmp_path / f"report-{run}.json")[0]["performance"])
        scores["performance"] = statistics.median(performance)
    print(
        f"lighthouse {kind} {page_kinds[kind] or '/'}: "
        + " ".join(f"{k}={v}" for k, v in scores.items())
        + (f" (performance runs: {performance})" if len(performance) > 1 else "")
    )
    low = {k: v for k, v in scores.items() if v < THRESHOLDS[k]}
    assert not low, f"{url}: scores below target {low} (all: {scores}); failing audits:\n" + "\n".join(failing)
