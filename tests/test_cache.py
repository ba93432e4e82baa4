"""What .cache/ keeps between builds (macros/cache.py) is never served stale, and never hides a mistake."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest
from site_build import copy_project

from macros import cache, source
from macros.problems import Problem


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private .cache/ for the test."""
    where = tmp_path / ".cache"
    monkeypatch.setattr(cache, "CACHE", where)
    return where


def read(path: Path, name: str = "data/countries.yaml") -> tuple[object, list[Problem]]:
    problems: list[Problem] = []
    located = source.read_yaml(path, name, problems)
    return (located.value if located else None), problems


def test_a_parsed_file_is_kept_and_an_edit_is_parsed_again(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "countries.yaml"
    data.write_text("- id: kz\n  name: Kazakhstan\n", encoding="utf-8")
    assert read(data) == ([{"id": "kz", "name": "Kazakhstan"}], [])
    assert len(list((cache_dir / "yaml").glob("*.pickle"))) == 1

    # Served from the cache (parsing again would fail here): same value, same lines.
    def no_parsing(*args: object) -> None:
        raise AssertionError("parsed again although the file did not change")

    monkeypatch.setattr(source, "_parse", no_parsing)
    problems: list[Problem] = []
    located = source.read_yaml(data, "data/countries.yaml", problems)
    assert located is not None and located.value == [{"id": "kz", "name": "Kazakhstan"}]
    assert located.lines[(0, "name")] == 2
    monkeypatch.undo()
    data.write_text("- id: kg\n  name: Kyrgyzstan\n", encoding="utf-8")
    monkeypatch.setattr(cache, "CACHE", cache_dir)
    assert read(data) == ([{"id": "kg", "name": "Kyrgyzstan"}], [])
    # One entry per file name: edits replace it instead of piling up.
    assert len(list((cache_dir / "yaml").glob("*.pickle"))) == 1


def test_a_file_with_a_problem_is_not_kept_and_reports_every_time(tmp_path: Path, cache_dir: Path) -> None:
    data = tmp_path / "countries.yaml"
    data.write_text("- id: kz\n  id: kz\n", encoding="utf-8")
    for _ in range(2):
        _, problems = read(data)
        assert [str(p) for p in problems] == ["data/countries.yaml:2: field 'id' is given twice (first on line 1)"]
    assert not list((cache_dir / "yaml").glob("*.pickle"))


def test_a_broken_or_foreign_cache_entry_is_ignored(tmp_path: Path, cache_dir: Path) -> None:
    data = tmp_path / "countries.yaml"
    data.write_text("- id: kz\n", encoding="utf-8")
    read(data)
    (entry,) = (cache_dir / "yaml").glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    assert read(data) == ([{"id": "kz"}], [])
    cache.write_pickle("yaml", "data/countries.yaml", "another key", source.Located("data/countries.yaml", [{"id": "stale"}]))
    assert read(data) == ([{"id": "kz"}], [])


def test_without_a_writable_cache_everything_still_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setattr(cache, "CACHE", blocker)
    assert cache.directory("yaml") is None and cache.jinja_bytecode("pages", jinja2.Environment()) is None
    data = tmp_path / "countries.yaml"
    data.write_text("- id: kz\n", encoding="utf-8")
    assert read(data) == ([{"id": "kz"}], [])
    cache.write_json("schema", "k", {"a": 1})
    assert cache.read_json("schema", "k") is None


def test_deleting_the_cache_meanwhile_breaks_nothing(cache_dir: Path) -> None:
    """A contributor may delete .cache/ while mkdocs serve runs: the next build compiles and goes on."""
    env = jinja2.Environment(loader=jinja2.DictLoader({"t": "Hello {{ name }}"}))
    env.bytecode_cache = cache.jinja_bytecode("theme", env, "test")
    assert env.get_template("t").render(name="a") == "Hello a"
    shutil.rmtree(cache_dir)
    env.cache.clear()  # what a new environment (MkDocs makes one per build) starts with
    assert env.get_template("t").render(name="b") == "Hello b"
    assert any((cache_dir / "jinja").rglob("*.cache")), "the folder is made again"


def test_the_compiled_templates_follow_the_environment_options(cache_dir: Path) -> None:
    """Jinja's own key is the template source; trim_blocks changes the compiled code, so the folder changes."""
    loader = jinja2.DictLoader({"t": "{% if true %}\nyes\n{% endif %}\n"})
    outputs = []
    for trim in (True, False, True):
        env = jinja2.Environment(loader=loader, trim_blocks=trim)
        env.bytecode_cache = cache.jinja_bytecode("pages", env, "same code")
        outputs.append(env.get_template("t").render())
    assert outputs == ["yes\n", "\nyes\n", "yes\n"]
    # One folder per kind: the newer options replaced the older folder.
    assert len(list((cache_dir / "jinja").glob("pages-*"))) == 1


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run_macros(project: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([sys.executable, "-m", "macros"], cwd=project, env=env, capture_output=True, text=True, timeout=300)


def test_an_edited_template_or_model_is_never_served_from_the_cache(tmp_path: Path) -> None:
    """In a copy of the project, in new processes as a contributor runs them."""
    project = copy_project(tmp_path / "project")
    shutil.rmtree(project / ".cache", ignore_errors=True)
    assert run_macros(project).returncode == 0
    assert list((project / ".cache" / "jinja").glob("pages-*/*")) and list((project / ".cache" / "schema").iterdir())
    glossary = project / "docs" / "glossary.md"
    before = glossary.read_text(encoding="utf-8")

    template = project / "macros" / "templates" / "glossary.md.j2"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("# ", "# Edited: ", 1), encoding="utf-8")
    assert run_macros(project).returncode == 0
    after = glossary.read_text(encoding="utf-8")
    assert after != before and "Edited: " in after

    # An environment option (not a template) changes: the warm cache must give what a cold one gives.
    before_option = snapshot(project / "docs")
    render = project / "macros" / "render.py"
    render.write_text(render.read_text(encoding="utf-8").replace("trim_blocks=True", "trim_blocks=False"), encoding="utf-8")
    assert run_macros(project).returncode == 0
    warm = snapshot(project / "docs")
    assert warm != before_option, "trim_blocks=False changes some page"
    shutil.rmtree(project / ".cache")
    assert run_macros(project).returncode == 0
    assert snapshot(project / "docs") == warm

    model = project / "macros" / "model.py"
    model.write_text(model.read_text(encoding="utf-8") + '\n\nSCHEMA_PROBE = "unused"\n', encoding="utf-8")
    schema_entries = set((project / ".cache" / "schema").iterdir())
    assert run_macros(project).returncode == 0
    assert set((project / ".cache" / "schema").iterdir()) != schema_entries  # a new key: computed again

    # The vocabularies live in fields.py: a new currency must reach the schema, not a cached one.
    fields = project / "macros" / "fields.py"
    fields.write_text(fields.read_text(encoding="utf-8").replace('"JPY USD EUR KZT"', '"JPY USD EUR KZT GBP"'), encoding="utf-8")
    assert run_macros(project).returncode == 0
    assert '"GBP"' in (project / "docs" / "data" / "schema" / "deals.schema.json").read_text(encoding="utf-8")
