"""The loader's defence against alias bombs must not reject a large but honest file."""

from __future__ import annotations

from pathlib import Path

from macros.problems import Problem
from macros.source import MAX_NODES, read_yaml


def read(tmp_path: Path, text: str) -> tuple[object, list[Problem]]:
    path = tmp_path / "glossary.yaml"
    path.write_text(text, encoding="utf-8")
    problems: list[Problem] = []
    located = read_yaml(path, "data/glossary.yaml", problems)
    return (located.value if located else None), problems


def test_a_billion_laughs_is_stopped_with_a_clear_message(tmp_path: Path) -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for level in range(1, 9):
        prev, name = chr(ord("a") + level - 1), chr(ord("a") + level)
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 10)}]")
    _, problems = read(tmp_path, "\n".join(lines) + "\n")
    assert [p.message for p in problems] == [f"aliases (*name) repeat values more than {MAX_NODES:,} times"]
    assert problems[0].file == "data/glossary.yaml" and problems[0].line >= 1


def test_a_large_file_without_aliases_loads(tmp_path: Path) -> None:
    count = MAX_NODES + 10_000
    value, problems = read(tmp_path, "- topics:\n" + "".join(f"  - t{i}\n" for i in range(count)))
    assert problems == []
    assert isinstance(value, list) and len(value[0]["topics"]) == count
