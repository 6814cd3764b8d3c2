"""Scenarios for the stock rules: running stock, entries, dates and VAT rates."""

import re

from pipelines.validate.rules import stock as rules

from .conftest import flat

ITEMS = ("stock.xlsx", "Articles")
MOVES = ("stock.xlsx", "Mouvements")


def item(number, **values):
    row = {"reference": f"ART-{number:04d}", "designation": f"Article {number}",
           "unite": "pièce", "taux_tva": 20, "stock_initial": 5, "stock_securite": 0,
           "actif": True}
    return row | values


def move(number, day, reference, kind, quantity, cost=None, **values):
    row = {"id_mouvement": number, "date": day, "reference": reference, "type": kind,
           "quantite": quantity, "cout_unitaire": cost}
    return row | values


def test_the_movement_that_makes_the_stock_negative(table, dataset, params):
    moves = table("mouvements", [
        move(1, "2026-02-02", "ART-0001", "vente", 3),          # 5 → 2
        move(2, "2026-02-03", "ART-0001", "vente", 4),          # 2 → -2: reported
        move(3, "2026-02-04", "ART-0001", "vente", 1),          # still negative, not the cause
        move(4, "2026-02-05", "ART-0001", "achat", 10, 12),     # back to 7
        move(5, "2026-02-06", "ART-0001", "casse", 8),          # 7 → -1: reported again
        move(6, "2026-02-02", "ART-0002", "vente", 5),          # 5 → 0: a stock-out is fine
        move(7, "2026-02-03", "ART-0002", "retour_client", 1),  # 0 → 1
        move(8, "2026-02-03", "ART-0002", "ajustement_moins", 1),  # 1 → 0
    ])
    data = dataset(table("articles", [item(1), item(2)]), moves)
    issues = rules.negative_stock(data, params)
    assert flat(issues) == [(*MOVES, "E3", "stock-negatif"), (*MOVES, "E6", "stock-negatif")]
    assert "passe de 2 à -2" in issues[0].message


def test_order_is_date_then_movement_number_not_the_row(table, dataset, params):
    # Typed out of order: the purchase of the same day has the smaller number.
    moves = table("mouvements", [
        move(9, "2026-03-02", "ART-0001", "vente", 8),
        move(3, "2026-03-02", "ART-0001", "achat", 4, 10),
        move(1, "2026-03-01", "ART-0001", "vente", 1),
    ])
    data = dataset(table("articles", [item(1)]), moves)
    assert flat(rules.negative_stock(data, params)) == []


def test_unknown_item_starts_from_zero(table, dataset, params):
    moves = table("mouvements", [move(1, "2026-03-02", "ART-0099", "vente", 1)])
    data = dataset(table("articles", [item(1)]), moves)
    assert flat(rules.negative_stock(data, params)) == [(*MOVES, "E2", "stock-negatif")]


def test_purchase_needs_a_unit_cost(table, dataset, params):
    data = dataset(table("mouvements", [
        move(1, "2026-03-02", "ART-0001", "achat", 4),
        move(2, "2026-03-02", "ART-0001", "achat", 4, 0),  # a free sample has a cost of 0
        move(3, "2026-03-02", "ART-0001", "retour_client", 1),
        move(4, "2026-03-02", "ART-0001", "vente", 1),
    ]))
    assert flat(rules.purchase_cost(data, params)) == [(*MOVES, "F2", "achat-sans-cout")]


def test_zero_quantity(table, dataset, params):
    data = dataset(table("mouvements", [
        move(1, "2026-03-02", "ART-0001", "vente", 0),
        move(2, "2026-03-02", "ART-0001", "vente", "0.5"),
    ]))
    assert flat(rules.non_zero_quantity(data, params)) == [
        (*MOVES, "E2", "mouvement-quantite-nulle")]


def test_movement_before_the_fiscal_year(table, dataset, params):
    data = dataset(
        table("organisation", [{"raison_sociale": "X", "debut_exercice": "2026-01-01"}]),
        table("mouvements", [move(1, "2025-12-31", "ART-0001", "vente", 1),
                             move(2, "2026-01-01", "ART-0001", "vente", 1)]),
    )
    assert flat(rules.movements_in_fiscal_year(data, params)) == [
        (*MOVES, "B2", "mouvement-avant-exercice")]


