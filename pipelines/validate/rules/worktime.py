"""Business rules of working time: timesheets (« Pointages »), durations and absences.

Each timesheet row is a span of work: ``heures`` must equal end − start − pause. How rows
make shifts and work days, night shifts across midnight included, and who counts as a young
worker is told in `worktime_periods`; the rests are in `worktime_rest`. The legal limits
(daily and weekly maximums, the average over consecutive weeks, those of young workers under
18, the complementary hours of a part-timer) are read from the dated parameters, on the day
or the Monday they apply to; a day or a week without a value (before 10 August 2016 for most
of them) is not judged (see `dated`). Durations are compared in whole minutes, so no rounding
can tip a limit. An employee may clock in from the entry day to the exit day, both included
(`pipelines.records`).

A part-timer's week is judged against the contract in force that week (the latest to start
when two overlap it), in hours per week: beyond one tenth of the contract's hours is a
warning (an agreement may allow up to one third), beyond one third or reaching the legal
weekly duration is blocking.
"""

from __future__ import annotations

from datetime import timedelta
from fractions import Fraction
from math import ceil, floor

import polars as pl

from pipelines.dataset import ROW_COLUMN, Dataset, Table
from pipelines.french import hours, short_date
from pipelines.issues import Issue, IssueType, Severity, define_issue_type
from pipelines.law import Parameters
from pipelines.records import left_before
from pipelines.validate.rules import report_dates_in_order, report_rows, rule
from pipelines.validate.rules.dated import daily_values, fraction_or_none
from pipelines.validate.rules.worktime_periods import (
    MINUTES_PER_DAY,
    TOLERANCE_MINUTES,
    hours_from_minutes,
    timed,
    week_label,
    weekly_minutes,
    with_ages,
    work_days,
    worked,
)

DAILY_MAXIMUM = "travail.duree_maximale.quotidienne"
WEEKLY_MAXIMUM = "travail.duree_maximale.hebdomadaire"
AVERAGE_MAXIMUM = "travail.duree_maximale.hebdomadaire_moyenne"
AVERAGE_WEEKS = "travail.duree_maximale.hebdomadaire_moyenne_semaines"
YOUNG_DAILY_MAXIMUM = "travail.jeunes.duree_maximale.quotidienne"
YOUNG_WEEKLY_MAXIMUM = "travail.jeunes.duree_maximale.hebdomadaire"
LEGAL_WEEK = "travail.duree_legale_hebdomadaire"
TENTH = "travail.temps_partiel.heures_complementaires.plafond"
THIRD = "travail.temps_partiel.heures_complementaires.plafond_conventionnel"
# Training is working time; a half-day absence (jours with a fraction) leaves time to work.
WORKING_ABSENCES = ("formation",)

END_BEFORE_START = define_issue_type(
    "pointage-fin-avant-debut", "Pointage qui finit avant de commencer",
    "L'heure de fin d'un pointage doit être après son heure de début. Un poste de nuit qui "
    "passe minuit se saisit en une ligne dont les heures valent la durée jusqu'au lendemain "
    "(22:00 → 06:00 sans pause : 8), ou en deux lignes (jusqu'à 23:59, puis dès 00:00 le "
    "lendemain).", Severity.BLOQUANT)
HOURS_MISMATCH = define_issue_type(
    "heures-incoherentes", "Heures incohérentes avec les horaires",
    "La colonne heures doit valoir l'heure de fin moins l'heure de début moins la pause, en "
    "heures décimales (7 h 30 s'écrit 7.5), à une minute près.", Severity.BLOQUANT)
DAY_TOO_LONG = define_issue_type(
    "duree-quotidienne-depassee", "Durée quotidienne maximale dépassée",
    "Le travail effectif d'une journée dépasse la durée quotidienne maximale (Code du "
    "travail, L3121-18). Un poste de nuit compte pour le jour où il commence.",
    Severity.BLOQUANT)
YOUNG_DAY_TOO_LONG = define_issue_type(
    "duree-quotidienne-jeune-depassee", "Durée quotidienne d'un jeune travailleur dépassée",
    "Un jeune travailleur (salarié mineur) ne peut pas dépasser la durée quotidienne maximale "
    "qui lui est propre, sauf dérogation (Code du travail, L3162-1). Un poste de nuit compte "
    "pour le jour où il commence.", Severity.BLOQUANT)
