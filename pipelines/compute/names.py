"""Employees' names beside the matricules a figure holds (author, salesperson, manager…).

One join, used by every figure that names a person: the matricule in `key` is looked up in
« Salariés » (first row of a matricule), and the fields are added; they are null when the
sheet is missing or the matricule unknown.
"""

from __future__ import annotations

import polars as pl


def full_name() -> pl.Expr:
    """« Prénom Nom » from the « Salariés » columns; null when both are empty."""
    name = pl.concat_str("prenom", "nom", separator=" ", ignore_nulls=True)
    return pl.when(name == "").then(pl.lit(None, pl.String)).otherwise(name)


def with_employee_fields(frame: pl.DataFrame, salaries: pl.DataFrame | None, key: str,
                         fields: dict[str, pl.Expr]) -> pl.DataFrame:
    """`frame` with each of `fields` (column → expression over « Salariés ») of the employee
    whose matricule is in `key`."""
    if salaries is None:
        return frame.with_columns(**{column: pl.lit(None, pl.String) for column in fields})
    looked_up = salaries.select(pl.col("matricule").alias(key), **fields).unique(
        key, keep="first", maintain_order=True
    )
    return frame.join(looked_up, on=key, how="left", maintain_order="left")


def with_employee_name(frame: pl.DataFrame, salaries: pl.DataFrame | None, key: str,
                       column: str) -> pl.DataFrame:
    """`frame` with `column`: « Prénom Nom » of the employee whose matricule is in `key`."""
    return with_employee_fields(frame, salaries, key, {column: full_name()})


def with_first_and_last_name(frame: pl.DataFrame, salaries: pl.DataFrame | None,
                             key: str = "matricule") -> pl.DataFrame:
    """`frame` with the employee's `nom` and `prenom`, apart (for sorting by name)."""
    return with_employee_fields(frame, salaries, key,
                                {"nom": pl.col("nom"), "prenom": pl.col("prenom")})
