"""Customers and suppliers: the lists, the per-party files, outstanding vs credit limit.

These figures are for the management site only. A supplier's IBAN is never selected:
payment details stay in the workbook.

A customer's **encours** (what it owes) is computed from the sales workbook when its
sheets are there (Factures, LignesFacture, Reglements, Lettrage): the rest of its invoices
in euros as of the date, the same amounts as the receivables (`outstanding`). The typed
column ``encours`` of Clients is used only without that workbook.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from pipelines.compute import receivables
from pipelines.compute.money import zero
from pipelines.compute.names import with_employee_name
from pipelines.dataset import NUMBER_DTYPE, ROW_COLUMN, Dataset
from pipelines.law import Parameters

SALES_SHEETS = ("factures", "lignes_facture", "reglements", "lettrage")

CUSTOMER_COLUMNS = (
    "code_client", "raison_sociale", "type_client", "siren", "numero_tva", "pays", "zone",
    "adresse", "code_postal", "ville", "adresse_livraison", "code_postal_livraison",
    "ville_livraison", "delai_paiement_jours", "fin_de_mois", "plafond_credit", "encours",
    "statut", "contact_nom", "contact_email", "contact_telephone", "consentement_rgpd",
    "date_consentement", "commercial", "date_creation", "notes", ROW_COLUMN,
)
SUPPLIER_COLUMNS = (
    "code_fournisseur", "raison_sociale", "siren", "numero_tva", "pays", "zone", "adresse",
    "code_postal", "ville", "bic", "delai_paiement_jours", "mode_reglement", "devise",
    "categorie", "contact_nom", "contact_email", "contact_telephone", "statut", "client_lie",
    "date_creation", ROW_COLUMN,
)


def with_salesperson_name(frame: pl.DataFrame, salaries: pl.DataFrame | None) -> pl.DataFrame:
    return with_employee_name(frame, salaries, "commercial", "commercial_nom")


def outstanding(dataset: Dataset, parameters: Parameters | None = None,
                as_of: date | None = None) -> pl.DataFrame | None:
    """(code_client, encours): what each customer owes as of the date, from the
    receivables (computed once per dataset and date); None without the sales workbook."""
    if not all(sheet in dataset for sheet in SALES_SHEETS):
        return None
    return receivables.owed_by_customer(receivables.shared(dataset, parameters, as_of))


def with_outstanding(clients: pl.DataFrame, owed: pl.DataFrame | None) -> pl.DataFrame:
    """Clients with ``encours`` replaced by what each customer owes (`outstanding`), 0 for
    a customer who owes nothing; unchanged without it (the typed column)."""
    if owed is None:
        return clients
    return (clients.drop("encours")
            .join(owed, on="code_client", how="left", coalesce=True)
            .with_columns(pl.col("encours").fill_null(zero()).cast(NUMBER_DTYPE))
            .select(clients.columns))


def customer_list(clients: pl.DataFrame, salaries: pl.DataFrame | None = None,
                  owed: pl.DataFrame | None = None) -> pl.DataFrame:
    """Every customer with its file's fields and its salesperson's name, by code (its
    encours computed when `owed` is given, see `with_outstanding`)."""
    return with_salesperson_name(
        with_outstanding(clients, owed).select(CUSTOMER_COLUMNS), salaries
    ).sort("code_client", nulls_last=True)


def credit_exposure(clients: pl.DataFrame, owed: pl.DataFrame | None = None) -> pl.DataFrame:
    """Outstanding vs credit limit: over-limit customers first, then the least headroom
    (the encours computed when `owed` is given, see `with_outstanding`)."""
    return (
        with_outstanding(clients, owed)
        .select("code_client", "raison_sociale", "statut", "plafond_credit", "encours")
        .with_columns(disponible=pl.col("plafond_credit") - pl.col("encours"))
        .with_columns(depassement=(pl.col("disponible") < 0).fill_null(False))
        .sort(
            pl.col("depassement"), pl.col("disponible"), pl.col("code_client"),
            descending=[True, False, False], nulls_last=True,
        )
    )


def supplier_list(fournisseurs: pl.DataFrame) -> pl.DataFrame:
    """Every supplier with its file's fields (no bank account number), by code."""
    return fournisseurs.select(SUPPLIER_COLUMNS).sort("code_fournisseur", nulls_last=True)


def supplier_items(articles: pl.DataFrame) -> pl.DataFrame:
    """(code_fournisseur, reference, designation, prix_achat_ht, actif): who supplies what."""
    return articles.select(
        "code_fournisseur", "reference", "designation", "prix_achat_ht", "actif"
    ).sort("code_fournisseur", "reference", nulls_last=True)


def credit_summary(exposure: pl.DataFrame) -> pl.DataFrame:
    """One row: (clients, encours_total, clients_en_depassement), from `credit_exposure`."""
    return exposure.select(
        clients=pl.len().cast(pl.Int64),
        encours_total=pl.col("encours").sum().cast(NUMBER_DTYPE),
        clients_en_depassement=pl.col("depassement").sum().cast(pl.Int64),
    )
