"""3.2.5 Payroll records: gross to net with dated legal rates, the payroll journal, the
contributions by collecting body, and the declarations checked against the payroll book.

Hazards: a payroll error corrected the next month (RG001: Hugo Fontaine's 3 hours of
22 July, forgotten in July, paid in August), a rate change during the year (the SMIC on
1 June 2026, the organisation's AT/MP rate on 1 July), a declaration that differs from the
payroll book.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest

from pipelines.compute.payroll.bodies import dues_by_body
from pipelines.compute.payroll.journal import journal_contributions, journal_rows
from pipelines.compute.payroll.run import payroll
from pipelines.law import parameters

D = Decimal
CONTRACTS = ("personnel.xlsx", "Contrats")
SETTINGS = ("paie.xlsx", "Reglages")
CORRECTIONS = ("paie.xlsx", "Regularisations")
DECLARATIONS = ("paie.xlsx", "Declarations")
PAYROLL_CHECKS = {"salaire-inferieur-smic-paie", "livre-de-paie-incoherent",
                  "declaration-differente-du-livre-de-paie", "declaration-inconnue",
                  "declaration-manquante", "taux-pas-absent"}


def cents(value: Decimal) -> Decimal:
    return value.quantize(D("0.01"), ROUND_HALF_UP)


def payroll_of(checked):
    return payroll(checked.dataset, parameters())


@pytest.fixture(scope="module")
def demo_payroll(demo):
    return payroll_of(demo)


def test_the_demo_has_no_payroll_finding(demo):
    """The demo as shipped: every payslip at or above the SMIC, the journal and the bodies
    agree, every month due is declared at the payroll book's amounts."""
    assert [str(issue) for issue in demo.issues if issue.code in PAYROLL_CHECKS] == []


def test_forgotten_hours_are_paid_next_month_at_the_rate_of_their_month(workbooks, demo,
                                                                        demo_payroll):
    """3.2.5 Registres de paie — aléa erreur de paie et correction le mois suivant : les 3 h
    supplémentaires de Hugo Fontaine du 22 juillet, oubliées sur la paie de juillet, sont
    payées sur le bulletin d'août (RG001) au taux horaire de juillet majoré de 25 % ; le
    bulletin de juillet ne change pas ; les cumuls de l'année les comptent."""
    august = demo_payroll.find("S007", "2026-08")
    line = august.line("regularisation_RG001")
    # July's hourly rate 16,1538 × 1,25 = 20,19225 → 20,1923 ; 3 × 20,1923 = 60,5769 → 60,58
    assert demo_payroll.find("S007", "2026-07").taux_horaire == D("16.1538")
    assert (line.quantity, line.rate, line.amount) == (D(3), D("20.1923"), D("60.58"))
    assert line.label.startswith("Régularisation 2026-07 : Heures de dépannage du 22/07")
    assert line.parameters == ("paie.heures_supplementaires.majoration_1",)
    assert [(s.sheet, s.row) for s in line.sources] == [("Regularisations", 2)]

    corrections = workbooks.sheet(*CORRECTIONS)
    corrections.delete(corrections.row_of("RG001"))
    without = payroll_of(workbooks.validate())
    # July is the same payslip with or without the correction
    assert without.find("S007", "2026-07") == demo_payroll.find("S007", "2026-07")
    plain_august = without.find("S007", "2026-08")
    assert august.salaire_brut - plain_august.salaire_brut == D("60.58")
    assert august.heures_supplementaires - plain_august.heures_supplementaires == D("60.58")
    assert august.heures_payees - plain_august.heures_payees == D(3)
    # the year to date counts it from August on
    for month in ("2026-08", "2026-09", "2026-11"):
        corrected, plain = demo_payroll.find("S007", month), without.find("S007", month)
        assert corrected.ytd.brut - plain.ytd.brut == D("60.58")
    assert august.ytd.brut == demo_payroll.find("S007", "2026-07").ytd.brut + august.salaire_brut


def test_the_smic_rise_of_june_makes_a_may_salary_too_low(workbooks):
    """3.2.5 Registres de paie — aléa changement de taux en cours d'année : le SMIC passe de
    12,02 à 12,31 €/h le 1er juin 2026. Un salaire de 1 823,03 € pour 35 h (le SMIC de
    janvier) est bloquant sur chaque bulletin de juin à novembre, pas sur ceux de mars à
    mai ; le contrôle des contrats, qui juge le contrat à la date d'arrêté, le signale
    aussi."""
    contracts = workbooks.sheet(*CONTRACTS)
    row = contracts.row_of("CT0012")  # Thomas Blanc (S011), CDD from 2 March, 35 h
    contracts.set(row, "salaire_base_mensuel", 1823.03)

    checked = workbooks.validate()
    at_salary = contracts.at(row, "salaire_base_mensuel", "salaire-inferieur-smic-paie")
    outside_declarations = [f for f in checked.new_findings if f[:2] != DECLARATIONS]
    assert outside_declarations == sorted(
        [at_salary] * 6 + [contracts.at(row, "salaire_base_mensuel", "salaire-inferieur-smic")])
    # his pay changed from March : the declarations made no longer match the payroll book
    declared = {f[3] for f in checked.new_findings if f[:2] == DECLARATIONS}
    assert declared == {"declaration-differente-du-livre-de-paie"}
    messages = sorted(issue.message for issue in checked.at(*CONTRACTS, at_salary[2])
                      if issue.code == "salaire-inferieur-smic-paie")
    assert [message.split(" :")[0] for message in messages] == [
        "S011, août 2026", "S011, juillet 2026", "S011, juin 2026", "S011, novembre 2026",
        "S011, octobre 2026", "S011, septembre 2026"]
    assert all("SMIC horaire de 12,31" in message for message in messages)
    assert all(issue.blocking for issue in checked.issues
               if issue.code == "salaire-inferieur-smic-paie")


