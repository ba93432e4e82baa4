"""Shared fixtures. Add yours below; keep each fixture's purpose in its docstring."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

# The committed docs/ name no host: a SITE_URL set for publishing must not reach the tests' renders
# and builds (tests that need one set it themselves).
os.environ.pop("SITE_URL", None)

from site_build import built_site


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project built once per test session, from a copy (docs/ stays untouched)."""
    return built_site(tmp_path_factory.mktemp("built"))


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal fixture plus test_exports.SAMPLE_DEALS, as a data directory: the exports' sample data
    (test_exports.py, test_datapackage.py)."""
    import shutil

    from minimal_project import MINIMAL
    from test_exports import SAMPLE_DEALS

    data = tmp_path_factory.mktemp("sample") / "data"
    shutil.copytree(MINIMAL, data, ignore=shutil.ignore_patterns("*.md"))
    (data / "deals").mkdir(exist_ok=True)
    (data / "deals" / "export-test.yaml").write_text(SAMPLE_DEALS, encoding="utf-8")
    return data
