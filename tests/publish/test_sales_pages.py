"""The sales pages of the management site, from the hand-worked `sales_records`."""

import posixpath
import re
from dataclasses import replace
from decimal import Decimal

import pytest
from compute.sales_records import sales_dataset

from pipelines.compute import compute_all
from pipelines.compute.figures import Figure
from pipelines.issues import Issue, Severity, SourceRef
from pipelines.law import parameters
from pipelines.publish import charts
from pipelines.publish.page import Asset, Page
from pipelines.publish.sales_pages import (
    DASHBOARD_PAGE,
    INVOICES_PAGE,
    ORDERS_PAGE,
    QUOTES_PAGE,
    SALES_NAV,
    sales_files,
)

NBSP = "\u00a0"
LINK = re.compile(r"\]\(([^)]+\.md)\)")


def euros(text: str) -> str:
    return f"{text}{NBSP}€"


@pytest.fixture(scope="module")
def computed():
    return compute_all(sales_dataset(), parameters())


@pytest.fixture(scope="module")
def files(computed) -> dict[str, Page | Asset]:
    return {item.path: item for item in sales_files(computed, [])}


def test_every_page_of_the_navigation_is_built(files):
    pages = [path for entry in SALES_NAV[0]["Ventes"] for path in entry.values()]
    assert pages == [DASHBOARD_PAGE, ORDERS_PAGE, QUOTES_PAGE, INVOICES_PAGE]
    assert all(isinstance(files[path], Page) for path in pages)
    for path in pages:
        assert files[path].body.rstrip().endswith("{: .agora-source }")


def test_dashboard_key_figures_with_their_explain_links(files):
    body = files[DASHBOARD_PAGE].body
    assert ("| Chiffre d'affaires HT de l'exercice | " + euros("396,83")
            + " | [expliquer](../explications/ventes/ca-exercice.md) |") in body
    assert ("| Chiffre d'affaires HT de mars 2026 | " + euros("40,91")
            + " | [expliquer](../explications/ventes/ca-2026-03.md) |") in body
    assert f"{euros('106,82')} — taux 34,8{NBSP}%, couverture 77,3{NBSP}%" in body
    assert f"| Carnet de commandes (reste à livrer, HT) | {euros('168,18')} — 3 lignes" in body
    assert "| Commandes en retard de livraison | 2 |" in body
    assert f"| Expédié non facturé (HT) | {euros('100,00')} |" in body
    assert f"| Taux de conversion des devis | 33,3{NBSP}% — 5 devis envoyés, 2 en attente" in body
    assert "[Prospection](../prospection.md)" not in body  # no Prospects sheet here


def test_dashboard_splits_with_charts(files):
    body = files[DASHBOARD_PAGE].body
    for chart in ("ventes-ca-par-mois", "ventes-ca-par-client", "ventes-ca-par-famille",
                  "ventes-ca-par-zone"):
        assert f"(../graphiques/{chart}.svg)" in body
        assert files[f"gestion/graphiques/{chart}.svg"].content.startswith("<?xml")
    assert f"| mars 2026 | {euros('40,91')} | 1 | 1 | [expliquer]" in body
    assert f"| **Total** | **{euros('396,83')}** |" in body
    assert ("| C0001 | [Alpha &lt;b&gt;Froid&lt;/b&gt;](../clients/c0001.md) | France | "
            f"{euros('221,82')} | 55,9{NBSP}% | 1 | 1 |") in body
    assert (f"| Éclairage | {euros('16,82')} | 4,2{NBSP}% | {euros('-3,18')} | "
            f"-18,9{NBSP}% | 100{NBSP}% |") in body
    assert f"| Frais de port | {euros('15,00')} | 3,8{NBSP}% | — | — | 0{NBSP}% |" in body
    assert f"| Hors UE | {euros('50,00')} | 12,6{NBSP}% | 1 |" in body
    assert "<b>" not in body


def test_every_explain_link_leads_to_a_built_page_that_links_back(files):
    explanations = {path for path in files if path.startswith("gestion/explications/")}
    assert len(explanations) == 24  # 3 months, 3 customers, 4 families, 3 zones, 11 others
    for page in (DASHBOARD_PAGE, ORDERS_PAGE, QUOTES_PAGE):
        for target in LINK.findall(files[page].body):
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), target))
            assert resolved in files or resolved.startswith("gestion/clients/"), (page, target)
    for path in explanations:
        body = files[path].body
        for target in LINK.findall(body):
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
            assert resolved in files, (path, target)


