"""Building the sites from the small hand-built dataset, with or without issues."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipelines.compute import Computed, compute_all
from pipelines.issues import Issue, Severity, SourceRef
from pipelines.law import parameters
from pipelines.publish import OutputFolders, PublishResult, publish

from compute.records import PLANTED_NIR, small_dataset


@dataclass(frozen=True)
class Build(OutputFolders):
    result: PublishResult
    steps: list[str]


BLOCKING = Issue(
    "nir-invalide", Severity.BLOQUANT, SourceRef("personnel.xlsx", "Salariés", 2, "F"),
    f"le NIR « {PLANTED_NIR} » a une clé de contrôle fausse",
)
WARNING = Issue(
    "exemple-avertissement", Severity.AVERTISSEMENT, SourceRef("clients.xlsx", "Clients", 3, "B"),
    "la raison sociale « <script>alert(1)</script> » ressemble à du code",
)


def computed() -> Computed:
    return compute_all(small_dataset(), parameters())


def build(root: Path, issues: list[Issue]) -> Build:
    steps: list[str] = []
    result = publish(small_dataset(), computed(), issues, root, keep_going=True,
                     progress=steps.append)
    return Build(root=root, result=result, steps=steps)
