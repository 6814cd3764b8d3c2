"""Supplier payments as of a date: what each supplier invoice still owes, the payment
schedule by due date, the cash needed by week, the allocation of each payment, and the
payments selected for the SEPA transfer file.

Entry point: `supplier_payments(dataset, parameters=None, as_of=None) -> SupplierPayments`
(`shared` computes it once per dataset and date). Needs the sheets FacturesFournisseurs,
LignesFactureFournisseur, ReglementsFournisseurs and LettrageFournisseurs; uses
Fournisseurs (names, payment terms, bank details, linked customer) and Organisation (the
debtor of the transfers).

**Invoice totals** (TTC in the invoice's currency, a credit note negative) come from
`pipelines.compute.purchase_invoices`, shared with the three-way match. In euros: the
amount divided by its `taux_change` (currency units for 1 €), half up.

**Due date**: date_echeance, else date_facture + the supplier's delai_paiement_jours.

**Allocation** (LettrageFournisseurs): an allocation is written positive in the payment's
currency; on a credit note it deducts from the payment, so a payment's allocations
(invoices minus credit notes) should equal its amount. An allocation to a document of
another supplier is not applied. An allocation of a payment « payé » settles the
document (regle); one of a payment « à payer » plans it (prevu). reste_du = |TTC| −
regle, in the document's currency, signed like the document (negative for a credit note
still to deduct); etat « payée », « partiellement payée » or « non payée ».

**Schedule** (the documents still open, outside those « en litige », which are withheld
on purpose and shown apart): by due date against the as-of date, `BUCKETS`: « Échu »
(before the as-of date), « Cette semaine » (up to the Sunday of the as-of week), « Dans
les 30 jours », « Plus tard ».

**Cash needed by week** (ISO weeks, from the as-of week): the payments « à payer » by
their date (one still dated before the as-of date counts in the as-of week), plus the
open part of each document that no planned payment covers, by its due date (overdue: the
as-of week), in euros.
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
from pipelines.law import Parameters
from pipelines.law import parameters as legal_parameters

EURO = "EUR"
CREDIT_NOTE = "avoir"
DISPUTED, APPROVED = "en litige", "bon à payer"
PAID, TO_PAY = "payé", "à payer"
TRANSFER = "virement"
PAID_STATE, PARTLY_PAID, UNPAID = "payée", "partiellement payée", "non payée"
OVERDUE, THIS_WEEK, WITHIN_30, LATER = ("Échu", "Cette semaine", "Dans les 30 jours",
                                        "Plus tard")
BUCKETS = (OVERDUE, THIS_WEEK, WITHIN_30, LATER)
MONTH_HORIZON_DAYS = 30
LEGAL_TERM = "factures.delai_paiement_maximum_jours"
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
    ROW_COLUMN: pl.Int64,
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
                "besoin_eur": MONEY}


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


def _invoice_totals(dataset: Dataset) -> dict[str, Decimal]:
    """TTC of each document in its currency, signed (a credit note negative), from the
    shared supplier invoice totals."""
    frame = supplier_invoice_totals(dataset)
    return dict(zip(frame["numero_piece"].to_list(), frame["total_ttc"].to_list(), strict=True))


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


def _bucket(due: date, as_of: date) -> str:
    if due < as_of:
        return OVERDUE
    if due <= as_of + timedelta(days=6 - as_of.weekday()):
        return THIS_WEEK
    if due <= as_of + timedelta(days=MONTH_HORIZON_DAYS):
        return WITHIN_30
    return LATER


def supplier_payments(dataset: Dataset, parameters: Parameters | None = None,
                      as_of: date | None = None) -> SupplierPayments:
    """Every document, allocation and payment with what it owes, settles or plans."""
    as_of = as_of or dataset.as_of
    known = parameters or legal_parameters()
    term = known.value_or_none(LEGAL_TERM, as_of)
    heads = dataset.frame("factures_fournisseurs").filter(pl.col("numero_piece").is_not_null())
    heads = heads.unique("numero_piece", keep="first", maintain_order=True)
    totals = _invoice_totals(dataset)
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
        euros = _in_euros(amount, payment["devise"], payment["taux_change"])
        if payment["devise"] == document["devise"]:
            in_document = amount
        else:
            in_document = None if euros is None else _from_euros(
                euros, document["devise"], document["taux_change"])
        valid = payment["code_fournisseur"] == document["code_fournisseur"]
        number = row["numero_piece"]
        cap = abs(totals.get(number, ZERO))
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
        total = totals.get(number, ZERO)
        sign = -1 if total < 0 else 1
        paid, plan = settled[number], planned[number]
        rest = abs(total) - paid
        rest_eur = _in_euros(rest, document["devise"], document["taux_change"])
        uncovered = max(rest - plan, ZERO)
        uncovered_eur = _in_euros(uncovered, document["devise"], document["taux_change"])
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
            "total_ttc_eur": _in_euros(total, document["devise"], document["taux_change"]),
            "regle": sign * paid, "prevu": sign * plan, "reste_du": sign * rest,
            "reste_du_eur": None if rest_eur is None else sign * rest_eur,
            "non_planifie_eur": None if uncovered_eur is None else sign * uncovered_eur,
            "etat": state,
            "jours_retard": (as_of - due).days if due is not None and due < as_of else 0,
            "tranche": _bucket(due, as_of) if due is not None and rest > 0 else None,
            "delai_jours": (due - issued).days if due and issued else None,
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
        None if term is None else int(term))


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
    """(tranche, pieces, montant_eur) for each bucket, in order, with zeros."""
    open_ = schedule(state)
    rows = []
    for label in BUCKETS:
        part = open_.filter(pl.col("tranche") == label)
        rows.append((label, part.height, part["reste_du_eur"].sum() if part.height else ZERO))
    return pl.DataFrame(rows, schema={"tranche": pl.String, "pieces": pl.Int64,
                                      "montant_eur": MONEY}, orient="row")


def disputed(state: SupplierPayments) -> pl.DataFrame:
    """The documents « en litige » still open: withheld on purpose."""
    return (state.invoices.filter((pl.col("statut") == DISPUTED) & (pl.col("reste_du") != 0))
            .sort("date_echeance").select(SCHEDULE_COLUMNS[1:]))


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def cash_by_week(state: SupplierPayments) -> pl.DataFrame:
    """The cash needed by ISO week from the as-of week (`WEEK_COLUMNS`), every week up
    to the last one with an amount."""
    first = _monday(state.as_of)
    planned: dict[date, Decimal] = defaultdict(Decimal)
    uncovered: dict[date, Decimal] = defaultdict(Decimal)
    for row in state.payments.filter(pl.col("statut") == TO_PAY).iter_rows(named=True):
        if row["montant_eur"] is not None and row["date_reglement"] is not None:
            planned[max(_monday(row["date_reglement"]), first)] += row["montant_eur"]
    open_ = schedule(state).filter(pl.col("non_planifie_eur") != 0)
    for row in open_.iter_rows(named=True):
        if row["date_echeance"] is not None:
            uncovered[max(_monday(row["date_echeance"]), first)] += row["non_planifie_eur"]
    weeks = set(planned) | set(uncovered)
    rows = []
    if weeks:
        monday = first
        while monday <= max(weeks):
            year, week, _ = monday.isocalendar()
            a, b = planned.get(monday, ZERO), uncovered.get(monday, ZERO)
            rows.append((f"{year}-S{week:02d}", monday, a, b, a + b))
            monday += timedelta(days=7)
    return pl.DataFrame(rows, schema=WEEK_COLUMNS, orient="row")


def payments_frame(state: SupplierPayments) -> pl.DataFrame:
    """Every payment with its allocation, latest first."""
    return state.payments.sort("date_reglement", "numero_reglement", descending=True)


def open_payables(state: SupplierPayments) -> pl.DataFrame:
    """(code_fournisseur, a_payer_eur): what is still owed to each supplier, disputes
    included, credit notes deducted."""
    return (state.invoices.filter(pl.col("reste_du") != 0)
            .group_by("code_fournisseur").agg(a_payer_eur=pl.col("reste_du_eur").sum()))


def compensations(state: SupplierPayments, dataset: Dataset,
                  parameters: Parameters | None = None) -> pl.DataFrame:
    """The suppliers that are also customers (Fournisseurs.client_lie) and owe us while
    we owe them: code_fournisseur, fournisseur, client_lie, client, a_payer_eur,
    a_recevoir_eur, compensable_eur (the smaller of the two), _ligne (row of
    Fournisseurs)."""
    schema = {"code_fournisseur": pl.String, "fournisseur": pl.String,
              "client_lie": pl.String, "client": pl.String, "a_payer_eur": MONEY,
              "a_recevoir_eur": MONEY, "compensable_eur": MONEY, ROW_COLUMN: pl.Int64}
    linked = suppliers_frame(dataset).filter(pl.col("client_lie").is_not_null())
    if linked.is_empty() or not all(name in dataset for name in (
            "factures", "lignes_facture", "reglements", "lettrage")):
        return pl.DataFrame(schema=schema)
    from pipelines.compute import receivables  # the sales side, only when needed

    owed = receivables.owed_by_customer(receivables.shared(dataset, parameters, state.as_of))
    names = receivables.customers_frame(dataset).select(
        pl.col("code_client").alias("client_lie"), pl.col("raison_sociale").alias("client"))
    rows = (linked.join(open_payables(state), on="code_fournisseur")
            .join(owed.rename({"code_client": "client_lie", "encours": "a_recevoir_eur"}),
                  on="client_lie")
            .join(names, on="client_lie", how="left")
            .filter((pl.col("a_payer_eur") > 0) & (pl.col("a_recevoir_eur") > 0)))
    return rows.select(
        "code_fournisseur", pl.col("raison_sociale").alias("fournisseur"), "client_lie",
        "client", "a_payer_eur", "a_recevoir_eur",
        pl.min_horizontal("a_payer_eur", "a_recevoir_eur").alias("compensable_eur"),
        ROW_COLUMN).cast(schema)


def summary(state: SupplierPayments) -> pl.DataFrame:
    """One row: the open total, what is overdue, due this week, within 30 days, later,
    disputed, and the payments to make."""
    buckets = dict(zip(*schedule_summary(state).select("tranche", "montant_eur")
                       .to_dict(as_series=False).values(), strict=True))
    disputes = disputed(state)
    to_pay = state.payments.filter(pl.col("statut") == TO_PAY)
    row = {
        "a_payer_total": sum(buckets.values(), ZERO), "echu": buckets[OVERDUE],
        "cette_semaine": buckets[THIS_WEEK], "dans_30_jours": buckets[WITHIN_30],
        "plus_tard": buckets[LATER],
        "en_litige": disputes["reste_du_eur"].sum() if disputes.height else ZERO,
        "factures_en_litige": disputes.height, "paiements_prevus": to_pay.height,
        "paiements_prevus_eur": to_pay["montant_eur"].sum() if to_pay.height else ZERO,
    }
    schema = {name: MONEY for name in row}
    schema.update(factures_en_litige=pl.Int64, paiements_prevus=pl.Int64)
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


def sepa_selection(dataset: Dataset, as_of: date | None = None
                   ) -> tuple[list[Transfer], list[LeftOut]]:
    """The payments selected for the transfer file (virement_sepa = oui) that can go in it,
    in order of date and number, and the ones left out with the reason."""
    as_of = as_of or dataset.as_of
    frame = dataset.frame("reglements_fournisseurs")
    if "virement_sepa" not in frame.columns:
        return [], []
    selected = frame.filter(pl.col("virement_sepa").fill_null(False)).sort(
        "date_reglement", "numero_reglement", nulls_last=True)
    suppliers = {row["code_fournisseur"]: row
                 for row in suppliers_frame(dataset).iter_rows(named=True)}
    debtor_problem = iban_problem(organisation_account(dataset)["iban"])
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
        elif not row["montant"] or Decimal(row["montant"]) <= 0:
            leave("montant", "montant nul")
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
                day))
    return transfers, left_out
