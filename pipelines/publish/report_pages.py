"""The validation report and the catalogue of issue codes.

The management report shows every issue with its message. The staff report (only
published when blocking issues are let through) shows where and what kind of issue,
never the message: a message may quote the cell's value, which may be sensitive.
"""

from __future__ import annotations

from datetime import date
from typing import Sequence

from pipelines.french import MISSING, long_date, plural
from pipelines.issues import Issue, IssueType, Severity
from pipelines.markdown import grouped_markdown, md, slug
from pipelines.publish.page import Page, workbooks_line

MANAGEMENT_REPORT = "gestion/rapport.md"
STAFF_REPORT = "rapport.md"
CATALOGUE_PAGE = "gestion/anomalies.md"


def _summary(issues: list[Issue], as_of: date) -> str:
    blocking = sum(1 for issue in issues if issue.blocking)
    warnings = len(issues) - blocking
    if not issues:
        return f"Aucune anomalie : les classeurs sont valides (données au {long_date(as_of)})."
    return (
        f"{plural(blocking, 'anomalie bloquante', 'anomalies bloquantes')} et "
        f"{plural(warnings, 'avertissement')} dans les classeurs (données au {long_date(as_of)}). "
        "Corrigez les cellules indiquées dans les classeurs, puis reconstruisez les sites."
    )


def _severity(issue: Issue) -> str:
    label = issue.severity.label
    return f"**{label}**" if issue.severity is Severity.BLOQUANT else label


def management_report_page(issues: list[Issue], catalogue: list[IssueType], as_of: date,
                           workbooks: Sequence[str] = ()) -> Page:
    """Every issue with its message; each code links to its entry in the catalogue."""
    documented = {issue_type.code for issue_type in catalogue}

    def code_link(code: str) -> str:
        return f"[{md(code)}](anomalies.md#{slug(code)})" if code in documented else md(code)

    def row(issue: Issue) -> list[str]:
        return [_severity(issue), md(issue.source.cell or MISSING), code_link(issue.code),
                md(issue.message)]

    body = "\n\n".join(["# Rapport de validation", _summary(issues, as_of),
                        *grouped_markdown(issues, row), workbooks_line(workbooks, as_of)])
    return Page(MANAGEMENT_REPORT, "Rapport de validation", body)


def staff_report_page(issues: list[Issue], catalogue: list[IssueType], as_of: date,
                      workbooks: Sequence[str] = ()) -> Page:
    titles = {issue_type.code: issue_type.title for issue_type in catalogue}

    def row(issue: Issue) -> list[str]:
        return [_severity(issue), md(issue.source.cell or MISSING), md(issue.code),
                md(titles.get(issue.code, ""))]

    notice = ("Le détail de chaque anomalie est sur le site de gestion ; les personnes qui "
              "tiennent les classeurs le corrigent.")
    body = "\n\n".join(["# Rapport de validation", _summary(issues, as_of), notice,
                        *grouped_markdown(issues, row), workbooks_line(workbooks, as_of)])
    return Page(STAFF_REPORT, "Rapport de validation", body)


def catalogue_page(catalogue: list[IssueType], as_of: date, workbooks: Sequence[str] = ()
                   ) -> Page:
    """Every issue code: title, severity, description; each code is an anchor."""
    parts = ["# Catalogue des anomalies",
             f"{plural(len(catalogue), 'code')} d'anomalie, par ordre alphabétique."]
    for issue_type in catalogue:
        parts.append(f"## {md(issue_type.code)}")
        adjustable = " (gravité ajustable : feuille Gravites)" if issue_type.adjustable else ""
        parts.append(f"**{md(issue_type.title)}** — {issue_type.severity.label}{adjustable}")
        parts.append(md(issue_type.description))
    parts.append(workbooks_line(workbooks, as_of))
    return Page(CATALOGUE_PAGE, "Catalogue des anomalies", "\n\n".join(parts))
