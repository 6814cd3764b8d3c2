"""The sales pages of the demo's management site in headless Chromium: the commercial
dashboard with its SVG charts, the « expliquer » links to the source rows, the invoices."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

DASHBOARD = "gestion/ventes/tableau-de-bord.html"
INVOICES = "gestion/ventes/factures.html"
QUOTES = "gestion/ventes/devis.html"
ORDERS = "gestion/ventes/commandes.html"
LOADED_SVG = ("img => img.complete && img.naturalWidth > 0 "
              "&& img.getAttribute('src').endsWith('.svg')")


def loaded_charts(page) -> list[bool]:
    return page.locator("article img").evaluate_all(f"imgs => imgs.map({LOADED_SVG})")


def test_the_dashboard_renders_its_key_figures_and_svg_charts(visit, management_url):
    page = visit.open(management_url + DASHBOARD)

    expect(page.locator("article h1")).to_have_text("Tableau de bord commercial")
    for heading in ("Chiffres clés", "Chiffre d'affaires par mois",
                    "Chiffre d'affaires par client",
                    "Chiffre d'affaires et marge par famille de produits",
                    "Chiffre d'affaires par zone"):
        expect(page.locator("article h2", has_text=heading)).to_be_visible()
    assert loaded_charts(page) == [True] * 4
    key_figures = page.locator("article table").first
    expect(key_figures).to_contain_text("Chiffre d'affaires HT de l'exercice")
    expect(key_figures).to_contain_text("Taux de conversion des devis")
    assert key_figures.get_by_role("link", name="expliquer").count() >= 6
    expect(page.locator("article").get_by_role("link", name="Prospection")).to_be_visible()
    assert visit.errors == []


def test_an_explain_link_leads_to_the_rows_behind_the_figure(visit, management_url):
    page = visit.open(management_url + DASHBOARD)
    row = page.locator("article tr", has_text="mars 2026").first
    amount = row.locator("td").nth(1).inner_text()

    row.get_by_role("link", name="expliquer").click()
    page.wait_for_load_state("load")

    expect(page.locator("article h1")).to_have_text("Chiffre d'affaires HT de mars 2026")
    expect(page.locator("article")).to_contain_text("ventes.xlsx › Factures")
    rows = page.locator("article table tbody tr")
    assert rows.count() > 10
    assert rows.first.locator("td").first.inner_text().isdigit()  # the Excel row
    expect(rows.last).to_contain_text(amount)  # the total of the rows is the figure
    page.get_by_role("link", name="Tableau de bord commercial").last.click()
    page.wait_for_load_state("load")
    expect(page.locator("article h1")).to_have_text("Tableau de bord commercial")


def test_the_invoice_list_and_the_other_sales_pages_render(visit, management_url):
    page = visit.open(management_url + INVOICES)
    expect(page.locator("article h1")).to_have_text("Factures et avoirs")
    listed = page.locator("article table").last.locator("tbody tr")
    assert listed.count() >= 300
    expect(page.locator("article")).to_contain_text("AV-2026-00001")
    expect(page.locator("article")).to_contain_text("$US")

    quotes = visit.open(management_url + QUOTES)
    expect(quotes.locator("article h1")).to_have_text("Conversion des devis")
    assert loaded_charts(quotes) == [True]

    orders = visit.open(management_url + ORDERS)
    expect(orders.locator("article h1")).to_have_text("Commandes à livrer et à facturer")
    expect(orders.locator("article h2", has_text="Expédié non facturé")).to_be_visible()
    assert visit.errors == []
