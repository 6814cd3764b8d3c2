"""2.1.1 Purchasing and stock: stock movements, stock levels and valuation, alerts.

Hazards reached by the foundation's records: negative stock, stock-out, damaged stock
(casse), defective goods returned to the supplier, a purchase without its cost, a movement
of an unknown item. Purchase orders and supplier failures belong to the purchasing module.

The demo's ART-0001 (Vitrine réfrigérée ventilée 1,00 m, safety stock 2) holds 3 units at
the as-of date (30/11/2026); its latest purchase, on 27/07/2026, cost 1 943,61 € a unit.
"""

from datetime import date
from decimal import Decimal

import pytest

from .workbooks import SCHEMAS, one_row

ITEMS = ("stock.xlsx", "Articles")
MOVES = ("stock.xlsx", "Mouvements")
NEXT_MOVE = 1435  # the demo's movements are numbered 1 to 1434
LAST_WEEK = date(2026, 11, 27)


def movement(kind: str, reference: str, quantity, day: date = LAST_WEEK, number: int = NEXT_MOVE,
             **values) -> dict:
    return {"id_mouvement": number, "date": day, "reference": reference, "type": kind,
            "quantite": quantity, "piece": f"PC-2026-{number:05d}", **values}


def new_item(reference: str = "ART-0099", **values) -> dict:
    return {"reference": reference, "designation": "Cordon chauffant de porte 2 m",
            "categorie": "Pièces détachées", "unite": "pièce", "code_fournisseur": "F0003",
            "prix_achat_ht": 12.5, "prix_vente_ht": 19.9, "taux_tva": 20,
            "stock_initial": 10, "cout_unitaire_initial": 12.5, "stock_securite": 4,
            "delai_reappro_jours": 5, "emplacement": "B-01-1", "actif": "oui", **values}


def level(checked, reference: str) -> dict:
    return one_row(checked.management_figure("stock_niveaux"), reference=reference)


def breakages_in_november(checked) -> dict:
    monthly = checked.management_figure("stock_mouvements_mensuels")
    return one_row(monthly, mois="2026-11", type="casse")


def test_a_sale_beyond_the_stock_is_blocking_at_its_quantity(workbooks):
    """2.1.1 Achats et stocks — aléa stock négatif : une vente de 5 vitrines quand il n'en reste
    que 3 est une anomalie bloquante à la quantité du mouvement."""
    moves = workbooks.sheet(*MOVES)
    row = moves.append(movement("vente", "ART-0001", 5))

    checked = workbooks.validate()

    assert checked.new_findings == [
        ("stock.xlsx", "Articles", "K2", "stock-sous-securite"),
        ("stock.xlsx", "Mouvements", f"E{row}", "stock-negatif"),
    ]
    assert checked.blocking == [("stock.xlsx", "Mouvements", f"E{row}", "stock-negatif")]
    message = checked.issue(("stock.xlsx", "Mouvements", f"E{row}", "stock-negatif")).message
    assert message == "vente de 5 le 27/11/2026 : le stock de ART-0001 passe de 3 à -2"


def test_a_sale_entered_before_the_delivery_that_covers_it_is_blocking(workbooks):
    """2.1.1 Achats et stocks — aléa stock négatif : une vente saisie à une date antérieure à la
    réception qui la couvre rend le stock négatif ce jour-là, même si le stock final est positif."""
    workbooks.sheet(*ITEMS).append(new_item(stock_initial=0, stock_securite=0))
    moves = workbooks.sheet(*MOVES)
    sale = moves.append(movement("vente", "ART-0099", 3, day=date(2026, 11, 2)))
    moves.append(movement("achat", "ART-0099", 5, day=date(2026, 11, 3), number=NEXT_MOVE + 1,
                          cout_unitaire=12.5))

    checked = workbooks.validate()

    assert checked.new_findings == [("stock.xlsx", "Mouvements", f"E{sale}", "stock-negatif")]
    # 0 − 3 + 5 = 2 units at the as-of date, valued at the purchase cost: 2 × 12,50 € = 25,00 €
    assert level(checked, "ART-0099")["stock"] == Decimal(2)
    assert level(checked, "ART-0099")["valeur"] == Decimal("25.00")


