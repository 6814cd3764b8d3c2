"""The due lines of each invoice: its own due date, or the instalments of its plan.

An invoice without a plan is due at once on its ``date_echeance`` (on its date when the
due date is empty). An invoice with rows in « Echeanciers » is due by instalments, each
on its date; when the plan adds up to less than the invoice, the rest is due on the
invoice's own due date, and when it adds up to more, the last instalments are cut down
to the invoice (a plan that does not add up is reported by the validation rules).

What has been settled (payments, accepted escompte, credit notes: ``total_ttc −
reste_du``) is allocated to the due lines in due-date order, so that for each line:
``du`` (what this line asks, in the invoice's currency), ``paye``, ``reste = du − paye``,
and, as of the date, ``jours_retard`` (days since its date, when something remains).
``reste_eur`` is the line's rest in euros at the invoice's rate, the rounding residual on
the invoice's last open line, so that the lines of an invoice add up to its
``reste_du_eur`` exactly.

Columns of `due_lines`: numero_facture, code_client, devise, echeance (the rank in the
plan; null for the invoice's own due date), date_echeance, montant (the plan row's
amount, or the invoice's TTC), du, paye, reste, reste_eur, en_retard, jours_retard,
_ligne (the row of Echeanciers; null for a line that is not a plan row).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from pipelines.compute.money import zero
from pipelines.compute.payments import euros
from pipelines.dataset import NUMBER_DTYPE, ROW_COLUMN

LINE_COLUMNS = ("numero_facture", "echeance", "date_echeance", "montant", ROW_COLUMN)


def plan_rows(plans: pl.DataFrame | None, invoices: pl.DataFrame) -> pl.DataFrame:
    """The usable rows of Echeanciers (number, date and amount given) of known invoices."""
    schema = {"numero_facture": pl.String, "echeance": pl.Int64, "date_echeance": pl.Date,
              "montant": NUMBER_DTYPE, ROW_COLUMN: pl.Int64}
    if plans is None:
        return pl.DataFrame(schema=schema)
    return (
        plans.filter(pl.col("numero_facture").is_not_null() & pl.col("date_echeance").is_not_null()
                     & pl.col("montant").is_not_null())
        .join(invoices.select("numero_facture"), on="numero_facture", how="semi")
        .select(*LINE_COLUMNS)
        .cast(schema)
    )


def _clip(value: pl.Expr, upper: pl.Expr) -> pl.Expr:
    """min(max(value, 0), upper)."""
    return (pl.when(value <= 0).then(zero())
            .when(value >= upper).then(upper).otherwise(value))


def due_lines(invoices: pl.DataFrame, plans: pl.DataFrame | None, as_of: date) -> pl.DataFrame:
    """The due lines of the invoices of `payments.Settlements.invoices` (see the module
    docstring), sorted by invoice row and date."""
    invoices = invoices.filter(pl.col("total_ttc").is_not_null())
    rows = plan_rows(plans, invoices)
    planned = rows.group_by("numero_facture").agg(
        _prevu=pl.col("montant").sum(), _derniere=pl.col("date_echeance").max())
    heads = invoices.select(
        "numero_facture", "code_client", "devise", "taux", "total_ttc", "reste_du",
        "reste_du_eur", pl.coalesce("date_echeance", "date_facture").alias("_echeance"),
        pl.col(ROW_COLUMN).alias("_ligne_facture"),
    ).join(planned, on="numero_facture", how="left")
    own = heads.filter(pl.col("_prevu").is_null()).select(
        "numero_facture", pl.lit(None, dtype=pl.Int64).alias("echeance"),
        pl.col("_echeance").alias("date_echeance"), pl.col("total_ttc").alias("montant"),
        pl.lit(None, dtype=pl.Int64).alias(ROW_COLUMN),
    )
    remainder = heads.filter(pl.col("total_ttc") > pl.col("_prevu")).select(
        "numero_facture", pl.lit(None, dtype=pl.Int64).alias("echeance"),
        pl.coalesce("_echeance", "_derniere").alias("date_echeance"),
        (pl.col("total_ttc") - pl.col("_prevu")).alias("montant"),
        pl.lit(None, dtype=pl.Int64).alias(ROW_COLUMN),
    )
    lines = (
        pl.concat([rows, own.cast(rows.schema), remainder.cast(rows.schema)])
        .join(heads.drop("_prevu", "_derniere", "_echeance"), on="numero_facture")
        .sort("_ligne_facture", "date_echeance", "echeance", ROW_COLUMN, nulls_last=True)
    )
    by_invoice = "numero_facture"
    lines = lines.with_columns(
        du=_clip(pl.col("total_ttc") - (pl.col("montant").cum_sum() - pl.col("montant"))
                 .over(by_invoice), pl.col("montant")),
    ).with_columns(
        paye=_clip((pl.col("total_ttc") - pl.col("reste_du"))
                   - (pl.col("du").cum_sum() - pl.col("du")).over(by_invoice), pl.col("du")),
    ).with_columns(reste=pl.col("du") - pl.col("paye"))
    return _in_euros(lines, as_of).select(
        "numero_facture", "code_client", "devise", "echeance", "date_echeance", "montant",
        "du", "paye", "reste", "reste_eur", "en_retard", "jours_retard", ROW_COLUMN,
    )


def _in_euros(lines: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """Each line's rest in euros, adding up to the invoice's ``reste_du_eur``; its delay."""
    open_line = pl.col("reste") > 0
    last_open = open_line & (
        pl.int_range(pl.len()).over("numero_facture")
        == pl.int_range(pl.len()).filter(open_line).last().over("numero_facture"))
    days = (pl.lit(as_of) - pl.col("date_echeance")).dt.total_days()
    lines = lines.with_columns(_brut=euros(pl.col("reste"), pl.col("taux")))
    lines = lines.with_columns(
        reste_eur=pl.when(last_open).then(
            pl.col("_brut") + pl.col("reste_du_eur")
            - pl.col("_brut").filter(open_line).sum().over("numero_facture"))
        .when(open_line).then(pl.col("_brut")).otherwise(zero()),
        en_retard=open_line & (days > 0),
        jours_retard=pl.when(open_line & (days > 0)).then(days).otherwise(0),
    )
    return lines.drop("_brut")
