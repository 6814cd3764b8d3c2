"""The VAT treatment of a sale, by case (CGI art. 259, 262, 262 ter, 283, 293 B).

From the seller's VAT regime, the customer's zone, whether the customer is a business and
the nature of the supply, say whether French VAT rates apply, which legal mention the
invoice carries (read from the dated parameters ``tva.mentions.*``) and whether the
customer's VAT number is required (so that a missing number can be a blocking issue).

Limitations: a sale to a private customer in another member State is taxed in France as if
the seller stayed below the EU distance-selling threshold (CGI art. 258 A and 259 D); a franchise seller is given the 293 B mention in every case, even for services
whose place of supply is abroad; the special place-of-supply rules (services linked to a
building, transport, events, electronic services to private customers…) are not covered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from pipelines.law import Parameters, parameters


class Regime(Enum):
    REEL = "réel"
    FRANCHISE = "franchise"


class Zone(Enum):
    FRANCE = "France"
    UE = "UE"
    HORS_UE = "Hors UE"


class Nature(Enum):
    BIENS = "biens"
    SERVICES = "services"


class Treatment(Enum):
    TAXABLE = "taxable en France"
    LIVRAISON_INTRACOMMUNAUTAIRE = "livraison intracommunautaire exonérée"
    AUTOLIQUIDATION = "autoliquidation par le preneur"
    EXPORTATION = "exportation exonérée"
    HORS_CHAMP = "hors du champ de la TVA française"
    FRANCHISE = "franchise en base"


MENTION_PARAMETERS = {
    Treatment.LIVRAISON_INTRACOMMUNAUTAIRE: "tva.mentions.livraison_intracommunautaire",
    Treatment.AUTOLIQUIDATION: "tva.mentions.autoliquidation",
    Treatment.EXPORTATION: "tva.mentions.exportation",
    Treatment.HORS_CHAMP: "tva.mentions.prestation_hors_ue",
    Treatment.FRANCHISE: "tva.mentions.franchise_en_base",
}


@dataclass(frozen=True)
class VatTreatment:
    treatment: Treatment
    mention: str | None  # the legal mention printed on the invoice, None when rates apply
    vat_number_required: bool  # the customer's VAT number must be on the invoice

    @property
    def rates_apply(self) -> bool:
        """French VAT is charged at the line rates only for a taxable sale."""
        return self.treatment is Treatment.TAXABLE


def treatment_of(regime: Regime, zone: Zone, customer_is_business: bool, nature: Nature) -> Treatment:
    """The case of a sale:

    - a franchise seller charges no VAT (CGI art. 293 B);
    - in France, the VAT rates apply;
    - to a business in another member State: goods are an exempt intra-EU supply (art. 262
      ter I), services are taxed where the customer is established and the customer pays the
      tax (art. 259-1°, 283-2);
    - to a private customer in another member State: French VAT (see the module's limits);
    - goods shipped outside the EU are an exempt export (art. 262 I), whoever buys them;
    - services to a business outside the EU are supplied abroad (art. 259-1°), out of scope;
      to a private customer outside the EU, French VAT (the general rule, art. 259-2°; the
      exceptions for some services are not covered).
    """
    if regime is Regime.FRANCHISE:
        return Treatment.FRANCHISE
    if zone is Zone.FRANCE:
        return Treatment.TAXABLE
    if zone is Zone.UE:
        if not customer_is_business:
            return Treatment.TAXABLE
        if nature is Nature.BIENS:
            return Treatment.LIVRAISON_INTRACOMMUNAUTAIRE
        return Treatment.AUTOLIQUIDATION
    if nature is Nature.BIENS:
        return Treatment.EXPORTATION
    return Treatment.HORS_CHAMP if customer_is_business else Treatment.TAXABLE


def vat_treatment(
    regime: Regime,
    zone: Zone,
    customer_is_business: bool,
    nature: Nature,
    on: date,
    params: Parameters | None = None,
) -> VatTreatment:
    """The treatment, its mention in force on ``on`` and whether the customer's VAT number is
    required: for an intra-EU supply of goods and for reverse charge, the invoice carries the
    customer's intra-EU VAT number (CGI annexe II art. 242 nonies A)."""
    params = params or parameters()
    treatment = treatment_of(regime, zone, customer_is_business, nature)
    name = MENTION_PARAMETERS.get(treatment)
    mention = None if name is None else str(params.value(name, on))
    number_required = treatment in (
        Treatment.LIVRAISON_INTRACOMMUNAUTAIRE,
        Treatment.AUTOLIQUIDATION,
    )
    return VatTreatment(treatment, mention, number_required)
