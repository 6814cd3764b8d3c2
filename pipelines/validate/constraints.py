"""Field constraints (required, enum, pattern, lengths, bounds), vectorised.

Like frictionless, a constraint is only checked on a cell of the right type,
and each failed constraint is its own finding (a frictionless
``constraint-error``). Issues are built for the failing cells only.
"""

from __future__ import annotations

import re
from typing import Any

import polars as pl

from pipelines.issues import Severity, define_issue_type
from pipelines.validate.context import SheetChecks
from pipelines.validate.convert import Converted, frame_decimal
from pipelines.validate.display import as_text, shown
from pipelines.validate.package import ConfigurationError, FieldSpec
from pipelines.validate.scalars import read_value

REQUIRED = define_issue_type(
    "valeur-obligatoire",
    "Valeur obligatoire",
    "La cellule est vide alors que la colonne est obligatoire.",
    Severity.BLOQUANT,
    frictionless="constraint-error",
)
NOT_IN_LIST = define_issue_type(
    "valeur-hors-liste",
    "Valeur hors liste",
    "La valeur n'est pas l'une des valeurs admises par la colonne.",
    Severity.BLOQUANT,
    frictionless="constraint-error",
)
PATTERN = define_issue_type(
    "format-non-respecte",
    "Format non respecté",
    "Le texte ne respecte pas le format de la colonne (par exemple C0001 pour un code client).",
    Severity.BLOQUANT,
    frictionless="constraint-error",
)
TOO_SHORT = define_issue_type(
    "texte-trop-court",
    "Texte trop court",
    "Le texte a moins de caractères que la colonne n'en demande.",
    Severity.BLOQUANT,
    frictionless="constraint-error",
)
TOO_LONG = define_issue_type(
    "texte-trop-long",
    "Texte trop long",
    "Le texte a plus de caractères que la colonne n'en admet.",
    Severity.BLOQUANT,
    frictionless="constraint-error",
)
TOO_SMALL = define_issue_type(
    "valeur-trop-petite",
    "Valeur trop petite",
    "La valeur est sous le minimum de la colonne (ou une date trop ancienne).",
    Severity.BLOQUANT,
    frictionless="constraint-error",
)
TOO_LARGE = define_issue_type(
    "valeur-trop-grande",
    "Valeur trop grande",
    "La valeur dépasse le maximum de la colonne (ou une date trop tardive).",
    Severity.BLOQUANT,
    frictionless="constraint-error",
)

_BOUNDS = {
    "minimum": (TOO_SMALL, lambda values, bound: values < bound),
    "exclusiveMinimum": (TOO_SMALL, lambda values, bound: values <= bound),
    "maximum": (TOO_LARGE, lambda values, bound: values > bound),
    "exclusiveMaximum": (TOO_LARGE, lambda values, bound: values >= bound),
}
_LISTED = 12


def check_constraints(checks: SheetChecks, spec: FieldSpec) -> pl.Series:
    """Report every failed constraint of one field; returns the cells that failed one."""
    typed, raw = checks.typed[spec.name], checks.raw[spec.name]
    checked = checks.checked
    failed = pl.Series([False] * checks.height, dtype=pl.Boolean)
    for name, (issue_type, failing, message) in _constraint_checks(spec, typed).items():
        mask = (failing.fill_null(False) & checked).alias(name)
        for index in mask.arg_true().to_list():
            checks.report(issue_type, index, spec.name, message(raw.values[index]), constraint=name)
        failed = failed | mask
    return failed


