"""Build a tiny Data Package in a test: a schema and the rows of a workbook."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from pathlib import Path

import openpyxl

_FORMATS = {date: "yyyy-mm-dd", datetime: "yyyy-mm-dd hh:mm", time: "hh:mm"}


def workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    """Write an xlsx file; dates, datetimes and times get a date format, as Excel does."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for line in sheet.iter_rows():
            for cell in line:
                if type(cell.value) in _FORMATS:
                    cell.number_format = _FORMATS[type(cell.value)]
    book.save(path)
    return path


def package(root: Path, resources: dict[str, dict], rows: dict[str, list[list]], **descriptor) -> tuple[Path, Path]:
    """A package whose resource ``name`` is sheet ``name`` of ``<name>.xlsx``.

    ``resources`` maps each name to its Table Schema, ``rows`` to its sheet
    (header first). Returns (schemas folder, workbooks folder).
    """
    schemas, books = root / "schemas", root / "workbooks"
    schemas.mkdir(parents=True, exist_ok=True)
    books.mkdir(parents=True, exist_ok=True)
    items = []
    for name, schema in resources.items():
        items.append({
            "name": name,
            "path": f"../workbooks/{name}.xlsx",
            "format": "xlsx",
            "dialect": {"excel": {"sheet": name}},
            "schema": schema,
        })
        if name in rows:
            workbook(books / f"{name}.xlsx", {name: rows[name]})
    (schemas / "datapackage.json").write_text(
        json.dumps({"name": "essai", **descriptor, "resources": items}), encoding="utf-8"
    )
    return schemas, books


def postcodes_package(root: Path) -> tuple[Path, Path]:
    """Third parties whose postcodes were typed as numbers, in France (rows 2 and 5), in
    Belgium (row 3) and with no country (row 4)."""
    schema = {"fields": [
        {"name": "code", "type": "string"},
        {"name": "pays", "type": "string", "constraints": {"pattern": "^[A-Z]{2}$"}},
        {"name": "code_postal", "type": "string", "constraints": {"pattern": "^[0-9A-Z][0-9A-Z -]{1,9}$"}},
    ]}
    rows = [["code", "pays", "code_postal"], ["T1", "FR", 1000], ["T2", "BE", 1000],
            ["T3", None, 1000], ["T4", "FR", "69007"], ["T5", "FR", 690070]]
    return package(root, {"tiers": schema}, {"tiers": rows})
