"""The demo year of sales: the chains, the scripted cases and amounts exact to the cent."""

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest

from pipelines.demo import records
from pipelines.demo.sales_amounts import escompte_ttc, total_ttc

AS_OF = date(2026, 11, 30)


@pytest.fixture(scope="module")
def demo():
    return records()


def by_key(rows, key):
    return {row[key]: row for row in rows}


def lines_of(demo, number):
    return [line for line in demo["lignes_facture"] if line["numero_facture"] == number]


def test_at_least_300_invoices_over_2026_in_one_sequence_per_series(demo):
    invoices = [f for f in demo["factures"] if f["type"] == "facture"]
    assert len(invoices) >= 300
    assert all(date(2026, 1, 1) <= f["date_facture"] <= AS_OF for f in demo["factures"])
    for series in ("FA", "AV"):
        issued = [f for f in demo["factures"] if f["serie"] == series]
        numbers = [int(f["numero_facture"][-5:]) for f in issued]
        assert sorted(numbers) == list(range(1, len(issued) + 1))
        dates = [f["date_facture"] for f in sorted(issued, key=lambda f: f["numero_facture"])]
        assert dates == sorted(dates)


def test_every_invoice_bills_a_delivery_of_its_order(demo):
    deliveries, orders = (
        by_key(demo["livraisons"], "numero_livraison"),
        by_key(demo["commandes"], "numero_commande"),
    )
    for invoice in (f for f in demo["factures"] if f["type"] == "facture"):
        delivery = deliveries[invoice["numero_livraison"]]
        assert delivery["numero_commande"] == invoice["numero_commande"]
        assert orders[invoice["numero_commande"]]["code_client"] == invoice["code_client"]
        assert (
            invoice["reference_acheteur"]
            == orders[invoice["numero_commande"]]["reference_acheteur"]
        )
    quoted = [o for o in demo["commandes"] if o["numero_devis"]]
    accepted = {
        (q["numero_devis"], q["version"]) for q in demo["devis"] if q["statut"] == "accepté"
    }
    assert len(quoted) >= 100 and all(
        (o["numero_devis"], o["version_devis"]) in accepted for o in quoted
    )
    assert any(q["version"] == 2 for q in demo["devis"])
    assert {"brouillon", "envoyé", "accepté", "refusé", "expiré"} <= {
        q["statut"] for q in demo["devis"]
    }
    assert Counter(o["statut"] for o in demo["commandes"])["annulée"] == 1
    assert any(o["urgente"] for o in demo["commandes"])


def test_deliveries_are_the_stock_exits(demo):
    sold = Counter((m["piece"], m["reference"]) for m in demo["mouvements"] if m["type"] == "vente")
    delivered = Counter(
        (line["numero_livraison"], line["reference"]) for line in demo["lignes_livraison"]
    )
    assert sold == delivered
    quantities = {
        (m["piece"], m["reference"]): m["quantite"]
        for m in demo["mouvements"]
        if m["type"] == "vente"
    }
    assert all(
        quantities[(row["numero_livraison"], row["reference"])] == row["quantite"]
        for row in demo["lignes_livraison"]
    )


def test_credit_notes_cite_an_invoice_of_the_same_customer(demo):
    invoices = by_key(demo["factures"], "numero_facture")
    notes = [f for f in demo["factures"] if f["type"] == "avoir"]
    assert len(notes) == 3
    for note in notes:
        origin = invoices[note["facture_origine"]]
        assert origin["type"] == "facture" and origin["code_client"] == note["code_client"]
        assert total_ttc(note, lines_of(demo, note["numero_facture"])) < total_ttc(
            origin, lines_of(demo, origin["numero_facture"])
        )
    returned = next(m for m in demo["mouvements"] if m["type"] == "retour_client")
    assert returned["piece"] in {n["numero_facture"] for n in notes}


def test_customers_of_every_zone_and_the_doubtful_one(demo):
    clients = by_key(demo["clients"], "code_client")
    zones = Counter(clients[f["code_client"]]["zone"] for f in demo["factures"])
    assert zones["UE"] >= 10 and zones["Hors UE"] >= 5
    statuses = Counter(clients[o["code_client"]]["statut"] for o in demo["commandes"])
    assert statuses["douteux"] == 1 and statuses["bloqué"] == 0
    exempt = [
        row
        for f in demo["factures"]
        if clients[f["code_client"]]["zone"] == "Hors UE"
        for row in lines_of(demo, f["numero_facture"])
    ]
    assert exempt and all(row["taux_tva"] == 0 for row in exempt)


