"""The customer receivables as of a date: what each invoice still owes, how late it is,
its dunning, its late-payment penalties, the debts at risk, and each customer's account.

Entry points (the dunning letters and account statements call them too):

- `receivables(dataset, parameters=None, as_of=None) -> Receivables`: everything below,
  computed once;
- `open_items(dataset, parameters=None, as_of=None) -> pl.DataFrame`: the invoices still
  owed, one row each (columns of `OPEN_ITEM_COLUMNS`, described below);
- `customer_account(dataset, code_client, parameters=None, as_of=None) -> pl.DataFrame`:
  the movements of one customer's account with their running balance (columns of
  `ACCOUNT_COLUMNS`, described below).

Needs the sheets Factures, LignesFacture, Reglements and Lettrage; uses Clients,
Echeanciers, Relances, CoursDeChange and ReglesRelance when present. ``as_of`` defaults to
the dataset's (organisation.date_arrete). See `payments` for how payments settle invoices,
`instalments` for the due lines and `dunning` for the dunning levels and disputes.

**Open items** (one row per issued invoice; `open_items` keeps those with ``reste_du >
0``): numero_facture, date_facture, code_client, raison_sociale, type_client,
statut_client, devise, taux (units for 1 €), date_echeance (the invoice's),
date_echeance_effective (the date of its oldest line still owed: the due date, or the
instalment's), total_ttc, total_ttc_eur, avoirs_eur, escompte_eur, regle_eur, reste_du
(in the invoice's currency), reste_du_eur, echu_eur (the part of it already due),
jours_retard (days since date_echeance_effective), tranche (aged-balance bucket),
niveau_atteint, date_niveau_atteint, derniere_relance, relances, litige (« ouvert » or
« clos »), niveau_du, a_envoyer (the dunning to send this week), date_prevue, suspendue
(open dispute), taux_penalites_retenu (% a year), origine_taux (« contrat » or « légal »),
penalites, indemnite, risque (« douteuse » or « irrécouvrable »), motif_risque,
montant_a_risque, _ligne (row of Factures). Every amount is a Decimal, in euros when its
name ends in ``_eur`` and for penalites, indemnite, montant_a_risque.

**Penalties** (Code de commerce L441-10, D441-5), for professional customers only (type
other than « particulier »), claimable (« exigibles »: owed by law, not necessarily
claimed): on each overdue line, rest in euros × annual rate × days late ÷ 365, plus on
each part paid after its line's due date (`_late_payments`: credit notes and escompte
settle the oldest lines first, then the payments by date), amount × rate × days between
the due date and the payment ÷ 365; summed per invoice and rounded half up to the cent
once; the rate is the
customer's contract rate (Clients.taux_penalites, in %) or else the ECB refinancing rate
in force on the first day of the half-year of the line's due date
(``factures.taux_bce_refinancement`` on 1 January or 1 July) plus
``factures.penalites_retard_majoration``; plus the fixed recovery fee
``factures.indemnite_forfaitaire_recouvrement`` (in force on the due date) per late
invoice late, paid or not. A rate unknown on that date leaves the penalties empty. The
invoices paid late keep them too (`claimable_penalties`: one row per invoice late, paid or
not; `summary` adds them up as penalites_exigibles and indemnites_exigibles, while
penalites and indemnites stay those of the open items).

**Aged balance**: the rest in euros of each due line, by days late: not due, 1–30, 31–60,
61–90, more than 90 (`AGE_BUCKETS`).

**Debts at risk**: a debt is doubtful (« douteuse ») when its customer's status is
« douteux » or its dunning reached « contentieux », irrecoverable (« irrécouvrable ») when
its customer's status is « irrécouvrable » (no more dunning then); the amount at risk is
what it still owes.

**Credit balance** of a customer: the unallocated part of their payments, what they paid
beyond an invoice (trop_percu) and their credit notes that cite none of their invoices.

**Account movements** (`ACCOUNT_COLUMNS`): code_client, date, ordre, nature (« facture »,
« avoir », « règlement », « escompte », « gain de change », « perte de change »), piece,
libelle, debit, credit (euros), solde (running balance: debit − credit, positive when the
customer owes), feuille (the sheet of the row: Factures, Reglements or Lettrage), _ligne.
The final balance is the customer's open items minus their credit balance, exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from pipelines.compute import dunning, instalments
from pipelines.compute.invoice_totals import to_cent
from pipelines.compute.money import cents_to_money, in_micro_units, zero
from pipelines.compute.payments import EURO, MATCHED, Settlements, settlements
from pipelines.dataset import NUMBER_DTYPE, ROW_COLUMN, Dataset
from pipelines.law import Parameters
from pipelines.law import parameters as legal_parameters

PRIVATE = "particulier"
DOUBTFUL_CUSTOMER, IRRECOVERABLE_CUSTOMER = "douteux", "irrécouvrable"
DOUBTFUL, IRRECOVERABLE = "douteuse", "irrécouvrable"
CONTRACT_RATE, LEGAL_RATE = "contrat", "légal"
STILL_UNPAID, PAID_LATE = "impayée", "payée en retard"
ECB_RATE = "factures.taux_bce_refinancement"
ECB_MARGIN = "factures.penalites_retard_majoration"
RECOVERY_FEE = "factures.indemnite_forfaitaire_recouvrement"
DAYS_A_YEAR = 365
_PENALTY_UNITS_PER_CENT = DAYS_A_YEAR * 10**12  # € micro × % micro × days → cents

AGE_BUCKETS = (
    ("non_echu", "Non échu", 0),
    ("retard_1_30", "1 à 30 jours", 30),
    ("retard_31_60", "31 à 60 jours", 60),
    ("retard_61_90", "61 à 90 jours", 90),
    ("retard_plus_90", "Plus de 90 jours", None),
)
"""(column, French label, last day late in the bucket) of the aged balance."""

OPEN_ITEM_COLUMNS = (
    "numero_facture", "date_facture", "code_client", "raison_sociale", "type_client",
    "statut_client", "devise", "taux", "date_echeance", "date_echeance_effective",
    "total_ttc", "total_ttc_eur", "avoirs_eur", "escompte_eur", "regle_eur", "reste_du",
    "reste_du_eur", "echu_eur", "jours_retard", "tranche", "niveau_atteint",
    "date_niveau_atteint", "derniere_relance", "relances", "litige", "niveau_du",
    "a_envoyer", "date_prevue", "suspendue", "taux_penalites_retenu", "origine_taux",
    "penalites", "indemnite", "risque", "motif_risque", "montant_a_risque", ROW_COLUMN,
)
ACCOUNT_COLUMNS = ("code_client", "date", "ordre", "nature", "piece", "libelle", "debit",
                   "credit", "solde", "feuille", ROW_COLUMN)


@dataclass(frozen=True)
class Receivables:
    """The receivables as of a date (see the module docstring)."""

    as_of: date
    settlements: Settlements
    customers: pl.DataFrame  # code, name, type, status and contract rate of each customer
    lines: pl.DataFrame  # the due lines (`instalments.due_lines`)
    invoices: pl.DataFrame  # one row per issued invoice (open-item columns)
    rules: pl.DataFrame  # the dunning calendar (`dunning.dunning_rules`)
    events: pl.DataFrame  # the rows of Relances up to the date
    disputes: pl.DataFrame  # `dunning.disputes`
    plans: pl.DataFrame | None  # the rows of Echeanciers


def bucket(days: pl.Expr) -> pl.Expr:
    """The French label of the aged-balance bucket of a number of days late."""
    expression = pl.when(days <= 0).then(pl.lit(AGE_BUCKETS[0][1]))
    for _, label, last in AGE_BUCKETS[1:-1]:
        expression = expression.when(days <= last).then(pl.lit(label))
    return expression.otherwise(pl.lit(AGE_BUCKETS[-1][1]))


def customers_frame(dataset: Dataset) -> pl.DataFrame:
    """The customers' name, type, status and contract penalty rate (first row per code)."""
    schema = {"code_client": pl.String, "raison_sociale": pl.String, "type_client": pl.String,
              "statut_client": pl.String, "taux_penalites": NUMBER_DTYPE}
    if "clients" not in dataset:
        return pl.DataFrame(schema=schema)
    frame = dataset.frame("clients").filter(pl.col("code_client").is_not_null())
    rate = pl.col("taux_penalites") if "taux_penalites" in frame.columns else pl.lit(None)
    return (frame.unique("code_client", keep="first", maintain_order=True)
            .select("code_client", "raison_sociale", "type_client",
                    pl.col("statut").alias("statut_client"), rate.alias("taux_penalites"))
            .cast(schema))


