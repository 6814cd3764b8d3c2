"""Replenishment: what is on order from the suppliers, the reorder point and the suggested
order of each item, and the stock-outs with the customer orders they hit.

- **On order** (en commande): what the purchase orders (achats.xlsx) of an item
  (``reference``) still expect on the as-of date, as `purchase_orders.still_expected`
  defines it for the open orders too (one definition): ordered − accepted − refused −
  damaged, for an order dated on or before the as-of date and « envoyée », « confirmée »
  or « partiellement reçue », counting the receipts dated on or before the as-of date;
  never below zero per line. A damaged unit in claim is not on order: the supplier owes
  its credit note (a replacement comes as a new delivery).
- **Reorder point** (point de commande) = average daily consumption × lead time
  (``delai_reappro_jours``) + safety stock (``stock_securite``). The average daily
  consumption is the quantity that left by sale (« vente ») over the last N days up to the
  as-of date included (N = the setting ``jours_consommation_moyenne``, sheet Reglages),
  divided by N. The point is rounded up to the item's ordering step: 0,5 for an item sold
  by the kg (the demo sells fluids by the half-kilo), 1 otherwise.
- **Suggested order** (quantité suggérée), for an active item whose stock at the as-of date
  is at or below its reorder point (a point above zero): what brings the stock up to the
  reorder point plus ``jours_couverture_stock`` days of consumption, less what is already
  on order, rounded up to the ordering step; zero when what is on order already covers it.
  Its estimated value is that quantity × the item's CUMP, rounded half-up to the cent.
- **Stock-outs** (ruptures): the active items whose stock at the as-of date is zero or
  negative, and the items whose stock does not cover what the open customer orders still
  have to deliver (the order book of `pipelines.compute.order_book`: confirmed or modified
  orders, what remains to deliver per line); with the quantity short and what is on order.
  The order lines they hit are the order book's lines of those items.

All quantities are exact: counted in millionths (integers) where they are multiplied or
divided, the rounding up done in integers.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from pipelines.compute import purchase_orders
from pipelines.compute.money import MONEY_DTYPE, cents_to_money, in_micro_units
from pipelines.compute.stock import CUMP_DTYPE, as_cump, as_quantity, divide_half_up
from pipelines.dataset import NUMBER_DTYPE, ROW_COLUMN
from pipelines.records import SALE

ON_ORDER_STATUSES = purchase_orders.OPEN_STATUSES
HALF_STEP_UNITS = ("kg",)
_MICRO = 10**6
_MICRO_PER_TEN_THOUSANDTH = 100
_AT_CUMP_PER_CENT = 10**8

PENDING_COLUMNS = ("numero_commande", "date_commande", "code_fournisseur", "statut",
                   "date_livraison_prevue", "ligne", "reference", "quantite",
                   "quantite_acceptee", "reste_a_recevoir", ROW_COLUMN)
_PENDING_SCHEMA = {"numero_commande": pl.String, "date_commande": pl.Date,
                   "code_fournisseur": pl.String, "statut": pl.String,
                   "date_livraison_prevue": pl.Date, "ligne": pl.Int64,
                   "reference": pl.String, "quantite": NUMBER_DTYPE,
                   "quantite_acceptee": NUMBER_DTYPE, "reste_a_recevoir": NUMBER_DTYPE,
                   ROW_COLUMN: pl.Int64}


def _zero() -> pl.Expr:
    return pl.lit(0).cast(NUMBER_DTYPE)


def pending_purchases(commandes_achat: pl.DataFrame | None,
                      lignes_commande_achat: pl.DataFrame | None,
                      receptions: pl.DataFrame | None, lignes_reception: pl.DataFrame | None,
                      as_of: date) -> pl.DataFrame:
    """The purchase order lines of an item still to receive on as_of (see the module
    docstring), with ``_ligne`` the row of LignesCommandeAchat; by item, then order."""
    if commandes_achat is None or lignes_commande_achat is None:
        return pl.DataFrame(schema=_PENDING_SCHEMA)
    lines = lignes_commande_achat.filter(pl.col("reference").is_not_null()
                                         & pl.col("quantite").is_not_null())
    expected = purchase_orders.still_expected(commandes_achat, lines, receptions,
                                              lignes_reception, as_of)
    return (expected.rename({"quantite_recue": "quantite_acceptee",
                             "reste_attendu": "reste_a_recevoir"})
            .select(PENDING_COLUMNS).cast(_PENDING_SCHEMA)
            .sort("reference", "numero_commande", "ligne"))


def on_order(pending: pl.DataFrame) -> pl.DataFrame:
    """(reference, en_commande, commandes_fournisseurs, livraison_prevue): per item, the
    quantity still to receive, from how many purchase orders, the earliest expected date."""
    return pending.group_by("reference").agg(
        en_commande=pl.col("reste_a_recevoir").sum().cast(NUMBER_DTYPE),
        commandes_fournisseurs=pl.col("numero_commande").n_unique().cast(pl.Int64),
        livraison_prevue=pl.col("date_livraison_prevue").min(),
    )


def consumption_window(as_of: date, days: int) -> tuple[date, date]:
    """The first and last days of the N days that end on as_of."""
    return as_of - timedelta(days=days - 1), as_of


def _step() -> pl.Expr:
    """The ordering step of an item, in millionths: half a unit by the kg, else one."""
    return (pl.when(pl.col("unite").is_in(HALF_STEP_UNITS)).then(pl.lit(_MICRO // 2))
            .otherwise(pl.lit(_MICRO)).cast(pl.Int128))


def _ceil_div(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    """⌈numerator / denominator⌉ for integers, the denominator positive."""
    return (numerator + denominator - 1) // denominator


def _micro(column: str) -> pl.Expr:
    return in_micro_units(pl.col(column).fill_null(_zero()))


REORDER_COLUMNS = (
    "reference", "designation", "categorie", "unite", "actif", "stock", "stock_securite",
    "delai_reappro_jours", "ventes_periode", "consommation_jour", "point_commande",
    "en_commande", "commandes_fournisseurs", "livraison_prevue", "a_commander",
    "quantite_suggeree", "cout_unitaire", "valeur_suggeree",
)


def reorder(levels: pl.DataFrame, articles: pl.DataFrame, movements: pl.DataFrame,
            pending: pl.DataFrame, as_of: date, window_days: int,
            cover_days: int) -> pl.DataFrame:
    """One row per item of `levels` (`stock.stock_levels`): its consumption, reorder
    point, what is on order and the suggested order (see the module docstring)."""
    window_days = max(int(window_days), 1)
    first, last = consumption_window(as_of, window_days)
    sold = (movements.filter((pl.col("type") == SALE) & (pl.col("date") >= first)
                             & (pl.col("date") <= last) & pl.col("reference").is_not_null())
            .group_by("reference").agg(ventes_periode=pl.col("quantite").sum()))
    lead = (articles.filter(pl.col("reference").is_not_null())
            .unique("reference", keep="first", maintain_order=True)
            .select("reference", "delai_reappro_jours"))
    frame = (levels.join(lead, on="reference", how="left")
             .join(sold, on="reference", how="left")
             .join(on_order(pending), on="reference", how="left")
             .with_columns(pl.col("ventes_periode", "en_commande").fill_null(_zero())
                           .cast(NUMBER_DTYPE),
                           pl.col("commandes_fournisseurs").fill_null(0)))
    days, cover = pl.lit(window_days, pl.Int128), pl.lit(max(int(cover_days), 0), pl.Int128)
    sold_micro, step = _micro("ventes_periode"), _step()
    lead_days = pl.col("delai_reappro_jours").fill_null(0).cast(pl.Int128)
    # point = step × ⌈(safety × N + sold × lead) / (N × step)⌉
    point = step * _ceil_div(_micro("stock_securite") * days + sold_micro * lead_days,
                             days * step)
    frame = frame.with_columns(_point=point).with_columns(
        _need=pl.col("_point") * days + sold_micro * cover
        - (_micro("stock") + _micro("en_commande")) * days,
    )
    below = (pl.col("actif").fill_null(True) & (pl.col("_point") > 0)
             & (_micro("stock") <= pl.col("_point")))
    suggested = pl.when(below & (pl.col("_need") > 0)).then(
        step * _ceil_div(pl.col("_need"), days * step)).otherwise(pl.lit(0, pl.Int128))
    frame = frame.with_columns(a_commander=below, _suggested=suggested)
    cump_units = (pl.col("cout_unitaire").cast(CUMP_DTYPE) * 10**4).cast(pl.Int128)
    return frame.with_columns(
        consommation_jour=as_cump(divide_half_up(sold_micro,
                                                 _MICRO_PER_TEN_THOUSANDTH * window_days)),
        point_commande=as_quantity(pl.col("_point")),
        quantite_suggeree=as_quantity(pl.col("_suggested")),
        valeur_suggeree=cents_to_money(divide_half_up(pl.col("_suggested") * cump_units,
                                                _AT_CUMP_PER_CENT)).cast(MONEY_DTYPE),
    ).select(REORDER_COLUMNS)


SHORTAGE_COLUMNS = ("reference", "designation", "unite", "stock", "a_livrer",
                    "commandes_clients", "manque", "en_commande", "livraison_prevue")


def _book_by_item(book: pl.DataFrame | None) -> pl.DataFrame:
    if book is None:
        return pl.DataFrame(schema={"reference": pl.String, "a_livrer": NUMBER_DTYPE,
                                    "commandes_clients": pl.Int64})
    return (book.filter(pl.col("reference").is_not_null())
            .group_by("reference")
            .agg(a_livrer=pl.col("reste_a_livrer").sum().cast(NUMBER_DTYPE),
                 commandes_clients=pl.col("numero_commande").n_unique().cast(pl.Int64)))


def shortages(levels: pl.DataFrame, book: pl.DataFrame | None,
              pending: pl.DataFrame) -> pl.DataFrame:
    """The items out of stock, or short for the open customer orders (see the module
    docstring): stock, what remains to deliver, how many orders, the quantity short, what
    is on order from the suppliers; by item."""
    frame = (levels.join(_book_by_item(book), on="reference", how="left")
             .join(on_order(pending), on="reference", how="left")
             .with_columns(pl.col("a_livrer", "en_commande").fill_null(_zero())
                           .cast(NUMBER_DTYPE),
                           pl.col("commandes_clients").fill_null(0)))
    available = pl.max_horizontal(pl.col("stock"), _zero())
    out = pl.col("actif").fill_null(True) & (pl.col("stock") <= 0)
    return (frame.filter(out | (pl.col("a_livrer") > available))
            .with_columns(manque=pl.max_horizontal(pl.col("a_livrer") - available, _zero())
                          .cast(NUMBER_DTYPE))
            .select(SHORTAGE_COLUMNS).sort("reference"))


HIT_COLUMNS = ("reference", "numero_commande", "date_commande", "code_client",
               "raison_sociale", "ligne", "quantite", "reste_a_livrer",
               "date_livraison_souhaitee", "urgente", ROW_COLUMN)


def orders_hit(book: pl.DataFrame | None, short: pl.DataFrame) -> pl.DataFrame:
    """The lines of the order book (rows of LignesCommande) of the items in `short`: the
    customer orders a stock-out hits; by item, then order date and order."""
    schema = {"reference": pl.String, "numero_commande": pl.String, "date_commande": pl.Date,
              "code_client": pl.String, "raison_sociale": pl.String, "ligne": pl.Int64,
              "quantite": NUMBER_DTYPE, "reste_a_livrer": NUMBER_DTYPE,
              "date_livraison_souhaitee": pl.Date, "urgente": pl.Boolean,
              ROW_COLUMN: pl.Int64}
    if book is None:
        return pl.DataFrame(schema=schema)
    return (book.join(short.select("reference"), on="reference", how="semi")
            .select(HIT_COLUMNS).cast(schema)
            .sort("reference", "date_commande", "numero_commande", "ligne"))
