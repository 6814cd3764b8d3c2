"""The VAT case of a sale of the sales workbook, decided once for the documents and the checks.

From the organisation (its VAT regime), the customer (zone, business or private, VAT
number) and the invoice (nature, delivery country), `sale_case` gives the facts of
`vat_treatment`; `rate_conflict` says, in French, why a line's VAT rate contradicts that
case. The invoice documents print the case (`pipelines.documents.sales_documents`) and the
validation rules check the lines against it (`pipelines.validate.rules.sales_invoices`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

import polars as pl

from pipelines.compute.vat_treatment import (
    Nature,
    Regime,
    Treatment,
    VatTreatment,
    Zone,
    treatment_of,
    vat_treatment,
)
from pipelines.dataset import ROW_COLUMN
from pipelines.law import Parameters
from pipelines.validate.rules.customers import EU_MEMBER_STATES

VAT_NATURES = {"biens": Nature.BIENS, "services": Nature.SERVICES, "mixte": Nature.BIENS}
FRANCHISE_REGIME = "franchise"
PRIVATE_CUSTOMER = "particulier"


def rows_by(frame: pl.DataFrame, key: str) -> dict[str, list[dict]]:
    """The rows of a frame grouped by ``key``, each group in the order of the sheet."""
    grouped: dict[str, list[dict]] = {}
    for row in frame.sort(ROW_COLUMN).iter_rows(named=True):
        grouped.setdefault(row[key], []).append(row)
    return grouped


def first_rows(frame: pl.DataFrame, key: str) -> dict[str, dict]:
    return {value: rows[0] for value, rows in rows_by(frame, key).items() if value is not None}


def text(value: object) -> str:
    return "" if value is None else str(value).strip()


def regime_of(organisation: Mapping) -> Regime:
    return Regime.FRANCHISE if organisation.get("regime_tva") == FRANCHISE_REGIME else Regime.REEL


def zone_of_country(country: str | None) -> Zone | None:
    if not country:
        return None
    if country == "FR":
        return Zone.FRANCE
    return Zone.UE if country in EU_MEMBER_STATES else Zone.HORS_UE


def sale_zone(customer: Mapping, invoice: Mapping) -> Zone:
    """Where goods go (the delivery country, else the customer's zone); where the
    customer is for services."""
    customer_zone = Zone(customer.get("zone") or Zone.FRANCE.value)
    if invoice.get("nature") == "services":
        return customer_zone
    return zone_of_country(invoice.get("pays_livraison")) or customer_zone


def sale_case(
    organisation: Mapping, customer: Mapping, invoice: Mapping, charges_vat: bool
) -> tuple[Regime, Zone, bool, Nature]:
    """The facts that decide the VAT case of a sale: the organisation's regime, the zone of
    the sale, whether the customer acts as a business and the nature of the supply.

    A business customer of another member State is exempt (or reverse-charged) when it has
    an intra-EU VAT number, or when the invoice applies the exemption (no line carries VAT,
    the missing number being a blocking issue of its own); an invoice to such a customer
    without a number that charges French VAT (``charges_vat``) is a sale taxed in France:
    without the number, the customer cannot have the exemption of art. 262 ter I."""
    zone = sale_zone(customer, invoice)
    business = customer.get("type_client") != PRIVATE_CUSTOMER
    if zone is Zone.UE and charges_vat and not text(customer.get("numero_tva")):
        business = False
    return regime_of(organisation), zone, business, VAT_NATURES[invoice.get("nature") or "biens"]


def sale_treatment(
    organisation: Mapping, customer: Mapping, invoice: Mapping, charges_vat: bool
) -> Treatment:
    """The VAT case of a sale, without its dated mention (see `sale_case`)."""
    return treatment_of(*sale_case(organisation, customer, invoice, charges_vat))


def treatment_of_sale(
    organisation: Mapping,
    customer: Mapping,
    invoice: Mapping,
    lines: Sequence[Mapping],
    params: Parameters,
) -> VatTreatment:
    """The VAT case of an invoice with its legal mention in force on its date (see
    `sale_case`)."""
    charges_vat = any(row.get("taux_tva") for row in lines)
    return vat_treatment(
        *sale_case(organisation, customer, invoice, charges_vat),
        invoice["date_facture"],
        params,
    )


def rate_conflict(treatment: Treatment, percent: Decimal) -> str | None:
    """Why a line's VAT rate (in %) contradicts the VAT case of its sale, in French; None
    when it agrees: a franchise seller charges no VAT, an exempt or reverse-charged sale
    has its lines at 0 %, a sale taxed in France has none at 0 %."""
    if treatment is Treatment.FRANCHISE:
        if percent:
            return ("l'organisation est en franchise en base de TVA (CGI art. 293 B) : "
                    "elle ne facture pas de TVA, ses lignes sont à 0 %")
        return None
    if treatment is Treatment.TAXABLE:
        if not percent:
            return ("la vente est taxable en France : une ligne à 0 % n'y a pas sa place, "
                    "appliquez le taux de TVA de l'article")
        return None
    if percent:
        return (f"la vente est une « {treatment.value} » : elle ne porte pas de TVA "
                "française, ses lignes sont à 0 %")
    return None
