"""``write_payroll_documents``: the payslips, journal and transfer file of a month, written
whole into a private folder, and the months that have no payslip."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from pipelines.compute.payroll.run import payroll
from pipelines.documents.payroll_papers import write_payroll_documents
from pipelines.documents.sepa import xsd_errors
from pipelines.law import parameters


def test_the_documents_of_a_month(demo_dataset, tmp_path: Path):
    month = "2026-02"
    slips = payroll(demo_dataset, parameters()).of_month(month)
    made = write_payroll_documents(demo_dataset, parameters(), tmp_path, months=[month, "2031-01"],
                                   workers=1)
    assert made.months == [month]
    assert made.problems == ["2031-01 : aucun bulletin de paie pour ce mois"]
    assert len(made.payslips) == len(slips)
    folder = tmp_path / "bulletins" / month
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in made.payslips)
    assert (folder / "S001-Morel.pdf") in made.payslips
    text = PdfReader(folder / "S001-Morel.pdf").pages[0].extract_text()
    assert "Claire Morel" in text and "Net payé" in text
    assert made.journals == [tmp_path / f"livre-de-paie-{month}.xlsx"]
    assert load_workbook(made.journals[0]).sheetnames == ["Livre de paie", "Organismes",
                                                          "Écritures"]
    assert made.transfers == [tmp_path / f"virements-salaires-{month}.xml"]
    assert xsd_errors(made.transfers[0].read_bytes()) == []
    assert made.transferred == len([s for s in slips if s.net_paye > 0])
    assert made.issues == []
    assert made.counts["bulletins"] == len(slips)
    assert not list(tmp_path.rglob("*.partiel"))
