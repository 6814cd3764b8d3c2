"""The demo's consumables: the « Consommables », « Consommations » and « Budgets »
sheets of moyens.xlsx."""

from __future__ import annotations

import random


def consumables(rng: random.Random, suppliers: list[dict]) -> dict[str, list[dict]]:
    """Every row of the three sheets, by resource name."""
    return {"consommables": [], "mouvements_consommables": [], "budgets_consommables": []}
