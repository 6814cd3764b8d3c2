"""Checks of the computed payroll: the minimum wage on each payslip, the payroll journal
against the contributions by collecting body, and the declarations of « paie.xlsx ›
Declarations » against the payroll.

The payroll is computed once per dataset (`pipelines.compute.payroll.run.payroll`), up to
the as-of month: every rule here depends on it, so every rule declares that it reads the
as-of date. The amounts compared are aggregates (a month's total for a collecting body);
no message quotes an employee's salary.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from pipelines.compute.money import to_cent
from pipelines.compute.payroll.bodies import dues_by_body
from pipelines.compute.payroll.gross import weighted_monthly_hours
from pipelines.compute.payroll.hours import month_bounds
from pipelines.compute.payroll.journal import journal_contributions, journal_rows
from pipelines.compute.payroll.model import APPRENTI, ZERO, PayrollInput, Payslip
from pipelines.compute.payroll.rates import (
    GRILLE_NEUTRE,
    SMIC_HORAIRE,
    MonthLaw,
)
from pipelines.compute.payroll.run import payroll
from pipelines.compute.payroll.workbook_inputs import settings_by_month
from pipelines.dataset import ROW_COLUMN, Dataset
from pipelines.french import money, month_label, number, short_date
from pipelines.issues import Issue, Severity, define_issue_type, raise_issue
from pipelines.law import Parameters
from pipelines.validate.rules import rule

EMPLOYEES, CONTRACTS = "salaries", "contrats"
SETTINGS, VARIABLES = "reglages_paie", "variables_paie"
DECLARATIONS = "declarations_sociales"
PAYROLL = (EMPLOYEES, CONTRACTS, SETTINGS, VARIABLES)
# Apprentices are paid a share of the SMIC set by their age and year of training
# (Code du travail, D6222-26), trainees an internship allowance: not the SMIC.
NOT_ON_THE_SMIC = ("apprentissage", "stage")

BELOW_SMIC = define_issue_type(
    "salaire-inferieur-smic-paie", "Bulletin payé sous le SMIC",
    "Le salaire de base d'un bulletin ne peut pas être inférieur au SMIC horaire en vigueur "
    "le premier jour du mois de paie, multiplié par les heures mensualisées du contrat "
    "(heures hebdomadaires × 52 / 12), les heures au-delà de 35 h étant majorées (Code du "
    "travail, L3231-2 et D3231-6). Le SMIC est revalorisé en cours d'année : un salaire "
    "suffisant en mai peut ne plus l'être en juin. Les apprentis (une part du SMIC selon "
    "l'âge et l'année) et les stagiaires ne sont pas concernés.",
    Severity.BLOQUANT)
JOURNAL_MISMATCH = define_issue_type(
    "livre-de-paie-incoherent", "Livre de paie et récapitulatif par organisme différents",
    "Pour chaque mois, le total des cotisations et du prélèvement à la source du livre de "
    "paie doit égaler le total dû aux organismes (URSSAF, Agirc-Arrco, organismes de "
    "prévoyance et de santé, DGFiP). Un écart révèle une ligne de bulletin sans organisme "
    "collecteur : signalez-le à l'équipe qui maintient Agora.",
    Severity.BLOQUANT)
DECLARATION_MISMATCH = define_issue_type(
    "declaration-differente-du-livre-de-paie", "Déclaration différente du livre de paie",
    "Le montant déclaré à un organisme pour un mois (feuille Declarations de paie.xlsx) doit "
    "égaler, au centime près, le total que le livre de paie lui doit pour ce mois (parts "
    "salariale et patronale, réductions déduites ; le prélèvement à la source pour la "
    "DGFiP). Corrigez la déclaration, ou les variables de paie qui ont changé depuis.",
    Severity.BLOQUANT)
UNKNOWN_DECLARATION = define_issue_type(
    "declaration-inconnue", "Déclaration sans cotisation au livre de paie",
    "Une ligne de la feuille Declarations déclare un montant à un organisme auquel le livre "
    "de paie ne doit rien ce mois-là : vérifiez le mois et le nom de l'organisme (écrit "
    "comme dans les bulletins : URSSAF, Agirc-Arrco, DGFiP, ou l'organisme du contrat de "
    "la feuille ProtectionSociale).",
    Severity.BLOQUANT)
MISSING_DECLARATION = define_issue_type(
    "declaration-manquante", "Cotisations échues non déclarées",
    "Les cotisations d'un mois sont déclarées et payées par la DSN du mois suivant (le 15 "
    "sous 50 salariés, le 5 à partir de 50) : à la date d'arrêté, chaque organisme dont "
    "l'échéance est passée a une ligne dans la feuille Declarations de paie.xlsx.",
    Severity.AVERTISSEMENT)
NO_WITHHOLDING_RATE = define_issue_type(
    "taux-pas-absent", "Salarié payé sans taux de prélèvement à la source",
    "Sans taux de prélèvement à la source transmis par l'administration fiscale (colonne "
    "taux_pas de la feuille Salariés), le bulletin applique le taux non personnalisé de la "
    "grille du taux neutre (code général des impôts, article 204 H). La grille de 2026 "
    "n'est pas encore dans les paramètres d'Agora : la dernière grille connue s'applique. "
    "Reportez le taux du compte rendu de la DSN (CRM nominatif).",
    Severity.AVERTISSEMENT)


def _payslips(dataset: Dataset, parameters: Parameters) -> tuple[Payslip, ...]:
    return payroll(dataset, parameters).payslips


def _monthly_minimum(slip: Payslip, settings, parameters: Parameters) -> tuple[Decimal, Decimal]:
    """(hourly SMIC of the month, the monthly minimum of the contract): the SMIC × the
    contract's weekly hours, those beyond the legal duration at their premium, × 52 / 12."""
    law = MonthLaw(parameters, month_bounds(slip.month)[0])
    smic = law(SMIC_HORAIRE)
    data = PayrollInput(slip.month, slip.employee, slip.contract, settings)
    return smic, to_cent(smic * weighted_monthly_hours(data, law))


