"""Business rules of the orders (1.2.1): credit limit, stock-out, urgent and overdue orders.

The order book is read from the sheets Commandes and LignesCommande (what is ordered, per
item) and Livraisons and LignesLivraison (what has left, per item, on which day). A
cancelled order counts for nothing. An order is **to deliver** on a day when one of its
items has been delivered in smaller quantity than ordered up to that day, less what a
credit note has credited by then (an item credited will not be delivered: a lost parcel, a
cancelled line); an order is **open** (not yet billed) while no invoice (type facture)
cites it.

- **Credit limit**: the customer's encours (what it owes at the as-of date: the rest of
  its invoices in euros computed from the sales workbook, the same amounts as the
  receivables, `pipelines.compute.parties.outstanding`; only without the sheets Reglements
  and Lettrage, the typed ``encours`` of Clients) plus the TTC of its open orders, taken
  in date order, must stay within its ``plafond_credit``. Only open orders count: a billed
  order is already in the encours, and the encours is known only at the as-of date, so an
  order billed long ago is not judged against it. Every open order from the one that
  crosses the limit is reported, with the amount over. Order amounts are exact
  (`pipelines.compute.invoice_totals`, lines and VAT per rate rounded to the cent); the
  sheet Commandes has no currency column, so they are read as euros. A limit of 0 grants
  no credit: any open order is over it.
- **Stock-out**: a line of an order still to deliver at the as-of date may not ask for
  more than the stock available on the order date: the item's ``stock_initial`` plus its
  movements up to that date (`pipelines.records.signed_quantity`), less what the earlier
  orders (by date, then row) still had to receive on that date. The quantity short is
  reported. A line delivered in full is no longer short: it is not reported.
- **Urgent order**: an urgent order (``urgente``) still to deliver is flagged, with what
  remains.
- **Overdue order**: an order still to deliver after its wished delivery date
  (``date_livraison_souhaitee``).

Their severities are the organisation's choice (sheet « Gravites »): warnings by default.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import polars as pl

from pipelines.compute import parties
from pipelines.compute.invoice_totals import Invoice, invoice_totals
from pipelines.compute.sales_invoices import line_from_row
from pipelines.dataset import NUMBER_DTYPE, ROW_COLUMN, Dataset
from pipelines.french import money, number, plural, short_date
from pipelines.issues import Issue, Severity, define_issue_type
from pipelines.law import Parameters
from pipelines.records import signed_quantity
from pipelines.validate.rules import report_rows, rule

CANCELLED = "annulée"
INVOICE, CREDIT_NOTE = "facture", "avoir"
ORDER_LINE_VALUES = ("quantite", "prix_unitaire_ht", "taux_tva")

OVER_CREDIT_LIMIT = define_issue_type(
    "commande-plafond-depasse",
    "Commande au-delà du plafond de crédit",
    "Avec cette commande, ce que le client doit (son encours) et ses commandes pas encore "
    "facturées dépassent le plafond de crédit que l'organisation lui accorde : faites "
    "valider la commande par la direction, demandez un acompte ou un paiement à la "
    "commande, ou relevez le plafond.",
    Severity.AVERTISSEMENT,
    adjustable=True,
)
STOCK_OUT = define_issue_type(
    "commande-rupture-stock",
    "Rupture de stock sur une commande",
    "Le stock disponible de l'article à la date de la commande (stock, moins ce que les "
    "commandes précédentes attendent encore) ne couvre pas la quantité commandée : "
    "prévenez le client du délai, réapprovisionnez ou livrez en partie.",
    Severity.AVERTISSEMENT,
    adjustable=True,
)
URGENT_ORDER = define_issue_type(
    "commande-urgente",
    "Commande urgente à livrer",
    "Cette commande est marquée urgente et n'est pas encore livrée en entier : elle passe "
    "avant les autres à la préparation et à l'expédition.",
    Severity.AVERTISSEMENT,
    adjustable=True,
)
OVERDUE_ORDER = define_issue_type(
    "commande-en-retard",
    "Commande en retard de livraison",
    "La date de livraison souhaitée de cette commande est passée et elle n'est pas livrée en "
    "entier : prévenez le client et donnez-lui une nouvelle date.",
    Severity.AVERTISSEMENT,
    adjustable=True,
)


def _zero() -> pl.Expr:
    return pl.lit(0).cast(NUMBER_DTYPE)


def live_orders(dataset: Dataset) -> pl.DataFrame:
    """The orders that are not cancelled, each once, with a number."""
    return (
        dataset.frame("commandes")
        .filter(pl.col("numero_commande").is_not_null()
                & (pl.col("statut").fill_null("") != CANCELLED))
        .unique("numero_commande", keep="first", maintain_order=True)
    )


def ordered_items(dataset: Dataset) -> pl.DataFrame:
    """(numero_commande, reference, commandee, _ligne): the quantity ordered of each item,
    at the row of its first line of LignesCommande."""
    return (
        dataset.frame("lignes_commande")
        .filter(pl.col("numero_commande").is_not_null() & pl.col("reference").is_not_null()
                & pl.col("quantite").is_not_null())
        .group_by("numero_commande", "reference")
        .agg(commandee=pl.col("quantite").sum(), ligne=pl.col("ligne").first(),
             **{ROW_COLUMN: pl.col(ROW_COLUMN).min()})
    )


def delivered_items(dataset: Dataset) -> pl.DataFrame:
    """Each delivered line with its delivery's order, date, customer and status."""
    deliveries = (
        dataset.frame("livraisons")
        .filter(pl.col("numero_livraison").is_not_null())
        .unique("numero_livraison", keep="first", maintain_order=True)
        .select("numero_livraison", "numero_commande", "date_livraison",
                statut_livraison="statut", client_livraison="code_client")
    )
    return (
        dataset.frame("lignes_livraison")
        .filter(pl.col("reference").is_not_null() & pl.col("quantite").is_not_null())
        .join(deliveries, on="numero_livraison", how="inner")
        .filter(pl.col("numero_commande").is_not_null())
    )


