"""Scenarios for the checks of the computed payroll (payslips, journal, declarations)."""

from datetime import date
from decimal import Decimal

from pipelines.compute.payroll.bodies import dues_by_body
from pipelines.compute.payroll.run import payroll
from pipelines.validate.rules import payroll_checks as rules

from .conftest import flat

CONTRACTS = ("personnel.xlsx", "Contrats")
EMPLOYEES = ("personnel.xlsx", "Salariés")
DECLARATIONS = ("paie.xlsx", "Declarations")


def employee(number, **values):
    row = {"matricule": f"S{number:03d}", "civilite": "Mme", "nom": "Morel",
           "prenom": "Claire", "categorie": "non-cadre", "date_entree": "2020-01-06",
           "taux_pas": "5.0"}
    return row | values


def contract(number, matricule="S001", **values):
    row = {"id_contrat": f"CT{number:04d}", "matricule": matricule, "type_contrat": "CDI",
           "date_debut": "2020-01-06", "temps_travail": "temps plein", "heures_hebdo": 35,
           "salaire_base_mensuel": "2200", "statut": "en cours"}
    return row | values


def settings(**values):
    return {"date_effet": "2026-01-01", "effectif": 15, "taux_at": "2.24",
            "alsace_moselle": False} | values


def months(matricule, *numbers):
    return [{"matricule": matricule, "mois": f"2026-{n:02d}"} for n in numbers]


def payroll_tables(table, employees, contracts, variables):
    return (table("salaries", employees), table("contrats", contracts),
            table("reglages_paie", [settings()]), table("variables_paie", variables))


def test_a_salary_at_the_january_smic_is_below_it_from_june(table, dataset, params):
    """The SMIC rises from 12,02 to 12,31 €/h on 1 June 2026 (salaires.smic.horaire)."""
    data = dataset(*payroll_tables(
        table,
        [employee(1), employee(2, categorie="apprenti"), employee(3), employee(4),
         employee(5)],
        [
            # 12,02 × 35 × 52 / 12 = 1 823,03: the SMIC until May
            contract(1, "S001", salaire_base_mensuel="1823.03"),
            # an apprentice paid 53 % of the SMIC: not judged against the SMIC
            contract(2, "S002", type_contrat="apprentissage", date_fin="2027-08-31",
                     salaire_base_mensuel="966.24"),
            # 39 h: 12,02 × 52 / 12 × (35 + 4 × 1,25) = 2 083,47; 12,02 × 169 h = 2 031,38
            # forgets the premium of the four structural hours
            contract(3, "S003", heures_hebdo=39, salaire_base_mensuel="2031.38"),
            contract(4, "S004", heures_hebdo=39, salaire_base_mensuel="2083.47"),
            # paid by the hour, below the SMIC
            contract(5, "S005", salaire_base_mensuel=None, taux_horaire="11.90"),
        ],
        months("S001", 5, 6) + months("S002", 6) + months("S003", 1) + months("S004", 1)
        + months("S005", 2)))
    issues = rules.payslip_minimum_wage(data, params)
    assert flat(issues) == [(*CONTRACTS, "I2", "salaire-inferieur-smic-paie"),
                            (*CONTRACTS, "I4", "salaire-inferieur-smic-paie"),
                            (*CONTRACTS, "J6", "salaire-inferieur-smic-paie")]
    june = next(i for i in issues if i.message.startswith("S001"))
    assert june.message.startswith("S001, juin 2026 : le salaire de base du contrat CT0001")
    assert "12,31" in june.message and "1 867,02" in june.message.replace("\u202f", " ")
    assert "1823" not in june.message.replace("\u202f", "").replace(" ", "")  # not the salary
    assert "2 083,47" in issues[1].message.replace("\u202f", " ")
    assert all(issue.blocking for issue in issues)


def test_a_part_time_salary_is_judged_on_its_hours(table, dataset, params):
    # 24 h: 12,02 × 24 × 52 / 12 = 1 250,08 in January; 12,31 × 104 = 1 280,24 in June
    data = dataset(*payroll_tables(
        table, [employee(1)],
        [contract(1, "S001", temps_travail="temps partiel", heures_hebdo=24,
                  salaire_base_mensuel="1250.08")],
        months("S001", 1, 6)))
    issues = rules.payslip_minimum_wage(data, params)
    assert flat(issues) == [(*CONTRACTS, "I2", "salaire-inferieur-smic-paie")]
    assert issues[0].message.startswith("S001, juin 2026")


