"""Text from the data is data, not markup: escape it for Markdown and for HTML.

The Jinja environment applies :func:`inline` to every value a template prints
(its ``finalize``), so escaping is the default. Only fragments that the
renderer builds itself (links, citations) are wrapped in :class:`Markup` and
pass through untouched.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from markupsafe import Markup

# Characters that start Markdown or HTML syntax anywhere in a line, including
# '{' and '}' (attr_list could otherwise add attributes such as onclick) and
# '|' (table cells).
_SPECIAL = re.compile(r"([\\`*_{}\[\]#|])")
# Characters that start a block when they open a line: list items, quotes,
# headings, setext underlines, numbered lists.
_BLOCK_START = re.compile(r"^([-+=>])")
_NUMBERED = re.compile(r"^(\d+)([.)])")
# Anything any of the above (or the HTML escape) would change; most values have none of it.
_NEEDS_ESCAPE = re.compile(r"[\\`*_{}\[\]#|&<>]|^[-+=>\d]")


def inline(value: object) -> Markup:
    """Escape any value for use inside a Markdown line: HTML first, then Markdown."""
    if isinstance(value, Markup):
        return value
    text = " ".join(str(value).split())
    if not _NEEDS_ESCAPE.search(text):
        return Markup(text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _SPECIAL.sub(r"\\\1", text)
    # The value may open a line in the page: keep it from starting a block.
    text = _BLOCK_START.sub(r"\\\1", text)
    text = _NUMBERED.sub(r"\1\\\2", text)
    return Markup(text)


def url(value: str) -> str:
    """Percent-encode characters that would end a Markdown link target."""
    return quote(value, safe="/:?#[]@!$&'*+,;=%-._~")


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def anchor(value: str) -> str:
    """An id usable as an HTML anchor (ids are slugs already; this is a guard)."""
    if not _SLUG.fullmatch(value):
        raise ValueError(f"not a slug: {value!r}")
    return value
