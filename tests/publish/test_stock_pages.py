"""The stock pages of the management site, from the small hand-built dataset."""

from dataclasses import replace

import pytest

from pipelines.issues import Issue, Severity, SourceRef
from pipelines.publish.page import Asset, Page
from pipelines.publish.sites import MANAGEMENT_NAV
from pipelines.publish.stock_pages import (
    EXITS_CHART,
    STOCK_NAV,
    STOCK_PAGE,
    card_path,
    cump_text,
    stock_files,
)

from .builds import computed as small_computed

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.fixture(scope="module")
def computed():
    return small_computed()


@pytest.fixture(scope="module")
def files(computed) -> dict[str, Page | Asset]:
    return {item.path: item for item in stock_files(computed, [])}


def test_the_dashboard_a_card_per_item_and_the_chart(files):
    assert set(files) == {STOCK_PAGE, EXITS_CHART, "gestion/stock/art-0001.md",
                          "gestion/stock/art-0002.md", "gestion/stock/art-0003.md"}
    assert files[EXITS_CHART].content.startswith("<?xml")
    for page in (files[STOCK_PAGE], files["gestion/stock/art-0001.md"]):
        assert page.body.rstrip().endswith("{: .agora-source }")
    assert STOCK_NAV[0] in MANAGEMENT_NAV
    assert card_path("ART-0042") == "gestion/stock/art-0042.md"


def test_dashboard_key_figures_by_hand(files):
    body = files[STOCK_PAGE].body
    # 8,11 + 0,00 + 39,60
    assert f"| Valeur du stock au 30 novembre 2026, au CUMP | **47,71{NBSP}€** (3 articles) |" \
        in body
    # sales at CUMP: 12 × 2,702 = 32,42 and 5 × 1,3333 = 6,67
    assert f"(sorties par vente, au CUMP) | 39,09{NBSP}€ |" in body
    # (71,27 opening + 86,80 + 54,38 + 9 × 47,71 month ends) / 12 = 53,4867 → 53,49
    assert f"| Valeur moyenne du stock (à l'ouverture et à chaque fin de mois) | 53,49{NBSP}€ |" \
        in body
    # 39,09 / 53,49 = 0,73; 53,49 × 334 / 39,09 = 457,0 days
    assert "| 0,73 fois en 334 jours, soit un stock qui tourne en 457 jours |" in body
    assert "| Articles à commander (au point de commande ou en dessous) | 2 |" in body
    assert "| Articles en rupture | 1 |" in body
    assert "Écarts d'inventaire" not in body  # no Inventaire sheet


def test_items_to_reorder_and_the_stock_out(files):
    body = files[STOCK_PAGE].body
    # no sale in the last 90 days, no lead time: the point is the safety stock (4); 3 in stock,
    # 30 days of no consumption: order 1, worth 1 × 2,702 €
    assert (f"| [ART\\-0001](stock/art-0001.md) | Ramette A4 | carton | 3 | 4 | 0 | — | 0 | "
            f"**1** | 2,70{NBSP}€ |") in body
    assert (f"| [ART\\-0002](stock/art-0002.md) | Agrafeuse | pièce | 0 | 1 | 0 | — | 0 | "
            f"**1** | 1,33{NBSP}€ |") in body
    assert "| [ART\\-0002](stock/art-0002.md) | Agrafeuse | 0 | 0 | **0** | 0 |" in body
    assert "Aucune commande client ouverte ne porte sur ces articles." in body


def test_levels_link_each_item_to_its_card(files):
    body = files[STOCK_PAGE].body
    assert (f"| [ART\\-0001](stock/art-0001.md) | Ramette A4 | carton | 10 | 5 | 12 | **3** | "
            f"2,702{NBSP}€ | 8,11{NBSP}€ | Sous le stock de sécurité |") in body
    assert f"| **Total** |   |   |   |   |   |   |   | **47,71{NBSP}€** |   |" in body
    assert "![Sorties de stock par mois et par catégorie](graphiques/stock-sorties-par-mois.svg)" \
        in body


def test_the_stock_card_row_by_row(files):
    card = files["gestion/stock/art-0001.md"].body
    assert card.startswith("# Fiche de stock ART\\-0001 Ramette A4\n\n"
                           "[← Tableau de bord du stock](../stock.md)")
    # the opening comes from Articles; each movement gives its row of Mouvements
    assert (f"| 01/01/2026 |   | Stock initial | 10 | 2,50{NBSP}€ | 25,00{NBSP}€ |   |   |   | "
            f"**10** | **2,50{NBSP}€** | 25,00{NBSP}€ | Articles |") in card
    assert (f"| 05/01/2026 |   | Achat | 5 | 3,105{NBSP}€ | 15,53{NBSP}€ |   |   |   | "
            f"**15** | **2,702{NBSP}€** | 40,53{NBSP}€ | 2 |") in card
    assert (f"| 01/02/2026 |   | Vente |   |   |   | 12 | 2,702{NBSP}€ | 32,42{NBSP}€ | "
            f"**3** | 2,702{NBSP}€ | 8,11{NBSP}€ | 3 |") in card
    # January: (25,00 + 15,53) / (10 + 5) = 2,702, the same as after the purchase
    assert (f"| janvier 2026 | 10 | 25,00{NBSP}€ | 5 | 15,53{NBSP}€ | 2,702{NBSP}€ | "
            f"2,702{NBSP}€ | 15 | 40,53{NBSP}€ |") in card
    assert "| Quantité suggérée | **1** |" in card


def test_cump_text_keeps_two_to_four_decimals():
    from decimal import Decimal

    assert [cump_text(Decimal(v)) for v in ("13", "2.702", "1878.77775", "0.0001")] == [
        f"13,00{NBSP}€", f"2,702{NBSP}€", f"1{NNBSP}878,7778{NBSP}€", f"0,0001{NBSP}€"]
    assert cump_text(None) == "—"


def failure(name: str) -> Issue:
    return Issue("calcul-en-echec", Severity.AVERTISSEMENT, SourceRef("stock.xlsx", "Articles"),
                 f"le calcul de {name} a échoué")


def test_a_failed_figure_gives_a_notice_and_an_optional_one_a_section_notice(computed):
    broken = replace(computed, failures={"stock_fiches": failure("stock_fiches")})
    files = stock_files(broken, [])
    assert [item.path for item in files] == [STOCK_PAGE]
    assert '!!! warning "Chiffres indisponibles"' in files[0].body

    partly = replace(computed, failures={"stock_ruptures": failure("stock_ruptures")})
    body = {item.path: item for item in stock_files(partly, [])}[STOCK_PAGE].body
    assert "## Ruptures de stock et commandes clients touchées\n\n*Ruptures : le calcul a " \
           "échoué" in body
