"""Synthetic data at N times the size of the real data, for the benchmark.

The countries, the pillars and the summit file are fixed facts and are
copied as they are; every other collection is scaled. The real records are
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

from itertools import accumulate
from pathlib import Path
from typing import Any

import yaml

from ..load import collection_files
from ..model import COLLECTIONS
from .records import Generator

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
