"""YAML files → validated models, with every problem reported as ``file:line: message``.

PyYAML's composed nodes carry their position, so we build plain Python values
ourselves and remember the line of every mapping key and list item by its path.
A pydantic error's ``loc`` is such a path: the deepest known prefix names the
line. Nothing raises for a data mistake: problems are collected and returned.
"""

from __future__ import annotations

import difflib
import functools
import pickle
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from . import cache
from .model import COLLECTIONS, SLUG_PATTERN, Collection

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
    reported: set[Path_] = field(default_factory=set)
    """Paths whose value could not be read; the schema does not report them again."""
    packed_lines: bytes | None = None
    """The lines as kept in .cache/ (pickled), unpacked the first time one is asked for. Only a
    problem asks, so a build without one never unpacks them (2 ms of every build)."""
    _lines: dict[Path_, int] | None = field(default=None, repr=False)

    @property
    def lines(self) -> dict[Path_, int]:
        if self._lines is None:
            # Our own .cache/ wrote these, as it wrote the pickle they came in (see cache.read_pickle).
            self._lines = pickle.loads(self.packed_lines) if self.packed_lines is not None else {}
            self.packed_lines = None
        return self._lines

    def line_of(self, path: Path_) -> int:
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1


MAX_NODES = 200_000
"""More values than this reached again through aliases means they are multiplying the file
("billion laughs"). Values read once do not count, so a large file of plain records is fine."""

MAX_DEPTH = 50
"""Records are a few levels deep; deeper nesting is a mistake (and would exhaust the stack)."""

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"
_STR = "tag:yaml.org,2002:str"
_COLLECTION_NODES = (yaml.MappingNode, yaml.SequenceNode)


class _Builder:
    """Turns a composed YAML node tree into Python values, recording lines."""

    def __init__(self, located: Located, problems: list[Problem], aliases: bool = True):
        self.located = located
        self.lines = located.lines
        self.problems = problems
        self.constructor = yaml.SafeLoader("")
        self.aliases = aliases
        """Whether the text can hold an alias ('*name'). Without one every node is reached once,
        so the bookkeeping against repeated and self-containing values is skipped."""
        self.open: set[int] = set()
        self.visited: set[int] = set()
        self.count = 0

    def problem(self, node: yaml.Node, message: str, path: Path_ = ()) -> None:
        self.located.reported.add(path)
        self.problems.append(Problem(self.located.file, node.start_mark.line + 1, message))

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if self.aliases and self._repeated_too_often(node, path):
            return None
        if len(path) > MAX_DEPTH:
            self.problem(node, f"values are nested more than {MAX_DEPTH} levels deep", path[:MAX_DEPTH])
            return None
        if self.aliases and id(node) in self.open:
            self.problem(node, "a YAML alias (*name) refers to the value that contains it", path)
            return None
        if node.tag == _STR and node.__class__ is yaml.ScalarNode:
            return node.value  # what the constructor would return, without its bookkeeping
        if isinstance(node, _COLLECTION_NODES):
            if not self.aliases:
                return self._build_collection(node, path)
            self.open.add(id(node))
            try:
                return self._build_collection(node, path)
            finally:
                self.open.discard(id(node))
        try:
            return self.constructor.construct_object(node, deep=True)
        except Exception as error:  # PyYAML's constructors raise all sorts (IndexError for "!!int ''")
            if node.tag == _TIMESTAMP:
                # Looks like a date but is not one (2025-02-30): let the schema say why.
                return node.value
            reason = getattr(error, "problem", None) or str(error)
            self.problem(node, f"cannot read value {node.value!r}: {reason}", path)
            return None

    def _repeated_too_often(self, node: yaml.Node, path: Path_) -> bool:
        """Counts values reached again through aliases; True once they multiply past MAX_NODES."""
        if id(node) in self.visited:
            self.count += 1
        else:
            self.visited.add(id(node))
        if self.count == MAX_NODES:
            self.problem(node, f"aliases (*name) repeat values more than {MAX_NODES:,} times", path)
        return self.count >= MAX_NODES

    def _build_collection(self, node: yaml.Node, path: Path_) -> Any:
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if self.count >= MAX_NODES:
                    break  # already reported; the rest would only echo it
                if key_node.tag == _MERGE:
                    self.problem(key_node, "merge keys ('<<: *name') are not supported: write the fields out", path)
                    continue
                before = len(self.problems)
                key = self.build(key_node, path)
                if not isinstance(key, str | int) or isinstance(key, bool):
                    if len(self.problems) == before:
                        self.problem(key_node, f"a field name must be text, not {key!r}", path)
                    continue
                key = str(key)
                if key in result:
                    first = self.located.lines.get((*path, key))
                    self.problem(key_node, f"field '{key}' is given twice (first on line {first})", (*path, key))
                    continue
                self.located.lines[(*path, key)] = key_node.start_mark.line + 1
                result[key] = self.build(value_node, (*path, key))
            return result
        return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]


FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's loader where PyYAML has it: several times faster than pure Python, same nodes and marks."""


def _compose(text: str) -> list[yaml.Node]:
    """Compose with libyaml; on any error, again in pure Python, whose messages we explain to contributors."""
    if FAST_LOADER is not yaml.SafeLoader:
        try:
            return list(yaml.compose_all(text, Loader=FAST_LOADER))
        except (yaml.YAMLError, RecursionError):
            pass
    return list(yaml.compose_all(text, Loader=yaml.SafeLoader))


@functools.cache
def _parser_version() -> str:
    """What else a parsed file depends on: this module's code and PyYAML."""
    return cache.key(Path(__file__).read_bytes(), yaml.__version__, FAST_LOADER.__name__)


def read_yaml(path: Path, name: str, problems: list[Problem]) -> Located | None:
    """Parse one YAML file; syntax errors become problems.

    A file parsed before without a problem comes from .cache/ (see :mod:`macros.cache`)."""
    located = Located(name, None)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        problems.append(Problem(name, 1, f"the file is not UTF-8 text ({error.reason})"))
        return None
    parse_key = cache.key(text, _parser_version())
    cached = cache.read_pickle("yaml", name, parse_key)
    if cached is not None:
        located.value, located.packed_lines = cached
        return located
    before = len(problems)
    located = _parse(text, name, problems)
    if located is not None and len(problems) == before and not located.reported:
        lines = pickle.dumps(located.lines, protocol=pickle.HIGHEST_PROTOCOL)
        cache.write_pickle("yaml", name, parse_key, (located.value, lines))
    return located


def _parse(text: str, name: str, problems: list[Problem]) -> Located | None:
    located = Located(name, None)
    try:
        nodes = _compose(text)
    except yaml.MarkedYAMLError as error:
        problems.append(Problem(name, *_syntax_error(error)))
        return None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, max(error.position, 0)) + 1
        problems.append(Problem(name, line, f"the file contains a character YAML does not allow (#x{error.character:04x})"))
        return None
    except yaml.YAMLError as error:
        problems.append(Problem(name, 1, "YAML error: " + " ".join(str(error).split())))
        return None
    except RecursionError:
        problems.append(Problem(name, 1, "values are nested too deeply to read (unclosed '[' or '{'?)"))
        return None
    if len(nodes) > 1:
        problems.append(Problem(name, nodes[1].start_mark.line + 1, "only one YAML document per file"))
        return None
    if not nodes:
        located.value = None
        return located
    located.value = _Builder(located, problems, aliases="*" in text).build(nodes[0], ())
    return located


def _syntax_error(error: yaml.MarkedYAMLError) -> tuple[int, str]:
    """A YAML syntax error as (line, message), naming where the broken construct started."""
    mark = error.problem_mark or error.context_mark
    if error.context_mark and "end of stream" in (error.problem or ""):
        mark = error.context_mark  # an unclosed quote or bracket: where it opens, not the file's end
    line = mark.line + 1 if mark else 1
    what = error.problem or error.context or "cannot parse the file"
    message = f"YAML syntax error: {what}"
    if error.context and error.problem:
        started = error.context_mark.line + 1 if error.context_mark else None
        message += f" ({error.context}" + (f" that starts on line {started})" if started and started != line else ")")
    for clue, hint in _SYNTAX_HINTS:
        if clue in what:
            message += f"; {hint}"
            break
    return line, message


# What a contributor most likely did, by a phrase of PyYAML's message.
_SYNTAX_HINTS = (
    ("'\\t'", "indent with spaces, not tabs"),
    ("mapping values are not allowed", "a text with ': ' in it must be in quotes, or the indentation is off"),
    ("found undefined alias", "there is no '&name' anchor for this '*name'"),
    ("expected <block end>", "the indentation of this line does not match the lines above"),
    ("found unexpected end of stream", "a quote is not closed"),
    ("found character '@'", "a text starting with '@' or '`' must be in quotes"),
    ("found character '`'", "a text starting with '@' or '`' must be in quotes"),
    ("found character '%'", "a text starting with '%' must be in quotes"),
)


