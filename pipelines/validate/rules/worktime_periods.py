"""The periods of work drawn from the timesheets, shared by the working-time rules.

A timesheet row is a span of work that starts on its ``date`` at ``debut`` and ends at
``fin`` the same day. A night shift that crosses midnight is written in either of two ways:

- one row whose ``fin`` is earlier than its ``debut`` (22:00 → 06:00): it ends the next day
  when its ``heures`` equal the duration across midnight (fin + 24 h − début − pause, to a
  minute). Without such hours the row is refused (``pointage-fin-avant-debut``) and counts
  nowhere: nothing says whether the times or the date are wrong;
- two rows, 21:00–23:59 (or 21:00 → 00:00 in one row) on day D, then 00:00–05:00 on D + 1.

Rows of one employee that follow each other within a minute (23:59, then 00:00) form one
shift (« poste »): the minute between them is no rest. A work day (« journée de travail »)
is every shift that starts on the same date, and takes that date: the night of the 24th to
the 25th is the work day of the 24th. Daily durations, daily rests and the days worked in a
week are counted by work day; weekly durations by the date of each row, as hours are paid.

A young worker (« jeune travailleur ») is under 18 on the day: the 18th birthday is the first
day of adulthood (someone born on 29 February comes of age on 1 March in a common year,
the reading that protects longer). A missing birth date counts as an adult.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import polars as pl
from babel.numbers import format_decimal

from pipelines.dataset import ROW_COLUMN, Dataset, Table
from pipelines.french import LOCALE, short_date
from pipelines.law import Parameters
from pipelines.validate.rules.dated import daily_values

MINUTES_PER_DAY = 24 * 60
NANOSECONDS_PER_MINUTE = 60_000_000_000
TOLERANCE_MINUTES = 1
MAJORITY = "travail.jeunes.age_majorite"
UNDER_16 = "travail.jeunes.age_regime_renforce"


def hours_from_minutes(minutes: int) -> str:
    """A duration in whole minutes as decimal hours, the way the timesheets write them: 7,50 h."""
    return f"{format_decimal(Decimal(minutes) / 60, format='0.00', locale=LOCALE)} h"


def week_label(monday: date) -> str:
    """« la semaine du 02/03/2026 au 08/03/2026 »."""
    return f"la semaine du {short_date(monday)} au {short_date(monday + timedelta(days=6))}"


def minutes_of_day(column: str) -> pl.Expr:
    return pl.col(column).cast(pl.Int64) // NANOSECONDS_PER_MINUTE


def declared_minutes() -> pl.Expr:
    """The declared hours in whole minutes, half a minute rounded up (ROUND_HALF_UP)."""
    return (pl.col("heures") * 60).round(0, mode="half_away_from_zero").cast(pl.Int64)


def _span(end: pl.Expr) -> pl.Expr:
    return end - pl.col("debut_min") - pl.col("pause_minutes").fill_null(0)


def timed(table: Table) -> pl.DataFrame:
    """Rows with an employee, a date, a start and an end, with their minutes from midnight.

    ``fin_min`` is the end counted from the row's own midnight: past 24 h for a row accepted
    as a night across midnight (``de_nuit``). A refused row keeps ``fin_min <= debut_min``.
    """
    clock_end = minutes_of_day("fin")
    across = _span(clock_end + MINUTES_PER_DAY)
    frame = (table.frame
             .filter(pl.col("matricule").is_not_null() & pl.col("date").is_not_null()
                     & pl.col("debut").is_not_null() & pl.col("fin").is_not_null())
             .with_columns(debut_min=minutes_of_day("debut")))
    return (frame
            .with_columns(de_nuit=(clock_end <= pl.col("debut_min")).fill_null(False)
                          & ((pl.col("heures") * 60 - across).abs() <= TOLERANCE_MINUTES)
                          .fill_null(False))
            .with_columns(fin_min=pl.when(pl.col("de_nuit"))
                          .then(clock_end + MINUTES_PER_DAY).otherwise(clock_end)))


def worked(table: Table) -> pl.DataFrame:
    """Rows that count towards durations, in time order: declared hours, or the span."""
    return (timed(table)
            .filter(pl.col("fin_min") > pl.col("debut_min"))
            .with_columns(minutes=pl.coalesce(declared_minutes(), _span(pl.col("fin_min"))))
            .sort("matricule", "date", "debut"))


def with_work_days(rows: pl.DataFrame) -> pl.DataFrame:
    """Worked rows with their start and end (``arrivee``, ``depart``) and work day (``jour``)."""
    midnight = pl.col("date").cast(pl.Datetime("us"))
    frame = rows.with_columns(arrivee=midnight + pl.duration(minutes=pl.col("debut_min")),
                              depart=midnight + pl.duration(minutes=pl.col("fin_min")))
    previous_end = pl.col("depart").cum_max().shift(1).over("matricule")
    new_shift = (previous_end.is_null()
                 | (pl.col("arrivee") - previous_end > pl.duration(minutes=TOLERANCE_MINUTES)))
    return (frame.with_columns(poste=new_shift.cast(pl.Int64).cum_sum().over("matricule"))
            .with_columns(jour=pl.col("date").first().over("matricule", "poste")))


def work_days(table: Table) -> pl.DataFrame:
    """One row per employee and work day: arrival, departure, minutes, first and last rows."""
    return (with_work_days(worked(table))
            .group_by("matricule", "jour", maintain_order=True)
            .agg(pl.col("arrivee").min(), pl.col("depart").max(), pl.col("minutes").sum(),
                 pl.col(ROW_COLUMN).first().alias("premiere_ligne"),
                 pl.col("date").first().alias("date_reprise"),
                 pl.col("debut").first().alias("debut_reprise"),
                 pl.col(ROW_COLUMN).last()))


def weekly_minutes(rows: pl.DataFrame, *more: pl.Expr) -> pl.DataFrame:
    """Minutes worked per employee and ISO week (Monday), the week's last row, and `more`."""
    return (rows.with_columns(semaine=pl.col("date").dt.truncate("1w"))
            .group_by("matricule", "semaine", maintain_order=True)
            .agg(pl.col("minutes").sum(), pl.col(ROW_COLUMN).last(), *more)
            .sort("matricule", "semaine"))


