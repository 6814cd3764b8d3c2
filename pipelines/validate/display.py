"""How a cell's value is shown in a message: as Excel shows it, never when sensitive.

Findings are read in CI logs and annotations, so a sensitive value (marked
``"agora:sensible": true``) is never shown, nor any part of it that reveals it: the message
says ``HIDDEN`` (« le contenu de la cellule ») instead. Only a NIR and an IBAN keep a
beginning that says nothing of the person: a NIR's sex, year and month of birth
(« 1 85 05 … »), an IBAN's country and check digits (« FR76 … »).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

HIDDEN = "le contenu de la cellule"
_LONGEST = 40
_NIR_START = re.compile(r"^[0-9]{5}")
_IBAN_START = re.compile(r"^[A-Z]{2}[0-9]{2}")


def shown(value: Any, sensitive: bool = False, business_format: str | None = None) -> str:
    """« value » for a message; for a sensitive value, its harmless beginning or `HIDDEN`."""
    if value is None or value == "":
        return "(vide)"
    text = as_text(value)
    if sensitive:
        beginning = masked(text, business_format)
        return f"« {beginning} »" if beginning else HIDDEN
    if len(text) > _LONGEST:
        text = text[: _LONGEST - 1] + "…"
    return f"« {text} »"


def is_hidden(text: str) -> bool:
    """The shown value says nothing of the cell: a message must not quote it as a value."""
    return text == HIDDEN


def masked(text: str, business_format: str | None = None) -> str | None:
    """The beginning of a NIR or an IBAN that reveals nothing personal; None for any other
    sensitive value, which is never shown."""
    compact = "".join(text.split()).upper()
    if business_format == "nir" and _NIR_START.match(compact):
        return f"{compact[0]} {compact[1:3]} {compact[3:5]} …"
    if business_format == "iban" and _IBAN_START.match(compact):
        return f"{compact[:4]} …"
    return None


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
