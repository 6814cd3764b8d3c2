"""The demo's consumables: the « Consommables », « Consommations » and « Budgets »
sheets of moyens.xlsx (situation 2.3.1.2, small supplies).

A year of the store room of a 14-person company, simulated day by day from the 1st of
January to the as-of date (30 November 2026):

- each consumable has a weekly consumption per service; every week the services take
  what they need (small quantities, on a working day), a little less in August;
- when an exit leaves the stock under its reorder point (the minimum plus what is consumed
  during the lead time), the store room orders a whole number of packages, delivered after
  the lead time (an « entrée »; the purchases generator writes the purchase orders of
  these entries and fills their ``numero_commande``);
- nothing is ever taken beyond what is in stock, so the stock never goes negative.

The hazards of 2.3.1.2 that the demo shows:

- exceptional over-consumption: in September, the preparation of a trade show takes three
  times the usual paper and toner (`TRADE_SHOW_CONSUMABLES`, exits of the sales service
  with a comment), and the « impression » budget ends up exceeded;
- stock-out: the coffee (`STOCK_OUT_CONSUMABLE`) was not reordered in time (`LAST_ORDERS`)
  and runs out on 26 November (the purchases generator writes the order still open at the
  as-of date for the consumable with the least stock, the coffee); the black toner and the
  cut-resistant gloves are under their minimum with no order yet: with the coffee, they are
  the order suggestions, the toner outside the exceeded printing budget;
- returns: a leaking black toner sent back to the supplier (« retour_fournisseur ») and
  unused gloves given back to the store room by the workshop (« retour_reserve »).

One consumable (staples) is no longer followed (``suivi`` « non ») since March.

The copier's toners (black and colour) are bought by the office from its office supplier,
like the paper: they are not delivered under the copier's maintenance contract, and the
store room orders them when they run low.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from math import ceil, floor

from pipelines.demo.settings import AS_OF, FISCAL_START
from pipelines.demo.workdays import days, working_days

OFFICE_SUPPLIER, SUPPLIES_SUPPLIER = "F0010", "F0015"  # Fournitures de bureau, Consommables

TRADE_SHOW = "Salon Froid & Lumière d'Eurexpo (6-8 octobre)"
TRADE_SHOW_MONTH = 9
TRADE_SHOW_CONSUMABLES = ("CNS-001", "CNS-006", "CNS-007")
STOCK_OUT_CONSUMABLE = "CNS-013"  # the coffee
# No order is placed for these after the date: the coffee runs out, the black toner and the
# gloves run low at the as-of date (the order suggestions).
LAST_ORDERS = {"CNS-013": date(2026, 11, 1), "CNS-006": date(2026, 10, 20),
               "CNS-016": date(2026, 11, 1)}
FOLLOWED_UNTIL = date(2026, 3, 31)  # the staples (not followed any more) are taken until then
DEFECTIVE_CONSUMABLE, DEFECTIVE_AFTER = "CNS-006", date(2026, 6, 1)
STORE_RETURN_CONSUMABLE, STORE_RETURN_DAY = "CNS-016", date(2026, 4, 17)
ORDER_WEEKS = 8  # a delivery brings about eight weeks of consumption
QUIET_MONTH, QUIET_FACTOR = 8, 0.7  # August


@dataclass(frozen=True)
class Supply:
    code: str
    designation: str
    category: str
    unit: str
    supplier: str
    price: str
    initial: int
    minimum: int | None
    package: int
    lead_days: int
    place: str
    weekly: dict[str, float]  # service → units per week
    followed: bool = True

    @property
    def rate(self) -> float:
        return sum(self.weekly.values())


_OFFICE = "Réserve administrative, armoire A"
_COPIER = "Local copieur, 1er étage"
_CLEANING = "Réserve entretien, rez-de-chaussée"
_KITCHEN = "Cuisine, placard haut"
_PPE = "Atelier, armoire EPI"
_WORKSHOP = "Atelier, étagère des consommables"

SUPPLIES = (
    Supply("CNS-001", "Papier A4 80 g", "papeterie", "ramette", OFFICE_SUPPLIER, "4.35", 60,
           25, 5, 3, _OFFICE, {"ADM": 2.0, "COM": 2.0, "DIR": 0.6, "LOG": 0.6, "ATE": 0.4}),
    Supply("CNS-002", "Enveloppes C5 à fenêtre (boîte de 500)", "papeterie", "boîte",
           OFFICE_SUPPLIER, "21.90", 4, 1, 1, 3, _OFFICE, {"ADM": 0.35, "COM": 0.1}),
    Supply("CNS-003", "Stylos à bille bleus (boîte de 50)", "papeterie", "boîte",
           OFFICE_SUPPLIER, "12.40", 4, 1, 1, 3, _OFFICE,
           {"ADM": 0.15, "COM": 0.15, "ATE": 0.1, "LOG": 0.05}),
    Supply("CNS-004", "Blocs repositionnables 76 × 76 (lot de 12)", "papeterie", "paquet",
           OFFICE_SUPPLIER, "9.80", 8, 2, 2, 3, _OFFICE, {"ADM": 0.4, "COM": 0.4, "DIR": 0.2}),
    Supply("CNS-005", "Classeurs à levier A4, dos 80 mm", "papeterie", "pièce",
           OFFICE_SUPPLIER, "2.65", 30, 10, 10, 3, _OFFICE, {"ADM": 1.2, "COM": 0.4, "LOG": 0.4}),
    Supply("CNS-006", "Toner noir du copieur MX-3071", "impression", "pièce",
           OFFICE_SUPPLIER, "96.00", 6, 2, 1, 5, _COPIER, {"ADM": 0.22, "COM": 0.18}),
    Supply("CNS-007", "Toners couleur du copieur MX-3071 (cyan, magenta, jaune)",
           "impression", "lot", OFFICE_SUPPLIER, "245.00", 2, 1, 1, 5, _COPIER,
           {"COM": 0.15, "ADM": 0.05}),
    Supply("CNS-008", "Étiquettes d'expédition 100 × 150 (rouleau de 500)", "impression",
           "rouleau", OFFICE_SUPPLIER, "7.90", 12, 4, 6, 3, _COPIER, {"LOG": 1.2}),
    Supply("CNS-009", "Essuie-mains en papier pliés (carton de 3 750)", "hygiène", "carton",
           SUPPLIES_SUPPLIER, "32.50", 4, 1, 1, 4, _CLEANING, {"LOG": 0.45, "ATE": 0.15}),
    Supply("CNS-010", "Papier toilette (paquet de 24 rouleaux)", "hygiène", "paquet",
           SUPPLIES_SUPPLIER, "14.20", 10, 3, 4, 4, _CLEANING, {"LOG": 1.0}),
    Supply("CNS-011", "Savon liquide pour les mains (bidon de 5 L)", "hygiène", "pièce",
           SUPPLIES_SUPPLIER, "18.60", 4, 1, 2, 4, _CLEANING, {"LOG": 0.2, "ATE": 0.25}),
    Supply("CNS-012", "Sacs poubelle 100 L (rouleau de 25)", "hygiène", "rouleau",
           SUPPLIES_SUPPLIER, "6.40", 15, 4, 10, 4, _CLEANING, {"LOG": 0.8}),
    Supply("CNS-013", "Café en grains (paquet de 1 kg)", "café", "kg", OFFICE_SUPPLIER,
           "19.50", 5, 3, 6, 4, _KITCHEN, {"ADM": 0.6, "ATE": 0.3, "COM": 0.3}),
    Supply("CNS-014", "Gobelets en carton 20 cl (paquet de 50)", "café", "paquet",
           OFFICE_SUPPLIER, "3.90", 15, 5, 10, 4, _KITCHEN, {"ADM": 1.0, "COM": 0.4}),
    Supply("CNS-015", "Sucre en morceaux (boîte de 1 kg)", "café", "boîte", OFFICE_SUPPLIER,
           "2.70", 6, 2, 5, 4, _KITCHEN, {"ADM": 0.4}),
    Supply("CNS-016", "Gants anti-coupure niveau C, taille 9 (paire)", "équipements de protection",
           "pièce", SUPPLIES_SUPPLIER, "6.80", 30, 10, 10, 5, _PPE, {"ATE": 1.5, "LOG": 0.5}),
    Supply("CNS-017", "Lunettes de protection incolores", "équipements de protection", "pièce",
           SUPPLIES_SUPPLIER, "5.20", 10, 3, 5, 5, _PPE, {"ATE": 0.4, "LOG": 0.15}),
    Supply("CNS-018", "Bouchons d'oreilles (sachet de 10 paires)", "équipements de protection",
           "paquet", SUPPLIES_SUPPLIER, "2.40", 25, 8, 20, 5, _PPE, {"ATE": 1.5, "LOG": 0.5}),
    Supply("CNS-019", "Masques FFP2 (boîte de 20)", "équipements de protection", "boîte",
           SUPPLIES_SUPPLIER, "11.50", 6, 2, 5, 5, _PPE, {"ATE": 0.45}),
    Supply("CNS-020", "Chiffons d'essuyage en coton", "atelier", "kg", SUPPLIES_SUPPLIER,
           "3.80", 25, 8, 10, 4, _WORKSHOP, {"ATE": 3.0}),
    Supply("CNS-021", "Ruban adhésif isolant noir 19 mm", "atelier", "rouleau",
           SUPPLIES_SUPPLIER, "1.45", 20, 6, 10, 4, _WORKSHOP, {"ATE": 2.0}),
    Supply("CNS-022", "Colliers de serrage 200 × 4,8 (sachet de 100)", "atelier", "paquet",
           SUPPLIES_SUPPLIER, "4.90", 12, 4, 10, 4, _WORKSHOP, {"ATE": 1.2}),
    Supply("CNS-023", "Agrafes 24/6 (boîte de 1 000)", "papeterie", "boîte", OFFICE_SUPPLIER,
           "1.20", 10, None, 10, 3, _OFFICE, {"ADM": 0.4}, followed=False),
)

# The 2026 budget of each category (excluding tax), set at the start of the year.
BUDGETS = (
    ("papeterie", "2800.00"),
    ("impression", "3800.00"),  # exceeded: the trade show's printing
    ("hygiène", "2600.00"),
    ("café", "1500.00"),
    ("équipements de protection", "1250.00"),
    ("atelier", "1100.00"),
)


def _next_working_day(day: date, open_days: set[date]) -> date:
    while day not in open_days:
        day += timedelta(days=1)
    return day


class StoreRoom:
    """The running stock of each consumable, its pending deliveries and its movements."""

    def __init__(self):
        self.stock = {s.code: s.initial for s in SUPPLIES}
        self.pending: dict[str, tuple[date, int]] = {}  # code → (arrival, quantity)
        self.rows: list[dict] = []
        self.open_days = set(working_days(FISCAL_START, AS_OF + timedelta(days=30)))
        self.defective: date | None = None  # when the defective toner goes back

    def record(self, day: date, code: str, kind: str, quantity: int, service: str | None = None,
               comment: str | None = None) -> None:
        self.rows.append({
            "id_mouvement": len(self.rows) + 1, "date": day, "code_consommable": code,
            "type": kind, "quantite": Decimal(quantity), "service": service,
            "numero_commande": None, "commentaire": comment,
        })

    def take(self, day: date, supply: Supply, service: str, quantity: int,
             comment: str | None = None) -> None:
        """A service takes what it needs, never more than what is left."""
        taken = min(quantity, self.stock[supply.code])
        if taken <= 0:
            return
        self.stock[supply.code] -= taken
        self.record(day, supply.code, "sortie", taken, service, comment)
        self.reorder(day, supply)

    def reorder(self, day: date, supply: Supply) -> None:
        if not supply.followed or supply.code in self.pending or not self._orders_on(day, supply):
            return
        daily = supply.rate / 7
        reorder_point = (supply.minimum or 0) + daily * supply.lead_days
        if self.stock[supply.code] >= reorder_point:
            return
        wanted = reorder_point + supply.rate * ORDER_WEEKS - self.stock[supply.code]
        quantity = ceil(wanted / supply.package) * supply.package
        arrival = _next_working_day(day + timedelta(days=supply.lead_days), self.open_days)
        self.pending[supply.code] = (arrival, quantity)

    @staticmethod
    def _orders_on(day: date, supply: Supply) -> bool:
        return supply.code not in LAST_ORDERS or day <= LAST_ORDERS[supply.code]

    def deliver(self, day: date) -> None:
        for supply in SUPPLIES:
            arrival, quantity = self.pending.get(supply.code, (None, 0))
            if arrival != day:
                continue
            del self.pending[supply.code]
            self.stock[supply.code] += quantity
            self.record(day, supply.code, "entrée", quantity)
            if (supply.code == DEFECTIVE_CONSUMABLE and day >= DEFECTIVE_AFTER
                    and self.defective is None):
                self.defective = _next_working_day(day + timedelta(days=2), self.open_days)

    def returns(self, day: date) -> None:
        if self.defective == day and self.stock[DEFECTIVE_CONSUMABLE] >= 1:
            self.stock[DEFECTIVE_CONSUMABLE] -= 1
            self.record(day, DEFECTIVE_CONSUMABLE, "retour_fournisseur", 1, None,
                        "Toner défectueux (fuite de poudre) renvoyé au fournisseur, "
                        "remplacement demandé")
        if day == STORE_RETURN_DAY:
            self.stock[STORE_RETURN_CONSUMABLE] += 4
            self.record(day, STORE_RETURN_CONSUMABLE, "retour_reserve", 4, "ATE",
                        "Chantier reporté : paires non utilisées rendues à la réserve")


def _weekly_plan(rng: random.Random) -> dict[date, list[tuple[Supply, str, int, str | None]]]:
    """Each working day's exits: (consumable, service, quantity wanted, comment)."""
    plan: dict[date, list] = {}
    carried = {s.code: rng.random() for s in SUPPLIES}
    extra = dict.fromkeys(TRADE_SHOW_CONSUMABLES, 0.0)
    weeks = [d for d in days(FISCAL_START, AS_OF) if d.weekday() == 0 or d == FISCAL_START]
    for start in weeks:
        week = [d for d in working_days(start, min(start + timedelta(days=6 - start.weekday()),
                                                    AS_OF))]
        if not week:
            continue
        share = len(week) / 5
        for supply in SUPPLIES:
            if not supply.followed and start > FOLLOWED_UNTIL:
                continue
            busy = QUIET_FACTOR if start.month == QUIET_MONTH else 1.0
            carried[supply.code] += supply.rate * share * busy * rng.uniform(0.9, 1.1)
            units = floor(carried[supply.code])
            carried[supply.code] -= units
            services, weights = zip(*supply.weekly.items())
            split: dict[str, int] = {}
            for _ in range(units):
                service = rng.choices(services, weights)[0]
                split[service] = split.get(service, 0) + 1
            for service, quantity in sorted(split.items()):
                plan.setdefault(rng.choice(week), []).append((supply, service, quantity, None))
            if supply.code in extra and start.month == TRADE_SHOW_MONTH:
                extra[supply.code] += 2 * supply.rate * share
                units = floor(extra[supply.code])
                extra[supply.code] -= units
                show_days = [d for d in week if d.month == TRADE_SHOW_MONTH]
                if units and show_days:
                    plan.setdefault(rng.choice(show_days), []).append(
                        (supply, "COM", units, f"Préparation du {TRADE_SHOW} : catalogues, "
                                               "fiches produits et devis imprimés"))
    return plan


