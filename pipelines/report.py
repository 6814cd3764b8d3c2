"""Render a list of issues for people and for CI: text, JSON, GitHub annotations, Markdown."""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from typing import Iterable

from pipelines.issues import Issue, sort_issues
from pipelines.markdown import grouped_markdown, md

FORMATS = ("text", "json", "github", "markdown")


def summary_line(issues: list[Issue]) -> str:
    blocking = sum(1 for issue in issues if issue.blocking)
    warnings = len(issues) - blocking
    if not issues:
        return "Aucune anomalie : les classeurs sont valides."
    return (
        f"{_count(blocking, 'anomalie bloquante', 'anomalies bloquantes')}, "
        f"{_count(warnings, 'avertissement', 'avertissements')}."
    )


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number <= 1 else plural}"


def to_text(issues: Iterable[Issue]) -> str:
    ordered = sort_issues(issues)
    lines = [
        f"{'ERREUR' if issue.blocking else 'AVERTISSEMENT'} [{issue.code}] {issue}"
        for issue in ordered
    ]
    lines.append(summary_line(ordered))
    return "\n".join(lines)


def to_json(issues: Iterable[Issue]) -> str:
    ordered = sort_issues(issues)
    payload = {
        "bloquant": any(issue.blocking for issue in ordered),
        "resume": summary_line(ordered),
        "anomalies": [issue.as_dict() for issue in ordered],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def _github_escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_escape_property(text: str) -> str:
    return _github_escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(issues: Iterable[Issue], workbooks_dir: str = "workbooks") -> str:
    """One workflow command per issue: ``::error file=…,title=…::message``."""
    lines = []
    for issue in sort_issues(issues):
        level = "error" if issue.blocking else "warning"
        path = str(PurePosixPath(workbooks_dir) / issue.source.workbook)
        where = " › ".join(
            part for part in (issue.source.sheet, issue.source.cell) if part is not None
        )
        title = f"{issue.code} — {where}" if where else issue.code
        lines.append(
            f"::{level} file={_github_escape_property(path)},"
            f"title={_github_escape_property(title)}::{_github_escape_data(str(issue))}"
        )
    return "\n".join(lines)


def _markdown_row(issue: Issue) -> list[str]:
    severity = f"**{issue.severity.label}**" if issue.blocking else issue.severity.label
    return [severity, md(issue.source.cell or "—"), f"`{issue.code}`", md(issue.message)]


def to_markdown(issues: Iterable[Issue]) -> str:
    """The issues grouped by workbook then sheet, one table per sheet."""
    ordered = sort_issues(issues)
    parts = [f"**{summary_line(ordered)}**", *grouped_markdown(ordered, _markdown_row)]
    return "\n\n".join(parts) + "\n"


def render(issues: Iterable[Issue], fmt: str, workbooks_dir: str = "workbooks") -> str:
    """`workbooks_dir`: the folder as the repository sees it, for GitHub's file= paths."""
    issues = list(issues)
    if fmt == "text":
        return to_text(issues)
    if fmt == "json":
        return to_json(issues)
    if fmt == "github":
        return to_github(issues, workbooks_dir)
    if fmt == "markdown":
        return to_markdown(issues)
    raise ValueError(f"format inconnu : {fmt}")


