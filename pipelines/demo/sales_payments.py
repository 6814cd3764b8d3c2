"""The customers' payments of the demo year, their lettrage, instalments and dunning.

Most invoices are paid around their due date, several invoices of one customer due the
same day by one payment. A few are forgotten: they get the reminders of the
organisation's calendar (sheet ReglesRelance: relance 1 ten days after the due date,
relance 2 at 25 days) and are paid some days after the first or the second one; those
still unpaid on the as-of date have had the reminders whose day has come. The scripted
cases: a customer who stops paying in the summer and is dunned up to the formal notice
(the litigation, a decision of the management, is still to be taken), a disputed invoice
(dunning suspended), the doubtful customer who does not pay and whose debt went to
litigation, an invoice paid in three instalments, an escompte taken by an early payer,
and the American customer who pays in dollars.

The late payments and their reminders draw from their own random stream, so the other
payments keep their dates, modes and references.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from pipelines.demo.organisation import DUNNING_RULES
from pipelines.demo.sales_amounts import cents, escompte_ttc, rate_on, total_ttc
from pipelines.demo.settings import AS_OF

ESCOMPTE_RATE = Decimal(2)  # the organisation's commercial offer, in %
_MODES = ("virement",) * 6 + ("chèque", "chèque", "prélèvement", "effet", "carte")
_DUNNING_FROM = date(2026, 8, 1)
CALENDAR = tuple((level, timedelta(days=days)) for level, days, _ in DUNNING_RULES)
LITIGATION = "contentieux"
UNPAID = "Facture impayée à l'échéance"
SENT_TO_LITIGATION = "Dossier transmis au cabinet de recouvrement"


class _Ledger:
    def __init__(self, rng, sheets, clients, late_rng):
        self.rng, self.sheets, self.late_rng = rng, sheets, late_rng
        self.lines: dict[str, list[dict]] = {}
        for line in sheets["lignes_facture"]:
            self.lines.setdefault(line["numero_facture"], []).append(line)
        self.invoices = [f for f in sheets["factures"] if f["type"] == "facture"]
        self.due = {
            f["numero_facture"]: total_ttc(f, self.lines[f["numero_facture"]])
            for f in self.invoices
        }
        for note in (f for f in sheets["factures"] if f["type"] == "avoir"):
            self.due[note["facture_origine"]] -= total_ttc(note, self.lines[note["numero_facture"]])
        self.status = {c["code_client"]: c["statut"] for c in clients}
        self.settled: dict[tuple[str, date, str], list[tuple[dict, Decimal, Decimal | None]]] = {}
        self.on_time: set[tuple[str, date, str]] = set()  # the keys of the usual payments
        self.plans: list[dict] = []
        self.events: list[dict] = []
        self.roles = self._roles(clients)

    def _roles(self, clients) -> dict[str, str]:
        counts: dict[str, int] = {}
        for invoice in self.invoices:
            counts[invoice["code_client"]] = counts.get(invoice["code_client"], 0) + 1
        french = [
            c["code_client"]
            for c in clients
            if c["zone"] == "France"
            and c["statut"] == "actif"
            and counts.get(c["code_client"], 0) >= 4
        ]
        return dict(zip(("relance", "litige", "escompte", "echeancier"), french, strict=False))

    def settle(
        self,
        invoice: dict,
        day: date,
        amount: Decimal,
        discount: Decimal | None = None,
        late: bool = False,
    ) -> None:
        key = (invoice["code_client"], day, invoice["devise"])
        self.settled.setdefault(key, []).append((invoice, amount, discount))
        if not late:
            self.on_time.add(key)


def _pay_date(rng: random.Random, invoice: dict) -> date | None:
    """The day the customer pays, around the due date (some pay early), possibly after the
    as-of date: not paid yet then. None when the customer forgets an invoice due by the
    as-of date, or has not paid one that is not due yet."""
    due = invoice["date_echeance"]
    if due > AS_OF:
        return (
            invoice["date_facture"] + timedelta(days=rng.randint(5, 20))
            if rng.random() < 0.15
            else None
        )
    if rng.random() < 0.04:
        return None
    paid = due + timedelta(days=rng.randint(-5, 10))
    return max(paid, invoice["date_facture"])


def _escompte(ledger: _Ledger, invoice: dict) -> None:
    invoice.update(
        taux_escompte=ESCOMPTE_RATE,
        date_limite_escompte=invoice["date_facture"] + timedelta(days=10),
        conditions_paiement=f"{invoice['conditions_paiement']} ; escompte de 2 % pour paiement "
        "sous 10 jours",
    )
    amount = ledger.due[invoice["numero_facture"]]
    discount = escompte_ttc(invoice, ledger.lines[invoice["numero_facture"]])
    ledger.settle(invoice, invoice["date_facture"] + timedelta(days=8), amount - discount, discount)


def _instalments(ledger: _Ledger, invoice: dict) -> None:
    amount = ledger.due[invoice["numero_facture"]]
    share = cents(amount / 3)
    for rank, part in enumerate((share, share, amount - 2 * share), start=1):
        day = invoice["date_facture"] + timedelta(days=30 * rank)
        ledger.plans.append(
            {
                "numero_facture": invoice["numero_facture"],
                "echeance": rank,
                "date_echeance": day,
                "montant": part,
                "commentaire": "Paiement en trois fois accordé par la direction"
                if rank == 1
                else None,
            }
        )
        if day <= AS_OF:
            ledger.settle(invoice, day, part)
    invoice["conditions_paiement"] = "en trois échéances mensuelles (voir l'échéancier)"
    invoice["date_echeance"] = invoice["date_facture"] + timedelta(days=90)


def _event(
    ledger: _Ledger, invoice: dict, day: date, level=None, dispute=None, reason=None
) -> None:
    ledger.events.append(
        {
            "date": day,
            "code_client": invoice["code_client"],
            "numero_facture": invoice["numero_facture"],
            "niveau": level,
            "litige": dispute,
            "motif": reason,
        }
    )


def _remind(ledger: _Ledger, invoice: dict, until: date, litigation: bool = False) -> None:
    """The reminders of the calendar whose day comes before `until` (and by the as-of
    date); the litigation only when `litigation` says the management decided it."""
    for level, delay in CALENDAR:
        day = invoice["date_echeance"] + delay
        if day >= until or day > AS_OF or (level == LITIGATION and not litigation):
            continue
        reason = SENT_TO_LITIGATION if level == LITIGATION else UNPAID
        _event(ledger, invoice, day, level, reason=reason)


def _late_payment(ledger: _Ledger, invoice: dict) -> date | None:
    """A forgotten invoice, paid some days after its first or second reminder (None when
    that day is after the as-of date); its reminders until then."""
    rng = ledger.late_rng
    reminders = 1 if rng.random() < 0.55 else 2
    paid = invoice["date_echeance"] + CALENDAR[reminders - 1][1]
    paid += timedelta(days=rng.randint(3, 12))
    _remind(ledger, invoice, paid)
    return paid if paid <= AS_OF else None


def _dunning(ledger: _Ledger, unpaid: list[dict]) -> None:
    """The customer who stopped paying: every reminder up to the formal notice."""
    for invoice in unpaid:
        if ledger.due[invoice["numero_facture"]] > 0:
            _remind(ledger, invoice, AS_OF + timedelta(days=1))


def _doubtful(ledger: _Ledger) -> None:
    """The doubtful customers' unpaid invoices: every reminder, then the litigation."""
    for invoice in ledger.invoices:
        if (ledger.status[invoice["code_client"]] == "douteux"
                and ledger.due[invoice["numero_facture"]] > 0):
            _remind(ledger, invoice, AS_OF + timedelta(days=1), litigation=True)


