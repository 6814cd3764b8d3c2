"""The stock figures of the management site, from the `Inputs` of `pipelines.compute.specs`.

What several figures share (the stock cards, the monthly balances, the purchase order
lines still to receive, the stock-outs) is computed once per dataset, as-of date and
financial year (`Dataset.derived`); the stock cards are shared with the validation rule
``ecart-inventaire``. The customer order book is the one of the sales figures
(`pipelines.compute.sales_specs.book`), not a copy.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

import polars as pl

from pipelines.compute import stock, stock_inventory, stock_periods, stock_reorder
from pipelines.records import financial_year_start
from pipelines.settings import setting

if TYPE_CHECKING:
    from pipelines.compute.specs import Inputs

PURCHASE_SHEETS = ("commandes_achat", "lignes_commande_achat", "receptions",
                   "lignes_reception")
ORDER_SHEETS = ("commandes", "lignes_commande", "livraisons", "lignes_livraison", "factures",
                "lignes_facture", "clients")

MONEY = ("entree_cout_unitaire", "entree_montant", "sortie_cump", "sortie_montant", "cump",
         "valeur_debut", "achats_montant", "cump_periode", "cump_fin", "valeur_fin",
         "cout_des_ventes", "stock_moyen", "valeur_suggeree", "valeur_ecart",
         "valeur_restante", "valeur_ecarts")
TITLES = {
    "rang": "Rang sur la fiche", "entree_quantite": "Entrée : quantité",
    "entree_cout_unitaire": "Entrée : coût unitaire", "entree_montant": "Entrée : montant",
    "sortie_quantite": "Sortie : quantité", "sortie_cump": "Sortie : CUMP",
    "sortie_montant": "Sortie : montant", "cump": "CUMP", "valeur": "Valeur au CUMP",
    "nouveau_cump": "Recalcule le CUMP", "stock_debut": "Stock au début du mois",
    "valeur_debut": "Valeur au début", "achats_quantite": "Quantité achetée",
    "achats_montant": "Montant des achats", "cump_periode": "CUMP de fin de période",
    "stock_fin": "Stock à la fin", "cump_fin": "CUMP à la fin", "valeur_fin": "Valeur à la fin",
    "debut_periode": "Début de la période", "fin_periode": "Fin de la période",
    "jours": "Jours", "cout_des_ventes": "Coût des ventes (au CUMP)",
    "stock_moyen": "Valeur moyenne du stock", "rotation": "Rotation (fois)",
    "duree_rotation_jours": "Durée de rotation (jours)",
    "ventes_periode": "Ventes sur la période de consommation",
    "consommation_jour": "Consommation moyenne par jour", "point_commande": "Point de commande",
    "en_commande": "En commande chez les fournisseurs",
    "commandes_fournisseurs": "Commandes fournisseurs en cours",
    "livraison_prevue": "Livraison prévue", "a_commander": "À commander",
    "quantite_suggeree": "Quantité suggérée", "valeur_suggeree": "Valeur estimée (au CUMP)",
    "a_livrer": "Reste à livrer aux clients", "commandes_clients": "Commandes clients",
    "manque": "Quantité manquante", "reste_a_livrer": "Reste à livrer",
    "raison_sociale": "Client", "stock_theorique": "Stock théorique", "ecart": "Écart",
    "valeur_ecart": "Valeur de l'écart", "regularisation": "Régularisation",
    "ecart_restant": "Écart restant", "valeur_restante": "Valeur de l'écart restant",
    "articles_comptes": "Articles comptés", "ecarts": "Écarts",
    "ecarts_restants": "Écarts non régularisés", "valeur_ecarts": "Valeur des écarts",
    "quantite_acceptee": "Quantité acceptée", "reste_a_recevoir": "Reste à recevoir",
}


def _shared(inputs: Inputs, key: str, build: Callable[[], object]):
    return inputs.dataset.derived(("stock", key, inputs.as_of, since(inputs)), build)


def since(inputs: Inputs) -> date | None:
    """The first day of the financial year (the stock cards start there)."""
    return financial_year_start(inputs.dataset, inputs.as_of)


def card(inputs: Inputs) -> pl.DataFrame:
    return stock.valuation(inputs.dataset, inputs.as_of, since(inputs))


def levels(inputs: Inputs) -> pl.DataFrame:
    return _shared(inputs, "niveaux", lambda: stock.stock_levels(
        inputs.frame("articles"), inputs.frame("mouvements"), inputs.as_of, since(inputs),
        card=card(inputs)))


def balances(inputs: Inputs) -> pl.DataFrame:
    return _shared(inputs, "soldes", lambda: stock_periods.monthly_balances(
        card(inputs), inputs.as_of, since(inputs)))


def pending(inputs: Inputs) -> pl.DataFrame:
    return _shared(inputs, "en_commande", lambda: stock_reorder.pending_purchases(
        *(inputs.frame(name) for name in PURCHASE_SHEETS[:2]),
        inputs.frame("receptions"), inputs.frame("lignes_reception"), inputs.as_of))


def _days(inputs: Inputs, name: str) -> int:
    return int(setting(inputs.dataset, name).to_integral_value())


def reorder(inputs: Inputs) -> pl.DataFrame:
    return _shared(inputs, "reappro", lambda: stock_reorder.reorder(
        levels(inputs), inputs.frame("articles"), inputs.frame("mouvements"),
        pending(inputs), inputs.as_of, _days(inputs, "jours_consommation_moyenne"),
        _days(inputs, "jours_couverture_stock")))


def order_book(inputs: Inputs) -> pl.DataFrame | None:
    """The open customer order lines still to deliver (None without the order sheets)."""
    if inputs.frame("commandes") is None or inputs.frame("lignes_commande") is None:
        return None
    from pipelines.compute import sales_specs  # it imports specs, which imports this module

    return sales_specs.book(inputs)


def shortages(inputs: Inputs) -> pl.DataFrame:
    return _shared(inputs, "ruptures", lambda: stock_reorder.shortages(
        levels(inputs), order_book(inputs), pending(inputs)))


def orders_hit(inputs: Inputs) -> pl.DataFrame:
    return stock_reorder.orders_hit(order_book(inputs), shortages(inputs))


def seasonality(inputs: Inputs) -> pl.DataFrame:
    return stock_periods.exits_by_month(card(inputs), inputs.frame("articles"))


def rotation(inputs: Inputs) -> pl.DataFrame:
    return stock_periods.rotation(card(inputs), balances(inputs), inputs.as_of, since(inputs))


def incidents(inputs: Inputs) -> pl.DataFrame:
    receipts = None
    if all(inputs.frame(name) is not None
           for name in ("lignes_reception", "lignes_commande_achat")):
        receipts = stock_periods.receipt_incidents(
            inputs.frame("lignes_reception"), inputs.frame("lignes_commande_achat"),
            inputs.frame("receptions"), inputs.as_of, since(inputs))
    return stock_periods.incidents(card(inputs), inputs.frame("articles"), receipts)


def inventory(inputs: Inputs) -> pl.DataFrame:
    return _shared(inputs, "inventaire", lambda: stock_inventory.inventory_differences(
        card(inputs), inputs.frame("inventaire"), inputs.frame("articles"), inputs.as_of,
        since(inputs)))


def inventory_summary(inputs: Inputs) -> pl.DataFrame:
    return stock_inventory.inventory_summary(inventory(inputs))
