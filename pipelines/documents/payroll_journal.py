"""The payroll journal of a month (livre de paie) as an Excel workbook (openpyxl).

Three sheets:

- « Livre de paie »: one row per employee (`journal.journal_rows`), one column per
  `journal.journal_columns` with its French title, amounts as numbers in the format
  ``# ##0,00``, the header frozen, and a « Total » row: the exact Decimal sum of each
  amount column, written as a number (no formula, so that the file says the same thing
  wherever it is opened);
- « Organismes »: what the month owes each collecting body (`bodies.dues_by_body`): part
  salariale, part patronale, total, due date and employees concerned, and their total;
- « Écritures »: the month's accounting entries (`entries.payroll_entries`), balanced.

Text cells are always stored as text: a name beginning with « = » is never a formula. The
bytes are deterministic: the workbook's properties carry the month's last day, and the
files of the archive a fixed date.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from pipelines.compute.payroll.bodies import BodyDue, dues_by_body
from pipelines.compute.payroll.entries import ACCOUNTS, EntryLine, payroll_entries
from pipelines.compute.payroll.hours import month_bounds
from pipelines.compute.payroll.journal import IDENTITY, journal_columns, journal_rows
from pipelines.compute.payroll.model import ZERO, Payslip
from pipelines.law import Parameters

MONEY_FORMAT = "#,##0.00"
HOURS_FORMAT = "#,##0.00"
DATE_FORMAT = "DD/MM/YYYY"
JOURNAL_SHEET, BODIES_SHEET, ENTRIES_SHEET = "Livre de paie", "Organismes", "Écritures"
TOTAL_LABEL = "Total"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E8E8E8")
TEXT_KEYS = frozenset(key for key, _title in IDENTITY)


def _text(value: object) -> str:
    """A text as a cell keeps it: the characters XML cannot carry are left out."""
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _put(sheet: Worksheet, row: int, column: int, value: object,
         number_format: str | None = None):
    """Writes a value: text always as text (never a formula), numbers and dates as such."""
    cell = sheet.cell(row=row, column=column)
    if value is None:
        return cell
    if isinstance(value, str):
        cell.value = _text(value)
        cell.data_type = "s"
    elif isinstance(value, (Decimal, int, date)):
        cell.value = value
    else:
        cell.value = _text(value)
        cell.data_type = "s"
    if number_format:
        cell.number_format = number_format
    return cell


def _header(sheet: Worksheet, titles: list[str], widths: list[int]) -> None:
    for column, title in enumerate(titles, start=1):
        cell = _put(sheet, 1, column, title)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"


def _journal_sheet(sheet: Worksheet, payslips: list[Payslip]) -> dict[str, Decimal]:
    columns = journal_columns(payslips)
    rows = journal_rows(payslips)
    keys = [key for key, _title in columns]
    _header(sheet, [title for _key, title in columns],
            [10 if key in TEXT_KEYS else 16 for key in keys])
    sheet.freeze_panes = "D2"  # matricule, nom and prénom stay in view
    totals: dict[str, Decimal] = {key: ZERO for key in keys if key not in TEXT_KEYS}
    for index, row in enumerate(rows, start=2):
        for column, key in enumerate(keys, start=1):
            value = row.get(key)
            if key in TEXT_KEYS:
                _put(sheet, index, column, value)
                continue
            amount = ZERO if value is None else value
            totals[key] += amount
            _put(sheet, index, column, amount,
                 HOURS_FORMAT if key == "heures_payees" else MONEY_FORMAT)
    last = len(rows) + 2
    _put(sheet, last, 1, TOTAL_LABEL).font = HEADER_FONT
    for column, key in enumerate(keys, start=1):
        if key in totals:
            cell = _put(sheet, last, column, totals[key],
                        HOURS_FORMAT if key == "heures_payees" else MONEY_FORMAT)
            cell.font = HEADER_FONT
    return totals


BODY_TITLES = ["Organisme", "Part salariale", "Part patronale", "Total", "Échéance",
               "Salariés"]


def _bodies_sheet(sheet: Worksheet, dues: list[BodyDue]) -> None:
    _header(sheet, BODY_TITLES, [34, 16, 16, 16, 14, 10])
    for index, due in enumerate(dues, start=2):
        _put(sheet, index, 1, due.organisme)
        _put(sheet, index, 2, due.part_salariale, MONEY_FORMAT)
        _put(sheet, index, 3, due.part_patronale, MONEY_FORMAT)
        _put(sheet, index, 4, due.total, MONEY_FORMAT)
        _put(sheet, index, 5, due.echeance, DATE_FORMAT)
        _put(sheet, index, 6, due.salaries)
    last = len(dues) + 2
    _put(sheet, last, 1, TOTAL_LABEL).font = HEADER_FONT
    for column, attribute in ((2, "part_salariale"), (3, "part_patronale"), (4, "total")):
        total = sum((getattr(due, attribute) for due in dues), ZERO)
        _put(sheet, last, column, total, MONEY_FORMAT).font = HEADER_FONT


ENTRY_TITLES = ["Journal", "Date", "Mois", "Compte", "Intitulé du compte", "Libellé", "Débit",
                "Crédit"]


def _entries_sheet(sheet: Worksheet, entries: list[EntryLine]) -> None:
    _header(sheet, ENTRY_TITLES, [9, 12, 9, 9, 44, 52, 14, 14])
    for index, entry in enumerate(entries, start=2):
        _put(sheet, index, 1, entry.journal)
        _put(sheet, index, 2, entry.date, DATE_FORMAT)
        _put(sheet, index, 3, entry.mois)
        _put(sheet, index, 4, entry.compte)
        _put(sheet, index, 5, ACCOUNTS.get(entry.compte, ""))
        _put(sheet, index, 6, entry.libelle)
        _put(sheet, index, 7, entry.debit, MONEY_FORMAT)
        _put(sheet, index, 8, entry.credit, MONEY_FORMAT)
    last = len(entries) + 2
    _put(sheet, last, 1, TOTAL_LABEL).font = HEADER_FONT
    _put(sheet, last, 7, sum((e.debit for e in entries), ZERO), MONEY_FORMAT).font = HEADER_FONT
    _put(sheet, last, 8, sum((e.credit for e in entries), ZERO), MONEY_FORMAT).font = HEADER_FONT


def journal_workbook(month: str, payslips: list[Payslip], parameters: Parameters) -> Workbook:
    """The workbook of one month (the payslips of other months are left out)."""
    slips = [slip for slip in payslips if slip.month == month]
    workbook = Workbook()
    journal = workbook.active
    journal.title = JOURNAL_SHEET
    _journal_sheet(journal, slips)
    _bodies_sheet(workbook.create_sheet(BODIES_SHEET), dues_by_body(slips, parameters))
    _entries_sheet(workbook.create_sheet(ENTRIES_SHEET), payroll_entries(slips))
    stamp = datetime.combine(month_bounds(month)[1], datetime.min.time())
    properties = workbook.properties
    properties.creator = properties.lastModifiedBy = "Agora"
    properties.title = f"Livre de paie {month}"
    properties.created = properties.modified = stamp
    return workbook


def workbook_bytes(workbook: Workbook) -> bytes:
    """The .xlsx bytes, the same for the same content (no clock in them)."""
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()  # keeps the properties' dates as set
    fixed = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            stamped = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            stamped.compress_type = zipfile.ZIP_DEFLATED
            stamped.external_attr = info.external_attr
            out.writestr(stamped, source.read(info.filename))
    return fixed.getvalue()


def payroll_journal_xlsx(month: str, payslips: list[Payslip], parameters: Parameters) -> bytes:
    return workbook_bytes(journal_workbook(month, payslips, parameters))
