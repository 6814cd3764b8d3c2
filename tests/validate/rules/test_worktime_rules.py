"""Scenarios for the working-time rules: timesheets and absences."""

from datetime import date, timedelta

from pipelines.validate.rules import worktime as rules

from .conftest import flat

SHEET = ("temps.xlsx", "Pointages")
ABSENCES = ("temps.xlsx", "Absences")


def clock(day, start, end, pause=60, hours=None, matricule="S001", **values):
    """One timesheet row; ``hours`` defaults to end − start − pause."""
    if hours is None:
        h1, m1 = map(int, start.split(":"))
        h2, m2 = map(int, end.split(":"))
        hours = ((h2 * 60 + m2) - (h1 * 60 + m1) - pause) / 60
    return {"matricule": matricule, "date": day, "debut": start, "fin": end,
            "pause_minutes": pause, "heures": round(hours, 2), **values}


def weekdays(start: date, count: int) -> list[date]:
    days, day = [], start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def test_end_must_follow_start(table, dataset, params):
    data = dataset(table("pointages", [
        clock("2026-03-02", "08:00", "16:00"),
        clock("2026-03-03", "22:00", "06:00", pause=0, hours=8),  # crosses midnight
        clock("2026-03-04", "09:00", "09:00", pause=0, hours=0),
    ]))
    assert flat(rules.end_after_start(data, params)) == [
        (*SHEET, "D3", "pointage-fin-avant-debut"), (*SHEET, "D4", "pointage-fin-avant-debut")]


def test_hours_match_the_times_within_a_minute(table, dataset, params):
    data = dataset(table("pointages", [
        clock("2026-03-02", "08:00", "17:00"),                 # 8 h: right
        clock("2026-03-03", "08:00", "17:00", hours=9),        # the pause was forgotten
        clock("2026-03-04", "08:00", "15:20", hours=6.33),     # 6 h 20 rounded: 0.2 min off
        clock("2026-03-05", "08:00", "17:00", pause=None, hours=9),  # no pause written
    ]))
    issues = rules.hours_match_times(data, params)
    assert flat(issues) == [(*SHEET, "F3", "heures-incoherentes")]
    assert "08:00 → 17:00 moins 60 min de pause font 8,00 h" in issues[0].message


def test_day_above_ten_hours(table, dataset, params):
    data = dataset(table("pointages", [
        clock("2026-03-02", "07:00", "18:00"),                 # 10 h: the maximum
        clock("2026-03-03", "07:00", "12:00", pause=0),
        clock("2026-03-03", "13:00", "19:30", pause=30),       # 5 + 6 = 11 h over two rows
    ]))
    issues = rules.daily_maximum(data, params)
    assert flat(issues) == [(*SHEET, "F4", "duree-quotidienne-depassee")]
    assert issues[0].blocking
    assert "11,00 h" in issues[0].message


def test_week_above_48_hours(table, dataset, params):
    heavy = [clock(d.isoformat(), "07:00", "17:00") for d in weekdays(date(2026, 3, 2), 5)]
    saturday = clock("2026-03-07", "08:00", "09:00", pause=0)   # 45 + 1 = 46 h: fine
    long_week = [clock(d.isoformat(), "07:00", "17:00") for d in weekdays(date(2026, 3, 9), 5)]
    long_saturday = clock("2026-03-14", "08:00", "12:00", pause=0)  # 45 + 4 = 49 h
    data = dataset(table("pointages", heavy + [saturday] + long_week + [long_saturday]))
    issues = rules.weekly_maximum(data, params)
    assert flat(issues) == [(*SHEET, "F13", "duree-hebdomadaire-depassee")]
    assert "49,00 h la semaine du 09/03/2026 au 15/03/2026" in issues[0].message


def test_twelve_week_average_above_44_hours(table, dataset, params):
    # 45 h weeks (5 × 9 h) from 5 January, for 14 weeks, then 35 h weeks.
    rows = []
    for week in range(18):
        hours_end = "18:00" if week < 14 else "16:00"
        for day in weekdays(date(2026, 1, 5) + timedelta(weeks=week), 5):
            rows.append(clock(day.isoformat(), "08:00", hours_end))
    data = dataset(table("pointages", rows))
    issues = rules.twelve_week_average(data, params)
    # The first full window ends in week 12 (23 March): one warning for the whole streak.
    assert flat(issues) == [(*SHEET, "F61", "moyenne-12-semaines-depassee")]
    assert not issues[0].blocking
    assert "45,00 h par semaine en moyenne du 05/01/2026 au 29/03/2026" in issues[0].message