def test_vat_rate_must_be_in_force(table, dataset, params):
    data = dataset(table("articles", [
        item(1), item(2, taux_tva="5.5"), item(3, taux_tva="2.1"), item(4, taux_tva=10),
        item(5, taux_tva="19.6"),  # the normal rate before 2014
        item(6, taux_tva="0.2"),  # a fraction instead of a percent
    ]))
    issues = rules.article_vat_rate(data, params)
    assert flat(issues) == [(*ITEMS, "H6", "taux-tva-inconnu"), (*ITEMS, "H7", "taux-tva-inconnu")]
    assert "20 %, 10 %, 5,5 %, 2,1 %" in issues[0].message


def test_vat_percents_come_from_the_parameters(params):
    from datetime import date
    from decimal import Decimal

    assert rules.vat_percents(params, date(2026, 11, 30)) == [
        Decimal("20"), Decimal("10"), Decimal("5.5"), Decimal("2.1")]


def test_below_safety_stock_at_the_as_of_date(table, dataset, params):
    items = table("articles", [
        item(1, stock_securite=3),                 # 5 − 3 = 2 < 3: warning
        item(2, stock_securite=3),                 # 5 − 2 = 3: at the threshold, fine
        item(3, stock_securite=3, actif=False),    # no longer sold: no warning
        item(4, stock_securite=10),                # a sale after the as-of date does not count
        item(5, stock_securite=None),
    ])
    moves = table("mouvements", [
        move(1, "2026-06-01", "ART-0001", "vente", 3),
        move(2, "2026-06-01", "ART-0002", "vente", 2),
        move(3, "2026-06-01", "ART-0003", "vente", 5),
        move(4, "2026-06-01", "ART-0004", "achat", 5, 10),
        move(5, "2026-12-15", "ART-0004", "vente", 9),
    ])
    issues = rules.safety_stock(dataset(items, moves), params)
    assert flat(issues) == [(*ITEMS, "K2", "stock-sous-securite")]
    assert not issues[0].blocking
    assert "stock de 2 au 30/11/2026" in issues[0].message


def test_descriptions_say_how_the_stock_is_valued_and_quote_no_rate():
    """The stock is valued at the weighted average unit cost; the VAT rates live in the
    parameters."""
    assert "coût unitaire moyen pondéré (CUMP)" in rules.PURCHASE_WITHOUT_COST.description
    assert "dernier achat" not in rules.PURCHASE_WITHOUT_COST.description
    assert "un taux de TVA en vigueur" in rules.UNKNOWN_VAT_RATE.description
    assert not re.search(r"\d", rules.UNKNOWN_VAT_RATE.description)


COUNTS = ("stock.xlsx", "Inventaire")


def count(day, reference, quantity, **values):
    return {"date_inventaire": day, "reference": reference, "quantite_comptee": quantity,
            **values}


def test_an_inventory_difference_not_regularised_is_a_warning(table, dataset, params):
    items = table("articles", [item(1, cout_unitaire_initial="12.5"),
                               item(2, cout_unitaire_initial=4)])
    moves = table("mouvements", [
        move(1, "2026-06-29", "ART-0001", "vente", 1),              # 5 → 4
        move(2, "2026-06-30", "ART-0002", "ajustement_moins", 1),   # the count's regularisation
        move(3, "2026-07-02", "ART-0001", "ajustement_moins", 1),   # regularises 1 of 2
    ])
    counts = table("inventaire", [
        count("2026-06-30", "ART-0001", 2),   # 4 in theory: −2, only −1 regularised
        count("2026-06-30", "ART-0002", 4),   # 5 in theory: −1, regularised that day
        count("2026-11-27", "ART-0002", 6),   # 4 in theory: +2, nothing regularises it
        count("2026-12-02", "ART-0002", 0),   # after the as-of date: not judged
    ])
    data = dataset(table("organisation", [{"raison_sociale": "X",
                                           "debut_exercice": "2026-01-01"}]),
                   items, moves, counts)
    issues = rules.inventory_difference(data, params)
    assert flat(issues) == [(*COUNTS, "C2", "ecart-inventaire"),
                            (*COUNTS, "C4", "ecart-inventaire")]
    assert not issues[0].blocking
    assert issues[0].message == (
        "inventaire du 30/06/2026 : 2 ART-0001 comptés pour un stock théorique de 4 (écart de "
        "-2, soit -25,00\xa0€ au CUMP) ; les ajustements datés de ce jour ou après n'en "
        "régularisent que -1")
    assert issues[1].message.endswith(
        "(écart de 2, soit 8,00\xa0€ au CUMP) ; aucun ajustement daté de ce jour ou après ne le "
        "régularise")


def test_no_inventory_no_difference(table, dataset, params):
    data = dataset(table("articles", [item(1)]), table("mouvements", []),
                   table("inventaire", []))
    assert rules.inventory_difference(data, params) == []
