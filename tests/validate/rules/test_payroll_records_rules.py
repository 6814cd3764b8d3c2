"""Scenarios for the payroll records rules (paie.xlsx)."""

from pipelines.validate.rules import payroll_records as rules

from .conftest import flat

SETTINGS = ("paie.xlsx", "Reglages")
PROTECTION = ("paie.xlsx", "ProtectionSociale")
VARIABLES = ("paie.xlsx", "Variables")
CORRECTIONS = ("paie.xlsx", "Regularisations")
EMPLOYEES = ("personnel.xlsx", "Salariés")


def contract(number, matricule="S001", **values):
    row = {"id_contrat": f"CT{number:04d}", "matricule": matricule, "type_contrat": "CDI",
           "date_debut": "2020-01-06", "temps_travail": "temps plein", "heures_hebdo": 35,
           "salaire_base_mensuel": 2200, "statut": "en cours"}
    return row | values


def settings(date_effet="2026-01-01", **values):
    row = {"date_effet": date_effet, "effectif": 15, "taux_at": "2.24",
           "alsace_moselle": False}
    return row | values


def protection(number, **values):
    row = {"id_contrat": f"PS{number:03d}", "type": "prévoyance",
           "organisme": "Prévoyance Artisans Rhône", "categorie": "non-cadre",
           "date_debut": "2024-01-01", "assiette": "tranche 1", "taux_salarial": "0.35",
           "taux_patronal": "0.55"}
    return row | values


def correction(number, **values):
    row = {"id_regularisation": f"RG{number:03d}", "matricule": "S001", "mois": "2026-08",
           "mois_concerne": "2026-07", "rubrique": "heures_sup_bande_1", "quantite": 3,
           "motif": "Heures oubliées"}
    return row | values


def employee(number, **values):
    row = {"matricule": f"S{number:03d}", "civilite": "Mme", "nom": "Morel", "prenom": "Claire",
           "poste": "Directrice", "service": "DIR", "categorie": "cadre",
           "date_entree": "2012-03-01"}
    return row | values


def test_variables_of_a_month_without_contract(table, dataset, params):
    data = dataset(
        table("contrats", [
            contract(1, "S001"),
            # a seasonal contract from mid-June to mid-September
            contract(2, "S002", type_contrat="CDD", date_debut="2026-06-15",
                     date_fin="2026-09-11"),
        ]),
        table("variables_paie", [
            {"matricule": "S001", "mois": "2026-03"},
            {"matricule": "S002", "mois": "2026-06"},   # entry mid-month: covered
            {"matricule": "S002", "mois": "2026-09"},   # exit mid-month: covered
            {"matricule": "S002", "mois": "2026-10"},   # gone
            {"matricule": "S002", "mois": "2026-05"},   # not arrived yet
            {"matricule": "S003", "mois": "2026-03"},   # no contract at all
            {"matricule": "S001", "mois": "2026-13"},   # ill-shaped: the schema says so
        ]))
    issues = rules.variables_within_contract(data, params)
    assert flat(issues) == [(*VARIABLES, "B5", "variables-paie-hors-contrat"),
                            (*VARIABLES, "B6", "variables-paie-hors-contrat"),
                            (*VARIABLES, "B7", "variables-paie-hors-contrat")]
    assert issues[0].message.startswith("S002, octobre 2026 : aucun contrat")
    assert all(issue.blocking for issue in issues)


def test_variables_of_a_month_without_settings_in_force(table, dataset, params):
    data = dataset(
        table("reglages_paie", [settings("2026-02-01"), settings("2026-07-01", taux_at="2.10")]),
        table("variables_paie", [
            {"matricule": "S001", "mois": "2026-01"},   # before the first settings
            {"matricule": "S001", "mois": "2026-02"},   # in force on the 1st
            {"matricule": "S001", "mois": "2026-08"},
        ]))
    issues = rules.variables_have_settings(data, params)
    assert flat(issues) == [(*VARIABLES, "B2", "variables-paie-sans-reglages")]
    assert "01/01/2026" in issues[0].message and "01/02/2026" in issues[0].message
    assert issues[0].blocking


