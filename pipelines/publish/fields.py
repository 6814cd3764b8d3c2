"""One cell of a figure as page text: French formats, workbook text escaped."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from pipelines.compute.figures import MONEY_COLUMNS
from pipelines.french import MISSING, long_date, money, number, yes_no
from pipelines.markdown import email_link, md


def cell_text(column: str, value) -> str:
    """The value as it is shown in a page (Markdown, escaped)."""
    if value is None or value == "":
        return MISSING
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, Decimal):
        return money(value) if column in MONEY_COLUMNS else number(value)
    if isinstance(value, int):
        return number(value)
    if isinstance(value, datetime):
        return md(value.strftime("%d/%m/%Y %H:%M"))
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if column.endswith("email"):
        return email_link(value)
    return md(value)
