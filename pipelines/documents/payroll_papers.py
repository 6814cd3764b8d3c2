"""The payroll documents of the organisation, written into a private folder (never a site).

`write_payroll_documents(dataset, parameters, out_dir, months=None, workers=None)` writes,
for each month of the payroll (or each month asked for):

- ``bulletins/<mois>/<matricule>-<nom>.pdf``: each employee's clarified payslip
  (`payslip_pdf`), printed as PDF/A-3b in a pool of processes (`pool`);
- ``livre-de-paie-<mois>.xlsx``: the month's payroll journal, dues by body and accounting
  entries (`payroll_journal`);
- ``virements-salaires-<mois>.xml``: the SEPA transfer file of the month's net pay
  (`salary_transfers`); the salaries that cannot go in it (no valid IBAN) are returned as
  issues, with their reason in French.

Each file is replaced whole (written under a temporary name, then renamed): a reader sees
the old file or the new one, never half of one. A month asked for that has no payslip is
reported in `problems`, in French.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.compute.payroll.run import payroll
from pipelines.dataset import Dataset
from pipelines.documents.batch import write_replacing
from pipelines.documents.payroll_journal import payroll_journal_xlsx
from pipelines.documents.payslip_pdf import payslip_documents, render_payslip_html
from pipelines.documents.pool import DEFAULT_WORKERS, render_each
from pipelines.documents.salary_transfers import salary_transfer_file
from pipelines.documents.sepa import SepaError
from pipelines.documents.templating import render_pdf_a3
from pipelines.issues import Issue
from pipelines.law import Parameters

PAYSLIPS_FOLDER = "bulletins"


@dataclass
class PayrollDocuments:
    out_dir: Path
    months: list[str] = field(default_factory=list)
    payslips: list[Path] = field(default_factory=list)
    journals: list[Path] = field(default_factory=list)
    transfers: list[Path] = field(default_factory=list)
    transferred: int = 0  # salaries in the transfer files
    issues: list[Issue] = field(default_factory=list)  # salaries left out of the transfers
    problems: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {"bulletins": len(self.payslips), "livres de paie": len(self.journals),
                "fichiers de virements": len(self.transfers), "virements": self.transferred}


def journal_path(out_dir: Path, month: str) -> Path:
    return out_dir / f"livre-de-paie-{month}.xlsx"


def transfers_path(out_dir: Path, month: str) -> Path:
    return out_dir / f"virements-salaires-{month}.xml"


def _months(known: list[str], asked: Iterable[str] | None, outcome: PayrollDocuments
            ) -> list[str]:
    if asked is None:
        return known
    chosen = []
    for month in dict.fromkeys(asked):
        if month in known:
            chosen.append(month)
        else:
            outcome.problems.append(f"{month} : aucun bulletin de paie pour ce mois")
    return sorted(chosen)


def write_payroll_documents(dataset: Dataset, parameters: Parameters, out_dir: Path,
                            months: list[str] | None = None,
                            workers: int | None = None) -> PayrollDocuments:
    """Writes the payslips, journals and transfer files of the months (see the module)."""
    out_dir = Path(out_dir)
    outcome = PayrollDocuments(out_dir)
    computed = payroll(dataset, parameters)
    if not computed.payslips:
        outcome.problems.append("aucun bulletin de paie : les classeurs n'ont pas de variables "
                                "de paie (paie.xlsx › Variables) pour un salarié sous contrat")
        return outcome
    outcome.months = _months(computed.months(), months, outcome)
    slips = [slip for slip in computed.payslips if slip.month in set(outcome.months)]
    documents = payslip_documents(dataset, slips)
    pages = [render_payslip_html(document) for document in documents]
    targets = [out_dir / PAYSLIPS_FOLDER / document.slip.month / f"{document.stem}.pdf"
               for document in documents]
    printed = render_each(render_pdf_a3, pages, workers or DEFAULT_WORKERS)
    for target, (_page, pdf) in zip(targets, printed, strict=True):  # in the order given
        write_replacing(target, pdf)
        outcome.payslips.append(target)
    for month in outcome.months:
        of_month = [slip for slip in slips if slip.month == month]
        journal = journal_path(out_dir, month)
        write_replacing(journal, payroll_journal_xlsx(month, of_month, parameters))
        outcome.journals.append(journal)
        try:
            made = salary_transfer_file(dataset, of_month, month)
        except SepaError as error:
            outcome.problems.append(f"virements des salaires de {month} : {error}")
            continue
        outcome.issues.extend(made.left_out)
        if made.xml is not None:
            target = transfers_path(out_dir, month)
            write_replacing(target, made.xml)
            outcome.transfers.append(target)
            outcome.transferred += len(made.transfers)
    return outcome
