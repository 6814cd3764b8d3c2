"""The figures of the receivables: open items, aged balance, dunning, payments."""

from __future__ import annotations

from pipelines.compute.specs import Spec

RECEIVABLES_SPECS: tuple[Spec, ...] = ()
