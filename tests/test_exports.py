"""The downloadable data (JSON, CSV, JSON Schema) and the Atom feed say exactly what the data says.

Each check runs on the site's real data and on a small sample (the minimal
fixture plus records that exercise histories, translations, money and
characters that need escaping), because the real data may not yet hold every
kind of record.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import feedparser
import jsonschema
import pytest
import yaml
from pydantic import BaseModel

from macros import ROOT, routes
from macros.dataset import Dataset, build_dataset
from macros.export import csvfiles, export_files, jsonfile
from macros.export import feed as atom
from macros.export import schema as schemas
from macros.fields import LocalizedText
from macros.load import collection_files
from macros.model import COLLECTIONS, Money, Tracked
from macros.pipeline import check, render
from macros.render import render_pages
from macros.routes import home_of
from macros.views import Views, earliest_day
from macros.write import compare, sync

MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
SITE = routes.read_site(ROOT / "mkdocs.yml")

# Records added to the minimal fixture: several changes per item (partial dates, the same day
# twice), translations, money, and text that XML, CSV and Markdown must all escape.
SAMPLE_DEALS = """\
- id: export-test-deal
  title: {en: 'Loan <b>&</b> "grant"; phase 1, part 2', ru: '@SUM(1+1) Заём и грант', ja: '円借款'}
  summary: A test deal with a comma, a "quote"; a semicolon and a line
    that wraps.
  kind: money
  made_by: [japan]
  made_to: [uzbekistan, kazakhstan]
  type: loan
  sector: energy
  countries: [uzbekistan]
  financiers: [test-bank]
  pillar: green-and-resilience
  value: {amount: 1500000.5, currency: JPY, qualifier: up-to}
  signed: {date: 2025-12-19, place: {en: Tokyo, ja: 東京}}
  deadline: 2027-03-31
  history:
    - date: 2025-12-19
      status: signed
      says: {en: 'Signed in Tokyo <script>alert(1)</script> & more', ru: Подписано}
      sources: [source-two, source-one]
    - date: 2026
      status: under-way
      sources: [source-two]
    - date: 2026-02
      status: stalled
      says: Work paused ]]> pending review.
      sources: [source-one]
    - date: 2026-02-10
      status: under-way
      says: Resumed.
      sources: [source-one]
    - date: 2026-02-10
      status: under-way
      says: '=HYPERLINK("https://example.org/x", "Resumed") again on the same day.'
      sources: [source-two]
  checked: 2026-03-01
  sources: [source-two]
  disputes:
    - about: The amount
      versions:
        - says: 1.5 million yen
          sources: [source-one]
        - says: 2 million yen
          sources: [source-two]
"""


@pytest.fixture(scope="module", params=["real", "sample"])
def case(request: pytest.FixtureRequest, sample_dir: Path) -> tuple[Path, Dataset]:
    """(data directory, its Dataset) for the real data and for the sample."""
    data_dir = ROOT / "data" if request.param == "real" else sample_dir
    return data_dir, build_dataset(data_dir)


@pytest.fixture(scope="module")
def sample(sample_dir: Path) -> Dataset:
    return build_dataset(sample_dir)


def collections_of(data: Dataset) -> dict[str, list[Any]]:
    """Every export collection (the two singletons too) with its records."""
    return {"summit": [data.summit], "initiative": [data.initiative], **{c.name: data.all(c.name) for c in COLLECTIONS if c.many}}


def read_csv(text: str) -> list[dict[str, str]]:
    """A CSV export's rows; every export opens with the byte-order mark Excel needs to read UTF-8."""
    assert text.startswith(csvfiles.BOM), "a CSV without a byte-order mark shows mojibake in Excel"
    return list(csv.DictReader(io.StringIO(text[len(csvfiles.BOM) :])))


def header(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text.removeprefix(csvfiles.BOM))))


# ---------------------------------------------------------------------------
# JSON
# ---------------------------------------------------------------------------


def test_every_record_is_in_the_json_export(case: tuple[Path, Dataset]) -> None:
    _, data = case
    document = json.loads(jsonfile.json_export(data, SITE))
    assert document["summit"]["id"] == data.summit.id
    assert document["initiative"]["id"] == data.initiative.id
    for name, records in collections_of(data).items():
        if name in ("summit", "initiative"):
            continue
        assert [r["id"] for r in document["collections"][name]] == [r.id for r in records], name
        assert all(next(iter(r)) == "id" for r in document["collections"][name]), f"{name}: id is not the first key"
    assert set(document["collections"]) == {c.name for c in COLLECTIONS if c.many}


