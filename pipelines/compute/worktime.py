"""Working time: hours by employee and month, weekly overtime, absence days.

Overtime is counted per civil week (Monday to Sunday), beyond the legal weekly
duration in force on the Monday (parameter ``travail.duree_legale_hebdomadaire``).
A week whose Monday comes before the parameter's first effective date has no legal
duration in Agora: its overtime is not counted (null), and the summary says how many
weeks were left out, so that the page can say so. An absence counts in the month it
starts.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Callable

import polars as pl

from pipelines.compute.money import zero
from pipelines.compute.names import with_first_and_last_name
from pipelines.dataset import NUMBER_DTYPE
from pipelines.law import Parameters

LEGAL_WEEKLY_HOURS = "travail.duree_legale_hebdomadaire"
EMPLOYEE_COLUMNS = ("matricule", "nom", "prenom")
TOTAL = "total"

LegalHours = Callable[[date], Decimal | None]


def legal_weekly_hours(parameters: Parameters) -> LegalHours:
    """The legal weekly duration on a day, or None on a day before the parameter's first
    effective date (no earlier value is borrowed: it may not have been the law then)."""

    def on(day: date) -> Decimal | None:
        value = parameters.value_or_none(LEGAL_WEEKLY_HOURS, day)
        return None if value is None else Decimal(value)

    return on


def _worked_until(pointages: pl.DataFrame, as_of: date) -> pl.DataFrame:
    return pointages.filter(
        pl.col("date").is_not_null() & (pl.col("date") <= as_of) & pl.col("heures").is_not_null()
    )


def hours_by_employee_month(
    pointages: pl.DataFrame, as_of: date, salaries: pl.DataFrame | None = None
) -> pl.DataFrame:
    """(matricule, nom, prenom, mois, heures, jours): hours clocked per employee and month."""
    totals = (
        _worked_until(pointages, as_of)
        .group_by("matricule", mois=pl.col("date").dt.strftime("%Y-%m"))
        .agg(heures=pl.col("heures").sum(), jours=pl.col("date").n_unique().cast(pl.Int64))
    )
    return with_first_and_last_name(totals, salaries).select(
        *EMPLOYEE_COLUMNS, "mois", "heures", "jours"
    ).sort("matricule", "mois")


def _legal_hours_by_week(weeks: pl.Series, legal_hours: LegalHours) -> pl.DataFrame:
    """One legal duration per distinct week (a handful of parameter look-ups); null when
    the parameter has no value on the Monday."""
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
    """Per employee and week: hours, legal duration and overtime beyond it (≥ 0; null for a
    week without a legal duration)."""
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
            heures_supplementaires=pl.when(pl.col("duree_legale").is_null())
            .then(pl.lit(None, NUMBER_DTYPE))
            .when(beyond > 0).then(beyond)
            .otherwise(zero()),
        )
    )
    return with_first_and_last_name(overtime, salaries).select(
        *EMPLOYEE_COLUMNS, "semaine", "debut_semaine", "heures", "duree_legale",
        "heures_supplementaires",
    ).sort("matricule", "debut_semaine")


def overtime_by_month(weekly: pl.DataFrame) -> pl.DataFrame:
    """(matricule, nom, prenom, mois, heures_supplementaires): each week's overtime added
    to the month of its Monday; weeks without overtime are left out."""
    return (
        weekly.filter(pl.col("heures_supplementaires") > 0)
        .group_by(*EMPLOYEE_COLUMNS, mois=pl.col("debut_semaine").dt.strftime("%Y-%m"))
        .agg(heures_supplementaires=pl.col("heures_supplementaires").sum())
        .sort("matricule", "mois")
    )


def by_employee_and_month(monthly: pl.DataFrame, value: str) -> pl.DataFrame:
    """Employees in rows (by name), one column per month (« 2026-03 », in order) holding
    `value`, and its `total`."""
    months = sorted(monthly["mois"].unique().drop_nulls().to_list())
    if not months:
        return monthly.select(*EMPLOYEE_COLUMNS).with_columns(
            pl.lit(None, monthly.schema[value]).alias(TOTAL)
        )
    wide = monthly.pivot(on="mois", index=list(EMPLOYEE_COLUMNS), values=value,
                         aggregate_function="sum")
    return (
        wide.select(*EMPLOYEE_COLUMNS, *months)
        .with_columns(pl.sum_horizontal(months).alias(TOTAL))
        .sort("nom", "prenom", "matricule", nulls_last=True)
    )


def overtime_summary(weekly: pl.DataFrame) -> pl.DataFrame:
    """One row: (heures_supplementaires, semaines_non_comptees): the total overtime, and how
    many employee-weeks have no legal duration to count it against."""
    return weekly.select(
        heures_supplementaires=pl.col("heures_supplementaires").sum().cast(NUMBER_DTYPE),
        semaines_non_comptees=pl.col("duree_legale").is_null().sum().cast(pl.Int64),
    )


def absence_days_by_type_month(absences: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """(mois, type, absences, jours): absences that started up to as_of."""
    return (
        absences.filter(pl.col("date_debut").is_not_null() & (pl.col("date_debut") <= as_of))
        .group_by(mois=pl.col("date_debut").dt.strftime("%Y-%m"), type=pl.col("type"))
        .agg(absences=pl.len().cast(pl.Int64), jours=pl.col("jours").sum())
        .sort("mois", "type", nulls_last=True)
    )
