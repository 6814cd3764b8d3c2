"""The gross pay of a month, line by line.

- The agreed monthly salary pays the contract hours. Above the legal duration (a 39 h
  contract), the payslip splits it into the base (151,67 h) and the structural overtime
  at its premium: the hourly rate is the salary divided by the premium-weighted hours,
  and the base line takes the rounding remainder so that the lines add up to the salary.
- An entry or exit within the month and each absence (unpaid leave, sick leave) is
  deducted in proportion to the month's real scheduled hours (see `hours`).
- Overtime beyond the contract, complementary hours, night/Sunday/holiday premiums,
  bonuses, regularisations of earlier months and benefits in kind are added.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from pipelines.compute.money import to_cent as cents
from pipelines.compute.payroll.hours import (
    MonthSchedule,
    hours,
    month_schedule,
    monthly_hours,
    structural_overtime,
)
from pipelines.compute.payroll.model import BRUT, ZERO, PayLine, PayrollInput
from pipelines.compute.payroll.rates import (
    HC_MAJORATION_AU_DELA,
    HC_MAJORATION_DIXIEME,
    HS_MAJORATION_1,
    HS_MAJORATION_2,
    REPAS_VALEUR,
    TITRES_RESTAURANT_PLAFOND,
    MonthLaw,
)

RATE_PLACES = Decimal("0.0001")
OVERTIME_RUBRIQUES = ("heures_sup_bande_1", "heures_sup_bande_2")
COMPLEMENTARY_RUBRIQUES = ("heures_comp_dixieme", "heures_comp_au_dela")


@dataclass(frozen=True)
class Gross:
    lines: tuple[PayLine, ...]
    salaire_brut: Decimal
    taux_horaire: Decimal
    schedule: MonthSchedule
    paid_share: Decimal  # share of the month's scheduled hours paid (absences, entry/exit)
    overtime_amount: Decimal  # overtime and complementary-hour pay, premiums included
    overtime_hours: Decimal  # overtime hours (not complementary hours)
    extra_hours: Decimal  # overtime and complementary hours, all
    contract_monthly_hours: Decimal
    avantages_en_nature: Decimal
    titres_restaurant_salarie: Decimal
    titres_restaurant_patronal: Decimal


def premiums(data: PayrollInput, law: MonthLaw) -> dict[str, tuple[Decimal, tuple[str, ...]]]:
    """The premium of each kind of extra hour: the collective agreement's where set, else the
    legal one; with the parameters it comes from."""
    settings = data.settings
    first = settings.majoration_hs_1
    second = settings.majoration_hs_2
    return {
        "heures_sup_bande_1": (first, ()) if first is not None
        else (law(HS_MAJORATION_1), (HS_MAJORATION_1,)),
        "heures_sup_bande_2": (second, ()) if second is not None
        else (law(HS_MAJORATION_2), (HS_MAJORATION_2,)),
        "heures_comp_dixieme": (law(HC_MAJORATION_DIXIEME), (HC_MAJORATION_DIXIEME,)),
        "heures_comp_au_dela": (law(HC_MAJORATION_AU_DELA), (HC_MAJORATION_AU_DELA,)),
    }


def weighted_monthly_hours(data: PayrollInput, law: MonthLaw) -> Decimal:
    """The contract's mensualised hours, those beyond the legal duration counted with their
    premium (39 h: 151,666… + 17,333… × 1,25): what the monthly salary pays at the hourly
    rate, and what the SMIC × these hours gives as the contract's monthly minimum."""
    structural = structural_overtime(data.contract.heures_hebdo, law)
    rates = premiums(data, law)
    return (structural.base_hours
            + structural.band_1 * (1 + rates["heures_sup_bande_1"][0])
            + structural.band_2 * (1 + rates["heures_sup_bande_2"][0]))


def hourly_rate(data: PayrollInput, law: MonthLaw) -> tuple[Decimal, Decimal]:
    """(monthly salary, hourly rate of the base) of the contract: the agreed monthly salary
    and the rate it gives over the premium-weighted hours, or the agreed hourly rate and
    the salary it gives (rate × weekly hours × 52 / 12, premiums included)."""
    contract = data.contract
    weighted = weighted_monthly_hours(data, law)
    if contract.salaire_base_mensuel is not None:
        salary = cents(contract.salaire_base_mensuel)
        return salary, (salary / weighted).quantize(RATE_PLACES, ROUND_HALF_UP)
    rate = contract.taux_horaire or ZERO
    return cents(rate * weighted), rate


def _hour_line(code: str, label: str, quantity: Decimal, rate: Decimal, premium: Decimal,
               parameters: tuple[str, ...], sources) -> PayLine:
    unit = (rate * (1 + premium)).quantize(RATE_PLACES, ROUND_HALF_UP)
    return PayLine(code, label, BRUT, quantity=hours(quantity), rate=unit,
                   amount=cents(quantity * unit), parameters=parameters, sources=sources)


