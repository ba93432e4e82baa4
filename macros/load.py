"""YAML files → validated models, with every problem reported as ``file:line: message``.

PyYAML's composed nodes carry their position, so we build plain Python values
ourselves and remember the line of every mapping key and list item by its path.
A pydantic error's ``loc`` is such a path: the deepest known prefix names the
line. Nothing raises for a data mistake: problems are collected and returned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .model import COLLECTIONS, Collection

Path_ = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in the data, where it is and what is wrong."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class DataError(Exception):
    """Raised with every problem found, so a build can stop cleanly."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the data:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


@dataclass
class Located:
    """A file's parsed content and the line of every path in it."""

    file: str
    value: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int:
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1


class _Builder:
    """Turns a composed YAML node tree into Python values, recording lines."""

    def __init__(self, located: Located, problems: list[Problem]):
        self.located = located
        self.problems = problems
        self.constructor = yaml.SafeLoader("")

    def problem(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Problem(self.located.file, node.start_mark.line + 1, message))

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.located.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = self.build(key_node, path)
                if not isinstance(key, str | int) or isinstance(key, bool):
                    self.problem(key_node, f"a field name must be text, not {key!r}")
                    continue
                key = str(key)
                if key in result:
                    self.problem(key_node, f"field '{key}' is given twice")
                    continue
                self.located.lines[(*path, key)] = key_node.start_mark.line + 1
                result[key] = self.build(value_node, (*path, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as error:
            reason = getattr(error, "problem", None) or str(error)
            self.problem(node, f"cannot read value {node.value!r}: {reason}")
            return None


def read_yaml(path: Path, name: str, problems: list[Problem]) -> Located | None:
    """Parse one YAML file; syntax errors become problems."""
    located = Located(name, None)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        problems.append(Problem(name, 1, f"the file is not UTF-8 text ({error.reason})"))
        return None
    try:
        nodes = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        what = " ".join(filter(None, [error.context, error.problem]))
        problems.append(Problem(name, line, f"YAML syntax error: {what}"))
        return None
    except yaml.YAMLError as error:
        problems.append(Problem(name, 1, f"YAML error: {error}"))
        return None
    if len(nodes) > 1:
        problems.append(Problem(name, nodes[1].start_mark.line + 1, "only one YAML document per file"))
        return None
    if not nodes:
        located.value = None
        return located
    located.value = _Builder(located, problems).build(nodes[0], ())
    return located


def _describe(error: dict[str, Any]) -> str:
    loc = [str(part) for part in error["loc"] if not _is_union_tag(part)]
    where = ".".join(loc)
    kind = error["type"]
    if kind == "missing":
        return f"required field '{loc[-1]}' is missing" if loc else "a required value is missing"
    if kind == "extra_forbidden":
        return f"unknown field '{loc[-1]}' (a typo?)"
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    return f"{where}: {message}" if where else message


def _is_union_tag(part: Any) -> bool:
    # pydantic names union members in loc (e.g. "str", "LocalizedText"); they
    # mean nothing to a contributor.
    return isinstance(part, str) and (part[:1].isupper() or part in {"str", "float", "int"} or "[" in part)


def _collapse(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A union (str | {en, ru, ja}) reports each alternative; keep one per place."""
    seen: dict[tuple[str, ...], dict[str, Any]] = {}
    for error in errors:
        key = tuple(str(p) for p in error["loc"] if not _is_union_tag(p))
        if key not in seen:
            seen[key] = error
    return list(seen.values())


def validate(collection: Collection, located: Located, problems: list[Problem]) -> list[tuple[Any, int]]:
    """Validate a file's content record by record, so one bad record hides no other.

    Returns each valid record with the line it starts on.
    """
    value = located.value
    file = located.file
    if collection.many:
        if value is None:
            return []
        if not isinstance(value, list):
            problems.append(Problem(file, 1, "the file must be a list of records (each starting with '- id:')"))
            return []
        items = list(enumerate(value))
    else:
        if not isinstance(value, dict):
            problems.append(Problem(file, 1, "the file must be a mapping of fields"))
            return []
        items = [(None, value)]
    records = []
    for index, item in items:
        prefix: Path_ = () if index is None else (index,)
        if not isinstance(item, dict):
            line = located.line_of(prefix)
            problems.append(Problem(file, line, "each record must be a mapping of fields ('id: ...')"))
            continue
        try:
            records.append((collection.model.model_validate(item), located.line_of(prefix)))
        except ValidationError as error:
            for detail in _collapse(error.errors()):
                loc = tuple(p for p in detail["loc"] if not _is_union_tag(p))
                line = located.line_of((*prefix, *loc))
                label = f"record '{item.get('id')}': " if isinstance(item.get("id"), str) else ""
                problems.append(Problem(file, line, label + _describe(detail)))
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
    places: dict[int, tuple[str, int]]
    """``id(record)`` → (file, line), for problems found after validation."""


def load(data_dir: Path) -> tuple[Loaded, list[Problem]]:
    """Read and validate every collection in ``data_dir``."""
    problems: list[Problem] = []
    records: dict[str, list[Any]] = {}
    places: dict[int, tuple[str, int]] = {}
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
            continue
        for path in files:
            name = f"data/{path.relative_to(data_dir).as_posix()}"
            located = read_yaml(path, name, problems)
            if located is None:
                continue
            for record, line in validate(collection, located, problems):
                records[collection.name].append(record)
                places[id(record)] = (name, line)
    return Loaded(records, places), problems
