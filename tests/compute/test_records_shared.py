"""Compute reads the facts about records from `pipelines.records`, as validate does.

Presence at a date, the notices in force and the direction of stock movements have one
definition: if compute wrote its own, validate and the published figures could disagree.
"""

import ast
from datetime import date
from pathlib import Path

import polars as pl

import pipelines.compute
from pipelines import records
from pipelines.compute import hr, stock

from .records import AS_OF, employee, table

COMPUTE = Path(pipelines.compute.__file__).parent
MOVEMENT_TYPES = set(records.ENTRY_TYPES + records.EXIT_TYPES) - {"achat"}  # purchase: costs
PRESENCE_FIELDS = {"date_entree", "date_sortie"}


def string_constants(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def test_compute_writes_no_presence_rule_or_movement_direction_of_its_own():
    own = {path.name: string_constants(path) & (MOVEMENT_TYPES | PRESENCE_FIELDS)
           for path in sorted(COMPUTE.glob("*.py"))}
    assert {name: sorted(found) for name, found in own.items() if found} == {}


def test_presence_is_the_records_definition():
    salaries = table("salaries", [
        employee("S001", "A", "a", "DIR"),
        employee("S002", "B", "b", "DIR", date_sortie=AS_OF),
        employee("S003", "C", "c", "DIR", date_sortie=date(2026, 11, 29)),
        employee("S004", "D", "d", "DIR", date_entree=date(2026, 12, 1)),
        employee("S005", "E", "e", "DIR", date_entree=None),
    ]).frame
    for day in (date(2026, 11, 29), AS_OF, date(2026, 12, 1)):
        expected = salaries.filter(records.present_on(day))["matricule"].to_list()
        assert hr.present_staff(salaries, day)["matricule"].to_list() == expected
    assert hr.present_staff(salaries, AS_OF)["matricule"].to_list() == ["S001", "S002"]


def test_movement_directions_are_the_records_ones():
    kinds = [*records.ENTRY_TYPES, *records.EXIT_TYPES, None]
    movements = pl.DataFrame({"type": kinds}, schema={"type": pl.String})
    directed = stock.with_direction(movements)
    assert directed["sens"].to_list() == movements.select(records.movement_direction())[
        "type"].to_list()
    assert directed["sens"].to_list() == [records.ENTRY] * 3 + [records.EXIT] * 5 + [None]
