"""Business rules that span rows or sheets, beyond what a Table Schema says.

Each rule is a small function ``(dataset, parameters) -> Iterable[Issue]``, registered
with `@rule` and listed here by importing its domain module. A rule that crashes
becomes a ``controle-en-echec`` issue: the other rules still run.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable, Iterable

import polars as pl

from pipelines.dataset import ROW_COLUMN, Dataset, Table
from pipelines.issues import CHECK_CRASHED, Issue, IssueType, SourceRef, raise_issue
from pipelines.law import Parameters

RuleFunction = Callable[[Dataset, Parameters], Iterable[Issue]]


@dataclass(frozen=True)
class Rule:
    name: str
    description: str  # French, shown in the documentation
    resources: tuple[str, ...]  # the tables it needs; skipped when one is missing
    check: RuleFunction


_RULES: list[Rule] = []

# One module per domain; each registers its rules at import.
DOMAIN_MODULES = (
    "pipelines.validate.rules.organisation",
    "pipelines.validate.rules.customers",
    "pipelines.validate.rules.stock",
    "pipelines.validate.rules.staff",
    "pipelines.validate.rules.worktime",
    "pipelines.validate.rules.worktime_rest",
    "pipelines.validate.rules.communication",
)


def rule(description: str, resources: Iterable[str]):
    """Register a business rule."""

    def register(check: RuleFunction) -> RuleFunction:
        _RULES.append(Rule(check.__name__, description, tuple(resources), check))
        return check

    return register


def report_rows(
    table: Table,
    offending: pl.DataFrame,
    issue_type: IssueType,
    field: str,
    message: Callable[[dict], str],
) -> list[Issue]:
    """One issue per offending row, at the row's cell in `field`."""
    return [
        raise_issue(issue_type, table.source(row[ROW_COLUMN], field), message(row))
        for row in offending.iter_rows(named=True)
    ]


def registered_rules() -> list[Rule]:
    for module in DOMAIN_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as error:
            if error.name != module:
                raise
    return list(_RULES)


def run_rules(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    """Every applicable rule, each isolated: a crash is an issue, never a traceback."""
    issues: list[Issue] = []
    for registered in registered_rules():
        if not all(resource in dataset for resource in registered.resources):
            continue
        try:
            issues.extend(registered.check(dataset, parameters))
        except Exception as error:  # a broken rule must not hide the others
            first = dataset[registered.resources[0]] if registered.resources else None
            source = (
                SourceRef(first.workbook, first.sheet) if first else SourceRef("agora")
            )
            issues.append(
                raise_issue(
                    CHECK_CRASHED,
                    source,
                    f"le contrôle « {registered.description} » a échoué "
                    f"({type(error).__name__} : {error})",
                )
            )
    return issues
