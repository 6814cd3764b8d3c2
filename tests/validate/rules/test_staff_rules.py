"""Scenarios for the employees and contracts rules."""

from datetime import date
from decimal import Decimal

from stdnum.fr.nir import calc_check_digits

from pipelines.validate.rules import staff as rules

from .conftest import flat

EMPLOYEES = ("personnel.xlsx", "Salariés")
CONTRACTS = ("personnel.xlsx", "Contrats")


def employee(number, **values):
    row = {"matricule": f"S{number:03d}", "civilite": "Mme", "nom": "Morel", "prenom": "Claire",
           "poste": "Comptable", "service": "ADM", "categorie": "non-cadre",
           "date_entree": "2020-01-06"}
    return row | values


def contract(number, matricule="S001", **values):
    row = {"id_contrat": f"CT{number:04d}", "matricule": matricule, "type_contrat": "CDI",
           "date_debut": "2020-01-06", "temps_travail": "temps plein", "heures_hebdo": 35,
           "salaire_base_mensuel": 2200, "statut": "en cours"}
    return row | values


def test_contract_ends_after_it_starts(table, dataset, params):
    data = dataset(table("contrats", [
        contract(1, date_fin="2019-12-31"),
        contract(2, date_fin="2020-01-06"),  # a one-day contract is possible
    ]))
    assert flat(rules.contract_dates(data, params)) == [(*CONTRACTS, "E2", "contrat-fin-avant-debut")]


def test_fixed_term_contract_needs_an_end_and_a_reason(table, dataset, params):
    data = dataset(table("contrats", [
        contract(1, type_contrat="CDD", date_fin=None, motif_cdd="Remplacement de S004"),
        contract(2, type_contrat="CDD", date_fin="2026-12-31", motif_cdd="  "),
        contract(3, type_contrat="CDD", date_fin="2026-12-31", motif_cdd="Accroissement d'activité"),
        contract(4),  # a CDI needs neither
    ]))
    assert flat(rules.fixed_term_contracts(data, params)) == [
        (*CONTRACTS, "E2", "cdd-sans-date-fin"), (*CONTRACTS, "F3", "cdd-sans-motif")]


def test_part_time_below_the_legal_week(table, dataset, params):
    data = dataset(table("contrats", [
        contract(1, temps_travail="temps partiel", heures_hebdo=35),
        contract(2, temps_travail="temps partiel", heures_hebdo="34.5"),
        contract(3, temps_travail="temps plein", heures_hebdo=39),
    ]))
    issues = rules.part_time_hours(data, params)
    assert flat(issues) == [(*CONTRACTS, "H2", "temps-partiel-trop-long")]
    assert "35\xa0h" in issues[0].message


def test_exit_after_entry(table, dataset, params):
    data = dataset(table("salaries", [
        employee(1, date_sortie="2019-06-30"), employee(2, date_sortie="2020-01-06"), employee(3),
    ]))
    assert flat(rules.exit_after_entry(data, params)) == [(*EMPLOYEES, "Q2", "sortie-avant-entree")]


def test_manager_is_someone_else(table, dataset, params):
    data = dataset(table("salaries", [
        employee(1), employee(2, responsable="S002"), employee(3, responsable="S001"),
    ]))
    assert flat(rules.manager_is_someone_else(data, params)) == [
        (*EMPLOYEES, "N3", "responsable-soi-meme")]


def test_employee_present_without_a_current_contract(table, dataset, params):
    employees = table("salaries", [
        employee(1),                                                 # CDI running: fine
        employee(2),                                                 # CDD over in June: warning
        employee(3, date_sortie="2026-06-30"),                       # gone: no contract needed
        employee(4, date_entree="2026-12-01"),                       # not arrived yet
        employee(5),                                                 # next contract starts later
        employee(6),                                                 # contract ends on the as-of day
    ])
    contracts = table("contrats", [
        contract(1, "S001"),
        contract(2, "S002", type_contrat="CDD", date_fin="2026-06-30", motif_cdd="Remplacement"),
        contract(3, "S003", date_fin="2026-06-30"),
        contract(4, "S005", date_debut="2027-01-04"),
        contract(5, "S006", type_contrat="CDD", date_fin="2026-11-30", motif_cdd="Saison"),
    ])
    issues = rules.current_contract(dataset(employees, contracts), params)
    assert flat(issues) == [(*EMPLOYEES, "A3", "salarie-sans-contrat"),
                            (*EMPLOYEES, "A6", "salarie-sans-contrat")]
    assert not issues[0].blocking


