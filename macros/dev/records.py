"""The records of the benchmark's synthetic data: valid against the schema, linked like real ones.

Text lengths are sampled from the real data, field by field, with the words of the real data;
sources are cited with a skewed (Zipf-like) popularity. :mod:`macros.dev.synthetic` decides how
many of each collection to make and writes them out.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator
from typing import Any

from ..fields import CommitmentKind, Currency, DealType, EventKind, OrganisationKind, Qualifier, Sector, Status

# Used when the real data has no text for a field yet: (min, max) characters.
DEFAULT_LENGTHS: dict[str, tuple[int, int]] = {
    "summary": (60, 420),
    "title": (25, 110),
    "name": (8, 50),
    "note": (40, 260),
    "says": (20, 160),
    "quote": (40, 220),
    "claim": (40, 200),
    "correct": (40, 200),
    "section": (10, 60),
    "expansion": (10, 70),
    "role": (15, 50),
    "label": (20, 90),
    "place": (6, 40),
    "outlet": (8, 50),
    "about": (20, 100),
}
FALLBACK_WORDS = [
    "Japan",
    "Central",
    "Asia",
    "summit",
    "Tokyo",
    "agreement",
    "energy",
    "transport",
    "corridor",
    "investment",
    "grant",
    "loan",
    "project",
    "cooperation",
    "ministry",
    "minister",
    "signed",
    "memorandum",
    "development",
    "initiative",
    "critical",
    "minerals",
    "training",
    "scholarship",
    "health",
    "digital",
    "customs",
    "railway",
    "solar",
    "power",
    "plant",
    "logistics",
    "bank",
    "agency",
    "support",
]

START = dt.date(2025, 1, 1)
LAST = dt.date(2026, 2, 28)
CHECKED = dt.date(2026, 3, 1)


def _strings(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        if set(value) <= {"en", "ru", "ja"} and "en" in value:
            yield key, str(value["en"])
            return
        for k, v in value.items():
            yield from _strings(v, str(k))
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, key)


class Generator:
    """Makes records; deterministic for a given seed and real data."""

    def __init__(self, raw: dict[str, Any], seed: int = 20251220):
        self.rng = random.Random(seed)
        self.lengths: dict[str, list[int]] = {}
        words: set[str] = set()
        for records in raw.values():
            for key, text in _strings(records):
                if key in ("id", "url", "language", "iso2", "date", "start", "end", "unit") or re.fullmatch(r"[a-z0-9-]+", text):
                    continue
                self.lengths.setdefault(key, []).append(len(text))
                words.update(w for w in re.findall(r"[A-Za-z][A-Za-z'-]+", text) if len(w) < 20)
        self.words = sorted(words) if len(words) >= 50 else sorted(words | set(FALLBACK_WORDS))
        self.ids: dict[str, list[str]] = {}
        self.people_of: dict[str, list[str]] = {}
        self.source_weights: list[float] = []

    # -- values ---------------------------------------------------------------

    def text(self, field: str) -> str:
        known = self.lengths.get(field)
        if known and len(known) >= 3:
            length = self.rng.choice(known)
        else:
            low, high = DEFAULT_LENGTHS.get(field, (20, 120))
            length = self.rng.randint(low, high)
        out: list[str] = []
        size = 0
        while size < length:
            word = self.rng.choice(self.words)
            out.append(word)
            size += len(word) + 1
        sentence = " ".join(out)
        return sentence[:1].upper() + sentence[1:] + "."

    def date(self, start: dt.date = START, end: dt.date = LAST) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))

    def partial_date(self) -> Any:
        day = self.date()
        roll = self.rng.random()
        if roll < 0.1:
            return f"{day.year}-{day.month:02d}"
        return day

    def sources(self, low: int = 1, high: int = 3) -> list[str]:
        """Cited sources: a few are cited very often, most rarely (Zipf-like)."""
        pool = self.ids["sources"]
        picked = self.rng.choices(pool, cum_weights=self.source_weights, k=self.rng.randint(low, high))
        return list(dict.fromkeys(picked))

    def some(self, collection: str, low: int, high: int) -> list[str]:
        pool = self.ids[collection]
        return self.rng.sample(pool, min(len(pool), self.rng.randint(low, high)))

    def maybe(self, probability: float) -> bool:
        return self.rng.random() < probability

    def disputes(self) -> list[dict[str, Any]]:
        if not self.maybe(0.05):
            return []
        return [
            {
                "about": self.text("about"),
                "versions": [{"says": self.text("says"), "sources": self.sources(1, 2)} for _ in range(2)],
            }
        ]

    def history(self) -> tuple[list[dict[str, Any]], dt.date]:
        dates = sorted(self.date() for _ in range(self.rng.randint(1, 3)))
        statuses = list(Status)
        changes = []
        for day in dates:
            change: dict[str, Any] = {"date": day, "status": self.rng.choice(statuses).value, "sources": self.sources(1, 2)}
            if self.maybe(0.5):
                change["says"] = self.text("says")
            changes.append(change)
        return changes, CHECKED

    def tracked(self, made_by: list[str], made_to: list[str]) -> dict[str, Any]:
        history, checked = self.history()
        record: dict[str, Any] = {
            "kind": self.rng.choice(list(CommitmentKind)).value,
            "made_by": made_by,
            "made_to": made_to,
            "history": history,
            "checked": checked,
        }
        if self.maybe(0.3):
            record["deadline"] = f"{self.rng.randint(2026, 2030)}"
        return record

    def base(self, record_id: str) -> dict[str, Any]:
        record: dict[str, Any] = {"id": record_id, "sources": self.sources()}
        disputes = self.disputes()
        if disputes:
            record["disputes"] = disputes
        if self.maybe(0.1):
            record["note"] = self.text("note")
        return record

    # -- collections ----------------------------------------------------------

    def make(self, collection: str, record_id: str, index: int) -> dict[str, Any]:
        countries = self.ids["countries"]
        central_asia = [c for c in countries if c != "japan"] or countries
        pillars = self.ids["pillars"]
        if collection == "sources":
            record = {
                "id": record_id,
                "outlet": self.text("outlet"),
                "title": self.text("title"),
                "date": self.partial_date(),
                "url": f"https://news{index % 97}.example.org/2025/{record_id}",
                "language": self.rng.choice(["en", "en", "ru", "ja"]),
                "official": self.maybe(0.3),
            }
            if self.maybe(0.15):
                record["note"] = self.text("note")
            return record
        record = self.base(record_id)
        if collection == "people":
            country = self.rng.choice(countries)
            record |= {"name": self.text("name"), "role": self.text("role"), "country": country}
        elif collection == "organisations":
            record |= {"name": self.text("name"), "kind": self.rng.choice(list(OrganisationKind)).value}
            if self.maybe(0.4):
                record["short"] = f"ORG{index}"
            if self.maybe(0.8):
                record["country"] = self.rng.choice(countries)
            else:
                record["based_in"] = self.text("place")
            record["summary"] = self.text("summary")
        elif collection == "commitments":
            record |= self.tracked(["japan"], self.some("countries", 0, 3))
            record |= {"title": self.text("title"), "summary": self.text("summary")}
            if self.maybe(0.8):
                record["pillar"] = self.rng.choice(pillars)
            record["organisations"] = self.some("organisations", 0, 2)
        elif collection == "proposals":
            country = self.rng.choice(central_asia)
            record |= self.tracked([country], ["japan"])
            record |= {
                "title": self.text("title"),
                "summary": self.text("summary"),
                "country": country,
                "person": self.rng.choice(self.people_of[country]),
                "pillars": self.some("pillars", 0, 2),
            }
            if self.maybe(0.3):
                record["quote"] = self.text("quote")
        elif collection == "deals":
            involved = list(dict.fromkeys([self.rng.choice(central_asia), *self.some("countries", 0, 1)]))
            record |= self.tracked(involved, [])
            record |= {
                "title": self.text("title"),
                "summary": self.text("summary"),
                "type": self.rng.choice(list(DealType)).value,
                "sector": self.rng.choice(list(Sector)).value,
                "countries": involved,
                "parties": self.some("organisations", 1, 3),
                "financiers": self.some("organisations", 0, 2),
            }
            if self.maybe(0.7):
                record["pillar"] = self.rng.choice(pillars)
            if self.maybe(0.6):
                record["value"] = {
                    "amount": float(self.rng.randint(1, 5000) * 10 ** self.rng.randint(5, 9)),
                    "currency": self.rng.choice(list(Currency)).value,
                    "qualifier": self.rng.choice(list(Qualifier)).value,
                }
            if self.maybe(0.6):
                record["signed"] = {"date": self.date(dt.date(2025, 12, 18), dt.date(2025, 12, 20)), "place": "Tokyo"}
        elif collection == "declaration":
            record |= {
                "number": index + 1,
                "section": self.text("section"),
                "summary": self.text("summary"),
                "topics": [self.rng.choice(self.words) for _ in range(self.rng.randint(0, 3))],
                "basis": self.rng.choice(["official-text", "reported"]),
            }
            if self.maybe(0.7):
                record["pillar"] = self.rng.choice(pillars)
        elif collection == "events":
            day = self.date(dt.date(2004, 8, 1), LAST)
            record |= {
                "date": day,
                "title": self.text("title"),
                "summary": self.text("summary"),
                "kind": self.rng.choice(list(EventKind)).value,
                "countries": self.some("countries", 0, 3),
            }
            if self.maybe(0.2):
                record["end"] = day + dt.timedelta(days=self.rng.randint(0, 3))
            if self.maybe(0.2):
                record["time"] = f"{self.rng.randint(8, 20):02d}:{self.rng.choice([0, 15, 30, 45]):02d}"
            if self.maybe(0.5):
                record["place"] = self.text("place")
        elif collection == "figures":
            record |= {
                "label": self.text("label"),
                "value": float(self.rng.randint(1, 999) * 10 ** self.rng.randint(0, 9)),
                "unit": self.rng.choice(["JPY", "USD", "documents", "people", "km"]),
                "countries": self.some("countries", 0, 2),
                "related": self.some("deals", 0, 2) if self.ids["deals"] else [],
            }
            if self.maybe(0.3):
                record["conversions"] = [{"value": 1.5e8, "unit": "USD", "sources": self.sources(1, 1)}]
        elif collection == "glossary":
            record |= {"term": f"Term {index}", "expansion": self.text("expansion"), "summary": self.text("summary")}
        elif collection == "corrections":
            record |= {
                "outlet": self.text("outlet"),
                "erroneous": self.rng.choice(self.ids["sources"]),
                "claim": self.text("claim"),
                "correct": self.text("correct"),
            }
        else:  # pragma: no cover - a new collection needs a generator here
            raise ValueError(f"no synthetic generator for collection {collection!r}")
        return record
