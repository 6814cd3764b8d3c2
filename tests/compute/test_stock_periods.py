"""The stock over the months: period-end CUMP, rotation, seasonality, incidents — by hand."""

from datetime import date
from decimal import Decimal as D

import polars as pl

from pipelines.compute import stock, stock_periods

from .records import table

START, AS_OF = date(2026, 1, 1), date(2026, 3, 31)


def articles() -> pl.DataFrame:
    return table("articles", [
        {"reference": "ART-0001", "designation": "Vitrine", "categorie": "Froid",
         "unite": "pièce", "stock_initial": "10", "cout_unitaire_initial": "12.5"},
        {"reference": "ART-0002", "designation": "Joint", "unite": "mètre",
         "stock_initial": "5", "cout_unitaire_initial": "2"},
    ]).frame


def movements() -> pl.DataFrame:
    rows = [
        (1, date(2026, 1, 10), "ART-0001", "vente", "4", None),   # 6 × 12,50 = 75,00
        (2, date(2026, 2, 5), "ART-0001", "achat", "6", "14"),    # (75 + 84) / 12 = 13,25
        (3, date(2026, 2, 10), "ART-0002", "perte", "1", None),   # 1 × 2,00
        (4, date(2026, 2, 20), "ART-0001", "vente", "3", None),   # 3 × 13,25 = 39,75
        (5, date(2026, 2, 25), "ART-0001", "achat", "3", "15"),   # (119,25 + 45) / 12 = 13,6875
        (6, date(2026, 3, 3), "ART-0001", "casse", "2", None),    # 2 × 13,6875 = 27,375 → 27,38
        (7, date(2026, 3, 10), "ART-0002", "retour_client", "1", None),  # enters at 2,00
    ]
    return table("mouvements", [
        {"id_mouvement": n, "date": day, "reference": reference, "type": kind,
         "quantite": quantity, "cout_unitaire": cost}
        for n, day, reference, kind, quantity, cost in rows]).frame


def card() -> pl.DataFrame:
    return stock.stock_card(articles(), movements(), AS_OF, START)


def test_monthly_balances_and_the_period_end_cump():
    balances = stock_periods.monthly_balances(card(), AS_OF, START)
    assert balances.filter(pl.col("reference") == "ART-0001").drop("reference").rows() == [
        # no purchase in January: the CUMP of the start of the month
        ("2026-01", D(10), D("125.00"), D(0), D("0.00"), D("12.5000"),
         D(6), D("12.5000"), D("75.00")),
        # (75,00 + 84,00 + 45,00) / (6 + 6 + 3) = 204,00 / 15 = 13,60, beside 13,6875
        ("2026-02", D(6), D("75.00"), D(9), D("129.00"), D("13.6000"),
         D(12), D("13.6875"), D("164.25")),
        ("2026-03", D(12), D("164.25"), D(0), D("0.00"), D("13.6875"),
         D(10), D("13.6875"), D("136.88")),
    ]
    joint = balances.filter(pl.col("reference") == "ART-0002")
    assert joint["mois"].to_list() == ["2026-01", "2026-02", "2026-03"]
    assert joint["valeur_fin"].to_list() == [D("10.00"), D("8.00"), D("10.00")]


def test_rotation_over_the_year_so_far():
    frame = card()
    balances = stock_periods.monthly_balances(frame, AS_OF, START)
    rotation = stock_periods.rotation(frame, balances, AS_OF, START).row(0, named=True)
    # cost of sales: 4 × 12,50 + 3 × 13,25 = 89,75 (the loss and the breakage are no sale)
    assert rotation["cout_des_ventes"] == D("89.75")
    # opening 125,00 + 10,00; month ends 75,00 + 10,00, 164,25 + 8,00, 136,88 + 10,00
    assert (rotation["valeur_debut"], rotation["valeur_fin"]) == (D("135.00"), D("146.88"))
    # (135,00 + 85,00 + 172,25 + 146,88) / 4 = 539,13 / 4 = 134,7825 → 134,78
    assert rotation["stock_moyen"] == D("134.78")
    # 89,75 / 134,78 = 0,6659 → 0,67; 134,78 × 90 days / 89,75 = 135,15 → 135,2 days
    assert (rotation["jours"], rotation["rotation"], rotation["duree_rotation_jours"]) == (
        90, D("0.67"), D("135.2"))


