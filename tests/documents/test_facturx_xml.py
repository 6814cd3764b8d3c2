"""The Factur-X EN16931 CII XML: XSD, golden files and the mandatory mentions read back."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from golden import assert_matches_golden

from pipelines.compute.vat_treatment import Nature, Regime, Zone, vat_treatment
from pipelines.documents import build_cii_xml, check_xsd
from pipelines.documents.vat_categories import vat_category

from .samples import (
    ISSUED,
    SAMPLES,
    dollar_invoice_with_escompte,
    domestic_credit_note,
    domestic_invoice,
    export_invoice,
    franchise_invoice,
    intra_eu_invoice,
    services_outside_eu_invoice,
)
from .xml_reading import DOCUMENT_ALLOWANCE, HEADER_TAX, SUMMATION, CiiReader

SELLER = "//ram:SellerTradeParty"
BUYER = "//ram:BuyerTradeParty"


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_each_sample_passes_the_xsd_and_matches_its_golden_file(name):
    xml = build_cii_xml(SAMPLES[name]())
    assert check_xsd(xml) == []
    assert_matches_golden(f"documents/{name}.xml", xml.decode("utf-8"))


def test_the_output_is_deterministic():
    assert build_cii_xml(domestic_invoice()) == build_cii_xml(domestic_invoice())


def test_domestic_invoice_carries_every_mandatory_mention():
    xml = CiiReader(build_cii_xml(domestic_invoice()))
    assert (
        xml.text("//ram:GuidelineSpecifiedDocumentContextParameter/ram:ID/text()")
        == "urn:cen.eu:en16931:2017"
    )
    assert xml.text("//rsm:ExchangedDocument/ram:ID/text()") == "F2026-0042"
    assert xml.text("//rsm:ExchangedDocument/ram:TypeCode/text()") == "380"
    assert xml.text("//ram:IssueDateTime/udt:DateTimeString/text()") == "20260316"
    assert xml.text("//ram:IssueDateTime/udt:DateTimeString/@format") == "102"
    assert xml.text("//ram:ActualDeliverySupplyChainEvent//udt:DateTimeString/text()") == "20260312"
    assert xml.text("//ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID/text()") == "BC-2026-118"
    assert xml.note("PMT").startswith("Indemnité forfaitaire pour frais de recouvrement")
    assert "40,00\u00a0€" in xml.note("PMT")
    assert xml.note("PMD") == (
        "Pénalités de retard : taux de refinancement de la BCE majoré de 10 points, soit 12,15 % l'an"
    )
    assert xml.note("AAB") == "Pas d'escompte pour paiement anticipé"
    assert xml.note("REG") == "Atelier Agora, SAS au capital de 50\u202f000,00\u00a0€, RCS Lyon 732 829 320"
    assert xml.note("TXD") == "Option pour le paiement de la taxe d'après les débits"
    assert xml.note("AAI") == "Nature de l'opération : livraison de biens"


def test_domestic_invoice_identifies_both_parties_and_the_payment():
    xml = CiiReader(build_cii_xml(domestic_invoice()))
    assert xml.text(f"{SELLER}/ram:Name/text()") == "Atelier Agora"
    assert xml.text(f"{SELLER}/ram:GlobalID[@schemeID='0009']/text()") == "73282932000074"
    assert xml.text(f"{SELLER}/ram:SpecifiedLegalOrganization/ram:ID[@schemeID='0002']/text()") == "732829320"
    assert xml.text(f"{SELLER}/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']/text()") == "FR44732829320"
    assert xml.text(f"{BUYER}/ram:SpecifiedLegalOrganization/ram:ID/text()") == "732829320"
    assert xml.text(f"{BUYER}//ram:CityName/text()") == "Grenoble"
    assert xml.text("//ram:ShipToTradeParty//ram:CityName/text()") == "Saint-Martin-d'Hères"
    assert (
        xml.text("//ram:PayeePartyCreditorFinancialAccount/ram:IBANID/text()")
        == "FR7630006000011234567890189"
    )
    assert xml.text("//ram:PayeeSpecifiedCreditorFinancialInstitution/ram:BICID/text()") == "AGRIFRPP"
    assert xml.text("//ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode/text()") == "58"
    assert xml.text("//ram:SpecifiedTradePaymentTerms//udt:DateTimeString/text()") == "20260415"


def test_domestic_invoice_totals_two_rates_ristourne_and_shipping():
    xml = CiiReader(build_cii_xml(domestic_invoice()))
    assert xml.texts(f"{HEADER_TAX}/ram:RateApplicablePercent/text()") == ["20.00", "5.50"]
    assert xml.amounts(f"{HEADER_TAX}/ram:BasisAmount/text()") == [D("407.34"), D("48.51")]
    assert xml.amounts(f"{HEADER_TAX}/ram:CalculatedAmount/text()") == [D("81.47"), D("2.67")]
    assert xml.amounts(f"{DOCUMENT_ALLOWANCE}[.//udt:Indicator='false']/ram:ActualAmount/text()") == [
        D("8.01"),
        D("0.99"),
    ]
    assert xml.amounts(f"{DOCUMENT_ALLOWANCE}[.//udt:Indicator='true']/ram:ActualAmount/text()") == [
        D("15.00")
    ]
    assert xml.amount(f"{SUMMATION}/ram:LineTotalAmount/text()") == D("449.85")
    assert xml.amount(f"{SUMMATION}/ram:TaxBasisTotalAmount/text()") == D("455.85")
    assert xml.amount(f"{SUMMATION}/ram:GrandTotalAmount/text()") == D("539.99")
    assert xml.texts("//ram:IncludedSupplyChainTradeLineItem//ram:Reason/text()") == [
        "Remise 10 %",
        "Rabais 5,00\u00a0€",
    ]


@pytest.mark.parametrize(
    ("sample", "category", "code", "mention"),
    [
        (intra_eu_invoice, "K", "VATEX-EU-IC", "Exonération de TVA, art. 262 ter I du CGI"),
        (export_invoice, "G", "VATEX-EU-G", "Exonération de TVA, art. 262 I du CGI"),
        (franchise_invoice, "E", "VATEX-FR-FRANCHISE", "TVA non applicable, art. 293 B du CGI"),
    ],
)
def test_an_exempt_sale_carries_its_category_code_and_mention(sample, category, code, mention):
    xml = CiiReader(build_cii_xml(sample()))
    assert xml.text(f"{HEADER_TAX}/ram:CategoryCode/text()") == category
    assert xml.text(f"{HEADER_TAX}/ram:ExemptionReasonCode/text()") == code
    assert xml.text(f"{HEADER_TAX}/ram:ExemptionReason/text()") == mention
    assert xml.text(f"{HEADER_TAX}/ram:RateApplicablePercent/text()") == "0.00"
    assert xml.amount(f"{SUMMATION}/ram:TaxTotalAmount/text()") == D("0.00")
    assert set(xml.texts("//ram:SpecifiedLineTradeSettlement//ram:CategoryCode/text()")) == {category}


def test_intra_eu_invoice_shows_the_buyer_vat_number_and_taxes_shipping_alike():
    xml = CiiReader(build_cii_xml(intra_eu_invoice()))
    assert xml.text(f"{BUYER}/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']/text()") == "DE136695976"
    assert xml.text(f"{BUYER}//ram:CountryID/text()") == "DE"
    assert xml.text(f"{DOCUMENT_ALLOWANCE}//ram:CategoryCode/text()") == "K"
    assert xml.amount(f"{SUMMATION}/ram:GrandTotalAmount/text()") == D("882.00")


def test_franchise_seller_without_vat_number_has_no_tax_registration():
    xml = CiiReader(build_cii_xml(franchise_invoice()))
    assert xml.texts(f"{SELLER}/ram:SpecifiedTaxRegistration") == []


def test_credit_note_cites_its_invoice_and_shows_positive_amounts():
    invoice = CiiReader(build_cii_xml(domestic_invoice()))
    credit = CiiReader(build_cii_xml(domestic_credit_note()))
    assert credit.text("//rsm:ExchangedDocument/ram:TypeCode/text()") == "381"
    assert credit.text("//ram:InvoiceReferencedDocument/ram:IssuerAssignedID/text()") == "F2026-0042"
    assert credit.text("//ram:InvoiceReferencedDocument//qdt:DateTimeString/text()") == "20260316"
    for total in (
        "LineTotalAmount",
        "AllowanceTotalAmount",
        "ChargeTotalAmount",
        "TaxTotalAmount",
        "GrandTotalAmount",
    ):
        path = f"{SUMMATION}/ram:{total}/text()"
        assert credit.amount(path) == invoice.amount(path) > 0
    assert credit.texts("//ram:BilledQuantity/text()") == invoice.texts("//ram:BilledQuantity/text()")
    reasons = "//ram:IncludedSupplyChainTradeLineItem//ram:Reason/text()"
    assert credit.texts(reasons) == invoice.texts(reasons) == ["Remise 10 %", "Rabais 5,00\u00a0€"]


def test_check_xsd_reports_in_french():
    xml = build_cii_xml(domestic_invoice()).replace(b"<ram:TypeCode>380</ram:TypeCode>", b"")
    errors = check_xsd(xml)
    assert errors and errors[0].startswith("Le XML Factur-X n'est pas conforme au schéma EN16931 (ligne ")
    assert check_xsd(b"pas du XML")[0].startswith("Le XML Factur-X est illisible")


def test_a_rated_line_in_an_exempt_sale_is_refused():
    vat = vat_treatment(Regime.REEL, Zone.HORS_UE, True, Nature.BIENS, ISSUED)
    with pytest.raises(ValueError, match="exportation exonérée"):
        vat_category(vat, D("0.20"))


def test_services_outside_the_scope_of_vat_carry_no_vat_identifier():
    xml = CiiReader(build_cii_xml(services_outside_eu_invoice()))
    assert xml.text(f"{HEADER_TAX}/ram:CategoryCode/text()") == "O"
    assert xml.text(f"{HEADER_TAX}/ram:ExemptionReasonCode/text()") == "VATEX-EU-O"
    assert xml.texts("//ram:RateApplicablePercent") == []
    assert xml.text(f"{SELLER}/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='FC']/text()") == "FR44732829320"
    assert xml.texts("//ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']") == []
    assert xml.note("AAI") == "Nature de l'opération : prestation de services"


def test_an_invoice_in_dollars_states_its_vat_in_euros_and_its_escompte():
    document = dollar_invoice_with_escompte()
    xml = CiiReader(build_cii_xml(document))
    assert xml.text("//ram:InvoiceCurrencyCode/text()") == "USD"
    assert xml.text("//ram:TaxCurrencyCode/text()") == "EUR"
    assert xml.amount(f"{SUMMATION}/ram:TaxTotalAmount[@currencyID='USD']/text()") == D("82.79")
    assert xml.amount(f"{SUMMATION}/ram:TaxTotalAmount[@currencyID='EUR']/text()") == D("76.29")
    assert document.totals.euro.total_vat == D("76.29")
    assert xml.note("AAB") == (
        "Escompte de 2 % pour paiement anticipé : 521,99\u00a0$US à payer, TVA réduite à due proportion"
    )
