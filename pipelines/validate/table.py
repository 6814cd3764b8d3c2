"""Check one sheet against its Table Schema and build its typed frame.

Order, as frictionless: header, then each cell's type, then its constraints,
then uniqueness and the primary key. Blank rows are reported once and left out
of the frame. Each stage is isolated: a crash becomes an issue, the others run.
"""

from __future__ import annotations

from typing import Callable

import polars as pl

from pipelines.dataset import ROW_COLUMN, Table
from pipelines.issues import CHECK_CRASHED, Severity, define_issue_type
from pipelines.load.source import Sheet
from pipelines.validate.cells import RawColumn
from pipelines.validate.constraints import check_constraints
from pipelines.validate.context import HEADER_ROWS, SheetChecks
from pipelines.validate.convert import convert, empty_column
from pipelines.validate.display import shown
from pipelines.validate.formats import check_business_format
from pipelines.validate.header import check_header
from pipelines.validate.keys import check_primary_key, check_unique
from pipelines.validate.package import ConfigurationError, ResourceSpec
from pipelines.validate.type_errors import COUNTRY_FIELD, type_error

BLANK_ROWS = define_issue_type(
    "ligne-vide",
    "Ligne vide",
    "Une ligne vide au milieu ou à la fin des données (souvent une ligne mise en forme "
    "mais jamais remplie). Elle est ignorée.",
    Severity.AVERTISSEMENT,
    frictionless="blank-row",
)
OUT_OF_RANGE = define_issue_type(
    "nombre-hors-limites",
    "Nombre hors limites",
    "Le nombre est trop grand (ou n'est pas un nombre fini) pour être calculé exactement.",
    Severity.BLOQUANT,
)
FORMULA_WITHOUT_VALUE = define_issue_type(
    "formule-sans-valeur",
    "Formule sans valeur enregistrée",
    "La cellule contient une formule dont le résultat n'a pas été enregistré dans le fichier "
    "(classeur produit par un programme, jamais recalculé) : elle est lue vide.",
    Severity.BLOQUANT,
)
EXCEL_ERROR_IN_TEXT = define_issue_type(
    "erreur-excel-texte",
    "Formule en erreur dans une colonne de texte",
    "Une cellule d'une colonne de texte affiche une erreur Excel (#N/A, #REF!…).",
    Severity.BLOQUANT,
)


def check_sheet(sheet: Sheet, resource: ResourceSpec) -> SheetChecks:
    checks = SheetChecks(sheet, resource, check_header(sheet, resource))
    checks.issues.extend(checks.header.issues)
    stages: list[tuple[str, Callable[[SheetChecks], None]]] = [
        ("lecture des colonnes", _convert_columns),
        ("lignes vides", _find_blank_rows),
        ("formules", _report_formulas),
        ("types", _report_type_errors),
        ("contraintes", _check_fields),
        ("clé primaire", check_primary_key),
    ]
    for description, stage in stages:
        isolated(checks, description, stage)
    return checks


def isolated(checks: SheetChecks, description: str, stage: Callable[[SheetChecks], None]) -> None:
    """Run a stage; if it crashes, say so and carry on."""
    try:
        stage(checks)
    except ConfigurationError:
        raise
    except Exception as error:  # a broken check must not hide the others
        checks.report(
            CHECK_CRASHED,
            None,
            None,
            f"le contrôle « {description} » a échoué ({type(error).__name__} : {error})",
        )


def build_table(checks: SheetChecks) -> Table:
    height = checks.height
    columns = [
        checks.typed[spec.name].values if spec.name in checks.typed else empty_column(spec, height)
        for spec in checks.resource.schema.fields
    ]
    rows = pl.Series(ROW_COLUMN, range(HEADER_ROWS + 1, HEADER_ROWS + 1 + height), dtype=pl.Int64)
    frame = pl.DataFrame([*columns, rows]).filter(checks.checked)
    fields = checks.resource.schema.fields
    return Table(
        resource=checks.resource.name,
        workbook=checks.sheet.workbook,
        sheet=checks.sheet.name,
        frame=frame,
        letters={name: checks.source(None, name).column for name in checks.header.columns},
        titles={spec.name: spec.title or spec.name for spec in fields},
        sensitive=frozenset(spec.name for spec in fields if spec.sensitive),
    )


def _convert_columns(checks: SheetChecks) -> None:
    data = checks.sheet.rows[HEADER_ROWS:]
    columns = list(zip(*data)) if data else [()] * checks.sheet.width
    for name, position in checks.header.columns.items():
        stage = lambda checks, name=name, values=columns[position]: _convert(checks, name, values)  # noqa: E731
        isolated(checks, f"lecture de {name}", stage)


