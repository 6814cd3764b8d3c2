"""Validate a folder of workbooks against the Data Package: the validate stage.

Each workbook is opened once and each sheet read once; every sheet is checked
against its Table Schema, then the foreign keys across sheets, then the
business rules. The result is the typed `Dataset` with every issue found, each at the
severity the organisation chose for it when its code is adjustable (sheet « Gravites »,
`pipelines.validate.severities`).

The as-of date is the one given, else the organisation's ``date_arrete``. When neither
is there, the result still holds every finding, plus a blocking ``date-arrete-introuvable``
at the cell to fill; the dataset has no as-of date (``as_of`` is None), the rules that
need it are skipped, and nothing can be computed from it (`ValidationResult.computable`).
"""

from __future__ import annotations

import gc
import os
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from pathlib import Path
from typing import Callable

from pipelines.dataset import ROW_COLUMN, Dataset, Table
from pipelines.issues import (
    Issue,
    Severity,
    SourceRef,
    define_issue_type,
    has_blocking,
    raise_issue,
    sort_issues,
    with_severities,
)
from pipelines.law import parameters
from pipelines.load import Sheet, open_workbook
from pipelines.load.xlsx import SHEET_MISSING
from pipelines.validate import rules, severities
from pipelines.validate.context import HEADER_ROWS, SheetChecks
from pipelines.validate.keys import check_foreign_key
from pipelines.validate.package import (
    ConfigurationError,
    PackageSpec,
    ResourceSpec,
    read_package,
)
from pipelines.validate.table import build_table, check_sheet, isolated

Progress = Callable[[str], None]
AS_OF_RESOURCE, AS_OF_FIELD = "organisation", "date_arrete"

AS_OF_MISSING = define_issue_type(
    "date-arrete-introuvable",
    "Date d'arrêté introuvable",
    "La date d'arrêté (colonne date_arrete de la feuille Organisation, ligne 2) est la date à "
    "laquelle Agora contrôle et calcule les enregistrements. Elle est vide, n'est pas une date, "
    "ou sa feuille manque : saisissez-la comme une date Excel (format Date), ou donnez-la à la "
    "commande (--as-of AAAA-MM-JJ). Sans elle, les contrôles qui dépendent de cette date ne "
    "sont pas faits et rien n'est calculé ni publié.",
    Severity.BLOQUANT,
)
_AS_OF_REMEDY = (
    "comme une date Excel (format Date) en ligne 2, ou donnez-la à la commande "
    "(--as-of AAAA-MM-JJ) ; en attendant, les contrôles qui en dépendent ne sont pas faits"
)
_WORKBOOK_READERS = min(4, os.cpu_count() or 1)  # each reader also runs a scan thread


@dataclass(frozen=True)
class ValidationResult:
    dataset: Dataset
    issues: list[Issue]

    @property
    def blocking(self) -> bool:
        return has_blocking(self.issues)

    @property
    def computable(self) -> bool:
        """The dataset has its as-of date: compute and publish can run (with --keep-going
        when something blocks). Without it, nothing can be computed."""
        return self.dataset.as_of is not None


def validate_workbooks(
    workbooks_dir: Path,
    schemas_dir: Path = Path("schemas"),
    as_of: date | None = None,
    progress: Progress | None = None,
) -> ValidationResult:
    """Check every sheet of the package; issues are values, never exceptions.

    Raises `ConfigurationError` only when the schemas are unusable (a package with no
    organisation resource and its date_arrete field needs `as_of`). An as-of date that the
    organisation sheet does not give is a blocking issue.
    """
    package = read_package(Path(schemas_dir))
    with _collector_paused():  # the cells are freed with _validate's frame, before it resumes
        return _validate(package, Path(workbooks_dir), as_of, progress or (lambda message: None))


def _validate(package: PackageSpec, workbooks_dir: Path, as_of: date | None, say: Progress) -> ValidationResult:
    sheets, issues = read_sheets(package, workbooks_dir, say)
    checked = _check_sheets(sheets, package, say)
    say("contrôle des références entre feuilles")
    _check_foreign_keys(checked)
    tables: dict[str, Table] = {name: build_table(checks) for name, checks in checked.items()}
    issues += [issue for checks in checked.values() for issue in checks.issues]
    if as_of is None:
        as_of, missing = _as_of(tables, package)
        issues += missing
    dataset = Dataset(tables, as_of, workbooks_dir)
    say("règles de gestion")
    issues += rules.run_rules(dataset, parameters())
    chosen, unusable = severities.chosen_severities(dataset)  # the sheet « Gravites »
    issues = with_severities(issues, chosen) + unusable
    return ValidationResult(dataset, sort_issues(issues))


