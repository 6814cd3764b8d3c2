"""A sensitive cell's value never reaches a finding: not in the CLI text, the GitHub
annotations, the JSON or the Markdown report (all read in CI logs)."""

import json
from datetime import date
from pathlib import Path

import pytest

from pipelines import report
from pipelines.validate import validate_workbooks
from pipelines.validate.display import HIDDEN, masked, shown
from pipelines.validate.package import read_package

from .builders import package
from .paths import AS_OF

SENSITIVE = {"agora:sensible": True}
SCHEMA = {"fields": [
    {"name": "matricule", "type": "string", "constraints": {"unique": True}},
    {"name": "salaire", "type": "number", **SENSITIVE},
    {"name": "taux", "type": "number", **SENSITIVE},
    {"name": "prime", "type": "number", **SENSITIVE, "constraints": {"maximum": 1000}},
    {"name": "naissance", "type": "date", **SENSITIVE},
    {"name": "embauche", "type": "date", **SENSITIVE},
    {"name": "code_postal", "type": "string", "agora:format": "code_postal", **SENSITIVE},
    {"name": "bic", "type": "string", "agora:format": "bic", **SENSITIVE},
    {"name": "motif", "type": "string", **SENSITIVE,
     "constraints": {"enum": ["congés payés", "maladie"], "maxLength": 12}},
    {"name": "nir", "type": "string", "agora:format": "nir", **SENSITIVE,
     "constraints": {"unique": True}},
]}
HEADER = [field["name"] for field in SCHEMA["fields"]]
ROWS = [
    ["S001", "3 450,00", "12,5 %", 4321.5, "12/03/1985", 31120, "99123", "ZZZZ12", "grippe saisonnière", "185057800608491"],
    ["S002", 2100, 10, 100, date(1990, 1, 2), date(2020, 1, 6), "69001", None, "maladie", "185057800608491"],
]
# Each secret: a piece of a sensitive cell of ROWS that no finding may show.
SECRETS = ["3450", "3 450", "450,00", "450.00", "12,5", "12.5", "4321", "4 321", "1985",
           "12/03", "03-12", "31120", "99123", "département 99", "ZZZZ", "grippe", "7800608491"]


@pytest.fixture(scope="module")
def issues(tmp_path_factory):
    schemas, books = package(tmp_path_factory.mktemp("sensible"), {"personnes": SCHEMA},
                             {"personnes": [HEADER, *ROWS]})
    return validate_workbooks(books, schemas, as_of=AS_OF).issues


def test_every_bad_sensitive_cell_is_found(issues):
    assert sorted((issue.source.cell, issue.code) for issue in issues) == [
        ("B2", "virgule-decimale"), ("C2", "type-invalide"), ("D2", "valeur-trop-grande"),
        ("E2", "date-en-texte"), ("F2", "type-invalide"), ("G2", "code-postal-invalide"),
        ("H2", "bic-invalide"), ("I2", "texte-trop-long"), ("I2", "valeur-hors-liste"),
        ("J3", "valeur-en-double"),
    ]


@pytest.mark.parametrize("fmt", report.FORMATS)
def test_no_sensitive_value_in_any_report(issues, fmt):
    rendered = report.render(issues, fmt)
    assert [secret for secret in SECRETS if secret in rendered] == []


def test_the_messages_still_say_what_to_do(issues):
    messages = {issue.source.cell + " " + issue.code: issue.message for issue in issues}
    assert messages["B2 virgule-decimale"] == (
        "le contenu de la cellule n'est pas lu comme un nombre : écrivez-le avec un point "
        "décimal ou saisissez un nombre (virgule décimale lue comme du texte)")
    assert messages["E2 date-en-texte"] == (
        "le contenu de la cellule est une date écrite comme du texte : saisissez-la comme une "
        "date Excel (format Date) ou écrivez-la sous la forme AAAA-MM-JJ")
    assert messages["F2 type-invalide"] == (
        "un nombre n'est pas une date : appliquez le format Date à la cellule")
    assert messages["G2 code-postal-invalide"] == (
        "le code postal saisi est invalide (5 chiffres d'un département existant attendus)")
    assert messages["J3 valeur-en-double"].startswith("« 1 85 05 … » figure déjà ligne 2")
    assert json.loads(report.to_json(issues))  # still a valid document


def test_only_a_nir_or_an_iban_keeps_a_harmless_beginning():
    assert masked("185057800608491", "nir") == "1 85 05 …"
    assert masked("FR76 3000 6000 0112 3456 7890 189", "iban") == "FR76 …"
    assert masked("3450.00") is None and masked("1985-03-12") is None
    assert masked("12 rue des Lilas") is None and masked("BNPAFRPP", "bic") is None
    assert shown("3450.00", sensitive=True) == HIDDEN
    assert shown("3450.00") == "« 3450.00 »"


def test_free_text_about_absences_and_timesheets_is_sensitive():
    """A comment may give a health reason (« arrêt pour migraine »); a company contact's phone
    is not private."""
    package = read_package(Path(__file__).resolve().parents[2] / "schemas")

    def sensitive(resource: str, field: str) -> bool:
        return package.resource(resource).schema.field(field).sensitive

    assert sensitive("absences", "commentaire") and sensitive("pointages", "commentaire")
    assert sensitive("absences", "type") and not sensitive("clients", "contact_telephone")
