"""The committed docs/ must be exactly what data/ renders, and a damaged page is written again."""

import subprocess
import sys
from pathlib import Path

from macros import ROOT
from macros.pipeline import check
from macros.routes import read_site
from macros.write import compare, sync

SITE = read_site(ROOT / "mkdocs.yml")


def test_committed_pages_match_the_data() -> None:
    diff = check(ROOT / "data", ROOT / "docs", SITE)
    assert not diff, f"docs/ is out of date with data/; run `python -m macros` to fix:\n{diff.report()}"


def test_pages_checked_out_with_windows_line_ends_are_not_stale(tmp_path: Path) -> None:
    """Git on Windows may check docs/ out with \\r\\n; the text is the same, so nothing is rewritten."""
    pages = {"a.md": "# A\n\nText.\n", "b/c.csv": "id\nx\n"}
    sync(tmp_path, pages)
    for rel, text in pages.items():
        (tmp_path / rel).write_bytes(text.replace("\n", "\r\n").encode())
    assert not compare(tmp_path, pages)
    (tmp_path / "a.md").write_bytes(b"# A\r\n\r\nOther text.\r\n")
    assert compare(tmp_path, pages).stale == ["a.md"]


def test_a_page_that_is_not_utf8_is_stale_and_written_again(tmp_path: Path) -> None:
    """An editor saved a generated page as UTF-16, or a merge left bytes that are not UTF-8."""
    pages = {"glossary.md": "# Glossary\n", "data/x.csv": "id\n"}
    sync(tmp_path, pages)
    (tmp_path / "glossary.md").write_bytes("# Glossary\n".encode("utf-16"))
    (tmp_path / "data" / "x.csv").write_bytes(b"\xff\xfe x")
    assert compare(tmp_path, pages).stale == ["data/x.csv", "glossary.md"]
    sync(tmp_path, pages)
    assert (tmp_path / "glossary.md").read_text(encoding="utf-8") == "# Glossary\n"
    assert not compare(tmp_path, pages)


def test_the_command_line_rewrites_a_page_saved_as_utf16(tmp_path: Path) -> None:
    """`python -m macros --check` reports it and `python -m macros` mends it; neither shows a traceback."""
    import shutil

    docs = Path(shutil.copytree(ROOT / "docs", tmp_path / "docs"))
    (docs / "glossary.md").write_bytes((docs / "glossary.md").read_text(encoding="utf-8").encode("utf-16"))

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "macros", "--docs", str(docs), *args]
        return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)

    checked = run("--check")
    assert checked.returncode == 1 and "stale: docs/glossary.md" in checked.stderr and "Traceback" not in checked.stderr
    written = run()
    assert written.returncode == 0 and "Traceback" not in written.stderr, written.stderr
    assert (docs / "glossary.md").read_text(encoding="utf-8") == (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    assert run("--check").returncode == 0
