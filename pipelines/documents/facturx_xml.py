"""The Factur-X CII XML of an invoice or a credit note, EN16931 profile, checked against the XSD.

Built with lxml along the UN/CEFACT CII D16B structure that Factur-X 1.0 (EN16931 profile)
uses. The amounts come from ``invoice_totals``, so that the XML adds up exactly: Σ line net
amounts + charges (shipping) − allowances (ristourne) = tax basis, and tax basis + VAT =
grand total. A credit note's figures are negative in Agora; the XML shows them positive under
type 381. The output is deterministic: no generation date, only the document's own dates.
"""

from __future__ import annotations

from decimal import Decimal

import facturx
from lxml import etree

from pipelines.compute.invoice_totals import ZERO, InvoiceLine, VatBase, to_cent
from pipelines.documents.cii_builder import (
    NAMESPACES,
    amount,
    date_102,
    decimal_text,
    percent,
    qualified,
    sub,
)
from pipelines.documents.cii_parties import add_agreement, add_delivery, add_payment_means
from pipelines.documents.invoice_document import InvoiceDocument
from pipelines.documents.legal_notes import legal_notes
from pipelines.documents.vat_categories import VatCategory, vat_category
from pipelines.french import money, number

EN16931_GUIDELINE = "urn:cen.eu:en16931:2017"
UNIT_CODE = "C62"  # « one », UN/ECE recommendation 20
DISCOUNT_REASON_CODE = "95"  # UNTDID 5189: discount
FREIGHT_REASON_CODE = "FC"  # UNTDID 7161: freight service


def build_cii_xml(document: InvoiceDocument) -> bytes:
    root = etree.Element(qualified("rsm:CrossIndustryInvoice"), nsmap=NAMESPACES)
    context = sub(root, "rsm:ExchangedDocumentContext")
    sub(sub(context, "ram:GuidelineSpecifiedDocumentContextParameter"), "ram:ID", EN16931_GUIDELINE)
    add_exchanged_document(root, document)
    transaction = sub(root, "rsm:SupplyChainTradeTransaction")
    for index, line in enumerate(document.invoice.lines):
        add_line(transaction, document, index, line)
    add_agreement(transaction, document)
    add_delivery(transaction, document)
    add_settlement(transaction, document)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def add_exchanged_document(root: etree._Element, document: InvoiceDocument) -> None:
    header = document.header
    exchanged = sub(root, "rsm:ExchangedDocument")
    sub(exchanged, "ram:ID", header.number)
    sub(exchanged, "ram:TypeCode", header.type.value)
    date_102(exchanged, "ram:IssueDateTime", header.issue_date)
    for note in legal_notes(document):
        included = sub(exchanged, "ram:IncludedNote")
        sub(included, "ram:Content", note.content)
        sub(included, "ram:SubjectCode", note.subject)


def add_trade_tax(
    parent: etree._Element, category: VatCategory, base: VatBase | None = None, sign: Decimal = Decimal(1)
) -> None:
    """An ApplicableTradeTax: with its amounts at the header (``base``), without on a line."""
    tax = sub(parent, "ram:ApplicableTradeTax")
    if base is not None:
        sub(tax, "ram:CalculatedAmount", amount(sign * base.vat))
    sub(tax, "ram:TypeCode", "VAT")
    if category.exemption_reason:
        sub(tax, "ram:ExemptionReason", category.exemption_reason)
    if base is not None:
        sub(tax, "ram:BasisAmount", amount(sign * base.base))
    sub(tax, "ram:CategoryCode", category.code)
    if category.exemption_code:
        sub(tax, "ram:ExemptionReasonCode", category.exemption_code)
    if category.rate is not None:
        sub(tax, "ram:RateApplicablePercent", percent(category.rate))


def line_reductions_text(line: InvoiceLine, sign: Decimal) -> str:
    """« Remise 10 %, rabais 5,00 € »: the reductions acquired, as the invoice states them."""
    parts = [f"remise {number(remise * 100)} %" for remise in line.remises]
    if line.rabais:
        parts.append(f"rabais {money(sign * line.rabais)}")
    text = ", ".join(parts)
    return text[:1].upper() + text[1:] if text else "Réduction"