def test_rotation_without_sales_has_no_duration():
    quiet = stock.stock_card(articles(), movements().head(0), AS_OF, START)
    balances = stock_periods.monthly_balances(quiet, AS_OF, START)
    row = stock_periods.rotation(quiet, balances, AS_OF, START).row(0, named=True)
    assert (row["cout_des_ventes"], row["rotation"], row["duree_rotation_jours"]) == (
        D("0.00"), D("0.00"), None)


def test_exits_by_month_and_category():
    exits = stock_periods.exits_by_month(card(), articles())
    assert exits.rows() == [
        ("2026-01", "Froid", 1, D(4), D("50.00")),
        ("2026-02", "Froid", 1, D(3), D("39.75")),
        ("2026-02", "Sans catégorie", 1, D(1), D("2.00")),
        ("2026-03", "Froid", 1, D(2), D("27.38")),
    ]


def receipts() -> pl.DataFrame:
    lines = table("lignes_commande_achat", [
        {"numero_commande": "CF-2026-00001", "ligne": 1, "reference": "ART-0001",
         "designation": "Vitrine", "quantite": "5", "prix_unitaire_ht": "14", "taux_tva": "20"},
        {"numero_commande": "CF-2026-00001", "ligne": 2, "code_consommable": "CNS-001",
         "designation": "Papier", "quantite": "5", "prix_unitaire_ht": "4", "taux_tva": "20"},
    ]).frame
    headers = table("receptions", [
        {"numero_reception": "BR-2026-00001", "date_reception": date(2026, 3, 5),
         "code_fournisseur": "F0001"},
        {"numero_reception": "BR-2026-00002", "date_reception": date(2026, 4, 2),
         "code_fournisseur": "F0001"},
    ]).frame
    received = table("lignes_reception", [
        {"numero_reception": "BR-2026-00001", "ligne": 1, "numero_commande": "CF-2026-00001",
         "ligne_commande": 1, "quantite_livree": "5", "quantite_acceptee": "3",
         "quantite_refusee": "1", "quantite_endommagee": "1"},
        {"numero_reception": "BR-2026-00001", "ligne": 2, "numero_commande": "CF-2026-00001",
         "ligne_commande": 2, "quantite_livree": "5", "quantite_acceptee": "0",
         "quantite_endommagee": "5"},  # a consumable: not a stock item
        {"numero_reception": "BR-2026-00002", "ligne": 1, "numero_commande": "CF-2026-00001",
         "ligne_commande": 1, "quantite_livree": "2", "quantite_acceptee": "0",
         "quantite_endommagee": "2"},  # after the as-of date
    ]).frame
    return stock_periods.receipt_incidents(received, lines, headers, AS_OF, START)


def test_broken_lost_returned_and_damaged_at_receipt():
    incidents = stock_periods.incidents(card(), articles(), receipts())
    assert incidents.select("reference", "type", "mouvements", "quantite", "valeur").rows() == [
        ("ART-0001", "casse", 1, D(2), D("27.38")),
        ("ART-0002", "perte", 1, D(1), D("2.00")),
        ("ART-0002", "retour_client", 1, D(1), D("2.00")),
        ("ART-0001", stock_periods.DAMAGED_AT_RECEIPT, 1, D(1), None),
        ("ART-0001", stock_periods.REFUSED_AT_RECEIPT, 1, D(1), None),
    ]
    assert incidents["categorie"].to_list()[:2] == ["Froid", "Sans catégorie"]


def test_the_months_of_a_period():
    assert stock_periods.months(date(2025, 11, 15), date(2026, 2, 1)) == [
        "2025-11", "2025-12", "2026-01", "2026-02"]
