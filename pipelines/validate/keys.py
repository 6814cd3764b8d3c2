"""Uniqueness, primary keys and foreign keys, with polars joins.

Frictionless's rules: a duplicate is reported on every occurrence after the
first; a primary key whose cells are all empty is an error; a foreign key whose
cells are all empty is not checked; the referenced values are the typed values
of every row of the referenced sheet.
"""

from __future__ import annotations

import polars as pl

from pipelines.issues import Severity, define_issue_type
from pipelines.validate.context import SheetChecks
from pipelines.validate.display import is_hidden, shown
from pipelines.validate.package import ForeignKey

DUPLICATE_VALUE = define_issue_type(
    "valeur-en-double",
    "Valeur en double",
    "La colonne n'admet pas deux fois la même valeur.",
    Severity.BLOQUANT,
    frictionless="unique-error",
)
DUPLICATE_KEY = define_issue_type(
    "cle-primaire-en-double",
    "Identifiant en double",
    "Deux lignes ont le même identifiant (clé primaire).",
    Severity.BLOQUANT,
    frictionless="primary-key",
)
EMPTY_KEY = define_issue_type(
    "cle-primaire-vide",
    "Identifiant vide",
    "La ligne n'a pas d'identifiant (clé primaire) alors qu'elle a des données.",
    Severity.BLOQUANT,
    frictionless="primary-key",
)
UNKNOWN_REFERENCE = define_issue_type(
    "reference-introuvable",
    "Référence introuvable",
    "La valeur renvoie à une ligne d'une autre feuille (ou de la même) qui n'existe pas.",
    Severity.BLOQUANT,
    frictionless="foreign-key",
)

_INDEX = "__index"
_KEY_MASKED = "(valeur masquée)"


def check_unique(checks: SheetChecks, name: str) -> None:
    spec = checks.spec(name)
    frame = _keyed(checks, (name,)).filter(pl.col(name).is_not_null())
    for index, first, value in _later_duplicates(frame, (name,)):
        checks.report(
            DUPLICATE_VALUE,
            index,
            name,
            f"{shown(value, spec.sensitive, spec.business_format)} figure déjà ligne "
            f"{checks.excel_row(first)} : la colonne « {spec.label} » n'admet pas de doublon",
        )


def check_primary_key(checks: SheetChecks) -> None:
    key = checks.resource.schema.primary_key
    if not key or not all(name in checks.header.columns for name in key):
        return
    frame = _keyed(checks, key)
    all_empty = pl.all_horizontal(pl.col(name).is_null() for name in key)
    names = ", ".join(key)
    for index in frame.filter(all_empty)[_INDEX].to_list():
        checks.report(EMPTY_KEY, index, key[0], f"la ligne n'a pas d'identifiant : remplissez {names}")
    for index, first, value in _later_duplicates(frame.filter(~all_empty), key):
        checks.report(
            DUPLICATE_KEY,
            index,
            key[0],
            f"identifiant en double : {_shown_key(checks, key, value)} est déjà ligne {checks.excel_row(first)}",
        )


def check_foreign_key(checks: SheetChecks, fk: ForeignKey, target: SheetChecks) -> None:
    if not all(name in checks.header.columns for name in fk.fields):
        return
    source = _keyed(checks, fk.fields).filter(~pl.all_horizontal(pl.col(n).is_null() for n in fk.fields))
    lookup = pl.DataFrame(
        [_column(target, ref).alias(name) for name, ref in zip(fk.fields, fk.reference_fields)]
    )
    lookup = lookup.filter(~pl.all_horizontal(pl.col(n).is_null() for n in fk.fields)).unique()
    missing = _not_found(source, lookup, fk.fields)
    where = f"{target.sheet.workbook} › {target.sheet.name} ({', '.join(fk.reference_fields)})"
    for row in missing.iter_rows(named=True):
        value = tuple(row[name] for name in fk.fields)
        checks.report(
            UNKNOWN_REFERENCE,
            row[_INDEX],
            fk.fields[0],
            f"{_shown_key(checks, fk.fields, value)} n'existe pas dans {where}",
            fields=fk.fields,
        )


def _column(checks: SheetChecks, name: str) -> pl.Series:
    typed = checks.typed.get(name)
    if typed is None:  # the referenced column is missing: nothing can match
        return pl.Series([None] * checks.height, dtype=pl.String)
    return typed.values


def _keyed(checks: SheetChecks, names) -> pl.DataFrame:
    """The key columns of the checked (non-blank) rows, with their row index."""
    columns = [checks.typed[name].values.alias(name) for name in names]
    frame = pl.DataFrame([pl.Series(_INDEX, range(checks.height), dtype=pl.Int64), *columns])
    return frame.filter(checks.checked)


def _later_duplicates(frame: pl.DataFrame, names) -> list[tuple]:
    """(index, index of the first occurrence, value) of every repeated key but the first."""
    key = pl.struct(list(names))
    repeated = frame.filter(~key.is_first_distinct())
    if repeated.is_empty():
        return []
    firsts = frame.group_by(list(names), maintain_order=True).agg(pl.col(_INDEX).min().alias("__first"))
    joined = repeated.join(firsts, on=list(names), how="left", nulls_equal=True).sort(_INDEX)
    values = joined.select(list(names)).rows()
    return [
        (index, first, value[0] if len(names) == 1 else value)
        for index, first, value in zip(joined[_INDEX].to_list(), joined["__first"].to_list(), values)
    ]


def _not_found(source: pl.DataFrame, lookup: pl.DataFrame, names) -> pl.DataFrame:
    """Source rows whose key is not in the lookup, comparing values as Python does."""
    for name in names:
        left, right = source.schema[name], lookup.schema[name]
        if left == right:
            continue
        if left.is_numeric() and right.is_numeric():
            common = pl.Decimal(38, 6) if pl.Decimal in (type(left), type(right)) else pl.Float64
            source = source.with_columns(pl.col(name).cast(common))
            lookup = lookup.with_columns(pl.col(name).cast(common))
        elif lookup.schema[name] == pl.String and lookup[name].null_count() == len(lookup):
            lookup = lookup.with_columns(pl.col(name).cast(left))
        else:  # different kinds of values never match
            return source
    return source.join(lookup, on=list(names), how="anti", nulls_equal=True).sort(_INDEX)


def _shown_key(checks: SheetChecks, names, value) -> str:
    """« code_client « C0001 » + ligne « 2 » », or « la valeur « C0001 » de code_client »."""
    values = value if isinstance(value, tuple) else (value,)
    texts = []
    for name, item in zip(names, values):
        spec = checks.spec(name)
        texts.append(shown(item, spec.sensitive, spec.business_format))
    if len(texts) > 1:
        return " + ".join(f"{name} {_KEY_MASKED if is_hidden(text) else text}"
                          for name, text in zip(names, texts))
    return f"la valeur de {names[0]}" if is_hidden(texts[0]) else f"la valeur {texts[0]} de {names[0]}"
