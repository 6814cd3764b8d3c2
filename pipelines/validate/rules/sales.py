"""Business rules of the sales: invoice numbering, credit notes, orders, deliveries, lettrage.

An invoice number is its series, its year and a five-digit sequence number
(``FA-2026-00001``): within one series and one year the numbers run from 1 with no gap and
no duplicate, and their dates never go backwards. Every row of the « Factures » sheet
counts, drafts included: a draft keeps the number it will be issued with.

The orders of a blocked or doubtful customer still open at the as-of date (not cancelled,
not yet delivered in full) are reported at a severity the organisation may choose (sheet
« Gravites »); an order delivered before is history. An order « modifiée » or « annulée »
after its first delivery is blocking, and so is one without a modification date once
delivered. The other rules of the sales are in ``sales_invoices``
(VAT number, exchange rate, credit notes within their invoice), ``sales_orders`` (credit
limit, stock-out, urgent and overdue orders), ``sales_quotes`` and ``sales_deliveries``
(invoices reconciled with orders and deliveries, returns, late deliveries).
"""

from __future__ import annotations

import polars as pl

from pipelines.dataset import ROW_COLUMN, Dataset
from pipelines.french import money, short_date
from pipelines.issues import Issue, Severity, define_issue_type
from pipelines.law import Parameters
from pipelines.validate.rules import report_rows, rule
from pipelines.validate.rules.sales_orders import orders_to_deliver

INVOICE_NUMBER = r"^([A-Z]{2})-([0-9]{4})-([0-9]{5})$"
CHANGED_STATUSES = ("modifiée", "annulée")

NUMBER_GAP = define_issue_type(
    "facture-numerotation-rompue",
    "Numéro de facture manquant",
    "Les factures d'une série sont numérotées en une suite continue, sans trou : un numéro "
    "sauté doit être retrouvé (facture oubliée dans le classeur) ou justifié. Une facture "
    "émise ne se supprime pas : on l'annule par un avoir.",
    Severity.BLOQUANT,
)
NUMBER_DUPLICATE = define_issue_type(
    "facture-numero-en-double",
    "Numéro de facture en double",
    "Chaque numéro de facture n'est attribué qu'une fois dans sa série : deux factures ne "
    "peuvent pas porter le même numéro.",
    Severity.BLOQUANT,
)
NUMBER_DATE_BACKWARDS = define_issue_type(
    "facture-date-anterieure",
    "Facture datée avant la précédente",
    "La numérotation des factures est chronologique : une facture ne peut pas être datée "
    "d'avant la facture qui la précède dans sa série. Vérifiez la date ou le numéro.",
    Severity.BLOQUANT,
)
SERIES_MISMATCH = define_issue_type(
    "facture-serie-incoherente",
    "Numéro hors de sa série",
    "Le numéro d'une facture commence par sa série (FA-2026-00001 pour la série FA) : le "
    "préfixe du numéro et la colonne série doivent concorder.",
    Severity.BLOQUANT,
)
CREDIT_NOTE_WITHOUT_INVOICE = define_issue_type(
    "avoir-sans-facture-origine",
    "Avoir sans facture d'origine",
    "Un avoir corrige une facture émise : indiquez dans « Facture corrigée » le numéro d'une "
    "facture de la feuille Factures.",
    Severity.BLOQUANT,
)
CREDIT_NOTE_OTHER_CUSTOMER = define_issue_type(
    "avoir-client-different",
    "Avoir d'un autre client que sa facture",
    "Un avoir corrige une facture du même client : le client de l'avoir doit être celui de la "
    "facture qu'il corrige.",
    Severity.BLOQUANT,
)
ORDER_BLOCKED_CUSTOMER = define_issue_type(
    "commande-client-bloque",
    "Commande d'un client bloqué",
    "Le compte de ce client est bloqué (feuille Clients) : aucune commande ne peut être "
    "acceptée tant que la direction ne l'a pas débloqué.",
    Severity.BLOQUANT,
    adjustable=True,
)
ORDER_DOUBTFUL_CUSTOMER = define_issue_type(
    "commande-client-douteux",
    "Commande d'un client douteux",
    "Ce client est classé douteux (feuille Clients) : sa commande doit être validée par la "
    "direction, de préférence contre un paiement à la commande.",
    Severity.AVERTISSEMENT,
    adjustable=True,
)
ORDER_CHANGED_AFTER_DELIVERY = define_issue_type(
    "commande-modifiee-apres-livraison",
    "Commande modifiée ou annulée après livraison",
    "Une commande déjà livrée ne se modifie plus et ne s'annule plus : la marchandise est "
    "partie. Enregistrez un retour (livraison retournée) et un avoir. Sans date de "
    "modification, le changement d'une commande livrée est tenu pour postérieur à sa "
    "livraison : indiquez la date.",
    Severity.BLOQUANT,
)
DELIVERY_OF_CANCELLED_ORDER = define_issue_type(
    "livraison-commande-annulee",
    "Livraison d'une commande annulée",
    "Cette livraison porte sur une commande annulée avant l'expédition : la marchandise ne "
    "devait pas partir. Vérifiez le numéro de commande ou le statut de la commande.",
    Severity.BLOQUANT,
)
ALLOCATION_OVER_PAYMENT = define_issue_type(
    "lettrage-depasse-reglement",
    "Lettrage supérieur au règlement",
    "Les montants affectés aux factures ne peuvent pas dépasser le montant du règlement : "
    "le surplus reste au crédit du compte client.",
    Severity.BLOQUANT,
)


