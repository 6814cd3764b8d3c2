"""The demo organisation's workbooks, copied, edited cell by cell, then run through Agora.

A scenario starts from a copy of ``workbooks/`` (the real folder is never touched), edits
a few cells the way a member of staff would in Excel (by sheet, record key and column
name), then validates, computes or builds::

    staff = workbooks.sheet("personnel.xlsx", "Salariés")
    row = staff.row_of("S004")
    staff.set(row, "nir", "185059912345678")
    checked = workbooks.validate()
    assert checked.new_findings == [("personnel.xlsx", "Salariés", f"F{row}", "nir-invalide")]

`Checked.new_findings` are the findings that the demo does not already have: the demo's
own warnings (a customer over its limit, a prospect to call back…) are the baseline.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cached_property
from pathlib import Path
from typing import Any

import polars as pl
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pipelines.compute import Computed, compute_all
from pipelines.dataset import Dataset
from pipelines.issues import Issue
from pipelines.law import parameters
from pipelines.validate import ValidationResult, validate_workbooks

REPO_ROOT = Path(__file__).resolve().parents[2]
DEMO_WORKBOOKS = REPO_ROOT / "workbooks"
SCHEMAS = REPO_ROOT / "schemas"
DATE_FORMAT, TIME_FORMAT = "DD/MM/YYYY", "HH:MM"


def _same(cell_value: Any, wanted: Any) -> bool:
    """A cell matches a wanted value; a date cell (read as datetime) matches a date."""
    if isinstance(cell_value, datetime) and not isinstance(wanted, datetime):
        if isinstance(wanted, date):
            return cell_value.date() == wanted
        if isinstance(wanted, time):
            return cell_value.time() == wanted
    return cell_value == wanted


class Sheet:
    """One sheet of a copied workbook, addressed by header names (row 1)."""

    def __init__(self, workbook: str, worksheet: Worksheet):
        self.workbook = workbook
        self.name = worksheet.title
        self.worksheet = worksheet
        self.columns = {
            str(cell.value).strip(): cell.column for cell in worksheet[1] if cell.value is not None
        }

    def _column(self, name: str) -> int:
        assert name in self.columns, f"{self.workbook} › {self.name} n'a pas de colonne « {name} »"
        return self.columns[name]

    def letter(self, column: str) -> str:
        return get_column_letter(self._column(column))

    def cell(self, row: int, column: str) -> str:
        """The Excel address of a cell, e.g. ``F5``."""
        return f"{self.letter(column)}{row}"

    def at(self, row: int, column: str, code: str) -> tuple:
        """The flattened finding (workbook, sheet, cell, code) expected at a cell."""
        return (self.workbook, self.name, self.cell(row, column), code)

    def rows_where(self, **values) -> list[int]:
        """The Excel rows whose cells equal the given values (by column name)."""
        wanted = {self._column(name): value for name, value in values.items()}
        return [
            row[0].row
            for row in self.worksheet.iter_rows(min_row=2)
            if all(_same(row[index - 1].value, value) for index, value in wanted.items())
        ]

    def row_of(self, key: Any = None, **values) -> int:
        """The one row whose first column holds `key` (or whose cells hold `values`)."""
        if key is not None:
            first = next(iter(self.columns))
            values = {first: key, **values}
        rows = self.rows_where(**values)
        assert len(rows) == 1, f"{self.workbook} › {self.name} : {len(rows)} lignes pour {values}"
        return rows[0]

    def get(self, row: int, column: str) -> Any:
        return self.worksheet.cell(row, self._column(column)).value

    def set(self, row: int, column: str, value: Any) -> None:
        """Type a value in a cell; dates and times take the demo's display format."""
        cell = self.worksheet.cell(row, self._column(column))
        cell.value = value
        if isinstance(value, time):
            cell.number_format = TIME_FORMAT
        elif isinstance(value, date):
            cell.number_format = DATE_FORMAT

    def update(self, row: int, **values) -> None:
        for column, value in values.items():
            self.set(row, column, value)

    def append(self, record: dict[str, Any]) -> int:
        """A new record below the last row; returns its Excel row."""
        row = self.worksheet.max_row + 1
        self.update(row, **record)
        return row

    def delete(self, row: int) -> None:
        """Remove a whole row; the rows below move up by one."""
        self.worksheet.delete_rows(row)


