"""Bad data stops the build with one clear message per mistake: file, line, what is wrong.

Each case breaks a copy of the minimal fixture (tests/fixtures/minimal/) in one way
and expects exactly one problem, at the right file and line, with a key phrase.
The end-to-end tests run ``python -m macros``, ``mkdocs build`` and ``mkdocs serve``
as a contributor would and check: non-zero exit, the message, no traceback, and
nothing half-written in docs/ or site/.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from minimal_project import MINIMAL, edit, environment, line_of, make_project, run_macros, run_mkdocs, snapshot

from macros import cache
from macros.dataset import build_dataset
from macros.problems import DataError, Problem
from macros.routes import read_site


@dataclass(frozen=True)
class Mistake:
    name: str
    file: str
    old: str | None  # None: replace the whole file
    new: str
    phrase: str
    line: int | str = 0
    """The expected line: an offset from the edited line (int), or a text whose line is expected (str)."""


MISTAKES = [
    Mistake("yaml-syntax", "countries.yaml", "  iso2: KZ\n", "  iso2: [KZ\n", "YAML syntax error", 1),
    Mistake("tab-indent", "glossary.yaml", "  term: ODA\n", "\tterm: ODA\n", "not tabs"),
    Mistake("unquoted-colon", "glossary.yaml", "  term: ODA\n", "  term: ODA: aid\n", "must be in quotes"),
    Mistake("unclosed-quote", "glossary.yaml", "  term: ODA\n", "  term: 'ODA\n", "a quote is not closed"),
    Mistake("bad-indent", "glossary.yaml", "  term: ODA\n", "  term: ODA\n - id: x\n", "indentation", 1),
    Mistake("undefined-alias", "glossary.yaml", "  term: ODA\n", "  term: *oda\n", "no '&name' anchor"),
    Mistake("merge-key", "glossary.yaml", "  term: ODA\n", "  <<: {term: ODA}\n", "merge keys"),
    Mistake("deep-nesting", "glossary.yaml", None, "[" * 2000 + "]" * 2000 + "\n", "nested too deeply"),
    Mistake("empty-int-tag", "pillars.yaml", "  order: 2\n", "  order: !!int\n", "cannot read value"),
    Mistake("wrong-type-int", "pillars.yaml", "  order: 2\n", "  order: two\n", "order: expected a whole number, not 'two'"),
    Mistake(
        "wrong-type-list",
        "events.yaml",
        "  countries: [japan, kazakhstan]\n",
        "  countries: japan\n",
        "countries: expected a list",
    ),
    Mistake("wrong-type-text", "glossary.yaml", "  term: ODA\n", "  term: [a, b]\n", "term: expected text"),
    Mistake("missing-field", "people.yaml", "  name: Leader KG\n", "", "required field 'name' is missing", "- id: person-kg"),
    Mistake(
        "missing-english",
        "glossary.yaml",
        "  summary: Aid from governments.\n",
        "  summary: {ru: x}\n",
        "required field 'en' is missing in summary",
    ),
    Mistake(
        "unknown-field",
        "countries.yaml",
        "  capital: Capital of Kyrgyzstan\n",
        "  captial: Capital of Kyrgyzstan\n",
        "unknown field 'captial': did you mean 'capital'?",
    ),
    Mistake("unknown-field-extra", "glossary.yaml", "  term: ODA\n", "  term: ODA\n  colour: red\n", "unknown field 'colour'", 1),
    Mistake(
        "duplicate-id",
        "glossary.yaml",
        "- id: odax\n",
        "- id: source-two\n",
        "id 'source-two' is already used at data/sources/core.yaml:8",
    ),
    Mistake("bad-id", "glossary.yaml", "- id: odax\n", "- id: Oda X\n", "'Oda X' is not an id"),
    Mistake(
        "dangling-reference",
        "proposals.yaml",
        "  person: person-kz\n",
        "  person: person-xx\n",
        "person names 'person-xx', which does not exist",
    ),
    Mistake(
        "misspelt-reference",
        "proposals.yaml",
        "  person: person-kz\n",
        "  person: persn-kz\n",
        "which does not exist in people (data/people.yaml or data/people/); did you mean 'person-kz'?",
    ),
    Mistake(
        "dangling-source",
        "deals.yaml",
        "  sources: [source-two]\n",
        "  sources: [source-three]\n",
        "sources[0] names 'source-three', which does not exist",
    ),
    Mistake(
        "wrong-collection",
        "proposals.yaml",
        "  person: person-kz\n",
        "  person: kazakhstan\n",
        "names 'kazakhstan', which is in countries, not people",
    ),
    Mistake(
        "impossible-date",
        "events.yaml",
        "  date: 2025-12-19\n",
        "  date: 2025-02-30\n",
        "'2025-02-30' is not a day of the calendar",
    ),
    Mistake(
        "infinite-figure",
        "figures.yaml",
        "  value: 3000000000000\n",
        "  value: .inf\n",
        "value: expected a finite number, not inf",
    ),
    Mistake(
        "nan-amount",
        "deals.yaml",
        "    amount: 1000000\n",
        "    amount: .nan\n",
        "value.amount: expected a finite number, not nan",
    ),
    Mistake("impossible-month", "events.yaml", "  date: 2025-12-19\n", "  date: 2025-13\n", "'2025-13' has no month 13"),
    Mistake(
        "malformed-date", "events.yaml", "  date: 2025-12-19\n", "  date: 19 December 2025\n", "is not a date like 2025-12-20"
    ),
    Mistake(
        "date-with-time",
        "events.yaml",
        "  date: 2025-12-19\n",
        "  date: 2025-12-19 10:00:00\n",
        "a date without a time is expected",
    ),
    Mistake(
        "impossible-summit-date",
        "summit.yaml",
        "  start: 2025-12-19\n",
        "  start: 2025-12-32\n",
        "summit.start: '2025-12-32' is not a day",
    ),
    Mistake(
        "http-url",
        "sources/core.yaml",
        "https://example.org/two",
        "http://example.org/two",
        "'http://example.org/two' is not a well-formed https:// URL",
    ),
    Mistake(
        "javascript-url",
        "sources/core.yaml",
        "https://example.org/two",
        "javascript:alert(1)",
        "is not a well-formed https:// URL",
    ),
    Mistake(
        "amount-without-currency",
        "deals.yaml",
        "    currency: USD\n",
        "",
        "required field 'currency' is missing in value",
        "  value:",
    ),
    Mistake(
        "unknown-currency", "deals.yaml", "    currency: USD\n", "    currency: usd\n", "value.currency: 'usd' is not one of"
    ),
    Mistake(
        "amount-not-number", "deals.yaml", "    amount: 1000000\n", "    amount: one million\n", "value.amount: expected a number"
    ),
    Mistake("no-source", "glossary.yaml", "  sources: [source-one]\n", "", "required field 'sources' is missing", "- id: odax"),
    Mistake("empty-sources", "glossary.yaml", "  sources: [source-one]\n", "  sources: []\n", "at least one source is required"),
    Mistake(
        "history-without-source",
        "commitments.yaml",
        "      sources: [source-one]\n",
        "",
        "required field 'sources' is missing in history.0",
        "    - date: 2025-12-20",
    ),
    Mistake(
        "duplicated-key",
        "glossary.yaml",
        "  term: ODA\n",
        "  term: ODA\n  term: ODB\n",
        "field 'term' is given twice (first on line 2)",
        1,
    ),
    Mistake("not-a-list", "glossary.yaml", None, "id: odax\nterm: ODA\n", "the file must be a list of records"),
    Mistake("scalar-file", "glossary.yaml", None, "just some text\n", "the file must be a list of records"),
    Mistake("record-not-mapping", "glossary.yaml", "- id: odax\n", "- odax\n- id: odax\n", "each record must be a mapping"),
    Mistake("summit-not-mapping", "summit.yaml", None, "- a\n- b\n", "the file must be a mapping"),
    Mistake("two-documents", "glossary.yaml", None, "[]\n---\n[]\n", "only one YAML document per file", 2),
    Mistake("alias-loop", "glossary.yaml", None, "&a [*a]\n", "refers to the value that contains it"),
    Mistake(
        "leader-of-other-country",
        "countries.yaml",
        "  leader: person-kz\n",
        "  leader: person-kg\n",
        "leader 'person-kg' belongs to country 'kyrgyzstan'",
        "- id: kazakhstan",
    ),
]


def _expected_line(data: Path, mistake: Mistake, edited_at: int) -> int:
    if isinstance(mistake.line, str):
        return line_of(data / mistake.file, mistake.line)
    return edited_at + mistake.line


def _problems(data: Path) -> list[Problem]:
    with pytest.raises(DataError) as caught:
        build_dataset(data)
    return caught.value.problems


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A fresh copy of the minimal valid data set."""
    return Path(shutil.copytree(MINIMAL, tmp_path / "data"))


