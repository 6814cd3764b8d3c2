"""The three-way match (order ↔ receipt ↔ invoice) on a small purchase history, by hand.

Orders of F0001, price list of 01/01/2026 (ART-0001: 100.00 €, 3 % from 10; ART-0002:
18.00 €):
- CF-1 (05/01): line 1, 10 × ART-0001 at 100.00 −3 %; line 2, 5 × ART-0002 at 20.00 (above
  the price list: a wrong order). BR-1 (08/01): 8 accepted and 2 damaged on line 1, 5 on
  line 2. FF-1 bills 10 on line 1 (2 damaged units: 2 × 97.00 = 194.00 € owed back) and 5
  at 20.00 on line 2 (5 × 2.00 = 10.00 € above the price list).
- CF-2 (05/01): 4 × ART-0001 at 100.00, nothing received; FF-2 bills them at 104.00
  (416.00 € billed with no receipt: that alone, its price above the order is not claimed
  on top) and a line of carriage of 15.00 € with no order line (431.00 € HT in all).
- CF-3 (05/01): 10 × ART-0001 at 100.00 −3 %, received in full; FF-3 forgets the discount:
  1 000.00 − 970.00 = 30.00 €.
- CF-4 (05/01): 6 × ART-0002 at 18.00, received on 10/01, only 2 billed (FF-4): 4 never
  invoiced after 30 days. CF-5: 3 received on 20/03, not billed yet: within 30 days.
"""

from datetime import date
from decimal import Decimal

import polars as pl

from pipelines.compute.three_way_match import (
    CREDIT_EXPECTED,
    DISCOUNT,
    LIST_PRICE,
    NO_ORDER,
    NO_RECEIPT,
    ORDER_PRICE,
    QUANTITY,
    describe,
    invoice_discrepancies,
    uncredited_returns,
    uninvoiced_receipts,
)

from .records import dataset

D = Decimal
AS_OF = date(2026, 3, 31)
DAY = date(2026, 1, 5)


def order(number: str) -> dict:
    return {"numero_commande": number, "date_commande": DAY, "code_fournisseur": "F0001",
            "date_livraison_prevue": date(2026, 1, 8), "statut": "reçue", "devise": "EUR"}


def order_line(number: str, n: int, reference: str, quantity, price, discount=None) -> dict:
    return {"numero_commande": number, "ligne": n, "reference": reference,
            "designation": reference, "quantite": D(quantity), "prix_unitaire_ht": D(price),
            "remise_pct": None if discount is None else D(discount), "taux_tva": D(20)}


def receipt(number: str, day: date) -> dict:
    return {"numero_reception": number, "date_reception": day, "code_fournisseur": "F0001"}


def receipt_line(number: str, n: int, order_number: str, order_line_n: int, accepted,
                 damaged=None) -> dict:
    delivered = D(accepted) + D(damaged or 0)
    return {"numero_reception": number, "ligne": n, "numero_commande": order_number,
            "ligne_commande": order_line_n, "quantite_livree": delivered,
            "quantite_acceptee": D(accepted),
            "quantite_endommagee": None if damaged is None else D(damaged)}


def invoice(number: str, order_number: str | None, kind: str = "facture") -> dict:
    return {"numero_piece": number, "type": kind, "code_fournisseur": "F0001",
            "numero_fournisseur": f"X{number[-2:]}", "date_facture": date(2026, 1, 12),
            "numero_commande": order_number, "cas_tva": "France", "devise": "EUR",
            "statut": "à contrôler"}


def invoice_line(number: str, n: int, order_number: str | None, order_line_n: int | None,
                 quantity, price, discount=None) -> dict:
    return {"numero_piece": number, "ligne": n, "numero_commande": order_number,
            "ligne_commande": order_line_n, "designation": "ligne", "quantite": D(quantity),
            "prix_unitaire_ht": D(price), "taux_tva": D(20),
            "remise_pct": None if discount is None else D(discount)}


