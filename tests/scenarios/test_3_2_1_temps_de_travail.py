"""3.2.1 Working time: timesheets and absences checked against the legal limits.

Hazards: a day above 10 h, a week above 48 h, less than 11 h of rest, a seventh day of
work, a night shift across midnight, the part-time worker (complementary hours), the
apprentice (adult, or a minor: 8 h a day, 12 h of rest, no night work), an absence
overlapping a timesheet, an unplanned absence (sick leave) and the colleague who replaces,
a disputed hour count, leave modified.

The demo's week of Monday 23/11/2026: Julien Garnier (S002, 35 h) clocks 08:30–16:30 with
a one-hour break (7 h) each weekday; Antoine Mercier (S008, 35 h) 08:00–16:00 (7 h);
Nathalie Roux (S005, part-time 24 h) works Monday, Tuesday and Thursday, 8 h a day.
"""

from datetime import date, time
from decimal import Decimal

from .workbooks import one_row

TIMESHEETS = ("temps.xlsx", "Pointages")
ABSENCES = ("temps.xlsx", "Absences")
NEXT_ABSENCE = "A0060"  # the demo's absences are A0001 to A0059


def day_row(workbooks, matricule: str, day: int) -> int:
    """The timesheet row of an employee on a day of November 2026."""
    return workbooks.sheet(*TIMESHEETS).row_of(matricule=matricule, date=date(2026, 11, day))


def clock(day: date, start: time, end: time, pause: int, hours, matricule: str) -> dict:
    return {"matricule": matricule, "date": day, "debut": start, "fin": end,
            "pause_minutes": pause, "heures": hours}


def absence(matricule: str, kind: str, first: date, last: date, days, **values) -> dict:
    return {"id_absence": NEXT_ABSENCE, "matricule": matricule, "type": kind,
            "date_debut": first, "date_fin": last, "jours": days, **values}


def week(checked, matricule: str, monday: date) -> dict:
    return one_row(checked.management_figure("heures_supplementaires"),
                   matricule=matricule, debut_semaine=monday)


def test_a_day_above_ten_hours_is_blocking_and_counts_as_overtime(workbooks):
    """3.2.1 Temps de travail — aléa journée trop longue : 10 h 30 de travail effectif le 24/11
    dépassent le maximum quotidien de 10 h, et la semaine compte 3 h 30 supplémentaires."""
    row = day_row(workbooks, "S002", 24)
    workbooks.sheet(*TIMESHEETS).update(row, fin=time(20, 0), heures=10.5)

    checked = workbooks.validate()

    assert checked.new_findings == [
        ("temps.xlsx", "Pointages", f"F{row}", "duree-quotidienne-depassee"),
    ]
    # 4 × 7 h + 10,5 h = 38,5 h, that is 3,5 h beyond the legal 35 h
    monday = week(checked, "S002", date(2026, 11, 23))
    assert (monday["heures"], monday["heures_supplementaires"]) == (Decimal("38.5"), Decimal("3.5"))


def test_a_day_of_exactly_ten_hours_is_allowed(workbooks):
    """3.2.1 Temps de travail — limite quotidienne : une journée de 10 h pile (08:30–19:30, une
    heure de pause) respecte le maximum et n'est pas signalée."""
    row = day_row(workbooks, "S002", 24)
    workbooks.sheet(*TIMESHEETS).update(row, fin=time(19, 30), heures=10)

    assert workbooks.validate().new_findings == []


def test_a_week_above_48_hours_is_blocking_on_its_last_day(workbooks):
    """3.2.1 Temps de travail — aléa semaine trop longue : cinq journées de 9 h et un samedi matin
    de 4 h font 49 h, au-delà des 48 h hebdomadaires, signalées au dernier pointage de la
    semaine."""
    timesheets = workbooks.sheet(*TIMESHEETS)
    for day in range(16, 21):
        timesheets.update(day_row(workbooks, "S008", day), fin=time(18, 0), heures=9)
    saturday = timesheets.append(
        clock(date(2026, 11, 21), time(8, 0), time(12, 0), 0, 4, matricule="S008"))

    checked = workbooks.validate()

    assert checked.new_findings == [
        ("temps.xlsx", "Pointages", f"F{saturday}", "duree-hebdomadaire-depassee"),
    ]
    monday = week(checked, "S008", date(2026, 11, 16))
    assert (monday["heures"], monday["heures_supplementaires"]) == (Decimal(49), Decimal(14))


