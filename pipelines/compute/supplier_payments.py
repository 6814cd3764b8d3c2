"""Supplier payments as of a date: what each supplier invoice still owes, the payment
schedule by due date, the cash needed by week, the allocation of each payment, and the
payments selected for the SEPA transfer file.

Entry point: `supplier_payments(dataset, parameters=None, as_of=None) -> SupplierPayments`
(`shared` computes it once per dataset and date). Needs the sheets FacturesFournisseurs,
LignesFactureFournisseur, ReglementsFournisseurs and LettrageFournisseurs; uses
Fournisseurs (names, payment terms, bank details, linked customer) and Organisation (the
debtor of the transfers).

**Invoice totals** (TTC in the invoice's currency, a credit note negative) come from
`pipelines.compute.purchase_invoices`, shared with the three-way match, and so does the
TTC in euros (the register's HT in euros plus VAT in euros, so that both pages agree to
the cent). A part of a document (what is left to pay) goes to euros by dividing by its
`taux_change` (currency units for 1 €), half up; the whole rest of an unpaid document is
its TTC in euros. A document whose total cannot be computed (an empty cell of a line: the
validation reports it) is left out of the schedule, the allocations and the cash needed
(`SupplierPayments.incomplete` lists it; the summary counts it).

**Due date**: date_echeance, else date_facture + the supplier's delai_paiement_jours.
``jours_retard``: days since the due date of a document still owed (0 once paid).

**Legal payment term** (Code de commerce L441-10 I): sixty days from the invoice date
(``factures.delai_paiement_maximum_jours``) or, if agreed, forty-five days end of month
(``factures.delai_paiement_fin_de_mois_jours``). ``limite_legale`` is the later of the two
limits; the 45 days end of month are computed as the invoice date + 45 days, then the end
of that month (the method admitted with the other one by the DGCCRF, the more lenient
here), so only a due date beyond both limits is flagged.

**Allocation** (LettrageFournisseurs): an allocation is written positive in the payment's
currency; on a credit note it deducts from the payment, so a payment's allocations
(invoices minus credit notes) should equal its amount. An allocation to a document of
another supplier is not applied. An allocation of a payment « payé » settles the
document (regle); one of a payment « à payer » plans it (prevu). reste_du = |TTC| −
regle, in the document's currency, signed like the document (negative for a credit note
still to deduct); etat « payée », « partiellement payée » or « non payée ».

**Schedule** (the documents still open, outside those « en litige », which are withheld
on purpose and shown apart): by due date against the as-of date, `BUCKETS` (disjoint, in
this order, `bucket_periods` gives their dates): « Échu » (before the as-of date),
« Cette semaine » (up to the Sunday of the as-of week), « Ce mois-ci » (the rest of the
calendar month of the as-of date after this week; empty when the week ends in the next
month), « Le mois prochain » (the next calendar month, after this week), « Plus tard ».

**Cash needed by week** (ISO weeks, from the as-of week): the payments « à payer » by
their date (one still dated before the as-of date counts in the as-of week), plus the
open part of each document that no planned payment covers, by its due date (overdue: the
as-of week), in euros. When the organisation sets a weekly ceiling of payments
(Reglages › ``plafond_decaissements_hebdo``, euros a week; 0 or absent: none), a week
above it is a cash shortage (`cash_tensions`): the amount above the ceiling and the
payments that could be moved to a later week, those « à payer » of that week whose
documents are not yet due (none due before the as-of date: an overdue one must be paid
now), largest first, until the week fits. Moving one past its due date is a delay to
agree with the supplier (the rule « paiement prévu après l'échéance » then shows it).

**Compensation** (Code civil art. 1347 and 1347-1: debts certain, liquid and exigible):
for a supplier that is also a customer, only what is due and undisputed on both sides
counts: the supplier's documents due before the as-of date outside « en litige » (its
open credit notes deducted), and the customer's due part (`receivables` ``echu_eur``) of
its invoices not in an open dispute.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import polars as pl
from schwifty import BIC, IBAN

from pipelines.compute.invoice_totals import to_cent
from pipelines.compute.purchase_invoices import supplier_invoice_totals
from pipelines.dataset import ROW_COLUMN, Dataset
from pipelines.french import money
from pipelines.law import Parameters
from pipelines.law import parameters as legal_parameters
from pipelines.settings import setting

EURO = "EUR"
CREDIT_NOTE = "avoir"
DISPUTED, APPROVED = "en litige", "bon à payer"
PAID, TO_PAY = "payé", "à payer"
TRANSFER = "virement"
PAID_STATE, PARTLY_PAID, UNPAID = "payée", "partiellement payée", "non payée"
OVERDUE, THIS_WEEK, THIS_MONTH, NEXT_MONTH, LATER = (
    "Échu", "Cette semaine", "Ce mois-ci", "Le mois prochain", "Plus tard")
BUCKETS = (OVERDUE, THIS_WEEK, THIS_MONTH, NEXT_MONTH, LATER)
LEGAL_TERM = "factures.delai_paiement_maximum_jours"
LEGAL_TERM_END_OF_MONTH = "factures.delai_paiement_fin_de_mois_jours"
WEEKLY_CEILING = "plafond_decaissements_hebdo"
SEPA_REFERENCE_MAX = 140  # characters of the unstructured remittance information (Ustrd)
ZERO = Decimal(0)
MONEY = pl.Decimal(38, 2)

SHEETS = ("factures_fournisseurs", "lignes_facture_fournisseur", "reglements_fournisseurs",
          "lettrage_fournisseurs")
OPTIONAL = ("fournisseurs", "organisation")

INVOICE_COLUMNS = {
    "numero_piece": pl.String, "type": pl.String, "code_fournisseur": pl.String,
    "fournisseur": pl.String, "numero_fournisseur": pl.String, "date_facture": pl.Date,
    "date_echeance": pl.Date, "devise": pl.String, "statut": pl.String,
    "total_ttc": MONEY, "total_ttc_eur": MONEY, "regle": MONEY, "prevu": MONEY,
    "reste_du": MONEY, "reste_du_eur": MONEY, "non_planifie_eur": MONEY, "etat": pl.String,
    "jours_retard": pl.Int64, "tranche": pl.String, "delai_jours": pl.Int64,
    "limite_legale": pl.Date, ROW_COLUMN: pl.Int64,
}
ALLOCATION_COLUMNS = {
    "numero_reglement": pl.String, "numero_piece": pl.String, "montant": MONEY,
    "montant_signe": MONEY, "montant_piece": MONEY, "montant_eur": MONEY,
    "devise": pl.String, "devise_piece": pl.String, "type": pl.String,
    "fournisseur_reglement": pl.String, "fournisseur_piece": pl.String,
    "statut_reglement": pl.String, "statut_piece": pl.String, "date_reglement": pl.Date,
    "date_echeance": pl.Date, "valide": pl.Boolean, "depassement": MONEY,
    "ligne_reglement": pl.Int64, ROW_COLUMN: pl.Int64,
}
PAYMENT_COLUMNS = {
    "numero_reglement": pl.String, "code_fournisseur": pl.String, "fournisseur": pl.String,
    "date_reglement": pl.Date, "mode": pl.String, "montant": MONEY, "devise": pl.String,
    "montant_eur": MONEY, "statut": pl.String, "virement_sepa": pl.Boolean,
    "reference": pl.String, "pieces": pl.String, "affecte": MONEY, "ecart": MONEY,
    "etat": pl.String, ROW_COLUMN: pl.Int64,
}
WEEK_COLUMNS = {"semaine": pl.String, "debut_semaine": pl.Date,
                "paiements_prevus_eur": MONEY, "echeances_non_planifiees_eur": MONEY,
                "besoin_eur": MONEY, "plafond_eur": MONEY, "depassement_eur": MONEY}
TENSION_COLUMNS = {"semaine": pl.String, "debut_semaine": pl.Date, "besoin_eur": MONEY,
                   "plafond_eur": MONEY, "depassement_eur": MONEY,
                   "a_reporter": pl.String, "a_reporter_eur": MONEY,
                   "suffisant": pl.Boolean, "ligne_a_reporter": pl.Int64}


@dataclass(frozen=True)
class Transfer:
    """One payment that goes into the SEPA transfer file."""

    numero_reglement: str
    code_fournisseur: str
    name: str
    iban: str
    bic: str | None
    amount: Decimal
    reference: str
    execution_date: date
    row: int | None = None  # Excel row of the payment (ReglementsFournisseurs)


@dataclass(frozen=True)
class LeftOut:
    """A payment selected for the transfer file that cannot go in it, and why (French)."""

    numero_reglement: str
    row: int
    column: str
    reason: str


@dataclass(frozen=True)
class SupplierPayments:
    """The supplier payments as of a date (see the module docstring)."""

    as_of: date
    invoices: pl.DataFrame  # one row per document (INVOICE_COLUMNS)
    allocations: pl.DataFrame  # one row per allocation (ALLOCATION_COLUMNS)
    payments: pl.DataFrame  # one row per payment (PAYMENT_COLUMNS)
    legal_term_days: int | None
    legal_term_end_of_month_days: int | None = None
    weekly_ceiling: Decimal | None = None  # euros a week the organisation can pay out
    incomplete: tuple[str, ...] = ()  # documents whose total cannot be computed


def _money(value) -> Decimal:
    return ZERO if value is None else Decimal(value)


def _in_euros(amount: Decimal, currency: str | None, rate) -> Decimal | None:
    if currency in (None, EURO):
        return to_cent(amount)
    if not rate:
        return None
    return to_cent(amount / Decimal(rate))


def _from_euros(amount: Decimal, currency: str | None, rate) -> Decimal | None:
    if currency in (None, EURO):
        return to_cent(amount)
    if not rate:
        return None
    return to_cent(amount * Decimal(rate))


def _invoice_totals(dataset: Dataset) -> dict[str, tuple[Decimal | None, Decimal | None]]:
    """(TTC in its currency, TTC in euros) of each document, signed (a credit note
    negative), from the shared supplier invoice totals (None when not computable); the
    first row of a number."""
    frame = supplier_invoice_totals(dataset)
    totals: dict[str, tuple[Decimal | None, Decimal | None]] = {}
    for number, ttc, ttc_eur in frame.select(
            "numero_piece", "total_ttc", "total_ttc_eur").iter_rows():
        totals.setdefault(number, (ttc, ttc_eur))
    return totals


def _part_in_euros(part: Decimal, whole: Decimal, whole_eur: Decimal | None,
                   currency: str | None, rate) -> Decimal | None:
    """A part of a document in euros: the register's euro total when it is the whole."""
    if part == whole and whole_eur is not None:
        return whole_eur
    return _in_euros(part, currency, rate)


