"""The shared facts of `pipelines.records`: presence on a day, direction of a movement."""

from datetime import date
from decimal import Decimal

import polars as pl

from pipelines.dataset import NUMBER_DTYPE
from pipelines.records import (
    ENTRY_TYPES,
    EXIT_TYPES,
    in_force_on,
    left_before,
    movement_direction,
    present_on,
    signed_quantity,
)

DAY = date(2026, 11, 30)
STAFF = pl.DataFrame({
    "matricule": ["S001", "S002", "S003", "S004", "S005", "S006"],
    "date_entree": [date(2020, 1, 6), date(2020, 1, 6), date(2020, 1, 6), DAY,
                    date(2026, 12, 1), None],
    "date_sortie": [None, DAY, date(2026, 11, 29), None, None, None],
})


def test_the_exit_day_is_the_last_day_of_presence():
    present = STAFF.filter(present_on(DAY))["matricule"].to_list()
    assert present == ["S001", "S002", "S004"]  # S002 leaves that day, S004 arrives that day
    assert STAFF.filter(left_before(DAY))["matricule"].to_list() == ["S003"]


def test_presence_on_each_row_s_own_day():
    rows = STAFF.with_columns(jour=pl.lit(date(2026, 11, 29)))
    assert rows.filter(present_on(pl.col("jour")))["matricule"].to_list() == ["S001", "S002", "S003"]


def test_a_record_in_force_from_its_start_to_its_end_both_included():
    contracts = pl.DataFrame({"date_debut": [DAY, date(2026, 1, 1), date(2026, 1, 1), None],
                              "date_fin": [None, DAY, date(2026, 11, 29), None]})
    assert contracts.select(in_force_on(DAY))["date_debut"].to_list() == [True, True, False, False]


def test_the_movement_type_gives_the_direction_and_the_sign():
    kinds = [*ENTRY_TYPES, *EXIT_TYPES, "vol", None]
    movements = pl.DataFrame({"type": kinds, "quantite": [Decimal(2)] * len(kinds)},
                             schema={"type": pl.String, "quantite": NUMBER_DTYPE})
    result = movements.select(sens=movement_direction(), effet=signed_quantity())
    assert result["sens"].to_list() == ["entrée"] * 3 + ["sortie"] * 5 + [None, None]
    assert result["effet"].to_list() == [Decimal(2)] * 3 + [Decimal(-2)] * 5 + [Decimal(0)] * 2
