"""The Factur-X XML of every invoice and credit note of the demo: XSD and legal mentions.

Each document of ``ventes.xlsx`` is built by the workbook adapter (`sales_documents`) and
its CII XML checked against the EN16931 XSD; then each mandatory mention of the French
rules (Code de commerce L441-9, CGI annexe II art. 242 nonies A, e-invoicing reform) is read
back from the XML of every document it applies to, against the workbook's own values.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import polars as pl
import pytest

from pipelines.compute.sales_invoices import invoice_totals_frame
from pipelines.compute.vat_treatment import Treatment
from pipelines.documents import build_cii_xml, check_xsd
from pipelines.documents.invoice_pdf import render_invoice_html
from pipelines.documents.sales_documents import (
    ISSUED,
    invoice_document,
    invoice_numbers,
    sales_records,
)
from pipelines.law import parameters

from .xml_reading import SUMMATION, CiiReader

SELLER = "//ram:SellerTradeParty"
BUYER = "//ram:BuyerTradeParty"
SETTLEMENT = "//ram:ApplicableHeaderTradeSettlement"


class Demo:
    """The demo's documents with their rows and their XML, built once."""

    def __init__(self, dataset):
        self.dataset = dataset
        self.records = sales_records(dataset)
        self.numbers = invoice_numbers(self.records, issued_only=False)
        self.documents = {n: invoice_document(self.records, n) for n in self.numbers}
        self.xml = {n: build_cii_xml(d) for n, d in self.documents.items()}
        self.readers = {n: CiiReader(x) for n, x in self.xml.items()}
        self.organisation = self.records.organisation

    def row(self, number: str) -> dict:
        return self.records.invoices[number]

    def customer(self, number: str) -> dict:
        return self.records.customers[self.row(number)["code_client"]]

    def where(self, predicate) -> list[str]:
        found = [n for n in self.numbers if predicate(n)]
        assert found, "aucun document de la démonstration n'est concerné"
        return found


@pytest.fixture(scope="module")
def demo(demo_dataset) -> Demo:
    return Demo(demo_dataset)


def test_every_invoice_and_credit_note_of_the_demo_is_built(demo):
    kinds = Counter(demo.row(n)["type"] for n in demo.numbers)
    assert kinds["facture"] >= 300 and kinds["avoir"] >= 1
    assert len(demo.numbers) == demo.dataset.frame("factures").height
    assert all(demo.row(n)["statut"] == ISSUED for n in demo.numbers)


def test_every_xml_of_the_demo_passes_the_en16931_xsd(demo):
    failing = {n: errors for n, x in demo.xml.items() if (errors := check_xsd(x))}
    assert failing == {}


def test_the_demo_covers_each_vat_case_it_claims(demo):
    cases = Counter(d.vat.treatment for d in demo.documents.values())
    assert cases[Treatment.TAXABLE] and cases[Treatment.LIVRAISON_INTRACOMMUNAUTAIRE]
    assert cases[Treatment.EXPORTATION]


def test_the_xml_totals_are_those_of_the_sales_figures(demo):
    totals = invoice_totals_frame(demo.dataset)
    expected = dict(zip(totals["numero_facture"], totals["total_ttc"], strict=True))
    for number, reader in demo.readers.items():
        grand = reader.amount(f"{SUMMATION}/ram:GrandTotalAmount/text()")
        assert grand == abs(expected[number]), number


def check_seller_identity(demo, number, xml):
    org = demo.organisation
    assert xml.text(f"{SELLER}/ram:Name/text()") == org["raison_sociale"]
    assert xml.text(f"{SELLER}/ram:GlobalID[@schemeID='0009']/text()") == org["siret"]


def check_seller_siren(demo, number, xml):
    siren = demo.organisation["siren"]
    assert xml.text(f"{SELLER}/ram:SpecifiedLegalOrganization/ram:ID/text()") == siren
    assert xml.text(f"{SELLER}/ram:SpecifiedLegalOrganization/ram:ID/@schemeID") == "0002"


