"""Frictionless as a second opinion: the same package, the same findings.

`frictionless_descriptor` points the Data Package at any folder of workbooks;
`frictionless_findings` runs ``frictionless validate`` on it and `agora_findings`
says what Agora found, both as ``(resource, row, field or label, frictionless
error type)``. Agora-only checks (no frictionless type) are left out.
frictionless is imported only when it runs: it is slow to import.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Iterable

from pipelines.issues import Issue, catalogue
from pipelines.validate.package import read_json, load_json_reference

Finding = tuple[str, int | None, str | None, str]
_ROW_LEVEL = {"blank-row", "primary-key"}
_RESOURCE_LEVEL = {"scheme-error", "format-error", "source-error", "unmatched-header"}
_LABEL_LEVEL = {"missing-label", "incorrect-label", "extra-label", "duplicate-label", "blank-label"}


def frictionless_descriptor(schemas_dir: Path, workbooks_dir: Path) -> dict:
    """The package descriptor, with each resource read from ``workbooks_dir``.

    Paths become absolute and schemas and dialects are inlined, so frictionless
    (run as trusted) reads the same files as Agora.
    """
    schemas_dir, workbooks_dir = Path(schemas_dir), Path(workbooks_dir).resolve()
    descriptor = read_json(schemas_dir / "datapackage.json")
    resources = []
    for item in descriptor.get("resources", []):
        item = dict(item)
        item["path"] = str(workbooks_dir / PurePosixPath(item["path"]).name)
        for part in ("schema", "dialect"):
            if isinstance(item.get(part), str):
                item[part] = load_json_reference(item[part], schemas_dir, part)
        resources.append(item)
    return {**descriptor, "resources": resources}


def frictionless_findings(schemas_dir: Path, workbooks_dir: Path) -> set[Finding]:
    from frictionless import Package, system

    with system.use_context(trusted=True):
        package = Package(frictionless_descriptor(schemas_dir, workbooks_dir))
        report = package.validate(limit_errors=10**9)
    findings: set[Finding] = set()
    for task in report.tasks:
        for error in task.errors:
            findings.add(_frictionless_finding(task.name, error))
    if not report.tasks:  # the descriptor itself was refused
        findings.update(("", None, None, error.type) for error in report.errors)
    return findings


def _frictionless_finding(resource: str, error) -> Finding:
    kind = error.type
    row = getattr(error, "row_number", None)
    if kind == "foreign-key":
        return (resource, row, ",".join(error.field_names), kind)
    if kind in _ROW_LEVEL:
        return (resource, row, None, kind)
    if kind in _LABEL_LEVEL:
        return (resource, None, error.field_name or error.label, kind)
    if hasattr(error, "field_name"):
        return (resource, row, error.field_name, kind)
    return (resource, row, None, kind)


def agora_findings(issues: Iterable[Issue]) -> set[Finding]:
    kinds = {issue_type.code: issue_type.frictionless for issue_type in catalogue()}
    findings: set[Finding] = set()
    for issue in issues:
        kind = kinds.get(issue.code)
        if kind is not None:
            findings.update(_agora_finding(issue, kind))
    return findings


def _agora_finding(issue: Issue, kind: str) -> list[Finding]:
    extra, row = issue.extra, issue.source.row
    if kind in _RESOURCE_LEVEL:
        return [(name, None, None, kind) for name in extra.get("resources", (extra.get("resource"),))]
    resource = extra["resource"]
    if kind == "blank-row":
        first, last = extra["rows"]
        kinds = ["blank-row", "primary-key"] if extra.get("keyed") else ["blank-row"]
        return [(resource, number, None, name) for number in range(first, last + 1) for name in kinds]
    if kind == "foreign-key":
        return [(resource, row, ",".join(extra["fields"]), kind)]
    if kind in _ROW_LEVEL:
        return [(resource, row, None, kind)]
    if kind in _LABEL_LEVEL:
        return [(resource, None, extra["field"], kind)]
    return [(resource, row, extra["field"], kind)]
