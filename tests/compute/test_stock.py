"""The stock card and the valuation at weighted average unit cost (CUMP), by hand."""

from datetime import date
from decimal import Decimal as D

import polars as pl

from pipelines.compute import stock

from .records import AS_OF, small_dataset, table

START = date(2026, 1, 1)


def levels_by_reference(levels: pl.DataFrame) -> dict[str, dict]:
    return {row["reference"]: row for row in levels.to_dicts()}


def small_levels() -> dict[str, dict]:
    dataset = small_dataset()
    levels = stock.stock_levels(dataset.frame("articles"), dataset.frame("mouvements"), AS_OF,
                                START)
    return levels_by_reference(levels)


def item(reference: str, initial, cost, **values) -> dict:
    return {"reference": reference, "designation": f"Article {reference}", "unite": "pièce",
            "stock_initial": str(initial), "cout_unitaire_initial": None if cost is None
            else str(cost), "stock_securite": "0", "actif": True, **values}


def moves(*rows) -> pl.DataFrame:
    """(id, day, reference, type, quantity[, cost]) → the Mouvements frame."""
    return table("mouvements", [
        {"id_mouvement": number, "date": day, "reference": reference, "type": kind,
         "quantite": str(quantity), "cout_unitaire": None if not rest else str(rest[0])}
        for number, day, reference, kind, quantity, *rest in rows]).frame


def card_of(articles: list[dict], movements: pl.DataFrame, reference: str,
            since: date | None = START) -> list[tuple]:
    card = stock.stock_card(table("articles", articles).frame, movements, AS_OF, since)
    return card.filter(pl.col("reference") == reference).select(
        "type", "entree_quantite", "entree_cout_unitaire", "entree_montant", "sortie_quantite",
        "sortie_cump", "sortie_montant", "stock", "cump", "valeur").rows()


def test_stock_is_initial_plus_entries_minus_exits_up_to_as_of():
    # ART-0001: 10 initial + 5 bought on 5 Jan − 12 sold on 1 Feb; the 1 Dec purchase is after as_of
    levels = small_levels()
    assert levels["ART-0001"]["entrees"] == D(5)
    assert levels["ART-0001"]["sorties"] == D(12)
    assert levels["ART-0001"]["stock"] == D(3)
    assert levels["ART-0002"]["stock"] == D(0)
    assert levels["ART-0003"]["stock"] == D(40)


def test_valuation_at_weighted_average_cost_to_the_cent():
    levels = small_levels()
    # 10 × 2,50 = 25,00 € ; + 5 × 3,105 = 15,525 → 15,53 € ; CUMP = 40,53 / 15 = 2,7020 €
    # (the 9,00 € purchase of 1 December is after the as-of date); 3 left × 2,7020 = 8,106 → 8,11
    assert (levels["ART-0001"]["cout_unitaire"], levels["ART-0001"]["valeur"]) == (
        D("2.7020"), D("8.11"))
    # no purchase: 40 × 0,99 (the initial cost) = 39,60 €
    assert (levels["ART-0003"]["cout_unitaire"], levels["ART-0003"]["valeur"]) == (
        D("0.9900"), D("39.60"))


def test_the_stock_card_of_an_item_row_by_row():
    dataset = small_dataset()
    card = stock.stock_card(dataset.frame("articles"), dataset.frame("mouvements"), AS_OF, START)
    rows = card.filter(pl.col("reference") == "ART-0001").select(
        "rang", "date", "type", "entree_quantite", "entree_cout_unitaire", "entree_montant",
        "sortie_quantite", "sortie_cump", "sortie_montant", "stock", "cump", "valeur",
        "nouveau_cump").rows()
    assert rows == [
        # opening: 10 × 2,50 = 25,00
        (0, START, "stock_initial", D(10), D("2.5"), D("25.00"), None, None, None,
         D(10), D("2.5000"), D("25.00"), True),
        # purchase: 5 × 3,105 = 15,53; CUMP (25,00 + 15,53) / 15 = 2,702; 15 × 2,702 = 40,53
        (1, date(2026, 1, 5), "achat", D(5), D("3.105"), D("15.53"), None, None, None,
         D(15), D("2.7020"), D("40.53"), True),
        # sale: 12 × 2,702 = 32,424 → 32,42; 3 × 2,702 = 8,106 → 8,11
        (2, date(2026, 2, 1), "vente", None, None, None, D(12), D("2.7020"), D("32.42"),
         D(3), D("2.7020"), D("8.11"), False),
    ]


