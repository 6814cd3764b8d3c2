"""`compute_all`: every figure of both sites, from the dataset and the legal parameters.

Pure: no I/O, no clock (dates come from `dataset.as_of`). A figure whose input sheets
are missing is left out; its page says so. The staff figures are computed from the
records without their sensitive columns, never from the full dataset.

Each figure is computed on its own: one that fails (broken code, a value nobody
foresaw) is left out with a ``calcul-en-echec`` issue, and every other figure is
still computed and published. The build never stops on a figure.
"""

from __future__ import annotations

import polars as pl

from pipelines.compute.consumables_specs import CONSUMABLES_SPECS, CONSUMABLES_STAFF_SPECS
from pipelines.compute.contracts_specs import CONTRACTS_SPECS, CONTRACTS_STAFF_SPECS
from pipelines.compute.figures import MONEY_COLUMNS, Computed, Figure
from pipelines.compute.payroll_specs import PAYROLL_SPECS
from pipelines.compute.public import without_sensitive
from pipelines.compute.purchasing_specs import PURCHASING_SPECS
from pipelines.compute.receivables_specs import RECEIVABLES_SPECS
from pipelines.compute.sales_specs import SALES_SPECS
from pipelines.compute.specs import (
    COMPUTED_TITLES,
    MANAGEMENT_SPECS,
    STAFF_SPECS,
    Inputs,
    Spec,
)
from pipelines.compute.supplier_file_specs import SUPPLIER_FILE_SPECS
from pipelines.compute.supplier_payments_specs import SUPPLIER_PAYMENT_SPECS
from pipelines.dataset import Dataset, Table
from pipelines.issues import Issue, Severity, define_issue_type, raise_issue
from pipelines.law import Parameters

COMPUTATION_FAILED = define_issue_type(
    "calcul-en-echec",
    "Calcul en échec",
    "Un calcul d'Agora s'est arrêté sur une erreur interne. Les autres chiffres ont été "
    "calculés et publiés ; la page de ce chiffre affiche un avis à sa place. Signalez-le à "
    "l'équipe qui maintient Agora.",
    Severity.AVERTISSEMENT,
)


def _column_titles(frame: pl.DataFrame, tables: list[Table], spec: Spec) -> dict[str, str]:
    """A French title for each column: the schema's, else the figure's, else the common one."""
    computed = {**COMPUTED_TITLES, **(spec.titles or {})}
    titles = {k: v for k, v in computed.items() if k in frame.columns}
    for table in reversed(tables):  # the first table's title wins
        titles.update({k: v for k, v in table.titles.items() if k in frame.columns})
    return titles


def _failure(spec: Spec, table: Table, error: Exception) -> Issue:
    return raise_issue(
        COMPUTATION_FAILED, table.source(),
        f"le calcul « {spec.title} » a échoué ({type(error).__name__} : {error}) ; "
        "sa page affiche un avis à la place des chiffres",
        figure=spec.name,
    )


def compute_figures(inputs: Inputs, specs: tuple[Spec, ...]
                    ) -> tuple[dict[str, Figure], dict[str, Issue]]:
    """Each figure whose required sheets are present, with the sheets it was made from;
    and, by name, the issue of each figure whose computation failed."""
    figures: dict[str, Figure] = {}
    failures: dict[str, Issue] = {}
    dataset = inputs.dataset
    for spec in specs:
        if not all(resource in dataset for resource in spec.needs):
            continue
        used = [dataset[r] for r in spec.needs + tuple(r for r in spec.uses if r in dataset)]
        try:
            frame = spec.build(inputs)
        except Exception as error:  # noqa: BLE001 (any failure becomes an issue)
            failures[spec.name] = _failure(spec, used[0], error)
            continue
        figures[spec.name] = Figure(
            spec.name, spec.title, frame,
            sources=tuple(table.source() for table in used),
            titles=_column_titles(frame, used, spec),
            money_columns=MONEY_COLUMNS | frozenset(spec.money),
        )
    return figures, failures


def compute_all(dataset: Dataset, parameters: Parameters) -> Computed:
    """Every figure: the staff ones from the non-sensitive view, the others from all."""
    staff, staff_failures = compute_figures(
        Inputs(without_sensitive(dataset), parameters),
        STAFF_SPECS + CONTRACTS_STAFF_SPECS + CONSUMABLES_STAFF_SPECS,
    )
    management, management_failures = compute_figures(
        Inputs(dataset, parameters),
        MANAGEMENT_SPECS + SALES_SPECS + RECEIVABLES_SPECS + PURCHASING_SPECS
        + SUPPLIER_PAYMENT_SPECS
        + SUPPLIER_FILE_SPECS + CONTRACTS_SPECS + CONSUMABLES_SPECS + PAYROLL_SPECS,
    )
    return Computed(
        dataset.as_of, staff, management,
        failures={**staff_failures, **management_failures},
        sources=tuple(table.source() for table in dataset.tables.values()),
    )
