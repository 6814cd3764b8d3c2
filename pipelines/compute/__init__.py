"""Compute: pure functions over the validated frames, one module per domain.

`compute_all(dataset, parameters)` returns a `Computed`: named figures (polars frames)
with the workbook sheets they come from, for the staff site and the management site, and
a ``calcul-en-echec`` issue for each figure whose computation failed (`specs` lists the
figures, `run` computes each one on its own).
"""

from pipelines.compute.figures import MANAGEMENT, STAFF, Computed, Figure
from pipelines.compute.run import compute_all

__all__ = ["MANAGEMENT", "STAFF", "Computed", "Figure", "compute_all"]