def test_the_json_export_loads_back_into_the_same_records(case: tuple[Path, Dataset]) -> None:
    _, data = case
    document = json.loads(jsonfile.json_export(data, SITE))
    assert type(data.summit).model_validate(document["summit"]) == data.summit
    assert type(data.initiative).model_validate(document["initiative"]) == data.initiative
    for collection in COLLECTIONS:
        if collection.many:
            loaded = [collection.model.model_validate(r) for r in document["collections"][collection.name]]
            assert loaded == data.all(collection.name), collection.name


# ---------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------


def test_every_record_is_in_its_csv(case: tuple[Path, Dataset]) -> None:
    _, data = case
    files = csvfiles.csv_exports(data)
    for name, records in collections_of(data).items():
        text = files[f"data/csv/{name}.csv"]
        assert header(text)[0] == "id", f"{name}.csv: id is not the first column"
        assert [row["id"] for row in read_csv(text)] == [r.id for r in records], name


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def as_csv_text(text: str) -> str:
    """A text as its CSV cell holds it: an apostrophe before what a spreadsheet would run."""
    return "'" + text if text.startswith(FORMULA_START) else text


def expect_cells(value: Any, row: dict[str, str], column: str, where: str) -> None:
    """The cells of ``row`` for ``column`` hold ``value`` (an independent reading of the flattening rules)."""
    if isinstance(value, Money):
        assert float(row[f"{column}_amount"]) == value.amount, where
        assert row[f"{column}_currency"] == value.currency.value, where
        assert row[f"{column}_qualifier"] == value.qualifier.value, where
    elif isinstance(value, LocalizedText):
        assert row[column] == as_csv_text(value.en), where
        for lang in ("ru", "ja"):
            translated = getattr(value, lang)
            if translated:
                key = f"{column}_{lang}" if f"{column}_{lang}_text" not in row else f"{column}_{lang}_text"
                assert row[key] == as_csv_text(translated), where
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            expect_cells(getattr(value, name), row, f"{column}_{name}", where)
    elif isinstance(value, list) and any(isinstance(v, BaseModel) for v in value):
        assert json.loads(row[column]) == [v.model_dump(mode="json") for v in value], where
    elif isinstance(value, list):
        assert (row[column].split(";") if row[column] else []) == [str(v) for v in value], where
    elif value is None:
        # A missing value leaves its cell empty, or all its cells (a missing visit, money or translation).
        cells = [v for k, v in row.items() if k == column or k.startswith(f"{column}_")]
        assert cells and not any(cells), where
    elif isinstance(value, bool):
        assert row[column] == str(value).lower(), where
    elif isinstance(value, enum.Enum):
        assert row[column] == value.value, where
    elif isinstance(value, int | float):
        assert float(row[column]) == value, where
    elif isinstance(value, dt.date):
        assert row[column] == value.isoformat(), where
    elif isinstance(value, str):
        assert row[column] == as_csv_text(value), where
    else:
        assert row[column] == value, where


def test_the_csv_files_load_back_into_the_same_fields(case: tuple[Path, Dataset]) -> None:
    _, data = case
    files = csvfiles.csv_exports(data)
    for name, records in collections_of(data).items():
        rows = read_csv(files[f"data/csv/{name}.csv"])
        for record, row in zip(records, rows, strict=True):
            for field in type(record).model_fields:
                where = f"{name}.csv, {record.id}, {field}"
                if isinstance(record, Tracked) and field == "history":
                    assert row["status"] == record.history[-1].status.value, where
                    assert row["status_date"] == record.history[-1].date, where
                    continue
                expect_cells(getattr(record, field), row, field, where)
        # Translation columns exist only when some record has the translation.
        fields = type(records[0]).model_fields if records else {}
        for column in rows[0] if rows else []:
            if column.endswith(("_ru", "_ja", "_ru_text", "_ja_text")) and column not in fields:
                assert any(row[column] for row in rows), f"{name}.csv: empty column {column}"


