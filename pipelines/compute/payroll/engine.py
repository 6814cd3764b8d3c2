"""One payslip from its inputs, and a year of payslips for an employee.

The same function serves the monthly payroll (inputs read from the workbooks) and the
simulator (inputs typed on the command line).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from pipelines.compute.payroll.contributions import (
    after_net_line,
    bases,
    csg_lines,
    forfait_social_line,
    protection_lines,
    social_lines,
)
from pipelines.compute.payroll.gross import gross_pay, hours_paid
from pipelines.compute.payroll.hours import month_bounds
from pipelines.compute.payroll.model import DGFIP, ZERO, PayrollInput, Payslip, YearToDate
from pipelines.compute.payroll.net import (
    employee_total,
    employer_total,
    exempt_overtime,
    net_imposable,
    net_social,
    neutral_rate,
    withholding,
)
from pipelines.compute.payroll.rates import GRILLE_NEUTRE, SMIC_MENSUEL, MonthLaw
from pipelines.compute.payroll.reductions import (
    overtime_employee_reduction,
    overtime_employer_deduction,
    rgdu,
)
from pipelines.law import Parameters


def payslip(data: PayrollInput, parameters: Parameters,
            before: YearToDate = YearToDate()) -> Payslip:
    """The payslip of one employee for one month, after `before` (the year to date)."""
    law = MonthLaw(parameters, month_bounds(data.month)[0])
    gross = gross_pay(data, law)
    bases_ = bases(data, gross, law, parameters)
    social = social_lines(data, bases_, law)
    protection = protection_lines(data, bases_, law)
    contributions = social + protection
    reduction = overtime_employee_reduction(gross, social, law)
    if reduction is not None:
        contributions.append(reduction)
    exempt_net, exempt_gross = exempt_overtime(
        gross.overtime_amount, gross.salaire_brut, contributions,
        before.heures_supplementaires_exonerees, law)
    forfait = forfait_social_line(data, protection, law)
    if forfait is not None:
        contributions.append(forfait)
    contributions += csg_lines(data, bases_, protection, exempt_gross, law)
    deduction = overtime_employer_deduction(data, gross, law)
    if deduction is not None:
        contributions.append(deduction)
    reduction_rgdu = rgdu(data, gross, law, before)
    contributions += reduction_rgdu.lines

    salaire_brut = gross.salaire_brut
    salariales = employee_total(contributions)
    patronales = employer_total(contributions)
    imposable = net_imposable(salaire_brut, contributions, exempt_net)
    rate = data.employee.taux_pas
    if rate is None and law.optional(GRILLE_NEUTRE) is not None:
        rate = neutral_rate(imposable, law)
    pas = withholding(imposable, rate) if rate is not None else ZERO
    variables = data.variables
    after_net = []
    if gross.avantages_en_nature:
        after_net.append(after_net_line("reprise_avantages", "Avantages en nature déjà perçus",
                                        -gross.avantages_en_nature))
    if gross.titres_restaurant_salarie:
        after_net.append(after_net_line("titres_restaurant",
                                        "Titres-restaurant (part salariale)",
                                        -gross.titres_restaurant_salarie, variables.sources))
    if variables.remboursement_transport:
        after_net.append(after_net_line("transport", "Remboursement transports publics",
                                        variables.remboursement_transport, variables.sources))
    withheld = sum((-line.amount for line in after_net if line.amount < 0), ZERO)
    added = sum((line.amount for line in after_net if line.amount > 0), ZERO)
    net_avant_impot = salaire_brut - salariales - withheld + added
    after_tax = [after_net_line("pas", "Impôt sur le revenu prélevé à la source", -pas,
                                data.employee.sources)]
    after_tax[0] = replace(after_tax[0], base=imposable, employee_rate=rate, body=DGFIP)
    if variables.acompte:
        after_tax.append(after_net_line("acompte", "Acompte déjà versé", -variables.acompte,
                                        variables.sources))
    net_paye = net_avant_impot - pas - variables.acompte
    voucher_excess = sum((line.amount for line in gross.lines
                          if line.code == "titres_restaurant_excedent"), ZERO)
    cout = (salaire_brut + patronales + variables.remboursement_transport
            + gross.titres_restaurant_patronal - voucher_excess)
    social_net = net_social(salaire_brut, contributions)
    paid_hours = hours_paid(gross)
    ytd = YearToDate(
        brut=before.brut + salaire_brut,
        plafond=before.plafond + bases_.plafond,
        net_imposable=before.net_imposable + imposable,
        pas=before.pas + pas,
        net_social=before.net_social + social_net,
        net_paye=before.net_paye + net_paye,
        cotisations_salariales=before.cotisations_salariales + salariales,
        cotisations_patronales=before.cotisations_patronales + patronales,
        cout_employeur=before.cout_employeur + cout,
        heures_payees=before.heures_payees + paid_hours,
        heures_supplementaires_exonerees=before.heures_supplementaires_exonerees + exempt_net,
        rgdu_brut=reduction_rgdu.cumulative_brut,
        rgdu_smic=reduction_rgdu.cumulative_smic,
        rgdu_reduction=reduction_rgdu.cumulative_reduction,
    )
    return Payslip(
        month=data.month, employee=data.employee, contract=data.contract,
        lines=gross.lines + tuple(contributions) + tuple(after_net) + tuple(after_tax),
        salaire_brut=salaire_brut, plafond=bases_.plafond,
        cotisations_salariales=salariales, cotisations_patronales=patronales,
        net_social=social_net, net_imposable=imposable, taux_pas=rate, pas=pas,
        net_avant_impot=net_avant_impot, net_paye=net_paye, cout_employeur=cout,
        heures_payees=paid_hours, heures_supplementaires=gross.overtime_amount,
        heures_supplementaires_exonerees=exempt_net, retenues_apres_net=withheld
        + variables.acompte, ajouts_non_soumis=added, ytd=ytd, taux_horaire=gross.taux_horaire,
        smic_mensuel_reference=law(SMIC_MENSUEL), jours_conges_payes=variables.jours_conges_payes,
        effectif=data.settings.effectif,
    )


def year_of_payslips(months: Iterable[PayrollInput], parameters: Parameters) -> list[Payslip]:
    """An employee's payslips month after month, each after the year to date of the ones
    before (the cumulative figures restart each calendar year)."""
    slips: list[Payslip] = []
    before = YearToDate()
    year = None
    for data in sorted(months, key=lambda d: d.month):
        if data.month[:4] != year:
            before, year = YearToDate(), data.month[:4]
        slip = payslip(data, parameters, before)
        slips.append(slip)
        before = slip.ytd
    return slips