def check_seller_address(demo, number, xml):
    org = demo.organisation
    address = f"{SELLER}/ram:PostalTradeAddress"
    assert xml.text(f"{address}/ram:LineOne/text()") == org["adresse"]
    assert xml.text(f"{address}/ram:PostcodeCode/text()") == org["code_postal"]
    assert xml.text(f"{address}/ram:CityName/text()") == org["ville"]
    assert xml.text(f"{address}/ram:CountryID/text()") == org["pays"]


def check_seller_legal_form_capital_rcs(demo, number, xml):
    org = demo.organisation
    registration = xml.note("REG")
    assert f"{org['forme_juridique']} au capital de 120\u202f000,00\u00a0€" in registration
    assert "RCS Lyon 930 297 338" in registration


def check_seller_vat_number(demo, number, xml):
    vat = f"{SELLER}/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']/text()"
    assert xml.text(vat) == demo.organisation["numero_tva"]


def check_buyer_name_and_address(demo, number, xml):
    customer = demo.customer(number)
    assert xml.text(f"{BUYER}/ram:Name/text()") == customer["raison_sociale"]
    address = f"{BUYER}/ram:PostalTradeAddress"
    assert xml.text(f"{address}/ram:LineOne/text()") == customer["adresse"]
    assert xml.text(f"{address}/ram:PostcodeCode/text()") == customer["code_postal"]
    assert xml.text(f"{address}/ram:CityName/text()") == customer["ville"]
    assert xml.text(f"{address}/ram:CountryID/text()") == customer["pays"]


def check_buyer_siren(demo, number, xml):
    siren = demo.customer(number)["siren"]
    found = xml.texts(f"{BUYER}/ram:SpecifiedLegalOrganization/ram:ID/text()")
    assert found == ([siren] if siren else [])


def check_buyer_vat_number_when_required(demo, number, xml):
    found = xml.texts(f"{BUYER}/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']/text()")
    if demo.documents[number].vat.vat_number_required:
        assert found == [demo.customer(number)["numero_tva"]]
    elif demo.customer(number)["numero_tva"]:
        assert found == [demo.customer(number)["numero_tva"]]


def check_number_and_type(demo, number, xml):
    assert xml.text("//rsm:ExchangedDocument/ram:ID/text()") == number
    expected = "381" if demo.row(number)["type"] == "avoir" else "380"
    assert xml.text("//rsm:ExchangedDocument/ram:TypeCode/text()") == expected


def check_issue_date(demo, number, xml):
    issued = demo.row(number)["date_facture"].strftime("%Y%m%d")
    assert xml.text("//ram:IssueDateTime/udt:DateTimeString/text()") == issued


def check_sale_date(demo, number, xml):
    row = demo.row(number)
    supplied = (row["date_vente"] or row["date_facture"]).strftime("%Y%m%d")
    path = "//ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime/udt:DateTimeString"
    assert xml.text(f"{path}/text()") == supplied


def check_buyer_order_reference(demo, number, xml):
    reference = demo.row(number)["reference_acheteur"]
    found = xml.texts("//ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID/text()")
    assert found == ([reference] if reference else [])


def check_delivery_address_when_different(demo, number, xml):
    row, customer = demo.row(number), demo.customer(number)
    ship_to = xml.texts("//ram:ShipToTradeParty/ram:PostalTradeAddress/ram:LineOne/text()")
    street = row["adresse_livraison"] or customer["adresse_livraison"]
    if street and street != customer["adresse"]:
        assert ship_to == [street]
    else:
        assert ship_to == []


def check_operation_nature(demo, number, xml):
    words = {"biens": "livraison de biens", "mixte": "opération mixte",
             "services": "prestation de services"}
    expected = words[demo.row(number)["nature"]]
    assert xml.note("AAI").startswith(f"Nature de l'opération : {expected}")