def _birthday(years: str) -> pl.Expr:
    """The day someone turns `years` (a column), 1 March for a 29 February birth."""
    birth = pl.col("date_naissance")
    anniversary = birth.dt.offset_by(pl.format("{}y", pl.col(years)))
    leap_born = (birth.dt.month() == 2) & (birth.dt.day() == 29) & (anniversary.dt.day() == 28)
    return pl.when(leap_born).then(anniversary.dt.offset_by("1d")).otherwise(anniversary)


def with_ages(frame: pl.DataFrame, dataset: Dataset, parameters: Parameters,
              day: str) -> pl.DataFrame:
    """`frame` with ``jeune`` (under 18 on `day`) and ``moins_de_16`` (under 16 then).

    ``majorite`` and ``seuil_16`` carry the two ages, for the messages.
    """
    if "salaries" not in dataset:
        return frame.with_columns(jeune=pl.lit(False), moins_de_16=pl.lit(False),
                                  majorite=pl.lit(None, pl.Int64),
                                  seuil_16=pl.lit(None, pl.Int64))
    births = (dataset.frame("salaries").filter(pl.col("matricule").is_not_null())
              .unique("matricule", keep="first", maintain_order=True)
              .select("matricule", "date_naissance"))
    ages = daily_values(parameters, {"majorite": (MAJORITY, 1), "seuil_16": (UNDER_16, 1)},
                        frame[day]).rename({"jour": "_jour_age"})
    aged = (frame.join(births, on="matricule", how="left")
            .join(ages, left_on=day, right_on="_jour_age", how="left")
            .with_columns(jeune=(pl.col(day) < _birthday("majorite")).fill_null(False),
                          moins_de_16=(pl.col(day) < _birthday("seuil_16")).fill_null(False)))
    return aged.drop("date_naissance", "_jour_age", strict=False)
