"""The committed docs/ must be exactly what data/ renders."""

from macros.pipeline import ROOT, check


def test_committed_pages_match_the_data() -> None:
    diff = check(ROOT / "data", ROOT / "docs")
    assert not diff, f"docs/ is out of date with data/; run `python -m macros` to fix:\n{diff.report()}"


def test_pages_checked_out_with_windows_line_ends_are_not_stale(tmp_path) -> None:
    """Git on Windows may check docs/ out with \\r\\n; the text is the same, so nothing is rewritten
    (under `mkdocs serve` a rewrite would trigger another build)."""
    from macros.write import compare, sync

    pages = {"a.md": "# A\n\nText.\n", "b/c.csv": "id\nx\n"}
    sync(tmp_path, pages)
    for rel, text in pages.items():
        (tmp_path / rel).write_bytes(text.replace("\n", "\r\n").encode())
    assert not compare(tmp_path, pages)
    (tmp_path / "a.md").write_bytes(b"# A\r\n\r\nOther text.\r\n")
    assert compare(tmp_path, pages).stale == ["a.md"]
