"""Scenarios for the working-time rules: timesheets and absences."""

import shutil
from datetime import date, timedelta

from pipelines.law import Parameters
from pipelines.law.parameters_loader import PARAMETERS_DIR
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


def test_end_must_follow_start_unless_a_night_with_its_hours(table, dataset, params):
    data = dataset(table("pointages", [
        clock("2026-03-02", "08:00", "16:00"),
        clock("2026-03-03", "22:00", "06:00", pause=0, hours=8),    # a night: accepted
        clock("2026-03-04", "22:00", "06:00", pause=30, hours=8),   # 7 h 30 across midnight
        clock("2026-03-05", "22:00", "06:00", pause=0, hours=None) | {"heures": None},
        clock("2026-03-06", "09:00", "09:00", pause=0, hours=0),
    ]))
    issues = rules.end_after_start(data, params)
    assert flat(issues) == [(*SHEET, "D4", "pointage-fin-avant-debut"),
                            (*SHEET, "D5", "pointage-fin-avant-debut"),
                            (*SHEET, "D6", "pointage-fin-avant-debut")]
    assert issues[0].message == ("pointage du 04/03/2026 : fin à 06:00, début à 22:00 ; pour un "
                                 "poste de nuit jusqu'au lendemain, les heures doivent valoir "
                                 "7,50 h")
    assert issues[2].message == "pointage du 06/03/2026 : fin à 09:00, début à 09:00"


def test_a_night_row_is_never_an_hours_mismatch(table, dataset, params):
    data = dataset(table("pointages", [
        clock("2026-03-03", "22:00", "06:00", pause=0, hours=8),
        clock("2026-03-04", "22:00", "06:00", pause=0, hours=7),    # refused once, at its end
    ]))
    assert rules.hours_match_times(data, params) == []


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


def test_a_night_shift_counts_for_the_day_it_starts(table, dataset, params):
    data = dataset(table("pointages", [
        clock("2026-03-02", "18:00", "23:59", pause=0),           # 5,98 h ...
        clock("2026-03-03", "00:00", "06:00", pause=0),           # ... + 6 h: one night
        clock("2026-03-04", "20:00", "06:00", pause=0, hours=10),  # 10 h in one row: the max
        clock("2026-03-05", "19:00", "06:00", pause=0, hours=11),  # 11 h in one row
    ]))
    issues = rules.daily_maximum(data, params)
    assert flat(issues) == [(*SHEET, "F3", "duree-quotidienne-depassee"),
                            (*SHEET, "F5", "duree-quotidienne-depassee")]
    assert issues[0].message == ("S001 a travaillé 11,98 h le 02/03/2026, au-delà du maximum "
                                 "de 10,00 h")


def born(*people):
    """Employees by (matricule, birth date)."""
    return [{"matricule": matricule, "date_naissance": birth} for matricule, birth in people]


def test_a_young_worker_may_not_work_more_than_eight_hours_a_day(table, dataset, params):
    employees = table("salaries", born(("S009", "2010-03-15"), ("S010", "2008-03-10"),
                                       ("S011", "2008-02-29")))
    timesheets = table("pointages", [
        clock("2026-03-02", "08:00", "18:00", matricule="S009"),   # 9 h at 15
        clock("2026-03-03", "08:00", "17:00", matricule="S009"),   # 8 h: the maximum
        clock("2026-03-09", "08:00", "18:00", matricule="S010"),   # 9 h, the eve of 18
        clock("2026-03-10", "08:00", "18:00", matricule="S010"),   # 9 h on the 18th birthday
        clock("2026-03-11", "07:00", "19:00", matricule="S010"),   # 11 h as an adult
        clock("2026-02-28", "08:00", "18:00", matricule="S011"),   # born 29/02: still 17
        clock("2026-03-02", "08:00", "18:00", matricule="S011"),   # 1 March: 18
    ])
    issues = rules.daily_maximum(dataset(timesheets, employees), params)
    assert flat(issues) == [(*SHEET, "F2", "duree-quotidienne-jeune-depassee"),
                            (*SHEET, "F4", "duree-quotidienne-jeune-depassee"),
                            (*SHEET, "F6", "duree-quotidienne-depassee"),
                            (*SHEET, "F7", "duree-quotidienne-jeune-depassee")]
    young = next(i for i in issues if i.flat()[2] == "F2")
    assert young.blocking
    assert young.message == ("S009, jeune travailleur de moins de 18 ans, a travaillé 9,00 h le "
                             "02/03/2026, au-delà de son maximum de 8,00 h")
    assert not any("2010" in i.message or "2008" in i.message for i in issues)


def test_without_the_staff_sheet_everyone_is_an_adult(table, dataset, params):
    data = dataset(table("pointages", [clock("2026-03-02", "08:00", "18:00", matricule="S009")]))
    assert rules.daily_maximum(data, params) == []


