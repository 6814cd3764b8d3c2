"""The fixed frame of the demo organisation: its year, its as-of date, its domain."""

from __future__ import annotations

from datetime import date

AS_OF = date(2026, 11, 30)  # the organisation's « date d'arrêté »
FISCAL_START = date(2026, 1, 1)
FISCAL_END = date(2026, 12, 31)
EMAIL_DOMAIN = "atelier-lumiere-froid.fr"

# The identifier patterns of the schemas cap the sizes: S999 employees, 14 per scale unit.
MAX_SCALE = 70