def test_a_month_explanation_lists_its_invoices_and_adds_up(files):
    body = files["gestion/explications/ventes/ca-2026-03.md"].body
    assert "### ventes\\.xlsx › Factures" in body
    assert ("| 4 | FA\\-2026\\-00003 | 15/03/2026 | facture | C0003 | Gamma Inc | EUR | "
            + euros("50,00") + " |") in body
    assert "| 5 | AV\\-2026\\-00001 | 20/03/2026 | avoir | C0001 |" in body
    assert f"| **Total** |   |   |   |   |   |   | **{euros('40,91')}** |" in body


def test_family_explanations_list_invoice_lines_or_shipping_rows(files):
    froid = files["gestion/explications/ventes/famille-froid.md"].body
    assert "### ventes\\.xlsx › LignesFacture" in froid
    assert (f"| 2 | FA\\-2026\\-00001 | 10/01/2026 | 1 | ART\\-0001 | Désignation ART\\-0001 | "
            f"2 | {euros('190,00')} | {euros('120,00')} | {euros('70,00')} |") in froid
    assert "| 4 | FA\\-2026\\-00002 | 05/02/2026 | 1 | ART\\-0001 |" in froid
    assert f"**{euros('340,00')}** | **{euros('180,00')}** | **{euros('110,00')}** |" in froid
    shipping = files["gestion/explications/ventes/famille-frais-de-port.md"].body
    assert "### ventes\\.xlsx › Factures" in shipping and "LignesFacture" not in shipping
    assert f"| 2 | FA\\-2026\\-00001 | 10/01/2026 | {euros('15,00')} |" in shipping


def test_zone_and_margin_explanations_cite_clients_and_articles_rows(files):
    zone = files["gestion/explications/ventes/zone-france.md"].body
    assert "### clients\\.xlsx › Clients" in zone
    assert f"| 2 | C0001 | Alpha &lt;b&gt;Froid&lt;/b&gt; | France | {euros('221,82')} |" in zone
    assert "[C0001](client-c0001.md)" in zone
    margin = files["gestion/explications/ventes/marge.md"].body
    assert "### stock\\.xlsx › Articles" in margin
    assert f"| 3 | ART\\-0002 | Dalle LED | Éclairage | {euros('10,00')} | 2 |" in margin


def test_orders_page_and_its_explanations(files):
    body = files[ORDERS_PAGE].body
    assert f"Reste à livrer : **{euros('168,18')}** HT" in body
    assert "| CO\\-2026\\-00001 | Alpha &lt;b&gt;Froid&lt;/b&gt; | 12/01/2026 | 78 jours |" in body
    assert (f"| CO\\-2026\\-00003 | Gamma Inc | ART\\-0003 | Désignation ART\\-0003 | "
            f"BL\\-2026\\-00003 | 12/03/2026 | 3 | 1 | 2 | {euros('100,00')} |") in body
    book = files["gestion/explications/ventes/carnet-de-commandes.md"].body
    assert "### ventes\\.xlsx › LignesCommande" in book
    assert f"**{euros('168,18')}**" in book
    shipped = files["gestion/explications/ventes/expedie-non-facture.md"].body
    assert "### ventes\\.xlsx › LignesLivraison" in shipped and "| 5 | CO\\-2026\\-00003" in shipped


def test_quotes_page_by_month_and_salesperson(files):
    body = files[QUOTES_PAGE].body
    assert f"taux de conversion **33,3{NBSP}%**" in body
    assert f"| mars 2026 | 3 | 0 | 1 | 0 | 2 | 0{NBSP}% | [expliquer]" in body
    assert f"| Paul Durand | 2 | 0 | 1 | 1 | 0 | 0{NBSP}% |" in body
    chart = files["gestion/graphiques/ventes-devis-par-mois.svg"].content
    assert "Acceptés" in chart and "En attente" in chart
    quotes = files["gestion/explications/ventes/devis-conversion.md"].body
    assert "| 4 | DV\\-2026\\-00002 | 1 |" in quotes  # its only version, row 4
    assert "| 3 | DV\\-2026\\-00001 | 2 |" in quotes  # the last version, not v1 (row 2)
    assert "| 2 | DV" not in quotes
    assert "DV\\-2026\\-00005" not in quotes  # a draft was not sent


