"""The consumables pages of the demo in headless Chromium: stock and cover, consumption by
month with its chart and the over-consumptions, budget and suggested orders (management
site); what is available or on order, with no price (staff site)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

STOCK = "gestion/consommables/index.html"
CONSUMPTION = "gestion/consommables/consommation.html"
BUDGET = "gestion/consommables/budget.html"
STAFF = "fournitures.html"
AMOUNT = re.compile(r"\d[\d\u202f\u00a0 ]*,\d\d|€")  # « 19,50 € », or any euro sign


def test_stock_and_cover_show_what_to_watch(visit, management_url):
    page = visit.open(management_url + STOCK)

    expect(page.locator("article h1")).to_have_text("Stock et couverture des consommables")
    for heading in ("À surveiller", "En commande", "Stock, consommation et couverture"):
        expect(page.locator("article h2", has_text=heading)).to_be_visible()
    watch = page.locator("article table").first
    expect(watch.locator("tbody tr")).to_have_count(3)
    coffee = watch.locator("tbody tr").first
    expect(coffee).to_contain_text("Café en grains")
    expect(coffee).to_contain_text("Épuisé")
    expect(coffee).to_contain_text("6 kg, livraison prévue le 02/12/2026")
    expect(page.locator("article").first).to_contain_text(
        "aucun dont le stock durera moins que le délai")
    paper = page.locator("article tr", has_text="Papier A4 80 g")
    expect(paper).to_contain_text("87,5 j")  # measured without September (the trade show)
    assert visit.errors == []


def test_consumption_by_month_has_its_chart_and_the_trade_show(visit, management_url):
    page = visit.open(management_url + CONSUMPTION)

    expect(page.locator("article h1")).to_have_text("Consommation des consommables")
    chart = page.locator("article img[src$='consommables-par-categorie.svg']")
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    over = page.locator("article h2", has_text="Surconsommations")
    expect(over).to_be_visible()
    flagged = page.locator("article tr", has_text="Papier A4 80 g").last
    expect(flagged).to_contain_text("septembre 2026")
    expect(flagged).to_contain_text("+195,2")
    expect(flagged).to_contain_text("Salon Froid & Lumière")
    assert visit.errors == []


def test_budget_and_suggested_orders(visit, management_url):
    page = visit.open(management_url + BUDGET)

    expect(page.locator("article h1")).to_have_text("Budget et commandes de consommables")
    within = page.locator("article table").first
    expect(within.locator("tbody tr")).to_have_count(2)
    expect(within).to_contain_text("Café en grains")
    expect(within).to_contain_text("136,00")
    beyond = page.locator("article table").nth(1)
    expect(beyond).to_contain_text("Toner noir du copieur MX-3071")
    expect(beyond).to_contain_text("288,00")  # 3 toners: September's trade show left out
    expect(page.locator("article p", has_text="hors mois de surconsommation").last
           ).to_contain_text("Toner noir du copieur MX-3071 (septembre 2026)")
    printing = page.locator("article tr", has_text="impression")
    expect(printing).to_contain_text("Dépassé")
    chart = page.locator("article img[src$='consommables-budget.svg']")
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    assert visit.errors == []


def test_the_staff_page_says_what_is_available_and_shows_no_price(visit, staff_url, demo):
    page = visit.open(staff_url + STAFF)

    expect(page.locator("article h1")).to_have_text("Fournitures")
    article = page.locator("article")
    expect(article.locator(".admonition", has_text="Épuisé")).to_contain_text(
        "Café en grains")
    coffee = page.locator("article tr", has_text="Café en grains")
    expect(coffee).to_contain_text("Cuisine, placard haut")
    expect(coffee).to_contain_text("6 kg, livraison prévue le 02/12/2026")
    expect(page.locator("article tr", has_text="Gants anti-coupure")).to_contain_text(
        "Bientôt épuisé")
    expect(page.locator("article tr", has_text="Papier A4 80 g")).to_contain_text("En stock")
    assert "Agrafes" not in article.inner_text()  # no longer followed
    assert AMOUNT.findall(article.inner_text()) == []
    expect(page.locator("nav").get_by_role("link", name="Fournitures").first).to_be_attached()
    assert visit.errors == []

    # no management page of the consumables on the staff site, no price in its data
    assert page.request.get(staff_url + BUDGET).status == 404
    data = (demo.site_data / "personnel" / "fournitures.csv").read_text(encoding="utf-8")
    assert "prix" not in data and "montant" not in data and "19.5" not in data
