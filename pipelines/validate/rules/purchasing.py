"""Business rules of the purchase orders and goods receipts (2.1.1).

The quantities of an order line come from `pipelines.compute.purchase_orders`: received
is the accepted quantity of its receipt lines, refused and damaged units are in claim,
and what is still expected is the rest, for an order sent, confirmed or partially
received.

Blocking, where the records contradict each other:
- a receipt line whose delivered quantity is not accepted + refused + damaged;
- a receipt dated before the order it receives, or from another supplier than the order's;
- a receipt whose accepted quantities differ from the stock entries « achat » whose
  ``piece`` is the receipt number (same item): the stock journal and the receipts must
  agree (adjustable).

Warnings, business anomalies the organisation may tune in its sheet Gravites:
- an order still expected after its expected date (a supplier failure);
- a status that the receipts contradict: « reçue » with a quantity still expected,
  « annulée » or « brouillon » with a receipt, « partiellement reçue » with nothing or
  everything received;
- an order line whose net unit price, price × (1 − discount) to the cent, differs from
  the one of the price list in force (Tarifs, on the order date, at the ordered quantity's break): a
  wrong purchase order (97,00 € net is 100,00 € − 3 %, not a difference);
- a stock item ordered from a supplier that is not its supplier (Articles) and has no
  price for it (Tarifs), or an open order of an inactive supplier;
- a receipt above the ordered quantity (an order reduced after delivery, an over-delivery);
- an order modified or cancelled before the date it was placed.
"""

from __future__ import annotations

import polars as pl

from pipelines.compute import purchase_orders
from pipelines.compute.invoice_totals import net_unit_price, to_cent
from pipelines.dataset import NUMBER_DTYPE, ROW_COLUMN, Dataset
from pipelines.french import money, number, short_date
from pipelines.issues import Issue, Severity, define_issue_type
from pipelines.law import Parameters
from pipelines.validate.rules import report_dates_in_order, report_rows, rule

ORDERS = ("commandes_achat", "lignes_commande_achat")
RECEIPTS = ("receptions", "lignes_reception")
STOCK_PURCHASE = "achat"

RECEIPT_QUANTITIES = define_issue_type(
    "reception-quantites-incoherentes",
    "Quantités de réception incohérentes",
    "Sur une ligne de réception, la quantité livrée est la somme des quantités acceptée, "
    "refusée et endommagée : corrigez l'une d'elles.",
    Severity.BLOQUANT,
)
RECEIPT_BEFORE_ORDER = define_issue_type(
    "reception-avant-commande",
    "Réception datée avant sa commande",
    "Une réception ne peut pas précéder la commande qu'elle reçoit : vérifiez la date de "
    "réception ou la commande citée.",
    Severity.BLOQUANT,
)
RECEIPT_OTHER_SUPPLIER = define_issue_type(
    "reception-autre-fournisseur",
    "Réception d'un autre fournisseur que la commande",
    "Le fournisseur qui livre est celui de la commande reçue : vérifiez la commande citée "
    "par la ligne de réception ou le fournisseur de la réception.",
    Severity.BLOQUANT,
)
RECEIPT_STOCK_MISMATCH = define_issue_type(
    "reception-stock-different",
    "Réception et entrées en stock en désaccord",
    "Les quantités acceptées d'une réception entrent en stock par des mouvements « achat » "
    "qui citent le bon de réception comme pièce : le journal du stock et les réceptions "
    "doivent dire la même chose, article par article. Corrigez le mouvement ou la réception.",
    Severity.BLOQUANT,
    adjustable=True,
)
LATE_ORDER = define_issue_type(
    "commande-achat-en-retard",
    "Commande fournisseur en retard",
    "La date de livraison prévue est passée et la commande n'est pas reçue en entier : "
    "relancez le fournisseur, demandez une nouvelle date ou annulez le solde (défaillance "
    "du fournisseur).",
    Severity.AVERTISSEMENT,
    adjustable=True,
)
STATUS_MISMATCH = define_issue_type(
    "commande-achat-statut-incoherent",
    "Statut de commande fournisseur contredit par les réceptions",
    "Le statut d'une commande suit ses réceptions : « reçue » quand tout est reçu, "
    "« partiellement reçue » quand une partie l'est, ni « brouillon » ni « annulée » une "
    "fois la marchandise arrivée. Mettez le statut à jour.",
    Severity.AVERTISSEMENT,
    adjustable=True,
)
OFF_PRICE_LIST = define_issue_type(
    "commande-achat-hors-tarif",
    "Commande fournisseur au prix différent du tarif",
    "Le prix net (prix unitaire moins la remise) d'une ligne de commande diffère de celui "
    "du tarif du fournisseur en vigueur à la date de la commande, au palier de la quantité "
    "commandée (feuille Tarifs) : bon de commande erroné, ou tarif à mettre à jour.",
    Severity.AVERTISSEMENT,
    adjustable=True,
)
OTHER_SUPPLIER_ITEM = define_issue_type(
    "commande-achat-article-autre-fournisseur",
    "Article commandé à un autre fournisseur",
    "L'article est commandé à un fournisseur qui n'est pas le sien (feuille Articles) et "
    "qui n'a pas de tarif pour lui : vérifiez le bon de commande.",
    Severity.AVERTISSEMENT,
    adjustable=True,
)
INACTIVE_SUPPLIER = define_issue_type(
    "commande-achat-fournisseur-inactif",
    "Commande en cours chez un fournisseur inactif",
    "Le fournisseur de cette commande en cours est inactif dans le fichier des "
    "fournisseurs : confirmez la commande ou passez-la à un fournisseur actif.",
    Severity.AVERTISSEMENT,
    adjustable=True,
)
OVER_RECEIVED = define_issue_type(
    "reception-au-dela-commande",
    "Quantité reçue au-delà de la commande",
    "Les réceptions d'une ligne de commande acceptent plus que la quantité commandée "
    "(commande réduite après la livraison, ou livraison en trop) : retournez le surplus "
    "ou modifiez la commande.",
    Severity.AVERTISSEMENT,
    adjustable=True,
)
MODIFIED_BEFORE_ORDER = define_issue_type(
    "commande-achat-modification-avant-date",
    "Commande fournisseur modifiée avant d'être passée",
    "La date de modification ou d'annulation d'une commande ne peut pas précéder sa date "
    "de commande.",
    Severity.AVERTISSEMENT,
    adjustable=True,
)