def test_invoice_list_with_currency_amounts_and_totals(files):
    body = files[INVOICES_PAGE].body
    assert (f"| FA\\-2026\\-00002 | 05/02/2026 | C0002 Beta GmbH | Facture | 150,01{NBSP}$US | "
            f"0,00{NBSP}$US | 150,01{NBSP}$US | USD | {euros('125,01')} | émise | 3 |") in body
    assert "| AV\\-2026\\-00001 | 20/03/2026 | C0001 Alpha" in body
    assert f"| Avoir | {euros('-9,09')} | {euros('-1,82')} | {euros('-10,91')} |" in body
    assert f"| **Total** | **4** | **{euros('396,83')}** | **{euros('441,19')}** |" in body
    assert "| brouillon | 7 |" in body
    assert "site_data/" not in body and ".csv" not in body
    assert ("Le tableau complet est aussi publié en CSV et en JSON dans les données du site "
            "(site_data).") in body


def test_missing_sheets_give_notices_and_no_broken_link(computed):
    without = compute_all(sales_dataset(devis=None, commandes=None, lignes_commande=None),
                          parameters())
    files = {item.path: item for item in sales_files(without, [])}
    assert "la feuille nécessaire est absente" in files[QUOTES_PAGE].body
    assert "la feuille nécessaire est absente" in files[ORDERS_PAGE].body
    dashboard = files[DASHBOARD_PAGE].body
    assert "Taux de conversion" not in dashboard and "Carnet de commandes (" not in dashboard
    assert "ventes/devis-conversion.md" not in dashboard


def test_a_failed_figure_gives_the_notice_page(computed):
    failure = Issue("calcul-en-echec", Severity.AVERTISSEMENT, SourceRef("ventes.xlsx", "Factures"),
                    "le calcul a échoué")
    broken = replace(computed, failures={"ca_par_famille": failure})
    files = {item.path: item for item in sales_files(broken, [])}
    assert "Chiffres indisponibles" in files[DASHBOARD_PAGE].body
    assert "gestion/explications/ventes/famille-froid.md" not in files
    assert "Chiffres indisponibles" not in files[INVOICES_PAGE].body


def test_new_chart_kinds_are_reproducible_and_french():
    bars = charts.vertical_bars(["janvier 2026", "février <b>"], [12000.5, -300.0], "euros HT",
                                ["12 001 €", "−300 €"])
    assert bars == charts.vertical_bars(["janvier 2026", "février <b>"], [12000.5, -300.0],
                                        "euros HT", ["12 001 €", "−300 €"])
    assert "février &lt;b&gt;" in bars and "12 001 €" in bars and "<!DOCTYPE" not in bars
    assert ">10\u202f000</text>" in bars  # the axis ticks, French thousands
    stacked = charts.stacked_bars(["mars 2026"], [("Acceptés", [2]), ("Refusés", [1])], "devis")
    assert stacked == charts.stacked_bars(["mars 2026"], [("Acceptés", [2]), ("Refusés", [1])],
                                          "devis")
    assert "Acceptés" in stacked and "Refusés" in stacked
    labelled = charts.horizontal_bars(["Froid"], [340.0], "euros HT", ["340 €"])
    assert "340 €" in labelled


def test_figures_keep_exact_amounts_as_money(computed):
    figure: Figure = computed.management["ca_par_mois"]
    assert figure.is_money("chiffre_affaires") and figure.title_of("chiffre_affaires") == (
        "Chiffre d'affaires HT")
    assert figure.frame["chiffre_affaires"].to_list() == [Decimal("230.91"), Decimal("125.01"),
                                                          Decimal("40.91")]
    invoices = computed.management["factures_et_avoirs"]
    assert invoices.title_of("total_ttc_eur") == "Total TTC en euros"
    assert invoices.is_money("total_ht") and not invoices.is_money("taux_change")
