"""Where everything lives and what it is called: every page, every record's home, every published file.

One table answers "which page shows this record, under which anchor, with which title, at which
public address", for the pages (:func:`page_specs`, with what each page's description says it
holds), the links between them (:func:`home_of`, :func:`title_of`), the exports, the feed and the
calendar (:func:`permalink`, the file paths below). Nothing here renders a page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import yaml
from yaml_env_tag import construct_env_tag

from .dataset import Dataset
from .fields import Text, text_in
from .model import COLLECTIONS
from .problems import DataError, Problem

if TYPE_CHECKING:
    from .views import Views  # views builds on routes; page descriptions are given the views to read

# ---------------------------------------------------------------------------
# The site: its name and public address
# ---------------------------------------------------------------------------


UNKNOWN_HOST = "site-address-not-set.invalid"
"""What feed ids and calendar uids name as the host when the build was not told the address (.invalid
is reserved for names that are not real, RFC 2606): never a real host the site is not on."""


@dataclass(frozen=True)
class Site:
    """What pages and exports need to know about the published site."""

    name: str
    url: str
    """``site_url``, always ending with ``/``; empty when the build was not told the address: then every
    address is a path from the site's root without a leading slash (``deals/x/``), which is right
    wherever the site is published, and nothing names a host."""
    directory_urls: bool = True
    known: bool = True
    """Whether the build was told where the site is published (``SITE_URL``)."""

    @classmethod
    def of(cls, name: str | None, url: str | None, directory_urls: bool | None = True) -> Site:
        name, directory_urls = str(name or "Site"), directory_urls is not False
        if not url:
            return cls(name, "", directory_urls, known=False)
        url = str(url)
        return cls(name, url if url.endswith("/") else url + "/", directory_urls)

    @classmethod
    def from_config(cls, config: Any) -> Site:
        """From MkDocs' own configuration (the hook's ``config``)."""
        return cls.of(config.site_name, config.site_url, config.use_directory_urls)

    @property
    def host(self) -> str:
        return (urlsplit(self.url).hostname or UNKNOWN_HOST) if self.known else UNKNOWN_HOST

    def page_url(self, page: str, anchor: str | None = None) -> str:
        """The public URL of a page under docs/ (``countries/kazakhstan.md``), with an anchor."""
        if self.directory_urls:
            if page == "index.md":
                path = ""
            elif page.endswith("/index.md"):
                path = page[: -len("index.md")]
            else:
                path = page[: -len(".md")] + "/"
        else:
            path = page[: -len(".md")] + ".html"
        return self.url + path + (f"#{anchor}" if anchor else "")


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as MkDocs does for ``!ENV`` (with MkDocs' own pyyaml_env_tag), ignoring tags such
    as !!python/name that need MkDocs itself."""


_ConfigLoader.add_constructor("!ENV", construct_env_tag)
_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_site(config_file: Path) -> Site:
    """The site's name, URL and URL style, read from a mkdocs.yml (defaults if there is none).

    For the command line, and for ``mkdocs serve``, which replaces ``site_url`` in its config with
    the local address: the pages and exports always name the published one."""
    text = config_file.read_text(encoding="utf-8") if config_file.is_file() else ""
    config = yaml.load(text, Loader=_ConfigLoader) or {}
    return Site.of(config.get("site_name"), config.get("site_url"), config.get("use_directory_urls", True))


# ---------------------------------------------------------------------------
# Records: which page, which anchor, which title
# ---------------------------------------------------------------------------


RECORD_PAGES: tuple[str, ...] = ("deals", "proposals", "commitments", "organisations", "people", "events", "sources")
"""The collections whose every record has a page of its own, at ``<collection>/<id>/``, beside an index
page at ``<collection>/`` that lists them all in one table (for the events, the timeline)."""

RESERVED_IDS = frozenset({"index"})
"""Ids a record with a page of its own cannot take: ``<collection>/index.md`` is the index page."""


def record_page(collection: str, record_id: str) -> str:
    return f"{collection}/{record_id}.md"


