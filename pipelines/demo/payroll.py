"""Payroll records: the five sheets of ``paie.xlsx``.

« Reglages » holds the organisation's dated payroll settings (headcount for the legal
thresholds, the AT/MP rate notified by the CARSAT, which changes on 1 July 2026, Lyon's
versement mobilité, the collective agreement's premiums, meal vouchers); « ProtectionSociale »
the health and provident contracts; « Variables » one row per employee and month of 2026
up to the as-of month in which he has a contract; « Regularisations » two corrections of a
past month; « Declarations » is left empty (filled from the payroll computation).

Overtime and complementary hours are left blank in « Variables » (computed from the
timesheets), except one month typed by hand. Paid-leave days, sick and unpaid hours follow
the « Absences » sheet; meals (workshop) and meal vouchers (offices) follow the days
clocked in « Pointages ».
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from pipelines.demo.settings import AS_OF, FISCAL_START
from pipelines.demo.workdays import working_days

MONTHS = tuple(f"{FISCAL_START.year}-{month:02d}" for month in range(1, AS_OF.month + 1))
WORKSHOP = "ATE"
OFFICE_DESK = "Bureau"  # office staff (bureau « Bureau 1.02 »…) get meal vouchers
TRANSIT_PASS_SHARE = Decimal("44.20")  # the employer's half of a monthly TCL pass
TRANSIT_USERS = ("S002", "S004", "S005", "S011", "S013")
COMPANY_CAR = {"S003": Decimal("210.00")}
SICK_PAY_COMPLEMENT = {("S013", "2026-03"): Decimal("101.70")}
ADVANCES = {("S011", "2026-04"): (Decimal("500.00"), "Acompte versé le 15/04")}
BONUSES = {
    ("S007", "2026-09"): (Decimal("600.00"), "Prime de saison"),
    ("S006", "2026-11"): (Decimal("500.00"), "Prime de fin d'année"),
    ("S010", "2026-11"): (Decimal("400.00"), "Prime de fin d'année"),
    ("S012", "2026-11"): (Decimal("800.00"), "Prime de fin d'année"),
    ("S013", "2026-11"): (Decimal("300.00"), "Prime de fin d'année"),
}
# Emergency call-outs of the workshop: hours for their premium only.
PREMIUM_HOURS = {
    ("S008", "2026-02"): ("heures_dimanche", Decimal(5),
                          "Dépannage d'une chambre froide le dimanche 15/02"),
    ("S006", "2026-07"): ("heures_ferie", Decimal(4),
                          "Dépannage d'un supermarché le 14/07 (jour férié)"),
    ("S015", "2026-08"): ("heures_dimanche", Decimal(6),
                          "Intervention d'urgence le dimanche 09/08"),
    ("S007", "2026-08"): ("heures_nuit", Decimal(3),
                          "Dépannage de nuit du 12/08 (22 h – 1 h)"),
}
# The one month whose overtime is typed instead of computed from the timesheets.
TYPED_OVERTIME = {("S008", "2026-10"): (Decimal(6), "Heures supplémentaires saisies à la "
                                        "main : chantier de Villeurbanne du 20 au 22/10, "
                                        "sans pointage")}


def _month_bounds(month: str) -> tuple[date, date]:
    year, number = map(int, month.split("-"))
    first = date(year, number, 1)
    following = date(year + number // 12, number % 12 + 1, 1)
    return first, following - timedelta(days=1)


def _contract_in(contracts: list[dict], month: str) -> dict | None:
    """The employee's last contract that covers part of `month`."""
    first, last = _month_bounds(month)
    covering = [c for c in contracts if c["date_debut"] <= last
                and (c["date_fin"] is None or c["date_fin"] >= first)]
    return covering[-1] if covering else None


def _absent_days(absences: list[dict], kind: str, month: str) -> int:
    first, last = _month_bounds(month)
    return sum(len(working_days(max(a["date_debut"], first), min(a["date_fin"], last)))
               for a in absences if a["type"] == kind
               and a["date_debut"] <= last and a["date_fin"] >= first)


def _hours(days: int, contract: dict) -> Decimal | None:
    """Working days as hours, at the contract's average day (a fifth of its week)."""
    return Decimal(days) * Decimal(contract["heures_hebdo"]) / 5 if days else None


def _entry_exit_note(employee: dict, month: str) -> str | None:
    first, last = _month_bounds(month)
    notes = []
    if first < employee["date_entree"] <= last:
        notes.append(f"Entrée le {employee['date_entree']:%d/%m}")
    if employee["date_sortie"] is not None and first <= employee["date_sortie"] < last:
        notes.append(f"Sortie le {employee['date_sortie']:%d/%m} : fin du contrat")
    return " ; ".join(notes) or None


