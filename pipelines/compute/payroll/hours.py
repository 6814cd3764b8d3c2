"""Hours of a pay month: the contract's monthly hours, the month's scheduled hours, and
the overtime and complementary hours of the weeks in the timesheets.

- The monthly hours follow the mensualisation (Code du travail L3242-1): weekly hours
  × 52 / 12, rounded to the hundredth (151,67 h for 35 h).
- The scheduled hours of a month are « heures réelles »: the working days (Monday to
  Friday, public holidays excepted, Alsace-Moselle's two extra days included there) times
  the contract's daily hours (weekly / 5). An entry or exit within the month, and each
  absence, is deducted in proportion to these real hours (Cass. soc. method).
- Overtime is counted per civil week beyond the legal duration: the first hours (up to
  the ``heures_bande_1`` parameter) in the first premium band, the rest in the second;
  a contract above the legal duration (39 h) uses its structural hours first. A
  part-time worker's hours beyond the contract are complementary hours: within the
  legal tenth of the contract hours, then beyond.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

import holidays

from pipelines.compute.payroll.model import ZERO
from pipelines.compute.payroll.rates import (
    COMPLEMENTAIRES_PLAFOND,
    DUREE_LEGALE,
    HS_BANDE_1,
    MOIS_PAR_AN,
    SEMAINES_PAR_AN,
    MonthLaw,
)

HUNDREDTH = Decimal("0.01")
ALSACE_MOSELLE_SUBDIVISION = "57"


def month_bounds(month: str) -> tuple[date, date]:
    year, number = (int(part) for part in month.split("-"))
    return date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1])


def hours(value: Decimal) -> Decimal:
    return value.quantize(HUNDREDTH, ROUND_HALF_UP)


@lru_cache(maxsize=64)
def _public_holidays(year: int, alsace_moselle: bool) -> frozenset[date]:
    subdivision = ALSACE_MOSELLE_SUBDIVISION if alsace_moselle else None
    return frozenset(holidays.country_holidays("FR", subdiv=subdivision, years=year))


@lru_cache(maxsize=4096)
def working_days(start: date, end: date, alsace_moselle: bool = False) -> int:
    """Monday-to-Friday days from start to end (inclusive), public holidays excepted."""
    count, day = 0, start
    while day <= end:
        if day.weekday() < 5 and day not in _public_holidays(day.year, alsace_moselle):
            count += 1
        day += timedelta(days=1)
    return count


def exact_monthly_hours(weekly: Decimal, law: MonthLaw) -> Decimal:
    """Mensualised hours of a weekly schedule (× 52 / 12), unrounded: pay is computed on
    them (35 h × 52 / 12 × 12,02 € = 1 823,03 €)."""
    return weekly * law(SEMAINES_PAR_AN) / law(MOIS_PAR_AN)


def monthly_hours(weekly: Decimal, law: MonthLaw) -> Decimal:
    """Mensualised hours of a weekly schedule, rounded to the hundredth as a payslip shows
    them (151,67 h)."""
    return hours(exact_monthly_hours(weekly, law))


@dataclass(frozen=True)
class MonthSchedule:
    """The real hours of the month for a contract, and those inside the employment."""

    scheduled: Decimal  # hours the schedule gives the whole month
    employed: Decimal  # hours of the days between entry and exit
    calendar_days: int  # days of the month
    employed_calendar_days: int  # calendar days between entry and exit

    @property
    def not_employed(self) -> Decimal:
        return self.scheduled - self.employed


def month_schedule(month: str, weekly: Decimal, alsace_moselle: bool,
                   start: date | None, end: date | None) -> MonthSchedule:
    first, last = month_bounds(month)
    daily = weekly / 5
    begin, finish = max(first, start or first), min(last, end or last)
    employed_days = working_days(begin, finish, alsace_moselle) if begin <= finish else 0
    return MonthSchedule(
        scheduled=hours(working_days(first, last, alsace_moselle) * daily),
        employed=hours(employed_days * daily),
        calendar_days=(last - first).days + 1,
        employed_calendar_days=max(0, (finish - begin).days + 1),
    )


@dataclass(frozen=True)
class Structural:
    """The weekly hours of a contract up to the legal duration and above it by premium band,
    mensualised and unrounded (the payslip shows them rounded to the hundredth)."""

    base_hours: Decimal  # up to the legal duration (151,666… h for 35 h)
    band_1: Decimal
    band_2: Decimal


def structural_overtime(weekly: Decimal, law: MonthLaw) -> Structural:
    legal = law(DUREE_LEGALE)
    band_width = law(HS_BANDE_1)
    beyond = max(weekly - legal, ZERO)
    band_1 = min(beyond, band_width)
    return Structural(
        base_hours=exact_monthly_hours(min(weekly, legal), law),
        band_1=exact_monthly_hours(band_1, law),
        band_2=exact_monthly_hours(beyond - band_1, law),
    )


@dataclass(frozen=True)
class WeekOvertime:
    band_1: Decimal = ZERO
    band_2: Decimal = ZERO
    complementary_tenth: Decimal = ZERO
    complementary_beyond: Decimal = ZERO


def week_overtime(worked: Decimal, weekly: Decimal, part_time: bool, law: MonthLaw) -> WeekOvertime:
    """A week's hours beyond the contract, split as the premiums need them."""
    extra = max(worked - weekly, ZERO)
    if extra == 0:
        return WeekOvertime()
    if part_time:
        tenth = weekly * law.fraction(COMPLEMENTAIRES_PLAFOND)
        within = min(extra, tenth)
        return WeekOvertime(complementary_tenth=within, complementary_beyond=extra - within)
    legal = law(DUREE_LEGALE)
    band_width = law(HS_BANDE_1)
    structural = max(weekly - legal, ZERO)
    room_in_band_1 = max(band_width - structural, ZERO)
    band_1 = min(extra, room_in_band_1)
    return WeekOvertime(band_1=band_1, band_2=extra - band_1)


def month_overtime(weekly_hours: dict[date, Decimal], weekly: Decimal, part_time: bool,
                   law: MonthLaw) -> WeekOvertime:
    """The overtime of the weeks whose Monday falls in the month, added up."""
    total = WeekOvertime()
    for _monday, worked in sorted(weekly_hours.items()):
        week = week_overtime(worked, weekly, part_time, law)
        total = WeekOvertime(
            total.band_1 + week.band_1, total.band_2 + week.band_2,
            total.complementary_tenth + week.complementary_tenth,
            total.complementary_beyond + week.complementary_beyond,
        )
    return total