def test_csv_cells_cannot_run_as_spreadsheet_formulas(sample: Dataset) -> None:
    files = csvfiles.csv_exports(sample)
    for name, text in files.items():
        for row in csv.reader(io.StringIO(text)):
            for value in row:
                assert not value.startswith(FORMULA_START), (name, value)
    says = [row["says"] for row in read_csv(files["data/csv/status_changes.csv"])]
    assert """'=HYPERLINK("https://example.org/x", "Resumed") again on the same day.""" in says
    deal = next(r for r in read_csv(files["data/csv/deals.csv"]) if r["id"] == "export-test-deal")
    assert deal["title_ru"] == "'@SUM(1+1) Заём и грант"
    # The JSON keeps the exact text.
    document = json.loads(jsonfile.json_export(sample, SITE))
    record = next(d for d in document["collections"]["deals"] if d["id"] == "export-test-deal")
    assert record["title"]["ru"] == "@SUM(1+1) Заём и грант"
    # Numbers are numbers, never prefixed; texts are, whatever follows.
    assert [csvfiles.cell(v) for v in (-5, -1e-05, -2.5, 3.0)] == ["-5", "-1e-05", "-2.5", "3"]
    assert csvfiles.cell("-5 or less") == "'-5 or less" and csvfiles.cell("-5") == "'-5"
    assert csvfiles.cell("\t=1") == "'\t=1" and csvfiles.cell("1=1") == "1=1"
    assert csvfiles.cell(["a-id", "@b"]) == "a-id;'@b"


def test_status_changes_csv_lists_every_change_once(case: tuple[Path, Dataset]) -> None:
    _, data = case
    rows = read_csv(csvfiles.csv_exports(data)["data/csv/status_changes.csv"])
    expected = [(item.id, change) for item in data.tracked() for change in item.history]
    assert len(rows) == len(expected)
    for row, (record_id, change) in zip(rows, expected, strict=True):
        assert row["id"] == record_id
        assert row["collection"] == data.collection_of[record_id]
        assert (row["date"], row["status"]) == (change.date, change.status.value)
        assert row["sources"].split(";") == change.sources
        expect_cells(change.says, row, "says", record_id)


def test_the_sample_exercises_translations_and_money(sample: Dataset) -> None:
    """Guards the sample itself: these columns appear because the sample has such values."""
    deals = header(csvfiles.csv_exports(sample)["data/csv/deals.csv"])
    assert {"title_ru", "title_ja", "value_amount", "signed_place_ja", "status", "status_date", "checked"} <= set(deals)
    assert "summary_ru" not in deals
    changes = header(csvfiles.csv_exports(sample)["data/csv/status_changes.csv"])
    assert changes == ["id", "collection", "date", "status", "says", "says_ru", "sources"]


# ---------------------------------------------------------------------------
# Pages: every record has its anchor
# ---------------------------------------------------------------------------


def test_every_record_is_on_a_generated_page(case: tuple[Path, Dataset]) -> None:
    _, data = case
    pages = render_pages(data, SITE)
    for record_id in data.by_id:
        page, anchor = home_of(data, record_id)
        assert page in pages, f"{record_id}: no page {page}"
        if anchor:
            assert f'<a id="{anchor}"></a>' in pages[page], f"{record_id}: no anchor on {page}"


# ---------------------------------------------------------------------------
# JSON Schema
# ---------------------------------------------------------------------------


class _EditorLoader(yaml.SafeLoader):
    """Reads YAML as the YAML language server does (YAML 1.2): 2025-12-20 is a string, not a date."""


_EditorLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def validator(collection: str) -> jsonschema.Draft202012Validator:
    schema = json.loads(schemas.schema_exports(SITE)[f"data/schema/{collection}.schema.json"])
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def data_files(data_dir: Path) -> list[tuple[str, Path]]:
    return [(c.name, path) for c in COLLECTIONS for path in collection_files(data_dir, c)]


def test_there_is_a_schema_for_every_collection() -> None:
    assert set(schemas.schema_exports(SITE)) == {f"data/schema/{c.name}.schema.json" for c in COLLECTIONS}


def test_the_schema_accepts_every_data_file(case: tuple[Path, Dataset]) -> None:
    data_dir, _ = case
    files = data_files(data_dir)
    assert files
    for collection, path in files:
        value = yaml.load(path.read_text(encoding="utf-8"), Loader=_EditorLoader)
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(collection).iter_errors(value)]
        assert not errors, f"{path}: " + "; ".join(errors[:5])


