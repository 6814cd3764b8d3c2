"""Business rules of deliveries and of the invoices that bill them (1.2.2).

An invoice bills an order (``numero_commande``) and, usually, one of its deliveries
(``numero_livraison``); an invoice that cites only its delivery bills that delivery's
order. The checks:

- **Reconciliation**: the invoice's customer is the order's and the delivery's; its
  delivery belongs to its order; it does not bill a cancelled order (unless a credit note
  already cancels it); and, per order and item, the quantity invoiced, less the quantity
  of the credit notes that cite the order (or an invoice of it), does not exceed the
  quantity delivered (every delivery of the order, a returned one included: the return is
  settled by a credit note, next rule). A wrong product, quantity or discount invoiced is
  corrected by a credit note: once the credit note is there, the quantities reconcile.
- **Over-delivery**: per order and item, the quantity delivered does not exceed the
  quantity ordered (an item that is not in the order is an over-delivery of it all).
- **Return**: a delivery marked « retournée » that was billed (an invoice cites it, or
  cites its order without naming a delivery) has a credit note: one that cites that
  invoice or that delivery.
- **Late delivery**: a delivery dated after the order's wished delivery date.

Delivery and invoice checks that are the organisation's practice (billing before delivery,
over-delivery, late delivery, pending credit notes for returns) have an adjustable
severity (sheet « Gravites »); a customer or order mismatch never has.
"""

from __future__ import annotations

import polars as pl

from pipelines.dataset import NUMBER_DTYPE, ROW_COLUMN, Dataset
from pipelines.french import number, plural, short_date
from pipelines.issues import Issue, Severity, define_issue_type
from pipelines.law import Parameters
from pipelines.validate.rules import report_rows, rule
from pipelines.validate.rules.sales_invoices import report_documents
from pipelines.validate.rules.sales_orders import (
    billing_documents,
    delivered_items,
    ordered_items,
)

INVOICE, CREDIT_NOTE = "facture", "avoir"
CANCELLED, RETURNED = "annulée", "retournée"

INVOICE_OTHER_CUSTOMER = define_issue_type(
    "facture-client-different-commande",
    "Facture d'un autre client que sa commande",
    "Une facture est adressée au client qui a commandé et qui a été livré : le client de "
    "la facture diffère de celui de la commande ou de la livraison qu'elle cite.",
    Severity.BLOQUANT,
)
DELIVERY_OF_ANOTHER_ORDER = define_issue_type(
    "facture-livraison-autre-commande",
    "Facture d'une livraison d'une autre commande",
    "La livraison citée par la facture appartient à une autre commande que celle que la "
    "facture cite : corrigez le numéro de commande ou de livraison.",
    Severity.BLOQUANT,
)
INVOICE_OF_CANCELLED_ORDER = define_issue_type(
    "facture-commande-annulee",
    "Facture d'une commande annulée",
    "Cette facture porte sur une commande annulée, et aucun avoir ne l'annule : une "
    "facture émise ne se supprime pas, elle s'annule par un avoir.",
    Severity.BLOQUANT,
)
INVOICED_NOT_DELIVERED = define_issue_type(
    "facture-quantite-non-livree",
    "Quantité facturée supérieure à la quantité livrée",
    "Pour cette commande, la quantité facturée de l'article (moins celle des avoirs) "
    "dépasse la quantité livrée : un produit ou une quantité facturés par erreur se "
    "corrigent par un avoir. Si l'organisation facture à la commande, elle peut en faire "
    "un avertissement (feuille Gravites).",
    Severity.BLOQUANT,
    adjustable=True,
)
DELIVERED_NOT_ORDERED = define_issue_type(
    "livraison-quantite-superieure-commande",
    "Quantité livrée supérieure à la quantité commandée",
    "Pour cette commande, la quantité livrée de l'article dépasse la quantité commandée (ou "
    "l'article n'est pas dans la commande) : le client peut refuser le surplus. Vérifiez la "
    "livraison, ou enregistrez la modification de la commande.",
    Severity.AVERTISSEMENT,
    adjustable=True,
)
RETURN_WITHOUT_CREDIT_NOTE = define_issue_type(
    "livraison-retournee-sans-avoir",
    "Retour sans avoir",
    "Cette livraison a été retournée alors qu'elle était facturée : le client ne doit plus "
    "la marchandise rendue. Établissez un avoir qui cite la facture.",
    Severity.AVERTISSEMENT,
    adjustable=True,
)
LATE_DELIVERY = define_issue_type(
    "livraison-en-retard",
    "Livraison après la date souhaitée",
    "Cette livraison est partie après la date de livraison souhaitée de sa commande : le "
    "client peut demander une compensation ; notez-en la raison (transporteur, rupture…).",
    Severity.AVERTISSEMENT,
    adjustable=True,
)


