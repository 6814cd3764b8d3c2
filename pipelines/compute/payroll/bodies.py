"""What the payroll owes each collecting body, month by month, with its due date.

- URSSAF: the social-security, family, unemployment, AGS, FNAL, CSA, training,
  apprenticeship, dialogue-social and mobility contributions, CSG/CRDS and the forfait
  social, less the reductions imputed on them;
- Agirc-Arrco: complementary pension, CEG, CET, APEC, less the RGDU part imputed on them;
- each health-insurance and prévoyance organisme of the organisation's contracts;
- the DGFiP: the income tax withheld at source.

All are declared and paid through the monthly DSN: on the 15th of the next month below
50 employees, on the 5th from 50 (``paie.echeances``), moved to the next working day when
it falls on a weekend or a public holiday. The health-insurance and
prévoyance organismes are shown at the same date; their contracts may call them quarterly.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from pipelines.compute.payroll.hours import month_bounds, working_days
from pipelines.compute.payroll.model import DGFIP, ZERO, Payslip
from pipelines.compute.payroll.rates import DSN_JOUR_50, DSN_JOUR_MOINS_50, DSN_SEUIL, MonthLaw
from pipelines.law import Parameters


@dataclass(frozen=True)
class BodyDue:
    mois: str
    organisme: str
    part_salariale: Decimal
    part_patronale: Decimal
    salaries: int  # employees concerned
    echeance: date

    @property
    def total(self) -> Decimal:
        return self.part_salariale + self.part_patronale


def due_date(month: str, effectif: int, parameters: Parameters) -> date:
    _first, last = month_bounds(month)
    following = date(last.year + (last.month == 12), last.month % 12 + 1, 1)
    law = MonthLaw(parameters, following)
    day = law(DSN_JOUR_MOINS_50) if effectif < law(DSN_SEUIL) else law(DSN_JOUR_50)
    due = following.replace(day=int(day))
    while working_days(due, due) == 0:  # a weekend or public holiday: the next working day
        due += timedelta(days=1)
    return due


def dues_by_body(payslips: list[Payslip], parameters: Parameters) -> list[BodyDue]:
    """One row per month and collecting body, from the payslip lines."""
    employee: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    employer: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    people: dict[tuple[str, str], set[str]] = defaultdict(set)
    headcount: dict[str, int] = {}
    for slip in payslips:
        for line in slip.lines:
            if line.body is None or line.body == DGFIP:
                continue
            key = (slip.month, line.body)
            employee[key] += line.employee_amount or ZERO
            employer[key] += line.employer_amount or ZERO
            people[key].add(slip.employee.matricule)
        if slip.pas:
            key = (slip.month, DGFIP)
            employee[key] += slip.pas
            people[key].add(slip.employee.matricule)
        headcount[slip.month] = slip.effectif
    return [
        BodyDue(month, body, employee[(month, body)], employer[(month, body)],
                len(people[(month, body)]), due_date(month, headcount[month], parameters))
        for month, body in sorted(people)
    ]
