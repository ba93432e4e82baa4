"""The linked Dataset: every reference resolved, lookups by id, backlinks computed once.

References are found generically from the :class:`~macros.fields.Ref` markers in
the models' type annotations, so adding a reference field to a model needs no
change here.
"""

from __future__ import annotations

import contextlib
import difflib
import gc
import types
import typing
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .fields import Ref
from .load import SUMMIT_FILE, Loaded, Locations, load
from .model import COLLECTIONS, Commitment, Country, Deal, Initiative, Proposal, Summit, Tracked
from .problems import DataError, Problem

# A spec says where references sit inside a value of some type:
#   ("ref", collection) | ("list", spec) | ("model", cls) | ("any", [spec, ...])
Spec = tuple[Any, ...]


def _spec(annotation: Any, metadata: tuple[Any, ...] = ()) -> Spec | None:
    for meta in metadata:
        if isinstance(meta, Ref):
            return ("ref", meta.collection)
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *meta = typing.get_args(annotation)
        return _spec(base, tuple(meta))
    if origin is list:
        inner = _spec(typing.get_args(annotation)[0])
        return ("list", inner) if inner else None
    if origin in (typing.Union, types.UnionType):
        specs = [s for s in (_spec(arg) for arg in typing.get_args(annotation)) if s]
        return ("any", specs) if specs else None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return ("model", annotation) if _field_specs(annotation) else None
    return None


def referenced_collection(annotation: Any, metadata: tuple[Any, ...] = ()) -> str | None:
    """The collection a field names records of, when it holds ids (one, or a list): else None."""
    spec = _spec(annotation, metadata)
    while spec and spec[0] in ("any", "list"):
        if spec[0] == "any":
            if len(spec[1]) != 1:
                return None
            spec = spec[1][0]
        else:
            spec = spec[1]
    return spec[1] if spec and spec[0] == "ref" else None


@cache
def _field_specs(model: type[BaseModel]) -> tuple[tuple[str, Spec], ...]:
    specs = []
    for name, info in model.model_fields.items():
        spec = _spec(info.annotation, tuple(info.metadata))
        if spec:
            specs.append((name, spec))
    return tuple(specs)


def references(value: Any) -> list[tuple[str, str, str]]:
    """(field path, target collection, id) for every reference inside the record ``value``."""
    found: list[tuple[str, str, str]] = []
    _collect(value, ("model", type(value)), "", found)
    return found


def _collect(value: Any, spec: Spec, path: str, found: list[tuple[str, str, str]]) -> None:
    # Appends to one list: nested generators cost a frame per level for each of 2,500 references.
    if value is None:
        return
    kind = spec[0]
    if kind == "ref":
        found.append((path, spec[1], value))
    elif kind == "list":
        for i, item in enumerate(value):
            _collect(item, spec[1], f"{path}[{i}]", found)
    elif kind == "any":
        for option in spec[1]:
            if option[0] != "model" or isinstance(value, option[1]):
                _collect(value, option, path, found)
                return
    elif kind == "model" and isinstance(value, BaseModel):
        for name, inner in _field_specs(type(value)):
            _collect(getattr(value, name), inner, f"{path}.{name}" if path else name, found)


@dataclass
class Dataset:
    """All records, linked. Rendering and exports read only this."""

    collections: dict[str, list[Any]]
    summit: Summit
    initiative: Initiative
    by_id: dict[str, Any] = field(default_factory=dict)
    collection_of: dict[str, str] = field(default_factory=dict)
    referrers: dict[str, list[Any]] = field(default_factory=lambda: defaultdict(list))
    locations: Locations = field(default_factory=Locations)

    def place(self, record_id: str) -> tuple[str, int]:
        """(data file, line) where a record starts, for messages."""
        return self.locations.of(self.by_id[record_id])

    def __getitem__(self, record_id: str) -> Any:
        return self.by_id[record_id]

    def all(self, collection: str) -> list[Any]:
        return self.collections[collection]

    def tracked(self) -> list[Tracked]:
        """Every item the tracker follows, in a stable order."""
        return [*self.all("commitments"), *self.all("proposals"), *self.all("deals")]

    def referring(self, record_id: str, collection: str | None = None) -> list[Any]:
        """Records that refer to ``record_id`` (optionally only those of one collection)."""
        found = self.referrers.get(record_id, [])
        if collection is None:
            return list(found)
        return [r for r in found if self.collection_of[r.id] == collection]

    def referring_ids(self, record_id: str) -> list[str]:
        """The ids of the records that refer to ``record_id``: what a list of links needs."""
        return [r.id for r in self.referrers.get(record_id, ())]

    def country_of(self, record: Any) -> list[Country]:
        """The countries a record concerns."""
        if isinstance(record, Proposal):
            ids = [record.country]
        elif isinstance(record, Deal):
            ids = record.countries
        elif isinstance(record, Commitment):
            ids = [*record.made_to, *record.made_by]
        else:
            ids = getattr(record, "countries", [])
        seen: dict[str, Country] = {}
        for cid in ids:
            seen.setdefault(cid, self.by_id[cid])
        return list(seen.values())


