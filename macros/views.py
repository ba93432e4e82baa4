"""Every derived answer, in one place: what the pages, exports and feed compute from the records.

Raw facts are the records' own fields (:mod:`macros.model`); everything computed from them is
a method of :class:`Views`, listed here so "where does this number come from?" has one answer:

- ``people_of(country)``        a country's people, its leader first
- ``proposals_made_by(country)`` the proposals a country made (not those that mention it)
- ``country_comparison()``      per country: proposals made, deals naming it, commitments made to it,
                                itemised deal values per currency, and the aggregate figures apart
- ``organisations_by_kind()``  grouped by kind, kinds in alphabetical order
- ``general_commitments()``     commitments filed under no single pillar
- ``meetings_ahead()``          tracked meetings with a date set
- ``source_groups()``           the founding article, then official and other sources
- ``headline_figures()`` / ``figures_in_order()``  the summit's and initiative's figures first
- ``documents_figure()``        the count of documents signed around the summit
- ``first_year()``              the year of the earliest event (the dialogue's start)
- ``pillars_of(item)``          the pillars a tracked item belongs to
- ``statuses_in_use()`` / ``status_counts()`` / ``grouped_counts(dimension)``  the tracker's tables
- ``events_by_year()``          the timeline
- ``all_disputes()``            every disagreement between sources, with its record
- ``data_date()``               the date of the data: the newest check or status change
- ``record_counts()`` / ``status_changes()``  what the open-data files hold
- ``changes_newest_first()`` / ``changes_by_month()`` / ``whats_new()``  every status change, newest first (feeds, What's new)
- ``open_data(site)``           what the data page says about the exports
- ``refers_to(record)`` / ``referred_by(record)``  a record's relations both ways, sources apart
- ``deals_of(organisation)``    the deals an organisation is a party to or finances, with its role
- ``times_cited(source)``       how many records cite a source
- ``deal_filters()`` / ``deal_filter_keys(deal)`` / ``deal_totals()``  the deals table's filters, what
                                each deal matches them by, and the values per currency

Nothing here formats or escapes; :mod:`macros.page` does that.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from . import routes
from .dataset import Dataset, references
from .fields import DealType, Qualifier, Status
from .model import COLLECTIONS, Country, Dispute, Figure, Source, Tracked


def earliest_day(date: str) -> str:
    """2026 → 2026-01-01; 2026-02 → 2026-02-01: a partial date at its earliest day."""
    return (date + "-01-01")[:10] if len(date) == 4 else (date + "-01")[:10]


WHATS_NEW_IN_FULL = 40
"""How many of the newest changes the What's new page tells in full, with what happened and its sources."""


@dataclass
class MoneyTotal:
    """The sum of some deals' values in one currency."""

    amount: float = 0.0
    deals: int = 0
    approximate: bool = False
    """Some of the values are given as "about", "up to" or "more than"."""


@dataclass
class CountryRow:
    country: Country
    proposals_made: int
    deals: int
    commitments_to: int
    totals: dict[str, MoneyTotal]
    without_value: int
    aggregates: list[Any] = field(default_factory=list)


def money_totals(deals: Iterable[Any]) -> dict[str, MoneyTotal]:
    """The deals' values summed per currency (never across currencies), currencies in order."""
    totals: dict[str, MoneyTotal] = {}
    for deal in deals:
        if deal.value is None:
            continue
        total = totals.setdefault(deal.value.currency.value, MoneyTotal())
        total.amount += deal.value.amount
        total.deals += 1
        total.approximate = total.approximate or deal.value.qualifier != Qualifier.exact
    return dict(sorted(totals.items()))


@dataclass
class DealTotals:
    itemised: dict[str, MoneyTotal]
    """Itemised deals' values per currency."""
    aggregates: list[Any]
    """Deals that sum many agreements: shown apart, never added to the itemised ones."""


