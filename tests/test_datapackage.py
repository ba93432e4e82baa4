"""The Data Package (docs/data/datapackage.json) describes the CSV files so that frictionless validates them.

The package is written with its CSV files to a temporary folder, as the site publishes them, for
the real data and for the sample of test_exports.py (translations, money, characters to escape).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import frictionless
import pytest
from test_exports import MINIMAL

from macros import ROOT, routes
from macros.dataset import build_dataset
from macros.export import csvfiles, export_files

SITE = routes.read_site(ROOT / "mkdocs.yml")


def published(data_dir: Path, into: Path) -> Path:
    """The datapackage and the CSV files of ``data_dir``'s data, written under ``into`` as under docs/."""
    files = export_files(build_dataset(data_dir), SITE)
    for path, text in files.items():
        if path == routes.DATAPACKAGE_PATH or path.startswith(routes.CSV_DIR + "/"):
            target = into / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    return into / routes.DATAPACKAGE_PATH


@pytest.fixture(scope="module", params=["real", "sample"])
def package_path(request: pytest.FixtureRequest, sample_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = ROOT / "data" if request.param == "real" else sample_dir
    return published(data_dir, tmp_path_factory.mktemp(request.param))


def errors_of(report: frictionless.Report) -> list[tuple[str, str, str]]:
    """(table, error type, note) for every error; "-" for the package's own."""
    return [("-", e.type, e.note) for e in report.errors] + [(t.name, e.type, e.note) for t in report.tasks for e in t.errors]


def test_the_datapackage_validates(package_path: Path) -> None:
    report = frictionless.validate(package_path)
    assert report.valid, errors_of(report)[:10]
    assert report.stats["errors"] == 0 and report.stats["warnings"] == 0
    # One resource per CSV file, each with the file's columns, in order.
    descriptor = json.loads(package_path.read_text(encoding="utf-8"))
    csv_files = sorted(p.relative_to(package_path.parent).as_posix() for p in package_path.parent.glob("csv/*.csv"))
    assert sorted(r["path"] for r in descriptor["resources"]) == csv_files
    assert len(descriptor["resources"]) == len(csv_files) == len(csvfiles.csv_exports(build_dataset(MINIMAL)))
    for resource in descriptor["resources"]:
        text = (package_path.parent / resource["path"]).read_text(encoding="utf-8")
        assert text.startswith(csvfiles.BOM) and resource["encoding"] == "utf-8-sig"
        header = next(csv.reader(io.StringIO(text.removeprefix(csvfiles.BOM))))
        assert [f["name"] for f in resource["schema"]["fields"]] == header, resource["name"]
    keys = {r["name"]: r["schema"].get("foreignKeys", []) for r in descriptor["resources"]}
    assert {"fields": ["country"], "reference": {"resource": "countries", "fields": ["id"]}} in keys["people"]
    assert descriptor["licenses"][0]["path"] == routes.LICENCE_URL


def test_the_datapackage_types_the_columns(package_path: Path) -> None:
    resources = {r["name"]: r for r in json.loads(package_path.read_text(encoding="utf-8"))["resources"]}
    fields = {f["name"]: f for f in resources["deals"]["schema"]["fields"]}
    assert fields["value_amount"]["type"] == "number"
    assert fields["checked"]["type"] == "date", "always a full date"
    assert fields["status_date"]["type"] == "string" and "pattern" in fields["status_date"]["constraints"], (
        "2026, 2026-02 or a day"
    )
    assert (fields["countries"]["type"], fields["countries"]["delimiter"]) == ("list", ";"), "ids joined with ';'"
    assert fields["disputes"]["type"] == "array"
    assert fields["id"]["constraints"]["required"] and resources["deals"]["schema"]["primaryKey"] == ["id"]
    assert "primaryKey" not in resources["status_changes"]["schema"], "one row per change, not per item"
    people = {f["name"]: f for f in resources["people"]["schema"]["fields"]}
    assert people["role"].get("constraints", {}).get("required")


@pytest.fixture(scope="module")
def sample_package(sample_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return published(sample_dir, tmp_path_factory.mktemp("published"))


@pytest.fixture
def package_copy(sample_package: Path, tmp_path: Path) -> Path:
    """The sample's datapackage and CSV files, for a test to break."""
    shutil.copytree(sample_package.parent, tmp_path / "data")
    return tmp_path / "data" / sample_package.name


def rewrite_cell(path: Path, column: str, value: str, row: int | None = None) -> None:
    """Put ``value`` in ``column`` of a CSV export, in data row ``row`` (0 = the first after the
    header) or else in the first row that has a value there."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8").removeprefix(csvfiles.BOM))))
    at = rows[0].index(column)
    row = next(i for i, cells in enumerate(rows[1:]) if cells[at]) if row is None else row
    rows[row + 1][at] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(csvfiles.BOM + out.getvalue(), encoding="utf-8")


def table_errors(package_path: Path, table: str) -> list[tuple[str, str, str]]:
    """The errors in one table of the package (its foreign keys looked up in the others): validating
    the whole package takes a second, most of it spent checking the descriptor."""
    return errors_of(frictionless.Package(package_path).get_resource(table).validate())


@pytest.mark.parametrize(
    ("table", "column", "value", "expected"),
    [
        ("deals", "value_amount", "about a billion", "type-error"),
        ("people", "country", "atlantis", "foreign-key"),
        ("deals", "pillar", "no-such-pillar", "foreign-key"),
        ("status_changes", "date", "next spring", "constraint-error"),
        ("deals", "status", "maybe", "constraint-error"),
        ("deals", "checked", "2026-02", "type-error"),
        ("sources", "id", "", "constraint-error"),
    ],
    ids=["text for a number", "dangling country", "dangling pillar", "not a date", "unknown status", "partial date", "no id"],
)
def test_validation_catches_a_broken_table(package_copy: Path, table: str, column: str, value: str, expected: str) -> None:
    assert not table_errors(package_copy, table)
    rewrite_cell(package_copy.parent / "csv" / f"{table}.csv", column, value)
    found = table_errors(package_copy, table)
    assert expected in [kind for _, kind, _ in found], found


def test_validation_catches_a_duplicate_id_and_a_column_the_package_does_not_know(package_copy: Path) -> None:
    people = package_copy.parent / "csv" / "people.csv"
    first = next(csv.DictReader(io.StringIO(people.read_text(encoding="utf-8").removeprefix(csvfiles.BOM))))
    rewrite_cell(people, "id", first["id"], row=1)
    glossary = package_copy.parent / "csv" / "glossary.csv"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace("id,", "key,", 1), encoding="utf-8")
    assert "primary-key" in [kind for _, kind, _ in table_errors(package_copy, "people")]
    assert "incorrect-label" in [kind for _, kind, _ in table_errors(package_copy, "glossary")]
