"""Hand-built datasets for the business-rule scenarios.

``table("clients", [{"code_client": "C0001", ...}, ...])`` builds a `Table` typed as the
validator types it (from the resource's Table Schema): strings, Decimal(38, 6) numbers,
dates and times (ISO text is accepted for brevity), with the Excel row in ``_ligne``
(row 2 for the first record unless given) and the column letters of the real sheet.
"""

from __future__ import annotations

import json
from datetime import date, time
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import polars as pl
import pytest

from pipelines.dataset import NUMBER_DTYPE, ROW_COLUMN, Dataset, Table
from pipelines.issues import column_letter
from pipelines.law import parameters

SCHEMAS = Path(__file__).resolve().parents[3] / "schemas"
AS_OF = date(2026, 11, 30)
DTYPES = {"string": pl.String, "integer": pl.Int64, "number": NUMBER_DTYPE,
          "boolean": pl.Boolean, "date": pl.Date, "time": pl.Time,
          "datetime": pl.Datetime("us"), "year": pl.Int64}


@lru_cache(maxsize=None)
def resource_sheets() -> dict[str, tuple[str, str]]:
    package = json.loads((SCHEMAS / "datapackage.json").read_text(encoding="utf-8"))
    return {r["name"]: (Path(r["path"]).name, r["dialect"]["excel"]["sheet"])
            for r in package["resources"]}


@lru_cache(maxsize=None)
def _fields(resource: str) -> tuple[dict, ...]:
    schema = json.loads((SCHEMAS / "tables" / f"{resource}.json").read_text(encoding="utf-8"))
    return tuple(schema["fields"])


def _typed(value, field_type: str):
    if value is None:
        return None
    if field_type == "number":
        return Decimal(str(value))
    if field_type == "date" and isinstance(value, str):
        return date.fromisoformat(value)
    if field_type == "time" and isinstance(value, str):
        return time.fromisoformat(value)
    return value


def make_table(resource: str, rows: list[dict]) -> Table:
    fields = _fields(resource)
    names = {field["name"] for field in fields}
    for row in rows:
        unknown = set(row) - names - {ROW_COLUMN}
        assert not unknown, f"{resource} n'a pas de colonne {sorted(unknown)}"
    data = {field["name"]: [_typed(row.get(field["name"]), field["type"]) for row in rows]
            for field in fields}
    data[ROW_COLUMN] = [row.get(ROW_COLUMN, index + 2) for index, row in enumerate(rows)]
    schema = {field["name"]: DTYPES[field["type"]] for field in fields} | {ROW_COLUMN: pl.Int64}
    workbook, sheet = resource_sheets()[resource]
    return Table(
        resource, workbook, sheet, pl.DataFrame(data, schema=schema),
        letters={field["name"]: column_letter(i) for i, field in enumerate(fields)},
        titles={field["name"]: field["title"] for field in fields},
        sensitive=frozenset(f["name"] for f in fields if f.get("agora:sensible")),
    )


def make_dataset(*tables: Table, as_of: date = AS_OF) -> Dataset:
    return Dataset({t.resource: t for t in tables}, as_of)


def flat(issues) -> list[tuple]:
    """(workbook, sheet, cell, code) of each issue, sorted."""
    return sorted(issue.flat() for issue in issues)


@pytest.fixture
def table():
    return make_table


@pytest.fixture
def dataset():
    return make_dataset


@pytest.fixture
def params():
    return parameters()
