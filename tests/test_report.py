import json

from pipelines.issues import Issue, Severity, SourceRef
from pipelines.report import render, summary_line

ISSUES = [
    Issue("nir-invalide", Severity.BLOQUANT, SourceRef("personnel.xlsx", "Salariés", 7, "F"),
          "le NIR « 1 85 05 … » est invalide (clé de contrôle)"),
    Issue("colonne-en-trop", Severity.AVERTISSEMENT, SourceRef("clients.xlsx", "Clients", 1, "Z"),
          "colonne « x: y, z » inconnue"),
]


def test_text_lists_each_issue_with_its_place_and_a_summary():
    text = render(ISSUES, "text")
    assert "personnel.xlsx › Salariés › F7 : le NIR « 1 85 05 … » est invalide" in text
    assert text.splitlines()[-1] == "1 anomalie bloquante, 1 avertissement."


def test_json_is_machine_readable():
    payload = json.loads(render(ISSUES, "json"))
    assert payload["bloquant"] is True
    assert payload["anomalies"][1]["cellule"] == "F7"
    assert payload["anomalies"][1]["gravite"] == "bloquant"


def test_github_annotations_escape_properties():
    lines = render(ISSUES, "github").splitlines()
    assert lines[0].startswith("::warning file=workbooks/clients.xlsx,title=colonne-en-trop — Clients › Z1::")
    assert "x: y, z" in lines[0]  # the message keeps its text
    assert lines[1].startswith("::error file=workbooks/personnel.xlsx,title=nir-invalide — Salariés › F7::")


def test_markdown_groups_by_workbook_and_sheet_and_escapes():
    issues = ISSUES + [Issue("x", Severity.BLOQUANT, SourceRef("clients.xlsx", "Clients", 3, "B"),
                             "<script>alert(1)</script> | [lien](http://x)")]
    md = render(issues, "markdown")
    assert md.index("## clients\\.xlsx") < md.index("## personnel\\.xlsx")
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "\\| \\[lien\\]\\(http" in md
    assert "| **Bloquant** | B3 | `x` |" in md


def test_summary_without_issue():
    assert summary_line([]) == "Aucune anomalie : les classeurs sont valides."


def test_the_markdown_report_needs_nothing_from_publish():
    """report and publish share `pipelines.markdown`: neither imports the other to escape."""
    import subprocess
    import sys
    from pathlib import Path

    script = (
        "import sys\n"
        "from pipelines.issues import Issue, Severity, SourceRef\n"
        "from pipelines.report import render\n"
        "render([Issue('x', Severity.BLOQUANT, SourceRef('a.xlsx', 'A', 2, 'B'), 'm')], "
        "'markdown')\n"
        "print(sorted(m for m in sys.modules if m.startswith('pipelines.publish')))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True, cwd=Path(__file__).resolve().parents[1])
    assert done.stdout.strip() == "[]"
