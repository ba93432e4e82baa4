"""Derived answers (macros/views.py) count what they say they count."""

from __future__ import annotations

import pytest

from macros import ROOT
from macros.dataset import Dataset, build_dataset
from macros.fields import DealType
from macros.labels import format_figure
from macros.pipeline import render
from macros.routes import read_site
from macros.views import Views


@pytest.fixture(scope="module")
def data() -> Dataset:
    return build_dataset(ROOT / "data")


def test_the_country_comparison_counts_what_its_columns_say(data: Dataset) -> None:
    rows = {row.country.id: row for row in Views(data).country_comparison()}
    assert list(rows) == [c.id for c in data.all("countries")]
    for country in data.all("countries"):
        row = rows[country.id]
        assert row.proposals_made == sum(1 for p in data.all("proposals") if p.country == country.id)
        naming = [d for d in data.all("deals") if country.id in d.countries]
        assert row.deals == len(naming)
        assert row.commitments_to == sum(1 for c in data.all("commitments") if country.id in c.made_to)
        itemised = [d for d in naming if d.type != DealType.aggregate]
        for currency, total in row.totals.items():
            valued = [d for d in itemised if d.value and d.value.currency.value == currency]
            assert total.amount == pytest.approx(sum(d.value.amount for d in valued)), (country.id, currency)
            assert total.deals == len(valued)
        assert sum(t.deals for t in row.totals.values()) + row.without_value == len(itemised)
        assert {d.id for d in row.aggregates} == {d.id for d in naming if d.type == DealType.aggregate}
    # The host made no proposal: it made the commitments.
    assert rows[data.summit.host].proposals_made == 0


def test_the_countries_page_shows_the_comparison(data: Dataset) -> None:
    page = render(ROOT / "data", read_site(ROOT / "mkdocs.yml"))[1]["countries/index.md"].replace("\\", "")
    table = page.split("## Compared", 1)[1].split("Aggregate figures", 1)[0]
    for row in Views(data).country_comparison():
        line = next(line for line in table.splitlines() if line.startswith(f"| [{row.country.name}]"))
        assert f"| {row.proposals_made} | {row.deals} | {row.commitments_to} |" in line
        for currency, total in row.totals.items():
            assert format_figure(total.amount, currency) in line
    assert "more than US$3.7 billion" not in table, "an aggregate figure is shown as an itemised deal's value"


def test_only_one_source_is_primary(tmp_path) -> None:
    """The founding article is the one primary source; a second is a mistake, reported with its line."""
    import shutil

    from macros.problems import DataError

    data_dir = shutil.copytree(ROOT / "tests" / "fixtures" / "minimal", tmp_path / "data")
    sources = next(p for p in sorted(data_dir.rglob("*.yaml")) if "sources" in p.as_posix())
    text = sources.read_text(encoding="utf-8")
    first, second = (i for i, line in enumerate(text.splitlines()) if line.startswith("- id: "))
    lines = text.splitlines()
    for at in sorted((first, second), reverse=True):
        lines.insert(at + 1, "  primary: true")
    sources.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as raised:
        build_dataset(data_dir)
    assert "only one source can be primary" in raised.value.report()