def test_the_schema_accepts_the_json_export(case: tuple[Path, Dataset]) -> None:
    _, data = case
    document = json.loads(jsonfile.json_export(data, SITE))
    for name, records in document["collections"].items():
        validator(name).validate(records)
    validator("summit").validate({"summit": document["summit"], "initiative": document["initiative"]})


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda r: r.pop("id"), "'id' is a required property"),
        (lambda r: r["history"][0].update(status="maybe"), "'maybe' is not one of"),
        (lambda r: r.update(colour="red"), "Additional properties are not allowed"),
        (lambda r: r.update(id="Not A Slug"), "does not match"),
        (lambda r: r.update(sources=[]), "should be non-empty"),
        (lambda r: r["value"].update(currency="GBP"), "'GBP' is not one of"),
    ],
    ids=["missing id", "wrong status", "unknown field", "bad id", "no sources", "wrong currency"],
)
def test_the_schema_rejects_a_broken_record(sample_dir: Path, change: Any, expected: str) -> None:
    records = yaml.load((sample_dir / "deals" / "export-test.yaml").read_text(encoding="utf-8"), Loader=_EditorLoader)
    check = validator("deals")
    check.validate(records)
    change(records[0])
    messages = []
    pending = list(check.iter_errors(records))
    while pending:  # a field that may be null reports its reasons inside 'anyOf'
        error = pending.pop()
        messages.append(error.message)
        pending += error.context or []
    assert any(expected in m for m in messages), messages


def test_the_summit_schema_rejects_a_missing_initiative() -> None:
    value = yaml.load((ROOT / "data" / "summit.yaml").read_text(encoding="utf-8"), Loader=_EditorLoader)
    validator("summit").validate(value)
    del value["initiative"]
    with pytest.raises(jsonschema.ValidationError, match="'initiative' is a required property"):
        validator("summit").validate(value)


# ---------------------------------------------------------------------------
# Modelines: contributors' editors find the schema
# ---------------------------------------------------------------------------


def test_every_data_file_names_its_schema_on_line_one() -> None:
    wrong = []
    for collection, path in data_files(ROOT / "data"):
        rel = path.relative_to(ROOT).as_posix()
        expected = f"# yaml-language-server: $schema={'../' * (rel.count('/'))}docs/data/schema/{collection}.schema.json"
        assert routes.modeline(rel) == expected
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        if first != expected:
            wrong.append(f"{rel}: line 1 should be: {expected}")
        schema = ROOT / "docs" / "data" / "schema" / f"{collection}.schema.json"
        assert (path.parent / expected.split("=", 1)[1]).resolve() == schema
    assert not wrong, "\n".join(wrong)


# ---------------------------------------------------------------------------
# Atom feed
# ---------------------------------------------------------------------------


def test_the_feed_is_valid_atom_with_every_status_change_once(case: tuple[Path, Dataset]) -> None:
    _, data = case
    feed = feedparser.parse(atom.atom_feed(data, SITE))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    changes = [(item, change) for item in data.tracked() for change in item.history]
    assert len(feed.entries) == len(changes)
    ids = [entry.id for entry in feed.entries]
    assert len(set(ids)) == len(ids), "entry ids must be unique"
    for entry_id in ids:
        assert entry_id.startswith(f"tag:{SITE.host},2025:")
    listed = sorted((e.id.split(":", 2)[2].split("/")[0], e.updated[:10], e.category) for e in feed.entries)
    wanted = sorted((item.id, earliest_day(change.date), change.status.value) for item, change in changes)
    assert listed == wanted
    dates = [entry.updated for entry in feed.entries]
    assert dates == sorted(dates, reverse=True), "entries must be newest first"
    newest = max((earliest_day(c.date) for _, c in changes), default=earliest_day(data.summit.end))
    assert feed.feed.updated == f"{newest}T00:00:00Z", "the feed's date is the newest change, not the build time"
    for entry in feed.entries:
        record_id = entry.id.split(":", 2)[2].split("/")[0]
        page, anchor = home_of(data, record_id)
        assert entry.link == SITE.page_url(page, anchor)
        # Each entry opens the item's own page.
        assert entry.link.startswith(SITE.url) and entry.link.endswith(f"/{record_id}/")


