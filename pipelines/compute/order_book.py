"""The order book, what is shipped but not invoiced, and the late deliveries, at the as-of date.

Only what is known on the as-of date counts: orders dated on or before it, deliveries and
invoices dated on or before it. An order cancelled (« annulée ») after the as-of date was
still open then; a cancelled order without a modification date is cancelled.

- **Order book** (carnet de commandes): the lines of the open orders (« confirmée »,
  « modifiée ») that remain to deliver. For a line with an article, remaining = quantity
  ordered − quantity delivered on that order line (LignesLivraison.ligne_commande), by the
  delivery notes of the order except the returned ones (« retournée »: the goods came
  back). A line without an article (a service) is not delivered: it remains until it is
  invoiced (lines without an article of the order's invoices, matched by designation).
  Its HT value: remaining quantity × unit price × (1 − remise), rounded half-up to the cent
  per line.
- **Shipped not invoiced**: by order and article, the quantity delivered (as above) minus
  the quantity invoiced by the invoices (type « facture », issued) of that order (the
  invoice's ``numero_commande``, else its delivery note's order). Credit notes do not lower
  the quantity invoiced: returned goods come back through a returned delivery, and a price
  reduction is no quantity. Valued at the net unit price of the order's first line for the
  article.
- **Late deliveries**: the open orders with goods still to deliver whose wished delivery
  date (``date_livraison_souhaitee``) is before the as-of date.

The remaining lines are few: their values are computed in exact `Decimal` on them only.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import polars as pl

from pipelines.compute.invoice_totals import to_cent
from pipelines.compute.sales_invoices import CREDIT_NOTE, fraction
from pipelines.dataset import ROW_COLUMN

OPEN_STATUSES = ("confirmée", "modifiée")
CANCELLED = "annulée"
RETURNED = "retournée"
ISSUED = "émise"
MONEY_DTYPE = pl.Decimal(38, 2)
QUANTITY_DTYPE = pl.Decimal(38, 6)
ZERO_QUANTITY = Decimal(0)


def open_orders(commandes: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """The orders dated on or before as_of that were open then (not cancelled by then)."""
    cancelled = (pl.col("statut") == CANCELLED) & (
        pl.col("date_modification").is_null() | (pl.col("date_modification") <= as_of))
    return commandes.filter((pl.col("date_commande") <= as_of) & ~cancelled.fill_null(False)
                            & pl.col("statut").is_in([*OPEN_STATUSES, CANCELLED]))


def delivered(livraisons: pl.DataFrame, lignes_livraison: pl.DataFrame,
              as_of: date) -> pl.DataFrame:
    """The delivery lines that count on as_of: their note is dated on or before it and not
    returned; with the note's order, date and number."""
    notes = livraisons.filter((pl.col("date_livraison") <= as_of)
                              & (pl.col("statut") != RETURNED).fill_null(True)).select(
        "numero_livraison", "numero_commande", "date_livraison")
    return lignes_livraison.join(notes, on="numero_livraison", how="inner")


def invoiced_lines(factures: pl.DataFrame, lignes_facture: pl.DataFrame,
                   livraisons: pl.DataFrame | None, as_of: date) -> pl.DataFrame:
    """The lines of the issued invoices (not credit notes) dated on or before as_of, with
    the order they bill (the invoice's, else its delivery note's)."""
    invoices = factures.filter((pl.col("date_facture") <= as_of)
                               & (pl.col("type") != CREDIT_NOTE)
                               & (pl.col("statut") == ISSUED))
    if livraisons is not None:
        notes = livraisons.select("numero_livraison",
                                  pl.col("numero_commande").alias("commande_livraison"))
        invoices = invoices.join(notes, on="numero_livraison", how="left").with_columns(
            numero_commande=pl.coalesce("numero_commande", "commande_livraison"))
    invoices = invoices.select("numero_facture", "numero_commande").drop_nulls()
    return lignes_facture.join(invoices, on="numero_facture", how="inner")


