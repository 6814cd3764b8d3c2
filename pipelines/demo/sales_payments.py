"""The customers' payments of the demo year, their lettrage, instalments and dunning.

Most invoices are paid around their due date, several invoices of one customer due the
same day by one payment. The scripted cases: a customer who stops paying in the summer
and is dunned up to the formal notice, a disputed invoice (dunning suspended), the
doubtful customer who does not pay, an invoice paid in three instalments, an escompte
taken by an early payer, and the American customer who pays in dollars.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from pipelines.demo.sales_amounts import cents, escompte_ttc, rate_on, total_ttc
from pipelines.demo.settings import AS_OF

ESCOMPTE_RATE = Decimal(2)  # the organisation's commercial offer, in %
_MODES = ("virement",) * 6 + ("chèque", "chèque", "prélèvement", "effet", "carte")
_DUNNING_FROM = date(2026, 8, 1)


class _Ledger:
    def __init__(self, rng, sheets, clients):
        self.rng, self.sheets = rng, sheets
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
        self, invoice: dict, day: date, amount: Decimal, discount: Decimal | None = None
    ) -> None:
        key = (invoice["code_client"], day, invoice["devise"])
        self.settled.setdefault(key, []).append((invoice, amount, discount))


def _pay_date(rng: random.Random, invoice: dict) -> date | None:
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
    return min(max(paid, invoice["date_facture"]), AS_OF)


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


def _dunning(ledger: _Ledger, unpaid: list[dict]) -> None:
    overdue = [f for f in unpaid if f["date_echeance"] <= AS_OF - timedelta(days=45)]
    for index, invoice in enumerate(overdue):
        due = invoice["date_echeance"]
        levels = (("relance 1", 10), ("relance 2", 25), ("mise en demeure", 40))
        for level, days in levels[: 3 if index == 0 else 1]:
            _event(
                ledger,
                invoice,
                due + timedelta(days=days),
                level,
                reason="Facture impayée à l'échéance",
            )


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
        day = _pay_date(ledger.rng, invoice)
        if day is not None and ledger.due[invoice["numero_facture"]] > 0:
            ledger.settle(invoice, day, ledger.due[invoice["numero_facture"]])
    _dunning(ledger, unpaid)
    _dispute(ledger, disputed)
    _escompte(ledger, early)
    _instalments(ledger, spread)


def _rows(ledger: _Ledger) -> tuple[list[dict], list[dict]]:
    payments, allocations = [], []
    for number, key in enumerate(sorted(ledger.settled, key=lambda k: (k[1], k[0], k[2])), start=1):
        customer, day, currency = key
        settled = ledger.settled[key]
        identifier = f"RG-2026-{number:05d}"
        mode = "virement" if currency != "EUR" else ledger.rng.choice(_MODES)
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
                "reference": f"{mode[:3].upper()}-{ledger.rng.randint(100000, 999999)}",
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
    rng: random.Random, sheets: dict[str, list[dict]], clients: list[dict]
) -> dict[str, list[dict]]:
    """Règlements, Lettrage, Echeanciers and Relances; sets the escompte and instalment terms."""
    ledger = _Ledger(rng, sheets, clients)
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
