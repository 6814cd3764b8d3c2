"""Raw cells → typed columns, exactly as frictionless reads each value."""

from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

import polars as pl
from frictionless import fields as frictionless_fields
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.validate.cells import RawColumn
from pipelines.validate.convert import convert
from pipelines.validate.package import FieldSpec
from pipelines.validate.scalars import as_openpyxl


def converted(values, spec: FieldSpec):
    result = convert(RawColumn(values, spec.missing_values), spec)
    return result.values.to_list(), result.invalid.to_list()


def test_string_rejects_numbers_and_dates():
    values, invalid = converted(["C0001", "", 1000.0, date(2026, 1, 2), " "], FieldSpec("code", "string"))
    assert values == ["C0001", None, None, None, " "]
    assert invalid == [False, False, True, True, False]


def test_integer_accepts_integral_numbers_and_numeric_text():
    values, invalid = converted([12.0, "12", " -7 ", 2.5, "2.5", True, ""], FieldSpec("n", "integer"))
    assert values == [12, 12, -7, None, None, None, None]
    assert invalid == [False, False, False, True, True, True, False]


def test_number_is_the_exact_decimal_of_what_the_cell_shows():
    values, invalid = converted([0.1 + 0.2, 1234.56, "12.50", "1 234,56", False, 3], FieldSpec("m", "number"))
    assert values == [Decimal("0.300000"), Decimal("1234.560000"), Decimal("12.500000"), None, None, Decimal("3")]
    assert invalid == [False, False, False, True, True, False]


def test_number_with_group_and_decimal_characters():
    spec = FieldSpec("m", "number", group_char=" ", decimal_char=",")
    values, invalid = converted(["1 234,56", "12.5", 7.25], spec)
    assert values == [Decimal("1234.56"), None, Decimal("7.25")]
    assert invalid == [False, True, False]


def test_boolean_with_its_true_and_false_values():
    spec = FieldSpec("b", "boolean", true_values=("oui",), false_values=("non",))
    values, invalid = converted(["oui", "non", True, "Oui", 1.0, ""], spec)
    assert values == [True, False, True, None, None, None]
    assert invalid == [False, False, False, True, True, False]


def test_date_from_excel_dates_and_iso_text():
    cells = [date(2026, 3, 12), datetime(2026, 3, 12), datetime(2026, 3, 12, 10, 30), "2026-03-12", "2026-3-5", "12/03/2026", 46093.0]
    values, invalid = converted(cells, FieldSpec("d", "date"))
    assert values == [date(2026, 3, 12), date(2026, 3, 12), None, date(2026, 3, 12), date(2026, 3, 5), None, None]
    assert invalid == [False, False, True, False, False, True, True]


def test_date_with_its_own_format():
    values, invalid = converted(["12/03/2026", "2026-03-12"], FieldSpec("d", "date", format="%d/%m/%Y"))
    assert values == [date(2026, 3, 12), None]
    assert invalid == [False, True]


def test_time_needs_seconds_in_text():
    values, invalid = converted([time(8, 30), "08:30:00", "08:30", datetime(2026, 1, 1, 8, 30)], FieldSpec("t", "time"))
    assert values == [time(8, 30), time(8, 30), None, None]
    assert invalid == [False, False, True, True]


def test_datetime_from_dates_datetimes_and_iso_text():
    cells = [datetime(2026, 3, 12, 10, 30), date(2026, 3, 12), "2026-03-12T10:30:00", "2026-03-12", time(10, 30)]
    values, invalid = converted(cells, FieldSpec("h", "datetime"))
    assert values == [datetime(2026, 3, 12, 10, 30), datetime(2026, 3, 12), datetime(2026, 3, 12, 10, 30), None, None]
    assert invalid == [False, False, False, True, True]


def test_year_from_numbers_and_four_character_text():
    values, invalid = converted([2026.0, "2026", "26", 2026.5, True, 12345.0], FieldSpec("a", "year"))
    assert values == [2026, 2026, None, None, 1, None]
    assert invalid == [False, False, True, True, False, True]


