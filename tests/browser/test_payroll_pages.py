"""The « Paie » page of the demo's management site in headless Chromium: it renders with
its chart, asks nothing of another host, and names no employee."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from . import records

pytestmark = pytest.mark.browser

PAYROLL = "gestion/paie/index.html"


def test_the_payroll_page_renders_its_chart_and_tables(visit, management_url):
    page = visit.open(management_url + PAYROLL)

    expect(page.locator("article h1")).to_have_text("Paie")
    for heading in ("Par mois", "Par service", "Cotisations par organisme",
                    "Écritures comptables", "D'où viennent ces chiffres"):
        expect(page.locator("article h2", has_text=heading)).to_be_visible()
    chart = page.locator("article img[src$='paie-par-mois.svg']")
    expect(chart).to_be_visible()
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    monthly = page.locator("article table").first
    expect(monthly).to_contain_text("novembre 2026")
    expect(monthly).to_contain_text("Coût employeur")
    expect(page.locator("article")).to_contain_text("moins de 3 salariés : non publié")
    expect(page.locator("article")).to_contain_text("agora paie documents")
    assert visit.errors == []


def test_the_payroll_page_names_no_employee(visit, management_url, demo):
    page = visit.open(management_url + PAYROLL)
    text = f" {page.locator('body').inner_text()} "

    staff = list(records.read_rows(demo.workbooks / "personnel.xlsx", "Salariés"))
    assert staff
    for employee in staff:
        assert employee["matricule"] not in text
        assert f" {employee['nom']} " not in text, employee["nom"]
        assert f"{employee['prenom']} {employee['nom']}" not in text


def test_the_payroll_page_is_reached_from_the_management_navigation(visit, management_url):
    page = visit.open(management_url + "gestion/index.html")

    link = page.locator("nav a[href$='paie/']").or_(page.locator("nav a[href$='paie/index.html']"))
    expect(link.first).to_be_attached()
