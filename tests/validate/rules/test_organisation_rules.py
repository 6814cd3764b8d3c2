"""Scenarios for the « Organisation » sheet rules."""

from pipelines.validate.rules.organisation import fiscal_year, single_organisation_row

from .conftest import flat

WB, SHEET = "organisation.xlsx", "Organisation"


def org(**values):
    row = {"raison_sociale": "Atelier Lumière & Froid", "debut_exercice": "2026-01-01",
           "fin_exercice": "2026-12-31", "date_arrete": "2026-11-30"}
    return row | values


def test_one_row_is_right(table, dataset, params):
    data = dataset(table("organisation", [org()]))
    assert flat(single_organisation_row(data, params)) == []
    assert flat(fiscal_year(data, params)) == []


def test_extra_rows_are_reported_each(table, dataset, params):
    data = dataset(table("organisation", [org(), org(), org(_ligne=5)]))
    assert flat(single_organisation_row(data, params)) == [
        (WB, SHEET, "ligne 3", "organisation-ligne-unique"),
        (WB, SHEET, "ligne 5", "organisation-ligne-unique"),
    ]


def test_empty_sheet_is_reported_on_the_sheet(table, dataset, params):
    data = dataset(table("organisation", []))
    assert flat(single_organisation_row(data, params)) == [
        (WB, SHEET, None, "organisation-ligne-unique")]


def test_as_of_date_outside_the_fiscal_year(table, dataset, params):
    data = dataset(table("organisation", [org(date_arrete="2027-01-15")]))
    assert flat(fiscal_year(data, params)) == [(WB, SHEET, "O2", "date-arrete-hors-exercice")]


def test_as_of_on_the_last_day_is_inside(table, dataset, params):
    data = dataset(table("organisation", [org(date_arrete="2026-12-31")]))
    assert flat(fiscal_year(data, params)) == []


def test_reversed_fiscal_year_is_reported_once(table, dataset, params):
    data = dataset(table("organisation", [org(debut_exercice="2026-12-31",
                                             fin_exercice="2026-01-01")]))
    assert flat(fiscal_year(data, params)) == [(WB, SHEET, "Q2", "exercice-inverse")]
