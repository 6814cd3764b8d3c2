"""The validate stage as a whole: the Dataset contract, isolation, the as-of date."""

import json
from datetime import date, time
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

import pipelines.validate.table as table_module
from pipelines.dataset import ROW_COLUMN
from pipelines.load import xlsx
from pipelines.validate import ConfigurationError, validate_workbooks

from .builders import package, postcodes_package
from .paths import AS_OF, BROKEN, GOOD, SCHEMAS

REAL_SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"


@pytest.fixture(scope="module")
def good():
    messages = []
    result = validate_workbooks(GOOD, SCHEMAS, as_of=AS_OF, progress=messages.append)
    return result, messages


def test_frames_are_typed_by_their_schema(good):
    dataset = good[0].dataset
    assert dataset.as_of == AS_OF
    assert sorted(dataset.tables) == ["badgeages", "commandes", "comptes", "lignes", "personnes", "retours"]
    badgeages = dataset.frame("badgeages")
    assert dict(badgeages.schema) == {
        "matricule": pl.String, "jour": pl.Date, "debut": pl.Time, "fin": pl.Time,
        "saisi_le": pl.Datetime("us"), "pause_minutes": pl.Int64, ROW_COLUMN: pl.Int64,
    }
    assert badgeages.row(0) == ("S001", date(2026, 3, 2), time(8, 30), time(12, 0), badgeages["saisi_le"][0], 0, 2)
    commandes = dataset.frame("commandes")
    assert commandes["montant_ht"].to_list() == [Decimal("1250.4"), Decimal("89.9"), Decimal("15000"), Decimal("42")]
    assert commandes["payee"].to_list() == [True, False, False, None]
    assert dataset.frame("comptes")["annee_creation"].to_list() == [1998, 2005, 2015, 2020]


def test_tables_know_their_cells_titles_and_sensitive_fields(good):
    personnes = good[0].dataset["personnes"]
    assert (personnes.workbook, personnes.sheet) == ("equipe.xlsx", "Personnes")
    assert personnes.letters["heures_hebdo"] == "G"
    assert personnes.titles["date_entree"] == "Date d'entrée"
    assert personnes.sensitive == frozenset({"nir"})
    assert str(personnes.source(4, "nir")) == "equipe.xlsx › Personnes › D4"


def test_progress_is_reported(good):
    messages = good[1]
    assert messages[:2] == ["lecture de equipe.xlsx", "lecture de ventes.xlsx"]
    assert "contrôle de ventes.xlsx › Commandes" in messages


def test_workbooks_read_side_by_side_keep_the_package_order(good):
    # by workbook name, then in the package's order within each workbook
    assert list(good[0].dataset.tables) == ["personnes", "badgeages", "comptes", "commandes", "lignes", "retours"]


def test_blank_rows_are_left_out_and_bad_cells_are_null():
    dataset = validate_workbooks(BROKEN / "lignes-vides", SCHEMAS, as_of=AS_OF).dataset
    assert dataset.frame("commandes")[ROW_COLUMN].to_list() == [2, 3, 5, 6]
    assert dataset.frame("lignes").height == 5
    types = validate_workbooks(BROKEN / "types", SCHEMAS, as_of=AS_OF).dataset
    assert types.frame("personnes")["heures_hebdo"].to_list()[:3] == [None, None, Decimal("24.5")]


def test_each_workbook_is_opened_once(monkeypatch):
    opened = []

    def counting(path):
        opened.append(path.name)
        return xlsx.open_workbook(path)

    monkeypatch.setattr("pipelines.validate.engine.open_workbook", counting)
    validate_workbooks(GOOD, SCHEMAS, as_of=AS_OF)
    assert sorted(opened) == ["equipe.xlsx", "ventes.xlsx"]


def test_a_crashing_check_becomes_an_issue_and_the_others_run(monkeypatch):
    def broken(checks, spec):
        raise RuntimeError("panne")

    monkeypatch.setattr(table_module, "check_constraints", broken)
    issues = validate_workbooks(BROKEN / "types", SCHEMAS, as_of=AS_OF).issues
    crashed = [issue for issue in issues if issue.code == "controle-en-echec"]
    assert len(crashed) == 9 + 6 + 14 + 6 + 4 + 4  # one per field of every sheet
    assert crashed[0].message.endswith("(RuntimeError : panne)")
    assert ("ventes.xlsx", "Commandes", "D4", "virgule-decimale") in [issue.flat() for issue in issues]


def test_blocking_and_warnings():
    result = validate_workbooks(BROKEN / "lignes-vides", SCHEMAS, as_of=AS_OF)
    assert [issue.severity.value for issue in result.issues] == ["avertissement", "avertissement"]
    assert not result.blocking
    assert validate_workbooks(BROKEN / "types", SCHEMAS, as_of=AS_OF).blocking


ORGANISATION = {"fields": [{"name": "nom", "type": "string"}, {"name": "date_arrete", "type": "date"}]}


