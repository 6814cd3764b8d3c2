"""The organisation's own settings (the « Reglages » sheet of organisation.xlsx).

These are the organisation's choices, not the law: the tolerances of the three-way match,
the consumption window and the cover of the stock, the alert thresholds, the days
after which a receipt should be invoiced and a return credited. A parameter that
the sheet does not list takes its default below; the sheet's value wins.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from pipelines.dataset import Dataset

DEFAULTS: dict[str, Decimal] = {
    "tolerance_quantite_pct": Decimal(0),  # invoiced quantity over the received one
    "tolerance_prix_pct": Decimal("0.5"),  # invoiced unit price over the ordered one
    "jours_consommation_moyenne": Decimal(90),  # window of the average daily consumption
    "jours_couverture_stock": Decimal(30),  # cover that a suggested order brings
    "seuil_surconsommation_pct": Decimal(50),  # a month this far above the average
    "seuil_hausse_tarif_pct": Decimal(5),  # a contract revision this far above the last cost
    "jours_reception_non_facturee": Decimal(30),  # a receipt still unbilled after these days
    "jours_avoir_attendu": Decimal(30),  # a return to the supplier still uncredited after
    "plafond_decaissements_hebdo": Decimal(0),  # euros a week for suppliers (0: no ceiling)
}


def setting(dataset: Dataset, name: str) -> Decimal:
    """The value of the setting `name`: the sheet's, else its default."""
    if name not in DEFAULTS:
        raise KeyError(f"réglage inconnu : {name}")
    if "reglages" in dataset:
        rows = dataset.frame("reglages").filter(pl.col("parametre") == name)
        values = rows["valeur"].drop_nulls()
        if len(values):
            return Decimal(values[0])
    return DEFAULTS[name]

