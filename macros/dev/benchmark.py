"""``python -m macros benchmark``: how build time, memory and page weight grow with the data.

For each scale N the project (mkdocs.yml, macros/ with its theme, the
hand-written docs pages) is copied into a temporary directory, synthetic data at
N times the real record counts is written there (:mod:`macros.dev.synthetic`), and
a child process, one per scale, times:

load_s    load + validate + link (``build_dataset``)
render_s  render the Markdown pages and the exports (JSON, CSV, schemas, feed) and write them
build_s   ``mkdocs build`` (in process, with the hook) minus the hook's own time:
          the hook repeats load + render, which load_s and render_s already count
total_s   load_s + render_s + build_s, i.e. one ``mkdocs build`` from data
peak_mib  the child's peak resident memory (``ru_maxrss``), including Python,
          MkDocs and Material themselves: one process per scale, so it is honest

Each scale is built twice, in two processes: the first build fills ``.cache/``
(compiled Jinja templates, JSON Schemas, parsed data files; see
:mod:`macros.cache`) as the first build after a clone does; then one record is
edited and the second build reuses the cache as every later build does (the
edited file is parsed again; all data is validated, linked and rendered). The
second is the one reported (and the only one in ``--json``); the report also
shows the first.

The work tree is only read. The real data must be valid (its record counts are
the base of every scale); if it is not, its problems are reported and the
benchmark exits 1.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

KEYS = ("scale", "records", "pages", "load_s", "render_s", "build_s", "total_s", "peak_mib", "search_index_kib")
STOCK_MATERIAL_KIB = 282
"""Lighthouse transfer size of a stock Material for MkDocs page, the ceiling for ours."""

# ---------------------------------------------------------------------------
# Parent: prepare a project per scale, run the child, report
# ---------------------------------------------------------------------------


def copy_project(root: Path, dest: Path) -> None:
    """Copy what a build needs, except data/ and the generated pages."""
    from ..write import is_generated

    shutil.copy2(root / "mkdocs.yml", dest / "mkdocs.yml")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(root / "macros", dest / "macros", ignore=ignore)
    docs = root / "docs"
    for path in sorted(docs.rglob("*")):
        if path.is_file() and not (path.suffix == ".md" and is_generated(path)):
            target = dest / "docs" / path.relative_to(docs)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)


def run_scale(root: Path, real_data: Path, scale: int, pages: bool) -> dict[str, Any]:
    from . import synthetic

    with tempfile.TemporaryDirectory(prefix=f"macros-bench-{scale}x-") as tmp:
        project = Path(tmp)
        copy_project(root, project)
        counts = synthetic.generate(real_data, project / "data", scale)
        # The first build after a clone also fills .cache/ (compiled templates, schemas, parsed
        # files); later builds reuse it. The reported build is a later one, after a contributor's
        # edit of one record: its file is parsed again, and everything is validated and rendered.
        first = _child(project, scale, pages=False)
        synthetic.edit_one_record(project / "data")
        result = _child(project, scale, pages=pages)
        result["first"] = first
        result["counts"] = counts
        return result


def _child(project: Path, scale: int, pages: bool) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    command = [sys.executable, "-m", "macros.dev.benchmark", "--child", str(scale)] + (["--pages"] if pages else [])
    # cwd=project: the child imports the copied package, and writes only there.
    done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        shown = "\n".join(lines[:30] + ([f"... ({len(lines) - 30} more lines)"] if len(lines) > 30 else []))
        raise RuntimeError(f"the {scale}x build failed:\n{shown}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    from .. import ROOT
    from ..dataset import build_dataset
    from ..problems import DataError

    parser = argparse.ArgumentParser(prog="python -m macros benchmark", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="1,10,100", help="comma-separated multiples of the real record counts")
    parser.add_argument("--json", action="store_true", help="one JSON object per scale per line, nothing else")
    parser.add_argument("--pages", action="store_true", help="with --json: also print page weights at the first scale")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="the real data (default: data/)")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        return child(args.child, args.pages)
    try:
        scales = [int(s) for s in args.scales.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--scales must be whole numbers separated by commas, not {args.scales!r}")
    if not scales or min(scales) < 1:
        parser.error("--scales must be positive whole numbers")
    try:
        build_dataset(args.data)
    except DataError as error:
        print(f"cannot benchmark: the real data is invalid, so its record counts are no base.\n{error.report()}", file=sys.stderr)
        return 1
    results = []
    for i, scale in enumerate(scales):
        try:
            # The report shows every page at the first scale and the heaviest page at each scale.
            result = run_scale(ROOT, args.data, scale, pages=(not args.json) or (i == 0 and args.pages))
        except RuntimeError as error:
            print(error, file=sys.stderr)
            return 1
        results.append(result)
        if args.json:
            print(json.dumps({k: result[k] for k in KEYS}), flush=True)
    if args.json:
        if args.pages and results:
            print(json.dumps({"page_weights": results[0]["page_weights"]}), file=sys.stderr)
        return 0
    print(report(results))
    return 0


BUDGET_MS_AT_1X = 150
"""Our own work (load, validate, link, render pages and exports, write) at today's data."""
GROWTH_LIMIT = 12
"""Our own work at 100x over our own work at 10x: linear growth would be 10."""


