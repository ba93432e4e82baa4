"""Rendering helpers and the shape of the generated Markdown."""

from __future__ import annotations

import re

import pytest

from macros.escape import inline
from macros.pipeline import ROOT, render
from macros.render import format_amount, format_date


@pytest.mark.parametrize(
    ("value", "shown"),
    [("2025-12-20", "20 December 2025"), ("2025-12", "December 2025"), ("2004", "2004"), ("2026-01-05", "5 January 2026")],
)
def test_dates_read_as_words(value: str, shown: str) -> None:
    assert format_date(value) == shown


@pytest.mark.parametrize(
    ("amount", "shown"),
    [(3e12, "3 trillion"), (17.9e9, "17.9 billion"), (719e6, "719 million"), (1_336, "1,336"), (2.3, "2.3")],
)
def test_amounts_read_as_words(amount: float, shown: str) -> None:
    assert format_amount(amount) == shown


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),
        ("[a](javascript:x)", "\\[a\\](javascript:x)"),
        ("# not a heading", "\\# not a heading"),
        ("- not a list", "\\- not a list"),
        ("1. not a list", "1\\. not a list"),
        ("a { onclick=x }", "a \\{ onclick=x \\}"),
        ("cell | cell", "cell \\| cell"),
        ("AT&T", "AT&amp;T"),
    ],
)
def test_values_are_escaped_for_markdown_and_html(text: str, shown: str) -> None:
    assert str(inline(text)) == shown


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return {path: text for path, text in render(ROOT / "data")[1].items() if path.endswith(".md")}


def test_headings_built_by_templates_are_not_escaped(pages: dict[str, str]) -> None:
    for path, text in pages.items():
        assert not re.search(r"^\\#", text, re.M), f"{path} has an escaped heading mark"


def test_every_page_has_one_title_and_a_description(pages: dict[str, str]) -> None:
    for path, text in pages.items():
        assert text.startswith("---\ndescription: \""), path
        description = text.split("\n", 2)[1]
        assert 40 <= len(description) <= 240, f"{path}: description of {len(description)} characters"
        prose = re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)
        assert len(re.findall(r"^# ", prose, re.M)) == 1, f"{path} should have exactly one H1"


def test_status_lines_stand_apart_from_the_text_that_follows(pages: dict[str, str]) -> None:
    for path, text in pages.items():
        for match in re.finditer(r"^\*\*Status:\*\*.*\n(.*)$", text, re.M):
            assert match.group(1) == "", f"{path}: the status line runs into the next paragraph"
