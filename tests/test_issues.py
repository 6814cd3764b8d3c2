import re
import subprocess
import sys
from pathlib import Path

from pipelines.issues import (
    Issue,
    Severity,
    SourceRef,
    catalogue,
    column_letter,
    define_issue_type,
    raise_issue,
    sort_issues,
)


def test_column_letters_follow_excel():
    assert [column_letter(i) for i in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == [
        "A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA",
    ]


def test_source_prints_as_the_user_sees_it():
    assert str(SourceRef("personnel.xlsx", "Salariés", 7, "F")) == "personnel.xlsx › Salariés › F7"
    assert str(SourceRef("clients.xlsx", "Clients", None, "C")) == "clients.xlsx › Clients › colonne C"
    assert str(SourceRef("clients.xlsx", "Clients", 3)) == "clients.xlsx › Clients › ligne 3"
    assert str(SourceRef("stock.xlsx")) == "stock.xlsx"


def test_issue_prints_with_its_source_and_flattens():
    kind = define_issue_type("essai-code", "Essai", "Un code d'essai.", Severity.AVERTISSEMENT)
    issue = raise_issue(kind, SourceRef("a.xlsx", "F", 4, "B"), "le texte")
    assert str(issue) == "a.xlsx › F › B4 : le texte"
    assert issue.flat() == ("a.xlsx", "F", "B4", "essai-code")
    assert not issue.blocking
    assert raise_issue(kind, SourceRef("a.xlsx"), "x", Severity.BLOQUANT).blocking


def test_sort_orders_rows_numerically_and_columns_like_excel():
    def at(row, col):
        return Issue("c", Severity.BLOQUANT, SourceRef("a.xlsx", "F", row, col), "m")

    ordered = sort_issues([at(10, "A"), at(2, "AA"), at(2, "B"), at(None, None)])
    assert [i.source.cell for i in ordered] == [None, "B2", "AA2", "A10"]


def test_catalogue_codes_are_documented_in_french():
    types = catalogue()
    assert any(t.code == "controle-en-echec" for t in types)
    for issue_type in types:
        assert issue_type.title.strip() and issue_type.description.strip(), issue_type.code
        assert issue_type.code == issue_type.code.lower() and " " not in issue_type.code


def test_the_catalogue_lists_every_declared_code_whatever_was_imported_before():
    """In a fresh interpreter, with nothing imported first: one entry per declaration."""
    root = Path(__file__).resolve().parents[1]
    declaration = re.compile(r"(?<!def )\bdefine_issue_type\(")
    declared = sum(len(declaration.findall(path.read_text(encoding="utf-8")))
                   for path in (root / "pipelines").rglob("*.py"))
    listed = subprocess.run(
        [sys.executable, "-c", "from pipelines.issues import catalogue; print(len(catalogue()))"],
        cwd=root, capture_output=True, text=True, check=True).stdout
    assert int(listed) == declared
    assert declared >= 90