def add_line(transaction: etree._Element, document: InvoiceDocument, index: int, line: InvoiceLine) -> None:
    sign = document.sign
    net = sign * document.totals.line_amounts[index]
    gross = to_cent(sign * line.quantity * line.unit_price)
    item = sub(transaction, "ram:IncludedSupplyChainTradeLineItem")
    sub(sub(item, "ram:AssociatedDocumentLineDocument"), "ram:LineID", str(index + 1))
    sub(sub(item, "ram:SpecifiedTradeProduct"), "ram:Name", document.line_labels[index])
    agreement = sub(item, "ram:SpecifiedLineTradeAgreement")
    sub(sub(agreement, "ram:NetPriceProductTradePrice"), "ram:ChargeAmount", decimal_text(line.unit_price))
    sub(
        sub(item, "ram:SpecifiedLineTradeDelivery"),
        "ram:BilledQuantity",
        decimal_text(sign * line.quantity),
        unitCode=UNIT_CODE,
    )
    settlement = sub(item, "ram:SpecifiedLineTradeSettlement")
    add_trade_tax(settlement, vat_category(document.vat, line.vat_rate))
    if gross != net:
        reason_code = DISCOUNT_REASON_CODE if gross > net else None
        add_allowance_charge(settlement, gross - net, reason_code, line_reductions_text(line, sign))
    summation = sub(settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation")
    sub(summation, "ram:LineTotalAmount", amount(net))


def add_allowance_charge(
    parent: etree._Element,
    reduction: Decimal,
    reason_code: str | None,
    reason: str,
    category: VatCategory | None = None,
    basis: tuple[Decimal, Decimal] | None = None,
) -> None:
    """An allowance when ``reduction`` is positive, a charge (its opposite) otherwise.

    ``basis``: the (percentage as a fraction, base amount) the amount was computed from."""
    is_charge = reduction < 0
    element = sub(parent, "ram:SpecifiedTradeAllowanceCharge")
    sub(sub(element, "ram:ChargeIndicator"), "udt:Indicator", "true" if is_charge else "false")
    if basis is not None:
        sub(element, "ram:CalculationPercent", percent(basis[0]))
        sub(element, "ram:BasisAmount", amount(basis[1]))
    sub(element, "ram:ActualAmount", amount(abs(reduction)))
    if reason_code is not None:
        sub(element, "ram:ReasonCode", reason_code)
    sub(element, "ram:Reason", reason)
    if category is not None:
        tax = sub(element, "ram:CategoryTradeTax")
        sub(tax, "ram:TypeCode", "VAT")
        sub(tax, "ram:CategoryCode", category.code)
        if category.rate is not None:
            sub(tax, "ram:RateApplicablePercent", percent(category.rate))


def add_document_allowances(settlement: etree._Element, document: InvoiceDocument) -> None:
    """The ristourne and the shipping costs of each VAT rate, as computed by the totals."""
    sign = document.sign
    for base in document.totals.vat_bases:
        category = vat_category(document.vat, base.rate)
        if base.ristourne:
            lines_total = sign * (base.base - base.shipping + base.ristourne)
            basis = (document.invoice.ristourne, lines_total)
            add_allowance_charge(
                settlement, sign * base.ristourne, DISCOUNT_REASON_CODE, "Ristourne", category, basis
            )
        if base.shipping:
            add_allowance_charge(
                settlement, -sign * base.shipping, FREIGHT_REASON_CODE, "Frais de port", category
            )


def add_settlement(transaction: etree._Element, document: InvoiceDocument) -> None:
    totals, sign = document.totals, document.sign
    settlement = sub(transaction, "ram:ApplicableHeaderTradeSettlement")
    if totals.euro is not None:
        sub(settlement, "ram:TaxCurrencyCode", "EUR")
    sub(settlement, "ram:InvoiceCurrencyCode", totals.currency)
    add_payment_means(settlement, document.seller)
    add_header_taxes(settlement, document)
    add_document_allowances(settlement, document)
    add_payment_terms(settlement, document)
    summation = sub(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    bases = totals.vat_bases
    sub(summation, "ram:LineTotalAmount", amount(sign * sum(totals.line_amounts, ZERO)))
    sub(summation, "ram:ChargeTotalAmount", amount(sign * sum((b.shipping for b in bases), ZERO)))
    sub(summation, "ram:AllowanceTotalAmount", amount(sign * sum((b.ristourne for b in bases), ZERO)))
    sub(summation, "ram:TaxBasisTotalAmount", amount(sign * totals.total_ht))
    sub(summation, "ram:TaxTotalAmount", amount(sign * totals.total_vat), currencyID=totals.currency)
    if totals.euro is not None:
        sub(summation, "ram:TaxTotalAmount", amount(sign * totals.euro.total_vat), currencyID="EUR")
    sub(summation, "ram:GrandTotalAmount", amount(sign * totals.total_ttc))
    sub(summation, "ram:DuePayableAmount", amount(sign * totals.total_ttc))
    add_preceding_invoice(settlement, document)


def add_header_taxes(settlement: etree._Element, document: InvoiceDocument) -> None:
    for base in document.totals.vat_bases:
        add_trade_tax(settlement, vat_category(document.vat, base.rate), base, document.sign)


def add_payment_terms(settlement: etree._Element, document: InvoiceDocument) -> None:
    payment = document.payment
    terms = sub(settlement, "ram:SpecifiedTradePaymentTerms")
    sub(terms, "ram:Description", payment.terms)
    if payment.due_date is not None:
        date_102(terms, "ram:DueDateDateTime", payment.due_date)


def add_preceding_invoice(settlement: etree._Element, document: InvoiceDocument) -> None:
    header = document.header
    if not header.preceding_invoice:
        return
    reference = sub(settlement, "ram:InvoiceReferencedDocument")
    sub(reference, "ram:IssuerAssignedID", header.preceding_invoice)
    if header.preceding_invoice_date is not None:
        date_102(reference, "ram:FormattedIssueDateTime", header.preceding_invoice_date, kind="qdt")


def check_xsd(xml: bytes) -> list[str]:
    """The XSD errors of a Factur-X EN16931 XML, in French; empty when the XML is valid."""
    try:
        facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931")
    except Exception as error:  # the library raises a bare Exception
        cause = error.__cause__
        if not isinstance(cause, etree.DocumentInvalid):
            return [f"Le XML Factur-X est illisible : {cause or error}"]
        return [
            f"Le XML Factur-X n'est pas conforme au schéma EN16931 (ligne {entry.line}) : {entry.message}"
            for entry in cause.error_log
        ]
    return []