def test_minimum_monthly_wage_is_exact():
    weeks, months = Decimal(52), Decimal(12)
    assert rules.minimum_monthly_wage(Decimal("12.02"), Decimal(35), weeks, months) == Decimal("1823.03")
    assert rules.minimum_monthly_wage(Decimal("12.02"), Decimal(24), weeks, months) == Decimal("1250.08")
    # 12.02 × 17.5 × 52 / 12 = 911.5166…: half-up to the cent
    assert rules.minimum_monthly_wage(Decimal("12.02"), Decimal("17.5"), weeks, months) == Decimal("911.52")
    # 11.88 × 35 × 52 / 12 = 1801.8: the 2025 SMIC
    assert rules.minimum_monthly_wage(Decimal("11.88"), Decimal(35), weeks, months) == Decimal("1801.80")


def test_the_mensualisation_is_read_from_the_parameters(params):
    day = date(2026, 11, 30)
    assert (params.value(rules.WEEKS_PER_YEAR, day), params.value(rules.MONTHS_PER_YEAR, day)) == (52, 12)


def test_base_salary_below_the_smic(table, dataset, params):
    data = dataset(table("contrats", [
        contract(1, salaire_base_mensuel="1867.01"),                     # 1 cent short
        contract(2, salaire_base_mensuel="1867.02"),                     # exactly the SMIC
        contract(3, temps_travail="temps partiel", heures_hebdo=24,
                 salaire_base_mensuel="1280.24"),                        # prorated: fine
        contract(4, temps_travail="temps partiel", heures_hebdo=24,
                 salaire_base_mensuel=1200),                             # prorated: short
        contract(5, type_contrat="apprentissage", date_fin="2027-08-31",
                 salaire_base_mensuel="966.24"),                         # apprentice: exempt
        contract(6, date_debut="2025-03-01", date_fin="2025-12-31",
                 salaire_base_mensuel="1810.00"),                        # judged on the 2025 SMIC
        contract(7, heures_hebdo=None, salaire_base_mensuel=1000),      # hours unknown: no judgement
    ]))
    issues = rules.minimum_wage(data, params)
    assert flat(issues) == [(*CONTRACTS, "I2", "salaire-inferieur-smic"),
                            (*CONTRACTS, "I5", "salaire-inferieur-smic")]
    assert issues[0].message == ("contrat CT0001 : le salaire de base est inférieur au SMIC de "
                                 "1\u202f867,02\xa0€ par mois pour 35\xa0h par semaine (au 30/11/2026)")
    assert "1\u202f280,24\xa0€" in issues[1].message


def test_the_smic_message_never_shows_the_salary(table, dataset, params):
    data = dataset(table("contrats", [contract(1, salaire_base_mensuel="1234.56")]))
    [issue] = rules.minimum_wage(data, params)
    assert not any(shown in issue.message for shown in ("1234", "1\u202f234", "234,56", "234.56"))


def test_contract_from_before_the_first_known_smic_is_not_judged(table, dataset, params):
    data = dataset(table("contrats", [
        contract(1, date_debut="2015-01-05", date_fin="2016-12-31", salaire_base_mensuel=1000),
    ]))
    assert flat(rules.minimum_wage(data, params)) == []


SERVICES = ("organisation.xlsx", "Services")


def nir(start: str, place: str = "6913773") -> str:
    """A valid NIR: sex, year and month of birth (``start``), then department, commune, order."""
    body = start + place + "0" * (13 - len(start) - len(place))
    return body + calc_check_digits(body)