def test_a_young_worker_may_not_work_more_than_35_hours_a_week(table, dataset, params):
    employees = table("salaries", born(("S009", "2010-03-15"), ("S010", "2008-03-11")))
    long_week = [clock(d.isoformat(), "08:00", "16:30", matricule=m)    # 7,5 h × 5 = 37,5 h
                 for m in ("S009", "S001") for d in weekdays(date(2026, 3, 2), 5)]
    legal_week = [clock(d.isoformat(), "08:00", "16:00", matricule="S009")   # 7 h × 5 = 35 h
                  for d in weekdays(date(2026, 3, 9), 5)]
    turning_18 = [clock(d.isoformat(), "08:00", "16:30", matricule="S010")   # 18 on Wednesday
                  for d in weekdays(date(2026, 3, 9), 5)]
    data = dataset(table("pointages", long_week + legal_week + turning_18), employees)
    issues = rules.weekly_maximum(data, params)
    assert flat(issues) == [(*SHEET, "F21", "duree-hebdomadaire-jeune-depassee"),
                            (*SHEET, "F6", "duree-hebdomadaire-jeune-depassee")]
    assert issues[0].flat()[2] == "F6"
    assert issues[0].message == ("S009, jeune travailleur de moins de 18 ans, a travaillé 37,50 h "
                                 "la semaine du 02/03/2026 au 08/03/2026, au-delà de son "
                                 "maximum de 35,00 h")


def part_time_contracts(table):
    return table("contrats", [
        {"id_contrat": "CT0001", "matricule": "S005", "date_debut": "2020-01-06",
         "date_fin": "2026-03-31", "temps_travail": "temps partiel", "heures_hebdo": 24},
        {"id_contrat": "CT0002", "matricule": "S005", "date_debut": "2026-04-01",
         "temps_travail": "temps plein", "heures_hebdo": 35},
        {"id_contrat": "CT0003", "matricule": "S001", "date_debut": "2020-01-06",
         "temps_travail": "temps plein", "heures_hebdo": 35},
    ])


def week_of(monday: date, *ends: str, matricule="S005"):
    """One row a day from `monday`, 08:00 to each end, without pause."""
    return [clock((monday + timedelta(days=i)).isoformat(), "08:00", end, pause=0,
                  matricule=matricule) for i, end in enumerate(ends)]


def test_complementary_hours_of_a_part_timer(table, dataset, params):
    rows = (week_of(date(2026, 3, 2), "16:48", "16:48", "16:48")        # 26,4 h: the tenth
            + week_of(date(2026, 3, 9), "15:00", "15:00", "15:00", "15:00")   # 28 h
            + week_of(date(2026, 3, 16), "17:00", "17:00", "17:00", "14:00")  # 33 h
            + week_of(date(2026, 3, 23), "17:00", "17:00", "17:00", "17:00")  # 36 h
            + week_of(date(2026, 4, 6), "17:00", "17:00", "17:00", "17:00")   # full time now
            + week_of(date(2026, 3, 2), "18:00", "18:00", "18:00", "18:00", matricule="S001"))
    data = dataset(table("pointages", rows), part_time_contracts(table))
    issues = rules.complementary_hours(data, params)
    assert flat(issues) == [(*SHEET, "F12", "heures-complementaires-au-dela-du-tiers"),
                            (*SHEET, "F16", "temps-partiel-duree-legale-atteinte"),
                            (*SHEET, "F8", "heures-complementaires-au-dela-du-dixieme")]
    by_cell = {issue.flat()[2]: issue for issue in issues}
    assert not by_cell["F8"].blocking and by_cell["F12"].blocking and by_cell["F16"].blocking
    assert by_cell["F8"].message == (
        "S005 a travaillé 28,00 h la semaine du 09/03/2026 au 15/03/2026 pour un temps partiel "
        "de 24\u00a0h : au-delà du dixième de la durée du contrat (26,40 h au plus) ; seul un "
        "accord collectif peut porter la limite jusqu'au tiers (32,00 h)")
    assert by_cell["F12"].message.endswith(
        ": au-delà du tiers de la durée du contrat (32,00 h au plus), qu'aucun accord ne peut "
        "dépasser")
    assert by_cell["F16"].message == (
        "S005 a travaillé 36,00 h la semaine du 23/03/2026 au 29/03/2026 pour un temps partiel "
        "de 24 h : les heures complémentaires ne peuvent pas atteindre la durée légale de "
        "35,00 h")


def test_complementary_hours_follow_the_contract_in_force(table, dataset, params):
    contracts = part_time_contracts(table)
    rows = week_of(date(2026, 3, 30), "17:00", "17:00", "17:00", "17:00")   # 36 h, Tue: CT0002
    assert rules.complementary_hours(dataset(table("pointages", rows), contracts), params) == []


def test_the_length_of_the_average_comes_from_the_parameters(table, dataset, tmp_path):
    """Were the law to average over 4 weeks, the first full window would end on 1 February."""
    copy = tmp_path / "parameters"
    shutil.copytree(PARAMETERS_DIR, copy)
    weeks = copy / "travail" / "duree_maximale" / "hebdomadaire_moyenne_semaines.yaml"
    weeks.write_text(weeks.read_text(encoding="utf-8").replace("value: 12", "value: 4"),
                     encoding="utf-8")
    rows = [clock(day.isoformat(), "08:00", "18:00")
            for week in range(6) for day in weekdays(date(2026, 1, 5) + timedelta(weeks=week), 5)]
    issues = rules.twelve_week_average(dataset(table("pointages", rows)), Parameters(copy))
    assert flat(issues) == [(*SHEET, "F21", "moyenne-12-semaines-depassee")]
    assert "45,00 h par semaine en moyenne du 05/01/2026 au 01/02/2026" in issues[0].message
