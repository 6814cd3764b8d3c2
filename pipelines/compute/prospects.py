"""Prospect follow-up at the as-of date: counts by campaign, zone and stage, and call-backs.

A prospect is in progress until it is won or lost (« gagné », « perdu »). Its call-back
is late when its date is before as_of, due when it is as_of, and a prospect in progress
with no call-back date is listed too, so that nobody is forgotten. These figures are for
the management site only: a prospect's contact is personal data.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from pipelines.compute.parties import with_salesperson_name
from pipelines.dataset import ROW_COLUMN

STAGES = ("identifié", "contacté", "intéressé", "proposition", "gagné", "perdu")
WON, LOST = "gagné", "perdu"
CLOSED_STAGES = (WON, LOST)
ZONES = ("France", "UE", "Hors UE")
NO_CAMPAIGN = "Sans campagne"
NOT_GIVEN = "Non renseignée"
LATE, DUE_TODAY, NO_DATE = "en retard", "à faire ce jour", "sans date de relance"
FOLLOW_UP_ORDER = (LATE, DUE_TODAY, NO_DATE)
FOLLOW_UP_COLUMNS = (
    "code_prospect", "raison_sociale", "contact_nom", "zone", "campagne", "etape",
    "date_dernier_contact", "date_relance", "relance", "jours_de_retard", "commercial",
    "commercial_nom", ROW_COLUMN,
)

IN_PROGRESS = ~pl.col("etape").is_in(CLOSED_STAGES).fill_null(False)


def _labelled(prospects: pl.DataFrame) -> pl.DataFrame:
    """Blank campaign, zone or stage get a label, so that every prospect is counted."""
    return prospects.with_columns(
        campagne=pl.col("campagne").fill_null(NO_CAMPAIGN),
        zone=pl.col("zone").fill_null(NOT_GIVEN),
        etape=pl.col("etape").fill_null(NOT_GIVEN),
    )


def _in_order(frame: pl.DataFrame, column: str, order: tuple[str, ...]) -> pl.DataFrame:
    """Known values first in their order, then the others alphabetically."""
    rank = pl.col(column).replace_strict(
        {value: index for index, value in enumerate(order)}, default=len(order),
        return_dtype=pl.Int64,
    )
    return frame.sort(rank, pl.col(column))


def _counts(prospects: pl.DataFrame, column: str, listed: tuple[str, ...]) -> pl.DataFrame:
    """(column, nombre, en_cours, gagnes, perdus); every `listed` value, even with 0."""
    counts = _labelled(prospects).group_by(column).agg(
        nombre=pl.len().cast(pl.Int64),
        en_cours=IN_PROGRESS.sum().cast(pl.Int64),
        gagnes=(pl.col("etape") == WON).sum().cast(pl.Int64),
        perdus=(pl.col("etape") == LOST).sum().cast(pl.Int64),
    )
    every = pl.DataFrame({column: list(listed)}, schema={column: pl.String})
    return every.join(counts, on=column, how="full", coalesce=True).fill_null(0)


def by_campaign(prospects: pl.DataFrame) -> pl.DataFrame:
    """Prospects by campaign (named campaigns alphabetically, then « Sans campagne »)."""
    return _counts(prospects, "campagne", ()).sort(pl.col("campagne") == NO_CAMPAIGN, "campagne")


def by_zone(prospects: pl.DataFrame) -> pl.DataFrame:
    """Prospects by zone: France, UE, Hors UE (each listed, even with 0)."""
    return _in_order(_counts(prospects, "zone", ZONES), "zone", ZONES)


def by_stage(prospects: pl.DataFrame) -> pl.DataFrame:
    """(etape, nombre): every stage of the pipeline in its order, even with 0."""
    counts = _counts(prospects, "etape", STAGES).select("etape", "nombre")
    return _in_order(counts, "etape", STAGES)


def campaign_stage_pivot(prospects: pl.DataFrame) -> pl.DataFrame:
    """Campaigns in rows, one column per stage (in pipeline order), and the total."""
    labelled = _labelled(prospects)
    stages = [*STAGES, *sorted(set(labelled["etape"].to_list()) - set(STAGES))]
    campaigns = by_campaign(prospects).select("campagne")
    counts = labelled.group_by("campagne", "etape").agg(nombre=pl.len().cast(pl.Int64))
    columns = [
        pl.col("nombre").filter(pl.col("etape") == stage).sum().cast(pl.Int64).alias(stage)
        for stage in stages
    ]
    wide = counts.group_by("campagne").agg(*columns, total=pl.col("nombre").sum().cast(pl.Int64))
    return campaigns.join(wide, on="campagne", how="left", maintain_order="left")


def follow_ups_due(
    prospects: pl.DataFrame, as_of: date, salaries: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Prospects in progress whose call-back is late or due at as_of, or has no date;
    the latest first, with the salesperson who follows them."""
    due = prospects.filter(
        IN_PROGRESS & (pl.col("date_relance").is_null() | (pl.col("date_relance") <= as_of))
    ).with_columns(
        relance=pl.when(pl.col("date_relance").is_null()).then(pl.lit(NO_DATE))
        .when(pl.col("date_relance") < as_of).then(pl.lit(LATE))
        .otherwise(pl.lit(DUE_TODAY)),
        jours_de_retard=(pl.lit(as_of) - pl.col("date_relance")).dt.total_days().cast(pl.Int64),
    )
    rank = pl.col("relance").replace_strict(
        {status: index for index, status in enumerate(FOLLOW_UP_ORDER)}, return_dtype=pl.Int64
    )
    return (
        with_salesperson_name(due, salaries)
        .sort(rank, pl.col("date_relance"), pl.col("code_prospect"), nulls_last=True)
        .select(FOLLOW_UP_COLUMNS)
    )


def summary(prospects: pl.DataFrame, follow_ups: pl.DataFrame) -> pl.DataFrame:
    """One row: (prospects, en_cours, gagnes, perdus, relances): every prospect by state,
    and the call-backs to make (`follow_ups_due`)."""
    return prospects.select(
        prospects=pl.len().cast(pl.Int64),
        en_cours=IN_PROGRESS.sum().cast(pl.Int64),
        gagnes=(pl.col("etape") == WON).sum().cast(pl.Int64),
        perdus=(pl.col("etape") == LOST).sum().cast(pl.Int64),
    ).with_columns(relances=pl.lit(follow_ups.height, pl.Int64))
