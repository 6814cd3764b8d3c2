"""The SEPA transfer file of a month's salaries: XSD-valid, one transfer per employee paid,
the sums and control sum, the execution date, and the employees left out for want of an
IBAN (an issue on their IBAN cell, in French)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest
from lxml import etree

from pipelines.compute.payroll.run import payroll
from pipelines.documents.salary_transfers import (
    SALARY_WITHOUT_IBAN,
    execution_date,
    last_working_day,
    salary_transfer_file,
)
from pipelines.documents.sepa import NAMESPACE, xsd_errors
from pipelines.law import parameters

MONTH = "2026-05"
NS = {"p": NAMESPACE}


@pytest.fixture(scope="module")
def month_slips(demo_dataset):
    return payroll(demo_dataset, parameters()).of_month(MONTH)


def texts(root, path: str) -> list[str]:
    return [node.text for node in root.iterfind(path, NS)]


def test_the_file_is_valid_and_pays_each_net(demo_dataset, month_slips):
    made = salary_transfer_file(demo_dataset, month_slips, MONTH)
    assert xsd_errors(made.xml) == []
    root = etree.fromstring(made.xml)
    paid = [slip for slip in month_slips if slip.net_paye > 0 and slip.employee.iban]
    expected = sum((slip.net_paye for slip in paid), D(0))
    header = "p:CstmrCdtTrfInitn/p:GrpHdr"
    assert texts(root, f"{header}/p:NbOfTxs") == [str(len(paid))]
    assert D(texts(root, f"{header}/p:CtrlSum")[0]) == expected == made.total
    amounts = texts(root, ".//p:CdtTrfTxInf/p:Amt/p:InstdAmt")
    assert sum((D(a) for a in amounts), D(0)) == expected
    assert set(texts(root, ".//p:RmtInf/p:Ustrd")) == {"Salaire mai 2026"}
    assert texts(root, ".//p:DbtrAcct/p:Id/p:IBAN") == ["FR7630003024507968748929696"]
    ids = texts(root, ".//p:PmtId/p:EndToEndId")
    assert ids == sorted(ids) and ids[0].startswith("SAL-2026-05-S0")
    assert made.left_out == ()


def test_execution_date_is_the_last_working_day_or_the_as_of_date():
    assert last_working_day("2026-05") == date(2026, 5, 29)  # the 31st is a Sunday
    assert last_working_day("2026-11") == date(2026, 11, 30)
    assert last_working_day("2026-10") == date(2026, 10, 30)  # Saturday 31
    assert execution_date("2026-05", date(2026, 5, 10)) == date(2026, 5, 29)
    assert execution_date("2026-05", date(2026, 11, 30)) == date(2026, 11, 30)


def test_requested_date_in_the_file(demo_dataset, month_slips):
    made = salary_transfer_file(demo_dataset, month_slips, MONTH, as_of=date(2026, 5, 20))
    root = etree.fromstring(made.xml)
    assert texts(root, ".//p:ReqdExctnDt/p:Dt") == ["2026-05-29"]
    assert texts(root, ".//p:GrpHdr/p:CreDtTm") == ["2026-05-20T00:00:00"]


def test_an_employee_without_iban_is_left_out_with_a_reason(demo_dataset, month_slips):
    first = month_slips[0]
    without = replace(first, employee=replace(first.employee, iban=None))
    wrong = replace(month_slips[1], employee=replace(month_slips[1].employee,
                                                     iban="FR7612345678901234567890123"))
    slips = [without, wrong, *month_slips[2:]]
    made = salary_transfer_file(demo_dataset, slips, MONTH)
    assert xsd_errors(made.xml) == []
    assert made.total == sum((s.net_paye for s in month_slips[2:] if s.net_paye > 0), D(0))
    assert [issue.code for issue in made.left_out] == [SALARY_WITHOUT_IBAN.code] * 2
    issue = made.left_out[0]
    assert issue.source.workbook == "personnel.xlsx" and issue.source.sheet == "Salariés"
    assert issue.source.column == "R" and issue.source.row is not None
    assert "IBAN absent" in issue.message and first.employee.nom in issue.message
    assert "n'est pas dans le fichier de virements" in issue.message
    assert "IBAN invalide" in made.left_out[1].message


def test_same_payroll_same_bytes(demo_dataset, month_slips):
    first = salary_transfer_file(demo_dataset, month_slips, MONTH).xml
    assert salary_transfer_file(demo_dataset, month_slips, MONTH).xml == first
