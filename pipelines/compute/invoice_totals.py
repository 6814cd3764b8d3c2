"""Invoice totals, exact to the cent (Code de commerce L441-9; CGI annexe II art. 242 nonies A).

The legal core of an invoice on plain values, independent of the sales workbook: each line's
net amount HT after its reductions, the HT base and the VAT of each rate, the TTC total, the
cash discount (escompte) and the equivalent in euros of an invoice in another currency.

Every rounding is explicit: half-up to the cent, away from zero on a tie
(``ROUND_HALF_UP``), so that rounding a negative amount gives the exact negative of
rounding the positive one, and a credit note is the exact negative of what it reverses.
No amount goes through a float.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from pipelines.compute.money import to_cent

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
ONE = Decimal(1)

VatRate = Decimal | None
"""A VAT rate as a fraction (0.20), or None for a line without VAT (exempt, out of scope)."""


@dataclass(frozen=True)
class InvoiceLine:
    """One invoice line: quantity × unit price HT, its reductions and its VAT rate.

    ``remises`` are percentage discounts as fractions (0.10 for 10 %), applied in cascade;
    ``rabais`` is an amount HT taken off the line (a reduction for a defect or a delay).
    """

    quantity: Decimal
    unit_price: Decimal
    vat_rate: VatRate
    remises: tuple[Decimal, ...] = ()
    rabais: Decimal = ZERO


@dataclass(frozen=True)
class Invoice:
    """The figures of an invoice (or of a credit note, whose quantities are negative).

    ``ristourne``: a percentage reduction on the whole invoice, as a fraction.
    ``shipping``: shipping costs HT, taxed like the main supply.
    ``escompte``: the cash-discount rate granted for an early payment, as a fraction.
    ``eur_rate``: euros for one unit of ``currency`` (None for an invoice in euros).
    """

    lines: tuple[InvoiceLine, ...]
    ristourne: Decimal = ZERO
    shipping: Decimal = ZERO
    escompte: Decimal = ZERO
    currency: str = "EUR"
    eur_rate: Decimal | None = None


@dataclass(frozen=True)
class VatBase:
    """The HT base of one VAT rate and its VAT."""

    rate: VatRate
    ristourne: Decimal  # the ristourne taken off the lines of this rate
    shipping: Decimal  # the shipping costs taxed at this rate
    base: Decimal  # lines − ristourne + shipping
    vat: Decimal


@dataclass(frozen=True)
class CashDiscount:
    """What the customer pays when paying by the escompte deadline, and its VAT effect."""

    rate: Decimal
    reduction_ht: Decimal
    reduction_vat: Decimal
    amount_payable: Decimal  # TTC − reduction HT − reduction VAT


@dataclass(frozen=True)
class EuroEquivalent:
    """The totals of an invoice in another currency, in euros."""

    eur_rate: Decimal
    total_ht: Decimal
    total_vat: Decimal
    total_ttc: Decimal


@dataclass(frozen=True)
class InvoiceTotals:
    currency: str
    line_amounts: tuple[Decimal, ...]  # each line's net HT, in the order of the lines
    vat_bases: tuple[VatBase, ...]  # by rate, highest rate first, None last
    total_ht: Decimal
    total_vat: Decimal
    total_ttc: Decimal
    cash_discount: CashDiscount | None
    euro: EuroEquivalent | None


def line_net_amount(line: InvoiceLine) -> Decimal:
    """Net HT of a line: quantity × unit price, minus the rabais, then minus each remise
    in cascade, rounded once to the cent (the reductions acquired are shown on the
    invoice, CGI annexe II art. 242 nonies A)."""
    amount = line.quantity * line.unit_price - line.rabais
    for remise in line.remises:
        amount *= ONE - remise
    return to_cent(amount)


def net_unit_price(price, discount_pct=None) -> Decimal:
    """The unit price HT after a percentage discount (3 for 3 %), exact (not rounded):
    what two prices are compared on, whatever their gross price and discount."""
    price = Decimal(price)
    return price if not discount_pct else price * (100 - Decimal(discount_pct)) / 100


def net_amount(quantity, price, discount_pct=None) -> Decimal:
    """Net HT of quantity × unit price after a percentage discount (3 for 3 %), rounded
    half-up to the cent: the amount of a workbook line (`line_net_amount` of its line)."""
    remises = (Decimal(discount_pct) / 100,) if discount_pct else ()
    return line_net_amount(InvoiceLine(Decimal(quantity), Decimal(price), None, remises))


def _rate_order(rate: VatRate) -> Decimal:
    return Decimal(-1) if rate is None else rate


def lines_by_rate(lines: tuple[InvoiceLine, ...]) -> dict[VatRate, Decimal]:
    """Σ net HT of the lines of each VAT rate (the invoice shows the HT total per rate)."""
    sums: dict[VatRate, Decimal] = {}
    for line in lines:
        sums[line.vat_rate] = sums.get(line.vat_rate, ZERO) + line_net_amount(line)
    return dict(sorted(sums.items(), key=lambda item: _rate_order(item[0]), reverse=True))


def main_supply_rate(bases: dict[VatRate, Decimal]) -> VatRate:
    """The rate of the main supply: the rate of the largest base of lines (in absolute value, so that
    a credit note picks the same rate as its invoice). On a tie, the highest rate wins: an
    accessory cost is never taxed below a rate the invoice itself applies to as much."""
    if not bases:
        return None
    return max(bases, key=lambda rate: (abs(bases[rate]), _rate_order(rate)))


def vat_bases(invoice: Invoice) -> tuple[VatBase, ...]:
    """The base and VAT of each rate: the lines of the rate, minus the ristourne applied to
    that base (rounded per base), plus the shipping costs if the rate is the main supply's
    (an accessory follows the VAT of the principal supply); VAT = base × rate, rounded once
    per rate (CGI annexe II art. 242 nonies A: HT per rate and the VAT that goes with it)."""
    by_rate = lines_by_rate(invoice.lines)
    if invoice.shipping and not by_rate:
        by_rate = {None: ZERO}
    shipping_rate = main_supply_rate(by_rate)
    result = []
    for rate, lines_total in by_rate.items():
        ristourne = to_cent(lines_total * invoice.ristourne)
        shipping = invoice.shipping if rate == shipping_rate else ZERO
        base = lines_total - ristourne + shipping
        vat = ZERO if rate is None else to_cent(base * rate)
        result.append(VatBase(rate, ristourne, shipping, base, vat))
    return tuple(result)


def cash_discount(invoice: Invoice, bases: tuple[VatBase, ...]) -> CashDiscount | None:
    """The escompte for an early payment: rate × the net commercial base of each VAT rate
    (shipping excluded), and the VAT reduced in proportion, as a credit note would reduce it
    (the VAT collected follows the price actually paid)."""
    if not invoice.escompte:
        return None
    reduction_ht = ZERO
    reduction_vat = ZERO
    for vat_base in bases:
        reduction = to_cent((vat_base.base - vat_base.shipping) * invoice.escompte)
        reduction_ht += reduction
        if vat_base.rate is not None:
            reduction_vat += to_cent(reduction * vat_base.rate)
    total_ttc = sum((b.base + b.vat for b in bases), ZERO)
    return CashDiscount(
        invoice.escompte, reduction_ht, reduction_vat, total_ttc - reduction_ht - reduction_vat
    )


def euro_equivalent(invoice: Invoice, total_ht: Decimal, total_vat: Decimal) -> EuroEquivalent | None:
    """HT and VAT converted to euros at the given rate, each rounded to the cent; TTC in
    euros is their sum, so the euro figures add up like the invoice's own."""
    if invoice.eur_rate is None:
        return None
    ht = to_cent(total_ht * invoice.eur_rate)
    vat = to_cent(total_vat * invoice.eur_rate)
    return EuroEquivalent(invoice.eur_rate, ht, vat, ht + vat)


