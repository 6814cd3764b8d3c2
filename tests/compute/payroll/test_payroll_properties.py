"""Properties of the payroll engine on random employees and months (hypothesis).

Over random gross pay (0,01 to 20 000 €), categories, part-time hours, overtime and
complementary hours, absences, bonuses, benefits in kind, meal vouchers, transport,
advances, withholding rates, headcounts, AT rates and protection contracts, for a few
consecutive months of 2026:

- net payé + cotisations salariales + PAS + retenues après le net = brut + ajouts non soumis,
  exactly;
- every amount has at most two decimals;
- the gross is the sum of the gross lines, the contribution totals the sums of the lines;
- the RGDU coefficient lies in [0, Tmin + Tdelta], the year-to-date reduction is the
  coefficient × the cumulative gross and never more;
- T1 + T2 never exceed the gross; nothing raises.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.compute.payroll.engine import year_of_payslips
from pipelines.compute.payroll.model import (
    BRUT,
    CATEGORIES,
    Contract,
    Employee,
    MonthVariables,
    OrganisationSettings,
    PayrollInput,
    ProtectionContract,
)
from pipelines.law import parameters

CENT = Decimal("0.01")
RGDU_MAXIMUM = {  # paie.rgdu.t_min + t_delta_moins_50 / t_delta_50_et_plus (2026)
    False: Decimal("0.02") + Decimal("0.3781"), True: Decimal("0.02") + Decimal("0.3821")}

money = st.integers(min_value=1, max_value=2_000_000).map(lambda c: Decimal(c) / 100)
small_money = st.integers(min_value=0, max_value=50_000).map(lambda c: Decimal(c) / 100)
quarter_hours = st.integers(min_value=0, max_value=80).map(lambda q: Decimal(q) / 4)
rates = st.integers(min_value=0, max_value=4300).map(lambda r: Decimal(r) / 10_000)

PROTECTION = (
    ProtectionContract("PS001", "mutuelle", "Mutuelle", "tous", "forfait",
                       montant_salarial=Decimal("32"), montant_patronal=Decimal("48")),
    ProtectionContract("PS002", "prévoyance", "Prévoyance", "non-cadre", "tranche 1",
                       taux_salarial=Decimal("0.0035"), taux_patronal=Decimal("0.0055")),
    ProtectionContract("PS003", "prévoyance", "Prévoyance", "cadre", "tranche 1",
                       taux_patronal=Decimal("0.015")),
    ProtectionContract("PS004", "mutuelle", "Santé", "tous", "plafond",
                       taux_salarial=Decimal("0.011"), taux_patronal=Decimal("0.011")),
)


@st.composite
def month_inputs(draw, contract: Contract, employee: Employee, org: OrganisationSettings,
                 month: str) -> PayrollInput:
    weekly = contract.heures_hebdo
    extra = {}
    if contract.temps_partiel:
        extra = {"heures_comp_dixieme": draw(quarter_hours) / 4,
                 "heures_comp_au_dela": draw(quarter_hours) / 4}
    else:
        extra = {"heures_sup_bande_1": draw(quarter_hours),
                 "heures_sup_bande_2": draw(quarter_hours) / 2}
    # at most 3 weeks of absence: a month has at least 3,4 weeks of working days
    absence = draw(st.integers(min_value=0, max_value=int(weekly * 3)))
    sick = draw(st.integers(min_value=0, max_value=int(weekly * 3) - absence))
    variables = MonthVariables(
        **extra,
        heures_absence_non_payee=Decimal(absence), heures_absence_maladie=Decimal(sick),
        complement_maladie=draw(small_money) if sick else Decimal(0),
        prime=draw(st.one_of(st.just(Decimal(0)), money.map(lambda m: m / 4))),
        repas_fournis=draw(st.integers(min_value=0, max_value=22)),
        avantage_vehicule=draw(st.one_of(st.just(Decimal(0)), small_money)),
        titres_restaurant=draw(st.integers(min_value=0, max_value=22)),
        remboursement_transport=draw(st.one_of(st.just(Decimal(0)), small_money)),
        acompte=draw(st.one_of(st.just(Decimal(0)), small_money)),
        heures_nuit=draw(quarter_hours) / 4,
    )
    return PayrollInput(month, employee, contract, org, variables)


@st.composite
def employee_year(draw) -> list[PayrollInput]:
    categorie = draw(st.sampled_from(CATEGORIES))
    part_time = draw(st.booleans())
    weekly = (Decimal(draw(st.integers(min_value=8, max_value=34))) if part_time
              else draw(st.sampled_from((Decimal(35), Decimal(39), Decimal(37)))))
    hourly_contract = draw(st.booleans())
    salary = draw(money)
    contract = Contract(
        "CT0001", "apprentissage" if categorie == "apprenti" else "CDI", date(2025, 9, 1),
        None, weekly, part_time, None if hourly_contract else salary,
        (salary / 150).quantize(Decimal("0.0001")) if hourly_contract else None)
    employee = Employee("S001", "Exemple", "Camille", categorie,
                        taux_pas=draw(st.one_of(st.none(), rates)))
    org = OrganisationSettings(
        effectif=draw(st.integers(min_value=1, max_value=300)),
        taux_at=Decimal(draw(st.integers(min_value=50, max_value=600))) / 10_000,
        alsace_moselle=draw(st.booleans()),
        taux_versement_mobilite=draw(st.sampled_from((Decimal(0), Decimal("0.02")))),
        majoration_nuit=Decimal("0.2"),
        valeur_titre_restaurant=draw(st.sampled_from((Decimal(0), Decimal(9), Decimal(14)))),
        part_patronale_titre_restaurant=draw(st.sampled_from((Decimal("0.5"),
                                                              Decimal("0.6")))),
        protection=tuple(draw(st.sets(st.sampled_from(PROTECTION), max_size=3))),
    )
    first = draw(st.integers(min_value=1, max_value=10))
    count = draw(st.integers(min_value=1, max_value=3))
    return [draw(month_inputs(contract, employee, org, f"2026-{m:02d}"))
            for m in range(first, first + count)]


def two_decimals(value: Decimal) -> bool:
    return value == value.quantize(CENT, ROUND_HALF_UP)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(employee_year())
def test_payslip_properties(inputs):
    slips = year_of_payslips(inputs, parameters())
    for slip in slips:
        # the identity of the net, exactly
        assert (slip.net_paye + slip.cotisations_salariales + slip.pas
                + slip.retenues_apres_net) == slip.salaire_brut + slip.ajouts_non_soumis
        amounts = [slip.salaire_brut, slip.cotisations_salariales, slip.cotisations_patronales,
                   slip.net_social, slip.net_imposable, slip.pas, slip.net_avant_impot,
                   slip.net_paye, slip.cout_employeur, slip.plafond, slip.retenues_apres_net,
                   slip.ajouts_non_soumis, slip.heures_supplementaires]
        for line in slip.lines:
            amounts += [value for value in (line.amount, line.employee_amount,
                                            line.employer_amount) if value is not None]
        assert all(two_decimals(amount) for amount in amounts)
        # totals are the sums of their lines
        assert slip.salaire_brut == sum(line.amount for line in slip.section(BRUT))
        assert slip.cotisations_salariales == sum(
            (line.employee_amount for line in slip.lines if line.employee_amount is not None),
            Decimal(0))
        assert slip.cotisations_patronales == sum(
            (line.employer_amount for line in slip.lines if line.employer_amount is not None),
            Decimal(0))
        # the tranches
        t1 = slip.line("vieillesse_plafonnee").base
        t2_line = slip.line("retraite_complementaire_t2")
        t2 = t2_line.base if t2_line else Decimal(0)
        assert t1 >= 0 and t2 >= 0 and t1 <= slip.plafond
        assert t1 + t2 <= max(slip.salaire_brut, Decimal(0))
        # the RGDU
        maximum = RGDU_MAXIMUM[slip.effectif >= 50]
        assert 0 <= slip.ytd.rgdu_reduction <= slip.ytd.rgdu_brut * maximum + CENT / 2
        rgdu = slip.line("rgdu_urssaf")
        if rgdu is not None:
            assert 0 <= rgdu.employer_rate <= maximum
            assert rgdu.base == slip.ytd.rgdu_brut
            cumulative = rgdu.employer_rate * slip.ytd.rgdu_brut
            assert slip.ytd.rgdu_reduction == cumulative.quantize(CENT, ROUND_HALF_UP)
            assert slip.ytd.rgdu_reduction <= cumulative + CENT / 2
    # the year to date adds the months up
    assert slips[-1].ytd.brut == sum(slip.salaire_brut for slip in slips)
    assert slips[-1].ytd.net_paye == sum(slip.net_paye for slip in slips)
