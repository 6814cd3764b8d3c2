"""Supplier payments: open items, schedule buckets, cash by week, allocation checks and the
SEPA selection, on small hand-built records with hand-computed amounts."""

from datetime import date
from decimal import Decimal

import polars as pl

from pipelines.compute import supplier_payments as sp
from pipelines.compute.purchase_invoices import supplier_invoice_totals
from pipelines.law import parameters
from pipelines.validate.rules import supplier_payments as rules

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


def records(heads, lines, payments, allocations, suppliers=None, organisation=True,
            ceiling=None, as_of=AS_OF):
    tables = dict(factures_fournisseurs=heads, lignes_facture_fournisseur=lines,
                  reglements_fournisseurs=payments, lettrage_fournisseurs=allocations,
                  fournisseurs=suppliers or [supplier("F0001"), supplier("F0002")])
    if organisation:
        tables["organisation"] = [{"raison_sociale": "Atelier", "iban": IBAN_ORG,
                                   "bic": "SOGEFRPP"}]
    if ceiling is not None:
        tables["reglages"] = [{"parametre": sp.WEEKLY_CEILING, "valeur": ceiling}]
    return dataset(as_of, **tables)


def state(data):
    return sp.supplier_payments(data, parameters(), AS_OF)


def plain(text: str) -> str:
    """A French message with its non-breaking spaces as plain spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


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
    # week, the Sunday), 07/12 and 31/12 (next month: the week of Monday 30/11 already
    # ends in December, so nothing is left of November), 01/01/2027 (later)
    heads = [head("FF-2026-00001"), head("FF-2026-00002", due=date(2026, 12, 6)),
             head("FF-2026-00003", due=date(2026, 12, 7)),
             head("FF-2026-00004", due=date(2026, 12, 31)),
             head("FF-2026-00005", due=date(2027, 1, 1))]
    lines = [line(h["numero_piece"], "1", "100") for h in heads]
    s = state(records(heads, lines, [], []))
    schedule = sp.schedule(s)
    assert by_piece(schedule, "FF-2026-00001")["date_echeance"] == date(2026, 10, 31)
    assert schedule["tranche"].to_list() == [sp.OVERDUE, sp.THIS_WEEK, sp.NEXT_MONTH,
                                             sp.NEXT_MONTH, sp.LATER]
    assert by_piece(schedule, "FF-2026-00001")["jours_retard"] == 30
    summary = sp.schedule_summary(s)
    assert summary["tranche"].to_list() == list(sp.BUCKETS)
    assert summary["montant_eur"].to_list() == [Decimal("120.00"), Decimal("120.00"),
                                                Decimal("0"), Decimal("240.00"),
                                                Decimal("120.00")]
    this_month = summary.filter(pl.col("tranche") == sp.THIS_MONTH).row(0, named=True)
    assert this_month["du"] > this_month["au"]  # an empty period: 07/12 > 30/11


def test_buckets_in_the_middle_of_a_month():
    # Tuesday 10/11/2026: this week to Sunday 15/11, this month 16–30/11, next month
    # 01–31/12, later from 01/01/2027
    periods = sp.bucket_periods(date(2026, 11, 10))
    assert periods == {
        sp.OVERDUE: (None, date(2026, 11, 9)),
        sp.THIS_WEEK: (date(2026, 11, 10), date(2026, 11, 15)),
        sp.THIS_MONTH: (date(2026, 11, 16), date(2026, 11, 30)),
        sp.NEXT_MONTH: (date(2026, 12, 1), date(2026, 12, 31)),
        sp.LATER: (date(2027, 1, 1), None),
    }
    heads = [head("FF-2026-00001", due=date(2026, 11, 16)),
             head("FF-2026-00002", due=date(2026, 11, 30)),
             head("FF-2026-00003", due=date(2026, 12, 1))]
    lines = [line(h["numero_piece"], "1", "100") for h in heads]
    s = sp.supplier_payments(records(heads, lines, [], [], as_of=date(2026, 11, 10)),
                             parameters(), date(2026, 11, 10))
    assert sp.schedule(s)["tranche"].to_list() == [sp.THIS_MONTH, sp.THIS_MONTH,
                                                   sp.NEXT_MONTH]
    assert sp.summary(s)["ce_mois"][0] == Decimal("240.00")


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
    # each payment sent settles its invoice exactly: 83.75, 41.67 and 75.00 € HT + 20 %
    heads = [head("FF-2026-00001"), head("FF-2026-00002", "F0002"),
             head("FF-2026-00005", "F0003")]
    lines = [line("FF-2026-00001", "1", "83.75"), line("FF-2026-00002", "1", "41.67"),
             line("FF-2026-00005", "1", "75")]
    allocations = [allocation("PF-2026-00001", "FF-2026-00001", "100.5"),
                   allocation("PF-2026-00002", "FF-2026-00002", "50"),
                   allocation("PF-2026-00005", "FF-2026-00005", "90")]
    data = records(heads, lines, payments, allocations, suppliers)
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


def test_an_empty_line_cell_leaves_the_document_out_without_crashing_the_rules():
    # FF2's line has no VAT rate: no total. It leaves the schedule and the allocations;
    # its payment PF1 (allocated 120) is still « lettré »; FF1 (120 €) is still due, on
    # 30/11 (60 days).
    heads = [head("FF-2026-00001", due=date(2026, 11, 30)), head("FF-2026-00002")]
    lines = [line("FF-2026-00001", "1", "100"), line("FF-2026-00002", "1", "100", vat=None)]
    payments = [payment("PF-2026-00001", "F0001", date(2026, 12, 2), "120", statut="à payer",
                        sepa=True)]
    data = records(heads, lines, payments, [allocation("PF-2026-00001", "FF-2026-00002",
                                                       "120")])
    s = state(data)
    assert s.incomplete == ("FF-2026-00002",)
    assert s.invoices["numero_piece"].to_list() == ["FF-2026-00001"]
    assert s.allocations.is_empty()
    assert s.payments["etat"].to_list() == ["lettré"]
    assert sp.summary(s)["pieces_sans_total"][0] == 1
    assert sp.summary(s)["a_payer_total"][0] == Decimal("120.00")
    for check in (rules.payments_allocated, rules.allocations_valid, rules.due_dates_kept,
                  rules.cash_within_ceiling):
        assert check(data, parameters()) == []
    found = rules.sepa_selection_valid(data, parameters())
    assert [issue.message for issue in found] == [
        "PF-2026-00001 écarté du fichier de virements : lettrage : paie FF-2026-00002, dont "
        "le total est incalculable"]


def test_a_paid_invoice_is_not_late():
    # FF1 due 31/10, paid in full on 05/11: no days late; FF2 due 31/10, unpaid: 30 days
    heads = [head("FF-2026-00001"), head("FF-2026-00002")]
    lines = [line("FF-2026-00001", "1", "100"), line("FF-2026-00002", "1", "100")]
    data = records(heads, lines, [payment("PF-2026-00001", "F0001", date(2026, 11, 5), "120")],
                   [allocation("PF-2026-00001", "FF-2026-00001", "120")])
    invoices = state(data).invoices
    assert by_piece(invoices, "FF-2026-00001")["etat"] == sp.PAID_STATE
    assert by_piece(invoices, "FF-2026-00001")["jours_retard"] == 0
    assert by_piece(invoices, "FF-2026-00002")["jours_retard"] == 30


def test_the_euro_total_is_the_registers_to_the_cent():
    # 100.01 GBP HT + 20.00 GBP VAT at 0.845: register 118.36 + 23.67 = 142.03 €, while
    # 120.01 / 0.845 would give 142.02 €
    heads = [head("FF-2026-00001", currency="GBP", rate="0.845")]
    data = records(heads, [line("FF-2026-00001", "1", "100.01")], [], [])
    row = by_piece(state(data).invoices, "FF-2026-00001")
    register = supplier_invoice_totals(data).row(0, named=True)
    assert register["total_ttc_eur"] == Decimal("142.03")
    assert (row["total_ttc"], row["total_ttc_eur"], row["reste_du_eur"],
            row["non_planifie_eur"]) == (Decimal("120.01"), Decimal("142.03"),
                                         Decimal("142.03"), Decimal("142.03"))


def test_the_legal_term_is_sixty_days_or_forty_five_days_end_of_month():
    # 15/01/2026: 60 days → 16/03; 45 days → 01/03, end of month → 31/03: limit 31/03.
    # 31/01/2026: 60 days → 01/04; 45 days end of month → 31/03: limit 01/04.
    assert sp.legal_limit(date(2026, 1, 15), 60, 45) == date(2026, 3, 31)
    assert sp.legal_limit(date(2026, 1, 31), 60, 45) == date(2026, 4, 1)
    heads = [head("FF-2026-00001", day=date(2026, 1, 15), due=date(2026, 3, 31)),
             head("FF-2026-00002", day=date(2026, 1, 15), due=date(2026, 4, 1)),
             head("FF-2026-00003", day=date(2026, 1, 31), due=date(2026, 4, 1))]
    lines = [line(h["numero_piece"], "1", "100") for h in heads]
    payments = [payment(f"PF-2026-0000{i}", "F0001", h["date_echeance"], "120")
                for i, h in enumerate(heads, 1)]
    allocations = [allocation(f"PF-2026-0000{i}", h["numero_piece"], "120")
                   for i, h in enumerate(heads, 1)]
    data = records(heads, lines, payments, allocations)
    found = [i for i in rules.due_dates_kept(data, parameters())
             if i.code == "delai-paiement-legal-depasse"]
    assert [(str(i.source), i.message) for i in found] == [(
        str(data["factures_fournisseurs"].source(3, "date_echeance")),
        "FF-2026-00002 : échéance le 01/04/2026, 76 jours après la facture du 15/01/2026 ; "
        "au plus tard le 31/03/2026 (60 jours date de facture ou 45 jours fin de mois)")]


def _heavy_week(ceiling=None):
    # Week of 07/12: PF1 300 € (FF1 due 20/12), PF2 200 € (FF2 due 20/11, already overdue:
    # not movable), PF3 100 € (FF3 due 31/12). Week of 14/12: PF4 120 € (FF4).
    heads = [head("FF-2026-00001", due=date(2026, 12, 20)),
             head("FF-2026-00002", due=date(2026, 11, 20)),
             head("FF-2026-00003", due=date(2026, 12, 31)),
             head("FF-2026-00004", due=date(2026, 12, 31))]
    lines = [line("FF-2026-00001", "1", "250"), line("FF-2026-00002", "1", "166.67"),
             line("FF-2026-00003", "1", "83.33"), line("FF-2026-00004", "1", "100")]
    amounts = ("300", "200", "100", "120")  # 250×1.2; 166.67×1.2 = 200.00; 83.33×1.2
    days = (date(2026, 12, 8), date(2026, 12, 9), date(2026, 12, 10), date(2026, 12, 15))
    payments = [payment(f"PF-2026-0000{i}", "F0001", day, amount, statut="à payer")
                for i, (day, amount) in enumerate(zip(days, amounts, strict=True), 1)]
    allocations = [allocation(f"PF-2026-0000{i}", f"FF-2026-0000{i}", amount)
                   for i, amount in enumerate(amounts, 1)]
    return records(heads, lines, payments, allocations, ceiling=ceiling)


def test_a_week_above_the_ceiling_names_what_to_postpone():
    # the week of 07/12 needs 600 € for a ceiling of 450: 150 € above; PF1 (300, due
    # 20/12) is the largest not yet due and is enough; PF2 pays an overdue invoice
    data = _heavy_week(ceiling="450")
    s = state(data)
    weeks = sp.cash_by_week(s)
    assert weeks.select("semaine", "besoin_eur", "depassement_eur").rows() == [
        ("2026-S49", Decimal("0"), Decimal("0")),
        ("2026-S50", Decimal("600.00"), Decimal("150.00")),
        ("2026-S51", Decimal("120.00"), Decimal("0"))]
    tensions = sp.cash_tensions(s)
    assert tensions.select("semaine", "depassement_eur", "a_reporter", "a_reporter_eur",
                           "suffisant", "ligne_a_reporter").rows() == [
        ("2026-S50", Decimal("150.00"), "PF-2026-00001", Decimal("300.00"), True, 2)]
    found = rules.cash_within_ceiling(data, parameters())
    assert [(str(i.source), plain(i.message)) for i in found] == [(
        str(data["reglements_fournisseurs"].source(2, "date_reglement")),
        "tension de trésorerie semaine 2026-S50 (du 07/12/2026) : 600,00 € à payer pour un "
        "plafond de 450,00 €, 150,00 € au-delà ; à reporter, pas encore échus : "
        "PF-2026-00001 (300,00 €)")]
    # a ceiling of 150: 450 above; PF1 + PF3 (400) are all that can move: not enough
    tight = sp.cash_tensions(state(_heavy_week(ceiling="150")))
    assert tight.select("semaine", "a_reporter", "a_reporter_eur", "suffisant").rows()[0] == (
        "2026-S50", "PF-2026-00001, PF-2026-00003", Decimal("400.00"), False)


def test_no_ceiling_no_tension():
    s = state(_heavy_week())
    assert s.weekly_ceiling is None
    assert sp.cash_tensions(s).is_empty()
    assert sp.cash_by_week(s)["depassement_eur"].is_null().all()
    assert state(_heavy_week(ceiling="0")).weekly_ceiling is None


def _sepa_case(**changes):
    heads = [head("FF-2026-00001"), head("FF-2026-00002", statut="en litige"),
             head("FF-2026-00003")]
    lines = [line(h["numero_piece"], "1", "100") for h in heads]
    base = dict(statut="à payer", sepa=True)
    payments = [payment("PF-2026-00001", "F0001", date(2026, 12, 2), "120", **base),
                payment("PF-2026-00002", "F0001", date(2026, 12, 2), "120", **base),
                payment("PF-2026-00003", "F0001", date(2026, 12, 2), "100", **base),
                payment("PF-2026-00004", "F0001", date(2026, 12, 2), "50", **base),
                payment("PF-2026-00005", "F0001", date(2026, 12, 2), "0.004", **base),
                payment("PF-2026-00006", "F0001", date(2026, 12, 2), "120",
                        reference="x" * 141, **base)]
    allocations = [allocation("PF-2026-00001", "FF-2026-00001", "120"),
                   allocation("PF-2026-00002", "FF-2026-00002", "120"),
                   allocation("PF-2026-00003", "FF-2026-00003", "120"),
                   allocation("PF-2026-00006", "FF-2026-00003", "120")]
    return records(heads, lines, payments, allocations)


def test_sepa_leaves_out_a_wrong_allocation_a_disputed_invoice_a_long_reference():
    transfers, left_out = sp.sepa_selection(_sepa_case(), AS_OF)
    assert [t.numero_reglement for t in transfers] == ["PF-2026-00001"]
    assert {(item.numero_reglement, item.column): plain(item.reason)
            for item in left_out} == {
        ("PF-2026-00002", "numero_reglement"): "lettrage : paie FF-2026-00002, « en litige »",
        ("PF-2026-00003", "numero_reglement"):
            "lettrage : ses pièces lettrées font 120,00 € pour un paiement de 100,00 €",
        ("PF-2026-00004", "numero_reglement"): "lettrage : lettré avec aucune facture",
        ("PF-2026-00005", "montant"): "montant nul une fois arrondi au centime",
        ("PF-2026-00006", "reference"): "référence de 141 caractères : un virement SEPA en "
                                        "porte 140 au plus, raccourcissez-la",
    }
