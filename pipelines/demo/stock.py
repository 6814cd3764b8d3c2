"""A year of stock movements (the « Mouvements » sheet), simulated item by item.

Each item is sold on random working days and reordered when it reaches its reorder
point; the order arrives after the supplier's lead time. Sales never exceed the stock on
hand, so the stock never goes negative. The hazards are scripted: the 3/4 CV compressor
is no longer reordered after mid-September and runs out (stock 0); two items are left
below their safety stock; a customer return, a supplier return, breakage, losses and the
June inventory adjustments.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from pipelines.demo import price_lists
from pipelines.demo.catalogue import Item
from pipelines.demo.settings import AS_OF, FISCAL_START
from pipelines.demo.workdays import working_days

STOCK_OUT_ITEM = "Compresseur hermétique 3/4 CV"
LOW_STOCK_ITEMS = ("Dalle LED 600×600 40 W UGR<19", "Fluide frigorigène R452A")
CUSTOMER_RETURN_ITEM = "Projecteur LED 100 W"
SUPPLIER_RETURN_ITEM = "Ventilateur d'évaporateur 16 W"
INVENTORY_DAY = date(2026, 6, 30)
LAST_CALL = date(2026, 11, 24)  # the scripted stock-out and low stocks happen that day
ORDERED_ON = "_commande_le"  # the order day of a purchase, for the purchases generator
_PIECE_PREFIX = {"achat": "BR", "vente": "BL", "retour_client": "AV",
                 "retour_fournisseur": "RF", "perte": "PV", "casse": "PV"}


@dataclass
class _Ledger:
    """One item's stock while its year is simulated."""

    item: Item
    on_hand: Decimal
    cost: Decimal
    rows: list[dict] = field(default_factory=list)
    arrival: date | None = None
    ordered: Decimal = Decimal(0)
    ordered_on: date | None = None
    return_due: date | None = None
    returned: bool = False
    sent_back: bool = False

    def move(self, day: date, kind: str, quantity: Decimal, cost=None, comment=None,
             ordered_on: date | None = None) -> None:
        """One movement; a purchase keeps the day it was ordered (`ORDERED_ON`, not a column)."""
        incoming = kind in ("achat", "retour_client", "ajustement_plus")
        self.on_hand += quantity if incoming else -quantity
        row = {"date": day, "reference": self.item.reference, "type": kind,
               "quantite": quantity, "cout_unitaire": cost, "commentaire": comment}
        if kind == "achat":
            row[ORDERED_ON] = ordered_on or day - timedelta(days=self.item.lead_days)
        self.rows.append(row)


def _quantity(rng: random.Random, item: Item) -> Decimal:
    if item.family.unit == "kg":
        return Decimal(rng.randint(1, 2 * item.family.max_sale)) / 2
    return Decimal(rng.randint(1, item.family.max_sale))


def _purchase_cost(rng: random.Random, item: Item, day: date, quantity: Decimal) -> Decimal:
    """The price-list cost of an order placed on `day` (the draw keeps the random stream as
    it was when purchase prices were drawn at random)."""
    rng.randint(97, 103)
    return price_lists.unit_cost(item, day, quantity)


def _reorders(item: Item, day: date, base_name: str) -> bool:
    if base_name == STOCK_OUT_ITEM:
        return day < date(2026, 9, 15)
    if base_name in LOW_STOCK_ITEMS:
        return day < date(2026, 10, 15)
    return item.active


def _receive(rng: random.Random, ledger: _Ledger, day: date, base_name: str) -> None:
    """The pending order arrives; the customer return is due."""
    if ledger.arrival is not None and ledger.arrival <= day:
        ledger.cost = _purchase_cost(rng, ledger.item, ledger.ordered_on, ledger.ordered)
        ledger.move(day, "achat", ledger.ordered, ledger.cost, ordered_on=ledger.ordered_on)
        ledger.arrival, ledger.ordered = None, Decimal(0)
        if base_name == SUPPLIER_RETURN_ITEM and not ledger.sent_back:
            ledger.move(day, "retour_fournisseur", Decimal(1), None,
                        "Livraison non conforme : moteur 115 V au lieu de 230 V")
            ledger.sent_back = True
    if ledger.return_due is not None and ledger.return_due <= day:
        ledger.move(day, "retour_client", Decimal(1), ledger.cost,
                    "Erreur de référence : article neuf repris en stock")
        ledger.return_due, ledger.returned = None, True


