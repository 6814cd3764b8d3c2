"""How timesheet rows make shifts and work days, and who is a young worker."""

from datetime import date, datetime
from decimal import Decimal

import polars as pl

from pipelines.dataset import NUMBER_DTYPE
from pipelines.validate.rules import worktime_periods as periods
from pipelines.validate.rules.worktime_periods import with_ages, work_days

from .test_worktime_rules import born, clock


def test_rows_touching_at_midnight_make_one_work_day_of_the_first_date(table):
    days = work_days(table("pointages", [
        clock("2026-11-24", "08:00", "12:00", pause=0),
        clock("2026-11-24", "13:00", "16:00", pause=0),            # after lunch: same day
        clock("2026-11-25", "21:00", "23:59", pause=0, hours=3),
        clock("2026-11-26", "00:00", "05:00", pause=0),            # the night of the 25th
        clock("2026-11-27", "22:00", "06:00", pause=0, hours=8),   # one row to the 28th
    ]))
    columns = ("jour", "arrivee", "depart", "minutes", "premiere_ligne", "_ligne")
    assert days.select(columns).rows() == [
        (date(2026, 11, 24), datetime(2026, 11, 24, 8), datetime(2026, 11, 24, 16), 420, 2, 3),
        (date(2026, 11, 25), datetime(2026, 11, 25, 21), datetime(2026, 11, 26, 5), 480, 4, 5),
        (date(2026, 11, 27), datetime(2026, 11, 27, 22), datetime(2026, 11, 28, 6), 480, 6, 6),
    ]


def test_young_until_the_day_before_the_birthday(table, dataset, params):
    data = dataset(table("salaries", born(("S009", "2008-03-10"), ("S020", "2010-03-10"))))
    frame = pl.DataFrame({"matricule": ["S009", "S009", "S020", "S020", "S099"],
                          "jour": [date(2026, 3, 9), date(2026, 3, 10), date(2026, 3, 9),
                                   date(2026, 3, 10), date(2026, 3, 9)]})
    aged = with_ages(frame, data, params, "jour")
    assert aged.select("jeune", "moins_de_16").rows() == [
        (True, False), (False, False), (True, True), (True, False), (False, False)]


def test_declared_hours_are_rounded_half_up_to_the_minute():
    declared = pl.DataFrame({"heures": [Decimal("0.175"), Decimal("0.275"), Decimal("7.508333")]},
                            schema={"heures": NUMBER_DTYPE})
    # 10.5 and 16.5 minutes: half a minute goes up (half-to-even would give 10 and 16)
    assert declared.select(periods.declared_minutes())["heures"].to_list() == [11, 17, 450]
