"""Supplier payments: open items, schedule buckets, cash by week, allocation checks and the
SEPA selection, on small hand-built records with hand-computed amounts."""

from datetime import date
from decimal import Decimal

import polars as pl

from pipelines.compute import supplier_payments as sp
from pipelines.law import parameters

from .records import dataset

AS_OF = date(2026, 11, 30)  # a Monday: this week runs to Sunday 06/12/2026
IBAN_F1 = "FR7630003024501765612561785"
IBAN_ORG = "FR7630003024507968748929696"


def supplier(code: str, **fields) -> dict:
    return {"code_fournisseur": code, "raison_sociale": f"Fournisseur {code}", "pays": "FR",
            "zone": "France", "devise": "EUR", "statut": "actif", "iban": IBAN_F1,
            "bic": "SOGEFRPP", "delai_paiement_jours": 30, **fields}


def head(number: str, code: str = "F0001", *, day=date(2026, 10, 1), due=None,
         kind: str = "facture", tva: str = "France", currency: str = "EUR", rate=None,
         statut: str = "bon à payer") -> dict:
    return {"numero_piece": number, "type": kind, "code_fournisseur": code,
            "numero_fournisseur": f"N-{number}", "date_facture": day, "date_echeance": due,
            "cas_tva": tva, "devise": currency, "taux_change": rate, "statut": statut}


def line(number: str, quantity: str, price: str, vat: str = "20", discount=None,
         index: int = 1) -> dict:
    return {"numero_piece": number, "ligne": index, "designation": "Article",
            "quantite": quantity, "prix_unitaire_ht": price, "remise_pct": discount,
            "taux_tva": vat}


def payment(number: str, code: str, day: date, amount: str, *, statut: str = "payé",
            currency: str = "EUR", rate=None, sepa=None, mode: str = "virement",
            reference: str | None = None) -> dict:
    return {"numero_reglement": number, "code_fournisseur": code, "date_reglement": day,
            "mode": mode, "montant": amount, "devise": currency, "taux_change": rate,
            "statut": statut, "virement_sepa": sepa, "reference": reference}


def allocation(payment_number: str, piece: str, amount: str) -> dict:
    return {"numero_reglement": payment_number, "numero_piece": piece, "montant": amount}


def records(heads, lines, payments, allocations, suppliers=None, organisation=True):
    tables = dict(factures_fournisseurs=heads, lignes_facture_fournisseur=lines,
                  reglements_fournisseurs=payments, lettrage_fournisseurs=allocations,
                  fournisseurs=suppliers or [supplier("F0001"), supplier("F0002")])
    if organisation:
        tables["organisation"] = [{"raison_sociale": "Atelier", "iban": IBAN_ORG,
                                   "bic": "SOGEFRPP"}]
    return dataset(AS_OF, **tables)


def state(data):
    return sp.supplier_payments(data, parameters(), AS_OF)


def by_piece(frame: pl.DataFrame, number: str) -> dict:
    return frame.filter(pl.col("numero_piece") == number).row(0, named=True)


def test_totals_by_rate_half_up_and_credit_note_negative():
    # FF1: 3 × 19.99 at 20 % with 5 % discount: HT 56.97 (56.9715), VAT 11.39 (11.394), 68.36
    # FF2: credit note 1 × 10.00 at 20 %: −12.00; FF3 intra-EU 2 × 50: no VAT, 100.00
    data = records(
        [head("FF-2026-00001"), head("FF-2026-00002", kind="avoir"),
         head("FF-2026-00003", tva="acquisition intracommunautaire")],
        [line("FF-2026-00001", "3", "19.99", discount="5"), line("FF-2026-00002", "1", "10"),
         line("FF-2026-00003", "2", "50")], [], [])
    invoices = state(data).invoices
    assert by_piece(invoices, "FF-2026-00001")["total_ttc"] == Decimal("68.36")
    assert by_piece(invoices, "FF-2026-00002")["total_ttc"] == Decimal("-12.00")
    assert by_piece(invoices, "FF-2026-00003")["total_ttc"] == Decimal("100.00")


