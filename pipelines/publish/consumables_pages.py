"""The consumables pages: consumption, cover and order suggestions (management site), what is available or on order (staff site, no amount)."""

from __future__ import annotations

from pipelines.compute.figures import Computed
from pipelines.issues import Issue
from pipelines.publish.page import Asset, Page

CONSUMABLES_NAV: list[dict] = []  # management site
CONSUMABLES_STAFF_NAV: list[dict] = []  # staff site (and the management site's staff part)


def consumables_files(computed: Computed, issues: list[Issue]) -> list[Page | Asset]:
    """The management pages."""
    return []


def consumables_staff_files(computed: Computed) -> list[Page | Asset]:
    """The staff pages, from `computed.staff` only."""
    return []
