"""Business rules of the « Organisation » sheet: one row, a coherent fiscal year."""

from __future__ import annotations

import polars as pl

from pipelines.dataset import ROW_COLUMN, Dataset
from pipelines.french import short_date
from pipelines.issues import Issue, Severity, define_issue_type, raise_issue
from pipelines.law import Parameters
from pipelines.validate.rules import report_dates_in_order, report_rows, rule

SINGLE_ROW = define_issue_type(
    "organisation-ligne-unique",
    "L'organisation tient sur une seule ligne",
    "La feuille Organisation décrit l'organisation elle-même : elle contient exactement une "
    "ligne de données, la ligne 2. Supprimez les lignes en trop ou complétez la ligne 2.",
    Severity.BLOQUANT,
)
FISCAL_YEAR_REVERSED = define_issue_type(
    "exercice-inverse",
    "Fin d'exercice avant son début",
    "La date de fin de l'exercice comptable précède sa date de début.",
    Severity.BLOQUANT,
)
AS_OF_OUTSIDE_YEAR = define_issue_type(
    "date-arrete-hors-exercice",
    "Date d'arrêté hors de l'exercice",
    "La date d'arrêté, à laquelle les calculs sont faits, doit tomber dans l'exercice "
    "comptable en cours (entre son début et sa fin).",
    Severity.BLOQUANT,
)


@rule("L'organisation est décrite sur une seule ligne", ["organisation"])
def single_organisation_row(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["organisation"]
    rows = table.frame.sort(ROW_COLUMN)[ROW_COLUMN].to_list()
    if not rows:
        return [raise_issue(SINGLE_ROW, table.source(),
                            "la feuille est vide : décrivez l'organisation sur la ligne 2")]
    return [
        raise_issue(SINGLE_ROW, table.source(row),
                    f"ligne en trop : l'organisation est déjà décrite ligne {rows[0]}")
        for row in rows[1:]
    ]


@rule("L'exercice comptable et la date d'arrêté sont cohérents", ["organisation"])
def fiscal_year(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["organisation"]
    frame = table.frame
    start, end, as_of = pl.col("debut_exercice"), pl.col("fin_exercice"), pl.col("date_arrete")
    reversed_year = report_dates_in_order(
        table, "debut_exercice", "fin_exercice", FISCAL_YEAR_REVERSED,
        lambda r: f"l'exercice finit le {short_date(r['fin_exercice'])}, avant son début le "
                  f"{short_date(r['debut_exercice'])}")
    outside = frame.filter((start <= end) & ((as_of < start) | (as_of > end)))
    return reversed_year + report_rows(
        table, outside, AS_OF_OUTSIDE_YEAR, "date_arrete",
        lambda r: f"la date d'arrêté du {short_date(r['date_arrete'])} n'est pas dans "
                  f"l'exercice du {short_date(r['debut_exercice'])} au "
                  f"{short_date(r['fin_exercice'])}")
