"""Customer payments and what they settle: lettrage, escompte, currencies, credit balances.

The sheets of ventes.xlsx read here: « Reglements » (one row per payment, in its currency),
« Lettrage » (the part of a payment allocated to an invoice, in the payment's currency,
and the escompte deducted, in the invoice's currency), « Factures » (totals through
`invoice_totals_frame`) and « CoursDeChange ».

How a payment settles:

- **As of a date**, only the payments dated on or before it, and the issued invoices and
  credit notes dated on or before it, count (``as_of=None``: every row, as the validation
  rules read them).
- **An allocation settles its invoice** when its payment and its invoice are known, the
  invoice is an issued invoice (not a credit note, not a draft) of the customer who paid,
  and its amount and rates are known. Otherwise ``motif_rejet`` says why, and the amount
  stays unallocated on the payer's account (a credit balance) until someone corrects the
  lettrage: a wrong allocation is never applied silently.
- **Rates** are units of the currency for 1 € (ECB convention): a payment's own
  ``taux_change``, else the last rate of CoursDeChange known on its date; 1 for euros.
  Each conversion is the exact quotient rounded half up to the cent, in integers
  (`euros`), so it is vectorised and never goes through a float. An allocation in another
  currency than its invoice's is converted through euros: amount ÷ payment rate × invoice
  rate.
- **Escompte**: the escompte deducted on a lettrage row is accepted when the payment is
  dated on or before the invoice's ``date_limite_escompte`` and the escompte taken on that
  invoice (cumulated in sheet order) does not exceed its ``escompte_ttc``. A refused
  escompte (``motif_escompte``) is not deducted: it stays due.
- **Settlement of an invoice**, in its currency: ``solde = total_ttc − avoirs − escompte −
  regle``, where ``avoirs`` are the issued credit notes of the same customer that cite it
  (``facture_origine``); ``reste_du = max(solde, 0)``, ``trop_percu = max(−solde, 0)``. In
  euros, ``solde_eur`` is the solde at the invoice's rate (for an invoice that no payment
  settles: ``total_ttc_eur − avoirs_eur``), and ``regle_eur`` closes the identity
  ``total_ttc_eur = avoirs_eur + escompte_eur + regle_eur + solde_eur`` exactly.
- **Exchange differences**: an allocation is worth ``montant_eur`` at the payment's rate
  and ``valeur_facture_eur`` at the invoice's rate (an invoice's rounding residual goes to
  its last allocation, so that they add up to its ``regle_eur``); ``ecart_change =
  montant_eur − valeur_facture_eur`` is a gain (gain de change) when positive, a loss
  (perte de change) when negative.

Frames of `Settlements` (every amount a Decimal; ``_ligne`` the Excel row of the sheet
named):

- ``payments`` (Reglements): id_reglement, date_reglement, code_client, mode, montant,
  devise, taux_reglement, montant_eur, reference, commentaire, lettrages (rows of Lettrage),
  factures (invoices settled), affecte, affecte_eur, non_affecte, non_affecte_eur,
  ecart_change, etat (lettré, excédent, sans lettrage, lettrage rejeté, lettrage
  supérieur au règlement), _ligne.
- ``allocations`` (Lettrage): id_reglement, numero_facture, montant, escompte,
  date_lettrage, date_reglement, client_reglement, devise_reglement, taux_reglement,
  ligne_reglement, client_facture, type_piece, devise_facture, taux_facture, escompte_ttc,
  date_limite_escompte, motif_rejet, valide, montant_eur, regle, valeur_facture_eur,
  escompte_accepte, motif_escompte, escompte_retenu, escompte_eur, ecart_change, _ligne.
- ``invoices`` (Factures, issued invoices): numero_facture, date_facture, code_client,
  devise, taux, date_echeance, total_ttc, total_ttc_eur, avoirs, avoirs_eur, escompte,
  escompte_eur, regle, regle_eur, solde, solde_eur, reste_du, reste_du_eur, trop_percu,
  trop_percu_eur, lettrages, _ligne.
- ``credit_notes`` (Factures, issued credit notes): numero_facture, date_facture,
  code_client, facture_origine, montant (positive, its currency), montant_eur, imputee
  (it reduces its invoice; otherwise it is a credit on the customer's account), _ligne.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import polars as pl

from pipelines.compute.money import cents_to_money, in_micro_units, zero
from pipelines.compute.sales_invoices import invoice_totals_frame
from pipelines.dataset import NUMBER_DTYPE, ROW_COLUMN, Dataset

EURO = "EUR"
INVOICE, CREDIT_NOTE, ISSUED = "facture", "avoir", "émise"
_MICRO = 10**6

# Why an allocation does not settle its invoice (``motif_rejet``).
UNKNOWN_PAYMENT = "règlement inconnu"
UNKNOWN_INVOICE = "facture inconnue"
NOT_AN_INVOICE = "avoir"
DRAFT = "facture en brouillon"
LATER_INVOICE = "facture datée après l'arrêté"
OTHER_CUSTOMER = "facture d'un autre client"
NO_AMOUNT = "montant vide"
NO_RATE = "cours inconnu"

# Why a deducted escompte is refused (``motif_escompte``).
NO_ESCOMPTE = "la facture n'accorde pas d'escompte"
LATE = "paiement après la date limite de l'escompte"
ABOVE = "au-delà de l'escompte de la facture"

# The state of a payment (``etat``).
MATCHED, EXCESS, UNMATCHED = "lettré", "excédent", "sans lettrage"
REJECTED, OVER_ALLOCATED = "lettrage rejeté", "lettrage supérieur au règlement"


def one() -> pl.Expr:
    return pl.lit(Decimal(1), dtype=NUMBER_DTYPE)


def euros(amount: pl.Expr, rate: pl.Expr, factor: pl.Expr | None = None) -> pl.Expr:
    """``amount × factor ÷ rate``, exact, rounded half up (away from zero) to the cent:
    an amount of a currency in euros at ``rate`` (units for 1 €), or, with ``factor`` (the
    rate of another currency), in that currency. Null when a value is null or the rate 0."""
    numerator = in_micro_units(amount) * 100  # the amount in cents, in millionths
    denominator = in_micro_units(rate)
    if factor is not None:
        numerator = numerator * in_micro_units(factor)
        denominator = denominator * _MICRO
    denominator = pl.when(denominator > 0).then(denominator)
    cents = (numerator.abs() * 2 + denominator) // (denominator * 2) * numerator.sign()
    return cents_to_money(cents).cast(NUMBER_DTYPE)


def positive(expr: pl.Expr) -> pl.Expr:
    """max(expr, 0), null stays null."""
    return pl.when(expr > 0).then(expr).otherwise(pl.when(expr.is_not_null()).then(zero()))


def with_rate(frame: pl.DataFrame, day: str, currency: str, own_rate: str,
              rates: pl.DataFrame | None, name: str) -> pl.DataFrame:
    """Adds ``name``: 1 for euros, else the row's own rate (when above 0), else the last rate
    of CoursDeChange known on ``day``; null when none is known."""
    frame = frame.with_row_index("_rang")
    sheet_rate = pl.lit(None, dtype=NUMBER_DTYPE)
    if rates is not None and not rates.is_empty():
        known = (
            rates.filter(pl.col("date").is_not_null() & pl.col("devise").is_not_null()
                         & (pl.col("taux") > 0))
            .select(pl.col("devise").alias(currency), pl.col("date").alias(day),
                    pl.col("taux").alias("_taux_cours"))
            .sort(day)
        )
        looked_up = (
            frame.filter(pl.col(day).is_not_null() & (pl.col(currency) != EURO))
            .select("_rang", day, currency)
            .sort(day)
            .join_asof(known, on=day, by=currency, strategy="backward", check_sortedness=False)
            .select("_rang", "_taux_cours")
        )
        frame = frame.join(looked_up, on="_rang", how="left")
        sheet_rate = pl.col("_taux_cours")
    own = pl.when(pl.col(own_rate) > 0).then(pl.col(own_rate))
    rate = (pl.when(pl.col(currency) == EURO).then(one())
            .when(pl.col(currency).is_not_null()).then(pl.coalesce(own, sheet_rate)))
    return (frame.with_columns(rate.alias(name)).sort("_rang")
            .drop("_rang", "_taux_cours", strict=False))


def _rates(dataset: Dataset) -> pl.DataFrame | None:
    return dataset.frame("cours_change") if "cours_change" in dataset else None


def payments_frame(dataset: Dataset, as_of: date | None = None) -> pl.DataFrame:
    """The payments of Reglements (the first row of each number), dated on or before
    ``as_of``, with their rate and their value in euros."""
    frame = (
        dataset.frame("reglements")
        .filter(pl.col("id_reglement").is_not_null())
        .unique("id_reglement", keep="first", maintain_order=True)
    )
    if as_of is not None:
        frame = frame.filter(pl.col("date_reglement") <= as_of)
    frame = with_rate(frame, "date_reglement", "devise", "taux_change", _rates(dataset),
                      "taux_reglement")
    return frame.select(
        "id_reglement", "date_reglement", "code_client", "mode", "montant", "devise",
        "taux_reglement", euros(pl.col("montant"), pl.col("taux_reglement")).alias("montant_eur"),
        "reference", "commentaire", ROW_COLUMN,
    )


def documents_frame(dataset: Dataset, as_of: date | None = None,
                    totals: pl.DataFrame | None = None) -> pl.DataFrame:
    """The issued invoices and credit notes dated on or before ``as_of`` (the first row of
    each number), with their totals, their rate ``taux`` (1 for euros) and the columns of
    Factures that settling them needs."""
    totals = invoice_totals_frame(dataset) if totals is None else totals
    extra = dataset.frame("factures").select(
        ROW_COLUMN, "date_echeance", "date_limite_escompte", "statut", "facture_origine"
    )
    frame = (
        totals.join(extra, on=ROW_COLUMN, how="left")
        .filter(pl.col("numero_facture").is_not_null() & (pl.col("statut") == ISSUED)
                & pl.col("date_facture").is_not_null() & pl.col("type").is_not_null())
    )
    if as_of is not None:
        frame = frame.filter(pl.col("date_facture") <= as_of)
    rate = (pl.when(pl.col("devise") == EURO).then(one())
            .when(pl.col("taux_change") > 0).then(pl.col("taux_change")))
    return (frame.unique("numero_facture", keep="first", maintain_order=True)
            .with_columns(rate.alias("taux")))


def _rejection(as_of: date | None) -> pl.Expr:
    later = (pl.col("date_document") > as_of) if as_of is not None else pl.lit(False)
    return (
        pl.when(pl.col("ligne_reglement").is_null()).then(pl.lit(UNKNOWN_PAYMENT))
        .when(pl.col("type_piece").is_null()).then(pl.lit(UNKNOWN_INVOICE))
        .when(pl.col("type_piece") == CREDIT_NOTE).then(pl.lit(NOT_AN_INVOICE))
        .when(pl.col("statut_piece") != ISSUED).then(pl.lit(DRAFT))
        .when(later).then(pl.lit(LATER_INVOICE))
        .when(pl.col("client_facture") != pl.col("client_reglement")).then(pl.lit(OTHER_CUSTOMER))
        .when(pl.col("montant").is_null()).then(pl.lit(NO_AMOUNT))
        .when(pl.col("taux_reglement").is_null() | pl.col("taux_facture").is_null())
        .then(pl.lit(NO_RATE))
    )


def _escompte(frame: pl.DataFrame) -> pl.DataFrame:
    """Accepts or refuses the escompte deducted on each allocation."""
    taken = pl.when(pl.col("valide")).then(pl.col("escompte").fill_null(zero())).otherwise(zero())
    frame = frame.with_columns(_pris=taken).with_columns(
        _cumul=pl.col("_pris").cum_sum().over("numero_facture", order_by=ROW_COLUMN)
    )
    offered = pl.col("escompte_ttc").fill_null(zero()) > 0
    in_time = pl.col("date_limite_escompte").is_not_null() & (
        pl.col("date_reglement") <= pl.col("date_limite_escompte"))
    reason = (
        pl.when(pl.col("_pris") <= 0).then(pl.lit(None, dtype=pl.String))
        .when(~offered).then(pl.lit(NO_ESCOMPTE))
        .when(~in_time).then(pl.lit(LATE))
        .when(pl.col("_cumul") > pl.col("escompte_ttc")).then(pl.lit(ABOVE))
    )
    return frame.with_columns(motif_escompte=reason).with_columns(
        escompte_accepte=(pl.col("_pris") > 0) & pl.col("motif_escompte").is_null(),
    ).with_columns(
        escompte_retenu=pl.when(pl.col("escompte_accepte")).then(pl.col("_pris"))
        .otherwise(zero()),
    ).drop("_pris", "_cumul")


def allocations_frame(dataset: Dataset, documents: pl.DataFrame, payments: pl.DataFrame,
                      as_of: date | None = None) -> pl.DataFrame:
    """Each row of Lettrage with its payment and its invoice, whether it settles it
    (``valide``, else ``motif_rejet``), its amounts in euros and in the invoice's currency
    and its escompte, accepted or refused. The rows of payments dated after ``as_of`` are
    left out."""
    lettrage = dataset.frame("lettrage").select(
        "id_reglement", "numero_facture", "montant", "escompte", "date_lettrage", ROW_COLUMN)
    if as_of is not None:
        later = (dataset.frame("reglements")
                 .filter(pl.col("date_reglement") > as_of)["id_reglement"].drop_nulls())
        lettrage = lettrage.filter(~pl.col("id_reglement").is_in(later.implode()))
    paid = payments.select(
        "id_reglement", "date_reglement", pl.col("code_client").alias("client_reglement"),
        pl.col("devise").alias("devise_reglement"), "taux_reglement",
        pl.col(ROW_COLUMN).alias("ligne_reglement"),
    )
    every_document = (
        dataset.frame("factures").filter(pl.col("numero_facture").is_not_null())
        .unique("numero_facture", keep="first", maintain_order=True)
        .select("numero_facture", pl.col("code_client").alias("client_facture"),
                pl.col("type").alias("type_piece"), pl.col("statut").alias("statut_piece"),
                pl.col("date_facture").alias("date_document"))
    )
    issued = documents.filter(pl.col("type") == INVOICE).select(
        "numero_facture", pl.col("devise").alias("devise_facture"),
        pl.col("taux").alias("taux_facture"), "escompte_ttc", "date_limite_escompte",
    )
    frame = (
        lettrage.join(paid, on="id_reglement", how="left")
        .join(every_document, on="numero_facture", how="left")
        .join(issued, on="numero_facture", how="left")
        .sort(ROW_COLUMN)
        .with_columns(motif_rejet=_rejection(as_of))
        .with_columns(valide=pl.col("motif_rejet").is_null())
    )
    same_currency = pl.col("devise_reglement") == pl.col("devise_facture")
    frame = frame.with_columns(
        montant_eur=euros(pl.col("montant"), pl.col("taux_reglement")),
        regle=pl.when(same_currency).then(pl.col("montant")).otherwise(
            euros(pl.col("montant"), pl.col("taux_reglement"), pl.col("taux_facture"))),
    ).with_columns(
        valeur_facture_eur=euros(pl.col("regle"), pl.col("taux_facture")),
    )
    frame = _escompte(frame).with_columns(
        escompte_eur=euros(pl.col("escompte_retenu"), pl.col("taux_facture")).fill_null(zero())
    )
    return frame.drop("statut_piece", "date_document")


def _credit_notes(documents: pl.DataFrame) -> pl.DataFrame:
    """The issued credit notes, each either set against the invoice it cites (same
    customer) or left as a credit on the customer's account."""
    invoices = documents.filter(pl.col("type") == INVOICE).select(
        pl.col("numero_facture").alias("facture_origine"),
        pl.col("code_client").alias("_client_origine"),
    )
    return (
        documents.filter(pl.col("type") == CREDIT_NOTE)
        .join(invoices, on="facture_origine", how="left")
        .select(
            "numero_facture", "date_facture", "code_client", "facture_origine", "devise",
            (-pl.col("total_ttc")).alias("montant"),
            (-pl.col("total_ttc_eur")).alias("montant_eur"),
            (pl.col("_client_origine") == pl.col("code_client")).fill_null(False).alias("imputee"),
            ROW_COLUMN,
        )
    )


