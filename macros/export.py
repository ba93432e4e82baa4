"""Dataset → downloadable files: JSON, CSV, JSON Schema and the Atom feed of status changes.

Like :mod:`macros.render`, these are pure functions of the validated Dataset:
the same data gives the same bytes (no build time, no dict-order surprises).
:func:`export_files` returns ``{path under docs/: text}``; the pipeline writes
them next to the pages, and everything under ``docs/data/`` plus
``docs/feed.xml`` counts as generated (see :data:`macros.write.GENERATED`).
"""

from __future__ import annotations

import csv
import functools
import io
import json
import operator
import re
import types
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import pydantic
import pydantic_core
import yaml
from markupsafe import Markup
from pydantic import BaseModel, TypeAdapter

from . import cache, model
from .dataset import Dataset
from .load import FAST_LOADER
from .model import COLLECTIONS, LANGUAGES, LocalizedText, Tracked, text_in
from .render import STATUS_LABELS, home_of, title_of

JSON_PATH = "data/cajad.json"
CSV_DIR = "data/csv"
SCHEMA_DIR = "data/schema"
FEED_PATH = "feed.xml"
STATUS_CHANGES_CSV = f"{CSV_DIR}/status_changes.csv"
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
EXTRA_LANGUAGES = tuple(lang for lang in LANGUAGES if lang != "en")
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


# ---------------------------------------------------------------------------
# The site: where it is published (one place: mkdocs.yml)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    """What the exports need to know about the published site."""

    name: str
    url: str
    """``site_url`` from mkdocs.yml, always ending with ``/``."""
    directory_urls: bool = True

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or "localhost"

    def page_url(self, page: str, anchor: str | None = None) -> str:
        """The public URL of a page under docs/ (``countries/kazakhstan.md``), with an anchor."""
        if self.directory_urls:
            if page == "index.md":
                path = ""
            elif page.endswith("/index.md"):
                path = page[: -len("index.md")]
            else:
                path = page[: -len(".md")] + "/"
        else:
            path = page[: -len(".md")] + ".html"
        return self.url + path + (f"#{anchor}" if anchor else "")


class _ConfigLoader(FAST_LOADER):  # type: ignore[misc,valid-type]
    """Reads mkdocs.yml, ignoring tags such as !ENV or !!python/name that need MkDocs itself.

    With libyaml where PyYAML has it: the pure-Python parser took 3-4 ms of every build for this one small file.
    """


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


CONFIG_FILE = Path(__file__).resolve().parent.parent / "mkdocs.yml"


def site() -> Site:
    """Where the site is published: the one place that reads site_url from mkdocs.yml."""
    return read_site(CONFIG_FILE)


def read_site(config_file: Path) -> Site:
    """The site's name, URL and URL style, read from mkdocs.yml (defaults if there is none)."""
    text = config_file.read_text(encoding="utf-8") if config_file.is_file() else ""
    config = yaml.load(text, Loader=_ConfigLoader) or {}
    url = str(config.get("site_url") or "https://example.org/")
    if not url.endswith("/"):
        url += "/"
    return Site(str(config.get("site_name") or "Site"), url, bool(config.get("use_directory_urls", True)))


# ---------------------------------------------------------------------------
# Shared facts about the data
# ---------------------------------------------------------------------------


def _full(date: str) -> str:
    """2026 → 2026-01-01; 2026-02 → 2026-02-01: a partial date at its earliest day."""
    return (date + "-01-01")[:10] if len(date) == 4 else (date + "-01")[:10]


def data_date(data: Dataset) -> str:
    """The date of the data: the newest 'checked' or status-change date (never the build date)."""
    dates = []
    for item in data.tracked():
        dates.append(item.checked.isoformat())
        dates += [_full(change.date) for change in item.history]
    return max(dates, default=_full(data.summit.end))


def many_collections() -> list[str]:
    return [c.name for c in COLLECTIONS if c.many]


def record_counts(data: Dataset) -> dict[str, int]:
    """Records per export file: every collection, plus the summit and the initiative."""
    counts = {name: len(data.all(name)) for name in many_collections()}
    return {"summit": 1, "initiative": 1, **counts}


def status_changes(data: Dataset) -> list[tuple[Tracked, int]]:
    """Every status change as (item, index in its history), in data order."""
    return [(item, i) for item in data.tracked() for i in range(len(item.history))]


# ---------------------------------------------------------------------------
# JSON
# ---------------------------------------------------------------------------


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


def _json(value: Any) -> str:
    # pydantic-core's serializer is five times faster than json.dumps(ensure_ascii=False, indent=1),
    # which falls back to its pure-Python encoder when indenting. Same text, except floats between
    # 1e-9 and 1e-4 (0.00001 for 1e-05): the same values, still JSON.
    return pydantic_core.to_json(value, indent=1).decode() + "\n"


def json_export(data: Dataset, site: Site) -> str:
    """Every record of every collection, as the models dump them (see :func:`field_order`)."""
    document = {
        "title": site.name,
        "url": site.url,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "data_date": data_date(data),
        "summit": record_json(data.summit),
        "initiative": record_json(data.initiative),
        "collections": {name: [record_json(r) for r in data.all(name)] for name in many_collections()},
    }
    return _json(document)


