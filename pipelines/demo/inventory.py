"""The demo's physical inventories: the « Inventaire » sheet of stock.xlsx."""

from __future__ import annotations

from pipelines.demo.catalogue import Item


def inventory(items: list[Item], moves: list[dict]) -> list[dict]:
    """The quantities counted at each physical inventory."""
    return []
