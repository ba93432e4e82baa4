"""Text from the data is data, not markup: escape it for Markdown and for HTML.

The Jinja environment applies :func:`inline` to every value a template prints
(its ``finalize``), so escaping is the default. Only fragments that the
renderer builds itself (links, citations) are wrapped in :class:`Markup` and
pass through untouched.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from urllib.parse import quote

from markupsafe import Markup

# Characters that start Markdown or HTML syntax anywhere in a line, including
# '{' and '}' (attr_list could otherwise add attributes such as onclick) and
# '|' (table cells); each gets a backslash. HTML's three come first in the table:
# no entity holds a Markdown character, so one pass does both.
MARKDOWN_SPECIAL = "\\`*_{}[]#|"
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", **{c: "\\" + c for c in MARKDOWN_SPECIAL}})
_NEEDS_ESCAPE = re.compile("[" + re.escape(MARKDOWN_SPECIAL + "&<>") + "]")
"""Most values hold none of them; a plain character class is searched three times faster than one
that also looks at the line start."""
# Characters that start a block when they open a line: list items, setext
# underlines ('>' for quotes is already '&gt;'), and numbered lists.
_BLOCK_START = frozenset("-+=")
_NUMBERED = re.compile(r"^(\d+)([.)])")


markup: Callable[[str], Markup] = functools.partial(str.__new__, Markup)
"""``Markup(text)`` for a text that is safe already. markupsafe's constructor first asks its argument
for an ``__html__`` method, a failing lookup for every plain text: a tenth of a render, which makes
10,000 of them."""


def inline(value: object) -> Markup:
    """Escape any value for use inside a Markdown line: HTML first, then Markdown."""
    if isinstance(value, Markup):
        return value
    text = " ".join(str(value).split())
    if _NEEDS_ESCAPE.search(text):
        text = text.translate(_ESCAPES)
    # The value may open a line in the page: keep it from starting a block.
    if text[:1] in _BLOCK_START:
        text = "\\" + text
    elif text[:1].isdigit():
        number = _NUMBERED.match(text)  # "1. " would start a numbered list; "20 December" does not
        if number:
            text = f"{number[1]}\\{text[number.end(1) :]}"
    return markup(text)


def url(value: str) -> str:
    """Percent-encode characters that would end a Markdown link target."""
    return quote(value, safe="/:?#[]@!$&'*+,;=%-._~")


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def anchor(value: str) -> str:
    """An id usable as an HTML anchor (ids are slugs already; this is a guard)."""
    if not _SLUG.fullmatch(value):
        raise ValueError(f"not a slug: {value!r}")
    return value
