"""The stock over the months of the financial year, from the stock cards (`stock.stock_card`).

- **Monthly balances and the period-end CUMP** (« CUMP de fin de période »), per item and
  month: the stock and its value at the start of the month (the end of the previous
  month; the opening stock for the first month), the purchases of the month (quantity and
  amount, the purchases that bear a cost), CUMP of the period = (value at the start +
  amount purchased) / (quantity at the start + quantity purchased), 4 decimals rounded
  half-up (null when that quantity is not positive; in a month without purchase, the
  CUMP at the start of the month, which no purchase changed), and the stock, CUMP and
  value at the end of the month (those of the stock card's last row).
- **Rotation** over the financial year so far (from its first day, else from the first
  movement, to the as-of date): cost of the goods sold (the amounts of the « vente »
  exits, at CUMP) / average stock value (the mean of the opening value and of the value
  at the end of each month, the as-of date ending the last one, rounded half-up to the
  cent); rotation to 2 decimals, and in days = average stock × days of the period /
  cost of the goods sold, to 1 decimal.
- **Seasonality**: the exits of each month (every exit type), by item category: count,
  quantity and value at CUMP.
- **Incidents of the year**: broken (casse), lost (perte), returned to the supplier
  (retour_fournisseur) and returned by a customer (retour_client) quantities and values
  by item, and, from the purchases workbook when present, the quantities found damaged or
  refused at a goods receipt (not in the stock, so without a value).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from pipelines.compute.money import MONEY_DTYPE, in_micro_units
from pipelines.compute.sales_dashboard import months
from pipelines.compute.stock import CUMP_DTYPE, PURCHASE, as_cump, cump_of
from pipelines.dataset import NUMBER_DTYPE
from pipelines.records import EXIT, INCIDENT_TYPES, SALE

DAMAGED_AT_RECEIPT, REFUSED_AT_RECEIPT = "endommagé à la réception", "refusé à la réception"
NO_CATEGORY = "Sans catégorie"
_CENT, _DAY = Decimal("0.01"), Decimal("0.1")


def _month(column: str = "date") -> pl.Expr:
    return pl.col(column).dt.strftime("%Y-%m")


def period_start(card: pl.DataFrame, as_of: date, since: date | None) -> date:
    """The first day of the period: `since`, else the first movement's date, else as_of."""
    if since is not None:
        return since
    first = card.filter(pl.col("rang") > 0)["date"].min()
    return first if first is not None else as_of


BALANCE_COLUMNS = (
    "reference", "mois", "stock_debut", "valeur_debut", "achats_quantite", "achats_montant",
    "cump_periode", "stock_fin", "cump_fin", "valeur_fin",
)


def monthly_balances(card: pl.DataFrame, as_of: date, since: date | None) -> pl.DataFrame:
    """One row per item and month of the period (see the module docstring)."""
    moves = card.filter(pl.col("rang") > 0).with_columns(mois=_month())
    ends = (moves.group_by("reference", "mois", maintain_order=True)
            .agg(stock_fin=pl.col("stock").last(), cump_fin=pl.col("cump").last(),
                 valeur_fin=pl.col("valeur").last()))
    bought = (moves.filter((pl.col("type") == PURCHASE) & pl.col("nouveau_cump"))
              .group_by("reference", "mois")
              .agg(achats_quantite=pl.col("entree_quantite").sum(),
                   achats_montant=pl.col("entree_montant").sum()))
    openings = card.filter(pl.col("rang") == 0).select(
        "reference", _stock0="stock", _cump0="cump", _valeur0="valeur")
    calendar = pl.DataFrame({"mois": months(period_start(card, as_of, since), as_of)})
    grid = (openings.join(calendar, how="cross")
            .join(ends, on=["reference", "mois"], how="left")
            .join(bought, on=["reference", "mois"], how="left")
            .sort("reference", "mois"))
    carried = grid.with_columns(
        pl.col("stock_fin", "cump_fin", "valeur_fin").forward_fill().over("reference"),
    ).with_columns(
        stock_fin=pl.col("stock_fin").fill_null(pl.col("_stock0")),
        cump_fin=pl.col("cump_fin").fill_null(pl.col("_cump0")),
        valeur_fin=pl.col("valeur_fin").fill_null(pl.col("_valeur0")),
    ).with_columns(
        stock_debut=pl.col("stock_fin").shift(1).over("reference").fill_null(pl.col("_stock0")),
        valeur_debut=pl.col("valeur_fin").shift(1).over("reference")
        .fill_null(pl.col("_valeur0")),
        _cump_debut=pl.col("cump_fin").shift(1).over("reference").fill_null(pl.col("_cump0")),
        achats_quantite=pl.col("achats_quantite").fill_null(Decimal(0)).cast(NUMBER_DTYPE),
        achats_montant=pl.col("achats_montant").fill_null(Decimal(0)).cast(MONEY_DTYPE),
    )
    cents = ((pl.col("valeur_debut") + pl.col("achats_montant")).cast(MONEY_DTYPE) * 100
             ).cast(pl.Int128)
    quantity = in_micro_units(pl.col("stock_debut") + pl.col("achats_quantite"))
    positive = pl.when(quantity > 0).then(quantity)
    return carried.with_columns(
        cump_periode=pl.when(pl.col("achats_quantite") > 0)
        .then(as_cump(cump_of(cents, positive)))
        .otherwise(pl.col("_cump_debut")).cast(CUMP_DTYPE),
    ).select(BALANCE_COLUMNS)