def _base_lines(data: PayrollInput, law: MonthLaw, salary: Decimal, rate: Decimal
                ) -> list[PayLine]:
    """The base salary line, and the structural overtime lines of a contract above the
    legal duration. They add up to the monthly salary exactly: the base is the hourly rate
    × the legal monthly hours, and the first overtime line takes the rounding remainder."""
    contract = data.contract
    sources = contract.sources
    structural = structural_overtime(contract.heures_hebdo, law)
    rates = premiums(data, law)
    lines = []
    for code, band_hours, label in (
        ("heures_structurelles_bande_1", structural.band_1,
         "Heures supplémentaires structurelles (1re tranche)"),
        ("heures_structurelles_bande_2", structural.band_2,
         "Heures supplémentaires structurelles (2e tranche)"),
    ):
        if band_hours:
            rubrique = "heures_sup_bande_1" if code.endswith("1") else "heures_sup_bande_2"
            premium, parameters = rates[rubrique]
            lines.append(_hour_line(code, f"{label}, majorées de {_percent(premium)}",
                                    band_hours, rate, premium, parameters, sources))
    structural_pay = sum((line.amount for line in lines), ZERO)
    base_amount = salary - structural_pay
    if lines:
        base_amount = cents(rate * structural.base_hours)
        first = lines[0]
        lines[0] = replace(first, amount=first.amount + salary - base_amount - structural_pay)
    base = PayLine("salaire_base", "Salaire de base", BRUT, quantity=hours(structural.base_hours),
                   rate=rate, amount=base_amount, sources=sources)
    return [base, *lines]


def _percent(fraction: Decimal) -> str:
    value = (fraction * 100).normalize()
    return f"{value:f}".replace(".", ",") + " %"


def _proportional_deduction(code: str, label: str, salary: Decimal, missing: Decimal,
                            scheduled: Decimal, sources) -> PayLine:
    return PayLine(code, label, BRUT, quantity=missing,
                   rate=(salary / scheduled).quantize(RATE_PLACES, ROUND_HALF_UP),
                   amount=-cents(salary * missing / scheduled), sources=sources,
                   note="au prorata des heures réelles du mois")