def index_page(collection: str) -> str:
    """The page that lists a collection's records: ``<collection>/index.md``; the timeline for events."""
    return "timeline.md" if collection == "events" else f"{collection}/index.md"


def listed_at(data: Dataset, record_id: str) -> tuple[str, str | None]:
    """The page that lists a record, and the record's anchor there.

    Before records had pages of their own, this was where each one lived; the anchors stay (on the row
    of an index table, or beside a country's or a pillar's entry), so a link saved then still lands."""
    kind = data.collection_of[record_id]
    record = data[record_id]
    match kind:
        case "summit":
            return "index.md", None
        case "initiative":
            return "initiative/index.md", None
        case "countries":
            return f"countries/{record_id}.md", None
        case "pillars":
            return f"initiative/{record_id}.md", None
        case "people" | "proposals":
            return f"countries/{record.country}.md", record_id
        case "commitments":
            page = f"initiative/{record.pillar}.md" if record.pillar else "initiative/index.md"
            return page, record_id
        case "declaration":
            return "declaration.md", record_id
        case "events":
            return "timeline.md", record_id
        case _ if kind in RECORD_PAGES:
            return index_page(kind), record_id
        case _:
            return f"{kind}.md", record_id


def home_of(data: Dataset, record_id: str) -> tuple[str, str | None]:
    """The page (path under docs/) where a record lives, and its anchor there: its own page where it has
    one, or its place on the page that lists it."""
    kind = data.collection_of[record_id]
    if kind in RECORD_PAGES:
        return record_page(kind, record_id), None
    return listed_at(data, record_id)


def title_of(data: Dataset, record_id: str) -> str:
    """What a link to the record says."""
    record = data[record_id]
    for attr in ("title", "name", "term", "label"):
        value = getattr(record, attr, None)
        if value:
            return text_in(value)
    if data.collection_of[record_id] == "declaration":
        return f"Declaration point {record.number}"
    if data.collection_of[record_id] == "corrections":
        return f"Correction: {record.outlet}"
    return record_id


def short_title_of(data: Dataset, record_id: str) -> str:
    """What a link in a narrow place says: an organisation's abbreviation where it has one."""
    return getattr(data[record_id], "short", None) or title_of(data, record_id)


# ---------------------------------------------------------------------------
# Pages: every generated page, in the order of the site's sections
# ---------------------------------------------------------------------------

Description = Callable[["Views"], Text]


@dataclass(frozen=True)
class PageSpec:
    """A page to generate: where it goes, which template draws it, what its meta description says,
    and what else its template is given."""

    path: str
    template: str
    description: Description
    context: tuple[tuple[str, Any], ...] = ()
    search_boost: float | None = None
    """Material's search ranks the page's matches by this factor: record pages above the pages that list
    them, the sources below the pages they support."""
    search_exclude: bool = False
    """Kept out of the search index (Material's front matter ``search: exclude``)."""
    wide: bool = False
    """A page of wide tables: Material hides its "on this page" column to give them the room."""


def _about(text: str) -> Description:
    """A description that says what a page holds; ``{summit}`` stands for the summit's short name."""
    return lambda views: text.format(summit=text_in(views.data.summit.short))


