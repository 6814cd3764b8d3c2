"""The three-way match of each supplier invoice line (2.1.2): order ↔ receipts ↔ invoice.

Each invoice line cites its order line (LignesFactureFournisseur.numero_commande,
ligne_commande). For that order line:

- **no receipt**: an invoice line whose order line received nothing is billed without a
  receipt, for its whole net amount; that is the only difference reported on it (its
  price is checked once the goods come);
- **quantity**: what all the invoices of the order line bill, net of all the credit notes
  of that order line, must not exceed the accepted quantity (LignesReception) by more than
  ``tolerance_quantite_pct`` (Reglages). The invoices are taken in date order and the
  last ones carry the excess: a line's excess is min(its quantity, cumulated invoiced
  quantity up to it − accepted − credited), so that the excesses of the lines add up to
  invoiced − credited − accepted. The excess is valued at the line's billed net unit
  price: it is what a credit note of those units gives back. When the excess is covered
  by refused or damaged units not yet credited, the supplier owes a credit note (« avoir
  attendu »), otherwise it is a quantity billed but never received;
- **price and discount**, on the units kept (the quantity less its excess, so that
  nothing is claimed twice): the net unit price billed, price × (1 − discount), must not
  exceed the order's net unit price by more than ``tolerance_prix_pct``; a net price in
  line with the order but above the net price of the price list in force on the order
  date (Tarifs, at the ordered quantity's break) is an overcharge too (the order itself
  was wrong). Net prices are compared, not their gross price and discount: 97,00 € net
  without discount is 100,00 € − 3 %. Above the expected net price, the difference is a
  « remise non appliquée » when the gross price billed is the expected one (or below) and
  the discount is smaller, else a price above the order or the price list;
- **no order**: a line without an order line, on an invoice that cites an order
  elsewhere, is billed without an order (an invoice that cites no order at all is a
  subscription or a fee, out of the match);
- **receipt never invoiced**: accepted units not billed by any invoice
  ``jours_reception_non_facturee`` days (Reglages) after their receipt (suppliers invoice
  within the month, so the last receipts of the period are not flagged).

`invoice_discrepancies` gives one row per difference, with the amount at stake in the
invoice's currency (HT, positive): the list to send to the manager and the base of the
complaint letter. Every amount is a Decimal rounded half-up to the cent, each net amount
computed as an invoice line is (`invoice_totals.net_amount`).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import polars as pl

from pipelines.compute import purchase_orders
from pipelines.compute.invoice_totals import net_amount, net_unit_price
from pipelines.compute.purchase_invoices import supplier_invoice_lines
from pipelines.dataset import NUMBER_DTYPE, ROW_COLUMN, Dataset
from pipelines.french import money, number, plural, short_date
from pipelines.records import SUPPLIER_RETURN
from pipelines.settings import setting

UNINVOICED_SETTING = "jours_reception_non_facturee"
HUNDRED = Decimal(100)
ZERO = pl.lit(0).cast(NUMBER_DTYPE)
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
        credit = pl.col("type") == CREDIT_NOTE
        signed = pl.when(credit).then(-pl.col("quantite")).otherwise(pl.col("quantite"))
        invoiced = pl.when(credit).then(ZERO).otherwise(pl.col("quantite").fill_null(ZERO))
        credited = pl.when(credit).then(pl.col("quantite").fill_null(ZERO)).otherwise(ZERO)
        key = ["numero_commande", "ligne_commande"]
        return (
            lines.join(ordered, on=key, how="left").join(prices, on=key, how="left")
            .sort("date_facture", "numero_piece", "ligne")
            .with_columns(signed.alias("quantite_signee"))
            .with_columns(
                pl.col("quantite_signee").cum_sum().over(key).alias("cumul_facture"),
                pl.col("quantite_signee").sum().over(key).alias("total_facture"),
                invoiced.cum_sum().over(key).alias("cumul_factures"),
                credited.sum().over(key).alias("total_avoirs"),
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


def _units(quantity, singular: str = "unité", plural_form: str | None = None) -> str:
    """« 1 unité », « 7 unités », « 2,5 unités » (`plural`, the number as French prints it)."""
    word = plural(quantity, singular, plural_form).split(" ", 1)[1]
    return f"{_q(quantity)} {word}"


def _quantity_excess(row: dict, quantity_tolerance: Decimal) -> Decimal:
    """The units of this line billed beyond the accepted ones, credit notes deducted (the
    last invoices carry the excess, see the module docstring)."""
    received = Decimal(row["quantite_recue"] or 0)
    allowed = received * (HUNDRED + quantity_tolerance) / HUNDRED
    if row["total_facture"] is None or row["total_facture"] <= allowed:
        return Decimal(0)
    credited = Decimal(row["total_avoirs"] or 0)
    excess = min(Decimal(row["quantite"]), row["cumul_factures"] - received - credited)
    return max(excess, Decimal(0))


def _quantity(row: dict, excess: Decimal, order: str) -> tuple:
    received = Decimal(row["quantite_recue"] or 0)
    claim = Decimal(row["quantite_en_reclamation"] or 0)
    credited = Decimal(row["total_avoirs"] or 0)
    nature = CREDIT_EXPECTED if excess <= max(claim - credited, Decimal(0)) else QUANTITY
    detail = (f"{order} : {_units(row['quantite_commandee'], 'commandée', 'commandées')} ; "
              f"réception {row['receptions'] or 'aucune'} : "
              f"{_units(received, 'acceptée', 'acceptées')}")
    if claim:
        detail += f", {_units(claim, 'refusée ou endommagée', 'refusées ou endommagées')}"
    if credited:
        detail += f" ; {_units(credited, 'créditée', 'créditées')} par avoir"
    detail += (f" ; {_units(excess, 'facturée', 'facturées')} en trop sur cette ligne, au "
               "prix net facturé")
    return (nature, _units(received, "unité reçue et acceptée", "unités reçues et acceptées"),
            f"{_units(row['total_facture'])} en cumul, avoirs déduits",
            net_amount(excess, row["prix_unitaire_ht"], row["remise_pct"]), detail)


def _price(row: dict, kept: Decimal, price_tolerance: Decimal, order: str) -> tuple | None:
    """The net unit price billed against the order's, then the price list's (one finding
    at most, on the units kept)."""
    currency = row["devise"]
    price, discount = Decimal(row["prix_unitaire_ht"]), _pct(row["remise_pct"])
    billed = net_unit_price(price, discount)
    references = []
    if row["devise_commande"] == currency and row["prix_commande"] is not None:
        references.append((ORDER_PRICE, row["prix_commande"], _pct(row["remise_commande"]),
                           order))
    if row["prix_tarif"] is not None and row["devise_tarif"] == currency:
        references.append((LIST_PRICE, row["prix_tarif"], _pct(row["remise_tarif"]),
                           f"tarif, ligne {row['ligne_tarif']}, à partir de "
                           f"{_q(row['quantite_minimale'])}"))
    for nature, gross, due, source in references:
        expected = net_unit_price(gross, due)
        if billed <= expected * (HUNDRED + price_tolerance) / HUNDRED:
            continue
        amount = net_amount(kept, price, discount) - net_amount(kept, gross, due)
        on_units = f"sur {_units(kept)}"
        if discount < due and price <= gross * (HUNDRED + price_tolerance) / HUNDRED:
            return (DISCOUNT, f"remise de {_q(due)} % ({source})",
                    f"remise de {_q(discount)} %" if discount else "sans remise",
                    amount, f"prix net dû {money(expected, currency)}, facturé "
                            f"{money(billed, currency)} net, {on_units}")
        label = (f"{money(gross, currency)}" + (f" − {_q(due)} %" if due else ""))
        return (nature, f"{label} ({source})",
                money(price, currency) + (f" − {_q(discount)} %" if discount else ""),
                amount, f"{money(billed - expected, currency)} de trop par unité (prix net), "
                        f"{on_units}")
    return None


def _discrepancies(row: dict, quantity_tolerance: Decimal, price_tolerance: Decimal) -> list:
    """The differences of one invoice line, as (nature, expected, billed, amount, detail)."""
    currency = row["devise"]
    net = row["montant_ht"]
    order = f"commande {row['numero_commande']} ligne {row['ligne_commande']}"
    if row["numero_commande"] is None or row["ligne_commande"] is None:
        if row["piece_avec_commande"] or row["lignes_avec_commande"]:
            return [(NO_ORDER, "une ligne de la commande de la facture",
                     f"{_units(row['quantite'])} à {money(row['prix_unitaire_ht'], currency)}",
                     net, "ligne facturée hors de toute ligne de commande")]
        return []
    if row["quantite_commandee"] is None:
        return []  # an unknown order line: the foreign key reports it
    if not row["quantite_recue"]:
        return [(NO_RECEIPT, "une réception avant la facture",
                 f"{_units(row['quantite'])}, rien de reçu", net,
                 f"{order} : {_units(row['quantite_commandee'], 'commandée', 'commandées')}, "
                 "aucune acceptée à la réception")]
    found = []
    excess = _quantity_excess(row, quantity_tolerance)
    if excess > 0:
        found.append(_quantity(row, excess, order))
    price = _price(row, Decimal(row["quantite"]) - excess, price_tolerance, order)
    if price is not None:
        found.append(price)
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
    billed), received more than ``jours_reception_non_facturee`` days (Reglages) before the
    as-of date:
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
    limit = as_of - timedelta(days=int(setting(dataset, UNINVOICED_SETTING)))
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


RETURN = SUPPLIER_RETURN
RETURN_SETTING = "jours_avoir_attendu"
RETURN_SCHEMA = {"date": pl.Date, "code": pl.String, "designation": pl.String,
                 "quantite": NUMBER_DTYPE, "code_fournisseur": pl.String,
                 "date_limite": pl.Date, ROW_COLUMN: pl.Int64}


def _credit_note_lines(dataset: Dataset, code: str) -> pl.DataFrame:
    """(code_fournisseur, `code`, date_facture) of every credit-note line whose order line
    names an item (`code` = reference) or a consumable (code_consommable)."""
    headers = dataset.frame("factures_fournisseurs").filter(
        pl.col("type") == CREDIT_NOTE).select("numero_piece", "code_fournisseur",
                                             "date_facture")
    ordered = dataset.frame("lignes_commande_achat").select(
        "numero_commande", pl.col("ligne").alias("ligne_commande"), code)
    return (dataset.frame("lignes_facture_fournisseur")
            .join(headers, on="numero_piece", how="inner")
            .join(ordered, on=["numero_commande", "ligne_commande"], how="inner")
            .filter(pl.col(code).is_not_null())
            .select("code_fournisseur", pl.col(code).alias("code"), "date_facture"))


def uncredited_returns(dataset: Dataset, as_of: date, consumables: bool = False
                       ) -> pl.DataFrame:
    """The goods returned to their supplier (type « retour_fournisseur »: stock.xlsx ›
    Mouvements for the items, moyens.xlsx › Consommations with ``consumables``) that no
    credit note of that supplier covers ``jours_avoir_attendu`` days (Reglages) after the
    return: a credit note covers a return when one of its lines cites an order line of the
    same item (reference) or consumable (code_consommable) and it is dated on or after
    the return (a credit note that comes late still settles it). The supplier is the
    item's (Articles), for a consumable the one of the order the movement cites, else the
    consumable's (Consommables). Columns: date, code, designation, quantite,
    code_fournisseur, date_limite and _ligne (the row of the movement)."""
    days = int(setting(dataset, RETURN_SETTING))
    if consumables:
        moves = dataset.frame("mouvements_consommables").filter(pl.col("type") == RETURN)
        items = dataset.frame("consommables").select(
            pl.col("code_consommable").alias("code"), "designation",
            pl.col("code_fournisseur").alias("fournisseur_article"))
        moves = moves.rename({"code_consommable": "code"})
        if "commandes_achat" in dataset:
            orders = dataset.frame("commandes_achat").select(
                "numero_commande", pl.col("code_fournisseur").alias("fournisseur_commande"))
            moves = moves.join(orders, on="numero_commande", how="left")
        else:
            moves = moves.with_columns(pl.lit(None, pl.String).alias("fournisseur_commande"))
        credits = _credit_note_lines(dataset, "code_consommable")
    else:
        moves = dataset.frame("mouvements").filter(pl.col("type") == RETURN).rename(
            {"reference": "code"}).with_columns(
            pl.lit(None, pl.String).alias("fournisseur_commande"))
        items = dataset.frame("articles").select(
            pl.col("reference").alias("code"), "designation",
            pl.col("code_fournisseur").alias("fournisseur_article"))
        credits = _credit_note_lines(dataset, "reference")
    returns = (moves.select("date", "code", pl.col("quantite").abs(),
                            "fournisseur_commande", ROW_COLUMN)
               .join(items.unique("code", keep="first"), on="code", how="left")
               .with_columns(pl.coalesce("fournisseur_commande", "fournisseur_article")
                             .alias("code_fournisseur"),
                             (pl.col("date") + pl.duration(days=days)).alias("date_limite")))
    covered = (returns.join(credits, on=["code_fournisseur", "code"], how="inner")
               .filter(pl.col("date_facture") >= pl.col("date"))
               .select(ROW_COLUMN).unique())
    return (returns.join(covered, on=ROW_COLUMN, how="anti")
            .filter(pl.col("date_limite") < as_of)
            .select(list(RETURN_SCHEMA)).cast(RETURN_SCHEMA).sort(ROW_COLUMN))


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