@contextmanager
def _collector_paused():
    """No cyclic garbage collection while millions of cells are allocated (none form cycles),
    nor until they are freed: the first collection would walk them all, for nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _check_sheets(sheets: dict[str, Sheet], package: PackageSpec, say: Progress) -> dict[str, SheetChecks]:
    checked = {}
    for name, sheet in sheets.items():
        say(f"contrôle de {sheet.workbook} › {sheet.name}")
        checked[name] = check_sheet(sheet, package.resource(name))
    return checked


def read_sheets(package: PackageSpec, workbooks_dir: Path, say: Progress) -> tuple[dict[str, Sheet], list[Issue]]:
    """Every resource's sheet, each workbook opened once; what cannot be read is an issue.

    Workbooks are read side by side: calamine parses a sheet without holding the GIL.
    """
    by_workbook = groupby(sorted(package.resources, key=lambda r: r.workbook), key=lambda r: r.workbook)
    jobs = [(workbooks_dir / name, list(resources)) for name, resources in by_workbook]
    for path, _ in jobs:
        say(f"lecture de {path.name}")
    with ThreadPoolExecutor(max_workers=_WORKBOOK_READERS) as readers:
        results = list(readers.map(lambda job: _read_workbook(*job), jobs))
    sheets: dict[str, Sheet] = {}
    issues: list[Issue] = []
    for workbook_sheets, workbook_issues in results:
        sheets.update(workbook_sheets)
        issues += workbook_issues
    return sheets, issues


def _read_workbook(path: Path, resources: list[ResourceSpec]) -> tuple[dict[str, Sheet], list[Issue]]:
    workbook = open_workbook(path)
    if isinstance(workbook, Issue):
        return {}, [_for_resources(workbook, resources)]
    sheets: dict[str, Sheet] = {}
    issues: list[Issue] = []
    try:
        for resource in resources:
            sheet = _read_sheet(workbook, resource)
            if isinstance(sheet, Issue):
                issues.append(_for_resources(sheet, [resource]))
            else:
                sheets[resource.name] = sheet
    finally:
        workbook.close()
    return sheets, issues


def _read_sheet(workbook, resource: ResourceSpec) -> Sheet | Issue:
    name = resource.sheet
    if isinstance(name, int):
        names = workbook.sheet_names()
        if not 1 <= name <= len(names):
            return raise_issue(
                SHEET_MISSING,
                SourceRef(workbook.name),
                f"{workbook.name} n'a pas de feuille n° {name} (il en a {len(names)})",
            )
        name = names[name - 1]
    return workbook.read_sheet(name)


def _for_resources(issue: Issue, resources: list[ResourceSpec]) -> Issue:
    """The same issue, saying which resources it stops (frictionless reports it for each)."""
    names = tuple(resource.name for resource in resources)
    return Issue(issue.code, issue.severity, issue.source, issue.message, {**issue.extra, "resources": names})


def _check_foreign_keys(checked: dict[str, SheetChecks]) -> None:
    for name, checks in checked.items():
        for fk in checks.resource.schema.foreign_keys:
            target = checked.get(fk.resource or name)
            if target is None:  # its sheet could not be read: already an issue
                continue
            isolated(checks, f"références {', '.join(fk.fields)}", lambda c, fk=fk, t=target: check_foreign_key(c, fk, t))


def _as_of(tables: dict[str, Table], package: PackageSpec) -> tuple[date | None, list[Issue]]:
    """The organisation's closing date (date_arrete), or None and the issue saying where to
    write it."""
    spec = package.resource(AS_OF_RESOURCE)
    if spec is None or AS_OF_FIELD not in {field.name for field in spec.schema.fields}:
        raise ConfigurationError(
            "aucune date d'arrêté : donnez-la (--as-of AAAA-MM-JJ) ou décrivez la ressource "
            f"« {AS_OF_RESOURCE} » avec son champ « {AS_OF_FIELD} »"
        )
    table = tables.get(AS_OF_RESOURCE)
    if table is None:
        sheet = spec.sheet if isinstance(spec.sheet, str) else None
        return None, [raise_issue(
            AS_OF_MISSING, SourceRef(spec.workbook, sheet),
            f"la date d'arrêté ({AS_OF_FIELD}) est introuvable, car sa feuille n'a pas pu être "
            f"lue : rétablissez la feuille et saisissez-y la date {_AS_OF_REMEDY}")]
    frame = table.frame.sort(ROW_COLUMN)
    values = frame[AS_OF_FIELD].drop_nulls()
    if len(values):
        return values[0], []
    row = frame[ROW_COLUMN][0] if frame.height else HEADER_ROWS + 1
    return None, [raise_issue(
        AS_OF_MISSING, table.source(row, AS_OF_FIELD),
        f"la date d'arrêté ({AS_OF_FIELD}) est vide ou n'est pas une date : saisissez-la "
        f"{_AS_OF_REMEDY}")]