def price(reference: str, minimum, amount, discount=None) -> dict:
    return {"code_fournisseur": "F0001", "reference": reference,
            "quantite_minimale": D(minimum), "prix_unitaire_ht": D(amount),
            "remise_pct": None if discount is None else D(discount), "devise": "EUR",
            "date_debut": date(2026, 1, 1)}


def records(**overrides) -> dict:
    rows = {
        "commandes_achat": [order(f"CF-2026-0000{n}") for n in range(1, 6)],
        "lignes_commande_achat": [
            order_line("CF-2026-00001", 1, "ART-0001", 10, 100, 3),
            order_line("CF-2026-00001", 2, "ART-0002", 5, 20),
            order_line("CF-2026-00002", 1, "ART-0001", 4, 100),
            order_line("CF-2026-00003", 1, "ART-0001", 10, 100, 3),
            order_line("CF-2026-00004", 1, "ART-0002", 6, 18),
            order_line("CF-2026-00005", 1, "ART-0002", 3, 18),
        ],
        "receptions": [receipt("BR-2026-00001", date(2026, 1, 8)),
                       receipt("BR-2026-00002", date(2026, 1, 10)),
                       receipt("BR-2026-00003", date(2026, 3, 20))],
        "lignes_reception": [
            receipt_line("BR-2026-00001", 1, "CF-2026-00001", 1, 8, damaged=2),
            receipt_line("BR-2026-00001", 2, "CF-2026-00001", 2, 5),
            receipt_line("BR-2026-00002", 1, "CF-2026-00003", 1, 10),
            receipt_line("BR-2026-00002", 2, "CF-2026-00004", 1, 6),
            receipt_line("BR-2026-00003", 1, "CF-2026-00005", 1, 3),
        ],
        "factures_fournisseurs": [invoice("FF-2026-00001", "CF-2026-00001"),
                                  invoice("FF-2026-00002", "CF-2026-00002"),
                                  invoice("FF-2026-00003", "CF-2026-00003"),
                                  invoice("FF-2026-00004", "CF-2026-00004")],
        "lignes_facture_fournisseur": [
            invoice_line("FF-2026-00001", 1, "CF-2026-00001", 1, 10, 100, 3),
            invoice_line("FF-2026-00001", 2, "CF-2026-00001", 2, 5, 20),
            invoice_line("FF-2026-00002", 1, "CF-2026-00002", 1, 4, 104),
            invoice_line("FF-2026-00002", 2, None, None, 1, 15),
            invoice_line("FF-2026-00003", 1, "CF-2026-00003", 1, 10, 100),
            invoice_line("FF-2026-00004", 1, "CF-2026-00004", 1, 2, 18),
        ],
        "tarifs": [price("ART-0001", 1, 100), price("ART-0001", 10, 100, 3),
                   price("ART-0002", 1, 18)],
    }
    rows.update(overrides)
    return rows


def findings(frame: pl.DataFrame) -> list[tuple]:
    return [(r["numero_piece"], r["ligne"], r["nature"], r["montant_ecart_ht"])
            for r in frame.iter_rows(named=True)]


def test_every_difference_is_found_with_its_amount_at_stake():
    found = invoice_discrepancies(dataset(AS_OF, **records()))
    assert findings(found) == [
        ("FF-2026-00001", 1, CREDIT_EXPECTED, D("194.00")),
        ("FF-2026-00001", 2, LIST_PRICE, D("10.00")),
        ("FF-2026-00002", 1, NO_RECEIPT, D("416.00")),
        ("FF-2026-00002", 2, NO_ORDER, D("15.00")),
        ("FF-2026-00003", 1, DISCOUNT, D("30.00")),
    ]
    first = found.row(0, named=True)
    assert first["attendu"] == "8 unités reçues et acceptées"
    assert first["facture"] == "10 unités en cumul, avoirs déduits"
    assert "2 refusées ou endommagées" in first["detail"]
    discount = found.row(-1, named=True)
    assert (discount["attendu"], discount["facture"]) == (
        "remise de 3 % (commande CF-2026-00003 ligne 1)", "sans remise")
    assert "prix net dû 97,00\u00a0€, facturé 100,00\u00a0€ net, sur 10 unités" in discount[
        "detail"]
    assert first["receptions"] == "BR-2026-00001"
    assert first["devise"] == "EUR" and first["_ligne"] == 2


