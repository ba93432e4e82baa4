"""Synthetic data at N times the size of the real data, for the benchmark.

The six countries, the three pillars and the summit file are fixed facts and
are copied as they are; every other collection is scaled. The real records are
kept (so what the summit file references still resolves) and synthetic records
fill each collection up to ``scale x base``, where ``base`` is the real count
but never below :data:`FLOOR` (the real data is still being written; without a
floor a collection that is empty today would stay empty at every scale).

Synthetic records are valid against the schema in :mod:`macros.model` and
linked like real ones: deals name organisations, countries and pillars;
proposals name a person of their own country; sources are cited with a skewed
(Zipf-like) popularity, so a few sources are cited by very many records. Text
lengths are sampled from the real data, field by field, with the words of the
real data.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator
from itertools import accumulate
from pathlib import Path
from typing import Any

import yaml

from ..load import collection_files
from ..model import (
    COLLECTIONS,
    CommitmentKind,
    Currency,
    DealType,
    EventKind,
    OrganisationKind,
    Qualifier,
    Sector,
    Status,
)

FIXED = ("summit", "countries", "pillars")
"""Collections copied unchanged at every scale."""

FLOOR: dict[str, int] = {
    "sources": 40,
    "people": 12,
    "organisations": 25,
    "commitments": 10,
    "proposals": 10,
    "deals": 30,
    "declaration": 15,
    "events": 25,
    "figures": 10,
    "glossary": 15,
    "corrections": 4,
}
"""The smallest base count per scaled collection: a plausible finished dataset."""

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


def scale_counts(real: dict[str, int], scale: int) -> dict[str, int]:
    """The record count per collection at ``scale`` (fixed collections keep theirs)."""
    counts = {}
    for collection in COLLECTIONS:
        name = collection.name
        if name in FIXED:
            counts[name] = real.get(name, 0)
        else:
            counts[name] = max(real.get(name, 0), FLOOR.get(name, 0)) * scale
    return counts


def read_raw(data_dir: Path) -> dict[str, Any]:
    """Each collection's records as plain YAML values (the summit file as its mapping)."""
    raw: dict[str, Any] = {}
    for collection in COLLECTIONS:
        if not collection.many:
            files = collection_files(data_dir, collection)
            raw[collection.name] = yaml.safe_load(files[0].read_text(encoding="utf-8")) if files else {}
            continue
        records: list[Any] = []
        for path in collection_files(data_dir, collection):
            records += yaml.safe_load(path.read_text(encoding="utf-8")) or []
        raw[collection.name] = records
    return raw


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


# Generate in dependency order: what is referenced comes first.
ORDER = (
    "sources",
    "people",
    "organisations",
    "commitments",
    "proposals",
    "deals",
    "declaration",
    "events",
    "figures",
    "glossary",
    "corrections",
)


def generate(real_dir: Path, out_dir: Path, scale: int, seed: int = 20251220) -> dict[str, int]:
    """Write data/ for ``scale`` into ``out_dir``; returns the record count per collection.

    ``real_dir`` must hold valid data (check it with :func:`macros.dataset.build_dataset`).
    """
    raw = read_raw(real_dir)
    real = {name: len(value) if isinstance(value, list) else 1 for name, value in raw.items()}
    counts = scale_counts(real, scale)
    gen = Generator(raw, seed)
    out: dict[str, Any] = {name: raw[name] for name in FIXED}
    gen.ids["countries"] = [c["id"] for c in raw["countries"]]
    gen.ids["pillars"] = [p["id"] for p in raw["pillars"]]
    for name in ORDER:
        records = list(raw.get(name) or [])
        gen.ids[name] = [r["id"] for r in records]
        if name == "sources":
            # Precompute the skewed popularity once the whole pool is known.
            total = counts[name]
            gen.ids[name] += [f"syn-source-{i}" for i in range(len(records), total)]
            gen.source_weights = list(accumulate(1 / (rank + 1) ** 0.9 for rank in range(total)))
            records += [gen.make(name, f"syn-source-{i}", i) for i in range(len(records), total)]
        else:
            singular = name.rstrip("s") if name != "glossary" else "term"
            for i in range(len(records), counts[name]):
                record = gen.make(name, f"syn-{singular}-{i}", i)
                records.append(record)
                gen.ids[name].append(record["id"])
        if name == "people":
            for person in records:
                gen.people_of.setdefault(person["country"], []).append(person["id"])
        out[name] = records
    write(out, out_dir)
    return {name: len(value) if isinstance(value, list) else 1 for name, value in out.items()}


def write(collections: dict[str, Any], out_dir: Path, per_file: int = 500) -> None:
    """YAML laid out like data/: a file per fixed collection, a folder of files per scaled one.

    Scaled collections are split in files of ``per_file`` records, as contributors split
    theirs, which also keeps each file under the loader's cap on values per file.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, value in collections.items():
        if name in FIXED or not isinstance(value, list):
            dump(value, out_dir / f"{name}.yaml")
            continue
        folder = out_dir / name
        folder.mkdir(exist_ok=True)
        for start in range(0, max(len(value), 1), per_file):
            dump(value[start : start + per_file], folder / f"part-{start // per_file + 1:04d}.yaml")


def dump(value: Any, path: Path) -> None:
    """Write ``value`` as a data file (libyaml's dumper where PyYAML has it)."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(value, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(text, encoding="utf-8")


def edit_one_record(data_dir: Path) -> Path:
    """Change one deal's summary, as a contributor's edit does; returns the file changed."""
    for path in sorted(data_dir.rglob("*.yaml")):
        if "deals" not in path.relative_to(data_dir).parts[0]:
            continue
        records = yaml.safe_load(path.read_text(encoding="utf-8"))
        for record in records if isinstance(records, list) else []:
            if isinstance(record, dict) and isinstance(record.get("summary"), str):
                record["summary"] += " Edited for the benchmark."
                dump(records, path)
                return path
    raise ValueError(f"no deal with a summary under {data_dir}")