def link(loaded: Loaded) -> tuple[Dataset | None, list[Problem]]:
    """Index every record, resolve every reference and compute backlinks."""
    problems: list[Problem] = []
    records = loaded.records
    singletons = records.get("summit") or []
    collections = {c.name: records.get(c.name, []) for c in COLLECTIONS if c.many}

    everything: list[tuple[str, Any]] = []
    if singletons:
        everything += [("summit", singletons[0].summit), ("initiative", singletons[0].initiative)]
    for name, items in collections.items():
        everything += [(name, r) for r in items]

    place_of = loaded.locations.of
    by_id: dict[str, Any] = {}
    collection_of: dict[str, str] = {}
    for name, record in everything:
        if record.id in by_id:
            first_file, first_line = place_of(by_id[record.id])
            problems.append(Problem(*place_of(record), f"id '{record.id}' is already used at {first_file}:{first_line}"))
            continue
        by_id[record.id] = record
        collection_of[record.id] = name

    def problem_at(record: Any, path: str, message: str) -> Problem:
        return Problem(*place_of(record, path), f"record '{record.id}': {path} names {message}")

    referrers: dict[str, list[Any]] = defaultdict(list)
    for _name, record in everything:
        for path, target, ref in references(record):
            actual = collection_of.get(ref)
            if actual is None and _already_reported(loaded, ref, target):
                continue
            if actual is None:
                hint = f" in {target} (data/{target}.yaml or data/{target}/)" if target != "*" else ""
                ids = [i for i, c in collection_of.items() if target in ("*", c)]
                close = difflib.get_close_matches(ref, ids, n=1, cutoff=0.75)
                hint += f"; did you mean '{close[0]}'?" if close else ""
                problems.append(problem_at(record, path, f"'{ref}', which does not exist{hint}"))
            elif target not in ("*", actual):
                problems.append(problem_at(record, path, f"'{ref}', which is in {actual}, not {target}"))
            elif ref != record.id and (not referrers[ref] or referrers[ref][-1] is not record):
                # A record's references come one after another, so a repeat is always the last
                # entry: checking it is O(1), where `record not in list` compared whole models.
                referrers[ref].append(record)

    if not singletons:
        return None, problems
    summit_file = singletons[0]
    dataset = Dataset(collections, summit_file.summit, summit_file.initiative, by_id, collection_of, referrers, loaded.locations)
    if not problems and not loaded.broken_ids and not loaded.broken_collections:
        # Cross-record rules assume every record is there and every reference resolves.
        problems += _check_consistency(dataset)
    return dataset, problems


def _already_reported(loaded: Loaded, ref: str, target: str) -> bool:
    """A reference to a record that is invalid, or that sits in an unreadable file, is not a second mistake."""
    if ref in loaded.broken_ids:
        return True
    if target == "*":
        return bool(loaded.broken_collections)
    return target in loaded.broken_collections or (target in ("summit", "initiative") and "summit" in loaded.broken_collections)


def _check_consistency(data: Dataset) -> list[Problem]:
    """Rules that span fields or records, beyond what a single model can say."""
    problems: list[Problem] = []

    def report(record: Any, message: str) -> None:
        file, line = data.place(record.id)
        problems.append(Problem(file, line, f"record '{record.id}': {message}"))

    for country in data.all("countries"):
        leader = data[country.leader]
        if leader.country != country.id:
            report(country, f"leader '{leader.id}' belongs to country '{leader.country}'")
        if country.visit and country.visit.end < country.visit.start:
            report(country, "visit ends before it starts")
    for proposal in data.all("proposals"):
        person = data[proposal.person]
        if person.country != proposal.country:
            report(proposal, f"person '{person.id}' is not from country '{proposal.country}'")
    for item in data.tracked():
        dates = [change.date for change in item.history]
        if dates != sorted(dates):
            report(item, "history must be in date order, oldest first")
        if item.checked.isoformat() < dates[-1][:10] and len(dates[-1]) == 10:
            report(item, f"checked ({item.checked}) is before the latest status change ({dates[-1]})")
    for event in data.all("events"):
        if event.end and event.end < event.date:
            report(event, "ends before it starts")
    for record in data.by_id.values():
        holders = [("", record), *((f"{n}.", getattr(record, n, None)) for n in ("visit", "bilateral"))]
        for prefix, holder in holders:
            for dispute in getattr(holder, "disputes", None) or ():
                for path in dispute.concerns:
                    if not _names_a_field(holder, path):
                        report(record, f"a dispute concerns '{prefix}{path}', which is not a field of it")
    primary = [s for s in data.all("sources") if s.primary]
    for source in primary[1:]:
        report(source, f"only one source can be primary (the founding article); '{primary[0].id}' is already")
    return problems


def _names_a_field(value: Any, path: str) -> bool:
    """Whether ``path`` (``signed.date``) names a field of the model ``value``, through nested models."""
    for part in path.split("."):
        if not isinstance(value, BaseModel) or part not in type(value).model_fields:
            return False
        value = getattr(value, part)
        if value is None:  # an empty optional field: what it would hold is not known here
            return True
    return True


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a block, and back on (if it was) however the block ends.

    Loading allocates many small objects and frees few, so the collector keeps rescanning a growing
    heap for nothing: at 100x the data, loading took 1.9-2.9 s with it and 0.8-0.9 s without."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def build_dataset(data_dir: Path) -> Dataset:
    """Load, validate and link ``data_dir``; raise :class:`DataError` with every problem."""
    with gc_paused():
        loaded, problems = load(data_dir)
        dataset, link_problems = link(loaded)
    problems += link_problems
    if problems or dataset is None:
        raise DataError(problems or [Problem(SUMMIT_FILE, 1, "the summit is missing")])
    return dataset