def _net_value(quantity: Decimal, price: Decimal | None, discount: Decimal | None) -> Decimal:
    return to_cent(Decimal(quantity) * Decimal(price or 0) * (1 - fraction(discount)))


def _values(frame: pl.DataFrame, quantity: str, name: str) -> pl.DataFrame:
    values = [_net_value(q, p, d) for q, p, d in zip(
        frame[quantity].to_list(), frame["prix_unitaire_ht"].to_list(),
        frame["remise_pct"].to_list(), strict=True)]
    return frame.with_columns(pl.Series(name, values, dtype=MONEY_DTYPE))


def _with_names(frame: pl.DataFrame, clients: pl.DataFrame | None) -> pl.DataFrame:
    if clients is None:
        return frame.with_columns(raison_sociale=pl.lit(None, pl.String))
    names = clients.select("code_client", "raison_sociale").unique("code_client", keep="first")
    return frame.join(names, on="code_client", how="left")


ORDER_BOOK_COLUMNS = (
    "numero_commande", "date_commande", "code_client", "raison_sociale", "statut", "urgente",
    "date_livraison_souhaitee", "ligne", "reference", "designation", "quantite",
    "quantite_livree", "quantite_facturee", "reste_a_livrer", "prix_unitaire_ht",
    "remise_pct", "valeur_reste_ht", "en_retard", "jours_de_retard", ROW_COLUMN,
)


def order_book(commandes: pl.DataFrame, lignes_commande: pl.DataFrame,
               livraisons: pl.DataFrame | None, lignes_livraison: pl.DataFrame | None,
               factures: pl.DataFrame | None, lignes_facture: pl.DataFrame | None,
               clients: pl.DataFrame | None, as_of: date) -> pl.DataFrame:
    """The order lines that remain to deliver on as_of (see the module docstring), with
    their HT value and delay; ``_ligne`` is the row of LignesCommande. By order, then line."""
    orders = open_orders(commandes, as_of).select(
        "numero_commande", "date_commande", "code_client", "statut", "urgente",
        "date_livraison_souhaitee")
    lines = lignes_commande.join(orders, on="numero_commande", how="inner")
    if livraisons is not None and lignes_livraison is not None:
        shipped = delivered(livraisons, lignes_livraison, as_of).group_by(
            "numero_commande", pl.col("ligne_commande").alias("ligne")).agg(
            quantite_livree=pl.col("quantite").sum())
        lines = lines.join(shipped, on=["numero_commande", "ligne"], how="left")
    else:
        lines = lines.with_columns(quantite_livree=pl.lit(None, QUANTITY_DTYPE))
    if factures is not None and lignes_facture is not None:
        services = (invoiced_lines(factures, lignes_facture, livraisons, as_of)
                    .filter(pl.col("reference").is_null())
                    .group_by("numero_commande", "designation")
                    .agg(quantite_facturee=pl.col("quantite").sum()))
        lines = lines.join(services, on=["numero_commande", "designation"], how="left")
    else:
        lines = lines.with_columns(quantite_facturee=pl.lit(None, QUANTITY_DTYPE))
    done = pl.when(pl.col("reference").is_null()).then(pl.col("quantite_facturee")).otherwise(
        pl.col("quantite_livree")).fill_null(ZERO_QUANTITY)
    remaining = (lines.with_columns(
        quantite_livree=pl.col("quantite_livree").fill_null(ZERO_QUANTITY).cast(QUANTITY_DTYPE),
        quantite_facturee=pl.col("quantite_facturee").cast(QUANTITY_DTYPE),
        reste_a_livrer=(pl.col("quantite") - done).cast(QUANTITY_DTYPE))
        .filter(pl.col("reste_a_livrer") > 0))
    late = pl.col("date_livraison_souhaitee") < as_of
    remaining = _values(remaining, "reste_a_livrer", "valeur_reste_ht").with_columns(
        en_retard=late.fill_null(False),
        jours_de_retard=pl.when(late).then(
            (pl.lit(as_of) - pl.col("date_livraison_souhaitee")).dt.total_days())
        .otherwise(0).cast(pl.Int64),
    )
    return (_with_names(remaining, clients).select(ORDER_BOOK_COLUMNS)
            .sort("numero_commande", "ligne"))