def page_specs(data: Dataset) -> list[PageSpec]:
    """Every generated page. A description says what the page holds; its facts come from the data."""
    return [
        PageSpec("index.md", "home.md.j2", lambda v: v.data.summit.summary),
        PageSpec("initiative/index.md", "initiative.md.j2", lambda v: v.data.initiative.summary),
        *(
            PageSpec(f"initiative/{p.id}.md", "pillar.md.j2", lambda v, p=p: p.summary, (("pillar", p),))
            for p in data.all("pillars")
        ),
        PageSpec(
            "declaration.md",
            "declaration.md.j2",
            _about("The declaration of the {summit}, point by point, with the pillar each point concerns and its sources."),
        ),
        PageSpec(
            "countries/index.md",
            "countries.md.j2",
            _about(
                "The countries of the {summit}: their leaders and visits, and their proposals, deals and commitments compared."
            ),
        ),
        *(
            PageSpec(
                f"countries/{c.id}.md",
                "country.md.j2",
                lambda v, c=c: c.summary,
                (("country", c), ("feed", country_feed_path(c.id))),
            )
            for c in data.all("countries")
        ),
        PageSpec(
            index_page("deals"),
            "deals.md.j2",
            _about("Every deal, agreement, grant and loan of the {summit}, with parties, financiers, values and sources."),
            wide=True,
        ),
        PageSpec(
            index_page("organisations"),
            "organisations.md.j2",
            _about(
                "Companies, agencies, banks, universities and multilateral"
                " organisations in the deals and pledges of the {summit}."
            ),
            wide=True,
        ),
        PageSpec(
            "tracker.md",
            "tracker.md.j2",
            _about("What became of each commitment, proposal and deal of the {summit}: status, dated history and sources."),
            wide=True,
        ),
        PageSpec(
            "whats-new.md",
            "whats_new.md.j2",
            _about(
                "What changed, newest first: every dated, sourced change of status of the"
                " {summit}'s commitments, proposals and deals."
            ),
        ),
        PageSpec("timeline.md", "timeline.md.j2", _timeline_description),
        PageSpec(
            "figures.md",
            "figures.md.j2",
            _about("Every number about the {summit} with its unit, the conversions outlets gave and the sources of each."),
        ),
        PageSpec(
            index_page("sources"),
            "sources.md.j2",
            _about(
                "The sources behind every fact about the {summit}: outlet, title, date,"
                " language, whether official, and how often each is cited."
            ),
            search_boost=0.5,
            wide=True,
        ),
        PageSpec(
            "corrections.md",
            "corrections.md.j2",
            _about("Errors found in outlets' reports of the {summit}, and every place where sources disagree."),
        ),
        PageSpec("glossary.md", "glossary.md.j2", _glossary_description),
        PageSpec(
            "data.md",
            "data.md.j2",
            _about(
                "Every record about the {summit} as JSON or CSV, the JSON Schema of each data file, the feed and the calendar."
            ),
        ),
        PageSpec(
            index_page("proposals"),
            "proposals.md.j2",
            _about("Every proposal the leaders put on the table at the {summit}: who made it, its pillars and its status."),
            wide=True,
        ),
        PageSpec(
            index_page("commitments"),
            "commitments.md.j2",
            _about("Every commitment made at the {summit}: who made it, to whom, under which pillar, and its status."),
            wide=True,
        ),
        PageSpec(
            index_page("people"),
            "people.md.j2",
            _about("The people of the {summit}: leaders, ministers and officials, with their roles and countries."),
        ),
        *record_page_specs(data),
    ]


RECORD_TEMPLATES = {
    "deals": "deal.md.j2",
    "proposals": "proposal.md.j2",
    "commitments": "commitment.md.j2",
    "organisations": "organisation.md.j2",
    "people": "person.md.j2",
    "events": "event.md.j2",
    "sources": "source.md.j2",
}


RECORD_SEARCH_BOOST = {"people": 3, "organisations": 3, "deals": 2, "proposals": 2, "commitments": 2, "events": 1, "sources": 1}
"""How search ranks a record page against the pages that list it (1). Readers type names: a person's or an
organisation's own page comes before the events and deals that name them in their titles."""


