"""Every legal parameter is dated, described, with its unit and reference."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pipelines.law import ParameterError, Parameters, parameters
from pipelines.law.parameters_loader import PARAMETERS_DIR


def all_parameter_files():
    return sorted(PARAMETERS_DIR.rglob("*.yaml"))


def test_there_are_parameter_files():
    names = {p.name for p in parameters()}
    assert {
        "travail.duree_maximale.quotidienne",
        "travail.duree_maximale.hebdomadaire",
        "travail.repos_quotidien_minimum",
        "tva.taux.normal",
        "salaires.smic.horaire",
        "securite_sociale.plafond.mensuel",
    } <= names


@pytest.mark.parametrize("path", all_parameter_files(), ids=lambda p: str(p.relative_to(PARAMETERS_DIR)))
def test_each_file_has_description_unit_and_dated_references(path: Path):
    raw = __import__("yaml").safe_load(path.read_text(encoding="utf-8"))
    assert raw["description"].strip()
    assert raw["unit"].strip()
    assert raw["values"], "au moins une valeur datée"
    for start, entry in raw["values"].items():
        assert isinstance(start, date), f"{start} doit être une date AAAA-MM-JJ"
        assert entry["reference"]["title"].strip()
        assert entry["reference"]["href"].startswith("https://")


def test_value_follows_effective_dates():
    params = parameters()
    assert params.value("salaires.smic.horaire", date(2025, 12, 31)) == Decimal("11.88")
    assert params.value("salaires.smic.horaire", date(2026, 1, 1)) == Decimal("12.02")
    assert params.value("securite_sociale.plafond.mensuel", date(2026, 6, 1)) == Decimal("4005")
    assert params.value("tva.taux.normal", date(2026, 6, 1)) == Decimal("0.20")


def test_values_are_exact_decimals():
    assert parameters().value("tva.taux.reduit", date(2026, 1, 1)) == Decimal("0.055")


def test_before_first_date_is_an_error():
    with pytest.raises(ParameterError, match="n'a pas de valeur"):
        parameters().value("salaires.smic.horaire", date(2000, 1, 1))


def test_unknown_parameter_is_an_error():
    with pytest.raises(ParameterError, match="inconnu"):
        parameters().value("tva.taux.inexistant", date(2026, 1, 1))


def test_missing_reference_is_refused(tmp_path: Path):
    (tmp_path / "x.yaml").write_text(
        "description: X\nunit: /1\nvalues:\n  2026-01-01:\n    value: 1\n", encoding="utf-8"
    )
    with pytest.raises(ParameterError, match="référence"):
        Parameters(tmp_path)


def test_missing_unit_is_refused(tmp_path: Path):
    (tmp_path / "x.yaml").write_text(
        "description: X\nvalues:\n  2026-01-01:\n    value: 1\n"
        "    reference: {title: T, href: 'https://example.org'}\n",
        encoding="utf-8",
    )
    with pytest.raises(ParameterError, match="unit"):
        Parameters(tmp_path)


def test_value_or_none_before_the_first_date_and_error_for_an_unknown_name():
    params = parameters()
    assert params.value_or_none("salaires.smic.horaire", date(2000, 1, 1)) is None
    assert params.value_or_none("salaires.smic.horaire", date(2026, 2, 1)) == Decimal("12.02")
    with pytest.raises(ParameterError, match="inconnu"):
        params.value_or_none("tva.taux.inexistant", date(2026, 1, 1))
