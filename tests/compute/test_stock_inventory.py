"""Inventory count differences by hand: theoretical stock, difference, its value at CUMP,
and what the adjustments regularise."""

from datetime import date
from decimal import Decimal as D

import polars as pl

from pipelines.compute import stock, stock_inventory

from .records import table

START, AS_OF = date(2026, 1, 1), date(2026, 3, 31)


def articles() -> pl.DataFrame:
    return table("articles", [
        {"reference": "ART-0001", "designation": "Vitrine", "unite": "pièce",
         "stock_initial": "10", "cout_unitaire_initial": "5"},
        {"reference": "ART-0002", "designation": "Joint", "unite": "mètre",
         "stock_initial": "4", "cout_unitaire_initial": "2.5"},
    ]).frame


def movements() -> pl.DataFrame:
    rows = [
        (1, date(2026, 3, 10), "ART-0001", "vente", "2", None),             # 8 left
        (2, date(2026, 3, 12), "ART-0001", "ajustement_moins", "1", None),  # regularises −1
        (3, date(2026, 3, 20), "ART-0001", "achat", "3", "7"),              # (35 + 21) / 10
        (4, date(2026, 3, 20), "ART-0001", "ajustement_plus", "1", None),   # that day's count
    ]
    return table("mouvements", [
        {"id_mouvement": n, "date": day, "reference": reference, "type": kind,
         "quantite": q, "cout_unitaire": cost} for n, day, reference, kind, q, cost in rows
    ]).frame


def counts() -> pl.DataFrame:
    return table("inventaire", [
        {"date_inventaire": date(2026, 3, 10), "reference": "ART-0001", "quantite_comptee": "7"},
        {"date_inventaire": date(2026, 3, 15), "reference": "ART-0002", "quantite_comptee": "6",
         "commentaire": "Un rouleau oublié"},
        {"date_inventaire": date(2026, 3, 20), "reference": "ART-0001", "quantite_comptee": "11"},
        {"date_inventaire": date(2026, 4, 2), "reference": "ART-0001", "quantite_comptee": "1"},
        {"date_inventaire": date(2026, 3, 15), "reference": "ART-0099", "quantite_comptee": "1"},
    ]).frame


def differences() -> pl.DataFrame:
    card = stock.stock_card(articles(), movements(), AS_OF, START)
    return stock_inventory.inventory_differences(card, counts(), articles(), AS_OF, START)


def test_each_count_against_the_theoretical_stock():
    rows = differences().select(
        "date_inventaire", "reference", "quantite_comptee", "stock_theorique", "ecart", "cump",
        "valeur_ecart", "regularisation", "ecart_restant", "valeur_restante", "_ligne").rows()
    assert rows == [
        # 10 − 2 = 8 in theory, 7 found: −1 × 5,00; the adjustment of 12/03 (before the next
        # count) regularises it
        (date(2026, 3, 10), "ART-0001", D(7), D(8), D(-1), D("5.0000"), D("-5.00"), D(-1),
         D(0), D("0.00"), 2),
        # no movement: 4 in theory, 6 found: +2 × 2,50, not regularised
        (date(2026, 3, 15), "ART-0002", D(6), D(4), D(2), D("2.5000"), D("5.00"), D(0),
         D(2), D("5.00"), 3),
        # 8 − 1 + 3 = 10 without that day's adjustment (+1, the regularisation): CUMP
        # (7 × 5,00 + 3 × 7,00) / 10 = 5,60
        (date(2026, 3, 20), "ART-0001", D(11), D(10), D(1), D("5.6000"), D("5.60"), D(1),
         D(0), D("0.00"), 4),
    ]
    assert differences()["designation"].to_list() == ["Vitrine", "Joint", "Vitrine"]


def test_a_summary_by_inventory_date():
    assert stock_inventory.inventory_summary(differences()).rows() == [
        (date(2026, 3, 10), 1, 1, 0, D("-5.00"), D("0.00")),
        (date(2026, 3, 15), 1, 1, 1, D("5.00"), D("5.00")),
        (date(2026, 3, 20), 1, 1, 0, D("5.60"), D("0.00")),
    ]


def test_an_empty_sheet_means_no_inventory():
    card = stock.stock_card(articles(), movements(), AS_OF, START)
    empty = stock_inventory.inventory_differences(card, table("inventaire", []).frame,
                                                  articles(), AS_OF, START)
    assert empty.is_empty()
    assert stock_inventory.inventory_summary(empty).is_empty()
