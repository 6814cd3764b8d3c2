"""A fast scan of a sheet's XML for what calamine does not tell.

calamine gives the values; the XML also says:
- the sheet's declared size (``<dimension ref="A1:F20">``) and its last ``<row>``:
  rows that only carry formatting are still rows for other readers;
- formulas with no stored result (``<f>`` without ``<v>``): their cell looks empty;
- cells that show an Excel error (``t="e"``, ``#DIV/0!``): calamine reads them as
  empty.

The scan works on the raw bytes with a few regular expressions; it only looks
at cells when the bytes hold a formula or an error at all (`xml_screen`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipelines.load.source import Position

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Za-z]*)(\d*)(?::([A-Za-z]*)(\d*))?"')
_ROW_ATTRIBUTE = re.compile(rb'\br="(\d+)"')
_MARK = re.compile(rb'<(?:\w+:)?f\b|\bt="e"')
_CELL_START = re.compile(rb"<(?:\w+:)?c\s")
_CELL_END = re.compile(rb"</(?:\w+:)?c>")
_REFERENCE = re.compile(rb'\br="([A-Z]+)(\d+)"')
_TYPE = re.compile(rb'\bt="(\w+)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f\b")
_VALUE = re.compile(rb"<(?:\w+:)?v\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?v>)", re.DOTALL)
_BLANK_TEXT = re.compile(rb"<(?:\w+:)?t>([ \t\r\n]+)</(?:\w+:)?t>")
_SHARED_ITEM = re.compile(rb"<(?:\w+:)?si>(.*?)</(?:\w+:)?si>", re.DOTALL)
_SHARED_CELL = re.compile(rb'<(?:\w+:)?c\b([^>]*\bt="s"[^>]*)>\s*<(?:\w+:)?v>(\d+)</(?:\w+:)?v>')
_ROW_TAGS = (b"<row ", b":row ")  # opening tags with attributes (r="…")


@dataclass
class SheetXmlFacts:
    dimension: tuple[int, int] | None = None  # (last row, last column), 1-based
    last_row: int | None = None  # the r of the last <row> element, 1-based
    formulas_without_value: list[Position] = field(default_factory=list)
    error_cells: dict[Position, str] = field(default_factory=dict)
    blank_texts: dict[Position, str] = field(default_factory=dict)  # " ": calamine reads ""


def column_index(letters: bytes | str) -> int:
    """Excel column letters → 1-based index (A → 1, AA → 27)."""
    index = 0
    for char in letters.upper() if isinstance(letters, str) else letters.decode().upper():
        index = index * 26 + ord(char) - 64
    return index


def scan_sheet_xml(data: bytes, shared_blanks: dict[int, str] | None = None) -> SheetXmlFacts:
    """What the sheet's XML says beyond its values; ``shared_blanks`` are the
    whitespace-only shared strings (index → text)."""
    # Imported here, not at the top: the scan runs in a thread beside calamine's read,
    # and so does numpy's import (≈ 0.05 s off the command's start-up).
    from pipelines.load.xml_screen import (
        may_hold_blank_inline_texts,
        may_hold_formulas_or_errors,
    )

    facts = SheetXmlFacts(dimension=_dimension(data), last_row=_last_row(data))
    if may_hold_formulas_or_errors(data):
        _scan_cells(data, facts)
    if may_hold_blank_inline_texts(data):
        _scan_blank_inline_texts(data, facts)
    if shared_blanks:
        _scan_blank_shared_texts(data, shared_blanks, facts)
    return facts


def blank_shared_strings(data: bytes) -> dict[int, str]:
    """Shared strings made of spaces only, kept by openpyxl but read empty by calamine."""
    if not _BLANK_TEXT.search(data):
        return {}
    blanks = {}
    for index, item in enumerate(_SHARED_ITEM.finditer(data)):
        text = _BLANK_TEXT.fullmatch(item.group(1))
        if text:
            blanks[index] = text.group(1).decode()
    return blanks


def _scan_blank_inline_texts(data: bytes, facts: SheetXmlFacts) -> None:
    for text in _BLANK_TEXT.finditer(data):
        start = _cell_start(data, text.start())
        reference = _REFERENCE.search(data, start, data.find(b">", start)) if start >= 0 else None
        if reference:
            facts.blank_texts[_position(reference)] = text.group(1).decode()


def _scan_blank_shared_texts(data: bytes, blanks: dict[int, str], facts: SheetXmlFacts) -> None:
    for cell in _SHARED_CELL.finditer(data):
        index = int(cell.group(2))
        if index in blanks:
            reference = _REFERENCE.search(cell.group(1))
            if reference:
                facts.blank_texts[_position(reference)] = blanks[index]


def _position(reference: re.Match) -> Position:
    return int(reference.group(2)) - 1, column_index(reference.group(1)) - 1


def _dimension(data: bytes) -> tuple[int, int] | None:
    head_end = data.find(b"sheetData")
    match = _DIMENSION.search(data, 0, head_end if head_end > 0 else 4096)
    if match is None:
        return None
    first_letters, first_row, last_letters, last_row = match.groups()
    letters = last_letters if last_letters is not None else first_letters
    row = last_row if last_row is not None else first_row
    if not letters or not row:
        return None
    return int(row), column_index(letters)


def _last_row(data: bytes) -> int | None:
    start = -1
    for window in (len(data) - 65536, 0):  # the last row is near the end: look there first
        start = max(data.rfind(tag, max(window, 0)) for tag in _ROW_TAGS)
        if start >= 0:
            break
    if start < 0:
        return None
    end = data.find(b">", start)
    match = _ROW_ATTRIBUTE.search(data, start, end)
    return int(match.group(1)) if match else None


def _scan_cells(data: bytes, facts: SheetXmlFacts) -> None:
    """Formulas with no stored value and error cells, by their position."""
    seen: set[int] = set()
    for mark in _MARK.finditer(data):
        start = _cell_start(data, mark.start())
        if start < 0 or start in seen:
            continue
        seen.add(start)
        tag_end = data.find(b">", start)
        end = _CELL_END.search(data, tag_end)
        attributes = data[start:tag_end]
        body = data[tag_end + 1 : end.start()] if end else b""
        _read_cell(attributes, body, facts)


def _cell_start(data: bytes, position: int) -> int:
    """Where the <c> element holding this position starts (-1: none)."""
    window = max(0, position - 512)
    starts = list(_CELL_START.finditer(data, window, position + 1))
    return starts[-1].start() if starts else -1


def _read_cell(attributes: bytes, body: bytes, facts: SheetXmlFacts) -> None:
    reference = _REFERENCE.search(attributes)
    if reference is None:
        return
    kind = _TYPE.search(attributes)
    kind = kind.group(1) if kind else b"n"
    has_formula = _FORMULA.search(body) is not None
    position = _position(reference)
    value = _VALUE.search(body)
    text = value.group(1) if value else None
    if kind == b"e" and text:
        facts.error_cells[position] = text.decode("utf-8", "replace")
    elif has_formula and not text and kind != b"str":
        facts.formulas_without_value.append(position)