def check_vat_option_on_debits_when_relevant(demo, number, xml):
    document = demo.documents[number]
    relevant = (
        demo.organisation["option_debits"]
        and demo.row(number)["nature"] != "biens"
        and document.vat.treatment is Treatment.TAXABLE
    )
    found = xml.texts("//ram:IncludedNote[ram:SubjectCode='TXD']/ram:Content/text()")
    assert found == (["Option pour le paiement de la taxe d'après les débits"] if relevant else [])


def check_lines_quantity_price_rate(demo, number, xml):
    lines = demo.records.invoice_lines[number]
    items = "//ram:IncludedSupplyChainTradeLineItem"
    names = xml.texts(f"{items}/ram:SpecifiedTradeProduct/ram:Name/text()")
    assert len(names) == len(lines)
    assert [name.split(" (réf. ")[0] for name in names] == [r["designation"] for r in lines]
    quantities = xml.amounts(f"{items}//ram:BilledQuantity/text()")
    assert quantities == [abs(r["quantite"]) for r in lines]
    prices = xml.amounts(f"{items}//ram:NetPriceProductTradePrice/ram:ChargeAmount/text()")
    assert prices == [r["prix_unitaire_ht"] for r in lines]
    categories = xml.texts(f"{items}//ram:ApplicableTradeTax/ram:CategoryCode/text()")
    assert len(categories) == len(lines)


def check_totals_per_rate(demo, number, xml):
    bases = xml.amounts(f"{SETTLEMENT}/ram:ApplicableTradeTax/ram:BasisAmount/text()")
    taxes = xml.amounts(f"{SETTLEMENT}/ram:ApplicableTradeTax/ram:CalculatedAmount/text()")
    currency = demo.row(number)["devise"]
    total_ht = xml.amount(f"{SUMMATION}/ram:TaxBasisTotalAmount/text()")
    total_vat = xml.amount(f"{SUMMATION}/ram:TaxTotalAmount[@currencyID='{currency}']/text()")
    assert sum(bases, Decimal(0)) == total_ht and sum(taxes, Decimal(0)) == total_vat
    assert total_ht + total_vat == xml.amount(f"{SUMMATION}/ram:GrandTotalAmount/text()")


def check_due_date(demo, number, xml):
    due = demo.row(number)["date_echeance"]
    found = xml.texts("//ram:DueDateDateTime/udt:DateTimeString/text()")
    assert found == ([due.strftime("%Y%m%d")] if due else [])


def check_payment_terms(demo, number, xml):
    terms = xml.text("//ram:SpecifiedTradePaymentTerms/ram:Description/text()")
    assert terms == f"Conditions de paiement : {demo.row(number)['conditions_paiement']}"


def check_escompte_or_none(demo, number, xml):
    row = demo.row(number)
    if row["taux_escompte"] and row["type"] == "facture":
        assert xml.note("AAB").startswith("Escompte de 2 % pour paiement avant le ")
    else:
        assert xml.note("AAB") == "Pas d'escompte pour paiement anticipé"


def check_late_penalty_rate(demo, number, xml):
    """The customer's contract rate when it has one, else the legal rate of the semester."""
    contract = demo.customer(number)["taux_penalites"]
    if contract is not None:
        assert xml.note("PMD") == (
            f"Pénalités de retard : taux prévu au contrat, soit {contract.normalize():f} % l'an"
        )
    else:
        assert xml.note("PMD") == (
            "Pénalités de retard : taux de refinancement de la BCE majoré de 10 points, "
            "soit 12,15 % l'an"
        )


def check_recovery_fee_of_40_euros(demo, number, xml):
    """The fixed recovery fee is owed by a business customer only, never by a private one."""
    if demo.customer(number)["type_client"] == "particulier":
        assert xml.texts("//ram:IncludedNote[ram:SubjectCode='PMT']") == []
        return
    fee = parameters().value(
        "factures.indemnite_forfaitaire_recouvrement", demo.row(number)["date_facture"]
    )
    assert fee == 40
    assert xml.note("PMT") == (
        "Indemnité forfaitaire pour frais de recouvrement due en cas de retard de paiement : "
        "40,00\u00a0€ (Code de commerce, art. L441-10 et D441-5)"
    )


