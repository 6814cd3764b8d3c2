"""The net figures of a payslip.

- **Net taxable** (net imposable): the gross, less the deductible employee contributions
  (all but the non-deductible CSG and the CRDS), plus the employer's health-insurance
  contribution (taxable income), less the overtime pay exempt from income tax.
- **Overtime exempt from income tax** (CGI art. 81 quater): the overtime pay net of the
  employee social contributions it bears (in proportion to the gross), within the annual
  cap (year to date). The CSG on the exempt part is not deductible (CGI art. 154 quinquies,
  see `contributions.csg_lines`), so it is neither deducted nor counted in the exempt net.
- **Withholding tax** (PAS): the net taxable × the rate the tax administration gave for
  the employee, or the neutral-rate grid when there is none.
- **Net social** (montant net social): the gross, plus the employer's prévoyance
  contributions, less every compulsory employee contribution (CSG/CRDS and the
  health-insurance share included) except the employee's prévoyance share.
- **Net to pay before tax**, **net paid** (after tax and any advance), **employer cost**.
"""

from __future__ import annotations

from decimal import Decimal

from pipelines.compute.money import to_cent
from pipelines.compute.payroll.model import ZERO, PayLine
from pipelines.compute.payroll.rates import GRILLE_NEUTRE, HS_IMPOT_PLAFOND, MonthLaw

CSG_CRDS = ("csg_deductible", "csg_heures_supplementaires", "csg_non_deductible", "crds")


def employee_total(lines) -> Decimal:
    return sum((line.employee_amount or ZERO for line in lines), ZERO)


def employer_total(lines) -> Decimal:
    return sum((line.employer_amount or ZERO for line in lines), ZERO)


def exempt_overtime(overtime_amount: Decimal, salaire_brut: Decimal,
                    contributions: list[PayLine], already_exempt: Decimal, law: MonthLaw
                    ) -> tuple[Decimal, Decimal]:
    """(net overtime exempt from income tax, the gross overtime it stands for)."""
    if overtime_amount <= 0 or salaire_brut <= 0:
        return ZERO, ZERO
    social = [line for line in contributions
              if line.code not in CSG_CRDS and line.code != "reduction_heures_supplementaires"]
    reduction = -sum((line.employee_amount or ZERO for line in contributions
                      if line.code == "reduction_heures_supplementaires"), ZERO)
    borne = to_cent(employee_total(social) * overtime_amount / salaire_brut) - reduction
    net = overtime_amount - max(borne, ZERO)
    room = max(law(HS_IMPOT_PLAFOND) - already_exempt, ZERO)
    exempt = min(net, room)
    if exempt <= 0:
        return ZERO, ZERO
    return exempt, to_cent(overtime_amount * exempt / net)


def taxable_health(lines) -> Decimal:
    """The employer's health-insurance contributions, which are taxable income."""
    return sum((line.employer_amount or ZERO for line in lines
                if line.code.startswith("sante_")), ZERO)


def net_imposable(salaire_brut: Decimal, lines, exempt_net: Decimal) -> Decimal:
    deductible = sum((line.employee_amount or ZERO for line in lines if line.deductible), ZERO)
    return salaire_brut - deductible + taxable_health(lines) - exempt_net


def net_social(salaire_brut: Decimal, lines) -> Decimal:
    """The gross plus the employer's prévoyance contributions, less every compulsory employee
    contribution (CSG/CRDS and the health-insurance share included) but the employee's
    prévoyance share (BOSS, montant net social)."""
    employer_prevoyance = sum((line.employer_amount or ZERO for line in lines
                               if line.code.startswith("prevoyance_")), ZERO)
    compulsory = sum((line.employee_amount or ZERO for line in lines
                      if not line.code.startswith("prevoyance_")), ZERO)
    return salaire_brut + employer_prevoyance - compulsory


def neutral_rate(monthly_taxable: Decimal, law: MonthLaw) -> Decimal:
    """The neutral-rate grid: « limit:rate;… », the last limit being « inf »."""
    for bracket in law.text(GRILLE_NEUTRE).split(";"):
        limit, rate = bracket.split(":")
        if limit.strip() == "inf" or monthly_taxable < Decimal(limit):
            return Decimal(rate)
    raise ValueError("la grille du taux neutre n'a pas de dernière tranche « inf »")


def withholding(taxable: Decimal, rate: Decimal) -> Decimal:
    return to_cent(max(taxable, ZERO) * rate)
