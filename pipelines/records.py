"""Facts about the records that the validate and compute stages share.

Presence of an employee (« Salariés »): present on a day when entered on or before it
(``date_entree``) and not exited before it. The exit date (``date_sortie``) is the last day
of the contract, as French labour practice reads it: the employee is still present that day,
and gone from the next one.

Financial year (« Organisation »): it starts on ``debut_exercice`` of the first row; the
stock and the consumables at that day are their ``stock_initial``.

Stock movements (« Mouvements »): the quantity is always positive and the movement ``type``
gives the direction. An unknown type has no direction (the schema already refuses it).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from pipelines.dataset import NUMBER_DTYPE, ROW_COLUMN, Dataset

ENTRY_TYPES = ("achat", "retour_client", "ajustement_plus")
EXIT_TYPES = ("vente", "retour_fournisseur", "perte", "casse", "ajustement_moins")
SUPPLIER_RETURN = "retour_fournisseur"  # goods sent back to their supplier (an avoir is due)
SALE = "vente"  # the exit that is consumption (reorder point) and cost of sales (rotation)
ADJUSTMENT_TYPES = ("ajustement_plus", "ajustement_moins")  # an inventory's regularisation
INCIDENT_TYPES = ("casse", "perte", "retour_fournisseur", "retour_client")  # broken, lost, returned
ENTRY, EXIT = "entrée", "sortie"

Day = date | pl.Expr


def in_force_on(day: Day, start: str = "date_debut", end: str = "date_fin") -> pl.Expr:
    """A dated record (contract, absence…) covers `day`: started on or before it, ending on or
    after it (no end: open). False when the start is missing."""
    started = pl.col(start).is_not_null() & (pl.col(start) <= day)
    return started & (pl.col(end).is_null() | (pl.col(end) >= day))


def left_before(day: Day) -> pl.Expr:
    """The employee's last day (``date_sortie``) is before `day`: gone on that day."""
    return pl.col("date_sortie").is_not_null() & (pl.col("date_sortie") < day)


def present_on(day: Day) -> pl.Expr:
    """The employee is present on `day`: entered on or before it, the exit day included."""
    return in_force_on(day, "date_entree", "date_sortie")


def movement_direction(kind: str = "type") -> pl.Expr:
    """« entrée » or « sortie » by movement type; null for a missing or unknown type."""
    directions = {**{t: ENTRY for t in ENTRY_TYPES}, **{t: EXIT for t in EXIT_TYPES}}
    return pl.col(kind).replace_strict(directions, default=None, return_dtype=pl.String)


def signed_quantity(quantity: str = "quantite", kind: str = "type") -> pl.Expr:
    """The movement's effect on the stock: + for an entry, − for an exit, 0 otherwise."""
    zero = pl.lit(0).cast(NUMBER_DTYPE)
    amount = pl.col(quantity).fill_null(zero)
    direction = movement_direction(kind)
    return (pl.when(direction == ENTRY).then(amount)
            .when(direction == EXIT).then(zero - amount)
            .otherwise(zero))


# The consumables' own movement types (moyens.xlsx › Consommations): a return to the store
# room is an entry, a return to the supplier an exit.
CONSUMABLE_STORE_RETURN, CONSUMABLE_SUPPLIER_RETURN = "retour_reserve", "retour_fournisseur"


def financial_year_first_day(dataset: Dataset) -> date | None:
    """Organisation.debut_exercice (first row), or None without it."""
    if "organisation" not in dataset:
        return None
    starts = dataset.frame("organisation").sort(ROW_COLUMN)["debut_exercice"].drop_nulls()
    return starts[0] if len(starts) else None


def financial_year_start(dataset: Dataset, as_of: date) -> date | None:
    """The first day of the financial year when it is on or before `as_of`; None otherwise."""
    start = financial_year_first_day(dataset)
    return start if start is not None and start <= as_of else None