def test_open_items_partly_paid_and_in_euros():
    # 100 € HT + 20 € VAT = 120 €, paid 50 → 70 € left; a USD invoice of 217 USD at 1.085
    # = 200.00 €, unpaid
    data = records(
        [head("FF-2026-00001"), head("FF-2026-00002", tva="importation", currency="USD",
                                     rate="1.085")],
        [line("FF-2026-00001", "1", "100"), line("FF-2026-00002", "1", "217")],
        [payment("PF-2026-00001", "F0001", date(2026, 10, 20), "50")],
        [allocation("PF-2026-00001", "FF-2026-00001", "50")])
    invoices = state(data).invoices
    first = by_piece(invoices, "FF-2026-00001")
    assert (first["regle"], first["reste_du"], first["etat"]) == (
        Decimal("50.00"), Decimal("70.00"), sp.PARTLY_PAID)
    second = by_piece(invoices, "FF-2026-00002")
    assert (second["reste_du"], second["reste_du_eur"], second["etat"]) == (
        Decimal("217.00"), Decimal("200.00"), sp.UNPAID)


def test_due_date_defaults_to_the_supplier_term_and_buckets():
    # F0001 pays at 30 days: 01/10 + 30 = 31/10 (overdue); typed due dates: 06/12 (this
    # week, the Sunday), 07/12 (within 30 days), 31/12 (later: > 30/12)
    heads = [head("FF-2026-00001"), head("FF-2026-00002", due=date(2026, 12, 6)),
             head("FF-2026-00003", due=date(2026, 12, 7)),
             head("FF-2026-00004", due=date(2026, 12, 31))]
    lines = [line(h["numero_piece"], "1", "100") for h in heads]
    s = state(records(heads, lines, [], []))
    schedule = sp.schedule(s)
    assert by_piece(schedule, "FF-2026-00001")["date_echeance"] == date(2026, 10, 31)
    assert schedule["tranche"].to_list() == [sp.OVERDUE, sp.THIS_WEEK, sp.WITHIN_30, sp.LATER]
    assert by_piece(schedule, "FF-2026-00001")["jours_retard"] == 30
    summary = sp.schedule_summary(s)
    assert summary["montant_eur"].to_list() == [Decimal("120.00")] * 4


def test_cash_by_week_counts_planned_payments_and_uncovered_rests():
    # FF1 (120 €) overdue, unplanned → week 49; FF2 (240 €) due 16/12, with 240 planned on
    # 21/12 → week 52; FF3 (360 €) disputed: withheld, nowhere.
    heads = [head("FF-2026-00001", due=date(2026, 11, 1)),
             head("FF-2026-00002", due=date(2026, 12, 16)),
             head("FF-2026-00003", due=date(2026, 12, 2), statut="en litige")]
    lines = [line("FF-2026-00001", "1", "100"), line("FF-2026-00002", "2", "100"),
             line("FF-2026-00003", "3", "100")]
    data = records(heads, lines,
                   [payment("PF-2026-00001", "F0001", date(2026, 12, 21), "240",
                            statut="à payer")],
                   [allocation("PF-2026-00001", "FF-2026-00002", "240")])
    weeks = sp.cash_by_week(state(data))
    assert weeks["semaine"].to_list() == ["2026-S49", "2026-S50", "2026-S51", "2026-S52"]
    assert weeks["besoin_eur"].to_list() == [Decimal("120"), Decimal("0"), Decimal("0"),
                                             Decimal("240")]
    assert sp.disputed(state(data))["numero_piece"].to_list() == ["FF-2026-00003"]