@rule("Chaque bulletin paie au moins le SMIC en vigueur le mois de paie", PAYROLL,
      uses_as_of=True)
def payslip_minimum_wage(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    """Apprentices are excluded: their minimum is a share of the SMIC by age and year of
    training (C. trav. D6222-26), which the contract's salary already states; trainees too
    (an internship allowance, not a wage)."""
    contracts = dataset[CONTRACTS]
    settings_for = settings_by_month(dataset)
    issues = []
    for slip in _payslips(dataset, parameters):
        contract = slip.contract
        if (slip.employee.categorie == APPRENTI or contract.type_contrat in NOT_ON_THE_SMIC
                or not contract.sources):
            continue
        settings = settings_for(slip.month)
        smic, minimum = _monthly_minimum(slip, settings, parameters)
        row = contract.sources[0].row
        who = f"{slip.employee.matricule}, {month_label(slip.month)}"
        if contract.salaire_base_mensuel is not None:
            if contract.salaire_base_mensuel >= minimum:
                continue
            source = contracts.source(row, "salaire_base_mensuel")
            detail = (f"le salaire de base du contrat {contract.id_contrat} est inférieur au "
                      f"SMIC de {money(minimum)} par mois pour {number(contract.heures_hebdo)} h "
                      "par semaine")
        elif contract.taux_horaire is not None:
            if contract.taux_horaire >= smic:
                continue
            source = contracts.source(row, "taux_horaire")
            detail = f"le taux horaire du contrat {contract.id_contrat} est inférieur au SMIC"
        else:
            continue
        issues.append(raise_issue(
            BELOW_SMIC, source,
            f"{who} : {detail} (SMIC horaire de {money(smic)} au "
            f"{short_date(month_bounds(slip.month)[0])})"))
    return issues


def _dues(dataset: Dataset, parameters: Parameters):
    return dues_by_body(list(_payslips(dataset, parameters)), parameters)


@rule("Le livre de paie et le récapitulatif des cotisations par organisme concordent",
      PAYROLL, uses_as_of=True)
def journal_matches_bodies(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    slips = _payslips(dataset, parameters)
    by_month: dict[str, list[Payslip]] = defaultdict(list)
    for slip in slips:
        by_month[slip.month].append(slip)
    due: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for body_due in _dues(dataset, parameters):
        due[body_due.mois] += body_due.total
    issues = []
    variables = dataset[VARIABLES]
    for month in sorted(by_month):
        journal = journal_contributions(journal_rows(by_month[month]))
        if journal != due[month]:
            issues.append(raise_issue(
                JOURNAL_MISMATCH, variables.source(None, "mois"),
                f"{month_label(month)} : le livre de paie totalise {money(journal)} de "
                f"cotisations et d'impôt prélevé, les organismes {money(due[month])} "
                f"(écart de {money(journal - due[month])})"))
    return issues


def _declared_rows(dataset: Dataset) -> list[dict]:
    return [row for row in dataset.frame(DECLARATIONS).to_dicts()
            if row.get("mois") and row.get("organisme")]


@rule("Chaque déclaration sociale égale le total dû à l'organisme selon le livre de paie",
      (*PAYROLL, DECLARATIONS), uses_as_of=True)
def declarations_match_payroll(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset[DECLARATIONS]
    totals = {(due.mois, due.organisme): due.total for due in _dues(dataset, parameters)}
    issues = []
    for row in _declared_rows(dataset):
        key = (row["mois"], row["organisme"].strip())
        what = f"{key[1]}, {month_label(key[0])}"
        if key not in totals:
            issues.append(raise_issue(
                UNKNOWN_DECLARATION, table.source(row[ROW_COLUMN], "organisme"),
                f"{what} : le livre de paie ne doit rien à cet organisme pour ce mois"))
            continue
        if row.get("montant") is None:
            continue
        declared, computed = Decimal(row["montant"]), totals[key]
        if declared != computed:
            issues.append(raise_issue(
                DECLARATION_MISMATCH, table.source(row[ROW_COLUMN], "montant"),
                f"{what} : {money(declared)} déclarés, {money(computed)} selon le livre de "
                f"paie (écart de {money(declared - computed)})"))
    return issues


@rule("Les cotisations échues à la date d'arrêté sont déclarées",
      (*PAYROLL, DECLARATIONS), uses_as_of=True)
def declarations_not_missing(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset[DECLARATIONS]
    declared = {(row["mois"], row["organisme"].strip()) for row in _declared_rows(dataset)}
    return [
        raise_issue(MISSING_DECLARATION, table.source(None, "mois"),
                    f"{due.organisme}, {month_label(due.mois)} : {money(due.total)} dus le "
                    f"{short_date(due.echeance)} ne sont pas déclarés")
        for due in _dues(dataset, parameters)
        if due.echeance <= dataset.as_of and (due.mois, due.organisme) not in declared
    ]


@rule("Un salarié payé a un taux de prélèvement à la source", PAYROLL, uses_as_of=True)
def withholding_rate_known(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    employees = dataset[EMPLOYEES]
    months: dict[str, list[str]] = defaultdict(list)
    first_slip: dict[str, Payslip] = {}
    for slip in _payslips(dataset, parameters):
        if slip.employee.taux_pas is None:
            months[slip.employee.matricule].append(slip.month)
            first_slip.setdefault(slip.employee.matricule, slip)
    issues = []
    for matricule, paid in sorted(months.items()):
        slip = first_slip[matricule]
        row = slip.employee.sources[0].row if slip.employee.sources else None
        grid = parameters.get(GRILLE_NEUTRE).values
        last = max((dated for dated in grid if dated.value is not None),
                   key=lambda dated: dated.start, default=None)
        since = f" (grille en vigueur depuis le {short_date(last.start)})" if last else ""
        span = (month_label(paid[0]) if len(paid) == 1
                else f"{len(paid)} bulletins, de {month_label(min(paid))} à "
                     f"{month_label(max(paid))}")
        issues.append(raise_issue(
            NO_WITHHOLDING_RATE, employees.source(row, "taux_pas"),
            f"{matricule} : aucun taux de prélèvement à la source ; le taux neutre "
            f"s'applique ({span}){since}"))
    return issues
