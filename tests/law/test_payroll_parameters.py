"""The payroll parameters (paie.*) load, are dated for 2026 and agree with each other."""

from datetime import date
from decimal import Decimal

import pytest

from pipelines.law import Parameters, parameters
from pipelines.law.parameters_loader import PARAMETERS_DIR

JANUARY_2026 = date(2026, 1, 1)
PAIE_DIR = PARAMETERS_DIR / "paie"


def payroll_names():
    return sorted(
        ".".join(path.relative_to(PARAMETERS_DIR).with_suffix("").parts)
        for path in PAIE_DIR.rglob("*.yaml")
    )


def test_payroll_parameters_exist():
    assert len(payroll_names()) > 60


def test_every_payroll_file_loads_through_parameters():
    loaded = {p.name for p in Parameters()}
    assert set(payroll_names()) <= loaded


@pytest.mark.parametrize("name", payroll_names())
def test_every_payroll_parameter_is_settled_on_1_january_2026(name):
    """Each parameter has a dated entry in force on 1 January 2026: a value, or an
    explicit null when the rule stopped applying then (reduced rates, 250-employee cap)."""
    parameter = parameters().get(name)
    in_force = [dated for dated in parameter.values if dated.start <= JANUARY_2026]
    assert in_force, f"{name} n'a aucune valeur datée au plus tard du 1er janvier 2026"
    current = in_force[-1]
    if current.value is None:
        assert current.start == JANUARY_2026, f"{name} : null seulement si supprimé en 2026"
    else:
        assert parameters().value(name, JANUARY_2026) == current.value


RULES_STOPPED_IN_2026 = {
    "paie.cotisations.maladie.patronal_reduit",
    "paie.cotisations.maladie.seuil_reduit_smic",
    "paie.cotisations.allocations_familiales.patronal_reduit",
    "paie.cotisations.allocations_familiales.seuil_reduit_smic",
    "paie.heures_supplementaires.deduction_forfaitaire_seuil_250",
}


def test_only_the_abolished_rules_stop_on_1_january_2026():
    stopped = {
        name
        for name in payroll_names()
        if parameters().value_or_none(name, JANUARY_2026) is None
    }
    assert stopped == RULES_STOPPED_IN_2026


def value(name, on=JANUARY_2026):
    return parameters().value(name, on)


def test_agirc_arrco_t1_rates_sum_to_the_called_rate():
    employee = value("paie.cotisations.agirc_arrco.t1.salarial")
    employer = value("paie.cotisations.agirc_arrco.t1.patronal")
    assert employee + employer == Decimal("0.0787")
    t2 = value("paie.cotisations.agirc_arrco.t2.salarial") + value(
        "paie.cotisations.agirc_arrco.t2.patronal"
    )
    assert t2 == Decimal("0.2159")


def test_overtime_employee_reduction_cap_is_the_sum_of_the_retirement_rates():
    total = (
        value("paie.cotisations.vieillesse_plafonnee.salarial")
        + value("paie.cotisations.vieillesse_deplafonnee.salarial")
        + value("paie.cotisations.agirc_arrco.t1.salarial")
        + value("paie.cotisations.ceg.t1.salarial")
    )
    assert total == value("paie.heures_supplementaires.reduction_salariale_maximum")
    assert total == Decimal("0.1131")


def test_rgdu_retirement_share_is_agirc_arrco_plus_ceg_t1_employer():
    assert value("paie.rgdu.part_retraite_complementaire") == value(
        "paie.cotisations.agirc_arrco.t1.patronal"
    ) + value("paie.cotisations.ceg.t1.patronal")


def test_rgdu_tdelta_differs_by_the_fnal_rates():
    gap = value("paie.rgdu.t_delta_50_et_plus") - value("paie.rgdu.t_delta_moins_50")
    fnal_gap = value("paie.cotisations.fnal.patronal_50_et_plus") - value(
        "paie.cotisations.fnal.patronal_moins_50"
    )
    assert gap == fnal_gap == Decimal("0.004")
    assert value("paie.rgdu.t_min") + value("paie.rgdu.t_delta_moins_50") == Decimal("0.3981")


def test_rgdu_uses_the_january_smic_all_year():
    january_smic = value("salaires.smic.horaire")
    assert value("paie.rgdu.smic_horaire_reference", date(2026, 12, 31)) == january_smic


def test_dated_changes_in_2025_and_2026():
    assert value("paie.cotisations.vieillesse_deplafonnee.patronal", date(2025, 6, 1)) == Decimal(
        "0.0202"
    )
    assert value("paie.cotisations.vieillesse_deplafonnee.patronal") == Decimal("0.0211")
    assert value("paie.cotisations.chomage.patronal", date(2025, 4, 30)) == Decimal("0.0405")
    assert value("paie.cotisations.chomage.patronal", date(2025, 5, 1)) == Decimal("0.04")
    assert value("paie.cotisations.maladie.patronal_reduit", date(2025, 12, 31)) == Decimal("0.07")


def test_apprentice_exemption_follows_the_contract_conclusion_date():
    name = "paie.apprentis.exoneration_salariale_smic_part"
    assert value(name, date(2025, 2, 28)) == Decimal("0.79")
    assert value(name, date(2025, 3, 1)) == Decimal("0.50")
    csg = "paie.apprentis.csg_crds_seuil_smic_part"
    assert parameters().value_or_none(csg, date(2025, 2, 28)) is None
    assert value(csg, date(2025, 3, 1)) == Decimal("0.50")


def test_neutral_rate_grid_is_ordered_and_ends_open():
    grid = value("paie.prelevement_source.grille_neutre_metropole")
    rows = [row.split(":") for row in grid.split(";")]
    limits = [Decimal(limit) for limit, _ in rows[:-1]]
    rates = [Decimal(rate) for _, rate in rows]
    assert limits == sorted(limits) and limits[0] == Decimal("1620")
    assert rates == sorted(rates) and rates[0] == 0 and rates[-1] == Decimal("0.43")
    assert rows[-1][0] == "inf"
    assert value("paie.prelevement_source.grille_neutre_metropole", date(2025, 4, 30)).startswith(
        "1591:0;"
    )


def test_restaurant_voucher_cap_matches_the_employer_share_range():
    cap = value("paie.avantages.titres_restaurant_exoneration_plafond")
    assert cap == Decimal("7.32")
    assert value("paie.avantages.titres_restaurant_part_patronale_minimum") == Decimal("0.50")
    assert value("paie.avantages.titres_restaurant_part_patronale_maximum") == Decimal("0.60")