def test_payment_allocations_credit_note_deducted_and_checks():
    # PF1: 120 (FF1) − 12 (credit note FF2) = 108: lettré. PF2 pays FF1 again (overpaid:
    # 120 beyond). PF3: nothing allocated. PF4 (F0002) allocated to F0001's FF3: not
    # applied. PF5: 100 for an allocation of 90: wrong amount, gap 10.
    heads = [head("FF-2026-00001"), head("FF-2026-00002", kind="avoir"),
             head("FF-2026-00003"), head("FF-2026-00004", "F0002")]
    lines = [line("FF-2026-00001", "1", "100"), line("FF-2026-00002", "1", "10"),
             line("FF-2026-00003", "1", "100"), line("FF-2026-00004", "1", "100")]
    payments = [payment("PF-2026-00001", "F0001", date(2026, 10, 10), "108"),
                payment("PF-2026-00002", "F0001", date(2026, 10, 20), "120"),
                payment("PF-2026-00003", "F0001", date(2026, 10, 21), "30"),
                payment("PF-2026-00004", "F0002", date(2026, 10, 22), "120"),
                payment("PF-2026-00005", "F0002", date(2026, 10, 23), "100")]
    allocations = [allocation("PF-2026-00001", "FF-2026-00001", "120"),
                   allocation("PF-2026-00001", "FF-2026-00002", "12"),
                   allocation("PF-2026-00002", "FF-2026-00001", "120"),
                   allocation("PF-2026-00004", "FF-2026-00003", "120"),
                   allocation("PF-2026-00005", "FF-2026-00004", "90")]
    s = state(records(heads, lines, payments, allocations))
    states = dict(zip(s.payments["numero_reglement"], s.payments["etat"], strict=True))
    assert states == {"PF-2026-00001": "lettré", "PF-2026-00002": "lettré",
                      "PF-2026-00003": "non lettré", "PF-2026-00004": "lettré",
                      "PF-2026-00005": "écart"}
    gap = s.payments.filter(pl.col("numero_reglement") == "PF-2026-00005")["ecart"][0]
    assert gap == Decimal("10")
    twice = s.allocations.filter(pl.col("depassement").is_not_null())
    assert twice.select("numero_reglement", "depassement").rows() == [
        ("PF-2026-00002", Decimal("120"))]
    other = s.allocations.filter(~pl.col("valide"))["numero_reglement"].to_list()
    assert other == ["PF-2026-00004"]
    assert by_piece(s.invoices, "FF-2026-00003")["reste_du"] == Decimal("120")
    assert by_piece(s.invoices, "FF-2026-00002")["reste_du"] == Decimal("0")


def test_sepa_selection_keeps_eur_transfers_and_says_why_others_are_left_out():
    suppliers = [supplier("F0001"), supplier("F0002", iban="FR7630003024501765612561786"),
                 supplier("F0003", iban="GB26NWBK60161312619023", bic="NWBKGB2L"),
                 supplier("F0004", iban="CN0000000000000000000", bic=None)]
    payments = [payment("PF-2026-00001", "F0001", date(2026, 11, 25), "100.5",
                        statut="à payer", sepa=True, reference="Facture A"),
                payment("PF-2026-00002", "F0002", date(2026, 12, 2), "50",
                        statut="à payer", sepa=True),
                payment("PF-2026-00003", "F0001", date(2026, 12, 2), "70", statut="à payer",
                        sepa=True, currency="USD", rate="1.085"),
                payment("PF-2026-00004", "F0001", date(2026, 12, 2), "80", statut="payé",
                        sepa=True),
                payment("PF-2026-00005", "F0003", date(2026, 12, 3), "90", statut="à payer",
                        sepa=True),
                payment("PF-2026-00006", "F0001", date(2026, 12, 3), "60", statut="à payer")]
    data = records([], [], payments, [], suppliers)
    transfers, left_out = sp.sepa_selection(data, AS_OF)
    assert [(t.numero_reglement, t.amount, t.execution_date, t.reference)
            for t in transfers] == [
        ("PF-2026-00001", Decimal("100.50"), AS_OF, "Facture A"),
        ("PF-2026-00005", Decimal("90.00"), date(2026, 12, 3), "PF-2026-00005")]
    assert {(item.numero_reglement, item.column): item.reason for item in left_out} == {
        ("PF-2026-00002", "code_fournisseur"): "fournisseur F0002 : IBAN invalide",
        ("PF-2026-00003", "devise"): "devise USD : un virement SEPA se fait en euros",
        ("PF-2026-00004", "statut"): "statut « payé » : seul un paiement « à payer » part",
    }
