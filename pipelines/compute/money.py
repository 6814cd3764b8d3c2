"""Exact money arithmetic on polars Decimal columns.

Polars 2.1 rounds a Decimal product to the larger scale of its operands (and its
`round()` is half-to-even), so a product of a quantity by a unit cost is done here in
integers: both operands in millionths (the scale of the dataset's numbers), their
product in 10⁻¹² units (Int128), then rounded half-up — away from zero — to the cent.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from pipelines.dataset import NUMBER_DTYPE

MONEY_DTYPE = pl.Decimal(38, 2)
_MICRO = 10**6  # the dataset's numbers have 6 decimals
_PRODUCT_PER_CENT = 10**10  # a product of two micro-units counts 10⁻¹²; a cent is 10⁻²
_CENT = Decimal("0.01")


def in_micro_units(expr: pl.Expr) -> pl.Expr:
    """A dataset number (6 decimals) as an exact integer count of millionths."""
    return (expr.cast(NUMBER_DTYPE) * _MICRO).cast(pl.Int128)


def cents_to_money(cents: pl.Expr) -> pl.Expr:
    """An integer number of cents as an exact Decimal amount with 2 decimals."""
    return cents.cast(MONEY_DTYPE) * pl.lit(_CENT, dtype=MONEY_DTYPE)


def product_to_cent(left: pl.Expr, right: pl.Expr) -> pl.Expr:
    """left × right, exact, rounded half-up (away from zero) to the cent."""
    product = in_micro_units(left) * in_micro_units(right)
    cents = (product.abs() + _PRODUCT_PER_CENT // 2) // _PRODUCT_PER_CENT * product.sign()
    return cents_to_money(cents)


def zero() -> pl.Expr:
    """A Decimal zero with the dataset's number type."""
    return pl.lit(Decimal(0), dtype=NUMBER_DTYPE)


def to_cent(amount: Decimal) -> Decimal:
    """An amount rounded half-up (away from zero on a tie) to the cent."""
    return amount.quantize(_CENT, rounding=ROUND_HALF_UP)
