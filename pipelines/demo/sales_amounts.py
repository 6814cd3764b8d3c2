"""Invoice arithmetic of the demo, exact to the cent, and the exchange-rate sheet.

A line's net is quantity × unit price less its remise, rabais and ristourne (each a
percentage, applied one after the other), rounded half-up to the cent once; the
invoice-level discount of each VAT base is rounded to the cent and taken off it; shipping
follows the VAT rate of the main supply; the VAT of each rate is rounded half-up to the
cent. Exchange rates are units of the currency for 1 euro (the ECB convention).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from pipelines.demo.settings import AS_OF, FISCAL_START

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
CURRENCIES = {"USD": Decimal("1.0850"), "CHF": Decimal("0.9420"), "GBP": Decimal("0.8460")}


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def _kept(percent) -> Decimal:
    return (HUNDRED - Decimal(percent or 0)) / HUNDRED


def line_net(line: dict) -> Decimal:
    gross = Decimal(line["quantite"]) * Decimal(line["prix_unitaire_ht"])
    factors = (
        _kept(line.get("remise_pct"))
        * _kept(line.get("rabais_pct"))
        * _kept(line.get("ristourne_pct"))
    )
    return cents(gross * factors)


def _lines_by_rate(lines: list[dict]) -> dict[Decimal, Decimal]:
    per_rate: dict[Decimal, Decimal] = {}
    for line in lines:
        rate = Decimal(line["taux_tva"])
        per_rate[rate] = per_rate.get(rate, Decimal(0)) + line_net(line)
    return per_rate


def bases(invoice: dict, lines: list[dict]) -> dict[Decimal, tuple[Decimal, Decimal]]:
    """(HT, shipping) per VAT rate: the lines less the invoice-level discount of that base,
    plus the shipping on the rate of the main supply (the largest base of lines)."""
    per_rate = _lines_by_rate(lines)
    shipping = Decimal(invoice.get("frais_port_ht") or 0)
    main = max(per_rate, key=lambda rate: (abs(per_rate[rate]), rate)) if per_rate else None
    result = {}
    for rate, total in per_rate.items():
        carried = shipping if rate == main else Decimal(0)
        discount = cents(total * Decimal(invoice.get("remise_globale_pct") or 0) / HUNDRED)
        result[rate] = (total - discount + carried, carried)
    return result


def total_ttc(invoice: dict, lines: list[dict]) -> Decimal:
    """HT plus the VAT of each rate, each rounded to the cent."""
    return sum(
        (base + cents(base * rate / HUNDRED) for rate, (base, _) in bases(invoice, lines).items()),
        Decimal(0),
    )


def escompte_ttc(invoice: dict, lines: list[dict]) -> Decimal:
    """The escompte of an early payment: the rate applied to each base less its shipping,
    and the VAT of that reduction, each rounded to the cent."""
    share = Decimal(invoice.get("taux_escompte") or 0) / HUNDRED
    reduction = Decimal(0)
    for rate, (base, shipping) in bases(invoice, lines).items():
        ht = cents((base - shipping) * share)
        reduction += ht + cents(ht * rate / HUNDRED)
    return reduction


def exchange_rates(rng: random.Random) -> list[dict]:
    """A weekly rate of each currency (on Mondays, from the one that opens the year)."""
    rows = []
    monday = FISCAL_START - timedelta(days=FISCAL_START.weekday())
    levels = dict(CURRENCIES)
    while monday <= AS_OF:
        for currency in sorted(levels):
            step = Decimal(rng.randint(-60, 60)) / 10_000
            levels[currency] = (levels[currency] * (1 + step)).quantize(
                Decimal("0.0001"), ROUND_HALF_UP
            )
            rows.append({"date": monday, "devise": currency, "taux": levels[currency]})
        monday += timedelta(days=7)
    return rows


def rate_on(rates: list[dict], currency: str, day: date) -> Decimal | None:
    """The last rate of `currency` known on `day` (the first one before any)."""
    known = [row for row in rates if row["devise"] == currency]
    if not known:
        return None
    before = [row for row in known if row["date"] <= day]
    return (before[-1] if before else known[0])["taux"]
