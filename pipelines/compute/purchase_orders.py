"""Purchase orders against their receipts (2.1.1): what each order line still awaits,
the late orders, the delivery delay of each supplier, and the price list in force.

- **Received** is the accepted quantity (LignesReception.quantite_acceptee); refused and
  damaged units are **in claim**: the supplier owes a replacement or a credit note, so
  they are not "late" (the three-way match follows the credit note).
- **Still expected** (`still_expected`, the one definition: the open orders here and
  what is « en commande » in the stock's replenishment) = ordered − accepted − refused −
  damaged (never below zero), for an order dated on or before the as-of date that is sent,
  confirmed or partially received, counting the receipts dated on or before the as-of
  date (a receipt line whose receipt is not found counts); a draft is not sent, a
  cancelled order and a received one expect nothing. A damaged or refused unit is not
  expected: it is in claim, the supplier owes a credit note (or a replacement, which
  comes as a new delivery); an order whose only balance is a damaged unit is neither on
  order nor late.
- **Late**: still expected after the expected date (``date_livraison_prevue``) at the
  as-of date: a supplier failure until the goods come.
- **Delivery delay**: each receipt of an order after its expected date, in days; the
  delays of each supplier give its reliability.
- **Price list in force** (Tarifs) for an order line: the supplier's row for the item, valid
  on the order date (``date_debut`` ≤ date ≤ ``date_fin`` or open), at the largest
  quantity break not above the ordered quantity.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from pipelines.compute.invoice_totals import net_amount
from pipelines.dataset import NUMBER_DTYPE, ROW_COLUMN, Dataset

OPEN_STATUSES = ("envoyée", "confirmée", "partiellement reçue")
DRAFT, CANCELLED, RECEIVED, PARTIAL = "brouillon", "annulée", "reçue", "partiellement reçue"
ZERO = pl.lit(0).cast(NUMBER_DTYPE)


def _received(receipt_lines: pl.DataFrame, receipts: pl.DataFrame | None,
              as_of: date | None) -> pl.DataFrame:
    """Per order line: delivered, accepted and in-claim quantities, the receipts (numbers,
    first and last dates); only the receipts dated on or before `as_of` when given."""
    lines = receipt_lines
    if receipts is not None:
        dates = receipts.select("numero_reception", "date_reception").unique(
            "numero_reception", keep="first")
        lines = lines.join(dates, on="numero_reception", how="left")
    else:
        lines = lines.with_columns(pl.lit(None, pl.Date).alias("date_reception"))
    if as_of is not None:
        lines = lines.filter(pl.col("date_reception").is_null()
                             | (pl.col("date_reception") <= as_of))
    return (
        lines.group_by("numero_commande", "ligne_commande")
        .agg(
            pl.col("quantite_livree").fill_null(0).sum().alias("quantite_livree"),
            pl.col("quantite_acceptee").fill_null(0).sum().alias("quantite_recue"),
            (pl.col("quantite_refusee").fill_null(0) + pl.col("quantite_endommagee").fill_null(0))
            .sum().alias("quantite_en_reclamation"),
            pl.col("numero_reception").unique(maintain_order=True).sort().str.join(", ")
            .alias("receptions"),
            pl.col("date_reception").min().alias("premiere_reception"),
            pl.col("date_reception").max().alias("derniere_reception"),
        )
        .rename({"ligne_commande": "ligne"})
    )


def receipts_by_order_line(dataset: Dataset) -> pl.DataFrame:
    """Per order line: delivered, accepted and in-claim quantities, the receipts (numbers,
    first and last dates), whatever their dates."""
    return _received(dataset.frame("lignes_reception"), dataset.frame("receptions"), None)


def _frame(dataset: Dataset, name: str) -> pl.DataFrame | None:
    return dataset.frame(name) if name in dataset else None


RECEIPT_COLUMNS = {"quantite_livree": NUMBER_DTYPE, "quantite_recue": NUMBER_DTYPE,
                   "quantite_en_reclamation": NUMBER_DTYPE, "receptions": pl.String,
                   "premiere_reception": pl.Date, "derniere_reception": pl.Date}


def still_expected_quantity() -> pl.Expr:
    """ordered − accepted − refused − damaged, never below zero, for an open order (on a
    frame with statut, quantite, quantite_recue and quantite_en_reclamation)."""
    rest = pl.col("quantite") - pl.col("quantite_recue") - pl.col("quantite_en_reclamation")
    return (pl.when(pl.col("statut").is_in(OPEN_STATUSES) & (rest > 0)).then(rest)
            .otherwise(ZERO).cast(NUMBER_DTYPE))


def lines_with_receipts(orders: pl.DataFrame | None, lines: pl.DataFrame | None,
                        receipts: pl.DataFrame | None, receipt_lines: pl.DataFrame | None,
                        as_of: date | None = None) -> pl.DataFrame:
    """Every order line (of an order dated on or before `as_of` when given) with its
    order's header, what it received (receipts on or before `as_of`) and ``reste_attendu``,
    what is still expected (see the module docstring)."""
    header_schema = {"numero_commande": pl.String, "date_commande": pl.Date,
                     "code_fournisseur": pl.String, "date_livraison_prevue": pl.Date,
                     "statut": pl.String, "devise": pl.String, "_ligne_commande": pl.Int64}
    if orders is None or lines is None:
        return pl.DataFrame(schema={
            "numero_commande": pl.String, "ligne": pl.Int64, "reference": pl.String,
            "code_consommable": pl.String, "designation": pl.String,
            "quantite": NUMBER_DTYPE, "prix_unitaire_ht": NUMBER_DTYPE,
            "remise_pct": NUMBER_DTYPE, ROW_COLUMN: pl.Int64, **header_schema,
            **RECEIPT_COLUMNS, "reste_attendu": NUMBER_DTYPE})
    headers = orders.select(
        "numero_commande", "date_commande", "code_fournisseur", "date_livraison_prevue",
        "statut", "devise", pl.col(ROW_COLUMN).alias("_ligne_commande"))
    if as_of is None:
        joined = lines.join(headers, on="numero_commande", how="left")
    else:
        headers = headers.filter(pl.col("date_commande") <= as_of).unique(
            "numero_commande", keep="first", maintain_order=True)
        joined = lines.join(headers, on="numero_commande", how="inner")
    if receipt_lines is not None:
        joined = joined.join(_received(receipt_lines, receipts, as_of),
                             on=["numero_commande", "ligne"], how="left")
    else:
        joined = joined.with_columns(pl.lit(None, dtype).alias(name)
                                     for name, dtype in RECEIPT_COLUMNS.items())
    return (joined.with_columns(
                pl.col("quantite_livree", "quantite_recue", "quantite_en_reclamation")
                .fill_null(ZERO))
            .with_columns(still_expected_quantity().alias("reste_attendu")))


def order_lines(dataset: Dataset) -> pl.DataFrame:
    """Every order line with its order's header and what it received, one row each, all
    receipts whatever their date: quantite (ordered), quantite_recue,
    quantite_en_reclamation, reste_attendu."""
    return dataset.derived(("achats", "lignes_commande"), lambda: lines_with_receipts(
        _frame(dataset, "commandes_achat"), _frame(dataset, "lignes_commande_achat"),
        _frame(dataset, "receptions"), _frame(dataset, "lignes_reception")))


def still_expected(orders: pl.DataFrame | None, lines: pl.DataFrame | None,
                   receipts: pl.DataFrame | None, receipt_lines: pl.DataFrame | None,
                   as_of: date) -> pl.DataFrame:
    """The order lines still expected on `as_of` (``reste_attendu`` > 0): the one
    definition of what is on order (see the module docstring)."""
    return lines_with_receipts(orders, lines, receipts, receipt_lines, as_of).filter(
        pl.col("reste_attendu") > 0)


def _value(frame: pl.DataFrame, quantity: str) -> list:
    """quantity × price × (1 − discount), half-up to the cent, per row (exact Decimals)."""
    return [
        None if q is None or p is None else net_amount(q, p, r)
        for q, p, r in zip(frame[quantity], frame["prix_unitaire_ht"], frame["remise_pct"],
                           strict=True)
    ]


def open_order_lines(dataset: Dataset, as_of: date) -> pl.DataFrame:
    """The lines still expected on the as-of date (`still_expected`), with their value HT
    in the order's currency, whether they are late and by how many days."""
    lines = dataset.derived(("achats", "attendu", as_of), lambda: still_expected(
        _frame(dataset, "commandes_achat"), _frame(dataset, "lignes_commande_achat"),
        _frame(dataset, "receptions"), _frame(dataset, "lignes_reception"), as_of))
    late = pl.col("date_livraison_prevue") < as_of
    lines = lines.with_columns(
        pl.Series("valeur_reste_ht", _value(lines, "reste_attendu"), NUMBER_DTYPE),
        late.fill_null(False).alias("en_retard"),
        pl.when(late).then((pl.lit(as_of) - pl.col("date_livraison_prevue")).dt.total_days())
        .otherwise(None).alias("jours_de_retard"),
    )
    return lines.select(
        "numero_commande", "ligne", "code_fournisseur", "date_commande",
        "date_livraison_prevue", "statut", "reference", "code_consommable", "designation",
        "quantite", "quantite_recue", "quantite_en_reclamation", "reste_attendu",
        "valeur_reste_ht", "devise", "receptions", "en_retard", "jours_de_retard",
        "_ligne_commande", ROW_COLUMN,
    ).sort("date_livraison_prevue", "numero_commande", "ligne", nulls_last=True)


