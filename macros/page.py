"""The helpers a template calls to show a value: they format and mark up, and decide nothing.

Which records a page shows is a question for :mod:`macros.views`; where a record lives, for
:mod:`macros.routes`. Every helper returns :class:`Markup`: text from the data is escaped
(:func:`macros.escape.inline`), and only the links, citations and badges built here pass as markup.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from markupsafe import Markup

from . import escape, labels, routes
from .dataset import Dataset
from .fields import Qualifier, Status, text_in
from .model import Dispute, Money, Tracked


@functools.lru_cache(maxsize=4096)
def relative(page: str, from_page: str) -> str:
    """The link from one page to another, both given as paths under docs/ ('countries/japan.md')."""
    return posixpath.relpath(page, posixpath.dirname(from_page) or ".")


class Links:
    """Each record's page and fragment, escaped title and citation label, worked out once per render
    and shared by every page: a record is linked and cited many times over."""

    def __init__(self, data: Dataset) -> None:
        self.data = data
        self._homes: dict[str, tuple[str, str]] = {}
        self._titles: dict[str, Markup] = {}
        self._citations: dict[str, Markup] = {}

    def home(self, record_id: str) -> tuple[str, str]:
        """The record's page and its fragment there ('#id', or '' for a page of its own)."""
        if record_id not in self._homes:
            page, anchor = routes.home_of(self.data, record_id)
            self._homes[record_id] = (page, f"#{escape.anchor(anchor)}" if anchor else "")
        return self._homes[record_id]

    def title(self, record_id: str) -> Markup:
        if record_id not in self._titles:
            self._titles[record_id] = escape.inline(routes.title_of(self.data, record_id))
        return self._titles[record_id]

    def citation(self, source_id: str) -> Markup:
        """A source as a citation names it: outlet, date, and language when not English."""
        if source_id not in self._citations:
            source = self.data[source_id]
            language = f", in {labels.language_name(source.language)}" if source.language != "en" else ""
            self._citations[source_id] = escape.inline(f"{source.outlet}, {labels.format_date(source.date)}{language}")
        return self._citations[source_id]


class Page:
    """The helpers for one page; they know the page's path, so links are relative."""

    def __init__(self, data: Dataset, path: str, links: Links | None = None, lang: str = "en") -> None:
        self.data = data
        self.path = path
        self.links_to = links or Links(data)
        self.lang = lang
        self.dates: set[str] = set()
        """Dates of the evidence shown (sources cited, status changes, checks): the page's "as of"."""

    # -- text and links --------------------------------------------------------------------------

    def t(self, value: Any) -> Markup:
        """A text from the data, in the page's language, escaped."""
        return escape.inline(text_in(value, self.lang))

    def href(self, record_id: str) -> str:
        page, fragment = self.links_to.home(record_id)
        return fragment if page == self.path else relative(page, self.path) + fragment

    def link(self, record_id: str, text: Any = None) -> Markup:
        label = escape.inline(text_in(text)) if text is not None else self.links_to.title(record_id)
        return Markup(f"[{label}]({self.href(record_id)})")

    def links(self, record_ids: Iterable[str], sep: str = ", ") -> Markup:
        return Markup(sep.join(self.link(r) for r in record_ids))

    def page_link(self, page: str, text: str) -> Markup:
        return Markup(f"[{escape.inline(text)}]({relative(page, self.path)})")

    def join(self, items: Iterable[Any], sep: str = ", ") -> Markup:
        return Markup(sep).join(escape.inline(i) for i in items)

    def label(self, value: StrEnum, capital: bool = False) -> Markup:
        """The one word for an enumerated value (a deal type, a sector, a kind)."""
        word = labels.label(value)
        return escape.inline(word[:1].upper() + word[1:] if capital else word)

    def heading(self, level: int) -> Markup:
        """Markdown heading marks, for includes that sit at different depths."""
        return Markup("#" * level)

    def anchor(self, record_id: str) -> Markup:
        return Markup(f'<a id="{escape.anchor(record_id)}"></a>')

    def url(self, value: str) -> Markup:
        return Markup(escape.url(value))

    def url_text(self, value: str) -> Markup:
        """A URL shown as link text: the host and the start of the path."""
        host_and_path = value.split("://", 1)[-1]
        return escape.inline(host_and_path if len(host_and_path) <= 60 else host_and_path[:57] + "…")

    def code(self, value: str) -> Markup:
        return escape.code_span(value)

    def fenced(self, value: str, language: str = "") -> Markup:
        return escape.code_block(value, language)

    def description(self, value: Any, limit: int = 200) -> Markup:
        """A meta description: whole sentences within ``limit`` characters where they fit."""
        text = " ".join(text_in(value, self.lang).split())
        if len(text) > limit:
            cut = text[:limit]
            end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
            text = cut[: end + 1] if end >= 80 else cut.rsplit(" ", 1)[0].rstrip(",;:") + "…"
        return escape.front_matter_text(text)

    # -- evidence --------------------------------------------------------------------------------

    def cite(self, source_ids: Iterable[str]) -> Markup:
        """Citations next to a fact: each names its outlet and date and leads to the source entry."""
        parts = []
        for sid in source_ids:
            self.dates.add(self.data[sid].date)
            parts.append(f"[{self.links_to.citation(sid)}]({self.href(sid)})")
        # Kept out of the search index: the same outlets and dates repeat next to every fact
        # (15% of the index), and the sources page indexes each source once.
        return Markup("<small data-search-exclude>Sources: " + "; ".join(parts) + "</small>")

    def disputes(self, disputes: Iterable[Dispute]) -> Markup:
        """A disagreement between sources, every version shown with its sources."""
        blocks = []
        for dispute in disputes:
            lines = [f"> **Sources disagree:** {self.t(dispute.about)}", ">"]
            for version in dispute.versions:
                lines.append(f"> - {self.t(version.says)} {self.cite(version.sources)}")
            if dispute.note:
                lines += [">", f"> {self.t(dispute.note)}"]
            blocks.append("\n".join(lines))
        return Markup("\n\n".join(blocks))

    # -- dates, numbers, statuses ----------------------------------------------------------------

    def date(self, value: str | dt.date | None) -> Markup:
        if value is None:
            return Markup("")
        return escape.inline(labels.format_date(value.isoformat() if isinstance(value, dt.date) else value))

    def money(self, value: Money | None) -> Markup:
        if value is None:
            return Markup("no value given")
        return self.figure(value.amount, value.currency.value, value.qualifier)

    def figure(self, value: float, unit: str, qualifier: Qualifier = Qualifier.exact) -> Markup:
        return escape.inline(labels.format_figure(value, unit, qualifier))

    def status(self, item: Tracked) -> Markup:
        """The latest status, in words with an icon (never by colour alone), with when it last changed and
        when its sources were last searched."""
        change = item.history[-1]
        self.dates.update(c.date for c in item.history)
        self.dates.add(item.checked.isoformat())
        # Both dates, always: "no news since <checked>" read as if there had been news until then.
        changed, checked = labels.format_date(change.date), labels.format_date(item.checked.isoformat())
        badge = f'<span class="status status--{change.status.value}">{self.status_word(change.status)}</span>'
        return Markup(f"{badge} · last change {escape.inline(changed)}; last checked {escape.inline(checked)}")

    def status_word(self, status: Status) -> Markup:
        icon, word = labels.STATUS_LABELS[status]
        return Markup(f'<span aria-hidden="true">{icon}</span> {word}')

    def newest_date(self) -> str | None:
        """The newest date of the evidence this page has shown so far, in words."""
        return labels.format_date(max(self.dates)) if self.dates else None
