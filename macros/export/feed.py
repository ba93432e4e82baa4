"""The Atom feeds: one entry per status change of a tracked item, the newest first; one feed for
everything and one per country."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from ..dataset import Dataset
from ..fields import text_in
from ..labels import STATUS_LABELS
from ..model import Country, Tracked
from ..routes import (
    FEED_LIMIT,
    FEED_PATH,
    LICENCE,
    LICENCE_URL,
    STATUS_CHANGES_CSV,
    Site,
    country_feed_path,
    home_of,
    permalink,
    title_of,
)
from ..views import Views, earliest_day

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(text: str) -> str:
    """Text for XML character data."""
    return xml_escape(_NOT_XML.sub("", text))


def _comment(text: str) -> str:
    """Text for an XML comment, which may not hold '--'."""
    return re.sub(r"-(?=-)", "- ", _NOT_XML.sub("", text))


def _attr_value(text: str) -> str:
    return quoteattr(_NOT_XML.sub("", text))


def _about_the_feed(readable: str, site: Site) -> str:
    """What a browser opening the feed shows on top: what it is for, and where its addresses come from
    (the build's SITE_URL, or, without it, paths on the site)."""
    what = f"An Atom feed: add its address to a feed reader. The same changes, to read: {readable}."
    if site.known:
        return f"{what} Its addresses start with {site.url}, the address the site was built for (SITE_URL)."
    return f"{what} Its addresses are paths from the site's root: this copy was built without SITE_URL, so it names no host."


def _timestamp(date: str) -> str:
    return earliest_day(date) + "T00:00:00Z"


def feed_entries(data: Dataset, site: Site) -> list[tuple[str, Tracked, int]]:
    """(entry id, item, history index) for every status change, newest first."""
    entries: list[tuple[str, Tracked, int]] = []
    seen: set[str] = set()
    for item, index in Views(data).changes_newest_first():
        change = item.history[index]
        base = f"tag:{site.host},2025:{item.id}/{change.date}/{change.status.value}"
        entry_id, n = base, 1
        while entry_id in seen:  # the same status twice on one day: keep ids unique and stable
            n += 1
            entry_id = f"{base}/{n}"
        seen.add(entry_id)
        entries.append((entry_id, item, index))
    return entries


def _summary(data: Dataset, item: Tracked, index: int) -> str:
    change = item.history[index]
    word = STATUS_LABELS[change.status][1]
    says = text_in(change.says) if change.says is not None else f"Status: {word}."
    cited = []
    for sid in change.sources:
        source = data[sid]
        cited.append(f"{source.outlet}, {source.title} ({source.date}) {source.url}")
    return f"{says} Sources: " + "; ".join(cited)


Entry = tuple[str, Tracked, int]


def atom_feed(
    data: Dataset, site: Site, country: Country | None = None, entries: list[Entry] | None = None, written: dict | None = None
) -> str:
    """The updates feed: one entry per status change of a tracked item, the newest FEED_LIMIT; with
    ``country``, only the changes of items that concern it (its own feed, :func:`country_feed_path`).

    ``entries`` (from :func:`feed_entries`) and ``written`` (entry id -> its XML) let the feeds of one
    build share the work: every entry is worked out and written once."""
    entries = feed_entries(data, site) if entries is None else entries
    written = {} if written is None else written
    if country is not None:
        entries = [e for e in entries if country in data.country_of(e[1])]
    entries = entries[:FEED_LIMIT]
    about = f" that concern {text_in(country.name)}" if country else ""
    subtitle = (
        f"Dated, sourced changes of status of commitments, proposals and deals{about}, newest first: "
        f"the latest {FEED_LIMIT}. Every change is in {STATUS_CHANGES_CSV}."
    )
    path = country_feed_path(country.id) if country else FEED_PATH
    feed_id = f"tag:{site.host},2025:feed" + (f"/{country.id}" if country else "")
    title = f"{site.name}: tracker updates" + (f", {text_in(country.name)}" if country else "")
    updated = _timestamp(max((item.history[i].date for _, item, i in entries), key=earliest_day, default=data.summit.end))
    home = site.page_url(home_of(data, country.id)[0]) if country else site.page_url("tracker.md")
    readable = home if country else site.page_url("whats-new.md")
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        # A browser that opens the feed shows the XML with this comment on top: say what it is for.
        f"<!-- {_comment(_about_the_feed(readable, site))} -->",
        # Without SITE_URL the addresses are paths from the site's root; xml:base says where that is
        # from this file (feeds/ is one folder down), so readers resolve them wherever the site is.
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"'
        + ("" if site.known else f" xml:base={_attr_value('../' * path.count('/') or './')}")
        + ">",
        f"  <id>{_x(feed_id)}</id>",
        f"  <title>{_x(title)}</title>",
        f"  <subtitle>{_x(subtitle)}</subtitle>",
        f'  <link rel="self" type="application/atom+xml" href={_attr_value(site.url + path)}/>',
        f'  <link rel="alternate" type="text/html" href={_attr_value(home)}/>',
        f"  <updated>{updated}</updated>",
        f"  <author><name>{_x(site.name)}</name>" + (f"<uri>{_x(site.url)}</uri>" if site.known else "") + "</author>",
        f"  <rights>{_x(f'Data: {LICENCE} ({LICENCE_URL})')}</rights>",
    ]
    for entry in entries:
        if entry[0] not in written:
            written[entry[0]] = _entry_xml(data, site, *entry)
        lines.append(written[entry[0]])
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _entry_xml(data: Dataset, site: Site, entry_id: str, item: Tracked, index: int) -> str:
    change = item.history[index]
    title = f"{title_of(data, item.id)}: {STATUS_LABELS[change.status][1]}"
    return "\n".join(
        [
            "  <entry>",
            f"    <id>{_x(entry_id)}</id>",
            f'    <title type="text">{_x(title)}</title>',
            f'    <link rel="alternate" type="text/html" href={_attr_value(permalink(data, site, item.id))}/>',
            f"    <updated>{_timestamp(change.date)}</updated>",
            f"    <category term={_attr_value(change.status.value)}/>",
            f'    <summary type="text">{_x(_summary(data, item, index))}</summary>',
            "  </entry>",
        ]
    )


def feeds(data: Dataset, site: Site) -> dict[str, str]:
    """The updates feed and a feed per country: path under docs/ -> text."""
    entries, written = feed_entries(data, site), {}
    files = {FEED_PATH: atom_feed(data, site, entries=entries, written=written)}
    for country in data.all("countries"):
        files[country_feed_path(country.id)] = atom_feed(data, site, country, entries, written)
    return files
