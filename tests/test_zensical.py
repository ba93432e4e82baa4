"""The committed docs/ also builds with Zensical, MkDocs' successor from the makers of Material.

Zensical reads mkdocs.yml but runs no hooks, so it builds what ``python -m macros``
committed in docs/: every page must come out as HTML, and the hostile data set of
test_injection must not inject markup under Zensical either (its templates differ
from Material's, e.g. in how the description and title are printed).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from minimal_project import ROOT, make_project, run_macros
from test_injection import add_titled_pages, make_hostile, parse, unsafe

ZENSICAL = Path(sys.executable).with_name("zensical")


@pytest.fixture(scope="module")
def zensical() -> Path:
    if not ZENSICAL.exists():
        if os.environ.get("CI"):
            pytest.fail("zensical is not installed: it is in the test extra of pyproject.toml")
        pytest.skip("zensical is not installed (pip install -e '.[test]')")
    return ZENSICAL


def zensical_build(zensical: Path, project: Path) -> subprocess.CompletedProcess[str]:
    """Build ``project`` (mkdocs.yml, docs/, macros/theme) with Zensical into project/site."""
    return subprocess.run(
        [str(zensical), "build", "--strict", "--clean", "-f", str(project / "mkdocs.yml")],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )


def copy_for_zensical(target: Path, source: Path = ROOT) -> Path:
    """What Zensical reads: the configuration, docs/ and the theme overrides (custom_dir)."""
    target.mkdir(parents=True)
    shutil.copy2(source / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(source / "docs", target / "docs")
    shutil.copytree(source / "macros" / "theme", target / "macros" / "theme")
    return target


def expected_html(page: str) -> str:
    """Where a page lands with directory URLs: a/b.md → a/b/index.html, a/index.md → a/index.html."""
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return f"{stem}.html"
    return f"{stem}/index.html"


def test_committed_docs_build_with_zensical(zensical: Path, tmp_path: Path) -> None:
    project = copy_for_zensical(tmp_path / "project")
    result = zensical_build(zensical, project)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Traceback" not in output, output
    site = project / "site"
    pages = sorted(p.relative_to(project / "docs").as_posix() for p in (project / "docs").rglob("*.md"))
    assert len(pages) > 10
    missing = [page for page in pages if not (site / expected_html(page)).is_file()]
    assert not missing, f"pages without HTML output: {missing}"
    for page in pages:
        html = parse((site / expected_html(page)).read_text(encoding="utf-8"))
        headings = [tag for tag, _ in html.elements if tag == "h1"]
        assert headings, f"{page}: no <h1> in the Zensical output"
    others = [p.relative_to(project / "docs") for p in (project / "docs").rglob("*") if p.is_file() and p.suffix != ".md"]
    assert not [p for p in others if not (site / p).is_file()], "files of docs/ not copied into the site"


def test_hostile_data_injects_nothing_under_zensical(zensical: Path, tmp_path: Path) -> None:
    project = make_project(tmp_path / "hostile")
    make_hostile(project / "data")
    add_titled_pages(project)
    result = run_macros(project)
    assert result.returncode == 0, result.stdout + result.stderr
    built = copy_for_zensical(tmp_path / "zensical", project)
    result = zensical_build(zensical, built)
    assert result.returncode == 0, result.stdout + result.stderr
    pages = {p.relative_to(built / "site").as_posix(): p for p in (built / "site").rglob("*.html")}
    assert len(pages) > 10
    found = {path: unsafe(parse(p.read_text(encoding="utf-8"))) for path, p in pages.items()}
    assert not {path: items for path, items in found.items() if items}
