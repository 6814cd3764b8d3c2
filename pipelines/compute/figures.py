"""What `compute` hands to `publish`: named frames with their provenance.

A `Figure` is one computed table (a polars frame), with a French title and the
workbook sheets its values come from, so that every page can say where its figures
come from. `Computed` holds them for the two audiences:

- ``staff``: computed from the records *without their sensitive columns* (see
  `public.without_sensitive`), for the staff site (and the staff pages of the
  management site);
- ``management``: computed from every column, for the management site only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterator

import polars as pl

from pipelines.issues import SourceRef

STAFF = "personnel"
MANAGEMENT = "gestion"


@dataclass(frozen=True)
class Figure:
    """One computed table and the sheets it comes from."""

    name: str  # stable identifier, also the file name in site_data/
    title: str  # French, shown on pages and in site_data
    frame: pl.DataFrame
    sources: tuple[SourceRef, ...]  # workbook and sheet of each input table
    titles: dict[str, str] = field(default_factory=dict)  # column → French title (schema)

    def title_of(self, column: str) -> str:
        return self.titles.get(column, column)

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

    def by_audience(self) -> Iterator[tuple[str, Figure]]:
        """(audience, figure) pairs: staff figures first, each in its computing order."""
        for figure in self.staff.values():
            yield STAFF, figure
        for figure in self.management.values():
            yield MANAGEMENT, figure
