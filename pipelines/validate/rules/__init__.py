"""Business rules that span rows or sheets, beyond what a Table Schema says.

Each rule is a small function ``(dataset, parameters) -> Iterable[Issue]``, registered
with `@rule` in its domain module; importing this package imports every domain module, so
the registry and the catalogue of issue codes are complete whatever was imported before.
A rule that crashes becomes a ``controle-en-echec`` issue: the other rules still run.

A rule that reads the as-of date declares it (``uses_as_of=True``): when the date could not
be read (``dataset.as_of`` is None), it is skipped, and the validate stage says why.
"""

from __future__ import annotations

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
    uses_as_of: bool = False  # skipped when the dataset has no as-of date


_RULES: list[Rule] = []


def rule(description: str, resources: Iterable[str], uses_as_of: bool = False):
    """Register a business rule; `uses_as_of` when it reads ``dataset.as_of``."""

    def register(check: RuleFunction) -> RuleFunction:
        _RULES.append(Rule(check.__name__, description, tuple(resources), check, uses_as_of))
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


def report_dates_in_order(
    table: Table,
    first: str,
    last: str,
    issue_type: IssueType,
    message: Callable[[dict], str],
) -> list[Issue]:
    """One issue per row whose `last` date is before its `first` date, at the `last` cell."""
    offending = table.frame.filter(pl.col(last) < pl.col(first))
    return report_rows(table, offending, issue_type, last, message)


def registered_rules() -> list[Rule]:
    return list(_RULES)


def _applies(registered: Rule, dataset: Dataset) -> bool:
    if registered.uses_as_of and dataset.as_of is None:
        return False
    return all(resource in dataset for resource in registered.resources)


def run_rules(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    """Every applicable rule, each isolated: a crash is an issue, never a traceback."""
    issues: list[Issue] = []
    for registered in registered_rules():
        if not _applies(registered, dataset):
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


# One module per domain; each registers its rules when imported, here, after `rule` exists.
from pipelines.validate.rules import (  # noqa: F401
    communication,
    contracts,
    customers,
    invoice_archive,
    organisation,
    payments,
    price_lists,
    sales,
    sales_deliveries,
    sales_invoices,
    sales_orders,
    sales_quotes,
    staff,
    stock,
    suppliers,
    worktime,
    worktime_rest,
)
from pipelines.validate.rules import supplier_payments  # noqa: E402,F401
from pipelines.validate.rules import consumables  # noqa: E402,F401
from pipelines.validate.rules import purchasing  # noqa: E402,F401
from pipelines.validate.rules import purchase_invoices  # noqa: E402,F401
from pipelines.validate.rules import payroll_records  # noqa: E402,F401
from pipelines.validate.rules import payroll_checks  # noqa: E402,F401
