"""Scenarios for the rests and the night: daily rest, weekly rest, young workers at night."""

from datetime import date, timedelta

from pipelines.validate.rules import worktime_rest as rules

from .conftest import flat
from .test_worktime_rules import SHEET, born, clock


def test_daily_rest_of_eleven_hours(table, dataset, params):
    data = dataset(table("pointages", [
        clock("2026-03-02", "12:00", "21:00"),
        clock("2026-03-03", "07:00", "15:00"),   # 10 h of rest after 21:00: too short
        clock("2026-03-04", "08:00", "16:00"),   # 17 h of rest
        clock("2026-03-05", "03:00", "08:00", pause=0),  # exactly 11 h after 16:00
        clock("2026-03-09", "07:00", "15:00", matricule="S002"),  # another employee
    ]))
    issues = rules.daily_rest(data, params)
    assert flat(issues) == [(*SHEET, "C3", "repos-quotidien-insuffisant")]
    assert "après 10,00 h de repos seulement (minimum 11,00 h)" in issues[0].message


def test_a_night_in_two_rows_is_one_shift_and_its_rest_follows_it(table, dataset, params):
    data = dataset(table("pointages", [
        clock("2026-11-23", "08:30", "16:30"),
        clock("2026-11-24", "21:00", "23:59", pause=0, hours=3),
        clock("2026-11-25", "00:00", "05:00", pause=0),   # the same night: no rest at 23:59
        clock("2026-11-26", "08:30", "16:30"),             # 27,5 h after 05:00
        clock("2026-11-26", "21:00", "00:00", pause=0, hours=3),   # a night to midnight...
        clock("2026-11-27", "00:00", "04:00", pause=0),            # ... and on
        clock("2026-11-27", "12:00", "16:00", pause=0),    # 8 h after 04:00: too short
    ]))
    issues = rules.daily_rest(data, params)
    assert flat(issues) == [(*SHEET, "C8", "repos-quotidien-insuffisant")]
    assert issues[0].message == ("S001 reprend le 27/11/2026 à 12:00 après 8,00 h de repos "
                                 "seulement (minimum 11,00 h)")


def test_a_night_in_one_row_ends_the_next_morning(table, dataset, params):
    data = dataset(table("pointages", [
        clock("2026-03-02", "22:00", "06:00", pause=0, hours=8),
        clock("2026-03-03", "14:00", "18:00", pause=0),    # 8 h after 06:00
        clock("2026-03-04", "22:00", "06:00", pause=0, hours=5),   # refused: counts nowhere
        clock("2026-03-05", "08:00", "12:00", pause=0),
    ]))
    assert flat(rules.daily_rest(data, params)) == [(*SHEET, "C3", "repos-quotidien-insuffisant")]


def test_young_workers_rest_twelve_hours_and_fourteen_under_16(table, dataset, params):
    employees = table("salaries", born(("S009", "2009-06-01"), ("S020", "2011-06-01"),
                                       ("S010", "2008-03-03")))
    data = dataset(table("pointages", [
        clock("2026-03-02", "12:00", "21:00", matricule="S009"),
        clock("2026-03-03", "08:30", "16:30", matricule="S009"),   # 11 h 30 at 16
        clock("2026-03-04", "05:00", "09:00", pause=0, matricule="S009"),  # 12 h 30: fine
        clock("2026-03-02", "10:00", "18:00", matricule="S020"),
        clock("2026-03-03", "07:00", "15:00", matricule="S020"),   # 13 h at 14
        clock("2026-03-02", "12:00", "21:00", matricule="S010"),
        clock("2026-03-03", "08:30", "16:30", matricule="S010"),   # 11 h 30 on the 18th birthday
    ]), employees)
    issues = rules.daily_rest(data, params)
    assert flat(issues) == [(*SHEET, "C3", "repos-quotidien-jeune-insuffisant"),
                            (*SHEET, "C6", "repos-quotidien-jeune-insuffisant")]
    assert all(issue.blocking for issue in issues)
    assert [issue.message for issue in issues] == [
        ("S009, jeune travailleur de moins de 18 ans, reprend le 03/03/2026 à 08:30 après "
         "11,50 h de repos seulement (minimum 12,00 h)"),
        ("S020, jeune travailleur de moins de 16 ans, reprend le 03/03/2026 à 07:00 après "
         "13,00 h de repos seulement (minimum 14,00 h)")]