def _line_summary(lines: pl.DataFrame) -> pl.DataFrame:
    owed = pl.col("reste") > 0
    return lines.group_by("numero_facture").agg(
        date_echeance_effective=pl.col("date_echeance").filter(owed).min(),
        jours_retard=pl.col("jours_retard").max().cast(pl.Int64),
        echu_eur=pl.col("reste_eur").filter(pl.col("en_retard")).sum(),
    )


def _semester_start(day: pl.Expr) -> pl.Expr:
    return pl.date(day.dt.year(), pl.when(day.dt.month() <= 6).then(1).otherwise(7), 1)


def legal_rate_percent(known: Parameters, semester_start: date):
    """The legal late-payment rate of a half-year in % a year (ECB rate + margin), or None
    when a parameter has no value on that day."""
    ecb = known.value_or_none(ECB_RATE, semester_start)
    margin = known.value_or_none(ECB_MARGIN, semester_start)
    return None if ecb is None or margin is None else (ecb + margin) * 100


def _dated_values(days: pl.Series, compute, name: str) -> pl.DataFrame:
    """A small table day → value, computed in Python once per distinct day."""
    distinct = [day for day in days.unique().drop_nulls().sort().to_list()]
    return pl.DataFrame({"_jour": distinct, name: [compute(day) for day in distinct]},
                        schema={"_jour": pl.Date, name: NUMBER_DTYPE})


