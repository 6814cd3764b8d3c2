"""Header messages say which name is expected, and where."""

import json

from pipelines.validate import validate_workbooks
from pipelines.validate.frictionless import agora_findings, frictionless_findings

from .builders import package
from .paths import AS_OF

FIELDS = [{"name": "code", "type": "string", "title": "Code"}, {"name": "prix", "type": "number"}]


def test_a_renamed_column_is_told_its_expected_name(broken_result):
    renamed = next(issue for issue in broken_result("en-tetes").issues if issue.code == "colonne-renommee")
    assert str(renamed) == (
        "ventes.xlsx › Comptes › B1 : l'en-tête « Raison sociale » est le titre du champ : "
        "écrivez son nom « raison_sociale »"
    )


def test_shifted_columns_are_told_where_they_belong(broken_result):
    first = broken_result("colonnes-decalees").issues[0]
    assert first.message.startswith("la colonne porte l'en-tête « nir » mais le modèle attend ici « prenom »")
    assert "(« nir » va en colonne D)" in first.message


def test_header_case_can_be_ignored(tmp_path):
    schemas, books = package(tmp_path, {"catalogue": {"fields": FIELDS}}, {"catalogue": [["CODE", "Prix"], ["A", 1.5]]})
    descriptor = json.loads((schemas / "datapackage.json").read_text())
    assert [issue.code for issue in validate_workbooks(books, schemas, as_of=AS_OF).issues] == [
        "colonne-renommee", "colonne-renommee"
    ]
    descriptor["resources"][0]["dialect"]["headerCase"] = False
    (schemas / "datapackage.json").write_text(json.dumps(descriptor))
    issues = validate_workbooks(books, schemas, as_of=AS_OF).issues
    assert issues == [] and agora_findings(issues) == frictionless_findings(schemas, books)


def test_merged_header_cells_are_their_own_finding(broken_result):
    merged = broken_result("cellules-fusionnees").issues[0]
    assert (merged.code, merged.blocking, merged.source.cell) == ("en-tete-fusionne", True, "D1")
    assert "D1:E1" in merged.message