def test_agora_build_refuses_to_publish_a_negative_stock(workbooks, tmp_path):
    """2.1.1 Achats et stocks — aléa stock négatif : « agora build » s'arrête avec le code 1, cite
    la cellule du mouvement fautif et ne publie aucun site."""
    row = workbooks.sheet(*MOVES).append(movement("vente", "ART-0001", 5))
    out = tmp_path / "sortie"

    done = workbooks.agora("build", "--workbooks", str(workbooks.folder),
                           "--schemas", str(SCHEMAS), "--out", str(out))

    assert done.returncode == 1
    assert f"[stock-negatif] stock.xlsx › Mouvements › E{row} : vente de 5" in done.stderr
    assert "Publication arrêtée" in done.stderr
    assert not (out / "site").exists() and not (out / "site-gestion").exists()


def test_selling_the_last_units_shows_a_stock_out_in_the_alerts(workbooks, demo):
    """2.1.1 Achats et stocks — aléa rupture de stock : après la vente des 3 dernières vitrines,
    l'article passe en tête des alertes « rupture » et le personnel voit deux ruptures au lieu
    d'une."""
    before = dict(demo.staff_figure("stock_alertes_synthese").iter_rows())
    workbooks.sheet(*MOVES).append(movement("vente", "ART-0001", 3))

    checked = workbooks.validate()

    assert checked.new_findings == [("stock.xlsx", "Articles", "K2", "stock-sous-securite")]
    assert checked.blocking == []
    alerts = checked.management_figure("stock_alertes")
    assert alerts.select("reference", "alerte").rows()[:2] == [
        ("ART-0001", "rupture"), ("ART-0018", "rupture"),
    ]
    assert (level(checked, "ART-0001")["stock"], level(checked, "ART-0001")["valeur"]) == (
        Decimal(0), Decimal("0.00"))
    after = dict(checked.staff_figure("stock_alertes_synthese").iter_rows())
    assert (before["rupture"], after["rupture"]) == (1, 2)
    assert after["sous le seuil"] == before["sous le seuil"] == 2


def test_breakage_lowers_the_stock_and_its_value(workbooks, demo):
    """2.1.1 Achats et stocks — aléa casse : deux vitrines brisées sortent du stock, qui passe de 3
    à 1 et de 5 830,83 € à 1 943,61 €, sous le stock de sécurité."""
    assert (level(demo, "ART-0001")["stock"], level(demo, "ART-0001")["valeur"]) == (
        Decimal(3), Decimal("5830.83"))  # 3 × 1 943,61 €
    workbooks.sheet(*MOVES).append(
        movement("casse", "ART-0001", 2, commentaire="Vitres brisées au déchargement"))

    checked = workbooks.validate()

    assert checked.new_findings == [("stock.xlsx", "Articles", "K2", "stock-sous-securite")]
    after = level(checked, "ART-0001")
    assert (after["stock"], after["cout_unitaire"], after["valeur"]) == (
        Decimal(1), Decimal("1943.61"), Decimal("1943.61"))  # 1 × 1 943,61 €
    assert after["alerte"] == "sous le seuil"
    before = breakages_in_november(demo)
    month = breakages_in_november(checked)
    assert month["sens"] == "sortie"
    assert (month["mouvements"], month["quantite"]) == (
        before["mouvements"] + 1, before["quantite"] + 2)


