"""The same data gives the same bytes: rendering twice, in one process or in two, changes nothing.

Non-determinism (set or dict order, dates of "today", random ids, hash seeds)
would make `python -m macros --check` flaky and every build a diff.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from minimal_project import MINIMAL, ROOT, make_project, run_mkdocs, snapshot

from macros.dataset import build_dataset
from macros.pipeline import render
from macros.render import render_pages
from macros.routes import read_site

SITE = read_site(ROOT / "mkdocs.yml")


def test_render_pages_twice_is_identical() -> None:
    first = render_pages(build_dataset(MINIMAL), SITE)
    second = render_pages(build_dataset(MINIMAL), SITE)
    assert first == second
    assert len(first) > 10


def test_pages_and_exports_twice_are_identical() -> None:
    _, first = render(MINIMAL, SITE)
    _, second = render(MINIMAL, SITE)
    assert first == second


def _generate(project: Path, docs: Path, seed: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "macros", "--data", str(project / "data"), "--docs", str(docs)],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_two_runs_write_identical_docs(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    runs = []
    for seed in ("1", "2"):
        docs = tmp_path / f"docs-{seed}"
        result = _generate(project, docs, seed)
        assert result.returncode == 0, result.stdout + result.stderr
        runs.append({path: content for path, (content, _) in snapshot(docs).items()})
    assert runs[0] == runs[1]
    assert len(runs[0]) > 10


def test_real_data_renders_identically_with_different_hash_seeds(tmp_path: Path) -> None:
    """The real data (whatever it holds today) through two processes with different hash seeds."""
    runs = []
    for seed in ("3", "4"):
        docs = tmp_path / f"docs-{seed}"
        result = _generate(ROOT, docs, seed)
        assert result.returncode == 0, f"the real data does not render:\n{result.stderr}"
        runs.append({path: content for path, (content, _) in snapshot(docs).items()})
    assert runs[0] == runs[1]
    assert len(runs[0]) > 10


def test_two_mkdocs_builds_give_identical_pages(tmp_path: Path) -> None:
    """The HTML and the search index of two builds of the same data are byte-identical."""
    project = make_project(tmp_path / "project")
    sites = []
    for n in (1, 2):
        site = tmp_path / f"site-{n}"
        result = run_mkdocs(project, "build", "--strict", "-d", str(site))
        assert result.returncode == 0, result.stdout + result.stderr
        sites.append({p: c for p, (c, _) in snapshot(site).items() if p.endswith((".html", ".json"))})
    assert sites[0] == sites[1]
    assert len(sites[0]) > 10
