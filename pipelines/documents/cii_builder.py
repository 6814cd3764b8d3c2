"""Small helpers to write UN/CEFACT CII elements with lxml: namespaces, amounts, dates."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from lxml import etree

from pipelines.compute.invoice_totals import to_cent

NAMESPACES = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}


def qualified(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NAMESPACES[prefix]}}}{local}"


def sub(parent: etree._Element, name: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, qualified(name), attributes)
    if text is not None:
        element.text = text
    return element


def cents(value: Decimal) -> Decimal:
    """The amount rounded half-up to the cent, a zero without sign: a credit note negates
    its amounts, and -0.00 is not an amount to print."""
    rounded = to_cent(value)
    return abs(rounded) if rounded.is_zero() else rounded


def amount(value: Decimal) -> str:
    """An amount with exactly two decimals: 1234.50 (0.00, never -0.00)."""
    return str(cents(value))


def decimal_text(value: Decimal) -> str:
    """A quantity or unit price: at least two decimals, at most four (rounded half-up)."""
    places = min(max(-value.normalize().as_tuple().exponent, 2), 4)
    return str(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def percent(rate: Decimal) -> str:
    """A rate as a fraction (0.055) written as a percentage: 5.50."""
    return decimal_text(rate * 100)


def date_102(parent: etree._Element, name: str, value: date, kind: str = "udt") -> None:
    """A date in format 102 (CCYYMMDD)."""
    sub(sub(parent, name), f"{kind}:DateTimeString", value.strftime("%Y%m%d"), format="102")
