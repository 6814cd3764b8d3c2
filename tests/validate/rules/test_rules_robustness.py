"""Every domain rule copes with empty sheets and empty cells without crashing."""

import re

from pipelines.issues import catalogue
from pipelines.validate.rules import registered_rules, run_rules

from .conftest import flat, make_dataset, make_table, resource_sheets

DOMAIN_CODES = {
    "organisation-ligne-unique", "exercice-inverse", "date-arrete-hors-exercice",
    "encours-depasse-plafond", "tva-intracommunautaire-manquante", "tva-pays-incoherent",
    "zone-incoherente", "code-postal-france-invalide", "consentement-sans-date",
    "relance-prospect-depassee", "stock-negatif", "achat-sans-cout",
    "mouvement-quantite-nulle", "mouvement-avant-exercice", "taux-tva-inconnu",
    "stock-sous-securite", "contrat-fin-avant-debut", "cdd-sans-date-fin", "cdd-sans-motif",
    "temps-partiel-trop-long", "sortie-avant-entree", "responsable-soi-meme",
    "salarie-sans-contrat", "salaire-inferieur-smic", "pointage-fin-avant-debut",
    "heures-incoherentes", "duree-quotidienne-depassee", "duree-hebdomadaire-depassee",
    "moyenne-12-semaines-depassee", "repos-quotidien-insuffisant",
    "pointage-pendant-absence", "pointage-hors-presence", "absence-fin-avant-debut",
    "absences-chevauchantes", "annonce-expiration-avant-debut", "annonce-public-inconnu",
    "duree-quotidienne-jeune-depassee", "duree-hebdomadaire-jeune-depassee",
    "repos-quotidien-jeune-insuffisant", "travail-de-nuit-jeune",
    "heures-complementaires-au-dela-du-dixieme", "heures-complementaires-au-dela-du-tiers",
    "temps-partiel-duree-legale-atteinte", "plus-de-six-jours-par-semaine",
    "repos-hebdomadaire-insuffisant", "tva-siren-incoherent", "relance-prospect-manquante",
    "nir-date-naissance-incoherente", "responsable-parti",
}


def test_empty_sheets(params):
    data = make_dataset(*[make_table(resource, []) for resource in resource_sheets()])
    assert flat(run_rules(data, params)) == [
        ("organisation.xlsx", "Organisation", None, "organisation-ligne-unique")]


def test_a_row_of_empty_cells_everywhere(params):
    data = make_dataset(*[make_table(resource, [{}]) for resource in resource_sheets()])
    assert flat(run_rules(data, params)) == []


def test_rules_are_described_and_codes_catalogued():
    rules = registered_rules()
    assert len({r.name for r in rules}) == len(rules)
    assert all(r.description and r.resources for r in rules)
    declared = {issue_type.code: issue_type for issue_type in catalogue()}
    assert DOMAIN_CODES <= set(declared)
    for code in DOMAIN_CODES:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code)
        assert declared[code].title and declared[code].description