def _invoices(documents: pl.DataFrame, allocations: pl.DataFrame,
              credit_notes: pl.DataFrame) -> pl.DataFrame:
    settled = (
        allocations.filter(pl.col("valide"))
        .group_by("numero_facture")
        .agg(regle=pl.col("regle").sum(), escompte=pl.col("escompte_retenu").sum(),
             escompte_eur=pl.col("escompte_eur").sum(), lettrages=pl.len())
    )
    credited = (
        credit_notes.filter(pl.col("imputee"))
        .group_by("facture_origine")
        .agg(avoirs=pl.col("montant").sum(), avoirs_eur=pl.col("montant_eur").sum())
        .rename({"facture_origine": "numero_facture"})
    )
    amounts = ("regle", "escompte", "escompte_eur", "avoirs")
    frame = (
        documents.filter(pl.col("type") == INVOICE)
        .join(settled, on="numero_facture", how="left")
        .join(credited, on="numero_facture", how="left")
        .with_columns(*(pl.col(c).fill_null(zero()) for c in amounts),
                      pl.col("lettrages").fill_null(0).cast(pl.Int64))
        .with_columns(avoirs_eur=pl.when(pl.col("avoirs") != 0).then(pl.col("avoirs_eur"))
                      .otherwise(zero()))
        .with_columns(solde=pl.col("total_ttc") - pl.col("avoirs") - pl.col("escompte")
                      - pl.col("regle"))
    )
    unsettled = pl.col("total_ttc_eur") - pl.col("avoirs_eur") - pl.col("escompte_eur")
    frame = frame.with_columns(
        solde_eur=pl.when(pl.col("lettrages") > 0)
        .then(euros(pl.col("solde"), pl.col("taux"))).otherwise(unsettled)
    ).with_columns(regle_eur=unsettled - pl.col("solde_eur"))
    return frame.select(
        "numero_facture", "date_facture", "code_client", "devise", "taux", "date_echeance",
        "total_ttc", "total_ttc_eur", "avoirs", "avoirs_eur", "escompte", "escompte_eur",
        "regle", "regle_eur", "solde", "solde_eur",
        positive(pl.col("solde")).alias("reste_du"),
        positive(pl.col("solde_eur")).alias("reste_du_eur"),
        positive(-pl.col("solde")).alias("trop_percu"),
        positive(-pl.col("solde_eur")).alias("trop_percu_eur"),
        "lettrages", ROW_COLUMN,
    )


