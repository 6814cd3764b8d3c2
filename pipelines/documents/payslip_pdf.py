"""The clarified payslip (bulletin de paie clarifié, arrêté du 25 février 2016 modifié),
as an HTML page and a PDF/A-3b.

`payslip_documents(dataset, payslips)` joins each computed `Payslip` to what the page prints
besides the figures: the employer (« organisation.xlsx › Organisation »: raison sociale,
address, SIRET, code NAF, convention collective) and the employee's file (civility, address,
date of entry from « Salariés », coefficient of the contract from « Contrats »).
`render_payslip_html` fills ``templates/payslip.html`` (autoescaped) in this order:

- the header: employer, employee, period and payment date (the last day of the month);
- the gross pay: each line with its quantity, unit rate and amount, then « Salaire brut »;
- the contributions, grouped by the sections of the model in their legal order (Santé,
  Accidents du travail…, Retraite, Famille, Assurance chômage, Autres contributions dues par
  l'employeur, CSG déductible, CSG/CRDS non déductible, Exonérations…), each line with its
  base, employee rate and amount, employer rate and amount, then « Total des cotisations et
  contributions »;
- « Montant net social » in its box, the items after the net, « Net à payer avant impôt sur
  le revenu », the withholding tax (base, rate, amount, personalised rate or rate of the
  grid), « Net payé » with its date;
- « Total versé par l'employeur », « Allègement de cotisations employeur », the tax-exempt
  overtime, the paid-leave days taken, the cumulative figures since January, and the two
  mentions the decree requires at the foot.

Every number is French (1 234,56 ; 6,90 %); rates in the engine are fractions. The page only
prints the engine's figures: it adds nothing up but the employer's relief (the sum of the
employer reductions, shown positive).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from babel.numbers import format_decimal

from pipelines.compute.payroll.hours import month_bounds
from pipelines.compute.payroll.model import (
    APRES_NET,
    BRUT,
    EXONERATIONS,
    SANTE,
    SECTIONS,
    ZERO,
    PayLine,
    Payslip,
)
from pipelines.dataset import Dataset
from pipelines.documents.cii_builder import cents
from pipelines.documents.invoice_pdf import grouped_digits, siret_text
from pipelines.documents.templating import render_html, render_pdf_a3
from pipelines.french import LOCALE, long_date, month_label, number, short_date

NNBSP = "\u202f"
NBSP = "\u00a0"
CONTRIBUTION_SECTIONS = tuple(s for s in SECTIONS if s not in (BRUT, APRES_NET))
PER_HOUR_CODES = frozenset({"deduction_heures_supplementaires"})  # employer rate in € per hour
CATEGORY_LABELS = {"cadre": "Cadre", "non-cadre": "Non-cadre", "apprenti": "Apprenti"}
KEEP_MENTION = ("Dans votre intérêt et pour vous aider à faire valoir vos droits, conservez ce "
                "bulletin de paie sans limitation de durée.")
PORTAL_MENTION = "Rubrique dédiée au bulletin de paie sur le portail www.service-public.fr"


def amount_text(value: Decimal | None) -> str:
    """1 234,56 (to the cent, grouped with a narrow no-break space; blank when None)."""
    if value is None:
        return ""
    return format_decimal(cents(value), format="#,##0.00", locale=LOCALE)


def euros(value: Decimal) -> str:
    return f"{amount_text(value)}{NBSP}€"


def rate_text(rate: Decimal | None) -> str:
    """A fraction as a French percentage: 0.069 → 6,90 % ; 0.00024 → 0,024 %."""
    if rate is None:
        return ""
    return f"{format_decimal(rate * 100, format='#,##0.00####', locale=LOCALE)}{NBSP}%"


def unit_rate_text(rate: Decimal | None) -> str:
    """An hourly rate or a unit value as agreed: 30,0001 ; 13,94 (two to six decimals)."""
    if rate is None:
        return ""
    return format_decimal(rate, format="#,##0.00####", locale=LOCALE)


def nir_text(nir: str | None) -> str:
    """« 274066911534722 » → « 2 74 06 69 115 347 22 »."""
    if not nir:
        return "—"
    return grouped_digits(nir, (1, 2, 2, 2, 3, 3, 2))


def pay_date(month: str) -> date:
    """The payslips are paid on the last day of their month."""
    return month_bounds(month)[1]


def file_stem(matricule: str, nom: str) -> str:
    """« S003 », « Lefèvre » → « S003-Lefevre » (ASCII letters, digits and hyphens)."""
    folded = unicodedata.normalize("NFKD", nom).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9]+", "-", folded).strip("-")
    return f"{matricule}-{slug}" if slug else matricule


@dataclass(frozen=True)
class Employer:
    name: str
    address: tuple[str, ...]
    siret: str | None
    naf: str | None
    convention: str | None


@dataclass(frozen=True)
class EmployeeFile:
    """What the payslip prints of the employee besides the engine's figures."""

    civilite: str | None = None
    address: tuple[str, ...] = ()
    date_entree: date | None = None
    coefficient: str | None = None


