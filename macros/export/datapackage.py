"""The Frictionless Data Package: the CSV tables described for tools (https://datapackage.org/, v2).

One resource per CSV file, each with a Table Schema read from the same :class:`~.csvfiles.Column`
definitions that write the file: a field per column, typed from the model, with the model's
description, ``id`` as the primary key and a foreign key for each column that names one record of
another table. A pure function of the tables: the same data gives the same bytes (no build time).
"""

from __future__ import annotations

import datetime as dt
import enum
import posixpath
import re
import types
import typing
from typing import Any

from pydantic import WithJsonSchema

from ..fields import PartialDate
from ..model import Record
from ..routes import DATAPACKAGE_PATH, LICENCE, LICENCE_URL, Site
from .csvfiles import BOM, Column, Table, _is_text, _unwrap
from .jsonfile import to_json

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"

LANGUAGE_NAMES = {"ru": "Russian", "ja": "Japanese"}

ID_DESCRIPTION = Record.model_fields["id"].description
"""What every id says of itself; a column that refers to records says which ones instead."""

LIST_DELIMITER = ";"
"""How :func:`~.csvfiles.cell` joins a list of ids."""

DIALECT = {"header": True, "delimiter": ",", "lineTerminator": "\n", "quoteChar": '"', "doubleQuote": True}
"""What csv.writer writes in :func:`~.csvfiles._table`."""

ENCODING = "utf-8-sig"
"""UTF-8 opened by a byte-order mark (:data:`~.csvfiles.BOM`). The name is Python's, which frictionless
reads (and infers itself for these files); with plain "utf-8" a reader keeps the mark in the first header."""


PARTIAL_DATE = next(m.json_schema for m in PartialDate.__metadata__ if isinstance(m, WithJsonSchema))
"""PartialDate's own JSON Schema: its pattern and description are the CSV column's too."""


def _whole_value(pattern: str) -> str:
    """A model's pattern (JSON Schema's: found anywhere unless anchored, like ``^https://``) as Table
    Schema's, which must match the whole value."""
    start = pattern.removeprefix("^") if pattern.startswith("^") else ".*" + pattern
    return start.removesuffix("$") if start.endswith("$") else start + ".*"


def _metadata(annotation: Any) -> tuple[Any, list[Any]]:
    """The type under ``Annotated`` and every metadata item, those of nested Field() calls included."""
    found: list[Any] = []
    while typing.get_origin(annotation) is typing.Annotated:
        annotation, *meta = typing.get_args(annotation)
        for item in meta:
            found += [item, *getattr(item, "metadata", [])]
    return annotation, found


