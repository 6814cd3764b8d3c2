"""Replenishment by hand: what is on order, the reorder point, the suggested order, and the
stock-outs with the customer orders they hit."""

from datetime import date
from decimal import Decimal as D

import polars as pl

from pipelines.compute import order_book, stock, stock_reorder

from .records import table

START, AS_OF = date(2026, 1, 1), date(2026, 3, 31)
WINDOW, COVER = 30, 15  # the last 30 days (02/03 to 31/03), 15 days of cover


def item(reference, unit, initial, cost, safety, lead, active=True):
    return {"reference": reference, "designation": f"Article {reference}", "unite": unit,
            "stock_initial": initial, "cout_unitaire_initial": cost, "stock_securite": safety,
            "delai_reappro_jours": lead, "actif": active}


def articles() -> pl.DataFrame:
    return table("articles", [
        item("ART-0001", "pièce", "20", "10", "4", 5),
        item("ART-0002", "kg", "3", "42", "1", 4),
        item("ART-0003", "pièce", "10", "5", "2", 3),
        item("ART-0004", "pièce", "0", "5", "0", 3, active=False),
        item("ART-0005", "pièce", "2", "8", "5", 0),
        item("ART-0006", "pièce", "0", "3", "0", 3),
    ]).frame


def movements() -> pl.DataFrame:
    rows = [
        (1, date(2026, 3, 1), "ART-0001", "vente", "5"),   # the day before the window
        (2, date(2026, 3, 2), "ART-0001", "vente", "6"),   # first day of the window
        (3, date(2026, 3, 20), "ART-0001", "vente", "6"),
        (4, date(2026, 3, 25), "ART-0001", "casse", "0.5"),  # not a sale: not consumption
        (5, date(2026, 3, 10), "ART-0002", "vente", "2.5"),
    ]
    return table("mouvements", [
        {"id_mouvement": n, "date": day, "reference": reference, "type": kind, "quantite": q}
        for n, day, reference, kind, q in rows]).frame


def purchase_orders() -> tuple[pl.DataFrame, ...]:
    orders = table("commandes_achat", [
        {"numero_commande": f"CF-2026-0000{n}", "date_commande": day, "code_fournisseur": "F0001",
         "statut": status, "devise": "EUR", "date_livraison_prevue": due}
        for n, day, status, due in [
            (1, date(2026, 3, 20), "confirmée", date(2026, 4, 3)),
            (2, date(2026, 3, 21), "brouillon", None),
            (3, date(2026, 4, 2), "partiellement reçue", None),  # after the as-of date
            (4, date(2026, 3, 1), "reçue", None),
            (5, date(2026, 3, 22), "envoyée", date(2026, 4, 10)),
            (6, date(2026, 3, 23), "confirmée", date(2026, 4, 8)),
        ]]).frame
    lines = table("lignes_commande_achat", [
        {"numero_commande": f"CF-2026-0000{n}", "ligne": line, "reference": reference,
         "code_consommable": consumable, "designation": "x", "quantite": q,
         "prix_unitaire_ht": "1", "taux_tva": "20"}
        for n, line, reference, consumable, q in [
            (1, 1, "ART-0001", None, "5"), (1, 2, None, "CNS-001", "9"),
            (2, 1, "ART-0001", None, "10"), (3, 1, "ART-0001", None, "10"),
            (4, 1, "ART-0001", None, "10"), (5, 1, "ART-0001", None, "1"),
            (6, 1, "ART-0005", None, "10"),
        ]]).frame
    receipts = table("receptions", [
        {"numero_reception": "BR-2026-00001", "date_reception": date(2026, 3, 28),
         "code_fournisseur": "F0001"},
        {"numero_reception": "BR-2026-00002", "date_reception": date(2026, 4, 1),
         "code_fournisseur": "F0001"},
    ]).frame
    received = table("lignes_reception", [
        {"numero_reception": receipt, "ligne": line, "numero_commande": order,
         "ligne_commande": order_line, "quantite_livree": delivered,
         "quantite_acceptee": accepted}
        for receipt, line, order, order_line, delivered, accepted in [
            ("BR-2026-00001", 1, "CF-2026-00001", 1, "3", "2"),  # 1 refused: still awaited
            ("BR-2026-00002", 1, "CF-2026-00005", 1, "1", "1"),  # after the as-of date
        ]]).frame
    return orders, lines, receipts, received


