"""The printed Factur-X invoice: PDF/A-3b with its CII XML, and every mandatory mention."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from facturx import get_xml_from_pdf
from pypdf import PdfReader

from pipelines.documents import InvoiceDocument, build_cii_xml
from pipelines.documents.invoice_pdf import render_invoice_html, render_invoice_pdf

from .samples import SAMPLES, domestic_invoice

SCRIPT_NAME = "<script>alert('x')</script> Négoce"


def page_text(pdf: bytes) -> str:
    """The text of every page on one line, French spaces (U+00A0, U+202F) read as spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " "))


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    return {name: render_invoice_pdf(make()) for name, make in SAMPLES.items()}


@pytest.fixture(scope="module")
def texts(pdfs) -> dict[str, str]:
    return {name: page_text(pdf) for name, pdf in pdfs.items()}


def xmp(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_the_pdf_opens_and_embeds_the_cii_xml_of_its_document(pdfs, name):
    reader = PdfReader(io.BytesIO(pdfs[name]))
    assert len(reader.pages) == 1
    assert reader.attachments["factur-x.xml"] == [build_cii_xml(SAMPLES[name]())]
    filename, xml = get_xml_from_pdf(pdfs[name], check_xsd=True)
    assert (filename, xml) == ("factur-x.xml", build_cii_xml(SAMPLES[name]()))


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_the_xmp_declares_factur_x_en16931_and_pdf_a_3b(pdfs, name):
    metadata = xmp(pdfs[name])
    assert "<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>" in metadata
    assert "<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>" in metadata
    assert "<fx:DocumentType>INVOICE</fx:DocumentType>" in metadata
    assert "<pdfaid:part>3</pdfaid:part>" in metadata
    assert "<pdfaid:conformance>B</pdfaid:conformance>" in metadata


DOMESTIC_MENTIONS = {
    "vendeur_denomination": "Atelier Agora",
    "vendeur_adresse": "12 rue des Tanneurs 69002 Lyon",
    "vendeur_forme_juridique_et_capital": "SAS au capital de 50 000,00 €",
    "vendeur_siren_siret": "SIREN 732 829 320 — SIRET 732 829 320 00074",
    "vendeur_rcs": "RCS Lyon 732 829 320",
    "vendeur_numero_tva": "N° de TVA intracommunautaire : FR44732829320",
    "client_nom": "Boulangerie Martin",
    "client_adresse": "3 place du Marché 38000 Grenoble",
    "client_siren": "SIREN du client : 732 829 320",
    "client_numero_tva": "N° de TVA du client : FR44732829320",
    "adresse_de_livraison": "ADRESSE DE LIVRAISON Zone artisanale Lot 7 38400 Saint-Martin-d'Hères",
    "numero": "Facture n° F2026-0042",
    "date_emission": "Date d'émission : 16 mars 2026",
    "date_de_la_vente": "Date de la livraison : 12 mars 2026",
    "reference_commande": "Votre commande : BC-2026-118",
    "nature_de_l_operation": "Nature de l'opération : livraison de biens",
    "ligne_avec_remise": "Article 1 3 120,50 € 10 % 20 % 325,35 €",
    "ligne_prix_unitaire_exact": "Article 2 12 4,125 € — 5,5 % 49,50 €",
    "ligne_avec_rabais": "Article 3 1 80,00 € rabais 5,00 € 20 % 75,00 €",
    "ht_et_tva_taux_normal": "20 % 407,34 € 81,47 €",
    "ht_et_tva_taux_reduit": "5,5 % 48,51 € 2,67 €",
    "ristourne": "Ristourne de 2 % -9,00 €",
    "frais_de_port": "Frais de port HT 15,00 €",
    "total_ht": "Total HT 455,85 €",
    "total_tva": "Total TVA 84,14 €",
    "total_ttc": "Total TTC 539,99 €",
    "date_echeance": "Date d'échéance : 15 avril 2026",
    "escompte": "Pas d'escompte pour paiement anticipé",
    "penalites_de_retard": (
        "Pénalités de retard : taux de refinancement de la BCE majoré de 10 points, soit 12,15 % l'an"
    ),
    "indemnite_forfaitaire_40_euros": (
        "Indemnité forfaitaire pour frais de recouvrement due en cas de retard de paiement : 40,00 €"
    ),
    "option_tva_sur_les_debits": "Option pour le paiement de la taxe d'après les débits",
    "moyen_de_paiement": "IBAN FR7630006000011234567890189 — BIC AGRIFRPP",
}


@pytest.mark.parametrize("mention", sorted(DOMESTIC_MENTIONS))
def test_domestic_invoice_shows_the_mention(texts, mention):
    assert DOMESTIC_MENTIONS[mention] in texts["facture_france"]


CASE_MENTIONS = {
    "intracommunautaire_mention_tva": (
        "facture_intracommunautaire",
        "Exonération de TVA, art. 262 ter I du CGI",
    ),
    "intracommunautaire_tva_client": (
        "facture_intracommunautaire",
        "N° de TVA du client : DE136695976",
    ),
    "intracommunautaire_pays_client": (
        "facture_intracommunautaire",
        "10115 Berlin ALLEMAGNE",
    ),
    "intracommunautaire_taux_exonere": (
        "facture_intracommunautaire",
        "Article 1 10 45,90 € — Exonérée 459,00 €",
    ),
    "franchise_mention_293_b": (
        "facture_franchise",
        "TVA non applicable, art. 293 B du CGI",
    ),
    "services_date_de_prestation": (
        "facture_services_hors_ue",
        "Date de la prestation : 12 mars 2026",
    ),
    "services_nature": (
        "facture_services_hors_ue",
        "Nature de l'opération : prestation de services",
    ),
    "avoir_titre": ("avoir_france", "Avoir n° AV2026-0003"),
    "avoir_facture_rectifiee": (
        "avoir_france",
        "Avoir portant sur la facture n° F2026-0042 du 16 mars 2026",
    ),
    "avoir_total_ttc_positif": ("avoir_france", "Total TTC 539,99 €"),
    "dollars_escompte": (
        "facture_dollars_escompte",
        "Escompte de 2 % pour paiement anticipé : 521,99 $US à payer, TVA réduite à due proportion",
    ),
    "dollars_contre_valeur_en_euros": (
        "facture_dollars_escompte",
        "Contre-valeur en euros (1 USD = 0,9215 EUR) : total HT 414,54 €, TVA 76,29 €, total TTC 490,83 €",
    ),
}


@pytest.mark.parametrize("mention", sorted(CASE_MENTIONS))
def test_each_case_shows_its_mention(texts, mention):
    name, expected = CASE_MENTIONS[mention]
    assert expected in texts[name]


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_the_vat_mention_of_the_treatment_is_printed(texts, name):
    mention = SAMPLES[name]().vat.mention
    if mention is None:
        assert "CGI" not in texts[name]
    else:
        assert mention.replace("\u00a0", " ") in texts[name]


def test_a_franchise_seller_prints_no_vat_number(texts):
    assert "N° de TVA intracommunautaire" not in texts["facture_franchise"]


def test_the_option_on_debits_is_printed_only_when_chosen(texts):
    assert "d'après les débits" not in texts["facture_dollars_escompte"]


def test_the_delivery_address_is_printed_only_when_there_is_one(texts):
    assert "ADRESSE DE LIVRAISON" not in texts["facture_export"]


def test_a_credit_note_is_not_titled_invoice(texts):
    assert "Facture n°" not in texts["avoir_france"]


def with_buyer_name(document: InvoiceDocument, name: str) -> InvoiceDocument:
    return InvoiceDocument(
        document.seller,
        replace(document.buyer, name=name),
        document.header,
        document.payment,
        document.invoice,
        document.line_labels,
        document.vat,
    )


def test_a_script_in_a_customer_name_is_escaped_in_the_html():
    html = render_invoice_html(with_buyer_name(domestic_invoice(), SCRIPT_NAME))
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Négoce" in html
    assert "<script>" not in html


def test_a_script_in_a_customer_name_is_printed_as_text():
    assert SCRIPT_NAME in page_text(
        render_invoice_pdf(with_buyer_name(domestic_invoice(), SCRIPT_NAME))
    )


def test_the_html_loads_no_external_resource():
    html = render_invoice_html(domestic_invoice())
    assert re.findall(r"(?:https?:|//|url\(|@import|<link|<img)", html) == []


def test_rendering_twice_gives_the_same_text_and_xml(pdfs, texts):
    again = render_invoice_pdf(domestic_invoice())
    assert page_text(again) == texts["facture_france"]
    assert (
        PdfReader(io.BytesIO(again)).attachments
        == PdfReader(io.BytesIO(pdfs["facture_france"])).attachments
    )
