"""Property: whatever a contributor writes, the loader answers with data or with DataError.

Arbitrary text, YAML-like token soup, arbitrary records shaped like the
collections and mutations of valid records are written into a copy of the
minimal fixture. Loading must either succeed or raise :class:`DataError` whose
problems each name a data file, a line within it (>= 1) and a message; never
any other exception (a traceback for a contributor is a bug).

Examples: 1,000 per property when ``CI`` is set (profile "ci"), 100 locally ("dev"); the last
property (valid data always renders) is slower and runs 50 (CI) or 10 examples.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from minimal_project import MINIMAL

from macros.dataset import build_dataset
from macros.load import validate
from macros.model import COLLECTIONS
from macros.pipeline import render
from macros.problems import DataError
from macros.routes import Site
from macros.source import read_yaml

settings.register_profile("ci", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True)
settings.register_profile("dev", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PROFILE = "ci" if os.environ.get("CI") else "dev"
fuzz = settings(settings.get_profile(PROFILE))

TARGETS = {
    "summit.yaml": "summit",
    "countries.yaml": "countries",
    "deals.yaml": "deals",
    "events.yaml": "events",
    "glossary.yaml": "glossary",
    "figures.yaml": "figures",
    "commitments.yaml": "commitments",
    "sources/core.yaml": "sources",
}
MODELS = {c.name: c for c in COLLECTIONS}


@pytest.fixture(scope="module")
def data_dir() -> Iterator[Path]:
    """One copy of the minimal data for the whole module; each example rewrites one file, then restores it."""
    root = Path(tempfile.mkdtemp(prefix="fuzz-"))
    data = Path(shutil.copytree(MINIMAL, root / "data"))
    build_dataset(data)  # valid to start with, so the properties see the effect of their own change only
    yield data
    # Every example restored what it changed; otherwise later examples tested a broken base.
    # Checked when the last test of the module is done, whatever order the tests ran in.
    try:
        build_dataset(data)
    finally:
        shutil.rmtree(root)


def check_problems(error: DataError, data: Path) -> None:
    assert error.problems, "DataError without problems"
    for problem in error.problems:
        assert isinstance(problem.file, str) and problem.file.startswith("data/"), problem
        assert isinstance(problem.line, int) and problem.line >= 1, problem
        assert isinstance(problem.message, str) and problem.message.strip(), problem
        assert "Traceback" not in problem.message, problem
        path = data / problem.file[len("data/") :]
        if path.is_file():
            lines = yaml_lines(path.read_bytes())
            assert problem.line <= lines, f"{problem} (the file has {lines} lines)"


def yaml_lines(content: bytes) -> int:
    """Lines as YAML counts them (it also breaks lines at CR, NEL, LS and PS)."""
    text = content.decode("utf-8", errors="replace")
    return len(re.split(r"\r\n|[\n\r\x85\u2028\u2029]", text))


def load_with(data: Path, file: str, content: str | bytes) -> None:
    """Write ``content`` into ``file``, build the dataset, check the outcome, restore the file."""
    path = data / file
    original = path.read_bytes()
    try:
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        try:
            build_dataset(data)
            event("loads")
        except DataError as error:
            event("DataError")
            check_problems(error, data)
    finally:
        path.write_bytes(original)


# --- Text ---------------------------------------------------------------------------------------

TOKENS = [
    "- ",
    "id: ",
    "name: ",
    "sources: ",
    "date: ",
    "url: ",
    "value: ",
    "amount: ",
    "currency: ",
    "history: ",
    "\n",
    "\n  ",
    "\n    ",
    "  ",
    "\t",
    "[",
    "]",
    "{",
    "}",
    ", ",
    ": ",
    ":",
    "&a ",
    "*a",
    "&b ",
    "*b",
    "<<: ",
    "? ",
    "| ",
    "> ",
    "#",
    "---",
    "...",
    "'",
    '"',
    "!!binary ",
    "!!int ",
    "!!python/object:os.system ",
    "!!timestamp ",
    "!x ",
    "%YAML 1.1\n",
    "null",
    "~",
    "true",
    "no",
    "1e999",
    ".nan",
    "0x1F",
    "0o99",
    "-1",
    "2025-12-20",
    "2025-02-30",
    "2025-12-20 10:00",
    "2025-13",
    "source-one",
    "japan",
    "person-kz",
    "USD",
    "https://example.org/x",
    "http://example.org",
    "é",
    "日本",
    "\u2028",
    "\x85",
    "\ufeff",
    "\x00",
    "\x1b",
]


def read_and_validate(data: Path, content: str | bytes, collection: str) -> None:
    """One file through the reader and the schema only (fast, for high volumes of noise)."""
    path = data.parent / "fuzz.yaml"  # outside data/, where it would be an unknown data file
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    problems: list = []
    located = read_yaml(path, "data/fuzz.yaml", problems)
    if located is not None:
        validate(MODELS[collection], located, problems)
    if problems:
        check_problems(DataError(problems), data.parent)


@given(text=st.text(max_size=300), collection=st.sampled_from(["glossary", "summit", "deals"]))
@fuzz
def test_any_text(data_dir: Path, text: str, collection: str) -> None:
    """Arbitrary unicode text as the content of one data file."""
    read_and_validate(data_dir, text, collection)


@given(
    file=st.sampled_from(sorted(TARGETS)),
    tokens=st.lists(st.sampled_from(TOKENS), max_size=60),
)
@fuzz
def test_yaml_token_soup(data_dir: Path, file: str, tokens: list[str]) -> None:
    """Text made of YAML syntax and field names, so it often parses and reaches the schema and the linker."""
    load_with(data_dir, file, "".join(tokens))


@given(blob=st.binary(max_size=200), collection=st.sampled_from(["glossary", "summit", "sources"]))
@fuzz
def test_any_bytes(data_dir: Path, blob: bytes, collection: str) -> None:
    """Arbitrary bytes (not UTF-8, control characters, BOMs)."""
    read_and_validate(data_dir, blob, collection)


# --- Records ------------------------------------------------------------------------------------

IDS = [
    "source-one",
    "source-two",
    "japan",
    "kazakhstan",
    "person-kz",
    "connectivity",
    "test-bank",
    "test-figure",
    "test-initiative",
    "test-deal",
    "odax",
    "nope",
    "Not An Id",
    "",
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(IDS),
    st.dates(min_value=dt.date(1, 1, 1)),
    st.datetimes(min_value=dt.datetime(1900, 1, 1)),
    st.sampled_from(
        [
            "2025",
            "2025-12",
            "2025-12-20",
            "2025-02-30",
            "2025-13",
            "https://example.org/a",
            "http://x.org",
            "USD",
            "JPY",
            "usd",
            "agreed",
            "loan",
            "energy",
            "host",
            "10:00",
            "KZ",
            "en",
        ]
    ),
)


@cache
def field_names(collection: str) -> list[str]:
    model = MODELS[collection].model
    names = list(model.model_fields)
    for info in model.model_fields.values():
        inner = getattr(info.annotation, "model_fields", None)
        if inner:
            names += list(inner)
    return [*sorted(set(names)), "typo", "en", "ru", "amount", "currency", "status", "says", "versions", "about"]


@cache
def values(collection: str) -> st.SearchStrategy[Any]:
    keys = st.one_of(st.sampled_from(field_names(collection)), st.text(max_size=8))
    return st.recursive(
        SCALARS,
        lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=6)),
        max_leaves=12,
    )


@st.composite
def random_records(draw: st.DrawFn) -> tuple[str, Any]:
    file = draw(st.sampled_from(sorted(TARGETS)))
    collection = TARGETS[file]
    return file, draw(file_contents(collection))


@cache
def file_contents(collection: str) -> st.SearchStrategy[Any]:
    record = st.dictionaries(st.sampled_from(field_names(collection)), values(collection), max_size=12)
    if MODELS[collection].many:
        return st.one_of(st.lists(record, max_size=4), values(collection))
    return st.one_of(st.fixed_dictionaries({"summit": record, "initiative": record}), values(collection))


@cache
def valid_content(file: str) -> Any:
    return yaml.safe_load((MINIMAL / file).read_text(encoding="utf-8"))


def paths_of(value: Any, path: tuple = ()) -> Iterator[tuple]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths_of(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths_of(item, (*path, index))


@st.composite
def mutated_records(draw: st.DrawFn) -> tuple[str, Any]:
    """A valid file with a few values replaced, removed or added."""
    file = draw(st.sampled_from(sorted(TARGETS)))
    content = copy.deepcopy(valid_content(file))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        paths = [p for p in paths_of(content) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = content
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "remove", "add", "duplicate"]))
        if action == "replace":
            parent[path[-1]] = draw(values(TARGETS[file]))
        elif action == "remove":
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(field_names(TARGETS[file])))] = draw(values(TARGETS[file]))
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(parent[path[-1]])
    return file, content


def dump(content: Any) -> str:
    return yaml.safe_dump(content, allow_unicode=True, sort_keys=False, default_flow_style=None)


@given(case=st.one_of(random_records(), mutated_records()))
@fuzz
def test_records_shaped_like_the_collections(data_dir: Path, case: tuple[str, Any]) -> None:
    file, content = case
    load_with(data_dir, file, dump(content))


# --- Valid data always renders ------------------------------------------------------------------

FREE_TEXT = {
    "name",
    "title",
    "summary",
    "role",
    "capital",
    "label",
    "unit",
    "term",
    "expansion",
    "claim",
    "correct",
    "outlet",
    "section",
    "place",
    "says",
    "note",
    "city",
    "next",
    "full_name",
    "short",
    "based_in",
    "about",
    "outcome",
    "quote",
    "name_ja",
}


@st.composite
def valid_variations(draw: st.DrawFn) -> dict[str, Any]:
    """The minimal data with free-text fields replaced by arbitrary (non-blank) text: still valid."""
    contents = {}
    for file in sorted(TARGETS):
        content = copy.deepcopy(valid_content(file))
        # (A country's role is a fixed word, host or central-asia; a person's role is text.)
        free = FREE_TEXT - {"role"} if file == "countries.yaml" else FREE_TEXT
        for path in [p for p in paths_of(content) if p and p[-1] in free]:
            parent = content
            for part in path[:-1]:
                parent = parent[part]
            if isinstance(parent[path[-1]], str) and draw(st.booleans()):
                parent[path[-1]] = draw(st.text(min_size=1, max_size=40).filter(lambda t: t.strip()))
        contents[file] = content
    return contents


@given(contents=valid_variations())
@settings(settings.get_profile(PROFILE), max_examples=50 if PROFILE == "ci" else 10)
def test_valid_data_always_renders(data_dir: Path, contents: dict[str, Any]) -> None:
    """Any text in free-text fields loads and renders (pages and exports): no template may crash on it."""
    originals = {file: (data_dir / file).read_bytes() for file in contents}
    try:
        for file, content in contents.items():
            (data_dir / file).write_text(dump(content), encoding="utf-8")
        _, pages = render(data_dir, Site.of("Test", "https://example.org/"))
        assert pages
    finally:
        for file, original in originals.items():
            (data_dir / file).write_bytes(original)
