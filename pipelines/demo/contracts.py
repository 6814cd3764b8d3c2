"""The demo's general services: equipment, maintenance contracts, subscriptions and
licences (the « Equipements », « Contrats », « RevisionsContrats » and « Couvertures »
sheets of moyens.xlsx)."""

from __future__ import annotations

import random


def contracts(rng: random.Random, suppliers: list[dict], employees: list[dict]) -> dict[str, list[dict]]:
    """Every row of the four sheets, by resource name."""
    return {"equipements": [], "contrats_services": [], "revisions_contrats": [],
            "couvertures_contrats": []}