def _exchange_differences(allocations: pl.DataFrame, invoices: pl.DataFrame) -> pl.DataFrame:
    """Puts each invoice's rounding residual on its last valid allocation, then the
    exchange difference of every valid allocation."""
    valid = pl.col("valide")
    last = valid & (pl.col(ROW_COLUMN)
                    == pl.col(ROW_COLUMN).filter(valid).last().over("numero_facture"))
    totals = invoices.select("numero_facture", pl.col("regle_eur").alias("_regle_eur"))
    frame = (
        allocations.sort("date_reglement", ROW_COLUMN, nulls_last=True)
        .join(totals, on="numero_facture", how="left", maintain_order="left")
        .with_columns(_valeurs=pl.col("valeur_facture_eur").filter(valid).sum()
                      .over("numero_facture"))
        .with_columns(valeur_facture_eur=pl.when(last).then(
            pl.col("valeur_facture_eur") + pl.col("_regle_eur") - pl.col("_valeurs"))
            .otherwise(pl.col("valeur_facture_eur")))
        .with_columns(ecart_change=pl.when(valid).then(
            pl.col("montant_eur") - pl.col("valeur_facture_eur")))
    )
    return frame.drop("_regle_eur", "_valeurs").sort(ROW_COLUMN)


def _payment_summary(payments: pl.DataFrame, allocations: pl.DataFrame) -> pl.DataFrame:
    rows = allocations.group_by("id_reglement").agg(lettrages=pl.len())
    valid = (
        allocations.filter(pl.col("valide"))
        .group_by("id_reglement")
        .agg(factures=pl.col("numero_facture").n_unique().cast(pl.Int64),
             affecte=pl.col("montant").sum(), affecte_eur=pl.col("montant_eur").sum(),
             ecart_change=pl.col("ecart_change").sum())
    )
    frame = (
        payments.join(rows, on="id_reglement", how="left")
        .join(valid, on="id_reglement", how="left")
        .with_columns(pl.col("lettrages").fill_null(0).cast(pl.Int64),
                      pl.col("factures").fill_null(0),
                      *(pl.col(c).fill_null(zero()) for c in ("affecte", "affecte_eur",
                                                               "ecart_change")))
        .with_columns(non_affecte=pl.col("montant") - pl.col("affecte"),
                      non_affecte_eur=pl.col("montant_eur") - pl.col("affecte_eur"))
    )
    state = (
        pl.when(pl.col("lettrages") == 0).then(pl.lit(UNMATCHED))
        .when(pl.col("factures") == 0).then(pl.lit(REJECTED))
        .when(pl.col("non_affecte") > 0).then(pl.lit(EXCESS))
        .when(pl.col("non_affecte") < 0).then(pl.lit(OVER_ALLOCATED))
        .otherwise(pl.lit(MATCHED))
    )
    columns = [c for c in payments.columns if c != ROW_COLUMN]
    return frame.with_columns(etat=state).select(
        *columns, "lettrages", "factures", "affecte", "affecte_eur", "non_affecte",
        "non_affecte_eur", "ecart_change", "etat", ROW_COLUMN,
    )


@dataclass(frozen=True)
class Settlements:
    """What the payments and credit notes settle, as of a date (see the module docstring)."""

    as_of: date | None
    payments: pl.DataFrame
    allocations: pl.DataFrame
    invoices: pl.DataFrame
    credit_notes: pl.DataFrame


def compute_settlements(dataset: Dataset, as_of: date | None = None) -> Settlements:
    """The settlements of a dataset (needs Factures, LignesFacture, Reglements and
    Lettrage; CoursDeChange when present)."""
    documents = documents_frame(dataset, as_of)
    payments = payments_frame(dataset, as_of)
    allocations = allocations_frame(dataset, documents, payments, as_of)
    credit_notes = _credit_notes(documents)
    invoices = _invoices(documents, allocations, credit_notes)
    allocations = _exchange_differences(allocations, invoices)
    return Settlements(as_of, _payment_summary(payments, allocations), allocations,
                       invoices, credit_notes)


def settlements(dataset: Dataset, as_of: date | None = None) -> Settlements:
    """`compute_settlements`, computed once for the same dataset and date: the validation
    rules and the figures all read it."""
    return dataset.derived(("settlements", as_of),
                           lambda: compute_settlements(dataset, as_of))
