"""site_data/: one JSON and one CSV file per computed table, and an index.

JSON (UTF-8) carries the table's title, audience, as-of date, source workbooks and
sheets, columns and rows; numbers are exact decimal strings (« 1234.50 »), dates ISO.
CSV (UTF-8, comma-separated) carries the same rows. Both are written into a folder
that `publish` then swaps into place, so readers never see half a set.
"""

from __future__ import annotations

import csv
import json
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

import polars as pl

from pipelines.compute.figures import Computed, Figure

INDEX_FILE = "index.json"


def decimal_text(value: Decimal) -> str:
    """Exact, never in exponent form: amounts keep their cents, quantities lose trailing zeros."""
    if -value.as_tuple().exponent <= 2:
        return f"{value:f}"
    return f"{value.normalize():f}"


def json_value(value):
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    return value


def csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    return str(json_value(value))


def _dtype_name(dtype: pl.DataType) -> str:
    if isinstance(dtype, pl.Decimal):
        return "decimal"
    return {pl.String: "texte", pl.Int64: "entier", pl.Boolean: "booleen", pl.Date: "date",
            pl.Time: "heure"}.get(dtype, str(dtype).lower())


def table_document(audience: str, figure: Figure, as_of: date) -> dict:
    frame = figure.frame
    return {
        "nom": figure.name,
        "titre": figure.title,
        "public": audience,
        "date_arrete": as_of.isoformat(),
        "sources": [{"classeur": s.workbook, "feuille": s.sheet} for s in figure.sources],
        "colonnes": [
            {"nom": name, "titre": figure.title_of(name), "type": _dtype_name(dtype)}
            for name, dtype in frame.schema.items()
        ],
        "lignes": [
            {name: json_value(value) for name, value in row.items()}
            for row in frame.iter_rows(named=True)
        ],
    }


def _write_json(path: Path, document: dict) -> None:
    text = json.dumps(document, ensure_ascii=False, indent=2)
    path.write_text(text + "\n", encoding="utf-8", newline="\n")


def _write_csv(path: Path, frame: pl.DataFrame) -> None:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(frame.columns)
        writer.writerows([csv_value(v) for v in row] for row in frame.iter_rows())


def write_site_data(folder: Path, computed: Computed) -> list[str]:
    """Every table of both audiences into `folder`; returns the table names."""
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for audience, figure in computed.by_audience():
        document = table_document(audience, figure, computed.as_of)
        _write_json(folder / f"{figure.name}.json", document)
        _write_csv(folder / f"{figure.name}.csv", figure.frame)
        entries.append({
            "nom": figure.name, "titre": figure.title, "public": audience,
            "json": f"{figure.name}.json", "csv": f"{figure.name}.csv",
            "lignes": figure.frame.height,
        })
    _write_json(folder / INDEX_FILE, {"date_arrete": computed.as_of.isoformat(), "tables": entries})
    return [entry["nom"] for entry in entries]
