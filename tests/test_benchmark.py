"""The benchmark's synthetic data is valid and linked, and its JSON lines have exactly the promised keys.

No timing is asserted: timings depend on the machine.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from macros import benchmark, synthetic
from macros.dataset import build_dataset
from macros.pipeline import ROOT


@pytest.fixture(scope="module")
def real_counts() -> dict[str, int]:
    data = build_dataset(ROOT / "data")
    return {name: len(records) for name, records in data.collections.items()}


def test_synthetic_data_validates_and_scales(tmp_path: Path, real_counts: dict[str, int]) -> None:
    counts = synthetic.generate(ROOT / "data", tmp_path / "data", scale=2)
    data = build_dataset(tmp_path / "data")  # raises DataError if anything is invalid or dangling
    for name, records in data.collections.items():
        assert len(records) == counts[name]
        if name in synthetic.FIXED:
            assert len(records) == real_counts[name], f"{name} must not scale"
        else:
            base = max(real_counts[name], synthetic.FLOOR.get(name, 0))
            assert len(records) == 2 * base, name
    # Realistic links: deals name organisations and countries, proposals a person of their
    # country, and some source is cited by many records.
    deals = [d for d in data.all("deals") if d.id.startswith("syn-")]
    assert deals and all(d.parties and d.countries for d in deals)
    for proposal in data.all("proposals"):
        assert data[proposal.person].country == proposal.country
    most_cited = max(len(data.referring(s.id)) for s in data.all("sources"))
    assert most_cited >= 20


def test_synthetic_text_lengths_follow_the_real_data() -> None:
    raw = synthetic.read_raw(ROOT / "data")
    gen = synthetic.Generator(raw, seed=1)
    real = gen.lengths["summary"]
    made = [len(gen.text("summary")) for _ in range(300)]
    assert min(real) - 1 <= sorted(made)[len(made) // 2] <= max(real) + 30


def test_json_line_has_exactly_the_keys(capsys: pytest.CaptureFixture[str]) -> None:
    assert benchmark.main(["--scales", "1", "--json"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert len(lines) == 1
    row = json.loads(lines[0])
    assert list(row) == list(benchmark.KEYS)
    assert row["scale"] == 1 and row["records"] > 0 and row["pages"] > 0
    assert all(isinstance(row[k], int | float) for k in benchmark.KEYS)


def test_invalid_real_data_is_reported_not_benchmarked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "countries.yaml").write_text("- id: [oops\n", encoding="utf-8")
    assert benchmark.main(["--scales", "1", "--data", str(data)]) == 1
    err = capsys.readouterr().err
    assert "real data is invalid" in err and "data/countries.yaml" in err
    assert "Traceback" not in err


def test_report_splits_render_time_into_its_parts() -> None:
    result = benchmark.run_scale(ROOT, ROOT / "data", 1, pages=False)
    parts = result["render_parts"]
    assert list(parts) == ["pages", "exports", "writing"]
    assert all(seconds >= 0 for seconds in parts.values())
    assert sum(parts.values()) == pytest.approx(result["render_s"], abs=0.003)  # each is rounded to 1 ms
    assert f"render_s at 1x = pages {parts['pages']:.3f} + exports {parts['exports']:.3f}" in benchmark.report([result])