def _variables_row(rng: random.Random, employee: dict, contract: dict, month: str,
                   days_clocked: int, absences: list[dict]) -> dict:
    matricule, key = employee["matricule"], (employee["matricule"], month)
    comments = [c for c in [_entry_exit_note(employee, month)] if c]
    row = {"matricule": matricule, "mois": month}
    if key in TYPED_OVERTIME:
        row["heures_sup_bande_1"], comment = TYPED_OVERTIME[key]
        comments.append(comment)
    if key in PREMIUM_HOURS:
        column, quantity, comment = PREMIUM_HOURS[key]
        row[column] = quantity
        comments.append(comment)
    row["heures_absence_non_payee"] = _hours(_absent_days(absences, "congé sans solde", month),
                                             contract)
    if row["heures_absence_non_payee"]:
        comments.append("Congé sans solde")
    row["heures_absence_maladie"] = _hours(_absent_days(absences, "maladie", month), contract)
    row["complement_maladie"] = SICK_PAY_COMPLEMENT.get(key)
    leave = _absent_days(absences, "congés payés", month)
    row["jours_conges_payes"] = Decimal(leave) if leave else None
    if key in BONUSES:
        row["prime"], row["libelle_prime"] = BONUSES[key]
    if employee["service"] == WORKSHOP and days_clocked:
        row["repas_fournis"] = max(days_clocked - rng.randint(1, 4), 0)
    elif (employee["bureau"] or "").startswith(OFFICE_DESK) and days_clocked:
        row["titres_restaurant"] = days_clocked
    row["avantage_vehicule"] = COMPANY_CAR.get(matricule)
    if matricule in TRANSIT_USERS:
        row["remboursement_transport"] = TRANSIT_PASS_SHARE
    if key in ADVANCES:
        row["acompte"], comment = ADVANCES[key]
        comments.append(comment)
    row["commentaire"] = " ; ".join(comments) or None
    return row


def variables(rng: random.Random, employees: list[dict], contracts: list[dict],
              timesheets: list[dict], absences: list[dict]) -> list[dict]:
    by_employee: dict[str, list[dict]] = defaultdict(list)
    for contract in contracts:
        by_employee[contract["matricule"]].append(contract)
    clocked: dict[tuple[str, str], set[date]] = defaultdict(set)
    for row in timesheets:
        clocked[(row["matricule"], f"{row['date']:%Y-%m}")].add(row["date"])
    absent: dict[str, list[dict]] = defaultdict(list)
    for absence in absences:
        absent[absence["matricule"]].append(absence)
    rows = []
    for month in MONTHS:
        for employee in employees:
            matricule = employee["matricule"]
            contract = _contract_in(by_employee[matricule], month)
            if contract is None:
                continue
            rows.append(_variables_row(rng, employee, contract, month,
                                       len(clocked[(matricule, month)]), absent[matricule]))
    return rows


def settings(employees: list[dict]) -> list[dict]:
    common = {"effectif": len(employees), "alsace_moselle": False,
              "taux_versement_mobilite": Decimal("2.00"), "majoration_nuit": Decimal(20),
              "majoration_dimanche": Decimal(50), "majoration_ferie": Decimal(100),
              "valeur_titre_restaurant": Decimal("9.00"),
              "part_patronale_titre_restaurant": Decimal(60)}
    return [
        {"date_effet": date(2026, 1, 1), **common, "taux_at": Decimal("2.24"),
         "commentaire": "Taux AT/MP notifié par la CARSAT Rhône-Alpes pour 2026 ; versement "
                        "mobilité de la métropole de Lyon ; majorations des heures "
                        "supplémentaires : taux légaux"},
        {"date_effet": date(2026, 7, 1), **common, "taux_at": Decimal("2.10"),
         "commentaire": "Nouveau taux AT/MP notifié par la CARSAT à compter du 1er juillet"},
    ]


def social_protection() -> list[dict]:
    start = date(2024, 1, 1)
    return [
        {"id_contrat": "PS001", "type": "mutuelle", "organisme": "Mutuelle des Métiers du Rhône",
         "categorie": "tous", "date_debut": start, "assiette": "forfait",
         "montant_salarial": Decimal("32.00"), "montant_patronal": Decimal("48.00"),
         "commentaire": "Frais de santé, formule isolé ; la part patronale est de 60 %"},
        {"id_contrat": "PS002", "type": "prévoyance", "organisme": "Prévoyance Artisans Rhône",
         "categorie": "non-cadre", "date_debut": start, "assiette": "tranche 1",
         "taux_salarial": Decimal("0.35"), "taux_patronal": Decimal("0.55"),
         "commentaire": "Incapacité, invalidité, décès des non-cadres et des apprentis"},
        {"id_contrat": "PS003", "type": "prévoyance", "organisme": "Prévoyance Artisans Rhône",
         "categorie": "cadre", "date_debut": start, "assiette": "tranche 1",
         "taux_salarial": Decimal("0"), "taux_patronal": Decimal("1.50"),
         "commentaire": "Prévoyance des cadres : 1,50 % de la tranche 1 à la charge de "
                        "l'employeur (convention collective)"},
    ]


def corrections() -> list[dict]:
    return [
        {"id_regularisation": "RG001", "matricule": "S007", "mois": "2026-08",
         "mois_concerne": "2026-07", "rubrique": "heures_sup_bande_1",
         "quantite": Decimal(3), "montant": None,
         "motif": "Heures de dépannage du 22/07 oubliées sur la paie de juillet"},
        {"id_regularisation": "RG002", "matricule": "S004", "mois": "2026-05",
         "mois_concerne": "2026-04", "rubrique": "prime", "quantite": None,
         "montant": Decimal(150), "motif": "Prime sur objectifs d'avril non reportée"},
    ]


def payroll(rng: random.Random, employees: list[dict], contracts: list[dict],
            timesheets: list[dict], absences: list[dict]) -> dict[str, list[dict]]:
    """The rows of the five sheets of paie.xlsx, by resource name."""
    return {
        "reglages_paie": settings(employees),
        "contrats_protection_sociale": social_protection(),
        "variables_paie": variables(rng, employees, contracts, timesheets, absences),
        "regularisations_paie": corrections(),
        "declarations_sociales": [],  # filled from the payroll computation
    }
