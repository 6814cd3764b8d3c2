"""``agora archiver`` and ``agora documents``: French messages and exit codes (0 done,
1 findings, 2 usage or configuration), never a traceback."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from .conftest import DEMO_WORKBOOKS, REPO_ROOT


def agora(*args: str, cwd: Path = REPO_ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipelines.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600, check=False)


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    """The demo workbooks with their archive, copied once for the module (read only)."""
    folder = tmp_path_factory.mktemp("cli") / "workbooks"
    shutil.copytree(DEMO_WORKBOOKS, folder)
    return folder


@pytest.mark.parametrize("command", ["archiver", "documents"])
def test_a_missing_folder_is_a_configuration_error(command, tmp_path):
    done = agora(command, str(tmp_path / "absent"))
    assert done.returncode == 2
    assert "le dossier de classeurs" in done.stderr and "n'existe pas" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_folder_without_workbooks_produces_nothing_and_says_why(tmp_path):
    done = agora("archiver", str(tmp_path))
    assert done.returncode == 1
    assert "classeur-absent" in done.stderr
    assert "Aucun document produit" in done.stderr
    assert not (tmp_path / "archives").exists()


def test_the_archive_of_the_demo_is_complete(copy):
    done = agora("archiver", str(copy))
    assert done.returncode == 0, done.stderr
    assert "Déjà archivés auparavant : 633." in done.stderr
    assert "archivé dans" not in done.stderr


def test_documents_never_go_into_a_site(copy, tmp_path):
    done = agora("documents", str(copy), "--sortie", "site/documents", cwd=REPO_ROOT)
    assert done.returncode == 2
    assert "est dans un site publié" in done.stderr
    assert not (REPO_ROOT / "site" / "documents").exists()


@pytest.mark.parametrize(
    "args, message",
    [(["--type", "bulletins"], "Valeur invalide pour '--type'"),
     (["--processus", "0"], "le nombre de processus va de 1 à 32")],
)
def test_usage_errors_are_explained_in_french(args, message):
    done = agora("documents", *args)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr


def test_one_quote_and_one_delivery_note_are_printed(copy, tmp_path):
    output = tmp_path / "sortie"
    done = agora("documents", str(copy), "--sortie", str(output), "--type", "devis",
                 "--type", "livraisons", "--numero", "DV-2026-00001", "--numero", "BL-2026-00009")
    assert done.returncode == 0, done.stderr
    assert sorted(p.relative_to(output).as_posix() for p in output.rglob("*.pdf")) == [
        "devis/DV-2026-00001.pdf", "livraisons/BL-2026-00009.pdf",
    ]
    assert PdfReader(output / "devis" / "DV-2026-00001.pdf").metadata.title == (
        "Devis n° DV-2026-00001"
    )
    assert "1 fichier PDF" in done.stderr


def test_a_customer_code_selects_its_letters_and_statement(copy, tmp_path):
    output = tmp_path / "sortie"
    done = agora("documents", str(copy), "--sortie", str(output), "--type", "relances",
                 "--type", "releves", "--numero", "C0001")
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in output.rglob("*.pdf"))
    assert "RL-2026-00031.pdf" in names and "releve-C0001-20261130.pdf" in names
    assert all("C0001" in name or name.startswith("RL-") for name in names)


def test_an_unknown_number_is_a_finding(copy, tmp_path):
    done = agora("documents", str(copy), "--sortie", str(tmp_path), "--type", "devis",
                 "--numero", "DV-2026-99999")
    assert done.returncode == 1
    assert "Aucun document ne porte ce numéro." in done.stderr


def test_an_invoice_whose_rate_contradicts_its_vat_case_stops_the_archive(tmp_path):
    """An export invoice edited to 20 %: the blocking rule stops ``agora archiver`` before
    any document, with the invoice, its line and the reason; never an internal error."""
    from openpyxl import load_workbook

    folder = tmp_path / "workbooks"
    shutil.copytree(DEMO_WORKBOOKS, folder)
    book = load_workbook(folder / "ventes.xlsx")
    sheet = book["LignesFacture"]
    columns = {cell.value: cell.column for cell in sheet[1]}
    row = next(r for r in range(2, sheet.max_row + 1)
               if sheet.cell(r, columns["numero_facture"]).value == "FA-2026-00057")
    sheet.cell(row, columns["taux_tva"]).value = 20
    book.save(folder / "ventes.xlsx")

    done = agora("archiver", str(folder))

    assert done.returncode == 1
    assert "[facture-taux-tva-incoherent]" in done.stderr
    assert "la facture FA-2026-00057, ligne 1 : taux de TVA de 20 %" in done.stderr
    assert "Aucun document produit" in done.stderr
    assert "Erreur interne" not in done.stderr and "Traceback" not in done.stderr
