"""The figures of consumables: the management ones, and the staff ones (what is
available or on order, never an amount)."""

from __future__ import annotations

from pipelines.compute.specs import Spec

CONSUMABLES_SPECS: tuple[Spec, ...] = ()
CONSUMABLES_STAFF_SPECS: tuple[Spec, ...] = ()
