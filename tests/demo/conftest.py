"""The demo organisation, generated once per test session, and a plain reader for it.

`read_dataset` reads the generated workbooks with python-calamine and types each column
from its Table Schema, as the validator does for clean workbooks: it is enough to run
the business rules on the demo, which holds no invalid cell.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from python_calamine import CalamineWorkbook

from pipelines.dataset import NUMBER_DTYPE, ROW_COLUMN, Dataset, Table
from pipelines.demo import generate
from pipelines.issues import column_letter

REPOSITORY = Path(__file__).resolve().parents[2]
SCHEMAS = REPOSITORY / "schemas"
DTYPES = {"string": pl.String, "integer": pl.Int64, "number": NUMBER_DTYPE,
          "boolean": pl.Boolean, "date": pl.Date, "time": pl.Time}


def _value(cell, field: dict):
    if cell == "" or cell is None:
        return None
    kind = field["type"]
    if kind == "number":
        return Decimal(str(cell))
    if kind == "integer":
        return int(cell)
    if kind == "boolean":
        return cell if isinstance(cell, bool) else cell in field["trueValues"]
    if kind == "date" and isinstance(cell, datetime):
        return cell.date()
    return cell


def read_table(workbooks: Path, resource: dict) -> Table:
    schema = json.loads((SCHEMAS / resource["schema"]).read_text(encoding="utf-8"))
    fields = schema["fields"]
    workbook = Path(resource["path"]).name
    sheet = resource["dialect"]["excel"]["sheet"]
    book = CalamineWorkbook.from_path(workbooks / workbook)
    header, *rows = book.get_sheet_by_name(sheet).to_python()
    assert header == [f["name"] for f in fields], f"{workbook} › {sheet} : en-tête inattendu"
    data = {f["name"]: [_value(row[i], f) for row in rows] for i, f in enumerate(fields)}
    data[ROW_COLUMN] = list(range(2, len(rows) + 2))
    frame = pl.DataFrame(data, schema={f["name"]: DTYPES[f["type"]] for f in fields}
                         | {ROW_COLUMN: pl.Int64})
    return Table(resource["name"], workbook, sheet, frame,
                 letters={f["name"]: column_letter(i) for i, f in enumerate(fields)},
                 titles={f["name"]: f["title"] for f in fields},
                 sensitive=frozenset(f["name"] for f in fields if f.get("agora:sensible")))


def read_dataset(workbooks: Path) -> Dataset:
    package = json.loads((SCHEMAS / "datapackage.json").read_text(encoding="utf-8"))
    tables = {r["name"]: read_table(workbooks, r) for r in package["resources"]}
    as_of = tables["organisation"].frame["date_arrete"][0]
    assert isinstance(as_of, date)
    return Dataset(tables, as_of)


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory) -> Path:
    """The demo at scale 1 and the default seed, generated once."""
    folder = tmp_path_factory.mktemp("demo") / "workbooks"
    generate(folder)
    return folder


@pytest.fixture(scope="session")
def demo_dataset(demo_dir) -> Dataset:
    return read_dataset(demo_dir)
