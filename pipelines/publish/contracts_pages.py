"""The contract pages: the register and the renewals (management site), the contacts staff need (staff site, no amount)."""

from __future__ import annotations

from pipelines.compute.figures import Computed
from pipelines.issues import Issue
from pipelines.publish.page import Asset, Page

CONTRACTS_NAV: list[dict] = []  # management site
CONTRACTS_STAFF_NAV: list[dict] = []  # staff site (and the management site's staff part)


def contracts_files(computed: Computed, issues: list[Issue]) -> list[Page | Asset]:
    """The management pages."""
    return []


def contracts_staff_files(computed: Computed) -> list[Page | Asset]:
    """The staff pages, from `computed.staff` only."""
    return []
