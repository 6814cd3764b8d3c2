"""Properties of the CUMP valuation, on random stock cards (hypothesis).

- The stock value differs from (sum of the entry amounts − sum of the exit amounts) by the
  documented roundings only: at most 1 cent per row of the card (the opening included)
  plus 0,00005 € × the stock after each cost-bearing entry.
- With whole quantities and costs in cents, the CUMP stays between the lowest and the
  highest cost entered so far (opening cost and purchase costs).
- Every row agrees with a plain Decimal reading of the rules of `pipelines.compute.stock`.
"""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.compute import stock

from .records import AS_OF, table

START = date(2026, 1, 1)
CENT, CUMP = Decimal("0.01"), Decimal("0.0001")
ENTRIES_AT_CUMP = ("retour_client", "ajustement_plus")
EXITS = ("vente", "perte", "casse", "retour_fournisseur", "ajustement_moins")

costs = st.integers(min_value=0, max_value=500_000).map(lambda cents: Decimal(cents) / 100)
steps = st.lists(st.tuples(st.sampled_from(("achat", "achat", *ENTRIES_AT_CUMP, *EXITS,
                                              *EXITS)),
                           st.integers(min_value=1, max_value=40), costs),
                 max_size=30)


def to_cent(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def to_cump(value: Decimal) -> Decimal:
    return value.quantize(CUMP, rounding=ROUND_HALF_UP)


def movements_of(initial: int, draws: list[tuple]) -> list[tuple]:
    """The drawn steps as movements that never take the stock below zero."""
    on_hand, kept = initial, []
    for kind, quantity, cost in draws:
        if kind in EXITS:
            quantity = min(quantity, on_hand)
            if quantity == 0:
                continue
            on_hand -= quantity
        else:
            on_hand += quantity
        kept.append((kind, quantity, cost))
    return kept


def reference_card(initial: int, initial_cost: Decimal, kept: list[tuple]) -> list[tuple]:
    """(stock, cump, value, entry amount, exit amount) of each row, by the rules in words."""
    quantity, cump = Decimal(initial), to_cump(initial_cost)
    rows = [(quantity, cump, to_cent(quantity * cump), to_cent(quantity * initial_cost), None)]
    for kind, moved, cost in kept:
        moved = Decimal(moved)
        if kind == "achat":
            amount = to_cent(moved * cost)
            value_before = to_cent(quantity * cump)
            cump = to_cump(cost if quantity <= 0 else (value_before + amount) / (quantity + moved))
            quantity += moved
            rows.append((quantity, cump, to_cent(quantity * cump), amount, None))
        elif kind in ENTRIES_AT_CUMP:
            quantity += moved
            rows.append((quantity, cump, to_cent(quantity * cump), to_cent(moved * cump), None))
        else:
            quantity -= moved
            rows.append((quantity, cump, to_cent(quantity * cump), None, to_cent(moved * cump)))
    return rows


def computed_card(initial: int, initial_cost: Decimal, kept: list[tuple]) -> pl.DataFrame:
    articles = table("articles", [{"reference": "ART-0001", "stock_initial": initial,
                                   "cout_unitaire_initial": initial_cost}]).frame
    movements = table("mouvements", [
        {"id_mouvement": n, "date": START + timedelta(days=n // 3), "reference": "ART-0001",
         "type": kind, "quantite": quantity, "cout_unitaire": cost}
        for n, (kind, quantity, cost) in enumerate(kept, start=1)]).frame
    return stock.stock_card(articles, movements, AS_OF, START)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(initial=st.integers(min_value=0, max_value=60), initial_cost=costs, draws=steps)
def test_the_cump_valuation_keeps_its_documented_bounds(initial, initial_cost, draws):
    kept = movements_of(initial, draws)
    card = computed_card(initial, initial_cost, kept)
    rows = card.select("stock", "cump", "valeur", "entree_montant", "sortie_montant").rows()

    assert rows == reference_card(initial, initial_cost, kept)

    entered = sum((r[3] for r in rows if r[3] is not None), Decimal(0))
    left = sum((r[4] for r in rows if r[4] is not None), Decimal(0))
    bearing = card.filter(pl.col("nouveau_cump"))["stock"].to_list()
    tolerance = CENT * len(rows) + Decimal("0.00005") * sum(bearing, Decimal(0))
    assert abs(rows[-1][2] - (entered - left)) <= tolerance

    seen = [initial_cost]
    for (kind, _, cost), row in zip(kept, rows[1:], strict=True):
        if kind == "achat":
            seen.append(cost)
        assert min(seen) <= row[1] <= max(seen)
