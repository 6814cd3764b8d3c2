"""Sample invoices and credit notes for the document tests, built on plain dataclasses."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

from pipelines.compute.invoice_totals import Invoice, InvoiceLine, credit_note
from pipelines.compute.vat_treatment import Nature, Regime, Zone, vat_treatment
from pipelines.documents import (
    Address,
    Buyer,
    DocumentHeader,
    DocumentType,
    InvoiceDocument,
    OperationNature,
    PaymentTerms,
    Seller,
)
from pipelines.documents.legal_notes import legal_late_penalty

ISSUED = date(2026, 3, 16)

SELLER = Seller(
    legal_name="Atelier Agora",
    siren="732829320",
    siret="73282932000074",
    address=Address(("12 rue des Tanneurs",), "69002", "Lyon"),
    legal_form="SAS",
    capital=D("50000"),
    rcs="RCS Lyon 732 829 320",
    iban="FR7630006000011234567890189",
    bic="AGRIFRPP",
    vat_number="FR44732829320",
)
FRENCH_BUYER = Buyer(
    name="Boulangerie Martin",
    address=Address(("3 place du Marché",), "38000", "Grenoble"),
    siren="732829320",
    vat_number="FR44732829320",
    delivery_address=Address(("Zone artisanale", "Lot 7"), "38400", "Saint-Martin-d'Hères"),
)
GERMAN_BUYER = Buyer(
    name="Müller Handel GmbH",
    address=Address(("Hauptstraße 5",), "10115", "Berlin", "DE"),
    vat_number="DE136695976",
)
SWISS_BUYER = Buyer(name="Horlogerie Favre SA", address=Address(("Rue du Rhône 8",), "1204", "Genève", "CH"))

DOMESTIC_LINES = (
    InvoiceLine(D("3"), D("120.50"), D("0.20"), remises=(D("0.10"),)),
    InvoiceLine(D("12"), D("4.1250"), D("0.055")),
    InvoiceLine(D("1"), D("80"), D("0.20"), rabais=D("5")),
)
UNTAXED_LINES = (InvoiceLine(D("10"), D("45.90"), None), InvoiceLine(D("2"), D("199"), None))


def payment(escompte: str | None = None) -> PaymentTerms:
    return PaymentTerms(
        due_date=date(2026, 4, 15),
        terms="Paiement à 30 jours par virement bancaire",
        late_penalty=legal_late_penalty(ISSUED),
        escompte=escompte,
    )


def header(number: str, nature: OperationNature = OperationNature.BIENS, **changes) -> DocumentHeader:
    values = dict(
        number=number,
        type=DocumentType.FACTURE,
        issue_date=ISSUED,
        supply_date=date(2026, 3, 12),
        nature=nature,
        order_reference="BC-2026-118",
    )
    return DocumentHeader(**(values | changes))


def document(
    number: str,
    buyer: Buyer,
    invoice: Invoice,
    zone: Zone,
    regime: Regime = Regime.REEL,
    vat_nature: Nature = Nature.BIENS,
    **header_changes,
) -> InvoiceDocument:
    labels = tuple(f"Article {index + 1}" for index in range(len(invoice.lines)))
    vat = vat_treatment(regime, zone, True, vat_nature, ISSUED)
    return InvoiceDocument(SELLER, buyer, header(number, **header_changes), payment(), invoice, labels, vat)


def domestic_invoice() -> InvoiceDocument:
    invoice = Invoice(DOMESTIC_LINES, ristourne=D("0.02"), shipping=D("15.00"))
    return document("F2026-0042", FRENCH_BUYER, invoice, Zone.FRANCE, vat_on_debits=True)


def intra_eu_invoice() -> InvoiceDocument:
    return document("F2026-0043", GERMAN_BUYER, Invoice(UNTAXED_LINES, shipping=D("25")), Zone.UE)


def export_invoice() -> InvoiceDocument:
    return document("F2026-0044", SWISS_BUYER, Invoice(UNTAXED_LINES), Zone.HORS_UE)


def services_outside_eu_invoice() -> InvoiceDocument:
    return document(
        "F2026-0046",
        SWISS_BUYER,
        Invoice(UNTAXED_LINES),
        Zone.HORS_UE,
        vat_nature=Nature.SERVICES,
        nature=OperationNature.SERVICES,
    )


def dollar_invoice_with_escompte() -> InvoiceDocument:
    invoice = Invoice(DOMESTIC_LINES, escompte=D("0.02"), currency="USD", eur_rate=D("0.9215"))
    return document("F2026-0047", FRENCH_BUYER, invoice, Zone.FRANCE)


def franchise_invoice() -> InvoiceDocument:
    seller_without_vat = replace(SELLER, vat_number=None)
    doc = document("F2026-0045", FRENCH_BUYER, Invoice(UNTAXED_LINES), Zone.FRANCE, Regime.FRANCHISE)
    return InvoiceDocument(
        seller_without_vat, doc.buyer, doc.header, doc.payment, doc.invoice, doc.line_labels, doc.vat
    )


def domestic_credit_note() -> InvoiceDocument:
    original = domestic_invoice()
    return document(
        "AV2026-0003",
        FRENCH_BUYER,
        credit_note(original.invoice),
        Zone.FRANCE,
        type=DocumentType.AVOIR,
        preceding_invoice=original.header.number,
        preceding_invoice_date=original.header.issue_date,
    )


SAMPLES = {
    "facture_france": domestic_invoice,
    "facture_intracommunautaire": intra_eu_invoice,
    "facture_export": export_invoice,
    "facture_franchise": franchise_invoice,
    "avoir_france": domestic_credit_note,
    "facture_services_hors_ue": services_outside_eu_invoice,
    "facture_dollars_escompte": dollar_invoice_with_escompte,
}