def test_less_than_eleven_hours_of_rest_is_blocking_at_the_restart(workbooks):
    """3.2.1 Temps de travail — aléa repos quotidien : finir à 22 h et reprendre à 7 h le lendemain
    ne laisse que 9 h de repos, signalées à l'heure de reprise."""
    timesheets = workbooks.sheet(*TIMESHEETS)
    late, early = day_row(workbooks, "S002", 24), day_row(workbooks, "S002", 25)
    timesheets.update(late, debut=time(13, 0), fin=time(22, 0), heures=8)
    timesheets.update(early, debut=time(7, 0), fin=time(15, 0))

    checked = workbooks.validate()

    finding = ("temps.xlsx", "Pointages", f"C{early}", "repos-quotidien-insuffisant")
    assert checked.new_findings == [finding]
    assert "après 9,00 h de repos seulement (minimum 11,00 h)" in checked.issue(finding).message


def test_a_night_shift_across_midnight_is_not_a_rest_break(workbooks):
    """3.2.1 Temps de travail — travail de nuit : un poste de 21 h à 5 h saisi en deux lignes de
    part et d'autre de minuit est un seul poste, pas un repos d'une minute."""
    timesheets = workbooks.sheet(*TIMESHEETS)
    evening, morning = day_row(workbooks, "S007", 24), day_row(workbooks, "S007", 25)
    timesheets.update(evening, debut=time(21, 0), fin=time(23, 59), pause_minutes=0, heures=3)
    timesheets.update(morning, debut=time(0, 0), fin=time(5, 0), pause_minutes=0, heures=5)

    assert workbooks.validate().new_findings == []


def test_a_part_time_contract_at_the_legal_duration_is_blocking(workbooks):
    """3.2.1 Temps de travail — aléa temps partiel : un contrat « temps partiel » de 35 h n'est pas
    un temps partiel, et son salaire est alors sous le SMIC de 35 h."""
    contracts = workbooks.sheet("personnel.xlsx", "Contrats")
    row = contracts.row_of("CT0006")  # Nathalie Roux, 24 h, 1 450 €
    contracts.set(row, "heures_hebdo", 35)

    checked = workbooks.validate()

    payslips = [("personnel.xlsx", "Contrats", f"I{row}", "salaire-inferieur-smic-paie")] * 11
    assert checked.new_findings_but_declarations == sorted([
        ("personnel.xlsx", "Contrats", f"H{row}", "temps-partiel-trop-long"),
        ("personnel.xlsx", "Contrats", f"I{row}", "salaire-inferieur-smic"),
        *payslips,  # each month's payslip is below the SMIC of its month too
    ])


def test_complementary_hours_beyond_a_tenth_of_the_contract_are_a_warning(workbooks):
    """3.2.1 Temps de travail — aléa temps partiel : une salariée à 24 h qui pointe 28 h dans la
    semaine dépasse le dixième de son contrat (26,4 h), ce qu'un avertissement signale à son
    dernier pointage, car seul un accord collectif le permet."""
    friday = workbooks.sheet(*TIMESHEETS).append(
        clock(date(2026, 11, 27), time(8, 0), time(12, 0), 0, 4, matricule="S005"))

    checked = workbooks.validate()

    finding = ("temps.xlsx", "Pointages", f"F{friday}", "heures-complementaires-au-dela-du-dixieme")
    assert checked.new_findings == [finding]
    assert checked.blocking == []


def test_a_part_timer_reaching_the_legal_week_is_blocking(workbooks):
    """3.2.1 Temps de travail — aléa temps partiel : une salariée à 24 h qui pointe 36 h dans la
    semaine atteint la durée légale, que ses heures complémentaires ne peuvent pas atteindre."""
    timesheets = workbooks.sheet(*TIMESHEETS)
    timesheets.append(clock(date(2026, 11, 25), time(8, 0), time(17, 0), 60, 8, matricule="S005"))
    friday = timesheets.append(
        clock(date(2026, 11, 27), time(8, 0), time(12, 0), 0, 4, matricule="S005"))

    checked = workbooks.validate()

    assert checked.new_findings == [
        ("temps.xlsx", "Pointages", f"F{friday}", "temps-partiel-duree-legale-atteinte"),
    ]


def test_an_adult_apprentice_follows_the_ordinary_limits(demo):
    """3.2.1 Temps de travail — apprenti majeur : Enzo Perrin, apprenti de 19 ans à 28 h par
    semaine en entreprise, n'a aucune anomalie et aucune heure supplémentaire."""
    assert not [f for f in demo.findings if f[:2] == TIMESHEETS and "S009" in demo.issue(f).message]
    monday = week(demo, "S009", date(2026, 11, 23))
    assert (monday["heures"], monday["heures_supplementaires"]) == (Decimal(28), Decimal(0))


def make_minor(workbooks) -> None:
    """Enzo Perrin, the apprentice, born on 15/03/2010: 16 years old at the as-of date.

    His NIR changes with his birth date (born in March 2010), so that the two agree."""
    staff = workbooks.sheet("personnel.xlsx", "Salariés")
    staff.update(staff.row_of("S009"), date_naissance=date(2010, 3, 15), nir="110036913773674")