def check_exemption_mention(demo, number, xml):
    treatment = demo.documents[number].vat.treatment
    reasons = set(xml.texts(f"{SETTLEMENT}/ram:ApplicableTradeTax/ram:ExemptionReason/text()"))
    codes = set(xml.texts(f"{SETTLEMENT}/ram:ApplicableTradeTax/ram:CategoryCode/text()"))
    if treatment is Treatment.LIVRAISON_INTRACOMMUNAUTAIRE:
        assert reasons == {"Exonération de TVA, art. 262 ter I du CGI"} and codes == {"K"}
    elif treatment is Treatment.EXPORTATION:
        assert reasons == {"Exonération de TVA, art. 262 I du CGI"} and codes == {"G"}
    else:
        assert reasons == set() and codes == {"S"}


def check_original_invoice_of_a_credit_note(demo, number, xml):
    row = demo.row(number)
    reference = "//ram:InvoiceReferencedDocument"
    if row["type"] != "avoir":
        assert xml.texts(f"{reference}/ram:IssuerAssignedID/text()") == []
        return
    origin = demo.row(row["facture_origine"])
    assert xml.text(f"{reference}/ram:IssuerAssignedID/text()") == row["facture_origine"]
    date_path = f"{reference}/ram:FormattedIssueDateTime/qdt:DateTimeString/text()"
    assert xml.text(date_path) == origin["date_facture"].strftime("%Y%m%d")


def check_currency_and_euro_vat(demo, number, xml):
    currency = demo.row(number)["devise"]
    assert xml.text(f"{SETTLEMENT}/ram:InvoiceCurrencyCode/text()") == currency
    euro_vat = xml.texts(f"{SUMMATION}/ram:TaxTotalAmount[@currencyID='EUR']/text()")
    assert len(euro_vat) == 1
    if currency != "EUR":
        assert xml.text(f"{SETTLEMENT}/ram:TaxCurrencyCode/text()") == "EUR"


MENTIONS = {
    "vendeur_denomination_et_siret": check_seller_identity,
    "vendeur_siren": check_seller_siren,
    "vendeur_adresse": check_seller_address,
    "vendeur_forme_capital_rcs": check_seller_legal_form_capital_rcs,
    "vendeur_numero_tva": check_seller_vat_number,
    "client_nom_et_adresse": check_buyer_name_and_address,
    "client_siren": check_buyer_siren,
    "client_numero_tva_si_requis": check_buyer_vat_number_when_required,
    "numero_et_type": check_number_and_type,
    "date_emission": check_issue_date,
    "date_de_la_vente": check_sale_date,
    "numero_de_commande_du_client": check_buyer_order_reference,
    "adresse_de_livraison_si_differente": check_delivery_address_when_different,
    "nature_de_l_operation": check_operation_nature,
    "option_tva_sur_les_debits": check_vat_option_on_debits_when_relevant,
    "lignes_quantite_designation_prix_taux": check_lines_quantity_price_rate,
    "totaux_par_taux": check_totals_per_rate,
    "date_echeance": check_due_date,
    "conditions_de_paiement": check_payment_terms,
    "escompte_ou_pas_d_escompte": check_escompte_or_none,
    "penalites_de_retard": check_late_penalty_rate,
    "indemnite_forfaitaire_40_euros": check_recovery_fee_of_40_euros,
    "mention_d_exoneration_ue_et_export": check_exemption_mention,
    "avoir_facture_d_origine": check_original_invoice_of_a_credit_note,
    "devise_et_tva_en_euros": check_currency_and_euro_vat,
}


@pytest.mark.parametrize("mention", sorted(MENTIONS))
def test_every_demo_document_carries_the_mention(demo, mention):
    check = MENTIONS[mention]
    for number, reader in demo.readers.items():
        try:
            check(demo, number, reader)
        except AssertionError as error:
            raise AssertionError(f"{number} : {error}") from error


