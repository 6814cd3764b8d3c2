"""Raw cells → the typed column of `pipelines.dataset`, with frictionless's semantics.

The usual cells are converted with polars in one go; the others (text in a
number column, a datetime in a date column…) go through `scalars.read_value`,
frictionless's own reading rules. A present cell that ends up null is a type
error; a cell frictionless accepts but that the frame cannot hold (a number
beyond 38 digits) is *out of range*, reported separately.

A number with more than six decimals is rounded half-up (away from zero, as
``decimal.ROUND_HALF_UP``) to the frame's six: 12.0000005 is held as 12.000001.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Callable

import polars as pl

from pipelines.dataset import NUMBER_DTYPE
from pipelines.validate.cells import (
    BOOLEAN,
    DATE,
    DATETIME,
    DURATION,
    INTEGER,
    NUMBER,
    OTHER,
    TEXT,
    TIME,
    RawColumn,
)
from pipelines.validate.package import FieldSpec
from pipelines.validate.scalars import as_openpyxl, value_reader

DTYPES: dict[str, pl.DataType] = {
    "string": pl.String(),
    "integer": pl.Int64(),
    "number": NUMBER_DTYPE,
    "boolean": pl.Boolean(),
    "date": pl.Date(),
    "time": pl.Time(),
    "datetime": pl.Datetime("us"),
    "year": pl.Int64(),
}
_ALL_KINDS = (TEXT, NUMBER, BOOLEAN, DATE, DATETIME, TIME, DURATION, INTEGER, OTHER)
_INT64_LIMIT = 2**63
_SCALE = Decimal(1).scaleb(-NUMBER_DTYPE.scale)
_DECIMAL_LIMIT = Decimal(10) ** (NUMBER_DTYPE.precision - NUMBER_DTYPE.scale)
# A float's shortest text has at most 17 significant digits, so one with more than six
# decimals has at most ten before the point: this scale holds it exactly, down to 1e-27.
_FINE_DTYPE = pl.Decimal(NUMBER_DTYPE.precision, 27)
_BEYOND_SCALE = r"e-|\.\d{7,}"


@dataclass
class Converted:
    values: pl.Series  # typed; null where the cell is missing, invalid or out of range
    missing: pl.Series  # bool: the cell is empty (or a missing value)
    invalid: pl.Series  # bool: present, but not of the field's type (a type error)
    out_of_range: pl.Series  # bool: of the type, but beyond what the frame holds


def convert(column: RawColumn, field: FieldSpec) -> Converted:
    dtype = DTYPES[field.type]
    values, out_of_range = _CONVERTERS[field.type](column, field, dtype)
    present = ~column.missing
    values = values.zip_with(present, values.clear(len(values)))
    out_of_range = out_of_range & present
    invalid = present & values.is_null() & ~out_of_range
    return Converted(values.rename(field.name), column.missing, invalid, out_of_range)


def empty_column(field: FieldSpec, height: int) -> pl.Series:
    return pl.Series(field.name, [None] * height, dtype=DTYPES[field.type])


def _number(column: RawColumn, field: FieldSpec, dtype) -> tuple[pl.Series, pl.Series]:
    floats = column.series_of(float, NUMBER, pl.Float64)
    values = _decimals_half_up(floats.cast(pl.String), dtype)
    out_of_range = floats.is_not_null() & values.is_null()
    values, extra_out = _scatter_others(column, field, values, (NUMBER,), frame_decimal)
    return values, out_of_range | extra_out


def _decimals_half_up(texts: pl.Series, dtype: pl.Decimal) -> pl.Series:
    """Float texts as Decimals, half-up at the frame's scale (a plain cast is half-to-even)."""
    values = texts.cast(dtype, strict=False)
    beyond = texts.str.contains(_BEYOND_SCALE).fill_null(False)
    if not beyond.any():
        return values
    fine = (texts.cast(_FINE_DTYPE, strict=False)
            .round(dtype.scale, mode="half_away_from_zero").cast(dtype, strict=False))
    return values.zip_with(~beyond | fine.is_null(), fine)


def _integer(column: RawColumn, field: FieldSpec, dtype) -> tuple[pl.Series, pl.Series]:
    floats = column.series_of(float, NUMBER, pl.Float64)
    integral = (floats == floats.floor()) & floats.is_finite()
    fits = floats.abs() < _INT64_LIMIT
    values = floats.zip_with((integral & fits).fill_null(False), floats.clear(len(floats))).cast(dtype)
    values, extra_out = _scatter_others(column, field, values, (NUMBER,), _to_frame_integer)
    return values, (integral & ~fits).fill_null(False) | extra_out


