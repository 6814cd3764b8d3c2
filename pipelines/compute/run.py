"""`compute_all`: every figure of both sites, from the dataset and the legal parameters.

Pure: no I/O, no clock (dates come from `dataset.as_of`). A figure whose input sheets
are missing is left out; its page says so. The staff figures are computed from the
records without their sensitive columns, never from the full dataset.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Callable

import polars as pl

from pipelines.compute import hr, intranet, parties, prospects, stock, worktime
from pipelines.compute.figures import Computed, Figure
from pipelines.compute.public import without_sensitive
from pipelines.dataset import Dataset, Table
from pipelines.law import Parameters


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
        organisation = self.frame("organisation")
        if organisation is None or "debut_exercice" not in organisation.columns:
            return None
        start = organisation["debut_exercice"].drop_nulls()
        return start[0] if len(start) and start[0] <= self.as_of else None

    @cached_property
    def stock_levels(self) -> pl.DataFrame:
        return stock.stock_levels(
            self.frame("articles"), self.frame("mouvements"), self.as_of,
            self.financial_year_start,
        )

    def legal_weekly_hours(self, on: date):
        return self.parameters.value(worktime.LEGAL_WEEKLY_HOURS, on=on)


COMPUTED_TITLES = {
    "auteur_nom": "Auteur", "commercial_nom": "Commercial", "public_libelle": "Destinataires",
    "service_libelle": "Service", "effectif": "Effectif", "niveau": "Niveau hiérarchique",
    "ordre": "Ordre", "entrees": "Entrées", "sorties": "Sorties", "stock": "Stock",
    "cout_unitaire": "Coût unitaire retenu", "origine_cout": "Origine du coût",
    "valeur": "Valeur", "alerte": "Alerte", "nombre": "Nombre", "mois": "Mois",
    "sens": "Sens", "mouvements": "Mouvements", "quantite": "Quantité", "heures": "Heures",
    "jours": "Jours", "semaine": "Semaine", "debut_semaine": "Début de la semaine",
    "duree_legale": "Durée légale", "heures_supplementaires": "Heures supplémentaires",
    "absences": "Absences", "disponible": "Disponible", "depassement": "Plafond dépassé",
    "groupe": "Groupe", "responsable_nom": "Nom du responsable",
    "en_cours": "En cours", "gagnes": "Gagnés", "perdus": "Perdus", "total": "Total",
    "relance": "Relance", "jours_de_retard": "Jours de retard",
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


STAFF_SPECS = (
    Spec("organisation", "Organisation", ("organisation",), lambda i: i.frame("organisation")),
    Spec(
        "annonces_en_cours", "Annonces en cours", ("annonces",),
        lambda i: intranet.current_notices(
            i.frame("annonces"), i.as_of, i.frame("services"), i.frame("salaries")
        ),
        ("services", "salaries"),
    ),
    Spec(
        "actualites", "Actualités publiées", ("actualites",),
        lambda i: intranet.published_news(i.frame("actualites"), i.as_of, i.frame("salaries")),
        ("salaries",),
    ),
    Spec(
        "dernieres_actualites", "Dernières actualités", ("actualites",),
        lambda i: intranet.latest_news(
            intranet.published_news(i.frame("actualites"), i.as_of, i.frame("salaries"))
        ),
        ("salaries",),
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
    Spec(
        "effectifs_par_service", "Effectif par service", ("salaries",),
        lambda i: hr.headcount_by_service(i.frame("salaries"), i.as_of, i.frame("services")),
        ("services",),
    ),
    Spec(
        "stock_alertes_synthese", "Alertes de stock", ("articles", "mouvements"),
        lambda i: stock.alert_summary(i.stock_levels),
        ("organisation",),
    ),
)

MANAGEMENT_SPECS = (
    Spec(
        "stock_niveaux", "Niveaux et valorisation du stock", ("articles", "mouvements"),
        lambda i: i.stock_levels, ("organisation",),
    ),
    Spec(
        "stock_alertes", "Articles en alerte", ("articles", "mouvements"),
        lambda i: stock.stock_alerts(i.stock_levels), ("organisation",),
    ),
    Spec(
        "stock_mouvements_mensuels", "Mouvements de stock par mois", ("mouvements",),
        lambda i: stock.monthly_movements(i.frame("mouvements"), i.as_of, i.financial_year_start),
        ("organisation",),
    ),
    Spec(
        "heures_par_mois", "Heures pointées par salarié et par mois", ("pointages",),
        lambda i: worktime.hours_by_employee_month(
            i.frame("pointages"), i.as_of, i.frame("salaries")
        ),
        ("salaries",),
    ),
    Spec(
        "heures_supplementaires", "Heures par semaine et heures supplémentaires", ("pointages",),
        lambda i: worktime.weekly_overtime(
            i.frame("pointages"), i.as_of, i.legal_weekly_hours, i.frame("salaries")
        ),
        ("salaries",),
    ),
    Spec(
        "absences_par_mois", "Jours d'absence par type et par mois", ("absences",),
        lambda i: worktime.absence_days_by_type_month(i.frame("absences"), i.as_of),
    ),
    Spec(
        "clients", "Clients", ("clients",),
        lambda i: parties.customer_list(i.frame("clients"), i.frame("salaries")), ("salaries",),
    ),
    Spec(
        "encours_clients", "Encours clients et plafonds de crédit", ("clients",),
        lambda i: parties.credit_exposure(i.frame("clients")),
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
        lambda i: prospects.follow_ups_due(i.frame("prospects"), i.as_of, i.frame("salaries")),
        ("salaries",),
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


def _column_titles(frame: pl.DataFrame, tables: list[Table]) -> dict[str, str]:
    """A French title for each column: the schema's, else the computed column's."""
    titles = {k: v for k, v in COMPUTED_TITLES.items() if k in frame.columns}
    for table in reversed(tables):  # the first table's title wins
        titles.update({k: v for k, v in table.titles.items() if k in frame.columns})
    return titles


def compute_figures(inputs: Inputs, specs: tuple[Spec, ...]) -> dict[str, Figure]:
    """Each figure whose required sheets are present, with the sheets it was made from."""
    figures: dict[str, Figure] = {}
    dataset = inputs.dataset
    for spec in specs:
        if not all(resource in dataset for resource in spec.needs):
            continue
        used = spec.needs + tuple(r for r in spec.uses if r in dataset)
        frame = spec.build(inputs)
        figures[spec.name] = Figure(
            spec.name, spec.title, frame,
            sources=tuple(dataset[resource].source() for resource in used),
            titles=_column_titles(frame, [dataset[resource] for resource in used]),
        )
    return figures


def compute_all(dataset: Dataset, parameters: Parameters) -> Computed:
    """Every figure: the staff ones from the non-sensitive view, the others from all."""
    staff = compute_figures(Inputs(without_sensitive(dataset), parameters), STAFF_SPECS)
    management = compute_figures(Inputs(dataset, parameters), MANAGEMENT_SPECS)
    return Computed(dataset.as_of, staff, management)