def test_a_minor_apprentice_may_not_work_more_than_eight_hours(workbooks):
    """3.2.1 Temps de travail — apprenti mineur : un apprenti de 16 ans qui pointe 9 h dans la
    journée dépasse la limite de 8 h des jeunes travailleurs, bien en deçà des 10 h d'un adulte."""
    make_minor(workbooks)
    row = day_row(workbooks, "S009", 24)
    workbooks.sheet(*TIMESHEETS).update(row, fin=time(18, 30), heures=9)

    checked = workbooks.validate()

    assert checked.new_findings == [
        ("temps.xlsx", "Pointages", f"F{row}", "duree-quotidienne-jeune-depassee"),
    ]


def test_eleven_hours_of_rest_are_not_enough_for_a_minor(workbooks):
    """3.2.1 Temps de travail — apprenti mineur : finir à 21 h 30 et reprendre à 8 h 30 laisse
    11 h de repos, assez pour un adulte mais pas pour un apprenti de 16 ans, qui en doit 12."""
    make_minor(workbooks)
    evening, next_day = day_row(workbooks, "S009", 24), day_row(workbooks, "S009", 25)
    workbooks.sheet(*TIMESHEETS).update(evening, debut=time(12, 0), fin=time(21, 30),
                                        pause_minutes=120, heures=7.5)

    checked = workbooks.validate()

    finding = ("temps.xlsx", "Pointages", f"C{next_day}", "repos-quotidien-jeune-insuffisant")
    assert checked.new_findings == [finding]
    assert "après 11,00 h de repos seulement (minimum 12,00 h)" in checked.issue(finding).message


def test_a_minor_working_after_ten_at_night_needs_a_waiver(workbooks):
    """3.2.1 Temps de travail — travail de nuit d'un mineur : un apprenti de 16 ans qui finit à
    22 h 30 travaille dans la période de nuit, ce qu'un avertissement signale à son heure de fin,
    et ne se repose que 10 h avant le lendemain, ce qui bloque."""
    make_minor(workbooks)
    evening, next_day = day_row(workbooks, "S009", 24), day_row(workbooks, "S009", 25)
    workbooks.sheet(*TIMESHEETS).update(evening, debut=time(15, 0), fin=time(22, 30),
                                        pause_minutes=30, heures=7)

    checked = workbooks.validate()

    assert checked.new_findings == [
        ("temps.xlsx", "Pointages", f"C{next_day}", "repos-quotidien-jeune-insuffisant"),
        ("temps.xlsx", "Pointages", f"D{evening}", "travail-de-nuit-jeune"),
    ]
    assert checked.blocking == [
        ("temps.xlsx", "Pointages", f"C{next_day}", "repos-quotidien-jeune-insuffisant"),
    ]


def test_seven_days_of_work_in_a_week_are_blocking(workbooks):
    """3.2.1 Temps de travail — repos hebdomadaire : travailler le samedi et le dimanche après cinq
    jours de semaine fait sept jours dans la semaine, au-delà des six permis, bloqué au
    septième jour."""
    timesheets = workbooks.sheet(*TIMESHEETS)
    timesheets.append(clock(date(2026, 11, 21), time(8, 30), time(12, 30), 0, 4, matricule="S002"))
    sunday = timesheets.append(
        clock(date(2026, 11, 22), time(8, 30), time(12, 30), 0, 4, matricule="S002"))

    checked = workbooks.validate()

    assert checked.new_findings == [
        ("temps.xlsx", "Pointages", f"B{sunday}", "plus-de-six-jours-par-semaine"),
    ]


def test_an_absence_entered_over_clocked_days_is_reported_on_each_day(workbooks):
    """3.2.1 Temps de travail — aléa absence et pointage : deux jours de congés saisis sur des
    jours déjà pointés donnent un avertissement à la date de chacun des deux pointages."""
    monday, tuesday = day_row(workbooks, "S002", 23), day_row(workbooks, "S002", 24)
    workbooks.sheet(*ABSENCES).append(
        absence("S002", "congés payés", date(2026, 11, 23), date(2026, 11, 24), 2))

    checked = workbooks.validate()

    assert checked.new_findings == [
        ("temps.xlsx", "Pointages", f"B{monday}", "pointage-pendant-absence"),
        ("temps.xlsx", "Pointages", f"B{tuesday}", "pointage-pendant-absence"),
    ]
    assert checked.blocking == []


def test_half_day_leave_or_training_on_a_clocked_day_is_not_a_conflict(workbooks):
    """3.2.1 Temps de travail — absence partielle : une demi-journée de congé ou une formation un
    jour pointé ne contredit pas le pointage."""
    absences = workbooks.sheet(*ABSENCES)
    absences.append(absence("S002", "congés payés", date(2026, 11, 24), date(2026, 11, 24), 0.5))
    absences.append(absence("S008", "formation", date(2026, 11, 25), date(2026, 11, 25), 1,
                            id_absence="A0061", justificatif="oui"))

    assert workbooks.validate().new_findings == []


