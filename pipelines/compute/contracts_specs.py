"""The figures of contracts, subscriptions and licences: the management ones, and the
staff ones (the contacts staff need, never an amount).

Every figure is computed at the as-of date from `pipelines.compute.contracts`; the states
of the contracts (periods, deadlines, alerts) are computed once per dataset and shared
with the validation rules (`contracts.states_of`). The staff figure `contrats_contacts`
keeps only the contracts marked « utile au personnel » that are in force, and only their
object, provider, contact, instructions and equipment: no cost column at all.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from pipelines.compute import contracts
from pipelines.compute.names import with_employee_name
from pipelines.compute.specs import Inputs, Spec
from pipelines.settings import setting

CONTRACTS = ("contrats_services",)
NAMES = ("fournisseurs", "salaries")
LINKS = ("couvertures_contrats", "equipements")
THRESHOLD = "seuil_hausse_tarif_pct"


def _shared(inputs: Inputs, key: str, build: Callable[[], pl.DataFrame]) -> pl.DataFrame:
    return inputs.dataset.derived(("contrats", key, inputs.as_of), build)


def states(inputs: Inputs) -> pl.DataFrame:
    return contracts.states_of(inputs.dataset)


def costs(inputs: Inputs) -> pl.DataFrame:
    return _shared(inputs, "couts", lambda: contracts.with_supplier_name(
        contracts.yearly_costs(
            states(inputs), inputs.frame("revisions_contrats"),
            contracts.fiscal_year(inputs.frame("organisation"), inputs.as_of), inputs.as_of),
        inputs.frame("fournisseurs")))


def revisions(inputs: Inputs) -> pl.DataFrame | None:
    if inputs.frame("revisions_contrats") is None:
        return None
    return contracts.revisions_of(inputs.dataset, setting(inputs.dataset, THRESHOLD))


def redundant(inputs: Inputs) -> pl.DataFrame:
    return _shared(inputs, "doublons", lambda: contracts.with_supplier_name(
        contracts.redundant_contracts(states(inputs), inputs.frame("couvertures_contrats")),
        inputs.frame("fournisseurs")))


def licences(inputs: Inputs) -> pl.DataFrame:
    return _shared(inputs, "licences", lambda: contracts.with_supplier_name(
        contracts.licence_anomalies(states(inputs), inputs.as_of), inputs.frame("fournisseurs")))


def coverage(inputs: Inputs) -> pl.DataFrame | None:
    if inputs.frame("equipements") is None:
        return None
    return _shared(inputs, "couverture", lambda: contracts.equipment_coverage(
        inputs.frame("equipements"), inputs.frame("couvertures_contrats"), states(inputs),
        inputs.as_of))


def calendar(inputs: Inputs) -> pl.DataFrame:
    named = with_employee_name(
        contracts.with_supplier_name(contracts.renewal_calendar(states(inputs)),
                                     inputs.frame("fournisseurs")),
        inputs.frame("salaries"), "responsable", "responsable_nom")
    return named.select(
        "numero_contrat", "type", "objet", "code_fournisseur", "fournisseur", "reconduction",
        "preavis_jours", "prochaine_limite", "prochaine_echeance", "reconduit_jusqu_au",
        "jours_avant_limite", "niveau_alerte", "etat", "action", "responsable",
        "responsable_nom", "_ligne")


def revision_list(inputs: Inputs) -> pl.DataFrame:
    frame = revisions(inputs)
    return frame.select("numero_contrat", "objet", "date_effet", "cout_precedent",
                        "cout_annuel_ht", "hausse_pct", "seuil_pct", "au_dessus_seuil",
                        "motif", "_ligne")


def summary(inputs: Inputs) -> pl.DataFrame:
    covered = coverage(inputs)
    uncovered = (contracts.uncovered_equipment(covered) if covered is not None
                 else pl.DataFrame(schema={"code_equipement": pl.String}))
    return contracts.summary(states(inputs), costs(inputs), redundant(inputs),
                             licences(inputs), uncovered, revisions(inputs))


def register(inputs: Inputs) -> pl.DataFrame:
    return contracts.register(states(inputs), costs(inputs), inputs.frame("fournisseurs"),
                              inputs.frame("salaries"), inputs.frame("couvertures_contrats"),
                              inputs.frame("equipements"))


def equipment(inputs: Inputs) -> pl.DataFrame:
    return coverage(inputs).select(
        "code_equipement", "designation", "categorie", "emplacement", "statut",
        "maintenance_requise", "fin_garantie", "contrats_couvrants", "dernier_contrat",
        "fin_dernier_contrat", "couvert", "requis", "_ligne").sort("code_equipement")


def staff_contacts(inputs: Inputs) -> pl.DataFrame:
    return contracts.staff_contacts(
        inputs.frame("contrats_services"), inputs.as_of, inputs.frame("fournisseurs"),
        inputs.frame("couvertures_contrats"), inputs.frame("equipements"))


TITLES = {**contracts.TITLES, "code_fournisseur": "Prestataire"}


def _spec(name: str, title: str, needs: tuple[str, ...], build, uses: tuple[str, ...] = ()
          ) -> Spec:
    return Spec(name, title, needs, build, uses, money=contracts.MONEY, titles=TITLES)


CONTRACTS_SPECS: tuple[Spec, ...] = (
    _spec("contrats_synthese", "Contrats : chiffres clés", CONTRACTS,
          summary, ("revisions_contrats", *LINKS, "fournisseurs", "organisation", "reglages")),
    _spec("contrats_registre", "Registre des contrats, abonnements et licences", CONTRACTS,
          register, ("revisions_contrats", *LINKS, *NAMES, "organisation")),
    _spec("contrats_calendrier", "Calendrier des échéances et des préavis", CONTRACTS,
          calendar, NAMES),
    _spec("contrats_couts", "Coût des contrats sur l'exercice, révisions comprises", CONTRACTS,
          costs, ("revisions_contrats", "fournisseurs", "organisation")),
    _spec("contrats_couts_par_type", "Coût des contrats sur l'exercice, par type", CONTRACTS,
          lambda i: contracts.cost_by_type(costs(i)), ("revisions_contrats", "organisation")),
    _spec("contrats_couts_par_prestataire", "Coût des contrats sur l'exercice, par prestataire",
          CONTRACTS, lambda i: contracts.cost_by_supplier(costs(i)),
          ("revisions_contrats", "fournisseurs", "organisation")),
    _spec("contrats_revisions", "Révisions de tarif des contrats",
          ("contrats_services", "revisions_contrats"), revision_list, ("reglages",)),
    _spec("contrats_doublons", "Contrats en doublon", CONTRACTS, redundant,
          ("couvertures_contrats", "fournisseurs")),
    _spec("contrats_licences", "Licences expirées encore utilisées ou dépassées", CONTRACTS,
          licences, ("fournisseurs",)),
    _spec("equipements_couverture", "Équipements et contrats qui les couvrent",
          ("equipements", "contrats_services"), equipment, ("couvertures_contrats",)),
)

CONTRACTS_STAFF_SPECS: tuple[Spec, ...] = (
    Spec("contrats_contacts", "Contacts et dépannage", CONTRACTS, staff_contacts,
         ("fournisseurs", *LINKS), titles=TITLES),
)