def test_variables_when_the_settings_sheet_is_empty(table, dataset, params):
    data = dataset(table("reglages_paie", []),
                   table("variables_paie", [{"matricule": "S001", "mois": "2026-01"}]))
    issues = rules.variables_have_settings(data, params)
    assert flat(issues) == [(*VARIABLES, "B2", "variables-paie-sans-reglages")]
    assert "aucune date d'effet" in issues[0].message


def test_work_accident_rate_typed_as_a_fraction(table, dataset, params):
    data = dataset(table("reglages_paie", [
        settings("2026-01-01", taux_at="0.0224"),
        settings("2026-07-01", taux_at="2.10"),
        settings("2026-09-01", taux_at="0.1"),   # 0,1 % is possible (an office)
    ]))
    issues = rules.work_accident_rate_in_percent(data, params)
    assert flat(issues) == [(*SETTINGS, "C2", "taux-at-en-fraction")]
    assert "2,24" in issues[0].message and not issues[0].blocking


def test_flat_contract_needs_amounts_and_rate_contract_none(table, dataset, params):
    data = dataset(table("contrats_protection_sociale", [
        protection(1, type="mutuelle", categorie="tous", assiette="forfait",
                   taux_salarial=None, taux_patronal=None, montant_salarial="32",
                   montant_patronal="48"),
        protection(2, type="mutuelle", categorie="tous", assiette="forfait",
                   taux_salarial=None, taux_patronal=None),            # no amount
        protection(3, montant_patronal="20"),                          # rate with an amount
        protection(4, type="mutuelle", assiette="forfait", taux_salarial=None,
                   taux_patronal=None, montant_patronal="48"),         # one amount is enough
        protection(5),
    ]))
    issues = rules.social_protection_basis(data, params)
    assert flat(issues) == [(*PROTECTION, "J3", "protection-sociale-forfait-sans-montant"),
                            (*PROTECTION, "K4", "protection-sociale-taux-avec-montant")]
    assert all(issue.blocking for issue in issues)


def test_correction_of_a_past_month_with_its_quantity_or_amount(table, dataset, params):
    data = dataset(table("regularisations_paie", [
        correction(1),
        correction(2, mois_concerne="2026-08"),                          # the same month
        correction(3, mois="2026-05", mois_concerne="2026-06"),          # a later month
        correction(4, quantite=None),                                    # hours without hours
        correction(5, rubrique="prime", quantite=None, montant=150),
        correction(6, rubrique="salaire", quantite=None),                # no amount
        correction(7, rubrique="heures_absence_non_payee", quantite=-7),  # signed: fine
        correction(8, mois_concerne="2025-12"),                          # the previous year
    ]))
    issues = rules.corrections_are_complete(data, params)
    assert flat(issues) == [(*CORRECTIONS, "D3", "regularisation-mois-non-anterieur"),
                            (*CORRECTIONS, "D4", "regularisation-mois-non-anterieur"),
                            (*CORRECTIONS, "F5", "regularisation-sans-quantite"),
                            (*CORRECTIONS, "G7", "regularisation-sans-montant")]
    assert all(issue.blocking for issue in issues)