def test_the_feed_keeps_the_newest_changes_only(sample: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    everything = feedparser.parse(atom.atom_feed(sample, SITE)).entries
    assert len(everything) > 3
    monkeypatch.setattr(atom, "FEED_LIMIT", 3)
    feed = feedparser.parse(atom.atom_feed(sample, SITE))
    assert not feed.bozo
    assert [e.id for e in feed.entries] == [e.id for e in everything[:3]], "the newest three, ids unchanged"
    assert feed.feed.updated == everything[0].updated
    assert "the latest 3." in feed.feed.subtitle and routes.STATUS_CHANGES_CSV in feed.feed.subtitle


def test_feed_entries_carry_escaped_text_and_sources(sample: Dataset) -> None:
    text = atom.atom_feed(sample, SITE)
    assert "<script>" not in text and "<b>" not in text
    feed = feedparser.parse(text)
    assert not feed.bozo
    deal = sample["export-test-deal"]
    (entry,) = [e for e in feed.entries if e.id == f"tag:{SITE.host},2025:export-test-deal/2025-12-19/signed"]
    assert entry.title == f"{deal.title.en}: Signed"
    assert "Signed in Tokyo <script>alert(1)</script> & more" in entry.summary
    for sid in ("source-one", "source-two"):
        assert sample[sid].url in entry.summary
    same_day = [e.id for e in feed.entries if "/2026-02-10/under-way" in e.id]
    assert len(same_day) == 2 and same_day[1].endswith("/2")
    (stalled,) = [e for e in feed.entries if "/2026-02/stalled" in e.id]
    assert "Work paused ]]> pending review." in stalled.summary


def test_the_feed_link_follows_site_url() -> None:
    site = routes.Site("Test", "https://data.example.net/sub/", directory_urls=False)
    assert site.page_url("countries/kazakhstan.md", "a-b") == "https://data.example.net/sub/countries/kazakhstan.html#a-b"
    site = routes.Site("Test", "https://data.example.net/sub/")
    assert site.page_url("countries/kazakhstan.md", "a-b") == "https://data.example.net/sub/countries/kazakhstan/#a-b"
    assert site.page_url("initiative/index.md") == "https://data.example.net/sub/initiative/"
    assert site.page_url("index.md") == "https://data.example.net/sub/"
    assert site.host == "data.example.net"


# ---------------------------------------------------------------------------
# Determinism, freshness, orphans
# ---------------------------------------------------------------------------


_DIGEST = """
import hashlib, sys
from pathlib import Path
from macros.dataset import build_dataset
from macros.export import export_files
from macros.routes import Site
files = export_files(build_dataset(Path(sys.argv[1])), Site.of('Test', 'https://example.org/'))
print(hashlib.sha256(repr(sorted(files.items())).encode()).hexdigest())
"""


def test_exports_are_byte_identical_across_runs(sample_dir: Path) -> None:
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", _DIGEST, str(sample_dir)], capture_output=True, text=True, env=env, cwd=ROOT, check=True
        )
        digests.add(result.stdout.strip())
    files = export_files(build_dataset(sample_dir), routes.Site.of("Test", "https://example.org/"))
    digests.add(hashlib.sha256(repr(sorted(files.items())).encode()).hexdigest())
    assert len(digests) == 1


