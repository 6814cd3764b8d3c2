"""Conversion of quotes (devis) at the as-of date: sent, accepted, refused, expired.

A quote has versions (one row of Devis each); its last version known on the as-of date
(dated on or before it) counts, with its status and salesperson; the quote's month is the
month of its first version. A quote still « envoyé » whose validity date has passed on the
as-of date counts as expired. A draft (« brouillon ») was not sent: it is counted apart.

Conversion rate = accepted / (accepted + refused + expired), in % rounded half-up to one
decimal: the quotes still awaiting an answer are not decided yet.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from pipelines.compute.parties import with_salesperson_name
from pipelines.compute.sales_dashboard import PERCENT_DTYPE, percent
from pipelines.dataset import ROW_COLUMN

DRAFT, SENT, ACCEPTED, REFUSED, EXPIRED = "brouillon", "envoyé", "accepté", "refusé", "expiré"
COUNT_COLUMNS = ("envoyes", "acceptes", "refuses", "expires", "en_attente", "brouillons")


def last_versions(devis: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """One row per quote: its last version dated on or before as_of, its first date
    (``date_premiere_version``, ``mois``) and its status on as_of (``statut_arrete``)."""
    known = devis.filter(pl.col("date_devis") <= as_of)
    first = known.group_by("numero_devis").agg(
        date_premiere_version=pl.col("date_devis").min(), versions=pl.len().cast(pl.Int64))
    last = known.sort("numero_devis", "version", ROW_COLUMN).group_by(
        "numero_devis", maintain_order=True).last()
    expired = (pl.col("statut") == SENT) & (pl.col("date_validite") < as_of).fill_null(False)
    return (last.join(first, on="numero_devis", how="left")
            .with_columns(statut_arrete=pl.when(expired).then(pl.lit(EXPIRED))
                          .otherwise(pl.col("statut")),
                          mois=pl.col("date_premiere_version").dt.strftime("%Y-%m"))
            .sort(ROW_COLUMN))


def _counts(quotes: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    status = pl.col("statut_arrete")
    aggregates = dict(
        envoyes=(status != DRAFT).sum(), acceptes=(status == ACCEPTED).sum(),
        refuses=(status == REFUSED).sum(), expires=(status == EXPIRED).sum(),
        en_attente=(status == SENT).sum(), brouillons=(status == DRAFT).sum(),
    )
    aggregates = {name: value.cast(pl.Int64) for name, value in aggregates.items()}
    frame = quotes.group_by(by).agg(**aggregates) if by else quotes.select(**aggregates)
    rates = [percent(accepted, accepted + refused + expired) for accepted, refused, expired
             in zip(frame["acceptes"].to_list(), frame["refuses"].to_list(),
                    frame["expires"].to_list(), strict=True)]
    return frame.with_columns(taux_conversion=pl.Series(rates, dtype=PERCENT_DTYPE))


def conversion_by_month(quotes: pl.DataFrame) -> pl.DataFrame:
    """(mois, envoyes, acceptes, refuses, expires, en_attente, brouillons,
    taux_conversion), by month of the first version."""
    return _counts(quotes, ["mois"]).sort("mois")


def conversion_by_salesperson(quotes: pl.DataFrame,
                              salaries: pl.DataFrame | None) -> pl.DataFrame:
    """(commercial, commercial_nom, counts…, taux_conversion), by salesperson's code."""
    counts = _counts(quotes, ["commercial"]).sort("commercial", nulls_last=True)
    named = with_salesperson_name(counts, salaries)
    return named.select("commercial", "commercial_nom", *COUNT_COLUMNS, "taux_conversion")


def conversion_summary(quotes: pl.DataFrame) -> pl.DataFrame:
    """One row: the counts of every quote and its conversion rate."""
    return _counts(quotes, [])