# Plain words for pydantic's messages, by error type.
_PLAIN: dict[str, str] = {
    "int_parsing": "expected a whole number, not {input}",
    "int_type": "expected a whole number, not {input}",
    "int_from_float": "expected a whole number, not {input}",
    "float_parsing": "expected a number, not {input}",
    "float_type": "expected a number, not {input}",
    "finite_number": "expected a finite number, not {input} (YAML reads .inf and .nan as numbers; JSON cannot hold them)",
    "bool_parsing": "expected true or false, not {input}",
    "bool_type": "expected true or false, not {input}",
    "string_type": "expected text, not {input}",
    "list_type": "expected a list (one '- item' per line, or [a, b]), not {input}",
    "model_type": "expected a mapping of fields (name: value), not {input}",
    "model_attributes_type": "expected a mapping of fields (name: value), not {input}",
    "dict_type": "expected a mapping of fields (name: value), not {input}",
    "string_too_short": "must not be empty",
}


def _describe(error: dict[str, Any]) -> str:
    loc = [str(part) for part in _clean_loc(error)]
    where = ".".join(loc)
    kind = error["type"]
    parent = ".".join(loc[:-1])
    within = f" in {parent}" if parent else ""
    if kind == "missing":
        hint = " (every record needs at least one source)" if loc and loc[-1] == "sources" else ""
        return f"required field '{loc[-1]}' is missing{within}{hint}" if loc else "a required value is missing"
    if kind == "extra_forbidden":
        suggestion = error.get("suggestion")
        if suggestion:
            return f"unknown field '{loc[-1]}'{within}: did you mean '{suggestion}'?"
        return f"unknown field '{loc[-1]}'{within} (a typo?)"
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    ctx = error.get("ctx") or {}
    if kind in _PLAIN:
        message = _PLAIN[kind].format(input=_short(error.get("input")))
    elif kind in ("enum", "literal_error") and "expected" in ctx:
        message = f"{_short(error.get('input'))} is not one of: {ctx['expected'].replace(' or ', ', ')}"
    elif kind == "too_short" and loc and loc[-1] == "sources":
        message = "at least one source is required: list the ids of the sources that support this"
    elif kind == "too_short":
        message = f"needs at least {ctx.get('min_length', 1)} item(s)"
    elif kind == "string_pattern_mismatch" and ctx.get("pattern") == SLUG_PATTERN:
        message = f"{_short(error.get('input'))} is not an id: use lower-case words joined by hyphens, like 'tokyo-summit'"
    elif kind == "string_pattern_mismatch":
        message = f"{_short(error.get('input'))} does not have the expected form ({ctx.get('pattern')})"
    return f"{where}: {message}" if where else message


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _suggest(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An unknown field next to a missing one of a similar name is one typo: say so once."""
    missing = {tuple(e["real_loc"]): e for e in errors if e["type"] == "missing"}
    merged: set[tuple[Any, ...]] = set()
    out = []
    for error in errors:
        if error["type"] == "extra_forbidden" and error["real_loc"]:
            parent, name = tuple(error["real_loc"][:-1]), str(error["real_loc"][-1])
            candidates = {str(loc[-1]): loc for loc in missing if loc[:-1] == parent and loc not in merged}
            close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
            if close:
                merged.add(candidates[close[0]])
                error = {**error, "suggestion": close[0]}
        out.append(error)
    return [e for e in out if tuple(e["real_loc"]) not in merged]


def _real_loc(item: Any, loc: tuple[Any, ...], missing: bool = False) -> tuple[str | int, ...]:
    """The error's location as a path in the data, without pydantic's union tags.

    pydantic names union members in ``loc`` ("str", "LocalizedText",
    "function-before[...]"); they mean nothing to a contributor. Rather than guess
    which parts are tags, walk the data itself: a part is real when the data has it
    there. A field that is not in the data (a missing field) can only end a loc.
    """
    real: list[str | int] = []
    value = item
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        in_dict = isinstance(value, dict) and isinstance(part, str) and part in value
        in_list = isinstance(value, list) and type(part) is int and 0 <= part < len(value)
        if in_dict or in_list:
            real.append(part)
            value = value[part]
        elif last and missing and isinstance(value, dict) and isinstance(part, str):
            real.append(part)  # a required field that is missing
        # Anything else is a union tag, or a part below a value that is not a container.
    return tuple(real)


def _clean_loc(error: dict[str, Any]) -> tuple[str | int, ...]:
    """The error's location in the data (set by :func:`validate`)."""
    return error["real_loc"]


def _collapse(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A union (str | {en, ru, ja}) reports each alternative; keep one per place.

    When one alternative failed deeper inside the value (``summary: {ru: ...}``
    is missing ``en``), that is the one that explains the mistake.
    """
    seen: dict[tuple[Any, ...], dict[str, Any]] = {}
    for error in errors:
        key = tuple(error["real_loc"])
        if key not in seen:
            seen[key] = error
    deeper = [k for k in seen if k]

    def explained(key: tuple[Any, ...]) -> bool:
        return len(seen[key]["loc"]) > len(key) and any(len(d) > len(key) and d[: len(key)] == key for d in deeper)

    return [e for k, e in seen.items() if not explained(k)]


def _ids_within(item: dict[str, Any]) -> list[str]:
    """The ids a record would have defined (summit.yaml holds two records)."""
    ids = [item.get("id")] + [v.get("id") for v in item.values() if isinstance(v, dict)]
    return [i for i in ids if isinstance(i, str)]


def validate(
    collection: Collection,
    located: Located,
    problems: list[Problem],
    broken: set[str] | None = None,
    spots: dict[int, tuple[Located, Path_]] | None = None,
) -> list[Any]:
    """Validate a file's content record by record, so one bad record hides no other.

    Returns the valid records; ``spots`` learns where each one is (its line is looked up only
    when a problem needs it). The ids of invalid records go into ``broken``, so references to
    them are not reported again.
    """
    broken = set() if broken is None else broken
    spots = {} if spots is None else spots
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
        prefix: Path_ = () if index is None else (index,)
        if not isinstance(item, dict):
            if prefix not in located.reported:
                problems.append(Problem(file, located.line_of(prefix), "each record must be a mapping of fields ('id: ...')"))
            continue
        try:
            record = collection.model.model_validate(item)
            records.append(record)
            spots[id(record)] = (located, prefix)
            if not collection.many:  # summit.yaml: its summit and initiative are records too
                for name in type(record).model_fields:
                    inner = getattr(record, name)
                    if isinstance(inner, BaseModel) and hasattr(inner, "id"):
                        spots[id(inner)] = (located, (*prefix, name))
        except ValidationError as error:
            for record_id in _ids_within(item):
                broken.add(record_id)
            details = [{**e, "real_loc": _real_loc(item, e["loc"], e["type"] == "missing")} for e in error.errors()]
            for detail in _suggest(_collapse(details)):
                loc = _clean_loc(detail)
                full = (*prefix, *loc)
                if any(full[:end] in located.reported for end in range(len(full) + 1)):
                    continue  # the reader already said what is wrong here
                line = located.line_of(full)
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
    broken_ids: set[str] = field(default_factory=set)
    """Ids of records that failed validation (already reported)."""
    broken_collections: set[str] = field(default_factory=set)
    """Collections with a file that could not be read (already reported)."""
    spots: dict[int, tuple[Located, Path_]] = field(default_factory=dict)
    """``id(record)`` → its file's lines and its path there, to name the line of the record or any field."""

    def line_of(self, record: Any, field_path: str = "") -> tuple[str, int] | None:
        """(file, line) of a record's field given as ``a.b[0].c``, or of the record itself."""
        spot = self.spots.get(id(record))
        if spot is None:
            return None
        located, prefix = spot
        parts = [int(p[1:-1]) if p.startswith("[") else p for p in re.findall(r"\[\d+\]|[^.\[\]]+", field_path)]
        return located.file, located.line_of((*prefix, *parts))


def load(data_dir: Path) -> tuple[Loaded, list[Problem]]:
    """Read and validate every collection in ``data_dir``."""
    problems: list[Problem] = []
    records: dict[str, list[Any]] = {}
    broken_ids: set[str] = set()
    broken_collections: set[str] = set()
    spots: dict[int, tuple[Located, Path_]] = {}
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
            valid = validate(collection, located, problems, broken_ids, spots)
            not_a_list = collection.many and located.value is not None and not isinstance(located.value, list)
            if not_a_list or (not collection.many and not valid):
                broken_collections.add(collection.name)
            records[collection.name] += valid
    return Loaded(records, broken_ids, broken_collections, spots), problems
