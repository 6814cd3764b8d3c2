"""The demo's purchases (achats.xlsx): price lists, purchase orders, receipts, supplier
invoices and credit notes, supplier payments."""

from __future__ import annotations

import random


def purchases(rng: random.Random, suppliers: list[dict], articles: list[dict],
              moves: list[dict], consumables: dict[str, list[dict]]) -> dict[str, list[dict]]:
    return {"tarifs": [], "commandes_achat": [], "lignes_commande_achat": [], "receptions": [],
            "lignes_reception": [], "factures_fournisseurs": [], "lignes_facture_fournisseur": [],
            "reglements_fournisseurs": [], "lettrage_fournisseurs": []}