def ours_ms(result: dict[str, Any]) -> float:
    return (result["load_s"] + result["render_s"]) * 1000


def verdicts(results: list[dict[str, Any]]) -> list[str]:
    """The two targets, each MET or NOT MET, for the scales that were run."""
    by_scale = {r["scale"]: r for r in results}
    lines = []
    if 1 in by_scale:
        ms = ours_ms(by_scale[1])
        met = "MET" if ms <= BUDGET_MS_AT_1X else "NOT MET"
        lines.append(f"budget: our own work at 1x {ms:.0f} ms, at most {BUDGET_MS_AT_1X} ms: {met}")
    if 10 in by_scale and 100 in by_scale and ours_ms(by_scale[10]):
        growth = ours_ms(by_scale[100]) / ours_ms(by_scale[10])
        whole = by_scale[100]["total_s"] / by_scale[10]["total_s"]
        met = "MET" if growth <= GROWTH_LIMIT else "NOT MET"
        lines.append(
            f"growth: our own work at 100x / at 10x = {growth:.1f}, at most {GROWTH_LIMIT}: {met} (the whole build: {whole:.1f})"
        )
    return lines


def report(results: list[dict[str, Any]]) -> str:
    lines = [
        f"{'scale':>5} {'records':>8} {'pages':>5} {'load_s':>7} {'render_s':>8} {'build_s':>8} {'total_s':>8} "
        f"{'cpu_s':>7} {'peak_mib':>8} {'search_kib':>10} {'ours_ms':>7}"
    ]

    def row(label: str, r: dict[str, Any]) -> str:
        return (
            f"{label:>5} {r['records']:>8} {r['pages']:>5} {r['load_s']:>7.3f} {r['render_s']:>8.3f} {r['build_s']:>8.3f} "
            f"{r['total_s']:>8.3f} {r.get('cpu_s', 0):>7.2f} {r['peak_mib']:>8.1f} {r['search_index_kib']:>10.1f} "
            f"{ours_ms(r):>7.0f}"
        )

    for r in results:
        lines.append(row(str(r["scale"]), r))
    lines.append(
        "ours_ms = load_s + render_s in ms (our own work); cpu_s = CPU time of the total_s work; "
        "peak_mib = the child process's ru_maxrss."
    )
    lines += verdicts(results)
    for r in results:
        parts = r.get("render_parts")
        if parts:
            shown = " + ".join(f"{name} {seconds:.3f}" for name, seconds in parts.items())
            lines.append(f"render_s at {r['scale']}x = {shown} s")
    firsts = [r for r in results if "first" in r]
    if firsts:
        lines.append("The first build after a clone, before .cache/ holds compiled templates, schemas and parsed files:")
        lines += [row(f"{r['scale']}", r["first"]) for r in firsts]
    if results:
        counts = ", ".join(f"{k} {v}" for k, v in results[0]["counts"].items())
        lines.append(f"records at {results[0]['scale']}x: {counts}")
    weights = results[0].get("page_weights") if results else None
    if weights:
        lines += ["", f"Page weight at {results[0]['scale']}x (gzip -9 bytes of the HTML and of the CSS and JS it loads):"]
        lines.append(f"{'page':<48} {'html_kib':>8} {'css_kib':>8} {'js_kib':>8} {'total_kib':>9}  blocking")
        for w in weights:
            lines.append(
                f"{w['page']:<48} {w['html_kib']:>8.1f} {w['css_kib']:>8.1f} {w['js_kib']:>8.1f} {w['total_kib']:>9.1f}  "
                f"{', '.join(w['blocking']) or '-'}"
            )
    for r in results:
        if r.get("page_weights"):
            top = max(r["page_weights"], key=lambda w: w["total_kib"])
            over = [w["page"] for w in r["page_weights"] if w["total_kib"] > STOCK_MATERIAL_KIB]
            verdict = (
                f"within the {STOCK_MATERIAL_KIB} KiB of a stock Material page"
                if not over
                else f"{len(over)} page(s) OVER the {STOCK_MATERIAL_KIB} KiB of a stock Material page: {', '.join(over)}"
            )
            lines.append(f"heaviest page at {r['scale']}x: {top['page']} {top['total_kib']:.1f} KiB; {verdict}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Child: one scale, in a fresh process, inside the copied project
# ---------------------------------------------------------------------------


def child(scale: int, pages: bool) -> int:
    import logging
    import resource

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from .. import ROOT
    from ..dataset import build_dataset
    from ..export import export_files
    from ..render import render_pages
    from ..routes import read_site
    from ..write import sync

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    cpu_start = time.process_time()
    start = time.perf_counter()
    dataset = build_dataset(ROOT / "data")
    loaded = time.perf_counter()
    # What the hook does (pipeline.generate), in its two timed parts: pages and exports both count.
    here = read_site(ROOT / "mkdocs.yml")
    pages_done = render_pages(dataset, here)
    paged = time.perf_counter()
    rendered = {**pages_done, **export_files(dataset, here)}
    exported = time.perf_counter()
    sync(ROOT / "docs", rendered)
    written = time.perf_counter()

    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(ROOT / "site"))
    hook_time = [0.0, 0.0]  # wall, CPU
    for hook in config["hooks"].values():
        original = getattr(hook, "generate", None)
        if original is None:
            continue

        def timed(*args: Any, _original: Any = original, **kwargs: Any) -> Any:
            began, cpu_began = time.perf_counter(), time.process_time()
            try:
                return _original(*args, **kwargs)
            finally:
                hook_time[0] += time.perf_counter() - began
                hook_time[1] += time.process_time() - cpu_began

        hook.generate = timed
    began = time.perf_counter()
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    built = time.perf_counter()
    cpu_built = time.process_time()

    site = ROOT / "site"
    index = site / "search" / "search_index.json"
    result: dict[str, Any] = {
        "scale": scale,
        "records": len(dataset.by_id),
        "pages": sum(1 for _ in (ROOT / "docs").rglob("*.md")),
        "load_s": round(loaded - start, 3),
        "render_s": round(written - loaded, 3),
        # render_s in its parts, for the report (not in --json, whose keys the issue fixes)
        "render_parts": {
            "pages": round(paged - loaded, 3),
            "exports": round(exported - paged, 3),
            "writing": round(written - exported, 3),
        },
        "build_s": round(built - began - hook_time[0], 3),
        "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "search_index_kib": round(index.stat().st_size / 1024, 1) if index.exists() else 0.0,
        "hook_s": round(hook_time[0], 3),
        # CPU seconds of the same work (load + render + build without the hook): on a busy machine
        # wall time includes waiting for the CPU, CPU time does not.
        "cpu_s": round(cpu_built - cpu_start - hook_time[1], 3),
    }
    result["total_s"] = round(result["load_s"] + result["render_s"] + result["build_s"], 3)
    if pages:
        result["page_weights"] = page_weights(site)
    print(json.dumps(result))
    return 0


