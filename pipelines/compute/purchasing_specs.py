"""The purchasing figures of the management site: supplier invoices and the three-way
match, supplier payments and their schedule, supplier files."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from pipelines.compute import purchase_orders, three_way_match
from pipelines.compute.purchase_invoices import supplier_invoice_totals
from pipelines.compute.specs import Inputs, Spec
from pipelines.dataset import ROW_COLUMN

INVOICES = ("factures_fournisseurs", "lignes_facture_fournisseur")
ORDERS = ("commandes_achat", "lignes_commande_achat")
RECEIPTS = ("receptions", "lignes_reception")

MONEY = (
    "total_ht", "tva_facturee", "total_ttc", "total_ttc_imprime", "ecart_ttc", "total_ht_eur",
    "tva_facturee_eur", "total_ttc_eur", "tva_autoliquidee_eur", "tva_importation_eur",
    "tva_deductible_eur", "montant_ecart_ht", "valeur_reste_ht", "prix_unitaire_ht",
    "tva_non_deductible_sans_facture_eur",
)
TITLES = {
    "numero_piece": "N° de pièce", "numero_fournisseur": "N° chez le fournisseur",
    "raison_sociale": "Fournisseur", "total_ht": "Total HT",
    "tva_facturee": "TVA facturée", "total_ttc": "Total TTC des lignes",
    "total_ttc_imprime": "Total TTC imprimé", "ecart_ttc": "Écart avec le total imprimé",
    "total_ht_eur": "Total HT en euros", "tva_facturee_eur": "TVA facturée en euros",
    "total_ttc_eur": "Total TTC en euros",
    "tva_autoliquidee_eur": "TVA autoliquidée en euros (acquisition intracommunautaire)",
    "tva_importation_eur": "TVA à l'importation en euros",
    "tva_deductible_eur": "TVA déductible en euros", "pieces": "Pièces",
    "tva_non_deductible_sans_facture_eur": "TVA non déductible sans facture, en euros",
    "nature": "Nature de l'écart", "attendu": "Attendu", "facture": "Facturé",
    "montant_ecart_ht": "Montant de l'écart HT", "receptions": "Réceptions",
    "detail": "Détail", "ecarts": "Écarts", "quantite_recue": "Quantité reçue",
    "quantite_en_reclamation": "Quantité refusée ou endommagée",
    "reste_attendu": "Reste à recevoir", "valeur_reste_ht": "Valeur HT du reste",
    "en_retard": "En retard", "jours_de_retard": "Jours de retard", "lignes": "Lignes",
    "receptions_en_retard": "Réceptions en retard",
    "retard_moyen_jours": "Retard moyen (jours)",
    "retard_maximal_jours": "Retard maximal (jours)",
    "_ligne_commande": "Ligne de la commande (CommandesAchat)",
}


def _names(inputs: Inputs, frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with the supplier's name (raison_sociale) after its code."""
    suppliers = inputs.frame("fournisseurs")
    if suppliers is None or "raison_sociale" in frame.columns:
        return frame
    named = frame.join(suppliers.select("code_fournisseur", "raison_sociale"),
                       on="code_fournisseur", how="left")
    columns = list(frame.columns)
    at = columns.index("code_fournisseur") + 1
    return named.select(columns[:at] + ["raison_sociale"] + columns[at:])


def invoice_register(inputs: Inputs) -> pl.DataFrame:
    """Every supplier invoice and credit note with its totals and VAT case."""
    return _names(inputs, supplier_invoice_totals(inputs.dataset)).sort(ROW_COLUMN)


def vat_cases(inputs: Inputs) -> pl.DataFrame:
    """Per VAT case: pieces, HT and VAT in euros, self-assessed, import and deductible VAT."""
    sums = ("total_ht_eur", "tva_facturee_eur", "tva_autoliquidee_eur", "tva_importation_eur",
            "tva_deductible_eur", "tva_non_deductible_sans_facture_eur")
    return (supplier_invoice_totals(inputs.dataset).group_by("cas_tva")
            .agg(pl.len().alias("pieces"), *(pl.col(name).sum() for name in sums))
            .with_columns(pl.col("pieces").cast(pl.Int64)).sort("cas_tva"))


def discrepancies(inputs: Inputs) -> pl.DataFrame:
    """The three-way-match differences: the list to send to the manager."""
    return three_way_match.invoice_discrepancies(inputs.dataset)


def _spec(name: str, title: str, needs: tuple[str, ...], build: Callable[[Inputs], pl.DataFrame],
          uses: tuple[str, ...] = ()) -> Spec:
    return Spec(name, title, needs, build, uses, money=MONEY, titles=TITLES)


PURCHASING_SPECS: tuple[Spec, ...] = (
    _spec("factures_fournisseurs", "Registre des factures et avoirs fournisseurs", INVOICES,
          invoice_register, ("fournisseurs",)),
    _spec("factures_fournisseurs_tva", "Factures fournisseurs : TVA par cas", INVOICES,
          vat_cases),
    _spec("ecarts_rapprochement", "Anomalies de rapprochement commande, réception, facture",
          (*INVOICES, *ORDERS, *RECEIPTS), discrepancies,
          ("fournisseurs", "tarifs", "reglages")),
    _spec("ecarts_rapprochement_synthese", "Anomalies de rapprochement par nature",
          (*INVOICES, *ORDERS, *RECEIPTS),
          lambda i: three_way_match.discrepancy_summary(discrepancies(i)),
          ("tarifs", "reglages")),
    _spec("commandes_fournisseurs_en_cours", "Commandes fournisseurs en cours : reste à recevoir",
          ORDERS, lambda i: _names(i, purchase_orders.open_order_lines(i.dataset, i.as_of)),
          (*RECEIPTS, "fournisseurs")),
    _spec("commandes_fournisseurs_en_retard", "Commandes fournisseurs en retard",
          ORDERS, lambda i: _names(i, purchase_orders.late_orders(i.dataset, i.as_of)),
          (*RECEIPTS, "fournisseurs")),
    _spec("retards_fournisseurs", "Retards de livraison par fournisseur",
          (*ORDERS, *RECEIPTS),
          lambda i: _names(i, purchase_orders.delays_by_supplier(i.dataset)),
          ("fournisseurs",)),
)
