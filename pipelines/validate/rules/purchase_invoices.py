"""Business rules of the supplier invoices and credit notes (2.1.2).

- **The printed total** (``total_ttc``) must be the total of the lines, computed exactly
  (`pipelines.compute.purchase_invoices`: HT per line rounded to the cent, the VAT the
  supplier charges per rate): more than one cent apart, the lines or the total are
  mistyped (blocking, adjustable).
- **A foreign-currency invoice** needs its ``taux_change`` to be worth anything in euros
  (blocking).
- **The original** (``justificatif``): without the invoice, its VAT is not deductible
  (CGI art. 271 II-1 a: the deduction needs the invoice): warning, « lost document ».
- **The supplier of an invoice line's order** is the invoice's supplier (blocking).
- **The three-way match** (`pipelines.compute.three_way_match`): each difference of an
  invoice line against its order, its receipts and the price list is a warning at the
  invoice line's cell, in the sentence of `three_way_match.describe` (the rows concerned
  and the amount at stake); a receipt left uninvoiced ``jours_reception_non_facturee``
  days (Reglages) is a warning at the receipt line.
- **A return to the supplier** (movement « retour_fournisseur » of an item or a
  consumable) awaits a credit note of its supplier for that item: none
  ``jours_avoir_attendu`` days (Reglages) after the return is a warning at the movement.
  Their severity can be tuned in the sheet Gravites.
"""

from __future__ import annotations

import polars as pl

from pipelines.compute import three_way_match
from pipelines.compute.purchase_invoices import (
    EURO,
    supplier_invoice_totals,
    total_mismatches,
)
from pipelines.dataset import ROW_COLUMN, Dataset
from pipelines.french import money, number, plural, short_date
from pipelines.issues import Issue, Severity, define_issue_type, raise_issue
from pipelines.law import Parameters
from pipelines.validate.rules import report_rows, rule

INVOICES = ("factures_fournisseurs", "lignes_facture_fournisseur")

TOTAL_MISMATCH = define_issue_type(
    "facture-fournisseur-total-different",
    "Total d'une facture fournisseur différent de ses lignes",
    "Le total TTC saisi d'une facture fournisseur diffère de plus d'un centime du total de "
    "ses lignes (HT de chaque ligne arrondi au centime, TVA facturée par taux) : une ligne "
    "ou le total est mal saisi, ou le fournisseur s'est trompé.",
    Severity.BLOQUANT,
    adjustable=True,
)
NO_RATE = define_issue_type(
    "facture-fournisseur-sans-cours",
    "Facture fournisseur en devise sans taux de change",
    "Une facture en devise a besoin de son taux de change (unités de la devise pour 1 €, "
    "cours BCE du jour de la facture) pour ses montants en euros et sa TVA.",
    Severity.BLOQUANT,
)
NO_ORIGINAL = define_issue_type(
    "facture-fournisseur-sans-justificatif",
    "Facture fournisseur sans justificatif",
    "L'original de la facture n'est pas classé : sans la facture, la TVA qu'elle porte "
    "n'est pas déductible (CGI art. 271 II) et la dépense n'est pas justifiée ; elle est "
    "retenue à part dans le registre (TVA non déductible sans facture). Retrouvez "
    "l'original ou demandez un duplicata au fournisseur.",
    Severity.AVERTISSEMENT,
)
OTHER_SUPPLIER = define_issue_type(
    "facture-fournisseur-autre-commande",
    "Facture fournisseur d'une commande d'un autre fournisseur",
    "Une ligne de facture cite une commande passée à un autre fournisseur : vérifiez la "
    "commande citée ou le fournisseur de la facture.",
    Severity.BLOQUANT,
)


WARNING = Severity.AVERTISSEMENT

