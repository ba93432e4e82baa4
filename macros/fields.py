"""The building blocks of records: texts, ids and references, dates, URLs, and the closed vocabularies.

:mod:`macros.model` composes records from these. A field annotated ``CountryId`` must name an
existing country, ``SourceId`` an existing source, and so on: the marker :class:`Ref` carries the
target collection, and :mod:`macros.dataset` resolves every marked field generically.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

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
# Vocabularies: the words a field may take
# ---------------------------------------------------------------------------


def vocabulary(name: str, words: str) -> type[StrEnum]:
    """A closed list of words, as a StrEnum whose members are named after their words with '_' for '-'
    (``Status.under_way == "under-way"``). The words are what the data files hold."""
    return StrEnum(name, [(word.replace("-", "_"), word) for word in words.split()], module=__name__)


Currency = vocabulary("Currency", "JPY USD EUR KZT")
Qualifier = vocabulary("Qualifier", "exact about more-than up-to")
Status = vocabulary("Status", "proposed welcomed agreed signed under-way done stalled cancelled")
CommitmentKind = vocabulary("CommitmentKind", "money project meeting institution target agreement policy")
DealType = vocabulary("DealType", "agreement contract mou grant loan joint-statement project aggregate")
Sector = vocabulary(
    "Sector",
    "energy transport customs digital mining health agriculture education finance tax chemicals environment urban"
    " diplomacy multi-sector",
)
OrganisationKind = vocabulary("OrganisationKind", "company agency bank multilateral university government association")
EventKind = vocabulary(
    "EventKind",
    "ministerial officials summit dinner plenary business-forum bilateral press announcement cancellation signing"
    " follow-up planned",
)
Basis = vocabulary("Basis", "official-text reported")