def test_the_new_at_rate_applies_from_july(workbooks, demo_payroll):
    """3.2.5 Registres de paie — aléa changement de taux en cours d'année : le taux AT/MP
    notifié passe de 2,24 % à 2,10 % au 1er juillet (feuille Reglages) : la ligne accidents
    du travail de juillet l'applique, celle de juin garde 2,24 % ; changer le taux de
    juillet ne touche aucun bulletin de juin."""
    june = demo_payroll.find("S002", "2026-06").line("accidents_travail")
    july_slip = demo_payroll.find("S002", "2026-07")
    july = july_slip.line("accidents_travail")
    assert (june.employer_rate, july.employer_rate) == (D("0.0224"), D("0.021"))
    # 2 250,00 × 2,10 % = 47,25
    assert (july.base, july.employer_amount) == (D("2250.00"), D("47.25"))
    assert june.employer_amount == cents(june.base * D("0.0224"))
    assert [(s.sheet, s.row) for s in june.sources] == [("Reglages", 2)]
    assert [(s.sheet, s.row) for s in july.sources] == [("Reglages", 3)]

    settings = workbooks.sheet(*SETTINGS)
    settings.set(settings.row_of(date(2026, 7, 1)), "taux_at", 3)
    changed = payroll_of(workbooks.validate())
    for month in ("2026-01", "2026-06"):
        assert changed.of_month(month) == demo_payroll.of_month(month)
    line = changed.find("S002", "2026-07").line("accidents_travail")
    # 2 250,00 × 3 % = 67,50
    assert (line.employer_rate, line.employer_amount) == (D("0.03"), D("67.50"))


def test_a_declaration_one_cent_off_is_blocking_at_its_amount(workbooks):
    """3.2.5 Registres de paie — aléa incohérence entre le livre de paie et les
    déclarations : l'URSSAF de mars déclarée avec un centime de trop est bloquante à la
    cellule du montant ; une déclaration à un organisme inconnu du livre de paie aussi ; une
    déclaration échue effacée est signalée comme manquante."""
    declarations = workbooks.sheet(*DECLARATIONS)
    march = declarations.row_of(mois="2026-03", organisme="URSSAF")
    amount = D(str(declarations.get(march, "montant")))
    declarations.set(march, "montant", float(amount + D("0.01")))
    april = declarations.row_of(mois="2026-04", organisme="Agirc-Arrco")
    declarations.set(april, "organisme", "Agirc Arrco")  # misspelt

    checked = workbooks.validate()
    assert checked.new_findings == sorted([
        declarations.at(march, "montant", "declaration-differente-du-livre-de-paie"),
        declarations.at(april, "organisme", "declaration-inconnue"),
        (*DECLARATIONS, "colonne A", "declaration-manquante"),
    ])
    mismatch = checked.issue(
        declarations.at(march, "montant", "declaration-differente-du-livre-de-paie"))
    assert mismatch.blocking and mismatch.message.startswith("URSSAF, mars 2026 : ")
    assert mismatch.message.endswith("(écart de 0,01\u00a0€)")
    missing = checked.issue((*DECLARATIONS, "colonne A", "declaration-manquante"))
    assert missing.message.startswith("Agirc-Arrco, avril 2026 : ") and not missing.blocking


def test_the_journal_and_the_bodies_agree_to_the_cent_every_month(demo_payroll):
    """3.2.5 Registres de paie — livre de paie et récapitulatif par organisme : pour chaque
    mois de la démo, les cotisations et l'impôt prélevé du livre de paie égalent au centime
    le total dû aux organismes, et le brut du livre celui des bulletins."""
    dues = dues_by_body(list(demo_payroll.payslips), parameters())
    months = demo_payroll.months()
    assert months[0] == "2026-01" and months[-1] == "2026-11"
    for month in months:
        slips = demo_payroll.of_month(month)
        rows = journal_rows(slips)
        owed = sum((due.total for due in dues if due.mois == month), D(0))
        assert journal_contributions(rows) == owed, month
        assert sum(row["salaire_brut"] for row in rows) == sum(s.salaire_brut for s in slips)
        # withholding tax : the DGFiP's due is the journal's column
        dgfip = [due for due in dues if due.mois == month and due.organisme == "DGFiP"]
        assert [due.part_salariale for due in dgfip] == [sum(row["pas"] for row in rows)]
