"""The three-way match of each supplier invoice line (2.1.2): order ↔ receipts ↔ invoice.

Each invoice line cites its order line (LignesFactureFournisseur.numero_commande,
ligne_commande). For that order line:

- **quantity**: what all the invoices of the order line bill, net of the credit notes,
  must not exceed the accepted quantity (LignesReception) by more than
  ``tolerance_quantite_pct`` (Reglages). The invoices are taken in date order: the line
  that takes the cumulated quantity above the accepted one carries the difference.
  When the excess is covered by refused or damaged units, the supplier owes a credit
  note (« avoir attendu »), otherwise it is a quantity billed but never received;
- **price**: the unit price billed must not exceed the order's by more than
  ``tolerance_prix_pct``; a price in line with the order but above the price list in
  force on the order date (Tarifs, at the ordered quantity's break) is an overcharge
  too (the order itself was wrong);
- **discount**: the discount of the order, or the one the price list grants at that
  break, whichever is larger, must be on the invoice;
- **no order, no receipt**: an invoice line with an order line that received nothing is
  billed without a receipt; a line without an order line, on an invoice that cites an
  order elsewhere, is billed without an order (an invoice that cites no order at all is a
  subscription or a fee, out of the match);
- **receipt never invoiced**: accepted units not billed by any invoice 30 days after
  their receipt (`UNINVOICED_AFTER_DAYS`: suppliers invoice within the month, so the last
  receipts of the period are not flagged).

`invoice_discrepancies` gives one row per difference, with the amount at stake in the
invoice's currency (HT, positive): the list to send to the manager and the base of the
complaint letter. Every amount is a Decimal rounded half-up to the cent.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import polars as pl

from pipelines.compute import purchase_orders
from pipelines.compute.invoice_totals import to_cent
from pipelines.compute.purchase_invoices import supplier_invoice_lines
from pipelines.dataset import NUMBER_DTYPE, ROW_COLUMN, Dataset
from pipelines.french import money, number, short_date
from pipelines.settings import setting

UNINVOICED_AFTER_DAYS = 30
HUNDRED = Decimal(100)
INVOICE, CREDIT_NOTE = "facture", "avoir"

QUANTITY = "quantité facturée au-delà de la quantité reçue"
CREDIT_EXPECTED = "avoir attendu : quantité refusée ou endommagée facturée"
ORDER_PRICE = "prix au-dessus de la commande"
LIST_PRICE = "prix au-dessus du tarif"
DISCOUNT = "remise non appliquée"
NO_RECEIPT = "facture sans réception"
NO_ORDER = "sans commande"
NATURES = (QUANTITY, CREDIT_EXPECTED, ORDER_PRICE, LIST_PRICE, DISCOUNT, NO_RECEIPT, NO_ORDER)

DISCREPANCY_SCHEMA = {
    "numero_piece": pl.String, "ligne": pl.Int64, "code_fournisseur": pl.String,
    "raison_sociale": pl.String, "numero_fournisseur": pl.String, "date_facture": pl.Date,
    "numero_commande": pl.String, "ligne_commande": pl.Int64, "designation": pl.String,
    "nature": pl.String, "attendu": pl.String, "facture": pl.String,
    "montant_ecart_ht": NUMBER_DTYPE, "devise": pl.String, "receptions": pl.String,
    "statut": pl.String, "detail": pl.String, ROW_COLUMN: pl.Int64,
}
NEEDS = ("factures_fournisseurs", "lignes_facture_fournisseur", "commandes_achat",
         "lignes_commande_achat", "receptions", "lignes_reception")


def _pct(value) -> Decimal:
    return Decimal(0) if value is None else Decimal(value)


def _net(quantity, price, discount) -> Decimal:
    return to_cent(Decimal(quantity) * Decimal(price) * (HUNDRED - _pct(discount)) / HUNDRED)


def matched_lines(dataset: Dataset) -> pl.DataFrame:
    """Every supplier invoice line with its header, net HT, order line, receipts, the
    cumulated quantity billed on its order line (net of credit notes) after it and in
    all, and the price list in force."""
    def build() -> pl.DataFrame:
        headers = dataset.frame("factures_fournisseurs").select(
            "numero_piece", "type", "code_fournisseur", "numero_fournisseur", "date_facture",
            "devise", "statut", pl.col("numero_commande").alias("commande_piece"))
        lines = (dataset.frame("lignes_facture_fournisseur")
                 .join(headers, on="numero_piece", how="left")
                 .join(supplier_invoice_lines(dataset), on=["numero_piece", "ligne"],
                       how="left"))
        ordered = purchase_orders.order_lines(dataset).select(
            "numero_commande", pl.col("ligne").alias("ligne_commande"), "reference",
            pl.col("code_fournisseur").alias("fournisseur_commande"),
            pl.col("quantite").alias("quantite_commandee"),
            pl.col("prix_unitaire_ht").alias("prix_commande"),
            pl.col("remise_pct").alias("remise_commande"),
            pl.col("devise").alias("devise_commande"), "quantite_recue",
            "quantite_en_reclamation", "receptions", pl.col("_ligne").alias("_ligne_lc"))
        prices = purchase_orders.price_list_in_force(dataset)
        if prices.height:
            prices = prices.select(
                "numero_commande", pl.col("ligne").alias("ligne_commande"), "prix_tarif",
                "remise_tarif", "devise_tarif", "quantite_minimale", "ligne_tarif")
        else:
            prices = pl.DataFrame(schema={
                "numero_commande": pl.String, "ligne_commande": pl.Int64,
                "prix_tarif": NUMBER_DTYPE, "remise_tarif": NUMBER_DTYPE,
                "devise_tarif": pl.String, "quantite_minimale": NUMBER_DTYPE,
                "ligne_tarif": pl.Int64})
        signed = pl.when(pl.col("type") == CREDIT_NOTE).then(-pl.col("quantite")) \
            .otherwise(pl.col("quantite"))
        key = ["numero_commande", "ligne_commande"]
        return (
            lines.join(ordered, on=key, how="left").join(prices, on=key, how="left")
            .sort("date_facture", "numero_piece", "ligne")
            .with_columns(signed.alias("quantite_signee"))
            .with_columns(
                pl.col("quantite_signee").cum_sum().over(key).alias("cumul_facture"),
                pl.col("quantite_signee").sum().over(key).alias("total_facture"),
                pl.col("commande_piece").is_not_null().any().over("numero_piece")
                .alias("piece_avec_commande"),
                pl.col("numero_commande").is_not_null().any().over("numero_piece")
                .alias("lignes_avec_commande"))
            .sort(ROW_COLUMN)
        )
    return dataset.derived(("achats", "rapprochement"), build)


def _suppliers(dataset: Dataset) -> dict[str, str]:
    if "fournisseurs" not in dataset:
        return {}
    frame = dataset.frame("fournisseurs")
    return dict(zip(frame["code_fournisseur"], frame["raison_sociale"], strict=True))


def _q(value) -> str:
    return number(value)


def _discrepancies(row: dict, quantity_tolerance: Decimal, price_tolerance: Decimal) -> list:
    """The differences of one invoice line, as (nature, expected, billed, amount, detail)."""
    found = []
    currency = row["devise"]
    net = row["montant_ht"]
    order = f"commande {row['numero_commande']} ligne {row['ligne_commande']}"
    if row["numero_commande"] is None or row["ligne_commande"] is None:
        if row["piece_avec_commande"] or row["lignes_avec_commande"]:
            found.append((NO_ORDER, "une ligne de la commande de la facture",
                          f"{_q(row['quantite'])} × {money(row['prix_unitaire_ht'], currency)}",
                          net, "ligne facturée hors de toute ligne de commande"))
        return found
    if row["quantite_commandee"] is None:
        return found  # an unknown order line: the foreign key reports it
    received = row["quantite_recue"] or Decimal(0)
    receipts = row["receptions"] or "aucune"
    if received == 0:
        found.append((NO_RECEIPT, "une réception avant la facture",
                      f"{_q(row['quantite'])} facturé(s), rien de reçu", net,
                      f"{order} : {_q(row['quantite_commandee'])} commandé(s), aucune "
                      "quantité acceptée à la réception"))
    else:
        allowed = received * (HUNDRED + quantity_tolerance) / HUNDRED
        if row["total_facture"] > allowed and row["cumul_facture"] > allowed:
            excess = min(Decimal(row["quantite"]), row["cumul_facture"] - received)
            claim = row["quantite_en_reclamation"] or Decimal(0)
            nature = CREDIT_EXPECTED if 0 < excess <= claim else QUANTITY
            amount = _net(excess, row["prix_unitaire_ht"], row["remise_pct"])
            found.append((nature, f"{_q(received)} reçu(s) et accepté(s)",
                          f"{_q(row['cumul_facture'])} facturé(s) en cumul",
                          amount,
                          f"{order} : {_q(row['quantite_commandee'])} commandé(s) ; "
                          f"réception {receipts} : {_q(received)} accepté(s)"
                          + (f", {_q(claim)} refusé(s) ou endommagé(s)" if claim else "")
                          + f" ; {_q(excess)} facturé(s) en trop"))
    same_currency = row["devise_commande"] == currency
    price = Decimal(row["prix_unitaire_ht"])
    ordered_price = row["prix_commande"]
    if same_currency and ordered_price is not None and \
            price > ordered_price * (HUNDRED + price_tolerance) / HUNDRED:
        amount = net - _net(row["quantite"], ordered_price, row["remise_pct"])
        found.append((ORDER_PRICE, f"{money(ordered_price, currency)} ({order})",
                      money(price, currency), amount,
                      f"prix unitaire facturé {money(price, currency)} pour "
                      f"{money(ordered_price, currency)} à la {order}"))
    elif row["prix_tarif"] is not None and row["devise_tarif"] == currency and \
            price > row["prix_tarif"] * (HUNDRED + price_tolerance) / HUNDRED:
        amount = net - _net(row["quantite"], row["prix_tarif"], row["remise_pct"])
        found.append((LIST_PRICE, f"{money(row['prix_tarif'], currency)} (tarif)",
                      money(price, currency), amount,
                      f"tarif du fournisseur en vigueur le jour de la commande "
                      f"(Tarifs, ligne {row['ligne_tarif']}, à partir de "
                      f"{_q(row['quantite_minimale'])}) : {money(row['prix_tarif'], currency)}"))
    due = _pct(row["remise_commande"]) if same_currency else Decimal(0)
    source = order
    if row["devise_tarif"] == currency and _pct(row["remise_tarif"]) > due:
        due, source = _pct(row["remise_tarif"]), f"tarif, ligne {row['ligne_tarif']}"
    if _pct(row["remise_pct"]) < due:
        amount = net - _net(row["quantite"], price, due)
        found.append((DISCOUNT, f"remise de {_q(due)} % ({source})",
                      f"remise de {_q(_pct(row['remise_pct']))} %", amount,
                      f"remise de {_q(due)} % due ({source}), {_q(_pct(row['remise_pct']))} % "
                      "sur la facture"))
    return found


def invoice_discrepancies(dataset: Dataset) -> pl.DataFrame:
    """One row per difference found on an invoice line (credit notes are not checked,
    they only lower the cumulated quantity): numero_piece, ligne, code_fournisseur,
    raison_sociale, numero_fournisseur, date_facture, numero_commande, ligne_commande,
    designation, nature (French), attendu, facture (texts), montant_ecart_ht (the
    overcharge HT in the invoice's currency, positive), devise, receptions, statut,
    detail (the rows concerned, in French) and _ligne (the Excel row of the invoice line).
    Needs the purchase orders, receipts and supplier invoices with their lines."""
    return dataset.derived(("achats", "ecarts"), lambda: _compute(dataset))


def _compute(dataset: Dataset) -> pl.DataFrame:
    quantity_tolerance = setting(dataset, "tolerance_quantite_pct")
    price_tolerance = setting(dataset, "tolerance_prix_pct")
    names = _suppliers(dataset)
    lines = matched_lines(dataset).filter(
        (pl.col("type") == INVOICE) & pl.col("quantite").is_not_null()
        & pl.col("prix_unitaire_ht").is_not_null() & pl.col("montant_ht").is_not_null())
    rows = []
    for row in lines.iter_rows(named=True):
        for nature, expected, billed, amount, detail in _discrepancies(
                row, quantity_tolerance, price_tolerance):
            if amount <= 0 and nature not in (NO_RECEIPT, NO_ORDER):
                continue
            rows.append({
                "numero_piece": row["numero_piece"], "ligne": row["ligne"],
                "code_fournisseur": row["code_fournisseur"],
                "raison_sociale": names.get(row["code_fournisseur"]),
                "numero_fournisseur": row["numero_fournisseur"],
                "date_facture": row["date_facture"], "numero_commande": row["numero_commande"],
                "ligne_commande": row["ligne_commande"], "designation": row["designation"],
                "nature": nature, "attendu": expected, "facture": billed,
                "montant_ecart_ht": amount, "devise": row["devise"],
                "receptions": row["receptions"], "statut": row["statut"], "detail": detail,
                ROW_COLUMN: row[ROW_COLUMN],
            })
    return pl.DataFrame(rows, schema=DISCREPANCY_SCHEMA, orient="row")


def uninvoiced_receipts(dataset: Dataset, as_of: date) -> pl.DataFrame:
    """The receipt lines whose accepted units no invoice bills (first received, first
    billed), received more than `UNINVOICED_AFTER_DAYS` days before the as-of date:
    numero_reception, ligne, numero_commande, ligne_commande, date_reception,
    quantite_acceptee, quantite_non_facturee, _ligne (of LignesReception)."""
    receipts = dataset.frame("lignes_reception").join(
        dataset.frame("receptions").select("numero_reception", "date_reception"),
        on="numero_reception", how="left")
    billed = (matched_lines(dataset).filter(pl.col("type") == INVOICE)
              .group_by("numero_commande", "ligne_commande")
              .agg(pl.col("quantite").sum().alias("quantite_facturee")))
    key = ["numero_commande", "ligne_commande"]
    accepted = pl.col("quantite_acceptee").fill_null(0)
    before = pl.col("cumul_accepte") - accepted
    limit = as_of - timedelta(days=UNINVOICED_AFTER_DAYS)
    frame = (
        receipts.join(billed, on=key, how="left")
        .with_columns(pl.col("quantite_facturee").fill_null(0))
        .sort("date_reception", "numero_reception", "ligne")
        .with_columns(accepted.cum_sum().over(key).alias("cumul_accepte"))
        .with_columns(
            pl.when(pl.col("cumul_accepte") > pl.col("quantite_facturee"))
            .then(pl.min_horizontal(accepted, pl.col("cumul_accepte")
                                    - pl.max_horizontal(before, pl.col("quantite_facturee"))))
            .otherwise(0).alias("quantite_non_facturee"))
    )
    return (frame.filter((pl.col("quantite_non_facturee") > 0)
                         & (pl.col("date_reception") < limit))
            .select("numero_reception", "ligne", "numero_commande", "ligne_commande",
                    "date_reception", "quantite_acceptee", "quantite_non_facturee", ROW_COLUMN)
            .sort(ROW_COLUMN))


def discrepancy_summary(discrepancies: pl.DataFrame) -> pl.DataFrame:
    """Per nature and currency: the number of differences and the amount at stake."""
    return (discrepancies.group_by("nature", "devise")
            .agg(pl.len().alias("ecarts"), pl.col("montant_ecart_ht").sum())
            .sort("nature", "devise"))


def describe(row: dict) -> str:
    """One difference in a sentence, for a message or a page."""
    return (f"{row['nature']} : attendu {row['attendu']}, facturé {row['facture']} ; "
            f"{row['detail']} ; écart {money(row['montant_ecart_ht'], row['devise'])} HT "
            f"(facture {row['numero_fournisseur']} du {short_date(row['date_facture'])})")
