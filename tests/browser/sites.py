"""The built sites under test: the demo build, and a build from booby-trapped workbooks.

Each variant is built once per test session (`agora build` in a subprocess, as a user runs
it) and shared by the browser tests and the leak test.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from scenarios.workbooks import copy_demo
from stdnum import iban as stdnum_iban

from pipelines.publish import OutputFolders

from . import records

REPO_ROOT = Path(__file__).resolve().parents[2]
DEMO_WORKBOOKS = REPO_ROOT / "workbooks"
SCHEMAS = REPO_ROOT / "schemas"

SCRIPT_CUSTOMER_CODE = "C9999"
SCRIPT_CUSTOMER_NAME = "<script>alert(1)</script>"
HOSTILE_ORGANISATION = 'Atelier <img src=x onerror=alert(2)> & "Fils"'  # in every site name

TRAP_WORD = "Quetzalcoatl"  # in no demo text: found in a built file, it comes from a trap
EXPIRED_NOTICE_TITLE = f"Consigne périmée {TRAP_WORD}"
DRAFT_NEWS_TITLE = f"Brouillon confidentiel {TRAP_WORD}"

# Distinctive account number and NIR serial planted on one employee (keys recomputed).
PLANTED_ACCOUNT = "73519864207"
PLANTED_NIR_TAIL = "987654"


@dataclass(frozen=True)
class BuiltSites(OutputFolders):
    workbooks: Path


@dataclass(frozen=True)
class PlantedValues:
    matricule: str
    iban: str
    nir: str


_BUILDS: dict[str, BuiltSites] = {}
_FAILED_BUILDS: dict[Path, str] = {}
_PLANTED: dict[str, PlantedValues] = {}
_WORKBOOKS: dict[str, Path] = {}


def run_build(workbooks: Path, out: Path) -> BuiltSites:
    """`agora build --workbooks … --out …` from the repository root; fail with its stderr.

    A failed build is not retried within the session: later tests fail with the same message.
    """
    if workbooks not in _FAILED_BUILDS:
        command = [sys.executable, "-m", "pipelines.cli", "build", "--workbooks", str(workbooks),
                   "--out", str(out)]
        done = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            _FAILED_BUILDS[workbooks] = (
                f"« agora build » a échoué (code {done.returncode}) pour {workbooks} :\n"
                f"{done.stderr[-6000:]}"
            )
    if workbooks in _FAILED_BUILDS:
        pytest.fail(_FAILED_BUILDS[workbooks], pytrace=False)
    sites = BuiltSites(root=out, workbooks=workbooks)
    for site in (sites.staff, sites.management):
        assert (site / "index.html").is_file(), f"pas de page d'accueil dans {site}"
    return sites


def demo_sites(tmp_path_factory: pytest.TempPathFactory) -> BuiltSites:
    """The two sites built from the demo workbooks (once per session)."""
    if "demo" not in _BUILDS:
        _BUILDS["demo"] = run_build(DEMO_WORKBOOKS, tmp_path_factory.mktemp("demo-build"))
    return _BUILDS["demo"]


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> BuiltSites:
    """The demo build, for the browser tests and the leak test."""
    return demo_sites(tmp_path_factory)


@pytest.fixture(scope="session")
def trapped(tmp_path_factory) -> BuiltSites:
    """The trapped build, for the browser tests and the leak test."""
    return trapped_sites(tmp_path_factory)


def trapped_workbooks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo workbooks with traps: a `<script>` customer, an organisation whose
    name is markup, an expired notice, an unpublished news post, and an employee's IBAN and
    NIR replaced by planted ones."""
    if "trapped" not in _WORKBOOKS:
        workbooks = tmp_path_factory.mktemp("trapped-workbooks") / "workbooks"
        copy_demo(workbooks)
        add_script_customer(workbooks / "clients.xlsx")
        rename_organisation(workbooks / "organisation.xlsx", HOSTILE_ORGANISATION)
        add_expired_notice_and_draft_news(workbooks)
        _PLANTED["trapped"] = plant_employee_identifiers(workbooks / "personnel.xlsx")
        _WORKBOOKS["trapped"] = workbooks
    return _WORKBOOKS["trapped"]


def trapped_sites(tmp_path_factory: pytest.TempPathFactory) -> BuiltSites:
    """The two sites built from the trapped workbooks (once per session)."""
    if "trapped" not in _BUILDS:
        workbooks = trapped_workbooks(tmp_path_factory)
        _BUILDS["trapped"] = run_build(workbooks, tmp_path_factory.mktemp("trapped-build"))
    return _BUILDS["trapped"]


def planted_values(tmp_path_factory: pytest.TempPathFactory) -> PlantedValues:
    trapped_workbooks(tmp_path_factory)
    return _PLANTED["trapped"]