def test_a_credit_note_for_the_damaged_units_closes_the_quantity_difference():
    rows = records()
    rows["factures_fournisseurs"].append(invoice("FF-2026-00005", "CF-2026-00001", "avoir"))
    rows["lignes_facture_fournisseur"].append(
        invoice_line("FF-2026-00005", 1, "CF-2026-00001", 1, 2, 100, 3))
    natures = {(r[0], r[2]) for r in findings(invoice_discrepancies(dataset(AS_OF, **rows)))}
    assert ("FF-2026-00001", CREDIT_EXPECTED) not in natures


def test_excess_not_explained_by_damage_is_a_quantity_difference():
    rows = records()
    rows["lignes_reception"][0] = receipt_line("BR-2026-00001", 1, "CF-2026-00001", 1, 8)
    found = findings(invoice_discrepancies(dataset(AS_OF, **rows)))
    assert found[0] == ("FF-2026-00001", 1, QUANTITY, D("194.00"))


def test_the_tolerances_come_from_the_settings_sheet():
    settings = [{"parametre": "tolerance_prix_pct", "valeur": D(5)},
                {"parametre": "tolerance_quantite_pct", "valeur": D(25)}]
    found = findings(invoice_discrepancies(dataset(AS_OF, reglages=settings, **records())))
    natures = [(r[0], r[2]) for r in found]
    assert ("FF-2026-00002", ORDER_PRICE) not in natures  # 4 % is within 5 %
    assert ("FF-2026-00001", CREDIT_EXPECTED) not in natures  # 10 is within 8 + 25 %
    assert ("FF-2026-00001", LIST_PRICE) in natures  # 20.00 is 11 % above 18.00


def test_a_receipt_never_invoiced_is_flagged_after_thirty_days_only():
    uninvoiced = uninvoiced_receipts(dataset(AS_OF, **records()), AS_OF)
    assert uninvoiced.select("numero_reception", "ligne", "quantite_non_facturee").rows() == [
        ("BR-2026-00002", 2, D(4))]


def test_a_receipt_never_invoiced_waits_the_days_of_the_settings_sheet():
    settings = [{"parametre": "jours_reception_non_facturee", "valeur": D(5)}]
    uninvoiced = uninvoiced_receipts(dataset(AS_OF, reglages=settings, **records()), AS_OF)
    # within 5 days of the as-of date (31/03), the receipt of 20/03 is now late too
    assert uninvoiced.select("numero_reception", "quantite_non_facturee").rows() == [
        ("BR-2026-00002", D(4)), ("BR-2026-00003", D(3))]


def test_a_partial_credit_note_lowers_the_credit_still_expected():
    rows = records()
    rows["factures_fournisseurs"].append(invoice("FF-2026-00005", "CF-2026-00001", "avoir"))
    rows["lignes_facture_fournisseur"].append(
        invoice_line("FF-2026-00005", 1, "CF-2026-00001", 1, 1, 100, 3))
    found = findings(invoice_discrepancies(dataset(AS_OF, **rows)))
    # 10 billed, 1 credited, 8 accepted: one damaged unit still to credit, 97.00 € (not 194)
    assert found[0] == ("FF-2026-00001", 1, CREDIT_EXPECTED, D("97.00"))


def test_the_excess_of_several_invoices_is_counted_once_on_the_last_ones():
    rows = records()
    rows["lignes_facture_fournisseur"][0] = invoice_line(
        "FF-2026-00001", 1, "CF-2026-00001", 1, 6, 100, 3)
    rows["factures_fournisseurs"].append(invoice("FF-2026-00005", "CF-2026-00001"))
    rows["factures_fournisseurs"][-1]["date_facture"] = date(2026, 1, 20)
    rows["lignes_facture_fournisseur"].append(
        invoice_line("FF-2026-00005", 1, "CF-2026-00001", 1, 4, 100, 3))
    found = [r for r in findings(invoice_discrepancies(dataset(AS_OF, **rows)))
             if r[2] == CREDIT_EXPECTED]
    # 6 then 4 billed for 8 accepted: the second invoice carries the 2 units, once
    assert found == [("FF-2026-00005", 1, CREDIT_EXPECTED, D("194.00"))]