def _consumable_row(supply: Supply) -> dict:
    return {
        "code_consommable": supply.code, "designation": supply.designation,
        "categorie": supply.category, "unite": supply.unit,
        "code_fournisseur": supply.supplier, "prix_unitaire_ht": Decimal(supply.price),
        "stock_initial": Decimal(supply.initial),
        "stock_minimum": None if supply.minimum is None else Decimal(supply.minimum),
        "conditionnement": Decimal(supply.package), "delai_reappro_jours": supply.lead_days,
        "emplacement": supply.place, "suivi": supply.followed,
    }


def consumables(rng: random.Random, suppliers: list[dict]) -> dict[str, list[dict]]:
    """Every row of the three sheets, by resource name."""
    known = {row["code_fournisseur"] for row in suppliers}
    plan = _weekly_plan(rng)
    room = StoreRoom()
    for day in days(FISCAL_START, AS_OF):
        room.deliver(day)
        room.returns(day)
        for supply, service, quantity, comment in plan.get(day, []):
            room.take(day, supply, service, quantity, comment)
    items = [_consumable_row(s) for s in SUPPLIES]
    for item in items:  # a smaller demo may lack a supplier: the cell is then left empty
        if item["code_fournisseur"] not in known:
            item["code_fournisseur"] = None
    budgets = [{"annee": FISCAL_START.year, "categorie": category, "budget_ht": Decimal(amount)}
               for category, amount in BUDGETS]
    return {"consommables": items, "mouvements_consommables": room.rows,
            "budgets_consommables": budgets}