def test_the_pipeline_writes_and_checks_the_exports(sample_dir: Path, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    _, files = render(sample_dir, SITE)
    assert {"data/cajad.json", "data/csv/deals.csv", "data/schema/deals.schema.json", "feed.xml", "data.md"} <= set(files)
    sync(docs, files)
    assert not check(sample_dir, docs, SITE)
    # A stale export, an export that is no longer produced and a stray file in docs/data/ are all caught.
    (docs / "data" / "csv" / "deals.csv").write_text("id\n", encoding="utf-8")
    (docs / "data" / "csv" / "old-collection.csv").write_text("id\n", encoding="utf-8")
    (docs / "data" / "notes.txt").write_text("left over\n", encoding="utf-8")
    (docs / "hand-written.txt").write_text("mine\n", encoding="utf-8")
    diff = compare(docs, files)
    assert diff.stale == ["data/csv/deals.csv"]
    assert diff.orphaned == ["data/csv/old-collection.csv", "data/notes.txt"]
    sync(docs, files)
    assert not compare(docs, files)
    assert not (docs / "data" / "notes.txt").exists()
    assert (docs / "hand-written.txt").read_text(encoding="utf-8") == "mine\n"
    (docs / "feed.xml").unlink()
    assert compare(docs, files).missing == ["feed.xml"]


def test_the_data_page_counts_every_file(sample: Dataset) -> None:
    page = render_pages(sample, SITE)["data.md"]
    for name, count in Views(sample).record_counts().items():
        assert f"[{name}.csv](data/csv/{name}.csv) |" in page.replace("\\_", "_")
        assert f"| {count} |" in page
    changes = sum(len(item.history) for item in sample.tracked())
    assert f"| {changes} |" in page
    assert "[The Atom feed](feed.xml)" in page
    assert "2 March 2026" not in page and "1 March 2026" in page, "data date = newest checked or change date"


def test_the_built_site_serves_the_exports(site_dir: Path) -> None:
    _, files = render(ROOT / "data", SITE)
    for path in ("data/cajad.json", "data/csv/status_changes.csv", "data/schema/deals.schema.json", "feed.xml"):
        assert (site_dir / path).read_text(encoding="utf-8") == files[path], path
    assert (site_dir / "data" / "index.html").is_file()


# ---------------------------------------------------------------------------
# Calendar and What's new
# ---------------------------------------------------------------------------


def test_the_calendar_holds_every_dated_event_and_deadline(case: tuple[Path, Dataset]) -> None:
    import icalendar

    from macros.export.calendar import calendar_entries, ical_export
    from macros.fields import text_in

    _, data = case
    text = ical_export(data, SITE)
    calendar = icalendar.Calendar.from_ical(text)
    events = list(calendar.walk("VEVENT"))
    expected = [e for e in data.all("events") if len(e.date) == 10 and e.date >= data.summit.start]
    start = data.summit.start
    expected_deadlines = [i for i in data.tracked() if i.deadline and len(i.deadline) == 10 and i.deadline >= start]
    assert len(events) == len(expected) + len(expected_deadlines) == len(calendar_entries(data))
    uids = [str(e["uid"]) for e in events]
    assert len(set(uids)) == len(uids), "every entry has its own uid"
    stamp = Views(data).data_date().replace("-", "")
    for entry in events:
        record_id = str(entry["uid"]).split("@")[0].removesuffix("/deadline")
        if SITE.known:
            assert str(entry["url"]) == routes.permalink(data, SITE, record_id)
        else:  # RFC 5545: URL is an absolute address, which a build without SITE_URL does not have
            assert "url" not in entry
        assert entry["dtstamp"].to_ical().decode().startswith(stamp), "stamped with the data's date, not the build's"
        assert entry["dtend"].dt > entry["dtstart"].dt
    for event in expected:
        (entry,) = [e for e in events if str(e["uid"]) == f"{event.id}@{SITE.host}"]
        assert entry["dtstart"].dt.isoformat() == event.date
        assert str(entry["summary"]) == text_in(event.title)


def test_the_whats_new_page_lists_every_change_newest_first(case: tuple[Path, Dataset]) -> None:
    _, data = case
    page = render_pages(data, SITE)["whats-new.md"]
    lines = [line for line in page.splitlines() if line.startswith("- ")]
    assert len(lines) == sum(len(item.history) for item in data.tracked())
    days = [earliest_day(item.history[i].date) for _, changes in Views(data).changes_by_month() for item, i in changes]
    assert days == sorted(days, reverse=True)


def test_each_country_has_a_feed_of_the_changes_that_concern_it(case: tuple[Path, Dataset]) -> None:
    _, data = case
    everything = [entry_id for entry_id, _, _ in atom.feed_entries(data, SITE)]  # every change, newest first
    for country in data.all("countries"):
        feed = feedparser.parse(atom.feeds(data, SITE)[f"feeds/{country.id}.xml"])
        assert not feed.bozo, (country.id, feed.get("bozo_exception"))
        concern = {item.id for item in data.tracked() if country in data.country_of(item)}
        ids = [e.id for e in feed.entries]
        assert all(e.id.split(":", 2)[2].split("/")[0] in concern for e in feed.entries), country.id
        assert ids == [e for e in everything if e.split(":", 2)[2].split("/")[0] in concern][: atom.FEED_LIMIT]
        assert feed.feed.links[0].href == f"{SITE.url}feeds/{country.id}.xml"


def test_every_column_of_ids_has_the_names_beside_it(case: tuple[Path, Dataset]) -> None:
    from macros.dataset import referenced_collection

    _, data = case
    files = csvfiles.csv_exports(data)
    checked = 0
    for collection in COLLECTIONS:
        if not collection.many:
            continue
        rows = read_csv(files[f"data/csv/{collection.name}.csv"])
        fields = collection.model.model_fields
        ref_fields = [name for name, info in fields.items() if referenced_collection(info.annotation, tuple(info.metadata))]
        checked += len(ref_fields)
        for row, record in zip(rows, data.all(collection.name), strict=True):
            for name in ref_fields:
                value = getattr(record, name)
                ids = value if isinstance(value, list) else [value] if value else []
                names = [routes.title_of(data, i) for i in ids]
                assert row[f"{name}_names"] == ";".join(csvfiles.spreadsheet_safe(n) for n in names), (record.id, name)
    assert checked > 10, "the models' reference fields were not found"
