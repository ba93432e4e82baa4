"""JSON Schema of every data file, for contributors' editors and for users of the exports.

Generated from the same models that check the data (:mod:`macros.model`, :mod:`macros.fields`).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pydantic
import pydantic_core
from pydantic import TypeAdapter

from .. import cache, fields, model
from ..model import COLLECTIONS
from ..routes import Site, data_files_of, schema_path
from .jsonfile import to_json

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


@functools.cache
def _model_schemas() -> dict[str, Any]:
    """pydantic's schema of every data file. It depends only on the models, so it is computed once
    per process and kept in .cache/ for the next one (see :mod:`macros.cache`)."""
    sources = (Path(module.__file__).read_bytes() for module in (model, fields))
    cache_key = cache.key(*sources, pydantic.VERSION, pydantic_core.__version__)
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
    where = data_files_of(collection.name)
    head = {
        "$schema": JSON_SCHEMA_DIALECT,
        # Without SITE_URL no $id: a relative one would resolve against the schema's own folder.
        **({"$id": site.url + schema_path(collection.name)} if site.known else {}),
        "title": f"{site.name}: {collection.title}",
        "description": f"The file {where}. Generated from macros/model.py and macros/fields.py; do not edit.",
    }
    dropped = {"title"}
    if not collection.many:
        head["description"] = f"{generated.get('description', '').strip()} {head['description']}".strip()
        dropped.add("description")
    return {**head, **{key: value for key, value in generated.items() if key not in dropped}}


def schema_exports(site: Site) -> dict[str, str]:
    return {schema_path(c.name): to_json(json_schema(c.name, site)) for c in COLLECTIONS}
