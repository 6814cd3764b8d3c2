"""Issued documents, printed from the records and kept outside the sites.

- invoices and credit notes: `invoice_document` (the data), `facturx_xml` (the CII XML,
  EN16931), `invoice_pdf` (the Factur-X PDF/A-3b), `sales_documents` (from ventes.xlsx);
- the archive of issued invoices: `archive` (``agora archiver``);
- quotes and delivery notes: `sales_papers`, `workbook_papers`;
- dunning letters and account statements: `letters`, `receivables_letters`;
- ``agora documents``: `batch`, printing in a pool of processes (`pool`).
"""

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