def pending() -> pl.DataFrame:
    return stock_reorder.pending_purchases(*purchase_orders(), AS_OF)


def reorder_rows() -> dict[str, dict]:
    levels = stock.stock_levels(articles(), movements(), AS_OF, START)
    frame = stock_reorder.reorder(levels, articles(), movements(), pending(), AS_OF, WINDOW,
                                  COVER)
    return {row["reference"]: row for row in frame.to_dicts()}


def test_what_is_on_order_from_the_suppliers():
    lines = pending()
    # CF-1: 5 ordered, 2 accepted → 3; CF-5 (envoyée): its receipt is after the as-of date → 1;
    # CF-6 (confirmée) → 10; draft, received, future orders and a consumable line do not count
    assert lines.select("numero_commande", "reference", "reste_a_recevoir").rows() == [
        ("CF-2026-00001", "ART-0001", D(3)), ("CF-2026-00005", "ART-0001", D(1)),
        ("CF-2026-00006", "ART-0005", D(10)),
    ]
    assert stock_reorder.on_order(lines).sort("reference").rows() == [
        ("ART-0001", D(4), 2, date(2026, 4, 3)), ("ART-0005", D(10), 1, date(2026, 4, 8))]


def test_nothing_on_order_without_purchases_or_with_empty_sheets():
    assert stock_reorder.pending_purchases(None, None, None, None, AS_OF).is_empty()
    empty = [table(name, []).frame for name in ("commandes_achat", "lignes_commande_achat",
                                                 "receptions", "lignes_reception")]
    assert stock_reorder.pending_purchases(*empty, AS_OF).is_empty()
    orders, lines, _, _ = purchase_orders()
    assert stock_reorder.pending_purchases(orders, lines, None, None, AS_OF)[
        "reste_a_recevoir"].to_list() == [D(5), D(1), D(10)]


def test_reorder_point_and_suggested_quantity_by_hand():
    rows = reorder_rows()
    first = rows["ART-0001"]
    # sold in the 30 days: 6 + 6 = 12, i.e. 0,4 a day; point = 0,4 × 5 days + 4 = 6
    assert (first["ventes_periode"], first["consommation_jour"], first["point_commande"]) == (
        D(12), D("0.4"), D(6))
    # stock 20 − 17 − 0,5 = 2,5 ≤ 6; target 6 + 0,4 × 15 = 12; 12 − 2,5 − 4 on order = 5,5 → 6
    assert (first["stock"], first["en_commande"], first["a_commander"]) == (D("2.5"), D(4), True)
    assert (first["quantite_suggeree"], first["valeur_suggeree"]) == (D(6), D("60.00"))


def test_an_item_sold_by_the_kg_is_ordered_by_the_half_kilo():
    fluid = reorder_rows()["ART-0002"]
    # 2,5 kg in 30 days: 0,08333 a day (0,0833); point = 1 + 2,5 × 4 / 30 = 1,333 → 1,5 kg
    assert (fluid["consommation_jour"], fluid["point_commande"]) == (D("0.0833"), D("1.5"))
    # stock 0,5; target 1,5 + 2,5 × 15 / 30 = 2,75; 2,75 − 0,5 = 2,25 → 2,5 kg × 42 € = 105 €
    assert (fluid["quantite_suggeree"], fluid["valeur_suggeree"]) == (D("2.5"), D("105.00"))


