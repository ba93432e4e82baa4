"""Mistakes in the data, in plain words: ``file:line: message``, every one collected before the build stops.

pydantic reports a mistake as a type and a location (``loc``) inside the validated value;
:func:`describe` says it as a contributor would, and :func:`real_loc` strips pydantic's union
tags so the location is a path in the data, whose line the reader knows.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from .fields import SLUG_PATTERN

KeyPath = tuple[str | int, ...]
"""Where a value sits in a file: mapping keys and list indexes from the top ('deals', 3, 'value')."""


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


def describe(error: dict[str, Any]) -> str:
    loc = [str(part) for part in error["real_loc"]]
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


def suggest(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
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


def real_loc(item: Any, loc: tuple[Any, ...], missing: bool = False) -> tuple[str | int, ...]:
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


def collapse(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
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
