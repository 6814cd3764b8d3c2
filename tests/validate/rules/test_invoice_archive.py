"""The rule « an issued invoice does not change »: the workbook against the register of the
archive, without reading any PDF."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pipelines.dataset import Dataset
from pipelines.validate.rules import invoice_archive as archive
from pipelines.validate.rules import run_rules

from .conftest import AS_OF, flat

INVOICES = ("ventes.xlsx", "Factures")
LINES = ("ventes.xlsx", "LignesFacture")


def invoice(number, day="2026-03-02", **values):
    row = {
        "numero_facture": number, "serie": number[:2], "type": "facture", "date_facture": day,
        "code_client": "C0001", "nature": "biens", "devise": "EUR", "statut": "émise",
        "conditions_paiement": "30 jours net", "date_echeance": "2026-04-01",
    }
    return row | values


def line(number, rank, quantity="2", price="10.50", **values):
    row = {
        "numero_facture": number, "ligne": rank, "designation": f"Article {rank}",
        "quantite": quantity, "prix_unitaire_ht": price, "taux_tva": "20",
    }
    return row | values


def dataset_of(table, factures, lignes, folder: Path | None) -> Dataset:
    tables = (table("factures", factures), table("lignes_facture", lignes))
    return Dataset({t.resource: t for t in tables}, AS_OF, folder)


def write_register(data: Dataset, folder: Path, numbers=None) -> Path:
    """The register as ``agora archiver`` writes it, for the given invoices."""
    prints = archive.fingerprints(data.frame("factures"), data.frame("lignes_facture"))
    target = archive.archive_folder(folder)
    target.mkdir(parents=True, exist_ok=True)
    path = target / archive.REGISTER_NAME
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=archive.REGISTER_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in prints.invoices.iter_rows(named=True):
            number = row["numero_facture"]
            if numbers is not None and number not in numbers:
                continue
            lines = prints.lines.filter(prints.lines["numero_facture"] == number)
            writer.writerow({
                "numero": number, "type": "facture", "date": "2026-03-02",
                "code_client": "C0001", "client": "Client", "devise": "EUR",
                "total_ht": "0", "total_tva": "0", "total_ttc": "0",
                "empreinte_contenu": row["empreinte_contenu"],
                "empreinte_entete": row["empreinte_entete"],
                "empreintes_lignes": archive.line_digests_text(lines),
                "fichier": f"{number}.pdf", "empreinte_pdf": "0" * 64,
                "archivee_le": "2026-03-03",
            })
    return path


ROWS = [invoice("FA-2026-00001"), invoice("FA-2026-00002", _ligne=3)]
LINE_ROWS = [
    line("FA-2026-00001", 1), line("FA-2026-00001", 2, _ligne=3),
    line("FA-2026-00002", 1, _ligne=4),
]


@pytest.fixture
def archived(table, tmp_path):
    data = dataset_of(table, ROWS, LINE_ROWS, tmp_path)
    write_register(data, tmp_path)
    return tmp_path


def check(table, folder, factures=ROWS, lignes=LINE_ROWS, params=None):
    return archive.issued_invoices_unchanged(dataset_of(table, factures, lignes, folder), params)


def test_an_unchanged_archive_raises_nothing(table, archived):
    assert check(table, archived) == []


def test_no_archive_folder_means_no_check(table, tmp_path):
    pending = [invoice("FA-2026-00001", statut="émise")]
    assert check(table, tmp_path, pending, LINE_ROWS[:2]) == []
    assert check(table, None, pending, LINE_ROWS[:2]) == []


def test_a_changed_line_is_blocking_at_its_row(table, archived):
    lignes = [LINE_ROWS[0], LINE_ROWS[1] | {"quantite": "3"}, LINE_ROWS[2]]
    issues = check(table, archived, lignes=lignes)
    assert flat(issues) == [(*LINES, "ligne 3", "facture-emise-modifiee")]
    assert issues[0].blocking
    assert issues[0].message == (
        "ligne 2 de FA-2026-00001 (archivée le 03/03/2026) : modifiée depuis l'archivage ; "
        "une facture émise ne se modifie plus : rétablissez-la et corrigez par un avoir"
    )


def test_an_added_line_is_blocking_at_its_row(table, archived):
    lignes = [*LINE_ROWS, line("FA-2026-00002", 2, _ligne=5)]
    issues = check(table, archived, lignes=lignes)
    assert flat(issues) == [(*LINES, "ligne 5", "facture-emise-modifiee")]
    assert "ajoutée depuis l'archivage" in issues[0].message


def test_a_removed_line_is_blocking_at_its_invoice(table, archived):
    issues = check(table, archived, lignes=[LINE_ROWS[0], LINE_ROWS[2]])
    assert flat(issues) == [(*INVOICES, "ligne 2", "facture-emise-modifiee")]
    assert issues[0].message.startswith("ligne 2 de FA-2026-00001 (archivée le 03/03/2026) : "
                                        "supprimée depuis l'archivage")


@pytest.mark.parametrize(
    "field, value",
    [("date_facture", "2026-03-03"), ("code_client", "C0002"), ("conditions_paiement", "60 jours"),
     ("frais_port_ht", "15"), ("reference_acheteur", "BC-42")],
)
def test_a_changed_printed_field_is_blocking_at_the_invoice(table, archived, field, value):
    factures = [ROWS[0], ROWS[1] | {field: value}]
    issues = check(table, archived, factures=factures)
    assert flat(issues) == [(*INVOICES, "ligne 3", "facture-emise-modifiee")]
    assert "ses mentions imprimées ont changé" in issues[0].message
    assert "corrigez par un avoir" in issues[0].message


@pytest.mark.parametrize("field, value", [("commentaire", "Relancé"), ("statut", "brouillon")])
def test_a_field_that_is_not_printed_may_change(table, archived, field, value):
    assert check(table, archived, factures=[ROWS[0] | {field: value}, ROWS[1]]) == []


def test_the_same_value_typed_differently_is_no_change(table, archived):
    lignes = [LINE_ROWS[0] | {"quantite": "2.000", "prix_unitaire_ht": "10.5"}, *LINE_ROWS[1:]]
    assert check(table, archived, lignes=lignes) == []


def test_an_archived_invoice_missing_from_the_sheet_is_blocking(table, archived):
    issues = check(table, archived, factures=[ROWS[0]], lignes=LINE_ROWS[:2])
    assert flat(issues) == [(*INVOICES, None, "facture-archivee-absente")]
    assert issues[0].message.startswith("FA-2026-00002 du 02/03/2026, archivée dans "
                                        "archives/factures/FA-2026-00002.pdf, n'est plus")


def test_an_issued_invoice_not_archived_is_a_warning(table, tmp_path):
    data = dataset_of(table, ROWS, LINE_ROWS, tmp_path)
    write_register(data, tmp_path, numbers={"FA-2026-00001"})
    factures = [*ROWS, invoice("FA-2026-00003", statut="brouillon", _ligne=4)]
    issues = check(table, tmp_path, factures=factures)
    assert flat(issues) == [(*INVOICES, "X3", "facture-emise-non-archivee")]
    assert not issues[0].blocking
    assert "lancez « agora archiver »" in issues[0].message


def test_the_rule_is_registered_and_reads_the_register_once(table, archived, monkeypatch, params):
    reads = []
    original = archive.read_register
    monkeypatch.setattr(archive, "read_register", lambda f: reads.append(f) or original(f))
    lignes = [LINE_ROWS[0] | {"designation": "Autre"}, *LINE_ROWS[1:]]
    issues = run_rules(dataset_of(table, ROWS, lignes, archived), params)
    assert [i.code for i in issues if i.code.startswith("facture-emise")] == [
        "facture-emise-modifiee"
    ]
    assert reads == [archived]


def test_an_unreadable_register_becomes_a_crashed_check_not_a_traceback(table, tmp_path, params):
    folder = archive.archive_folder(tmp_path)
    folder.mkdir(parents=True)
    (folder / archive.REGISTER_NAME).write_text("numero\nFA-2026-00001\n", encoding="utf-8")
    issues = run_rules(dataset_of(table, ROWS, LINE_ROWS, tmp_path), params)
    crashed = [i for i in issues if i.code == "controle-en-echec"]
    assert len(crashed) == 1 and "n'a pas les colonnes" in crashed[0].message