def test_overtime_for_full_time_and_complementary_hours_for_part_time(table, dataset, params):
    data = dataset(
        table("contrats", [
            contract(1, "S001"),
            contract(2, "S002", temps_travail="temps partiel", heures_hebdo=24),
            # S003 goes from part time to full time on 1 May
            contract(3, "S003", temps_travail="temps partiel", heures_hebdo=24,
                     date_fin="2026-04-30"),
            contract(4, "S003", date_debut="2026-05-01"),
        ]),
        table("variables_paie", [
            {"matricule": "S001", "mois": "2026-03", "heures_sup_bande_1": 6},
            {"matricule": "S001", "mois": "2026-04", "heures_comp_dixieme": 2},     # full time
            {"matricule": "S002", "mois": "2026-03", "heures_comp_au_dela": 3},
            {"matricule": "S002", "mois": "2026-04", "heures_sup_bande_2": 2},      # part time
            {"matricule": "S002", "mois": "2026-05", "heures_sup_bande_1": 0},      # 0: nothing
            {"matricule": "S003", "mois": "2026-03", "heures_sup_bande_1": 4},      # part time
            {"matricule": "S003", "mois": "2026-05", "heures_comp_dixieme": 1},     # full time
            {"matricule": "S003", "mois": "2026-04", "heures_comp_dixieme": 1},
        ]))
    issues = rules.hours_match_working_time(data, params)
    assert flat(issues) == [(*VARIABLES, "C7", "heures-supplementaires-temps-partiel"),
                            (*VARIABLES, "D5", "heures-supplementaires-temps-partiel"),
                            (*VARIABLES, "E3", "heures-complementaires-temps-plein"),
                            (*VARIABLES, "E8", "heures-complementaires-temps-plein")]
    assert all(issue.blocking for issue in issues)


def test_a_month_with_both_kinds_of_contract_is_not_judged(table, dataset, params):
    data = dataset(
        table("contrats", [
            contract(1, "S003", temps_travail="temps partiel", heures_hebdo=24,
                     date_fin="2026-04-14"),
            contract(2, "S003", date_debut="2026-04-15"),
        ]),
        table("variables_paie", [
            {"matricule": "S003", "mois": "2026-04", "heures_sup_bande_1": 2,
             "heures_comp_dixieme": 1},
        ]))
    assert rules.hours_match_working_time(data, params) == []


def test_cadre_without_provident_cover(table, dataset, params):
    data = dataset(
        table("salaries", [
            employee(1),
            employee(2, categorie="non-cadre"),
            employee(3, nom="Faure", prenom="Isabelle"),
        ]),
        table("contrats_protection_sociale", [
            protection(1),                                             # non-cadres only
            protection(2, type="mutuelle", categorie="tous", assiette="forfait",
                       taux_salarial=None, taux_patronal=None, montant_salarial="32"),
            protection(3, categorie="cadre", taux_salarial="0", taux_patronal="1.50",
                       date_debut="2026-04-01"),
        ]),
        table("variables_paie", [
            {"matricule": "S001", "mois": f"2026-{month:02d}"} for month in range(1, 6)
        ] + [{"matricule": "S002", "mois": "2026-01"}]))
    issues = rules.cadre_has_provident_cover(data, params)
    assert flat(issues) == [(*EMPLOYEES, "O2", "cadre-sans-prevoyance")]
    assert "3 mois, de janvier 2026 à mars 2026" in issues[0].message
    assert not issues[0].blocking
    # a provident contract of all staff covers the cadres too
    covered = dataset(
        data["salaries"],
        table("contrats_protection_sociale", [protection(1, categorie="tous")]),
        data["variables_paie"])
    assert rules.cadre_has_provident_cover(covered, params) == []


def test_the_demo_choices_are_flagged_by_nothing(table, dataset, params):
    """The demo's own shapes: an S001 cadre covered by PS003, a seasonal CDD."""
    data = dataset(
        table("salaries", [employee(1)]),
        table("contrats", [contract(1, "S001")]),
        table("reglages_paie", [settings()]),
        table("contrats_protection_sociale", [protection(3, categorie="cadre")]),
        table("variables_paie", [{"matricule": "S001", "mois": "2026-11"}]),
        table("regularisations_paie", [correction(1)]))
    for check in (rules.variables_within_contract, rules.variables_have_settings,
                  rules.work_accident_rate_in_percent, rules.social_protection_basis,
                  rules.corrections_are_complete, rules.hours_match_working_time,
                  rules.cadre_has_provident_cover):
        assert check(data, params) == []
