"""The supplier-file figures of the management site (situation 2.1.3): each file's
completeness, the certificates and their validity, the price list in force, the purchases
by month and the open orders (see `pipelines.compute.suppliers`). No figure carries a
bank account number: the IBAN is only said to be missing."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from pipelines.compute import purchase_orders, suppliers
from pipelines.compute.purchase_invoices import supplier_invoice_totals
from pipelines.compute.specs import Inputs, Spec

ORDERS = ("commandes_achat", "lignes_commande_achat")
INVOICES = ("factures_fournisseurs", "lignes_facture_fournisseur")
CERTIFICATES = ("attestations_fournisseurs", "attestations_exigees")
MONEY = ("total_ht_eur", "commandes_ht_eur", "factures_ht_eur")


def _shared(inputs: Inputs, key: str, build: Callable[[], object]):
    return inputs.dataset.derived(("fournisseurs", key, inputs.as_of), build)


def certificate_states(inputs: Inputs) -> pl.DataFrame:
    return suppliers.supplier_certificates(inputs.dataset, inputs.parameters, inputs.as_of)


def still_expected(inputs: Inputs) -> pl.DataFrame:
    """The order lines still expected at the as-of date (one definition, purchase_orders)."""
    return purchase_orders.still_expected(
        inputs.frame("commandes_achat"), inputs.frame("lignes_commande_achat"),
        inputs.frame("receptions"), inputs.frame("lignes_reception"), inputs.as_of)


def orders(inputs: Inputs) -> pl.DataFrame | None:
    if any(inputs.frame(name) is None for name in ORDERS):
        return None
    return _shared(inputs, "commandes", lambda: suppliers.order_totals(
        inputs.frame("commandes_achat"), inputs.frame("lignes_commande_achat"),
        inputs.frame("cours_change")))


def invoices(inputs: Inputs) -> pl.DataFrame | None:
    if any(inputs.frame(name) is None for name in INVOICES):
        return None
    return supplier_invoice_totals(inputs.dataset)


SUPPLIER_FILE_SPECS: tuple[Spec, ...] = (
    Spec("fournisseurs_dossiers", "Dossiers fournisseurs", ("fournisseurs",),
         lambda i: suppliers.supplier_files(i.frame("fournisseurs"), certificate_states(i)),
         CERTIFICATES, titles=suppliers.SUPPLIER_FILE_TITLES),
    Spec("fournisseurs_attestations", "Documents des fournisseurs", ("fournisseurs",),
         certificate_states, CERTIFICATES, titles=suppliers.SUPPLIER_FILE_TITLES),
    Spec("fournisseurs_tarifs", "Tarifs fournisseurs en vigueur", ("tarifs",),
         lambda i: suppliers.current_price_list(i.frame("tarifs"), i.frame("articles"),
                                                i.as_of),
         ("articles",), titles=suppliers.SUPPLIER_FILE_TITLES),
    Spec("fournisseurs_achats_par_mois", "Achats par fournisseur et par mois", ORDERS,
         lambda i: suppliers.purchases_by_month(orders(i), invoices(i), i.as_of),
         (*INVOICES, "cours_change"), money=MONEY, titles=suppliers.SUPPLIER_FILE_TITLES),
    Spec("fournisseurs_commandes_ouvertes", "Commandes fournisseurs en cours", ORDERS,
         lambda i: suppliers.open_orders(orders(i), i.as_of, still_expected(i)),
         ("cours_change", "receptions", "lignes_reception"),
         money=MONEY, titles=suppliers.SUPPLIER_FILE_TITLES),
)
