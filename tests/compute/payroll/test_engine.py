"""Small payslip cases of the engine, each figure computed by hand in its comment."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pipelines.compute.payroll import engine
from pipelines.compute.payroll.bodies import dues_by_body
from pipelines.compute.payroll.model import (
    Contract,
    Employee,
    MonthVariables,
    OrganisationSettings,
    PayrollInput,
)
from pipelines.law import parameters

D = Decimal


def data(categorie="non-cadre", salary="2500", month="2026-01", effectif=10, weekly="35",
         part_time=False, taux_pas=D("0"), start=None, variables=MonthVariables(),
         alsace_moselle=False, debut=date(2020, 1, 6), type_contrat="CDI") -> PayrollInput:
    employee = Employee("T001", "Exemple", "Camille", categorie, taux_pas=taux_pas)
    contract = Contract("CT9001", type_contrat, debut, None, D(weekly), part_time, D(salary),
                        None)
    settings = OrganisationSettings(effectif=effectif, taux_at=D("0.01"),
                                    alsace_moselle=alsace_moselle)
    return PayrollInput(month, employee, contract, settings, variables, start)


def payslip(**values):
    return engine.payslip(data(**values), parameters())


def test_unpaid_absence_is_deducted_by_the_real_hours_of_the_month():
    # March 2026: 22 working days × 7 h = 154 h; 2 500 / 154 = 16,2338 ;
    # 14 h: 2 500 × 14 / 154 = 227,2727 → 227,27
    slip = payslip(month="2026-03", variables=MonthVariables(heures_absence_non_payee=D(14)))
    line = slip.line("absence_non_payee")
    assert (line.quantity, line.rate, line.amount) == (D(14), D("16.2338"), D("-227.27"))
    assert slip.salaire_brut == D("2272.73")
    # the RGDU's SMIC in proportion: 1 823,0333 × 140 / 154 = 1 657,303 → 1 657,30
    assert slip.ytd.rgdu_smic == D("1657.30")


def test_entry_within_the_month_prorates_pay_and_ceiling():
    # entry on Monday 16 March: 2–13 March, 10 days × 7 h = 70 h not employed ;
    # 2 500 × 70 / 154 = 1 136,36 ; ceiling 4 005 × 16 / 31 days = 2 067,0968 → 2 067,10
    # (CSS R242-2)
    slip = payslip(month="2026-03", start=date(2026, 3, 16))
    line = slip.line("entree_sortie")
    assert (line.label, line.quantity, line.amount) == (
        "Absence : entrée en cours de mois", D(70), D("-1136.36"))
    assert (slip.salaire_brut, slip.plafond) == (D("1363.64"), D("2067.10"))


def test_part_time_ceiling_follows_the_hours_paid():
    # 24 h: 24 × 52 / 12 = 104 h ; 4 005 × 104 / 151,67 = 2 746,2254 → 2 746,23
    assert payslip(salary="1450", weekly="24", part_time=True).plafond == D("2746.23")
    # + 2 complementary hours within the tenth (+10 %): 1 450 / 104 = 13,9423 ;
    # × 1,10 = 15,3365 ; × 2 = 30,673 → 30,67 ; ceiling 4 005 × 106 / 151,67 = 2 799,04
    slip = payslip(salary="1450", weekly="24", part_time=True,
                   variables=MonthVariables(heures_comp_dixieme=D(2)))
    line = slip.line("heures_comp_dixieme")
    assert (line.rate, line.amount) == (D("15.3365"), D("30.67"))
    assert slip.plafond == D("2799.04")


def test_apprentice_employee_contributions_above_half_the_smic():
    # contract of 1 September 2025 (after 1 March 2025): employee contributions and CSG/CRDS
    # on the part above 50 % of the SMIC (1 823,03 × 0,5 = 911,515 → 911,52) :
    # 966,24 − 911,52 = 54,72 ; vieillesse plafonnée 54,72 × 6,90 % = 3,77568 → 3,78 ;
    # employer on the whole gross 966,24 × 8,55 % = 82,6135 → 82,61
    slip = payslip(categorie="apprenti", salary="966.24", effectif=15,
                   debut=date(2025, 9, 1), type_contrat="apprentissage")
    line = slip.line("vieillesse_plafonnee")
    assert (line.base, line.employee_amount, line.employer_amount) == (
        D("966.24"), D("3.78"), D("82.61"))
    # CSG base 54,72 × 0,9825 = 53,7624 → 53,76 ; × 6,80 % = 3,65568 → 3,66 ; CRDS 0,27
    csg = slip.line("csg_deductible")
    assert (csg.base, csg.employee_amount) == (D("53.76"), D("3.66"))
    assert slip.line("crds").employee_amount == D("0.27")


def test_no_withholding_rate_applies_the_neutral_grid():
    # net imposable 2 050,22 (see the worked example a): from 2 042 to 2 151 €, 3,5 %
    # (grid of 1 May 2025, still used in 2026) : 2 050,22 × 0,035 = 71,7577 → 71,76
    slip = payslip(taux_pas=None)
    assert (slip.net_imposable, slip.taux_pas, slip.pas) == (D("2050.22"), D("0.035"),
                                                             D("71.76"))
    # net payé 1 978,99 − 71,76 = 1 907,23
    assert slip.net_paye == D("1907.23")


def test_alsace_moselle_employee_health_contribution():
    # 2 500 × 1,30 % = 32,50 (CSS D325-7)
    line = payslip(alsace_moselle=True).line("maladie")
    assert (line.employee_rate, line.employee_amount) == (D("0.013"), D("32.50"))


def test_fifty_employees_and_more():
    # FNAL 0,50 % on the whole gross: 12,50 ; RGDU Tdelta 0,3821 :
    # C = 0,02 + 0,3821 × 0,4016922 = 0,173487 → 0,1735 ; 0,1735 × 2 500 = 433,75 ;
    # retraite 433,75 × 0,0601 / 0,4021 = 64,831 → 64,83 ; URSSAF 368,92 ;
    # DSN due on the 5th of the next month
    slip = payslip(effectif=50)
    fnal = slip.line("fnal")
    assert (fnal.base, fnal.employer_rate, fnal.employer_amount) == (
        D("2500.00"), D("0.005"), D("12.50"))
    assert slip.line("rgdu_urssaf").employer_rate == D("0.1735")
    assert (slip.line("rgdu_urssaf").employer_amount,
            slip.line("rgdu_retraite").employer_amount) == (D("-368.92"), D("-64.83"))
    assert {due.echeance for due in dues_by_body([slip], parameters())} == {date(2026, 2, 5)}


def test_overtime_reductions():
    # 4 h at +25 %: 16,4832 × 1,25 = 20,604 ; × 4 = 82,416 → 82,42
    # employee reduction: the pension rates 6,90 + 0,40 + 3,15 + 0,86 = 11,31 %, within the
    # 11,31 % maximum : 82,42 × 0,1131 = 9,3217 → 9,32
    # employer flat deduction: 1,50 € an hour below 20 employees (6,00), 0,50 from 20 (2,00)
    for effectif, deduction in ((10, D("-6.00")), (25, D("-2.00"))):
        slip = payslip(effectif=effectif, variables=MonthVariables(heures_sup_bande_1=D(4)))
        assert slip.line("heures_sup_bande_1").amount == D("82.42")
        reduction = slip.line("reduction_heures_supplementaires")
        assert (reduction.employee_rate, reduction.employee_amount) == (D("0.1131"),
                                                                         D("-9.32"))
        assert slip.line("deduction_heures_supplementaires").employer_amount == deduction
        # net of the contributions it bears (all reduced), the overtime is tax-exempt
        assert slip.heures_supplementaires_exonerees == D("82.42")


def test_rgdu_is_regularised_over_the_year():
    """January 2 000 € (C = 0,3147 : reduction 629,40), February 2 000 € + a 4 000 € bonus:
    cumulative 8 000 € against 2 × 1 823,03 = 3 646,06 of SMIC ;
    ½ × (3 × 3 646,06 / 8 000 − 1) = 0,18363625 ; ^1,75 = 0,05150 ;
    C = 0,02 + 0,3781 × 0,05150 = 0,03947 → 0,0395 ; 0,0395 × 8 000 = 316,00 : February
    gives back 629,40 − 316,00 = 313,40 (266,09 URSSAF + 47,31 retraite)."""
    slips = engine.year_of_payslips(
        [data(salary="2000", month="2026-01"),
         data(salary="2000", month="2026-02", variables=MonthVariables(prime=D(4000)))],
        parameters())
    january, february = slips
    assert (january.line("rgdu_urssaf").employer_rate, january.ytd.rgdu_reduction) == (
        D("0.3147"), D("629.40"))
    assert (february.ytd.rgdu_brut, february.ytd.rgdu_smic) == (D("8000.00"), D("3646.06"))
    assert (february.line("rgdu_urssaf").employer_rate, february.ytd.rgdu_reduction) == (
        D("0.0395"), D("316.00"))
    assert (february.line("rgdu_urssaf").employer_amount,
            february.line("rgdu_retraite").employer_amount) == (D("266.09"), D("47.31"))
