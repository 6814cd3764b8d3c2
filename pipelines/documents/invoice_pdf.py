"""The printed invoice or credit note: a French HTML page, a PDF/A-3b, then Factur-X.

``render_invoice_html`` fills ``templates/invoice.html`` (Jinja2, autoescaped) with the
document's figures formatted in French; ``render_invoice_pdf`` prints it with WeasyPrint as
PDF/A-3b and embeds ``build_cii_xml(document)`` as ``factur-x.xml`` (EN16931 profile) with
the factur-x library, which also writes the Factur-X XMP metadata.

The legal mentions come from ``legal_notes`` so that the page and the XML say the same
thing. A credit note is printed with positive amounts under the title « Avoir », as in the
XML. The PDF bytes are not reproducible: the factur-x library stamps the current time in the
metadata; the text and the embedded XML are.
"""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from babel import Locale
from babel.numbers import format_currency

from pipelines.compute.invoice_totals import ZERO, InvoiceLine, VatRate
from pipelines.compute.vat_treatment import Treatment
from pipelines.documents.cii_builder import cents
from pipelines.documents.facturx_xml import build_cii_xml
from pipelines.documents.invoice_document import (
    Address,
    DocumentType,
    InvoiceDocument,
    OperationNature,
    Seller,
)
from pipelines.documents.legal_notes import legal_notes
from pipelines.documents.templating import render_html, render_pdf_a3
from pipelines.french import LOCALE, long_date, money, number

FACTURX_LEVEL = "en16931"

UNTAXED_LABELS = {
    Treatment.LIVRAISON_INTRACOMMUNAUTAIRE: "Exonérée",
    Treatment.EXPORTATION: "Exonérée",
    Treatment.AUTOLIQUIDATION: "Autoliquidation",
    Treatment.HORS_CHAMP: "Hors champ",
    Treatment.FRANCHISE: "Non applicable",
    Treatment.TAXABLE: "Sans TVA",
}
SUPPLY_LABELS = {
    OperationNature.BIENS: "Date de la livraison",
    OperationNature.SERVICES: "Date de la prestation",
    OperationNature.MIXTE: "Date de la livraison et de la prestation",
}



@dataclass(frozen=True)
class PrintedLine:
    label: str
    quantity: str
    unit_price: str
    reductions: str
    vat_rate: str
    amount: str


@dataclass(frozen=True)
class PrintedVatBase:
    rate: str
    base: str
    vat: str


def money_text(value: Decimal, currency: str = "EUR") -> str:
    """An amount as printed: 1 234,50 €, and 0,00 € for a zero, never -0,00 €."""
    return money(cents(value), currency)


def grouped_digits(value: str, sizes: tuple[int, ...]) -> str:
    """« 732829320 » → « 732 829 320 » (sizes 3, 3, 3); left as is when the length differs."""
    if len(value) != sum(sizes):
        return value
    parts, start = [], 0
    for size in sizes:
        parts.append(value[start : start + size])
        start += size
    return " ".join(parts)


def siren_text(siren: str) -> str:
    return grouped_digits(siren, (3, 3, 3))


def siret_text(siret: str) -> str:
    return grouped_digits(siret, (3, 3, 3, 5))


def address_lines(address: Address, seller_country: str = "FR") -> list[str]:
    lines = [*address.lines, f"{address.postcode} {address.city}"]
    if address.country != seller_country:
        lines.append(
            Locale.parse(LOCALE)
            .territories.get(address.country, address.country)
            .upper()
        )
    return lines


def unit_price_text(value: Decimal, currency: str) -> str:
    """A unit price as agreed, not rounded to the cent: 4,125 € (two to six decimals)."""
    return format_currency(
        value,
        currency,
        format="#,##0.00####\u00a0¤",
        currency_digits=False,
        locale=LOCALE,
    )


def percent(rate: Decimal) -> str:
    return f"{number(rate * 100)} %"


def rate_label(rate: VatRate, document: InvoiceDocument) -> str:
    """The rate of a line, or why it has none (a 0 % line of an exempt sale is exempt)."""
    if rate is None or (not rate and not document.vat.rates_apply):
        return UNTAXED_LABELS[document.vat.treatment]
    return percent(rate)


def reductions_text(line: InvoiceLine, document: InvoiceDocument) -> str:
    currency = document.totals.currency
    parts = [percent(remise) for remise in line.remises]
    if line.rabais:
        parts.append(f"rabais {money_text(document.sign * line.rabais, currency)}")
    return " + ".join(parts) if parts else "—"


def printed_lines(document: InvoiceDocument) -> list[PrintedLine]:
    currency, sign = document.totals.currency, document.sign
    return [
        PrintedLine(
            label=label,
            quantity=number(sign * line.quantity),
            unit_price=unit_price_text(line.unit_price, currency),
            reductions=reductions_text(line, document),
            vat_rate=rate_label(line.vat_rate, document),
            amount=money_text(sign * amount, currency),
        )
        for label, line, amount in zip(
            document.line_labels,
            document.invoice.lines,
            document.totals.line_amounts,
            strict=True,
        )
    ]


def printed_vat_bases(document: InvoiceDocument) -> list[PrintedVatBase]:
    currency, sign = document.totals.currency, document.sign
    return [
        PrintedVatBase(
            rate=rate_label(base.rate, document),
            base=money_text(sign * base.base, currency),
            vat=money_text(sign * base.vat, currency),
        )
        for base in document.totals.vat_bases
    ]