def invoice_totals(invoice: Invoice) -> InvoiceTotals:
    """Every total of an invoice: lines, bases and VAT per rate, HT, VAT, TTC (= Σ HT + Σ
    VAT), the escompte and the euro equivalent."""
    bases = vat_bases(invoice)
    total_ht = sum((b.base for b in bases), ZERO)
    total_vat = sum((b.vat for b in bases), ZERO)
    return InvoiceTotals(
        currency=invoice.currency,
        line_amounts=tuple(line_net_amount(line) for line in invoice.lines),
        vat_bases=bases,
        total_ht=total_ht,
        total_vat=total_vat,
        total_ttc=total_ht + total_vat,
        cash_discount=cash_discount(invoice, bases),
        euro=euro_equivalent(invoice, total_ht, total_vat),
    )


def reversed_line(line: InvoiceLine) -> InvoiceLine:
    """The line that cancels ``line``: negative quantity, negative rabais, same price,
    remises and rate."""
    return replace(line, quantity=-line.quantity, rabais=-line.rabais)


def credit_note(
    invoice: Invoice, line_indexes: tuple[int, ...] | None = None, *, with_shipping: bool = True
) -> Invoice:
    """The credit note that reverses an invoice, or the lines at ``line_indexes`` (a credit
    note is an invoice, CGI art. 289 I-5, with the reversed amounts). Reversing every line
    (and the shipping) gives exactly the negated totals: every rounding is symmetric."""
    indexes = range(len(invoice.lines)) if line_indexes is None else line_indexes
    return replace(
        invoice,
        lines=tuple(reversed_line(invoice.lines[i]) for i in indexes),
        shipping=-invoice.shipping if with_shipping else ZERO,
    )
