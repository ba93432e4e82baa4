"""The benchmark's synthetic data is valid and linked, and its JSON lines have exactly the promised keys.

No timing is asserted: timings depend on the machine.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from macros import ROOT
from macros.dataset import build_dataset
from macros.dev import benchmark, synthetic


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
    real = sorted(gen.lengths["summary"])
    made = sorted(len(gen.text("summary")) for _ in range(300))
    real_median, made_median = real[len(real) // 2], made[len(made) // 2]
    assert abs(made_median - real_median) <= 0.25 * real_median, (made_median, real_median)


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


def canned(scale: int, load_s: float, render_s: float, build_s: float) -> dict[str, object]:
    """A result as the child reports it, without running a build."""
    total = round(load_s + render_s + build_s, 3)
    parts = {"pages": round(render_s * 0.6, 3), "exports": round(render_s * 0.3, 3)}
    parts["writing"] = round(render_s - parts["pages"] - parts["exports"], 3)
    return {
        "scale": scale,
        "records": 533 * scale,
        "pages": 27,
        "load_s": load_s,
        "render_s": render_s,
        "build_s": build_s,
        "total_s": total,
        "peak_mib": 60.0,
        "search_index_kib": 400.0,
        "cpu_s": total,
        "render_parts": parts,
        "counts": {"deals": 56 * scale},
    }


def test_report_states_the_budget_and_the_growth_and_the_parts() -> None:
    within = [canned(1, 0.030, 0.060, 0.8), canned(10, 0.2, 0.6, 7.0), canned(100, 1.5, 8.0, 80.0)]
    text = benchmark.report(within)
    assert "budget: our own work at 1x 90 ms, at most 150 ms: MET" in text
    assert "growth: our own work at 100x / at 10x = 11.9, at most 12: MET (the whole build: 11.5)" in text
    assert "render_s at 1x = pages 0.036 + exports 0.018 + writing 0.006 s" in text
    over = [canned(1, 0.050, 0.110, 0.8), canned(10, 0.2, 0.6, 7.0), canned(100, 2.0, 10.0, 90.0)]
    text = benchmark.report(over)
    assert "at 1x 160 ms, at most 150 ms: NOT MET" in text and "10x = 15.0, at most 12: NOT MET (the whole build: 13.1)" in text
