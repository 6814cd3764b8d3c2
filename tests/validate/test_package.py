"""Schemas Agora cannot use are configuration errors, said in French."""

import json

import pytest

from pipelines.validate import ConfigurationError, validate_workbooks
from pipelines.validate.package import read_package

from .builders import package
from .paths import AS_OF


def schemas_with(tmp_path, field: dict, **schema):
    schemas, _ = package(tmp_path, {"essai": {"fields": [field], **schema}}, {})
    return schemas


@pytest.mark.parametrize(
    "field, schema, message",
    [
        ({"name": "a", "type": "array"}, {}, "type « array » non pris en charge"),
        ({"name": "a", "type": "integer", "constraints": {"pattern": "[0-9]"}}, {}, "contrainte non prise en charge"),
        ({"name": "a", "type": "string", "agora:format": "isbn"}, {}, "format métier « isbn » inconnu"),
        ({"name": "a", "type": "string"}, {"fieldsMatch": "loose"}, "fieldsMatch « loose » inconnu"),
        ({"name": "a", "type": "string"}, {"primaryKey": ["b"]}, "clé sur un champ inconnu « b »"),
        (
            {"name": "a", "type": "string"},
            {"foreignKeys": [{"fields": ["a"], "reference": {"resource": "autre", "fields": ["a"]}}]},
            "ressource référencée inconnue « autre »",
        ),
    ],
)
def test_unusable_schemas(tmp_path, field, schema, message):
    with pytest.raises(ConfigurationError, match=message):
        read_package(schemas_with(tmp_path, field, **schema))


def test_missing_descriptor(tmp_path):
    with pytest.raises(ConfigurationError, match="introuvable"):
        validate_workbooks(tmp_path, tmp_path, as_of=AS_OF)


def test_unsupported_dialect(tmp_path):
    schemas = schemas_with(tmp_path, {"name": "a", "type": "string"})
    descriptor = json.loads((schemas / "datapackage.json").read_text())
    descriptor["resources"][0]["dialect"]["headerRows"] = [2]
    (schemas / "datapackage.json").write_text(json.dumps(descriptor))
    with pytest.raises(ConfigurationError, match="headerRows"):
        read_package(schemas)


def test_business_format_in_format_and_v2_missing_values(tmp_path):
    field = {"name": "a", "type": "string", "format": "siren", "missingValues": ["", {"value": "NC", "label": "non connu"}]}
    spec = read_package(schemas_with(tmp_path, field)).resources[0].schema.fields[0]
    assert (spec.business_format, spec.format, spec.missing_values) == ("siren", "default", ("", "NC"))


def test_sheet_given_by_its_position(tmp_path):
    schemas, books = package(tmp_path, {"essai": {"fields": [{"name": "a", "type": "integer"}]}}, {"essai": [["a"], ["x"]]})
    descriptor = json.loads((schemas / "datapackage.json").read_text())
    descriptor["resources"][0]["dialect"] = {"excel": {"sheet": 1}}
    (schemas / "datapackage.json").write_text(json.dumps(descriptor))
    assert [issue.flat() for issue in validate_workbooks(books, schemas, as_of=AS_OF).issues] == [
        ("essai.xlsx", "essai", "A2", "type-invalide")
    ]
    descriptor["resources"][0]["dialect"] = {"excel": {"sheet": 3}}
    (schemas / "datapackage.json").write_text(json.dumps(descriptor))
    assert [issue.code for issue in validate_workbooks(books, schemas, as_of=AS_OF).issues] == ["feuille-absente"]