MATCH_TYPES = {
    three_way_match.QUANTITY: (define_issue_type(
        "rapprochement-quantite",
        "Quantité facturée au-delà de la quantité reçue",
        "Les factures d'une ligne de commande, avoirs déduits, facturent plus que la "
        "quantité acceptée à la réception (au-delà de la tolérance de la feuille "
        "Reglages) : ne payez que ce qui est reçu, et demandez un avoir.",
        WARNING, adjustable=True), "quantite"),
    three_way_match.CREDIT_EXPECTED: (define_issue_type(
        "rapprochement-avoir-attendu",
        "Avoir attendu : quantité refusée ou endommagée facturée",
        "Le fournisseur facture des unités refusées ou endommagées à la réception, et aucun "
        "avoir ne les annule encore : réclamez l'avoir (ou le remplacement).",
        WARNING, adjustable=True), "quantite"),
    three_way_match.ORDER_PRICE: (define_issue_type(
        "rapprochement-prix-commande",
        "Prix facturé au-dessus de la commande",
        "Le prix unitaire facturé dépasse celui de la commande au-delà de la tolérance de "
        "la feuille Reglages : contestez la facture et demandez un avoir de la "
        "différence.",
        WARNING, adjustable=True), "prix_unitaire_ht"),
    three_way_match.LIST_PRICE: (define_issue_type(
        "rapprochement-prix-tarif",
        "Prix facturé au-dessus du tarif",
        "Le prix unitaire facturé dépasse le tarif du fournisseur en vigueur à la date de "
        "la commande, au palier de la quantité commandée (feuille Tarifs) : la commande "
        "elle-même était au mauvais prix. Demandez un avoir de la différence.",
        WARNING, adjustable=True), "prix_unitaire_ht"),
    three_way_match.DISCOUNT: (define_issue_type(
        "rapprochement-remise",
        "Remise non appliquée",
        "La remise convenue à la commande, ou due par le tarif au palier de quantité, "
        "manque sur la facture : demandez un avoir de la remise.",
        WARNING, adjustable=True), "remise_pct"),
    three_way_match.NO_RECEIPT: (define_issue_type(
        "rapprochement-sans-reception",
        "Facture sans réception",
        "La ligne facture une ligne de commande dont rien n'a été reçu : attendez la "
        "livraison avant de payer, ou vérifiez la réception.",
        WARNING, adjustable=True), "ligne_commande"),
    three_way_match.NO_ORDER: (define_issue_type(
        "rapprochement-sans-commande",
        "Ligne facturée sans commande",
        "Une ligne de la facture ne cite aucune ligne de commande, alors que la facture "
        "porte sur une commande : frais non prévus ou article non commandé, à faire "
        "accepter avant de payer.",
        WARNING, adjustable=True), "numero_commande"),
}
UNINVOICED = define_issue_type(
    "reception-non-facturee",
    "Réception jamais facturée",
    "Des quantités acceptées à la réception ne sont facturées par aucune facture du "
    "fournisseur passé le délai de la feuille Reglages (jours_reception_non_facturee) : "
    "facture perdue ou pas encore reçue, demandez-la.",
    WARNING, adjustable=True)
RETURN_UNCREDITED = define_issue_type(
    "retour-fournisseur-avoir-attendu",
    "Avoir attendu : article retourné au fournisseur",
    "Un article ou un consommable renvoyé au fournisseur (défectueux ou non conforme) n'est "
    "couvert par aucun avoir de ce fournisseur passé le délai de la feuille Reglages "
    "(jours_avoir_attendu) : un avoir dont une ligne cite la ligne de commande de cet "
    "article. Réclamez l'avoir, ou saisissez-le s'il est arrivé.",
    WARNING, adjustable=True)


