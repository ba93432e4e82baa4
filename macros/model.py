"""The schema: every rule about the data lives here, as pydantic models.

Each YAML file in ``data/`` holds one collection (a list of records) or, for
``summit.yaml``, two singletons. ``COLLECTIONS`` maps file names to models; the
loader, the linker, the exports and the JSON Schema all read it, so a new
collection is declared in exactly one place.

References between records are typed: a field annotated ``CountryId`` must name
an existing country, ``SourceId`` an existing source, and so on. The marker
:class:`Ref` carries the target collection, and :mod:`macros.dataset` resolves
every marked field generically, which also gives us backlinks for free.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
)

# ---------------------------------------------------------------------------
# Scalars
# ---------------------------------------------------------------------------

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=80),
    Field(description="Stable id: lower-case words joined by hyphens. Never renumber."),
]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

LANGUAGES = ("en", "ru", "ja")
"""Languages a text may carry. English is required; the others are editions to come."""


class LocalizedText(BaseModel):
    """A text in several languages; ``en`` is required."""

    model_config = ConfigDict(extra="forbid")
    en: NonEmpty
    ru: NonEmpty | None = None
    ja: NonEmpty | None = None


Text = NonEmpty | LocalizedText
"""A plain string is English; a mapping ``{en, ru, ja}`` carries translations."""


def text_in(value: Text | None, lang: str = "en") -> str:
    """The text in ``lang``, falling back to English."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return getattr(value, lang, None) or value.en


_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _partial_date(value: Any) -> str:
    """Accept ``2025``, ``2025-12`` or ``2025-12-20`` (YAML may hand us a date)."""
    if isinstance(value, dt.datetime):
        raise ValueError("a date without a time is expected, like 2025-12-20")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError("a date is expected, like 2025-12-20, 2025-12 or 2025")
    match = _PARTIAL_DATE.match(value.strip())
    if not match:
        raise ValueError(f"{value!r} is not a date like 2025-12-20, 2025-12 or 2025")
    year, month, day = match.groups()
    if month and not 1 <= int(month) <= 12:
        raise ValueError(f"{value!r} has no month {month}")
    if day:
        try:
            dt.date(int(year), int(month), int(day))
        except ValueError:
            raise ValueError(f"{value!r} is not a day of the calendar") from None
    return value.strip()


PartialDate = Annotated[
    str,
    BeforeValidator(_partial_date),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
                {"type": "string", "format": "date"},
                # YAML reads an unquoted year (2027) as a number; the loader accepts it, so must the schema.
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ],
            "description": "A date, a month (2025-12) or a year (2025).",
        }
    ),
]


def _full_date(value: Any) -> dt.date:
    text = _partial_date(value)
    if len(text) != 10:
        raise ValueError(f"{text!r} must be a full date, like 2026-02-28")
    return dt.date.fromisoformat(text)


