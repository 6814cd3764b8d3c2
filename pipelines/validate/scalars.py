"""One value at a time, exactly as Frictionless reads it (``frictionless/fields/*.py``).

The vectorised converters handle the usual cells (a float in a number column, a
date in a date column); every other cell goes through `read_value`, which
follows frictionless 5.21 to the letter. Constraint values (enum, minimum…) are
read the same way.

Cells come from calamine; `as_openpyxl` first turns them into what openpyxl
(frictionless's xlsx reader) would give: an integral number is an ``int`` and a
date-formatted cell a ``datetime``.
"""

from __future__ import annotations

import base64
import re
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, Callable

from pipelines.validate.package import FieldSpec

_NOT_BARE = re.compile(r"((^[^-\d]*)|(\D*$))")


def as_openpyxl(value: Any) -> Any:
    """A calamine cell value as openpyxl presents the same cell."""
    kind = value.__class__
    if kind is float and value.is_integer():
        return int(value)
    if kind is date:
        return datetime(value.year, value.month, value.day)
    return value


def read_value(value: Any, field: FieldSpec) -> Any:
    """The typed value of a non-missing cell, or None when it is not of the type."""
    return value_reader(field)(value)


@lru_cache(maxsize=256)
def value_reader(field: FieldSpec) -> Callable[[Any], Any]:
    readers = {
        "string": _string_reader,
        "integer": _integer_reader,
        "number": _number_reader,
        "boolean": _boolean_reader,
        "date": _date_reader,
        "datetime": _datetime_reader,
        "time": _time_reader,
        "year": lambda field: _year,
    }
    return readers[field.type](field)


def _string_reader(field: FieldSpec) -> Callable[[Any], Any]:
    check = _STRING_FORMATS.get(field.format)

    def read(cell: Any) -> Any:
        if not isinstance(cell, str):
            return None
        if check is not None and not check(cell):
            return None
        return cell

    return read


def _integer_reader(field: FieldSpec) -> Callable[[Any], Any]:
    def read(cell: Any) -> Any:
        if isinstance(cell, str):
            cell = cell.strip()
            if not field.bare_number:
                cell = _NOT_BARE.sub("", cell)
            try:
                return int(cell)
            except ValueError:
                return None
        if cell is True or cell is False:
            return None
        if isinstance(cell, int):
            return cell
        if isinstance(cell, float) and cell.is_integer():
            return int(cell)
        if isinstance(cell, Decimal) and cell % 1 == 0:
            return int(cell)
        return None

    return read


def _number_reader(field: FieldSpec) -> Callable[[Any], Any]:
    processed = not field.bare_number or field.group_char is not None or field.decimal_char is not None
    group_char = field.group_char or ""
    decimal_char = field.decimal_char or "."

    def process(text: str) -> str | None:
        if not field.bare_number:
            text = _NOT_BARE.sub("", text)
        text = text.replace(group_char, "")
        if decimal_char != "." and "." in text:
            return None
        return text.replace(decimal_char, ".")

    def read(cell: Any) -> Any:
        if isinstance(cell, str):
            text = process(cell.strip()) if processed else cell.strip()
            if text is None:
                return None
            try:
                return Decimal(text)
            except (InvalidOperation, ValueError):
                return None
        if isinstance(cell, Decimal):
            return cell
        if cell is True or cell is False:
            return None
        if isinstance(cell, int):
            return cell
        if isinstance(cell, float):
            return Decimal(str(cell))
        return None

    return read


def _boolean_reader(field: FieldSpec) -> Callable[[Any], Any]:
    mapping = {value: True for value in field.true_values}
    mapping.update({value: False for value in field.false_values})

    def read(cell: Any) -> Any:
        if cell is True or cell is False:
            return cell
        if isinstance(cell, str):
            return mapping.get(cell)
        return None

    return read


def _date_reader(field: FieldSpec) -> Callable[[Any], Any]:
    def read(cell: Any) -> Any:
        if isinstance(cell, datetime):
            if cell.hour == 0 and cell.minute == 0 and cell.second == 0:
                return cell.date()
            return None
        if isinstance(cell, date):
            return cell
        if not isinstance(cell, str):
            return None
        try:
            if field.format == "default":
                return datetime.strptime(cell, "%Y-%m-%d").date()
            if field.format == "any":
                return _dateutil_parser().parse(cell).date()
            return datetime.strptime(cell, field.format).date()
        except Exception:  # frictionless treats any parsing failure as "not a date"
            return None

    return read


def _datetime_reader(field: FieldSpec) -> Callable[[Any], Any]:
    def read(cell: Any) -> Any:
        if isinstance(cell, datetime):
            return cell
        if not isinstance(cell, str):
            return None
        try:
            if field.format == "default":
                if len(cell) < 19 or cell[16] != ":":
                    return None
                return _dateutil_parser().isoparse(cell)
            if field.format == "any":
                return _dateutil_parser().parse(cell)
            return datetime.strptime(cell, field.format)
        except Exception:  # frictionless treats any parsing failure as "not a datetime"
            return None

    return read


def _time_reader(field: FieldSpec) -> Callable[[Any], Any]:
    def read(cell: Any) -> Any:
        if isinstance(cell, time):
            return cell
        if not isinstance(cell, str):
            return None
        try:
            if field.format == "default":
                if len(cell) < 8 or cell[5] != ":":
                    return None
                return _dateutil_parser().isoparse(f"2000-01-01T{cell}").timetz()
            if field.format == "any":
                return _dateutil_parser().parse(cell).timetz()
            return datetime.strptime(cell, field.format).timetz()
        except Exception:  # frictionless treats any parsing failure as "not a time"
            return None

    return read


def _year(cell: Any) -> Any:
    if not isinstance(cell, int):
        if not isinstance(cell, str) or len(cell) != 4:
            return None
        try:
            cell = int(cell)
        except ValueError:
            return None
    if cell < 0 or cell > 9999:
        return None
    return cell


def _is_email(text: str) -> bool:
    import validators

    return bool(validators.email(text))


def _is_uri(text: str) -> bool:
    import rfc3986
    from rfc3986 import validators as uri_validators

    validator = uri_validators.Validator().require_presence_of("scheme")
    try:
        validator.validate(rfc3986.uri_reference(text))
    except rfc3986.exceptions.ValidationError:
        return False
    return True


def _is_uuid(text: str) -> bool:
    import validators

    return bool(validators.uuid(text))


def _is_base64(text: str) -> bool:
    try:
        base64.b64decode(text)
    except Exception:  # binascii.Error, ValueError: not base64
        return False
    return True


_STRING_FORMATS: dict[str, Callable[[str], bool]] = {
    "email": _is_email,
    "uri": _is_uri,
    "uuid": _is_uuid,
    "binary": _is_base64,
}


def _dateutil_parser():
    # Imported on first use, not at the top: dateutil costs ≈ 0.01 s at start-up, and only
    # dates and times typed as text need it (Excel stores them as numbers).
    from dateutil import parser

    return parser
