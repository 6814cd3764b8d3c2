"""The totals of each supplier invoice and credit note (achats.xlsx), exact to the cent.

The purchasing counterpart of `sales_invoices.invoice_totals_frame`: the rows of the
sheets FacturesFournisseurs and LignesFactureFournisseur go through the same legal core
(`invoice_totals`): each line's net HT is quantity × unit price × (1 − discount), rounded
half-up to the cent, then the HT base and the VAT of each rate, VAT rounded once per
rate. What differs is who pays the VAT, by the invoice's VAT case (``cas_tva``):

- « France »: the supplier charges French VAT; the invoice's TTC is HT + that VAT, and
  that VAT is deductible (CGI art. 271).
- « acquisition intracommunautaire »: the supplier charges no VAT; the organisation
  self-assesses it (autoliquidation, CGI art. 256 bis and 283-2): VAT due and deductible
  at once, on the HT base of each rate in euros, at the rate of the line (the rate of the
  same goods in France).
- « importation »: the supplier charges no VAT; the import VAT is the one on the customs
  declaration (``tva_importation``, in euros), else the VAT of each rate on the HT base in
  euros (CGI art. 1695: import VAT self-assessed on the return). The real customs value
  also holds transport and duties: the declaration's figure wins when it is there.
- « sans TVA »: no VAT at all (a supplier under the franchise, an exempt operation).

**Deductible VAT** (``tva_deductible_eur``): the VAT charged, self-assessed or paid at
import. Without the invoice (``justificatif`` empty, a lost original) the VAT it
carries, charged by the supplier or self-assessed on an intra-EU acquisition, is not
deductible (CGI art. 271 II-1 a: the deduction needs the invoice): it is held back in
``tva_non_deductible_sans_facture_eur`` until the original or a duplicate is filed. The
import VAT is deducted on the customs declaration, not the supplier's invoice: it stays
deductible.

A credit note comes out negative (the core's `credit_note`). Foreign-currency amounts go
to euros by dividing by ``taux_change`` (units of the currency for 1 €, the ECB
convention), half-up to the cent, exactly as for the sales invoices
(`sales_invoices.euro_amounts`).

The legal rounding is per invoice, so the per-invoice step is a Python loop; the line
nets it gives are kept (`supplier_invoice_lines`) for the three-way match.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

import polars as pl

from pipelines.compute.invoice_totals import (
    ZERO,
    Invoice,
    credit_note,
    invoice_totals,
    to_cent,
)
from pipelines.compute.sales_invoices import line_from_row
from pipelines.dataset import NUMBER_DTYPE, ROW_COLUMN, Dataset

EURO = "EUR"
CREDIT_NOTE = "avoir"
FRANCE, INTRA_EU, IMPORT, NO_VAT = (
    "France", "acquisition intracommunautaire", "importation", "sans TVA")
TOLERANCE = Decimal("0.01")  # a printed total more than one cent away is an anomaly
LINE_COLUMNS = ("ligne", "quantite", "prix_unitaire_ht", "remise_pct", "taux_tva")
REQUIRED_LINE_VALUES = ("quantite", "prix_unitaire_ht", "taux_tva")

TOTAL_COLUMNS = {
    "total_ht": NUMBER_DTYPE,
    "tva_facturee": NUMBER_DTYPE,
    "total_ttc": NUMBER_DTYPE,
    "total_ttc_imprime": NUMBER_DTYPE,
    "ecart_ttc": NUMBER_DTYPE,
    "total_ht_eur": NUMBER_DTYPE,
    "tva_facturee_eur": NUMBER_DTYPE,
    "total_ttc_eur": NUMBER_DTYPE,
    "tva_autoliquidee_eur": NUMBER_DTYPE,
    "tva_importation_eur": NUMBER_DTYPE,
    "tva_deductible_eur": NUMBER_DTYPE,
    "tva_non_deductible_sans_facture_eur": NUMBER_DTYPE,
}
FRAME_SCHEMA = {
    "numero_piece": pl.String,
    "type": pl.String,
    "code_fournisseur": pl.String,
    "numero_fournisseur": pl.String,
    "date_facture": pl.Date,
    "date_echeance": pl.Date,
    "numero_commande": pl.String,
    "cas_tva": pl.String,
    "devise": pl.String,
    "taux_change": NUMBER_DTYPE,
    **TOTAL_COLUMNS,
    "justificatif": pl.String,
    "statut": pl.String,
    ROW_COLUMN: pl.Int64,
}
LINE_SCHEMA = {"numero_piece": pl.String, "ligne": pl.Int64, "montant_ht": NUMBER_DTYPE}


def _units(row: Mapping) -> Decimal | None:
    """Units of the invoice's currency for 1 € (None for euros or an unknown rate)."""
    if row["devise"] == EURO:
        return Decimal(1)
    rate = row.get("taux_change")
    return Decimal(rate) if rate else None


def supplier_invoice(row: Mapping, line_rows: Sequence[Mapping]) -> Invoice:
    """The core `Invoice` of one supplier invoice (negated for a credit note)."""
    invoice = Invoice(lines=tuple(line_from_row(line) for line in line_rows),
                      currency=row["devise"])
    return credit_note(invoice) if row["type"] == CREDIT_NOTE else invoice