def test_dunning_up_to_the_formal_notice_and_a_dispute(demo):
    events = demo["relances"]
    levels = [
        e["niveau"]
        for e in events
        if e["numero_facture"]
        == next(e["numero_facture"] for e in events if e["niveau"] == "mise en demeure")
    ]
    assert levels == ["relance 1", "relance 2", "mise en demeure"]
    disputes = [e for e in events if e["litige"] == "ouvert"]
    assert len(disputes) == 1
    settled = {a["numero_facture"] for a in demo["lettrage"]}
    assert disputes[0]["numero_facture"] not in settled


def test_payments_allocated_by_lettrage(demo):
    payments = by_key(demo["reglements"], "id_reglement")
    allocated: dict[str, Decimal] = {}
    for allocation in demo["lettrage"]:
        allocated[allocation["id_reglement"]] = (
            allocated.get(allocation["id_reglement"], Decimal(0)) + allocation["montant"]
        )
    assert allocated == {key: payment["montant"] for key, payment in payments.items()}
    assert Counter(a["id_reglement"] for a in demo["lettrage"]).most_common(1)[0][1] >= 2
    assert len(demo["reglements"]) >= 300 and {"virement", "chèque", "effet", "prélèvement"} <= {
        p["mode"] for p in demo["reglements"]
    }


def test_a_dollar_payment_at_the_rate_of_its_day(demo):
    rates = {(r["date"], r["devise"]): r["taux"] for r in demo["cours_change"]}
    dollars = [p for p in demo["reglements"] if p["devise"] == "USD"]
    assert dollars
    for payment in dollars:
        known = max(
            day for day, currency in rates if currency == "USD" and day <= payment["date_reglement"]
        )
        assert payment["taux_change"] == rates[(known, "USD")]


def test_an_escompte_taken_in_time(demo):
    invoices = by_key(demo["factures"], "numero_facture")
    (taken,) = [a for a in demo["lettrage"] if a["escompte"]]
    invoice = invoices[taken["numero_facture"]]
    lines = lines_of(demo, invoice["numero_facture"])
    assert (
        invoice["taux_escompte"] == 2 and taken["date_lettrage"] <= invoice["date_limite_escompte"]
    )
    assert taken["escompte"] == escompte_ttc(invoice, lines)
    assert taken["montant"] + taken["escompte"] == total_ttc(invoice, lines)


def test_an_instalment_plan_that_adds_up_to_its_invoice(demo):
    plan = demo["echeanciers"]
    (number,) = {row["numero_facture"] for row in plan}
    invoice = by_key(demo["factures"], "numero_facture")[number]
    assert [row["echeance"] for row in plan] == [1, 2, 3]
    assert sum(row["montant"] for row in plan) == total_ttc(invoice, lines_of(demo, number))
    paid = [a for a in demo["lettrage"] if a["numero_facture"] == number]
    assert [a["montant"] for a in paid] == [
        row["montant"] for row in plan if row["date_echeance"] <= AS_OF
    ]


def test_discounts_of_every_kind_are_used(demo):
    lines = demo["lignes_facture"]
    assert any(row.get("remise_pct") for row in lines) and any(
        row.get("rabais_pct") for row in lines
    )
    assert any(row.get("ristourne_pct") for row in lines)
    assert any(f.get("remise_globale_pct") for f in demo["factures"])
    assert any(f.get("frais_port_ht") for f in demo["factures"])
    assert {"biens", "mixte"} <= {f["nature"] for f in demo["factures"]}


def test_amounts_are_exact_to_the_cent(demo):
    invoice = {"frais_port_ht": Decimal("15.00"), "remise_globale_pct": Decimal(3)}
    lines = [
        {
            "quantite": Decimal(3),
            "prix_unitaire_ht": Decimal("19.99"),
            "taux_tva": Decimal(20),
            "remise_pct": Decimal(10),
        },  # 59.97 × 0.9 = 53.973 → 53.97
        {
            "quantite": Decimal("2.5"),
            "prix_unitaire_ht": Decimal("4.10"),
            "taux_tva": Decimal("5.5"),
        },
    ]  # 10.25
    # 20 %: 53.97 − 1.62 + 15 = 67.35, VAT 13.47 ; 5.5 %: 10.25 − 0.31 = 9.94, VAT 0.55 (0.5467)
    assert total_ttc(invoice, lines) == Decimal("67.35") + Decimal("13.47") + Decimal(
        "9.94"
    ) + Decimal("0.55")


def test_scale_multiplies_the_sales():
    assert len(records(scale=2)["factures"]) > 1.6 * len(records()["factures"])


# --- the end of the year: what is still open on the as-of date --------------------------


