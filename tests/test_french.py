from datetime import date
from decimal import Decimal

from pipelines import french


def test_dates_in_french():
    assert french.long_date(date(2026, 11, 30)) == "30 novembre 2026"
    assert french.month_label("2026-03") == "mars 2026"
    assert french.long_date(date(2026, 12, 1)) == "1er décembre 2026"
    assert french.long_date(None) == "—"


def test_amounts_rounded_half_up_with_french_separators():
    assert french.money(Decimal("1234567.5")) == "1\u202f234\u202f567,50\xa0€"
    assert french.money(Decimal("0.125")) == "0,13\xa0€"  # babel alone would say 0,12


def test_quantities_keep_their_decimals():
    assert french.number(Decimal("12.500000")) == "12,5"
    assert french.number(Decimal("1.333333")) == "1,333333"
    assert french.hours(Decimal("42.5")) == "42,5\xa0h"


def test_plural():
    assert french.plural(1, "anomalie bloquante", "anomalies bloquantes") == "1 anomalie bloquante"
    assert french.plural(0, "client") == "0 client"  # French: 0 takes the singular
