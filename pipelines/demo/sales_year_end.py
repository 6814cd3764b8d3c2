"""The end of the demo year: orders still open, goods shipped but not invoiced, quotes lost.

On the as-of date the commercial pipeline is not empty. The last orders of November are
not all delivered: one waits for a compressor that is out of stock (a stock-out, late for
the wished date), one is urgent, one was modified before it left, one was delivered in
part on the last day; two other deliveries of that day are not invoiced yet either. Each
delivered line is a « vente » exit of the stock sheet, as for the rest of the year. These
records come after the year's ones: new numbers, the deliveries on the last day of the
series.

Quotes: besides the accepted ones that became orders, the salespeople sent quotes that
were refused or expired without an answer, and the quotes of November still await an
answer within their validity (one of them in a second version), so that about two quotes
in three are won. They draw from their own random stream: the year's records stay as
they are.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from pipelines.demo.settings import AS_OF, FISCAL_START
from pipelines.demo.workdays import working_days

SERVICE = "Mise en service et réglages sur site (heure)"
SERVICE_PRICE = Decimal("85.00")
VALIDITY_DAYS = 30


@dataclass(frozen=True)
class _Line:
    item: str  # the designation of an article (its first one, « gamme » variants aside)
    quantity: int
    delivered: int = 0


@dataclass(frozen=True)
class _Order:
    day: date
    customer: str
    lines: tuple[_Line, ...]
    wished: date
    discount: int | None = None  # the line discount, in %
    urgent: bool = False
    modified: date | None = None
    quoted: date | None = None  # the date of the accepted quote it comes from
    delivery: str | None = None  # the status of its delivery on the last day, if any
    comment: str | None = None
    delivery_comment: str | None = None
    subject: str | None = None  # the object of its quote


# The orders of the last two weeks of November, in date order.
OPEN_ORDERS = (
    _Order(date(2026, 11, 17), "C0020",
           (_Line("Machine à glaçons 45 kg/24 h", 1, 1),
            _Line("Armoire réfrigérée négative 600 L", 2)),
           wished=date(2026, 12, 7), delivery="partielle",
           delivery_comment="Livraison partielle : les deux armoires partent le 07/12, à "
                            "l'ouverture du laboratoire"),
    _Order(date(2026, 11, 19), "C0009",
           (_Line("Armoire réfrigérée positive 700 L", 2),
            _Line("Résistance de dégivrage 300 W", 2)),
           wished=date(2026, 12, 8), modified=date(2026, 11, 24),
           comment="Quantité d'armoires portée de 1 à 2 à la demande du client, avant "
                   "expédition"),
    _Order(date(2026, 11, 23), "C0033",
           (_Line("Suspension LED linéaire 120 cm", 10, 10),
            _Line("Détecteur de présence plafond 360°", 4, 4)),
           wished=date(2026, 11, 30), discount=10, quoted=date(2026, 11, 9),
           delivery="expédiée", subject="Éclairage LED du gymnase municipal"),
    _Order(date(2026, 11, 25), "C0031",
           (_Line("Compresseur hermétique 3/4 CV", 1), _Line(SERVICE, 2)),
           wished=date(2026, 11, 27),
           comment="Dépannage : compresseur en rupture, réassort attendu le 08/12/2026"),
    _Order(date(2026, 11, 26), "C0015",
           (_Line("Vitrine réfrigérée ventilée 1,88 m", 1, 1),
            _Line("Rideau de nuit pour vitrine 1,88 m", 1, 1)),
           wished=date(2026, 12, 3), delivery="expédiée"),
    _Order(date(2026, 11, 26), "C0026",
           (_Line("Ruban LED 24 V blanc neutre", 50), _Line("Alimentation LED 24 V 150 W", 3)),
           wished=date(2026, 12, 11), discount=5),
    _Order(date(2026, 11, 27), "C0003",
           (_Line("Compresseur hermétique 1 CV", 1), _Line("Huile POE pour compresseur", 2)),
           wished=date(2026, 12, 1), urgent=True,
           comment="Chambre froide en panne : à livrer en priorité"),
    _Order(date(2026, 11, 30), "C0006", (_Line("Vitrine réfrigérée ventilée 1,25 m", 1),),
           wished=date(2026, 12, 14)),
)

# Quotes not won: how many were refused, how many expired, and how many sent in November
# still await an answer (one more awaits in its second version).
REFUSED, EXPIRED, PENDING = 96, 51, 9
REFUSALS = (
    "Prix jugé trop élevé par le client",
    "Le client a retenu un concurrent",
    "Projet reporté à l'an prochain",
    "Délai de livraison trop long pour le client",
    "Le client fait réparer son ancien équipement",
)
OBJECTS = {
    "Froid commercial": "Fourniture d'équipement frigorifique",
    "Éclairage": "Fourniture d'éclairage LED",
    "Pièces détachées": "Pièces détachées et réparation",
}


def _articles(articles: list[dict]) -> dict[str, dict]:
    """The first article of each designation (its « gamme » variants aside)."""
    named: dict[str, dict] = {}
    for article in articles:
        named.setdefault(article["designation"].split(" (gamme ")[0], article)
    return named


def _stock(articles: list[dict], moves: list[dict]) -> dict[str, Decimal]:
    incoming = ("achat", "retour_client", "ajustement_plus")
    stock = {a["reference"]: Decimal(a["stock_initial"] or 0) for a in articles}
    for move in moves:
        sign = 1 if move["type"] in incoming else -1
        stock[move["reference"]] += sign * Decimal(move["quantite"])
    return stock


@dataclass
class _Quote:
    day: date
    customer: dict
    lines: list[dict]
    status: str
    comment: str | None = None
    subject: str = "Fourniture de matériel"
    revised: bool = False  # a first version refused, the second one sent a week later
    number: str | None = None


class _YearEnd:
    def __init__(self, rng, book, vat_rate, articles, moves):
        self.rng, self.book, self.vat_rate, self.moves = rng, book, vat_rate, moves
        self.customers = {c["code_client"]: c for c in book.active}
        self.named = _articles(articles)
        self.stock = _stock(articles, moves)

    def line(self, customer: dict, line: _Line, day: date, discount) -> dict:
        if line.item == SERVICE:
            return {"reference": None, "designation": SERVICE, "quantite": Decimal(line.quantity),
                    "prix_unitaire_ht": SERVICE_PRICE, "taux_tva": Decimal(20),
                    "remise_pct": None}
        article = self.named[line.item]
        return {
            "reference": article["reference"],
            "designation": article["designation"],
            "quantite": Decimal(line.quantity),
            "prix_unitaire_ht": self.book.price(customer, article["reference"], day),
            "taux_tva": self.vat_rate(customer, article),
            "remise_pct": Decimal(discount) if discount else None,
        }

    def write_quote(self, quote: _Quote) -> None:
        self.book.quotes += 1
        quote.number = f"DV-2026-{self.book.quotes:05d}"
        versions = [(quote.day, quote.status, quote.comment, quote.lines)]
        if quote.revised:
            discounted = [dict(line, remise_pct=Decimal(10)) for line in quote.lines]
            versions = [(quote.day, "refusé", "Révisé à la demande du client (remise de 10 %)",
                         quote.lines),
                        (quote.day + timedelta(days=6), quote.status, None, discounted)]
        for version, (day, status, comment, lines) in enumerate(versions, start=1):
            self.book.sheets["devis"].append({
                "numero_devis": quote.number, "version": version, "date_devis": day,
                "code_client": quote.customer["code_client"],
                "date_validite": day + timedelta(days=VALIDITY_DAYS), "statut": status,
                "objet": quote.subject, "commercial": quote.customer.get("commercial"),
                "commentaire": comment,
            })
            self.book.sheets["lignes_devis"].extend(
                {"numero_devis": quote.number, "version": version, "ligne": rank, **line}
                for rank, line in enumerate(lines, start=1))

    def order(self, script: _Order, quote: _Quote | None) -> None:
        customer = self.customers[script.customer]
        lines = quote.lines if quote else [
            self.line(customer, line, script.day, script.discount) for line in script.lines]
        number = self.book.number("commandes", "CO")
        self.book.sheets["commandes"].append({
            "numero_commande": number, "date_commande": script.day,
            "code_client": customer["code_client"],
            "numero_devis": quote.number if quote else None,
            "version_devis": 1 if quote else None,
            "reference_acheteur": f"BC-{customer['code_client'][1:]}-"
                                  f"{self.rng.randint(100, 999)}",
            "statut": "modifiée" if script.modified else "confirmée",
            "date_modification": script.modified, "urgente": script.urgent,
            "date_livraison_souhaitee": script.wished,
            "commercial": customer.get("commercial"), "commentaire": script.comment,
        })
        self.book.sheets["lignes_commande"].extend(
            {"numero_commande": number, "ligne": rank, **line}
            for rank, line in enumerate(lines, start=1))
        if script.delivery:
            self.deliver(script, customer, number, lines)

    def deliver(self, script: _Order, customer: dict, order: str, lines: list[dict]) -> None:
        """The delivery of the last day: its lines, and their exits from the stock (never
        more than the stock on hand)."""
        shipped = []
        for rank, (line, wanted) in enumerate(zip(lines, script.lines, strict=True), start=1):
            quantity = min(Decimal(wanted.delivered), self.stock.get(line["reference"], 0))
            if line["reference"] and quantity > 0:
                shipped.append((rank, line["reference"], quantity))
                self.stock[line["reference"]] -= quantity
        if not shipped:
            return
        delivery = self.book.number("livraisons", "BL")
        self.book.sheets["livraisons"].append({
            "numero_livraison": delivery, "date_livraison": AS_OF, "numero_commande": order,
            "code_client": customer["code_client"], "statut": script.delivery,
            "transporteur": self.rng.choice(("Geodis", "DB Schenker")),
            "commentaire": script.delivery_comment,
        })
        for number, (rank, reference, quantity) in enumerate(shipped, start=1):
            self.book.sheets["lignes_livraison"].append({
                "numero_livraison": delivery, "ligne": number, "ligne_commande": rank,
                "reference": reference, "quantite": quantity,
            })
            self.moves.append({
                "id_mouvement": len(self.moves) + 1, "date": AS_OF, "reference": reference,
                "type": "vente", "quantite": quantity, "cout_unitaire": None,
                "commentaire": None, "piece": delivery,
            })

    def lost_quotes(self) -> list[_Quote]:
        """The refused, expired and pending quotes."""
        days = working_days(FISCAL_START, AS_OF)
        drafts = (
            [(self.rng.choice([d for d in days if d <= date(2026, 11, 20)]), "refusé")
             for _ in range(REFUSED)]
            + [(self.rng.choice([d for d in days if d < date(2026, 10, 31)]), "expiré")
               for _ in range(EXPIRED)]
            + [(self.rng.choice([d for d in days if d >= date(2026, 11, 2)]), "envoyé")
               for _ in range(PENDING)]
        )
        quotes = []
        for day, status in drafts:
            customer = self.rng.choice(self.book.weighted)
            family, lines = self.quote_lines(customer, day)
            comment = {"refusé": self.rng.choice(REFUSALS),
                       "expiré": "Sans réponse du client à la date de validité"}.get(status)
            quotes.append(_Quote(day, customer, lines, status, comment, OBJECTS[family]))
        customer = self.rng.choice(self.book.weighted)
        family, lines = self.quote_lines(customer, REVISED_QUOTE)
        quotes.append(_Quote(REVISED_QUOTE, customer, lines, "envoyé", subject=OBJECTS[family],
                             revised=True))
        return quotes

    def quote_lines(self, customer: dict, day: date) -> tuple[str, list[dict]]:
        family = self.rng.choice(tuple(OBJECTS))
        choices = [a for a in self.named.values() if a["categorie"] == family and a["actif"]]
        picked = self.rng.sample(choices, k=min(len(choices), self.rng.randint(1, 3)))
        lines = []
        for article in sorted(picked, key=lambda a: a["reference"]):
            if article["unite"] in ("mètre", "kg", "litre"):
                quantity = self.rng.randint(1, 10) * 5
            else:
                high = 3 if Decimal(article["prix_vente_ht"]) > 300 else 10
                quantity = self.rng.randint(1, high)
            discount = self.rng.choice((None, None, 5, 10))
            name = article["designation"].split(" (gamme ")[0]
            lines.append(self.line(customer, _Line(name, quantity), day, discount))
        return family, lines


REVISED_QUOTE = date(2026, 11, 12)  # its second version is sent a week later


def year_end(rng: random.Random, book, vat_rate, articles: list[dict], moves: list[dict]
             ) -> None:
    """Appends the open orders, their deliveries of the last day (and stock exits) and the
    quotes that were not won to the sheets of `book`; the new quotes are numbered in date
    order after the year's ones."""
    end = _YearEnd(rng, book, vat_rate, articles, moves)
    scripts = [s for s in OPEN_ORDERS if s.customer in end.customers]
    accepted: dict[int, _Quote] = {}
    for index, script in enumerate(scripts):
        if script.quoted:
            customer = end.customers[script.customer]
            lines = [end.line(customer, line, script.quoted, script.discount)
                     for line in script.lines]
            accepted[index] = _Quote(script.quoted, customer, lines, "accepté",
                                     subject=script.subject or "Fourniture de matériel")
    quotes = list(accepted.values()) + end.lost_quotes()
    for quote in sorted(quotes, key=lambda q: q.day):
        end.write_quote(quote)
    for index, script in enumerate(scripts):
        end.order(script, accepted.get(index))
