"""The schema: every rule about the data lives here, as pydantic models.

Each YAML file in ``data/`` holds one collection (a list of records) or, for ``summit.yaml``,
two singletons. ``COLLECTIONS`` maps file names to models; the loader, the linker, the exports
and the JSON Schema all read it, so a new collection is declared in exactly one place. The
fields records are made of (texts, ids, references, dates, vocabularies) are in
:mod:`macros.fields`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .fields import (
    Basis,
    CommitmentKind,
    CountryId,
    Currency,
    DealType,
    EventKind,
    FigureId,
    FullDate,
    HttpsUrl,
    NonEmpty,
    OrganisationId,
    OrganisationKind,
    PartialDate,
    PersonId,
    PillarId,
    Qualifier,
    RecordId,
    Sector,
    Slug,
    SourceId,
    Sources,
    Status,
    Text,
)

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
    concerns: Annotated[
        list[NonEmpty],
        Field(
            description="The fields whose value the sources dispute, as the record names them (value, date,"
            " place, signed.date, history, start): the site marks each as disputed wherever it shows it."
        ),
    ] = []


class Money(Model):
    amount: Annotated[float, Field(gt=0)]
    currency: Currency
    qualifier: Qualifier = Qualifier.exact


class Signing(Model):
    """When and where a deal was signed."""

    date: PartialDate
    place: Text | None = None


Aliases = Annotated[
    list[NonEmpty],
    Field(
        description="Other spellings of the name: transliterations (Tokaev for Tokayev), the full name behind an"
        " abbreviation or the abbreviation of a full name, and the name in Russian or Japanese script"
        " (Токаев, トカエフ). Shown as 'Also written' and found by the site search."
    ),
]


class Record(Model):
    """Fields every record shares."""

    id: Slug
    sources: Sources
    disputes: list[Dispute] = []
    note: Text | None = None


# ---------------------------------------------------------------------------
# Tracker: what became of a commitment
# ---------------------------------------------------------------------------


class StatusChange(Model):
    date: PartialDate
    status: Status
    says: Annotated[Text | None, Field(description="What happened, in a sentence of our own.")] = None
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
    aliases: Aliases = []
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
    aliases: Aliases = []
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
    pillars: Annotated[list[PillarId], Field(description="The pillars it falls under; none for a proposal across them.")] = []
    quote: Text | None = None


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
    basis: Basis


class Organisation(Record):
    name: NonEmpty
    short: NonEmpty | None = None
    aliases: Aliases = []
    kind: OrganisationKind
    country: CountryId | None = None
    based_in: NonEmpty | None = None
    summary: Text


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
    """One data file: its name, its record model and what the site calls it (its name, capitalised,
    unless ``title`` says otherwise)."""

    name: str
    model: type[Model]
    title: str = ""
    many: bool = True

    def __post_init__(self) -> None:
        if not self.title:
            object.__setattr__(self, "title", self.name.capitalize())  # the documented way for a frozen dataclass


COLLECTIONS: tuple[Collection, ...] = (
    Collection("sources", Source),
    Collection("summit", SummitFile, many=False),
    Collection("countries", Country),
    Collection("people", Person),
    Collection("pillars", Pillar),
    Collection("commitments", Commitment),
    Collection("proposals", Proposal),
    Collection("deals", Deal),
    Collection("declaration", DeclarationPoint, title="Tokyo Declaration"),
    Collection("organisations", Organisation),
    Collection("events", Event, title="Timeline"),
    Collection("figures", Figure, title="Key figures"),
    Collection("glossary", GlossaryEntry),
    Collection("corrections", Correction),
)
