"""The stock dashboard and a stock card of the demo's management site in headless Chromium:
key figures, the SVG chart of the exits, the items to reorder, the stock-out and the
orders it hits, and a stock card reached from the dashboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

DASHBOARD = "gestion/stock.html"
LOADED_SVG = ("img => img.complete && img.naturalWidth > 0 "
              "&& img.getAttribute('src').endsWith('.svg')")


def test_the_stock_dashboard_renders_its_sections_and_chart(visit, management_url):
    page = visit.open(management_url + DASHBOARD)

    expect(page.locator("article h1")).to_have_text("Stock")
    for heading in ("Articles à commander", "Ruptures de stock et commandes clients touchées",
                    "Saisonnalité : sorties par mois et par catégorie",
                    "Casse, pertes et retours de l'exercice", "Inventaires et écarts",
                    "Articles en alerte", "Niveaux et valorisation au CUMP",
                    "Mouvements par mois"):
        expect(page.locator("article h2", has_text=heading)).to_be_visible()
    charts = page.locator("article img").evaluate_all(f"imgs => imgs.map({LOADED_SVG})")
    assert charts == [True]
    key_figures = page.locator("article table").first
    expect(key_figures).to_contain_text("Valeur du stock au 30 novembre 2026, au CUMP")
    expect(key_figures).to_contain_text("Rotation du stock")
    hit = page.locator("article table", has_text="Rupture à la date de la commande")
    expect(hit).to_contain_text("CO-2026-00635")
    expect(hit).to_contain_text("signalée (commande-rupture-stock)")
    assert visit.errors == []


def test_a_stock_card_opens_from_the_dashboard(visit, management_url):
    page = visit.open(management_url + DASHBOARD)
    levels = page.locator("article table", has_text="Stock initial")
    levels.get_by_role("link", name="ART-0028").click()
    page.wait_for_load_state("load")

    expect(page.locator("article h1")).to_contain_text("Fiche de stock ART-0028")
    for heading in ("Mouvements et valorisation", "CUMP de fin de période, par mois",
                    "Inventaires"):
        expect(page.locator("article h2", has_text=heading)).to_be_visible()
    movements = page.locator("article table", has_text="Entrée : coût unitaire")
    expect(movements.locator("tbody tr").first).to_contain_text("Stock initial")
    assert movements.locator("tbody tr").count() > 10
    counts = page.locator("article table", has_text="Écart restant")
    expect(counts).to_contain_text("27/11/2026")
    page.get_by_role("link", name="Tableau de bord du stock").click()
    page.wait_for_load_state("load")
    expect(page.locator("article h1")).to_have_text("Stock")
    assert visit.errors == []
