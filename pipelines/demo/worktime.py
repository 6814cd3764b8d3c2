"""Timesheets and absences: the « Pointages » and « Absences » sheets.

One timesheet row per employee and worked day of 2026 up to the as-of date. Full-time
staff work 35 h (five 7 h days) or 39 h (four 8 h days and a 7 h Friday); the part-time
adviser works Monday, Tuesday and Thursday; the apprentice is at school on Fridays.
Public holidays and absences are off. The workshop's summer rush gives overtime weeks,
and the refrigeration technician S007 works 45 h weeks from June to August (a 12-week
average above 44 h, which the validation reports as a warning). The part-time adviser
S005 works complementary hours in five weeks of October and November: three weeks of 26 h
(within the tenth of her 24 h) and two of 29 h (beyond it, a warning, under the third).
Someone who has left (the seasonal technician) clocks in only between his entry and exit
days and takes no leave: his paid leave is paid with his last salary.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from pipelines.demo.workdays import monday, working_days
from pipelines.demo.settings import AS_OF, FISCAL_START

RUSH_TECHNICIAN = "S007"
RUSH = (date(2026, 6, 1), date(2026, 8, 28))
PART_TIMER = "S005"
# Complementary hours of the part-timer (minutes added to her planned day): 2 h in three
# weeks (26 h: within the tenth of 24 h), 5 h in two weeks (29 h: beyond the tenth).
COMPLEMENTARY_MINUTES = {
    date(2026, 10, 6): 120, date(2026, 10, 22): 120, date(2026, 11, 10): 120,
    date(2026, 10, 12): 120, date(2026, 10, 13): 90, date(2026, 10, 15): 90,
    date(2026, 11, 16): 120, date(2026, 11, 17): 90, date(2026, 11, 19): 90,
}
HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class Absence:
    matricule: str
    kind: str
    start: date
    end: date
    justified: bool | None = None
    comment: str | None = None


# Minutes of work by weekday (0 = Monday), per profile; every day has a 60-minute pause.
_DAY_39 = {0: 480, 1: 480, 2: 480, 3: 480, 4: 420}
_DAY_35 = {0: 420, 1: 420, 2: 420, 3: 420, 4: 420}
_DAY_PART_TIME = {0: 480, 1: 480, 3: 480}
_DAY_APPRENTICE = {0: 420, 1: 420, 2: 420, 3: 420}


def daily_minutes(contract: dict, categorie: str) -> dict[int, int]:
    """Planned minutes of work by weekday (0 = Monday) for a contract."""
    if categorie == "apprenti":
        return _DAY_APPRENTICE
    if contract["temps_travail"] == "temps partiel":
        return _DAY_PART_TIME
    return _DAY_39 if contract["heures_hebdo"] >= 39 else _DAY_35


def _fixed_absences(matricule: str) -> list[Absence]:
    scripted = {
        "S007": [Absence("S007", "congés payés", date(2026, 9, 7), date(2026, 9, 18))],
        "S013": [Absence("S013", "maladie", date(2026, 3, 9), date(2026, 3, 18), True,
                         "Arrêt de travail initial")],
        "S002": [Absence("S002", "événement familial", date(2026, 10, 5), date(2026, 10, 7), True,
                         "Congé de naissance")],
        "S014": [Absence("S014", "formation", date(2026, 10, 12), date(2026, 10, 13), True,
                         "Formation DSN et paie 2027"),
                 Absence("S014", "congé sans solde", date(2026, 5, 4), date(2026, 5, 5),
                         comment="Convenance personnelle")],
    }
    return scripted.get(matricule, [])


def _overlaps(candidate: Absence, taken: list[Absence]) -> bool:
    return any(candidate.start <= a.end and a.start <= candidate.end for a in taken)


def _try_add(taken: list[Absence], candidate: Absence, entry: date) -> None:
    if candidate.start >= entry and not _overlaps(candidate, taken):
        taken.append(candidate)


def employee_absences(rng: random.Random, employee: dict, hours: int) -> list[Absence]:
    matricule, entry = employee["matricule"], employee["date_entree"]
    taken = list(_fixed_absences(matricule))
    if employee["date_sortie"] is not None:  # gone: no leave drawn
        return taken
    if matricule != RUSH_TECHNICIAN:
        start = rng.choice((date(2026, 7, 6), date(2026, 7, 13), date(2026, 7, 20),
                            date(2026, 7, 27), date(2026, 8, 3)))
        _try_add(taken, Absence(matricule, "congés payés", start, start + timedelta(days=18)), entry)
    start = rng.choice((date(2026, 2, 16), date(2026, 2, 23), date(2026, 4, 13), date(2026, 4, 20)))
    _try_add(taken, Absence(matricule, "congés payés", start, start + timedelta(days=4)), entry)
    if rng.random() < 0.5:
        _try_add(taken, Absence(matricule, "congés payés", date(2026, 12, 21), date(2026, 12, 31),
                                comment="Congés de fin d'année (prévus)"), entry)
    if hours >= 39:
        for day in rng.sample(working_days(date(2026, 1, 5), date(2026, 11, 27)), 6):
            _try_add(taken, Absence(matricule, "RTT", day, day), entry)
    if int(matricule[1:]) > 14 and rng.random() < 0.15:
        day = rng.choice(working_days(date(2026, 1, 5), date(2026, 11, 20)))
        _try_add(taken, Absence(matricule, "maladie", day, day + timedelta(days=2), True), entry)
    return sorted(taken, key=lambda a: a.start)


def absence_rows(absences: list[Absence]) -> list[dict]:
    ordered = sorted(absences, key=lambda a: (a.matricule, a.start))
    return [{
        "id_absence": f"A{number:04d}", "matricule": a.matricule, "type": a.kind,
        "date_debut": a.start, "date_fin": a.end,
        "jours": Decimal(len(working_days(a.start, a.end))), "justificatif": a.justified,
        "commentaire": a.comment,
    } for number, a in enumerate(ordered, start=1)]


def _overtime_weeks(rng: random.Random, employee: dict) -> set[date]:
    """Mondays of the weeks with two long days, for field technicians and sales staff."""
    if employee["service"] not in ("ATE", "COM") or employee["categorie"] == "apprenti":
        return set()
    mondays = [monday(d) for d in working_days(date(2026, 5, 4), date(2026, 9, 25))]
    return set(rng.sample(sorted(set(mondays)), 6))


def _clock(start: time, minutes: int) -> time:
    return (datetime.combine(FISCAL_START, start) + timedelta(minutes=minutes)).time()


def _row(matricule: str, day: date, start: time, work: int, pause: int, comment=None) -> dict:
    return {"matricule": matricule, "date": day, "debut": start,
            "fin": _clock(start, work + pause), "pause_minutes": pause,
            "heures": (Decimal(work) / 60).quantize(HUNDREDTH, ROUND_HALF_UP),
            "commentaire": comment}


def timesheet(rng: random.Random, employee: dict, plan: dict[int, int],
              absences: list[Absence]) -> list[dict]:
    matricule = employee["matricule"]
    start = rng.choice((time(8, 0), time(8, 30), time(9, 0)))
    off = {d for a in absences for d in working_days(a.start, a.end)}
    long_weeks = _overtime_weeks(rng, employee)
    rows = []
    last = min(AS_OF, employee["date_sortie"] or AS_OF)
    for day in working_days(max(FISCAL_START, employee["date_entree"]), last):
        if day in off or day.weekday() not in plan:
            continue
        if matricule == RUSH_TECHNICIAN and RUSH[0] <= day <= RUSH[1]:
            rows.append(_row(matricule, day, time(8, 0), 540, 60, "Saison : dépannages froid"))
            continue
        work, comment = plan[day.weekday()], None
        if monday(day) in long_weeks and day.weekday() in (1, 3):
            work, comment = work + 120, "Intervention chez un client"
        elif rng.random() < 0.03:
            work += 30
        if matricule == PART_TIMER and day in COMPLEMENTARY_MINUTES:
            work = plan[day.weekday()] + COMPLEMENTARY_MINUTES[day]
            comment = "Heures complémentaires : renfort de l'accueil"
        rows.append(_row(matricule, day, start, work, 60, comment))
    return rows
