"""The supplier payment pages of the demo's management site in headless Chromium: the
schedule by due date, the cash needed by week and its SVG chart, the payments."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SCHEDULE = "gestion/paiements-fournisseurs/index.html"
PAYMENTS = "gestion/paiements-fournisseurs/paiements.html"


def test_the_schedule_renders_its_buckets_and_cash_chart(visit, management_url):
    page = visit.open(management_url + SCHEDULE)

    expect(page.locator("article h1")).to_have_text("Échéancier fournisseurs")
    for heading in ("À payer par échéance", "Besoin de trésorerie par semaine",
                    "Factures échues non payées", "Factures en litige",
                    "Compensation possible", "Toutes les échéances"):
        expect(page.locator("article h2", has_text=heading)).to_be_visible()
    chart = page.locator("article img[src$='tresorerie-fournisseurs.svg']")
    expect(chart).to_be_visible()
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    buckets = page.locator("article table").first
    for label in ("Échu", "Cette semaine", "Ce mois-ci", "Le mois prochain", "Plus tard",
                  "Total", "du 07/12/2026 au 31/12/2026"):
        expect(buckets).to_contain_text(label)
    headers = page.locator("article table").last.locator("th").all_inner_texts()
    assert headers.count("Échéance") == 1 and "Tranche" in headers
    expect(page.locator("article")).to_contain_text("01/10/2026")  # the missed due date
    expect(page.locator("article")).to_contain_text("Données au".lower(), ignore_case=True)
    assert visit.errors == []


def test_the_payments_page_lists_payments_and_anomalies(visit, management_url):
    page = visit.open(management_url + PAYMENTS)

    expect(page.locator("article h1")).to_have_text("Paiements fournisseurs")
    expect(page.locator("article h2").first).to_have_text("Anomalies")
    expect(page.locator("article table").last).to_contain_text("PF-2026-00001")
    expect(page.locator("article")).to_contain_text("echeance-fournisseur-depassee")
    assert visit.errors == []
