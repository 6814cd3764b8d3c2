"""Write demo workbooks, byte for byte the same for the same records.

The columns of each sheet come from its Table Schema (``schemas/tables/<resource>.json``),
so the header row always matches the contract. Cells are typed as a person would type
them in Excel: codes as text (leading zeros kept), booleans as « oui » / « non »,
dates and times as real Excel dates and times.

openpyxl stamps the save time into ``docProps/core.xml`` and into every zip entry; the
saved archive is rewritten with fixed stamps so that the output is reproducible.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

SCHEMAS_DIR = Path(__file__).resolve().parents[2] / "schemas"
FIXED_STAMP = datetime(2026, 1, 1)
DATE_FORMAT = "DD/MM/YYYY"
TIME_FORMAT = "HH:MM"
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class Sheet:
    resource: str  # the Data Package resource, which names its Table Schema
    title: str  # the sheet name, as in schemas/README.md
    rows: list[dict]


@lru_cache(maxsize=None)
def schema_fields(resource: str) -> tuple[tuple[str, str], ...]:
    """(name, type) of each field of a resource's Table Schema, in column order."""
    path = SCHEMAS_DIR / "tables" / f"{resource}.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    return tuple((field["name"], field["type"]) for field in schema["fields"])


def _cell_value(value, field_type: str):
    if value is None or value == "":
        return None
    if field_type == "boolean":
        return "oui" if value else "non"
    if field_type == "string":
        return str(value)
    return value


def _column_width(name: str, rows: list[dict]) -> float:
    longest = max([len(str(row.get(name) or "")) for row in rows[:200]] + [len(name)])
    return float(min(max(longest + 2, 10), 60))


def _write_sheet(workbook: Workbook, sheet: Sheet) -> None:
    fields = schema_fields(sheet.resource)
    worksheet = workbook.create_sheet(sheet.title)
    # Streaming sheets have no <dimension>; readers need it to see trailing empty cells.
    last_cell = f"{get_column_letter(len(fields))}{len(sheet.rows) + 1}"
    worksheet.calculate_dimension = lambda: f"A1:{last_cell}"
    worksheet.freeze_panes = "A2"
    for index, (name, field_type) in enumerate(fields, start=1):
        width = 12.0 if field_type in ("date", "time") else _column_width(name, sheet.rows)
        worksheet.column_dimensions[get_column_letter(index)].width = width
    header = []
    for name, _ in fields:
        cell = WriteOnlyCell(worksheet, name)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        header.append(cell)
    worksheet.append(header)
    for row in sheet.rows:
        worksheet.append([_styled(worksheet, row.get(name), kind) for name, kind in fields])


def _styled(worksheet, value, field_type: str):
    value = _cell_value(value, field_type)
    if isinstance(value, (date, time)):
        cell = WriteOnlyCell(worksheet, value)
        cell.number_format = DATE_FORMAT if isinstance(value, date) else TIME_FORMAT
        return cell
    if isinstance(value, str) and "\n" in value:
        cell = WriteOnlyCell(worksheet, value)
        cell.alignment = _WRAP
        return cell
    return value


def _reproducible(archive_bytes: bytes) -> bytes:
    """The same archive with fixed timestamps, entries in their original order."""
    stamp = FIXED_STAMP.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive_bytes)) as source, zipfile.ZipFile(
        out, "w", zipfile.ZIP_DEFLATED
    ) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp.encode() + rb"\g<2>",
                    data,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_STAMP.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, data)
    return out.getvalue()


def write_workbook(path: Path, sheets: Sequence[Sheet], title: str) -> Path:
    """Write `sheets` to the .xlsx file `path` (replaced if it exists)."""
    workbook = Workbook(write_only=True)
    workbook.properties.creator = "Agora"
    workbook.properties.lastModifiedBy = "Agora"
    workbook.properties.title = title
    workbook.properties.created = FIXED_STAMP
    for sheet in sheets:
        _write_sheet(workbook, sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    partial = path.with_name(path.name + ".partiel")
    partial.write_bytes(_reproducible(buffer.getvalue()))
    partial.replace(path)
    return path
