"""The words for values: one label per value, used by every page and by the feed.

A value from the data (a status, a deal type, a sector, a date, an amount) reads the same
wherever it is shown; the pages call :mod:`macros.page`, which escapes what it gets from here.
"""

from __future__ import annotations

from enum import StrEnum

from .fields import Basis, DealType, EventKind, Qualifier, Sector, Status

STATUS_LABELS: dict[Status, tuple[str, str]] = {
    Status.proposed: ("◇", "Proposed"),
    Status.welcomed: ("☆", "Welcomed"),
    Status.agreed: ("◆", "Agreed"),
    Status.signed: ("✎", "Signed"),
    Status.under_way: ("▶", "Under way"),
    Status.done: ("✔", "Done"),
    Status.stalled: ("⏸", "Stalled"),
    Status.cancelled: ("✖", "Cancelled"),
}
"""An icon and a word for each status: statuses are never told by colour alone."""

WORDS: dict[StrEnum, str] = {
    DealType.mou: "memorandum of understanding",
    DealType.joint_statement: "joint statement",
    Sector.multi_sector: "multi-sector",
    EventKind.follow_up: "follow-up",
    Basis.official_text: "official text",
    Basis.reported: "reported by the press",
}
"""Values whose label is not simply the value with spaces for hyphens ("under-way" → "under way")."""


def label(value: StrEnum) -> str:
    """The word for an enumerated value, in lower case."""
    if isinstance(value, Status):
        return STATUS_LABELS[value][1].lower()
    return WORDS.get(value, value.value.replace("-", " "))


QUALIFIER_WORDS = {
    Qualifier.exact: "",
    Qualifier.about: "about ",
    Qualifier.more_than: "more than ",
    Qualifier.up_to: "up to ",
}

CURRENCY_FORMATS = {"JPY": "{} yen", "USD": "US${}", "EUR": "€{}", "KZT": "{} tenge"}
"""How amounts read: '3 trillion yen' is what people write and what they search for."""

LANGUAGE_NAMES = {
    "ja": "Japanese",
    "ru": "Russian",
    "kk": "Kazakh",
    "ky": "Kyrgyz",
    "tg": "Tajik",
    "tk": "Turkmen",
    "uz": "Uzbek",
    "tr": "Turkish",
    "ar": "Arabic",
    "bs": "Bosnian",
    "sr": "Serbian",
    "vi": "Vietnamese",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "zh": "Chinese",
    "ko": "Korean",
}
"""Citations name a source's language when it is not English, so two reports of one outlet can be told apart."""

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(value: str) -> str:
    """2025-12-20 → 20 December 2025; 2025-12 → December 2025; 2025 → 2025."""
    parts = value.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{int(parts[2])} {month} {parts[0]}"


def format_amount(amount: float) -> str:
    """3000000000000 → 3 trillion; 719000000 → 719 million; 1.5 → 1.5."""
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if amount >= size:
            scaled = amount / size
            return f"{scaled:,.3f}".rstrip("0").rstrip(".") + f" {word}"
    if float(amount).is_integer():
        return f"{int(amount):,}"
    return f"{amount:,.3f}".rstrip("0").rstrip(".")


def format_figure(value: float, unit: str, qualifier: Qualifier = Qualifier.exact) -> str:
    """An amount with its unit and qualifier: 'more than 150 documents', 'about US$5.2 billion'."""
    amount = format_amount(value)
    shown = CURRENCY_FORMATS[unit].format(amount) if unit in CURRENCY_FORMATS else f"{amount} {unit}"
    return f"{QUALIFIER_WORDS[qualifier]}{shown}"


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)
