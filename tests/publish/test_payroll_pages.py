"""The « Paie » page of the management site: aggregates only, small groups never published."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from pipelines.compute.figures import Computed
from pipelines.compute.payroll.model import ProtectionContract
from pipelines.compute.payroll.simulator import Simulation, simulate
from pipelines.compute.payroll_specs import (
    BY_DIFFERENCE,
    OTHER_BODIES,
    PAYROLL_SPECS,
    SMALL_GROUP,
    by_body,
    by_month,
    by_service,
    suppressed,
)
from pipelines.compute.run import compute_figures
from pipelines.compute.specs import Inputs
from pipelines.issues import Issue, Severity, SourceRef
from pipelines.law import parameters
from pipelines.publish.payroll_pages import PAYROLL_CHART, PAYROLL_PAGE, payroll_pages
from pipelines.publish.sites import MANAGEMENT_NAV, STAFF_NAV
from pipelines.validate import validate_workbooks

ROOT = Path(__file__).resolve().parents[2]


def service_row(service: str, people: int, gross: str = "1000") -> dict:
    return {"mois": "2026-03", "service": service, "service_libelle": service,
            "salaries_payes": people, "salaire_brut": Decimal(gross),
            "cotisations_salariales": Decimal(1), "cotisations_patronales": Decimal(1),
            "allegements": Decimal(1), "net_paye": Decimal(1), "cout_employeur": Decimal(1),
            "publie": True, "mention": None}


def published(rows: list[dict]) -> dict[str, str | None]:
    return {row["service"]: row["mention"] for row in suppressed(rows)}


# --- The rule of small groups -------------------------------------------------------------


def test_no_small_group_nothing_hidden():
    assert published([service_row("A", 3), service_row("B", 5)]) == {"A": None, "B": None}


def test_a_lone_small_group_takes_the_next_smallest_with_it():
    rows = [service_row("A", 2), service_row("B", 6), service_row("C", 4),
            service_row("D", 4, "900")]

    mentions = published(rows)

    assert mentions == {"A": SMALL_GROUP, "B": None, "C": None, "D": BY_DIFFERENCE}
    hidden = [row for row in suppressed(rows) if not row["publie"]]
    assert all(row[name] is None for row in hidden
               for name in ("salaries_payes", "salaire_brut", "net_paye", "cout_employeur"))


def test_two_small_groups_of_fewer_than_3_people_together_hide_a_third():
    mentions = published([service_row("A", 1), service_row("B", 1), service_row("C", 5),
                          service_row("D", 3)])

    assert mentions == {"A": SMALL_GROUP, "B": SMALL_GROUP, "C": None, "D": BY_DIFFERENCE}


def test_two_small_groups_of_3_people_together_stay_hidden_alone():
    mentions = published([service_row("A", 1), service_row("B", 2), service_row("C", 5)])

    assert mentions == {"A": SMALL_GROUP, "B": SMALL_GROUP, "C": None}


def _slips(count: int, covered: int = 0) -> list:
    """`count` simulated payslips of different employees; the first `covered` ones under
    a small health-insurance contract."""
    law = parameters()
    contract = ProtectionContract("M1", "mutuelle", "Mutuelle Confidentielle", "tous",
                                  "forfait", montant_salarial=Decimal(20),
                                  montant_patronal=Decimal(30))
    slips = []
    for index in range(count):
        protection = (contract,) if index < covered else ()
        slip = simulate(Simulation(Decimal(2000 + 100 * index), "2026-03",
                                   protection=protection, taux_pas=Decimal("0.02")), law)
        slips.append(replace(slip, employee=replace(slip.employee, matricule=f"X{index}",
                                                    service="A" if index < 2 else "B")))
    return slips


def test_a_body_of_fewer_than_3_employees_is_merged_then_hidden():
    frame = by_body(_slips(4, covered=2), parameters())

    bodies = {row["organisme"]: row for row in frame.to_dicts()}
    assert "Mutuelle Confidentielle" not in bodies
    others = bodies[OTHER_BODIES]
    assert others["publie"] is False and others["mention"] == SMALL_GROUP
    assert others["part_salariale"] is None and others["total"] is None
    assert bodies["URSSAF"]["salaries_payes"] == 4 and bodies["URSSAF"]["publie"]


def test_a_month_of_fewer_than_3_payslips_is_not_published():
    row = by_month(_slips(2)).row(0, named=True)

    assert row["publie"] is False and row["salaire_brut"] is None
    assert by_month(_slips(3)).row(0, named=True)["salaries_payes"] == 3


def test_services_are_named_from_the_services_sheet():
    services = pl.DataFrame({"code_service": ["A", "B"], "libelle": ["Atelier", "Bureau"]})

    frame = by_service(_slips(5), services)

    assert frame["service_libelle"].to_list() == ["Atelier", "Bureau"]
    # A has 2 people; B (3) alone would give A by difference with the month total
    assert frame["mention"].to_list() == [SMALL_GROUP, BY_DIFFERENCE]


# --- The page from the demo ---------------------------------------------------------------


@pytest.fixture(scope="module")
def demo():
    result = validate_workbooks(ROOT / "workbooks", ROOT / "schemas")
    figures, failures = compute_figures(Inputs(result.dataset, parameters()), PAYROLL_SPECS)
    assert failures == {}
    return result.dataset, Computed(result.dataset.as_of, {}, figures)


def test_the_page_has_its_chart_tables_and_provenance(demo):
    _dataset, computed = demo

    files = payroll_pages(computed)

    page = next(f for f in files if f.path == PAYROLL_PAGE)
    chart = next(f for f in files if f.path == PAYROLL_CHART)
    assert chart.content.lstrip().startswith("<?xml") and "<svg" in chart.content
    for heading in ("# Paie", "## Par mois", "## Par service", "## Cotisations par organisme",
                    "## Écritures comptables", "## D'où viennent ces chiffres"):
        assert heading in page.body
    assert "../graphiques/paie-par-mois.svg" in page.body
    assert "agora paie documents" in page.body
    assert "Chaque mois est équilibré" in page.body and "11 mois vérifiés" in page.body
    assert "site_data/gestion/paie_ecritures.csv" in page.body
    assert SMALL_GROUP in page.body  # Direction has 2 employees
    assert "URSSAF" in page.body and "15/12/2026" in page.body  # November's due date
    assert "paie\\.xlsx › Variables" in page.body and "données au 30 novembre 2026" in page.body


def test_the_page_names_no_employee_and_shows_no_matricule(demo):
    dataset, computed = demo
    staff = dataset.frame("salaries")

    body = next(f for f in payroll_pages(computed) if f.path == PAYROLL_PAGE).body

    for matricule in staff["matricule"].to_list():
        assert matricule not in body
    for name in staff["nom"].to_list() + staff["prenom"].to_list():
        assert f" {name} " not in f" {body} ", name


def test_the_page_is_in_the_management_navigation_only():
    assert {"Paie": PAYROLL_PAGE} in MANAGEMENT_NAV
    assert all(PAYROLL_PAGE not in str(entry) for entry in STAFF_NAV)


def test_without_payroll_sheets_the_page_says_so():
    computed = Computed(date(2026, 11, 30), {}, {})

    [page] = payroll_pages(computed)

    assert page.path == PAYROLL_PAGE and "absente des classeurs" in page.body


def test_a_failed_figure_publishes_a_notice(demo):
    _dataset, computed = demo
    failure = Issue("calcul-en-echec", Severity.AVERTISSEMENT,
                    SourceRef("paie.xlsx", "Variables"), "le calcul a échoué")
    failed = Computed(computed.as_of, {}, computed.management,
                      failures={"paie_par_service": failure})

    [page] = payroll_pages(failed)

    assert "Chiffres indisponibles" in page.body
