"""The demo's « Declarations » sheet: what the organisation declared and paid to each
collecting body, month by month, through the DSN.

The demo declares exactly what its payroll owes (so it validates with no blocking issue)
for every month whose due date has passed on the as-of date; November, due on
15 December, is not declared yet. The amounts come from the payroll engine run on the
written workbooks, so a change of the demo's payroll changes its declarations with it.
"""

from __future__ import annotations

from pathlib import Path

from pipelines.demo.settings import AS_OF


def declaration_rows(workbooks_dir: Path, schemas_dir: Path) -> list[dict]:
    from pipelines.compute.payroll.bodies import dues_by_body
    from pipelines.compute.payroll.run import compute_payroll
    from pipelines.law import parameters
    from pipelines.validate import validate_workbooks

    dataset = validate_workbooks(workbooks_dir, schemas_dir, as_of=AS_OF).dataset
    slips = list(compute_payroll(dataset, parameters()).payslips)
    return [
        {"mois": due.mois, "organisme": due.organisme, "montant": due.total,
         "date_paiement": due.echeance, "reference": f"DSN {due.mois}"}
        for due in dues_by_body(slips, parameters()) if due.echeance <= AS_OF
    ]
