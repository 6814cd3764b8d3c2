"""Purchase orders and supplier complaint letters: golden HTML, totals, mentions, PDF/A-3b,
the demo's orders and the letters built from a three-way-match frame made by hand."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal as D
from html import unescape

import polars as pl
import pytest
from golden import assert_matches_golden, without_stylesheets
from pypdf import PdfReader

from pipelines.compute.invoice_totals import InvoiceLine
from pipelines.documents import Address
from pipelines.documents.letters import Signatory
from pipelines.documents.purchase_papers import (
    COMPLAINTS,
    PURCHASE_ORDERS,
    ComplaintLetter,
    Discrepancy,
    OrderedLine,
    Party,
    PurchaseOrder,
    complaint_letters,
    purchase_order,
    purchase_papers,
    purchase_records,
    render_complaint_html,
    render_complaint_pdf,
    render_purchase_order_html,
    render_purchase_order_pdf,
)
from pipelines.documents.sales_documents import DocumentDataError

from .samples import SELLER
from .test_invoice_pdf import page_text

FRENCH_SUPPLIER = Party(
    code="F0004", name="Gaz & Fluides Perez", address=Address(("22 allée des Tilleuls",),
                                                             "69300", "Caluire-et-Cuire"),
    siren="430291385", vat_number="FR10430291385", attention="À l'attention de M. Lefebvre",
)
GERMAN_SUPPLIER = Party(
    code="F0005", name="Fischer Kühltechnik GmbH",
    address=Address(("1 Hauptstraße",), "50667", "Köln", "DE"), vat_number="DE936919245",
    zone="UE",
)
BUYER = Signatory("Claire Dubois", "Responsable des achats")


def order(supplier: Party = FRENCH_SUPPLIER, taxed: bool = True) -> PurchaseOrder:
    rate = D("0.20") if taxed else None
    return PurchaseOrder(
        buyer=SELLER, supplier=supplier, number="CF-2026-00042", order_date=date(2026, 3, 2),
        expected_date=date(2026, 3, 16), currency="EUR",
        lines=(
            OrderedLine("ART-0031", "Fluide frigorigène R290 (propane)",
                        InvoiceLine(D("25"), D("18.87"), rate, (D("0.05"),))),
            OrderedLine("ART-0034", "Huile POE pour compresseur",
                        InvoiceLine(D("3"), D("21.42"), rate)),
        ),
        shipping=D("15"),
        payment_terms="Règlement par virement à 45 jours date de facture.",
        contact="Claire Dubois, Responsable des achats",
    )


def letter(**changes) -> ComplaintLetter:
    values = dict(
        sender=SELLER, recipient=FRENCH_SUPPLIER, letter_date=date(2026, 11, 30),
        reference="FF-2026-00283", invoice_number="2026-01832", invoice_date=date(2026, 10, 5),
        discrepancies=(
            Discrepancy(1, "Fluide frigorigène R290 (propane)",
                        "avoir attendu : quantité refusée ou endommagée facturée",
                        "24 reçu(s) et accepté(s)", "25 facturé(s) en cumul", D("17.93")),
            Discrepancy(2, "Huile POE pour compresseur", "prix au-dessus de la commande",
                        "21,42 € (commande CF-2026-00042 ligne 2)", "22,28 €", D("2.58")),
        ),
        signatory=BUYER, order_number="CF-2026-00042", order_date=date(2026, 3, 2),
        receipts=(("BR-2026-00031", date(2026, 3, 16)),), replacement=True,
    )
    return ComplaintLetter(**(values | changes))


def test_the_purchase_order_html_matches_its_golden_file():
    html = render_purchase_order_html(order())
    assert_matches_golden("documents/bon_de_commande.html", without_stylesheets(html))


def test_the_complaint_letter_html_matches_its_golden_file():
    html = render_complaint_html(letter())
    assert_matches_golden("documents/lettre_reclamation_fournisseur.html",
                          without_stylesheets(html))


def test_the_purchase_order_totals_are_exact():
    """25 × 18,87 − 5 % = 448,16 (448,1625 half-up); 3 × 21,42 = 64,26; port 15,00 :
    HT 527,42, TVA 20 % 105,48, TTC 632,90."""
    totals = order().totals
    assert totals.line_amounts == (D("448.16"), D("64.26"))
    assert (totals.total_ht, totals.total_vat, totals.total_ttc) == (
        D("527.42"), D("105.48"), D("632.90"))
    html = unescape(render_purchase_order_html(order()))
    for text in ("527,42\u00a0€", "105,48\u00a0€", "632,90\u00a0€", "Total TTC",
                 "Livraison attendue le", "16 mars 2026", "Adresse de livraison"):
        assert text in html


def test_an_intra_eu_order_has_no_vat_line_but_the_reverse_charge_and_both_vat_numbers():
    html = unescape(render_purchase_order_html(order(GERMAN_SUPPLIER, taxed=False)))
    assert "Autoliquidation" in html and "256 bis" in html
    assert "Total TVA" not in html and "Total TTC" not in html
    assert "Total à payer (hors taxes)" in html
    assert "autoliquidée" in html
    assert f"de l'acheteur : {SELLER.vat_number} ; du fournisseur : DE936919245" in html
    assert "ALLEMAGNE" in html


def test_the_letter_is_written_in_french_administrative_style():
    html = unescape(render_complaint_html(letter()))
    for text in ("Objet\u00a0: Réclamation sur votre facture n° 2026-01832 du 5 octobre 2026",
                 "V/Réf.\u00a0: facture n° 2026-01832", "N/Réf.\u00a0: FF-2026-00283",
                 "commande n° CF-2026-00042 du 2 mars 2026", "réception n° BR-2026-00031 du "
                 "16/03/2026", "Madame, Monsieur,", "les écarts suivants",
                 "20,51\u00a0€", "procéder au remplacement des articles endommagés",
                 "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations "
                 "distinguées.", "Claire Dubois", "À l'attention de M. Lefebvre"):
        assert text in html, text


def test_a_price_discrepancy_asks_for_a_credit_note_or_a_corrected_invoice():
    single = letter(discrepancies=letter().discrepancies[1:], replacement=False)
    html = unescape(render_complaint_html(single))
    assert "l'écart suivant" in html
    assert "nous adresser un avoir de 2,58\u00a0€ HT, ou une facture rectificative" in html
    assert "remplacement" not in html


def test_both_documents_are_pdf_a_3b():
    for pdf, title in ((render_purchase_order_pdf(order()), "Bon de commande n° CF-2026-00042"),
                       (render_complaint_pdf(letter()), "Réclamation sur votre facture")):
        reader = PdfReader(io.BytesIO(pdf))
        assert reader.metadata.title.startswith(title)
        assert title in page_text(pdf).replace("\n", " ")


@pytest.fixture(scope="module")
def records(demo_dataset):
    return purchase_records(demo_dataset)


def test_a_demo_order_to_a_french_supplier_has_its_vat(records):
    french = next(n for n, row in records.orders.items()
                  if records.suppliers[row["code_fournisseur"]]["zone"] == "France"
                  and row["statut"] == "reçue")
    printed = purchase_order(records, french)
    assert printed.reverse_charge is None
    assert printed.totals.total_ttc == printed.totals.total_ht + printed.totals.total_vat
    assert printed.totals.total_vat > 0


def test_a_demo_order_to_a_supplier_outside_the_eu_is_untaxed(records):
    imported = next(n for n, row in records.orders.items()
                    if records.suppliers[row["code_fournisseur"]]["zone"] == "Hors UE")
    printed = purchase_order(records, imported)
    assert printed.totals.total_vat == 0
    assert "1695" in printed.reverse_charge
    assert printed.currency != "EUR"


def test_an_unknown_order_is_a_french_problem(records):
    with pytest.raises(DocumentDataError, match="CF-2099-00001 : commande fournisseur inconnue"):
        purchase_order(records, "CF-2099-00001")


def hand_made_discrepancies(records) -> pl.DataFrame:
    """Two rows of the three-way match on one demo invoice, written by hand."""
    piece, invoice = next(iter(records.invoices.items()))
    base = {"numero_piece": piece, "code_fournisseur": invoice["code_fournisseur"],
            "numero_fournisseur": invoice["numero_fournisseur"],
            "date_facture": invoice["date_facture"],
            "numero_commande": invoice["numero_commande"], "ligne_commande": 1,
            "devise": invoice["devise"]}
    return pl.DataFrame([
        base | {"ligne": 1, "designation": "Article A", "nature": "prix au-dessus de la commande",
                "attendu": "10,00 €", "facture": "10,50 €", "montant_ecart_ht": D("5.00"),
                "_ligne": 2},
        base | {"ligne": 2, "designation": "Article B", "nature": "remise non appliquée",
                "attendu": "remise de 3 %", "facture": "remise de 0 %",
                "montant_ecart_ht": D("1.20"), "_ligne": 3},
    ])


def test_one_letter_per_invoice_from_the_discrepancy_frame(records):
    frame = hand_made_discrepancies(records)
    letters = complaint_letters(records, frame, date(2026, 11, 30))
    assert len(letters) == 1
    built = letters[0]
    assert isinstance(built, ComplaintLetter)
    assert built.total_ht == D("6.20")
    assert built.reference == frame["numero_piece"][0]
    assert built.order_number == frame["numero_commande"][0]
    assert built.receipts, "the receipts of the order are cited"
    assert not built.replacement


def test_a_letter_to_a_supplier_without_file_is_a_french_problem(records):
    frame = hand_made_discrepancies(records).with_columns(code_fournisseur=pl.lit("F0099"))
    (problem,) = complaint_letters(records, frame, date(2026, 11, 30))
    assert isinstance(problem, DocumentDataError)
    assert "le fournisseur F0099 n'a pas de fiche" in str(problem)


def test_the_batch_gives_every_sent_order_and_says_when_the_match_is_missing(
        demo_dataset, monkeypatch):
    papers, problems = purchase_papers(demo_dataset, (PURCHASE_ORDERS,))
    sent = demo_dataset.frame("commandes_achat").filter(
        pl.col("statut").is_in(["envoyée", "confirmée", "partiellement reçue", "reçue"]))
    assert sorted(p.name for p in papers) == sorted(sent["numero_commande"])
    assert problems == []
    import pipelines.documents.purchase_papers as module
    monkeypatch.setattr(module, "load_discrepancies",
                        lambda dataset: "réclamations : le rapprochement n'est pas disponible")
    papers, problems = purchase_papers(demo_dataset, (COMPLAINTS,))
    assert papers == [] and problems == ["réclamations : le rapprochement n'est pas disponible"]


def test_a_letter_never_claims_more_than_its_invoice_ht():
    capped = letter(invoice_ht=D("15.00"))
    assert capped.total_ht == D("15.00")  # 17.93 + 2.58 claimed on a 15.00 € HT invoice
    html = unescape(render_complaint_html(capped))
    assert "adresser un avoir de 15,00\u00a0€ HT" in html
    assert letter(invoice_ht=D("100.00")).total_ht == D("20.51")


def test_a_demo_letter_is_capped_at_the_invoice_it_claims_on(records):
    frame = hand_made_discrepancies(records)
    piece = frame["numero_piece"][0]
    billed = records.invoice_ht[piece]
    assert billed > 0
    # an invoice billed without receipt (its whole HT) and a price difference on top
    frame = frame.with_columns(montant_ecart_ht=pl.Series([billed, D("1.20")]))
    (built,) = complaint_letters(records, frame, date(2026, 11, 30))
    assert built.total_ht == billed