ROTATION_SCHEMA = {
    "debut_periode": pl.Date, "fin_periode": pl.Date, "jours": pl.Int64,
    "cout_des_ventes": MONEY_DTYPE, "valeur_debut": MONEY_DTYPE, "valeur_fin": MONEY_DTYPE,
    "stock_moyen": MONEY_DTYPE, "rotation": pl.Decimal(38, 2),
    "duree_rotation_jours": pl.Decimal(38, 1),
}


def rotation(card: pl.DataFrame, balances: pl.DataFrame, as_of: date,
             since: date | None) -> pl.DataFrame:
    """One row: the rotation of the stock over the period (see the module docstring)."""
    start = period_start(card, as_of, since)
    sold = card.filter((pl.col("rang") > 0) & (pl.col("type") == SALE))["sortie_montant"]
    cost_of_sales = Decimal(sold.sum() or 0)
    opening = Decimal(card.filter(pl.col("rang") == 0)["valeur"].sum() or 0)
    month_ends = balances.group_by("mois").agg(valeur=pl.col("valeur_fin").sum()).sort("mois")
    values = [opening, *(Decimal(v) for v in month_ends["valeur"].to_list())]
    average = (sum(values, Decimal(0)) / len(values)).quantize(_CENT, ROUND_HALF_UP)
    days = (as_of - start).days + 1
    turns = ((cost_of_sales / average).quantize(_CENT, ROUND_HALF_UP)
             if average > 0 else None)
    duration = ((average * days / cost_of_sales).quantize(_DAY, ROUND_HALF_UP)
                if cost_of_sales > 0 else None)
    row = {"debut_periode": start, "fin_periode": as_of, "jours": days,
           "cout_des_ventes": cost_of_sales, "valeur_debut": opening,
           "valeur_fin": values[-1], "stock_moyen": average, "rotation": turns,
           "duree_rotation_jours": duration}
    return pl.DataFrame([row], schema=ROTATION_SCHEMA, orient="row")


def _category(articles: pl.DataFrame) -> pl.DataFrame:
    return (articles.filter(pl.col("reference").is_not_null())
            .unique("reference", keep="first", maintain_order=True)
            .select("reference", "designation", "unite",
                    categorie=pl.col("categorie").fill_null(NO_CATEGORY)))