def test_twelve_week_average_counts_weeks_off_as_zero(table, dataset, params):
    rows = []
    for week in range(12):
        if week == 5:
            continue  # a week of leave: (11 × 45) / 12 = 41.25 h
        for day in weekdays(date(2026, 1, 5) + timedelta(weeks=week), 5):
            rows.append(clock(day.isoformat(), "08:00", "18:00"))
    data = dataset(table("pointages", rows))
    assert flat(rules.twelve_week_average(data, params)) == []


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


def test_work_on_a_day_of_absence(table, dataset, params):
    timesheets = table("pointages", [
        clock("2026-03-09", "08:00", "16:00", matricule="S013"),   # sick leave: warning
        clock("2026-03-20", "08:00", "16:00", matricule="S013"),   # after it: fine
        clock("2026-03-10", "08:00", "16:00", matricule="S002"),   # someone else: fine
        clock("2026-10-12", "08:00", "16:00", matricule="S014"),   # training is work: fine
        clock("2026-05-22", "08:00", "12:00", pause=0, matricule="S002"),  # half day: fine
    ])
    absences = table("absences", [
        {"id_absence": "A0001", "matricule": "S013", "type": "maladie",
         "date_debut": "2026-03-09", "date_fin": "2026-03-18", "jours": 8},
        {"id_absence": "A0002", "matricule": "S014", "type": "formation",
         "date_debut": "2026-10-12", "date_fin": "2026-10-13", "jours": 2},
        {"id_absence": "A0003", "matricule": "S002", "type": "RTT",
         "date_debut": "2026-05-22", "date_fin": "2026-05-22", "jours": "0.5"},
    ])
    issues = rules.work_during_absence(dataset(timesheets, absences), params)
    assert flat(issues) == [(*SHEET, "B2", "pointage-pendant-absence")]
    assert "maladie" not in issues[0].message  # the reason of an absence is sensitive


def test_work_before_entry_or_after_exit(table, dataset, params):
    employees = table("salaries", [
        {"matricule": "S011", "date_entree": "2026-03-02"},
        {"matricule": "S015", "date_entree": "2020-01-06", "date_sortie": "2026-06-30"},
    ])
    timesheets = table("pointages", [
        clock("2026-02-27", "08:00", "16:00", matricule="S011"),
        clock("2026-03-02", "08:00", "16:00", matricule="S011"),
        clock("2026-06-30", "08:00", "16:00", matricule="S015"),
        clock("2026-07-01", "08:00", "16:00", matricule="S015"),
    ])
    assert flat(rules.work_within_employment(dataset(timesheets, employees), params)) == [
        (*SHEET, "B2", "pointage-hors-presence"), (*SHEET, "B5", "pointage-hors-presence")]


def absence(number, matricule, start, end, kind="congés payés"):
    return {"id_absence": f"A{number:04d}", "matricule": matricule, "type": kind,
            "date_debut": start, "date_fin": end}


def test_absence_end_before_start(table, dataset, params):
    data = dataset(table("absences", [absence(1, "S001", "2026-08-14", "2026-08-03"),
                                      absence(2, "S001", "2026-08-03", "2026-08-03")]))
    assert flat(rules.absence_dates(data, params)) == [(*ABSENCES, "E2", "absence-fin-avant-debut")]


def test_overlapping_absences_of_one_employee(table, dataset, params):
    data = dataset(table("absences", [
        absence(1, "S001", "2026-07-06", "2026-07-24"),
        absence(2, "S001", "2026-07-27", "2026-07-31"),          # right after: fine
        absence(3, "S001", "2026-07-15", "2026-07-15", "RTT"),   # inside the first: reported
        absence(4, "S002", "2026-07-06", "2026-07-24"),          # another employee: fine
        absence(5, "S001", "2026-07-31", "2026-08-07"),          # shares the 31st with A0002
    ]))
    issues = rules.overlapping_absences(data, params)
    assert flat(issues) == [(*ABSENCES, "D4", "absences-chevauchantes"),
                            (*ABSENCES, "D6", "absences-chevauchantes")]
    assert "jusqu'au 24/07/2026" in issues[0].message
