"""Property: the monetary summation of the XML adds up exactly, for any invoice."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.compute.invoice_totals import Invoice, InvoiceLine, credit_note
from pipelines.compute.vat_treatment import Zone
from pipelines.documents import DocumentType, build_cii_xml, check_xsd
from pipelines.law import parameters

from .samples import FRENCH_BUYER, ISSUED, document
from .xml_reading import DOCUMENT_ALLOWANCE, HEADER_TAX, SUMMATION, CiiReader

RATES = [
    D(parameters().value(f"tva.taux.{name}", ISSUED))
    for name in ("normal", "intermediaire", "reduit", "particulier")
]
LINE_ITEM = "//ram:IncludedSupplyChainTradeLineItem"

cents = st.integers(min_value=1, max_value=500_000).map(lambda n: D(n).scaleb(-2))
lines = st.builds(
    InvoiceLine,
    quantity=st.integers(min_value=1, max_value=2_000).map(lambda n: D(n).scaleb(-1)),
    unit_price=st.integers(min_value=1, max_value=1_000_000).map(lambda n: D(n).scaleb(-4)),
    vat_rate=st.sampled_from(RATES),
    remises=st.lists(st.integers(min_value=1, max_value=30).map(lambda n: D(n).scaleb(-2)), max_size=2).map(
        tuple
    ),
)
invoices = st.builds(
    Invoice,
    lines=st.lists(lines, min_size=1, max_size=6).map(tuple),
    ristourne=st.sampled_from([D(0), D("0.02"), D("0.035")]),
    shipping=st.sampled_from([D(0), D("9.90"), D("25")]),
)


def sums_by_rate(xml: CiiReader, items: str, amount: str) -> dict[str, D]:
    sums: dict[str, D] = defaultdict(D)
    for item in xml.root.xpath(items, namespaces=xml.root.nsmap):
        rate = item.xpath(".//ram:RateApplicablePercent/text()", namespaces=xml.root.nsmap)[0]
        sums[rate] += D(item.xpath(amount, namespaces=xml.root.nsmap)[0])
    return dict(sums)


def assert_summation_adds_up(xml: CiiReader) -> None:
    total = lambda name: xml.amount(f"{SUMMATION}/ram:{name}/text()")  # noqa: E731
    lines_total = sum(xml.amounts(f"{LINE_ITEM}//ram:LineTotalAmount/text()"), D(0))
    assert total("LineTotalAmount") == lines_total
    charges = sum(xml.amounts(f"{DOCUMENT_ALLOWANCE}[.//udt:Indicator='true']/ram:ActualAmount/text()"), D(0))
    allowances = sum(
        xml.amounts(f"{DOCUMENT_ALLOWANCE}[.//udt:Indicator='false']/ram:ActualAmount/text()"), D(0)
    )
    assert (total("ChargeTotalAmount"), total("AllowanceTotalAmount")) == (charges, allowances)
    assert total("LineTotalAmount") + charges - allowances == total("TaxBasisTotalAmount")
    assert sum(xml.amounts(f"{HEADER_TAX}/ram:BasisAmount/text()"), D(0)) == total("TaxBasisTotalAmount")
    assert sum(xml.amounts(f"{HEADER_TAX}/ram:CalculatedAmount/text()"), D(0)) == total("TaxTotalAmount")
    assert total("TaxBasisTotalAmount") + total("TaxTotalAmount") == total("GrandTotalAmount")
    assert total("DuePayableAmount") == total("GrandTotalAmount")


def assert_each_rate_adds_up(xml: CiiReader) -> None:
    """Per VAT rate: Σ lines + charges − allowances of the rate = the rate's basis."""
    lines = sums_by_rate(xml, LINE_ITEM, ".//ram:LineTotalAmount/text()")
    charges = sums_by_rate(xml, f"{DOCUMENT_ALLOWANCE}[.//udt:Indicator='true']", "ram:ActualAmount/text()")
    allowances = sums_by_rate(
        xml, f"{DOCUMENT_ALLOWANCE}[.//udt:Indicator='false']", "ram:ActualAmount/text()"
    )
    bases = sums_by_rate(xml, HEADER_TAX, "ram:BasisAmount/text()")
    assert set(bases) == set(lines)
    for rate, basis in bases.items():
        assert lines[rate] + charges.get(rate, D(0)) - allowances.get(rate, D(0)) == basis


@settings(max_examples=60, deadline=None)
@given(invoices)
def test_the_xml_summation_adds_up_for_any_invoice(invoice):
    xml = CiiReader(build_cii_xml(document("F-PROP", FRENCH_BUYER, invoice, Zone.FRANCE)))
    assert_summation_adds_up(xml)
    assert_each_rate_adds_up(xml)


@settings(max_examples=15, deadline=None)
@given(invoices)
def test_a_credit_note_repeats_its_invoice_amounts_and_passes_the_xsd(invoice):
    original = document("F-PROP", FRENCH_BUYER, invoice, Zone.FRANCE)
    reversal = document(
        "AV-PROP",
        FRENCH_BUYER,
        credit_note(invoice),
        Zone.FRANCE,
        type=DocumentType.AVOIR,
        preceding_invoice="F-PROP",
    )
    invoice_xml, credit_xml = build_cii_xml(original), build_cii_xml(reversal)
    assert check_xsd(invoice_xml) == [] and check_xsd(credit_xml) == []
    assert_summation_adds_up(CiiReader(credit_xml))
    summation = f"{SUMMATION}/ram:GrandTotalAmount/text()"
    assert CiiReader(credit_xml).amount(summation) == CiiReader(invoice_xml).amount(summation)