def _late_payments(invoices: pl.DataFrame, lines: pl.DataFrame,
                   allocations: pl.DataFrame) -> pl.DataFrame:
    """The parts of the professional invoices paid after their due line: (numero_facture,
    date_echeance of the line, date_reglement, _eur, _jours). Credit notes and escompte
    settle the oldest lines first, then the payments by date, each its oldest line still
    due; a part paid after its line's due date is late by the days between them. A
    per-invoice legal computation (only the invoices with a payment after a due date)."""
    schema = {"numero_facture": pl.String, "date_echeance": pl.Date,
              "date_reglement": pl.Date, "_eur": NUMBER_DTYPE, "_jours": pl.Int64}
    professional = invoices.filter(pl.col("type_client").is_not_null()
                                   & (pl.col("type_client") != PRIVATE))
    first_due = lines.group_by("numero_facture").agg(_premiere=pl.col("date_echeance").min())
    paid = (allocations.filter(pl.col("valide") & pl.col("regle").is_not_null()
                               & pl.col("date_reglement").is_not_null())
            .join(first_due, on="numero_facture")
            .join(professional.select("numero_facture"), on="numero_facture", how="semi"))
    late_ones = paid.filter(pl.col("date_reglement") > pl.col("_premiere"))["numero_facture"]
    if late_ones.is_empty():
        return pl.DataFrame(schema=schema)
    wanted = pl.col("numero_facture").is_in(late_ones.unique().implode())
    heads = {row["numero_facture"]: row for row in professional.filter(wanted).select(
        "numero_facture", "taux", "avoirs", "escompte").to_dicts()}
    due = {}
    for row in (lines.filter(wanted).sort("date_echeance", "echeance", nulls_last=True)
                .select("numero_facture", "date_echeance", "du").to_dicts()):
        due.setdefault(row["numero_facture"], []).append([row["date_echeance"], row["du"]])
    payments = {}
    for row in (paid.filter(wanted).sort("date_reglement", "ligne_reglement", ROW_COLUMN)
                .select("numero_facture", "date_reglement", "regle").to_dicts()):
        payments.setdefault(row["numero_facture"], []).append(
            (row["date_reglement"], row["regle"]))
    rows = []
    for number, head in heads.items():
        owed = [list(line) for line in due.get(number, [])]
        settle = [(None, (head["avoirs"] or 0) + (head["escompte"] or 0))]
        for paid_on, amount in settle + payments.get(number, []):
            for line in owed:
                if amount <= 0:
                    break
                part = min(amount, line[1])
                if part <= 0:
                    continue
                line[1] -= part
                amount -= part
                if paid_on is not None and paid_on > line[0]:
                    rate = head["taux"] or 1
                    rows.append((number, line[0], paid_on,
                                 part if rate == 1 else to_cent(part / rate),
                                 (paid_on - line[0]).days))
    return pl.DataFrame(rows, schema=schema, orient="row")