def adjustments(document: InvoiceDocument) -> list[tuple[str, str]]:
    """The lines total, then the ristourne and the shipping costs when there are any."""
    totals, sign = document.totals, document.sign
    ristourne = sum((base.ristourne for base in totals.vat_bases), ZERO)
    shipping = sum((base.shipping for base in totals.vat_bases), ZERO)
    if not ristourne and not shipping:
        return []
    rows = [
        (
            "Total des lignes HT",
            money_text(sign * sum(totals.line_amounts, ZERO), totals.currency),
        )
    ]
    if ristourne:
        label = f"Ristourne de {percent(document.invoice.ristourne)}"
        rows.append((label, money_text(-sign * ristourne, totals.currency)))
    if shipping:
        rows.append(("Frais de port HT", money_text(sign * shipping, totals.currency)))
    return rows


def euro_equivalent_text(document: InvoiceDocument) -> str | None:
    euro, sign = document.totals.euro, document.sign
    if euro is None:
        return None
    return (
        f"Contre-valeur en euros (1 {document.totals.currency} = {number(euro.eur_rate)} EUR) : "
        f"total HT {money_text(sign * euro.total_ht)}, TVA {money_text(sign * euro.total_vat)}, "
        f"total TTC {money_text(sign * euro.total_ttc)}"
    )


def preceding_invoice_text(document: InvoiceDocument) -> str | None:
    header = document.header
    if not header.preceding_invoice:
        return None
    text = f"Avoir portant sur la facture n° {header.preceding_invoice}"
    if header.preceding_invoice_date:
        text += f" du {long_date(header.preceding_invoice_date)}"
    return text


def seller_context(document: InvoiceDocument) -> dict[str, object]:
    return seller_fields(document.seller)


def seller_fields(seller: Seller) -> dict[str, object]:
    """The seller as every document prints it (letterhead and legal footer)."""
    return {
        "name": seller.legal_name,
        "address": address_lines(seller.address, seller.address.country),
        "legal_form": seller.legal_form,
        "capital": money_text(seller.capital),
        "siren": siren_text(seller.siren),
        "siret": siret_text(seller.siret),
        "rcs": seller.rcs,
        "vat_number": seller.vat_number,
        "iban": seller.iban,
        "bic": seller.bic,
    }


def buyer_context(document: InvoiceDocument) -> dict[str, object]:
    buyer, home = document.buyer, document.seller.address.country
    delivery = buyer.delivery_address
    return {
        "name": buyer.name,
        "address": address_lines(buyer.address, home),
        "siren": siren_text(buyer.siren) if buyer.siren else None,
        "vat_number": buyer.vat_number,
        "delivery_address": address_lines(delivery, home)
        if delivery and delivery != buyer.address
        else None,
    }


def totals_context(document: InvoiceDocument) -> dict[str, object]:
    totals, sign = document.totals, document.sign
    return {
        "lines": printed_lines(document),
        "vat_bases": printed_vat_bases(document),
        "adjustments": adjustments(document),
        "total_ht": money_text(sign * totals.total_ht, totals.currency),
        "total_vat": money_text(sign * totals.total_vat, totals.currency),
        "total_ttc": money_text(sign * totals.total_ttc, totals.currency),
        "euro": euro_equivalent_text(document),
    }


def invoice_context(document: InvoiceDocument) -> dict[str, object]:
    header, payment = document.header, document.payment
    return {
        "title": "Avoir" if header.type is DocumentType.AVOIR else "Facture",
        "number": header.number,
        "created": header.issue_date.isoformat(),
        "issue_date": long_date(header.issue_date),
        "supply_label": SUPPLY_LABELS[header.nature],
        "supply_date": long_date(header.supply_date),
        "order_reference": header.order_reference,
        "preceding_invoice": preceding_invoice_text(document),
        "due_date": long_date(payment.due_date) if payment.due_date else None,
        "payment_terms": payment.terms,
        "vat_mention": document.vat.mention,
        "notes": {note.subject: note.content for note in legal_notes(document)},
        "seller": seller_context(document),
        "buyer": buyer_context(document),
        **totals_context(document),
    }


def render_invoice_html(document: InvoiceDocument) -> str:
    return render_html("invoice.html", invoice_context(document))


def pdf_metadata(document: InvoiceDocument) -> dict[str, str]:
    title = "Avoir" if document.header.type is DocumentType.AVOIR else "Facture"
    return {
        "author": document.seller.legal_name,
        "keywords": "Factur-X, facture électronique",
        "title": f"{title} {document.header.number}",
        "subject": f"{title} {document.header.number} — {document.buyer.name}",
    }


def embed_facturx(pdf: bytes, xml: bytes, metadata: dict[str, str]) -> bytes:
    """``pdf`` with ``xml`` embedded as ``factur-x.xml`` and the Factur-X XMP metadata.

    The library's ``generate_from_binary`` writes the new file after the original in the
    same temporary file (both copies end up in the output, the first one unused): writing
    to a separate output file keeps the PDF at half the size."""
    from facturx import generate_from_file

    with tempfile.TemporaryDirectory(prefix="agora-facturx-") as folder:
        output = Path(folder) / "facture.pdf"
        generate_from_file(
            io.BytesIO(pdf),
            xml,
            flavor="factur-x",
            level=FACTURX_LEVEL,
            check_xsd=True,
            pdf_metadata=metadata,
            lang="fr-FR",
            output_pdf_file=str(output),
        )
        return output.read_bytes()


def render_invoice_pdf(document: InvoiceDocument) -> bytes:
    """The Factur-X PDF (PDF/A-3b, EN16931) of an invoice or a credit note."""
    pdf = render_pdf_a3(render_invoice_html(document))
    return embed_facturx(pdf, build_cii_xml(document), pdf_metadata(document))
