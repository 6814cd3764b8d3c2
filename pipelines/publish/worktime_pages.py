"""Management page: hours by employee and month, overtime, absence days.

The tables come computed (`compute.worktime`): one employee per row, one month per
column and the total; this page only formats them.
"""

from __future__ import annotations

from datetime import date

from pipelines.compute.figures import Figure
from pipelines.compute.worktime import EMPLOYEE_COLUMNS, TOTAL
from pipelines.french import hours, month_label, number, plural
from pipelines.markdown import md, table
from pipelines.publish.page import WIDE_PAGE, Page, missing, section, source_line

WORKTIME_PAGE = "gestion/temps.md"
WORKTIME_FIGURES = ("heures_par_salarie_et_mois", "heures_supplementaires_par_mois",
                    "heures_supplementaires_synthese", "absences_par_mois")
OVERTIME_DETAIL = "site_data/gestion/heures_supplementaires.csv"


def _name(row: dict) -> str:
    full = " ".join(part for part in (row.get("prenom"), row.get("nom")) if part)
    return md(full or row.get("matricule"))


def by_month_table(wide: Figure) -> str:
    """Employees in rows, months in columns, the total of each employee in bold."""
    months = [c for c in wide.frame.columns if c not in (*EMPLOYEE_COLUMNS, TOTAL)]
    rows = [
        [_name(row), *[hours(row[month]) for month in months], f"**{hours(row[TOTAL])}**"]
        for row in wide.frame.to_dicts()
    ]
    headers = ["Salarié", *[month_label(month) for month in months], "Total"]
    return table(headers, rows, right=list(range(1, len(headers))))


def hours_table(monthly: Figure) -> str:
    if monthly.frame.is_empty():
        return "Aucun pointage sur la période."
    return by_month_table(monthly)


def _not_counted(summary: Figure) -> str:
    weeks = summary.frame["semaines_non_comptees"][0]
    if not weeks:
        return ""
    return (f"{plural(weeks, 'semaine pointée', 'semaines pointées')} (par salarié) avant "
            "la première durée légale hebdomadaire connue des paramètres d'Agora : ces "
            "heures ne sont pas comptées en heures supplémentaires.")


def overtime_table(overtime: Figure, summary: Figure) -> str:
    """Overtime of each week, added up by the month of the week's Monday."""
    note = ("Heures au-delà de la durée légale hebdomadaire, semaine par semaine, "
            "comptées dans le mois du lundi de la semaine. Le détail par semaine est dans "
            f"`{OVERTIME_DETAIL}`.")
    listing = (by_month_table(overtime) if not overtime.frame.is_empty()
               else "Aucune heure au-delà de la durée légale.")
    return "\n\n".join(part for part in (note, _not_counted(summary), listing) if part)


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
    monthly, absences = figures.get("heures_par_salarie_et_mois"), figures.get("absences_par_mois")
    overtime = figures.get("heures_supplementaires_par_mois")
    summary = figures.get("heures_supplementaires_synthese")
    sections = (
        ("Heures pointées par salarié et par mois", monthly, lambda: hours_table(monthly)),
        ("Heures supplémentaires par mois", overtime if summary else None,
         lambda: overtime_table(overtime, summary)),
        ("Jours d'absence par type et par mois", absences, lambda: absences_table(absences)),
    )
    for heading, figure, render in sections:
        if figure is None:
            parts.append(section(heading, missing("Pointages ou absences")))
        else:
            parts.append(section(heading, render(), source_line(figure.sources, as_of)))
    return Page(WORKTIME_PAGE, title, "\n\n".join(parts), WIDE_PAGE)