def test_the_journal_agrees_with_the_bodies(table, dataset, params, monkeypatch):
    data = dataset(*payroll_tables(table, [employee(1), employee(2, categorie="cadre")],
                                   [contract(1, "S001"), contract(2, "S002",
                                                                  salaire_base_mensuel="5200")],
                                   months("S001", 1, 2) + months("S002", 1, 2)))
    assert rules.journal_matches_bodies(data, params) == []

    real = rules.journal_contributions
    monkeypatch.setattr(rules, "journal_contributions",
                        lambda rows: real(rows) + Decimal("0.01"))
    issues = rules.journal_matches_bodies(data, params)
    assert flat(issues) == [("paie.xlsx", "Variables", "colonne B", "livre-de-paie-incoherent")] * 2
    assert issues[0].message.startswith("janvier 2026 : le livre de paie totalise")
    assert "écart de 0,01" in issues[0].message and issues[0].blocking


def _declared(data, params, **changes):
    """The Declarations rows of the computed dues, some amounts changed."""
    dues = dues_by_body(list(payroll(data, params).payslips), params)
    return [{"mois": due.mois, "organisme": due.organisme,
             "montant": str(changes.get(f"{due.mois} {due.organisme}", due.total))}
            for due in dues]


def test_declarations_against_the_payroll(table, dataset, params):
    tables = payroll_tables(table, [employee(1), employee(2)],
                            [contract(1, "S001"), contract(2, "S002")],
                            months("S001", 1, 2, 3) + months("S002", 1, 2, 3))
    data = dataset(*tables, as_of=date(2026, 3, 31))
    rows = _declared(data, params)
    assert {row["organisme"] for row in rows} == {"URSSAF", "Agirc-Arrco", "DGFiP"}
    urssaf_february = next(i for i, row in enumerate(rows)
                           if row["mois"] == "2026-02" and row["organisme"] == "URSSAF")
    right = Decimal(rows[urssaf_february]["montant"])
    rows[urssaf_february]["montant"] = str(right + Decimal("0.01"))
    rows.append({"mois": "2026-02", "organisme": "Mutuelle du Rhône", "montant": "80"})
    declared = dataset(*tables, table("declarations_sociales", rows), as_of=date(2026, 3, 31))

    issues = rules.declarations_match_payroll(declared, params)
    excel_row = urssaf_february + 2
    unknown_row = len(rows) + 1
    assert flat(issues) == sorted([
        (*DECLARATIONS, f"C{excel_row}", "declaration-differente-du-livre-de-paie"),
        (*DECLARATIONS, f"B{unknown_row}", "declaration-inconnue"),
    ])
    mismatch = next(i for i in issues if i.code == "declaration-differente-du-livre-de-paie")
    assert mismatch.message.startswith("URSSAF, février 2026 : ")
    assert "écart de 0,01" in mismatch.message
    assert all(issue.blocking for issue in issues)
    # the months declared are all those due on or before the as-of date: none missing
    assert rules.declarations_not_missing(declared, params) == []


def test_declarations_missing_once_due(table, dataset, params):
    tables = payroll_tables(table, [employee(1)], [contract(1, "S001")],
                            months("S001", 1, 2, 3))
    # as of 10 March: January was due on 16 February (the 15th is a Sunday), February is
    # due on 15 March, March's payslip is paid but not due yet
    data = dataset(*tables, as_of=date(2026, 3, 10))
    rows = [row for row in _declared(data, params) if row["organisme"] != "URSSAF"]
    declared = dataset(*tables, table("declarations_sociales", rows), as_of=date(2026, 3, 10))
    issues = rules.declarations_not_missing(declared, params)
    assert flat(issues) == [(*DECLARATIONS, "colonne A", "declaration-manquante")]
    assert issues[0].message.startswith("URSSAF, janvier 2026 : ")
    assert "16/02/2026" in issues[0].message and not issues[0].blocking
    assert rules.declarations_match_payroll(declared, params) == []


def test_an_employee_without_withholding_rate(table, dataset, params):
    data = dataset(*payroll_tables(
        table, [employee(1), employee(2, taux_pas=None), employee(3, taux_pas="0")],
        [contract(1, "S001"), contract(2, "S002"), contract(3, "S003")],
        months("S001", 1) + months("S002", 1, 2, 3) + months("S003", 1)))
    issues = rules.withholding_rate_known(data, params)
    assert flat(issues) == [(*EMPLOYEES, "T3", "taux-pas-absent")]
    assert issues[0].message.startswith(
        "S002 : aucun taux de prélèvement à la source ; le taux neutre s'applique "
        "(3 bulletins, de janvier 2026 à mars 2026)")
    assert not issues[0].blocking
    # the neutral rate is withheld: a rate of 0 % is a rate (no issue for S003)
    slip = payroll(data, params).find("S002", "2026-01")
    assert slip.taux_pas is not None


def test_nothing_to_judge_without_payslips(table, dataset, params):
    data = dataset(*payroll_tables(table, [employee(1)], [contract(1, "S001")], []),
                   table("declarations_sociales", []))
    for check in (rules.payslip_minimum_wage, rules.journal_matches_bodies,
                  rules.declarations_match_payroll, rules.declarations_not_missing,
                  rules.withholding_rate_known):
        assert check(data, params) == []