def test_every_movement_type_by_hand():
    articles = [item("ART-0009", 100, 1)]
    kinds = [("achat", 10, "0.025"), ("retour_client", 2, "5"), ("ajustement_plus", 1),
             ("vente", 20), ("retour_fournisseur", 3), ("perte", 1), ("casse", 2),
             ("ajustement_moins", 4)]
    movements = moves(*((n, date(2026, 5, 1), "ART-0009", *kind)
                        for n, kind in enumerate(kinds, start=1)))
    assert card_of(articles, movements, "ART-0009") == [
        ("stock_initial", D(100), D(1), D("100.00"), None, None, None,
         D(100), D("1.0000"), D("100.00")),
        # 10 × 0,025 = 0,25; CUMP = 100,25 / 110 = 0,91136… → 0,9114; 110 × 0,9114 = 100,254
        ("achat", D(10), D("0.025"), D("0.25"), None, None, None,
         D(110), D("0.9114"), D("100.25")),
        # a customer return enters at the CUMP, whatever the cost typed: 2 × 0,9114 = 1,8228
        ("retour_client", D(2), D("0.9114"), D("1.82"), None, None, None,
         D(112), D("0.9114"), D("102.08")),
        ("ajustement_plus", D(1), D("0.9114"), D("0.91"), None, None, None,
         D(113), D("0.9114"), D("102.99")),
        ("vente", None, None, None, D(20), D("0.9114"), D("18.23"),
         D(93), D("0.9114"), D("84.76")),
        ("retour_fournisseur", None, None, None, D(3), D("0.9114"), D("2.73"),
         D(90), D("0.9114"), D("82.03")),
        ("perte", None, None, None, D(1), D("0.9114"), D("0.91"),
         D(89), D("0.9114"), D("81.11")),
        ("casse", None, None, None, D(2), D("0.9114"), D("1.82"),
         D(87), D("0.9114"), D("79.29")),
        ("ajustement_moins", None, None, None, D(4), D("0.9114"), D("3.65"),
         D(83), D("0.9114"), D("75.65")),
    ]


def test_a_purchase_after_a_stock_out_or_a_negative_stock_takes_its_own_cost():
    articles = [item("ART-0001", 2, 10)]
    movements = moves(
        (1, date(2026, 3, 2), "ART-0001", "vente", 2),            # 0 left at 10,00
        (2, date(2026, 3, 3), "ART-0001", "achat", 4, "12.5"),     # stock 0: CUMP = 12,50
        (3, date(2026, 3, 4), "ART-0001", "vente", 6),             # −2 at 12,50
        (4, date(2026, 3, 5), "ART-0001", "achat", 5, "20"),       # stock −2: CUMP = 20,00
    )
    rows = card_of(articles, movements, "ART-0001")
    assert [(r[0], r[7], r[8], r[9]) for r in rows] == [
        ("stock_initial", D(2), D("10.0000"), D("20.00")),
        ("vente", D(0), D("10.0000"), D("0.00")),
        ("achat", D(4), D("12.5000"), D("50.00")),
        ("vente", D(-2), D("12.5000"), D("-25.00")),
        ("achat", D(3), D("20.0000"), D("60.00")),
    ]


def test_a_purchase_without_its_cost_enters_at_the_cump_and_leaves_it_unchanged():
    articles = [item("ART-0001", 3, "10")]
    movements = moves((1, date(2026, 3, 2), "ART-0001", "achat", 2),
                      (2, date(2026, 3, 3), "ART-0001", "achat", 5, "17"))
    rows = card_of(articles, movements, "ART-0001")
    # 2 × 10 = 20,00 at the CUMP; then (50,00 + 85,00) / 10 = 13,50
    assert [(r[2], r[3], r[8], r[9]) for r in rows] == [
        (D(10), D("30.00"), D("10.0000"), D("30.00")),
        (D(10), D("20.00"), D("10.0000"), D("50.00")),
        (D(17), D("85.00"), D("13.5000"), D("135.00")),
    ]


def test_an_item_without_initial_cost_starts_from_a_cump_of_zero():
    articles = [item("ART-0001", 0, None)]
    movements = moves((1, date(2026, 3, 2), "ART-0001", "achat", 3, "7.5"))
    rows = card_of(articles, movements, "ART-0001")
    assert [(r[0], r[8], r[9]) for r in rows] == [
        ("stock_initial", D("0.0000"), D("0.00")), ("achat", D("7.5000"), D("22.50"))]


