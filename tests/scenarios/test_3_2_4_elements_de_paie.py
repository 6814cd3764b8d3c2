"""3.2.4 Payslip elements: the month's payroll variables (hours, overtime at +25 % and +50 %,
complementary hours, absence deductions, bonuses, benefits in kind) and the employee's
question on a payslip line, answered by the line's own explanation.

The demo: Hugo Fontaine (S007, 35 h, 2 450 €) works long weeks in the summer (his overtime
comes from the week totals of temps.xlsx › Pointages); Nathalie Roux (S005, part-time 24 h)
does complementary hours; Léa Bonnet (S013, 35 h, 2 500 €) is on sick leave from 9 to 18
March; Antoine Mercier's (S008) October overtime is typed in paie.xlsx › Variables.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import polars as pl
import pytest

from pipelines.compute.payroll.run import payroll
from pipelines.law import parameters
from pipelines.law.parameters_loader import PARAMETERS_DIR

D = Decimal
VARIABLES = ("paie.xlsx", "Variables")


def cents(value: Decimal) -> Decimal:
    return value.quantize(D("0.01"), ROUND_HALF_UP)


def unit_rate(value: Decimal) -> Decimal:
    return value.quantize(D("0.0001"), ROUND_HALF_UP)


@pytest.fixture(scope="module")
def demo_payroll(demo):
    return payroll(demo.dataset, parameters())


def excel_row(dataset, resource: str, **values) -> int:
    frame = dataset.frame(resource).filter(
        *(pl.col(name) == value for name, value in values.items()))
    assert frame.height == 1, f"{frame.height} lignes pour {values}"
    return frame["_ligne"][0]


def parameter_file(name: str) -> Path:
    return PARAMETERS_DIR / (name.replace(".", "/") + ".yaml")


def assert_explained(line, month: str) -> None:
    """The line's legal parameters have a file and a reference in force on the month's
    first day (the value may say the rule stops applying, it is still referenced)."""
    first = date.fromisoformat(month + "-01")
    for name in line.parameters:
        assert parameter_file(name).is_file(), name
        dated = [value for value in parameters().get(name).values if value.start <= first]
        assert dated, f"{name} n'a pas de valeur au {first}"
        reference = dated[-1].reference
        assert reference.title and reference.href.startswith("http"), name


def weeks_of(dataset, matricule: str, month: str) -> dict[date, Decimal]:
    """The week totals of the timesheets, by Monday, for the weeks whose Monday is in the
    month (computed here from the rows, independently of the payroll)."""
    totals: dict[date, Decimal] = defaultdict(lambda: D(0))
    frame = dataset.frame("pointages").filter(
        (pl.col("matricule") == matricule) & pl.col("heures").is_not_null())
    for day, worked in frame.select("date", "heures").iter_rows():
        monday = day - timedelta(days=day.weekday())
        if monday.strftime("%Y-%m") == month and day <= dataset.as_of:
            totals[monday] += D(worked)
    return totals


def test_question_on_an_overtime_line_is_answered_by_its_explanation(demo, demo_payroll):
    """3.2.4 Éléments de paie — aléa question d'un salarié sur une ligne du bulletin : Hugo
    Fontaine demande d'où viennent les 25 heures supplémentaires à 25 % de juillet. La ligne
    dit sa quantité, son taux (taux horaire × 1,25), le paramètre de la majoration (fichier
    et texte en vigueur en juillet) et ses sources : sa ligne de Variables et les
    pointages."""
    dataset = demo.dataset
    slip = demo_payroll.find("S007", "2026-07")
    line = slip.line("heures_sup_bande_1")

    # 2 450 / (35 × 52 / 12 = 151,666…) = 16,15384 → 16,1538 ; × 1,25 = 20,19225 → 20,1923 ;
    # 25 h × 20,1923 = 504,8075 → 504,81
    assert slip.taux_horaire == D("16.1538")
    assert (line.quantity, line.rate, line.amount) == (D("25"), D("20.1923"), D("504.81"))
    assert line.parameters == ("paie.heures_supplementaires.majoration_1",)
    assert parameters().value(line.parameters[0], date(2026, 7, 1)) == D("0.25")
    assert_explained(line, "2026-07")
    variables_row = excel_row(dataset, "variables_paie", matricule="S007", mois="2026-07")
    assert [(s.workbook, s.sheet, s.row) for s in line.sources] == [
        ("paie.xlsx", "Variables", variables_row), ("temps.xlsx", "Pointages", None)]
    # the base salary line comes from his contract's row
    contract_row = excel_row(dataset, "contrats", id_contrat="CT0008")
    assert [(s.sheet, s.row) for s in slip.line("salaire_base").sources] == [
        ("Contrats", contract_row)]


def test_question_on_the_csg_line_is_answered_by_its_explanation(demo, demo_payroll):
    """3.2.4 Éléments de paie — aléa question d'un salarié sur une ligne du bulletin : Léa
    Bonnet demande pourquoi sa CSG de janvier n'est pas calculée sur son brut. Sa base est le
    brut moins l'abattement de 1,75 % pour frais professionnels, plus les parts patronales
    de mutuelle et de prévoyance ; la part de CSG sur ses heures supplémentaires exonérées
    d'impôt n'est pas déductible (CGI, art. 154 quinquies)."""
    slip = demo_payroll.find("S013", "2026-01")
    csg = slip.line("csg_deductible")
    employer_cover = sum(line.employer_amount for line in slip.lines
                         if line.code.startswith(("prevoyance_", "sante_")))
    # 2 520,60 × (1 − 0,0175) = 2 476,4895 ; + 48,00 (mutuelle) + 13,86 (prévoyance)
    #   = 2 538,3495 → 2 538,35
    assert (slip.salaire_brut, employer_cover) == (D("2520.60"), D("61.86"))
    whole_base = cents(slip.salaire_brut * (1 - D("0.0175")) + employer_cover)
    assert whole_base == D("2538.35")
    assert slip.line("csg_non_deductible").base == slip.line("crds").base == whole_base
    # the 0,5 h of overtime (20,60 €) exempt from income tax : 20,60 × 0,9825 = 20,24
    overtime = slip.line("csg_heures_supplementaires")
    assert overtime.base == cents(D("20.60") * (1 - D("0.0175"))) == D("20.24")
    assert csg.base + overtime.base == whole_base
    assert (csg.employee_rate, csg.employee_amount) == (D("0.068"),
                                                        cents(csg.base * D("0.068")))
    assert (overtime.deductible, csg.deductible) == (False, True)
    assert {"paie.cotisations.csg.deductible", "paie.assiettes.csg_abattement"} <= set(
        csg.parameters)
    assert_explained(csg, "2026-01")
    assert [(s.sheet, s.row) for s in csg.sources] == [
        ("Salariés", excel_row(demo.dataset, "salaries", matricule="S013")),
        ("Contrats", excel_row(demo.dataset, "contrats", id_contrat="CT0014"))]
    # every line of her payslip is explained the same way
    for line in slip.lines:
        assert_explained(line, "2026-01")


@pytest.mark.parametrize("month", ["2026-06", "2026-07", "2026-08"])
def test_overtime_bands_come_from_the_timesheets(demo, demo_payroll, month):
    """3.2.4 Éléments de paie — heures supplémentaires : chaque semaine de S007 au-delà de
    35 h paie ses 8 premières heures à +25 % et les suivantes à +50 % (semaine rattachée au
    mois de son lundi)."""
    band_1 = band_2 = D(0)
    for worked in weeks_of(demo.dataset, "S007", month).values():
        extra = max(worked - 35, D(0))
        band_1 += min(extra, D(8))
        band_2 += max(extra - 8, D(0))
    slip = demo_payroll.find("S007", month)
    first, second = slip.line("heures_sup_bande_1"), slip.line("heures_sup_bande_2")
    assert band_1 > 0 and band_2 > 0
    assert (first.quantity, second.quantity) == (band_1, band_2)
    # + 25 % : 16,1538 × 1,25 = 20,19225 → 20,1923 ; + 50 % : 16,1538 × 1,5 = 24,2307
    assert (first.rate, second.rate) == (D("20.1923"), D("24.2307"))
    assert first.amount == cents(band_1 * D("20.1923"))
    assert second.amount == cents(band_2 * D("24.2307"))


def test_complementary_hours_of_the_part_time_worker(demo, demo_payroll):
    """3.2.4 Éléments de paie — heures complémentaires : au-delà de ses 24 h, Nathalie Roux
    est payée à +10 % dans le dixième de son horaire (2,4 h par semaine), à +25 % au-delà."""
    seen = 0
    for slip in demo_payroll.of_employee("S005"):
        tenth = beyond = D(0)
        for worked in weeks_of(demo.dataset, "S005", slip.month).values():
            extra = max(worked - 24, D(0))
            tenth += min(extra, D("2.4"))
            beyond += max(extra - D("2.4"), D(0))
        within, above = slip.line("heures_comp_dixieme"), slip.line("heures_comp_au_dela")
        assert (within.quantity if within else D(0)) == tenth
        assert (above.quantity if above else D(0)) == beyond
        assert slip.line("heures_sup_bande_1") is None
        # 1 450 / 104 = 13,9423 ; × 1,10 = 15,3365 ; × 1,25 = 17,4279
        if within:
            assert within.rate == D("15.3365")
        if above:
            assert above.rate == D("17.4279")
            seen += 1
    assert seen >= 3  # June, September, October, November go beyond the tenth


def test_sick_leave_is_deducted_by_the_real_hours_of_the_month(demo, demo_payroll):
    """3.2.4 Éléments de paie — absence : Léa Bonnet est en arrêt maladie du 9 au 18 mars
    (A0053, 8 jours ouvrés, 56 h saisies dans Variables). Mars 2026 compte 22 jours ouvrés,
    soit 154 h réelles : la retenue est 2 500 × 56 / 154 = 909,09 ; l'indemnité
    complémentaire saisie s'ajoute."""
    absences = demo.dataset.frame("absences").filter(
        (pl.col("matricule") == "S013") & (pl.col("type") == "maladie"))
    assert absences.select("date_debut", "date_fin", "jours").row(0) == (
        date(2026, 3, 9), date(2026, 3, 18), D(8))
    slip = demo_payroll.find("S013", "2026-03")
    line = slip.line("absence_maladie")
    # 56 h = 8 jours × 7 h ; 2 500 / 154 = 16,23377 → 16,2338 ; 2 500 × 56 / 154 = 909,0909…
    assert (line.quantity, line.rate, line.amount) == (D("56"), D("16.2338"), D("-909.09"))
    assert line.note == "au prorata des heures réelles du mois"
    variables_row = excel_row(demo.dataset, "variables_paie", matricule="S013", mois="2026-03")
    assert line.sources[0].row == variables_row
    assert slip.line("complement_maladie").amount == D("101.70")


