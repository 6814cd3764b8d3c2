"""What to tell the person when a cell is not of its column's type.

Each failing cell gets a code (all of them are frictionless ``type-error``s) and
a message that names the usual spreadsheet hazard when it is one: a French
decimal comma, a date typed as text, a code whose leading zero Excel dropped, a
formula showing an error. A postcode typed as a number is only said to have lost
its zero when the row's country writes postcodes with a fixed number of digits.

A sensitive cell's value is never repeated (see `display`): the message says what is
wrong and how to write it, with no suggestion built from the value.
"""

from __future__ import annotations

import re
from typing import Any

from pipelines.issues import Issue, Severity, SourceRef, define_issue_type, raise_issue
from pipelines.validate.display import as_text, is_hidden, masked, shown
from pipelines.validate.package import FieldSpec

TYPE_ERROR = define_issue_type(
    "type-invalide",
    "Valeur d'un autre type",
    "La cellule ne contient pas une valeur du type de la colonne (nombre, date, texte…).",
    Severity.BLOQUANT,
    frictionless="type-error",
)
DECIMAL_COMMA = define_issue_type(
    "virgule-decimale",
    "Nombre écrit avec une virgule",
    "Un nombre a été saisi comme du texte avec une virgule décimale (1 234,56).",
    Severity.BLOQUANT,
    frictionless="type-error",
)
DATE_AS_TEXT = define_issue_type(
    "date-en-texte",
    "Date écrite comme du texte",
    "Une date a été saisie comme du texte (12/03/2026) au lieu d'une date Excel.",
    Severity.BLOQUANT,
    frictionless="type-error",
)
LEADING_ZERO_LOST = define_issue_type(
    "zero-de-tete-perdu",
    "Zéro de tête perdu",
    "Un code (code postal, SIREN…) a été saisi comme un nombre : Excel a supprimé son zéro de tête.",
    Severity.BLOQUANT,
    frictionless="type-error",
)
EXCEL_ERROR = define_issue_type(
    "erreur-excel",
    "Formule en erreur",
    "La cellule affiche une erreur Excel (#DIV/0!, #N/A, #VALEUR!…) au lieu d'une valeur.",
    Severity.BLOQUANT,
    frictionless="type-error",
)

_FRENCH_NUMBER = re.compile(r"^[+-]?\d{1,3}(?:[  .]\d{3})*,\d+$|^[+-]?\d+,\d+$")
_DECORATED_NUMBER = re.compile(r"^[+-]?[\d  .,]*\d[\d  .,]*\s*(?:€|EUR|%)?$")
_NOT_NUMBER = re.compile(r"[^\d.,+-]")
_FRENCH_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+(\d{1,2})[:h](\d{2}))?$")
_DIGITS_PATTERN = re.compile(r"^\^?(?:\[0-9\]|\\d)\{(\d+)\}\$?$")
_FORMAT_LENGTHS = {"code_postal": 5, "siren": 9, "siret": 14, "nir": 15}
# Countries whose postcodes are a fixed number of digits and may begin with a zero, so a
# postcode typed as a number there may have lost it. A list of facts, not a rate.
NUMERIC_POSTCODE_LENGTHS = {"FR": 5, "DE": 5, "ES": 5, "FI": 5, "IT": 5}
POSTCODE_PREFIX = "code_postal"  # code_postal, code_postal_livraison…
COUNTRY_FIELD = "pays"  # the row's country (ISO 3166 alpha-2) says how its postcodes are written
_TYPE_NAMES = {
    "string": "du texte",
    "integer": "un nombre entier",
    "number": "un nombre",
    "boolean": "oui ou non",
    "date": "une date",
    "datetime": "une date et une heure",
    "time": "une heure",
    "year": "une année sur 4 chiffres",
}


def type_error(
    source: SourceRef, raw: Any, spec: FieldSpec, excel_error: bool, country: str | None = None, **extra
) -> Issue:
    """The issue of a cell not of its column's type; `country` is the row's, when it has one."""
    issue_type, message = _diagnose(raw, spec, excel_error, country)
    return raise_issue(issue_type, source, message, **extra)


def _diagnose(raw: Any, field: FieldSpec, excel_error: bool, country: str | None = None):
    value = shown(raw, field.sensitive, field.business_format)
    expected = _TYPE_NAMES[field.type]
    if excel_error:
        return EXCEL_ERROR, f"la cellule affiche l'erreur {raw} : corrigez la formule ou la valeur dont elle dépend"
    if field.type == "string":
        return _string_error(raw, field, value, _postcode_length(field, country))
    if isinstance(raw, str) and field.type in ("number", "integer"):
        return _number_text_error(raw, field, value, expected)
    if isinstance(raw, str) and field.type in ("date", "datetime") and _FRENCH_DATE.match(raw.strip()):
        return DATE_AS_TEXT, _date_as_text_message(raw.strip(), field, value)
    return TYPE_ERROR, _generic_message(raw, field, value, expected)


