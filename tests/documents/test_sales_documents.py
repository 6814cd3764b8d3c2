"""The workbook adapter: from the rows of ventes.xlsx to the `InvoiceDocument` it prints."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from pipelines.compute.vat_treatment import Treatment
from pipelines.documents import DocumentType, OperationNature
from pipelines.documents.invoice_pdf import render_invoice_html, render_invoice_pdf
from pipelines.documents.sales_documents import (
    DocumentDataError,
    delivery_address,
    invoice_document,
    sales_records,
    seller_of,
)

from .test_invoice_pdf import page_text


@pytest.fixture(scope="module")
def records(demo_dataset):
    return sales_records(demo_dataset)


def test_the_seller_is_the_organisation_with_its_rcs_and_siren(records):
    seller = seller_of(records.organisation)
    assert (seller.legal_name, seller.siren, seller.siret) == (
        "Atelier Lumière & Froid", "930297338", "93029733800012",
    )
    assert seller.rcs == "RCS Lyon 930 297 338"
    assert seller.capital == Decimal("120000")
    assert seller.vat_number == "FR72930297338"


def test_an_rcs_that_already_gives_the_siren_is_kept(records):
    organisation = records.organisation | {"rcs": "RCS Lyon 930 297 338"}
    assert seller_of(organisation).rcs == "RCS Lyon 930 297 338"


def test_a_domestic_invoice_maps_its_rows(records):
    document = invoice_document(records, "FA-2026-00001")
    assert document.header.type is DocumentType.FACTURE
    assert document.header.issue_date == date(2026, 1, 2)
    assert document.header.order_reference == "BC-0003-649"
    assert document.header.nature is OperationNature.BIENS
    assert document.buyer.name == "Brasserie Girard"
    assert document.buyer.siren == "367419959"
    assert document.vat.treatment is Treatment.TAXABLE
    assert document.payment.terms == "Conditions de paiement : 30 jours net"
    assert document.line_labels[0].endswith("(réf. ART-0023)")


def test_a_credit_note_cites_its_invoice_and_its_date(records):
    document = invoice_document(records, "AV-2026-00001")
    assert document.header.type is DocumentType.AVOIR
    assert document.header.preceding_invoice == "FA-2026-00158"
    assert document.header.preceding_invoice_date == records.invoices["FA-2026-00158"][
        "date_facture"
    ]
    assert document.totals.total_ttc < 0 and document.payment.due_date is None


def test_a_dollar_invoice_keeps_its_currency_and_ecb_rate(records):
    document = invoice_document(records, "FA-2026-00060")
    assert document.totals.currency == "USD"
    assert document.invoice.eur_rate == Decimal(1) / Decimal("1.0858")
    assert document.vat.treatment is Treatment.EXPORTATION


def test_a_mixed_invoice_taxed_in_france_prints_the_option_on_debits(records):
    mixed = [n for n, row in records.invoices.items() if row["nature"] == "mixte"]
    document = invoice_document(records, mixed[0])
    assert document.header.nature is OperationNature.MIXTE
    assert document.header.vat_on_debits is (document.vat.treatment is Treatment.TAXABLE)


def test_goods_invoices_never_print_the_option_on_debits(records):
    goods = [n for n, row in records.invoices.items() if row["nature"] == "biens"]
    assert not any(invoice_document(records, n).header.vat_on_debits for n in goods[:50])


def test_the_delivery_address_is_kept_only_when_it_differs():
    customer = {"adresse": "1 rue A", "code_postal": "69001", "ville": "Lyon", "pays": "FR"}
    same = {"adresse_livraison": "1 rue A", "code_postal_livraison": "69001",
            "ville_livraison": "Lyon", "pays_livraison": "FR"}
    other = same | {"adresse_livraison": "9 quai B", "code_postal_livraison": "69002"}
    assert delivery_address(same, customer) is None
    assert delivery_address(other, customer).lines == ("9 quai B",)
    assert delivery_address({}, customer | {"adresse_livraison": "5 cours C"}).lines == (
        "5 cours C",
    )


def test_a_missing_value_is_a_french_error_not_a_crash(records):
    broken = replace(
        records,
        invoice_lines=records.invoice_lines
        | {"FA-2026-00001": [records.invoice_lines["FA-2026-00001"][0] | {"quantite": None}]},
    )
    with pytest.raises(DocumentDataError, match="il manque « quantite » de la ligne 1"):
        invoice_document(broken, "FA-2026-00001")


def test_an_unknown_customer_is_a_french_error(records):
    invoices = records.invoices | {
        "FA-2026-00001": records.invoices["FA-2026-00001"] | {"code_client": "C9999"}
    }
    with pytest.raises(DocumentDataError, match="le client C9999 est inconnu"):
        invoice_document(replace(records, invoices=invoices), "FA-2026-00001")


def test_an_exempt_line_prints_exempt_not_zero_percent(records):
    eu = next(
        n for n in records.invoices
        if invoice_document(records, n).vat.treatment is Treatment.LIVRAISON_INTRACOMMUNAUTAIRE
    )
    html = render_invoice_html(invoice_document(records, eu))
    assert "Exonérée" in html and ">0 %<" not in html.replace("\u00a0", " ")
    assert "Exonération de TVA, art. 262 ter I du CGI" in html


def test_a_demo_invoice_prints_as_a_one_page_factur_x_pdf(records):
    text = page_text(render_invoice_pdf(invoice_document(records, "FA-2026-00128")))
    for expected in (
        "Atelier Lumière & Froid",
        "SIREN 930 297 338 — SIRET 930 297 338 00012",
        "RCS Lyon 930 297 338",
        "Facture n° FA-2026-00128",
        "Votre commande : BC-0003-430",
        "Escompte de 2 % pour paiement avant le 13 mars 2026",
        "40,00 €",
        "Conditions de paiement : 30 jours net ; escompte de 2 % pour paiement sous 10 jours",
    ):
        assert expected in text
    # the bank account of the sheet Organisation, for the payment by transfer
    assert "IBAN FR7630003024507968748929696 — BIC SOGEFRPP" in text