def billing_documents(dataset: Dataset) -> pl.DataFrame:
    """Every invoice and credit note with ``commande``: the order it bills (its own, else
    its delivery's, else for a credit note its invoice's)."""
    deliveries = (dataset.frame("livraisons")
                  .filter(pl.col("numero_livraison").is_not_null())
                  .unique("numero_livraison", keep="first", maintain_order=True)
                  .select("numero_livraison", commande_livraison="numero_commande",
                          client_livraison="code_client"))
    documents = (dataset.frame("factures")
                 .filter(pl.col("numero_facture").is_not_null())
                 .join(deliveries, on="numero_livraison", how="left")
                 .with_columns(commande=pl.coalesce("numero_commande", "commande_livraison")))
    origins = (documents.filter(pl.col("type") == INVOICE)
               .unique("numero_facture", keep="first", maintain_order=True)
               .select(facture_origine="numero_facture", commande_origine="commande"))
    return (documents.join(origins, on="facture_origine", how="left")
            .with_columns(commande=pl.coalesce("commande", "commande_origine")))


def credited_items(dataset: Dataset, day: date) -> pl.DataFrame:
    """(numero_commande, reference, creditee): the quantity of each item of an order that
    the credit notes dated up to `day` credit (an item that will not be delivered)."""
    if "factures" not in dataset or "lignes_facture" not in dataset:
        return pl.DataFrame(schema={"numero_commande": pl.String, "reference": pl.String,
                                    "creditee": NUMBER_DTYPE})
    notes = (billing_documents(dataset)
             .filter((pl.col("type") == CREDIT_NOTE) & pl.col("commande").is_not_null()
                     & (pl.col("date_facture") <= day))
             .select("numero_facture", numero_commande="commande"))
    return (dataset.frame("lignes_facture")
            .filter(pl.col("reference").is_not_null() & pl.col("quantite").is_not_null())
            .join(notes, on="numero_facture", how="inner")
            .group_by("numero_commande", "reference")
            .agg(creditee=pl.col("quantite").sum()))


