"""The CSV export: one table per collection, flat columns, plus every status change.

UTF-8 with a byte-order mark (for Excel), a header row, ``id`` first. Nested fields are prefixed (``value_amount``), lists of ids
joined with ``;``, lists of nested records given as compact JSON, and a text that a spreadsheet
would run as a formula starts with an apostrophe (:func:`spreadsheet_safe`).
"""

from __future__ import annotations

import csv
import functools
import io
import json
import operator
import types
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from ..dataset import Dataset, referenced_collection
from ..fields import LANGUAGES, LocalizedText, text_in
from ..model import COLLECTIONS, Tracked
from ..routes import STATUS_CHANGES_CSV, csv_path, title_of
from ..views import Views
from .jsonfile import field_order

EXTRA_LANGUAGES = tuple(lang for lang in LANGUAGES if lang != "en")

Getter = Callable[[Any], Any]


@dataclass(frozen=True)
class Column:
    name: str
    get: Getter
    translation: bool = False
    names: bool = False
    """The names of the records whose ids the field holds."""


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """Strip Annotated and Optional; return (type, whether None was allowed)."""
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(args) != len(typing.get_args(annotation))
            if len(args) == 1:
                annotation = args[0]
            else:
                return typing.Union[tuple(args)], optional  # noqa: UP007
        else:
            return annotation, optional


def _is_text(annotation: Any) -> bool:
    return typing.get_origin(annotation) in (typing.Union, types.UnionType) and LocalizedText in typing.get_args(annotation)


def _attr(getter: Getter | None, name: str) -> Getter:
    """Read field ``name`` of what ``getter`` returns (of the record itself when it is None)."""
    if getter is None:
        return operator.attrgetter(name)  # a record's own field: the common case, read in C

    def get(record: Any) -> Any:
        holder = getter(record)
        return None if holder is None else getattr(holder, name)

    return get


def _text(get: Getter) -> Getter:
    def text(record: Any) -> str | None:
        value = get(record)
        return None if value is None else text_in(value)

    return text


@functools.cache
def columns_of(model: type[BaseModel]) -> tuple[Column, ...]:
    """A collection's CSV columns; they depend only on the model, so they are worked out once."""
    return tuple(_columns(model))


def _columns(model: type[BaseModel], prefix: str = "", getter: Getter | None = None) -> list[Column]:
    """Flat columns for a model, in the model's field order (so ``id`` comes first)."""
    columns: list[Column] = []
    for name in field_order(model):
        info = model.model_fields[name]
        column = prefix + name
        get = _attr(getter, name)
        annotation, _ = _unwrap(info.annotation)
        if issubclass(model, Tracked) and name == "history" and not prefix:
            columns.append(Column("status", lambda r: r.history[-1].status))
            columns.append(Column("status_date", lambda r: r.history[-1].date))
        elif _is_text(annotation):
            columns.append(Column(column, _text(get)))
            for lang in EXTRA_LANGUAGES:
                label = f"{column}_{lang}"
                if f"{name}_{lang}" in model.model_fields:  # e.g. Pillar.name_ja, a field of its own
                    label += "_text"
                get_lang = lambda r, get=get, lang=lang: _translation(get(r), lang)  # noqa: E731
                columns.append(Column(label, get_lang, translation=True))
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            columns += _columns(annotation, f"{column}_", get)
        else:
            columns.append(Column(column, get))
            if referenced_collection(info.annotation, tuple(info.metadata)):
                columns.append(Column(f"{column}_names", get, names=True))
    return columns


def _translation(value: Any, lang: str) -> str | None:
    return getattr(value, lang, None) if isinstance(value, LocalizedText) else None


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""Spreadsheets run a cell that begins with one of these as a formula ("CSV injection")."""


def spreadsheet_safe(text: str) -> str:
    """A text cell a spreadsheet shows as text: a leading apostrophe before a would-be formula.

    Text from the data could otherwise run in a reader's spreadsheet (=HYPERLINK(...), =cmd|...).
    Only texts get it, never numbers (-5, -1e-05). The JSON export keeps the exact text."""
    return "'" + text if text.startswith(FORMULA_START) else text


def cell(value: Any) -> str:
    """One CSV cell: lists of ids joined with ';', nested records as compact JSON, numbers without '.0',
    texts made safe for spreadsheets (every text of every CSV passes here)."""
    if isinstance(value, str):
        return spreadsheet_safe(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, BaseModel):
        return json.dumps(value.model_dump(mode="json"), ensure_ascii=False, separators=(",", ":"))
    if isinstance(value, list | tuple):
        if not value:
            return ""
        if any(isinstance(v, BaseModel) for v in value):
            dumped = [v.model_dump(mode="json") if isinstance(v, BaseModel) else v for v in value]
            return json.dumps(dumped, ensure_ascii=False, separators=(",", ":"))
        return ";".join(cell(v) for v in value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "value") and isinstance(value.value, str):  # an enum
        return value.value
    return str(value)


BOM = "\ufeff"
"""Opens every CSV: without it Excel reads UTF-8 as a legacy code page (Türkmenhimiýa as TÃ¼rkmenhimiÃ½a).
Python reads it away with encoding="utf-8-sig"."""


def _table(rows: list[list[str]]) -> str:
    out = io.StringIO()
    # "\n", not "\r\n": docs/ is compared as text, and Python reads "\r\n" back as "\n".
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(rows)
    return BOM + out.getvalue()


def csv_table(model: type[BaseModel], records: Iterable[Any], data: Dataset) -> str:
    """A collection as CSV; translation columns appear only when some record has a translation, and
    a column of ids has the records' names beside it, in the same order."""
    records = list(records)
    columns = columns_of(model)

    def value(column: Column, record: Any) -> Any:
        found = column.get(record)
        if not column.names or found is None:
            return found
        return [title_of(data, i) for i in (found if isinstance(found, list) else [found])]

    values = [[cell(value(column, r)) for column in columns] for r in records]
    keep = [i for i, column in enumerate(columns) if not column.translation or any(row[i] for row in values)]
    rows = [[columns[i].name for i in keep], *([row[i] for i in keep] for row in values)]
    return _table(rows)


def status_changes_csv(data: Dataset) -> str:
    """Every item's history, one row per change, oldest first within an item."""
    rows = [["id", "collection", "date", "status", "says", *(f"says_{lang}" for lang in EXTRA_LANGUAGES), "sources"]]
    for item, index in Views(data).status_changes():
        change = item.history[index]
        values = [
            item.id,
            data.collection_of[item.id],
            change.date,
            change.status,
            text_in(change.says) if change.says is not None else None,
            *(_translation(change.says, lang) for lang in EXTRA_LANGUAGES),
            change.sources,
        ]
        rows.append([cell(value) for value in values])
    used = [i for i in range(len(rows[0])) if not rows[0][i].startswith("says_") or any(r[i] for r in rows[1:])]
    return _table([[row[i] for i in used] for row in rows])


def csv_exports(data: Dataset) -> dict[str, str]:
    files = {
        csv_path("summit"): csv_table(type(data.summit), [data.summit], data),
        csv_path("initiative"): csv_table(type(data.initiative), [data.initiative], data),
    }
    for collection in COLLECTIONS:
        if collection.many:
            files[csv_path(collection.name)] = csv_table(collection.model, data.all(collection.name), data)
    files[STATUS_CHANGES_CSV] = status_changes_csv(data)
    return files

