import csv
import json

from pipelines.compute import compute_all
from pipelines.law import parameters
from pipelines.publish.site_data import decimal_text, write_site_data

from compute.records import (
    PLANTED_ABSENCE_TYPE, PLANTED_IBAN, PLANTED_NIR, PLANTED_STREET, small_dataset,
)


def written(tmp_path):
    computed = compute_all(small_dataset(), parameters())
    names = write_site_data(tmp_path, computed)
    return computed, names


def test_one_json_and_one_csv_per_table_and_an_index(tmp_path):
    computed, names = written(tmp_path)
    expected = [figure.name for _, figure in computed.by_audience()]
    assert names == expected
    for name in names:
        assert (tmp_path / f"{name}.json").is_file() and (tmp_path / f"{name}.csv").is_file()
    index = json.loads((tmp_path / "index.json").read_text(encoding="utf-8"))
    assert index["date_arrete"] == "2026-11-30"
    assert [entry["nom"] for entry in index["tables"]] == expected


def test_json_has_exact_decimal_strings_sources_and_as_of(tmp_path):
    written(tmp_path)
    document = json.loads((tmp_path / "stock_niveaux.json").read_text(encoding="utf-8"))
    assert document["public"] == "gestion"
    assert document["date_arrete"] == "2026-11-30"
    assert document["sources"][:2] == [
        {"classeur": "stock.xlsx", "feuille": "Articles"},
        {"classeur": "stock.xlsx", "feuille": "Mouvements"},
    ]
    first = document["lignes"][0]
    assert (first["reference"], first["stock"], first["cout_unitaire"], first["valeur"]) == (
        "ART-0001", "3", "3.105", "9.32",
    )
    assert document["lignes"][2]["valeur"] == "39.60"  # cents kept
    columns = {column["nom"]: column for column in document["colonnes"]}
    assert columns["valeur"] == {"nom": "valeur", "titre": "Valeur", "type": "decimal"}


def test_csv_is_utf8_with_the_same_rows(tmp_path):
    written(tmp_path)
    with (tmp_path / "annuaire.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [row["nom"] for row in rows] == ["Bernard", "Durand", "Martin", "Petit"]
    assert rows[0]["service_libelle"] == "Logistique"
    with (tmp_path / "stock_niveaux.csv").open(encoding="utf-8", newline="") as stream:
        levels = list(csv.DictReader(stream))
    assert (levels[0]["actif"], levels[0]["valeur"], levels[0]["emplacement"]) == ("oui", "9.32", "")


def test_staff_tables_hold_no_sensitive_value(tmp_path):
    computed, _ = written(tmp_path)
    planted = (PLANTED_NIR, PLANTED_IBAN, PLANTED_STREET, PLANTED_ABSENCE_TYPE)
    for name in computed.staff:
        text = (tmp_path / f"{name}.json").read_text(encoding="utf-8")
        assert '"public": "personnel"' in text
        assert not [value for value in planted if value in text], name
    management = (tmp_path / "absences_par_mois.json").read_text(encoding="utf-8")
    assert PLANTED_ABSENCE_TYPE in management  # the check above can fail


def test_decimal_text_is_never_scientific():
    from decimal import Decimal

    assert decimal_text(Decimal("100.000000")) == "100"
    assert decimal_text(Decimal("0E-6")) == "0"
    assert decimal_text(Decimal("1E+3")) == "1000"
    assert decimal_text(Decimal("12.50")) == "12.50"
