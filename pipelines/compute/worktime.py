"""Working time: hours by employee and month, weekly overtime, absence days.

Overtime is counted per civil week (Monday to Sunday), beyond the legal weekly
duration in force on the Monday (parameter ``travail.duree_legale_hebdomadaire``).
An absence counts in the month it starts.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Callable

import polars as pl

from pipelines.compute.money import zero
from pipelines.dataset import NUMBER_DTYPE

LEGAL_WEEKLY_HOURS = "travail.duree_legale_hebdomadaire"

LegalHours = Callable[[date], Decimal]


def _worked_until(pointages: pl.DataFrame, as_of: date) -> pl.DataFrame:
    return pointages.filter(
        pl.col("date").is_not_null() & (pl.col("date") <= as_of) & pl.col("heures").is_not_null()
    )


def _with_names(frame: pl.DataFrame, salaries: pl.DataFrame | None) -> pl.DataFrame:
    if salaries is None:
        return frame.with_columns(nom=pl.lit(None, pl.String), prenom=pl.lit(None, pl.String))
    names = salaries.select("matricule", "nom", "prenom").unique("matricule", keep="first")
    return frame.join(names, on="matricule", how="left")


def hours_by_employee_month(
    pointages: pl.DataFrame, as_of: date, salaries: pl.DataFrame | None = None
) -> pl.DataFrame:
    """(matricule, nom, prenom, mois, heures, jours): hours clocked per employee and month."""
    totals = (
        _worked_until(pointages, as_of)
        .group_by("matricule", mois=pl.col("date").dt.strftime("%Y-%m"))
        .agg(heures=pl.col("heures").sum(), jours=pl.col("date").n_unique().cast(pl.Int64))
    )
    return _with_names(totals, salaries).select(
        "matricule", "nom", "prenom", "mois", "heures", "jours"
    ).sort("matricule", "mois")


def _legal_hours_by_week(weeks: pl.Series, legal_hours: LegalHours) -> pl.DataFrame:
    """One legal duration per distinct week (a handful of parameter look-ups)."""
    starts = weeks.unique().sort().to_list()
    return pl.DataFrame(
        {"debut_semaine": starts, "duree_legale": [legal_hours(start) for start in starts]},
        schema={"debut_semaine": pl.Date, "duree_legale": NUMBER_DTYPE},
    )


def weekly_overtime(
    pointages: pl.DataFrame,
    as_of: date,
    legal_hours: LegalHours,
    salaries: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Per employee and week: hours, legal duration and overtime beyond it (≥ 0)."""
    weekly = (
        _worked_until(pointages, as_of)
        .group_by("matricule", debut_semaine=pl.col("date").dt.truncate("1w"))
        .agg(heures=pl.col("heures").sum())
    )
    legal = _legal_hours_by_week(weekly["debut_semaine"], legal_hours)
    beyond = pl.col("heures") - pl.col("duree_legale")
    overtime = (
        weekly.join(legal, on="debut_semaine", how="left")
        .with_columns(
            semaine=pl.col("debut_semaine").dt.strftime("%G-S%V"),
            heures_supplementaires=pl.when(beyond > 0).then(beyond).otherwise(zero()),
        )
    )
    return _with_names(overtime, salaries).select(
        "matricule", "nom", "prenom", "semaine", "debut_semaine", "heures", "duree_legale",
        "heures_supplementaires",
    ).sort("matricule", "debut_semaine")


def absence_days_by_type_month(absences: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """(mois, type, absences, jours): absences that started up to as_of."""
    return (
        absences.filter(pl.col("date_debut").is_not_null() & (pl.col("date_debut") <= as_of))
        .group_by(mois=pl.col("date_debut").dt.strftime("%Y-%m"), type=pl.col("type"))
        .agg(absences=pl.len().cast(pl.Int64), jours=pl.col("jours").sum())
        .sort("mois", "type", nulls_last=True)
    )
