"""`agora build`: validate → compute → publish, in that order, and nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

from pipelines.issues import Issue
from pipelines.law import parameters


@dataclass(frozen=True)
class BuildOutcome:
    issues: list[Issue]
    blocking: bool
    published: bool
    warnings: tuple[str, ...] = ()  # publication warnings (e.g. a page calling another host)
    computable: bool = True  # False when the as-of date is missing: nothing can be computed


def build(
    workbooks_dir: Path,
    schemas_dir: Path,
    root: Path,
    *,
    as_of: date | None = None,
    keep_going: bool = False,
    progress: Callable[[str], None] | None = None,
) -> BuildOutcome:
    """Run the whole flow; publish only when nothing blocks, unless `keep_going`."""
    from pipelines.compute import compute_all
    from pipelines.publish import publish
    from pipelines.validate import validate_workbooks

    step = progress or (lambda message: None)
    step("Validation des classeurs")
    result = validate_workbooks(workbooks_dir, schemas_dir, as_of=as_of, progress=progress)
    if not result.computable:  # without an as-of date nothing can be computed, even with keep_going
        return BuildOutcome(result.issues, True, False, computable=False)
    if result.blocking and not keep_going:
        return BuildOutcome(result.issues, True, False)
    step("Calculs")
    computed = compute_all(result.dataset, parameters())
    step("Publication des sites")
    published = publish(
        result.dataset, computed, result.issues, root, keep_going=keep_going, progress=progress
    )
    issues = [*result.issues, *computed.issues]  # calcul-en-echec: a figure that failed
    return BuildOutcome(issues, result.blocking, True, published.warnings)
