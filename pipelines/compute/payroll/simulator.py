"""The inputs of a hypothetical payslip, for ``agora paie simuler``: no workbook needed.

The simulated employee has a permanent contract for the whole month; the organisation has
no health-insurance or prévoyance contract unless one is given. It goes through the same
engine as the monthly payroll.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pipelines.compute.payroll.engine import payslip
from pipelines.compute.payroll.model import (
    CATEGORIES,
    ZERO,
    Contract,
    Employee,
    MonthVariables,
    OrganisationSettings,
    Payslip,
    ProtectionContract,
)
from pipelines.compute.payroll.model import PayrollInput as Input
from pipelines.compute.payroll.rates import DUREE_LEGALE, MonthLaw
from pipelines.compute.payroll.workbook_inputs import month_start
from pipelines.law import Parameters

HUNDRED = Decimal(100)


class SimulationError(ValueError):
    """A simulation asked for something that cannot be computed (French message)."""


@dataclass(frozen=True)
class Simulation:
    brut: Decimal  # the monthly base salary for the contract hours
    mois: str  # « 2026-01 »
    statut: str = "non-cadre"
    heures_hebdo: Decimal | None = None  # part-time hours; None: the legal duration
    effectif: int = 10
    taux_at: Decimal = Decimal("0.0100")  # fraction
    heures_sup_bande_1: Decimal = ZERO
    heures_sup_bande_2: Decimal = ZERO
    taux_pas: Decimal | None = ZERO  # fraction
    alsace_moselle: bool = False
    protection: tuple[ProtectionContract, ...] = ()


def simulation_input(simulation: Simulation, parameters: Parameters) -> Input:
    if simulation.statut not in CATEGORIES:
        raise SimulationError(
            f"statut « {simulation.statut} » inconnu : cadre, non-cadre ou apprenti")
    if simulation.brut <= 0:
        raise SimulationError("le salaire brut doit être positif")
    try:
        first = month_start(simulation.mois)
    except (ValueError, TypeError):
        raise SimulationError(
            f"mois « {simulation.mois} » illisible : écrivez-le AAAA-MM, par exemple 2026-01"
        ) from None
    law = MonthLaw(parameters, first)
    legal = law(DUREE_LEGALE)
    weekly = simulation.heures_hebdo if simulation.heures_hebdo is not None else legal
    part_time = weekly < legal
    if part_time and (simulation.heures_sup_bande_1 or simulation.heures_sup_bande_2):
        raise SimulationError(
            "un salarié à temps partiel fait des heures complémentaires, pas des heures "
            "supplémentaires")
    employee = Employee("SIMULATION", "Simulation", "", simulation.statut,
                        taux_pas=simulation.taux_pas)
    contract = Contract("SIMULATION", "apprentissage" if simulation.statut == "apprenti"
                        else "CDI", date(first.year, 1, 1), None, weekly, part_time,
                        simulation.brut, None)
    settings = OrganisationSettings(effectif=simulation.effectif, taux_at=simulation.taux_at,
                                    alsace_moselle=simulation.alsace_moselle,
                                    protection=simulation.protection)
    variables = MonthVariables(heures_sup_bande_1=simulation.heures_sup_bande_1,
                               heures_sup_bande_2=simulation.heures_sup_bande_2)
    return Input(simulation.mois, employee, contract, settings, variables)


def simulate(simulation: Simulation, parameters: Parameters) -> Payslip:
    """One payslip for the simulated month, as if it were the first of the year."""
    return payslip(simulation_input(simulation, parameters), parameters)