def test_an_unplanned_sick_leave_and_its_replacement_are_counted(workbooks, demo):
    """3.2.1 Temps de travail — aléa absence imprévue et remplacement : l'arrêt maladie de deux
    jours d'Antoine Mercier compte 2 jours de maladie en novembre et Julien Garnier, qui le
    remplace le samedi, fait 4 h supplémentaires."""
    timesheets = workbooks.sheet(*TIMESHEETS)
    for day in (25, 24):  # the sick days are no longer clocked (bottom row first)
        timesheets.delete(day_row(workbooks, "S008", day))
    workbooks.sheet(*ABSENCES).append(absence(
        "S008", "maladie", date(2026, 11, 24), date(2026, 11, 25), 2, justificatif="oui",
        commentaire="Arrêt de travail"))
    timesheets.append(clock(date(2026, 11, 28), time(8, 0), time(12, 0), 0, 4, matricule="S002"))

    checked = workbooks.validate()

    assert checked.new_findings == []
    sick = one_row(checked.management_figure("absences_par_mois"), mois="2026-11", type="maladie")
    assert (sick["absences"], sick["jours"]) == (1, Decimal(2))
    sick_week = week(checked, "S008", date(2026, 11, 23))
    assert (sick_week["heures"], sick_week["heures_supplementaires"]) == (
        Decimal("21.5"), Decimal(0))  # 7 + 7,5 + 7 on Monday, Thursday and Friday
    replacement = week(checked, "S002", date(2026, 11, 23))
    assert (replacement["heures"], replacement["heures_supplementaires"]) == (
        Decimal(39), Decimal(4))  # 5 × 7 h + 4 h on Saturday
    before = one_row(demo.management_figure("heures_par_mois"), matricule="S002", mois="2026-11")
    after = one_row(checked.management_figure("heures_par_mois"), matricule="S002", mois="2026-11")
    assert (after["heures"] - before["heures"], after["jours"] - before["jours"]) == (Decimal(4), 1)


def test_a_disputed_hour_count_is_blocking_at_the_hours_cell(workbooks):
    """3.2.1 Temps de travail — aléa contestation d'un décompte : 8 h déclarées pour 08:30–16:30
    avec une heure de pause (7 h) sont refusées à la cellule des heures."""
    row = day_row(workbooks, "S002", 24)
    workbooks.sheet(*TIMESHEETS).set(row, "heures", 8)

    checked = workbooks.validate()

    finding = ("temps.xlsx", "Pointages", f"F{row}", "heures-incoherentes")
    assert checked.new_findings == [finding]
    assert checked.issue(finding).message == (
        "8\u00a0h déclarées le 24/11/2026, mais 08:30 → 16:30 moins 60 min de pause font 7,00 h")


def test_clocking_before_the_hiring_date_is_blocking(workbooks):
    """3.2.1 Temps de travail — aléa pointage erroné : un pointage d'Hugo Blanc daté d'avant son
    entrée le 02/03/2026 est refusé à sa date."""
    row = workbooks.sheet(*TIMESHEETS).append(
        clock(date(2026, 2, 27), time(8, 0), time(16, 0), 60, 7, matricule="S011"))

    checked = workbooks.validate()

    assert checked.new_findings == [
        ("temps.xlsx", "Pointages", f"B{row}", "pointage-hors-presence"),
    ]


def test_leave_modified_with_its_end_before_its_start_is_blocking(workbooks):
    """3.2.1 Temps de travail — aléa congés modifiés : des congés d'été raccourcis au 10/07 alors
    qu'ils commencent le 20/07 sont refusés à leur date de fin."""
    absences = workbooks.sheet(*ABSENCES)
    row = absences.row_of("A0036")  # Antoine Mercier, 20/07 → 07/08
    absences.set(row, "date_fin", date(2026, 7, 10))

    checked = workbooks.validate()

    assert checked.new_findings == [
        ("temps.xlsx", "Absences", f"E{row}", "absence-fin-avant-debut"),
    ]


def test_a_day_off_added_inside_planned_leave_is_blocking(workbooks):
    """3.2.1 Temps de travail — aléa congés modifiés : un RTT posé le 22/12 pendant les congés de
    fin d'année déjà saisis compterait deux fois le même jour."""
    row = workbooks.sheet(*ABSENCES).append(
        absence("S008", "RTT", date(2026, 12, 22), date(2026, 12, 22), 1))

    checked = workbooks.validate()

    assert checked.new_findings == [("temps.xlsx", "Absences", f"D{row}", "absences-chevauchantes")]