def _end_of_month(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - timedelta(days=1)


def legal_limit(issued: date | None, term: int | None,
                end_of_month_term: int | None) -> date | None:
    """The latest due date the law allows for an invoice of `issued`: the later of
    issued + `term` days and the end of the month of issued + `end_of_month_term` days."""
    if issued is None:
        return None
    limits = []
    if term is not None:
        limits.append(issued + timedelta(days=term))
    if end_of_month_term is not None:
        limits.append(_end_of_month(issued + timedelta(days=end_of_month_term)))
    return max(limits) if limits else None


def weekly_ceiling(dataset: Dataset) -> Decimal | None:
    """The euros a week the organisation can pay out (Reglages ›
    plafond_decaissements_hebdo), None when not set (0 or absent)."""
    value = setting(dataset, WEEKLY_CEILING)
    return value if value and value > 0 else None


def suppliers_frame(dataset: Dataset) -> pl.DataFrame:
    """Code, name, payment term, bank details, country and linked customer of each
    supplier (empty without the sheet)."""
    schema = {"code_fournisseur": pl.String, "raison_sociale": pl.String,
              "delai_paiement_jours": pl.Int64, "iban": pl.String, "bic": pl.String,
              "pays": pl.String, "client_lie": pl.String, ROW_COLUMN: pl.Int64}
    if "fournisseurs" not in dataset:
        return pl.DataFrame(schema=schema)
    frame = dataset.frame("fournisseurs").filter(pl.col("code_fournisseur").is_not_null())
    return (frame.unique("code_fournisseur", keep="first", maintain_order=True)
            .select([pl.col(name) if name in frame.columns else pl.lit(None).alias(name)
                     for name in schema]).cast(schema))


def bucket_periods(as_of: date) -> dict[str, tuple[date | None, date | None]]:
    """The first and last due date of each bucket (None: unbounded); a bucket whose first
    date is after its last is empty (« Ce mois-ci » when the week ends next month)."""
    week_end = as_of + timedelta(days=6 - as_of.weekday())
    month_end = _end_of_month(as_of)
    next_month_end = _end_of_month(month_end + timedelta(days=1))
    return {
        OVERDUE: (None, as_of - timedelta(days=1)),
        THIS_WEEK: (as_of, week_end),
        THIS_MONTH: (week_end + timedelta(days=1), month_end),
        NEXT_MONTH: (max(week_end, month_end) + timedelta(days=1), next_month_end),
        LATER: (next_month_end + timedelta(days=1), None),
    }


def _bucket(due: date, as_of: date) -> str:
    for label, (_, last) in bucket_periods(as_of).items():
        if last is None or due <= last:
            return label
    return LATER


def supplier_payments(dataset: Dataset, parameters: Parameters | None = None,
                      as_of: date | None = None) -> SupplierPayments:
    """Every document, allocation and payment with what it owes, settles or plans."""
    as_of = as_of or dataset.as_of
    known = parameters or legal_parameters()
    term = known.value_or_none(LEGAL_TERM, as_of)
    term_end_of_month = known.value_or_none(LEGAL_TERM_END_OF_MONTH, as_of)
    term = None if term is None else int(term)
    term_end_of_month = None if term_end_of_month is None else int(term_end_of_month)
    heads = dataset.frame("factures_fournisseurs").filter(pl.col("numero_piece").is_not_null())
    heads = heads.unique("numero_piece", keep="first", maintain_order=True)
    totals = _invoice_totals(dataset)
    incomplete = {number for number in heads["numero_piece"].to_list()
                  if (totals.get(number) or (None,))[0] is None}
    suppliers = {row["code_fournisseur"]: row
                 for row in suppliers_frame(dataset).iter_rows(named=True)}
    documents = {}
    for row in heads.iter_rows(named=True):
        supplier = suppliers.get(row["code_fournisseur"]) or {}
        due = row["date_echeance"]
        if due is None and row["date_facture"] is not None:
            due = row["date_facture"] + timedelta(days=supplier.get("delai_paiement_jours") or 0)
        documents[row["numero_piece"]] = {**row, "fournisseur": supplier.get("raison_sociale"),
                                          "date_echeance": due}

    payments_sheet = dataset.frame("reglements_fournisseurs").filter(
        pl.col("numero_reglement").is_not_null())
    payments = {row["numero_reglement"]: row for row in payments_sheet.unique(
        "numero_reglement", keep="first", maintain_order=True).iter_rows(named=True)}

    allocations = []
    settled: dict[str, Decimal] = defaultdict(Decimal)
    planned: dict[str, Decimal] = defaultdict(Decimal)
    allocated: dict[str, Decimal] = defaultdict(Decimal)
    pieces: dict[str, list[str]] = defaultdict(list)
    ordered = sorted(
        dataset.frame("lettrage_fournisseurs").iter_rows(named=True),
        key=lambda a: ((payments.get(a["numero_reglement"]) or {}).get("date_reglement")
                       or date.max, a["numero_reglement"] or "", a[ROW_COLUMN]))
    for row in ordered:
        payment = payments.get(row["numero_reglement"])
        document = documents.get(row["numero_piece"])
        if payment is None or document is None or row["montant"] is None:
            continue
        amount = Decimal(row["montant"])
        credit_note = document["type"] == CREDIT_NOTE
        number = row["numero_piece"]
        if number in incomplete:  # no total to settle: counted for the payment only
            allocated[row["numero_reglement"]] += -amount if credit_note else amount
            pieces[row["numero_reglement"]].append(number)
            continue
        euros = _in_euros(amount, payment["devise"], payment["taux_change"])
        if payment["devise"] == document["devise"]:
            in_document = amount
        else:
            in_document = None if euros is None else _from_euros(
                euros, document["devise"], document["taux_change"])
        valid = payment["code_fournisseur"] == document["code_fournisseur"]
        cap = abs(totals[number][0])
        excess = None
        if valid and in_document is not None:
            before = settled[number] + planned[number]
            if before + in_document > cap:
                excess = before + in_document - cap
            if payment["statut"] == PAID:
                settled[number] += in_document
            else:
                planned[number] += in_document
        allocated[row["numero_reglement"]] += -amount if credit_note else amount
        pieces[row["numero_reglement"]].append(number)
        allocations.append({
            "numero_reglement": row["numero_reglement"], "numero_piece": number,
            "montant": amount, "montant_signe": -amount if credit_note else amount,
            "montant_piece": in_document, "montant_eur": euros, "devise": payment["devise"],
            "devise_piece": document["devise"], "type": document["type"],
            "fournisseur_reglement": payment["code_fournisseur"],
            "fournisseur_piece": document["code_fournisseur"],
            "statut_reglement": payment["statut"], "statut_piece": document["statut"],
            "date_reglement": payment["date_reglement"],
            "date_echeance": document["date_echeance"], "valide": valid,
            "depassement": excess, "ligne_reglement": payment[ROW_COLUMN],
            ROW_COLUMN: row[ROW_COLUMN]})

    invoice_rows = []
    for number, document in documents.items():
        if number in incomplete:
            continue
        total, total_eur = totals[number]
        sign = -1 if total < 0 else 1
        currency, rate = document["devise"], document["taux_change"]
        whole_eur = None if total_eur is None else abs(total_eur)
        paid, plan = settled[number], planned[number]
        rest = abs(total) - paid
        rest_eur = _part_in_euros(rest, abs(total), whole_eur, currency, rate)
        uncovered = max(rest - plan, ZERO)
        uncovered_eur = _part_in_euros(uncovered, abs(total), whole_eur, currency, rate)
        due = document["date_echeance"]
        state = PAID_STATE if rest <= 0 else PARTLY_PAID if paid > 0 else UNPAID
        issued = document["date_facture"]
        invoice_rows.append({
            "numero_piece": number, "type": document["type"],
            "code_fournisseur": document["code_fournisseur"],
            "fournisseur": document["fournisseur"],
            "numero_fournisseur": document["numero_fournisseur"],
            "date_facture": issued, "date_echeance": due, "devise": document["devise"],
            "statut": document["statut"], "total_ttc": total,
            "total_ttc_eur": total_eur,
            "regle": sign * paid, "prevu": sign * plan, "reste_du": sign * rest,
            "reste_du_eur": None if rest_eur is None else sign * rest_eur,
            "non_planifie_eur": None if uncovered_eur is None else sign * uncovered_eur,
            "etat": state,
            "jours_retard": (as_of - due).days
            if due is not None and due < as_of and rest > 0 else 0,
            "tranche": _bucket(due, as_of) if due is not None and rest > 0 else None,
            "delai_jours": (due - issued).days if due and issued else None,
            "limite_legale": legal_limit(issued, term, term_end_of_month),
            ROW_COLUMN: document[ROW_COLUMN]})

    payment_rows = []
    for number, payment in payments.items():
        supplier = suppliers.get(payment["code_fournisseur"]) or {}
        amount = _money(payment["montant"])
        done = allocated.get(number)
        gap = None if done is None else amount - done
        state = ("non lettré" if done is None else "lettré" if gap == 0 else "écart")
        payment_rows.append({
            "numero_reglement": number, "code_fournisseur": payment["code_fournisseur"],
            "fournisseur": supplier.get("raison_sociale"),
            "date_reglement": payment["date_reglement"], "mode": payment["mode"],
            "montant": amount, "devise": payment["devise"],
            "montant_eur": _in_euros(amount, payment["devise"], payment["taux_change"]),
            "statut": payment["statut"], "virement_sepa": payment.get("virement_sepa"),
            "reference": payment.get("reference"), "pieces": ", ".join(pieces.get(number, [])),
            "affecte": done, "ecart": gap, "etat": state, ROW_COLUMN: payment[ROW_COLUMN]})

    return SupplierPayments(
        as_of,
        pl.DataFrame(invoice_rows, schema=INVOICE_COLUMNS, orient="row"),
        pl.DataFrame(allocations, schema=ALLOCATION_COLUMNS, orient="row"),
        pl.DataFrame(payment_rows, schema=PAYMENT_COLUMNS, orient="row"),
        term, term_end_of_month, weekly_ceiling(dataset),
        tuple(number for number in documents if number in incomplete))


def shared(dataset: Dataset, parameters: Parameters | None = None,
           as_of: date | None = None) -> SupplierPayments:
    """`supplier_payments`, computed once per dataset and date (figures and rules)."""
    as_of = as_of or dataset.as_of
    return dataset.derived(("supplier_payments", as_of),
                           lambda: supplier_payments(dataset, parameters, as_of))


# --- figures ---------------------------------------------------------------------------

SCHEDULE_COLUMNS = ("tranche", "date_echeance", "jours_retard", "numero_piece", "type",
                    "code_fournisseur", "fournisseur", "numero_fournisseur", "date_facture",
                    "devise", "total_ttc", "reste_du", "reste_du_eur", "prevu",
                    "non_planifie_eur", "etat", ROW_COLUMN)


def schedule(state: SupplierPayments) -> pl.DataFrame:
    """The open documents outside disputes, by due date (`SCHEDULE_COLUMNS`)."""
    return (state.invoices.filter((pl.col("reste_du") != 0) & (pl.col("statut") != DISPUTED))
            .sort("date_echeance", "numero_piece").select(SCHEDULE_COLUMNS))


def schedule_summary(state: SupplierPayments) -> pl.DataFrame:
    """(tranche, du, au, pieces, montant_eur) for each bucket, in order, with zeros; du and
    au are its first and last due dates (null: unbounded)."""
    open_ = schedule(state)
    rows = []
    for label, (first, last) in bucket_periods(state.as_of).items():
        part = open_.filter(pl.col("tranche") == label)
        rows.append((label, first, last, part.height,
                     part["reste_du_eur"].sum() if part.height else ZERO))
    return pl.DataFrame(rows, schema={"tranche": pl.String, "du": pl.Date, "au": pl.Date,
                                      "pieces": pl.Int64, "montant_eur": MONEY}, orient="row")


def disputed(state: SupplierPayments) -> pl.DataFrame:
    """The documents « en litige » still open: withheld on purpose."""
    return (state.invoices.filter((pl.col("statut") == DISPUTED) & (pl.col("reste_du") != 0))
            .sort("date_echeance").select(SCHEDULE_COLUMNS[1:]))


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _week_of_payment(row: dict, first: date) -> date | None:
    if row["montant_eur"] is None or row["date_reglement"] is None:
        return None
    return max(_monday(row["date_reglement"]), first)


def cash_by_week(state: SupplierPayments) -> pl.DataFrame:
    """The cash needed by ISO week from the as-of week (`WEEK_COLUMNS`), every week up
    to the last one with an amount; plafond_eur is the weekly ceiling (null when not set)
    and depassement_eur what the week needs beyond it (0 when within)."""
    first = _monday(state.as_of)
    planned: dict[date, Decimal] = defaultdict(Decimal)
    uncovered: dict[date, Decimal] = defaultdict(Decimal)
    for row in state.payments.filter(pl.col("statut") == TO_PAY).iter_rows(named=True):
        if (week := _week_of_payment(row, first)) is not None:
            planned[week] += row["montant_eur"]
    open_ = schedule(state).filter(pl.col("non_planifie_eur") != 0)
    for row in open_.iter_rows(named=True):
        if row["date_echeance"] is not None:
            uncovered[max(_monday(row["date_echeance"]), first)] += row["non_planifie_eur"]
    weeks = set(planned) | set(uncovered)
    ceiling = state.weekly_ceiling
    rows = []
    if weeks:
        monday = first
        while monday <= max(weeks):
            year, week, _ = monday.isocalendar()
            a, b = planned.get(monday, ZERO), uncovered.get(monday, ZERO)
            above = None if ceiling is None else max(a + b - ceiling, ZERO)
            rows.append((f"{year}-S{week:02d}", monday, a, b, a + b, ceiling, above))
            monday += timedelta(days=7)
    return pl.DataFrame(rows, schema=WEEK_COLUMNS, orient="row")


def cash_tensions(state: SupplierPayments) -> pl.DataFrame:
    """The weeks whose cash need is above the weekly ceiling (`TENSION_COLUMNS`): the
    amount above it and the payments that could be moved (« à payer » that week, no
    document they settle due before the as-of date), largest first until the week fits;
    suffisant says whether moving them all is enough; ligne_a_reporter is the row of the
    first one. Empty without a ceiling."""
    weeks = cash_by_week(state)
    if state.weekly_ceiling is None or weeks.is_empty():
        return pl.DataFrame(schema=TENSION_COLUMNS)
    first = _monday(state.as_of)
    first_due = (state.allocations.filter(pl.col("valide"))
                 .group_by("numero_reglement").agg(pl.col("date_echeance").min()))
    dues = dict(first_due.iter_rows())
    rows = []
    for week in weeks.filter(pl.col("depassement_eur") > 0).iter_rows(named=True):
        movable = []
        for row in state.payments.filter(pl.col("statut") == TO_PAY).iter_rows(named=True):
            due = dues.get(row["numero_reglement"])
            if (_week_of_payment(row, first) == week["debut_semaine"] and due is not None
                    and due >= state.as_of and row["montant_eur"] > 0):
                movable.append(row)
        movable.sort(key=lambda r: (-r["montant_eur"], r["numero_reglement"]))
        chosen, moved = [], ZERO
        for row in movable:
            if moved >= week["depassement_eur"]:
                break
            chosen.append(row)
            moved += row["montant_eur"]
        rows.append((week["semaine"], week["debut_semaine"], week["besoin_eur"],
                     week["plafond_eur"], week["depassement_eur"],
                     ", ".join(r["numero_reglement"] for r in chosen), moved,
                     moved >= week["depassement_eur"],
                     chosen[0][ROW_COLUMN] if chosen else None))
    return pl.DataFrame(rows, schema=TENSION_COLUMNS, orient="row")


def payments_frame(state: SupplierPayments) -> pl.DataFrame:
    """Every payment with its allocation, latest first."""
    return state.payments.sort("date_reglement", "numero_reglement", descending=True)


def open_payables(state: SupplierPayments) -> pl.DataFrame:
    """(code_fournisseur, a_payer_eur): what is still owed to each supplier, disputes
    included, credit notes deducted."""
    return (state.invoices.filter(pl.col("reste_du") != 0)
            .group_by("code_fournisseur").agg(a_payer_eur=pl.col("reste_du_eur").sum()))


def due_payables(state: SupplierPayments) -> pl.DataFrame:
    """(code_fournisseur, a_payer_exigible_eur): what is due to each supplier before the
    as-of date outside disputes, its open credit notes deducted."""
    due = ((pl.col("type") == CREDIT_NOTE) | (pl.col("date_echeance") < state.as_of))
    return (state.invoices.filter((pl.col("reste_du") != 0) & (pl.col("statut") != DISPUTED)
                                  & due.fill_null(False))
            .group_by("code_fournisseur")
            .agg(a_payer_exigible_eur=pl.col("reste_du_eur").sum()))


def compensations(state: SupplierPayments, dataset: Dataset,
                  parameters: Parameters | None = None) -> pl.DataFrame:
    """The suppliers that are also customers (Fournisseurs.client_lie) with a debt due
    and undisputed both ways (Code civil art. 1347-1: certain, liquid and exigible):
    code_fournisseur, fournisseur, client_lie, client, a_payer_eur (all we owe),
    a_payer_exigible_eur (due, undisputed), a_recevoir_eur (all the customer owes),
    a_recevoir_exigible_eur (due, outside an open dispute), compensable_eur (the smaller
    of the two due amounts), _ligne (row of Fournisseurs)."""
    schema = {"code_fournisseur": pl.String, "fournisseur": pl.String,
              "client_lie": pl.String, "client": pl.String, "a_payer_eur": MONEY,
              "a_payer_exigible_eur": MONEY, "a_recevoir_eur": MONEY,
              "a_recevoir_exigible_eur": MONEY, "compensable_eur": MONEY,
              ROW_COLUMN: pl.Int64}
    linked = suppliers_frame(dataset).filter(pl.col("client_lie").is_not_null())
    if linked.is_empty() or not all(name in dataset for name in (
            "factures", "lignes_facture", "reglements", "lettrage")):
        return pl.DataFrame(schema=schema)
    from pipelines.compute import dunning, receivables  # the sales side, only when needed

    sales = receivables.shared(dataset, parameters, state.as_of)
    owed = receivables.owed_by_customer(sales)
    owed_due = (sales.invoices.filter((pl.col("reste_du") > 0)
                                      & (pl.col("litige").fill_null("") != dunning.OPEN))
                .group_by("code_client").agg(a_recevoir_exigible_eur=pl.col("echu_eur").sum()))
    names = receivables.customers_frame(dataset).select(
        pl.col("code_client").alias("client_lie"), pl.col("raison_sociale").alias("client"))
    rows = (linked.join(open_payables(state), on="code_fournisseur")
            .join(due_payables(state), on="code_fournisseur")
            .join(owed.rename({"code_client": "client_lie", "encours": "a_recevoir_eur"}),
                  on="client_lie")
            .join(owed_due.rename({"code_client": "client_lie"}), on="client_lie")
            .join(names, on="client_lie", how="left")
            .filter((pl.col("a_payer_exigible_eur") > 0)
                    & (pl.col("a_recevoir_exigible_eur") > 0)))
    return rows.select(
        "code_fournisseur", pl.col("raison_sociale").alias("fournisseur"), "client_lie",
        "client", "a_payer_eur", "a_payer_exigible_eur", "a_recevoir_eur",
        "a_recevoir_exigible_eur",
        pl.min_horizontal("a_payer_exigible_eur", "a_recevoir_exigible_eur")
        .alias("compensable_eur"), ROW_COLUMN).cast(schema)


def summary(state: SupplierPayments) -> pl.DataFrame:
    """One row: the open total, what is overdue, due this week, the rest of this month,
    next month, later, disputed, the payments to make, and the documents left out for
    want of a computable total."""
    buckets = dict(zip(*schedule_summary(state).select("tranche", "montant_eur")
                       .to_dict(as_series=False).values(), strict=True))
    disputes = disputed(state)
    to_pay = state.payments.filter(pl.col("statut") == TO_PAY)
    row = {
        "a_payer_total": sum(buckets.values(), ZERO), "echu": buckets[OVERDUE],
        "cette_semaine": buckets[THIS_WEEK], "ce_mois": buckets[THIS_MONTH],
        "mois_prochain": buckets[NEXT_MONTH], "plus_tard": buckets[LATER],
        "en_litige": disputes["reste_du_eur"].sum() if disputes.height else ZERO,
        "factures_en_litige": disputes.height, "paiements_prevus": to_pay.height,
        "paiements_prevus_eur": to_pay["montant_eur"].sum() if to_pay.height else ZERO,
        "pieces_sans_total": len(state.incomplete),
    }
    schema = {name: MONEY for name in row}
    schema.update(factures_en_litige=pl.Int64, paiements_prevus=pl.Int64,
                  pieces_sans_total=pl.Int64)
    return pl.DataFrame([row], schema=schema)


# --- the SEPA selection ------------------------------------------------------------------

def organisation_account(dataset: Dataset) -> dict:
    """The debtor of the transfers: raison_sociale, iban, bic (None when unknown)."""
    if "organisation" not in dataset:
        return {"raison_sociale": None, "iban": None, "bic": None, ROW_COLUMN: None}
    frame = dataset.frame("organisation")
    if frame.is_empty():
        return {"raison_sociale": None, "iban": None, "bic": None, ROW_COLUMN: None}
    row = frame.row(0, named=True)
    return {name: row.get(name) for name in ("raison_sociale", "iban", "bic", ROW_COLUMN)}


def iban_problem(value: str | None) -> str | None:
    """Why an IBAN cannot receive a SEPA transfer (French), or None."""
    if not value:
        return "IBAN absent"
    try:
        iban = IBAN(value)
    except Exception:  # noqa: BLE001 (schwifty raises several kinds)
        return "IBAN invalide"
    if not iban.in_sepa_zone:
        return f"IBAN d'un pays hors de la zone SEPA ({iban.country_code})"
    return None


def bic_problem(value: str | None) -> str | None:
    """Why a BIC is wrong (French), or None (an absent BIC is allowed in SEPA)."""
    if not value:
        return None
    try:
        BIC(value)
    except Exception:  # noqa: BLE001
        return "BIC invalide"
    return None


def _allocation_problems(dataset: Dataset, as_of: date | None
                         ) -> tuple[dict[str, str], str | None]:
    """Why each payment cannot be sent for its allocation (French), by number, and a
    reason for every payment when the allocation cannot be read at all."""
    if not all(name in dataset for name in SHEETS):
        return {}, "lettrage des paiements illisible (feuilles d'achats absentes)"
    if as_of is None:
        return {}, "date d'arrêté absente (feuille Organisation) : lettrage non vérifiable"
    state = shared(dataset, None, as_of)
    problems: dict[str, str] = {}
    for row in state.payments.iter_rows(named=True):
        if row["etat"] == "non lettré":
            problems[row["numero_reglement"]] = "lettré avec aucune facture"
        elif row["etat"] == "écart":
            problems[row["numero_reglement"]] = (
                f"ses pièces lettrées font {money(row['affecte'], row['devise'] or EURO)} "
                f"pour un paiement de {money(row['montant'], row['devise'] or EURO)}")
    for row in state.allocations.sort(ROW_COLUMN, descending=True).iter_rows(named=True):
        if not row["valide"]:
            problems[row["numero_reglement"]] = (
                f"lettré avec {row['numero_piece']}, pièce d'un autre fournisseur")
        elif row["statut_piece"] == DISPUTED:
            problems[row["numero_reglement"]] = f"paie {row['numero_piece']}, « en litige »"
    for number in state.incomplete:
        hit = state.payments.filter(pl.col("pieces").str.contains(number, literal=True))
        for payment in hit["numero_reglement"].to_list():
            problems.setdefault(payment, f"paie {number}, dont le total est incalculable")
    return problems, None


def _reference_length(text: str) -> int:
    """Characters of a reference once in the SEPA character set (sepaxml transliterates)."""
    from text_unidecode import unidecode

    return len(unidecode(text))


def sepa_selection(dataset: Dataset, as_of: date | None = None
                   ) -> tuple[list[Transfer], list[LeftOut]]:
    """The payments selected for the transfer file (virement_sepa = oui) that can go in it,
    in order of date and number, and the ones left out with the reason: not « à payer »,
    not a transfer, not in euros, an amount of 0,00 € once rounded to the cent, an
    allocation that is wrong (none, another amount, another supplier's document), a
    document « en litige » or without a computable total, a reference over 140
    characters (left out rather than cut: the supplier matches the transfer by it), bank
    details absent, invalid or outside the SEPA zone."""
    as_of = as_of or dataset.as_of
    frame = dataset.frame("reglements_fournisseurs")
    if "virement_sepa" not in frame.columns:
        return [], []
    selected = frame.filter(pl.col("virement_sepa").fill_null(False)).sort(
        "date_reglement", "numero_reglement", nulls_last=True)
    suppliers = {row["code_fournisseur"]: row
                 for row in suppliers_frame(dataset).iter_rows(named=True)}
    debtor_problem = iban_problem(organisation_account(dataset)["iban"])
    if not selected.is_empty():
        allocation_problems, unreadable = _allocation_problems(dataset, as_of)
    else:
        allocation_problems, unreadable = {}, None
    transfers, left_out = [], []
    for row in selected.iter_rows(named=True):
        supplier = suppliers.get(row["code_fournisseur"]) or {}

        def leave(column: str, reason: str, row=row) -> None:
            left_out.append(LeftOut(row["numero_reglement"], row[ROW_COLUMN], column, reason))

        if row["statut"] != TO_PAY:
            leave("statut", f"statut « {row['statut']} » : seul un paiement « à payer » part")
        elif row["mode"] != TRANSFER:
            leave("mode", f"mode « {row['mode']} » : seul un virement part dans le fichier")
        elif row["devise"] != EURO:
            leave("devise", f"devise {row['devise']} : un virement SEPA se fait en euros")
        elif not row["montant"] or to_cent(Decimal(row["montant"])) <= 0:
            leave("montant", "montant nul une fois arrondi au centime" if row["montant"]
                  and Decimal(row["montant"]) > 0 else "montant nul ou négatif")
        elif problem := unreadable or allocation_problems.get(row["numero_reglement"]):
            leave("numero_reglement", f"lettrage : {problem}")
        elif (length := _reference_length(row.get("reference") or "")) > SEPA_REFERENCE_MAX:
            leave("reference", f"référence de {length} caractères : un virement SEPA en "
                  f"porte {SEPA_REFERENCE_MAX} au plus, raccourcissez-la")
        elif debtor_problem:
            leave("virement_sepa", f"compte de l'organisation : {debtor_problem}")
        elif problem := iban_problem(supplier.get("iban")):
            leave("code_fournisseur", f"fournisseur {row['code_fournisseur']} : {problem}")
        elif problem := bic_problem(supplier.get("bic")):
            leave("code_fournisseur", f"fournisseur {row['code_fournisseur']} : {problem}")
        else:
            day = row["date_reglement"] or as_of
            if as_of is not None and day is not None:
                day = max(day, as_of)  # never an execution date in the past
            transfers.append(Transfer(
                row["numero_reglement"], row["code_fournisseur"],
                supplier.get("raison_sociale") or row["code_fournisseur"],
                IBAN(supplier["iban"]).compact,
                BIC(supplier["bic"]).compact if supplier.get("bic") else None,
                to_cent(Decimal(row["montant"])),
                row.get("reference") or row["numero_reglement"],
                day, row[ROW_COLUMN]))
    return transfers, left_out
