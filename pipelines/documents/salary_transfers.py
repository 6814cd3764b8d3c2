"""The SEPA credit transfer file (pain.001.001.09) of a month's salaries.

One transfer per employee whose « Net payé » is above zero, to the IBAN of the « Salariés »
sheet (end-to-end id: ``SAL-<mois>-<matricule>``; remittance information: « Salaire <mois> »),
all on one requested execution date: the last working day of the month (Monday to Friday,
French public holidays excepted), or the as-of date when it is later. The debtor is the
organisation (« organisation.xlsx › Organisation »: raison_sociale, iban, bic).

The file is built as the supplier transfers are (`sepa`: sepaxml, deterministic message id
and creation time, checked against the bundled XSD). An employee without a usable IBAN is
left out of the file with an `Issue` on the IBAN cell saying why (French), never silently;
so is a transfer that sepaxml refuses. A file that cannot be made raises `SepaError`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from pipelines.compute.payroll.hours import month_bounds, working_days
from pipelines.compute.payroll.model import ZERO, Payslip
from pipelines.compute.supplier_payments import iban_problem
from pipelines.dataset import Dataset
from pipelines.documents.sepa import (
    DeterministicTransfer,
    SepaError,
    debtor_config,
    refused_by_sepaxml,
    sepaxml_payment,
)
from pipelines.french import money, month_label
from pipelines.issues import Issue, Severity, SourceRef, define_issue_type, raise_issue

SALARY_WITHOUT_IBAN = define_issue_type(
    "paie-virement-sans-iban", "Salaire non viré faute d'IBAN",
    "Le net payé d'un salarié est versé par virement SEPA sur l'IBAN de la feuille Salariés "
    "de personnel.xlsx. Sans IBAN valide (absent, erroné ou hors de la zone SEPA), son "
    "salaire est laissé hors du fichier de virements du mois : renseignez l'IBAN, ou payez "
    "ce salaire par un autre moyen (chèque).",
    Severity.AVERTISSEMENT)


@dataclass(frozen=True)
class SalaryTransfer:
    matricule: str
    name: str
    iban: str
    bic: str | None
    amount: Decimal
    reference: str  # « Salaire mars 2026 »
    end_to_end: str  # « SAL-2026-03-S001 »


@dataclass(frozen=True)
class SalaryTransferFile:
    month: str
    execution_date: date
    xml: bytes | None  # None when no salary can go in the file
    transfers: tuple[SalaryTransfer, ...]
    left_out: tuple[Issue, ...]
    message_id: str | None

    @property
    def total(self) -> Decimal:
        return sum((t.amount for t in self.transfers), ZERO)


def last_working_day(month: str) -> date:
    """The month's last day from Monday to Friday that is not a French public holiday."""
    day = month_bounds(month)[1]
    while working_days(day, day) == 0:
        day -= timedelta(days=1)
    return day


def execution_date(month: str, as_of: date | None) -> date:
    day = last_working_day(month)
    return as_of if as_of is not None and as_of > day else day


def _iban_source(dataset: Dataset, slip: Payslip) -> SourceRef:
    """The IBAN cell of the employee's row in « Salariés »."""
    row = next((s.row for s in slip.employee.sources if s.sheet == "Salariés"), None)
    if "salaries" in dataset:
        return dataset["salaries"].source(row, "iban")
    return SourceRef("personnel.xlsx", "Salariés", row)


def _payment(transfer: SalaryTransfer, when: date) -> dict:
    return sepaxml_payment(transfer.name, transfer.iban, transfer.bic, transfer.amount, when,
                           transfer.reference, transfer.end_to_end)


def _fingerprint(month: str, when: date, debtor: dict, transfers: list[SalaryTransfer]) -> str:
    text = "|".join([month, when.isoformat(), debtor["iban"] or ""] + [
        f"{t.end_to_end};{t.iban};{t.bic};{t.amount}" for t in transfers])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def salary_transfer_file(dataset: Dataset, payslips: list[Payslip], month: str,
                         as_of: date | None = None) -> SalaryTransferFile:
    """The transfer file of the month's net pay (see the module docstring)."""
    as_of = as_of or dataset.as_of
    when = execution_date(month, as_of)
    label = f"Salaire {month_label(month)}"
    candidates: list[SalaryTransfer] = []
    left_out: list[Issue] = []
    for slip in sorted((s for s in payslips if s.month == month),
                       key=lambda s: s.employee.matricule):
        employee = slip.employee
        if slip.net_paye <= 0:
            continue
        who = f"{employee.prenom} {employee.nom} ({employee.matricule})"
        problem = iban_problem(employee.iban)
        if problem:
            left_out.append(raise_issue(
                SALARY_WITHOUT_IBAN, _iban_source(dataset, slip),
                f"{who} : {problem} ; son net payé de "
                f"{money(slip.net_paye)} ({month_label(month)}) n'est pas dans le fichier de "
                "virements", matricule=employee.matricule, mois=month))
            continue
        candidates.append(SalaryTransfer(
            employee.matricule, f"{employee.prenom} {employee.nom}".strip(),
            employee.iban.replace(" ", ""), employee.bic, slip.net_paye, label,
            f"SAL-{month}-{employee.matricule}"))
    if not candidates:
        return SalaryTransferFile(month, when, None, (), tuple(left_out), None)
    debtor, config = debtor_config(dataset)
    created = f"{(as_of or when).isoformat()}T00:00:00"
    accepted = []
    for transfer in candidates:
        if refused_by_sepaxml(config, created, _payment(transfer, when)):
            slip = next(s for s in payslips
                        if s.month == month and s.employee.matricule == transfer.matricule)
            left_out.append(raise_issue(
                SALARY_WITHOUT_IBAN, _iban_source(dataset, slip),
                f"{transfer.name} ({transfer.matricule}) : virement refusé par le format SEPA "
                f"(IBAN, BIC ou nom) ; son net payé de {money(transfer.amount)} n'est pas "
                "dans le fichier de virements", matricule=transfer.matricule, mois=month))
        else:
            accepted.append(transfer)
    if not accepted:
        return SalaryTransferFile(month, when, None, (), tuple(left_out), None)
    digest = _fingerprint(month, when, debtor, accepted)
    message_id = f"AGORA-SAL-{month.replace('-', '')}-{digest[:16]}"
    try:
        document = DeterministicTransfer(config, message_id, created)
        for transfer in accepted:
            document.add_payment(_payment(transfer, when))
        xml = document.export(validate=True, pretty_print=True)
    except Exception as error:  # noqa: BLE001 (sepaxml raises bare exceptions)
        raise SepaError("le fichier de virements des salaires ne respecte pas le schéma "
                        f"pain.001.001.09 ({type(error).__name__})") from error
    return SalaryTransferFile(month, when, xml, tuple(accepted), tuple(left_out), message_id)