# ---------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------

Getter = Callable[[Any], Any]


@dataclass(frozen=True)
class Column:
    name: str
    get: Getter
    translation: bool = False


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


def _table(rows: list[list[str]]) -> str:
    out = io.StringIO()
    # "\n", not "\r\n": docs/ is compared as text, and Python reads "\r\n" back as "\n".
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(rows)
    return out.getvalue()


def csv_table(model: type[BaseModel], records: Iterable[Any]) -> str:
    """A collection as CSV; translation columns appear only when some record has a translation."""
    records = list(records)
    columns = columns_of(model)
    values = [[cell(column.get(r)) for column in columns] for r in records]
    keep = [i for i, column in enumerate(columns) if not column.translation or any(row[i] for row in values)]
    rows = [[columns[i].name for i in keep], *([row[i] for i in keep] for row in values)]
    return _table(rows)


def status_changes_csv(data: Dataset) -> str:
    """Every item's history, one row per change, oldest first within an item."""
    rows = [["id", "collection", "date", "status", "says", *(f"says_{lang}" for lang in EXTRA_LANGUAGES), "sources"]]
    for item, index in status_changes(data):
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
        f"{CSV_DIR}/summit.csv": csv_table(type(data.summit), [data.summit]),
        f"{CSV_DIR}/initiative.csv": csv_table(type(data.initiative), [data.initiative]),
    }
    for collection in COLLECTIONS:
        if collection.many:
            files[f"{CSV_DIR}/{collection.name}.csv"] = csv_table(collection.model, data.all(collection.name))
    files[STATUS_CHANGES_CSV] = status_changes_csv(data)
    return files


# ---------------------------------------------------------------------------
# JSON Schema, for contributors' editors and for users of the exports
# ---------------------------------------------------------------------------


def schema_path(collection: str) -> str:
    return f"{SCHEMA_DIR}/{collection}.schema.json"


@functools.cache
def _model_schemas() -> dict[str, Any]:
    """pydantic's schema of every data file. It depends only on the models, so it is computed once
    per process and kept in .cache/ for the next one (see :mod:`macros.cache`)."""
    cache_key = cache.key(Path(model.__file__).read_bytes(), pydantic.VERSION, pydantic_core.__version__)
    schemas = cache.read_json("schema", cache_key)
    if not isinstance(schemas, dict) or set(schemas) != {c.name for c in COLLECTIONS}:
        schemas = {}
        for collection in COLLECTIONS:
            adapter = TypeAdapter(list[collection.model] if collection.many else collection.model)
            schemas[collection.name] = adapter.json_schema()
        cache.write_json("schema", cache_key, schemas)
    return schemas


def json_schema(collection_name: str, site: Site) -> dict[str, Any]:
    """The schema of one data file: an array of records, or the summit file's mapping."""
    collection = next(c for c in COLLECTIONS if c.name == collection_name)
    generated = _model_schemas()[collection_name]  # shared by every build of the process: read, never changed
    where = f"data/{collection.name}.yaml" + (f" or data/{collection.name}/*.yaml" if collection.many else "")
    head = {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": site.url + schema_path(collection.name),
        "title": f"{site.name}: {collection.title}",
        "description": f"The file {where}. Generated from macros/model.py; do not edit.",
    }
    dropped = {"title"}
    if not collection.many:
        head["description"] = f"{generated.get('description', '').strip()} {head['description']}".strip()
        dropped.add("description")
    return {**head, **{key: value for key, value in generated.items() if key not in dropped}}


def schema_exports(site: Site) -> dict[str, str]:
    return {schema_path(c.name): _json(json_schema(c.name, site)) for c in COLLECTIONS}


def modeline(data_file: str) -> str:
    """The first line of a data file (path relative to the repository, like data/deals/jica.yaml)."""
    parts = Path(data_file).parts
    collection = parts[1] if len(parts) > 2 else Path(parts[1]).stem
    up = "../" * (len(parts) - 1)
    return f"# yaml-language-server: $schema={up}docs/{schema_path(collection)}"


# ---------------------------------------------------------------------------
# Atom feed of status changes
# ---------------------------------------------------------------------------

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(text: str) -> str:
    """Text for XML character data."""
    return xml_escape(_NOT_XML.sub("", text))


def _attr_value(text: str) -> str:
    return quoteattr(_NOT_XML.sub("", text))


def _timestamp(date: str) -> str:
    return _full(date) + "T00:00:00Z"


def permalink(data: Dataset, site: Site, record_id: str) -> str:
    page, anchor = home_of(data, record_id)
    return site.page_url(page, anchor)