def test_the_year_ends_with_an_open_order_book(demo):
    deliveries = demo["livraisons"]
    delivered = {d["numero_commande"] for d in deliveries}
    invoiced = {f["numero_commande"] for f in demo["factures"] if f["type"] == "facture"}
    late = [o for o in demo["commandes"] if o["numero_commande"] > "CO-2026-00631"]
    assert len(late) >= 5
    assert all(date(2026, 11, 16) <= o["date_commande"] <= AS_OF for o in late)
    assert not {o["numero_commande"] for o in late} & invoiced
    waiting = [o for o in late if o["numero_commande"] not in delivered]
    assert any(o["urgente"] and o["statut"] == "confirmée" for o in waiting)
    (modified,) = [o for o in late if o["statut"] == "modifiée"]
    assert modified in waiting and modified["date_modification"] > modified["date_commande"]
    (partial,) = [d for d in deliveries if d["statut"] == "partielle"]
    ordered = [row for row in demo["lignes_commande"]
               if row["numero_commande"] == partial["numero_commande"]]
    shipped = [row for row in demo["lignes_livraison"]
               if row["numero_livraison"] == partial["numero_livraison"]]
    assert 0 < len(shipped) < len(ordered)
    not_invoiced = [d for d in deliveries if d["numero_commande"] not in invoiced]
    assert len(not_invoiced) >= 3 and all(d["date_livraison"] == AS_OF for d in not_invoiced)
    numbers = [d["numero_livraison"] for d in deliveries]
    assert all(d["date_livraison"] >= max(e["date_livraison"] for e in deliveries
                                          if e["numero_livraison"] < d["numero_livraison"])
               for d in not_invoiced)
    assert numbers == sorted(numbers)


def test_about_two_quotes_in_three_are_won(demo):
    last = {}
    for quote in sorted(demo["devis"], key=lambda q: (q["numero_devis"], q["version"])):
        last[quote["numero_devis"]] = quote
    status = Counter(
        "expiré" if q["statut"] == "envoyé" and q["date_validite"] < AS_OF else q["statut"]
        for q in last.values())
    decided = status["accepté"] + status["refusé"] + status["expiré"]
    assert 0.55 <= status["accepté"] / decided <= 0.75
    pending = [q for q in last.values() if q["statut"] == "envoyé"]
    assert len(pending) >= 5 and all(q["date_validite"] >= AS_OF for q in pending)
    assert any(q["version"] == 2 for q in pending)
    assert status["refusé"] >= 20 and status["expiré"] >= 20


def _paid_on(demo) -> dict[str, date]:
    """The day each invoice was settled in full (its last lettrage), by number."""
    days: dict[str, date] = {}
    for allocation in demo["lettrage"]:
        number = allocation["numero_facture"]
        days[number] = max(days.get(number, allocation["date_lettrage"]),
                           allocation["date_lettrage"])
    return days


def test_reminders_follow_the_calendar_of_the_organisation(demo):
    calendar = {r["niveau"]: r["jours_apres_echeance"] for r in demo["regles_relance"]}
    invoices = by_key(demo["factures"], "numero_facture")
    paid = _paid_on(demo)
    reminders = [e for e in demo["relances"] if e["niveau"]]
    assert len(reminders) >= 20
    for event in reminders:
        invoice = invoices[event["numero_facture"]]
        assert event["date"] == invoice["date_echeance"] + timedelta(
            days=calendar[event["niveau"]])
        assert event["date"] <= AS_OF and event["date"] < paid.get(event["numero_facture"],
                                                                   date.max)
    late_payers = {e["numero_facture"] for e in reminders} & set(paid)
    assert len(late_payers) >= 10  # forgotten invoices, paid after a reminder


def test_only_a_few_reminders_are_due_on_the_as_of_date(demo):
    """Every unpaid invoice got the reminders whose day has come (the formal notice at
    most, unless the customer is doubtful), but for the disputed one."""
    calendar = {r["niveau"]: r["jours_apres_echeance"] for r in demo["regles_relance"]}
    status = {c["code_client"]: c["statut"] for c in demo["clients"]}
    paid = _paid_on(demo)
    disputed = {e["numero_facture"] for e in demo["relances"] if e["litige"] == "ouvert"}
    sent: dict[str, list[str]] = {}
    for event in demo["relances"]:
        if event["niveau"]:
            sent.setdefault(event["numero_facture"], []).append(event["niveau"])
    overdue = [f for f in demo["factures"] if f["type"] == "facture"
               and f["numero_facture"] not in paid and f["date_echeance"] < AS_OF
               and f["numero_facture"] not in disputed]
    for invoice in overdue:
        due = [level for level, days in calendar.items()
               if invoice["date_echeance"] + timedelta(days=days) <= AS_OF
               and (level != "contentieux" or status[invoice["code_client"]] == "douteux")]
        assert sent.get(invoice["numero_facture"], []) == due, invoice["numero_facture"]
    (doubtful,) = [f for f in overdue if status[f["code_client"]] == "douteux"]
    assert sent[doubtful["numero_facture"]] == [
        "relance 1", "relance 2", "mise en demeure", "contentieux"]