def test_custom_missing_values():
    spec = FieldSpec("n", "integer", missing_values=("", "-", "0"))
    values, invalid = converted(["-", 0.0, "", 5.0, "x"], spec)
    assert values == [None, None, None, 5, None]
    assert invalid == [False, False, False, False, True]


def test_frame_dtypes():
    expected = {
        "string": pl.String, "integer": pl.Int64, "number": pl.Decimal(38, 6), "boolean": pl.Boolean,
        "date": pl.Date, "time": pl.Time, "datetime": pl.Datetime("us"), "year": pl.Int64,
    }
    for type_, dtype in expected.items():
        assert convert(RawColumn(["", None]), FieldSpec("x", type_)).values.dtype == dtype


_READERS = {
    "string": frictionless_fields.StringField,
    "integer": frictionless_fields.IntegerField,
    "number": frictionless_fields.NumberField,
    "boolean": frictionless_fields.BooleanField,
    "date": frictionless_fields.DateField,
    "time": frictionless_fields.TimeField,
    "datetime": frictionless_fields.DatetimeField,
    "year": frictionless_fields.YearField,
}
_TRICKY_TEXT = st.sampled_from(
    ["12", " 12 ", "1e3", "1_000", "-0", "12.5", "12,5", "2026", "0012", "true", "FALSE", "1", "0",
     "2026-03-12", "2026-3-5", "2026-03-12T10:30:00", "2026-03-12 10:30:00", "10:30:00", "10:30", "", " "]
)
_CELLS = st.one_of(
    _TRICKY_TEXT,
    st.text(max_size=8),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.integers(min_value=-(10**6), max_value=10**6).map(float),
    st.booleans(),
    st.dates(min_value=date(1900, 3, 1)),
    st.datetimes(min_value=datetime(1900, 3, 1)).map(lambda moment: moment.replace(microsecond=0)),
    st.times().map(lambda moment: moment.replace(microsecond=0)),
    st.just(timedelta(hours=30)),
)
_NOT_FINITE = {"nan", "inf", "infinity", "snan"}


@settings(max_examples=60, deadline=None)
@given(st.lists(_CELLS, min_size=1, max_size=40), st.sampled_from(sorted(_READERS)))
def test_each_cell_is_a_type_error_exactly_when_frictionless_says_so(cells, type_):
    result = convert(RawColumn(cells), FieldSpec("champ", type_))
    reader = _READERS[type_](name="champ")
    for cell, invalid, out_of_range in zip(cells, result.invalid.to_list(), result.out_of_range.to_list()):
        _, notes = reader.read_cell(as_openpyxl(cell))
        frictionless_type_error = bool(notes and "type" in notes)
        if isinstance(cell, str) and cell.strip().lstrip("+-").lower() in _NOT_FINITE:
            continue  # frictionless takes "NaN" for a number; Agora reports it out of range
        assert invalid == frictionless_type_error, (cell, type_)
        assert not out_of_range or type_ in ("number", "integer")


_SIX_PLACES = Decimal("0.000001")


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15))
def test_a_number_cell_is_the_decimal_of_its_shortest_repr(number):
    value = convert(RawColumn([number]), FieldSpec("montant", "number")).values[0]
    assert value == Decimal(repr(number)).quantize(_SIX_PLACES, rounding=ROUND_HALF_UP)


def test_a_seventh_decimal_of_five_rounds_half_up():
    values, invalid = converted([12.0000005, "12.0000005", 2.5e-6, -2.5e-6, 0.0000015, 1.00000049], FieldSpec("m", "number"))
    assert values == [Decimal("12.000001"), Decimal("12.000001"), Decimal("0.000003"),
                      Decimal("-0.000003"), Decimal("0.000002"), Decimal("1.000000")]
    assert invalid == [False] * 6


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_money_stays_exact(amount):
    value = convert(RawColumn([float(amount)]), FieldSpec("montant", "number")).values[0]
    assert value == amount
