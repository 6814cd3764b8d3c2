"""Legal parameter values on the days the rules judge.

A parameter has no value before its first effective date (the working-time limits start on
10 August 2016, when the law that sets them took effect). A record dated on a day without a
value is not judged by the rules that need it: they neither report it nor borrow the earliest
known value, which may not have been the law on that day.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import polars as pl

from pipelines.dataset import NUMBER_DTYPE
from pipelines.law import Parameters


def value_or_none(parameters: Parameters, name: str, on: date) -> Decimal | None:
    """The parameter's value on a day as a Decimal, or None when it has none then."""
    value = parameters.value_or_none(name, on)
    return None if value is None else Decimal(value)


def fraction_or_none(parameters: Parameters, name: str, on: date) -> Fraction | None:
    """The parameter's value on a day as an exact fraction (« 1/10 » or 35), or None."""
    value = parameters.value_or_none(name, on)
    return None if value is None else Fraction(str(value))


def dated_values(parameters: Parameters, name: str, days: pl.Series, column: str,
                 key: str = "reference") -> pl.DataFrame:
    """(`key`, `column`: the parameter's Decimal value) for each distinct day that has one."""
    values = {day: value_or_none(parameters, name, day) for day in days.drop_nulls().unique()}
    rows = [(day, value) for day, value in values.items() if value is not None]
    return pl.DataFrame(rows, schema={key: pl.Date, column: NUMBER_DTYPE}, orient="row")


def daily_values(parameters: Parameters, names: dict[str, tuple[str, int]],
                 days: pl.Series) -> pl.DataFrame:
    """(jour, one column per parameter) for each distinct day: value × scale, in integers.

    ``names`` maps a column to (parameter, scale): hours × 60 give minutes. A parameter
    without a value that day leaves a null, and a null limit never fires.
    """
    rows = []
    for day in days.drop_nulls().unique().to_list():
        values = {column: value_or_none(parameters, name, day)
                  for column, (name, _) in names.items()}
        rows.append({"jour": day} | {
            column: None if value is None else int(value * names[column][1])
            for column, value in values.items()})
    schema = {"jour": pl.Date} | {column: pl.Int64 for column in names}
    return pl.DataFrame(rows, schema=schema)

