"""The three-way match (order ↔ receipt ↔ invoice) on a small purchase history, by hand.

Orders of F0001, price list of 01/01/2026 (ART-0001: 100.00 €, 3 % from 10; ART-0002:
18.00 €):
- CF-1 (05/01): line 1, 10 × ART-0001 at 100.00 −3 %; line 2, 5 × ART-0002 at 20.00 (above
  the price list: a wrong order). BR-1 (08/01): 8 accepted and 2 damaged on line 1, 5 on
  line 2. FF-1 bills 10 on line 1 (2 damaged units: 2 × 97.00 = 194.00 € owed back) and 5
  at 20.00 on line 2 (5 × 2.00 = 10.00 € above the price list).
- CF-2 (05/01): 4 × ART-0001 at 100.00, nothing received; FF-2 bills them at 104.00
  (4 × 4.00 = 16.00 € above the order; 416.00 € billed with no receipt) and a line of
  carriage of 15.00 € with no order line.
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
    invoice_discrepancies,
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
        ("FF-2026-00002", 1, ORDER_PRICE, D("16.00")),
        ("FF-2026-00002", 2, NO_ORDER, D("15.00")),
        ("FF-2026-00003", 1, DISCOUNT, D("30.00")),
    ]
    first = found.row(0, named=True)
    assert first["attendu"] == "8 reçu(s) et accepté(s)"
    assert first["facture"] == "10 facturé(s) en cumul"
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