def days_from(monday: date, count: int, matricule="S002", start="08:00", end="16:00"):
    return [clock((monday + timedelta(days=i)).isoformat(), start, end, matricule=matricule)
            for i in range(count)]


def test_no_more_than_six_work_days_a_week(table, dataset, params):
    nights = []   # six nights, Monday to Saturday, each written as two rows
    for i in range(6):
        day = date(2026, 3, 2) + timedelta(days=i)
        nights += [clock(day.isoformat(), "21:00", "23:59", pause=0, hours=3, matricule="S007"),
                   clock((day + timedelta(days=1)).isoformat(), "00:00", "05:00", pause=0,
                         matricule="S007")]
    data = dataset(table("pointages",
                         days_from(date(2026, 3, 2), 7)                       # rows 2-8
                         + days_from(date(2026, 3, 9), 6)                     # rows 9-14
                         + nights))
    issues = rules.weekly_work_days(data, params)
    assert flat(issues) == [(*SHEET, "B8", "plus-de-six-jours-par-semaine")]
    assert issues[0].blocking
    assert issues[0].message == ("S002 travaille 7 jours la semaine du 02/03/2026 au 08/03/2026, "
                                 "au-delà du maximum de 6 : le 08/03/2026 est un jour de trop")


def test_a_weekly_rest_of_35_hours(table, dataset, params):
    short = (days_from(date(2026, 3, 2), 5, "S002")                           # rows 2-6
             + [clock("2026-03-07", "14:00", "22:00", matricule="S002")]      # row 7
             + days_from(date(2026, 3, 9), 5, "S002", start="06:00", end="14:00"))  # 32 h rest
    enough = (days_from(date(2026, 3, 2), 6, "S003", end="17:00")    # Sat 17:00 → Mon 08:00
              + days_from(date(2026, 3, 9), 5, "S003"))
    straddling = (days_from(date(2026, 3, 2), 5, "S004", end="17:00")   # Fri 17:00 → Tue
                  + days_from(date(2026, 3, 10), 6, "S004")              # Tuesday to Sunday
                  + days_from(date(2026, 3, 16), 5, "S004"))
    seven = days_from(date(2026, 3, 2), 7, "S005")               # reported as seven days only
    data = dataset(table("pointages", short + enough + straddling + seven))
    issues = rules.weekly_rest(data, params)
    assert flat(issues) == [(*SHEET, "B7", "repos-hebdomadaire-insuffisant")]
    assert not issues[0].blocking
    assert issues[0].message == (
        "S002 n'a aucun repos de 35,00 h consécutives la semaine du 02/03/2026 au 08/03/2026 "
        "(24,00 h de repos hebdomadaire plus 11,00 h de repos quotidien)")


def test_young_workers_do_not_work_at_night(table, dataset, params):
    employees = table("salaries", born(("S009", "2009-06-01"), ("S020", "2011-06-01"),
                                       ("S010", "2008-03-06"), ("S001", "1980-01-01")))
    data = dataset(table("pointages", [
        clock("2026-03-02", "14:00", "23:00", matricule="S009"),   # until 23:00 at 16
        clock("2026-03-03", "05:00", "12:00", matricule="S009"),   # from 05:00
        clock("2026-03-04", "13:00", "22:00", matricule="S009"),   # until 22:00: allowed
        clock("2026-03-05", "12:00", "21:00", matricule="S020"),   # until 21:00 at 14
        clock("2026-03-06", "22:00", "06:00", pause=0, hours=8, matricule="S010"),  # 18 that day
        clock("2026-03-02", "22:00", "06:00", pause=0, hours=8, matricule="S001"),
    ]), employees)
    issues = rules.young_night_work(data, params)
    assert flat(issues) == [(*SHEET, "C3", "travail-de-nuit-jeune"),
                            (*SHEET, "D2", "travail-de-nuit-jeune"),
                            (*SHEET, "D5", "travail-de-nuit-jeune")]
    assert not any(issue.blocking for issue in issues)
    by_cell = {issue.flat()[2]: issue.message for issue in issues}
    assert by_cell["D2"] == ("S009, jeune travailleur de moins de 18 ans, travaille le "
                             "02/03/2026 de 14:00 à 23:00, en partie la nuit (22:00 – 06:00) : "
                             "il faut une dérogation")
    assert "moins de 16 ans" in by_cell["D5"] and "(20:00 – 06:00)" in by_cell["D5"]