def _grouped(items: Iterable[Any], key: Any) -> list[tuple[Any, list[Any]]]:
    groups: dict[Any, list[Any]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return list(groups.items())


class Views:
    """The derived answers for one dataset."""

    def __init__(self, data: Dataset) -> None:
        self.data = data
        self._data_date: str | None = None

    # -- countries and their records -------------------------------------------------------------

    def people_of(self, country: Country) -> list[Any]:
        """The country's people, its leader first, then in file order."""
        people = [p for p in self.data.all("people") if p.country == country.id]
        return sorted(people, key=lambda p: p.id != country.leader)

    def proposals_made_by(self, country: Country) -> list[Any]:
        return [p for p in self.data.all("proposals") if p.country == country.id]

    def country_comparison(self) -> list[CountryRow]:
        """One row per country. Money comes from itemised deals only and is summed per currency, never
        across currencies; aggregate deals ("more than 60 agreements worth ...") stand apart."""
        rows = []
        for country in self.data.all("countries"):
            deals = [d for d in self.data.all("deals") if country.id in d.countries]
            itemised = [d for d in deals if d.type != DealType.aggregate]
            totals = money_totals(itemised)
            rows.append(
                CountryRow(
                    country=country,
                    proposals_made=len(self.proposals_made_by(country)),
                    deals=len(deals),
                    commitments_to=sum(1 for c in self.data.all("commitments") if country.id in c.made_to),
                    totals=totals,
                    without_value=sum(1 for d in itemised if d.value is None),
                    aggregates=[d for d in deals if d.type == DealType.aggregate],
                )
            )
        return rows

    def organisations_by_kind(self) -> list[tuple[Any, list[Any]]]:
        return sorted(_grouped(self.data.all("organisations"), lambda o: o.kind))

    def general_commitments(self) -> list[Any]:
        return [c for c in self.data.all("commitments") if not c.pillar]

    def meetings_ahead(self) -> list[Tracked]:
        return [item for item in self.data.tracked() if item.kind.value == "meeting" and item.deadline]

    # -- sources and figures ---------------------------------------------------------------------

    def source_groups(self) -> list[tuple[str, list[Source]]]:
        """Sources in three groups, "primary" (the founding article, ``primary: true``), "official" and
        "other", leaving out a group with no source."""
        sources = self.data.all("sources")
        rest = [s for s in sources if not s.primary]
        groups = [
            ("primary", [s for s in sources if s.primary]),
            ("official", [s for s in rest if s.official]),
            ("other", [s for s in rest if not s.official]),
        ]
        return [(group, members) for group, members in groups if members]

    def _is_headline(self, figure: Figure) -> bool:
        return bool({self.data.summit.id, self.data.initiative.id} & set(figure.related))

    def headline_figures(self) -> list[Figure]:
        """Figures about the summit or the initiative as a whole."""
        return [f for f in self.data.all("figures") if self._is_headline(f)]

    def figures_in_order(self) -> list[Figure]:
        """Every figure, the headline figures first, then in file order."""
        return sorted(self.data.all("figures"), key=lambda f: not self._is_headline(f))

    def documents_figure(self) -> Figure | None:
        return self.data[self.data.summit.documents] if self.data.summit.documents else None

    def first_year(self) -> str:
        return min((e.date[:4] for e in self.data.all("events")), default=self.data.summit.start[:4])

    # -- the tracker -----------------------------------------------------------------------------

    @staticmethod
    def pillars_of(item: Tracked) -> list[str]:
        pillars = getattr(item, "pillars", None)
        if pillars is not None:
            return list(pillars)
        return [item.pillar] if getattr(item, "pillar", None) else []

    def statuses_in_use(self) -> list[Status]:
        used = {item.history[-1].status for item in self.data.tracked()}
        return [status for status in Status if status in used]

    def status_counts(self) -> list[tuple[Status, dict[str, int]]]:
        """How many items of each collection stand at each status (latest change)."""
        rows = []
        for status in Status:
            counts = {
                name: sum(1 for item in self.data.all(name) if item.history[-1].status == status)
                for name in ("commitments", "proposals", "deals")
            }
            counts["all"] = sum(counts.values())
            if counts["all"]:
                rows.append((status, counts))
        return rows

    def grouped_counts(self, dimension: str) -> list[tuple[Any, list[int], int]]:
        """Rows of (group, count per status in use, total) by "country" (a country id; an item counts
        for each country it concerns), "pillar" (a pillar id, or None for no single pillar) or
        "kind" (a commitment kind)."""
        groups: dict[Any, list[Tracked]] = {}
        if dimension == "country":
            groups = {c.id: [] for c in self.data.all("countries")}
        elif dimension == "pillar":
            groups = {p.id: [] for p in self.data.all("pillars")} | {None: []}
        for item in self.data.tracked():
            if dimension == "country":
                keys: list[Any] = [c.id for c in self.data.country_of(item)]
            elif dimension == "pillar":
                keys = self.pillars_of(item) or [None]
            else:
                keys = [item.kind]
            for key in keys:
                groups.setdefault(key, []).append(item)
        statuses = self.statuses_in_use()
        return [
            (key, [sum(1 for i in items if i.history[-1].status == s) for s in statuses], len(items))
            for key, items in groups.items()
        ]

    # -- timeline and disagreements --------------------------------------------------------------

    def events_by_year(self) -> list[tuple[str, list[Any]]]:
        events = sorted(self.data.all("events"), key=lambda e: (e.date, e.time or "", e.id))
        return _grouped(events, lambda e: e.date[:4])

    def all_disputes(self) -> list[tuple[Any, Dispute]]:
        """Every disagreement recorded anywhere, with the record it belongs to."""
        found = []
        for record in self.data.by_id.values():
            names = type(record).model_fields
            holders = [record, *(getattr(record, n) for n in ("visit", "bilateral") if n in names)]
            for holder in holders:
                if holder is not None and "disputes" in type(holder).model_fields:
                    found += [(record, dispute) for dispute in holder.disputes or ()]
        return found

    # -- a record's relations ---------------------------------------------------------------------

    def refers_to(self, record: Any) -> list[str]:
        """The records this one names (not its sources, which are listed apart), each once, in field order."""
        seen: dict[str, None] = {}
        for _, collection, target in references(record):
            if collection != "sources" and target != record.id:
                seen.setdefault(target)
        return list(seen)

    def referred_by(self, record: Any) -> list[str]:
        """The records that name this one."""
        return list(dict.fromkeys(self.data.referring_ids(record.id)))

    def deals_of(self, organisation: Any) -> list[tuple[Any, list[str]]]:
        """The deals an organisation is a party to or finances, with its roles ("party", "financier")."""
        found = []
        for deal in self.data.referring(organisation.id, "deals"):
            roles = [role for role, ids in (("party", deal.parties), ("financier", deal.financiers)) if organisation.id in ids]
            found.append((deal, roles))
        return found

    def times_cited(self, source: Source) -> int:
        return len(set(self.data.referring_ids(source.id)))

    def deal_totals(self) -> DealTotals:
        deals = self.data.all("deals")
        return DealTotals(
            itemised=money_totals(d for d in deals if d.type != DealType.aggregate),
            aggregates=[d for d in deals if d.type == DealType.aggregate],
        )

    @staticmethod
    def deal_filter_keys(deal: Any) -> dict[str, list[str]]:
        """What the deals table's filters match a deal by: the ids or words behind each filter of
        :meth:`deal_filters`."""
        return {
            "country": list(deal.countries),
            "type": [deal.type.value],
            "sector": [deal.sector.value],
            "status": [deal.history[-1].status.value],
            "financier": list(deal.financiers),
        }

    def deal_filters(self) -> dict[str, list[Any]]:
        """What the deals table can be filtered by: the values in use, in the order readers look them up."""
        deals = self.data.all("deals")
        financiers = {f for deal in deals for f in deal.financiers}
        return {
            "country": [c for c in self.data.all("countries") if any(c.id in d.countries for d in deals)],
            "type": sorted({d.type for d in deals}),
            "sector": sorted({d.sector for d in deals}),
            "status": [s for s in Status if any(d.history[-1].status == s for d in deals)],
            "financier": sorted((self.data[f] for f in financiers), key=lambda o: (o.short or o.name).lower()),
        }

    # -- the open data ---------------------------------------------------------------------------

    def data_date(self) -> str:
        """The date of the data: the newest 'checked' or status-change date (never the build date).

        Worked out once: every record page's citation gives it."""
        if self._data_date is None:
            dates = []
            for item in self.data.tracked():
                dates.append(item.checked.isoformat())
                dates += [earliest_day(change.date) for change in item.history]
            self._data_date = max(dates, default=earliest_day(self.data.summit.end))
        return self._data_date

    def record_counts(self) -> dict[str, int]:
        """Records per export file: every collection, plus the summit and the initiative."""
        counts = {c.name: len(self.data.all(c.name)) for c in COLLECTIONS if c.many}
        return {"summit": 1, "initiative": 1, **counts}

    def status_changes(self) -> list[tuple[Tracked, int]]:
        """Every status change as (item, index in its history), in data order."""
        return [(item, i) for item in self.data.tracked() for i in range(len(item.history))]

    def changes_newest_first(self) -> list[tuple[Tracked, int]]:
        """Every status change, newest first; on one day, in data order (the sort is stable). A change
        known only by its month or year counts from that month's or year's first day."""
        return sorted(self.status_changes(), key=lambda c: earliest_day(c[0].history[c[1]].date), reverse=True)

    def whats_new(self) -> tuple[list[tuple[str, list[tuple[Tracked, int]]]], list[tuple[Tracked, int]]]:
        """The newest WHATS_NEW_IN_FULL changes by month, told in full; the earlier ones, newest first,
        for a list in brief (the page stays short enough to read on a phone)."""
        changes = self.changes_newest_first()
        recent, earlier = changes[:WHATS_NEW_IN_FULL], changes[WHATS_NEW_IN_FULL:]
        return _grouped(recent, lambda c: c[0].history[c[1]].date[:7]), earlier

    def changes_by_month(self) -> list[tuple[str, list[tuple[Tracked, int]]]]:
        """The changes newest first, under their month ('2026-02'), or their year when that is all."""
        return _grouped(self.changes_newest_first(), lambda c: c[0].history[c[1]].date[:7])

    def open_data(self, site: routes.Site) -> dict[str, Any]:
        """What the data page (templates/data.md.j2) says about the exports."""
        counts = self.record_counts()
        titles = {c.name: c.title for c in COLLECTIONS} | {"initiative": self.data.initiative.name}
        example = next((r.id for name in ("proposals", "deals", "commitments", "sources") for r in self.data.all(name)), None)
        return {
            "total": sum(counts.values()),
            "changes": len(self.status_changes()),
            "data_date": self.data_date(),
            "tables": [(name, titles[name], routes.csv_path(name), count) for name, count in counts.items()],
            "schemas": [(c.name, c.title, routes.schema_path(c.name), c.many) for c in COLLECTIONS],
            "files": {
                "json": routes.JSON_PATH,
                "status_changes": routes.STATUS_CHANGES_CSV,
                "datapackage": routes.DATAPACKAGE_PATH,
                "record_example": routes.record_json_path("deals", "<id>"),
                "feed": routes.FEED_PATH,
                "calendar": routes.CALENDAR_PATH,
            },
            "licence": (routes.LICENCE, routes.LICENCE_URL),
            "feed_limit": routes.FEED_LIMIT,
            "country_feeds": [(c, routes.country_feed_path(c.id)) for c in self.data.all("countries")],
            "permalink_example": routes.permalink(self.data, site, example) if example else site.page_url("index.md"),
            "modeline_example": routes.modeline("data/deals.yaml"),
        }
