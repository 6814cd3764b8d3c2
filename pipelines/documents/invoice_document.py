"""The data of an issued invoice or credit note, independent of the sales workbook.

What an invoice must say (Code de commerce L441-9, CGI annexe II art. 242 nonies A, décret
2022-1299 for the e-invoicing mentions): who sells and who buys, the document's number, type
and dates, the payment terms, the lines and their totals (``invoice_totals``) and the VAT
treatment (``vat_treatment``).

A credit note carries the figures of ``credit_note(...)``: negative quantities and amounts;
the XML shows them as positive amounts under type 381, the sign being the document's type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum

from pipelines.compute.invoice_totals import Invoice, InvoiceTotals, invoice_totals
from pipelines.compute.vat_treatment import VatTreatment


class DocumentType(Enum):
    """UNTDID 1001 document type codes used in EN16931 (BT-3)."""

    FACTURE = "380"
    AVOIR = "381"


class OperationNature(Enum):
    """Nature of the operation, a mention of the e-invoicing reform."""

    BIENS = "livraison de biens"
    SERVICES = "prestation de services"
    MIXTE = "opération mixte (livraison de biens et prestation de services)"


@dataclass(frozen=True)
class Address:
    lines: tuple[str, ...]  # street lines, at most three
    postcode: str
    city: str
    country: str = "FR"  # ISO 3166-1 alpha-2


@dataclass(frozen=True)
class Seller:
    legal_name: str
    siren: str
    siret: str
    address: Address
    legal_form: str  # « SAS », « SARL »…
    capital: Decimal  # share capital, in euros
    rcs: str  # « RCS Lyon 123 456 789 »
    iban: str | None  # None when the organisation gave no bank account
    bic: str | None
    vat_number: str | None = None  # None for a franchise seller without a number


@dataclass(frozen=True)
class Buyer:
    name: str
    address: Address
    siren: str | None = None  # a French business customer's SIREN
    vat_number: str | None = None
    delivery_address: Address | None = None  # only when different from ``address``


@dataclass(frozen=True)
class DocumentHeader:
    number: str
    type: DocumentType
    issue_date: date
    supply_date: date  # date of the sale or of the completed service
    nature: OperationNature
    order_reference: str | None = None  # the buyer's order reference
    preceding_invoice: str | None = None  # the invoice a credit note reverses
    preceding_invoice_date: date | None = None
    vat_on_debits: bool = False  # « Option pour le paiement de la taxe d'après les débits »


@dataclass(frozen=True)
class PaymentTerms:
    due_date: date | None
    terms: str  # « Paiement à 30 jours par virement »
    late_penalty: str  # the late-penalty rate, as printed
    escompte: str | None = None  # the escompte terms; None gives « pas d'escompte »
    recovery_fee: bool = True  # the 40 € recovery fee is printed (a business customer)


@dataclass(frozen=True)
class InvoiceDocument:
    seller: Seller
    buyer: Buyer
    header: DocumentHeader
    payment: PaymentTerms
    invoice: Invoice
    line_labels: tuple[str, ...]  # the designation of each line, in the order of the lines
    vat: VatTreatment
    totals: InvoiceTotals = field(init=False)

    def __post_init__(self) -> None:
        if len(self.line_labels) != len(self.invoice.lines):
            raise ValueError("Il faut une désignation par ligne de facture.")
        if self.header.type is DocumentType.AVOIR and not self.header.preceding_invoice:
            raise ValueError("Un avoir doit citer la facture qu'il rectifie.")
        object.__setattr__(self, "totals", invoice_totals(self.invoice))

    @property
    def sign(self) -> Decimal:
        """The factor that turns the figures into the document's positive amounts."""
        return Decimal(-1) if self.header.type is DocumentType.AVOIR else Decimal(1)