def _zero() -> pl.Expr:
    return pl.lit(0).cast(NUMBER_DTYPE)


def _orders(dataset: Dataset) -> pl.DataFrame:
    return (dataset.frame("commandes")
            .filter(pl.col("numero_commande").is_not_null())
            .unique("numero_commande", keep="first", maintain_order=True)
            .select("numero_commande", "date_livraison_souhaitee", client_commande="code_client",
                    statut_commande="statut"))


@rule("Une facture concorde avec sa commande et sa livraison",
      ["factures", "commandes", "livraisons"])
def invoice_matches_order(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["factures"]
    documents = billing_documents(dataset).join(
        _orders(dataset).rename({"numero_commande": "commande"}), on="commande", how="left")
    invoices = documents.filter(pl.col("type") == INVOICE)  # a credit note: sales.py
    other_customer = invoices.filter(
        pl.col("code_client").is_not_null()
        & (((pl.col("client_commande").is_not_null())
            & (pl.col("client_commande") != pl.col("code_client")))
           | ((pl.col("client_livraison").is_not_null())
              & (pl.col("client_livraison") != pl.col("code_client"))))
    ).sort(ROW_COLUMN)
    other_order = invoices.filter(
        pl.col("numero_commande").is_not_null() & pl.col("commande_livraison").is_not_null()
        & (pl.col("numero_commande") != pl.col("commande_livraison"))).sort(ROW_COLUMN)
    credited = (documents.filter(pl.col("type") == CREDIT_NOTE)
                .select(numero_facture="facture_origine").drop_nulls().unique())
    cancelled = (invoices.filter(pl.col("statut_commande") == CANCELLED)
                 .join(credited, on="numero_facture", how="anti").sort(ROW_COLUMN))

    def customers(row: dict) -> str:
        said = []
        if row["client_commande"] and row["client_commande"] != row["code_client"]:
            said.append(f"la commande {row['commande']} est de {row['client_commande']}")
        if row["client_livraison"] and row["client_livraison"] != row["code_client"]:
            said.append(f"la livraison {row['numero_livraison']} est pour "
                        f"{row['client_livraison']}")
        return f"{row['numero_facture']} est au nom de {row['code_client']}, " + " et ".join(said)

    return (
        report_documents(table, other_customer, INVOICE_OTHER_CUSTOMER, "code_client", customers)
        + report_documents(
            table, other_order, DELIVERY_OF_ANOTHER_ORDER, "numero_livraison",
            lambda r: f"{r['numero_facture']} cite la commande {r['numero_commande']} et la "
                      f"livraison {r['numero_livraison']}, qui est celle de la commande "
                      f"{r['commande_livraison']}")
        + report_documents(
            table, cancelled, INVOICE_OF_CANCELLED_ORDER, "numero_commande",
            lambda r: f"{r['numero_facture']} facture la commande {r['commande']}, annulée, "
                      "et aucun avoir ne la cite")
    )


@rule("La quantité facturée d'un article ne dépasse pas la quantité livrée",
      ["factures", "lignes_facture", "livraisons", "lignes_livraison"])
def invoiced_within_delivered(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["lignes_facture"]
    documents = billing_documents(dataset).filter(pl.col("commande").is_not_null()).select(
        "numero_facture", "commande", "type", "date_facture", "statut",
        rang_document=ROW_COLUMN)
    sign = pl.when(pl.col("type") == CREDIT_NOTE).then(_zero() - pl.col("quantite"))
    lines = (
        dataset.frame("lignes_facture")
        .filter(pl.col("reference").is_not_null() & pl.col("quantite").is_not_null())
        .join(documents, on="numero_facture", how="inner")
        .filter(pl.col("type").is_in((INVOICE, CREDIT_NOTE)))
        .with_columns(facturee=sign.otherwise(pl.col("quantite")))
    )
    delivered = (delivered_items(dataset)
                 .group_by(commande="numero_commande", reference="reference")
                 .agg(livree=pl.col("quantite").sum()))
    net = (lines.group_by("commande", "reference")
           .agg(net=pl.col("facturee").sum())
           .join(delivered, on=["commande", "reference"], how="left")
           .with_columns(pl.col("livree").fill_null(_zero()))
           .filter(pl.col("net") > pl.col("livree")))
    offending = (  # at the last invoice line of the item: the one that went over
        lines.filter(pl.col("type") == INVOICE)
        .join(net, on=["commande", "reference"], how="inner")
        .sort("date_facture", "rang_document", ROW_COLUMN, nulls_last=True)
        .group_by("commande", "reference", maintain_order=True)
        .last()
        .sort(ROW_COLUMN)
    )

    def message(row: dict) -> str:
        delivered_text = (f"{number(row['livree'])} livrés" if row["livree"]
                          else "aucun livré")
        return (f"ligne {row['ligne']} de {row['numero_facture']} : pour la commande "
                f"{row['commande']}, {number(row['net'])} {row['reference']} facturés "
                f"(avoirs déduits), {delivered_text} : {number(row['net'] - row['livree'])} "
                "de trop, à corriger par un avoir")

    return report_documents(table, offending, INVOICED_NOT_DELIVERED, "quantite", message)


@rule("La quantité livrée d'un article ne dépasse pas la quantité commandée",
      ["commandes", "lignes_commande", "livraisons", "lignes_livraison"])
def delivered_within_ordered(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["lignes_livraison"]
    ordered = ordered_items(dataset).select("numero_commande", "reference", "commandee")
    orders = _orders(dataset).select("numero_commande")
    lines = (delivered_items(dataset)
             .join(orders, on="numero_commande", how="semi")
             .join(ordered, on=["numero_commande", "reference"], how="left")
             .with_columns(pl.col("commandee").fill_null(_zero()))
             .sort("date_livraison", ROW_COLUMN, nulls_last=True)
             .with_columns(livree=pl.col("quantite").cum_sum()
                           .over("numero_commande", "reference")))
    offending = (lines.filter(pl.col("livree") > pl.col("commandee"))
                 .group_by("numero_commande", "reference", maintain_order=True)
                 .first()
                 .sort(ROW_COLUMN))

    def message(row: dict) -> str:
        ordered_text = (f"{number(row['commandee'])} commandés" if row["commandee"]
                        else "l'article n'est pas dans la commande")
        return (f"livraison {row['numero_livraison']} : {number(row['livree'])} "
                f"{row['reference']} livrés pour la commande {row['numero_commande']}, "
                f"{ordered_text}")

    return report_rows(table, offending, DELIVERED_NOT_ORDERED, "quantite", message)


@rule("Une livraison retournée et facturée a son avoir", ["livraisons", "factures"])
def returned_delivery_credited(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["livraisons"]
    documents = billing_documents(dataset)
    returned = table.frame.filter((pl.col("statut") == RETURNED)
                                  & pl.col("numero_livraison").is_not_null())
    invoices = documents.filter(pl.col("type") == INVOICE)
    by_delivery = invoices.filter(pl.col("numero_livraison").is_not_null()).select(
        "numero_facture", "numero_livraison")
    by_order = (invoices.filter(pl.col("numero_livraison").is_null()
                                & pl.col("numero_commande").is_not_null())
                .select("numero_facture", "numero_commande"))
    billed = pl.concat([
        returned.join(by_delivery, on="numero_livraison", how="inner"),
        returned.join(by_order, on="numero_commande", how="inner"),
    ], how="diagonal_relaxed")
    notes = documents.filter(pl.col("type") == CREDIT_NOTE)
    credited_invoices = notes.select(numero_facture="facture_origine").drop_nulls()
    credited_deliveries = notes.select("numero_livraison").drop_nulls()
    uncredited = (billed.join(credited_invoices, on="numero_facture", how="anti")
                  .join(credited_deliveries, on="numero_livraison", how="anti"))
    # a delivery is settled when any of its invoices is credited
    settled = billed.join(uncredited.select("numero_facture"), on="numero_facture",
                          how="anti").select("numero_livraison")
    offending = (uncredited.join(settled, on="numero_livraison", how="anti")
                 .group_by("numero_livraison", maintain_order=True)
                 .agg(pl.col(ROW_COLUMN).first(), pl.col("date_livraison").first(),
                      pl.col("numero_commande").first(), factures=pl.col("numero_facture"))
                 .sort(ROW_COLUMN))
    return report_rows(
        table, offending, RETURN_WITHOUT_CREDIT_NOTE, "statut",
        lambda r: (f"livraison {r['numero_livraison']} du {short_date(r['date_livraison'])} "
                   f"retournée, facturée par {', '.join(sorted(r['factures']))} : aucun avoir "
                   "ne cite cette facture"))


@rule("Une livraison part au plus tard à la date souhaitée", ["livraisons", "commandes"])
def late_deliveries(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["livraisons"]
    offending = (
        table.frame.join(_orders(dataset), on="numero_commande", how="inner")
        .filter(pl.col("date_livraison") > pl.col("date_livraison_souhaitee"))
        .with_columns(retard=(pl.col("date_livraison")
                              - pl.col("date_livraison_souhaitee")).dt.total_days())
        .sort(ROW_COLUMN)
    )
    return report_rows(
        table, offending, LATE_DELIVERY, "date_livraison",
        lambda r: (f"livraison {r['numero_livraison']} du {short_date(r['date_livraison'])} : "
                   f"la commande {r['numero_commande']} était à livrer le "
                   f"{short_date(r['date_livraison_souhaitee'])} "
                   f"({plural(r['retard'], 'jour')} de retard)"))
