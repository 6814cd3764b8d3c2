"""Management page: hours by employee and month, overtime, absence days."""

from __future__ import annotations

from datetime import date

import polars as pl

from pipelines.compute.figures import Figure
from pipelines.french import hours, month_label, number
from pipelines.publish.page import Page, missing, section, source_line, table
from pipelines.publish.text import md

WORKTIME_PAGE = "gestion/temps.md"


def _name(row: dict) -> str:
    full = " ".join(part for part in (row.get("prenom"), row.get("nom")) if part)
    return md(full or row.get("matricule"))


def _by_employee_and_month(frame: pl.DataFrame, value: str) -> str:
    """Employees in rows, months in columns, a total per employee."""
    months = sorted(frame["mois"].unique().to_list())
    wide = frame.pivot(on="mois", index=["matricule", "nom", "prenom"], values=value,
                       aggregate_function="sum")
    rows = [
        [_name(row), *[hours(row.get(month)) for month in months],
         f"**{hours(sum((row[m] for m in months if row.get(m) is not None), start=0))}**"]
        for row in wide.sort("nom", "prenom", "matricule", nulls_last=True).to_dicts()
    ]
    headers = ["Salarié", *[month_label(month) for month in months], "Total"]
    return table(headers, rows, right=list(range(1, len(headers))))


def hours_table(monthly: Figure) -> str:
    if monthly.frame.is_empty():
        return "Aucun pointage sur la période."
    return _by_employee_and_month(monthly.frame, "heures")


def overtime_table(weekly: Figure) -> str:
    """Overtime of each week, added up by the month of the week's Monday."""
    over = weekly.frame.filter(pl.col("heures_supplementaires") > 0)
    if over.is_empty():
        return "Aucune heure au-delà de la durée légale."
    by_month = over.with_columns(mois=pl.col("debut_semaine").dt.strftime("%Y-%m"))
    note = ("Heures au-delà de la durée légale hebdomadaire, semaine par semaine, "
            "comptées dans le mois du lundi de la semaine. Le détail par semaine est dans "
            "`site_data/heures_supplementaires.csv`.")
    return note + "\n\n" + _by_employee_and_month(by_month, "heures_supplementaires")


def absences_table(absences: Figure) -> str:
    rows = [
        [month_label(r["mois"]), md(r["type"]), number(r["absences"]), number(r["jours"])]
        for r in absences.frame.to_dicts()
    ]
    if not rows:
        return "Aucune absence sur la période."
    return table(["Mois", "Type", "Absences", "Jours"], rows, right=[2, 3])


def worktime_page(figures: dict[str, Figure], as_of: date) -> Page:
    title = "Temps de travail"
    parts = [f"# {title}"]
    for name, heading, render in (
        ("heures_par_mois", "Heures pointées par salarié et par mois", hours_table),
        ("heures_supplementaires", "Heures supplémentaires par mois", overtime_table),
        ("absences_par_mois", "Jours d'absence par type et par mois", absences_table),
    ):
        figure = figures.get(name)
        if figure is None:
            parts.append(section(heading, missing("Pointages ou absences")))
        else:
            parts.append(section(heading, render(figure), source_line(figure.sources, as_of)))
    return Page(WORKTIME_PAGE, title, "\n\n".join(parts))
