"""A small, valid project in a temporary directory, for tests that break data on purpose.

The data is tests/fixtures/minimal/ (not data/, which changes as the site grows);
the rest (mkdocs.yml, macros/, hand-written pages of docs/) is copied from the
repository, so the tests exercise the real pipeline and configuration.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "README.md")


def make_project(target: Path, data: Path = MINIMAL) -> Path:
    """Copy mkdocs.yml, macros/, the hand-written docs pages and ``data`` into ``target``; render docs/."""
    sys.path.insert(0, str(ROOT))
    from macros.pipeline import generate
    from macros.routes import read_site
    from macros.write import is_generated

    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "macros", target / "macros", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for page in (ROOT / "docs").rglob("*"):
        if page.is_file() and not (page.suffix == ".md" and is_generated(page)):
            destination = target / "docs" / page.relative_to(ROOT / "docs")
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(page, destination)
    shutil.copytree(data, target / "data", ignore=IGNORE)
    generate(target / "data", target / "docs", read_site(target / "mkdocs.yml"))
    return target


def edit(path: Path, old: str | None, new: str) -> int:
    """Replace the first ``old`` in ``path`` by ``new`` (or the whole file when ``old`` is None).

    Returns the line (1-based) where the change starts, so tests can expect that line.
    """
    text = path.read_text(encoding="utf-8")
    if old is None:
        path.write_text(new, encoding="utf-8")
        return 1
    at = text.find(old)
    assert at >= 0, f"{old!r} not in {path}"
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    return text.count("\n", 0, at) + 1


def line_of(path: Path, needle: str) -> int:
    """The line (1-based) where ``needle`` first occurs in ``path``."""
    text = path.read_text(encoding="utf-8")
    at = text.find(needle)
    assert at >= 0, f"{needle!r} not in {path}"
    return text.count("\n", 0, at) + 1


def environment(**extra: str) -> dict[str, str]:
    """The tests' environment: without a SITE_URL a contributor may have set (the committed docs/ name no
    host), plus ``extra``."""
    inherited = {name: value for name, value in os.environ.items() if name != "SITE_URL"}
    return {**inherited, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1", **extra}


def run_macros(project: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``python -m macros`` inside ``project`` (its own copy of the package)."""
    return subprocess.run(
        [sys.executable, "-m", "macros", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env=environment(),
        timeout=timeout,
    )


def run_mkdocs(
    project: Path, *args: str, timeout: float = 300, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``mkdocs <args>`` with ``project``'s configuration (and ``env`` added to the environment)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args, "-f", str(project / "mkdocs.yml")],
        cwd=project,
        capture_output=True,
        text=True,
        env=environment(**(env or {})),
        timeout=timeout,
    )


def snapshot(directory: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``directory``: its bytes and modification time (ns)."""
    if not directory.exists():
        return {}
    return {
        p.relative_to(directory).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }
