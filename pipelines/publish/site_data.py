"""site_data/: one JSON and one CSV file per computed table, one folder per audience.

- ``site_data/personnel/``: the staff tables, computed from the records without their
  sensitive columns (what the staff site shows);
- ``site_data/gestion/``: the management tables (they may hold personal data).

Each folder has its ``index.json``. JSON (UTF-8) carries the table's title, audience,
as-of date, source workbooks and sheets, columns (with their kind) and rows; dates are ISO.
Decimal numbers are exact strings: amounts (``"format": "montant"``) with two decimals at
least (« 13000.00 », « 3.105 »), other numbers normalised (« 1216.4 », « 35 »).
CSV (UTF-8, comma-separated) carries the same rows; a text cell that a spreadsheet would
take for a formula (it starts with ``= + - @``, a tab or a carriage return) is prefixed
with ``'``. Both folders are written into a folder that `publish` then swaps into place,
so readers never see half a set.
"""

from __future__ import annotations

import csv
import json
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

import polars as pl

from pipelines.compute.figures import MANAGEMENT, MONEY, NUMBER, STAFF, Computed, Figure

INDEX_FILE = "index.json"
AUDIENCES = (STAFF, MANAGEMENT)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_CENT = Decimal("0.01")


def decimal_text(value: Decimal) -> str:
    """Exact and normalised, never in exponent form: 100.000000 → 100, 1216.40 → 1216.4."""
    return f"{value.normalize():f}" if value else "0"


def money_text(value: Decimal) -> str:
    """Exact, with two decimals at least: 13000 → 13000.00, 3.105 stays 3.105."""
    exact = value.normalize()
    if exact.as_tuple().exponent > -2:
        exact = exact.quantize(_CENT)
    return f"{exact:f}"


def json_value(value, money: bool = False):
    if isinstance(value, Decimal):
        return money_text(value) if money else decimal_text(value)
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    return value


def csv_value(value, money: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    return str(json_value(value, money))


def _dtype_name(dtype: pl.DataType) -> str:
    if isinstance(dtype, pl.Decimal):
        return "decimal"
    return {pl.String: "texte", pl.Int64: "entier", pl.Boolean: "booleen", pl.Date: "date",
            pl.Time: "heure"}.get(dtype, str(dtype).lower())


def _column(figure: Figure, name: str, dtype: pl.DataType) -> dict:
    column = {"nom": name, "titre": figure.title_of(name), "type": _dtype_name(dtype)}
    if isinstance(dtype, pl.Decimal):
        column["format"] = MONEY if figure.is_money(name) else NUMBER
    return column


def table_document(audience: str, figure: Figure, as_of: date) -> dict:
    frame = figure.frame
    money = {name: figure.is_money(name) for name in frame.columns}
    return {
        "nom": figure.name,
        "titre": figure.title,
        "public": audience,
        "date_arrete": as_of.isoformat(),
        "sources": [{"classeur": s.workbook, "feuille": s.sheet} for s in figure.sources],
        "colonnes": [_column(figure, name, dtype) for name, dtype in frame.schema.items()],
        "lignes": [
            {name: json_value(value, money[name]) for name, value in row.items()}
            for row in frame.iter_rows(named=True)
        ],
    }


def _write_json(path: Path, document: dict) -> None:
    text = json.dumps(document, ensure_ascii=False, indent=2)
    path.write_text(text + "\n", encoding="utf-8", newline="\n")


def _write_csv(path: Path, figure: Figure) -> None:
    money = [figure.is_money(name) for name in figure.frame.columns]
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(figure.frame.columns)
        writer.writerows([csv_value(value, is_money) for value, is_money in zip(row, money)]
                         for row in figure.frame.iter_rows())


def _write_audience(folder: Path, audience: str, figures: dict[str, Figure],
                    as_of: date) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for figure in figures.values():
        _write_json(folder / f"{figure.name}.json", table_document(audience, figure, as_of))
        _write_csv(folder / f"{figure.name}.csv", figure)
        entries.append({
            "nom": figure.name, "titre": figure.title, "public": audience,
            "json": f"{figure.name}.json", "csv": f"{figure.name}.csv",
            "lignes": figure.frame.height,
        })
    _write_json(folder / INDEX_FILE, {"date_arrete": as_of.isoformat(), "public": audience,
                                      "tables": entries})
    return [entry["nom"] for entry in entries]


def write_site_data(folder: Path, computed: Computed) -> list[str]:
    """The staff tables into `folder`/personnel, the management ones into `folder`/gestion;
    returns the table names, staff first."""
    by_audience = {STAFF: computed.staff, MANAGEMENT: computed.management}
    return [name for audience in AUDIENCES
            for name in _write_audience(folder / audience, audience, by_audience[audience],
                                        computed.as_of)]
