"""Validate a folder of workbooks against the Data Package: the validate stage.

Each workbook is opened once and each sheet read once; every sheet is checked
against its Table Schema, then the foreign keys across sheets, then the
business rules. The result is the typed `Dataset` with every issue found.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from pathlib import Path
from typing import Callable

from pipelines.dataset import Dataset, Table
from pipelines.issues import Issue, has_blocking, sort_issues
from pipelines.law import parameters
from pipelines.load import Sheet, open_workbook
from pipelines.load.xlsx import SHEET_MISSING
from pipelines.issues import SourceRef, raise_issue
from pipelines.validate import rules
from pipelines.validate.context import SheetChecks
from pipelines.validate.keys import check_foreign_key
from pipelines.validate.package import ConfigurationError, PackageSpec, ResourceSpec, read_package
from pipelines.validate.table import build_table, check_sheet, isolated

Progress = Callable[[str], None]
AS_OF_RESOURCE, AS_OF_FIELD = "organisation", "date_arrete"


@dataclass(frozen=True)
class ValidationResult:
    dataset: Dataset
    issues: list[Issue]

    @property
    def blocking(self) -> bool:
        return has_blocking(self.issues)


def validate_workbooks(
    workbooks_dir: Path,
    schemas_dir: Path = Path("schemas"),
    as_of: date | None = None,
    progress: Progress | None = None,
) -> ValidationResult:
    """Check every sheet of the package; issues are values, never exceptions.

    Raises `ConfigurationError` only when the schemas are unusable, or when no
    as-of date is given and none can be read from the organisation sheet.
    """
    say = progress or (lambda message: None)
    package = read_package(Path(schemas_dir))
    with _collector_paused():
        sheets, issues = read_sheets(package, Path(workbooks_dir), say)
        checked = _check_sheets(sheets, package, say)
    say("contrôle des références entre feuilles")
    _check_foreign_keys(checked)
    tables: dict[str, Table] = {name: build_table(checks) for name, checks in checked.items()}
    issues += [issue for checks in checked.values() for issue in checks.issues]
    dataset = Dataset(tables, as_of or _as_of(tables, package, issues))
    say("règles de gestion")
    issues += rules.run_rules(dataset, parameters())
    return ValidationResult(dataset, sort_issues(issues))


@contextmanager
def _collector_paused():
    """No cyclic garbage collection while millions of cells are allocated (none form cycles)."""
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
    """Every resource's sheet, each workbook opened once; what cannot be read is an issue."""
    sheets: dict[str, Sheet] = {}
    issues: list[Issue] = []
    by_workbook = groupby(sorted(package.resources, key=lambda r: r.workbook), key=lambda r: r.workbook)
    for workbook_name, resources in by_workbook:
        resources = list(resources)
        say(f"lecture de {workbook_name}")
        workbook = open_workbook(workbooks_dir / workbook_name)
        if isinstance(workbook, Issue):
            issues.append(_for_resources(workbook, resources))
            continue
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


def _as_of(tables: dict[str, Table], package: PackageSpec, issues: list[Issue]) -> date:
    """The organisation's closing date (date_arrete), the as-of date of the records."""
    spec = package.resource(AS_OF_RESOURCE)
    if spec is None or AS_OF_FIELD not in {field.name for field in spec.schema.fields}:
        raise ConfigurationError(
            "aucune date d'arrêté : donnez-la (--as-of AAAA-MM-JJ) ou décrivez la ressource "
            f"« {AS_OF_RESOURCE} » avec son champ « {AS_OF_FIELD} »"
        )
    table = tables.get(AS_OF_RESOURCE)
    values = table.frame[AS_OF_FIELD].drop_nulls() if table is not None else []
    if len(values) == 0:
        where = f"{spec.workbook} › {table.sheet if table else spec.sheet}"
        raise ConfigurationError(
            f"la date d'arrêté ({AS_OF_FIELD}) de {where} est vide ou illisible : "
            "corrigez-la ou donnez la date (--as-of AAAA-MM-JJ)",
            issues=sort_issues(issues),
        )
    return values[0]