def test_order_is_date_then_movement_number_and_the_period_is_kept():
    articles = [item("ART-0001", 4, "10")]
    movements = moves(
        (8, date(2026, 4, 2), "ART-0001", "achat", 4, "30"),      # second on 2 April
        (7, date(2026, 4, 2), "ART-0001", "achat", 4, "20"),      # first on 2 April
        (1, date(2025, 12, 31), "ART-0001", "achat", 50, "1"),    # before the year: ignored
        (9, date(2026, 12, 1), "ART-0001", "achat", 50, "1"),     # after as_of: ignored
        (2, date(2026, 4, 1), "ART-0001", "vente", 2),
    )
    rows = card_of(articles, movements, "ART-0001")
    # 4 × 10 → 2 left (20,00); + 4 × 20: 100,00 / 6 = 16,6667; 6 × 16,6667 = 100,0002 → 100,00;
    # + 4 × 30 = 120,00: 220,00 / 10 = 22,0000
    assert [(r[0], r[7], r[8], r[9]) for r in rows] == [
        ("stock_initial", D(4), D("10.0000"), D("40.00")),
        ("vente", D(2), D("10.0000"), D("20.00")),
        ("achat", D(6), D("16.6667"), D("100.00")),
        ("achat", D(10), D("22.0000"), D("220.00")),
    ]


def test_half_units_and_movements_of_unknown_items_or_types():
    articles = [item("ART-0001", "0.5", "3.333333")]
    movements = moves((1, date(2026, 4, 1), "ART-0001", "achat", "1.5", "4"),
                      (2, date(2026, 4, 1), "ART-0099", "achat", 5, "1"))
    rows = card_of(articles, movements, "ART-0001")
    # 0,5 × 3,333333 = 1,67 (CUMP 3,3333, value 1,67); + 1,5 × 4 = 6,00:
    # 7,67 / 2 = 3,835 → 3,8350
    assert [(r[3], r[8], r[9]) for r in rows] == [
        (D("1.67"), D("3.3333"), D("1.67")), (D("6.00"), D("3.8350"), D("7.67"))]
    card = stock.stock_card(table("articles", articles).frame, movements, AS_OF, START)
    assert card["reference"].unique().to_list() == ["ART-0001"]


def test_no_item_no_card():
    empty_items = table("articles", []).frame
    card = stock.stock_card(empty_items, table("mouvements", []).frame, AS_OF, START)
    assert card.is_empty() and card.columns == list(stock.CARD_COLUMNS)
    assert stock.stock_levels(empty_items, table("mouvements", []).frame, AS_OF).is_empty()


def test_alerts_stock_out_and_below_safety_stock_inactive_items_raise_none():
    levels = small_levels()
    assert levels["ART-0002"]["alerte"] == stock.STOCK_OUT  # 0 in stock
    assert levels["ART-0001"]["alerte"] == stock.BELOW_SAFETY  # 3 < 4
    assert levels["ART-0003"]["alerte"] is None  # 40 ≥ 10
    articles = table("articles", [item("ART-0010", 0, "1", stock_securite="1", actif=False)])
    inactive = stock.stock_levels(articles.frame, table("mouvements", []).frame, AS_OF)
    assert inactive["alerte"].to_list() == [None]


def test_alert_list_and_summary():
    dataset = small_dataset()
    levels = stock.stock_levels(dataset.frame("articles"), dataset.frame("mouvements"), AS_OF)
    assert stock.stock_alerts(levels)["reference"].to_list() == ["ART-0002", "ART-0001"]
    assert stock.alert_summary(levels).rows() == [("rupture", 1), ("sous le seuil", 1)]


def test_monthly_movements():
    dataset = small_dataset()
    monthly = stock.monthly_movements(dataset.frame("mouvements"), AS_OF)
    assert monthly.rows() == [
        ("2026-01", "entrée", "achat", 1, D(5)),
        ("2026-02", "sortie", "vente", 1, D(12)),
        ("2026-03", "sortie", "vente", 1, D(5)),
    ]


def test_stock_summary_totals_the_value_and_counts_the_alerts():
    # 8,11 + 0,00 + 39,60; ART-0002 out of stock, ART-0001 below its safety stock
    assert stock.stock_summary(pl.DataFrame(list(small_levels().values()))).rows() == [
        (3, D("47.71"), 2, 1)]
    dataset = small_dataset()
    levels = stock.stock_levels(dataset.frame("articles"), dataset.frame("mouvements"), AS_OF)
    assert stock.stock_summary(levels.head(0)).rows() == [(0, D("0.00"), 0, 0)]


def test_the_integer_rounding_is_half_up_away_from_zero():
    assert [stock.half_up(n, 10) for n in (14, 15, 25, -15, -14)] == [1, 2, 3, -2, -1]
    # CUMP (10⁻⁴ €) after buying 5 at 14,00 € onto 10 at 12,50 €
    assert stock.next_cump(125_000, 10_000_000, 15_000_000, 14_000_000, 7_000) == 130_000