def _q(value) -> str:
    return number(value)


@rule("Une ligne de réception : livrée = acceptée + refusée + endommagée", ["lignes_reception"])
def receipt_quantities(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["lignes_reception"]
    total = (pl.col("quantite_acceptee").fill_null(0) + pl.col("quantite_refusee").fill_null(0)
             + pl.col("quantite_endommagee").fill_null(0))
    offending = table.frame.filter(pl.col("quantite_livree").is_not_null()
                                   & (pl.col("quantite_livree") != total))
    return report_rows(
        table, offending, RECEIPT_QUANTITIES, "quantite_livree",
        lambda r: f"{r['numero_reception']} ligne {r['ligne']} : {_q(r['quantite_livree'])} "
                  f"livré(s) pour {_q(r['quantite_acceptee'])} accepté(s), "
                  f"{_q(r['quantite_refusee'] or 0)} refusé(s) et "
                  f"{_q(r['quantite_endommagee'] or 0)} endommagé(s)")


def _receipts_with_orders(dataset: Dataset) -> pl.DataFrame:
    orders = dataset.frame("commandes_achat").select(
        "numero_commande", "date_commande",
        pl.col("code_fournisseur").alias("fournisseur_commande"))
    return (dataset.frame("lignes_reception").select("numero_reception", "numero_commande")
            .unique(maintain_order=True)
            .join(orders, on="numero_commande", how="inner")
            .join(dataset.frame("receptions"), on="numero_reception", how="inner"))


@rule("Une réception ne précède pas sa commande et vient de son fournisseur",
      [*RECEIPTS, "commandes_achat"])
def receipt_after_order(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["receptions"]
    joined = _receipts_with_orders(dataset)
    early = joined.filter(pl.col("date_reception") < pl.col("date_commande"))
    other = joined.filter(pl.col("code_fournisseur") != pl.col("fournisseur_commande"))
    return [
        *report_rows(table, early, RECEIPT_BEFORE_ORDER, "date_reception",
                     lambda r: f"{r['numero_reception']} reçue le "
                               f"{short_date(r['date_reception'])}, la commande "
                               f"{r['numero_commande']} est du {short_date(r['date_commande'])}"),
        *report_rows(table, other, RECEIPT_OTHER_SUPPLIER, "code_fournisseur",
                     lambda r: f"{r['numero_reception']} livrée par {r['code_fournisseur']}, "
                               f"la commande {r['numero_commande']} est passée à "
                               f"{r['fournisseur_commande']}"),
    ]


@rule("Les réceptions et les entrées en stock « achat » disent les mêmes quantités",
      [*RECEIPTS, "lignes_commande_achat", "mouvements"])
def receipts_match_stock(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    receipts = set(dataset.frame("receptions")["numero_reception"].drop_nulls().to_list())
    items = dataset.frame("lignes_commande_achat").select(
        "numero_commande", pl.col("ligne").alias("ligne_commande"), "reference")
    accepted = (
        dataset.frame("lignes_reception").join(items, on=["numero_commande", "ligne_commande"],
                                               how="inner")
        .filter(pl.col("reference").is_not_null())
        .group_by("numero_reception", "reference")
        .agg(pl.col("quantite_acceptee").fill_null(0).sum().alias("acceptee"),
             pl.col(ROW_COLUMN).min())
    )
    moves = dataset.frame("mouvements").filter(
        (pl.col("type") == STOCK_PURCHASE) & pl.col("piece").is_in(list(receipts)))
    entered = (moves.group_by(pl.col("piece").alias("numero_reception"), "reference")
               .agg(pl.col("quantite").fill_null(0).sum().alias("entree"),
                    pl.col(ROW_COLUMN).min().alias("ligne_mouvement")))
    joined = accepted.join(entered, on=["numero_reception", "reference"], how="full",
                           coalesce=True)
    zero = pl.lit(0).cast(NUMBER_DTYPE)
    offending = joined.filter(
        pl.col("acceptee").fill_null(zero) != pl.col("entree").fill_null(zero))
    on_receipt = offending.filter(pl.col(ROW_COLUMN).is_not_null()).sort(ROW_COLUMN)
    on_stock = offending.filter(pl.col(ROW_COLUMN).is_null()).with_columns(
        pl.col("ligne_mouvement").alias(ROW_COLUMN)).sort(ROW_COLUMN)
    return [
        *report_rows(dataset["lignes_reception"], on_receipt, RECEIPT_STOCK_MISMATCH,
                     "quantite_acceptee",
                     lambda r: f"{r['numero_reception']}, {r['reference']} : "
                               f"{_q(r['acceptee'])} accepté(s), "
                               f"{_q(r['entree'] or 0)} entré(s) en stock par les mouvements "
                               f"« achat » de pièce {r['numero_reception']} (stock.xlsx › "
                               "Mouvements)"),
        *report_rows(dataset["mouvements"], on_stock, RECEIPT_STOCK_MISMATCH, "quantite",
                     lambda r: f"entrée « achat » de {_q(r['entree'])} {r['reference']} "
                               f"sur la pièce {r['numero_reception']}, que cette réception "
                               "ne reçoit pas (achats.xlsx › LignesReception)"),
    ]


@rule("Une commande fournisseur attendue est livrée à la date prévue", ORDERS,
      uses_as_of=True)
def late_purchase_order(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    late = purchase_orders.late_orders(dataset, dataset.as_of).sort(ROW_COLUMN)
    as_of = short_date(dataset.as_of)
    return report_rows(
        dataset["commandes_achat"], late, LATE_ORDER, "date_livraison_prevue",
        lambda r: f"{r['numero_commande']} ({r['code_fournisseur']}) attendue le "
                  f"{short_date(r['date_livraison_prevue'])}, {r['jours_de_retard']} jours de "
                  f"retard au {as_of} : {r['lignes']} ligne(s) à recevoir pour "
                  f"{money(r['valeur_reste_ht'], r['devise'])} HT")


@rule("Le statut d'une commande fournisseur suit ses réceptions", ORDERS)
def order_status(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    lines = purchase_orders.order_lines(dataset)
    rest = pl.col("quantite") - pl.col("quantite_recue") - pl.col("quantite_en_reclamation")
    by_order = lines.group_by("numero_commande").agg(
        pl.col("quantite_recue").sum().alias("recue"),
        (pl.col("quantite_livree").sum()).alias("livree"),
        rest.clip(lower_bound=0).sum().alias("reste"),
        (pl.col("quantite") - pl.col("quantite_recue")).clip(lower_bound=0).sum()
        .alias("non_accepte"),
        pl.col("receptions").drop_nulls().str.join(", ").alias("receptions"))
    orders = dataset.frame("commandes_achat").join(by_order, on="numero_commande", how="inner")
    status = pl.col("statut")
    reasons = (
        pl.when((status == purchase_orders.RECEIVED) & (pl.col("reste") > 0))
        .then(pl.lit("« reçue » avec une quantité encore attendue"))
        .when(status.is_in([purchase_orders.CANCELLED, purchase_orders.DRAFT])
              & (pl.col("livree") > 0))
        .then(pl.concat_str(pl.lit("« "), status, pl.lit(" » alors qu'une réception existe")))
        .when((status == purchase_orders.PARTIAL) & (pl.col("livree") == 0))
        .then(pl.lit("« partiellement reçue » sans aucune réception"))
        .when((status == purchase_orders.PARTIAL) & (pl.col("non_accepte") == 0))
        .then(pl.lit("« partiellement reçue » alors que tout est reçu"))
    )
    offending = orders.with_columns(reasons.alias("raison")).filter(
        pl.col("raison").is_not_null()).sort(ROW_COLUMN)
    return report_rows(
        dataset["commandes_achat"], offending, STATUS_MISMATCH, "statut",
        lambda r: f"{r['numero_commande']} : statut {r['raison']} ({_q(r['recue'])} reçu(s), "
                  f"{_q(r['reste'])} encore attendu(s)"
                  + (f" ; réceptions {r['receptions']})" if r["receptions"] else ")"))


@rule("Une ligne de commande fournisseur suit le tarif en vigueur", [*ORDERS, "tarifs"])
def order_price_list(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    lines = purchase_orders.order_lines(dataset).join(
        purchase_orders.price_list_in_force(dataset).drop("code_fournisseur", "reference"),
        on=["numero_commande", "ligne"], how="inner")
    lines = lines.filter((pl.col("devise") == pl.col("devise_tarif"))
                         & pl.col("prix_unitaire_ht").is_not_null())
    # net unit prices to the cent: half a cent a unit is a rounding, not a wrong order
    differs = [to_cent(net_unit_price(price, discount))
               != to_cent(net_unit_price(listed, listed_discount))
               for price, discount, listed, listed_discount in lines.select(
                   "prix_unitaire_ht", "remise_pct", "prix_tarif", "remise_tarif").iter_rows()]
    offending = lines.filter(pl.Series(differs, dtype=pl.Boolean)).sort(ROW_COLUMN)
    return report_rows(
        dataset["lignes_commande_achat"], offending, OFF_PRICE_LIST, "prix_unitaire_ht",
        lambda r: f"{r['numero_commande']} ligne {r['ligne']}, {r['reference']} : "
                  f"{money(r['prix_unitaire_ht'], r['devise'])} remise "
                  f"{_q(r['remise_pct'] or 0)} % pour {_q(r['quantite'])} ; tarif du "
                  f"{short_date(r['date_commande'])} (Tarifs, ligne {r['ligne_tarif']}, à "
                  f"partir de {_q(r['quantite_minimale'])}) : "
                  f"{money(r['prix_tarif'], r['devise'])} remise {_q(r['remise_tarif'])} %")


@rule("Un article est commandé à son fournisseur", [*ORDERS, "articles"])
def order_item_supplier(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    lines = purchase_orders.order_lines(dataset).filter(pl.col("reference").is_not_null())
    items = dataset.frame("articles").select(
        "reference", pl.col("code_fournisseur").alias("fournisseur_article"))
    offending = lines.join(items, on="reference", how="inner").filter(
        pl.col("fournisseur_article").is_not_null()
        & (pl.col("fournisseur_article") != pl.col("code_fournisseur")))
    if "tarifs" in dataset:
        listed = dataset.frame("tarifs").select("code_fournisseur", "reference").unique()
        offending = offending.join(listed, on=["code_fournisseur", "reference"], how="anti")
    return report_rows(
        dataset["lignes_commande_achat"], offending.sort(ROW_COLUMN), OTHER_SUPPLIER_ITEM,
        "reference",
        lambda r: f"{r['numero_commande']} ligne {r['ligne']} : {r['reference']} commandé à "
                  f"{r['code_fournisseur']}, son fournisseur est {r['fournisseur_article']}")


@rule("Une commande en cours est passée à un fournisseur actif", ["commandes_achat",
                                                                  "fournisseurs"])
def order_inactive_supplier(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    inactive = dataset.frame("fournisseurs").filter(pl.col("statut") == "inactif").select(
        "code_fournisseur", "raison_sociale")
    offending = dataset.frame("commandes_achat").filter(
        pl.col("statut").is_in([*purchase_orders.OPEN_STATUSES, purchase_orders.DRAFT])
    ).join(inactive, on="code_fournisseur", how="inner").sort(ROW_COLUMN)
    return report_rows(
        dataset["commandes_achat"], offending, INACTIVE_SUPPLIER, "code_fournisseur",
        lambda r: f"{r['numero_commande']} ({r['statut']}) : {r['code_fournisseur']} "
                  f"{r['raison_sociale'] or ''} est inactif".replace("  ", " "))


@rule("Une ligne de commande fournisseur ne reçoit pas plus que commandé", [*ORDERS, *RECEIPTS])
def receipt_over_order(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    offending = purchase_orders.order_lines(dataset).filter(
        pl.col("quantite_recue") > pl.col("quantite")).sort(ROW_COLUMN)
    return report_rows(
        dataset["lignes_commande_achat"], offending, OVER_RECEIVED, "quantite",
        lambda r: f"{r['numero_commande']} ligne {r['ligne']} : {_q(r['quantite'])} "
                  f"commandé(s), {_q(r['quantite_recue'])} accepté(s) à la réception "
                  f"({r['receptions']})")


@rule("Une commande fournisseur n'est pas modifiée avant sa date", ["commandes_achat"])
def order_modified_after_date(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    return report_dates_in_order(
        dataset["commandes_achat"], "date_commande", "date_modification", MODIFIED_BEFORE_ORDER,
        lambda r: f"{r['numero_commande']} modifiée le {short_date(r['date_modification'])}, "
                  f"commandée le {short_date(r['date_commande'])}")
