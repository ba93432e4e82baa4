"""Paths and flags shared by the browser tests (a module of its own: ``conftest`` is not importable by name)."""

from __future__ import annotations

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# Headless flags for every launch (Lighthouse and Playwright).
CHROME_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
NODE_BIN = HERE / "node_modules" / ".bin"
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = HERE.parent.parent / "site-screenshots"
