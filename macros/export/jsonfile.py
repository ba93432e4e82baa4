"""The JSON export: every record of every collection in one file, as the models dump them."""

from __future__ import annotations

import functools
from typing import Any

import pydantic_core
from pydantic import BaseModel

from ..dataset import Dataset
from ..model import COLLECTIONS
from ..routes import LICENCE, LICENCE_URL, RECORD_PAGES, Site, permalink, record_json_path
from ..views import Views

FORMAT_VERSION = 1
"""Raised when a field is renamed or removed: the JSON's field names are the models' (a public API)."""


@functools.cache
def field_order(model: type[BaseModel]) -> tuple[str, ...]:
    """A record's fields as readers want them: id, then the model's own fields, then the inherited ones.

    (Pydantic lists inherited fields first, which would put ``sources`` and ``disputes`` before a
    deal's title.)
    """
    groups: list[list[str]] = []
    for cls in model.__mro__:
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)) or cls is BaseModel:
            continue
        inherited = {n for base in cls.__bases__ if issubclass(base, BaseModel) for n in base.model_fields}
        groups.append([n for n in cls.model_fields if n not in inherited])
    names = [n for group in groups for n in group]
    return ("id", *(n for n in names if n != "id")) if "id" in names else tuple(names)


def record_json(record: BaseModel) -> dict[str, Any]:
    dumped = record.model_dump(mode="json")
    return {name: dumped[name] for name in field_order(type(record))}


def to_json(value: Any) -> str:
    # pydantic-core's serializer is five times faster than json.dumps(ensure_ascii=False, indent=1),
    # which falls back to its pure-Python encoder when indenting. Same text, except floats between
    # 1e-9 and 1e-4 (0.00001 for 1e-05): the same values, still JSON.
    return pydantic_core.to_json(value, indent=1).decode() + "\n"


def json_export(data: Dataset, site: Site) -> str:
    """Every record of every collection (fields in :func:`field_order`)."""
    document = {
        "format_version": FORMAT_VERSION,
        "title": site.name,
        "url": site.url if site.known else None,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "data_date": Views(data).data_date(),
        "summit": record_json(data.summit),
        "initiative": record_json(data.initiative),
        "collections": {c.name: [record_json(r) for r in data.all(c.name)] for c in COLLECTIONS if c.many},
    }
    return to_json(document)


def record_files(data: Dataset, site: Site) -> dict[str, str]:
    """Each record that has a page of its own, as a JSON file of its own (the same fields as in the
    whole-data file), with the collection it belongs to and its permanent address."""
    files = {}
    for collection in RECORD_PAGES:
        for record in data.all(collection):
            document = {
                "format_version": FORMAT_VERSION,
                "collection": collection,
                "permalink": permalink(data, site, record.id),
                "record": record_json(record),
            }
            files[record_json_path(collection, record.id)] = to_json(document)
    return files
