"""A year of sales: quotes → orders → deliveries → invoices, drawn from the stock exits.

Every « vente » movement of the stock sheet is a delivered line: the exits of one day
are grouped into delivery notes of one to three lines, and each movement's ``piece`` is
rewritten to its delivery number, so stock and sales tell the same story. Each delivery
comes from an order (some from an accepted quote) and is billed by one invoice of the
FA series, numbered in date order. The hazards are scripted: the doubtful customer's
order, a cancelled order, a modified one, urgent orders, quotes refused or expired,
credit notes (AV series, `sales_credit_notes`) that cite their invoice. The year ends with
what is still open on the as-of date (`sales_year_end`): orders not delivered or delivered
in part, deliveries not invoiced yet, quotes lost or awaiting an answer.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from pipelines.demo import sales_amounts, sales_credit_notes, sales_payments, sales_year_end
from pipelines.demo.settings import FISCAL_START

SERVICE_LINE = ("Mise en service et réglages sur site (heure)", Decimal("85.00"))
_MONTH_END = {True: "fin de mois", False: "net"}


def _buyers(clients: list[dict]) -> tuple[list[dict], list[dict]]:
    """The customers that order (never the blocked one), French ones drawn three times as often."""
    active = [c for c in clients if c["statut"] == "actif"]
    return active, [c for c in active for _ in range(3 if c["zone"] == "France" else 1)]


def _vat_rate(customer: dict, item: dict) -> Decimal:
    """0 for exports (art. 262 I) and intra-EU goods to a business that gave its VAT
    number (art. 262 ter I); French VAT otherwise."""
    exempt = customer["zone"] == "Hors UE" or (
        customer["zone"] == "UE" and bool(customer.get("numero_tva"))
    )
    return Decimal(0) if exempt else Decimal(item["taux_tva"])


def _due_date(day: date, customer: dict) -> date:
    due = day + timedelta(days=customer["delai_paiement_jours"])
    if customer["fin_de_mois"]:
        following = date(due.year + due.month // 12, due.month % 12 + 1, 1)
        due = following - timedelta(days=1)
    return due


def _terms(customer: dict) -> str:
    days = customer["delai_paiement_jours"]
    return (
        "comptant à réception"
        if days == 0
        else f"{days} jours {_MONTH_END[bool(customer['fin_de_mois'])]}"
    )


def _delivery_groups(rng: random.Random, moves: list[dict]) -> list[list[dict]]:
    by_day: dict[date, list[dict]] = {}
    for move in moves:
        if move["type"] == "vente":
            by_day.setdefault(move["date"], []).append(move)
    groups = []
    for day in sorted(by_day):
        pending = by_day[day]
        while pending:
            size = rng.randint(1, 3)
            groups.append(pending[:size])
            pending = pending[size:]
    return groups


class _Book:
    """The sheets under construction, with their counters."""

    def __init__(self, rng, clients, items, rates):
        self.rng, self.items, self.rates = rng, {i["reference"]: i for i in items}, rates
        self.active, self.weighted = _buyers(clients)
        self.quotes = 0
        self.doubtful = [c for c in clients if c["statut"] == "douteux"]
        self.sheets = {
            name: []
            for name in (
                "devis",
                "lignes_devis",
                "commandes",
                "lignes_commande",
                "livraisons",
                "lignes_livraison",
                "factures",
                "lignes_facture",
            )
        }

    def number(self, resource: str, prefix: str) -> str:
        return f"{prefix}-2026-{len(self.sheets[resource]) + 1:05d}"

    def currency(self, customer: dict, day: date) -> tuple[str, Decimal | None]:
        """The American customer pays in dollars at the rate of the day, the others in euros."""
        if customer["pays"] != "US":
            return "EUR", None
        return "USD", sales_amounts.rate_on(self.rates, "USD", day)

    def price(self, customer: dict, reference: str, day: date) -> Decimal:
        price = Decimal(self.items[reference]["prix_vente_ht"])
        _, rate = self.currency(customer, day)
        return price if rate is None else sales_amounts.cents(price * rate)


def _order_lines(book: _Book, customer: dict, moves: list[dict], day: date) -> list[dict]:
    lines = []
    for number, move in enumerate(moves, start=1):
        item = book.items[move["reference"]]
        price = book.price(customer, move["reference"], day)
        discount = book.rng.choice((None, None, None, 5, 10))
        lines.append(
            {
                "ligne": number,
                "reference": move["reference"],
                "designation": item["designation"],
                "quantite": move["quantite"],
                "prix_unitaire_ht": price,
                "taux_tva": _vat_rate(customer, item),
                "remise_pct": discount,
            }
        )
    if customer["zone"] == "France" and book.rng.random() < 0.1:
        label, price = SERVICE_LINE
        lines.append(
            {
                "ligne": len(lines) + 1,
                "reference": None,
                "designation": label,
                "quantite": Decimal(book.rng.randint(1, 4)),
                "prix_unitaire_ht": price,
                "taux_tva": Decimal(20),
                "remise_pct": None,
            }
        )
    return lines


def _quote(
    book: _Book, customer: dict, lines: list[dict], day: date, status: str
) -> tuple[str, int]:
    book.quotes += 1
    number = f"DV-2026-{book.quotes:05d}"
    versions = 2 if book.rng.random() < 0.25 and status == "accepté" else 1
    for version in range(1, versions + 1):
        final = version == versions
        book.sheets["devis"].append(
            {
                "numero_devis": number,
                "version": version,
                "date_devis": day + timedelta(days=version - 1),
                "code_client": customer["code_client"],
                "date_validite": day + timedelta(days=30),
                "statut": status if final else "refusé",
                "objet": "Fourniture de matériel",
                "commercial": customer.get("commercial"),
                "commentaire": None if final else "Révisé à la demande du client (quantités)",
            }
        )
        book.sheets["lignes_devis"].extend(
            {"numero_devis": number, "version": version, **line} for line in lines
        )
    return number, versions


def _order(book: _Book, customer: dict, lines: list[dict], day: date, **values) -> str:
    number = book.number("commandes", "CO")
    quote, version = None, None
    if book.rng.random() < 0.4 and day - timedelta(days=7) >= FISCAL_START:
        quote, version = _quote(book, customer, lines, day - timedelta(days=7), "accepté")
    book.sheets["commandes"].append(
        {
            "numero_commande": number,
            "date_commande": day,
            "code_client": customer["code_client"],
            "numero_devis": quote,
            "version_devis": version,
            "reference_acheteur": f"BC-{customer['code_client'][1:]}-{book.rng.randint(100, 999)}",
            "statut": "confirmée",
            "urgente": book.rng.random() < 0.05,
            "date_livraison_souhaitee": day + timedelta(days=7),
            "commercial": customer.get("commercial"),
            **values,
        }
    )
    book.sheets["lignes_commande"].extend({"numero_commande": number, **line} for line in lines)
    return number


def _invoice(
    book: _Book, customer: dict, order: str, delivery: str, lines: list[dict], day: date
) -> dict:
    currency, rate = book.currency(customer, day)
    goods = any(line["reference"] for line in lines)
    services = any(not line["reference"] for line in lines)
    header = {
        "numero_facture": book.number("factures", "FA"),
        "serie": "FA",
        "type": "facture",
        "date_facture": day,
        "code_client": customer["code_client"],
        "numero_commande": order,
        "numero_livraison": delivery,
        "reference_acheteur": book.sheets["commandes"][-1]["reference_acheteur"],
        "date_vente": day,
        "pays_livraison": customer["pays"],
        "nature": "mixte" if goods and services else ("biens" if goods else "services"),
        "conditions_paiement": _terms(customer),
        "date_echeance": _due_date(day, customer),
        "frais_port_ht": Decimal("15.00")
        if sum(sales_amounts.line_net(row) for row in lines) < 300
        else None,
        "devise": currency,
        "taux_change": rate,
        "statut": "émise",
    }
    if customer.get("adresse_livraison"):
        header.update(
            adresse_livraison=customer["adresse_livraison"],
            code_postal_livraison=customer.get("code_postal_livraison"),
            ville_livraison=customer.get("ville_livraison"),
        )
    book.sheets["factures"].append(header)
    book.sheets["lignes_facture"].extend(_billed_lines(book, customer, header, lines))
    return header


def _billed_lines(book: _Book, customer: dict, header: dict, lines: list[dict]) -> list[dict]:
    """The order's lines, with the year-end ristourne of the best customer, a rare rabais
    for a defect, and a global remise on large invoices."""
    billed = [{"numero_facture": header["numero_facture"], **line} for line in lines]
    if customer is book.active[0] and header["date_facture"] >= date(2026, 10, 1):
        for line in billed:
            line["ristourne_pct"] = Decimal(2)
    if book.rng.random() < 0.02:
        billed[0]["rabais_pct"] = Decimal(5)
        header["commentaire"] = "Rabais de 5 % : rayure sur la carrosserie constatée à la livraison"
    if sum(sales_amounts.line_net(line) for line in billed) > 5000:
        header["remise_globale_pct"] = Decimal(3)
    return billed


def _chain(book: _Book, moves: list[dict], customer: dict) -> None:
    day = moves[0]["date"]
    ordered = max(FISCAL_START, day - timedelta(days=book.rng.randint(0, 6)))
    lines = _order_lines(book, customer, moves, ordered)
    order = _order(book, customer, lines, ordered)
    delivery = book.number("livraisons", "BL")
    book.sheets["livraisons"].append(
        {
            "numero_livraison": delivery,
            "date_livraison": day,
            "numero_commande": order,
            "code_client": customer["code_client"],
            "statut": "expédiée",
            "transporteur": book.rng.choice(("Geodis", "DB Schenker", "enlèvement")),
        }
    )
    for number, move in enumerate(moves, start=1):
        move["piece"] = delivery
        book.sheets["lignes_livraison"].append(
            {
                "numero_livraison": delivery,
                "ligne": number,
                "ligne_commande": number,
                "reference": move["reference"],
                "quantite": move["quantite"],
            }
        )
    _invoice(book, customer, order, delivery, lines, day)


def sales(
    rng: random.Random,
    clients: list[dict],
    items: list[dict],
    moves: list[dict],
    year_end: random.Random,
    late: random.Random,
) -> dict[str, list[dict]]:
    """Every sales sheet; rewrites the ``piece`` of the « vente » movements (their delivery)
    and appends the exits of the deliveries of the last day. Two streams of their own keep
    the year's records as they are: `year_end` draws what the year leaves open
    (`sales_year_end`), `late` the late payments and their reminders."""
    rates = sales_amounts.exchange_rates(rng)
    book = _Book(rng, clients, items, rates)
    groups = _delivery_groups(rng, moves)
    doubtful_at = {len(groups) // 2 + i for i in range(len(book.doubtful))}
    for index, group in enumerate(groups):
        customer = (
            book.doubtful[index - len(groups) // 2]
            if index in doubtful_at
            else rng.choice(book.weighted)
        )
        _chain(book, group, customer)
    _scripted_orders(book)
    sales_year_end.year_end(year_end, book, _vat_rate, items, moves)
    sales_credit_notes.credit_notes(book.sheets, moves)
    sheets = dict(book.sheets, cours_change=rates)
    sheets.update(sales_payments.payments(rng, sheets, clients, late))
    return sheets


def _scripted_orders(book: _Book) -> None:
    """A cancelled order, a modified one, refused and expired quotes, a draft quote."""
    customer = book.active[0]
    reference = next(iter(book.items))
    lines = _order_lines(
        book, customer, [{"reference": reference, "quantite": Decimal(2)}], date(2026, 10, 5)
    )
    _order(
        book,
        customer,
        lines,
        date(2026, 10, 5),
        statut="annulée",
        date_modification=date(2026, 10, 7),
        commentaire="Annulée par le client avant expédition",
    )
    book.sheets["commandes"][len(book.sheets["commandes"]) // 3].update(
        statut="modifiée", commentaire="Quantité modifiée avant expédition"
    )
    modified = book.sheets["commandes"][len(book.sheets["commandes"]) // 3]
    modified["date_modification"] = modified["date_commande"]
    for status, day in (
        ("refusé", date(2026, 4, 14)),
        ("expiré", date(2026, 6, 2)),
        ("envoyé", date(2026, 11, 20)),
        ("brouillon", date(2026, 11, 27)),
    ):
        _quote(book, book.active[1], lines, day, status)