def _sell(rng: random.Random, ledger: _Ledger, day: date, base_name: str) -> None:
    item = ledger.item
    if not item.active or rng.random() >= item.family.sale_probability:
        return
    quantity = min(_quantity(rng, item), ledger.on_hand)
    if quantity <= 0:
        return
    ledger.move(day, "vente", quantity)
    if base_name == CUSTOMER_RETURN_ITEM and day >= date(2026, 5, 18) and not (
            ledger.returned or ledger.return_due):
        ledger.return_due = day + timedelta(days=7)


def _one_day(rng: random.Random, ledger: _Ledger, day: date, base_name: str) -> None:
    _receive(rng, ledger, day, base_name)
    if day == INVENTORY_DAY and rng.random() < 0.2:
        kind = "ajustement_plus" if rng.random() < 0.4 or ledger.on_hand < 1 else "ajustement_moins"
        ledger.move(day, kind, Decimal(1), ledger.cost if kind == "ajustement_plus" else None,
                    "Écart constaté à l'inventaire du 30 juin")
    _sell(rng, ledger, day, base_name)
    if ledger.on_hand >= 1 and rng.random() < 0.004:
        kind = rng.choice(("perte", "casse"))
        ledger.move(day, kind, Decimal(1), None,
                    "Casse lors de la manutention" if kind == "casse" else "Introuvable au magasin")
    _reorder(rng, ledger, day, base_name)


def _reorder(rng: random.Random, ledger: _Ledger, day: date, base_name: str) -> None:
    item = ledger.item
    point = item.safety + Decimal(max(1, round(item.family.sale_probability * item.lead_days)))
    if ledger.arrival is None and ledger.on_hand <= point and _reorders(item, day, base_name):
        ledger.ordered = point * 2 - ledger.on_hand + Decimal(rng.randint(1, 3))
        ledger.arrival = day + timedelta(days=item.lead_days)
        ledger.ordered_on = day


def _last_call(ledger: _Ledger, base_name: str) -> None:
    """The scripted end of the year: one stock-out, a few low stocks, the rest topped up."""
    item = ledger.item
    if base_name == STOCK_OUT_ITEM:
        if ledger.on_hand > 0:
            ledger.move(LAST_CALL, "vente", ledger.on_hand, None,
                        "Dernières pièces : rupture, réassort attendu le 08/12/2026")
    elif base_name in LOW_STOCK_ITEMS:
        low = max(Decimal(1), (item.safety / 3).to_integral_value())
        if ledger.on_hand > low:
            ledger.move(LAST_CALL, "vente", ledger.on_hand - low)
        elif ledger.on_hand < 1:
            ledger.move(LAST_CALL, "achat", Decimal(1), ledger.cost, "Livraison partielle")
    elif item.active and ledger.on_hand < item.safety:
        ledger.move(AS_OF, "achat", item.safety * 2 - ledger.on_hand, ledger.cost,
                    "Réception du réassort")


def simulate(rng: random.Random, item: Item) -> list[dict]:
    base_name = item.designation.split(" (gamme ")[0]
    scripted = base_name == STOCK_OUT_ITEM or base_name in LOW_STOCK_ITEMS
    ledger = _Ledger(item, item.initial, item.purchase_price)
    for day in working_days(FISCAL_START, AS_OF):
        if scripted and day == LAST_CALL:
            break
        _one_day(rng, ledger, day, base_name)
    _last_call(ledger, base_name)
    return ledger.rows


def movements(rng: random.Random, items: list[Item]) -> list[dict]:
    """Every movement of every item, in date order, numbered, with its document; the
    purchases delivered by one supplier on one day share one receipt (« BR-… »)."""
    rows = []
    for item in items:
        rows.extend((row["date"], item.reference, n, row) for n, row in enumerate(simulate(rng, item)))
    rows.sort(key=lambda entry: entry[:3])
    supplier_of = {item.reference: item.supplier for item in items}
    counters: dict[str, int] = {}
    receipts: dict[tuple[date, str], str] = {}
    numbered = []
    for number, (_, _, _, row) in enumerate(rows, start=1):
        kind = row["type"]
        if kind.startswith("ajustement"):
            piece = "INV-2026-06"
        elif kind == "achat":
            key = (row["date"], supplier_of[row["reference"]])
            if key not in receipts:
                receipts[key] = _next_piece(counters, "BR")
            piece = receipts[key]
        else:
            piece = _next_piece(counters, _PIECE_PREFIX[kind])
        numbered.append({"id_mouvement": number, **row, "piece": piece})
    return numbered


def _next_piece(counters: dict[str, int], prefix: str) -> str:
    counters[prefix] = counters.get(prefix, 0) + 1
    return f"{prefix}-2026-{counters[prefix]:05d}"