def test_no_order_above_the_point_for_an_inactive_item_or_when_covered():
    rows = reorder_rows()
    assert (rows["ART-0003"]["point_commande"], rows["ART-0003"]["a_commander"],
            rows["ART-0003"]["quantite_suggeree"]) == (D(2), False, D(0))
    assert (rows["ART-0004"]["a_commander"], rows["ART-0004"]["quantite_suggeree"]) == (
        False, D(0))
    # point 5, stock 2, but 10 already on order: below its point, nothing more to order
    assert (rows["ART-0005"]["a_commander"], rows["ART-0005"]["quantite_suggeree"]) == (
        True, D(0))


def customer_book() -> pl.DataFrame:
    orders = table("commandes", [
        {"numero_commande": "CO-2026-00001", "date_commande": date(2026, 3, 2),
         "code_client": "C0001", "statut": "confirmée"},
        {"numero_commande": "CO-2026-00002", "date_commande": date(2026, 3, 3),
         "code_client": "C0001", "statut": "annulée"},
        {"numero_commande": "CO-2026-00003", "date_commande": date(2026, 3, 4),
         "code_client": "C0002", "statut": "confirmée"},
    ]).frame
    lines = table("lignes_commande", [
        {"numero_commande": order, "ligne": 1, "reference": reference, "designation": "x",
         "quantite": q, "prix_unitaire_ht": "10", "taux_tva": "20"}
        for order, reference, q in [("CO-2026-00001", "ART-0003", "12"),
                                    ("CO-2026-00002", "ART-0003", "50"),
                                    ("CO-2026-00003", "ART-0001", "2")]]).frame
    return order_book.order_book(orders, lines, None, None, None, None, None, AS_OF)


def test_stock_outs_and_the_customer_orders_they_hit():
    levels = stock.stock_levels(articles(), movements(), AS_OF, START)
    book = customer_book()
    short = stock_reorder.shortages(levels, book, pending())
    # ART-0003: 10 in stock for 12 still to deliver (the cancelled order does not count);
    # ART-0006: active and empty; ART-0004 is empty but inactive; ART-0001 covers its order
    assert short.select("reference", "stock", "a_livrer", "commandes_clients", "manque").rows() \
        == [("ART-0003", D(10), D(12), 1, D(2)), ("ART-0006", D(0), D(0), 0, D(0))]
    hit = stock_reorder.orders_hit(book, short)
    assert hit.select("reference", "numero_commande", "reste_a_livrer", "_ligne").rows() == [
        ("ART-0003", "CO-2026-00001", D(12), 2)]
    assert stock_reorder.orders_hit(None, short).is_empty()
    assert stock_reorder.shortages(levels, None, pending())["reference"].to_list() == [
        "ART-0006"]


def test_a_damaged_unit_in_claim_is_not_on_order_and_both_figures_agree():
    from pipelines.compute import purchase_orders as orders_module
    orders, lines, receipts, received = purchase_orders()
    received = table("lignes_reception", [
        {"numero_reception": "BR-2026-00001", "ligne": 1, "numero_commande": "CF-2026-00001",
         "ligne_commande": 1, "quantite_livree": "3", "quantite_acceptee": "2",
         "quantite_endommagee": "1"}]).frame
    pending_lines = stock_reorder.pending_purchases(orders, lines, receipts, received, AS_OF)
    # CF-1: 5 ordered, 2 accepted, 1 damaged in claim (owed a credit note) → 2 still expected
    assert pending_lines.select("numero_commande", "reste_a_recevoir").rows()[0] == (
        "CF-2026-00001", D(2))
    expected = orders_module.still_expected(orders, lines, receipts, received, AS_OF).filter(
        pl.col("reference").is_not_null())
    assert sorted(expected.select("numero_commande", "ligne", "reste_attendu").rows()) == sorted(
        pending_lines.select("numero_commande", "ligne", "reste_a_recevoir").rows())
