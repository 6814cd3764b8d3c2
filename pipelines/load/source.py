"""What every workbook source gives the validator: sheets of raw cell values.

A source (an xlsx file today, a Google Sheets spreadsheet later) yields `Sheet`
objects. The validator only relies on this contract:

- ``rows[0]`` is Excel row 1 (the header) and ``rows[i][j]`` is the cell at row
  ``i + 1``, column ``j`` (0 → A); every row has the same length;
- an empty cell is ``""`` or ``None``; a number is a ``float`` (or an ``int``); a
  date-formatted number is a ``datetime.date`` (no time part), a
  ``datetime.datetime`` or a ``datetime.time`` (a value below one day); a
  duration is a ``datetime.timedelta``; text is a ``str``; a boolean is a ``bool``;
- a cell that shows an Excel error holds its text (``"#DIV/0!"``) and is listed in
  ``error_cells``; a formula with no stored result is empty and is listed in
  ``formulas_without_value``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from pipelines.issues import Issue

Position = tuple[int, int]  # (row index, column index), both 0-based
CellRange = tuple[Position, Position]  # top-left, bottom-right, inclusive


@dataclass
class Sheet:
    """One sheet of raw values, as read from its workbook."""

    workbook: str  # file name, e.g. "clients.xlsx"
    name: str  # sheet name, e.g. "Clients"
    rows: list[list[Any]]
    merged: list[CellRange] = field(default_factory=list)
    error_cells: dict[Position, str] = field(default_factory=dict)
    formulas_without_value: list[Position] = field(default_factory=list)

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0


class WorkbookSource(Protocol):
    """A workbook that can be read sheet by sheet (xlsx file, Google Sheets, …)."""

    name: str  # how the person who edits it names it, e.g. "clients.xlsx"

    def sheet_names(self) -> list[str]: ...

    def read_sheet(self, name: str) -> Sheet | Issue:
        """The sheet's values, or an issue saying why it cannot be read."""
        ...

    def close(self) -> None: ...
