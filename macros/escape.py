"""Text from the data is data, not markup: every output context escapes it, and here is where.

- Markdown lines (every ``{{ }}`` in a template): :func:`inline`, the Jinja environment's
  ``finalize``, so escaping is the default. Only what :mod:`macros.page` builds itself (links,
  citations, badges) is wrapped in :class:`Markup` and passes untouched.
- Raw HTML (the table filters, sort keys): :func:`html_text`.
- Link targets and anchors: :func:`url`, :func:`anchor`. Code: :func:`code_span`, :func:`code_block`.
- The page's meta description in the front matter: :func:`front_matter_text`.
- The page title in the theme: ``macros/theme/main.html`` escapes it again for HTML.
- The Atom feed (XML): :mod:`macros.export.feed`. CSV cells (spreadsheet formulas):
  :func:`macros.export.csvfiles.spreadsheet_safe`. JSON: its serializer.
"""

from __future__ import annotations

import html
import json
import re
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
    return Markup(text)


def html_text(value: object) -> str:
    """Escape a value for raw HTML (an element's text or a quoted attribute), where Markdown does not
    apply: the filters above a table, a sort key."""
    # '|' would end a Markdown table cell even inside an attribute.
    return html.escape(" ".join(str(value).split()), quote=True).replace("|", "&#124;")


def url(value: str) -> str:
    """Percent-encode characters that would end a Markdown link target."""
    return quote(value, safe="/:?#[]@!$&'*+,;=%-._~")


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def anchor(value: str) -> str:
    """An id usable as an HTML anchor (ids are slugs already; this is a guard)."""
    if not _SLUG.fullmatch(value):
        raise ValueError(f"not a slug: {value!r}")
    return value


def code_span(value: str) -> Markup:
    """A Markdown code span showing ``value`` literally (Markdown escapes its HTML itself)."""
    text = " ".join(value.split())
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return Markup(f"{fence}{pad}{text}{pad}{fence}")


def code_block(value: str, language: str = "") -> Markup:
    """A fenced code block showing ``value`` literally: its fence is longer than any run of backticks in it."""
    longest = max((len(run) for run in re.findall("`+", value)), default=0)
    fence = "`" * max(3, longest + 1)
    return Markup(f"{fence}{language}\n{value.rstrip()}\n{fence}")


def front_matter_text(text: str) -> Markup:
    """A value for the front matter's ``description:``, as a quoted YAML string.

    Material and Zensical print the description into an HTML attribute unescaped: it is escaped
    here, in the Markdown, so a quote or '<' from the data stays text with either engine."""
    return Markup(json.dumps(html.escape(text, quote=False).replace('"', "&quot;"), ensure_ascii=False))
