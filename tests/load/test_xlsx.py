"""Reading xlsx files: values as other readers see them, bad files as issues."""

import hashlib
from datetime import date, datetime, time
from pathlib import Path

import openpyxl
import pytest

from pipelines.issues import Issue
from pipelines.load import Sheet, open_workbook

FIXTURES = Path(__file__).parents[1] / "fixtures"
GOOD = FIXTURES / "package" / "workbooks"
BROKEN = FIXTURES / "broken"


def read(path: Path, sheet: str) -> Sheet:
    workbook = open_workbook(path)
    assert not isinstance(workbook, Issue), workbook
    try:
        result = workbook.read_sheet(sheet)
    finally:
        workbook.close()
    assert isinstance(result, Sheet), result
    return result


def test_header_and_typed_cells_with_their_positions():
    sheet = read(GOOD / "equipe.xlsx", "Badgeages")
    assert sheet.rows[0] == ["matricule", "jour", "debut", "fin", "saisi_le", "pause_minutes"]
    assert sheet.rows[1] == ["S001", date(2026, 3, 2), time(8, 30), time(12, 0), datetime(2026, 3, 2, 12, 5), 0.0]
    assert (sheet.workbook, sheet.name, sheet.width, len(sheet.rows)) == ("equipe.xlsx", "Badgeages", 6, 4)


def test_codes_keep_their_leading_zero():
    sheet = read(GOOD / "ventes.xlsx", "Comptes")
    assert sheet.rows[1][5] == "01000"


def test_error_cells_hold_their_text_and_formulas_without_value_are_listed():
    sheet = read(BROKEN / "types" / "ventes.xlsx", "Commandes")
    assert sheet.error_cells == {(2, 3): "#DIV/0!"}
    assert sheet.rows[2][3] == "#DIV/0!"
    assert sheet.formulas_without_value == [(1, 3)]
    assert sheet.rows[1][3] == ""


def test_merged_cells_are_listed():
    sheet = read(BROKEN / "cellules-fusionnees" / "equipe.xlsx", "Badgeages")
    assert sheet.merged == [((0, 3), (0, 4))]


def test_rows_that_only_carry_formatting_are_rows():
    sheet = read(BROKEN / "lignes-vides" / "ventes.xlsx", "Lignes")
    assert len(sheet.rows) == 9
    assert sheet.rows[8] == ["", "", "", ""]


def test_text_made_of_spaces_is_kept(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Feuille"
    book.active.append(["code", " ", "\t"])
    book.save(tmp_path / "espaces.xlsx")
    assert read(tmp_path / "espaces.xlsx", "Feuille").rows == [["code", " ", "\t"]]


def test_missing_sheet_is_an_issue():
    workbook = open_workbook(GOOD / "ventes.xlsx")
    issue = workbook.read_sheet("Factures")
    workbook.close()
    assert issue.flat() == ("ventes.xlsx", "Factures", None, "feuille-absente")
    assert "« Comptes », « Commandes », « Lignes », « Retours »" in issue.message


@pytest.mark.parametrize(
    "case, code",
    [
        ("pas-un-classeur", "classeur-illisible"),
        ("zip-tronque", "classeur-illisible"),
        ("chiffre", "classeur-protege"),
        ("classeur-absent", "classeur-absent"),
    ],
)
def test_bad_files_are_issues(case, code):
    issue = open_workbook(BROKEN / case / "ventes.xlsx")
    assert isinstance(issue, Issue)
    assert issue.flat() == ("ventes.xlsx", None, None, code)
    assert issue.blocking


@pytest.mark.parametrize(
    "content",
    [b"", b"PK\x03\x04" + bytes(100), bytes(range(256)) * 4, b"\xd0\xcf\x11\xe0"],
    ids=["vide", "zip-vide", "octets", "debut-ole"],
)
def test_any_bytes_give_an_issue_not_a_traceback(tmp_path, content):
    path = tmp_path / "classeur.xlsx"
    path.write_bytes(content)
    assert isinstance(open_workbook(path), Issue)


def test_a_zip_that_is_not_a_workbook(tmp_path):
    import zipfile

    with zipfile.ZipFile(tmp_path / "archive.xlsx", "w") as archive:
        archive.writestr("note.txt", "bonjour")
    issue = open_workbook(tmp_path / "archive.xlsx")
    assert isinstance(issue, Issue) and issue.code == "classeur-illisible"


def test_reading_never_writes_to_the_workbook():
    path = GOOD / "ventes.xlsx"
    before = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    for name in ("Comptes", "Commandes", "Lignes", "Retours"):
        read(path, name)
    assert (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns) == before
