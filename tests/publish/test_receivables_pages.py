"""The receivables pages and the customer files, from the demo's figures."""

import posixpath
import re
from pathlib import Path

import pytest

from pipelines.compute import compute_all
from pipelines.law import parameters
from pipelines.publish import parties_pages
from pipelines.publish.page import Asset, Page
from pipelines.publish.receivables_pages import (
    AGED_CHART,
    OPEN_ITEMS_PAGE,
    OVERVIEW_PAGE,
    PAYMENTS_PAGE,
    RECEIVABLES_NAV,
    receivables_files,
)
from pipelines.validate import validate_workbooks

from .builds import computed as small_computed

ROOT = Path(__file__).resolve().parents[2]
LINK = re.compile(r"\]\(([^)#]+\.md)\)")
OWN = ("gestion/creances/", "gestion/explications/creances/", "gestion/clients/")


@pytest.fixture(scope="module")
def demo_computed():
    result = validate_workbooks(ROOT / "workbooks", ROOT / "schemas")
    return compute_all(result.dataset, parameters())


@pytest.fixture(scope="module")
def files(demo_computed):
    return {item.path: item for item in receivables_files(demo_computed, [])}


def body(files, path) -> str:
    return files[path].body


def test_the_nav_lists_the_three_pages():
    [section] = RECEIVABLES_NAV
    assert [next(iter(entry.values())) for entry in section["Créances clients"]] == [
        OVERVIEW_PAGE, OPEN_ITEMS_PAGE, PAYMENTS_PAGE]


def test_the_overview_shows_the_totals_and_the_aged_balance(files):
    page = body(files, OVERVIEW_PAGE)
    assert ("Au 30/11/2026 : **85\u202f253,21\xa0€** dus par les clients sur 63 factures "
            "ouvertes") in page
    assert ("| [C0001 Boucherie Joly](../clients/c0001.md) | Actif | 698,37\xa0€ | "
            "7\u202f357,55\xa0€ | 0,00\xa0€ | 0,00\xa0€ | 296,20\xa0€ | "
            "**8\u202f352,12\xa0€** | — | "
            "[expliquer](../explications/creances/client-c0001.md) |") in page
    assert "| **Total** |   | " in page and "**85\u202f253,21\xa0€**" in page
    assert "![Balance âgée par tranche de retard](../graphiques/balance-agee.svg)" in page
    chart = files[AGED_CHART]
    assert isinstance(chart, Asset) and chart.content.lstrip().startswith("<?xml")
    assert "Plus de 90 jours" in chart.content


def test_the_overview_lists_the_dunning_the_dispute_and_the_debt_at_risk(files):
    page = body(files, OVERVIEW_PAGE)
    assert ("| FA\\-2026\\-00315 | [C0001 Boucherie Joly](../clients/c0001.md) | 31/08/2026 | "
            "91 jours | 296,20\xa0€ | Mise en demeure | **Contentieux** | 30/10/2026 |") in page
    assert "| FA\\-2026\\-00396 | [C0002 Dauphiné Froid Service](../clients/c0002.md) | Ouvert |" \
        in page
    assert ("| FA\\-2026\\-00316 | [C0007 Primeur Lambert](../clients/c0007.md) | Douteuse | "
            "client douteux |") in page
    assert "Montant à risque : **427,68\xa0€**" in page
    assert "1 litige ouvert : sa facture n'est pas relancée (" in page
    assert "leurs factures" not in page
    assert "Tous les règlements sont lettrés." in page


def test_open_items_show_their_penalties_with_their_explanation(files):
    page = body(files, OPEN_ITEMS_PAGE)
    assert ("8,97\xa0€ ([expliquer](../explications/creances/penalites-fa-2026-00315.md)) | "
            "40,00\xa0€") in page
    explanation = body(files, "gestion/explications/creances/penalites-fa-2026-00315.md")
    assert "Valeur publiée : **8,97\xa0€ et 40,00\xa0€ d'indemnité**" in explanation
    assert "**`factures.taux_bce_refinancement`** : valeur 0,0215" in explanation
    assert "| 316 | FA\\-2026\\-00315 | C0001 | 31/08/2026 | 91 | 296,20\xa0€ | 12,15 |" \
        in explanation


def test_the_payments_page_shows_exchange_differences_and_the_calendar(files):
    page = body(files, PAYMENTS_PAGE)
    assert "Gains de change : **40,06\xa0€** ; pertes de change : **0,29\xa0€**" in page
    assert "| RG\\-2026\\-00099 | 29/03/2026 |" in page and "| 17,70\xa0€ | — |" in page
    assert "Calendrier de la feuille ReglesRelance (organisation.xlsx)." in page
    assert "| Mise en demeure | 40 jours |" in page


def test_a_customer_explanation_lists_its_rows(files):
    explanation = body(files, "gestion/explications/creances/client-c0001.md")
    assert "### ventes\\.xlsx › Factures" in explanation
    assert "### ventes\\.xlsx › Reglements" in explanation
    assert "| 316 | FA\\-2026\\-00315 | C0001 |" in explanation


def test_every_link_of_the_receivables_pages_leads_to_a_page(files, demo_computed):
    customers = parties_pages.customer_pages(demo_computed.management["clients"], None,
                                             demo_computed.as_of, demo_computed.management)
    known = set(files) | {page.path for page in customers}
    checked = 0
    for item in list(files.values()) + customers:
        if not isinstance(item, Page):
            continue
        for target in LINK.findall(item.body):
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(item.path), target))
            if resolved.startswith(OWN):
                assert resolved in known, f"{item.path} → {target}"
                checked += 1
    assert checked > 200


def test_the_customer_file_shows_what_is_owed_and_the_account(demo_computed):
    pages = parties_pages.customer_pages(demo_computed.management["clients"], None,
                                         demo_computed.as_of, demo_computed.management)
    page = next(p for p in pages if p.path == "gestion/clients/c0001.md").body
    assert ("Reste dû : **8\u202f352,12\xa0€** sur 6 factures ouvertes, dont 7\u202f653,75\xa0€ "
            "échus ([expliquer](../explications/creances/client-c0001.md)).") in page
    assert ("Niveau de relance le plus élevé atteint : **mise en demeure** "
            "(FA\\-2026\\-00315, le 10/10/2026).") in page
    assert "| 10/10/2026 | FA\\-2026\\-00315 | mise en demeure | — |" in page
    assert "## Historique du compte" in page
    account = page[page.index("## Historique du compte"):]
    assert account.count("| 8\u202f352,12\xa0€ |") == 1  # the account ends on what C0001 owes
    disputed = next(p for p in pages if p.path == "gestion/clients/c0002.md").body
    assert "Litige ouvert sur FA\\-2026\\-00396 : relances suspendues." in disputed
    doubtful = next(p for p in pages if p.path == "gestion/clients/c0007.md").body
    assert "Créances douteuses (client douteux) : **427,68\xa0€** à risque." in doubtful


def test_without_the_sales_workbook_the_pages_say_so():
    files = {item.path: item for item in receivables_files(small_computed(), [])}
    assert set(files) == {OVERVIEW_PAGE, OPEN_ITEMS_PAGE, PAYMENTS_PAGE}
    assert "la feuille nécessaire est absente des classeurs" in files[OVERVIEW_PAGE].body