def test_as_of_is_the_organisation_closing_date(tmp_path):
    schemas, books = package(
        tmp_path, {"organisation": ORGANISATION}, {"organisation": [["nom", "date_arrete"], ["Essai", date(2026, 11, 30)]]}
    )
    assert validate_workbooks(books, schemas).dataset.as_of == date(2026, 11, 30)


def test_a_package_without_the_organisation_closing_date_is_a_configuration_error():
    with pytest.raises(ConfigurationError, match="aucune date d'arrêté"):
        validate_workbooks(GOOD, SCHEMAS)


YEAR = {"fields": [{"name": "nom", "type": "string"}, {"name": "debut_exercice", "type": "date"},
                   {"name": "fin_exercice", "type": "date"}, {"name": "date_arrete", "type": "date"}]}
YEAR_HEADER = ["nom", "debut_exercice", "fin_exercice", "date_arrete"]


def organisation(tmp_path, *rows):
    return package(tmp_path, {"organisation": YEAR}, {"organisation": [YEAR_HEADER, *rows]})


def test_an_unreadable_as_of_date_is_a_blocking_issue_beside_the_others(tmp_path):
    schemas, books = organisation(tmp_path, ["Essai", date(2026, 12, 31), date(2026, 1, 1), "bientôt"])
    result = validate_workbooks(books, schemas)
    assert [issue.flat() for issue in result.issues] == [
        ("organisation.xlsx", "organisation", "C2", "exercice-inverse"),  # the rules still run
        ("organisation.xlsx", "organisation", "D2", "date-arrete-introuvable"),
        ("organisation.xlsx", "organisation", "D2", "type-invalide"),
    ]
    assert result.blocking and not result.computable and result.dataset.as_of is None
    assert result.issues[1].message.startswith(
        "la date d'arrêté (date_arrete) est vide ou n'est pas une date : saisissez-la comme une "
        "date Excel (format Date) en ligne 2, ou donnez-la à la commande (--as-of AAAA-MM-JJ)")


def test_an_empty_organisation_sheet_points_at_row_2(tmp_path):
    result = validate_workbooks(*reversed(organisation(tmp_path)))
    assert [issue.flat() for issue in result.issues] == [
        ("organisation.xlsx", "organisation", None, "organisation-ligne-unique"),
        ("organisation.xlsx", "organisation", "D2", "date-arrete-introuvable"),
    ]


def test_a_given_as_of_date_needs_no_organisation_date(tmp_path):
    schemas, books = organisation(tmp_path, ["Essai", date(2026, 1, 1), date(2026, 12, 31), None])
    result = validate_workbooks(books, schemas, as_of=AS_OF)
    assert result.issues == [] and result.computable and result.dataset.as_of == AS_OF


def test_an_empty_workbooks_folder_lists_every_missing_workbook_and_blocks(tmp_path):
    result = validate_workbooks(tmp_path, REAL_SCHEMAS)
    workbooks = sorted({resource["path"].split("/")[-1] for resource in
                        json.loads((REAL_SCHEMAS / "datapackage.json").read_text())["resources"]})
    assert [issue.flat() for issue in result.issues] == sorted(
        [(workbook, None, None, "classeur-absent") for workbook in workbooks]
        + [("organisation.xlsx", "Organisation", None, "date-arrete-introuvable")],
        key=lambda flat: (flat[0], flat[1] or ""))
    assert len(workbooks) == len(list((REAL_SCHEMAS.parent / "workbooks").glob("*.xlsx")))
    assert result.blocking and not result.computable


def test_garbage_instead_of_workbooks_gives_issues_not_tracebacks(tmp_path):
    (tmp_path / "equipe.xlsx").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "ventes.xlsx").write_bytes(b"PK\x03\x04" + bytes(64))
    result = validate_workbooks(tmp_path, SCHEMAS, as_of=AS_OF)
    assert [issue.flat() for issue in result.issues] == [
        ("equipe.xlsx", None, None, "classeur-illisible"),
        ("ventes.xlsx", None, None, "classeur-illisible"),
    ]
    assert result.dataset.tables == {} and result.blocking


def test_a_postcode_typed_as_a_number_is_read_with_its_row_country(tmp_path):
    schemas, books = postcodes_package(tmp_path)
    issues = validate_workbooks(books, schemas, as_of=AS_OF).issues
    assert [issue.flat() for issue in issues] == [
        ("tiers.xlsx", "tiers", "C2", "zero-de-tete-perdu"),  # France: 01000
        ("tiers.xlsx", "tiers", "C3", "type-invalide"),  # Belgium: 1000 lost nothing
        ("tiers.xlsx", "tiers", "C4", "type-invalide"),  # no country: no guess
        ("tiers.xlsx", "tiers", "C6", "type-invalide"),  # six digits: no zero to add
    ]
    assert "(attendu 01000)" in issues[0].message
    assert "01000" not in issues[1].message