@rule("Le total imprimé d'une facture fournisseur est celui de ses lignes", INVOICES)
def printed_total(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    offending = total_mismatches(supplier_invoice_totals(dataset)).sort(ROW_COLUMN)
    return report_rows(
        dataset["factures_fournisseurs"], offending, TOTAL_MISMATCH, "total_ttc",
        lambda r: f"{r['numero_piece']} ({r['numero_fournisseur']}) : "
                  f"{money(abs(r['total_ttc_imprime']), r['devise'])} imprimé, les lignes "
                  f"donnent {money(abs(r['total_ttc']), r['devise'])} (HT "
                  f"{money(abs(r['total_ht']), r['devise'])}, TVA facturée "
                  f"{money(abs(r['tva_facturee']), r['devise'])})")


@rule("Une facture fournisseur en devise a son taux de change", ["factures_fournisseurs"])
def foreign_rate(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    offending = dataset.frame("factures_fournisseurs").filter(
        (pl.col("devise") != EURO) & pl.col("devise").is_not_null()
        & (pl.col("taux_change").is_null() | (pl.col("taux_change") == 0)))
    return report_rows(
        dataset["factures_fournisseurs"], offending, NO_RATE, "taux_change",
        lambda r: f"{r['numero_piece']} en {r['devise']} du {short_date(r['date_facture'])} "
                  "sans taux de change")


@rule("Une facture fournisseur a son justificatif", ["factures_fournisseurs"])
def invoice_original(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    offending = dataset.frame("factures_fournisseurs").filter(
        pl.col("numero_piece").is_not_null() & pl.col("justificatif").is_null())
    return report_rows(
        dataset["factures_fournisseurs"], offending, NO_ORIGINAL, "justificatif",
        lambda r: f"{r['numero_piece']} ({r['type']} {r['numero_fournisseur']} de "
                  f"{r['code_fournisseur']} du {short_date(r['date_facture'])}) : pas "
                  "d'original classé")


@rule("Une ligne de facture fournisseur cite une commande du même fournisseur",
      [*INVOICES, "commandes_achat"])
def invoice_order_supplier(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    headers = dataset.frame("factures_fournisseurs").select("numero_piece", "code_fournisseur")
    orders = dataset.frame("commandes_achat").select(
        "numero_commande", pl.col("code_fournisseur").alias("fournisseur_commande"))
    offending = (dataset.frame("lignes_facture_fournisseur")
                 .join(headers, on="numero_piece", how="inner")
                 .join(orders, on="numero_commande", how="inner")
                 .filter(pl.col("code_fournisseur") != pl.col("fournisseur_commande"))
                 .sort(ROW_COLUMN))
    return report_rows(
        dataset["lignes_facture_fournisseur"], offending, OTHER_SUPPLIER, "numero_commande",
        lambda r: f"{r['numero_piece']} ligne {r['ligne']} de {r['code_fournisseur']} cite "
                  f"la commande {r['numero_commande']} passée à {r['fournisseur_commande']}")


@rule("Rapprochement de chaque ligne de facture fournisseur : commande, réception, tarif",
      three_way_match.NEEDS)
def three_way(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["lignes_facture_fournisseur"]
    issues = []
    for row in three_way_match.invoice_discrepancies(dataset).iter_rows(named=True):
        issue_type, column = MATCH_TYPES[row["nature"]]
        message = (f"{row['numero_piece']} ligne {row['ligne']} ({row['code_fournisseur']}) "
                   f": {three_way_match.describe(row)}")
        issues.append(raise_issue(issue_type, table.source(row[ROW_COLUMN], column), message))
    return issues


@rule("Une réception est facturée dans le délai de la feuille Reglages", three_way_match.NEEDS,
      uses_as_of=True)
def uninvoiced_receipts(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    offending = three_way_match.uninvoiced_receipts(dataset, dataset.as_of)
    return report_rows(
        dataset["lignes_reception"], offending, UNINVOICED, "quantite_acceptee",
        lambda r: f"{r['numero_reception']} ligne {r['ligne']} du "
                  f"{short_date(r['date_reception'])} ({r['numero_commande']} ligne "
                  f"{r['ligne_commande']}) : {_units(r['quantite_non_facturee'])} "
                  f"jamais {_billed(r['quantite_non_facturee'])}")


def _units(quantity) -> str:
    word = plural(quantity, "unité acceptée", "unités acceptées").split(" ", 1)[1]
    return f"{number(quantity)} {word}"


def _billed(quantity) -> str:
    return "facturée" if abs(quantity) < 2 else "facturées"


CREDIT_NOTES = ("factures_fournisseurs", "lignes_facture_fournisseur", "lignes_commande_achat")


def _returns(dataset: Dataset, resource: str, consumables: bool) -> list[Issue]:
    offending = three_way_match.uncredited_returns(dataset, dataset.as_of, consumables)
    return report_rows(
        dataset[resource], offending, RETURN_UNCREDITED, "type",
        lambda r: f"{number(r['quantite'])} {r['code']}"
                  + (f" ({r['designation']})" if r["designation"] else "")
                  + f" renvoyé(s) le {short_date(r['date'])} à {r['code_fournisseur']} : "
                  f"aucun avoir de ce fournisseur pour cet article au "
                  f"{short_date(dataset.as_of)} (attendu avant le "
                  f"{short_date(r['date_limite'])})")


@rule("Un article renvoyé au fournisseur est couvert par un avoir",
      [*CREDIT_NOTES, "mouvements", "articles"], uses_as_of=True)
def returned_items_credited(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    return _returns(dataset, "mouvements", consumables=False)


@rule("Un consommable renvoyé au fournisseur est couvert par un avoir",
      [*CREDIT_NOTES, "mouvements_consommables", "consommables"], uses_as_of=True)
def returned_consumables_credited(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    return _returns(dataset, "mouvements_consommables", consumables=True)
