"""Business rules of working time: timesheets (« Pointages ») and absences.

Each timesheet row is a span of work on one day: ``heures`` must equal end − start −
pause. The legal limits (daily and weekly maximums, the 12-week average, the daily rest)
are read from the dated parameters, on the day they apply to. Durations are compared in
whole minutes, so that no rounding can tip a limit.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import polars as pl
from babel.numbers import format_decimal

from pipelines.dataset import ROW_COLUMN, Dataset, Table
from pipelines.french import hours, short_date
from pipelines.issues import Issue, Severity, define_issue_type
from pipelines.law import ParameterError, Parameters
from pipelines.validate.rules import report_rows, rule

DAILY_MAXIMUM = "travail.duree_maximale.quotidienne"
WEEKLY_MAXIMUM = "travail.duree_maximale.hebdomadaire"
AVERAGE_MAXIMUM = "travail.duree_maximale.hebdomadaire_moyenne"
DAILY_REST = "travail.repos_quotidien_minimum"
AVERAGE_WEEKS = 12
TOLERANCE_MINUTES = 1
NANOSECONDS_PER_MINUTE = 60_000_000_000
# Training is working time; a half-day absence (jours with a fraction) leaves time to work.
WORKING_ABSENCES = ("formation",)

END_BEFORE_START = define_issue_type(
    "pointage-fin-avant-debut", "Pointage qui finit avant de commencer",
    "L'heure de fin d'un pointage doit être après son heure de début, le même jour. Un "
    "travail de nuit qui passe minuit se saisit en deux lignes.", Severity.BLOQUANT)
HOURS_MISMATCH = define_issue_type(
    "heures-incoherentes", "Heures incohérentes avec les horaires",
    "La colonne heures doit valoir l'heure de fin moins l'heure de début moins la pause, en "
    "heures décimales (7 h 30 s'écrit 7.5), à une minute près.", Severity.BLOQUANT)
DAY_TOO_LONG = define_issue_type(
    "duree-quotidienne-depassee", "Durée quotidienne maximale dépassée",
    "Le travail effectif d'une journée dépasse la durée quotidienne maximale (Code du "
    "travail, L3121-18).", Severity.BLOQUANT)
WEEK_TOO_LONG = define_issue_type(
    "duree-hebdomadaire-depassee", "Durée hebdomadaire maximale dépassée",
    "Le travail effectif d'une semaine (du lundi au dimanche) dépasse la durée hebdomadaire "
    "maximale (Code du travail, L3121-20).", Severity.BLOQUANT)
AVERAGE_TOO_HIGH = define_issue_type(
    "moyenne-12-semaines-depassee", "Moyenne sur 12 semaines trop élevée",
    "Sur 12 semaines consécutives, la durée hebdomadaire moyenne de travail dépasse le "
    "maximum (Code du travail, L3121-22). Les semaines sans pointage comptent pour zéro.",
    Severity.AVERTISSEMENT)
REST_TOO_SHORT = define_issue_type(
    "repos-quotidien-insuffisant", "Repos quotidien insuffisant",
    "Entre la fin d'une journée de travail et le début de la suivante, le salarié doit "
    "avoir un repos minimal (Code du travail, L3131-1).", Severity.BLOQUANT)
WORK_DURING_ABSENCE = define_issue_type(
    "pointage-pendant-absence", "Pointage pendant une absence",
    "Un pointage tombe un jour couvert par une absence du salarié : l'un des deux est à "
    "corriger.", Severity.AVERTISSEMENT)
OUTSIDE_EMPLOYMENT = define_issue_type(
    "pointage-hors-presence", "Pointage avant l'entrée ou après la sortie",
    "Un salarié ne peut pointer qu'entre sa date d'entrée et sa date de sortie.",
    Severity.BLOQUANT)
ABSENCE_END_BEFORE_START = define_issue_type(
    "absence-fin-avant-debut", "Absence qui finit avant de commencer",
    "Le dernier jour d'une absence ne peut pas précéder son premier jour.", Severity.BLOQUANT)
OVERLAPPING_ABSENCES = define_issue_type(
    "absences-chevauchantes", "Absences qui se chevauchent",
    "Deux absences du même salarié couvrent les mêmes jours : un jour ne peut être décompté "
    "qu'une fois.", Severity.BLOQUANT)


def _hours_from_minutes(minutes: int) -> str:
    return f"{format_decimal(Decimal(minutes) / 60, format='0.00', locale='fr_FR')} h"


def _minutes_of_day(column: str) -> pl.Expr:
    return pl.col(column).cast(pl.Int64) // NANOSECONDS_PER_MINUTE


def _declared_minutes() -> pl.Expr:
    return (pl.col("heures") * 60).round(0).cast(pl.Int64)


def _limits(parameters: Parameters, name: str, days: pl.Series) -> pl.DataFrame:
    """(day, limit in minutes) for each distinct day a parameter applies to."""
    rows = []
    for day in days.drop_nulls().unique().to_list():
        try:
            rows.append((day, int(Decimal(parameters.value(name, day)) * 60)))
        except ParameterError:
            continue
    return pl.DataFrame(rows, schema={"jour": pl.Date, "limite": pl.Int64}, orient="row")


def _timed(table: Table) -> pl.DataFrame:
    """Timesheet rows with a usable date, start and end, with their minutes."""
    return (table.frame
            .filter(pl.col("matricule").is_not_null() & pl.col("date").is_not_null()
                    & pl.col("debut").is_not_null() & pl.col("fin").is_not_null())
            .with_columns(debut_min=_minutes_of_day("debut"), fin_min=_minutes_of_day("fin")))


def _worked(table: Table) -> pl.DataFrame:
    """Rows that count towards durations: declared hours, or end − start − pause."""
    computed = pl.col("fin_min") - pl.col("debut_min") - pl.col("pause_minutes").fill_null(0)
    return (_timed(table)
            .filter(pl.col("fin_min") > pl.col("debut_min"))
            .with_columns(minutes=pl.coalesce(_declared_minutes(), computed))
            .sort("matricule", "date", "debut"))


@rule("Un pointage finit après avoir commencé", ["pointages"])
def end_after_start(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["pointages"]
    offending = _timed(table).filter(pl.col("fin_min") <= pl.col("debut_min"))
    return report_rows(table, offending, END_BEFORE_START, "fin",
                   lambda r: f"pointage du {short_date(r['date'])} : fin à "
                             f"{r['fin'].strftime('%H:%M')}, début à "
                             f"{r['debut'].strftime('%H:%M')}")


@rule("Les heures d'un pointage valent fin − début − pause", ["pointages"])
def hours_match_times(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["pointages"]
    frame = _timed(table).filter(pl.col("heures").is_not_null()
                                 & (pl.col("fin_min") > pl.col("debut_min")))
    frame = frame.with_columns(
        attendu=pl.col("fin_min") - pl.col("debut_min") - pl.col("pause_minutes").fill_null(0),
        declare=pl.col("heures") * 60)
    offending = frame.filter((pl.col("declare") - pl.col("attendu")).abs() > TOLERANCE_MINUTES)
    return report_rows(table, offending, HOURS_MISMATCH, "heures",
                   lambda r: f"{hours(r['heures'])} déclarées le "
                             f"{short_date(r['date'])}, mais {r['debut'].strftime('%H:%M')} → "
                             f"{r['fin'].strftime('%H:%M')} moins "
                             f"{r['pause_minutes'] or 0} min de pause font "
                             f"{_hours_from_minutes(r['attendu'])}")


@rule("La durée quotidienne maximale de travail est respectée", ["pointages"])
def daily_maximum(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["pointages"]
    worked = _worked(table)
    days = (worked.group_by("matricule", "date", maintain_order=True)
            .agg(pl.col("minutes").sum(), pl.col(ROW_COLUMN).last())
            .join(_limits(parameters, DAILY_MAXIMUM, worked["date"]),
                  left_on="date", right_on="jour"))
    offending = days.filter(pl.col("minutes") > pl.col("limite"))
    return report_rows(table, offending, DAY_TOO_LONG, "heures",
                   lambda r: f"{r['matricule']} a travaillé {_hours_from_minutes(r['minutes'])} le "
                             f"{short_date(r['date'])}, au-delà du maximum de "
                             f"{_hours_from_minutes(r['limite'])}")


def weekly_minutes(worked: pl.DataFrame) -> pl.DataFrame:
    """Minutes worked per employee and ISO week (Monday), with the week's last row."""
    return (worked.with_columns(semaine=pl.col("date").dt.truncate("1w"))
            .group_by("matricule", "semaine", maintain_order=True)
            .agg(pl.col("minutes").sum(), pl.col(ROW_COLUMN).last())
            .sort("matricule", "semaine"))