FullDate = Annotated[
    dt.date,
    BeforeValidator(_full_date),
    PlainSerializer(lambda d: d.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date"}),
]


def _https_url(value: str) -> str:
    if not re.match(r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::\d+)?(?:[/?#][^\s]*)?$", value):
        raise ValueError(f"{value!r} is not a well-formed https:// URL")
    return value


HttpsUrl = Annotated[str, AfterValidator(_https_url), Field(pattern=r"^https://")]

# ---------------------------------------------------------------------------
# References
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """Marks a field as naming a record of ``collection`` (``*`` = any record)."""

    collection: str


SourceId = Annotated[Slug, Ref("sources")]
CountryId = Annotated[Slug, Ref("countries")]
PersonId = Annotated[Slug, Ref("people")]
PillarId = Annotated[Slug, Ref("pillars")]
OrganisationId = Annotated[Slug, Ref("organisations")]
FigureId = Annotated[Slug, Ref("figures")]
RecordId = Annotated[Slug, Ref("*")]

Sources = Annotated[
    list[SourceId],
    Field(min_length=1, description="Ids of the sources (data/sources.yaml) that support this record."),
]

# ---------------------------------------------------------------------------
# Building blocks
# ---------------------------------------------------------------------------


class Model(BaseModel):
    """Base of every model: unknown fields are typos, and typos are errors.

    Numbers must be finite: YAML reads .inf and .nan as floats, which JSON cannot hold."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Version(Model):
    """One source's version of a disputed fact."""

    says: Text
    sources: Sources


class Dispute(Model):
    """Where sources disagree: every version with its sources, none silently picked."""

    about: Text
    versions: Annotated[list[Version], Field(min_length=2)]
    note: Text | None = None


class Currency(StrEnum):
    JPY = "JPY"
    USD = "USD"
    EUR = "EUR"
    KZT = "KZT"


class Qualifier(StrEnum):
    exact = "exact"
    about = "about"
    more_than = "more-than"
    up_to = "up-to"


class Money(Model):
    amount: Annotated[float, Field(gt=0)]
    currency: Currency
    qualifier: Qualifier = Qualifier.exact


class Record(Model):
    """Fields every record shares."""

    id: Slug
    sources: Sources
    disputes: list[Dispute] = []
    note: Text | None = None


# ---------------------------------------------------------------------------
# Tracker: what became of a commitment
# ---------------------------------------------------------------------------


class Status(StrEnum):
    proposed = "proposed"
    welcomed = "welcomed"
    agreed = "agreed"
    signed = "signed"
    under_way = "under-way"
    done = "done"
    stalled = "stalled"
    cancelled = "cancelled"


class CommitmentKind(StrEnum):
    money = "money"
    project = "project"
    meeting = "meeting"
    institution = "institution"
    target = "target"
    agreement = "agreement"
    policy = "policy"


class StatusChange(Model):
    date: PartialDate
    status: Status
    says: Text | None = None
    sources: Sources


class Tracked(Record):
    """A commitment, pledge, proposal or deal whose fate the tracker follows."""

    kind: CommitmentKind
    made_by: Annotated[list[CountryId], Field(min_length=1)]
    made_to: list[CountryId] = []
    deadline: PartialDate | None = None
    history: Annotated[
        list[StatusChange],
        Field(min_length=1, description="Status changes, oldest first, each dated and sourced."),
    ]
    checked: Annotated[
        FullDate,
        Field(description="When sources were last searched for news of this item."),
    ]


# ---------------------------------------------------------------------------
# Collections
# ---------------------------------------------------------------------------


class Source(Model):
    id: Slug
    outlet: NonEmpty
    title: NonEmpty
    date: PartialDate
    url: HttpsUrl
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
    official: bool
    publisher_confirmed: bool = True
    primary: bool = False
    """The news report the site started from: listed first among the sources."""
    note: Text | None = None


class Person(Record):
    name: NonEmpty
    role: Text
    country: CountryId


class Visit(Model):
    start: PartialDate
    end: PartialDate
    kind: Text
    summary: Text
    sources: Sources
    disputes: list[Dispute] = []


class Bilateral(Model):
    date: PartialDate
    place: Text
    outcome: Text
    summary: Text
    sources: Sources
    disputes: list[Dispute] = []


class Country(Record):
    name: Text
    iso2: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    capital: Text
    leader: PersonId
    role: Literal["host", "central-asia"]
    summary: Text
    visit: Visit | None = None
    bilateral: Bilateral | None = None


class Pillar(Record):
    name: Text
    name_ja: NonEmpty | None = None
    order: int
    summary: Text


class Commitment(Tracked):
    """A pledge or joint decision made at the summit (Japan's pledges under the initiative)."""

    title: Text
    summary: Text
    pillar: PillarId | None = None
    organisations: list[OrganisationId] = []


class Proposal(Tracked):
    """Something a leader put on the table."""

    title: Text
    summary: Text
    country: CountryId
    person: PersonId
    pillars: list[PillarId] = []
    quote: Text | None = None


class DealType(StrEnum):
    agreement = "agreement"
    contract = "contract"
    mou = "mou"
    grant = "grant"
    loan = "loan"
    joint_statement = "joint-statement"
    project = "project"
    aggregate = "aggregate"


class Sector(StrEnum):
    energy = "energy"
    transport = "transport"
    customs = "customs"
    digital = "digital"
    mining = "mining"
    health = "health"
    agriculture = "agriculture"
    education = "education"
    finance = "finance"
    tax = "tax"
    chemicals = "chemicals"
    environment = "environment"
    urban = "urban"
    diplomacy = "diplomacy"
    multi_sector = "multi-sector"


class Signing(Model):
    date: PartialDate
    place: Text | None = None


class Deal(Tracked):
    """A deal, agreement or official development assistance project."""

    title: Text
    summary: Text
    type: DealType
    sector: Sector
    countries: Annotated[list[CountryId], Field(min_length=1)]
    parties: list[OrganisationId] = []
    financiers: list[OrganisationId] = []
    pillar: PillarId | None = None
    value: Money | None = None
    signed: Signing | None = None


class DeclarationPoint(Record):
    number: int
    section: Text
    summary: Text
    pillar: PillarId | None = None
    topics: list[NonEmpty] = []
    basis: Literal["official-text", "reported"]


class OrganisationKind(StrEnum):
    company = "company"
    agency = "agency"
    bank = "bank"
    multilateral = "multilateral"
    university = "university"
    government = "government"
    association = "association"


class Organisation(Record):
    name: NonEmpty
    short: NonEmpty | None = None
    kind: OrganisationKind
    country: CountryId | None = None
    based_in: NonEmpty | None = None
    summary: Text


class EventKind(StrEnum):
    ministerial = "ministerial"
    officials = "officials"
    summit = "summit"
    dinner = "dinner"
    plenary = "plenary"
    business_forum = "business-forum"
    bilateral = "bilateral"
    press = "press"
    announcement = "announcement"
    cancellation = "cancellation"
    signing = "signing"
    follow_up = "follow-up"
    planned = "planned"


class Event(Record):
    date: PartialDate
    end: PartialDate | None = None
    time: Annotated[str, StringConstraints(pattern=r"^\d{2}:\d{2}$")] | None = None
    title: Text
    summary: Text
    kind: EventKind
    place: Text | None = None
    programme: bool = Field(False, description="Part of the 18-20 December 2025 summit programme.")
    countries: list[CountryId] = []


class Conversion(Model):
    value: Annotated[float, Field(gt=0)]
    unit: NonEmpty
    qualifier: Qualifier = Qualifier.about
    sources: Sources


class Figure(Record):
    label: Text
    value: float
    unit: NonEmpty
    qualifier: Qualifier = Qualifier.exact
    conversions: list[Conversion] = []
    countries: list[CountryId] = []
    related: list[RecordId] = []


class GlossaryEntry(Record):
    term: NonEmpty
    expansion: Text
    summary: Text


class Correction(Record):
    outlet: NonEmpty
    erroneous: Annotated[SourceId, Field(description="The source that carries the error.")]
    claim: Text
    correct: Text


class Summit(Record):
    name: Text
    short: NonEmpty
    start: PartialDate
    end: PartialDate
    city: Text
    chair: PersonId
    host: CountryId
    summary: Text
    next: Text
    documents: FigureId | None = None
    """The figure that counts the documents signed or presented around the summit."""


class Initiative(Record):
    name: NonEmpty
    full_name: Text
    name_ja: NonEmpty | None = None
    announced: PartialDate
    by: PersonId
    summary: Text
    target: FigureId


class SummitFile(Model):
    """``summit.yaml``: the summit and the initiative it launched."""

    summit: Summit
    initiative: Initiative


@dataclass(frozen=True)
class Collection:
    """One data file: its name, its record model and what the site calls it."""

    name: str
    model: type[Model]
    title: str
    many: bool = True


COLLECTIONS: tuple[Collection, ...] = (
    Collection("sources", Source, "Sources"),
    Collection("summit", SummitFile, "Summit", many=False),
    Collection("countries", Country, "Countries"),
    Collection("people", Person, "People"),
    Collection("pillars", Pillar, "Pillars"),
    Collection("commitments", Commitment, "Commitments"),
    Collection("proposals", Proposal, "Proposals"),
    Collection("deals", Deal, "Deals"),
    Collection("declaration", DeclarationPoint, "Tokyo Declaration"),
    Collection("organisations", Organisation, "Organisations"),
    Collection("events", Event, "Timeline"),
    Collection("figures", Figure, "Key figures"),
    Collection("glossary", GlossaryEntry, "Glossary"),
    Collection("corrections", Correction, "Corrections"),
)
