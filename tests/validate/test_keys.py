"""Uniqueness, primary and foreign keys, compared as frictionless compares values."""

from pipelines.validate import validate_workbooks

from .builders import package
from .paths import AS_OF


def findings(tmp_path, resources, rows):
    schemas, books = package(tmp_path, resources, rows)
    return validate_workbooks(books, schemas, as_of=AS_OF).issues


def test_a_number_key_matches_an_integer_reference(tmp_path):
    resources = {
        "taux": {"fields": [{"name": "taux", "type": "integer"}], "primaryKey": ["taux"]},
        "ventes": {
            "fields": [{"name": "taux", "type": "number"}],
            "foreignKeys": [{"fields": ["taux"], "reference": {"resource": "taux", "fields": ["taux"]}}],
        },
    }
    rows = {"taux": [["taux"], [20], [10]], "ventes": [["taux"], [20.0], [10], [5.5]]}
    assert [issue.flat() for issue in findings(tmp_path, resources, rows)] == [
        ("ventes.xlsx", "ventes", "A4", "reference-introuvable")
    ]


def test_text_never_matches_a_number(tmp_path):
    resources = {
        "codes": {"fields": [{"name": "code", "type": "integer"}]},
        "lignes": {
            "fields": [{"name": "code", "type": "string"}],
            "foreignKeys": [{"fields": ["code"], "reference": {"resource": "codes", "fields": ["code"]}}],
        },
    }
    rows = {"codes": [["code"], [1]], "lignes": [["code"], ["1"]]}
    assert [issue.code for issue in findings(tmp_path, resources, rows)] == ["reference-introuvable"]


def test_duplicates_name_the_first_row(tmp_path):
    resources = {"t": {"fields": [{"name": "k", "type": "string", "constraints": {"unique": True}}]}}
    issues = findings(tmp_path, resources, {"t": [["k"], ["a"], ["b"], ["a"], [None], ["a"]]})
    assert [issue.flat() for issue in issues] == [("t.xlsx", "t", "A4", "valeur-en-double"), ("t.xlsx", "t", "ligne 5", "ligne-vide"), ("t.xlsx", "t", "A6", "valeur-en-double")]
    assert issues[0].message.startswith("« a » figure déjà ligne 2")


def test_a_key_referencing_a_missing_sheet_is_not_checked(tmp_path):
    resources = {
        "parents": {"fields": [{"name": "id", "type": "integer"}]},
        "enfants": {
            "fields": [{"name": "parent", "type": "integer"}],
            "foreignKeys": [{"fields": ["parent"], "reference": {"resource": "parents", "fields": ["id"]}}],
        },
    }
    issues = findings(tmp_path, resources, {"enfants": [["parent"], [1]]})
    assert [issue.flat() for issue in issues] == [("parents.xlsx", None, None, "classeur-absent")]
