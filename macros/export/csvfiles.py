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
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..dataset import Dataset, referenced_collection
from ..fields import LANGUAGES, LocalizedText, PartialDate, Slug, Status, text_in
from ..model import COLLECTIONS, StatusChange, Tracked
from ..routes import STATUS_CHANGES_CSV, csv_path, title_of
from ..views import Views
from .jsonfile import field_order

EXTRA_LANGUAGES = tuple(lang for lang in LANGUAGES if lang != "en")

Getter = Callable[[Any], Any]


@dataclass(frozen=True)
class Column:
    """One CSV column: its header, how to read its value from a record, and what the Data Package
    (:mod:`.datapackage`) says of it, so that the tables and their schema come from one definition."""

    name: str
    get: Getter
    language: str | None = None
    """The language of a translation column (``title_ru``), which appears only when some record has one."""
    names: bool = False
    """The names of the records whose ids the field holds."""
    annotation: Any = str
    """The field's type, with its ``Annotated`` metadata (constraints, references)."""
    description: str | None = None
    refers_to: str | None = None
    """The collection whose records the column names by id."""
    filled: bool = False
    """Every row has a value: a required field (or one with a default) that is not an empty list."""


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


def _filled(info: FieldInfo) -> bool:
    """Whether a field always has a value in its cell: a list only when it must hold an item."""
    if typing.get_origin(_unwrap(info.annotation)[0]) is list:
        return any(getattr(meta, "min_length", 0) for meta in info.metadata)
    return info.is_required() or info.default is not None


@functools.cache
def columns_of(model: type[BaseModel]) -> tuple[Column, ...]:
    """A collection's CSV columns; they depend only on the model, so they are worked out once."""
    return tuple(_columns(model))


def _columns(model: type[BaseModel], prefix: str = "", getter: Getter | None = None, filled: bool = True) -> list[Column]:
    """Flat columns for a model, in the model's field order (so ``id`` comes first). ``filled``: whether
    the nested record the fields sit in is always there."""
    columns: list[Column] = []
    for name in field_order(model):
        info = model.model_fields[name]
        column = prefix + name
        get = _attr(getter, name)
        annotation, _ = _unwrap(info.annotation)
        full = typing.Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
        is_filled = filled and _filled(info)
        if issubclass(model, Tracked) and name == "history" and not prefix:
            latest = "The latest entry of the item's history (every change is in status_changes.csv):"
            columns.append(
                Column(
                    "status",
                    lambda r: r.history[-1].status,
                    annotation=Status,
                    description=f"{latest} its status.",
                    filled=True,
                )
            )
            columns.append(
                Column(
                    "status_date",
                    lambda r: r.history[-1].date,
                    annotation=PartialDate,
                    description=f"{latest} its date.",
                    filled=True,
                )
            )
        elif _is_text(annotation):
            columns.append(Column(column, _text(get), annotation=full, description=info.description, filled=is_filled))
            for lang in EXTRA_LANGUAGES:
                label = f"{column}_{lang}"
                if f"{name}_{lang}" in model.model_fields:  # e.g. Pillar.name_ja, a field of its own
                    label += "_text"
                get_lang = lambda r, get=get, lang=lang: _translation(get(r), lang)  # noqa: E731
                columns.append(Column(label, get_lang, language=lang))
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            columns += _columns(annotation, f"{column}_", get, is_filled)
        else:
            refers_to = referenced_collection(info.annotation, tuple(info.metadata))
            columns.append(
                Column(column, get, annotation=full, description=info.description, refers_to=refers_to, filled=is_filled)
            )
            if refers_to:
                columns.append(Column(f"{column}_names", get, names=True, annotation=full, filled=is_filled))
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


@dataclass(frozen=True)
class Table:
    """One CSV file as written: the columns it has (translations only where the data has some) and its text."""

    path: str
    title: str
    description: str | None
    columns: tuple[Column, ...]
    text: str
    keyed: bool = True
    """``id`` names one row (not so in status_changes.csv, one row per change)."""


def _rows(columns: tuple[Column, ...], records: Iterable[Any], data: Dataset) -> tuple[tuple[Column, ...], str]:
    """The columns kept and the CSV text: translation columns appear only when some record has a
    translation, and a column of ids has the records' names beside it, in the same order."""

    def value(column: Column, record: Any) -> Any:
        found = column.get(record)
        if not column.names or found is None:
            return found
        return [title_of(data, i) for i in (found if isinstance(found, list) else [found])]

    values = [[cell(value(column, r)) for column in columns] for r in records]
    keep = [i for i, column in enumerate(columns) if column.language is None or any(row[i] for row in values)]
    rows = [[columns[i].name for i in keep], *([row[i] for i in keep] for row in values)]
    return tuple(columns[i] for i in keep), _table(rows)


def csv_table(model: type[BaseModel], records: Iterable[Any], data: Dataset) -> str:
    """A collection as CSV."""
    return _rows(columns_of(model), records, data)[1]


class Change(NamedTuple):
    """A row of status_changes.csv."""

    item: Tracked
    change: StatusChange
    collection: str


TRACKED = tuple(c.name for c in COLLECTIONS if c.many and issubclass(c.model, Tracked))


def _either(words: Iterable[str]) -> str:
    *others, last = words
    return f"{', '.join(others)} or {last}" if others else last


@functools.cache
def change_columns() -> tuple[Column, ...]:
    """status_changes.csv: the item's id and collection, then the change's own fields (their sources'
    names are in sources.csv)."""
    own = _columns(StatusChange, getter=operator.attrgetter("change"))
    return (
        Column(
            "id",
            lambda r: r.item.id,
            annotation=Slug,
            description=f"The id of the item whose status changed, a record of {_either(f'{n}.csv' for n in TRACKED)}.",
            filled=True,
        ),
        Column(
            "collection",
            operator.attrgetter("collection"),
            annotation=Literal[TRACKED],
            description="Its collection.",
            filled=True,
        ),
        *(column for column in own if not column.names),
    )


def csv_tables(data: Dataset) -> list[Table]:
    """Every CSV file: one per collection (the summit and the initiative each a table of one row), then
    status_changes.csv, each item's history, one row per change, oldest first within an item."""
    singletons = [("summit", "Summit", data.summit), ("initiative", data.initiative.name, data.initiative)]
    parts = [(name, title, type(record), [record]) for name, title, record in singletons]
    parts += [(c.name, c.title, c.model, data.all(c.name)) for c in COLLECTIONS if c.many]
    tables = []
    for name, title, model, records in parts:
        columns, text = _rows(columns_of(model), records, data)
        tables.append(Table(csv_path(name), title, model.__dict__.get("__doc__"), columns, text))
    changes = [Change(item, item.history[i], data.collection_of[item.id]) for item, i in Views(data).status_changes()]
    columns, text = _rows(change_columns(), changes, data)
    history = "Every status change of every tracked item, one row per change, oldest first within an item."
    tables.append(Table(STATUS_CHANGES_CSV, "Status changes", history, columns, text, keyed=False))
    return tables


def csv_exports(data: Dataset) -> dict[str, str]:
    return {table.path: table.text for table in csv_tables(data)}