def test_minimal_fixture_is_valid() -> None:
    dataset = build_dataset(MINIMAL)
    assert len(dataset.all("countries")) == 6


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.name for m in MISTAKES])
def test_one_clear_message_per_mistake(data: Path, mistake: Mistake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edited_at = edit(data / mistake.file, mistake.old, mistake.new)
    # An empty .cache/: the first load parses every file; the second reads the files that parsed
    # without a problem from .cache/, with their lines.
    monkeypatch.setattr(cache, "CACHE", tmp_path / ".cache")
    problems = _problems(data)
    assert _problems(data) == problems, "the same data read from .cache/ must give the same messages"
    assert len(problems) == 1, "one mistake, one message:\n" + "\n".join(map(str, problems))
    [problem] = problems
    assert problem.file == f"data/{mistake.file}"
    assert problem.line == _expected_line(data, mistake, edited_at), str(problem)
    assert mistake.phrase in problem.message, str(problem)


def test_unknown_and_missing_files(data: Path) -> None:
    (data / "pillars.yaml").unlink()
    (data / "glosary.yaml").write_text("[]\n")
    messages = [str(p) for p in _problems(data)]
    # References to pillars are not reported again: the missing file is the one mistake.
    assert messages == [
        "data/glosary.yaml:1: unknown data file or folder; expected one of: " + messages[0].split("expected one of: ")[1],
        "data/pillars.yaml:1: file is missing: expected data/pillars.yaml or data/pillars/*.yaml",
    ]


def test_not_utf8(data: Path) -> None:
    (data / "glossary.yaml").write_bytes(b"- id: odax\n  term: \xff\xfe\n")
    [problem] = _problems(data)
    assert (problem.file, problem.line) == ("data/glossary.yaml", 1)
    assert "not UTF-8" in problem.message


BY_NAME = {m.name: m for m in MISTAKES}
# One mistake in each of six files: all must be reported in one run.
BREAKS = [
    BY_NAME[name]
    for name in ("yaml-syntax", "missing-field", "impossible-date", "http-url", "amount-without-currency", "duplicated-key")
]


def _break_several(data: Path) -> list[tuple[str, int, str]]:
    """Several mistakes in different files; returns (file, line, phrase) expected for each."""
    expected = []
    for mistake in BREAKS:
        edited_at = edit(data / mistake.file, mistake.old, mistake.new)
        expected.append((f"data/{mistake.file}", _expected_line(data, mistake, edited_at), mistake.phrase))
    return expected


def test_every_problem_in_one_run(data: Path) -> None:
    expected = _break_several(data)
    problems = _problems(data)
    assert len(problems) == len(expected), "\n".join(map(str, problems))
    for file, line, phrase in expected:
        assert any(p.file == file and p.line == line and phrase in p.message for p in problems), (file, line, phrase)


def _assert_reported(output: str, expected: list[tuple[str, int, str]]) -> None:
    assert "Traceback" not in output, output
    assert f"{len(expected)} problems in the data:" in output, output
    for file, line, phrase in expected:
        assert re.search(rf"^  {re.escape(file)}:{line}: .*{re.escape(phrase)}", output, re.MULTILINE), (file, line, output)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A temporary project (mkdocs.yml, macros/, docs/ rendered from the minimal data)."""
    return make_project(tmp_path / "project")


def test_python_m_macros_stops_and_writes_nothing(project: Path) -> None:
    before = snapshot(project / "docs")
    expected = _break_several(project / "data")
    for args in ((), ("--check",), ("--data", "data", "--docs", "docs")):
        result = run_macros(project, *args)
        assert result.returncode != 0
        _assert_reported(result.stdout + result.stderr, expected)
    assert snapshot(project / "docs") == before, "docs/ changed although the data is broken"


def test_mkdocs_build_stops_and_writes_nothing(project: Path) -> None:
    good = run_mkdocs(project, "build", "--strict", "-d", str(project / "site"))
    assert good.returncode == 0, good.stdout + good.stderr
    docs_before, site_before = snapshot(project / "docs"), snapshot(project / "site")
    expected = _break_several(project / "data")

    result = run_mkdocs(project, "build", "--strict", "-d", str(project / "site"))
    assert result.returncode != 0
    _assert_reported(result.stdout + result.stderr, expected)
    assert snapshot(project / "docs") == docs_before
    assert snapshot(project / "site") == site_before, "the previous site was touched by a failed build"

    fresh = project / "fresh-site"
    result = run_mkdocs(project, "build", "--strict", "-d", str(fresh))
    assert result.returncode != 0
    assert not fresh.exists(), "a failed build left a site behind"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(predicate, timeout: float, what: str, output) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}; serve said:\n{output()}")


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def test_mkdocs_serve_shows_error_keeps_running_and_recovers(project: Path, tmp_path: Path) -> None:
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "serve",
                "--livereload",
                "-a",
                f"127.0.0.1:{port}",
                "-f",
                str(project / "mkdocs.yml"),
            ],
            cwd=project,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=environment(),
        )
    try:

        def output() -> str:
            return log.read_text(errors="replace")

        base = urllib.parse.urlparse(read_site(project / "mkdocs.yml").url).path or "/"
        url = f"http://127.0.0.1:{port}{base.rstrip('/')}/glossary/"
        _wait_for(lambda: "Serving on" in output() and _fetch(url) is not None, 90, "the first build", output)
        assert "Aid from governments." in (_fetch(url) or "")

        glossary = project / "data" / "glossary.yaml"
        original = glossary.read_text()
        edit(glossary, "  term: ODA\n", "  term: ODA\n  term: ODB\n")
        _wait_for(lambda: "field 'term' is given twice" in output(), 60, "the error message", output)
        assert "data/glossary.yaml:3: field 'term' is given twice" in output()
        assert server.poll() is None, "serve stopped on a data mistake"

        glossary.write_text(original.replace("Aid from governments.", "Aid from governments, fixed."))
        _wait_for(lambda: "Aid from governments, fixed." in (_fetch(url) or ""), 60, "the fixed page", output)
        assert server.poll() is None
        assert "Traceback" not in output(), output()
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=15)


def test_a_record_cannot_take_the_id_of_its_collections_index_page(data: Path) -> None:
    """An event called 'index' would have its page at events/index.md: a clear message, nothing rendered."""
    from macros.pipeline import render
    from macros.routes import Site

    edit(data / "events.yaml", "- id: test-event\n", "- id: index\n")
    with pytest.raises(DataError) as caught:
        render(data, Site.of("Test", None))
    [problem] = caught.value.problems
    assert (problem.file, problem.line) == ("data/events.yaml", 1), str(problem)
    assert "the id 'index' is reserved" in problem.message


DISPUTE = """  disputes:
    - about: The amount
      concerns: [{field}]
      versions:
        - {{says: Three trillion yen., sources: [source-one]}}
        - {{says: Thirty trillion yen., sources: [source-one]}}
"""


def test_a_dispute_names_the_fields_it_concerns(data: Path) -> None:
    """`concerns` names fields of the record (marked as disputed wherever shown); a typo is a clear error."""
    edit(data / "figures.yaml", "  sources: [source-one]\n", "  sources: [source-one]\n" + DISPUTE.format(field="value"))
    build_dataset(data)
    edit(data / "figures.yaml", "concerns: [value]", "concerns: [valeu]")
    with pytest.raises(DataError) as caught:
        build_dataset(data)
    [problem] = caught.value.problems
    assert (problem.file, problem.line) == ("data/figures.yaml", 1), str(problem)
    assert "a dispute concerns 'valeu', which is not a field of it" in problem.message
