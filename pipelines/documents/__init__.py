"""Issued documents: invoices and credit notes (Factur-X EN16931 CII XML)."""

from pipelines.documents.facturx_xml import build_cii_xml, check_xsd
from pipelines.documents.invoice_document import (
    Address,
    Buyer,
    DocumentHeader,
    DocumentType,
    InvoiceDocument,
    OperationNature,
    PaymentTerms,
    Seller,
)

__all__ = [
    "Address",
    "Buyer",
    "DocumentHeader",
    "DocumentType",
    "InvoiceDocument",
    "OperationNature",
    "PaymentTerms",
    "Seller",
    "build_cii_xml",
    "check_xsd",
]
