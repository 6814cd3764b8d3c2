"""The figures of contracts, subscriptions and licences: the management ones, and the
staff ones (the contacts staff need, never an amount)."""

from __future__ import annotations

from pipelines.compute.specs import Spec

CONTRACTS_SPECS: tuple[Spec, ...] = ()
CONTRACTS_STAFF_SPECS: tuple[Spec, ...] = ()
