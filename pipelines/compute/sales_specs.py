"""The figures of the commercial dashboard (turnover, margin, order book, quotes)."""

from __future__ import annotations

from pipelines.compute.specs import Spec

SALES_SPECS: tuple[Spec, ...] = ()
