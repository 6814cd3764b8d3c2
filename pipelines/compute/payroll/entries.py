"""The accounting entries of a month's payroll (PCG), as rows for the accounting journal.

Debits: 6411 gross salaries (benefits in kind included), 6414 transport reimbursements,
645100 URSSAF employer contributions, 645300 complementary pension, 645200 health
insurance and prévoyance. Credits: 421 net pay due, 425 advances cleared, 431 URSSAF,
437 other social bodies, 4421 withholding tax, 7088 benefits in kind taken back,
467 meal vouchers (employee share). Each month's entry balances to the cent.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from pipelines.compute.payroll.hours import month_bounds
from pipelines.compute.payroll.model import AGIRC_ARRCO, DGFIP, URSSAF, ZERO, Payslip

JOURNAL = "PAIE"
ACCOUNTS = {
    "6411": "Salaires, appointements",
    "6414": "Indemnités et avantages divers",
    "645100": "Cotisations à l'URSSAF",
    "645300": "Cotisations aux caisses de retraite",
    "645200": "Cotisations aux mutuelles et à la prévoyance",
    "421": "Personnel - Rémunérations dues",
    "425": "Personnel - Avances et acomptes",
    "431": "Sécurité sociale",
    "437": "Autres organismes sociaux",
    "4421": "État - Prélèvements à la source (impôt sur le revenu)",
    "7088": "Autres produits d'activités annexes (avantages en nature)",
    "467": "Autres comptes débiteurs ou créditeurs (titres-restaurant)",
}


@dataclass(frozen=True)
class EntryLine:
    journal: str
    date: object
    mois: str
    compte: str
    libelle: str
    debit: Decimal
    credit: Decimal


def _employer_account(body: str) -> str:
    if body == URSSAF:
        return "645100"
    if body == AGIRC_ARRCO:
        return "645300"
    return "645200"


def _liability_account(body: str) -> str:
    return "431" if body == URSSAF else "437"


def month_entries(month: str, payslips: list[Payslip]) -> list[EntryLine]:
    debit: dict[str, Decimal] = defaultdict(lambda: ZERO)
    credit: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for slip in payslips:
        debit["6411"] += slip.salaire_brut
        for line in slip.lines:
            if line.body is None or line.body == DGFIP:
                continue
            if line.employer_amount:
                debit[_employer_account(line.body)] += line.employer_amount
                credit[_liability_account(line.body)] += line.employer_amount
            if line.employee_amount:
                credit[_liability_account(line.body)] += line.employee_amount
        for line in slip.lines:
            if line.code == "transport":
                debit["6414"] += line.amount
            elif line.code == "reprise_avantages":
                credit["7088"] += -line.amount
            elif line.code == "titres_restaurant":
                credit["467"] += -line.amount
            elif line.code == "acompte":
                credit["425"] += -line.amount
        credit["4421"] += slip.pas
        credit["421"] += slip.net_paye
    day = month_bounds(month)[1]
    rows = [EntryLine(JOURNAL, day, month, account, f"Paie {month} - {ACCOUNTS[account]}",
                      amount, ZERO) for account, amount in sorted(debit.items()) if amount]
    rows += [EntryLine(JOURNAL, day, month, account, f"Paie {month} - {ACCOUNTS[account]}",
                       ZERO, amount) for account, amount in sorted(credit.items()) if amount]
    return rows


def payroll_entries(payslips: list[Payslip]) -> list[EntryLine]:
    by_month: dict[str, list[Payslip]] = defaultdict(list)
    for slip in payslips:
        by_month[slip.month].append(slip)
    return [row for month in sorted(by_month) for row in month_entries(month, by_month[month])]
