"""The contract pages of the demo in headless Chromium: the register and its chart, the
renewal calendar with its alerts, the yearly cost, the anomalies (management site); the
contacts staff need, with no amount (staff site)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

REGISTER = "gestion/contrats/index.html"
CALENDAR = "gestion/contrats/echeances.html"
COSTS = "gestion/contrats/couts.html"
EQUIPMENT = "gestion/contrats/equipements.html"
ANOMALIES = "gestion/contrats/anomalies.html"
STAFF = "contacts-depannage.html"
AMOUNT = re.compile(r"\d[\d\u202f\u00a0 ]*,\d\d|€")  # « 1 620,00 € », or any euro sign


def test_the_register_shows_costs_by_type_and_every_contract(visit, management_url):
    page = visit.open(management_url + REGISTER)

    expect(page.locator("article h1")).to_have_text("Registre des contrats")
    for heading in ("Coût de l'exercice par type", "Coût de l'exercice par prestataire",
                    "Tous les contrats, par type"):
        expect(page.locator("article h2", has_text=heading)).to_be_visible()
    chart = page.locator("article img[src$='contrats-cout-par-type.svg']")
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    by_type = page.locator("article table").first
    expect(by_type.locator("tbody tr").last).to_contain_text("31\u202f668,95")
    expect(page.locator("article tr", has_text="CT-007")).to_contain_text("Échu")
    # the next deadline sits next to the échéance it is for, not the current period's end
    insurance = page.locator("article tr", has_text="CT-013").inner_text()
    assert re.search(r"01/11/2027\s+31/12/2027", insurance), insurance
    expect(page.locator("article th", has_text="Échéance visée").first).to_be_visible()
    numbers = page.locator("article tbody td:first-child", has_text=re.compile(r"^CT-\d{3}$"))
    assert numbers.count() == 14
    assert visit.errors == []


def test_the_calendar_groups_deadlines_by_alert(visit, management_url):
    page = visit.open(management_url + CALENDAR)

    expect(page.locator("article h1")).to_have_text("Échéances et préavis")
    headings = page.locator("article h2").all_inner_texts()
    assert headings[:4] == ["Dans les 7 jours", "Dans les 30 jours", "Dans les 90 jours",
                            "Plus tard"]
    seven, thirty, ninety = (page.locator("article table").nth(i) for i in range(3))
    expect(seven).to_contain_text("CT-011")
    expect(seven).to_contain_text("06/12/2026")
    expect(thirty).to_contain_text("CT-001")
    expect(thirty).to_contain_text("14/12/2026")
    assert ninety.locator("tbody tr").count() == 2
    expect(page.locator(".admonition.danger").first).to_contain_text("1 contrat")
    assert visit.errors == []


def test_costs_equipment_and_anomalies_render(visit, management_url):
    costs = visit.open(management_url + COSTS)
    expect(costs.locator("article h1")).to_have_text("Coût annuel des contrats")
    expect(costs.locator("article tr", has_text="CT-002").first).to_contain_text("4\u202f908,49")
    expect(costs.locator("article")).to_contain_text("+12,5 %")

    equipment = visit.open(management_url + EQUIPMENT)
    assert equipment.locator("article table tbody tr").count() == 15
    expect(equipment.locator("article tr", has_text="EQ-009")).to_contain_text("à couvrir")

    anomalies = visit.open(management_url + ANOMALIES)
    for heading in ("Contrats en doublon", "Licences expirées encore utilisées ou dépassées",
                    "Équipements sans contrat", "Hausses de tarif au-delà du seuil",
                    "Constats de la validation"):
        expect(anomalies.locator("article h2", has_text=heading)).to_be_visible()
    expect(anomalies.locator("article")).to_contain_text("Stockage en ligne")
    expect(anomalies.locator("article")).to_contain_text("Banc d'essai frigorifique")
    expect(anomalies.locator("article")).to_contain_text("Logiciel d'étude d'éclairage")
    assert visit.errors == []


def test_the_staff_page_gives_contacts_and_no_amount(visit, staff_url, demo):
    page = visit.open(staff_url + STAFF)

    expect(page.locator("article h1")).to_have_text("Contacts et dépannage")
    copier = page.locator("article h2", has_text="Maintenance du copieur multifonction")
    expect(copier).to_be_visible()
    article = page.locator("article")
    expect(article).to_contain_text("Bureau Plus Dupont")
    expect(article).to_contain_text("Bourrage répété")
    expect(article).to_contain_text("prenez-le dans le stock des consommables")
    expect(article.locator("a[href^='mailto:assistance@']").first).to_be_visible()
    assert "Assurance" not in article.inner_text()  # not marked for the staff
    assert AMOUNT.findall(article.inner_text()) == []
    expect(page.locator("nav").get_by_role("link", name="Contacts et dépannage").first
           ).to_be_attached()
    assert visit.errors == []

    # no management page of the contracts on the staff site, and no amount in its data
    missing = page.request.get(staff_url + REGISTER)
    assert missing.status == 404
    data = (demo.site_data / "personnel" / "contrats_contacts.csv").read_text(encoding="utf-8")
    assert "cout" not in data and "€" not in data and "1620" not in data
