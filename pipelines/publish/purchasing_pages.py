"""The purchasing pages of the management site: supplier invoices and the three-way match, the supplier payment schedule."""

from __future__ import annotations

from pipelines.compute.figures import Computed
from pipelines.issues import Issue
from pipelines.publish.page import Asset, Page

PURCHASING_NAV: list[dict] = []


def purchasing_files(computed: Computed, issues: list[Issue]) -> list[Page | Asset]:
    """The management pages."""
    return []
