"""The demo suppliers' price lists: one price per item and half-year, with a quantity
break on small parts and bulk goods.

The stock simulation buys at these prices (the cost of each « achat » movement) and the
purchases generator writes them as the « Tarifs » sheet and prices its orders with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from pipelines.demo.catalogue import CENT, Item
from pipelines.demo.settings import FISCAL_START

PRICE_RISE = date(2026, 7, 1)  # the suppliers' mid-year increase
_RISE = Decimal("1.02")
_BULK_UNITS = ("kg", "litre", "mètre")
_SMALL_PART_PRICE = Decimal(100)


@dataclass(frozen=True)
class Break:
    minimum: Decimal  # « à partir de » this quantity
    discount_percent: Decimal


def base_price(item: Item, day: date) -> Decimal:
    """The list price in euros, before any discount, on `day`."""
    if day >= PRICE_RISE:
        return (item.purchase_price * _RISE).quantize(CENT, ROUND_HALF_UP)
    return item.purchase_price


def quantity_break(item: Item) -> Break | None:
    """The item's quantity break, if its price list has one."""
    if item.family.unit in _BULK_UNITS:
        return Break(Decimal(20), Decimal(5))
    if item.purchase_price < _SMALL_PART_PRICE:
        return Break(Decimal(10), Decimal(3))
    return None


def discount_percent(item: Item, quantity: Decimal) -> Decimal:
    step = quantity_break(item)
    return step.discount_percent if step and quantity >= step.minimum else Decimal(0)


def net_price(price: Decimal, discount: Decimal) -> Decimal:
    """A unit price after its discount, half-up to the cent."""
    return (price * (100 - discount) / 100).quantize(CENT, ROUND_HALF_UP)


def unit_cost(item: Item, day: date, quantity: Decimal) -> Decimal:
    """What one unit of an order of `quantity` placed on `day` costs, in euros."""
    return net_price(base_price(item, day), discount_percent(item, quantity))


def periods() -> tuple[tuple[date, date | None], ...]:
    """The validity periods of the price lists of the year."""
    return ((FISCAL_START, date(2026, 6, 30)), (PRICE_RISE, None))