def _euros(amount: Decimal, units: Decimal) -> Decimal:
    return amount if units == 1 else to_cent(amount / units)


def _self_assessed(totals, units: Decimal) -> Decimal:
    """VAT of each rate on its HT base in euros, rounded per rate."""
    return sum((to_cent(_euros(base.base, units) * base.rate)
                for base in totals.vat_bases if base.rate is not None), ZERO)


def totals_row(row: Mapping, line_rows: Sequence[Mapping]) -> dict:
    """The computed columns of one supplier invoice; empty when a value is missing (the
    validation has reported it) or the rate of a foreign currency is unknown."""
    complete = all(row.get(name) for name in ("type", "devise", "cas_tva")) and all(
        line.get(name) is not None for line in line_rows for name in REQUIRED_LINE_VALUES)
    empty = dict.fromkeys(TOTAL_COLUMNS)
    if not complete:
        return empty
    totals = invoice_totals(supplier_invoice(row, line_rows))
    case = row["cas_tva"]
    charged = totals.total_vat if case == FRANCE else ZERO
    sign = -1 if row["type"] == CREDIT_NOTE else 1
    printed = None if row.get("total_ttc") is None else Decimal(row["total_ttc"]) * sign
    ttc = totals.total_ht + charged
    result = {**empty, "total_ht": totals.total_ht, "tva_facturee": charged,
              "total_ttc": ttc, "total_ttc_imprime": printed,
              "ecart_ttc": None if printed is None else printed - ttc}
    units = _units(row)
    if units is None:
        return result
    ht_eur, vat_eur = _euros(totals.total_ht, units), _euros(charged, units)
    self_assessed = _self_assessed(totals, units) if case == INTRA_EU else ZERO
    if case == IMPORT:
        declared = row.get("tva_importation")
        if declared is not None:
            import_vat = Decimal(declared) * sign
        else:
            import_vat = ZERO if sign < 0 else _self_assessed(totals, units)
    else:
        import_vat = ZERO
    held_back = ZERO if row.get("justificatif") else vat_eur + self_assessed
    return {**result, "total_ht_eur": ht_eur, "tva_facturee_eur": vat_eur,
            "total_ttc_eur": ht_eur + vat_eur, "tva_autoliquidee_eur": self_assessed,
            "tva_importation_eur": import_vat,
            "tva_deductible_eur": vat_eur + self_assessed + import_vat - held_back,
            "tva_non_deductible_sans_facture_eur": held_back}


def _lines_by_invoice(lines: pl.DataFrame) -> dict[str, list[dict]]:
    grouped = (lines.sort(ROW_COLUMN).group_by("numero_piece", maintain_order=True)
               .agg(pl.struct(*LINE_COLUMNS).alias("lignes")))
    return dict(zip(grouped["numero_piece"].to_list(), grouped["lignes"].to_list(), strict=True))


def _compute(dataset: Dataset) -> tuple[pl.DataFrame, pl.DataFrame]:
    headers = dataset.frame("factures_fournisseurs")
    lines = _lines_by_invoice(dataset.frame("lignes_facture_fournisseur"))
    computed, nets = [], []
    for row in headers.iter_rows(named=True):
        rows = lines.get(row["numero_piece"], [])
        computed.append(totals_row(row, rows))
        for line in rows:
            if all(line.get(name) is not None for name in REQUIRED_LINE_VALUES):
                net = invoice_totals(Invoice(lines=(line_from_row(line),))).line_amounts[0]
                nets.append((row["numero_piece"], line["ligne"], net))
    totals = pl.DataFrame(computed, schema=TOTAL_COLUMNS, orient="row")
    frame = (pl.concat([headers.drop("total_ttc"), totals], how="horizontal")
             .select(list(FRAME_SCHEMA)).cast(FRAME_SCHEMA))
    return frame, pl.DataFrame(nets, schema=LINE_SCHEMA, orient="row")


def _shared(dataset: Dataset) -> tuple[pl.DataFrame, pl.DataFrame]:
    return dataset.derived("supplier_invoice_totals", lambda: _compute(dataset))


def supplier_invoice_totals(dataset: Dataset) -> pl.DataFrame:
    """One row per supplier invoice and credit note (in the sheet's order): HT, the VAT the
    supplier charges, TTC (negative for a credit note), the printed TTC and the difference,
    the same in euros, the self-assessed VAT (intra-EU acquisition), the import VAT, the
    deductible VAT in euros and the VAT held back for want of the invoice, and the Excel
    row. Needs FacturesFournisseurs and
    LignesFactureFournisseur; computed once per dataset."""
    return _shared(dataset)[0]


def supplier_invoice_lines(dataset: Dataset) -> pl.DataFrame:
    """The net HT of each supplier invoice line (positive, in the invoice's currency)."""
    return _shared(dataset)[1]


def total_mismatches(totals: pl.DataFrame) -> pl.DataFrame:
    """The invoices whose printed TTC is more than one cent away from their lines."""
    return totals.filter(pl.col("ecart_ttc").abs() > TOLERANCE)