def test_a_nir_carries_the_year_and_month_of_birth(table, dataset, params):
    data = dataset(table("salaries", [
        employee(1, nir=nir("29408"), date_naissance="1994-08-17"),
        employee(2, nir=nir("29408"), date_naissance="1995-08-17"),  # year differs
        employee(3, nir=nir("29408"), date_naissance="1994-09-17"),  # month differs
        employee(4, nir=nir("19430"), date_naissance="1994-08-17"),  # month unknown (30)
        employee(5, nir=nir("19450"), date_naissance="1993-08-17"),  # unknown month, wrong year
        employee(6, nir=nir("10107"), date_naissance="2001-07-02"),
        employee(7, nir=nir("28503", "2A00608"), date_naissance="1985-03-09"),  # Corsica
        employee(8, nir=nir("28503", "2B00608"), date_naissance="1986-03-09"),
        employee(9, nir=nir("29408")[:-2] + "00", date_naissance="1995-08-17"),  # wrong key
        employee(10, nir=nir("29408"), date_naissance=None),
        employee(11, nir=None, date_naissance="1995-08-17"),
    ]))
    issues = rules.nir_matches_birth_date(data, params)
    assert flat(issues) == [(*EMPLOYEES, f"F{row}", "nir-date-naissance-incoherente")
                            for row in (3, 4, 6, 9)]
    assert not issues[0].blocking
    assert issues[0].message == (
        "Claire Morel : le NIR ne correspond pas à la date de naissance (année ou mois)")


def test_nir_messages_show_neither_the_nir_nor_the_birth_date(table, dataset, params):
    number = nir("29408")
    data = dataset(table("salaries", [employee(1, nir=number, date_naissance="1995-08-17")]))
    message = rules.nir_matches_birth_date(data, params)[0].message
    assert number[:5] not in message and "1995" not in message and "17/08" not in message


def staff_with_departures():
    return [
        employee(1, prenom="Sophie", nom="Chevalier", date_sortie="2026-11-27"),  # left before
        employee(2, responsable="S001"),                # the as-of date (30/11/2026)
        employee(3, date_sortie="2026-11-30"),  # its last day: still present at the as-of date
        employee(4, responsable="S003"),
        employee(5, date_sortie="2026-12-31"),  # still there at the as-of date
        employee(6, responsable="S005"),
        employee(7, responsable="S001", date_sortie="2026-11-20"),  # gone too
        employee(8, responsable=None),
        employee(9, responsable="S099"),  # unknown: the foreign key reports it
    ]


def test_a_manager_who_has_left(table, dataset, params):
    data = dataset(table("salaries", staff_with_departures()))
    issues = rules.manager_still_there(data, params)
    assert flat(issues) == [(*EMPLOYEES, "N3", "responsable-parti")]
    assert not issues[0].blocking
    assert issues[0].message == (
        "Claire Morel a pour responsable Sophie Chevalier (S001), qui a quitté l'entreprise le "
        "27/11/2026 : indiquez son nouveau responsable")


def test_a_service_whose_manager_has_left(table, dataset, params):
    data = dataset(table("salaries", staff_with_departures()), table("services", [
        {"code_service": "LOG", "libelle": "Logistique", "responsable": "S001"},
        {"code_service": "COM", "libelle": "Commercial", "responsable": "S005"},
        {"code_service": "VEN", "libelle": "Ventes", "responsable": "S003"},  # its last day
        {"code_service": "ADM", "libelle": "Administration", "responsable": None},
        {"code_service": "ATE", "libelle": "Atelier", "responsable": "S099"},
    ]))
    issues = rules.service_manager_still_there(data, params)
    assert flat(issues) == [(*SERVICES, "C2", "responsable-parti")]
    assert issues[0].message == (
        "le service Logistique (LOG) a pour responsable Sophie Chevalier (S001), qui a quitté "
        "l'entreprise le 27/11/2026 : désignez un autre responsable")
