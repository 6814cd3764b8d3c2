"""Issues: every finding is a value with its source and a French message.

An `Issue` is (code, severity, source, message). Its `source` is a `SourceRef`
(workbook, sheet, Excel row, column letter): the header is row 1, as Excel shows it.
It prints as ``personnel.xlsx › Salariés › F7 : le NIR « … » est invalide``.

Every code is declared once with `define_issue_type`, in the module that raises it.
The declared types form the catalogue, published as an intranet page.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Iterable, Mapping


class Severity(str, Enum):
    """Blocking issues stop publication; warnings are reported and published."""

    BLOQUANT = "bloquant"
    AVERTISSEMENT = "avertissement"

    @property
    def label(self) -> str:
        return "Bloquant" if self is Severity.BLOQUANT else "Avertissement"


def column_letter(index: int) -> str:
    """0-based column index → Excel letter (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


@dataclass(frozen=True, order=True)
class SourceRef:
    """Where a finding comes from, as the person who edits the workbook sees it."""

    workbook: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    @property
    def cell(self) -> str | None:
        if self.row is None and self.column is None:
            return None
        if self.row is None:
            return f"colonne {self.column}"
        if self.column is None:
            return f"ligne {self.row}"
        return f"{self.column}{self.row}"

    def __str__(self) -> str:
        parts = [self.workbook]
        if self.sheet is not None:
            parts.append(self.sheet)
        if self.cell is not None:
            parts.append(self.cell)
        return " › ".join(parts)

    def as_dict(self) -> dict:
        return {
            "classeur": self.workbook,
            "feuille": self.sheet,
            "ligne": self.row,
            "colonne": self.column,
            "cellule": self.cell,
        }


@dataclass(frozen=True)
class IssueType:
    """One entry of the catalogue of issue codes."""

    code: str
    title: str
    description: str
    severity: Severity
    frictionless: str | None = None  # the frictionless error type it matches, if any
    adjustable: bool = False  # the organisation may set its severity (sheet « Gravites »)


_CATALOGUE: dict[str, IssueType] = {}

# Modules that declare issue types; importing them fills the catalogue.
_DECLARING_MODULES: list[str] = [
    "pipelines.issues",
    "pipelines.load",
    "pipelines.validate",
    "pipelines.validate.rules",
    "pipelines.law",
    "pipelines.compute",
    "pipelines.publish",
    "pipelines.documents.salary_transfers",
]


def define_issue_type(
    code: str,
    title: str,
    description: str,
    severity: Severity,
    frictionless: str | None = None,
    adjustable: bool = False,
) -> IssueType:
    """Declare an issue code (once); returns its type, to raise issues with.

    `adjustable`: the organisation may choose the severity of this code in its sheet
    « Gravites » (an organisation rule, such as a credit limit). A legal obligation (the
    numbering of invoices, a mandatory mention) is never adjustable."""
    issue_type = IssueType(code, title, description, severity, frictionless, adjustable)
    known = _CATALOGUE.get(code)
    if known is not None and known != issue_type:
        raise ValueError(f"code d'anomalie déclaré deux fois différemment : {code}")
    _CATALOGUE[code] = issue_type
    return issue_type


def declared_type(code: str) -> IssueType | None:
    """The type of a code: from the codes declared so far, else from the whole catalogue."""
    known = _CATALOGUE.get(code)
    if known is not None:
        return known
    return next((issue_type for issue_type in catalogue() if issue_type.code == code), None)


def catalogue() -> list[IssueType]:
    """Every declared issue type, sorted by code."""
    for module in _DECLARING_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as error:
            if error.name != module:
                raise
    return sorted(_CATALOGUE.values(), key=lambda t: t.code)


@dataclass(frozen=True)
class Issue:
    code: str
    severity: Severity
    source: SourceRef
    message: str
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def blocking(self) -> bool:
        return self.severity is Severity.BLOQUANT

    def __str__(self) -> str:
        return f"{self.source} : {self.message}"

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "gravite": self.severity.value,
            **self.source.as_dict(),
            "message": self.message,
        }

    def flat(self) -> tuple:
        """(workbook, sheet, cell, code): the shape that tests assert on."""
        return (self.source.workbook, self.source.sheet, self.source.cell, self.code)


def raise_issue(
    issue_type: IssueType,
    source: SourceRef,
    message: str,
    severity: Severity | None = None,
    **extra,
) -> Issue:
    """Build an issue of a declared type (its catalogue severity unless overridden)."""
    return Issue(issue_type.code, severity or issue_type.severity, source, message, extra)


def with_severities(issues: Iterable[Issue], chosen: Mapping[str, Severity]) -> list[Issue]:
    """The issues, each of a code in `chosen` at the severity chosen for it (its catalogue
    severity kept in ``extra["gravite_catalogue"]`` when it changes). An issue that its rule
    raised at another severity than the catalogue's keeps it: a draft invoice is only
    warned, whatever the severity chosen for issued ones."""
    adjusted = []
    for issue in issues:
        severity = chosen.get(issue.code)
        declared = _CATALOGUE.get(issue.code)
        if (severity is None or severity is issue.severity or declared is None
                or issue.severity is not declared.severity):
            adjusted.append(issue)
        else:
            extra = {**issue.extra, "gravite_catalogue": issue.severity}
            adjusted.append(replace(issue, severity=severity, extra=extra))
    return adjusted


def has_blocking(issues: Iterable[Issue]) -> bool:
    return any(issue.blocking for issue in issues)


def sort_issues(issues: Iterable[Issue]) -> list[Issue]:
    """Stable report order: workbook, sheet, row, column, code."""

    def key(issue: Issue):
        s = issue.source
        return (
            s.workbook,
            s.sheet or "",
            s.row if s.row is not None else 0,
            len(s.column or ""),
            s.column or "",
            issue.code,
            issue.message,
        )

    return sorted(issues, key=key)


CHECK_CRASHED = define_issue_type(
    "controle-en-echec",
    "Contrôle en échec",
    "Un contrôle d'Agora s'est arrêté sur une erreur interne. Les autres contrôles ont "
    "continué ; signalez-le à l'équipe qui maintient Agora.",
    Severity.BLOQUANT,
)