WEEK_TOO_LONG = define_issue_type(
    "duree-hebdomadaire-depassee", "Durée hebdomadaire maximale dépassée",
    "Le travail effectif d'une semaine (du lundi au dimanche) dépasse la durée hebdomadaire "
    "maximale (Code du travail, L3121-20).", Severity.BLOQUANT)
YOUNG_WEEK_TOO_LONG = define_issue_type(
    "duree-hebdomadaire-jeune-depassee", "Durée hebdomadaire d'un jeune travailleur dépassée",
    "Un jeune travailleur (salarié mineur) ne peut pas travailler plus que la durée légale "
    "hebdomadaire, sauf dérogation (Code du travail, L3162-1). La semaine compte dès qu'un de "
    "ses jours travaillés tombe avant sa majorité.", Severity.BLOQUANT)
AVERAGE_TOO_HIGH = define_issue_type(
    "moyenne-12-semaines-depassee", "Moyenne sur 12 semaines trop élevée",
    "Sur la période de semaines consécutives que fixe la loi, la durée hebdomadaire moyenne "
    "de travail dépasse le maximum (Code du travail, L3121-22). Les semaines sans pointage "
    "comptent pour zéro.", Severity.AVERTISSEMENT)
BEYOND_TENTH = define_issue_type(
    "heures-complementaires-au-dela-du-dixieme", "Heures complémentaires au-delà du dixième",
    "Les heures complémentaires d'un salarié à temps partiel dépassent, sur la semaine, le "
    "dixième de la durée prévue au contrat (Code du travail, L3123-28). Seul un accord "
    "collectif peut porter cette limite jusqu'au tiers (L3123-20) : vérifiez qu'il "
    "s'applique.", Severity.AVERTISSEMENT)
BEYOND_THIRD = define_issue_type(
    "heures-complementaires-au-dela-du-tiers", "Heures complémentaires au-delà du tiers",
    "Les heures complémentaires d'un salarié à temps partiel dépassent, sur la semaine, le "
    "tiers de la durée prévue au contrat, limite qu'aucun accord ne peut relever (Code du "
    "travail, L3123-20).", Severity.BLOQUANT)
PART_TIME_AT_LEGAL_WEEK = define_issue_type(
    "temps-partiel-duree-legale-atteinte", "Temps partiel porté à la durée légale",
    "Les heures complémentaires ne peuvent pas porter la durée du travail d'un salarié à "
    "temps partiel au niveau de la durée légale hebdomadaire (Code du travail, L3123-9).",
    Severity.BLOQUANT)
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


def _young(row: dict) -> str:
    return f"{row['matricule']}, jeune travailleur de moins de {row['majorite']} ans,"


