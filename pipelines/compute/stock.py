"""Stock at the as-of date: levels, valuation at the last known cost, alerts, movements.

The movement type gives its direction (`pipelines.records.movement_direction`, the one
validate uses too); the quantity is always positive.
The last known cost of an item is the unit cost of its latest purchase up to the
as-of date (latest date, then highest movement id), else its initial unit cost.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from pipelines.compute.money import MONEY_DTYPE, product_to_cent, zero
from pipelines.records import ENTRY, EXIT, movement_direction

STOCK_OUT, BELOW_SAFETY = "rupture", "sous le seuil"
ALERT_ORDER = (STOCK_OUT, BELOW_SAFETY)
LAST_PURCHASE, INITIAL_COST = "dernier achat", "coût initial"


def movements_in_period(movements: pl.DataFrame, as_of: date, since: date | None) -> pl.DataFrame:
    """Movements dated up to as_of (and from `since`, the start of the financial year)."""
    kept = pl.col("date").is_not_null() & (pl.col("date") <= as_of)
    if since is not None:
        kept &= pl.col("date") >= since
    return movements.filter(kept)


def with_direction(movements: pl.DataFrame) -> pl.DataFrame:
    """Adds `sens` (entrée / sortie; null for an unknown type)."""
    return movements.with_columns(sens=movement_direction())


def last_known_costs(movements: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """(reference, cout_dernier_achat): the unit cost of each item's latest purchase."""
    purchases = movements.filter(
        (pl.col("type") == "achat")
        & pl.col("cout_unitaire").is_not_null()
        & pl.col("date").is_not_null()
        & (pl.col("date") <= as_of)
    )
    return (
        purchases.sort(["reference", "date", "id_mouvement"], nulls_last=False)
        .group_by("reference", maintain_order=True)
        .agg(cout_dernier_achat=pl.col("cout_unitaire").last())
    )


def _totals_by_item(movements: pl.DataFrame) -> pl.DataFrame:
    directed = with_direction(movements)
    return directed.group_by("reference").agg(
        entrees=pl.col("quantite").filter(pl.col("sens") == ENTRY).sum(),
        sorties=pl.col("quantite").filter(pl.col("sens") == EXIT).sum(),
    )


def _alert() -> pl.Expr:
    active = pl.col("actif").fill_null(True)
    return (
        pl.when(active & (pl.col("stock") <= 0))
        .then(pl.lit(STOCK_OUT))
        .when(active & (pl.col("stock") < pl.col("stock_securite").fill_null(zero())))
        .then(pl.lit(BELOW_SAFETY))
        .otherwise(pl.lit(None, dtype=pl.String))
    )


def stock_levels(
    articles: pl.DataFrame, movements: pl.DataFrame, as_of: date, since: date | None = None
) -> pl.DataFrame:
    """One row per item: stock at as_of, its last known cost, its value and its alert."""
    totals = _totals_by_item(movements_in_period(movements, as_of, since))
    costs = last_known_costs(movements, as_of)
    return (
        articles.select(
            "reference", "designation", "categorie", "unite", "emplacement", "code_fournisseur",
            "stock_initial", "stock_securite", "cout_unitaire_initial", "actif",
        )
        .join(totals, on="reference", how="left")
        .join(costs, on="reference", how="left")
        .with_columns(
            pl.col("entrees", "sorties").fill_null(zero()),
            pl.col("stock_initial").fill_null(zero()),
        )
        .with_columns(
            stock=pl.col("stock_initial") + pl.col("entrees") - pl.col("sorties"),
            cout_unitaire=pl.coalesce("cout_dernier_achat", "cout_unitaire_initial"),
            origine_cout=pl.when(pl.col("cout_dernier_achat").is_not_null())
            .then(pl.lit(LAST_PURCHASE))
            .otherwise(pl.lit(INITIAL_COST)),
        )
        .with_columns(valeur=product_to_cent(pl.col("stock"), pl.col("cout_unitaire")))
        .with_columns(alerte=_alert())
        .drop("cout_dernier_achat", "cout_unitaire_initial")
        .sort("reference")
    )


def stock_alerts(levels: pl.DataFrame) -> pl.DataFrame:
    """The items in alert: stock-outs first, then below their safety stock."""
    rank = pl.col("alerte").replace_strict(
        {name: i for i, name in enumerate(ALERT_ORDER)}, return_dtype=pl.Int8
    )
    return levels.filter(pl.col("alerte").is_not_null()).sort(rank, "reference")


def alert_summary(levels: pl.DataFrame) -> pl.DataFrame:
    """(alerte, nombre): how many items per alert, every alert listed, zero included."""
    counts = levels.group_by("alerte").agg(nombre=pl.len())
    return (
        pl.DataFrame({"alerte": list(ALERT_ORDER)})
        .join(counts, on="alerte", how="left")
        .with_columns(pl.col("nombre").fill_null(0).cast(pl.Int64))
    )


def monthly_movements(
    movements: pl.DataFrame, as_of: date, since: date | None = None
) -> pl.DataFrame:
    """(mois, sens, type, mouvements, quantite): movements per month and type."""
    return (
        with_direction(movements_in_period(movements, as_of, since))
        .filter(pl.col("sens").is_not_null())
        .group_by("sens", "type", mois=pl.col("date").dt.strftime("%Y-%m"))
        .agg(mouvements=pl.len().cast(pl.Int64), quantite=pl.col("quantite").sum())
        .select("mois", "sens", "type", "mouvements", "quantite")
        .sort("mois", "sens", "type")
    )


def stock_summary(levels: pl.DataFrame) -> pl.DataFrame:
    """One row: (articles, valeur_totale, articles_en_alerte, articles_en_rupture)."""
    return levels.select(
        articles=pl.len().cast(pl.Int64),
        valeur_totale=pl.col("valeur").sum().cast(MONEY_DTYPE),
        articles_en_alerte=pl.col("alerte").is_not_null().sum().cast(pl.Int64),
        articles_en_rupture=(pl.col("alerte") == STOCK_OUT).sum().cast(pl.Int64),
    )