def _dispute(ledger: _Ledger, invoice: dict) -> None:
    due = invoice["date_echeance"]
    _event(
        ledger,
        invoice,
        due + timedelta(days=10),
        "relance 1",
        reason="Facture impayée à l'échéance",
    )
    _event(
        ledger,
        invoice,
        due + timedelta(days=14),
        dispute="ouvert",
        reason="Le client conteste la quantité livrée : deux cartons manquants selon lui",
    )


def _plan(ledger: _Ledger) -> None:
    roles, by_role = ledger.roles, {}
    for invoice in ledger.invoices:
        for role, code in roles.items():
            if invoice["code_client"] == code:
                by_role.setdefault(role, []).append(invoice)
    unpaid = [f for f in by_role.get("relance", []) if f["date_echeance"] >= _DUNNING_FROM]
    disputed = max(
        (f for f in by_role.get("litige", []) if f["date_echeance"] <= AS_OF - timedelta(days=20)),
        key=lambda f: ledger.due[f["numero_facture"]],
    )
    early = next(f for f in by_role.get("escompte", []) if f["date_facture"] >= date(2026, 3, 1))
    spread = max(by_role.get("echeancier", []), key=lambda f: ledger.due[f["numero_facture"]])
    skipped = {f["numero_facture"] for f in unpaid + [disputed, early, spread]}
    for invoice in ledger.invoices:
        if invoice["numero_facture"] in skipped or ledger.status[invoice["code_client"]] != "actif":
            continue
        owed = ledger.due[invoice["numero_facture"]]
        day, late = _pay_date(ledger.rng, invoice), False
        if day is None and owed > 0 and invoice["date_echeance"] <= AS_OF:
            day, late = _late_payment(ledger, invoice), True
        if day is not None and day <= AS_OF and owed > 0:
            ledger.settle(invoice, day, owed, late=late)
    _dunning(ledger, unpaid)
    _doubtful(ledger)
    _dispute(ledger, disputed)
    _escompte(ledger, early)
    _instalments(ledger, spread)