@dataclass(frozen=True)
class PayslipDocument:
    slip: Payslip
    employer: Employer
    employee: EmployeeFile = EmployeeFile()

    @property
    def stem(self) -> str:
        return file_stem(self.slip.employee.matricule, self.slip.employee.nom)


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def employer_of(dataset: Dataset) -> Employer:
    if "organisation" not in dataset or dataset.frame("organisation").is_empty():
        return Employer("—", (), None, None, None)
    row = dataset.frame("organisation").row(0, named=True)
    town = " ".join(p for p in (_text(row.get("code_postal")), _text(row.get("ville"))) if p)
    return Employer(
        name=_text(row.get("raison_sociale")) or "—",
        address=tuple(p for p in (_text(row.get("adresse")), town) if p),
        siret=_text(row.get("siret")),
        naf=_text(row.get("code_naf")),
        convention=_text(row.get("convention_collective")),
    )


def employee_files(dataset: Dataset) -> tuple[dict[str, EmployeeFile], dict[str, str]]:
    """The file of each employee (by matricule) and the coefficient of each contract."""
    files: dict[str, EmployeeFile] = {}
    if "salaries" in dataset:
        for row in dataset.frame("salaries").iter_rows(named=True):
            if not row.get("matricule"):
                continue
            town = " ".join(p for p in (_text(row.get("code_postal")), _text(row.get("ville")))
                            if p)
            files[row["matricule"]] = EmployeeFile(
                civilite=_text(row.get("civilite")),
                address=tuple(p for p in (_text(row.get("adresse")), town) if p),
                date_entree=row.get("date_entree"),
            )
    coefficients: dict[str, str] = {}
    if "contrats" in dataset and "coefficient" in dataset.frame("contrats").columns:
        for row in dataset.frame("contrats").iter_rows(named=True):
            if row.get("id_contrat") and _text(row.get("coefficient")):
                coefficients[row["id_contrat"]] = _text(row["coefficient"])
    return files, coefficients


def payslip_documents(dataset: Dataset, payslips: list[Payslip]) -> list[PayslipDocument]:
    employer = employer_of(dataset)
    files, coefficients = employee_files(dataset)
    documents = []
    for slip in payslips:
        known = files.get(slip.employee.matricule, EmployeeFile())
        coefficient = coefficients.get(slip.contract.id_contrat)
        documents.append(PayslipDocument(slip, employer, EmployeeFile(
            known.civilite, known.address, known.date_entree, coefficient)))
    return documents


def _gross_line(line: PayLine) -> dict[str, str]:
    return {"label": line.label, "quantity": "" if line.quantity is None else number(
        line.quantity), "rate": unit_rate_text(line.rate), "amount": amount_text(line.amount),
        "note": line.note or ""}


def _health_rank(line: PayLine) -> int:
    """The model's order inside « Santé »: social security, then prévoyance (incapacité,
    invalidité, décès), then the complementary health insurance."""
    if line.code.startswith("prevoyance"):
        return 1
    if line.code.startswith("sante"):
        return 2
    return 0


def _contribution_line(line: PayLine) -> dict[str, str]:
    per_hour = line.code in PER_HOUR_CODES
    base = line.base
    return {
        "label": line.label,
        "base": (f"{number(base)}{NBSP}h" if per_hour and base is not None
                 else amount_text(base)),
        "employee_rate": rate_text(line.employee_rate),
        "employee_amount": amount_text(line.employee_amount),
        "employer_rate": (f"{unit_rate_text(line.employer_rate)}{NBSP}€/h" if per_hour
                          else rate_text(line.employer_rate)),
        "employer_amount": amount_text(line.employer_amount),
    }


def contribution_sections(slip: Payslip) -> list[dict[str, object]]:
    sections = []
    for name in CONTRIBUTION_SECTIONS:
        lines = slip.section(name)
        if not lines:
            continue
        if name == SANTE:
            lines = tuple(sorted(lines, key=_health_rank))
        sections.append({"name": name, "lines": [_contribution_line(line) for line in lines]})
    return sections


