"""How a cell's value is shown in a message: as Excel shows it, masked when sensitive."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

_LONGEST = 40


def shown(value: Any, sensitive: bool = False, business_format: str | None = None) -> str:
    """« value » for a message; a sensitive value only shows its beginning."""
    if value is None or value == "":
        return "(vide)"
    text = as_text(value)
    if sensitive:
        return f"« {masked(text, business_format)} »"
    if len(text) > _LONGEST:
        text = text[: _LONGEST - 1] + "…"
    return f"« {text} »"


def masked(text: str, business_format: str | None = None) -> str:
    """The beginning of a sensitive value: enough to find the cell, not to read it."""
    compact = "".join(text.split())
    if business_format == "nir" and len(compact) >= 5 and compact[:5].isdigit():
        return f"{compact[0]} {compact[1:3]} {compact[3:5]} …"
    if len(compact) <= 2:
        return "…"
    return f"{compact[:4]} …" if len(compact) > 6 else f"{compact[:2]} …"


def as_text(value: Any) -> str:
    """A raw or typed value written as a French spreadsheet user reads it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "VRAI" if value else "FAUX"
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
        return text.replace(".", ",")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f").replace(".", ",")
    if isinstance(value, datetime):
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M:%S" if value.second else "%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    if isinstance(value, timedelta):
        hours, rest = divmod(int(value.total_seconds()), 3600)
        return f"{hours}:{rest // 60:02d}"
    return str(value)
