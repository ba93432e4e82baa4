"""Data files → validated records: each collection's files found, read and checked record by record.

Nothing raises for a data mistake: problems are collected and returned, with the line of the
record or field at fault (:class:`Locations`), so every mistake is reported in one run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .model import COLLECTIONS, Collection
from .problems import KeyPath, Problem, collapse, describe, real_loc, suggest
from .source import Located, read_yaml

SUMMIT_FILE = "data/summit.yaml"
"""Where a message points when a record's place is unknown: the file every dataset needs."""


class Locations:
    """Where each validated record stands: its file's lines and its key path there.

    Keyed by the record object, not its id: two records may share an id, and the message that says
    so must name both places. A line is looked up only when a message needs it."""

    def __init__(self) -> None:
        self._spots: dict[int, tuple[Any, Located, KeyPath]] = {}

    def add(self, record: Any, located: Located, path: KeyPath) -> None:
        # The record itself is kept beside its spot, so its id() is never reused by another object.
        self._spots[id(record)] = (record, located, path)

    def of(self, record: Any, field_path: str = "") -> tuple[str, int]:
        """(file, line) of a record's field given as ``a.b[0].c``, or of the record itself."""
        spot = self._spots.get(id(record))
        if spot is None:
            return SUMMIT_FILE, 1
        _, located, prefix = spot
        parts = [int(p[1:-1]) if p.startswith("[") else p for p in re.findall(r"\[\d+\]|[^.\[\]]+", field_path)]
        return located.file, located.line_of((*prefix, *parts))


def _ids_within(item: dict[str, Any]) -> list[str]:
    """The ids a record would have defined (summit.yaml holds two records)."""
    ids = [item.get("id")] + [v.get("id") for v in item.values() if isinstance(v, dict)]
    return [i for i in ids if isinstance(i, str)]


def validate(
    collection: Collection,
    located: Located,
    problems: list[Problem],
    broken: set[str] | None = None,
    locations: Locations | None = None,
) -> list[Any]:
    """Validate a file's content record by record, so one bad record hides no other.

    Returns the valid records; ``locations`` learns where each one is. The ids of invalid records
    go into ``broken``, so references to them are not reported again.
    """
    broken = set() if broken is None else broken
    locations = Locations() if locations is None else locations
    value = located.value
    file = located.file
    if collection.many:
        if value is None:
            return []
        if not isinstance(value, list):
            if () not in located.reported:
                problems.append(Problem(file, 1, "the file must be a list of records (each starting with '- id:')"))
            return []
        items = list(enumerate(value))
    else:
        if not isinstance(value, dict):
            if () not in located.reported:
                problems.append(Problem(file, 1, "the file must be a mapping of fields"))
            return []
        items = [(None, value)]
    records = []
    for index, item in items:
        prefix: KeyPath = () if index is None else (index,)
        if not isinstance(item, dict):
            if prefix not in located.reported:
                problems.append(Problem(file, located.line_of(prefix), "each record must be a mapping of fields ('id: ...')"))
            continue
        try:
            record = collection.model.model_validate(item)
            records.append(record)
            locations.add(record, located, prefix)
            if not collection.many:  # summit.yaml: its summit and initiative are records too
                for name in type(record).model_fields:
                    inner = getattr(record, name)
                    if isinstance(inner, BaseModel) and hasattr(inner, "id"):
                        locations.add(inner, located, (*prefix, name))
        except ValidationError as error:
            for record_id in _ids_within(item):
                broken.add(record_id)
            details = [{**e, "real_loc": real_loc(item, e["loc"], e["type"] == "missing")} for e in error.errors()]
            for detail in suggest(collapse(details)):
                full = (*prefix, *detail["real_loc"])
                if any(full[:end] in located.reported for end in range(len(full) + 1)):
                    continue  # the reader already said what is wrong here
                line = located.line_of(full)
                label = f"record '{item.get('id')}': " if isinstance(item.get("id"), str) else ""
                problems.append(Problem(file, line, label + describe(detail)))
    return records


def collection_files(data_dir: Path, collection: Collection) -> list[Path]:
    """A collection lives in data/<name>.yaml, in data/<name>/*.yaml, or both (file first)."""
    files = []
    single = data_dir / f"{collection.name}.yaml"
    if single.is_file():
        files.append(single)
    folder = data_dir / collection.name
    if collection.many and folder.is_dir():
        files += sorted(folder.glob("*.yaml"))
    return files


@dataclass
class Loaded:
    """Validated records per collection, and where each record stands in its file."""

    records: dict[str, list[Any]]
    broken_ids: set[str] = field(default_factory=set)
    """Ids of records that failed validation (already reported)."""
    broken_collections: set[str] = field(default_factory=set)
    """Collections with a file that could not be read (already reported)."""
    locations: Locations = field(default_factory=Locations)


def load(data_dir: Path) -> tuple[Loaded, list[Problem]]:
    """Read and validate every collection in ``data_dir``."""
    problems: list[Problem] = []
    records: dict[str, list[Any]] = {}
    broken_ids: set[str] = set()
    broken_collections: set[str] = set()
    locations = Locations()
    known = {f"{c.name}.yaml" for c in COLLECTIONS} | {c.name for c in COLLECTIONS if c.many} | {"schema"}
    if data_dir.is_dir():
        for path in sorted(data_dir.iterdir()):
            if path.name not in known and not path.name.startswith(".") and (path.is_dir() or path.suffix in (".yaml", ".yml")):
                expected = ", ".join(sorted(f"{c.name}.yaml" for c in COLLECTIONS))
                problems.append(Problem(f"data/{path.name}", 1, f"unknown data file or folder; expected one of: {expected}"))
    for collection in COLLECTIONS:
        records[collection.name] = []
        files = collection_files(data_dir, collection)
        if not files:
            where = f"data/{collection.name}.yaml" + (f" or data/{collection.name}/*.yaml" if collection.many else "")
            problems.append(Problem(f"data/{collection.name}.yaml", 1, f"file is missing: expected {where}"))
            broken_collections.add(collection.name)
            continue
        for path in files:
            name = f"data/{path.relative_to(data_dir).as_posix()}"
            before = len(problems)
            located = read_yaml(path, name, problems)
            if located is None or (not collection.many and len(problems) > before):
                broken_collections.add(collection.name)
            if located is None:
                continue
            valid = validate(collection, located, problems, broken_ids, locations)
            not_a_list = collection.many and located.value is not None and not isinstance(located.value, list)
            if not_a_list or (not collection.many and not valid):
                broken_collections.add(collection.name)
            records[collection.name] += valid
    return Loaded(records, broken_ids, broken_collections, locations), problems