def _split_by_age(frame: pl.DataFrame, value: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Adults above ``limite``, young workers above ``limite_jeune``."""
    adults = frame.filter(~pl.col("jeune") & (pl.col(value) > pl.col("limite")))
    young = frame.filter(pl.col("jeune") & (pl.col(value) > pl.col("limite_jeune")))
    return adults, young


@rule("Un pointage finit après avoir commencé", ["pointages"])
def end_after_start(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["pointages"]
    offending = timed(table).filter(pl.col("fin_min") <= pl.col("debut_min")).with_columns(
        nuit=pl.col("fin_min") + MINUTES_PER_DAY - pl.col("debut_min")
        - pl.col("pause_minutes").fill_null(0))

    def message(r: dict) -> str:
        said = (f"pointage du {short_date(r['date'])} : fin à {r['fin'].strftime('%H:%M')}, "
                f"début à {r['debut'].strftime('%H:%M')}")
        if r["fin_min"] == r["debut_min"]:
            return said
        return (f"{said} ; pour un poste de nuit jusqu'au lendemain, les heures doivent "
                f"valoir {hours_from_minutes(r['nuit'])}")
    return report_rows(table, offending, END_BEFORE_START, "fin", message)


@rule("Les heures d'un pointage valent fin − début − pause", ["pointages"])
def hours_match_times(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["pointages"]
    frame = timed(table).filter(pl.col("heures").is_not_null() & ~pl.col("de_nuit")
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
                             f"{hours_from_minutes(r['attendu'])}")


def _report_too_long(table: Table, frame: pl.DataFrame, issue_types: tuple[IssueType, IssueType],
                     when) -> list[Issue]:
    """Adults above ``limite`` and young workers above ``limite_jeune``, `when(row)` saying
    the day or the week."""
    adults, young = _split_by_age(frame, "minutes")
    adult_type, young_type = issue_types
    return report_rows(table, adults, adult_type, "heures",
                       lambda r: f"{r['matricule']} a travaillé "
                                 f"{hours_from_minutes(r['minutes'])} {when(r)}, au-delà du "
                                 f"maximum de {hours_from_minutes(r['limite'])}") + report_rows(
        table, young, young_type, "heures",
        lambda r: f"{_young(r)} a travaillé {hours_from_minutes(r['minutes'])} {when(r)}, "
                  f"au-delà de son maximum de {hours_from_minutes(r['limite_jeune'])}")


@rule("La durée quotidienne maximale de travail est respectée", ["pointages"])
def daily_maximum(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["pointages"]
    days = with_ages(work_days(table), dataset, parameters, "jour")
    days = days.join(daily_values(parameters, {"limite": (DAILY_MAXIMUM, 60),
                                               "limite_jeune": (YOUNG_DAILY_MAXIMUM, 60)},
                                  days["jour"]), on="jour")
    return _report_too_long(table, days, (DAY_TOO_LONG, YOUNG_DAY_TOO_LONG),
                            lambda r: f"le {short_date(r['jour'])}")


@rule("La durée hebdomadaire maximale de travail est respectée", ["pointages"])
def weekly_maximum(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["pointages"]
    rows = with_ages(worked(table), dataset, parameters, "date")
    weeks = weekly_minutes(rows, pl.col("jeune").any(), pl.col("majorite").max())
    weeks = weeks.join(daily_values(parameters, {"limite": (WEEKLY_MAXIMUM, 60),
                                                 "limite_jeune": (YOUNG_WEEKLY_MAXIMUM, 60)},
                                    weeks["semaine"]), left_on="semaine", right_on="jour")
    return _report_too_long(table, weeks, (WEEK_TOO_LONG, YOUNG_WEEK_TOO_LONG),
                            lambda r: week_label(r["semaine"]))


def _averaging_windows(parameters: Parameters, weeks: pl.DataFrame) -> pl.DataFrame:
    """Each week with the average's length (``semaines``) and ``limite`` on its Monday, the
    minutes of the window of weeks ending with it (``total``) and whether the employee's
    timesheets cover that whole window (``complete``)."""
    values = daily_values(parameters, {"limite": (AVERAGE_MAXIMUM, 60),
                                       "semaines": (AVERAGE_WEEKS, 1)}, weeks["semaine"])
    weeks = weeks.join(values, left_on="semaine", right_on="jour", how="left")
    lengths = weeks["semaines"].drop_nulls().unique().to_list()
    totals = [pl.when(pl.col("semaines") == length).then(
        pl.col("minutes").rolling_sum_by("semaine", window_size=f"{length}w").over("matricule"))
        for length in lengths]
    first = pl.col("semaine").min().over("matricule")
    return weeks.with_columns(
        total=pl.coalesce(totals) if totals else pl.lit(None, pl.Int64),
        complete=(pl.col("semaine") - first) >= pl.duration(weeks=pl.col("semaines") - 1))


@rule("La durée hebdomadaire moyenne sur des semaines consécutives est respectée", ["pointages"])
def twelve_week_average(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["pointages"]
    windows = _averaging_windows(parameters, weekly_minutes(worked(table))).with_columns(
        over=(pl.col("complete") & (pl.col("total") > pl.col("limite") * pl.col("semaines")))
        .fill_null(False))
    previous_over = (pl.col("over").shift(1).over("matricule").fill_null(False)
                     & ((pl.col("semaine") - pl.col("semaine").shift(1).over("matricule"))
                        == timedelta(weeks=1)))
    offending = windows.filter(pl.col("over") & ~previous_over)

    def message(r: dict) -> str:
        since = r["semaine"] - timedelta(weeks=r["semaines"] - 1)
        return (f"{r['matricule']} : {hours_from_minutes(r['total'] // r['semaines'])} par "
                f"semaine en moyenne du {short_date(since)} au "
                f"{short_date(r['semaine'] + timedelta(days=6))}, au-delà de "
                f"{hours_from_minutes(r['limite'])}")
    return report_rows(table, offending, AVERAGE_TOO_HIGH, "heures", message)


def _part_time_weeks(weeks: pl.DataFrame, contracts: pl.DataFrame) -> pl.DataFrame:
    """The weeks worked under a part-time contract, with its weekly hours."""
    sunday = pl.col("semaine") + pl.duration(days=6)
    return (weeks.join(contracts.filter(pl.col("date_debut").is_not_null())
                       .select("matricule", "date_debut", "date_fin", "temps_travail",
                               "heures_hebdo"), on="matricule")
            .filter((pl.col("date_debut") <= sunday)
                    & (pl.col("date_fin").is_null() | (pl.col("date_fin") >= pl.col("semaine"))))
            .sort("matricule", "semaine", "date_debut")
            .unique(["matricule", "semaine"], keep="last", maintain_order=True)
            .filter((pl.col("temps_travail") == "temps partiel") & (pl.col("heures_hebdo") > 0)))


def _complementary_limits(parameters: Parameters, weeks: pl.DataFrame) -> pl.DataFrame:
    """(semaine, heures_hebdo) → the tenth, the third and the legal week, in whole minutes.

    A week is over a limit when its (whole) minutes exceed the limit's floor; it reaches
    the legal duration when they are at least its ceiling.
    """
    rows = []
    for monday, contract in weeks.select("semaine", "heures_hebdo").unique().iter_rows():
        values = [fraction_or_none(parameters, name, monday) for name in (TENTH, THIRD, LEGAL_WEEK)]
        if None in values:
            continue
        tenth, third, legal = values
        minutes = Fraction(contract) * 60
        rows.append((monday, contract, floor(minutes * (1 + tenth)),
                     floor(minutes * (1 + third)), ceil(legal * 60)))
    schema = {"semaine": pl.Date, "heures_hebdo": weeks.schema["heures_hebdo"],
              "dixieme": pl.Int64, "tiers": pl.Int64, "legale": pl.Int64}
    return pl.DataFrame(rows, schema=schema, orient="row")


@rule("Les heures complémentaires d'un temps partiel restent dans leurs limites",
      ["pointages", "contrats"])
def complementary_hours(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["pointages"]
    weeks = _part_time_weeks(weekly_minutes(worked(table)), dataset.frame("contrats"))
    weeks = weeks.join(_complementary_limits(parameters, weeks), on=["semaine", "heures_hebdo"])
    minutes = pl.col("minutes")
    legal = weeks.filter(minutes >= pl.col("legale"))
    third = weeks.filter((minutes < pl.col("legale")) & (minutes > pl.col("tiers")))
    tenth = weeks.filter((minutes < pl.col("legale")) & (minutes <= pl.col("tiers"))
                         & (minutes > pl.col("dixieme")))

    def worked_for(r: dict) -> str:
        return (f"{r['matricule']} a travaillé {hours_from_minutes(r['minutes'])} "
                f"{week_label(r['semaine'])} pour un temps partiel de {hours(r['heures_hebdo'])}")
    return report_rows(table, legal, PART_TIME_AT_LEGAL_WEEK, "heures",
                   lambda r: f"{worked_for(r)} : les heures complémentaires ne peuvent pas "
                             f"atteindre la durée légale de {hours_from_minutes(r['legale'])}"
                   ) + report_rows(
        table, third, BEYOND_THIRD, "heures",
        lambda r: f"{worked_for(r)} : au-delà du tiers de la durée du contrat "
                  f"({hours_from_minutes(r['tiers'])} au plus), qu'aucun accord ne peut "
                  f"dépasser") + report_rows(
        table, tenth, BEYOND_TENTH, "heures",
        lambda r: f"{worked_for(r)} : au-delà du dixième de la durée du contrat "
                  f"({hours_from_minutes(r['dixieme'])} au plus) ; seul un accord collectif "
                  f"peut porter la limite jusqu'au tiers ({hours_from_minutes(r['tiers'])})")


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
    after = joined.filter(left_before(pl.col("date")))
    return report_rows(table, before, OUTSIDE_EMPLOYMENT, "date",
                   lambda r: f"{r['matricule']} pointe le {short_date(r['date'])}, avant son "
                             f"entrée le {short_date(r['date_entree'])}") + report_rows(
        table, after, OUTSIDE_EMPLOYMENT, "date",
        lambda r: f"{r['matricule']} pointe le {short_date(r['date'])}, après sa sortie le "
                  f"{short_date(r['date_sortie'])}")


@rule("Une absence finit après avoir commencé", ["absences"])
def absence_dates(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    return report_dates_in_order(dataset["absences"], "date_debut", "date_fin",
                                 ABSENCE_END_BEFORE_START,
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
