"""The figures of both sites: each one's name, title, input sheets and computation.

A `Spec` names the sheets a figure needs (without them it is left out, and its page says
so) and the ones it only uses when present (names, labels, dates). `Inputs` gives the
frames, and computes once what several figures share.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import polars as pl

from pipelines.compute import hr, intranet, parties, prospects, stock, stock_figures, worktime
from pipelines.dataset import Dataset
from pipelines.law import Parameters
from pipelines.records import financial_year_start


class Inputs:
    """The frames a figure is computed from, and what several figures share."""

    def __init__(self, dataset: Dataset, parameters: Parameters):
        self.dataset = dataset
        self.parameters = parameters
        self.as_of: date = dataset.as_of

    def frame(self, resource: str) -> pl.DataFrame | None:
        return self.dataset.frame(resource) if resource in self.dataset else None

    @cached_property
    def financial_year_start(self) -> date | None:
        return financial_year_start(self.dataset, self.as_of)

    @cached_property
    def stock_levels(self) -> pl.DataFrame:
        """Each item's stock at the as-of date, valued at CUMP (`stock.stock_levels`)."""
        return stock_figures.levels(self)

    @cached_property
    def headcount(self) -> pl.DataFrame:
        return hr.headcount_by_service(self.frame("salaries"), self.as_of, self.frame("services"))

    @cached_property
    def news(self) -> pl.DataFrame:
        return intranet.published_news(self.frame("actualites"), self.as_of,
                                       self.frame("salaries"))

    @cached_property
    def monthly_hours(self) -> pl.DataFrame:
        return worktime.hours_by_employee_month(self.frame("pointages"), self.as_of,
                                                self.frame("salaries"))

    @cached_property
    def weekly_overtime(self) -> pl.DataFrame:
        return worktime.weekly_overtime(
            self.frame("pointages"), self.as_of, worktime.legal_weekly_hours(self.parameters),
            self.frame("salaries"),
        )

    @cached_property
    def outstanding(self) -> pl.DataFrame | None:
        """What each customer owes, from the sales workbook (None without it)."""
        return parties.outstanding(self.dataset, self.parameters, self.as_of)

    @cached_property
    def credit_exposure(self) -> pl.DataFrame:
        return parties.credit_exposure(self.frame("clients"), self.outstanding)

    @cached_property
    def follow_ups(self) -> pl.DataFrame:
        return prospects.follow_ups_due(self.frame("prospects"), self.as_of,
                                        self.frame("salaries"))


COMPUTED_TITLES = {
    "auteur_nom": "Auteur", "commercial_nom": "Commercial", "public_libelle": "Destinataires",
    "service_libelle": "Service", "effectif": "Effectif", "niveau": "Niveau hiérarchique",
    "ordre": "Ordre", "entrees": "Entrées", "sorties": "Sorties", "stock": "Stock",
    "cout_unitaire": "Coût unitaire retenu",
    "valeur": "Valeur", "alerte": "Alerte", "nombre": "Nombre", "mois": "Mois",
    "sens": "Sens", "mouvements": "Mouvements", "quantite": "Quantité", "heures": "Heures",
    "jours": "Jours", "semaine": "Semaine", "debut_semaine": "Début de la semaine",
    "duree_legale": "Durée légale", "heures_supplementaires": "Heures supplémentaires",
    "absences": "Absences", "disponible": "Disponible", "depassement": "Plafond dépassé",
    "groupe": "Groupe", "responsable_nom": "Nom du responsable",
    "en_cours": "En cours", "gagnes": "Gagnés", "perdus": "Perdus", "total": "Total",
    "relance": "Relance", "jours_de_retard": "Jours de retard",
    "services_occupes": "Services occupés", "articles": "Articles",
    "valeur_totale": "Valeur totale", "articles_en_alerte": "Articles en alerte",
    "articles_en_rupture": "Articles en rupture", "clients": "Clients",
    "encours_total": "Encours total", "clients_en_depassement": "Clients au-delà du plafond",
    "semaines_non_comptees": "Semaines sans durée légale connue", "prospects": "Prospects",
    "relances": "Relances à faire",
    **{stage: stage.capitalize() for stage in prospects.STAGES},
    "_ligne": "Ligne du classeur",
}


