"""Build the site from a copy of the project, so tests never write to the real docs/.

(Building in place would regenerate docs/ and make the freshness test pass trivially.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "docs", "data", "macros")


def copy_project(target: Path) -> Path:
    """Copy what a build needs into ``target`` and return it."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, target / part)
    return target


def build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build`` for ``project`` into ``site``; returns the finished process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def built_site(tmp_root: Path) -> Path:
    """A fresh build of the current project; fails loudly if the build fails."""
    project = copy_project(tmp_root / "project")
    site = tmp_root / "site"
    result = build(project, site)
    if result.returncode != 0:
        raise AssertionError(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}")
    return site