def employer_relief(slip: Payslip) -> Decimal:
    """« Allègement de cotisations employeur »: the employer reductions, shown positive."""
    return -sum((line.employer_amount or ZERO for line in slip.section(EXONERATIONS)), ZERO)


def _after_net_lines(slip: Payslip) -> list[dict[str, str]]:
    return [{"label": line.label, "amount": amount_text(line.amount)}
            for line in slip.section(APRES_NET) if line.code != "pas"]


def _contract_text(slip: Payslip) -> str:
    contract = slip.contract
    time = "temps partiel" if contract.temps_partiel else "temps plein"
    return f"{contract.type_contrat}, {time}, {number(contract.heures_hebdo)}{NBSP}h par semaine"


def payslip_context(document: PayslipDocument) -> dict[str, object]:
    slip, employee, file = document.slip, document.slip.employee, document.employee
    first, last = month_bounds(slip.month)
    paid_on = pay_date(slip.month)
    ytd = slip.ytd
    personalised = employee.taux_pas is not None
    full_name = f"{employee.prenom} {employee.nom}".strip()
    return {
        "title": f"Bulletin de paie — {month_label(slip.month)} — {full_name}",
        "created": paid_on.isoformat(),
        "employer": {
            "name": document.employer.name,
            "address": document.employer.address,
            "siret": siret_text(document.employer.siret) if document.employer.siret else "—",
            "naf": document.employer.naf or "—",
            "convention": document.employer.convention or "—",
        },
        "employee": {
            "name": " ".join(p for p in (file.civilite, employee.prenom, employee.nom) if p),
            "address": file.address,
            "matricule": employee.matricule,
            "poste": employee.poste or "—",
            "categorie": CATEGORY_LABELS.get(employee.categorie, employee.categorie),
            "coefficient": file.coefficient or "—",
            "date_entree": short_date(file.date_entree),
            "nir": nir_text(employee.nir),
            "contrat": _contract_text(slip),
        },
        "period": month_label(slip.month),
        "period_range": f"du {short_date(first)} au {short_date(last)}",
        "pay_date": long_date(paid_on),
        "gross_lines": [_gross_line(line) for line in slip.section(BRUT)],
        "salaire_brut": amount_text(slip.salaire_brut),
        "sections": contribution_sections(slip),
        "cotisations_salariales": amount_text(slip.cotisations_salariales),
        "cotisations_patronales": amount_text(slip.cotisations_patronales),
        "net_social": euros(slip.net_social),
        "after_net": _after_net_lines(slip),
        "net_avant_impot": euros(slip.net_avant_impot),
        "pas": {
            "base": amount_text(slip.net_imposable),
            "rate": rate_text(slip.taux_pas) if slip.taux_pas is not None else "—",
            "kind": "taux personnalisé" if personalised else "taux non personnalisé",
            "amount": amount_text(-slip.pas if slip.pas else ZERO),
        },
        "net_paye": euros(slip.net_paye),
        "payment": f"le {long_date(paid_on)}" + (" par virement" if employee.iban else ""),
        "cout_employeur": euros(slip.cout_employeur),
        "allegement": euros(employer_relief(slip)),
        "heures_sup_exonerees": (euros(slip.heures_supplementaires_exonerees)
                                 if slip.heures_supplementaires_exonerees else None),
        "conges_pris": number(slip.jours_conges_payes) if slip.jours_conges_payes else None,
        "heures_payees": number(slip.heures_payees),
        "plafond": amount_text(slip.plafond),
        "ytd": [
            ("Salaire brut", amount_text(ytd.brut)),
            ("Plafond de la sécurité sociale", amount_text(ytd.plafond)),
            ("Net imposable", amount_text(ytd.net_imposable)),
            ("Impôt sur le revenu prélevé à la source", amount_text(ytd.pas)),
            ("Heures payées", number(ytd.heures_payees)),
            ("Coût employeur", amount_text(ytd.cout_employeur)),
        ],
        "keep_mention": KEEP_MENTION,
        "portal_mention": PORTAL_MENTION,
    }


def render_payslip_html(document: PayslipDocument) -> str:
    return render_html("payslip.html", payslip_context(document))


def render_payslip_pdf(document: PayslipDocument) -> bytes:
    return render_pdf_a3(render_payslip_html(document))