@dataclass(frozen=True)
class Spec:
    name: str
    title: str
    needs: tuple[str, ...]  # required resources
    build: Callable[[Inputs], pl.DataFrame]
    uses: tuple[str, ...] = ()  # optional resources (names, labels, dates)
    money: tuple[str, ...] = ()  # its columns holding amounts, beyond the common MONEY_COLUMNS
    titles: dict[str, str] | None = None  # French titles of its computed columns


STAFF_SPECS = (
    Spec("organisation", "Organisation", ("organisation",), lambda i: i.frame("organisation")),
    Spec(
        "annonces_en_cours", "Annonces en cours", ("annonces",),
        lambda i: intranet.current_notices(
            i.frame("annonces"), i.as_of, i.frame("services"), i.frame("salaries")
        ),
        ("services", "salaries"),
    ),
    Spec("actualites", "Actualités publiées", ("actualites",), lambda i: i.news, ("salaries",)),
    Spec(
        "dernieres_actualites", "Dernières actualités", ("actualites",),
        lambda i: intranet.latest_news(i.news), ("salaries",),
    ),
    Spec(
        "annuaire", "Annuaire interne", ("salaries",),
        lambda i: hr.directory(i.frame("salaries"), i.as_of, i.frame("services")),
        ("services",),
    ),
    Spec(
        "organigramme", "Organigramme", ("salaries",),
        lambda i: hr.org_chart(i.frame("salaries"), i.as_of, i.frame("services")),
        ("services",),
    ),
    Spec("effectifs_par_service", "Effectif par service", ("salaries",), lambda i: i.headcount,
         ("services",)),
    Spec("effectifs_synthese", "Effectif total", ("salaries",),
         lambda i: hr.headcount_summary(i.headcount), ("services",)),
    Spec(
        "stock_alertes_synthese", "Alertes de stock", ("articles", "mouvements"),
        lambda i: stock.alert_summary(i.stock_levels), ("organisation",),
    ),
)

STOCK_USES = ("organisation",)
PURCHASE_USES = (*STOCK_USES, *stock_figures.PURCHASE_SHEETS, "reglages")


def _stock_spec(name: str, title: str, build: Callable[[Inputs], pl.DataFrame],
                needs: tuple[str, ...] = ("articles", "mouvements"),
                uses: tuple[str, ...] = STOCK_USES) -> Spec:
    return Spec(name, title, needs, build, uses, money=stock_figures.MONEY,
                titles=stock_figures.TITLES)


STOCK_SPECS = (
    _stock_spec("stock_niveaux", "Niveaux et valorisation du stock au CUMP",
                lambda i: i.stock_levels),
    _stock_spec("stock_synthese", "Valeur du stock et articles en alerte",
                lambda i: stock.stock_summary(i.stock_levels)),
    _stock_spec("stock_alertes", "Articles en alerte",
                lambda i: stock.stock_alerts(i.stock_levels)),
    _stock_spec("stock_mouvements_mensuels", "Mouvements de stock par mois",
                lambda i: stock.monthly_movements(i.frame("mouvements"), i.as_of,
                                                  stock_figures.since(i)),
                needs=("mouvements",)),
    _stock_spec("stock_fiches", "Fiches de stock : mouvements valorisés au CUMP",
                stock_figures.card),
    _stock_spec("stock_cump_mensuel", "Stock, valeur et CUMP de fin de période par mois",
                stock_figures.balances),
    _stock_spec("stock_rotation", "Rotation du stock", stock_figures.rotation),
    _stock_spec("stock_saisonnalite", "Sorties de stock par mois et par catégorie",
                stock_figures.seasonality),
    _stock_spec("stock_incidents", "Casse, pertes et retours de l'exercice",
                stock_figures.incidents, uses=PURCHASE_USES),
    _stock_spec("stock_commandes_fournisseurs", "Commandes fournisseurs à recevoir",
                stock_figures.pending, uses=PURCHASE_USES),
    _stock_spec("stock_reappro", "Point de commande et commande suggérée",
                stock_figures.reorder, uses=PURCHASE_USES),
    _stock_spec("stock_ruptures", "Ruptures de stock et commandes clients à servir",
                stock_figures.shortages,
                uses=(*PURCHASE_USES, *stock_figures.ORDER_SHEETS)),
    _stock_spec("stock_ruptures_commandes", "Commandes clients touchées par une rupture",
                stock_figures.orders_hit,
                uses=(*PURCHASE_USES, *stock_figures.ORDER_SHEETS)),
    _stock_spec("stock_inventaire", "Écarts d'inventaire", stock_figures.inventory,
                needs=("articles", "mouvements", "inventaire")),
    _stock_spec("stock_inventaire_synthese", "Inventaires : écarts par date de comptage",
                stock_figures.inventory_summary,
                needs=("articles", "mouvements", "inventaire")),
)

