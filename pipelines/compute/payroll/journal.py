"""The payroll journal (livre de paie): one row per employee and month, one column per
payslip line and side, and the totals.
"""

from __future__ import annotations

from decimal import Decimal

from pipelines.compute.payroll.model import APRES_NET, BRUT, SECTIONS, ZERO, Payslip

IDENTITY = (("matricule", "Matricule"), ("nom", "Nom"), ("prenom", "Prénom"),
            ("service", "Service"), ("categorie", "Catégorie"), ("mois", "Mois"))
TOTALS = (("heures_payees", "Heures payées"), ("salaire_brut", "Salaire brut"),
          ("cotisations_salariales", "Total des cotisations salariales"),
          ("cotisations_patronales", "Total des cotisations patronales"),
          ("net_social", "Montant net social"), ("net_imposable", "Net imposable"),
          ("pas", "Impôt prélevé à la source"), ("net_avant_impot", "Net à payer avant impôt"),
          ("net_paye", "Net payé"), ("cout_employeur", "Coût employeur"))


def journal_columns(payslips: list[Payslip]) -> list[tuple[str, str]]:
    """(key, French title) of every column, the line columns in payslip order."""
    seen: dict[str, tuple[int, int, str]] = {}
    for slip in payslips:
        for position, line in enumerate(slip.lines):
            if line.section == APRES_NET:
                continue
            order = (SECTIONS.index(line.section), position)
            if line.section == BRUT:
                seen.setdefault(f"{line.code}:montant", (*order, line.label))
                continue
            if line.employee_amount is not None:
                seen.setdefault(f"{line.code}:salarial", (*order, f"{line.label} (salarial)"))
            if line.employer_amount is not None:
                seen.setdefault(f"{line.code}:patronal", (*order, f"{line.label} (patronal)"))
    lines = sorted(seen.items(), key=lambda item: (item[1][0], item[1][1], item[0]))
    return list(IDENTITY) + [(key, title) for key, (_s, _p, title) in lines] + list(TOTALS)


def journal_row(slip: Payslip) -> dict[str, object]:
    employee = slip.employee
    row: dict[str, object] = {
        "matricule": employee.matricule, "nom": employee.nom, "prenom": employee.prenom,
        "service": employee.service, "categorie": employee.categorie, "mois": slip.month,
    }
    for line in slip.lines:
        if line.section == APRES_NET:
            continue
        if line.section == BRUT:
            _add(row, f"{line.code}:montant", line.amount)
            continue
        _add(row, f"{line.code}:salarial", line.employee_amount)
        _add(row, f"{line.code}:patronal", line.employer_amount)
    for key, _title in TOTALS:
        row[key] = getattr(slip, key)
    return row


def _add(row: dict, key: str, amount: Decimal | None) -> None:
    if amount is not None:
        row[key] = row.get(key, ZERO) + amount


def journal_rows(payslips: list[Payslip]) -> list[dict[str, object]]:
    return [journal_row(slip) for slip in sorted(
        payslips, key=lambda s: (s.month, s.employee.nom, s.employee.prenom,
                                 s.employee.matricule))]


def journal_contributions(rows: list[dict[str, object]]) -> Decimal:
    """What the journal's contribution columns and withholding tax add up to."""
    total = ZERO
    for row in rows:
        for key, value in row.items():
            if key.endswith((":salarial", ":patronal")):
                total += value
        total += row["pas"]
    return total