def late_deliveries(book: pl.DataFrame) -> pl.DataFrame:
    """The orders of the order book whose goods are late: one row per order, the latest
    first (numero_commande, date_commande, code_client, raison_sociale, urgente,
    date_livraison_souhaitee, jours_de_retard, lignes, valeur_reste_ht)."""
    return (book.filter(pl.col("en_retard") & pl.col("reference").is_not_null())
            .group_by("numero_commande", "date_commande", "code_client", "raison_sociale",
                      "urgente", "date_livraison_souhaitee", "jours_de_retard")
            .agg(lignes=pl.len().cast(pl.Int64),
                 valeur_reste_ht=pl.col("valeur_reste_ht").sum().cast(MONEY_DTYPE))
            .sort(["jours_de_retard", "numero_commande"], descending=[True, False]))


SHIPPED_COLUMNS = (
    "numero_commande", "code_client", "raison_sociale", "reference", "designation",
    "numero_livraison", "date_livraison", "quantite_livree", "quantite_facturee",
    "reste_a_facturer", "prix_unitaire_ht", "remise_pct", "valeur_ht", ROW_COLUMN,
)


def shipped_not_invoiced(commandes: pl.DataFrame, lignes_commande: pl.DataFrame,
                         livraisons: pl.DataFrame, lignes_livraison: pl.DataFrame,
                         factures: pl.DataFrame, lignes_facture: pl.DataFrame,
                         clients: pl.DataFrame | None, as_of: date) -> pl.DataFrame:
    """By order and article, what was delivered on or before as_of and not invoiced then,
    with its HT value; ``numero_livraison``, ``date_livraison`` and ``_ligne`` (row of
    LignesLivraison) are those of the last delivery line."""
    shipped = (delivered(livraisons, lignes_livraison, as_of)
               .filter(pl.col("reference").is_not_null())
               .sort("date_livraison", ROW_COLUMN)
               .group_by("numero_commande", "reference")
               .agg(quantite_livree=pl.col("quantite").sum(),
                    numero_livraison=pl.col("numero_livraison").last(),
                    date_livraison=pl.col("date_livraison").last(),
                    **{ROW_COLUMN: pl.col(ROW_COLUMN).last()}))
    billed = (invoiced_lines(factures, lignes_facture, livraisons, as_of)
              .filter(pl.col("reference").is_not_null())
              .group_by("numero_commande", "reference")
              .agg(quantite_facturee=pl.col("quantite").sum()))
    prices = (lignes_commande.sort("numero_commande", "ligne")
              .group_by("numero_commande", "reference", maintain_order=True)
              .agg(pl.col("designation", "prix_unitaire_ht", "remise_pct").first()))
    customers = commandes.select("numero_commande", "code_client").unique("numero_commande")
    frame = (shipped.join(billed, on=["numero_commande", "reference"], how="left")
             .with_columns(quantite_facturee=pl.col("quantite_facturee")
                           .fill_null(ZERO_QUANTITY).cast(QUANTITY_DTYPE),
                           quantite_livree=pl.col("quantite_livree").cast(QUANTITY_DTYPE))
             .with_columns(reste_a_facturer=(pl.col("quantite_livree")
                                             - pl.col("quantite_facturee"))
                           .cast(QUANTITY_DTYPE))
             .filter(pl.col("reste_a_facturer") > 0)
             .join(prices, on=["numero_commande", "reference"], how="left")
             .join(customers, on="numero_commande", how="left"))
    return (_with_names(_values(frame, "reste_a_facturer", "valeur_ht"), clients)
            .select(SHIPPED_COLUMNS).sort("numero_commande", "reference"))
