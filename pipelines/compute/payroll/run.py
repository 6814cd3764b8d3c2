"""The organisation's payroll: every payslip of the workbooks, computed once per dataset."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from pipelines.compute.payroll.engine import year_of_payslips
from pipelines.compute.payroll.model import Payslip
from pipelines.compute.payroll.workbook_inputs import payroll_inputs
from pipelines.dataset import Dataset
from pipelines.law import Parameters


@dataclass(frozen=True)
class Payroll:
    payslips: tuple[Payslip, ...]  # by employee, then month

    def months(self) -> list[str]:
        return sorted({slip.month for slip in self.payslips})

    def of_month(self, month: str) -> list[Payslip]:
        return [slip for slip in self.payslips if slip.month == month]

    def of_employee(self, matricule: str) -> list[Payslip]:
        return [slip for slip in self.payslips if slip.employee.matricule == matricule]

    def find(self, matricule: str, month: str) -> Payslip | None:
        return next((slip for slip in self.payslips
                     if slip.employee.matricule == matricule and slip.month == month), None)


def compute_payroll(dataset: Dataset, parameters: Parameters) -> Payroll:
    by_employee = defaultdict(list)
    for data in payroll_inputs(dataset, parameters):
        by_employee[data.employee.matricule].append(data)
    slips: list[Payslip] = []
    for matricule in sorted(by_employee):
        slips.extend(year_of_payslips(by_employee[matricule], parameters))
    return Payroll(tuple(slips))


def payroll(dataset: Dataset, parameters: Parameters) -> Payroll:
    """The payroll of the dataset, computed once and shared by the rules, figures and
    documents that need it."""
    return dataset.derived(("paie", id(parameters)), lambda: compute_payroll(dataset, parameters))
