"""Physical inventory: each count of the « Inventaire » sheet against the theoretical stock.

For each count (date_inventaire, reference, quantite_comptee) dated in the period (from
the first day of the financial year to the as-of date) of an item of Articles:

- **theoretical stock** (stock théorique): the item's stock at the end of the count day by
  its stock card (`stock.stock_card`), without the inventory adjustments
  (ajustement_plus, ajustement_moins) dated that day: those are the regularisation of the
  count, entered the day it is made;
- **difference** (écart) = counted − theoretical; its value = difference × the CUMP at the
  end of that day, rounded half-up to the cent;
- **regularisation**: the net of the item's adjustments dated from the count day to the
  as-of date, before the item's next count;
- **remaining difference** (écart restant) = difference − regularisation. When it is not
  zero, the count's difference is not (or not entirely) regularised: the warning
  ``ecart-inventaire`` says so, at the count's cell.

An empty sheet means no inventory: no row.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from pipelines.compute.money import MONEY_DTYPE, product_to_cent
from pipelines.compute.stock import CUMP_DTYPE
from pipelines.dataset import NUMBER_DTYPE, ROW_COLUMN
from pipelines.records import ADJUSTMENT_TYPES as ADJUSTMENTS
from pipelines.records import signed_quantity

DIFFERENCE_COLUMNS = (
    "date_inventaire", "reference", "designation", "unite", "quantite_comptee",
    "stock_theorique", "ecart", "cump", "valeur_ecart", "regularisation", "ecart_restant",
    "valeur_restante", "compteur", "commentaire", ROW_COLUMN,
)


def _zero() -> pl.Expr:
    return pl.lit(0).cast(NUMBER_DTYPE)


def _counts(inventaire: pl.DataFrame, card: pl.DataFrame, as_of: date,
            since: date | None) -> pl.DataFrame:
    kept = (pl.col("date_inventaire").is_not_null() & pl.col("reference").is_not_null()
            & pl.col("quantite_comptee").is_not_null() & (pl.col("date_inventaire") <= as_of))
    if since is not None:
        kept &= pl.col("date_inventaire") >= since
    return (inventaire.filter(kept)
            .join(card.filter(pl.col("rang") == 0).select("reference"), on="reference",
                  how="semi")
            .sort("reference", "date_inventaire", ROW_COLUMN)
            .with_columns(_suivant=pl.col("date_inventaire").shift(-1).over("reference")))


def inventory_differences(card: pl.DataFrame, inventaire: pl.DataFrame,
                          articles: pl.DataFrame | None, as_of: date,
                          since: date | None = None) -> pl.DataFrame:
    """One row per count (see the module docstring), by date then item; ``_ligne`` is
    the row of Inventaire."""
    counts = _counts(inventaire, card, as_of, since)
    daily = (card.filter(pl.col("rang") > 0)
             .group_by("reference", "date", maintain_order=True)
             .agg(_stock=pl.col("stock").last(), _cump=pl.col("cump").last())
             .sort("date"))
    openings = card.filter(pl.col("rang") == 0).select(
        "reference", _stock0="stock", _cump0="cump")
    adjustments = (card.filter(pl.col("type").is_in(ADJUSTMENTS))
                   .select("reference", "date", _net=signed_quantity()))
    same_day = adjustments.group_by("reference", "date").agg(_jour=pl.col("_net").sum())
    settled = (counts.select("reference", "date_inventaire", "_suivant", ROW_COLUMN)
               .join(adjustments, on="reference", how="inner")
               .filter((pl.col("date") >= pl.col("date_inventaire"))
                       & (pl.col("_suivant").is_null() | (pl.col("date") < pl.col("_suivant"))))
               .group_by(ROW_COLUMN).agg(regularisation=pl.col("_net").sum()))
    frame = (counts.sort("date_inventaire")
             .join_asof(daily, left_on="date_inventaire", right_on="date", by="reference",
                        strategy="backward", check_sortedness=False)
             .drop("date", strict=False)
             .join(openings, on="reference", how="left")
             .join(same_day, left_on=["reference", "date_inventaire"],
                   right_on=["reference", "date"], how="left")
             .join(settled, on=ROW_COLUMN, how="left")
             .with_columns(
                 stock_theorique=(pl.coalesce("_stock", "_stock0")
                                  - pl.col("_jour").fill_null(_zero())).cast(NUMBER_DTYPE),
                 cump=pl.coalesce("_cump", "_cump0").cast(CUMP_DTYPE),
                 regularisation=pl.col("regularisation").fill_null(_zero()).cast(NUMBER_DTYPE),
             )
             .with_columns(ecart=(pl.col("quantite_comptee") - pl.col("stock_theorique"))
                           .cast(NUMBER_DTYPE))
             .with_columns(ecart_restant=(pl.col("ecart") - pl.col("regularisation"))
                           .cast(NUMBER_DTYPE))
             .with_columns(valeur_ecart=product_to_cent(pl.col("ecart"), pl.col("cump")),
                           valeur_restante=product_to_cent(pl.col("ecart_restant"),
                                                           pl.col("cump"))))
    if articles is not None:
        names = (articles.filter(pl.col("reference").is_not_null())
                 .unique("reference", keep="first").select("reference", "designation", "unite"))
        frame = frame.join(names, on="reference", how="left")
    else:
        frame = frame.with_columns(designation=pl.lit(None, pl.String),
                                   unite=pl.lit(None, pl.String))
    return (frame.select(DIFFERENCE_COLUMNS)
            .cast({"valeur_ecart": MONEY_DTYPE, "valeur_restante": MONEY_DTYPE})
            .sort("date_inventaire", "reference", ROW_COLUMN))


SUMMARY_COLUMNS = ("date_inventaire", "articles_comptes", "ecarts", "ecarts_restants",
                   "valeur_ecarts", "valeur_restante")


def inventory_summary(differences: pl.DataFrame) -> pl.DataFrame:
    """One row per inventory date: items counted, differences found, differences not
    regularised, and their net values."""
    return (differences.group_by("date_inventaire")
            .agg(articles_comptes=pl.len().cast(pl.Int64),
                 ecarts=(pl.col("ecart") != 0).sum().cast(pl.Int64),
                 ecarts_restants=(pl.col("ecart_restant") != 0).sum().cast(pl.Int64),
                 valeur_ecarts=pl.col("valeur_ecart").sum().cast(MONEY_DTYPE),
                 valeur_restante=pl.col("valeur_restante").sum().cast(MONEY_DTYPE))
            .select(SUMMARY_COLUMNS).sort("date_inventaire"))
