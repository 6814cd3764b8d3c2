"""What the checks of one sheet share: where each cell is, and how to report it."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from pipelines.issues import Issue, IssueType, SourceRef, column_letter, raise_issue
from pipelines.load.source import Sheet
from pipelines.validate.cells import RawColumn
from pipelines.validate.convert import Converted
from pipelines.validate.header import Header
from pipelines.validate.package import FieldSpec, ResourceSpec

HEADER_ROWS = 1  # data row index 0 is Excel row 2


@dataclass
class SheetChecks:
    """One sheet being checked: its raw and typed columns, and its findings."""

    sheet: Sheet
    resource: ResourceSpec
    header: Header
    raw: dict[str, RawColumn] = field(default_factory=dict)  # by field name, mapped fields only
    typed: dict[str, Converted] = field(default_factory=dict)
    blank: pl.Series | None = None  # data rows that are blank (reported once, not checked)
    issues: list[Issue] = field(default_factory=list)

    @property
    def height(self) -> int:
        return max(len(self.sheet.rows) - HEADER_ROWS, 0)

    @property
    def checked(self) -> pl.Series:
        """Data rows that the cell checks look at: all but the blank ones."""
        if self.blank is None:
            return pl.Series([True] * self.height, dtype=pl.Boolean)
        return ~self.blank

    def excel_row(self, index: int) -> int:
        return index + HEADER_ROWS + 1

    def source(self, index: int | None, field_name: str | None = None) -> SourceRef:
        column = self.header.columns.get(field_name) if field_name else None
        return SourceRef(
            self.sheet.workbook,
            self.sheet.name,
            self.excel_row(index) if index is not None else None,
            column_letter(column) if column is not None else None,
        )

    def report(
        self,
        issue_type: IssueType,
        index: int | None,
        field_name: str | None,
        message: str,
        **extra,
    ) -> None:
        extra = {"resource": self.resource.name, "field": field_name, **extra}
        self.issues.append(raise_issue(issue_type, self.source(index, field_name), message, **extra))

    def spec(self, name: str) -> FieldSpec:
        return self.resource.schema.field(name)