def exits_by_month(card: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """(mois, categorie, mouvements, quantite, valeur): the exits of each month by item
    category, valued at CUMP; by month, then category."""
    return (card.filter((pl.col("rang") > 0) & (pl.col("sens") == EXIT))
            .join(_category(articles), on="reference", how="left")
            .with_columns(pl.col("categorie").fill_null(NO_CATEGORY))
            .group_by(mois=_month(), categorie=pl.col("categorie"))
            .agg(mouvements=pl.len().cast(pl.Int64),
                 quantite=pl.col("sortie_quantite").sum().cast(NUMBER_DTYPE),
                 valeur=pl.col("sortie_montant").sum().cast(MONEY_DTYPE))
            .sort("mois", "categorie"))


INCIDENT_COLUMNS = ("reference", "designation", "categorie", "unite", "type", "mouvements",
                    "quantite", "valeur")
_INCIDENT_SCHEMA = {"reference": pl.String, "designation": pl.String, "categorie": pl.String,
                    "unite": pl.String, "type": pl.String, "mouvements": pl.Int64,
                    "quantite": NUMBER_DTYPE, "valeur": MONEY_DTYPE}


def incidents(card: pl.DataFrame, articles: pl.DataFrame,
              receipts: pl.DataFrame | None = None) -> pl.DataFrame:
    """By item and incident type, the movements of the period (see the module docstring);
    `receipts` adds the damaged and refused quantities of the goods receipts
    (`receipt_incidents`). By type, then item."""
    moves = (card.filter((pl.col("rang") > 0) & pl.col("type").is_in(INCIDENT_TYPES))
             .group_by("reference", "type")
             .agg(mouvements=pl.len().cast(pl.Int64), quantite=pl.col("quantite").sum(),
                  valeur=pl.coalesce("sortie_montant", "entree_montant").sum()))
    parts = [moves.cast({"quantite": NUMBER_DTYPE, "valeur": MONEY_DTYPE})]
    if receipts is not None:
        parts.append(receipts.select("reference", "type", "mouvements", "quantite",
                                     valeur=pl.lit(None, MONEY_DTYPE)))
    order = {name: rank for rank, name in enumerate(
        (*INCIDENT_TYPES, DAMAGED_AT_RECEIPT, REFUSED_AT_RECEIPT))}
    return (pl.concat(parts)
            .join(_category(articles), on="reference", how="left")
            .sort(pl.col("type").replace_strict(order, return_dtype=pl.Int8), "reference")
            .select(INCIDENT_COLUMNS).cast(_INCIDENT_SCHEMA))


def receipt_incidents(lignes_reception: pl.DataFrame, lignes_commande_achat: pl.DataFrame,
                      receptions: pl.DataFrame | None, as_of: date,
                      since: date | None) -> pl.DataFrame:
    """(reference, type, mouvements, quantite): the quantities damaged and refused at the
    goods receipts dated in the period (by the Receptions sheet; a receipt line whose
    receipt is not dated there counts), by item."""
    lines = lignes_reception
    if receptions is not None:
        dated = receptions.select("numero_reception", "date_reception").unique(
            "numero_reception", keep="first")
        lines = lines.join(dated, on="numero_reception", how="left").filter(
            pl.col("date_reception").is_null()
            | ((pl.col("date_reception") <= as_of)
               & ((pl.col("date_reception") >= since) if since is not None else True)))
    items = lignes_commande_achat.select(
        "numero_commande", pl.col("ligne").alias("ligne_commande"), "reference").unique(
        ["numero_commande", "ligne_commande"], keep="first")
    with_items = lines.join(items, on=["numero_commande", "ligne_commande"], how="inner").filter(
        pl.col("reference").is_not_null())
    parts = []
    for column, kind in (("quantite_endommagee", DAMAGED_AT_RECEIPT),
                         ("quantite_refusee", REFUSED_AT_RECEIPT)):
        parts.append(with_items.filter(pl.col(column) > 0).group_by("reference").agg(
            mouvements=pl.len().cast(pl.Int64), quantite=pl.col(column).sum().cast(NUMBER_DTYPE),
        ).with_columns(type=pl.lit(kind)))
    return pl.concat(parts).select("reference", "type", "mouvements", "quantite")


def money_total(frame: pl.DataFrame, column: str) -> Decimal:
    """The exact sum of an amount column (0 for an empty frame)."""
    total = frame[column].sum() if frame.height else None
    return Decimal(total or 0).quantize(_CENT)

