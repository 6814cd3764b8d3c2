"""Quotes and delivery notes: golden HTML, exact totals, PDF/A-3b, and the demo's papers."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from golden import assert_matches_golden, without_stylesheets
from lxml import etree
from pypdf import PdfReader

from pipelines.compute.invoice_totals import invoice_totals
from pipelines.documents.sales_papers import (
    render_delivery_note_html,
    render_delivery_note_pdf,
    render_quote_html,
    render_quote_pdf,
)
from pipelines.documents.workbook_papers import (
    customer_terms,
    paper_records,
    quote_document,
)
from pipelines.documents.workbook_papers import (
    delivery_note as demo_delivery_note,
)

from .paper_samples import delivery_note, quote
from .test_invoice_pdf import page_text


def test_the_quote_html_matches_its_golden_file():
    html = render_quote_html(quote())
    assert_matches_golden("documents/devis.html", without_stylesheets(html))


def test_the_delivery_note_html_matches_its_golden_file():
    html = render_delivery_note_html(delivery_note())
    assert_matches_golden("documents/bon_de_livraison.html", without_stylesheets(html))


def test_the_quote_totals_are_those_of_the_exact_core():
    sample = quote()
    totals = invoice_totals(sample.invoice)
    assert (totals.total_ht, totals.total_vat, totals.total_ttc) == (
        Decimal("7619.69"), Decimal("1523.94"), Decimal("9143.63"),
    )
    html = render_quote_html(sample).replace("\u202f", " ").replace("\u00a0", " ")
    assert "Total TTC</td><td class=\"num\">9 143,63 €" in html
    assert "Ristourne de 3 %" in html


def test_the_delivery_note_prints_no_price():
    html = render_delivery_note_html(delivery_note())
    start = html.index('<table class="lines">')
    lines = html[start : html.index("</table>", start)]
    assert "€" not in lines and "Prix" not in html
    assert html.count("€") == 2  # the seller's share capital, in its block and the footer
    assert "BC-0009-455" in html and "Zone artisanale" in html


def test_the_quote_says_how_long_it_is_valid_and_asks_for_agreement():
    html = render_quote_html(quote()).replace("&nbsp;", " ")
    assert "Valable jusqu'au</td><td>21 février 2026" in html
    assert "« Bon pour accord »" in html


def test_a_customer_name_is_escaped():
    sample = replace(quote(), buyer=replace(quote().buyer, name="<script>x</script>"))
    html = render_quote_html(sample)
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html


def test_no_paper_loads_an_external_resource():
    for html in (render_quote_html(quote()), render_delivery_note_html(delivery_note())):
        assert re.findall(r"(?:https?:|//|url\(|@import|<link|<img)", html) == []


PDFAID = "http://www.aiim.org/pdfa/ns/id/"


def pdfa_identification(pdf: bytes) -> tuple[str, str]:
    """(part, conformance) declared in the XMP metadata, as attributes or elements."""
    reader = PdfReader(io.BytesIO(pdf))
    xmp = etree.fromstring(reader.trailer["/Root"]["/Metadata"].get_object().get_data())
    values = {}
    for name in ("part", "conformance"):
        qualified = f"{{{PDFAID}}}{name}"
        for element in xmp.iter():
            if qualified in element.attrib:
                values[name] = element.attrib[qualified]
            elif element.tag == qualified:
                values[name] = element.text
    return values.get("part"), values.get("conformance")


@pytest.mark.parametrize(
    "render, make, title",
    [
        (render_quote_pdf, quote, "Devis n° DV-2026-00018"),
        (render_delivery_note_pdf, delivery_note, "Bon de livraison n° BL-2026-00009"),
    ],
)
def test_the_pdf_is_a_pdf_a_3b_with_its_metadata(render, make, title):
    pdf = render(make())
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    assert reader.metadata.title == title
    assert reader.metadata.author == "Atelier Agora"
    assert pdfa_identification(pdf) == ("3", "B")
    assert title in page_text(pdf)


@pytest.fixture(scope="module")
def records(demo_dataset):
    return paper_records(demo_dataset)


def test_a_demo_quote_is_printed_in_its_last_version(records, demo_dataset):
    versions = demo_dataset.frame("devis").filter(
        demo_dataset.frame("devis")["numero_devis"] == "DV-2026-00001"
    )["version"].to_list()
    document = quote_document(records, "DV-2026-00001")
    assert document.version == max(versions) == 2
    assert document.issue_date == date(2026, 1, 2)
    assert document.contact  # the salesperson's name, from the staff sheet


def test_every_demo_quote_and_delivery_note_can_be_printed(records):
    assert len(records.quotes) > 200 and len(records.deliveries) > 300
    for number in records.quotes:
        assert quote_document(records, number).totals.total_ttc > 0
    for number in records.deliveries:
        assert demo_delivery_note(records, number).lines


def test_a_demo_delivery_note_takes_its_lines_from_the_order(records):
    note = demo_delivery_note(records, "BL-2026-00009")
    assert note.order_number == "CO-2026-00009"
    assert note.order_reference == "BC-0009-455"
    assert note.delivery_address.lines == ("33 rue de Marseille",)
    assert [line.delivered for line in note.lines] == [line.ordered for line in note.lines]


@pytest.mark.parametrize(
    "customer, terms",
    [
        ({"delai_paiement_jours": 0}, "Conditions de paiement : comptant à réception"),
        ({"delai_paiement_jours": 30, "fin_de_mois": False},
         "Conditions de paiement : 30 jours net"),
        ({"delai_paiement_jours": 45, "fin_de_mois": True},
         "Conditions de paiement : 45 jours fin de mois"),
    ],
)
def test_the_customer_terms_are_written_in_french(customer, terms):
    assert customer_terms(customer) == terms
