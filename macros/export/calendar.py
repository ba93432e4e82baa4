"""The iCalendar file: every event and deadline with a full date, from the summit on.

Made with the ``icalendar`` library, which folds lines and escapes text as RFC 5545 asks. Dates
known only to the month or year are left out: a calendar entry needs a day. The file's stamp is
the date of the data, never the build time, so the same data gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import icalendar

from ..dataset import Dataset
from ..fields import text_in
from ..routes import Site, permalink
from ..views import Views


def _day(date: str | None) -> dt.date | None:
    """A full date as a day; None for a month, a year or nothing."""
    return dt.date.fromisoformat(date) if date and len(date) == 10 else None


def calendar_entries(data: Dataset) -> list[tuple[str, str, dt.date, dt.date, Any]]:
    """(uid part, title, first day, last day, record) for each dated event and deadline, in date order."""
    start = data.summit.start
    entries = []
    for event in data.all("events"):
        first = _day(event.date)
        if first and event.date >= start:
            entries.append((event.id, text_in(event.title), first, _day(event.end) or first, event))
    for item in data.tracked():
        day = _day(item.deadline)
        if day and item.deadline >= start:
            entries.append((f"{item.id}/deadline", f"Deadline: {text_in(item.title)}", day, day, item))
    return sorted(entries, key=lambda e: (e[2], e[0]))


def _sources(data: Dataset, record: Any) -> str:
    cited = [f"{data[s].outlet}, {data[s].date}: {data[s].url}" for s in record.sources]
    return "Sources: " + "; ".join(cited)


def ical_export(data: Dataset, site: Site) -> str:
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{site.name}//{site.host}//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{site.name}: events and deadlines")
    stamp = dt.datetime.fromisoformat(Views(data).data_date()).replace(tzinfo=dt.UTC)
    for uid, title, first, last, record in calendar_entries(data):
        entry = icalendar.Event()
        entry.add("uid", f"{uid}@{site.host}")
        entry.add("dtstamp", stamp)
        entry.add("dtstart", first)
        entry.add("dtend", last + dt.timedelta(days=1))  # all-day entries end the day after, exclusive
        entry.add("summary", title)
        entry.add("description", f"{text_in(record.summary)} {_sources(data, record)}")
        place = getattr(record, "place", None)
        if place:
            entry.add("location", text_in(place))
        if site.known:  # RFC 5545 wants an absolute address; without SITE_URL there is none
            entry.add("url", permalink(data, site, record.id))
        calendar.add_component(entry)
    # CRLF line ends, as RFC 5545 asks (write.sync writes them as they are).
    return calendar.to_ical().decode("utf-8")
