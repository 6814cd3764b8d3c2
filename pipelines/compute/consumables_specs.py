"""The figures of consumables: the management ones, and the staff ones (what is
available or on order, never an amount).

Every figure comes from `pipelines.compute.consumables` at the as-of date, computed once
per dataset (`Consumables`, shared with the validation rules). The staff figure
`fournitures` is computed from the dataset without its sensitive columns, like every
staff figure, and keeps only the consumable, where it is, whether it is available and
what is on order with its expected date: no price, no amount.
"""

from __future__ import annotations

import polars as pl

from pipelines.compute import consumables
from pipelines.compute.specs import Inputs, Spec

NEEDS = ("consommables", "mouvements_consommables")
ORDERS = ("commandes_achat", "lignes_commande_achat")
USES = ("budgets_consommables", *ORDERS, "reglages", "organisation", "services",
        "fournisseurs")
STAFF_USES = (*ORDERS, "reglages", "organisation")

MONEY = ("prix_unitaire_ht", "montant_ht", "budget_ht", "depense_ht", "engage_ht", "reste_ht",
         "reste_budget_ht", "montant_dans_budget", "montant_hors_budget")
TITLES = {
    "entrees": "Entrées", "sorties": "Sorties", "stock": "Stock à la date d'arrêté",
    "consommation_fenetre": "Consommation sur la période de mesure",
    "jours_mesures": "Jours mesurés",
    "mois_exclus": "Mois de surconsommation exclus de la mesure",
    "conso_jour": "Consommation par jour",
    "conso_mois": "Consommation par mois (30 jours)", "jours_couverture": "Jours de couverture",
    "en_commande": "En commande", "livraison_prevue": "Livraison prévue",
    "commandes": "Commandes en cours", "alerte": "Alerte", "disponibilite": "Disponibilité",
    "quantite_commandee": "Quantité commandée", "quantite_livree": "Quantité livrée",
    "mois": "Mois", "service_libelle": "Service (libellé)", "montant_ht": "Montant HT",
    "moyenne_autres_mois": "Moyenne des autres mois", "ecart_pct": "Écart à la moyenne (%)",
    "seuil_pct": "Seuil (%)", "services": "Services", "commentaires": "Commentaires",
    "depense_ht": "Livré dans l'exercice HT", "engage_ht": "En commande HT",
    "reste_ht": "Reste disponible HT", "taux_pct": "Budget utilisé (%)", "statut": "Statut",
    "rang": "Urgence (rang)", "quantite_suggeree": "Quantité suggérée", "raison": "Raison",
    "reste_budget_ht": "Reste du budget avant cette commande HT",
    "statut_budget": "Budget", "fournisseur": "Fournisseur",
    "consommables_suivis": "Consommables suivis", "epuises": "Épuisés",
    "sous_le_minimum": "Sous le minimum",
    "couverture_courte": "Couverture plus courte que le délai",
    "suggestions_dans_budget": "Commandes suggérées dans le budget",
    "montant_dans_budget": "Montant des commandes dans le budget",
    "suggestions_hors_budget": "Commandes suggérées hors budget",
    "montant_hors_budget": "Montant des commandes hors budget",
    "surconsommations": "Surconsommations", "categories_depassees": "Catégories dépassées",
    "fenetre_jours": "Jours de mesure de la consommation",
    "couverture_jours": "Jours de couverture d'une commande",
}


def _figures(inputs: Inputs) -> consumables.Consumables:
    """The consumables figures of these inputs (computed once per dataset)."""
    return inputs.dataset.derived(("consommables", "figures", inputs.as_of),
                                  lambda: consumables.Consumables(inputs.dataset))


def with_supplier(frame: pl.DataFrame, suppliers: pl.DataFrame | None) -> pl.DataFrame:
    """Adds `fournisseur` (the supplier's name) after ``code_fournisseur``."""
    if suppliers is None:
        named = frame.with_columns(fournisseur=pl.lit(None, dtype=pl.String))
    else:
        names = (suppliers.unique("code_fournisseur", keep="first")
                 .select("code_fournisseur", fournisseur="raison_sociale"))
        named = frame.join(names, on="code_fournisseur", how="left")
    columns = list(frame.columns)
    at = columns.index("code_fournisseur") + 1
    return named.select(*columns[:at], "fournisseur", *columns[at:])


def _spec(name: str, title: str, build) -> Spec:
    return Spec(name, title, NEEDS, build, USES, money=MONEY, titles=TITLES)


CONSUMABLES_SPECS: tuple[Spec, ...] = (
    _spec("consommables_synthese", "Consommables : chiffres clés",
          lambda i: _figures(i).summary()),
    _spec("consommables_stock", "Stock, consommation et couverture des consommables",
          lambda i: _figures(i).levels()),
    _spec("consommables_alertes", "Consommables épuisés, sous le minimum ou bientôt épuisés",
          lambda i: consumables.stock_alerts(_figures(i).levels())),
    _spec("consommables_en_commande", "Consommables en commande",
          lambda i: with_supplier(_figures(i).on_order(), i.frame("fournisseurs"))),
    _spec("consommables_par_mois", "Consommation par consommable, service et mois",
          lambda i: _figures(i).monthly()),
    _spec("consommables_categories_mois", "Consommation par catégorie et par mois",
          lambda i: consumables.by_category_and_month(_figures(i).monthly())),
    _spec("consommables_services_mois", "Consommation par service et par mois",
          lambda i: consumables.by_service_and_month(_figures(i).monthly())),
    _spec("consommables_surconsommation", "Surconsommations de consommables",
          lambda i: _figures(i).over()),
    _spec("consommables_budgets", "Budget des consommables par catégorie",
          lambda i: _figures(i).budgets()),
    _spec("consommables_suggestions", "Commandes de consommables suggérées",
          lambda i: with_supplier(_figures(i).suggestions(), i.frame("fournisseurs"))),
)

CONSUMABLES_STAFF_SPECS: tuple[Spec, ...] = (
    Spec("fournitures", "Fournitures disponibles et en commande", NEEDS,
         lambda i: consumables.staff_supplies(_figures(i).levels()), STAFF_USES,
         titles=TITLES),
)
