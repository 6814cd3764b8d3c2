"""Quotes (devis) and delivery notes (bons de livraison), printed as PDF/A-3b.

A quote states what the customer will pay if it accepts: its lines and totals computed by
the exact core (`invoice_totals`, the same as an invoice's), its validity date, the VAT
mention of its case and the space for the customer's « Bon pour accord ». A delivery note
goes with the goods: what was delivered against which order, where, by which carrier, and
no price. Both carry the seller's legal identity like the invoice (`invoice_pdf`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from pipelines.compute.invoice_totals import Invoice, InvoiceTotals, invoice_totals
from pipelines.compute.vat_treatment import VatTreatment
from pipelines.documents.invoice_document import Address, Buyer, Seller
from pipelines.documents.invoice_pdf import (
    address_lines,
    adjustments,
    printed_lines,
    printed_vat_bases,
    seller_fields,
    siren_text,
)
from pipelines.documents.templating import render_html, render_pdf_a3
from pipelines.french import long_date, money, number

ONE = Decimal(1)


@dataclass(frozen=True)
class QuoteDocument:
    """The last version of a quote; ``invoice`` holds its lines for the exact totals."""

    seller: Seller
    buyer: Buyer
    number: str
    version: int
    issue_date: date
    valid_until: date | None
    subject: str | None
    invoice: Invoice
    line_labels: tuple[str, ...]
    vat: VatTreatment
    payment_terms: str
    contact: str | None = None  # the salesperson who follows the quote
    totals: InvoiceTotals = field(init=False)

    def __post_init__(self) -> None:
        if len(self.line_labels) != len(self.invoice.lines):
            raise ValueError("Il faut une désignation par ligne de devis.")
        object.__setattr__(self, "totals", invoice_totals(self.invoice))

    @property
    def sign(self) -> Decimal:
        return ONE


@dataclass(frozen=True)
class DeliveredLine:
    reference: str | None
    label: str
    ordered: Decimal | None  # the quantity of the order line, when known
    delivered: Decimal
    unit: str | None = None


@dataclass(frozen=True)
class DeliveryNote:
    seller: Seller
    buyer: Buyer  # the customer (billing address); goods go to ``delivery_address``
    delivery_address: Address
    number: str
    delivery_date: date
    order_number: str | None
    order_date: date | None
    order_reference: str | None  # the customer's own order number
    carrier: str | None
    status: str | None
    lines: tuple[DeliveredLine, ...]
    remark: str | None = None


def buyer_fields(buyer: Buyer, home_country: str) -> dict[str, object]:
    return {
        "name": buyer.name,
        "address": address_lines(buyer.address, home_country),
        "siren": siren_text(buyer.siren) if buyer.siren else None,
        "vat_number": buyer.vat_number,
    }


def quote_context(quote: QuoteDocument) -> dict[str, object]:
    totals, currency = quote.totals, quote.totals.currency
    title = f"Devis n° {quote.number}"
    return {
        "title": title,
        "number": quote.number,
        "version": quote.version,
        "created": quote.issue_date.isoformat(),
        "issue_date": long_date(quote.issue_date),
        "valid_until": long_date(quote.valid_until) if quote.valid_until else None,
        "subject": quote.subject,
        "contact": quote.contact,
        "seller": seller_fields(quote.seller),
        "buyer": buyer_fields(quote.buyer, quote.seller.address.country),
        "lines": printed_lines(quote),
        "vat_bases": printed_vat_bases(quote),
        "adjustments": adjustments(quote),
        "total_ht": money(totals.total_ht, currency),
        "total_vat": money(totals.total_vat, currency),
        "total_ttc": money(totals.total_ttc, currency),
        "vat_mention": quote.vat.mention,
        "payment_terms": quote.payment_terms,
    }


def render_quote_html(quote: QuoteDocument) -> str:
    return render_html("quote.html", quote_context(quote))


def render_quote_pdf(quote: QuoteDocument) -> bytes:
    return render_pdf_a3(render_quote_html(quote))


def delivered_rows(note: DeliveryNote) -> list[dict[str, str]]:
    return [
        {
            "reference": line.reference or "—",
            "label": line.label,
            "ordered": number(line.ordered) if line.ordered is not None else "—",
            "delivered": number(line.delivered),
            "unit": line.unit or "",
            "remaining": number(line.ordered - line.delivered)
            if line.ordered is not None and line.ordered > line.delivered
            else "—",
        }
        for line in note.lines
    ]


def delivery_note_context(note: DeliveryNote) -> dict[str, object]:
    home = note.seller.address.country
    return {
        "title": f"Bon de livraison n° {note.number}",
        "number": note.number,
        "created": note.delivery_date.isoformat(),
        "delivery_date": long_date(note.delivery_date),
        "order_number": note.order_number,
        "order_date": long_date(note.order_date) if note.order_date else None,
        "order_reference": note.order_reference,
        "carrier": note.carrier,
        "status": note.status,
        "remark": note.remark,
        "seller": seller_fields(note.seller),
        "buyer": buyer_fields(note.buyer, home),
        "delivery_address": address_lines(note.delivery_address, home),
        "lines": delivered_rows(note),
    }


def render_delivery_note_html(note: DeliveryNote) -> str:
    return render_html("delivery_note.html", delivery_note_context(note))


def render_delivery_note_pdf(note: DeliveryNote) -> bytes:
    return render_pdf_a3(render_delivery_note_html(note))
