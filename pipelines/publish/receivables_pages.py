"""Management pages of the receivables: aged balance, dunning, disputes, debts at risk."""

from __future__ import annotations

from pipelines.compute.figures import Computed
from pipelines.issues import Issue
from pipelines.publish.page import Asset, Page

RECEIVABLES_NAV: list[dict] = []


def receivables_files(computed: Computed, issues: list[Issue]) -> list[Page | Asset]:
    """The receivables pages of the management site."""
    return []
