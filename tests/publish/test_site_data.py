import csv
import json
from dataclasses import replace
from datetime import date
from decimal import Decimal

import polars as pl
import pytest

from pipelines.compute import Computed, Figure, compute_all
from pipelines.issues import SourceRef
from pipelines.law import parameters
from pipelines.publish.site_data import csv_value, decimal_text, money_text, write_site_data

from compute.records import (
    AS_OF, PLANTED_ABSENCE_TYPE, PLANTED_IBAN, PLANTED_NIR, PLANTED_STREET, small_dataset,
)

PLANTED = (PLANTED_NIR, PLANTED_IBAN, PLANTED_STREET, PLANTED_ABSENCE_TYPE)


def written(tmp_path):
    computed = compute_all(small_dataset(), parameters())
    names = write_site_data(tmp_path, computed)
    return computed, names


def read_csv(path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_one_folder_per_audience_each_with_its_index(tmp_path):
    computed, names = written(tmp_path)
    assert names == [*computed.staff, *computed.management]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gestion", "personnel"]
    for audience, figures in (("personnel", computed.staff), ("gestion", computed.management)):
        folder = tmp_path / audience
        index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
        assert (index["date_arrete"], index["public"]) == ("2026-11-30", audience)
        assert [entry["nom"] for entry in index["tables"]] == list(figures)
        files = {p.name for p in folder.iterdir()}
        assert files == {"index.json"} | {f"{n}{x}" for n in figures for x in (".json", ".csv")}


def test_json_has_exact_decimal_strings_sources_and_as_of(tmp_path):
    written(tmp_path)
    document = json.loads((tmp_path / "gestion/stock_niveaux.json").read_text(encoding="utf-8"))
    assert document["public"] == "gestion"
    assert document["date_arrete"] == "2026-11-30"
    assert document["sources"][:2] == [
        {"classeur": "stock.xlsx", "feuille": "Articles"},
        {"classeur": "stock.xlsx", "feuille": "Mouvements"},
    ]
    first = document["lignes"][0]
    # the CUMP (25,00 + 15,53) / 15 = 2,702 €; 3 × 2,702 = 8,106 → 8,11 €
    assert (first["reference"], first["stock"], first["cout_unitaire"], first["valeur"]) == (
        "ART-0001", "3", "2.702", "8.11",
    )
    assert document["lignes"][2]["valeur"] == "39.60"  # cents kept
    columns = {column["nom"]: column for column in document["colonnes"]}
    assert columns["valeur"] == {"nom": "valeur", "titre": "Valeur au CUMP", "type": "decimal",
                                 "format": "montant"}
    assert columns["stock"]["format"] == "nombre"
    assert "format" not in columns["reference"]


def test_amounts_keep_their_cents_other_numbers_are_normalised(tmp_path):
    written(tmp_path)
    document = json.loads((tmp_path / "gestion/clients.json").read_text(encoding="utf-8"))
    by_code = {row["code_client"]: row for row in document["lignes"]}
    # plafond_credit « 5000 » and encours « 1200.50 » were read with 6 decimals
    assert (by_code["C0001"]["plafond_credit"], by_code["C0001"]["encours"]) == (
        "5000.00", "1200.50")
    customers = {row["code_client"]: row for row in read_csv(tmp_path / "gestion/clients.csv")}
    assert (customers["C0002"]["plafond_credit"], customers["C0002"]["encours"]) == (
        "1000.00", "1500.00")
    hours = read_csv(tmp_path / "gestion/heures_par_mois.csv")
    assert [row["heures"] for row in hours] == ["42.5", "7"]


def test_csv_is_utf8_with_the_same_rows(tmp_path):
    written(tmp_path)
    rows = read_csv(tmp_path / "personnel/annuaire.csv")
    assert [row["nom"] for row in rows] == ["Bernard", "Durand", "Martin", "Petit"]
    assert rows[0]["service_libelle"] == "Logistique"
    levels = read_csv(tmp_path / "gestion/stock_niveaux.csv")
    assert (levels[0]["actif"], levels[0]["valeur"], levels[0]["emplacement"]) == (
        "oui", "8.11", "")


def test_a_text_a_spreadsheet_would_run_is_quoted_in_csv_not_in_json(tmp_path):
    texts = ["=HYPERLINK(\"http://x\")", "+33 1 23", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", "Lyon"]
    frame = pl.DataFrame({"nom": texts, "solde": [Decimal("-5")] * len(texts)},
                         schema={"nom": pl.String, "solde": pl.Decimal(38, 6)})
    figure = Figure("essai", "Essai", frame, (SourceRef("clients.xlsx", "Clients"),))
    computed = Computed(AS_OF, {}, {"essai": figure})
    write_site_data(tmp_path, computed)

    rows = read_csv(tmp_path / "gestion/essai.csv")
    assert [row["nom"] for row in rows] == ["'" + text for text in texts[:6]] + ["Lyon"]
    assert {row["solde"] for row in rows} == {"-5"}  # a negative number is not text
    document = json.loads((tmp_path / "gestion/essai.json").read_text(encoding="utf-8"))
    assert [row["nom"] for row in document["lignes"]] == texts


def test_staff_tables_hold_no_sensitive_value(tmp_path):
    computed, _ = written(tmp_path)
    for name in computed.staff:
        for suffix in (".json", ".csv"):
            text = (tmp_path / "personnel" / f"{name}{suffix}").read_text(encoding="utf-8")
            assert not [value for value in PLANTED if value in text], name
    staff_files = "\n".join(p.read_text(encoding="utf-8")
                            for p in (tmp_path / "personnel").iterdir())
    assert '"public": "gestion"' not in staff_files
    management = (tmp_path / "gestion/absences_par_mois.json").read_text(encoding="utf-8")
    assert PLANTED_ABSENCE_TYPE in management  # the check above can fail
    assert PLANTED_STREET in (tmp_path / "gestion/clients.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize(("value", "exact", "money"), [
    ("100.000000", "100", "100.00"),
    ("0E-6", "0", "0.00"),
    ("1E+3", "1000", "1000.00"),
    ("12.50", "12.5", "12.50"),
    ("1216.400000", "1216.4", "1216.40"),
    ("3.105000", "3.105", "3.105"),
    ("-500.000000", "-500", "-500.00"),
])
def test_decimals_are_exact_and_never_scientific(value, exact, money):
    assert (decimal_text(Decimal(value)), money_text(Decimal(value))) == (exact, money)


def test_csv_cells():
    assert csv_value(None) == "" and csv_value(True) == "oui" and csv_value(date(2026, 1, 2)) == (
        "2026-01-02")
    assert csv_value(Decimal("13000.000000"), money=True) == "13000.00"
    assert csv_value("-") == "'-" and csv_value("a=b") == "a=b"


def test_a_figure_can_say_its_money_columns():
    frame = pl.DataFrame({"encours": [Decimal(1)], "quantite": [Decimal(1)]})
    figure = Figure("f", "F", frame, ())
    assert figure.is_money("encours") and not figure.is_money("quantite")
    assert not replace(figure, frame=frame.drop("encours")).is_money("encours")