def _year(column: RawColumn, field: FieldSpec, dtype) -> tuple[pl.Series, pl.Series]:
    floats = column.series_of(float, NUMBER, pl.Float64)
    valid = (floats == floats.floor()) & (floats >= 0) & (floats <= 9999)
    values = floats.zip_with(valid.fill_null(False), floats.clear(len(floats))).cast(dtype)
    return _scatter_others(column, field, values, (NUMBER,), _to_frame_integer)


def _boolean(column: RawColumn, field: FieldSpec, dtype) -> tuple[pl.Series, pl.Series]:
    values = column.series_of(bool, BOOLEAN, dtype)
    mapping = {value: True for value in field.true_values}
    mapping.update({value: False for value in field.false_values})
    from_text = column.texts.replace_strict(mapping, default=None, return_dtype=dtype)
    values = values.zip_with(values.is_not_null(), from_text)
    return values, _no_flags(column)


def _date(column: RawColumn, field: FieldSpec, dtype) -> tuple[pl.Series, pl.Series]:
    values = column.series_of(date, DATE, dtype)
    return _scatter_others(column, field, values, (DATE,), _identity)


def _datetime(column: RawColumn, field: FieldSpec, dtype) -> tuple[pl.Series, pl.Series]:
    values = column.series_of(datetime, DATETIME, dtype)
    dates = column.series_of(date, DATE, pl.Date()).cast(dtype)
    values = values.zip_with(values.is_not_null(), dates)
    return _scatter_others(column, field, values, (DATETIME, DATE), _naive)


def _time(column: RawColumn, field: FieldSpec, dtype) -> tuple[pl.Series, pl.Series]:
    values = column.series_of(time, TIME, dtype)
    return _scatter_others(column, field, values, (TIME,), _naive_time)


def _string(column: RawColumn, field: FieldSpec, dtype) -> tuple[pl.Series, pl.Series]:
    texts = column.texts
    if field.format != "default":
        read = value_reader(field)
        unique = texts.drop_nulls().unique().to_list()
        rejected = [text for text in unique if read(text) is None]
        if rejected:
            texts = texts.zip_with(~texts.is_in(rejected).fill_null(False), texts.clear(len(texts)))
    return texts, _no_flags(column)


def _scatter_others(
    column: RawColumn,
    field: FieldSpec,
    values: pl.Series,
    handled: tuple[int, ...],
    to_frame: Callable[[Any], tuple[Any, bool]],
) -> tuple[pl.Series, pl.Series]:
    """Read the cells the vectorised path did not handle, one by one."""
    others = [kind for kind in _ALL_KINDS if kind not in handled]
    indices = column.indices(*others)
    out_of_range = _no_flags(column)
    if not indices:
        return values, out_of_range
    read = value_reader(field)
    read_values, too_big = [], []
    for raw in column.take(indices):
        value = read(as_openpyxl(raw))
        framed, fits = to_frame(value) if value is not None else (None, True)
        read_values.append(framed)
        too_big.append(not fits)
    values = values.scatter(indices, pl.Series(read_values, dtype=values.dtype))
    out_of_range = out_of_range.scatter(indices, pl.Series(too_big, dtype=pl.Boolean))
    return values, out_of_range


def _no_flags(column: RawColumn) -> pl.Series:
    return pl.Series([False] * len(column), dtype=pl.Boolean)


def _identity(value: Any) -> tuple[Any, bool]:
    return value, True


def frame_decimal(value: Decimal | int) -> tuple[Decimal | None, bool]:
    number = Decimal(value)
    if not number.is_finite() or abs(number) >= _DECIMAL_LIMIT:
        return None, False
    return number.quantize(_SCALE, rounding=ROUND_HALF_UP), True


def _to_frame_integer(value: int) -> tuple[int | None, bool]:
    if -_INT64_LIMIT <= value < _INT64_LIMIT:
        return int(value), True
    return None, False


def _naive(value: datetime) -> tuple[datetime, bool]:
    """The frame holds naive datetimes: an aware one is put in UTC."""
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value, True


def _naive_time(value: time) -> tuple[time, bool]:
    return value.replace(tzinfo=None), True


_CONVERTERS = {
    "string": _string,
    "integer": _integer,
    "number": _number,
    "boolean": _boolean,
    "date": _date,
    "datetime": _datetime,
    "time": _time,
    "year": _year,
}
