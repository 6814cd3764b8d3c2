"""Payslips computed by hand from the law, then compared with the engine line by line.

Every expected figure below is a literal, with its arithmetic in a comment and the
parameter (and legal text) its rate comes from; each line is rounded to the cent, half up,
on its own. Nothing here calls an engine helper: the engine is only asked for the payslip.

a) a non-cadre, 2 500,00 € a month, 35 h, January 2026, 10 then 15 employees, AT 1 %;
b) a cadre, 5 000,00 € a month, January 2026 (tranche 2, CET, APEC), prévoyance des cadres
   1,50 % T1 paid by the employer, forfait social from 11 employees;
c) the gross of a SMIC worker in January and June 2026, and of a 39 h contract at the SMIC.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest

from pipelines.compute.payroll import engine
from pipelines.compute.payroll.model import (
    AGIRC_ARRCO,
    BRUT,
    URSSAF,
    Contract,
    Employee,
    OrganisationSettings,
    PayrollInput,
    ProtectionContract,
)
from pipelines.law import parameters

D = Decimal
CENT = D("0.01")


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def payslip(categorie: str, *, salaire: str | None, effectif: int, month: str = "2026-01",
            heures: str = "35", taux_horaire: str | None = None, protection=()):
    employee = Employee("T001", "Exemple", "Camille", categorie, taux_pas=D("0"))
    contract = Contract("CT9001", "CDI", date(2020, 1, 6), None, D(heures), False,
                        None if salaire is None else D(salaire),
                        None if taux_horaire is None else D(taux_horaire))
    settings = OrganisationSettings(effectif=effectif, taux_at=D("0.01"),
                                    protection=tuple(protection))
    return engine.payslip(PayrollInput(month, employee, contract, settings), parameters())


def contribution_lines(slip) -> dict[str, tuple]:
    """code → (base, employee rate, employee amount, employer rate, employer amount, body)."""
    return {line.code: (line.base, line.employee_rate, line.employee_amount,
                        line.employer_rate, line.employer_amount, line.body)
            for line in slip.lines if line.section != BRUT and line.code != "pas"}


def rgdu_coefficient(brut: Decimal, smic: Decimal, t_delta: Decimal) -> Decimal:
    """CSS D241-7: C = Tmin + Tdelta × [½ × (3 × SMIC / brut − 1)]^1,75, 4 decimals."""
    ratio = (D(3) * smic / brut - 1) / 2
    return (D("0.02") + t_delta * ratio ** D("1.75")).quantize(D("0.0001"), ROUND_HALF_UP)


# --- a) non-cadre, 2 500,00 € ------------------------------------------------------------

# Plafond mensuel (securite_sociale.plafond.mensuel, arrêté PMSS 2026) : 4 005,00 ; T1 = 2 500.
# CSG/CRDS base (paie.assiettes.csg_abattement 1,75 %, CSS L136-1-1 III 1°) :
#   2 500 × (1 − 0,0175) = 2 456,25
# RGDU (CSS L241-13, D241-7 ; paie.rgdu.*) with the SMIC of 35 h (paie.rgdu.smic_horaire_reference
# 12,02 × 35 × 52 / 12 = 1 823,0333… → 1 823,03) :
#   3 × 1 823,03 / 2 500 = 2,187636 ; ½ × (2,187636 − 1) = 0,593818 ;
#   0,593818^1,75 = 0,4016922 ; C = 0,02 + 0,3781 × 0,4016922 = 0,1718798 → 0,1719
#   réduction = 0,1719 × 2 500 = 429,75, of which retraite complémentaire
#   (paie.rgdu.part_retraite_complementaire 6,01 % of Tmin + Tdelta = 0,3981) :
#   429,75 × 0,0601 / 0,3981 = 64,878 → 64,88 ; URSSAF 429,75 − 64,88 = 364,87
NON_CADRE_2500 = {
    # code: (base, taux salarial, montant salarial, taux patronal, montant patronal, organisme)
    # maladie patronal 13 % (CSS D242-3) : 2 500 × 0,13 = 325,00
    "maladie": (D("2500.00"), None, None, D("0.13"), D("325.00"), URSSAF),
    # AT/MP : the rate notified to the organisation, 1 % : 2 500 × 0,01 = 25,00
    "accidents_travail": (D("2500.00"), None, None, D("0.01"), D("25.00"), URSSAF),
    # vieillesse plafonnée (CSS D242-4) on T1 : 2 500 × 6,90 % = 172,50 ; × 8,55 % = 213,75
    "vieillesse_plafonnee": (D("2500.00"), D("0.069"), D("172.50"), D("0.0855"), D("213.75"),
                             URSSAF),
    # vieillesse déplafonnée (CSS D242-4) : 2 500 × 0,40 % = 10,00 ; × 2,11 % = 52,75
    "vieillesse_deplafonnee": (D("2500.00"), D("0.004"), D("10.00"), D("0.0211"), D("52.75"),
                               URSSAF),
    # Agirc-Arrco T1 (ANI 17/11/2017 art. 36) : 2 500 × 3,15 % = 78,75 ; × 4,72 % = 118,00
    "retraite_complementaire_t1": (D("2500.00"), D("0.0315"), D("78.75"), D("0.0472"),
                                   D("118.00"), AGIRC_ARRCO),
    # CEG T1 (ANI art. 37) : 2 500 × 0,86 % = 21,50 ; × 1,29 % = 32,25
    "ceg_t1": (D("2500.00"), D("0.0086"), D("21.50"), D("0.0129"), D("32.25"), AGIRC_ARRCO),
    # allocations familiales (CSS D241-3-1) : 2 500 × 5,25 % = 131,25
    "allocations_familiales": (D("2500.00"), None, None, D("0.0525"), D("131.25"), URSSAF),
    # chômage (règlement d'assurance chômage), up to 4 PMSS : 2 500 × 4,00 % = 100,00
    "chomage": (D("2500.00"), None, None, D("0.04"), D("100.00"), URSSAF),
    # AGS : 2 500 × 0,25 % = 6,25
    "ags": (D("2500.00"), None, None, D("0.0025"), D("6.25"), URSSAF),
    # FNAL below 50 employees on T1 (CCH L813-4) : 2 500 × 0,10 % = 2,50
    "fnal": (D("2500.00"), None, None, D("0.001"), D("2.50"), URSSAF),
    # CSA (CASF L14-10-4) : 2 500 × 0,30 % = 7,50
    "csa": (D("2500.00"), None, None, D("0.003"), D("7.50"), URSSAF),
    # formation professionnelle below 11 employees (C. trav. L6331-2) : 2 500 × 0,55 % = 13,75
    "formation_professionnelle": (D("2500.00"), None, None, D("0.0055"), D("13.75"), URSSAF),
    # taxe d'apprentissage (C. trav. L6241-1) : 2 500 × 0,68 % = 17,00
    "taxe_apprentissage": (D("2500.00"), None, None, D("0.0068"), D("17.00"), URSSAF),
    # dialogue social (C. trav. L2135-10) : 2 500 × 0,016 % = 0,40
    "dialogue_social": (D("2500.00"), None, None, D("0.00016"), D("0.40"), URSSAF),
    # CSG déductible 6,80 % (CSS L136-8) : 2 456,25 × 0,068 = 167,025 → 167,03
    "csg_deductible": (D("2456.25"), D("0.068"), D("167.03"), None, None, URSSAF),
    # CSG non déductible 2,40 % : 2 456,25 × 0,024 = 58,95
    "csg_non_deductible": (D("2456.25"), D("0.024"), D("58.95"), None, None, URSSAF),
    # CRDS 0,50 % (ordonnance 96-50) : 2 456,25 × 0,005 = 12,28125 → 12,28
    "crds": (D("2456.25"), D("0.005"), D("12.28"), None, None, URSSAF),
    # RGDU : see above ; its base is the (cumulative) gross
    "rgdu_urssaf": (D("2500.00"), None, None, D("0.1719"), D("-364.87"), URSSAF),
    "rgdu_retraite": (D("2500.00"), None, None, D("0.1719"), D("-64.88"), AGIRC_ARRCO),
}


def test_the_rgdu_coefficients_of_the_examples_follow_the_formula():
    """The literals below are the formula's, not the engine's."""
    smic = cents(D("12.02") * 35 * 52 / 12)
    assert smic == D("1823.03")
    assert rgdu_coefficient(D("2500"), smic, D("0.3781")) == D("0.1719")
    assert rgdu_coefficient(D("5000"), smic, D("0.3781")) == D("0.0218")
    # the split of the reduction (part retraite complémentaire 6,01 % of 0,3981)
    assert cents(D("429.75") * D("0.0601") / D("0.3981")) == D("64.88")
    assert cents(D("109.00") * D("0.0601") / D("0.3981")) == D("16.46")


def test_non_cadre_2500_january_10_employees():
    slip = payslip("non-cadre", salaire="2500", effectif=10)

    # gross : 151,67 h shown (35 × 52 / 12 = 151,666…) ; hourly rate on the exact hours
    # (C. trav. L3242-1) : 2 500 / 151,666… = 16,48351… → 16,4835
    [base] = slip.section(BRUT)
    assert (base.code, base.quantity, base.rate, base.amount) == (
        "salaire_base", D("151.67"), D("16.4835"), D("2500.00"))
    assert slip.salaire_brut == D("2500.00")
    assert slip.plafond == D("4005.00")
    assert contribution_lines(slip) == NON_CADRE_2500

    # salariales : 172,50 + 10,00 + 78,75 + 21,50 + 167,03 + 58,95 + 12,28 = 521,01
    assert slip.cotisations_salariales == D("521.01")
    # patronales : 325 + 25 + 213,75 + 52,75 + 118 + 32,25 + 131,25 + 100 + 6,25 + 2,50
    #   + 7,50 + 13,75 + 17 + 0,40 = 1 045,40 ; − 429,75 (RGDU) = 615,65
    assert slip.cotisations_patronales == D("615.65")
    # net social : 2 500 − 521,01 = 1 978,99 (no prévoyance)
    assert slip.net_social == D("1978.99")
    # net imposable : 2 500 − deductible (172,50 + 10 + 78,75 + 21,50 + 167,03 = 449,78)
    #   = 2 050,22 (CSG non déductible and CRDS stay taxable)
    assert slip.net_imposable == D("2050.22")
    # taux PAS 0 : nothing withheld ; net payé = 2 500 − 521,01 = 1 978,99
    assert (slip.taux_pas, slip.pas) == (D("0"), D("0.00"))
    assert slip.net_avant_impot == slip.net_paye == D("1978.99")
    # coût employeur : 2 500 + 615,65 = 3 115,65
    assert slip.cout_employeur == D("3115.65")
    assert slip.ytd.rgdu_reduction == D("429.75")


def test_non_cadre_2500_january_15_employees():
    """From 11 employees the training contribution is 1 % (C. trav. L6331-3); nothing else
    changes for this employee (no prévoyance, so no forfait social; FNAL and RGDU stay below
    50)."""
    slip = payslip("non-cadre", salaire="2500", effectif=15)

    # formation professionnelle : 2 500 × 1,00 % = 25,00
    expected = NON_CADRE_2500 | {
        "formation_professionnelle": (D("2500.00"), None, None, D("0.01"), D("25.00"), URSSAF)}
    assert contribution_lines(slip) == expected
    # patronales : 615,65 − 13,75 + 25,00 = 626,90 ; coût 2 500 + 626,90 = 3 126,90
    assert slip.cotisations_patronales == D("626.90")
    assert slip.cout_employeur == D("3126.90")
    assert (slip.cotisations_salariales, slip.net_paye) == (D("521.01"), D("1978.99"))


# --- b) cadre, 5 000,00 € ----------------------------------------------------------------

# T1 = 4 005,00 (PMSS) ; T2 = 5 000 − 4 005 = 995,00 (paie.assiettes.tranche_2_plafonds 8 PMSS)
# Prévoyance cadre 1,50 % T1 employer (ANI 17/11/2017 prévoyance des cadres, art. 1er ; the
#   organisation's contract) : 4 005 × 0,015 = 60,075 → 60,08
# CSG/CRDS base : 5 000 × 0,9825 + 60,08 (employer prévoyance, CSS L136-1-1) = 4 972,58
# RGDU : 3 × 1 823,03 = 5 469,09 > 5 000 so C > 0 :
#   5 469,09 / 5 000 = 1,093818 ; ½ × 0,093818 = 0,046909 ; 0,046909^1,75 = 0,0047282 ;
#   C = 0,02 + 0,3781 × 0,0047282 = 0,0217877 → 0,0218 ; réduction 0,0218 × 5 000 = 109,00 ;
#   retraite 109 × 0,0601 / 0,3981 = 16,455 → 16,46 ; URSSAF 109,00 − 16,46 = 92,54
PREVOYANCE_CADRE = ProtectionContract("PS003", "prévoyance", "Prévoyance Artisans Rhône",
                                      "cadre", "tranche 1", taux_patronal=D("0.015"))
CADRE_5000 = {
    "maladie": (D("5000.00"), None, None, D("0.13"), D("650.00"), URSSAF),  # 5 000 × 13 %
    "accidents_travail": (D("5000.00"), None, None, D("0.01"), D("50.00"), URSSAF),
    # T1 : 4 005 × 6,90 % = 276,345 → 276,35 ; × 8,55 % = 342,4275 → 342,43
    "vieillesse_plafonnee": (D("4005.00"), D("0.069"), D("276.35"), D("0.0855"), D("342.43"),
                             URSSAF),
    # 5 000 × 0,40 % = 20,00 ; × 2,11 % = 105,50
    "vieillesse_deplafonnee": (D("5000.00"), D("0.004"), D("20.00"), D("0.0211"), D("105.50"),
                               URSSAF),
    # Agirc-Arrco T1 : 4 005 × 3,15 % = 126,1575 → 126,16 ; × 4,72 % = 189,036 → 189,04
    "retraite_complementaire_t1": (D("4005.00"), D("0.0315"), D("126.16"), D("0.0472"),
                                   D("189.04"), AGIRC_ARRCO),
    # CEG T1 : 4 005 × 0,86 % = 34,443 → 34,44 ; × 1,29 % = 51,6645 → 51,66
    "ceg_t1": (D("4005.00"), D("0.0086"), D("34.44"), D("0.0129"), D("51.66"), AGIRC_ARRCO),
    # Agirc-Arrco T2 : 995 × 8,64 % = 85,968 → 85,97 ; × 12,95 % = 128,8525 → 128,85
    "retraite_complementaire_t2": (D("995.00"), D("0.0864"), D("85.97"), D("0.1295"),
                                   D("128.85"), AGIRC_ARRCO),
    # CEG T2 : 995 × 1,08 % = 10,746 → 10,75 ; × 1,62 % = 16,119 → 16,12
    "ceg_t2": (D("995.00"), D("0.0108"), D("10.75"), D("0.0162"), D("16.12"), AGIRC_ARRCO),
    # CET (gross above the PMSS) on T1 + T2 : 5 000 × 0,14 % = 7,00 ; × 0,21 % = 10,50
    "cet": (D("5000.00"), D("0.0014"), D("7.00"), D("0.0021"), D("10.50"), AGIRC_ARRCO),
    "allocations_familiales": (D("5000.00"), None, None, D("0.0525"), D("262.50"), URSSAF),
    "chomage": (D("5000.00"), None, None, D("0.04"), D("200.00"), URSSAF),  # × 4 %
    "ags": (D("5000.00"), None, None, D("0.0025"), D("12.50"), URSSAF),  # × 0,25 %
    # APEC (convention du 18/11/1966) up to 4 PMSS : 5 000 × 0,024 % = 1,20 ; × 0,036 % = 1,80
    "apec": (D("5000.00"), D("0.00024"), D("1.20"), D("0.00036"), D("1.80"), AGIRC_ARRCO),
    # FNAL < 50 on T1 : 4 005 × 0,10 % = 4,005 → 4,01
    "fnal": (D("4005.00"), None, None, D("0.001"), D("4.01"), URSSAF),
    "csa": (D("5000.00"), None, None, D("0.003"), D("15.00"), URSSAF),  # × 0,30 %
    # 15 employees : 1 % (L6331-3) : 50,00
    "formation_professionnelle": (D("5000.00"), None, None, D("0.01"), D("50.00"), URSSAF),
    "taxe_apprentissage": (D("5000.00"), None, None, D("0.0068"), D("34.00"), URSSAF),
    "dialogue_social": (D("5000.00"), None, None, D("0.00016"), D("0.80"), URSSAF),
    "prevoyance_PS003": (D("4005.00"), None, None, D("0.015"), D("60.08"),
                         "Prévoyance Artisans Rhône"),
    # forfait social 8 % (CSS L137-16) from 11 employees (L137-15) : 60,08 × 0,08 = 4,8064
    "forfait_social": (D("60.08"), None, None, D("0.08"), D("4.81"), URSSAF),
    # CSG déductible : 4 972,58 × 6,80 % = 338,13544 → 338,14
    "csg_deductible": (D("4972.58"), D("0.068"), D("338.14"), None, None, URSSAF),
    # CSG non déductible : 4 972,58 × 2,40 % = 119,34192 → 119,34
    "csg_non_deductible": (D("4972.58"), D("0.024"), D("119.34"), None, None, URSSAF),
    # CRDS : 4 972,58 × 0,50 % = 24,8629 → 24,86
    "crds": (D("4972.58"), D("0.005"), D("24.86"), None, None, URSSAF),
    "rgdu_urssaf": (D("5000.00"), None, None, D("0.0218"), D("-92.54"), URSSAF),
    "rgdu_retraite": (D("5000.00"), None, None, D("0.0218"), D("-16.46"), AGIRC_ARRCO),
}


def test_cadre_5000_january_15_employees():
    slip = payslip("cadre", salaire="5000", effectif=15, protection=[PREVOYANCE_CADRE])

    # hourly rate 5 000 / 151,666… = 32,96703 → 32,9670
    [base] = slip.section(BRUT)
    assert (base.quantity, base.rate, base.amount) == (D("151.67"), D("32.9670"), D("5000.00"))
    assert slip.plafond == D("4005.00")
    assert contribution_lines(slip) == CADRE_5000

    # salariales : 276,35 + 20 + 126,16 + 34,44 + 85,97 + 10,75 + 7 + 1,20 + 338,14 + 119,34
    #   + 24,86 = 1 044,21
    assert slip.cotisations_salariales == D("1044.21")
    # patronales : 650 + 50 + 342,43 + 105,50 + 189,04 + 51,66 + 128,85 + 16,12 + 10,50
    #   + 262,50 + 200 + 12,50 + 1,80 + 4,01 + 15 + 50 + 34 + 0,80 + 60,08 + 4,81 = 2 189,60 ;
    #   − 109,00 (RGDU) = 2 080,60
    assert slip.cotisations_patronales == D("2080.60")
    # net social : 5 000 + 60,08 (employer prévoyance) − 1 044,21 = 4 015,87
    assert slip.net_social == D("4015.87")
    # net imposable : 5 000 − deductible (1 044,21 − 119,34 − 24,86 = 900,01) = 4 099,99 ;
    #   the employer's prévoyance (not health) share is not taxable (CGI 83 1° quater)
    assert slip.net_imposable == D("4099.99")
    # net payé (PAS 0) : 5 000 − 1 044,21 = 3 955,79 ; coût : 5 000 + 2 080,60 = 7 080,60
    assert slip.net_paye == D("3955.79")
    assert slip.cout_employeur == D("7080.60")


def test_cadre_5000_below_11_employees_has_no_forfait_social():
    slip = payslip("cadre", salaire="5000", effectif=10, protection=[PREVOYANCE_CADRE])

    # formation 0,55 % : 5 000 × 0,0055 = 27,50 ; no forfait social (L137-15)
    expected = {code: value for code, value in CADRE_5000.items() if code != "forfait_social"}
    expected["formation_professionnelle"] = (D("5000.00"), None, None, D("0.0055"), D("27.50"),
                                             URSSAF)
    assert contribution_lines(slip) == expected
    # patronales : 2 080,60 − 4,81 − 50 + 27,50 = 2 053,29 ; coût 7 053,29
    assert slip.cotisations_patronales == D("2053.29")
    assert slip.cout_employeur == D("7053.29")
    assert slip.net_paye == D("3955.79")


# --- c) the SMIC -------------------------------------------------------------------------

def test_smic_monthly_salary_january_and_june():
    """The monthly SMIC of 35 h (salaires.smic.horaire × 35 × 52 / 12, C. trav. L3242-1) :
    January 12,02 × 151,666… = 1 823,033… → 1 823,03 ; June (salaires.smic.horaire rises to
    12,31 on 1 June 2026) 12,31 × 151,666… = 1 867,016… → 1 867,02."""
    assert cents(D("12.02") * 35 * 52 / 12) == D("1823.03")
    assert cents(D("12.31") * 35 * 52 / 12) == D("1867.02")
    for month, salary, rate in (("2026-01", "1823.03", "12.0200"),
                                ("2026-06", "1867.02", "12.3100")):
        slip = payslip("non-cadre", salaire=salary, effectif=15, month=month)
        [base] = slip.section(BRUT)
        # the base line : 151,67 h shown, at salary / (35 × 52 / 12) : 1 823,03 / 151,666… =
        # 12,01998 → 12,0200 ; 1 867,02 / 151,666… = 12,30997 → 12,3100 : the SMIC itself
        assert (base.quantity, base.rate, base.amount) == (D("151.67"), D(rate), D(salary))
        assert slip.salaire_brut == slip.smic_mensuel_reference == D(salary)


@pytest.mark.parametrize("month, hourly, expected", [("2026-01", "12.02", "1823.03"),
                                                     ("2026-06", "12.31", "1867.02")])
def test_smic_hourly_contract_35_hours(month, hourly, expected):
    """35 h at the hourly SMIC, mensualised : 12,02 × 35 × 52 / 12 = 1 823,03 in January,
    12,31 × 35 × 52 / 12 = 1 867,02 in June."""
    slip = payslip("non-cadre", salaire=None, taux_horaire=hourly, effectif=15, month=month)
    assert slip.salaire_brut == D(expected)


def test_smic_39_hours_monthly_salary():
    """39 h at the SMIC (C. trav. L3121-36 : +25 % for hours 36 to 43) : the minimum is
    12,02 × 52 / 12 × (35 + 4 × 1,25) = 12,02 × 173,333… = 2 083,4733… → 2 083,47.
    The payslip shows it as 151,67 h + 17,33 h at +25 % (paie.heures_supplementaires.majoration_1),
    the amounts being computed on the exact mensualised hours (151,666… and 17,333…) :
      hourly rate = 2 083,47 / (151,666… + 17,333… × 1,25 = 173,333…) = 12,02002 → 12,0200 ;
      base : 12,02 × 151,666… = 1 823,0333 → 1 823,03 ;
      structural hours : the rest of the salary, 2 083,47 − 1 823,03 = 260,44
      (17,333… × 15,025 = 260,4333 : the last line takes the rounding cent)."""
    assert cents(D("12.02") * 52 / 12 * (35 + 4 * D("1.25"))) == D("2083.47")
    slip = payslip("non-cadre", salaire="2083.47", heures="39", effectif=15)
    lines = [(line.code, line.quantity, line.rate, line.amount) for line in slip.section(BRUT)]
    assert lines == [
        ("salaire_base", D("151.67"), D("12.0200"), D("1823.03")),
        ("heures_structurelles_bande_1", D("17.33"), D("15.0250"), D("260.44")),
    ]
    assert slip.salaire_brut == D("2083.47")
    # structural overtime is overtime : its pay counts in heures_supplementaires
    assert slip.heures_supplementaires == D("260.44")


def test_smic_39_hours_hourly_contract_lines_add_up():
    """At 12,02 €/h for 39 h, mensualised (C. trav. L3242-1) : 12,02 × 52 / 12 × (35 + 4 × 1,25)
    = 2 083,4733 → 2 083,47, the same as the monthly salary above ; base 12,02 × 151,666… =
    1 823,03 ; the structural hours take the rest, 260,44 (their 17,33 h shown at 15,025)."""
    slip = payslip("non-cadre", salaire=None, taux_horaire="12.02", heures="39", effectif=15)
    lines = [(line.code, line.quantity, line.rate, line.amount) for line in slip.section(BRUT)]
    assert lines == [
        ("salaire_base", D("151.67"), D("12.02"), D("1823.03")),
        ("heures_structurelles_bande_1", D("17.33"), D("15.0250"), D("260.44")),
    ]
    assert slip.salaire_brut == D("2083.47")