def _header_index(sheet) -> dict[str, int]:
    return {cell.value: cell.column for cell in sheet[1] if cell.value is not None}


def _last_row(sheet) -> int:
    """The last row holding a value (openpyxl's max_row also counts formatted empty rows)."""
    for row in range(sheet.max_row, 1, -1):
        if any(cell.value not in (None, "") for cell in sheet[row]):
            return row
    return 1


def _append_copy(sheet, model_row: int, values: dict) -> None:
    """Append a copy of `model_row` (values and number formats) with some cells replaced."""
    columns = _header_index(sheet)
    new_row = _last_row(sheet) + 1
    for name, column in columns.items():
        source = sheet.cell(model_row, column)
        target = sheet.cell(new_row, column, values.get(name, source.value))
        target.number_format = source.number_format


def add_expired_notice_and_draft_news(workbooks: Path) -> None:
    """A notice that expired a month before as_of, and the day-before news left unpublished."""
    on = records.as_of(workbooks)
    path = workbooks / "communication.xlsx"
    book = load_workbook(path)
    notices, news = book["Annonces"], book["Actualités"]
    _append_copy(notices, 2, {
        "id_annonce": "N999", "titre": EXPIRED_NOTICE_TITLE, "public": "tous",
        "date_debut": on - timedelta(days=60), "date_expiration": on - timedelta(days=30),
    })
    published_cell = news.cell(2, _header_index(news)["publie"]).value
    _append_copy(news, 2, {
        "id_actualite": f"brouillon-{TRAP_WORD.lower()}", "titre": DRAFT_NEWS_TITLE,
        "date_publication": on - timedelta(days=1),
        "publie": False if isinstance(published_cell, bool) else "non",
    })
    book.save(path)


def add_script_customer(path: Path) -> None:
    """Append a customer whose raison_sociale is a script tag (other cells from a real row)."""
    book = load_workbook(path)
    sheet = book["Clients"]
    columns = _header_index(sheet)
    _append_copy(sheet, _model_customer_row(sheet, columns), {
        "code_client": SCRIPT_CUSTOMER_CODE, "raison_sociale": SCRIPT_CUSTOMER_NAME,
    })
    book.save(path)


def rename_organisation(path: Path, name: str) -> None:
    book = load_workbook(path)
    sheet = book["Organisation"]
    sheet.cell(2, _header_index(sheet)["raison_sociale"], name)
    book.save(path)


def _model_customer_row(sheet, columns: dict[str, int]) -> int:
    """A French business customer in good standing, or else the first customer."""
    wanted = {"type_client": "entreprise", "zone": "France", "statut": "actif"}
    wanted = {columns[name]: value for name, value in wanted.items() if name in columns}
    for row in range(2, _last_row(sheet) + 1):
        if all(sheet.cell(row, column).value == value for column, value in wanted.items()):
            return row
    return 2


def plant_employee_identifiers(path: Path) -> PlantedValues:
    """Give the first employee with an IBAN and a NIR new, valid, distinctive ones."""
    book = load_workbook(path)
    sheet = book["Salariés"]
    columns = _header_index(sheet)
    for row in range(2, _last_row(sheet) + 1):
        iban = sheet.cell(row, columns["iban"]).value
        nir = sheet.cell(row, columns["nir"]).value
        if iban and nir and str(iban).startswith("FR"):
            planted = PlantedValues(
                str(sheet.cell(row, columns["matricule"]).value),
                french_iban_with_account(str(iban), PLANTED_ACCOUNT),
                nir_with_serial(str(nir), PLANTED_NIR_TAIL),
            )
            sheet.cell(row, columns["iban"], planted.iban)
            sheet.cell(row, columns["nir"], planted.nir)
            book.save(path)
            return planted
    raise AssertionError("aucun salarié de la démo n'a d'IBAN français et de NIR")


def french_iban_with_account(iban: str, account: str) -> str:
    """Same bank and branch, another account number; RIB key and IBAN check digits recomputed."""
    compact = iban.replace(" ", "")
    bank, branch = compact[4:9], compact[9:14]
    rib_key = 97 - (int(bank + branch + account) * 100) % 97
    bban = f"{bank}{branch}{account}{rib_key:02d}"
    return f"FR{stdnum_iban.calc_check_digits('FR00' + bban)}{bban}"


def nir_with_serial(nir: str, tail: str) -> str:
    """Keep sex, birth year, month and department; replace commune + order; recompute the key."""
    head = nir.replace(" ", "")[:7] + tail
    digits = head.replace("2A", "19").replace("2B", "18")
    return f"{head}{97 - int(digits) % 97:02d}"
