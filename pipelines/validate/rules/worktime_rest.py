"""Business rules of rest and night: daily rest, weekly rest, night work of young workers.

Rests are measured between work days (see `worktime_periods`): from the last departure of
one work day to the first arrival of the next, so the minute between 23:59 and 00:00 of a
night shift written in two rows is no rest. The minimum daily rest is 11 hours, 12 hours
for a young worker and 14 hours under 16, on the day work resumes.

The weekly rest: at most six work days in a calendar week (Monday to Sunday), and a rest of
24 consecutive hours plus the daily rest (35 hours) in each week worked. A rest that
straddles two weeks (Saturday evening to Monday morning) counts for each week in which at
least its 24 hours fall; the time before the first timesheet and after the last is rest.

Young workers may not work at night (22:00 to 06:00, from 20:00 under 16), save for a
derogation: a warning.

A day or a week without a value of its limit (the adults' daily rest before 10 August 2016)
is not judged (see `dated`).
"""

from __future__ import annotations

from datetime import timedelta

import polars as pl

from pipelines.dataset import ROW_COLUMN, Dataset
from pipelines.french import short_date
from pipelines.issues import Issue, Severity, define_issue_type
from pipelines.law import Parameters
from pipelines.validate.rules import report_rows, rule
from pipelines.validate.rules.dated import daily_values
from pipelines.validate.rules.worktime_periods import (
    hours_from_minutes,
    week_label,
    with_ages,
    work_days,
    worked,
)

DAILY_REST = "travail.repos_quotidien_minimum"
YOUNG_DAILY_REST = "travail.jeunes.repos_quotidien_minimum"
UNDER_16_DAILY_REST = "travail.jeunes.repos_quotidien_minimum_moins_de_16_ans"
WORK_DAYS_MAXIMUM = "travail.repos_hebdomadaire.jours_travailles_maximum"
WEEKLY_REST = "travail.repos_hebdomadaire.duree_minimale"
NIGHT_START = "travail.jeunes.nuit.debut"
UNDER_16_NIGHT_START = "travail.jeunes.nuit.debut_moins_de_16_ans"
NIGHT_END = "travail.jeunes.nuit.fin"
WEEK = timedelta(weeks=1)

REST_TOO_SHORT = define_issue_type(
    "repos-quotidien-insuffisant", "Repos quotidien insuffisant",
    "Entre la fin d'une journée de travail et le début de la suivante, le salarié doit "
    "avoir un repos minimal (Code du travail, L3131-1). Un poste de nuit saisi en deux lignes "
    "de part et d'autre de minuit est une seule journée.", Severity.BLOQUANT)
YOUNG_REST_TOO_SHORT = define_issue_type(
    "repos-quotidien-jeune-insuffisant", "Repos quotidien d'un jeune travailleur insuffisant",
    "Un jeune travailleur (salarié mineur) a droit à un repos quotidien plus long que celui "
    "des adultes, et plus long encore avant 16 ans (Code du travail, L3164-1).",
    Severity.BLOQUANT)
TOO_MANY_DAYS = define_issue_type(
    "plus-de-six-jours-par-semaine", "Plus de six jours de travail dans la semaine",
    "Un salarié ne peut pas travailler plus de six jours dans une même semaine, du lundi au "
    "dimanche (Code du travail, L3132-1). Un poste de nuit compte pour le jour où il "
    "commence.", Severity.BLOQUANT)
WEEKLY_REST_TOO_SHORT = define_issue_type(
    "repos-hebdomadaire-insuffisant", "Repos hebdomadaire insuffisant",
    "Chaque semaine, le salarié doit avoir un repos de 24 heures consécutives auxquelles "
    "s'ajoutent les heures du repos quotidien (Code du travail, L3132-2). Un repos à cheval "
    "sur deux semaines compte pour chacune où tombent au moins ses 24 heures. Avertissement : "
    "le repos peut être suspendu pour des travaux urgents (L3132-4).", Severity.AVERTISSEMENT)
YOUNG_NIGHT_WORK = define_issue_type(
    "travail-de-nuit-jeune", "Travail de nuit d'un jeune travailleur",
    "Le travail de nuit est interdit aux jeunes travailleurs (salariés mineurs), sauf "
    "dérogation accordée par l'inspection du travail dans certains secteurs (Code du travail, "
    "L3163-1 et L3163-2).", Severity.AVERTISSEMENT)


