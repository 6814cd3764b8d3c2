"""What `compute` hands to `publish`: named frames with their provenance.

A `Figure` is one computed table (a polars frame), with a French title and the
workbook sheets its values come from, so that every page can say where its figures
come from. `Computed` holds them for the two audiences:

- ``staff``: computed from the records *without their sensitive columns* (see
  `public.without_sensitive`), for the staff site (and the staff pages of the
  management site);
- ``management``: computed from every column, for the management site only.

A figure whose computation failed is absent, and `failures` holds the
``calcul-en-echec`` issue that says so: the page that shows it publishes a notice
instead, and the report lists the issue.

Column kinds: a column named in `MONEY_COLUMNS`, or in the figure's own `Spec.money`,
holds an amount in euros (shown and
written with two decimals at least); any other decimal column is a plain number.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from pipelines.issues import Issue, SourceRef

STAFF = "personnel"
MANAGEMENT = "gestion"
MONEY, NUMBER = "montant", "nombre"
MONEY_COLUMNS = frozenset({
    "plafond_credit", "encours", "disponible", "capital", "prix_achat_ht", "prix_vente_ht",
    "cout_unitaire", "valeur", "encours_total", "valeur_totale",
})


@dataclass(frozen=True)
class Figure:
    """One computed table and the sheets it comes from."""

    name: str  # stable identifier, also the file name in site_data/
    title: str  # French, shown on pages and in site_data
    frame: pl.DataFrame
    sources: tuple[SourceRef, ...]  # workbook and sheet of each input table
    titles: dict[str, str] = field(default_factory=dict)  # column → French title (schema)
    money_columns: frozenset[str] = MONEY_COLUMNS  # the columns that hold amounts in euros

    def title_of(self, column: str) -> str:
        return self.titles.get(column, column)

    def is_money(self, column: str) -> bool:
        return column in self.money_columns and column in self.frame.columns

    @property
    def provenance(self) -> str:
        """« clients.xlsx › Clients, stock.xlsx › Articles »."""
        return ", ".join(str(source) for source in self.sources)


@dataclass(frozen=True)
class Computed:
    """Every figure, by audience; the pages and site_data only read this."""

    as_of: date
    staff: dict[str, Figure]
    management: dict[str, Figure]
    failures: dict[str, Issue] = field(default_factory=dict)  # figure name → its issue
    sources: tuple[SourceRef, ...] = ()  # every sheet read (workbook and sheet)

    @property
    def issues(self) -> list[Issue]:
        """The ``calcul-en-echec`` issues, for the report."""
        return list(self.failures.values())

    @property
    def workbooks(self) -> tuple[str, ...]:
        """The workbooks read, in order, each once."""
        return tuple(dict.fromkeys(source.workbook for source in self.sources))

    def by_audience(self) -> Iterator[tuple[str, Figure]]:
        """(audience, figure) pairs: staff figures first, each in its computing order."""
        for figure in self.staff.values():
            yield STAFF, figure
        for figure in self.management.values():
            yield MANAGEMENT, figure