@rule("La durée hebdomadaire maximale de travail est respectée", ["pointages"])
def weekly_maximum(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["pointages"]
    weeks = weekly_minutes(_worked(table))
    weeks = weeks.join(_limits(parameters, WEEKLY_MAXIMUM, weeks["semaine"]),
                       left_on="semaine", right_on="jour")
    offending = weeks.filter(pl.col("minutes") > pl.col("limite"))
    return report_rows(table, offending, WEEK_TOO_LONG, "heures",
                   lambda r: f"{r['matricule']} a travaillé {_hours_from_minutes(r['minutes'])} la semaine "
                             f"du {short_date(r['semaine'])} au "
                             f"{short_date(r['semaine'] + timedelta(days=6))}, au-delà du "
                             f"maximum de {_hours_from_minutes(r['limite'])}")


@rule("La durée hebdomadaire moyenne sur 12 semaines est respectée", ["pointages"])
def twelve_week_average(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["pointages"]
    weeks = weekly_minutes(_worked(table))
    span = timedelta(weeks=AVERAGE_WEEKS - 1)
    windows = (weeks
               .with_columns(
                   total=pl.col("minutes").rolling_sum_by("semaine", window_size=f"{AVERAGE_WEEKS}w")
                   .over("matricule"),
                   complete=(pl.col("semaine") - pl.col("semaine").min().over("matricule")) >= span)
               .join(_limits(parameters, AVERAGE_MAXIMUM, weeks["semaine"]),
                     left_on="semaine", right_on="jour")
               .with_columns(over=pl.col("complete")
                             & (pl.col("total") > pl.col("limite") * AVERAGE_WEEKS)))
    previous_over = (pl.col("over").shift(1).over("matricule").fill_null(False)
                     & ((pl.col("semaine") - pl.col("semaine").shift(1).over("matricule"))
                        == timedelta(weeks=1)))
    offending = windows.filter(pl.col("over") & ~previous_over)
    return report_rows(table, offending, AVERAGE_TOO_HIGH, "heures",
                   lambda r: f"{r['matricule']} : {_hours_from_minutes(r['total'] // AVERAGE_WEEKS)} par "
                             f"semaine en moyenne du {short_date(r['semaine'] - span)} au "
                             f"{short_date(r['semaine'] + timedelta(days=6))}, au-delà de "
                             f"{_hours_from_minutes(r['limite'])}")


@rule("Le repos quotidien minimal est respecté", ["pointages"])
def daily_rest(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["pointages"]
    start = pl.col("date").cast(pl.Datetime("us")) + pl.duration(minutes=pl.col("debut_min"))
    end = pl.col("date").cast(pl.Datetime("us")) + pl.duration(minutes=pl.col("fin_min"))
    days = (_worked(table)
            .group_by("matricule", "date", maintain_order=True)
            .agg(start.min().alias("arrivee"), end.max().alias("depart"),
                 pl.col(ROW_COLUMN).first(), pl.col("debut").first())
            .sort("matricule", "date")
            .with_columns(depart_veille=pl.col("depart").shift(1).over("matricule"))
            .with_columns(repos=(pl.col("arrivee") - pl.col("depart_veille")).dt.total_minutes()))
    days = days.join(_limits(parameters, DAILY_REST, days["date"]), left_on="date", right_on="jour")
    offending = days.filter(pl.col("repos") < pl.col("limite"))
    return report_rows(table, offending, REST_TOO_SHORT, "debut",
                   lambda r: f"{r['matricule']} reprend le {short_date(r['date'])} à "
                             f"{r['debut'].strftime('%H:%M')} après {_hours_from_minutes(r['repos'])} de "
                             f"repos seulement (minimum {_hours_from_minutes(r['limite'])})")


@rule("Personne ne pointe pendant une de ses absences", ["pointages", "absences"])
def work_during_absence(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["pointages"]
    jours = pl.col("jours")
    absences = (dataset.frame("absences")
                .filter(pl.col("date_debut").is_not_null() & pl.col("date_fin").is_not_null()
                        & ~pl.col("type").fill_null("").is_in(WORKING_ABSENCES)
                        & (jours.is_null() | (jours == jours.floor())))
                .select("matricule", "id_absence", "date_debut", "date_fin"))
    offending = (table.frame.filter(pl.col("date").is_not_null())
                 .join(absences, on="matricule")
                 .filter(pl.col("date").is_between(pl.col("date_debut"), pl.col("date_fin")))
                 .unique(ROW_COLUMN, keep="first", maintain_order=True))
    return report_rows(table, offending, WORK_DURING_ABSENCE, "date",
                   lambda r: f"{r['matricule']} pointe le {short_date(r['date'])}, jour couvert "
                             f"par l'absence {r['id_absence']} (du {short_date(r['date_debut'])} "
                             f"au {short_date(r['date_fin'])})")


@rule("Les pointages tombent entre l'entrée et la sortie du salarié", ["pointages", "salaries"])
def work_within_employment(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["pointages"]
    employees = (dataset.frame("salaries").unique("matricule", keep="first", maintain_order=True)
                 .select("matricule", "date_entree", "date_sortie"))
    joined = table.frame.join(employees, on="matricule")
    before = joined.filter(pl.col("date") < pl.col("date_entree"))
    after = joined.filter(pl.col("date") > pl.col("date_sortie"))
    return report_rows(table, before, OUTSIDE_EMPLOYMENT, "date",
                   lambda r: f"{r['matricule']} pointe le {short_date(r['date'])}, avant son "
                             f"entrée le {short_date(r['date_entree'])}") + report_rows(
        table, after, OUTSIDE_EMPLOYMENT, "date",
        lambda r: f"{r['matricule']} pointe le {short_date(r['date'])}, après sa sortie le "
                  f"{short_date(r['date_sortie'])}")


@rule("Une absence finit après avoir commencé", ["absences"])
def absence_dates(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["absences"]
    offending = table.frame.filter(pl.col("date_fin") < pl.col("date_debut"))
    return report_rows(table, offending, ABSENCE_END_BEFORE_START, "date_fin",
                   lambda r: f"absence {r['id_absence']} : dernier jour le "
                             f"{short_date(r['date_fin'])}, avant le premier jour le "
                             f"{short_date(r['date_debut'])}")


@rule("Les absences d'un salarié ne se chevauchent pas", ["absences"])
def overlapping_absences(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["absences"]
    frame = (table.frame
             .filter(pl.col("matricule").is_not_null() & pl.col("date_debut").is_not_null()
                     & pl.col("date_fin").is_not_null() & (pl.col("date_fin") >= pl.col("date_debut")))
             .sort("matricule", "date_debut", ROW_COLUMN)
             .with_columns(fin_precedente=pl.col("date_fin").cum_max().shift(1).over("matricule")))
    offending = frame.filter(pl.col("date_debut") <= pl.col("fin_precedente"))
    return report_rows(table, offending, OVERLAPPING_ABSENCES, "date_debut",
                   lambda r: f"l'absence {r['id_absence']} de {r['matricule']} commence le "
                             f"{short_date(r['date_debut'])}, alors qu'une absence précédente "
                             f"court jusqu'au {short_date(r['fin_precedente'])}")
