"""``python -m macros``: render docs/ from data/ without MkDocs.

python -m macros            write the pages that changed
python -m macros --check    exit 1 if docs/ is stale (writes nothing)
python -m macros benchmark  time the build at 1x/10x/100x the data (see macros/dev/benchmark.py)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import ROOT
from .pipeline import check, generate
from .problems import DataError
from .routes import read_site

FIX = "python -m macros"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["benchmark"]:
        from .dev.benchmark import main as benchmark

        return benchmark(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m macros", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="report stale, missing or orphaned pages; write nothing")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="the data directory (default: data/)")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs", help="the docs directory (default: docs/)")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml", help="site name and address (default: mkdocs.yml)")
    args = parser.parse_args(argv)
    if not args.config.is_file():
        parser.error(f"--config {args.config}: no such file (it names the site and its address)")
    site = read_site(args.config)
    try:
        if args.check:
            diff = check(args.data, args.docs, site)
            if diff:
                print(f"docs/ is out of date with data/; run `{FIX}` to fix:\n{diff.report()}", file=sys.stderr)
                return 1
            print("docs/ is up to date with data/.")
            return 0
        diff = generate(args.data, args.docs, site)
    except DataError as error:
        print(error.report(), file=sys.stderr)
        return 1
    changed = diff.changed
    print(f"docs/ updated: {changed} page{'s' if changed != 1 else ''} changed." if changed else "docs/ already up to date.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