def _rows(ledger: _Ledger) -> tuple[list[dict], list[dict]]:
    payments, allocations = [], []
    for number, key in enumerate(sorted(ledger.settled, key=lambda k: (k[1], k[0], k[2])), start=1):
        customer, day, currency = key
        settled = ledger.settled[key]
        identifier = f"RG-2026-{number:05d}"
        rng = ledger.rng if key in ledger.on_time else ledger.late_rng
        mode = "virement" if currency != "EUR" else rng.choice(_MODES)
        payments.append(
            {
                "id_reglement": identifier,
                "date_reglement": day,
                "code_client": customer,
                "mode": mode,
                "montant": sum((amount for _, amount, _ in settled), Decimal(0)),
                "devise": currency,
                "taux_change": rate_on(ledger.sheets["cours_change"], currency, day)
                if currency != "EUR"
                else None,
                "reference": f"{mode[:3].upper()}-{rng.randint(100000, 999999)}",
                "commentaire": "Escompte de 2 % déduit" if any(d for _, _, d in settled) else None,
            }
        )
        allocations.extend(
            {
                "id_reglement": identifier,
                "numero_facture": invoice["numero_facture"],
                "montant": amount,
                "escompte": discount,
                "date_lettrage": day,
            }
            for invoice, amount, discount in settled
        )
    return payments, allocations


def payments(
    rng: random.Random,
    sheets: dict[str, list[dict]],
    clients: list[dict],
    late_rng: random.Random,
) -> dict[str, list[dict]]:
    """Règlements, Lettrage, Echeanciers and Relances; sets the escompte and instalment terms.
    `late_rng` draws the late payments and their reminders."""
    ledger = _Ledger(rng, sheets, clients, late_rng)
    _plan(ledger)
    payments_rows, allocations = _rows(ledger)
    events = sorted(ledger.events, key=lambda e: (e["date"], e["numero_facture"]))
    dunners = [c for c in clients if c["zone"] == "France" and c["statut"] == "actif"]
    author = dunners[0].get("commercial") if dunners else None
    relances = [
        {"id_relance": f"RL-2026-{n:05d}", **event, "auteur": author}
        for n, event in enumerate(events, start=1)
    ]
    return {
        "reglements": payments_rows,
        "lettrage": allocations,
        "echeanciers": ledger.plans,
        "relances": relances,
    }
