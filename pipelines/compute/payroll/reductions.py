"""Reductions of contributions: the RGDU, and the overtime reductions.

- **RGDU** (réduction générale dégressive unique, from 2026, CSS L241-13 and D241-7):
  C = Tmin + Tdelta × [½ × (3 × SMIC / gross − 1)]^P, rounded to 4 decimals, capped at
  Tmin + Tdelta, and zero from 3 SMIC. It is computed year to date: the coefficient of
  the cumulative gross against the cumulative SMIC reference gives the cumulative
  reduction, and the month's line is that less what earlier months already took (a
  negative line regularises an earlier excess). The SMIC reference of a month is the
  monthly SMIC, in proportion to the hours the contract pays (part-time, absences, entry
  or exit), plus the overtime and complementary hours at the hourly SMIC (no premium).
- **Overtime, employee side**: the employee's pension contributions on overtime pay are
  reduced, at most at ``reduction_salariale_maximum`` (11,31 %).
- **Overtime, employer side**: a flat deduction per overtime hour, by headcount.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from pipelines.compute.money import to_cent
from pipelines.compute.payroll.gross import Gross
from pipelines.compute.payroll.hours import monthly_hours
from pipelines.compute.payroll.model import (
    AGIRC_ARRCO,
    EXONERATIONS,
    URSSAF,
    ZERO,
    PayLine,
    PayrollInput,
    YearToDate,
)
from pipelines.compute.payroll.rates import (
    DUREE_LEGALE,
    HS_DEDUCTION_20_A_249,
    HS_DEDUCTION_MOINS_20,
    HS_DEDUCTION_SEUIL,
    HS_DEDUCTION_SEUIL_HAUT,
    HS_REDUCTION_MAX,
    MOIS_PAR_AN,
    RGDU_DECIMALES,
    RGDU_EXPOSANT,
    RGDU_PART_RETRAITE,
    RGDU_PLAFOND_SMIC,
    RGDU_SEUIL,
    RGDU_SMIC_HORAIRE,
    RGDU_T_DELTA_50,
    RGDU_T_DELTA_MOINS_50,
    RGDU_T_MIN,
    SEMAINES_PAR_AN,
    MonthLaw,
    contribution,
)

RGDU_PARAMETERS = (RGDU_T_MIN, RGDU_T_DELTA_MOINS_50, RGDU_T_DELTA_50, RGDU_SEUIL, RGDU_EXPOSANT,
                   RGDU_PLAFOND_SMIC, RGDU_DECIMALES, RGDU_PART_RETRAITE, RGDU_SMIC_HORAIRE)
# The employee pension contributions that the overtime reduction applies to.
OVERTIME_REDUCED_LINES = ("vieillesse_plafonnee", "vieillesse_deplafonnee",
                          "retraite_complementaire_t1", "ceg_t1")


def smic_reference(data: PayrollInput, gross: Gross, law: MonthLaw) -> Decimal:
    """The month's SMIC for the RGDU: the SMIC of the legal monthly hours (the hourly SMIC
    of ``paie.rgdu.smic_horaire_reference``, fixed for the year, × 35 h × 52 / 12) × the
    share of the hours the contract pays, plus the hours beyond the legal duration at the
    hourly SMIC (no premium)."""
    hourly = law(RGDU_SMIC_HORAIRE)
    legal_weekly = law(DUREE_LEGALE)
    legal_monthly = monthly_hours(legal_weekly, law)
    contract_share = min(gross.contract_monthly_hours, legal_monthly) / legal_monthly
    month = hourly * legal_weekly * law(SEMAINES_PAR_AN) / law(MOIS_PAR_AN)
    reference = month * contract_share * gross.paid_share
    structural = max(gross.contract_monthly_hours - legal_monthly, ZERO) * gross.paid_share
    return to_cent(reference + (structural + gross.extra_hours) * hourly)


def rgdu_coefficient(gross: Decimal, smic: Decimal, effectif: int, law: MonthLaw) -> Decimal:
    if gross <= 0 or smic <= 0 or gross >= law(RGDU_PLAFOND_SMIC) * smic:
        return ZERO
    t_min = law(RGDU_T_MIN)
    t_delta = law(RGDU_T_DELTA_MOINS_50 if effectif < law(RGDU_SEUIL) else RGDU_T_DELTA_50)
    ratio = (law(RGDU_PLAFOND_SMIC) * smic / gross - 1) / 2
    coefficient = t_min + t_delta * (ratio ** law(RGDU_EXPOSANT))
    places = Decimal(1).scaleb(-int(law(RGDU_DECIMALES)))
    return min(coefficient, t_min + t_delta).quantize(places, ROUND_HALF_UP)


@dataclass(frozen=True)
class Rgdu:
    lines: tuple[PayLine, ...]
    smic: Decimal
    cumulative_brut: Decimal
    cumulative_smic: Decimal
    cumulative_reduction: Decimal


def rgdu(data: PayrollInput, gross: Gross, law: MonthLaw, before: YearToDate) -> Rgdu:
    smic = smic_reference(data, gross, law)
    cumulative_brut = before.rgdu_brut + gross.salaire_brut
    cumulative_smic = before.rgdu_smic + smic
    coefficient = rgdu_coefficient(cumulative_brut, cumulative_smic, data.settings.effectif, law)
    cumulative = to_cent(coefficient * cumulative_brut)
    month = cumulative - before.rgdu_reduction
    lines: tuple[PayLine, ...] = ()
    if month:
        t_delta_name = (RGDU_T_DELTA_MOINS_50 if data.settings.effectif < law(RGDU_SEUIL)
                        else RGDU_T_DELTA_50)
        maximum = law(RGDU_T_MIN) + law(t_delta_name)
        pension = to_cent(month * law(RGDU_PART_RETRAITE) / maximum)
        note = (f"coefficient {coefficient} sur le brut cumulé {cumulative_brut} € "
                f"(SMIC cumulé {cumulative_smic} €), moins {before.rgdu_reduction} € "
                "déjà déduits")
        common = dict(section=EXONERATIONS, base=cumulative_brut, employer_rate=coefficient,
                      parameters=RGDU_PARAMETERS, sources=data.settings.sources, note=note)
        lines = (
            PayLine("rgdu_urssaf", "Réduction générale dégressive (URSSAF)",
                    employer_amount=-(month - pension), body=URSSAF, **common),
            PayLine("rgdu_retraite", "Réduction générale dégressive (retraite complémentaire)",
                    employer_amount=-pension, body=AGIRC_ARRCO, **common),
        )
    return Rgdu(lines, smic, cumulative_brut, cumulative_smic, cumulative)


def overtime_employee_reduction(gross: Gross, social: list[PayLine], law: MonthLaw
                                ) -> PayLine | None:
    """The reduction of employee pension contributions on overtime pay."""
    if not gross.overtime_amount or not gross.salaire_brut:
        return None
    reduced = [line for line in social if line.code in OVERTIME_REDUCED_LINES
               and line.employee_amount]
    due = sum((line.employee_amount for line in reduced), ZERO)
    rate = min(sum((line.employee_rate for line in reduced), ZERO), law(HS_REDUCTION_MAX))
    amount = min(to_cent(gross.overtime_amount * rate), due)
    if not amount:
        return None
    return PayLine("reduction_heures_supplementaires",
                   "Réduction de cotisations salariales sur heures supplémentaires",
                   EXONERATIONS, base=gross.overtime_amount, employee_rate=rate,
                   employee_amount=-amount, body=URSSAF,
                   parameters=(HS_REDUCTION_MAX,) + tuple(
                       contribution(name, "salarial") for name in
                       ("vieillesse_plafonnee", "vieillesse_deplafonnee", "agirc_arrco.t1",
                        "ceg.t1")))


def overtime_employer_deduction(data: PayrollInput, gross: Gross, law: MonthLaw
                                ) -> PayLine | None:
    """The flat deduction per overtime hour (not complementary hours): the higher amount
    below 20 employees, the lower one from 20 (below 250 until 2025; no upper limit from
    2026, when ``deduction_forfaitaire_seuil_250`` stops applying)."""
    effectif = data.settings.effectif
    if not gross.overtime_hours:
        return None
    upper = law.optional(HS_DEDUCTION_SEUIL_HAUT)
    if upper is not None and effectif >= upper:
        return None
    name = HS_DEDUCTION_MOINS_20 if effectif < law(HS_DEDUCTION_SEUIL) else HS_DEDUCTION_20_A_249
    per_hour = law(name)
    return PayLine("deduction_heures_supplementaires",
                   "Déduction forfaitaire patronale sur heures supplémentaires", EXONERATIONS,
                   base=gross.overtime_hours, employer_rate=per_hour,
                   employer_amount=-to_cent(gross.overtime_hours * per_hour), body=URSSAF,
                   parameters=(name, HS_DEDUCTION_SEUIL, HS_DEDUCTION_SEUIL_HAUT),
                   sources=data.settings.sources)
