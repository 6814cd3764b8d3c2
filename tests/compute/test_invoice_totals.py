from dataclasses import replace
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.compute.invoice_totals import (
    Invoice,
    InvoiceLine,
    InvoiceTotals,
    credit_note,
    invoice_totals,
    line_net_amount,
    main_supply_rate,
)
from pipelines.law import parameters

D = Decimal
ON = date(2026, 3, 1)
NORMAL = parameters().value("tva.taux.normal", ON)
REDUIT = parameters().value("tva.taux.reduit", ON)
INTERMEDIAIRE = parameters().value("tva.taux.intermediaire", ON)
PARTICULIER = parameters().value("tva.taux.particulier", ON)


def three_line_invoice(**changes) -> Invoice:
    """Worked by hand below: two rates, a remise, a rabais, a ristourne, shipping, escompte."""
    lines = (
        InvoiceLine(D("3"), D("12.50"), NORMAL, remises=(D("0.10"),)),  # 37.50 − 10 % = 33.75
        InvoiceLine(D("7"), D("4.99"), REDUIT, rabais=D("1.93")),  # 34.93 − 1.93 = 33.00
        InvoiceLine(D("2"), D("15.333"), NORMAL, remises=(D("0.05"),)),  # 29.1327 → 29.13
    )
    invoice = Invoice(lines, ristourne=D("0.02"), shipping=D("9.90"), escompte=D("0.02"))
    return replace(invoice, **changes)


def test_rates_come_from_the_parameters():
    assert (NORMAL, REDUIT) == (D("0.20"), D("0.055"))


def test_three_line_invoice_worked_by_hand():
    totals = invoice_totals(three_line_invoice())
    assert totals.line_amounts == (D("33.75"), D("33.00"), D("29.13"))
    normal, reduit = totals.vat_bases
    # 20 %: 62.88 − ristourne 1.26 (1.2576) + shipping 9.90 (largest base) = 71.52
    assert (normal.rate, normal.ristourne, normal.shipping, normal.base) == (
        D("0.20"), D("1.26"), D("9.90"), D("71.52"),
    )
    assert normal.vat == D("14.30")  # 14.304
    # 5.5 %: 33.00 − ristourne 0.66 = 32.34; VAT 1.7787 → 1.78
    assert (reduit.rate, reduit.ristourne, reduit.shipping, reduit.base, reduit.vat) == (
        D("0.055"), D("0.66"), D("0.00"), D("32.34"), D("1.78"),
    )
    assert (totals.total_ht, totals.total_vat, totals.total_ttc) == (
        D("103.86"), D("16.08"), D("119.94"),
    )


def test_escompte_reduces_the_base_without_shipping_and_the_vat_in_proportion():
    discount = invoice_totals(three_line_invoice()).cash_discount
    # 61.62 × 2 % = 1.2324 → 1.23 (VAT 0.246 → 0.25); 32.34 × 2 % = 0.6468 → 0.65 (VAT 0.03575 → 0.04)
    assert (discount.reduction_ht, discount.reduction_vat) == (D("1.88"), D("0.29"))
    assert discount.amount_payable == D("117.77")


def test_no_escompte_no_cash_discount():
    assert invoice_totals(three_line_invoice(escompte=D("0"))).cash_discount is None


def test_foreign_currency_invoice_has_its_euro_equivalent():
    totals = invoice_totals(three_line_invoice(currency="USD", eur_rate=D("0.92")))
    assert totals.currency == "USD"
    assert totals.total_ttc == D("119.94")
    # 103.86 × 0.92 = 95.5512; 16.08 × 0.92 = 14.7936
    assert (totals.euro.total_ht, totals.euro.total_vat, totals.euro.total_ttc) == (
        D("95.55"), D("14.79"), D("110.34"),
    )
    assert invoice_totals(three_line_invoice()).euro is None


def test_half_up_on_a_tie_where_half_even_would_round_down():
    assert line_net_amount(InvoiceLine(D("1"), D("0.125"), None)) == D("0.13")
    totals = invoice_totals(Invoice((InvoiceLine(D("1"), D("10.25"), INTERMEDIAIRE),)))
    assert totals.total_vat == D("1.03")  # 1.025


def test_vat_is_rounded_once_per_rate_not_per_line():
    # three lines of 0.05 at 10 %: 0.005 each (0.01 per line, 0.03 in all) but 0.015 → 0.02
    line = InvoiceLine(D("1"), D("0.05"), INTERMEDIAIRE)
    assert invoice_totals(Invoice((line, line, line))).total_vat == D("0.02")


def test_shipping_follows_the_highest_rate_on_a_tie_of_bases():
    assert main_supply_rate({D("0.10"): D("100"), D("0.20"): D("100")}) == D("0.20")
    assert main_supply_rate({D("0.20"): D("-50"), D("0.10"): D("-80")}) == D("0.10")
    assert main_supply_rate({}) is None