def record_page_specs(data: Dataset) -> list[PageSpec]:
    """A page for every record of the collections in :data:`RECORD_PAGES`.

    Raises DataError for a record whose id is reserved (its page would replace the index page)."""
    reserved = [
        Problem(*data.place(record.id), f"the id '{record.id}' is reserved: {index_page(collection)} lists the {collection}")
        for collection in RECORD_PAGES
        for record in data.all(collection)
        if record.id in RESERVED_IDS
    ]
    if reserved:
        raise DataError(reserved)
    specs = []
    for collection in RECORD_PAGES:
        for record in data.all(collection):
            specs.append(
                PageSpec(
                    record_page(collection, record.id),
                    RECORD_TEMPLATES[collection],
                    lambda v, r=record: _record_description(v, r),
                    (
                        ("record", record),
                        ("collection", collection),
                        ("json_path", record_json_path(collection, record.id)),
                        ("index", index_page(collection)),
                    ),
                    # A source's page is found through the pages it supports and the sources index:
                    # in the index it would double the sources' weight (a fifth of all indexed text).
                    search_boost=RECORD_SEARCH_BOOST[collection],
                    search_exclude=collection == "sources",
                )
            )
    return specs


def _record_description(views: Views, record: Any) -> Text:
    """What the record is, in the words of its own summary (or role, or headline)."""
    match views.data.collection_of[record.id]:
        case "sources":
            return f"{record.outlet}, {record.date}: {record.title}"
        case "people":
            return f"{record.name}: {text_in(record.role)}"
        case "events":
            return f"{record.date}: {text_in(record.title)}. {text_in(record.summary)}"
        case _:
            return record.summary


def _timeline_description(views: Views) -> str:
    summit = text_in(views.data.summit.short)
    return f"Timeline of the dialogue from {views.first_year()} to the {summit} of {views.data.summit.end[:4]} and what followed."


def _glossary_description(views: Views) -> str:
    # The abbreviations, in the data file's order (the one its authors chose): what readers look up.
    entries = views.data.all("glossary")
    terms = [entry.term for entry in entries if " " not in entry.term][:6]
    return "Abbreviations and terms used on the site: " + ", ".join(terms) + (" and more." if len(entries) > len(terms) else ".")


# ---------------------------------------------------------------------------
# Published files: the open data and the feed
# ---------------------------------------------------------------------------

JSON_PATH = "data/cajad.json"
CSV_DIR = "data/csv"
SCHEMA_DIR = "data/schema"
DATAPACKAGE_PATH = "data/datapackage.json"
"""The Frictionless Data Package describing the CSV files; its resources' paths are relative to it."""
FEED_PATH = "feed.xml"
FEEDS_DIR = "feeds"
CALENDAR_PATH = "calendar.ics"
STATUS_CHANGES_CSV = f"{CSV_DIR}/status_changes.csv"
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
FEED_LIMIT = 200
"""The feed holds the newest changes only, as feeds do: readers poll it, and with every change ever it
would grow with the data (15.6 MB at 100 times today's). Every change is in status_changes.csv."""


RECORDS_DIR = "data/records"


def record_json_path(collection: str, record_id: str) -> str:
    """One record as JSON, for a record page's "this record as JSON" link."""
    return f"{RECORDS_DIR}/{collection}/{record_id}.json"


def country_feed_path(country_id: str) -> str:
    return f"{FEEDS_DIR}/{country_id}.xml"


def csv_path(collection: str) -> str:
    return f"{CSV_DIR}/{collection}.csv"


def schema_path(collection: str) -> str:
    return f"{SCHEMA_DIR}/{collection}.schema.json"


def data_files_of(collection: str) -> str:
    """Where a collection's records are written: ``data/deals.yaml or data/deals/*.yaml``."""
    many = next(c.many for c in COLLECTIONS if c.name == collection)
    return f"data/{collection}.yaml" + (f" or data/{collection}/*.yaml" if many else "")


def modeline(data_file: str) -> str:
    """The first line of a data file (path relative to the repository, like data/deals/jica.yaml)."""
    parts = Path(data_file).parts
    collection = parts[1] if len(parts) > 2 else Path(parts[1]).stem
    up = "../" * (len(parts) - 1)
    return f"# yaml-language-server: $schema={up}docs/{schema_path(collection)}"


def permalink(data: Dataset, site: Site, record_id: str) -> str:
    """A record's public address: its page, and its anchor there."""
    page, anchor = home_of(data, record_id)
    return site.page_url(page, anchor)
