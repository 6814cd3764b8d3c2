from datetime import date
from decimal import Decimal

import polars as pl

from pipelines.compute import stock

from .records import AS_OF, small_dataset, table


def levels_by_reference(levels: pl.DataFrame) -> dict[str, dict]:
    return {row["reference"]: row for row in levels.to_dicts()}


def small_levels() -> dict[str, dict]:
    dataset = small_dataset()
    levels = stock.stock_levels(
        dataset.frame("articles"), dataset.frame("mouvements"), AS_OF, date(2026, 1, 1)
    )
    return levels_by_reference(levels)


def test_stock_is_initial_plus_entries_minus_exits_up_to_as_of():
    # ART-0001: 10 initial + 5 bought on 5 Jan − 12 sold on 1 Feb; the 1 Dec purchase is after as_of
    levels = small_levels()
    assert levels["ART-0001"]["entrees"] == Decimal(5)
    assert levels["ART-0001"]["sorties"] == Decimal(12)
    assert levels["ART-0001"]["stock"] == Decimal(3)
    assert levels["ART-0002"]["stock"] == Decimal(0)
    assert levels["ART-0003"]["stock"] == Decimal(40)


def test_valuation_at_last_purchase_cost_else_initial_cost_to_the_cent():
    levels = small_levels()
    # 3 × 3.105 (the last purchase up to as_of, not the 9.00 of December) = 9.315 → 9.32
    assert (levels["ART-0001"]["cout_unitaire"], levels["ART-0001"]["valeur"]) == (
        Decimal("3.105"), Decimal("9.32"),
    )
    assert levels["ART-0001"]["origine_cout"] == stock.LAST_PURCHASE
    # no purchase: 40 × 0.99 (initial cost) = 39.60
    assert levels["ART-0003"]["valeur"] == Decimal("39.60")
    assert levels["ART-0003"]["origine_cout"] == stock.INITIAL_COST


def test_alerts_stock_out_and_below_safety_stock():
    levels = small_levels()
    assert levels["ART-0002"]["alerte"] == stock.STOCK_OUT  # 0 in stock
    assert levels["ART-0001"]["alerte"] == stock.BELOW_SAFETY  # 3 < 4
    assert levels["ART-0003"]["alerte"] is None  # 40 ≥ 10


def every_movement_type_frame():
    articles = table("articles", [
        {"reference": "ART-0009", "stock_initial": "100", "cout_unitaire_initial": "1",
         "stock_securite": "0", "actif": True},
        {"reference": "ART-0010", "stock_initial": "0", "cout_unitaire_initial": "0.025",
         "stock_securite": "1", "actif": False},
    ]).frame
    kinds = [("achat", "10"), ("retour_client", "2"), ("ajustement_plus", "1"), ("vente", "20"),
             ("retour_fournisseur", "3"), ("perte", "1"), ("casse", "2"), ("ajustement_moins", "4")]
    movements = table("mouvements", [
        {"id_mouvement": i, "date": date(2026, 5, 1), "reference": "ART-0009", "type": kind,
         "quantite": quantity, "cout_unitaire": "0.025" if kind == "achat" else None}
        for i, (kind, quantity) in enumerate(kinds, start=1)
    ] + [
        # before the financial year: already in stock_initial, must not count again
        {"id_mouvement": 99, "date": date(2025, 12, 31), "reference": "ART-0009",
         "type": "vente", "quantite": "50"},
    ]).frame
    return articles, movements


def test_each_movement_type_has_its_direction():
    articles, movements = every_movement_type_frame()
    levels = levels_by_reference(stock.stock_levels(articles, movements, AS_OF, date(2026, 1, 1)))
    # 100 + (10 + 2 + 1) − (20 + 3 + 1 + 2 + 4) = 83; 83 × 0.025 = 2.075 → 2.08 (half-up)
    assert levels["ART-0009"]["stock"] == Decimal(83)
    assert levels["ART-0009"]["valeur"] == Decimal("2.08")


def test_an_inactive_item_raises_no_alert():
    articles, movements = every_movement_type_frame()
    levels = levels_by_reference(stock.stock_levels(articles, movements, AS_OF, date(2026, 1, 1)))
    assert levels["ART-0010"]["stock"] == Decimal(0)
    assert levels["ART-0010"]["alerte"] is None


def test_same_day_purchases_the_last_entered_gives_the_cost():
    movements = table("mouvements", [
        {"id_mouvement": 8, "date": date(2026, 4, 2), "reference": "ART-0001", "type": "achat",
         "quantite": "1", "cout_unitaire": "2"},
        {"id_mouvement": 7, "date": date(2026, 4, 2), "reference": "ART-0001", "type": "achat",
         "quantite": "1", "cout_unitaire": "5"},
        {"id_mouvement": 6, "date": date(2026, 4, 1), "reference": "ART-0001", "type": "achat",
         "quantite": "1", "cout_unitaire": "7"},
    ]).frame
    costs = stock.last_known_costs(movements, AS_OF)
    assert costs.to_dicts() == [{"reference": "ART-0001", "cout_dernier_achat": Decimal(2)}]


def test_alert_list_and_summary():
    dataset = small_dataset()
    levels = stock.stock_levels(dataset.frame("articles"), dataset.frame("mouvements"), AS_OF)
    assert stock.stock_alerts(levels)["reference"].to_list() == ["ART-0002", "ART-0001"]
    assert stock.alert_summary(levels).rows() == [("rupture", 1), ("sous le seuil", 1)]


def test_monthly_movements():
    dataset = small_dataset()
    monthly = stock.monthly_movements(dataset.frame("mouvements"), AS_OF)
    assert monthly.rows() == [
        ("2026-01", "entrée", "achat", 1, Decimal(5)),
        ("2026-02", "sortie", "vente", 1, Decimal(12)),
        ("2026-03", "sortie", "vente", 1, Decimal(5)),
    ]


def test_stock_summary_totals_the_value_and_counts_the_alerts():
    dataset = small_dataset()
    levels = stock.stock_levels(dataset.frame("articles"), dataset.frame("mouvements"), AS_OF,
                                date(2026, 1, 1))
    # 9.32 + 0.00 + 39.60; ART-0002 out of stock, ART-0001 below its safety stock
    assert stock.stock_summary(levels).rows() == [(3, Decimal("48.92"), 2, 1)]
    assert stock.stock_summary(levels.head(0)).rows() == [(0, Decimal("0.00"), 0, 0)]
