"""The raw cells of one column: what kind each one is, and which ones are missing.

Kinds are computed once per column with C-level ``map`` calls (no Python code
runs per cell), then every check works on polars series.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import cached_property
from typing import Any, Sequence

import polars as pl

from pipelines.validate.scalars import as_openpyxl

EMPTY, TEXT, NUMBER, BOOLEAN, DATE, DATETIME, TIME, DURATION, INTEGER, OTHER = range(10)


class _Kinds(dict):
    def __missing__(self, key: type) -> int:
        return OTHER


_KIND_OF_TYPE = _Kinds(
    {
        type(None): EMPTY,
        str: TEXT,
        float: NUMBER,
        bool: BOOLEAN,
        date: DATE,
        datetime: DATETIME,
        time: TIME,
        timedelta: DURATION,
        int: INTEGER,
    }
)


class RawColumn:
    """One column's raw cells (data rows only), as the source gave them."""

    def __init__(self, values: Sequence[Any], missing_values: tuple[str, ...] = ("",)):
        self.values = values
        self.missing_values = missing_values
        self.kinds = pl.Series(list(map(_KIND_OF_TYPE.__getitem__, map(type, values))), dtype=pl.UInt8)

    def __len__(self) -> int:
        return len(self.values)

    def indices(self, *kinds: int, present: bool = True) -> list[int]:
        """Row indices of the cells of these kinds (only non-missing ones by default)."""
        mask = self.kinds.is_in(list(kinds))
        if present:
            mask = mask & ~self.missing
        return mask.arg_true().to_list()

    def take(self, indices: list[int]) -> list[Any]:
        values = self.values
        return [values[index] for index in indices]

    def of_kind(self, kind: type) -> list[Any]:
        """The values of one Python type, None elsewhere (one comprehension)."""
        return [value if value.__class__ is kind else None for value in self.values]

    @cached_property
    def counts(self) -> dict[int, int]:
        """How many cells of each kind."""
        counts = self.kinds.value_counts()
        return dict(zip(counts[counts.columns[0]].to_list(), counts["count"].to_list()))

    def series_of(self, python_type: type, kind: int, dtype: pl.DataType) -> pl.Series:
        """The cells of one kind as a typed series, null elsewhere."""
        count = self.counts.get(kind, 0)
        if count == len(self):
            return pl.Series(self.values, dtype=dtype)
        if count == 0:
            return pl.Series([None] * len(self), dtype=dtype)
        return pl.Series(self.of_kind(python_type), dtype=dtype)

    @cached_property
    def texts(self) -> pl.Series:
        """Text cells as strings, null elsewhere."""
        return self.series_of(str, TEXT, pl.String)

    @cached_property
    def missing(self) -> pl.Series:
        """Cells that count as missing: empty, or one of the schema's missing values."""
        if self.missing_values == ("",):
            return self._empty_or_blank_text()
        missing = (self.kinds == EMPTY) | self.texts.is_in(list(self.missing_values)).fill_null(False)
        others = ((self.kinds != TEXT) & (self.kinds != EMPTY)).arg_true().to_list()
        if others:
            as_text = [str(as_openpyxl(value)) in self.missing_values for value in self.take(others)]
            flags = pl.Series([False] * len(self)).scatter(others, pl.Series(as_text, dtype=pl.Boolean))
            missing = missing | flags
        return missing

    def _empty_or_blank_text(self) -> pl.Series:
        text_count = self.counts.get(TEXT, 0)
        if text_count == 0:
            return self.kinds == EMPTY
        if text_count < len(self) and self.values.count("") == text_count:
            return self.kinds.is_in([EMPTY, TEXT])  # every text cell is empty
        return (self.kinds == EMPTY) | (self.texts == "").fill_null(False)
