"""The payroll figures of the management site: aggregates only, never one person's pay.

Every figure comes from `payroll.run.payroll` (computed once per dataset):

- ``paie_par_mois``: per month, the payslips, gross pay, employee and employer
  contributions (employer ones net of reductions), reductions, net paid, employer cost;
- ``paie_par_service``: the same by month and service (« personnel.xlsx › Salariés »
  column ``service``, named from « organisation.xlsx › Services »);
- ``paie_par_organisme``: by month and collecting body, the employee and employer parts and
  the due date;
- ``paie_ecritures``: the accounting entries of each month (journal PAIE), balanced, as
  site data; an account fed by one person's own items (advance, vouchers, benefits,
  transport) for fewer than `MIN_GROUP` employees is folded into 421 or 6411.

Individual pay is personal: a group of fewer than `MIN_GROUP` employees (a service, a month,
a collecting body) is never published: its amounts are left empty and its row says so. A
group that could be found by difference (month total minus the published services) is
hidden too: when the hidden services of a month are a single one, or together fewer than
`MIN_GROUP` employees, the next smallest services are hidden with them, and their rows say
why. The collecting bodies paid for fewer than `MIN_GROUP` employees are merged into
« Autres organismes ».
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import polars as pl

from pipelines.compute.hr import NO_SERVICE
from pipelines.compute.payroll.bodies import dues_by_body
from pipelines.compute.payroll.entries import payroll_entries
from pipelines.compute.payroll.model import DGFIP, EXONERATIONS, ZERO, Payslip
from pipelines.compute.payroll.run import payroll
from pipelines.compute.payroll.workbook_inputs import PAYROLL_SHEETS
from pipelines.compute.specs import Inputs, Spec

MIN_GROUP = 3  # employees: a smaller group is not published (its pay would be individual)
MONEY = pl.Decimal(38, 2)
SMALL_GROUP = "moins de 3 salariés : non publié"
BY_DIFFERENCE = ("non publié : sinon on déduirait par différence avec le total du mois un "
                 "service de moins de 3 salariés")
OTHER_BODIES = "Autres organismes"
OPTIONAL = ("services", "organisation", "regularisations_paie", "contrats_protection_sociale",
            "pointages", "absences")

MEASURES = ("salaire_brut", "cotisations_salariales", "cotisations_patronales",
            "allegements", "net_paye", "cout_employeur")
TITLES = {
    "mois": "Mois", "salaries_payes": "Salariés payés", "salaire_brut": "Salaire brut",
    "cotisations_salariales": "Cotisations salariales",
    "cotisations_patronales": "Cotisations patronales (après allègements)",
    "allegements": "Allègements de cotisations patronales", "net_paye": "Net payé",
    "cout_employeur": "Coût employeur", "service": "Service", "service_libelle": "Service",
    "publie": "Publié", "mention": "Mention", "organisme": "Organisme",
    "part_salariale": "Part salariale", "part_patronale": "Part patronale",
    "total": "Total", "echeance": "Échéance", "journal": "Journal", "date": "Date",
    "compte": "Compte", "libelle": "Libellé", "debit": "Débit", "credit": "Crédit",
}
MONEY_COLUMNS = (*MEASURES, "part_salariale", "part_patronale", "total", "debit", "credit")

MONTH_SCHEMA = {"mois": pl.String, "salaries_payes": pl.Int64,
                **{name: MONEY for name in MEASURES}, "publie": pl.Boolean,
                "mention": pl.String}
SERVICE_SCHEMA = {"mois": pl.String, "service": pl.String, "service_libelle": pl.String,
                  "salaries_payes": pl.Int64, **{name: MONEY for name in MEASURES},
                  "publie": pl.Boolean, "mention": pl.String}
BODY_SCHEMA = {"mois": pl.String, "organisme": pl.String, "salaries_payes": pl.Int64,
               "part_salariale": MONEY, "part_patronale": MONEY, "total": MONEY,
               "echeance": pl.Date, "publie": pl.Boolean, "mention": pl.String}
ENTRY_SCHEMA = {"journal": pl.String, "date": pl.Date, "mois": pl.String, "compte": pl.String,
                "libelle": pl.String, "debit": MONEY, "credit": MONEY}


def slips(inputs: Inputs) -> list[Payslip]:
    return list(payroll(inputs.dataset, inputs.parameters).payslips)


def reductions(slip: Payslip) -> Decimal:
    """The employer reductions of a payslip (RGDU, overtime deduction…), as a positive sum."""
    return -sum((line.employer_amount or ZERO for line in slip.section(EXONERATIONS)
                 if (line.employer_amount or ZERO) < 0), ZERO)


def measures(group: list[Payslip]) -> dict[str, object]:
    """The measures of a group of payslips, summed."""
    def total(name: str) -> Decimal:
        return sum((getattr(slip, name) for slip in group), ZERO)

    return {
        "salaries_payes": len({slip.employee.matricule for slip in group}),
        "salaire_brut": total("salaire_brut"),
        "cotisations_salariales": total("cotisations_salariales"),
        "cotisations_patronales": total("cotisations_patronales"),
        "allegements": sum((reductions(slip) for slip in group), ZERO),
        "net_paye": total("net_paye"), "cout_employeur": total("cout_employeur"),
    }


def _hidden(row: dict, mention: str) -> dict:
    return {**row, **{name: None for name in ("salaries_payes", *MEASURES)},
            "publie": False, "mention": mention}


def by_month(payslips: list[Payslip]) -> pl.DataFrame:
    months: dict[str, list[Payslip]] = defaultdict(list)
    for slip in payslips:
        months[slip.month].append(slip)
    rows = []
    for month in sorted(months):
        row = {"mois": month, **measures(months[month]), "publie": True, "mention": None}
        rows.append(row if row["salaries_payes"] >= MIN_GROUP else _hidden(row, SMALL_GROUP))
    return pl.DataFrame(rows, schema=MONTH_SCHEMA, orient="row") if rows else \
        pl.DataFrame(schema=MONTH_SCHEMA)


def service_labels(services: pl.DataFrame | None) -> dict[str, str]:
    if services is None:
        return {}
    return {row["code_service"]: row["libelle"] or row["code_service"]
            for row in services.select("code_service", "libelle").to_dicts()
            if row["code_service"]}


def suppressed(rows: list[dict]) -> list[dict]:
    """One month's service rows with the small groups hidden, and the groups that would
    reveal them by difference hidden too (the smallest first)."""
    small = [row for row in rows if row["salaries_payes"] < MIN_GROUP]
    hidden = {id(row): SMALL_GROUP for row in small}

    def revealing() -> bool:
        if not hidden:
            return False
        people = sum(row["salaries_payes"] for row in rows if id(row) in hidden)
        return len(hidden) == 1 or people < MIN_GROUP

    candidates = sorted((row for row in rows if id(row) not in hidden),
                        key=lambda row: (row["salaries_payes"], row["salaire_brut"],
                                         row["service"] or ""))
    while revealing() and candidates:
        hidden[id(candidates.pop(0))] = BY_DIFFERENCE
    return [_hidden(row, hidden[id(row)]) if id(row) in hidden else row for row in rows]


def by_service(payslips: list[Payslip], services: pl.DataFrame | None) -> pl.DataFrame:
    labels = service_labels(services)
    groups: dict[tuple[str, str | None], list[Payslip]] = defaultdict(list)
    for slip in payslips:
        groups[(slip.month, slip.employee.service)].append(slip)
    rows = []
    for month in sorted({month for month, _service in groups}):
        month_rows = [
            {"mois": month, "service": service,
             "service_libelle": labels.get(service, service) if service else NO_SERVICE,
             **measures(group), "publie": True, "mention": None}
            for (paid, service), group in sorted(groups.items(), key=lambda i: (
                i[0][0], labels.get(i[0][1], i[0][1] or "")))
            if paid == month
        ]
        rows += suppressed(month_rows)
    return pl.DataFrame(rows, schema=SERVICE_SCHEMA, orient="row") if rows else \
        pl.DataFrame(schema=SERVICE_SCHEMA)


def body_people(payslips: list[Payslip]) -> dict[tuple[str, str], set[str]]:
    """The employees concerned by each month and collecting body (as `dues_by_body`)."""
    people: dict[tuple[str, str], set[str]] = defaultdict(set)
    for slip in payslips:
        for line in slip.lines:
            if line.body is not None and line.body != DGFIP:
                people[(slip.month, line.body)].add(slip.employee.matricule)
        if slip.pas:
            people[(slip.month, DGFIP)].add(slip.employee.matricule)
    return people


def by_body(payslips: list[Payslip], parameters) -> pl.DataFrame:
    people = body_people(payslips)
    rows, others = [], defaultdict(list)
    for due in dues_by_body(payslips, parameters):
        if due.salaries >= MIN_GROUP:
            rows.append({"mois": due.mois, "organisme": due.organisme,
                         "salaries_payes": due.salaries, "part_salariale": due.part_salariale,
                         "part_patronale": due.part_patronale, "total": due.total,
                         "echeance": due.echeance, "publie": True, "mention": None})
        else:
            others[due.mois].append(due)
    for month, dues in others.items():
        concerned = set().union(*(people[(month, due.organisme)] for due in dues))
        names = ", ".join(due.organisme for due in dues)
        row = {"mois": month, "organisme": OTHER_BODIES, "salaries_payes": len(concerned),
               "part_salariale": sum((d.part_salariale for d in dues), ZERO),
               "part_patronale": sum((d.part_patronale for d in dues), ZERO),
               "total": sum((d.total for d in dues), ZERO),
               "echeance": min(due.echeance for due in dues), "publie": True,
               "mention": f"organismes de moins de 3 salariés regroupés : {names}"}
        if len(concerned) < MIN_GROUP:
            row = {**row, "salaries_payes": None, "part_salariale": None,
                   "part_patronale": None, "total": None, "publie": False,
                   "mention": SMALL_GROUP}
        rows.append(row)
    rows.sort(key=lambda row: (row["mois"], row["organisme"] == OTHER_BODIES,
                               row["organisme"]))
    return pl.DataFrame(rows, schema=BODY_SCHEMA, orient="row") if rows else \
        pl.DataFrame(schema=BODY_SCHEMA)


# Accounts fed by one person's own items (an advance, meal vouchers, benefits in kind,
# transport): published only when at least MIN_GROUP employees have one that month, else
# folded into the account of the same side that every payslip feeds.
PERSONAL_ACCOUNTS = {"425": ("acompte", "421"), "467": ("titres_restaurant", "421"),
                     "7088": ("reprise_avantages", "421"), "6414": ("transport", "6411")}


def _small_accounts(payslips: list[Payslip]) -> dict[tuple[str, str], str]:
    """{(month, account): the account it is folded into} for the personal accounts of fewer
    than MIN_GROUP employees in a month."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for slip in payslips:
        for account, (code, _into) in PERSONAL_ACCOUNTS.items():
            if slip.line(code) is not None:
                counts[(slip.month, account)] += 1
    return {(month, account): PERSONAL_ACCOUNTS[account][1]
            for (month, account), count in counts.items() if count < MIN_GROUP}


