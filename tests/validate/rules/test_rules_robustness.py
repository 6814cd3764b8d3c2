"""Every domain rule copes with empty sheets and empty cells without crashing."""

import re
from datetime import date, timedelta

import pipelines.validate.rules as rules_registry
from pipelines.issues import catalogue
from pipelines.validate.rules import registered_rules, run_rules

from .conftest import flat, make_dataset, make_table, resource_sheets
from .test_worktime_rules import born, clock

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
    "nir-date-naissance-incoherente", "responsable-parti", "variables-paie-hors-contrat",
    "variables-paie-sans-reglages", "taux-at-en-fraction",
    "protection-sociale-forfait-sans-montant", "protection-sociale-taux-avec-montant",
    "regularisation-mois-non-anterieur", "regularisation-sans-quantite",
    "regularisation-sans-montant", "heures-supplementaires-temps-partiel",
    "heures-complementaires-temps-plein", "cadre-sans-prevoyance",
    "salaire-inferieur-smic-paie", "livre-de-paie-incoherent",
    "declaration-differente-du-livre-de-paie", "declaration-inconnue", "declaration-manquante",
    "taux-pas-absent",
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


def _timesheets_of(year: int) -> list[dict]:
    """Long days with short rests: six for an adult (S001), seven and a night for a minor."""
    monday = date(year, 3, 1) - timedelta(days=date(year, 3, 1).weekday())
    days = [(monday + timedelta(days=offset)).isoformat() for offset in range(7)]
    return ([clock(day, "06:00", "19:00", pause=0) for day in days[:6]]
            + [clock(day, "06:00", "19:00", pause=0, matricule="S002") for day in days]
            + [clock(days[6], "21:00", "23:30", pause=0, matricule="S002")])


def _dated_before_the_law(year: int):
    """A whole staff file dated `year`: S002, born in 1994, is a minor in 2000 and 2010."""
    return make_dataset(
        make_table("pointages", _timesheets_of(year)),
        make_table("salaries", born(("S001", "1970-01-01"), ("S002", "1994-06-01"))),
        make_table("contrats", [
            {"id_contrat": "CT0001", "matricule": "S001", "date_debut": f"{year - 1}-01-04",
             "temps_travail": "temps partiel", "heures_hebdo": 20, "salaire_base_mensuel": 900},
        ]),
        make_table("absences", [{"id_absence": "A0001", "matricule": "S001",
                                 "type": "maladie", "date_debut": f"{year}-02-01",
                                 "date_fin": f"{year}-02-03", "jours": 3}]),
        as_of=date(year, 3, 31))


def test_records_dated_before_the_parameters_are_not_judged(params):
    """The adults' limits start on 10/08/2016, the minors' on 01/05/2008, the SMIC in 2025:
    a row dated before a limit is not judged against it, and no rule crashes."""
    codes_2000 = {issue.code for issue in run_rules(_dated_before_the_law(2000), params)}
    assert codes_2000 == set()
    issues_2010 = run_rules(_dated_before_the_law(2010), params)
    assert "controle-en-echec" not in {issue.code for issue in issues_2010}
    assert {(issue.code, issue.message.split(" ")[0]) for issue in issues_2010} == {
        ("duree-quotidienne-jeune-depassee", "S002,"),
        ("duree-hebdomadaire-jeune-depassee", "S002,"),
        ("repos-quotidien-jeune-insuffisant", "S002,"),
        ("plus-de-six-jours-par-semaine", "S002"),
        ("travail-de-nuit-jeune", "S002,"),
    }
    issues_2017 = {(issue.code, issue.message.split(" ")[0])
                   for issue in run_rules(_dated_before_the_law(2017), params)}
    assert {("duree-quotidienne-depassee", "S001"), ("duree-hebdomadaire-depassee", "S001"),
            ("temps-partiel-duree-legale-atteinte", "S001")} <= issues_2017


class _NoDate:
    """An as-of date that no rule can use: any comparison or formatting of it fails."""

    def __eq__(self, other):
        raise AssertionError("date d'arrêté lue")

    __lt__ = __le__ = __gt__ = __ge__ = __eq__
    __hash__ = None


def test_only_the_rules_that_declare_it_read_the_as_of_date(params):
    data = make_dataset(*[make_table(resource, [{}]) for resource in resource_sheets()],
                        as_of=_NoDate())
    reading = set()
    for registered in registered_rules():
        try:
            list(registered.check(data, params))
        except Exception:
            reading.add(registered.name)
    assert reading == {r.name for r in registered_rules() if r.uses_as_of}
    assert reading == {"part_time_hours", "manager_still_there", "service_manager_still_there",
                       "current_contract", "minimum_wage", "article_vat_rate", "safety_stock",
                       "prospect_follow_up", "order_stock_out", "urgent_orders",
                       "overdue_orders", "quotes_to_follow_up", "litigation_customer_doubtful",
                       "order_credit_limit", "typed_outstanding_matches",
                       "order_customer_status", "inventory_difference",
                       # purchasing, supplier payments and files
                       "late_purchase_order", "uninvoiced_receipts", "allocations_valid",
                       "returned_items_credited", "returned_consumables_credited",
                       "payments_allocated", "due_dates_kept", "compensation_possible",
                       "cash_within_ceiling",
                       "required_certificates",
                       # contracts and consumables
                       "contract_equipment_covered", "contract_licences",
                       "contract_notice_deadlines", "contract_redundancy",
                       "consumable_below_minimum", "consumable_over_consumption",
                       "consumables_budget", "consumables_in_fiscal_year",
                       "negative_consumable_stock", "not_followed_consumed",
                       # the computed payroll (cut at the as-of month)
                       "payslip_minimum_wage", "journal_matches_bodies",
                       "declarations_match_payroll", "declarations_not_missing",
                       "withholding_rate_known"}


def test_without_an_as_of_date_the_rules_that_need_it_are_skipped(params, monkeypatch):
    def dated_check(dataset, parameters):
        raise AssertionError(f"jugé au {dataset.as_of}")

    monkeypatch.setattr(rules_registry, "_RULES", [
        rules_registry.Rule("dated_check", "Un contrôle daté", ("organisation",), dated_check, True)])
    tables = [make_table("organisation", [])]
    assert run_rules(make_dataset(*tables, as_of=None), params) == []
    [crashed] = run_rules(make_dataset(*tables), params)
    assert crashed.code == "controle-en-echec" and "jugé au 2026-11-30" in crashed.message