CASES = {
    "livraison_intracommunautaire": lambda demo, n: (
        demo.documents[n].vat.treatment is Treatment.LIVRAISON_INTRACOMMUNAUTAIRE
    ),
    "exportation": lambda demo, n: demo.documents[n].vat.treatment is Treatment.EXPORTATION,
    "avoir": lambda demo, n: demo.row(n)["type"] == "avoir",
    "option_sur_les_debits": lambda demo, n: demo.documents[n].header.vat_on_debits,
    "adresse_de_livraison": lambda demo, n: demo.documents[n].buyer.delivery_address
    is not None,
    "devise_etrangere": lambda demo, n: demo.row(n)["devise"] != "EUR",
    "escompte": lambda demo, n: bool(demo.row(n)["taux_escompte"]),
    "taux_de_penalites_du_contrat": lambda demo, n: demo.customer(n)["taux_penalites"]
    is not None,
    "client_particulier": lambda demo, n: demo.customer(n)["type_client"] == "particulier",
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_demo_has_documents_of_each_case(demo, case):
    assert demo.where(lambda n: CASES[case](demo, n))


def test_an_eu_business_without_vat_number_is_invoiced_with_french_vat(demo):
    """The demo's Spanish customer gave no VAT number: its invoices charge French VAT."""
    numbers = [
        n for n in demo.numbers
        if demo.customer(n)["zone"] == "UE" and not demo.customer(n)["numero_tva"]
    ]
    assert numbers
    for number in numbers:
        assert demo.documents[number].vat.treatment is Treatment.TAXABLE
        assert not demo.documents[number].vat.vat_number_required


def test_the_escompte_mention_gives_its_deadline_and_amount(demo):
    escompte = [n for n in demo.numbers if demo.row(n)["taux_escompte"]]
    assert escompte == ["FA-2026-00128"]
    note = demo.readers["FA-2026-00128"].note("AAB")
    payable = demo.documents["FA-2026-00128"].totals.cash_discount.amount_payable
    assert note.startswith("Escompte de 2 % pour paiement avant le 13 mars 2026 : ")
    assert f"{payable}".replace(".", ",") in note.replace("\u202f", "").replace("\u00a0", "")


def test_a_credit_note_xml_shows_positive_amounts(demo):
    frame = invoice_totals_frame(demo.dataset).filter(pl.col("type") == "avoir")
    for row in frame.iter_rows(named=True):
        reader = demo.readers[row["numero_facture"]]
        assert reader.amount(f"{SUMMATION}/ram:GrandTotalAmount/text()") == -row["total_ttc"]


def test_a_contract_penalty_rate_is_printed_instead_of_the_legal_one(demo):
    """C0024's contract sets 10 % a year: FA-2026-00519 prints it, not ECB + 10 points."""
    assert demo.row("FA-2026-00519")["code_client"] == "C0024"
    assert demo.readers["FA-2026-00519"].note("PMD") == (
        "Pénalités de retard : taux prévu au contrat, soit 10 % l'an")


def test_a_zero_amount_of_a_credit_note_has_no_sign(demo):
    """AV-2026-00002 has no VAT: its zero amounts read 0.00 in the XML and 0,00 € in the
    PDF, never -0.00 nor -0,00 €."""
    xml = demo.xml["AV-2026-00002"].decode()
    reader = demo.readers["AV-2026-00002"]
    assert reader.texts(f"{SUMMATION}/ram:TaxTotalAmount/text()") == ["0.00"]
    assert reader.text(f"{SUMMATION}/ram:ChargeTotalAmount/text()") == "0.00"
    assert reader.text(f"{SUMMATION}/ram:AllowanceTotalAmount/text()") == "0.00"
    assert "-0.00" not in xml
    html = render_invoice_html(demo.documents["AV-2026-00002"])
    assert "0,00\u00a0€" in html
    assert "-0,00" not in html and "−0,00" not in html
    assert not [n for n, x in demo.xml.items() if b">-0.00<" in x]
