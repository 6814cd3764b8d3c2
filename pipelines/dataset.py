"""The validated records, as typed polars frames with their source cells.

This is the contract between the stages: `validate` produces a `Dataset`,
`compute` and `publish` only read it.

Frame typing, from the Table Schema field type:

| Table Schema | polars            |
|--------------|-------------------|
| string       | pl.String         |
| integer      | pl.Int64          |
| number       | pl.Decimal(38, 6) (exact; money is rounded explicitly later) |
| boolean      | pl.Boolean        |
| date         | pl.Date           |
| time         | pl.Time           |
| datetime     | pl.Datetime("us") |
| year         | pl.Int64          |

A cell that fails its type is null in the frame (and an issue says why).
Every frame has the extra column ``_ligne`` (pl.Int64): the Excel row of the record,
the header being row 1.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import polars as pl

from pipelines.issues import SourceRef

T = TypeVar("T")

ROW_COLUMN = "_ligne"
NUMBER_DTYPE = pl.Decimal(38, 6)


@dataclass(frozen=True)
class Table:
    """One sheet of one workbook, typed by its Table Schema."""

    resource: str  # the Data Package resource name, e.g. "clients"
    workbook: str  # file name, e.g. "clients.xlsx"
    sheet: str  # sheet name, e.g. "Clients"
    frame: pl.DataFrame
    letters: dict[str, str] = field(default_factory=dict)  # field name → column letter
    titles: dict[str, str] = field(default_factory=dict)  # field name → French title
    sensitive: frozenset[str] = frozenset()  # fields marked sensitive in the schema

    def source(self, row: int | None = None, field_name: str | None = None) -> SourceRef:
        column = self.letters.get(field_name) if field_name else None
        return SourceRef(self.workbook, self.sheet, row, column)

    @property
    def provenance(self) -> str:
        return f"{self.workbook} › {self.sheet}"


@dataclass(frozen=True)
class Dataset:
    """Every table of the Data Package, by resource name, and the as-of date."""

    tables: dict[str, Table]
    as_of: date | None  # None: the as-of date could not be read (a blocking issue says so)
    folder: Path | None = None  # the workbooks' folder (its archives/), when read from disk
    _derived: dict[Hashable, Any] = field(default_factory=dict, compare=False, repr=False)

    def __getitem__(self, resource: str) -> Table:
        return self.tables[resource]

    def derived(self, key: Hashable, build: Callable[[], T]) -> T:
        """What `build` computes from these tables, computed once: the validation rules and
        the figures that need the same derived frame (invoice totals, settlements) share it."""
        if key not in self._derived:
            self._derived[key] = build()
        return self._derived[key]

    def __contains__(self, resource: str) -> bool:
        return resource in self.tables

    def frame(self, resource: str) -> pl.DataFrame:
        return self.tables[resource].frame