class _Assets(HTMLParser):
    """The stylesheets and scripts a page loads, and which of them block rendering."""

    def __init__(self) -> None:
        super().__init__()
        self.css: list[str] = []
        self.js: list[str] = []
        self.blocking: list[str] = []
        self.in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif tag == "body":
            self.in_head = False
        elif tag == "link" and a.get("rel") == "stylesheet" and a.get("href"):
            href = a["href"] or ""
            self.css.append(href)
            if "/assets/stylesheets/" not in f"/{href}" or "cajad" in href:
                # Material's own CSS is expected to block; anything else is ours to justify.
                self.blocking.append(href.rsplit("/", 1)[-1])
        elif tag == "script" and a.get("src"):
            src = a["src"] or ""
            self.js.append(src)
            if self.in_head and "defer" not in a and "async" not in a and a.get("type") != "module":
                self.blocking.append(src.rsplit("/", 1)[-1])


def _gzip_size(path: Path, cache: dict[Path, int]) -> int:
    if path not in cache:
        cache[path] = len(gzip.compress(path.read_bytes(), 9)) if path.is_file() else 0
    return cache[path]


def page_weights(site: Path) -> list[dict[str, Any]]:
    """Per built page: gzip size of its HTML and of the local CSS and JS it loads."""
    cache: dict[Path, int] = {}
    rows = []
    for html in sorted(site.rglob("*.html")):
        if html.name == "404.html":
            continue
        parser = _Assets()
        parser.feed(html.read_text(encoding="utf-8"))

        def size(refs: list[str], _html: Path = html) -> int:
            total = 0
            for ref in refs:
                if re.match(r"^[a-z]+:|^//", ref):
                    continue  # remote: none expected (font: false)
                total += _gzip_size((_html.parent / ref.split("?")[0].split("#")[0]).resolve(), cache)
            return total

        html_bytes = _gzip_size(html, cache)
        css, js = size(parser.css), size(parser.js)
        rows.append(
            {
                "page": html.relative_to(site).as_posix(),
                "html_kib": round(html_bytes / 1024, 1),
                "css_kib": round(css / 1024, 1),
                "js_kib": round(js / 1024, 1),
                "total_kib": round((html_bytes + css + js) / 1024, 1),
                "blocking": parser.blocking,
            }
        )
    return rows


if __name__ == "__main__":
    sys.exit(main())