def test_successive_remises_apply_in_cascade():
    line = InvoiceLine(D("1"), D("100"), NORMAL, remises=(D("0.10"), D("0.05")))
    assert line_net_amount(line) == D("85.50")


def test_credit_note_of_the_worked_invoice_is_its_exact_negative():
    totals = invoice_totals(credit_note(three_line_invoice()))
    assert (totals.total_ht, totals.total_vat, totals.total_ttc) == (
        D("-103.86"), D("-16.08"), D("-119.94"),
    )
    assert totals.cash_discount.amount_payable == D("-117.77")


def test_partial_credit_note_reverses_only_the_chosen_lines():
    note = credit_note(three_line_invoice(), (1,), with_shipping=False)
    totals = invoice_totals(note)
    # 33.00 − ristourne 0.66 = 32.34 at 5.5 %
    assert (totals.total_ht, totals.total_vat) == (D("-32.34"), D("-1.78"))


# --- properties -----------------------------------------------------------------------

def cents(low: int, high: int):
    return st.integers(low, high).map(lambda n: D(n).scaleb(-2))


fractions = st.integers(0, 50).map(lambda n: D(n).scaleb(-2))
rates = st.sampled_from([NORMAL, INTERMEDIAIRE, REDUIT, PARTICULIER, None])
lines = st.builds(
    InvoiceLine,
    quantity=st.integers(1, 100_000).map(lambda n: D(n).scaleb(-3)),
    unit_price=st.integers(0, 10_000_000).map(lambda n: D(n).scaleb(-3)),
    vat_rate=rates,
    remises=st.lists(fractions, max_size=2).map(tuple),
    rabais=cents(0, 500),
)
invoices = st.builds(
    Invoice,
    lines=st.lists(lines, min_size=1, max_size=8).map(tuple),
    ristourne=fractions,
    shipping=cents(0, 5_000),
    escompte=st.integers(1, 5).map(lambda n: D(n).scaleb(-2)),
    currency=st.just("USD"),
    eur_rate=st.integers(1, 3_000_000).map(lambda n: D(n).scaleb(-6)),
)


def amounts(totals: InvoiceTotals) -> list[Decimal]:
    values = [*totals.line_amounts, totals.total_ht, totals.total_vat, totals.total_ttc]
    for base in totals.vat_bases:
        values += [base.ristourne, base.shipping, base.base, base.vat]
    discount, euro = totals.cash_discount, totals.euro
    if discount:
        values += [discount.reduction_ht, discount.reduction_vat, discount.amount_payable]
    values += [euro.total_ht, euro.total_vat, euro.total_ttc]
    return values


@settings(max_examples=200, deadline=None)
@given(invoices)
def test_bases_reconcile_with_lines_ristourne_and_shipping(invoice):
    totals = invoice_totals(invoice)
    bases = totals.vat_bases
    assert sum(b.base for b in bases) == (
        sum(totals.line_amounts) - sum(b.ristourne for b in bases) + invoice.shipping
    )
    plain = invoice_totals(Invoice(invoice.lines))
    assert sum(plain.line_amounts) == sum(b.base for b in plain.vat_bases)


@settings(max_examples=200, deadline=None)
@given(invoices)
def test_ttc_is_ht_plus_vat_and_every_amount_is_an_exact_cent_decimal(invoice):
    totals = invoice_totals(invoice)
    assert totals.total_ttc == totals.total_ht + totals.total_vat
    assert totals.total_ht == sum(b.base for b in totals.vat_bases)
    assert totals.total_vat == sum(b.vat for b in totals.vat_bases)
    for amount in amounts(totals):
        assert type(amount) is Decimal
        assert amount == amount.quantize(D("0.01"))


@settings(max_examples=200, deadline=None)
@given(invoices)
def test_vat_per_rate_is_within_half_a_cent_of_base_times_rate(invoice):
    for base in invoice_totals(invoice).vat_bases:
        exact = base.base * (base.rate or 0)
        assert abs(base.vat - exact) <= D("0.005")


@settings(max_examples=200, deadline=None)
@given(invoices)
def test_credit_note_has_exactly_the_negated_totals(invoice):
    totals = invoice_totals(invoice)
    negated = invoice_totals(credit_note(invoice))
    assert negated.line_amounts == tuple(-a for a in totals.line_amounts)
    assert [(b.rate, b.base, b.vat) for b in negated.vat_bases] == [
        (b.rate, -b.base, -b.vat) for b in totals.vat_bases
    ]
    assert (negated.total_ht, negated.total_vat, negated.total_ttc) == (
        -totals.total_ht, -totals.total_vat, -totals.total_ttc,
    )
    assert negated.cash_discount.amount_payable == -totals.cash_discount.amount_payable
    assert negated.euro.total_ttc == -totals.euro.total_ttc
