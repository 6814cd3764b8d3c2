from decimal import ROUND_HALF_UP, Decimal

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.compute.money import MONEY_DTYPE, product_to_cent
from pipelines.dataset import NUMBER_DTYPE


def products(pairs: list[tuple[str, str]]) -> list[Decimal]:
    frame = pl.DataFrame(
        {"a": [Decimal(a) for a, _ in pairs], "b": [Decimal(b) for _, b in pairs]},
        schema={"a": NUMBER_DTYPE, "b": NUMBER_DTYPE},
    )
    result = frame.select(p=product_to_cent(pl.col("a"), pl.col("b")))
    assert result.schema["p"] == MONEY_DTYPE
    return result["p"].to_list()


def test_half_up_where_half_even_would_round_down():
    # 5 × 0.025 = 0.125: half-up gives 0.13 (half-to-even would give 0.12)
    # 59.97 × 0.15 = 8.9955: 9.00, and not through a product rounded to 6 decimals
    assert products([("5", "0.025"), ("59.97", "0.15"), ("3", "3.105")]) == [
        Decimal("0.13"), Decimal("9.00"), Decimal("9.32"),
    ]


def test_below_half_a_cent_after_the_sixth_decimal_rounds_down():
    # 0.000001 × 4999.5 = 0.0049995: a product rounded to 6 decimals first would give 0.01
    assert products([("0.000001", "4999.5")]) == [Decimal("0.00")]


def test_negative_products_round_away_from_zero():
    assert products([("-2.5", "2.002"), ("-1", "0.005")]) == [Decimal("-5.01"), Decimal("-0.01")]


def test_nulls_stay_null():
    frame = pl.DataFrame({"a": [None], "b": [Decimal(1)]}, schema={"a": NUMBER_DTYPE, "b": NUMBER_DTYPE})
    assert frame.select(p=product_to_cent(pl.col("a"), pl.col("b")))["p"].to_list() == [None]


micro = st.decimals(min_value=Decimal("-1000000"), max_value=Decimal("1000000"), places=6)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(micro, micro), min_size=1, max_size=20))
def test_matches_decimal_half_up(pairs):
    expected = [(a * b).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) for a, b in pairs]
    assert products([(str(a), str(b)) for a, b in pairs]) == expected