def remaining_items(dataset: Dataset, day: date) -> pl.DataFrame:
    """(numero_commande, reference, commandee, livree, creditee, reste) of the live orders:
    what each item of an order still awaited on `day` (deliveries dated up to it), less
    what a credit note has credited (it will not be delivered)."""
    delivered = (
        delivered_items(dataset)
        .filter(pl.col("date_livraison") <= day)
        .group_by("numero_commande", "reference")
        .agg(livree=pl.col("quantite").sum())
    )
    return (
        ordered_items(dataset)
        .join(live_orders(dataset).select("numero_commande"), on="numero_commande",
              how="semi")
        .join(delivered, on=["numero_commande", "reference"], how="left")
        .join(credited_items(dataset, day), on=["numero_commande", "reference"], how="left")
        .with_columns(pl.col("livree", "creditee").fill_null(_zero()))
        .with_columns(reste=pl.max_horizontal(
            pl.col("commandee") - pl.col("livree") - pl.col("creditee"), _zero()))
    )


def orders_to_deliver(dataset: Dataset, day: date) -> pl.DataFrame:
    """The live orders with an item still awaited on `day`: (numero_commande, reste,
    articles) where articles counts the items still awaited."""
    return (
        remaining_items(dataset, day)
        .filter(pl.col("reste") > 0)
        .group_by("numero_commande")
        .agg(reste=pl.col("reste").sum(), articles=pl.len())
    )


def _order_ttc(lines: list[dict]) -> Decimal | None:
    """The TTC of an order's lines (None when a line lacks a value the total needs)."""
    if not lines or any(line[name] is None for line in lines for name in ORDER_LINE_VALUES):
        return None
    return invoice_totals(Invoice(lines=tuple(line_from_row(line) for line in lines))).total_ttc


def order_totals(dataset: Dataset, orders: pl.DataFrame) -> pl.DataFrame:
    """(numero_commande, total_ttc) of the given orders: exact, one legal total per order."""
    lines = (
        dataset.frame("lignes_commande")
        .join(orders.select("numero_commande"), on="numero_commande", how="semi")
        .sort(ROW_COLUMN)
        .group_by("numero_commande", maintain_order=True)
        .agg(lignes=pl.struct("quantite", "prix_unitaire_ht", "taux_tva", "remise_pct"))
    )
    return pl.DataFrame(
        {"numero_commande": lines["numero_commande"],
         "total_ttc": [_order_ttc(rows) for rows in lines["lignes"].to_list()]},
        schema={"numero_commande": pl.String, "total_ttc": NUMBER_DTYPE},
    )


def customer_outstanding(dataset: Dataset, parameters: Parameters) -> pl.DataFrame:
    """(code_client, plafond_credit, encours) of the customers with a limit: the encours
    computed from the sales workbook when it is there (see the module docstring), else
    the typed one (0 when empty)."""
    owed = (parties.outstanding(dataset, parameters, dataset.as_of)
            if dataset.as_of is not None else None)
    return (
        parties.with_outstanding(dataset.frame("clients"), owed)
        .filter(pl.col("code_client").is_not_null() & pl.col("plafond_credit").is_not_null())
        .unique("code_client", keep="first", maintain_order=True)
        .select("code_client", "plafond_credit", encours=pl.col("encours").fill_null(_zero()))
    )


@rule("Une commande ne porte pas le client au-delà de son plafond de crédit",
      ["commandes", "lignes_commande", "clients", "factures"], uses_as_of=True)
