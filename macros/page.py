"""The helpers a template calls to show a value: they format and mark up, and decide nothing.

Which records a page shows is a question for :mod:`macros.views`; where a record lives, for
:mod:`macros.routes`. Every helper returns :class:`Markup`: text from the data is escaped
(:func:`macros.escape.inline`), and only the links, citations and badges built here pass as markup.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from markupsafe import Markup

from . import escape, labels, routes
from .dataset import Dataset
from .fields import Qualifier, Status, text_in
from .model import Dispute, Money, Tracked


def _overlaps(concern: str, field: str) -> bool:
    """'signed' concerns 'signed.date', and 'signed.date' concerns 'signed'."""
    return concern == field or concern.startswith(field + ".") or field.startswith(concern + ".")


def relative(page: str, from_page: str) -> str:
    """The link from one page to another, both given as paths under docs/ ('countries/japan.md').

    posixpath.relpath gives the same answer but asks the file system for the working directory twice
    per call: with a page per record, that was a quarter of the rendering time."""
    here = from_page.split("/")[:-1]
    there = page.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


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

    def __init__(
        self, data: Dataset, path: str, links: Links | None = None, lang: str = "en", site: routes.Site | None = None
    ) -> None:
        self.data = data
        self.path = path
        self.site = site or routes.Site.of(None, None)
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
        """A link to the record's home; its name alone on the record's own page (a link to where the reader
        already is would be ``href=""``)."""
        label = escape.inline(text_in(text)) if text is not None else self.links_to.title(record_id)
        href = self.href(record_id)
        return Markup(f"[{label}]({href})") if href else label

    def links(self, record_ids: Iterable[str], sep: str = ", ") -> Markup:
        return Markup(sep.join(self.link(r) for r in record_ids))

    def page_link(self, page: str, text: str) -> Markup:
        return Markup(f"[{escape.inline(text)}]({relative(page, self.path)})")

    def join(self, items: Iterable[Any], sep: str = ", ") -> Markup:
        return Markup(sep).join(escape.inline(i) for i in items)

    def aliases(self, record: Any) -> Markup:
        """The other spellings of a record's name ("Also written: Tokaev, Токаев"), escaped; empty Markup for
        a record without any. They are in the page's text so that the site search finds them."""
        names = getattr(record, "aliases", None)
        return Markup("Also written: ") + self.join(names) if names else Markup("")

    def label(self, value: StrEnum, capital: bool = False) -> Markup:
        """The one word for an enumerated value (a deal type, a sector, a kind)."""
        word = labels.label(value)
        return escape.inline(word[:1].upper() + word[1:] if capital else word)

    def heading(self, level: int) -> Markup:
        """Markdown heading marks, for includes that sit at different depths."""
        return Markup("#" * level)

    def anchor(self, record_id: str) -> Markup:
        return Markup(f'<a id="{escape.anchor(record_id)}"></a>')

    def row_link(self, record_id: str, text: Any = None) -> Markup:
        """The first cell of a record's row in an index table: the anchor links made before the record had
        a page of its own still land on (see routes.listed_at), and the link to its page."""
        return self.anchor(record_id) + self.link(record_id, text)

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

    def source_entry(self, source_id: str) -> Markup:
        """A source in a record's list of sources: outlet and date linking to its page, and its headline."""
        source = self.data[source_id]
        self.dates.add(source.date)
        official = " · official" if source.official else ""
        # Out of the search index, like every citation: the sources index holds each source once.
        return Markup(
            f"<span data-search-exclude>[{self.links_to.citation(source_id)}]({self.href(source_id)}):"
            f" {escape.inline(source.title)}{official}</span>"
        )

    def cite_this(self, record_id: str, data_date: str) -> Markup:
        """A ready citation of a record: title, site, permanent address, the date of the data. Where the
        build was not told the site's address (SITE_URL), the address is the page's path on the site."""
        address = routes.permalink(self.data, self.site, record_id)
        if not self.site.known:
            address += " (a path from the site's root: this copy was built without its address)"
        title = self.links_to.title(record_id)
        rest = escape.inline(f"{address}. Data as of {labels.format_date(data_date)}.")
        return Markup(f"> <span data-search-exclude>{title}. *{escape.inline(self.site.name)}*. {rest}</span>")

    def disputed(self, holder: Any, field: str, record_id: str | None = None) -> Markup:
        """ " (disputed)" after a value the sources disagree on (a dispute of ``holder`` concerns ``field``,
        or a part of it, or the whole it is part of), linking to where the versions are shown: the
        record's disagreements, on its own page (``record_id``, when ``holder`` is a part of it)."""
        if not any(_overlaps(path, field) for d in getattr(holder, "disputes", None) or () for path in d.concerns):
            return Markup("")
        record_id = record_id or holder.id
        page, fragment = self.links_to.home(record_id)
        if self.data.collection_of[record_id] in routes.RECORD_PAGES:
            fragment = "#where-sources-disagree"  # the section of the record's own page
        elif page == self.path:
            return Markup(' <small class="disputed">(disputed)</small>')  # the versions are shown beside it
        target = ("" if page == self.path else relative(page, self.path)) + fragment
        return Markup(f' <small class="disputed">([disputed]({target}))</small>')

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

    def status_badge(self, item: Tracked) -> Markup:
        """The latest status alone, for a table whose next column says when it changed."""
        status = item.history[-1].status
        return Markup(f'<span class="status status--{status.value}">{self.status_word(status)}</span>')

    def last_change(self, item: Tracked) -> Markup:
        """When the latest status was reached, sortable by its ISO date."""
        date = item.history[-1].date
        self.dates.add(date)
        return Markup(f'<span data-sort="{escape.html_text(date)}">{self.date(date)}</span>')

    def last_checked(self, item: Tracked) -> Markup:
        """When the item's sources were last searched for news."""
        checked = item.checked.isoformat()
        self.dates.add(checked)
        return Markup(f'<span data-sort="{escape.html_text(checked)}">{self.date(checked)}</span>')

    def sortable_money(self, value: Money | None) -> Markup:
        """A value that a table sorts by currency, then amount (never across currencies)."""
        if value is None:
            return Markup('<span data-sort="">—</span>')
        key = f"{value.currency.value} {value.amount:020.2f}"
        return Markup(f'<span data-sort="{escape.html_text(key)}">{self.money(value)}</span>')

    def wide(self, content: Markup) -> Markup:
        """A table cell's content that should wrap less on a phone (the table scrolls sideways instead)."""
        return Markup(f'<span class="wide">{content}</span>')

    def short_links(self, record_ids: Iterable[str], sep: str = ", ") -> Markup:
        """Links that say a record's short name (an organisation's abbreviation), for narrow table cells."""
        return Markup(sep.join(self.link(r, routes.short_title_of(self.data, r)) for r in record_ids))

    def sort_key(self, value: str) -> Markup:
        """A value for a ``data-sort`` attribute (an ISO date sorts as text)."""
        return Markup(escape.html_text(value))

    def language(self, code: str) -> Markup:
        return escape.inline(labels.language_name(code))

    def filter_form(self, filters: dict[str, list[Any]], names: dict[str, str], what: str) -> Markup:
        """The filters above an index table: one list per filter (``names``: filter → what its label says),
        and free text. Hidden until the page's script shows it, so a reader without JavaScript sees the
        plain table; the script keeps the choices in the page's address (ids, which do not change)."""
        esc = escape.html_text
        parts = [f'<form class="table-filters" data-filters="{esc(what)}" aria-label="Filter the {esc(what)} table" hidden>']
        parts.append(
            "<p>Sort the table by choosing a column's heading, or narrow it down here: the page's address keeps"
            " your choice, so a filtered view can be shared.</p>"
        )
        for name, options in filters.items():
            parts.append(f'<label>{esc(names[name])} <select name="{esc(name)}">')
            parts.append('<option value="">all</option>')
            for option in options:
                value, word = self._option(option)
                parts.append(f'<option value="{esc(value)}">{esc(word)}</option>')
            parts.append("</select></label>")
        parts.append('<label>Search in the table <input type="search" name="q"></label>')
        parts.append('<button type="reset">Clear</button>')
        parts.append("<output></output>")
        parts.append("</form>")
        return Markup("\n".join(parts))

    def _option(self, option: Any) -> tuple[str, str]:
        """A filter option's value (an id or a vocabulary word) and what it says (the table's words)."""
        if isinstance(option, Status):
            return option.value, labels.STATUS_LABELS[option][1]
        if isinstance(option, StrEnum):
            return option.value, labels.label(option)
        return option.id, routes.short_title_of(self.data, option.id)

    def filter_keys(self, keys: dict[str, list[str]]) -> Markup:
        """What a row matches the filters by, as attributes of an empty, hidden element in its first cell
        (Markdown gives a table row no attributes of its own)."""
        attributes = " ".join(f'data-{escape.html_text(name)}="{escape.html_text(" ".join(ids))}"' for name, ids in keys.items())
        return Markup(f"<span hidden {attributes}></span>")

    def sortable(self, heading: str) -> Markup:
        """The first heading of a table readers can sort (tables.js sorts only these)."""
        return Markup("<span data-sortable></span>") + escape.inline(heading)

    def sortable_count(self, count: int) -> Markup:
        """A count that sorts as a number (9 before 10), not as text."""
        return Markup(f'<span data-sort="{count:09d}">{count}</span>')

    def status_word(self, status: Status) -> Markup:
        icon, word = labels.STATUS_LABELS[status]
        return Markup(f'<span aria-hidden="true">{icon}</span> {word}')

    def newest_date(self) -> str | None:
        """The newest date of the evidence this page has shown so far, in words."""
        return labels.format_date(max(self.dates)) if self.dates else None
