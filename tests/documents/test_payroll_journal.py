"""The payroll journal workbook of a month: its totals are the payslips' to the cent, the
« Organismes » sheet owes what the journal withholds and charges, the entries balance, text
stays text, and the bytes do not depend on the clock."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from pipelines.compute.payroll.journal import journal_contributions, journal_rows
from pipelines.compute.payroll.run import payroll
from pipelines.documents.payroll_journal import (
    BODIES_SHEET,
    ENTRIES_SHEET,
    JOURNAL_SHEET,
    MONEY_FORMAT,
    payroll_journal_xlsx,
)
from pipelines.law import parameters

MONTH = "2026-03"


@pytest.fixture(scope="module")
def month_slips(demo_dataset):
    return payroll(demo_dataset, parameters()).of_month(MONTH)


@pytest.fixture(scope="module")
def workbook(month_slips):
    return load_workbook(io.BytesIO(payroll_journal_xlsx(MONTH, month_slips, parameters())))


def cents(value) -> D:
    return D(str(value)).quantize(D("0.01"))


def columns(sheet) -> dict[str, int]:
    return {cell.value: cell.column for cell in sheet[1]}


def test_one_row_per_employee_and_a_total_row(workbook, month_slips):
    sheet = workbook[JOURNAL_SHEET]
    assert workbook.sheetnames == [JOURNAL_SHEET, BODIES_SHEET, ENTRIES_SHEET]
    assert sheet.max_row == len(month_slips) + 2
    assert sheet.freeze_panes == "D2"
    total = sheet.max_row
    assert sheet.cell(total, 1).value == "Total"
    title = columns(sheet)
    for name, attribute in (("Salaire brut", "salaire_brut"), ("Net payé", "net_paye"),
                            ("Montant net social", "net_social"),
                            ("Impôt prélevé à la source", "pas"),
                            ("Coût employeur", "cout_employeur"),
                            ("Total des cotisations salariales", "cotisations_salariales"),
                            ("Total des cotisations patronales", "cotisations_patronales")):
        expected = sum((getattr(slip, attribute) for slip in month_slips), D(0))
        assert cents(sheet.cell(total, title[name]).value) == expected, name
        assert sheet.cell(2, title[name]).number_format == MONEY_FORMAT


def test_every_amount_column_totals_its_rows(workbook):
    sheet = workbook[JOURNAL_SHEET]
    total = sheet.max_row
    for column in range(7, sheet.max_column + 1):
        rows = sum((cents(sheet.cell(r, column).value or 0) for r in range(2, total)), D(0))
        assert cents(sheet.cell(total, column).value) == rows


def test_bodies_owe_the_journal_contributions_and_the_withholding_tax(workbook, month_slips):
    sheet = workbook[BODIES_SHEET]
    assert [c.value for c in sheet[1]] == ["Organisme", "Part salariale", "Part patronale",
                                           "Total", "Échéance", "Salariés"]
    last = sheet.max_row
    assert sheet.cell(last, 1).value == "Total"
    owed = cents(sheet.cell(last, 4).value)
    assert owed == journal_contributions(journal_rows(month_slips))
    names = {sheet.cell(r, 1).value for r in range(2, last)}
    assert {"URSSAF", "Agirc-Arrco", "DGFiP"} <= names


def test_the_entries_balance(workbook):
    sheet = workbook[ENTRIES_SHEET]
    last = sheet.max_row
    debit = sum((cents(sheet.cell(r, 7).value) for r in range(2, last)), D(0))
    credit = sum((cents(sheet.cell(r, 8).value) for r in range(2, last)), D(0))
    assert debit == credit == cents(sheet.cell(last, 7).value) == cents(sheet.cell(last, 8).value)
    assert debit > 0


def test_text_is_never_a_formula(month_slips):
    first = month_slips[0]
    tricky = replace(first, employee=replace(first.employee, nom="=HYPERLINK(\"x\")",
                                             prenom="+33\x07"))
    data = payroll_journal_xlsx(MONTH, [tricky, *month_slips[1:]], parameters())
    sheet = load_workbook(io.BytesIO(data))[JOURNAL_SHEET]
    cells = {sheet.cell(r, 2).value: sheet.cell(r, 2) for r in range(2, sheet.max_row)}
    cell = cells["=HYPERLINK(\"x\")"]
    assert cell.data_type == "s"
    assert sheet.cell(cell.row, 3).value == "+33"


def test_same_content_same_bytes(month_slips):
    first = payroll_journal_xlsx(MONTH, month_slips, parameters())
    assert payroll_journal_xlsx(MONTH, month_slips, parameters()) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:  # no clock: fixed dates only
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert core.count("2026-03-31T00:00:00Z") == 2
