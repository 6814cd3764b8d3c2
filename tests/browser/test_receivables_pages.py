"""The receivables pages and a customer file of the demo's management site in headless
Chromium: the aged balance and its SVG chart, the dunning, the « expliquer » pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

OVERVIEW = "gestion/creances/index.html"
OPEN_ITEMS = "gestion/creances/factures-ouvertes.html"
PAYMENTS = "gestion/creances/reglements.html"
CUSTOMER = "gestion/clients/c0001.html"


def test_the_receivables_overview_renders_its_tables_and_chart(visit, management_url):
    page = visit.open(management_url + OVERVIEW)

    expect(page.locator("article h1")).to_have_text("Créances clients")
    for heading in ("Balance âgée", "Relances à faire cette semaine", "Litiges",
                    "Créances douteuses et irrécouvrables", "Soldes créditeurs",
                    "Règlements non lettrés", "Échéances en retard"):
        expect(page.locator("article h2", has_text=heading)).to_be_visible()
    chart = page.locator("article img[src$='balance-agee.svg']")
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    aged = page.locator("article table").first
    expect(aged).to_contain_text("Boucherie Joly")
    expect(aged.locator("tbody tr").last).to_contain_text("85 253,21")
    assert visit.errors == []


def test_a_customer_total_explains_itself_with_its_rows(visit, management_url):
    page = visit.open(management_url + OVERVIEW)
    page.locator("article tr", has_text="C0001 Boucherie Joly").get_by_role(
        "link", name="expliquer").click()
    page.wait_for_load_state("load")

    expect(page.locator("article h1")).to_have_text("Ce que doit C0001 Boucherie Joly")
    expect(page.locator("article")).to_contain_text("ventes.xlsx › Factures")
    rows = page.locator("article table").first.locator("tbody tr")
    assert rows.first.locator("td").first.inner_text().isdigit()  # the Excel row
    expect(rows.last).to_contain_text("8 352,12")


def test_open_items_payments_and_the_customer_file_render(visit, management_url):
    items = visit.open(management_url + OPEN_ITEMS)
    expect(items.locator("article h1")).to_have_text("Factures ouvertes")
    assert items.locator("article table tbody tr").count() == 63

    payments = visit.open(management_url + PAYMENTS)
    expect(payments.locator("article h2", has_text="Différences de change")).to_be_visible()
    expect(payments.locator("article")).to_contain_text("$US")

    customer = visit.open(management_url + CUSTOMER)
    for heading in ("Créances", "Relances et litiges", "Historique du compte"):
        expect(customer.locator("article h2", has_text=heading)).to_be_visible()
    expect(customer.locator("article")).to_contain_text("mise en demeure")
    assert visit.errors == []


def test_a_customer_file_opens_the_archived_pdf_of_its_invoices(visit, management_url):
    """1.3.1 Fichier clients — la fiche client donne les documents émis : chaque facture
    émise ouvre le PDF Factur-X de l'archive, celui-là même qui a été émis."""
    customer = visit.open(management_url + CUSTOMER)
    expect(customer.locator("article h2", has_text="Documents")).to_be_visible()
    documents = customer.locator("article table").last
    first = documents.locator("tbody tr").first
    number = first.locator("td").first.inner_text()
    link = first.get_by_role("link", name="PDF Factur-X")
    assert link.get_attribute("href") == f"../documents/factures/{number}.pdf"

    response = customer.request.get(management_url + f"gestion/documents/factures/{number}.pdf")
    assert response.ok
    assert response.body().startswith(b"%PDF-")
    assert visit.errors == []