def _string_error(raw: Any, field: FieldSpec, value: str, known_length: int | None = None):
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and float(raw).is_integer():
        padded = _with_leading_zeros(int(raw), field, known_length)
        if padded is not None:
            expected = masked(padded, field.business_format) if field.sensitive else padded
            said = f" (attendu {expected})" if expected else ""
            return LEADING_ZERO_LOST, (
                f"{value} : le zéro de tête a été perdu{said} ; mettez la colonne "
                "au format Texte et ressaisissez la valeur avec son zéro"
            )
    if isinstance(raw, str):
        formats = {
            "email": "une adresse e-mail valide",
            "uri": "une adresse web complète (https://…)",
            "uuid": "un identifiant UUID",
            "binary": "un contenu base64",
        }
        return TYPE_ERROR, f"{value} n'est pas {formats.get(field.format, 'un texte valide')}"
    what = "un nombre" if isinstance(raw, (int, float)) and not isinstance(raw, bool) else "une valeur non textuelle"
    if hasattr(raw, "year") or hasattr(raw, "hour"):
        what = "une date ou une heure"
    return TYPE_ERROR, (
        f"{value} est {what}, mais la colonne attend du texte : mettez la colonne au format Texte "
        "et ressaisissez la valeur"
    )


def _postcode_length(field: FieldSpec, country: str | None) -> int | None:
    """How many digits a postcode of the row's country has, when the column is a postcode."""
    if field.business_format or not field.name.startswith(POSTCODE_PREFIX):
        return None
    return NUMERIC_POSTCODE_LENGTHS.get(country or "")


def _with_leading_zeros(number: int, field: FieldSpec, known_length: int | None = None) -> str | None:
    """The code with the zeros Excel dropped, when some were dropped.

    Only when the code's length is known (from the row's country, the business format, the
    pattern or equal length bounds), the number is shorter and the padded code is accepted by
    the pattern; or when the pattern refuses the number as typed but accepts it with zeros.
    """
    if number < 0:
        return None
    digits = str(number)
    pattern = field.constraint("pattern")
    length = known_length or _FORMAT_LENGTHS.get(field.business_format or "") or _pattern_length(pattern)
    if length is None and field.constraint("minLength") == field.constraint("maxLength"):
        length = field.constraint("minLength")
    if length is not None:
        padded = digits.zfill(length)
        accepted = pattern is None or _accepts(pattern, padded)
        return padded if len(digits) < length and accepted else None
    if pattern is None or _accepts(pattern, digits):
        return None
    return next((padded for zeros in range(1, 4) if _accepts(pattern, padded := "0" * zeros + digits)), None)


def _pattern_length(pattern: str | None) -> int | None:
    match = _DIGITS_PATTERN.match(pattern) if pattern else None
    return int(match.group(1)) if match else None


def _accepts(pattern: str, text: str) -> bool:
    """frictionless's pattern test: ``re.match("^{pattern}$")``."""
    return re.match(f"^{pattern}$", text) is not None


def _number_text_error(raw: str, field: FieldSpec, value: str, expected: str):
    text = raw.strip()
    hidden = is_hidden(value)
    if _FRENCH_NUMBER.match(text):
        if hidden:
            return DECIMAL_COMMA, (f"{value} n'est pas lu comme un nombre : écrivez-le avec un "
                                   "point décimal ou saisissez un nombre (virgule décimale lue "
                                   "comme du texte)")
        suggestion = re.sub(r"[  .]", "", text).replace(",", ".")
        return DECIMAL_COMMA, f"{value} : écrivez {suggestion} ou saisissez un nombre (virgule décimale lue comme du texte)"
    if _DECORATED_NUMBER.match(text):
        suggestion = "" if hidden else f" ({_NOT_NUMBER.sub('', text).replace(',', '.')})"
        return TYPE_ERROR, f"{value} n'est pas lu comme un nombre : saisissez le nombre seul, sans espace ni symbole{suggestion}"
    return TYPE_ERROR, f"{value} n'est pas {expected}"


def _date_as_text_message(text: str, field: FieldSpec, value: str) -> str:
    said = f"{value} est une date écrite comme du texte : saisissez-la comme une date Excel (format Date)"
    if is_hidden(value):
        written = "AAAA-MM-JJ HH:MM:SS" if field.type == "datetime" else "AAAA-MM-JJ"
        return f"{said} ou écrivez-la sous la forme {written}"
    day, month, year, hour, minute = _FRENCH_DATE.match(text).groups()
    iso = f"{year}-{int(month):02d}-{int(day):02d}"
    if field.type == "datetime":
        iso += f" {int(hour or 0):02d}:{minute or '00'}:00"
    return f"{said} ou écrivez {iso}"


def _generic_message(raw: Any, field: FieldSpec, value: str, expected: str) -> str:
    if field.type == "boolean":
        return f"{value} n'est pas une valeur admise : écrivez {field.true_values[0]} ou {field.false_values[0]}"
    if field.type == "date" and hasattr(raw, "hour") and hasattr(raw, "day"):
        return f"{value} comporte une heure : la colonne attend une date seule"
    if field.type == "time" and hasattr(raw, "day"):
        return f"{value} comporte une date : la colonne attend une heure seule (format Heure)"
    if field.type in ("date", "datetime") and isinstance(raw, (int, float)) and not isinstance(raw, bool):
        number = "un nombre" if is_hidden(value) else f"le nombre {as_text(raw)}"
        return f"{number} n'est pas une date : appliquez le format Date à la cellule"
    if field.type == "time" and isinstance(raw, str):
        return f"{value} n'est pas une heure : saisissez une heure Excel (format Heure) ou écrivez HH:MM:SS"
    if field.type == "integer" and isinstance(raw, float):
        return f"{value} n'est pas un nombre entier"
    return f"{value} n'est pas {expected}"