def link_or_copy(source: str, target: str) -> None:
    """Copy a file, but hard-link an archived PDF: the archive is only ever read or added
    to (an archived PDF is never rewritten), and it is the bulk of the demo folder."""
    if source.endswith(".pdf"):
        try:
            os.link(source, target)
            return
        except OSError:  # another file system: copy instead
            pass
    shutil.copy2(source, target)


def copy_demo(folder: Path) -> None:
    """The demo workbooks and their archive, into `folder` (which must not exist)."""
    shutil.copytree(DEMO_WORKBOOKS, folder, copy_function=link_or_copy)


class Workbooks:
    """A copy of the demo workbooks in a temporary folder, edited then checked."""

    def __init__(self, folder: Path, baseline: frozenset[tuple] = frozenset()):
        self.folder = folder
        self.baseline = baseline
        self._open: dict[str, Workbook] = {}

    @classmethod
    def copy_of_demo(cls, folder: Path, baseline: frozenset[tuple] = frozenset()) -> Workbooks:
        copy_demo(folder)
        return cls(folder, baseline)

    def sheet(self, workbook: str, sheet: str) -> Sheet:
        if workbook not in self._open:
            self._open[workbook] = load_workbook(self.folder / workbook)
        return Sheet(workbook, self._open[workbook][sheet])

    def save(self) -> None:
        for name, book in self._open.items():
            book.save(self.folder / name)

    def validate(self) -> Checked:
        self.save()
        return Checked(validate_workbooks(self.folder, SCHEMAS), self.baseline)

    def agora(self, *args: str) -> subprocess.CompletedProcess:
        """The ``agora`` command on these workbooks, as a user runs it."""
        self.save()
        command = [sys.executable, "-m", "pipelines.cli", *args]
        return subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True,
                              timeout=600, check=False)


@dataclass
class Checked:
    """The validation of edited workbooks, compared with the demo's own findings."""

    result: ValidationResult
    baseline: frozenset[tuple] = field(default_factory=frozenset)

    @property
    def issues(self) -> list[Issue]:
        return self.result.issues

    @property
    def findings(self) -> list[tuple]:
        return sorted(issue.flat() for issue in self.issues)

    @property
    def new_findings(self) -> list[tuple]:
        """Findings the unedited demo does not have, sorted."""
        return sorted(flat for flat in (i.flat() for i in self.issues) if flat not in self.baseline)

    @property
    def new_findings_but_declarations(self) -> list[tuple]:
        """The new findings, less those on « paie.xlsx › Declarations »: a change of past pay
        no longer matches what was declared, which these findings say once per declaration."""
        return [flat for flat in self.new_findings if flat[:2] != ("paie.xlsx", "Declarations")]

    @property
    def blocking(self) -> list[tuple]:
        return sorted(issue.flat() for issue in self.issues if issue.blocking)

    def at(self, workbook: str, sheet: str, cell: str) -> list[Issue]:
        """Every issue reported at one cell."""
        return [issue for issue in self.issues if issue.flat()[:3] == (workbook, sheet, cell)]

    def on_row(self, workbook: str, sheet: str, row: int) -> list[Issue]:
        """Every issue reported on one Excel row of a sheet."""
        return [issue for issue in self.issues
                if issue.flat()[:2] == (workbook, sheet) and issue.source.row == row]

    def issue(self, finding: tuple) -> Issue:
        """The one issue with this flattened finding (to read its message)."""
        found = [issue for issue in self.issues if issue.flat() == finding]
        assert len(found) == 1, f"{len(found)} anomalies {finding}"
        return found[0]

    @property
    def dataset(self) -> Dataset:
        return self.result.dataset

    @cached_property
    def computed(self) -> Computed:
        return compute_all(self.result.dataset, parameters())

    def staff_figure(self, name: str) -> pl.DataFrame:
        return self.computed.staff[name].frame

    def management_figure(self, name: str) -> pl.DataFrame:
        return self.computed.management[name].frame


def one_row(frame: pl.DataFrame, **values) -> dict:
    """The single row of a figure matching the given column values."""
    matching = frame.filter(*(pl.col(name) == value for name, value in values.items()))
    assert matching.height == 1, f"{matching.height} lignes pour {values}"
    return matching.row(0, named=True)
