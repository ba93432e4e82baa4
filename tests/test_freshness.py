"""The committed docs/ must be exactly what data/ renders."""

from macros.pipeline import ROOT, check


def test_committed_pages_match_the_data() -> None:
    diff = check(ROOT / "data", ROOT / "docs")
    assert not diff, f"docs/ is out of date with data/; run `python -m macros` to fix:\n{diff.report()}"