def order_credit_limit(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["commandes"]
    billed = (dataset.frame("factures")
              .filter((pl.col("type") == INVOICE) & pl.col("numero_commande").is_not_null())
              .select("numero_commande"))
    customers = customer_outstanding(dataset, parameters)
    open_orders = (
        live_orders(dataset)
        .filter(pl.col("code_client").is_not_null())
        .join(billed, on="numero_commande", how="anti")
        .join(customers, on="code_client", how="inner")
    )
    offending = (
        open_orders.join(order_totals(dataset, open_orders), on="numero_commande", how="inner")
        .filter(pl.col("total_ttc").is_not_null())
        .sort("code_client", "date_commande", ROW_COLUMN, nulls_last=True)
        .with_columns(engage=pl.col("encours")
                      + pl.col("total_ttc").cum_sum().over("code_client"))
        .filter(pl.col("engage") > pl.col("plafond_credit"))
        .sort(ROW_COLUMN)
    )

    def message(row: dict) -> str:
        earlier = row["engage"] - row["encours"] - row["total_ttc"]
        pending = (f" et {money(earlier)} de commandes précédentes pas encore facturées"
                   if earlier else "")
        return (f"commande {row['numero_commande']} du {short_date(row['date_commande'])} de "
                f"{money(row['total_ttc'])} TTC : avec l'encours de {money(row['encours'])}"
                f"{pending}, le client {row['code_client']} doit {money(row['engage'])} pour "
                f"un plafond de {money(row['plafond_credit'])} (dépassement de "
                f"{money(row['engage'] - row['plafond_credit'])})")

    return report_rows(table, offending, OVER_CREDIT_LIMIT, "code_client", message)


def _stock_on_order_dates(dataset: Dataset, lines: pl.DataFrame) -> pl.DataFrame:
    """`lines` with ``stock``: the item's stock at the end of its order date."""
    initial = (dataset.frame("articles")
               .filter(pl.col("reference").is_not_null())
               .unique("reference", keep="first", maintain_order=True)
               .select("reference", initial=pl.col("stock_initial").fill_null(_zero())))
    moves = (dataset.frame("mouvements")
             .filter(pl.col("reference").is_not_null() & pl.col("date").is_not_null())
             .select("reference", "date", mouvement=signed_quantity()))
    net = (lines.select("numero_commande", "reference", "date_commande")
           .join(moves, on="reference", how="inner")
           .filter(pl.col("date") <= pl.col("date_commande"))
           .group_by("numero_commande", "reference")
           .agg(net=pl.col("mouvement").sum()))
    return (lines.join(initial, on="reference", how="left")
            .join(net, on=["numero_commande", "reference"], how="left")
            .with_columns(stock=pl.col("initial").fill_null(_zero())
                          + pl.col("net").fill_null(_zero())))


def _reserved_on_order_dates(dataset: Dataset, lines: pl.DataFrame,
                             orders: pl.DataFrame) -> pl.DataFrame:
    """(numero_commande, reference, reserve): what the earlier live orders (by date, then
    row) still awaited of the item on the order date of each line of `lines`."""
    earlier = (
        ordered_items(dataset).drop(ROW_COLUMN)
        .join(orders.select("numero_commande", date_avant="date_commande",
                            rang_avant=ROW_COLUMN), on="numero_commande", how="inner")
        .rename({"numero_commande": "commande_avant", "commandee": "commandee_avant"})
        .drop("ligne")
    )
    pairs = (
        lines.select("numero_commande", "reference", "date_commande", "rang")
        .join(earlier, on="reference", how="inner")
        .filter((pl.col("date_avant") < pl.col("date_commande"))
                | ((pl.col("date_avant") == pl.col("date_commande"))
                   & (pl.col("rang_avant") < pl.col("rang"))))
    )
    shipped = delivered_items(dataset).select(
        commande_avant="numero_commande", reference="reference", jour="date_livraison",
        expediee="quantite")
    delivered = (
        pairs.join(shipped, on=["commande_avant", "reference"], how="inner")
        .filter(pl.col("jour") <= pl.col("date_commande"))
        .group_by("numero_commande", "reference", "commande_avant")
        .agg(expediee=pl.col("expediee").sum())
    )
    return (
        pairs.join(delivered, on=["numero_commande", "reference", "commande_avant"], how="left")
        .with_columns(attendu=pl.max_horizontal(
            pl.col("commandee_avant") - pl.col("expediee").fill_null(_zero()), _zero()))
        .group_by("numero_commande", "reference")
        .agg(reserve=pl.col("attendu").sum())
    )


@rule("Une ligne de commande ne dépasse pas le stock disponible",
      ["commandes", "lignes_commande", "articles", "mouvements", "livraisons",
       "lignes_livraison"], uses_as_of=True)
def order_stock_out(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["lignes_commande"]
    orders = live_orders(dataset).filter(pl.col("date_commande").is_not_null())
    awaited = (remaining_items(dataset, dataset.as_of).filter(pl.col("reste") > 0)
               .select("numero_commande", "reference"))
    lines = (
        ordered_items(dataset)
        .join(awaited, on=["numero_commande", "reference"], how="semi")
        .join(orders.select("numero_commande", "date_commande", rang=ROW_COLUMN),
              on="numero_commande", how="inner")
    )
    if lines.is_empty():
        return []
    stocked = _stock_on_order_dates(dataset, lines)
    reserved = _reserved_on_order_dates(dataset, lines, orders)
    offending = (
        stocked.join(reserved, on=["numero_commande", "reference"], how="left")
        .with_columns(reserve=pl.col("reserve").fill_null(_zero()))
        .with_columns(disponible=pl.col("stock") - pl.col("reserve"))
        .filter(pl.col("commandee") > pl.col("disponible"))
        .with_columns(manque=pl.col("commandee")
                      - pl.max_horizontal(pl.col("disponible"), _zero()))
        .sort(ROW_COLUMN)
    )

    def message(row: dict) -> str:
        reserved_text = (f", dont {number(row['reserve'])} attendus par des commandes "
                         "précédentes" if row["reserve"] else "")
        return (f"commande {row['numero_commande']} du {short_date(row['date_commande'])} : "
                f"{number(row['commandee'])} {row['reference']} commandés, "
                f"{number(max(row['disponible'], 0))} disponibles (stock de "
                f"{number(row['stock'])}{reserved_text}) : il en manque "
                f"{number(row['manque'])}")

    return report_rows(table, offending, STOCK_OUT, "quantite", message)


@rule("Une commande urgente est signalée tant qu'elle n'est pas livrée",
      ["commandes", "lignes_commande", "livraisons", "lignes_livraison"], uses_as_of=True)
def urgent_orders(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["commandes"]
    offending = (
        live_orders(dataset)
        .filter(pl.col("urgente").fill_null(False))
        .join(orders_to_deliver(dataset, dataset.as_of), on="numero_commande", how="inner")
        .sort(ROW_COLUMN)
    )
    as_of = short_date(dataset.as_of)

    def message(row: dict) -> str:
        wished = (f", à livrer le {short_date(row['date_livraison_souhaitee'])}"
                  if row["date_livraison_souhaitee"] else "")
        return (f"commande urgente {row['numero_commande']} du "
                f"{short_date(row['date_commande'])} pour {row['code_client']}{wished} : "
                f"{plural(row['articles'], 'article')} encore à livrer au {as_of}")

    return report_rows(table, offending, URGENT_ORDER, "urgente", message)


@rule("Une commande est livrée à la date souhaitée",
      ["commandes", "lignes_commande", "livraisons", "lignes_livraison"], uses_as_of=True)
def overdue_orders(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["commandes"]
    as_of = dataset.as_of
    offending = (
        live_orders(dataset)
        .filter(pl.col("date_livraison_souhaitee") < as_of)
        .join(orders_to_deliver(dataset, as_of), on="numero_commande", how="inner")
        .with_columns(retard=(pl.lit(as_of) - pl.col("date_livraison_souhaitee")).dt.total_days())
        .sort(ROW_COLUMN)
    )
    return report_rows(
        table, offending, OVERDUE_ORDER, "date_livraison_souhaitee",
        lambda r: (f"commande {r['numero_commande']} de {r['code_client']} à livrer le "
                   f"{short_date(r['date_livraison_souhaitee'])} : "
                   f"{plural(r['articles'], 'article')} encore à livrer au "
                   f"{short_date(as_of)} ({plural(r['retard'], 'jour')} de retard)"))