def _penalties(invoices: pl.DataFrame, lines: pl.DataFrame, allocations: pl.DataFrame,
               known: Parameters) -> pl.DataFrame:
    """Adds taux_penalites_retenu, origine_taux, penalites and indemnite, and for the
    parts paid late paye_en_retard_eur and date_paiement_retard (see the module
    docstring); exact integer arithmetic, one rounding per invoice."""
    professional = (invoices.filter(pl.col("type_client").is_not_null()
                                    & (pl.col("type_client") != PRIVATE))
                    .select("numero_facture", "taux_penalites"))
    still_late = (lines.filter(pl.col("en_retard") & (pl.col("reste_eur") > 0))
                  .select("numero_facture", "date_echeance",
                          pl.lit(None, dtype=pl.Date).alias("date_reglement"),
                          pl.col("reste_eur").cast(NUMBER_DTYPE).alias("_eur"),
                          pl.col("jours_retard").cast(pl.Int64).alias("_jours")))
    paid_late = _late_payments(invoices, lines, allocations)
    late = (pl.concat([still_late, paid_late])
            .join(professional, on="numero_facture")
            .with_columns(_jour=_semester_start(pl.col("date_echeance"))))
    rates = _dated_values(late["_jour"], lambda d: legal_rate_percent(known, d), "_legal")
    late = late.join(rates, on="_jour", how="left").with_columns(
        _taux=pl.coalesce("taux_penalites", "_legal"))
    units = in_micro_units(pl.col("_eur")) * in_micro_units(pl.col("_taux")) * pl.col(
        "_jours").cast(pl.Int128)
    on_payment = pl.col("date_reglement").is_not_null()
    per_invoice = (
        late.sort("date_echeance", "date_reglement", nulls_last=True)
        .group_by("numero_facture")
        .agg(_unites=units.sum(), _inconnus=pl.col("_taux").null_count(),
             _echeance_retard=pl.col("date_echeance").min(),
             taux_penalites_retenu=pl.col("_taux").first(),
             origine_taux=pl.when(pl.col("taux_penalites").first().is_not_null())
             .then(pl.lit(CONTRACT_RATE)).otherwise(pl.lit(LEGAL_RATE)),
             paye_en_retard_eur=pl.col("_eur").filter(on_payment).sum(),
             date_paiement_retard=pl.col("date_reglement").max())
        .with_columns(penalites=pl.when(pl.col("_inconnus") == 0).then(cents_to_money(
            (pl.col("_unites") * 2 + _PENALTY_UNITS_PER_CENT)
            // (2 * _PENALTY_UNITS_PER_CENT)).cast(NUMBER_DTYPE)))
        .drop("_unites", "_inconnus")
    )
    invoices = (invoices.join(per_invoice, on="numero_facture", how="left")
                .with_columns(_jour_indemnite=pl.coalesce("date_echeance_effective",
                                                          "_echeance_retard")))
    fees = _dated_values(invoices.filter(pl.col("origine_taux").is_not_null())
                         ["_jour_indemnite"],
                         lambda d: known.value_or_none(RECOVERY_FEE, d), "_indemnite")
    return (invoices.join(fees, left_on="_jour_indemnite", right_on="_jour", how="left")
            .with_columns(indemnite=pl.when(pl.col("origine_taux").is_not_null())
                          .then(pl.col("_indemnite")),
                          paye_en_retard_eur=pl.col("paye_en_retard_eur").fill_null(zero()))
            .drop("_indemnite", "_jour_indemnite", "_echeance_retard"))


def _risk(invoices: pl.DataFrame) -> pl.DataFrame:
    status, owed = pl.col("statut_client"), pl.col("reste_du") > 0
    reason = (
        pl.when(~owed).then(pl.lit(None, dtype=pl.String))
        .when(status == IRRECOVERABLE_CUSTOMER).then(pl.lit("client irrécouvrable"))
        .when(status == DOUBTFUL_CUSTOMER).then(pl.lit("client douteux"))
        .when(pl.col("niveau_atteint") == dunning.LITIGATION).then(pl.lit("au contentieux"))
    )
    return invoices.with_columns(motif_risque=reason).with_columns(
        risque=pl.when(status == IRRECOVERABLE_CUSTOMER).then(pl.lit(IRRECOVERABLE))
        .otherwise(pl.lit(DOUBTFUL)),
    ).with_columns(
        risque=pl.when(pl.col("motif_risque").is_not_null()).then(pl.col("risque")),
        montant_a_risque=pl.when(pl.col("motif_risque").is_not_null())
        .then(pl.col("reste_du_eur")),
    )


def receivables(dataset: Dataset, parameters: Parameters | None = None,
                as_of: date | None = None) -> Receivables:
    """The receivables of a dataset as of `as_of` (the dataset's date by default)."""
    as_of = as_of or dataset.as_of
    known = parameters or legal_parameters()
    settled = settlements(dataset, as_of)
    plans = dataset.frame("echeanciers") if "echeanciers" in dataset else None
    lines = instalments.due_lines(settled.invoices, plans, as_of)
    customers = customers_frame(dataset)
    if "relances" in dataset:
        dunning_events = dunning.events(dataset, as_of)
    else:
        dunning_events = pl.DataFrame(schema={"date": pl.Date, "code_client": pl.String,
                                              "numero_facture": pl.String, "niveau": pl.String,
                                              "litige": pl.String, "motif": pl.String,
                                              ROW_COLUMN: pl.Int64, "rang": pl.Int64})
    disputes = dunning.disputes(dunning_events)
    invoice_disputes = (  # one per invoice, an open one first (events typed for two customers)
        disputes.filter(pl.col("numero_facture").is_not_null())
        .sort(pl.col("litige") != dunning.OPEN)
        .unique("numero_facture", keep="first")
        .select("numero_facture", "litige", pl.col("date_ouverture").alias("date_litige")))
    invoices = (
        settled.invoices
        .join(customers, on="code_client", how="left")
        .join(_line_summary(lines), on="numero_facture", how="left")
        .join(dunning.levels_reached(dunning_events), on="numero_facture", how="left")
        .join(invoice_disputes, on="numero_facture", how="left")
        .with_columns(
            pl.col("jours_retard").fill_null(0),
            pl.col("echu_eur").fill_null(zero()),
            relance_arretee=(pl.col("statut_client") == IRRECOVERABLE_CUSTOMER).fill_null(False),
        )
        .with_columns(tranche=pl.when(pl.col("reste_du") > 0).then(bucket(pl.col("jours_retard"))))
    )
    invoices = dunning.dunning_due(invoices, dunning.dunning_rules(dataset), as_of)
    invoices = _risk(_penalties(invoices, lines, settled.allocations, known)).sort(ROW_COLUMN)
    return Receivables(as_of, settled, customers, lines, invoices,
                       dunning.dunning_rules(dataset), dunning_events, disputes, plans)


def shared(dataset: Dataset, parameters: Parameters | None = None,
           as_of: date | None = None) -> Receivables:
    """`receivables`, computed once per dataset and date: the figures, the customers'
    encours and the credit-limit rule all read the same one."""
    as_of = as_of or dataset.as_of
    return dataset.derived(("receivables", as_of),
                           lambda: receivables(dataset, parameters, as_of))


def owed_by_customer(state: Receivables) -> pl.DataFrame:
    """(code_client, encours): what each customer owes in euros as of the date, the sum of
    the rests of its invoices (the aged balance's total owed), for every known customer (0
    when it owes nothing)."""
    owed = (state.invoices.filter(pl.col("reste_du") > 0).group_by("code_client")
            .agg(encours=pl.col("reste_du_eur").sum()))
    codes = pl.concat([state.customers.select("code_client"), owed.select("code_client")])
    return (codes.unique().join(owed, on="code_client", how="left")
            .with_columns(pl.col("encours").fill_null(zero()).cast(NUMBER_DTYPE))
            .filter(pl.col("code_client").is_not_null()).sort("code_client"))


def open_items(dataset: Dataset, parameters: Parameters | None = None,
               as_of: date | None = None) -> pl.DataFrame:
    """The invoices still owed as of the date, one row each (`OPEN_ITEM_COLUMNS`)."""
    return open_items_frame(receivables(dataset, parameters, as_of))


def open_items_frame(state: Receivables) -> pl.DataFrame:
    return state.invoices.filter(pl.col("reste_du") > 0).select(OPEN_ITEM_COLUMNS)


def customer_account(dataset: Dataset, code_client: str, parameters: Parameters | None = None,
                     as_of: date | None = None) -> pl.DataFrame:
    """The movements of one customer's account and their running balance
    (`ACCOUNT_COLUMNS`)."""
    accounts = accounts_frame(receivables(dataset, parameters, as_of))
    return accounts.filter(pl.col("code_client") == code_client)


def _movements(frame: pl.DataFrame, day: str, order: int, nature, piece: str, label,
               debit, credit, sheet: str) -> pl.DataFrame:
    return frame.select(
        "code_client", pl.col(day).alias("date"), pl.lit(order).alias("ordre"),
        (nature if isinstance(nature, pl.Expr) else pl.lit(nature)).alias("nature"),
        pl.col(piece).alias("piece"), label.alias("libelle"),
        debit.cast(NUMBER_DTYPE).alias("debit"), credit.cast(NUMBER_DTYPE).alias("credit"),
        pl.lit(sheet).alias("feuille"), ROW_COLUMN,
    )


def accounts_frame(state: Receivables) -> pl.DataFrame:
    """Every customer's account movements with running balances (`ACCOUNT_COLUMNS`)."""
    settled = state.settlements
    none = pl.lit(None, dtype=NUMBER_DTYPE)
    invoices = _movements(
        settled.invoices, "date_facture", 1, "facture", "numero_facture",
        pl.concat_str(pl.lit("Facture, échéance du "),
                      pl.col("date_echeance").dt.strftime("%d/%m/%Y"), ignore_nulls=True),
        pl.col("total_ttc_eur"), none, "Factures")
    notes = _movements(
        settled.credit_notes, "date_facture", 2, "avoir", "numero_facture",
        pl.when(pl.col("imputee")).then(pl.concat_str(pl.lit("Avoir sur "),
                                                       pl.col("facture_origine")))
        .otherwise(pl.lit("Avoir non imputé sur une facture")),
        none, pl.col("montant_eur"), "Factures")
    payments = _movements(
        settled.payments.filter(pl.col("montant_eur").is_not_null()), "date_reglement", 3,
        "règlement", "id_reglement",
        pl.concat_str(pl.lit("Règlement par "), pl.col("mode"), ignore_nulls=True)
        + pl.when(pl.col("devise") != EURO).then(pl.concat_str(
            pl.lit(" en "), pl.col("devise"))).otherwise(pl.lit("")),
        none, pl.col("montant_eur"), "Reglements")
    valid = settled.allocations.filter(pl.col("valide")).rename(
        {"client_reglement": "code_client"})
    discounts = _movements(
        valid.filter(pl.col("escompte_retenu") > 0), "date_reglement", 4, "escompte",
        "numero_facture", pl.concat_str(pl.lit("Escompte déduit, règlement "),
                                        pl.col("id_reglement")),
        none, pl.col("escompte_eur"), "Lettrage")
    gain = pl.col("ecart_change") > 0
    exchange = _movements(
        valid.filter(pl.col("ecart_change") != 0), "date_reglement", 5,
        pl.when(gain).then(pl.lit("gain de change")).otherwise(pl.lit("perte de change")),
        "id_reglement", pl.concat_str(
            pl.when(gain).then(pl.lit("Gain de change sur "))
            .otherwise(pl.lit("Perte de change sur ")), pl.col("numero_facture")),
        pl.when(gain).then(pl.col("ecart_change")).otherwise(none),
        pl.when(gain).then(none).otherwise(-pl.col("ecart_change")), "Lettrage")
    movements = pl.concat([invoices, notes, payments, discounts, exchange])
    return (
        movements.sort("code_client", "date", "ordre", "piece", ROW_COLUMN)
        .with_columns(solde=(pl.col("debit").fill_null(zero()) - pl.col("credit").fill_null(zero()))
                      .cum_sum().over("code_client"))
        .select(ACCOUNT_COLUMNS)
    )


def credit_balances(state: Receivables) -> pl.DataFrame:
    """Per customer with a credit: code_client, raison_sociale, reglements_non_affectes,
    trop_percu_eur, avoirs_non_imputes, solde_crediteur (euros)."""
    settled = state.settlements
    unallocated = (settled.payments.filter(pl.col("non_affecte_eur") != 0)
                   .group_by("code_client").agg(reglements_non_affectes=pl.col("non_affecte_eur").sum()))
    overpaid = (settled.invoices.filter(pl.col("trop_percu_eur") > 0)
                .group_by("code_client").agg(trop_percu_eur=pl.col("trop_percu_eur").sum()))
    notes = (settled.credit_notes.filter(~pl.col("imputee") & pl.col("montant_eur").is_not_null())
             .group_by("code_client").agg(avoirs_non_imputes=pl.col("montant_eur").sum()))
    codes = pl.concat([frame.select("code_client") for frame in (unallocated, overpaid, notes)])
    amounts = ("reglements_non_affectes", "trop_percu_eur", "avoirs_non_imputes")
    frame = (
        codes.unique().join(unallocated, on="code_client", how="left")
        .join(overpaid, on="code_client", how="left").join(notes, on="code_client", how="left")
        .with_columns(*(pl.col(c).fill_null(zero()) for c in amounts))
        .with_columns(solde_crediteur=pl.sum_horizontal(*amounts))
        .filter(pl.col("solde_crediteur") != 0)
        .join(state.customers.select("code_client", "raison_sociale"), on="code_client",
              how="left")
        .sort("code_client")
    )
    return frame.select("code_client", "raison_sociale", *amounts, "solde_crediteur")


def aged_balance(state: Receivables) -> pl.DataFrame:
    """Per customer who owes or holds a credit: the rest of their due lines by bucket, the
    total owed, their credit balance and the net balance (euros)."""
    labelled = state.lines.filter(pl.col("reste_eur") != 0).with_columns(
        _tranche=bucket(pl.col("jours_retard")))
    sums = labelled.group_by("code_client").agg(
        *(pl.col("reste_eur").filter(pl.col("_tranche") == label).sum().alias(column)
          for column, label, _ in AGE_BUCKETS),
        total_du=pl.col("reste_eur").sum(),
    )
    credits = credit_balances(state).select("code_client", "solde_crediteur")
    codes = pl.concat([sums.select("code_client"), credits.select("code_client")]).unique()
    columns = [column for column, _, _ in AGE_BUCKETS] + ["total_du", "solde_crediteur"]
    return (
        codes.join(sums, on="code_client", how="left")
        .join(credits, on="code_client", how="left")
        .with_columns(*(pl.col(c).fill_null(zero()) for c in columns))
        .with_columns(solde_net=pl.col("total_du") - pl.col("solde_crediteur"))
        .join(state.customers.select("code_client", "raison_sociale", "statut_client"),
              on="code_client", how="left")
        .sort("code_client")
        .select("code_client", "raison_sociale", "statut_client", *columns, "solde_net")
    )


def dunning_to_do(state: Receivables) -> pl.DataFrame:
    """The dunning to send this week, by planned date."""
    return (
        state.invoices.filter(pl.col("a_envoyer").is_not_null())
        .sort("date_prevue", "code_client", ROW_COLUMN)
        .select("numero_facture", "code_client", "raison_sociale", "date_echeance_effective",
                "jours_retard", "reste_du_eur", "niveau_atteint", "date_niveau_atteint",
                "a_envoyer", "date_prevue", "penalites", "indemnite", ROW_COLUMN)
    )


def disputes_frame(state: Receivables) -> pl.DataFrame:
    """Every dispute (open ones first), with what the invoice still owes."""
    owed = state.invoices.select(
        "numero_facture", "date_echeance_effective", "jours_retard", "reste_du_eur",
        "niveau_atteint", "niveau_du")
    return (
        state.disputes.join(owed, on="numero_facture", how="left")
        .join(state.customers.select("code_client", "raison_sociale"), on="code_client",
              how="left")
        .with_columns(_ordre=(pl.col("litige") != dunning.OPEN).cast(pl.Int8))
        .sort("_ordre", "date_ouverture", ROW_COLUMN, nulls_last=True)
        .select("code_client", "raison_sociale", "numero_facture", "litige", "date_ouverture",
                "date_cloture", "motif", "reste_du_eur", "date_echeance_effective",
                "jours_retard", "niveau_atteint", "niveau_du", ROW_COLUMN)
    )


def debts_at_risk(state: Receivables) -> pl.DataFrame:
    """The doubtful and irrecoverable debts and the amount at risk of each."""
    return (
        state.invoices.filter(pl.col("risque").is_not_null())
        .sort("risque", "code_client", ROW_COLUMN)
        .select("numero_facture", "code_client", "raison_sociale", "statut_client", "risque",
                "motif_risque", "date_echeance_effective", "jours_retard", "niveau_atteint",
                "montant_a_risque", ROW_COLUMN)
    )


def unallocated_payments(state: Receivables) -> pl.DataFrame:
    """The payments not (or not wholly) allocated to invoices."""
    return (
        state.settlements.payments.filter(pl.col("etat") != MATCHED)
        .join(state.customers.select("code_client", "raison_sociale"), on="code_client",
              how="left")
        .sort(ROW_COLUMN)
        .select("id_reglement", "date_reglement", "code_client", "raison_sociale", "mode",
                "montant", "devise", "montant_eur", "affecte", "non_affecte",
                "non_affecte_eur", "etat", "commentaire", ROW_COLUMN)
    )


def exchange_differences(state: Receivables) -> pl.DataFrame:
    """Per payment settling an invoice in a foreign currency (or paid in one): its value
    in euros, the euro value of what it settles at the invoices' rates, and the gain or
    loss."""
    foreign = (state.settlements.allocations
               .filter(pl.col("valide") & ((pl.col("devise_reglement") != EURO)
                                           | (pl.col("devise_facture") != EURO))))
    per_payment = foreign.group_by("id_reglement").agg(
        factures=pl.col("numero_facture").sort().str.join(", "),
        montant_affecte=pl.col("montant").sum(),
        montant_affecte_eur=pl.col("montant_eur").sum(),
        valeur_factures_eur=pl.col("valeur_facture_eur").sum(),
        ecart_change=pl.col("ecart_change").sum(),
    )
    return (
        state.settlements.payments.select("id_reglement", "date_reglement", "code_client",
                                          "devise", "taux_reglement", ROW_COLUMN)
        .join(per_payment, on="id_reglement")
        .join(state.customers.select("code_client", "raison_sociale"), on="code_client",
              how="left")
        .with_columns(
            gain_change=pl.when(pl.col("ecart_change") > 0).then(pl.col("ecart_change"))
            .otherwise(zero()),
            perte_change=pl.when(pl.col("ecart_change") < 0).then(-pl.col("ecart_change"))
            .otherwise(zero()),
        )
        .sort(ROW_COLUMN)
        .select("id_reglement", "date_reglement", "code_client", "raison_sociale", "devise",
                "taux_reglement", "factures", "montant_affecte", "montant_affecte_eur",
                "valeur_factures_eur", "ecart_change", "gain_change", "perte_change",
                ROW_COLUMN)
    )


def instalments_frame(state: Receivables) -> pl.DataFrame:
    """Each instalment of Echeanciers: what it asks, what is paid, what remains, whether
    it is late; and its plan's total against the invoice."""
    planned = state.lines.filter(pl.col(ROW_COLUMN).is_not_null())
    totals = (
        instalments.plan_rows(state.plans, state.settlements.invoices)
        .group_by("numero_facture").agg(total_echeancier=pl.col("montant").sum())
    )
    return (
        planned.join(totals, on="numero_facture", how="left")
        .join(state.settlements.invoices.select("numero_facture", "total_ttc"),
              on="numero_facture", how="left")
        .join(state.customers.select("code_client", "raison_sociale"), on="code_client",
              how="left")
        .sort(ROW_COLUMN)
        .select("numero_facture", "code_client", "raison_sociale", "echeance", "date_echeance",
                "devise", "montant", "paye", "reste", "reste_eur", "en_retard", "jours_retard",
                "total_echeancier", "total_ttc", ROW_COLUMN)
    )


def summary(state: Receivables) -> pl.DataFrame:
    """One row: the totals the management overview shows."""
    owed = state.invoices.filter(pl.col("reste_du") > 0)
    credits = credit_balances(state)
    payments = state.settlements.payments
    return pl.DataFrame({
        "factures_ouvertes": [owed.height],
        "total_du": [owed["reste_du_eur"].sum()],
        "echu": [owed["echu_eur"].sum()],
        "a_risque": [owed["montant_a_risque"].sum()],
        "penalites": [owed["penalites"].sum()],
        "indemnites": [owed["indemnite"].sum()],
        "factures_en_retard": [state.invoices.filter(pl.col("origine_taux").is_not_null())
                               .height],
        "penalites_exigibles": [state.invoices["penalites"].sum()],
        "indemnites_exigibles": [state.invoices["indemnite"].sum()],
        "relances_a_faire": [state.invoices.filter(pl.col("a_envoyer").is_not_null()).height],
        "litiges_ouverts": [state.disputes.filter(pl.col("litige") == dunning.OPEN).height],
        "soldes_crediteurs": [credits["solde_crediteur"].sum()],
        "reglements_non_lettres": [payments.filter(pl.col("etat") != MATCHED).height],
    }, schema={"factures_ouvertes": pl.Int64, "total_du": NUMBER_DTYPE, "echu": NUMBER_DTYPE,
               "a_risque": NUMBER_DTYPE, "penalites": NUMBER_DTYPE, "indemnites": NUMBER_DTYPE,
               "factures_en_retard": pl.Int64, "penalites_exigibles": NUMBER_DTYPE,
               "indemnites_exigibles": NUMBER_DTYPE,
               "relances_a_faire": pl.Int64, "litiges_ouverts": pl.Int64,
               "soldes_crediteurs": NUMBER_DTYPE, "reglements_non_lettres": pl.Int64})


def claimable_penalties(state: Receivables) -> pl.DataFrame:
    """One row per invoice late, paid or not, with the late-payment penalties and the
    recovery fee it makes claimable (« exigibles »: owed by law, not necessarily
    claimed): ``etat`` is « impayée » while it still owes, else « payée en retard »."""
    return (
        state.invoices.filter(pl.col("origine_taux").is_not_null())
        .with_columns(etat=pl.when(pl.col("reste_du") > 0).then(pl.lit(STILL_UNPAID))
                      .otherwise(pl.lit(PAID_LATE)))
        .sort(ROW_COLUMN)
        .select("numero_facture", "code_client", "raison_sociale", "date_echeance",
                "etat", "paye_en_retard_eur", "date_paiement_retard", "reste_du_eur",
                "jours_retard", "taux_penalites_retenu", "origine_taux", "penalites",
                "indemnite", ROW_COLUMN)
    )


def events_frame(state: Receivables) -> pl.DataFrame:
    """The dunning and dispute events of Relances up to the date, by date."""
    return state.events.select("date", "code_client", "numero_facture", "niveau", "litige",
                               "motif", ROW_COLUMN)


def rules_frame(state: Receivables) -> pl.DataFrame:
    """The dunning calendar applied: each level, its days after the due date, whether it
    comes from the sheet ReglesRelance or the defaults, and its row there (as
    ``ligne_regle``: the figure's first sheet is Factures)."""
    return state.rules.rename({ROW_COLUMN: "ligne_regle"})