def numbered_invoices(dataset: Dataset) -> pl.DataFrame:
    """The invoices whose number is well formed, with its prefix, year and sequence number."""
    parts = pl.col("numero_facture").str.extract_groups(INVOICE_NUMBER)
    return (
        dataset.frame("factures")
        .filter(pl.col("numero_facture").str.contains(INVOICE_NUMBER))
        .with_columns(
            prefixe=parts.struct.field("1"),
            annee=parts.struct.field("2"),
            sequence=parts.struct.field("3").cast(pl.Int64),
        )
        .sort("prefixe", "annee", "sequence", ROW_COLUMN)
    )


@rule("Les factures d'une série ont des numéros continus et uniques", ["factures"])
def invoice_numbering(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["factures"]
    invoices = numbered_invoices(dataset).with_columns(
        precedent=pl.col("sequence").shift(1).over("prefixe", "annee").fill_null(0)
    )
    duplicates = invoices.filter(pl.col("sequence") == pl.col("precedent"))
    gaps = invoices.filter(pl.col("sequence") > pl.col("precedent") + 1)
    return report_rows(
        table,
        duplicates,
        NUMBER_DUPLICATE,
        "numero_facture",
        lambda r: f"le numéro {r['numero_facture']} est déjà attribué plus haut",
    ) + report_rows(table, gaps, NUMBER_GAP, "numero_facture", _gap_message)


def _gap_message(row: dict) -> str:
    first, last = row["precedent"] + 1, row["sequence"] - 1
    prefix = f"{row['prefixe']}-{row['annee']}-"
    missing = (
        f"le numéro {prefix}{first:05d} manque"
        if first == last
        else f"les numéros {prefix}{first:05d} à {prefix}{last:05d} manquent"
    )
    return f"{missing} avant {row['numero_facture']}"


@rule("Les factures d'une série sont datées dans l'ordre de leurs numéros", ["factures"])
def invoice_chronology(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["factures"]
    dated = numbered_invoices(dataset).filter(pl.col("date_facture").is_not_null())
    offending = dated.with_columns(
        plus_tard=pl.col("date_facture").cum_max().shift(1).over("prefixe", "annee")
    ).filter(pl.col("date_facture") < pl.col("plus_tard"))
    return report_rows(
        table,
        offending,
        NUMBER_DATE_BACKWARDS,
        "date_facture",
        lambda r: (
            f"{r['numero_facture']} est datée du {short_date(r['date_facture'])}, "
            f"avant une facture de numéro inférieur datée du "
            f"{short_date(r['plus_tard'])}"
        ),
    )


@rule("Le numéro d'une facture commence par sa série", ["factures"])
def invoice_series(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["factures"]
    offending = numbered_invoices(dataset).filter(
        pl.col("serie").is_not_null() & (pl.col("prefixe") != pl.col("serie"))
    )
    return report_rows(
        table,
        offending,
        SERIES_MISMATCH,
        "serie",
        lambda r: f"{r['numero_facture']} est rangée dans la série {r['serie']}",
    )


@rule("Un avoir cite une facture existante du même client", ["factures"])
def credit_note_origin(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["factures"]
    frame = table.frame
    origins = (
        frame.filter((pl.col("type") == "facture") & pl.col("numero_facture").is_not_null())
        .unique("numero_facture", keep="first", maintain_order=True)
        .select(facture_origine="numero_facture", client_origine="code_client", connue=pl.lit(True))
    )
    notes = (
        frame.filter(pl.col("type") == "avoir")
        .join(origins, on="facture_origine", how="left")
        .sort(ROW_COLUMN)
    )
    orphans = notes.filter(pl.col("connue").is_null())
    strangers = notes.filter(
        pl.col("client_origine").is_not_null() & (pl.col("client_origine") != pl.col("code_client"))
    )
    return report_rows(
        table, orphans, CREDIT_NOTE_WITHOUT_INVOICE, "facture_origine", _orphan_message
    ) + report_rows(
        table,
        strangers,
        CREDIT_NOTE_OTHER_CUSTOMER,
        "code_client",
        lambda r: (
            f"l'avoir {r['numero_facture']} est au nom de {r['code_client']}, "
            f"la facture {r['facture_origine']} au nom de {r['client_origine']}"
        ),
    )


def _orphan_message(row: dict) -> str:
    if row["facture_origine"] is None:
        return f"l'avoir {row['numero_facture']} n'indique pas la facture qu'il corrige"
    return (
        f"l'avoir {row['numero_facture']} cite {row['facture_origine']}, "
        "qui n'est pas une facture du classeur"
    )


@rule("Une commande en cours ne vient pas d'un client bloqué ou douteux",
      ["commandes", "clients", "lignes_commande", "livraisons", "lignes_livraison"],
      uses_as_of=True)
def order_customer_status(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    """Only the orders still open at the as-of date are judged: not cancelled and not yet
    delivered in full (`sales_orders.orders_to_deliver`; an order without any line is
    still open). An order delivered long ago is history, whatever the customer became."""
    table = dataset["commandes"]
    statuses = (
        dataset.frame("clients")
        .filter(pl.col("code_client").is_not_null())
        .unique("code_client", keep="first", maintain_order=True)
        .select("code_client", statut_client="statut")
    )
    with_lines = dataset.frame("lignes_commande").select("numero_commande").unique()
    delivered_in_full = with_lines.join(
        orders_to_deliver(dataset, dataset.as_of), on="numero_commande", how="anti"
    )
    orders = (
        table.frame.filter(pl.col("statut").fill_null("") != "annulée")
        .join(delivered_in_full, on="numero_commande", how="anti")
        .join(statuses, on="code_client", how="left")
        .sort(ROW_COLUMN)
    )

    def message(row: dict) -> str:
        return (
            f"commande {row['numero_commande']} du {short_date(row['date_commande'])} : "
            f"le client {row['code_client']} est {row['statut_client']}"
        )

    return report_rows(
        table,
        orders.filter(pl.col("statut_client") == "bloqué"),
        ORDER_BLOCKED_CUSTOMER,
        "code_client",
        message,
    ) + report_rows(
        table,
        orders.filter(pl.col("statut_client") == "douteux"),
        ORDER_DOUBTFUL_CUSTOMER,
        "code_client",
        message,
    )


def _first_deliveries(dataset: Dataset) -> pl.DataFrame:
    return (
        dataset.frame("livraisons")
        .filter(pl.col("numero_commande").is_not_null() & pl.col("date_livraison").is_not_null())
        .group_by("numero_commande")
        .agg(premiere_livraison=pl.col("date_livraison").min())
    )


@rule("Une commande livrée n'est plus modifiée ni annulée", ["commandes", "livraisons"])
def order_changed_after_delivery(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["commandes"]
    offending = (
        table.frame.filter(pl.col("statut").is_in(CHANGED_STATUSES))
        .join(_first_deliveries(dataset), on="numero_commande", how="inner")
        .filter(
            pl.col("date_modification").is_null()
            | (pl.col("date_modification") > pl.col("premiere_livraison"))
        )
        .sort(ROW_COLUMN)
    )
    return report_rows(
        table, offending, ORDER_CHANGED_AFTER_DELIVERY, "date_modification", _changed_message
    )


def _changed_message(row: dict) -> str:
    delivered = short_date(row["premiere_livraison"])
    if row["date_modification"] is None:
        return (
            f"commande {row['numero_commande']} {row['statut']}, livrée le {delivered}, "
            "sans date de modification : la date manque, le changement est tenu pour "
            "postérieur à la livraison"
        )
    return (
        f"commande {row['numero_commande']} {row['statut']} le "
        f"{short_date(row['date_modification'])}, après sa livraison du {delivered}"
    )


@rule("Une commande annulée n'est pas livrée", ["commandes", "livraisons"])
def delivery_of_cancelled_order(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["livraisons"]
    cancelled = (
        dataset.frame("commandes")
        .filter(pl.col("statut") == "annulée")
        .unique("numero_commande", keep="first", maintain_order=True)
        .select("numero_commande", annulee_le="date_modification")
    )
    offending = (
        table.frame.join(cancelled, on="numero_commande", how="inner")
        .filter(pl.col("annulee_le").is_null() | (pl.col("date_livraison") >= pl.col("annulee_le")))
        .sort(ROW_COLUMN)
    )
    return report_rows(
        table,
        offending,
        DELIVERY_OF_CANCELLED_ORDER,
        "numero_commande",
        lambda r: (
            f"livraison {r['numero_livraison']} du {short_date(r['date_livraison'])} "
            f"de la commande {r['numero_commande']}, annulée"
            + (f" le {short_date(r['annulee_le'])}" if r["annulee_le"] else "")
        ),
    )


@rule("Le lettrage d'un règlement ne dépasse pas son montant", ["lettrage", "reglements"])
def allocation_within_payment(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["lettrage"]
    payments = (
        dataset.frame("reglements")
        .filter(pl.col("id_reglement").is_not_null())
        .unique("id_reglement", keep="first", maintain_order=True)
        .select("id_reglement", regle="montant", devise_reglement="devise")
    )
    offending = (
        table.frame.filter(pl.col("montant").is_not_null())
        .sort(ROW_COLUMN)
        .with_columns(affecte=pl.col("montant").cum_sum().over("id_reglement"))
        .join(payments, on="id_reglement", how="inner")
        .filter(pl.col("regle").is_not_null() & (pl.col("affecte") > pl.col("regle")))
        .filter(pl.col(ROW_COLUMN) == pl.col(ROW_COLUMN).min().over("id_reglement"))
        .sort(ROW_COLUMN)
    )
    return report_rows(
        table,
        offending,
        ALLOCATION_OVER_PAYMENT,
        "montant",
        lambda r: (
            f"le règlement {r['id_reglement']} de "
            f"{money(r['regle'], r['devise_reglement'] or 'EUR')} est affecté à "
            f"hauteur de {money(r['affecte'], r['devise_reglement'] or 'EUR')} "
            f"avec cette ligne"
        ),
    )
