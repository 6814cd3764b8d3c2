"""Agora finds what frictionless finds: same (resource, row, field, error type).

Agora-only checks (check keys, formulas without a value, merged cells) are left
out of the comparison; everything frictionless knows is compared.
"""

from datetime import date, datetime, time
from pathlib import Path

import pytest

from pipelines.validate import validate_workbooks
from pipelines.validate.frictionless import agora_findings, frictionless_findings

from .builders import package, postcodes_package
from .paths import AS_OF, BROKEN, CASES, GOOD, SCHEMAS

PROJECT = Path(__file__).parents[2]


@pytest.mark.parametrize("case", CASES)
def test_broken_fixture_matches_frictionless(case, broken_result):
    ours = agora_findings(broken_result(case).issues)
    assert ours == frictionless_findings(SCHEMAS, BROKEN / case)


def test_good_package_matches_frictionless():
    assert agora_findings(validate_workbooks(GOOD, SCHEMAS, as_of=AS_OF).issues) == set()
    assert frictionless_findings(SCHEMAS, GOOD) == set()


@pytest.mark.skipif(not (PROJECT / "schemas" / "datapackage.json").exists(), reason="pas encore de schémas")
def test_project_package_matches_frictionless():
    schemas, workbooks = PROJECT / "schemas", PROJECT / "workbooks"
    result = validate_workbooks(workbooks, schemas)
    assert agora_findings(result.issues) == frictionless_findings(schemas, workbooks)


TYPES = ["string", "integer", "number", "boolean", "date", "time", "datetime", "year"]
# Raw cells as a spreadsheet holds them, each read by every type of column.
CELLS = [
    "texte", "12", " 12 ", "-7", "1e3", "1_000", "12.50", "12,5", "1 234,56", "0012",
    "2026-03-12", "2026-3-5", "12/03/2026", "2026-03-12T10:30:00", "2026-03-12 10:30:00",
    "10:30:00", "10:30", "true", "TRUE", "True", "yes", "0", "1", "2026", "99999", " ",
    12, 12.5, -3, 0, 1, 2026, 1e20, 0.1 + 0.2,
    True, False,
    date(2026, 3, 12), datetime(2026, 3, 12, 0, 0), datetime(2026, 3, 12, 10, 30), time(10, 30),
]


def test_every_kind_of_cell_is_read_as_frictionless_reads_it(tmp_path):
    fields = [{"name": f"champ_{type_}", "type": type_} for type_ in TYPES]
    rows = [[field["name"] for field in fields]] + [[cell] * len(TYPES) for cell in CELLS]
    schemas, books = package(tmp_path, {"cellules": {"fields": fields}}, {"cellules": rows})
    ours = agora_findings(validate_workbooks(books, schemas, as_of=AS_OF).issues)
    theirs = frictionless_findings(schemas, books)
    assert ours == theirs
    assert len(theirs) > 100  # most cells do not fit most types


def test_constraints_on_every_type_match_frictionless(tmp_path):
    bounds = {
        "integer": (0, 10), "number": (0, 10.5), "year": (2000, 2030),
        "date": ("2026-01-01", "2026-12-31"), "time": ("08:00:00", "18:00:00"),
        "datetime": ("2026-01-01T00:00:00", "2026-12-31T23:59:59"),
    }
    fields = [
        {"name": type_, "type": type_, "constraints": {"minimum": low, "maximum": high, "unique": True}}
        for type_, (low, high) in bounds.items()
    ] + [{"name": "choix", "type": "boolean", "constraints": {"enum": [True]}}]
    rows = [
        [field["name"] for field in fields],
        [5, 5.5, 2026, date(2026, 6, 1), time(9, 0), datetime(2026, 6, 1, 9, 0), True],
        [-1, 10.6, 1999, date(2025, 12, 31), time(7, 59), datetime(2027, 1, 1, 0, 0), False],
        [5, 5.5, 2026, date(2026, 6, 1), time(9, 0), datetime(2026, 6, 1, 9, 0), True],
        [None, "10.5", "2030", "2026-12-31", "18:00:00", "2026-12-31T23:59:59", "false"],
    ]
    schemas, books = package(tmp_path, {"bornes": {"fields": fields}}, {"bornes": rows})
    ours = agora_findings(validate_workbooks(books, schemas, as_of=AS_OF).issues)
    assert ours == frictionless_findings(schemas, books)
    assert ("bornes", 3, "integer", "constraint-error") in ours
    assert ("bornes", 4, "date", "unique-error") in ours


@pytest.mark.parametrize("mode", ["equal", "subset", "superset", "partial"])
def test_columns_matched_by_name_as_frictionless_does(tmp_path, mode):
    schema = {
        "fieldsMatch": mode,
        "fields": [
            {"name": "code", "type": "string", "constraints": {"required": True}},
            {"name": "libelle", "type": "string"},
            {"name": "prix", "type": "number"},
        ],
    }
    rows = [["prix", "Code", "remarque"], [12.5, "A1", "x"], ["douze", "A2", None]]
    schemas, books = package(tmp_path, {"articles": schema}, {"articles": rows})
    ours = agora_findings(validate_workbooks(books, schemas, as_of=AS_OF).issues)
    assert ours == frictionless_findings(schemas, books)
    assert ("articles", 3, "prix", "type-error") in ours


def test_a_postcode_typed_as_a_number_is_a_type_error_whatever_the_country(tmp_path):
    schemas, books = postcodes_package(tmp_path)
    ours = agora_findings(validate_workbooks(books, schemas, as_of=AS_OF).issues)
    assert ours == frictionless_findings(schemas, books)
    assert len(ours) == 4