def _constraint_checks(spec: FieldSpec, typed: Converted) -> dict[str, tuple]:
    values = typed.values
    value_of = lambda raw: shown(raw, spec.sensitive, spec.business_format)  # noqa: E731
    found: dict[str, tuple] = {}
    if spec.constraint("required"):
        found["required"] = (REQUIRED, typed.missing, lambda raw: f"la cellule est vide : « {spec.label} » est obligatoire")
    enum = spec.constraint("enum")
    if enum is not None:
        allowed = [value for value in (_bound(item, spec) for item in enum) if value is not None]
        listed = _listing(enum, spec.sensitive)
        found["enum"] = (NOT_IN_LIST, ~values.is_in(allowed), lambda raw: f"{value_of(raw)} n'est pas admis : choisissez parmi {listed}")
    if spec.constraint("pattern") is not None:
        found["pattern"] = (PATTERN, ~_matches(values, spec.constraint("pattern")), lambda raw: _pattern_message(value_of(raw), spec))
    for name, issue_type, failing, message in _length_checks(spec, values, value_of):
        found[name] = (issue_type, failing, message)
    for name, (issue_type, compare) in _BOUNDS.items():
        if spec.constraint(name) is not None:
            bound = _bound(spec.constraint(name), spec)
            if bound is None:
                raise ConfigurationError(f"champ {spec.name} : borne {name} illisible ({spec.constraint(name)!r})")
            found[name] = (issue_type, compare(values, bound), _bound_message(spec, name, bound, value_of))
    return found


def _length_checks(spec: FieldSpec, values: pl.Series, value_of):
    lengths = values.str.len_chars() if spec.type == "string" else None
    minimum, maximum = spec.constraint("minLength"), spec.constraint("maxLength")
    if minimum is not None and lengths is not None:
        yield "minLength", TOO_SHORT, lengths < minimum, lambda raw: f"{value_of(raw)} est trop court : au moins {minimum} caractères"
    if maximum is not None and lengths is not None:
        yield "maxLength", TOO_LONG, lengths > maximum, lambda raw: (
            f"{value_of(raw)} est trop long : {maximum} caractères au plus" if spec.sensitive
            else f"{value_of(raw)} est trop long : {len(str(raw))} caractères pour {maximum} au plus"
        )


def _bound(value: Any, spec: FieldSpec) -> Any:
    """A constraint value read like a cell, then held as the frame holds it."""
    typed = read_value(value, spec)
    if typed is not None and spec.type == "number":
        return frame_decimal(typed)[0]
    return typed


def _matches(values: pl.Series, pattern: str) -> pl.Series:
    """Python's ``re.match("^{pattern}$")`` (frictionless's test) on every text."""
    try:
        compiled = re.compile(f"^{pattern}$")
    except re.error as error:
        raise ConfigurationError(f"motif invalide « {pattern} » ({error})") from error
    try:
        result = values.str.contains(f"\\A(?:^{pattern}$)")
        in_python = values.str.ends_with("\n").fill_null(False)
    except pl.exceptions.ComputeError:  # a regex feature only Python has
        result = pl.Series([None] * len(values), dtype=pl.Boolean)
        in_python = values.is_not_null()
    if in_python.any():
        indices = in_python.arg_true()
        matched = [compiled.match(text) is not None for text in values.gather(indices).to_list()]
        result = result.scatter(indices, pl.Series(matched, dtype=pl.Boolean))
    return result


def _pattern_message(value: str, spec: FieldSpec) -> str:
    example = f"par exemple {spec.example}" if spec.example else f"motif {spec.constraint('pattern')}"
    return f"{value} ne respecte pas le format de la colonne ({example})"


def _bound_message(spec: FieldSpec, name: str, bound: Any, value_of):
    limit = as_text(bound)
    temporal = spec.type in ("date", "datetime", "time")
    words = {
        "minimum": "est avant le" if temporal else "est inférieur au minimum",
        "exclusiveMinimum": "doit être après le" if temporal else "doit être strictement supérieur à",
        "maximum": "est après le" if temporal else "dépasse le maximum",
        "exclusiveMaximum": "doit être avant le" if temporal else "doit être strictement inférieur à",
    }
    if spec.type == "time":
        words = {key: text.replace(" le", "") for key, text in words.items()}
    return lambda raw: f"{value_of(raw)} {words[name]} {limit}"


def _listing(values, sensitive: bool) -> str:
    if sensitive:
        return "les valeurs de la liste du schéma"
    items = [as_text(value) for value in values[:_LISTED]]
    more = " …" if len(values) > _LISTED else ""
    return " ; ".join(items) + more
