"""French formatting of dates, amounts and quantities (babel, fr_FR)."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

LOCALE = "fr_FR"
_CENT = Decimal("0.01")
_QUANTITY_PATTERN = "#,##0.######"
MISSING = "—"


def long_date(value: date | None) -> str:
    """30 novembre 2026 ; 1er décembre 2026."""
    if value is None:
        return MISSING
    if value.day == 1:
        return "1er " + format_date(value, "MMMM y", locale=LOCALE)
    return format_date(value, "long", locale=LOCALE)


def short_date(value: date | None) -> str:
    """30/11/2026."""
    return MISSING if value is None else format_date(value, "dd/MM/yyyy", locale=LOCALE)


def month_label(month: str | None) -> str:
    """« 2026-03 » → mars 2026."""
    if not month:
        return MISSING
    year, number = month.split("-")
    return format_date(date(int(year), int(number), 1), "LLLL yyyy", locale=LOCALE)


def money(value: Decimal | None, currency: str = "EUR") -> str:
    """1 234,50 € (rounded half-up to the cent)."""
    if value is None:
        return MISSING
    rounded = Decimal(value).quantize(_CENT, rounding=ROUND_HALF_UP)
    return format_currency(rounded, currency, locale=LOCALE)


def number(value: Decimal | int | None) -> str:
    """12,5 — 1 200 — 0,333333 (up to 6 decimals, no rounding of the dataset's numbers)."""
    if value is None:
        return MISSING
    return format_decimal(value, format=_QUANTITY_PATTERN, locale=LOCALE)


def hours(value: Decimal | None) -> str:
    """42,5 h."""
    return MISSING if value is None else f"{number(value)}\u00a0h"


def yes_no(value: bool | None) -> str:
    return MISSING if value is None else ("oui" if value else "non")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """« 0 anomalie bloquante », « 1 client », « 3 anomalies bloquantes » (< 2: singular)."""
    word = singular if abs(count) < 2 else (plural_form or f"{singular}s")
    return f"{count} {word}"
