"""The purchasing pages of the demo's management site in headless Chromium: the
three-way-match anomalies to send to the manager, the supplier invoice register and the
supplier orders."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ANOMALIES = "gestion/achats/rapprochement.html"
INVOICES = "gestion/achats/factures.html"
ORDERS = "gestion/achats/commandes.html"


def test_the_anomalies_page_lists_the_three_scripted_differences(visit, management_url):
    page = visit.open(management_url + ANOMALIES)

    expect(page.locator("article h1")).to_have_text("Anomalies de rapprochement")
    expect(page.locator("article h2", has_text="À transmettre au responsable")).to_be_visible()
    listed = page.locator("article table").nth(1).locator("tbody tr")
    assert listed.count() == 3
    text = page.locator("article").inner_text()
    for nature in ("remise non appliquée", "prix au-dessus de la commande",
                   "avoir attendu : quantité refusée ou endommagée facturée"):
        assert nature in text
    expect(page.locator("article")).to_contain_text("achats.xlsx")
    expect(page.locator("article")).to_contain_text("agora documents --type reclamations")
    assert visit.errors == []


def test_the_invoice_register_shows_the_vat_cases_and_the_lost_original(visit, management_url):
    page = visit.open(management_url + INVOICES)

    expect(page.locator("article h1")).to_have_text("Factures fournisseurs")
    cases = page.locator("article table").first
    for case in ("France", "acquisition intracommunautaire", "importation"):
        expect(cases).to_contain_text(case)
    register = page.locator("article table").nth(1)
    expect(register.locator("tbody tr", has_text="manquant")).to_have_count(1)
    expect(register.locator("tbody tr", has_text="avoir").first).to_contain_text("-")
    expect(page.locator("article")).to_contain_text("TVA non déductible sans facture")
    assert visit.errors == []


def test_the_orders_page_shows_what_remains_to_receive(visit, management_url):
    page = visit.open(management_url + ORDERS)

    expect(page.locator("article h1")).to_have_text("Commandes fournisseurs")
    expect(page.locator("article")).to_contain_text("partiellement reçue")
    expect(page.locator("article h2", has_text="Retards de livraison par fournisseur")) \
        .to_be_visible()
    assert visit.errors == []
