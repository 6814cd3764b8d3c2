"""The « Documents » section of a customer file: its issued invoices and credit notes, each
linked to its archived Factur-X PDF, published with the management site."""

from datetime import date
from decimal import Decimal

import polars as pl

from pipelines.compute.figures import Figure
from pipelines.publish.parties_pages import archived_invoice_path, documents_section

INVOICES = Figure("factures_et_avoirs", "Factures et avoirs", pl.DataFrame({
    "numero_facture": ["FA-2026-00001", "FA-2026-00002", "AV-2026-00001", "FA-2026-00003"],
    "date_facture": [date(2026, 1, 5), date(2026, 2, 3), date(2026, 2, 10), date(2026, 3, 1)],
    "code_client": ["C0001", "C0001", "C0001", "C0002"],
    "type": ["facture", "facture", "avoir", "facture"],
    "total_ttc": [Decimal("120.00"), Decimal("1500.50"), Decimal("-20.00"), Decimal("10")],
    "devise": ["EUR", "USD", "EUR", "EUR"],
    "statut": ["émise", "émise", "émise", "émise"],
}), sources=())


def test_each_issued_document_links_to_its_archived_pdf_most_recent_first():
    text = documents_section("C0001", INVOICES, frozenset({"FA-2026-00001", "AV-2026-00001"}))

    rows = [line for line in text.splitlines() if line.startswith("| ") and "2026" in line]
    assert [row.split(" | ")[0] for row in rows] == [
        "| AV\\-2026\\-00001", "| FA\\-2026\\-00002", "| FA\\-2026\\-00001"]
    assert "[PDF Factur-X](../documents/factures/AV-2026-00001.pdf)" in rows[0]
    assert "non archivée" in rows[1] and "1\u202f500,50\xa0$US" in rows[1]
    assert "Avoir" in rows[0] and "Facture" in rows[2]
    assert "3 pièces émises" in text


def test_a_customer_without_issued_invoice_says_so():
    assert "Aucune facture émise à ce client." in documents_section("C0009", INVOICES,
                                                                   frozenset())


def test_the_pdf_lives_beside_the_customer_files_of_the_management_site():
    assert archived_invoice_path("FA-2026-00001") == "gestion/documents/factures/FA-2026-00001.pdf"
