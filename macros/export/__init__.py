"""Dataset → the downloadable files: JSON, CSV and its Data Package, JSON Schema, the Atom feed and the iCalendar file.

Like the pages, pure functions of the validated Dataset: the same data gives the same bytes (no
build time, no dict-order surprises). Where each file goes is named in :mod:`macros.routes`;
everything under ``docs/data/`` plus ``docs/feed.xml``, ``docs/feeds/`` and ``docs/calendar.ics`` counts as generated
(:data:`macros.write.GENERATED`).
"""

from __future__ import annotations

from ..dataset import Dataset
from ..routes import CALENDAR_PATH, DATAPACKAGE_PATH, JSON_PATH, Site
from .calendar import ical_export
from .csvfiles import csv_tables
from .datapackage import datapackage
from .feed import feeds
from .jsonfile import json_export, record_files
from .schema import schema_exports


def export_files(data: Dataset, site: Site) -> dict[str, str]:
    """Every downloadable file: path under docs/ → text."""
    tables = csv_tables(data)  # written once, described once
    return {
        JSON_PATH: json_export(data, site),
        **record_files(data, site),
        **{table.path: table.text for table in tables},
        DATAPACKAGE_PATH: datapackage(tables, site),
        **schema_exports(site),
        **feeds(data, site),
        CALENDAR_PATH: ical_export(data, site),
    }
