"""Live reload: edit a record under ``mkdocs serve --livereload`` and time until the open page shows it.

Runs on a temporary copy of the project. The issue's target is 2 s; the time is printed, not asserted
(it depends on the machine), but the new text must appear, after exactly one rebuild.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import yaml
from site_build import copy_project

from macros import ROOT

TIMEOUT = 90
_SERVE = re.search(r'^exec env ((?:\w+=\S+ )*)\.venv/bin/mkdocs serve (.*?) "\$@"', (ROOT / ".ci" / "serve").read_text(), re.M)
assert _SERVE, ".ci/serve no longer ends with `exec env VAR=value .venv/bin/mkdocs serve <flags>`"
SERVE_ENV = dict(item.split("=", 1) for item in _SERVE[1].split())
SERVE_FLAGS = _SERVE[2].split()
"""The environment and flags the README's serve command (.ci/serve) gives ``mkdocs serve``: the test
serves as contributors do."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, timeout: float) -> str:
    """Wait until ``mkdocs serve`` answers; returns the site's URL (serve mounts it at site_url's path)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, f"mkdocs serve exited:\n{process.stdout.read() if process.stdout else ''}"
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.geturl()
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"mkdocs serve did not answer at {url} within {timeout} s")


def edit_summary(data_dir: Path, record_id: str, marker: str) -> Path:
    """Put ``marker`` in front of the summary of record ``record_id``; returns the file changed."""
    for path in sorted(data_dir.rglob("*.yaml")):
        records = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(records, list):
            continue
        for record in records:
            if isinstance(record, dict) and record.get("id") == record_id and isinstance(record.get("summary"), str):
                record["summary"] = f"{marker} {record['summary']}"
                path.write_text(yaml.safe_dump(records, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")
                return path
    raise AssertionError(f"no record {record_id!r} with a summary under {data_dir}")


def test_live_reload_shows_a_data_edit(browser, page_kinds: dict[str, str], tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", *SERVE_FLAGS, "-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **SERVE_ENV},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    context = browser.new_context()
    try:
        base = wait_for(base, process, TIMEOUT)
        country = page_kinds["country"]
        slug = re.fullmatch(r"countries/([a-z0-9-]+)/", country).group(1)
        page = context.new_page()
        page.goto(base + country, wait_until="load")
        marker = f"Live-reload-check-{time.time_ns()}"
        assert marker not in page.content()

        edit_summary(project / "data", slug, marker)
        start = time.monotonic()
        seconds = None
        while time.monotonic() - start < TIMEOUT:
            try:
                if marker in page.locator("article").inner_text(timeout=1_000):
                    seconds = time.monotonic() - start
                    break
            except Exception:  # the page is reloading
                pass
            time.sleep(0.05)
        if seconds is not None:
            time.sleep(1.0)  # long enough for the server to notice the pages the build wrote, were it to
    finally:
        context.close()
        process.terminate()
        try:
            output, _ = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
    assert seconds is not None, f"the edit did not show within {TIMEOUT} s; mkdocs serve said:\n{output[-4000:]}"
    print(f"live reload: the edit showed in the browser after {seconds:.2f} s (target 2 s)")
    print("mkdocs serve log (requests left out):\n" + "\n".join(line for line in output.splitlines() if "GET" not in line))
    # One build at start and one for the edit: the pages the hook wrote are not taken for another
    # edit (hooks.on_serve watches only the hand-written files of docs/), which would build everything
    # again while the browser reloads.
    assert output.count("Building documentation") == 2, output[-4000:]