def _optional_removed(annotation: Any) -> Any:
    """``X | None`` as ``X``, keeping X's Annotated metadata (which :func:`~.csvfiles._unwrap` drops)."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _optional_removed(args[0])
    return annotation


def _type(column: Column) -> dict[str, Any]:
    """The Table Schema type of a column, with the constraints its model states (pattern, words)."""
    if column.names or column.language:
        return {"type": "string"}
    annotation = _optional_removed(column.annotation)
    if annotation == PartialDate:
        pattern = next(s["pattern"] for s in PARTIAL_DATE["anyOf"] if "pattern" in s)
        return {"type": "string", "constraints": {"pattern": _whole_value(pattern)}}
    base, metadata = _metadata(annotation)
    base = _unwrap(base)[0]
    if _is_text(base):
        return {"type": "string"}
    if base is dt.date:
        return {"type": "date"}
    if base is bool:
        return {"type": "boolean", "trueValues": ["true"], "falseValues": ["false"]}
    if base is int:
        return {"type": "integer"}
    if base is float:
        return {"type": "number"}
    if isinstance(base, type) and issubclass(base, enum.Enum):
        return {"type": "string", "constraints": {"enum": [m.value for m in base]}}
    if typing.get_origin(base) is typing.Literal:
        return {"type": "string", "constraints": {"enum": list(typing.get_args(base))}}
    if typing.get_origin(base) is list:
        item = _unwrap(typing.get_args(base)[0])[0]
        if isinstance(item, type) and hasattr(item, "model_fields"):
            return {"type": "array"}  # nested records as a JSON array (cell)
        if column.refers_to:
            return {"type": "list", "delimiter": LIST_DELIMITER, "itemType": "string"}
        return {"type": "string"}  # free texts joined with ';', which a text may hold too
    if base is str:
        patterns = [m.pattern for m in metadata if isinstance(getattr(m, "pattern", None), str)]
        return {"type": "string", **({"constraints": {"pattern": _whole_value(patterns[0])}} if patterns else {})}
    raise TypeError(f"CSV column {column.name!r}: no Table Schema type for {column.annotation!r}")


def _description(column: Column) -> str | None:
    if column.language:
        base = column.name.removesuffix("_text").removesuffix(f"_{column.language}")
        return f"{base} in {LANGUAGE_NAMES[column.language]}, where there is a translation."
    many = typing.get_origin(_unwrap(column.annotation)[0]) is list
    if column.names:
        ids = column.name.removesuffix("_names")
        return f"The names of the records in {ids}, in the same order." if many else f"The name of the record in {ids}."
    if column.refers_to and column.description in (None, ID_DESCRIPTION):
        where = f"{column.refers_to}.csv" if column.refers_to != "*" else "any table"
        return f"Ids of records in {where}, joined with '{LIST_DELIMITER}'." if many else f"The id of a record in {where}."
    if column.description is None and _optional_removed(column.annotation) == PartialDate:
        return PARTIAL_DATE["description"]
    return column.description


def _field(column: Column) -> dict[str, Any]:
    """A column's Table Schema field: name, type, description, constraints."""
    field: dict[str, Any] = {"name": column.name, **_type(column)}
    constraints = {**({"required": True} if column.filled else {}), **field.pop("constraints", {})}
    description = _description(column)
    return field | ({"description": description} if description else {}) | ({"constraints": constraints} if constraints else {})


def _name(table: Table) -> str:
    return posixpath.splitext(posixpath.basename(table.path))[0]


def _resource(table: Table, names: set[str]) -> dict[str, Any]:
    schema: dict[str, Any] = {"fields": [_field(c) for c in table.columns], "missingValues": [""]}
    if table.keyed:
        schema["primaryKey"] = ["id"]
    foreign_keys = [
        {"fields": [c.name], "reference": {"resource": c.refers_to, "fields": ["id"]}}
        for c in table.columns
        if c.refers_to in names and _type(c)["type"] == "string"  # one id; a list of ids cannot be a key
    ]
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    resource: dict[str, Any] = {
        "name": _name(table),
        "type": "table",
        "path": posixpath.relpath(table.path, posixpath.dirname(DATAPACKAGE_PATH)),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": ENCODING,
        "title": table.title,
    }
    if table.description:
        resource["description"] = " ".join(table.description.split())
    return {**resource, "dialect": DIALECT, "schema": schema}


def datapackage(tables: list[Table], site: Site) -> str:
    """The descriptor of the CSV files (``tables`` as :func:`~.csvfiles.csv_tables` gives them)."""
    assert all(t.text.startswith(BOM) for t in tables), "ENCODING says every CSV opens with a byte-order mark"
    names = {_name(t) for t in tables}
    descriptor = {
        "$schema": PROFILE,
        "name": re.sub(r"[^a-z0-9]+", "-", site.name.lower()).strip("-"),
        "title": site.name,
        "description": "The site's data as one CSV table per collection, and every status change of the tracked items.",
        **({"homepage": site.page_url("data.md")} if site.known else {}),
        # The Open Definition id the spec asks for ("CC-BY-4.0"), spelled from the licence's title.
        "licenses": [{"name": LICENCE.replace(" ", "-"), "path": LICENCE_URL, "title": LICENCE}],
        "resources": [_resource(t, names) for t in tables],
    }
    return to_json(descriptor)
