"""The clarified payslip: golden HTML of two demo payslips (a cadre with overtime, the
part-timer S005 in a month with complementary hours), French formatting, the sections in
the order of the model, the mentions the decree requires, and the PDF."""

from __future__ import annotations

import io
from dataclasses import replace
from decimal import Decimal as D
from html import unescape

import pytest
from golden import assert_matches_golden, without_stylesheets
from pypdf import PdfReader

from pipelines.compute.payroll.model import SECTIONS
from pipelines.compute.payroll.run import payroll
from pipelines.documents.payslip_pdf import (
    KEEP_MENTION,
    PORTAL_MENTION,
    employer_relief,
    euros,
    file_stem,
    payslip_context,
    payslip_documents,
    rate_text,
    render_payslip_html,
    render_payslip_pdf,
)
from pipelines.law import parameters

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.fixture(scope="module")
def demo_payroll(demo_dataset):
    return payroll(demo_dataset, parameters())


def document(demo_dataset, demo_payroll, matricule: str, month: str):
    slip = demo_payroll.find(matricule, month)
    assert slip is not None
    return payslip_documents(demo_dataset, [slip])[0]


def test_golden_payslip_of_a_cadre(demo_dataset, demo_payroll):
    cadre = document(demo_dataset, demo_payroll, "S001", "2026-03")
    assert cadre.slip.employee.categorie == "cadre"
    assert_matches_golden("paie/bulletin_S001_2026-03.html",
                          without_stylesheets(render_payslip_html(cadre)))


def test_golden_payslip_of_the_part_timer_with_complementary_hours(demo_dataset, demo_payroll):
    part_time = document(demo_dataset, demo_payroll, "S005", "2026-06")
    assert part_time.slip.contract.temps_partiel
    assert part_time.slip.line("heures_comp_dixieme") is not None
    assert_matches_golden("paie/bulletin_S005_2026-06.html",
                          without_stylesheets(render_payslip_html(part_time)))


def test_french_numbers_and_rates():
    assert rate_text(D("0.069")) == f"6,90{NBSP}%"
    assert rate_text(D("0.00024")) == f"0,024{NBSP}%"
    assert rate_text(None) == ""
    assert file_stem("S003", "Lefèvre") == "S003-Lefevre"
    assert file_stem("S099", "d'Arc <script>") == "S099-d-Arc-script"


def test_the_page_prints_the_engine_figures_in_the_legal_order(demo_dataset, demo_payroll):
    cadre = document(demo_dataset, demo_payroll, "S001", "2026-03")
    slip = cadre.slip
    html = unescape(render_payslip_html(cadre))
    assert f"Montant net social</td><td class=\"num\">{euros(slip.net_social)}" in html
    assert f"{NNBSP}" in euros(slip.net_social)  # thousands grouped with a narrow space
    positions = [html.index(f"<td colspan=\"6\">{name}</td>")
                 for name in SECTIONS if name in {line.section for line in slip.lines}
                 and name not in (SECTIONS[0], SECTIONS[-1])]
    assert positions == sorted(positions)
    for text in ("Montant net social", "Net à payer avant impôt sur le revenu",
                 "Total des cotisations et contributions", "Total versé par l'employeur",
                 "Allègement de cotisations employeur", "taux personnalisé",
                 "Cumuls depuis le 1er janvier", KEEP_MENTION, PORTAL_MENTION,
                 "SIRET : 930 297 338 00012", "Code NAF : 46.69B", "Commerces de gros",
                 "Cadre, niveau IX", "2 74 06 69 115 347 22", "01/03/2012"):
        assert text in html, text
    relief = employer_relief(slip)
    assert relief > 0
    assert relief == -sum(line.employer_amount or 0 for line in slip.lines
                          if line.section == SECTIONS[-2])


def test_health_lines_follow_the_model_order(demo_dataset, demo_payroll):
    context = payslip_context(document(demo_dataset, demo_payroll, "S001", "2026-03"))
    health = next(section for section in context["sections"] if section["name"] == "Santé")
    labels = [line["label"] for line in health["lines"]]
    assert labels[0].startswith("Sécurité sociale")
    assert labels[1].startswith("Prévoyance") and labels[2].startswith("Complémentaire santé")


def test_rate_of_the_grid_and_escaped_names(demo_dataset, demo_payroll):
    base = document(demo_dataset, demo_payroll, "S005", "2026-06")
    employee = replace(base.slip.employee, taux_pas=None, nom="<script>alert(1)</script>")
    made = replace(base, slip=replace(base.slip, employee=employee))
    html = render_payslip_html(made)
    assert "taux non personnalisé" in html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_the_pdf_renders(demo_dataset, demo_payroll):
    made = document(demo_dataset, demo_payroll, "S005", "2026-06")
    pdf = render_payslip_pdf(made)
    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) == 1
    assert "Net payé" in text
    assert "Nathalie Roux" in text
    assert "conservez ce bulletin de paie sans limitation de durée" in " ".join(text.split())