def gross_pay(data: PayrollInput, law: MonthLaw) -> Gross:
    contract, variables, settings = data.contract, data.variables, data.settings
    salary, rate = hourly_rate(data, law)
    schedule = month_schedule(data.month, contract.heures_hebdo, settings.alsace_moselle,
                              data.employment_start, data.employment_end)
    lines = _base_lines(data, law, salary, rate)
    scheduled = schedule.scheduled
    missing_total = ZERO
    if schedule.not_employed and scheduled:
        label = "Absence : entrée ou sortie en cours de mois"
        if data.employment_start and not data.employment_end:
            label = "Absence : entrée en cours de mois"
        elif data.employment_end and not data.employment_start:
            label = "Absence : sortie en cours de mois"
        lines.append(_proportional_deduction("entree_sortie", label, salary,
                                             schedule.not_employed, scheduled,
                                             contract.sources))
        missing_total += schedule.not_employed
    for code, label, missing in (
        ("absence_non_payee", "Absence non rémunérée", variables.heures_absence_non_payee),
        ("absence_maladie", "Absence maladie", variables.heures_absence_maladie),
    ):
        if missing and scheduled:
            lines.append(_proportional_deduction(code, label, salary, missing, scheduled,
                                                 variables.sources))
            missing_total += missing
    if variables.complement_maladie:
        lines.append(PayLine("complement_maladie", "Indemnité complémentaire maladie", BRUT,
                             amount=cents(variables.complement_maladie),
                             sources=variables.sources))
    rates = premiums(data, law)
    extra = [
        ("heures_sup_bande_1", "Heures supplémentaires (1re tranche)",
         variables.heures_sup_bande_1),
        ("heures_sup_bande_2", "Heures supplémentaires (2e tranche)",
         variables.heures_sup_bande_2),
        ("heures_comp_dixieme", "Heures complémentaires (dans le dixième)",
         variables.heures_comp_dixieme),
        ("heures_comp_au_dela", "Heures complémentaires (au-delà du dixième)",
         variables.heures_comp_au_dela),
    ]
    overtime_amount = sum((line.amount for line in lines
                           if line.code.startswith("heures_structurelles")), ZERO)
    overtime_hours = sum((line.quantity for line in lines
                          if line.code.startswith("heures_structurelles")), ZERO)
    extra_hours = ZERO
    for code, label, quantity in extra:
        if quantity:
            premium, parameters = rates[code]
            line = _hour_line(code, f"{label}, majorées de {_percent(premium)}", quantity, rate,
                              premium, parameters, variables.sources)
            lines.append(line)
            overtime_amount += line.amount
            extra_hours += quantity
            if code in OVERTIME_RUBRIQUES:
                overtime_hours += quantity
    for code, label, quantity, premium in (
        ("majoration_nuit", "Majoration heures de nuit", variables.heures_nuit,
         settings.majoration_nuit),
        ("majoration_dimanche", "Majoration heures du dimanche", variables.heures_dimanche,
         settings.majoration_dimanche),
        ("majoration_ferie", "Majoration heures de jour férié", variables.heures_ferie,
         settings.majoration_ferie),
    ):
        if quantity and premium:
            unit = (rate * premium).quantize(RATE_PLACES, ROUND_HALF_UP)
            lines.append(PayLine(code, f"{label} ({_percent(premium)})", BRUT, quantity=quantity,
                                 rate=unit, amount=cents(quantity * unit),
                                 sources=variables.sources + settings.sources))
    if variables.prime:
        lines.append(PayLine("prime", variables.libelle_prime or "Prime", BRUT,
                             amount=cents(variables.prime), sources=variables.sources))
    for regularisation in variables.regularisations:
        line = _regularisation_line(regularisation, rate, rates)
        lines.append(line)
        if regularisation.rubrique in OVERTIME_RUBRIQUES + COMPLEMENTARY_RUBRIQUES:
            overtime_amount += line.amount
            extra_hours += regularisation.quantite
            if regularisation.rubrique in OVERTIME_RUBRIQUES:
                overtime_hours += regularisation.quantite
        elif regularisation.rubrique == "heures_absence_non_payee":
            missing_total += regularisation.quantite
    benefits = ZERO
    if variables.repas_fournis:
        meal = law(REPAS_VALEUR)
        line = PayLine("avantage_repas", "Avantage en nature : repas", BRUT,
                       quantity=Decimal(variables.repas_fournis), rate=meal,
                       amount=cents(meal * variables.repas_fournis), parameters=(REPAS_VALEUR,),
                       sources=variables.sources)
        lines.append(line)
        benefits += line.amount
    if variables.avantage_vehicule:
        line = PayLine("avantage_vehicule", "Avantage en nature : véhicule", BRUT,
                       amount=cents(variables.avantage_vehicule), sources=variables.sources)
        lines.append(line)
        benefits += line.amount
    employee_vouchers = employer_vouchers = ZERO
    if variables.titres_restaurant and settings.valeur_titre_restaurant:
        count = Decimal(variables.titres_restaurant)
        employer_each = cents(settings.valeur_titre_restaurant
                              * settings.part_patronale_titre_restaurant)
        exempt_each = min(employer_each, law(TITRES_RESTAURANT_PLAFOND))
        employer_vouchers = cents(employer_each * count)
        employee_vouchers = cents(settings.valeur_titre_restaurant * count) - employer_vouchers
        if employer_each > exempt_each:
            line = PayLine("titres_restaurant_excedent",
                           "Titres-restaurant : part patronale au-delà de l'exonération", BRUT,
                           quantity=count, rate=employer_each - exempt_each,
                           amount=cents((employer_each - exempt_each) * count),
                           parameters=(TITRES_RESTAURANT_PLAFOND,),
                           sources=variables.sources + settings.sources)
            lines.append(line)
            benefits += line.amount
    salaire_brut = sum((line.amount for line in lines), ZERO)
    paid_share = ((scheduled - missing_total) / scheduled) if scheduled else Decimal(1)
    return Gross(
        lines=tuple(lines), salaire_brut=salaire_brut, taux_horaire=rate, schedule=schedule,
        paid_share=max(paid_share, ZERO), overtime_amount=overtime_amount,
        overtime_hours=overtime_hours, extra_hours=extra_hours,
        contract_monthly_hours=monthly_hours(contract.heures_hebdo, law),
        avantages_en_nature=benefits, titres_restaurant_salarie=employee_vouchers,
        titres_restaurant_patronal=employer_vouchers,
    )


def _regularisation_line(regularisation, rate: Decimal, rates) -> PayLine:
    label = f"Régularisation {regularisation.mois_concerne} : {regularisation.motif}".strip()
    code = f"regularisation_{regularisation.id_regularisation}"
    if regularisation.rubrique in rates:
        premium, parameters = rates[regularisation.rubrique]
        hourly = regularisation.taux_horaire or rate
        return _hour_line(code, label, regularisation.quantite, hourly, premium, parameters,
                          regularisation.sources)
    if regularisation.rubrique == "heures_absence_non_payee":
        hourly = regularisation.taux_horaire or rate
        return PayLine(code, label, BRUT, quantity=regularisation.quantite, rate=hourly,
                       amount=-cents(regularisation.quantite * hourly),
                       sources=regularisation.sources)
    return PayLine(code, label, BRUT, amount=cents(regularisation.montant),
                   sources=regularisation.sources)


def hours_paid(gross: Gross) -> Decimal:
    """The hours the month pays: the contract's monthly hours, less the hours missing,
    plus overtime and complementary hours."""
    missing = gross.contract_monthly_hours * (1 - gross.paid_share)
    return hours(gross.contract_monthly_hours - missing + gross.extra_hours)