def _convert(checks: SheetChecks, name: str, values) -> None:
    spec = checks.spec(name)
    raw = RawColumn(values, spec.missing_values)
    checks.typed[name] = convert(raw, spec)
    checks.raw[name] = raw


def _find_blank_rows(checks: SheetChecks) -> None:
    """Rows where every column read is missing: one warning for each run of them."""
    if checks.height == 0:
        return
    data = checks.sheet.rows[HEADER_ROWS:]
    field_of = {position: name for name, position in checks.header.columns.items()}
    blank = pl.Series([True] * checks.height, dtype=pl.Boolean)
    for position in checks.header.expected:
        if position in field_of and field_of[position] in checks.typed:
            blank = blank & checks.typed[field_of[position]].missing
        else:
            blank = blank & RawColumn([row[position] for row in data]).missing
    checks.blank = blank
    if checks.resource.skip_blank_rows:
        return
    key = checks.resource.schema.primary_key
    keyed = bool(key) and all(name in checks.header.columns for name in key)  # frictionless adds a key error
    for first, last in _runs(blank.arg_true().to_list()):
        if first == last:
            message = f"ligne {checks.excel_row(first)} vide : supprimez-la (clic droit › Supprimer) ou remplissez-la"
        else:
            message = (
                f"lignes {checks.excel_row(first)} à {checks.excel_row(last)} vides : "
                "supprimez-les (clic droit › Supprimer) ou remplissez-les"
            )
        checks.report(
            BLANK_ROWS,
            first,
            None,
            message,
            rows=(checks.excel_row(first), checks.excel_row(last)),
            keyed=keyed,
        )


def _runs(indices: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for index in indices:
        if runs and runs[-1][1] == index - 1:
            runs[-1] = (runs[-1][0], index)
        else:
            runs.append((index, index))
    return runs


def _report_formulas(checks: SheetChecks) -> None:
    field_of = {position: name for name, position in checks.header.columns.items()}
    for row, column in sorted(checks.sheet.formulas_without_value):
        if column in field_of:
            checks.report(
                FORMULA_WITHOUT_VALUE,
                row - HEADER_ROWS,
                field_of[column],
                "la formule de cette cellule n'a pas de résultat enregistré (elle est lue vide) : "
                "ouvrez le classeur dans Excel ou LibreOffice et enregistrez-le pour la recalculer",
            )


def _report_type_errors(checks: SheetChecks) -> None:
    errors = checks.sheet.error_cells
    countries = checks.typed[COUNTRY_FIELD].values if COUNTRY_FIELD in checks.typed else None
    for name, typed in checks.typed.items():
        spec, raw = checks.spec(name), checks.raw[name]
        position = checks.header.columns[name]
        for index in typed.invalid.arg_true().to_list():
            excel_error = (index + HEADER_ROWS, position) in errors
            source = checks.source(index, name)
            country = countries[index] if countries is not None else None
            checks.issues.append(
                type_error(
                    source, raw.values[index], spec, excel_error, country,
                    resource=checks.resource.name, field=name,
                )
            )
        for index in typed.out_of_range.arg_true().to_list():
            checks.report(
                OUT_OF_RANGE,
                index,
                name,
                f"{shown(raw.values[index], spec.sensitive)} est hors des limites des calculs d'Agora "
                "(au plus 32 chiffres avant la virgule et 6 après)",
            )
        if spec.type == "string":
            _report_errors_in_text(checks, name, position)


def _report_errors_in_text(checks: SheetChecks, name: str, position: int) -> None:
    for (row, column), text in sorted(checks.sheet.error_cells.items()):
        index = row - HEADER_ROWS
        if column == position and index >= 0 and checks.checked[index]:
            checks.report(
                EXCEL_ERROR_IN_TEXT,
                index,
                name,
                f"la cellule affiche l'erreur {text} : corrigez la formule ou la valeur dont elle dépend",
            )


def _check_fields(checks: SheetChecks) -> None:
    for name in list(checks.typed):
        isolated(checks, f"contraintes de {name}", lambda checks, name=name: _check_field(checks, name))


def _check_field(checks: SheetChecks, name: str) -> None:
    spec = checks.spec(name)
    failed = check_constraints(checks, spec)
    if spec.constraint("unique"):
        check_unique(checks, name)
    if spec.business_format:
        check_business_format(checks, name, failed)