def late_orders(dataset: Dataset, as_of: date) -> pl.DataFrame:
    """One row per order still expected after its expected date (a supplier failure)."""
    lines = open_order_lines(dataset, as_of).filter(pl.col("en_retard"))
    return (
        lines.group_by("numero_commande", maintain_order=True)
        .agg(pl.col("code_fournisseur", "date_commande", "date_livraison_prevue", "statut",
                    "devise", "jours_de_retard", "_ligne_commande").first(),
             pl.len().alias("lignes"), pl.col("valeur_reste_ht").sum())
        .rename({"_ligne_commande": ROW_COLUMN})
    )


def receipt_delays(dataset: Dataset) -> pl.DataFrame:
    """One row per receipt of an order line: its order's expected date and the delay in
    days (0 when on time or early)."""
    lines = dataset.frame("lignes_reception").select("numero_reception", "numero_commande")
    headers = dataset.frame("receptions").select("numero_reception", "date_reception")
    orders = dataset.frame("commandes_achat").select(
        "numero_commande", "code_fournisseur", "date_livraison_prevue")
    delay = (pl.col("date_reception") - pl.col("date_livraison_prevue")).dt.total_days()
    return (
        lines.unique(maintain_order=True).join(headers, on="numero_reception", how="left")
        .join(orders, on="numero_commande", how="left")
        .with_columns(pl.when(delay > 0).then(delay).otherwise(0).alias("jours_de_retard"))
    )