def test_a_quantity_and_a_price_difference_are_not_claimed_twice():
    rows = records()
    rows["lignes_reception"][2] = receipt_line("BR-2026-00002", 1, "CF-2026-00003", 1, 8)
    rows["lignes_facture_fournisseur"][4] = invoice_line(
        "FF-2026-00003", 1, "CF-2026-00003", 1, 10, 104, 3)
    found = [r for r in findings(invoice_discrepancies(dataset(AS_OF, **rows)))
             if r[0] == "FF-2026-00003"]
    # billed 10 × 100.88 = 1 008.80 for 8 × 97.00 = 776.00 received: 232.80 € in all,
    # 2 × 100.88 = 201.76 of excess units and 8 × 3.88 = 31.04 of price on the units kept
    assert found == [("FF-2026-00003", 1, QUANTITY, D("201.76")),
                     ("FF-2026-00003", 1, ORDER_PRICE, D("31.04"))]
    assert sum(r[3] for r in found) == D("1008.80") - D("776.00")


def test_net_prices_are_compared_not_their_discounts():
    rows = records()
    # 97.00 net without discount for 100.00 − 3 % ordered: the same net price
    rows["lignes_facture_fournisseur"][4] = invoice_line(
        "FF-2026-00003", 1, "CF-2026-00003", 1, 10, 97)
    # 100.00 − 3 % billed for 97.00 net ordered (and in the price list)
    rows["lignes_commande_achat"][4] = order_line("CF-2026-00004", 1, "ART-0002", 6, 97)
    rows["tarifs"][2] = price("ART-0002", 1, 97)
    rows["lignes_facture_fournisseur"][5] = invoice_line(
        "FF-2026-00004", 1, "CF-2026-00004", 1, 2, 100, 3)
    natures = {(r[0], r[2]) for r in findings(invoice_discrepancies(dataset(AS_OF, **rows)))}
    assert not {n for n in natures if n[0] in ("FF-2026-00003", "FF-2026-00004")}


def test_a_smaller_discount_on_the_ordered_price_is_a_missing_discount():
    rows = records()
    rows["lignes_facture_fournisseur"][4] = invoice_line(
        "FF-2026-00003", 1, "CF-2026-00003", 1, 10, 100, 1)
    found = [r for r in findings(invoice_discrepancies(dataset(AS_OF, **rows)))
             if r[0] == "FF-2026-00003"]
    # 99.00 net for 97.00: 10 × 2.00
    assert found == [("FF-2026-00003", 1, DISCOUNT, D("20.00"))]
    rows["lignes_facture_fournisseur"][4] = invoice_line(
        "FF-2026-00003", 1, "CF-2026-00003", 1, 10, 102, 3)
    found = [r for r in findings(invoice_discrepancies(dataset(AS_OF, **rows)))
             if r[0] == "FF-2026-00003"]
    # the discount is there, the gross price is not: 98.94 net for 97.00 → 19.40 €
    assert found == [("FF-2026-00003", 1, ORDER_PRICE, D("19.40"))]
    row = invoice_discrepancies(dataset(AS_OF, **rows)).filter(
        pl.col("numero_piece") == "FF-2026-00003").row(0, named=True)
    assert (row["attendu"], row["facture"]) == (
        "100,00\u00a0€ − 3 % (commande CF-2026-00003 ligne 1)", "102,00\u00a0€ − 3 %")
    assert row["detail"] == "1,94\u00a0€ de trop par unité (prix net), sur 10 unités"