def entries(payslips: list[Payslip]) -> pl.DataFrame:
    """The month's entries, balanced, with the accounts of fewer than MIN_GROUP employees
    folded (the accounting module takes the exact entries from `entries.payroll_entries`)."""
    folded = _small_accounts(payslips)
    totals: dict[tuple, list] = {}
    for e in payroll_entries(payslips):
        account = folded.get((e.mois, e.compte), e.compte)
        key = (e.journal, e.date, e.mois, account)
        if key not in totals:
            label = e.libelle if account == e.compte else f"Paie {e.mois} - {account}"
            totals[key] = [label, ZERO, ZERO]
        totals[key][1] += e.debit
        totals[key][2] += e.credit
    rows = [{"journal": journal, "date": day, "mois": month, "compte": account,
             "libelle": label, "debit": debit, "credit": credit}
            for (journal, day, month, account), (label, debit, credit) in totals.items()]
    return pl.DataFrame(rows, schema=ENTRY_SCHEMA, orient="row") if rows else \
        pl.DataFrame(schema=ENTRY_SCHEMA)


def _spec(name: str, title: str, build) -> Spec:
    return Spec(name, title, PAYROLL_SHEETS, build, OPTIONAL, money=MONEY_COLUMNS,
                titles=TITLES)


PAYROLL_SPECS: tuple[Spec, ...] = (
    _spec("paie_par_mois", "Paie par mois", lambda i: by_month(slips(i))),
    _spec("paie_par_service", "Paie par mois et par service",
          lambda i: by_service(slips(i), i.frame("services"))),
    _spec("paie_par_organisme", "Cotisations par organisme et par mois",
          lambda i: by_body(slips(i), i.parameters)),
    _spec("paie_ecritures", "Écritures comptables de la paie",
          lambda i: entries(slips(i))),
)