def test_breakage_of_a_new_item_hand_computed(workbooks):
    """2.1.1 Achats et stocks — aléa casse : 10 cordons en stock, 5 achetés au même coût de 12,50
    €, 3 cassés : il en reste 12 valant 150,00 €."""
    workbooks.sheet(*ITEMS).append(new_item())
    moves = workbooks.sheet(*MOVES)
    moves.append(movement("achat", "ART-0099", 5, day=date(2026, 11, 2), cout_unitaire=12.5))
    moves.append(movement("casse", "ART-0099", 3, day=date(2026, 11, 10), number=NEXT_MOVE + 1))

    checked = workbooks.validate()

    assert checked.new_findings == []
    item = level(checked, "ART-0099")
    assert (item["entrees"], item["sorties"], item["stock"]) == (
        Decimal(5), Decimal(3), Decimal(12))
    assert item["valeur"] == Decimal("150.00")  # 12 × 12,50 €
    assert item["alerte"] is None  # 12 ≥ safety stock of 4


@pytest.mark.xfail(strict=True, reason=(
    "Le stock est valorisé au coût du dernier achat (pipelines/compute/stock.py) et non au "
    "coût moyen unitaire pondéré (CMUP) que demande le référentiel 2.1.1 : 12 cordons valent "
    "168,00 € (12 × 14,00 €) "
    "au lieu de 156,00 € (12 × 13,00 €)."))
def test_stock_is_valued_at_weighted_average_cost(workbooks):
    """2.1.1 Achats et stocks — fiche de stock : 10 cordons à 12,50 € puis 5 achetés à 14,00 €
    donnent un CMUP de 13,00 €, et les 12 restants après la casse de 3 valent 156,00 €."""
    workbooks.sheet(*ITEMS).append(new_item())
    moves = workbooks.sheet(*MOVES)
    moves.append(movement("achat", "ART-0099", 5, day=date(2026, 11, 2), cout_unitaire=14))
    moves.append(movement("casse", "ART-0099", 3, day=date(2026, 11, 10), number=NEXT_MOVE + 1))

    checked = workbooks.validate()

    # CMUP = (10 × 12,50 + 5 × 14,00) / 15 = 195,00 / 15 = 13,00 €
    item = level(checked, "ART-0099")
    assert (item["stock"], item["cout_unitaire"], item["valeur"]) == (
        Decimal(12), Decimal("13.00"), Decimal("156.00"))


def test_defective_goods_returned_to_the_supplier_leave_the_stock(workbooks, demo):
    """2.1.1 Achats et stocks — aléa marchandise défectueuse retournée : le retour d'une vitrine au
    fournisseur fait passer le stock de 8 à 7, valorisé 7 × 2 256,14 € = 15 792,98 €."""
    assert level(demo, "ART-0002")["stock"] == Decimal(8)
    workbooks.sheet(*MOVES).append(movement("retour_fournisseur", "ART-0002", 1,
                                            commentaire="Groupe froid défectueux"))

    checked = workbooks.validate()

    assert checked.new_findings == []
    item = level(checked, "ART-0002")
    assert (item["stock"], item["valeur"]) == (Decimal(7), Decimal("15792.98"))


def test_a_purchase_without_its_unit_cost_is_blocking(workbooks):
    """2.1.1 Achats et stocks — aléa bon de réception incomplet : un achat saisi sans coût unitaire
    ne peut pas être valorisé et bloque, à la cellule du coût."""
    row = workbooks.sheet(*MOVES).append(movement("achat", "ART-0001", 3))

    checked = workbooks.validate()

    assert checked.new_findings == [("stock.xlsx", "Mouvements", f"F{row}", "achat-sans-cout")]


def test_a_movement_of_an_unknown_item_is_blocking(workbooks):
    """2.1.1 Achats et stocks — aléa référence erronée : une sortie d'un article absent de la
    feuille Articles est signalée à sa référence, et part d'un stock nul."""
    row = workbooks.sheet(*MOVES).append(movement("vente", "ART-0099", 3))

    checked = workbooks.validate()

    assert checked.new_findings == [
        ("stock.xlsx", "Mouvements", f"C{row}", "reference-introuvable"),
        ("stock.xlsx", "Mouvements", f"E{row}", "stock-negatif"),
    ]