def test_a_difference_reads_as_one_french_sentence():
    row = invoice_discrepancies(dataset(AS_OF, **records())).row(0, named=True)
    assert describe(row) == (
        "avoir attendu : quantité refusée ou endommagée facturée : attendu 8 unités reçues "
        "et acceptées, facturé 10 unités en cumul, avoirs déduits ; commande CF-2026-00001 "
        "ligne 1 : 10 commandées ; réception BR-2026-00001 : 8 acceptées, 2 refusées ou "
        "endommagées ; 2 facturées en trop sur cette ligne, au prix net facturé ; écart "
        "194,00\u00a0€ HT (facture X01 du 12/01/2026)")


def returns_records(credit_day: date | None, **changes) -> dict:
    """ART-0001 of CF-1 returned on 15/02 (stock), CNS-001 ordered on CF-6 returned on 15/02
    (consumables), and a credit note of F0001 on both order lines when `credit_day`."""
    rows = records(**changes)
    rows["commandes_achat"].append(order("CF-2026-00006"))
    rows["lignes_commande_achat"].append(
        {"numero_commande": "CF-2026-00006", "ligne": 1, "code_consommable": "CNS-001",
         "designation": "Toner", "quantite": D(2), "prix_unitaire_ht": D(96),
         "taux_tva": D(20)})
    rows["articles"] = [{"reference": "ART-0001", "designation": "Ventilateur",
                         "unite": "pièce", "code_fournisseur": "F0001"}]
    rows["mouvements"] = [{"id_mouvement": 1, "date": date(2026, 2, 15),
                           "reference": "ART-0001", "type": "retour_fournisseur",
                           "quantite": D(1), "piece": "RF-2026-00001"}]
    rows["consommables"] = [{"code_consommable": "CNS-001", "designation": "Toner",
                             "unite": "pièce", "code_fournisseur": "F0002"}]
    rows["mouvements_consommables"] = [
        {"id_mouvement": 1, "date": date(2026, 2, 15), "code_consommable": "CNS-001",
         "type": "retour_fournisseur", "quantite": D(1), "numero_commande": "CF-2026-00006"}]
    if credit_day is not None:
        credit = invoice("FF-2026-00009", "CF-2026-00001", "avoir")
        credit["date_facture"] = credit_day
        rows["factures_fournisseurs"].append(credit)
        rows["lignes_facture_fournisseur"] += [
            invoice_line("FF-2026-00009", 1, "CF-2026-00001", 1, 1, 100, 3),
            invoice_line("FF-2026-00009", 2, "CF-2026-00006", 1, 1, 96)]
    return rows


def test_a_return_to_the_supplier_awaits_a_credit_note_on_its_order_line():
    for consumables, code in ((False, "ART-0001"), (True, "CNS-001")):
        frame = uncredited_returns(dataset(AS_OF, **returns_records(None)), AS_OF, consumables)
        assert frame["code"].to_list() == [code]
    frame = uncredited_returns(dataset(AS_OF, **returns_records(None)), AS_OF, True)
    # the consumable's supplier is the one of the order its movement cites (F0001)
    assert frame.select("code_fournisseur", "date_limite").row(0) == (
        "F0001", date(2026, 3, 17))
    credited = dataset(AS_OF, **returns_records(date(2026, 2, 20)))
    assert uncredited_returns(credited, AS_OF).is_empty()
    assert uncredited_returns(credited, AS_OF, True).is_empty()
    # a credit note dated before the return does not cover it
    early = dataset(AS_OF, **returns_records(date(2026, 2, 10)))
    assert uncredited_returns(early, AS_OF).height == 1


def test_a_return_is_flagged_only_after_the_days_of_the_settings_sheet():
    settings = [{"parametre": "jours_avoir_attendu", "valeur": D(60)}]
    rows = returns_records(None, reglages=settings)
    # returned on 15/02, 60 days later is 16/04: after the as-of date (31/03)
    assert uncredited_returns(dataset(AS_OF, **rows), AS_OF).is_empty()
    assert uncredited_returns(dataset(date(2026, 4, 17), **rows), date(2026, 4, 17)).height == 1
