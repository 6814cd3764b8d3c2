"""The payroll inputs read from the validated workbooks.

One payslip per row of « paie.xlsx › Variables » (an employee and a month), up to the
as-of month. The contract is the one in force during the month (the last one to start,
when two follow each other); the entry and exit dates come from the contracts and the
« Salariés » sheet. Overtime and complementary hours left blank in « Variables » are
computed from the week totals of « temps.xlsx › Pointages » (each week counted in the
month of its Monday). Percent columns become fractions.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date
from decimal import Decimal

import polars as pl

from pipelines.compute.money import to_cent
from pipelines.compute.payroll.gross import hourly_rate
from pipelines.compute.payroll.hours import month_bounds, month_overtime
from pipelines.compute.payroll.model import (
    ZERO,
    Contract,
    Employee,
    MonthVariables,
    OrganisationSettings,
    PayrollInput,
    ProtectionContract,
    Regularisation,
)
from pipelines.compute.payroll.rates import MonthLaw
from pipelines.dataset import ROW_COLUMN, Dataset, Table
from pipelines.law import Parameters

HUNDRED = Decimal(100)
EXTRA_HOUR_COLUMNS = ("heures_sup_bande_1", "heures_sup_bande_2", "heures_comp_dixieme",
                      "heures_comp_au_dela")
PAYROLL_SHEETS = ("salaries", "contrats", "reglages_paie", "variables_paie")


def _decimal(value) -> Decimal:
    return ZERO if value is None else Decimal(value)


def _money(value) -> Decimal:
    return ZERO if value is None else to_cent(Decimal(value))


def _percent(value) -> Decimal:
    return ZERO if value is None else Decimal(value) / HUNDRED


def _optional_percent(value) -> Decimal | None:
    return None if value is None else Decimal(value) / HUNDRED


def _rows(table: Table) -> list[dict]:
    return table.frame.to_dicts()


def _source(table: Table, row: dict):
    return table.source(row.get(ROW_COLUMN))


def employees(dataset: Dataset) -> dict[str, Employee]:
    table = dataset["salaries"]
    return {
        row["matricule"]: Employee(
            matricule=row["matricule"], nom=row.get("nom") or "", prenom=row.get("prenom") or "",
            categorie=row.get("categorie") or "non-cadre", service=row.get("service"),
            taux_pas=_optional_percent(row.get("taux_pas")), iban=row.get("iban"),
            bic=row.get("bic"), nir=row.get("nir"), poste=row.get("poste"),
            sources=(_source(table, row),),
        )
        for row in _rows(table) if row.get("matricule")
    }


def contracts(dataset: Dataset) -> dict[str, list[Contract]]:
    table = dataset["contrats"]
    by_employee: dict[str, list[Contract]] = defaultdict(list)
    for row in _rows(table):
        if not row.get("matricule") or row.get("date_debut") is None:
            continue
        by_employee[row["matricule"]].append(Contract(
            id_contrat=row.get("id_contrat") or "", type_contrat=row.get("type_contrat") or "",
            date_debut=row["date_debut"], date_fin=row.get("date_fin"),
            heures_hebdo=_decimal(row.get("heures_hebdo")),
            temps_partiel=row.get("temps_travail") == "temps partiel",
            salaire_base_mensuel=None if row.get("salaire_base_mensuel") is None
            else _money(row["salaire_base_mensuel"]),
            taux_horaire=None if row.get("taux_horaire") is None
            else Decimal(row["taux_horaire"]),
            sources=(_source(table, row),),
        ))
    return {key: sorted(value, key=lambda c: c.date_debut) for key, value in by_employee.items()}


def contract_in_month(candidates: list[Contract], month: str) -> Contract | None:
    first, last = month_bounds(month)
    in_force = [c for c in candidates
                if c.date_debut <= last and (c.date_fin is None or c.date_fin >= first)]
    return in_force[-1] if in_force else None


def employment_bounds(candidates: list[Contract], month: str, exit_day: date | None
                      ) -> tuple[date | None, date | None]:
    """(entry day, exit day) when they fall inside the month, else None."""
    first, last = month_bounds(month)
    in_force = [c for c in candidates
                if c.date_debut <= last and (c.date_fin is None or c.date_fin >= first)]
    if not in_force:
        return None, None
    start = min(c.date_debut for c in in_force)
    ends = [c.date_fin for c in in_force]
    end = None if any(e is None for e in ends) else max(ends)
    if exit_day is not None and (end is None or exit_day < end):
        end = exit_day
    return (start if start > first else None), (end if end is not None and end < last else None)


def protection(dataset: Dataset) -> list[tuple[date, date | None, ProtectionContract]]:
    if "contrats_protection_sociale" not in dataset:
        return []
    table = dataset["contrats_protection_sociale"]
    found = []
    for row in _rows(table):
        if row.get("date_debut") is None or not row.get("type"):
            continue
        found.append((row["date_debut"], row.get("date_fin"), ProtectionContract(
            id_contrat=row.get("id_contrat") or "", type=row["type"],
            organisme=row.get("organisme") or "", categorie=row.get("categorie") or "tous",
            assiette=row.get("assiette") or "forfait",
            taux_salarial=_percent(row.get("taux_salarial")),
            taux_patronal=_percent(row.get("taux_patronal")),
            montant_salarial=_money(row.get("montant_salarial")),
            montant_patronal=_money(row.get("montant_patronal")),
            sources=(_source(table, row),),
        )))
    return found


def settings_by_month(dataset: Dataset) -> callable:
    table = dataset["reglages_paie"]
    rows = sorted((r for r in _rows(table) if r.get("date_effet") is not None),
                  key=lambda r: r["date_effet"])
    contracts_ = protection(dataset)

    def for_month(month: str) -> OrganisationSettings | None:
        first, last = month_bounds(month)
        in_force = [r for r in rows if r["date_effet"] <= first]
        if not in_force:
            return None
        row = in_force[-1]
        covering = tuple(c for start, end, c in contracts_
                         if start <= last and (end is None or end >= first))
        return OrganisationSettings(
            effectif=int(row.get("effectif") or 0), taux_at=_percent(row.get("taux_at")),
            alsace_moselle=bool(row.get("alsace_moselle")),
            taux_versement_mobilite=_percent(row.get("taux_versement_mobilite")),
            majoration_hs_1=_optional_percent(row.get("majoration_hs_1")),
            majoration_hs_2=_optional_percent(row.get("majoration_hs_2")),
            majoration_nuit=_percent(row.get("majoration_nuit")),
            majoration_dimanche=_percent(row.get("majoration_dimanche")),
            majoration_ferie=_percent(row.get("majoration_ferie")),
            valeur_titre_restaurant=_money(row.get("valeur_titre_restaurant")),
            part_patronale_titre_restaurant=_percent(row.get("part_patronale_titre_restaurant")),
            protection=covering, sources=(_source(table, row),),
        )

    return for_month


def weekly_hours(dataset: Dataset, as_of: date | None) -> dict[tuple[str, str], dict]:
    """{(matricule, month of the Monday): {Monday: hours}} from the timesheets."""
    if "pointages" not in dataset:
        return {}
    frame = dataset.frame("pointages").filter(
        pl.col("date").is_not_null() & pl.col("heures").is_not_null()
        & pl.col("matricule").is_not_null())
    if as_of is not None:
        frame = frame.filter(pl.col("date") <= as_of)
    weeks = (frame.group_by("matricule", lundi=pl.col("date").dt.truncate("1w"))
             .agg(heures=pl.col("heures").sum()))
    found: dict[tuple[str, str], dict] = defaultdict(dict)
    for row in weeks.iter_rows(named=True):
        found[(row["matricule"], row["lundi"].strftime("%Y-%m"))][row["lundi"]] = Decimal(
            row["heures"])
    return found


def _regularisations(dataset: Dataset) -> dict[tuple[str, str], list[dict]]:
    if "regularisations_paie" not in dataset:
        return {}
    table = dataset["regularisations_paie"]
    found: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in _rows(table):
        if row.get("matricule") and row.get("mois"):
            found[(row["matricule"], row["mois"])].append({**row, "_source": _source(table, row)})
    return found


def payroll_inputs(dataset: Dataset, parameters: Parameters) -> list[PayrollInput]:
    """One input per « Variables » row whose employee, contract and settings are known, up to
    the as-of month (the rules of `validate.rules.payroll_records` report the others)."""
    if not all(sheet in dataset for sheet in PAYROLL_SHEETS):
        return []
    people = employees(dataset)
    by_employee = contracts(dataset)
    settings_for = settings_by_month(dataset)
    weeks = weekly_hours(dataset, dataset.as_of)
    corrections = _regularisations(dataset)
    table = dataset["variables_paie"]
    last_month = dataset.as_of.strftime("%Y-%m") if dataset.as_of else None
    inputs = []
    for row in _rows(table):
        matricule, month = row.get("matricule"), row.get("mois")
        if not matricule or not month or matricule not in people:
            continue
        if last_month is not None and month > last_month:
            continue
        contract = contract_in_month(by_employee.get(matricule, []), month)
        settings = settings_for(month)
        if contract is None or settings is None:
            continue
        employee = people[matricule]
        law = MonthLaw(parameters, month_bounds(month)[0])
        variables = _variables(row, _source(table, row))
        if all(row.get(column) is None for column in EXTRA_HOUR_COLUMNS) and (
                (matricule, month) in weeks):
            extra = month_overtime(weeks[(matricule, month)], contract.heures_hebdo,
                                   contract.temps_partiel, law)
            variables = replace(
                variables, heures_sup_bande_1=extra.band_1, heures_sup_bande_2=extra.band_2,
                heures_comp_dixieme=extra.complementary_tenth,
                heures_comp_au_dela=extra.complementary_beyond,
                overtime_from_timesheets=True,
                sources=variables.sources + (dataset["pointages"].source(),))
        start, end = employment_bounds(by_employee.get(matricule, []), month,
                                       _exit_day(dataset, matricule))
        base = PayrollInput(month, employee, contract, settings, variables, start, end)
        fixes = tuple(_regularisation(fix, employee, by_employee.get(matricule, []),
                                      settings_for, parameters)
                      for fix in corrections.get((matricule, month), []))
        if fixes:
            base = replace(base, variables=replace(variables, regularisations=fixes))
        inputs.append(base)
    return inputs


def _exit_day(dataset: Dataset, matricule: str) -> date | None:
    frame = dataset.frame("salaries")
    if "date_sortie" not in frame.columns:
        return None
    rows = frame.filter(pl.col("matricule") == matricule)["date_sortie"].to_list()
    return rows[0] if rows else None


def _variables(row: dict, source) -> MonthVariables:
    return MonthVariables(
        **{name: _decimal(row.get(name)) for name in (
            *EXTRA_HOUR_COLUMNS, "heures_nuit", "heures_dimanche", "heures_ferie",
            "heures_absence_non_payee", "heures_absence_maladie", "jours_conges_payes")},
        **{name: _money(row.get(name)) for name in (
            "complement_maladie", "prime", "avantage_vehicule", "remboursement_transport",
            "acompte")},
        libelle_prime=row.get("libelle_prime"),
        repas_fournis=int(row.get("repas_fournis") or 0),
        titres_restaurant=int(row.get("titres_restaurant") or 0),
        sources=(source,),
    )


def _regularisation(row: dict, employee: Employee, candidates: list[Contract], settings_for,
                    parameters: Parameters) -> Regularisation:
    concerned = row.get("mois_concerne")
    rate = None
    contract = contract_in_month(candidates, concerned) if concerned else None
    settings = settings_for(concerned) if concerned else None
    if contract is not None and settings is not None:
        law = MonthLaw(parameters, month_bounds(concerned)[0])
        rate = hourly_rate(PayrollInput(concerned, employee, contract, settings), law)[1]
    return Regularisation(
        id_regularisation=row.get("id_regularisation") or "", mois_concerne=concerned or "",
        rubrique=row.get("rubrique") or "salaire", quantite=_decimal(row.get("quantite")),
        montant=_money(row.get("montant")), motif=row.get("motif") or "",
        taux_horaire=rate, sources=(row["_source"],),
    )


def month_start(month: str) -> date:
    return month_bounds(month)[0]
