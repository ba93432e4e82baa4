"""YAML text → plain Python values, with the line of every mapping key and list item.

PyYAML's composed nodes carry their position, so the values are built here from the nodes,
and each one's line is remembered by its key path. A pydantic error's ``loc`` is such a path:
the deepest known prefix names the line. Syntax errors and hostile YAML (aliases that multiply,
nesting past :data:`MAX_DEPTH`) become problems, never exceptions.

A file read before without a problem comes from ``.cache/`` (see :mod:`macros.cache`): parsing is
most of loading, and an edit changes one file.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import cache
from .problems import KeyPath, Problem


@dataclass
class Located:
    """A file's parsed content and the line of every key path in it."""

    file: str
    value: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)
    reported: set[KeyPath] = field(default_factory=set)
    """Paths whose value could not be read; the schema does not report them again."""

    def line_of(self, path: KeyPath) -> int:
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

    def __init__(self, located: Located, problems: list[Problem]):
        self.located = located
        self.lines = located.lines
        self.problems = problems
        self.constructor = yaml.SafeLoader("")
        self.open: set[int] = set()
        self.visited: set[int] = set()
        self.count = 0

    def problem(self, node: yaml.Node, message: str, path: KeyPath = ()) -> None:
        self.located.reported.add(path)
        self.problems.append(Problem(self.located.file, node.start_mark.line + 1, message))

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if self._repeated_too_often(node, path):
            return None
        if len(path) > MAX_DEPTH:
            self.problem(node, f"values are nested more than {MAX_DEPTH} levels deep", path[:MAX_DEPTH])
            return None
        if id(node) in self.open:
            self.problem(node, "a YAML alias (*name) refers to the value that contains it", path)
            return None
        if node.tag == _STR and node.__class__ is yaml.ScalarNode:
            return node.value  # what the constructor would return, without its bookkeeping
        if isinstance(node, _COLLECTION_NODES):
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

    def _repeated_too_often(self, node: yaml.Node, path: KeyPath) -> bool:
        """Counts values reached again through aliases; True once they multiply past MAX_NODES."""
        if id(node) in self.visited:
            self.count += 1
        else:
            self.visited.add(id(node))
        if self.count == MAX_NODES:
            self.problem(node, f"aliases (*name) repeat values more than {MAX_NODES:,} times", path)
        return self.count >= MAX_NODES

    def _build_collection(self, node: yaml.Node, path: KeyPath) -> Any:
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


_YAML_LINE_BREAK = re.compile(r"\r\n|[\n\r\x85\u2028\u2029]")
"""Where YAML breaks lines (its line numbers count CR, NEL, LS and PS too)."""


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
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        problems.append(Problem(name, 1, f"the file is not UTF-8 text ({error.reason})"))
        return None
    parse_key = cache.key(text, _parser_version())
    cached = cache.read_pickle("yaml", name, parse_key)
    if isinstance(cached, Located):
        return cached
    before = len(problems)
    located = _parse(text, name, problems)
    if located is not None and len(problems) == before and not located.reported:
        cache.write_pickle("yaml", name, parse_key, located)
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
        # An empty second document starts after the file's last line break: name the last line instead.
        last_line = len(_YAML_LINE_BREAK.split(text))
        problems.append(Problem(name, min(nodes[1].start_mark.line + 1, last_line), "only one YAML document per file"))
        return None
    if not nodes:
        located.value = None
        return located
    located.value = _Builder(located, problems).build(nodes[0], ())
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
