"""Management pages of the sales: the commercial dashboard, order book, quotes."""

from __future__ import annotations

from pipelines.compute.figures import Computed
from pipelines.issues import Issue
from pipelines.publish.page import Asset, Page

SALES_NAV: list[dict] = []


def sales_files(computed: Computed, issues: list[Issue]) -> list[Page | Asset]:
    """The sales pages of the management site."""
    return []
