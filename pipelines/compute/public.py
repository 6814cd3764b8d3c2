"""The staff view of the records: every column marked sensitive is dropped.

The staff figures are computed from this view only, so a sensitive value (salary,
IBAN, social security number, health, a private person's address) cannot reach the
staff site: it is not in the data the staff pages are made from.
"""

from __future__ import annotations

from dataclasses import replace

from pipelines.dataset import Dataset, Table


def without_sensitive_columns(table: Table) -> Table:
    """The table without its sensitive columns (and nothing left marked sensitive)."""
    dropped = [name for name in table.frame.columns if name in table.sensitive]
    return replace(
        table,
        frame=table.frame.drop(dropped),
        letters={k: v for k, v in table.letters.items() if k not in table.sensitive},
        titles={k: v for k, v in table.titles.items() if k not in table.sensitive},
        sensitive=frozenset(),
    )


def without_sensitive(dataset: Dataset) -> Dataset:
    """The dataset as the staff may see it."""
    tables = {name: without_sensitive_columns(table) for name, table in dataset.tables.items()}
    return Dataset(tables, dataset.as_of)