def delays_by_supplier(dataset: Dataset) -> pl.DataFrame:
    """Per supplier: receipts, receipts after the expected date, mean and longest delay
    in days of the late ones."""
    delays = receipt_delays(dataset).filter(pl.col("date_livraison_prevue").is_not_null())
    late = pl.col("jours_de_retard") > 0
    return (
        delays.group_by("code_fournisseur")
        .agg(pl.len().alias("receptions"), late.sum().alias("receptions_en_retard"),
             pl.col("jours_de_retard").filter(late).mean().round(1).alias("retard_moyen_jours"),
             pl.col("jours_de_retard").max().alias("retard_maximal_jours"))
        .with_columns(pl.col("receptions_en_retard").cast(pl.Int64))
        .sort("receptions_en_retard", "code_fournisseur", descending=[True, False])
    )


def price_list_in_force(dataset: Dataset) -> pl.DataFrame:
    """For each order line of a stock item: the price-list row of its order's supplier,
    valid on the order date, at the largest break not above the ordered quantity
    (columns prix_tarif, remise_tarif, devise_tarif, quantite_minimale, ligne_tarif)."""
    def build() -> pl.DataFrame:
        lines = order_lines(dataset).filter(pl.col("reference").is_not_null()).select(
            "numero_commande", "ligne", "code_fournisseur", "reference", "date_commande",
            "quantite")
        if "tarifs" not in dataset:
            return lines.head(0)
        prices = dataset.frame("tarifs").select(
            "code_fournisseur", "reference", "quantite_minimale",
            pl.col("prix_unitaire_ht").alias("prix_tarif"),
            pl.col("remise_pct").fill_null(ZERO).alias("remise_tarif"),
            pl.col("devise").alias("devise_tarif"), "date_debut", "date_fin",
            pl.col(ROW_COLUMN).alias("ligne_tarif"))
        matched = lines.join(prices, on=["code_fournisseur", "reference"], how="inner").filter(
            (pl.col("date_debut") <= pl.col("date_commande"))
            & (pl.col("date_fin").is_null() | (pl.col("date_fin") >= pl.col("date_commande")))
            & (pl.col("quantite_minimale") <= pl.col("quantite")))
        return (matched.sort("quantite_minimale", "date_debut", descending=True)
                .unique(["numero_commande", "ligne"], keep="first", maintain_order=True)
                .drop("date_debut", "date_fin", "quantite", "date_commande"))
    return dataset.derived(("achats", "tarif_en_vigueur"), build)
