"""The purchasing figures of the management site: supplier invoices and the three-way
match, supplier payments and their schedule, supplier files."""

from __future__ import annotations

from pipelines.compute.specs import Spec

PURCHASING_SPECS: tuple[Spec, ...] = ()
