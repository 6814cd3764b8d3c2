from datetime import date
from decimal import Decimal

from pipelines.compute import worktime
from pipelines.law import parameters

from .records import AS_OF, small_dataset, table


def legal_hours(on: date) -> Decimal:
    return parameters().value(worktime.LEGAL_WEEKLY_HOURS, on=on)


def test_hours_by_employee_and_month():
    dataset = small_dataset()
    hours = worktime.hours_by_employee_month(
        dataset.frame("pointages"), AS_OF, dataset.frame("salaries")
    )
    assert hours.rows() == [
        ("S002", "Durand", "Paul", "2026-11", Decimal("42.5"), 5),  # 5 days × 8.5 h
        ("S003", "Petit", "Léa", "2026-10", Decimal(7), 1),
    ]


def test_overtime_beyond_the_legal_weekly_duration():
    dataset = small_dataset()
    weeks = worktime.weekly_overtime(dataset.frame("pointages"), AS_OF, legal_hours)
    by_employee = {row["matricule"]: row for row in weeks.to_dicts()}
    assert by_employee["S002"]["semaine"] == "2026-S45"
    assert by_employee["S002"]["debut_semaine"] == date(2026, 11, 2)
    assert by_employee["S002"]["duree_legale"] == Decimal(35)
    assert by_employee["S002"]["heures_supplementaires"] == Decimal("7.5")  # 42.5 − 35
    assert by_employee["S003"]["heures_supplementaires"] == Decimal(0)


def test_overtime_uses_the_duration_in_force_each_week():
    pointages = table("pointages", [
        {"matricule": "S001", "date": date(2026, 6, 1), "heures": "38"},
        {"matricule": "S001", "date": date(2026, 6, 8), "heures": "38"},
    ]).frame

    def changed_on_june_8(on: date) -> Decimal:
        return Decimal(39) if on < date(2026, 6, 8) else Decimal(35)

    weeks = worktime.weekly_overtime(pointages, AS_OF, changed_on_june_8)
    assert weeks["heures_supplementaires"].to_list() == [Decimal(0), Decimal(3)]


def test_clocked_hours_after_as_of_do_not_count():
    pointages = table("pointages", [
        {"matricule": "S001", "date": date(2026, 12, 1), "heures": "8"},
    ]).frame
    assert worktime.hours_by_employee_month(pointages, AS_OF).is_empty()
    assert worktime.weekly_overtime(pointages, AS_OF, legal_hours).is_empty()


def test_absence_days_by_type_and_month():
    absences = table("absences", [
        {"id_absence": "A0001", "matricule": "S001", "type": "maladie",
         "date_debut": date(2026, 3, 30), "date_fin": date(2026, 4, 2), "jours": "4"},
        {"id_absence": "A0002", "matricule": "S002", "type": "maladie",
         "date_debut": date(2026, 3, 2), "date_fin": date(2026, 3, 3), "jours": "1.5"},
        {"id_absence": "A0003", "matricule": "S002", "type": "congés payés",
         "date_debut": date(2026, 3, 9), "date_fin": date(2026, 3, 13), "jours": "5"},
        {"id_absence": "A0004", "matricule": "S002", "type": "congés payés",
         "date_debut": date(2026, 12, 21), "date_fin": date(2026, 12, 24), "jours": "4"},
    ]).frame
    assert worktime.absence_days_by_type_month(absences, AS_OF).rows() == [
        ("2026-03", "congés payés", 1, Decimal(5)),
        ("2026-03", "maladie", 2, Decimal("5.5")),
    ]


def test_a_week_before_the_first_legal_duration_is_not_counted():
    """The legal weekly duration starts on 10 August 2016 in the parameters: a 2010 week has
    none, so its hours are not counted as overtime (and no earlier value is borrowed)."""
    pointages = table("pointages", [
        {"matricule": "S001", "date": date(2010, 3, 1), "heures": "45"},
        {"matricule": "S001", "date": date(2026, 6, 1), "heures": "38"},
    ]).frame
    weeks = worktime.weekly_overtime(pointages, AS_OF, worktime.legal_weekly_hours(parameters()))
    assert weeks.select("debut_semaine", "duree_legale", "heures_supplementaires").rows() == [
        (date(2010, 3, 1), None, None),
        (date(2026, 6, 1), Decimal(35), Decimal(3)),
    ]
    assert worktime.overtime_summary(weeks).rows() == [(Decimal(3), 1)]
    assert worktime.overtime_by_month(weeks)["mois"].to_list() == ["2026-06"]


def test_hours_in_one_row_per_employee_and_one_column_per_month():
    dataset = small_dataset()
    monthly = worktime.hours_by_employee_month(
        dataset.frame("pointages"), AS_OF, dataset.frame("salaries")
    )
    wide = worktime.by_employee_and_month(monthly, "heures")
    assert wide.columns == ["matricule", "nom", "prenom", "2026-10", "2026-11", "total"]
    assert wide.rows() == [
        ("S002", "Durand", "Paul", Decimal(0), Decimal("42.5"), Decimal("42.5")),
        ("S003", "Petit", "Léa", Decimal(7), Decimal(0), Decimal(7)),
    ]
    empty = worktime.by_employee_and_month(monthly.head(0), "heures")
    assert (empty.columns, empty.height) == (["matricule", "nom", "prenom", "total"], 0)


def test_overtime_by_month_of_the_monday():
    pointages = table("pointages", [  # the week of Monday 30 March ends in April
        {"matricule": "S001", "date": date(2026, 3, 30), "heures": "20"},
        {"matricule": "S001", "date": date(2026, 4, 2), "heures": "20"},
        {"matricule": "S001", "date": date(2026, 4, 6), "heures": "36"},
    ]).frame
    weeks = worktime.weekly_overtime(pointages, AS_OF, legal_hours)
    wide = worktime.by_employee_and_month(worktime.overtime_by_month(weeks),
                                          "heures_supplementaires")
    assert wide.select("2026-03", "2026-04", "total").rows() == [
        (Decimal(5), Decimal(1), Decimal(6))]
