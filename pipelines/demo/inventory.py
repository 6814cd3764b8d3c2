"""The demo's physical inventories: the « Inventaire » sheet of stock.xlsx.

Two counts, computed from the movements given (so that they stay consistent when the
movements change), each at the end of its day, after that day's movements:

- the half-year inventory of 30/06/2026 counts every active item; the quantity found is
  the stock after the day's movements, the inventory adjustments (« Écart constaté à
  l'inventaire du 30 juin ») included: each difference it found is regularised by them;
- a partial count on 27/11/2026 of ten active items, where one item is short by one unit
  that no adjustment regularises (the warning ``ecart-inventaire``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pipelines.demo.catalogue import Item

HALF_YEAR_COUNT = date(2026, 6, 30)
PARTIAL_COUNT = date(2026, 11, 27)
PARTIAL_ITEMS = 10
_ENTRIES = ("achat", "retour_client", "ajustement_plus")
_TEAM = "Équipe logistique"


def stock_at_end_of(day: date, items: list[Item], moves: list[dict]) -> dict[str, Decimal]:
    """Each item's stock after the movements dated up to `day` included."""
    stock = {item.reference: Decimal(item.initial) for item in items}
    for move in moves:
        if move["date"] <= day and move["reference"] in stock:
            quantity = Decimal(move["quantite"])
            stock[move["reference"]] += quantity if move["type"] in _ENTRIES else -quantity
    return stock


def _partial_items(items: list[Item], stock: dict[str, Decimal]) -> list[Item]:
    """Ten active items spread over the catalogue (every fifth one), each with stock."""
    active = [item for item in items if item.active and stock[item.reference] >= 2]
    return active[1::5][:PARTIAL_ITEMS]


def inventory(items: list[Item], moves: list[dict]) -> list[dict]:
    """The quantities counted at each physical inventory, by date then item."""
    rows = []
    june = stock_at_end_of(HALF_YEAR_COUNT, items, moves)
    for item in items:
        if item.active:
            rows.append({"date_inventaire": HALF_YEAR_COUNT, "reference": item.reference,
                         "quantite_comptee": june[item.reference], "compteur": _TEAM,
                         "commentaire": None})
    november = stock_at_end_of(PARTIAL_COUNT, items, moves)
    counted = _partial_items(items, november)
    for rank, item in enumerate(counted):
        found, comment = november[item.reference], None
        if rank == len(counted) // 2:  # the one unit that is missing
            found, comment = found - 1, "Une pièce introuvable au magasin"
        rows.append({"date_inventaire": PARTIAL_COUNT, "reference": item.reference,
                     "quantite_comptee": found, "compteur": _TEAM, "commentaire": comment})
    return rows