def feed_entries(data: Dataset, site: Site) -> list[tuple[str, Tracked, int]]:
    """(entry id, item, history index) for every status change, newest first."""
    entries: list[tuple[str, Tracked, int]] = []
    seen: set[str] = set()
    for item, index in status_changes(data):
        change = item.history[index]
        base = f"tag:{site.host},2025:{item.id}/{change.date}/{change.status.value}"
        entry_id, n = base, 1
        while entry_id in seen:  # the same status twice on one day: keep ids unique and stable
            n += 1
            entry_id = f"{base}/{n}"
        seen.add(entry_id)
        entries.append((entry_id, item, index))
    # Newest first; on one day, in data order (a stable sort keeps it).
    return sorted(entries, key=lambda e: _full(e[1].history[e[2]].date), reverse=True)


def _summary(data: Dataset, item: Tracked, index: int) -> str:
    change = item.history[index]
    word = STATUS_LABELS[change.status][1]
    says = text_in(change.says) if change.says is not None else f"Status: {word}."
    cited = []
    for sid in change.sources:
        source = data[sid]
        cited.append(f"{source.outlet}, {source.title} ({source.date}) {source.url}")
    return f"{says} Sources: " + "; ".join(cited)


FEED_LIMIT = 200
"""The feed holds the newest changes only, as feeds do: readers poll it, and with every change ever it
would grow with the data (15.6 MB at 100 times today's). Every change is in status_changes.csv."""


def atom_feed(data: Dataset, site: Site) -> str:
    """The updates feed: one entry per status change of a tracked item, the newest FEED_LIMIT."""
    entries = feed_entries(data, site)[:FEED_LIMIT]
    subtitle = (
        "Dated, sourced changes of status of commitments, proposals and deals, newest first: "
        f"the latest {FEED_LIMIT}. Every change is in {STATUS_CHANGES_CSV}."
    )
    updated = _timestamp(max((item.history[i].date for _, item, i in entries), key=_full, default=data.summit.end))
    tracker = site.page_url("tracker.md")
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
        f"  <id>{_x(f'tag:{site.host},2025:feed')}</id>",
        f"  <title>{_x(site.name)}: tracker updates</title>",
        f"  <subtitle>{_x(subtitle)}</subtitle>",
        f'  <link rel="self" type="application/atom+xml" href={_attr_value(site.url + FEED_PATH)}/>',
        f'  <link rel="alternate" type="text/html" href={_attr_value(tracker)}/>',
        f"  <updated>{updated}</updated>",
        f"  <author><name>{_x(site.name)}</name><uri>{_x(site.url)}</uri></author>",
        f"  <rights>{_x(f'Data: {LICENCE} ({LICENCE_URL})')}</rights>",
    ]
    for entry_id, item, index in entries:
        change = item.history[index]
        title = f"{title_of(data, item.id)}: {STATUS_LABELS[change.status][1]}"
        lines += [
            "  <entry>",
            f"    <id>{_x(entry_id)}</id>",
            f'    <title type="text">{_x(title)}</title>',
            f'    <link rel="alternate" type="text/html" href={_attr_value(permalink(data, site, item.id))}/>',
            f"    <updated>{_timestamp(change.date)}</updated>",
            f"    <category term={_attr_value(change.status.value)}/>",
            f'    <summary type="text">{_x(_summary(data, item, index))}</summary>',
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# Everything
# ---------------------------------------------------------------------------


def export_files(data: Dataset, site: Site) -> dict[str, str]:
    """Every downloadable file: path under docs/ → text."""
    return {
        JSON_PATH: json_export(data, site),
        **csv_exports(data),
        **schema_exports(site),
        FEED_PATH: atom_feed(data, site),
    }


def data_page_context(data: Dataset, here: Site | None = None) -> tuple[tuple[str, Any], ...]:
    """What the data page (templates/data.md.j2) says about the exports (``here``: :func:`site` if not given)."""
    here = here or site()
    counts = record_counts(data)
    titles = {"summit": "Summit", "initiative": "Tokyo Initiative"} | {c.name: c.title for c in COLLECTIONS if c.many}
    tables = [(name, titles[name], f"{CSV_DIR}/{name}.csv", count) for name, count in counts.items()]
    schemas = [(c.name, c.title, schema_path(c.name), f"data/{c.name}.yaml") for c in COLLECTIONS]
    example = next(
        (r.id for name in ("proposals", "deals", "commitments", "sources") for r in data.all(name)),
        None,
    )
    permalink_example = permalink(data, here, example) if example else here.page_url("index.md")
    return (
        ("site", here),
        ("counts", counts),
        ("total", sum(counts.values())),
        ("changes", len(status_changes(data))),
        ("data_date", data_date(data)),
        ("tables", tables),
        ("schemas", schemas),
        ("files", {"json": JSON_PATH, "status_changes": STATUS_CHANGES_CSV, "feed": FEED_PATH}),
        ("licence", (LICENCE, LICENCE_URL)),
        ("feed_limit", FEED_LIMIT),
        # Shown in code spans, where Markdown escaping would show as backslashes: built here from
        # an id (a slug) and site_url, so they hold no markup.
        ("permalink_example", Markup(f"`{permalink_example}`")),
        ("modeline_example", Markup(modeline("data/deals.yaml"))),
    )