MANAGEMENT_SPECS = (
    *STOCK_SPECS,
    Spec(
        "heures_par_mois", "Heures pointées par salarié et par mois", ("pointages",),
        lambda i: i.monthly_hours, ("salaries",),
    ),
    Spec(
        "heures_par_salarie_et_mois",
        "Heures pointées : un salarié par ligne, un mois par colonne", ("pointages",),
        lambda i: worktime.by_employee_and_month(i.monthly_hours, "heures"),
        ("salaries",),
    ),
    Spec(
        "heures_supplementaires", "Heures par semaine et heures supplémentaires", ("pointages",),
        lambda i: i.weekly_overtime, ("salaries",),
    ),
    Spec(
        "heures_supplementaires_par_mois",
        "Heures supplémentaires : un salarié par ligne, un mois (du lundi) par colonne",
        ("pointages",),
        lambda i: worktime.by_employee_and_month(
            worktime.overtime_by_month(i.weekly_overtime), "heures_supplementaires"
        ),
        ("salaries",),
    ),
    Spec(
        "heures_supplementaires_synthese", "Heures supplémentaires : total", ("pointages",),
        lambda i: worktime.overtime_summary(i.weekly_overtime),
    ),
    Spec(
        "absences_par_mois", "Jours d'absence par type et par mois", ("absences",),
        lambda i: worktime.absence_days_by_type_month(i.frame("absences"), i.as_of),
    ),
    Spec(
        "clients", "Clients", ("clients",),
        lambda i: parties.customer_list(i.frame("clients"), i.frame("salaries"), i.outstanding),
        ("salaries", *parties.SALES_SHEETS),
    ),
    Spec(
        "encours_clients", "Encours clients et plafonds de crédit", ("clients",),
        lambda i: i.credit_exposure, parties.SALES_SHEETS,
    ),
    Spec(
        "encours_synthese", "Encours clients : total et dépassements", ("clients",),
        lambda i: parties.credit_summary(i.credit_exposure), parties.SALES_SHEETS,
    ),
    Spec(
        "fournisseurs", "Fournisseurs", ("fournisseurs",),
        lambda i: parties.supplier_list(i.frame("fournisseurs")),
    ),
    Spec(
        "articles_par_fournisseur", "Articles par fournisseur", ("articles",),
        lambda i: parties.supplier_items(i.frame("articles")),
    ),
    Spec(
        "prospects_relances", "Relances de prospects à faire", ("prospects",),
        lambda i: i.follow_ups, ("salaries",),
    ),
    Spec(
        "prospects_synthese", "Prospects : total, en cours, gagnés, perdus, relances",
        ("prospects",), lambda i: prospects.summary(i.frame("prospects"), i.follow_ups),
    ),
    Spec(
        "prospects_par_etape", "Prospects par étape", ("prospects",),
        lambda i: prospects.by_stage(i.frame("prospects")),
    ),
    Spec(
        "prospects_par_campagne", "Prospects par campagne", ("prospects",),
        lambda i: prospects.by_campaign(i.frame("prospects")),
    ),
    Spec(
        "prospects_par_zone", "Prospects par zone", ("prospects",),
        lambda i: prospects.by_zone(i.frame("prospects")),
    ),
    Spec(
        "prospects_campagne_etape", "Prospects par campagne et par étape", ("prospects",),
        lambda i: prospects.campaign_stage_pivot(i.frame("prospects")),
    ),
)