def _clock(minutes: int) -> str:
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def _at_first_row(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(pl.col("premiere_ligne").alias(ROW_COLUMN))


@rule("Le repos quotidien minimal est respecté", ["pointages"])
def daily_rest(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["pointages"]
    days = (work_days(table)
            .with_columns(depart_veille=pl.col("depart").cum_max().shift(1).over("matricule"))
            .with_columns(repos=(pl.col("arrivee") - pl.col("depart_veille")).dt.total_minutes()))
    days = with_ages(days, dataset, parameters, "jour").join(daily_values(parameters, {
        "limite": (DAILY_REST, 60), "limite_jeune": (YOUNG_DAILY_REST, 60),
        "limite_16": (UNDER_16_DAILY_REST, 60)}, days["jour"]), on="jour")
    days = _at_first_row(days.with_columns(
        minimum=pl.when(pl.col("moins_de_16")).then("limite_16")
        .when(pl.col("jeune")).then("limite_jeune").otherwise("limite"),
        age=pl.when(pl.col("moins_de_16")).then("seuil_16").otherwise("majorite")))
    offending = days.filter(pl.col("repos") < pl.col("minimum"))

    def message(r: dict, who: str) -> str:
        return (f"{who} reprend le {short_date(r['date_reprise'])} à "
                f"{r['debut_reprise'].strftime('%H:%M')} après "
                f"{hours_from_minutes(r['repos'])} de repos seulement (minimum "
                f"{hours_from_minutes(r['minimum'])})")
    return report_rows(table, offending.filter(~pl.col("jeune")), REST_TOO_SHORT, "debut",
                       lambda r: message(r, r["matricule"])) + report_rows(
        table, offending.filter(pl.col("jeune")), YOUNG_REST_TOO_SHORT, "debut",
        lambda r: message(r, f"{r['matricule']}, jeune travailleur de moins de {r['age']} ans,"))


def _weeks_worked(parameters: Parameters, days: pl.DataFrame) -> pl.DataFrame:
    """Each work day with its week, its rank in the week, the week's count and maximum."""
    days = days.with_columns(semaine=pl.col("jour").dt.truncate("1w"))
    return (days.with_columns(rang=pl.int_range(1, pl.len() + 1).over("matricule", "semaine"),
                              jours=pl.len().over("matricule", "semaine"))
            .join(daily_values(parameters, {"maximum": (WORK_DAYS_MAXIMUM, 1)},
                               days["semaine"]), left_on="semaine", right_on="jour"))


@rule("Personne ne travaille plus de six jours dans la semaine", ["pointages"])
def weekly_work_days(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["pointages"]
    days = _weeks_worked(parameters, work_days(table))
    offending = _at_first_row(days.filter(pl.col("rang") == pl.col("maximum") + 1))
    return report_rows(table, offending, TOO_MANY_DAYS, "date",
                       lambda r: f"{r['matricule']} travaille {r['jours']} jours "
                                 f"{week_label(r['semaine'])}, au-delà du maximum de "
                                 f"{r['maximum']} : le {short_date(r['jour'])} est un jour "
                                 f"de trop")


def _rests(days: pl.DataFrame) -> pl.DataFrame:
    """Every rest between work days, and before the first and after the last (a week on)."""
    first = pl.col("semaine").min().over("matricule").cast(pl.Datetime("us")) - WEEK
    ordered = days.sort("matricule", "arrivee")
    between = ordered.select(
        "matricule", debut_repos=pl.col("depart").cum_max().shift(1).over("matricule")
        .fill_null(first), fin_repos=pl.col("arrivee"))
    after = ordered.group_by("matricule").agg(
        debut_repos=pl.col("depart").max(),
        fin_repos=pl.col("semaine").max().cast(pl.Datetime("us")) + 2 * WEEK)
    return pl.concat([between, after.select(between.columns)])


def _rested_weeks(parameters: Parameters, rests: pl.DataFrame) -> pl.DataFrame:
    """(matricule, semaine) of every week with a long enough rest, 24 h of it inside."""
    monday = pl.col("semaine").cast(pl.Datetime("us"))
    inside = (pl.min_horizontal("fin_repos", monday + WEEK)
              - pl.max_horizontal("debut_repos", monday)).dt.total_minutes()
    weeks = (rests.filter(pl.col("fin_repos") > pl.col("debut_repos"))
             .with_columns(semaine=pl.date_ranges(
                 pl.col("debut_repos").dt.date().dt.truncate("1w"),
                 pl.col("fin_repos").dt.date().dt.truncate("1w"), "1w"))
             .explode("semaine"))
    weeks = weeks.join(_weekly_rest_minimum(parameters, weeks["semaine"]),
                       left_on="semaine", right_on="jour")
    long_enough = (pl.col("fin_repos") - pl.col("debut_repos")).dt.total_minutes()
    return (weeks.filter((long_enough >= pl.col("minimum")) & (inside >= pl.col("hebdomadaire")))
            .select("matricule", "semaine").unique())


def _weekly_rest_minimum(parameters: Parameters, weeks: pl.Series) -> pl.DataFrame:
    """(jour, hebdomadaire, quotidien, minimum) in minutes: the weekly rest plus the daily."""
    return (daily_values(parameters, {"hebdomadaire": (WEEKLY_REST, 60),
                                      "quotidien": (DAILY_REST, 60)}, weeks)
            .with_columns(minimum=pl.col("hebdomadaire") + pl.col("quotidien")))


@rule("Chaque semaine travaillée comporte un repos hebdomadaire", ["pointages"])
def weekly_rest(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["pointages"]
    days = _weeks_worked(parameters, work_days(table))
    minimum = _weekly_rest_minimum(parameters, days["semaine"]).drop_nulls("minimum")
    offending = (days.filter(~(pl.col("jours") > pl.col("maximum")))
                 .group_by("matricule", "semaine", maintain_order=True).last()
                 .join(minimum, left_on="semaine", right_on="jour")
                 .join(_rested_weeks(parameters, _rests(days)), on=["matricule", "semaine"],
                       how="anti"))
    return report_rows(table, _at_first_row(offending), WEEKLY_REST_TOO_SHORT, "date",
                       lambda r: f"{r['matricule']} n'a aucun repos de "
                                 f"{hours_from_minutes(r['minimum'])} consécutives "
                                 f"{week_label(r['semaine'])} "
                                 f"({hours_from_minutes(r['hebdomadaire'])} de repos "
                                 f"hebdomadaire plus {hours_from_minutes(r['quotidien'])} de "
                                 f"repos quotidien)")


@rule("Un jeune travailleur ne travaille pas la nuit", ["pointages", "salaries"])
def young_night_work(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["pointages"]
    rows = with_ages(worked(table), dataset, parameters, "date").filter(pl.col("jeune"))
    rows = rows.join(daily_values(parameters, {
        "nuit_debut": (NIGHT_START, 60), "nuit_debut_16": (UNDER_16_NIGHT_START, 60),
        "nuit_fin": (NIGHT_END, 60)}, rows["date"]), left_on="date", right_on="jour")
    rows = rows.with_columns(
        nuit=pl.when(pl.col("moins_de_16")).then("nuit_debut_16").otherwise("nuit_debut"),
        age=pl.when(pl.col("moins_de_16")).then("seuil_16").otherwise("majorite"))
    early = rows.filter(pl.col("debut_min") < pl.col("nuit_fin"))
    late = rows.filter((pl.col("debut_min") >= pl.col("nuit_fin"))
                       & (pl.col("fin_min") > pl.col("nuit")))

    def message(r: dict) -> str:
        return (f"{r['matricule']}, jeune travailleur de moins de {r['age']} ans, travaille le "
                f"{short_date(r['date'])} de {r['debut'].strftime('%H:%M')} à "
                f"{r['fin'].strftime('%H:%M')}, en partie la nuit ({_clock(r['nuit'])} – "
                f"{_clock(r['nuit_fin'])}) : il faut une dérogation")
    return (report_rows(table, early, YOUNG_NIGHT_WORK, "debut", message)
            + report_rows(table, late, YOUNG_NIGHT_WORK, "fin", message))
