"""The totals of each invoice and credit note of the sales workbook (ventes.xlsx).

`invoice_from_rows` adapts the rows of the sheets Factures and LignesFacture to the legal
core (`invoice_totals.Invoice`); `invoice_totals_frame` gives one row per invoice with its
totals in its own currency and in euros.

How the sheets map to the core:

- Percentages (``remise_pct``, ``rabais_pct``, ``ristourne_pct``, ``taux_tva``,
  ``remise_globale_pct``, ``taux_escompte``) are written in % in the sheets; the core takes
  fractions: each is divided by 100, which is exact in `Decimal`.
- The three line discounts are all percentages, applied one after the other on
  quantity × unit price and rounded once to the cent. They become the successive
  ``remises`` of the line, in the order remise, rabais, ristourne; the core's ``rabais``
  (an amount) stays zero, since the sheet has no discount amount per line.
- ``remise_globale_pct`` (a discount on the whole invoice, per VAT base) is the core's
  ``ristourne``; ``frais_port_ht`` its ``shipping``; ``taux_escompte`` its ``escompte``.
- A VAT rate of 0 % is the fraction 0, not "no VAT": the sheet makes ``taux_tva``
  required, so a line always has a rate.
- A credit note's amounts are positive in the sheets (its type gives the direction): it is
  the core's `credit_note` of the invoice built from its rows, i.e. every quantity and the
  shipping negated.
- Exchange rates are units of the currency for 1 € (ECB convention, ``taux_change`` of the
  invoice, else the last rate of the sheet CoursDeChange known on the invoice date); the
  core's ``eur_rate`` is euros for 1 unit, their reciprocal, which has no finite decimal
  form in general: it is kept to the 28 significant digits of the decimal context. The
  euro totals of the frame do not use it: each is the invoice amount *divided* by the
  ECB rate, rounded once half-up to the cent, so that an exact half cent is never missed
  (0.03 USD at 1.2 USD/€ is 0.025 €, thus 0.03 €; through the reciprocal it would be 0.02 €).

The legal rounding is per invoice (per line, then per VAT base), so the per-invoice step
is a Python loop over invoices; grouping the lines and finding the rates are polars.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal

import polars as pl

from pipelines.compute.invoice_totals import (
    ZERO,
    Invoice,
    InvoiceLine,
    InvoiceTotals,
    credit_note,
    invoice_totals,
    to_cent,
)
from pipelines.dataset import NUMBER_DTYPE, ROW_COLUMN, Dataset

HUNDRED = Decimal(100)
LINE_DISCOUNTS = ("remise_pct", "rabais_pct", "ristourne_pct")
LINE_COLUMNS = ("ligne", "quantite", "prix_unitaire_ht", "taux_tva", *LINE_DISCOUNTS)
REQUIRED_LINE_VALUES = ("quantite", "prix_unitaire_ht", "taux_tva")
CREDIT_NOTE = "avoir"
EURO = "EUR"

TOTAL_COLUMNS = {
    "total_ht": NUMBER_DTYPE,
    "total_tva": NUMBER_DTYPE,
    "total_ttc": NUMBER_DTYPE,
    "taux_change": NUMBER_DTYPE,
    "total_ht_eur": NUMBER_DTYPE,
    "total_tva_eur": NUMBER_DTYPE,
    "total_ttc_eur": NUMBER_DTYPE,
    "escompte_ttc": NUMBER_DTYPE,
}
FRAME_SCHEMA = {
    "numero_facture": pl.String,
    "date_facture": pl.Date,
    "code_client": pl.String,
    "type": pl.String,
    "devise": pl.String,
    **TOTAL_COLUMNS,
    ROW_COLUMN: pl.Int64,
}


def fraction(percent: Decimal | int | str | None) -> Decimal:
    """A percentage of the sheets (20 for 20 %) as a fraction (0.20); empty is 0."""
    return ZERO if percent is None else Decimal(percent) / HUNDRED


def _amount(value: Decimal | int | str | None) -> Decimal:
    return ZERO if value is None else Decimal(value)


def line_from_row(row: Mapping) -> InvoiceLine:
    """One row of LignesFacture: its three percentage discounts become successive remises."""
    return InvoiceLine(
        quantity=Decimal(row["quantite"]),
        unit_price=Decimal(row["prix_unitaire_ht"]),
        vat_rate=fraction(row["taux_tva"]),
        remises=tuple(fraction(row.get(name)) for name in LINE_DISCOUNTS if row.get(name)),
    )


def rate_on(rates: Iterable[Mapping], currency: str, day: date) -> Decimal | None:
    """The last rate of ``currency`` (units for 1 €) known on ``day`` in CoursDeChange rows."""
    known = [
        row for row in rates if row["devise"] == currency and row["date"] <= day and row["taux"]
    ]
    return max(known, key=lambda row: row["date"])["taux"] if known else None


def units_per_euro(facture_row: Mapping, rates: Iterable[Mapping] = ()) -> Decimal | None:
    """The ECB rate of the invoice: its ``taux_change``, else the sheet's rate of its date;
    None for an invoice in euros or without a known rate."""
    if facture_row["devise"] == EURO:
        return None
    rate = facture_row.get("taux_change")
    if rate:
        return Decimal(rate)
    return rate_on(rates, facture_row["devise"], facture_row["date_facture"])


def invoice_from_rows(
    facture_row: Mapping, line_rows: Sequence[Mapping], rates: Iterable[Mapping] = ()
) -> Invoice:
    """The `Invoice` of one row of Factures and its rows of LignesFacture (in the sheet's
    order); ``rates`` are CoursDeChange rows, used when the invoice has no ``taux_change``.
    A credit note comes out negated, as the core expects."""
    units = units_per_euro(facture_row, rates)
    invoice = Invoice(
        lines=tuple(line_from_row(row) for row in line_rows),
        ristourne=fraction(facture_row.get("remise_globale_pct")),
        shipping=_amount(facture_row.get("frais_port_ht")),
        escompte=fraction(facture_row.get("taux_escompte")),
        currency=facture_row["devise"],
        eur_rate=None if units is None else Decimal(1) / units,
    )
    return credit_note(invoice) if facture_row["type"] == CREDIT_NOTE else invoice


def euro_amounts(totals: InvoiceTotals, units: Decimal | None) -> tuple[Decimal, ...] | None:
    """HT, VAT and TTC in euros: HT and VAT each divided by the ECB rate and rounded half-up
    to the cent, TTC their sum (as the core's euro equivalent adds up)."""
    if totals.currency == EURO:
        return totals.total_ht, totals.total_vat, totals.total_ttc
    if not units:
        return None
    ht = to_cent(totals.total_ht / units)
    vat = to_cent(totals.total_vat / units)
    return ht, vat, ht + vat


def is_complete(facture_row: Mapping, line_rows: Sequence[Mapping]) -> bool:
    """Whether every value the totals need is there (validation has already reported a
    missing or mistyped cell): otherwise the invoice's totals are left empty."""
    return all(facture_row.get(name) for name in ("type", "devise", "date_facture")) and all(
        row.get(name) is not None for row in line_rows for name in REQUIRED_LINE_VALUES
    )


def totals_row(facture_row: Mapping, line_rows: Sequence[Mapping]) -> dict:
    """The computed columns of one invoice (``taux_change`` already resolved in the row);
    all empty if the rows are incomplete."""
    if not is_complete(facture_row, line_rows):
        return dict.fromkeys(TOTAL_COLUMNS)
    units = units_per_euro(facture_row)
    totals = invoice_totals(invoice_from_rows(facture_row, line_rows))
    euro = euro_amounts(totals, units) or (None, None, None)
    discount = totals.cash_discount
    return {
        "total_ht": totals.total_ht,
        "total_tva": totals.total_vat,
        "total_ttc": totals.total_ttc,
        "taux_change": units,
        "total_ht_eur": euro[0],
        "total_tva_eur": euro[1],
        "total_ttc_eur": euro[2],
        "escompte_ttc": None
        if discount is None
        else discount.reduction_ht + discount.reduction_vat,
    }


def _with_rates(factures: pl.DataFrame, rates: pl.DataFrame | None) -> pl.DataFrame:
    """Fills an empty ``taux_change`` of a foreign-currency invoice with the last rate of
    CoursDeChange known on its date."""
    if rates is None or rates.is_empty():
        return factures
    known = (
        rates.select(
            pl.col("devise"),
            pl.col("date").alias("date_facture"),
            pl.col("taux").alias("taux_sheet"),
        )
        .drop_nulls()
        .sort("date_facture")
    )
    return (
        factures.sort("date_facture")
        .join_asof(
            known, on="date_facture", by="devise", strategy="backward", check_sortedness=False
        )
        .with_columns(
            pl.when(pl.col("devise") != EURO)
            .then(pl.coalesce("taux_change", "taux_sheet"))
            .alias("taux_change")
        )
        .drop("taux_sheet")
        .sort(ROW_COLUMN)
    )


def _lines_by_invoice(lines: pl.DataFrame) -> dict[str, list[dict]]:
    grouped = (
        lines.sort(ROW_COLUMN)
        .group_by("numero_facture", maintain_order=True)
        .agg(pl.struct(*LINE_COLUMNS).alias("lignes"))
    )
    return dict(zip(grouped["numero_facture"].to_list(), grouped["lignes"].to_list(), strict=True))


def invoice_totals_frame(dataset: Dataset) -> pl.DataFrame:
    """`compute_invoice_totals_frame`, computed once per dataset: the validation rules,
    the receivables and the dashboard all read it."""
    return dataset.derived("invoice_totals", lambda: compute_invoice_totals_frame(dataset))


def compute_invoice_totals_frame(dataset: Dataset) -> pl.DataFrame:
    """One row per invoice and credit note of Factures (in the sheet's order): its totals
    HT, VAT and TTC (negative for a credit note), the same in euros, the escompte TTC and
    the Excel row of the invoice. Needs the sheets Factures and LignesFacture."""
    rates = dataset.frame("cours_change") if "cours_change" in dataset else None
    factures = _with_rates(dataset.frame("factures"), rates)
    lines = _lines_by_invoice(dataset.frame("lignes_facture"))
    computed = [
        totals_row(row, lines.get(row["numero_facture"], []))
        for row in factures.iter_rows(named=True)
    ]
    totals = pl.DataFrame(computed, schema=TOTAL_COLUMNS, orient="row")
    return (
        pl.concat([factures.drop("taux_change"), totals], how="horizontal")
        .select(list(FRAME_SCHEMA))
        .cast(FRAME_SCHEMA)
    )