def test_bonus_and_benefits_in_kind(demo_payroll):
    """3.2.4 Éléments de paie — primes et avantages : la prime de fin d'année de Léa Bonnet
    (300 €), les repas fournis à Hugo Fontaine (avantage en nature à 5,50 € le repas, repris
    après le net) et le véhicule de fonction d'Hélène Lefèvre (210 € par mois)."""
    november = demo_payroll.find("S013", "2026-11")
    prime = november.line("prime")
    assert (prime.label, prime.amount) == ("Prime de fin d'année", D("300.00"))

    july = demo_payroll.find("S007", "2026-07")
    meals = july.line("avantage_repas")
    # 18 repas × 5,50 (paie.avantages.repas_valeur) = 99,00
    assert (meals.quantity, meals.rate, meals.amount) == (D(18), D("5.5"), D("99.00"))
    assert meals.parameters == ("paie.avantages.repas_valeur",)
    assert july.line("reprise_avantages").amount == D("-99.00")

    car = demo_payroll.find("S003", "2026-03")
    assert car.line("avantage_vehicule").amount == D("210.00")
    assert car.line("reprise_avantages").amount == D("-210.00")


def test_two_more_hours_at_50_percent_change_the_gross_by_hours_rate_and_premium(workbooks):
    """3.2.4 Éléments de paie — saisie d'une variable : 2 h de plus en heures_sup_bande_2
    pour Antoine Mercier en octobre ajoutent au brut 2 × (15,1645 × 1,5 = 22,74675 → 22,7468)
    = 45,4936 → 45,49 ; les autres lignes de brut ne bougent pas."""
    before = payroll(workbooks.validate().dataset, parameters()).find("S008", "2026-10")
    variables = workbooks.sheet(*VARIABLES)
    row = variables.row_of("S008", mois="2026-10")
    assert variables.get(row, "heures_sup_bande_1") == 6  # typed, so timesheets are not used
    variables.set(row, "heures_sup_bande_2", 2)

    checked = workbooks.validate()
    # October is already declared : the declarations of the bodies whose dues change no
    # longer match the payroll book (the mutuelle, a flat amount, does not move)
    declarations = workbooks.sheet("paie.xlsx", "Declarations")
    assert checked.new_findings == sorted(
        declarations.at(declarations.row_of(mois="2026-10", organisme=body), "montant",
                        "declaration-differente-du-livre-de-paie")
        for body in ("Agirc-Arrco", "DGFiP", "Prévoyance Artisans Rhône", "URSSAF"))
    after = payroll(checked.dataset, parameters()).find("S008", "2026-10")
    # 2 300 / (35 × 52 / 12 = 151,666…) = 15,16483 → 15,1648 ; × 1,5 = 22,7472
    assert after.taux_horaire == D("15.1648")
    added = after.line("heures_sup_bande_2")
    assert (added.quantity, added.rate, added.amount) == (D(2), D("22.7472"), D("45.49"))
    assert after.salaire_brut - before.salaire_brut == D("45.49")
    assert after.heures_supplementaires - before.heures_supplementaires == D("45.49")
    unchanged = [line for line in before.lines if line.section == "Salaire brut"]
    assert all(after.line(line.code) == line for line in unchanged)
