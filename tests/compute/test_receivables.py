"""Receivables as of a date: aged balance, instalments, dunning, disputes, penalties, risks."""

from datetime import date

import polars as pl

from pipelines.compute import dunning
from pipelines.compute.receivables import (
    OPEN_ITEM_COLUMNS,
    aged_balance,
    claimable_penalties,
    customer_account,
    debts_at_risk,
    dunning_to_do,
    instalments_frame,
    open_items,
    receivables,
    summary,
)
from pipelines.law import parameters

from .receivables_records import (
    D,
    allocation,
    customer,
    invoice,
    payment,
    sales_dataset,
)


def by_number(frame: pl.DataFrame) -> dict[str, dict]:
    return {row["numero_facture"]: row for row in frame.to_dicts()}


def event(number: str, day: date, level: str | None = None, dispute: str | None = None,
          code: str = "C0001", identifier: int = 1, motif: str | None = None) -> dict:
    return {"id_relance": f"RL-2026-{identifier:05d}", "date": day, "code_client": code,
            "numero_facture": number, "niveau": level, "litige": dispute, "motif": motif}


def test_the_aged_balance_puts_each_rest_in_its_bucket():
    dues = {"FA-2026-00001": date(2026, 12, 10), "FA-2026-00002": date(2026, 11, 30),
            "FA-2026-00003": date(2026, 11, 29), "FA-2026-00004": date(2026, 10, 31),
            "FA-2026-00005": date(2026, 10, 30), "FA-2026-00006": date(2026, 9, 1),
            "FA-2026-00007": date(2026, 8, 31)}
    amounts = ["120", "240", "12", "24", "36", "48", "60"]
    data = sales_dataset([invoice(n, a, due=d) for (n, d), a in zip(dues.items(), amounts)])
    state = receivables(data)
    rows = by_number(open_items(data))
    assert {n: (r["jours_retard"], r["tranche"]) for n, r in rows.items()} == {
        "FA-2026-00001": (0, "Non échu"), "FA-2026-00002": (0, "Non échu"),
        "FA-2026-00003": (1, "1 à 30 jours"), "FA-2026-00004": (30, "1 à 30 jours"),
        "FA-2026-00005": (31, "31 à 60 jours"), "FA-2026-00006": (90, "61 à 90 jours"),
        "FA-2026-00007": (91, "Plus de 90 jours")}
    [aged] = aged_balance(state).to_dicts()
    assert {k: aged[k] for k in ("non_echu", "retard_1_30", "retard_31_60", "retard_61_90",
                                 "retard_plus_90", "total_du", "solde_net")} == {
        "non_echu": D("360"), "retard_1_30": D("36"), "retard_31_60": D("36"),
        "retard_61_90": D("48"), "retard_plus_90": D("60"), "total_du": D("540"),
        "solde_net": D("540")}
    assert list(open_items(data).columns) == list(OPEN_ITEM_COLUMNS)


def test_legal_penalties_are_the_ecb_rate_plus_ten_points_and_the_fixed_fee():
    # 1 000 € due 31/08/2026, 91 days late on 30/11: 1 000 × 12,15 % × 91 / 365 = 30,29 €
    data = sales_dataset([invoice("FA-2026-00001", "1000", vat="0", due=date(2026, 8, 31))])
    [row] = open_items(data).to_dicts()
    ecb = parameters().value("factures.taux_bce_refinancement", date(2026, 7, 1))
    assert ecb == D("0.0215")
    assert (row["taux_penalites_retenu"], row["origine_taux"], row["penalites"],
            row["indemnite"]) == (D("12.15"), "légal", D("30.29"), D("40"))


def test_a_contract_rate_replaces_the_legal_rate():
    # 1 000 × 10 % × 91 / 365 = 24,93 €
    data = sales_dataset([invoice("FA-2026-00001", "1000", vat="0", due=date(2026, 8, 31))],
                         clients=[customer("C0001", rate="10")])
    [row] = open_items(data).to_dicts()
    assert (row["taux_penalites_retenu"], row["origine_taux"], row["penalites"]) == (
        D("10"), "contrat", D("24.93"))


def test_penalties_round_half_up_to_the_cent():
    # 18,25 € × 10 % × 1 day / 365 = 0,005 € exactly: 0,01 € (half-up), not 0,00 € (half-even)
    data = sales_dataset([invoice("FA-2026-00001", "18.25", vat="0", due=date(2026, 11, 29))],
                         clients=[customer("C0001", rate="10")])
    assert open_items(data)["penalites"].to_list() == [D("0.01")]


def test_a_private_customer_owes_no_penalty_nor_fee():
    data = sales_dataset([invoice("FA-2026-00001", "1000", vat="0", due=date(2026, 8, 31))],
                         clients=[customer("C0001", kind="particulier")])
    [row] = open_items(data).to_dicts()
    assert (row["penalites"], row["indemnite"], row["origine_taux"]) == (None, None, None)


def test_without_an_ecb_rate_for_the_half_year_the_penalties_stay_empty():
    # the ECB parameter starts on 11/06/2025: the first half of 2025 has no known rate
    data = sales_dataset([invoice("FA-2026-00001", "1000", vat="0", day=date(2025, 2, 1),
                                  due=date(2025, 3, 31))])
    [row] = open_items(data).to_dicts()
    assert (row["penalites"], row["origine_taux"], row["indemnite"]) == (None, "légal", D("40"))


def test_an_invoice_not_yet_due_owes_no_penalty():
    data = sales_dataset([invoice("FA-2026-00001", "1000", vat="0", due=date(2026, 12, 31))])
    [row] = open_items(data).to_dicts()
    assert (row["penalites"], row["indemnite"], row["a_envoyer"]) == (None, None, None)


def test_instalments_are_paid_in_date_order_and_the_late_one_dates_the_delay():
    plan = [{"numero_facture": "FA-2026-00001", "echeance": rank, "date_echeance": day,
             "montant": D("40")}
            for rank, day in ((1, date(2026, 10, 1)), (2, date(2026, 11, 1)),
                              (3, date(2026, 12, 1)))]
    data = sales_dataset([invoice("FA-2026-00001", "120", due=date(2026, 12, 1))],
                         [payment("RG-2026-00001", "50")],
                         [allocation("RG-2026-00001", "FA-2026-00001", "50")],
                         echeanciers=plan)
    state = receivables(data)
    lines = instalments_frame(state)
    assert [(r["echeance"], r["paye"], r["reste"], r["en_retard"], r["jours_retard"])
            for r in lines.to_dicts()] == [
        (1, D("40"), D("0"), False, 0), (2, D("10"), D("30"), True, 29),
        (3, D("0"), D("40"), False, 0)]
    [row] = open_items(data).to_dicts()
    assert (row["date_echeance_effective"], row["jours_retard"], row["echu_eur"],
            row["reste_du_eur"]) == (date(2026, 11, 1), 29, D("30"), D("70"))
    [aged] = aged_balance(state).to_dicts()
    assert (aged["non_echu"], aged["retard_1_30"]) == (D("40"), D("30"))


def test_a_plan_short_of_the_invoice_leaves_the_rest_due_on_the_invoices_date():
    plan = [{"numero_facture": "FA-2026-00001", "echeance": 1, "date_echeance": date(2026, 12, 5),
             "montant": D("100")}]
    data = sales_dataset([invoice("FA-2026-00001", "120", due=date(2026, 11, 10))],
                         echeanciers=plan)
    [row] = open_items(data).to_dicts()
    assert (row["date_echeance_effective"], row["echu_eur"], row["reste_du_eur"]) == (
        date(2026, 11, 10), D("20"), D("120"))


def test_rescheduling_a_late_invoice_stops_its_delay():
    late = [invoice("FA-2026-00001", "120", due=date(2026, 9, 30))]
    assert open_items(sales_dataset(late))["jours_retard"].to_list() == [61]
    plan = [{"numero_facture": "FA-2026-00001", "echeance": rank, "date_echeance": day,
             "montant": D("60")} for rank, day in ((1, date(2026, 12, 15)), (2, date(2027, 1, 15)))]
    [row] = open_items(sales_dataset(late, echeanciers=plan)).to_dicts()
    assert (row["jours_retard"], row["a_envoyer"], row["penalites"]) == (0, None, None)


def test_default_dunning_rules_and_the_next_level_to_send():
    rules = dunning.dunning_rules(sales_dataset([]))
    assert rules.select("niveau", "jours_apres_echeance", "origine").rows() == [
        ("relance 1", 15, "règle par défaut"), ("relance 2", 30, "règle par défaut"),
        ("mise en demeure", 45, "règle par défaut"), ("contentieux", 60, "règle par défaut")]
    invoices = [invoice("FA-2026-00001", due=date(2026, 11, 22)),  # relance 1 on 07/12: this week
                invoice("FA-2026-00002", due=date(2026, 11, 23)),  # relance 1 on 08/12: next week
                invoice("FA-2026-00003", due=date(2026, 8, 1)),  # 121 days, relance 1 sent
                invoice("FA-2026-00004", due=date(2026, 8, 1))]  # mise en demeure sent
    events = [event("FA-2026-00003", date(2026, 8, 20), "relance 1"),
              event("FA-2026-00004", date(2026, 9, 20), "mise en demeure", identifier=2)]
    rows = by_number(open_items(sales_dataset(invoices, relances=events)))
    assert {n: (r["niveau_atteint"], r["niveau_du"], r["a_envoyer"], r["date_prevue"])
            for n, r in rows.items()} == {
        "FA-2026-00001": (None, None, "relance 1", date(2026, 12, 7)),
        "FA-2026-00002": (None, None, None, None),
        "FA-2026-00003": ("relance 1", "contentieux", "relance 2", date(2026, 8, 31)),
        "FA-2026-00004": ("mise en demeure", "contentieux", "contentieux", date(2026, 9, 30))}


def test_the_organisations_rules_replace_the_defaults():
    sheet = [{"niveau": "relance 1", "jours_apres_echeance": 5},
             {"niveau": "mise en demeure", "jours_apres_echeance": 20}]
    data = sales_dataset([invoice("FA-2026-00001", due=date(2026, 11, 1))],
                         relances=[event("FA-2026-00001", date(2026, 11, 6), "relance 1")],
                         regles_relance=sheet)
    [row] = open_items(data).to_dicts()
    # relance 2 is not in the sheet: after relance 1 comes the formal notice
    assert (row["niveau_du"], row["a_envoyer"], row["date_prevue"]) == (
        "mise en demeure", "mise en demeure", date(2026, 11, 21))


def test_an_open_dispute_suspends_the_dunning_until_it_is_closed():
    invoices = [invoice("FA-2026-00001", due=date(2026, 9, 1))]
    opened = [event("FA-2026-00001", date(2026, 9, 20), "relance 1"),
              event("FA-2026-00001", date(2026, 9, 25), dispute="ouvert", identifier=2,
                    motif="Produit défectueux")]
    [row] = open_items(sales_dataset(invoices, relances=opened)).to_dicts()
    assert (row["litige"], row["suspendue"], row["a_envoyer"]) == ("ouvert", True, None)
    assert dunning_to_do(receivables(sales_dataset(invoices, relances=opened))).is_empty()
    closed = opened + [event("FA-2026-00001", date(2026, 10, 15), dispute="clos", identifier=3)]
    state = receivables(sales_dataset(invoices, relances=closed))
    [row] = open_items(sales_dataset(invoices, relances=closed)).to_dicts()
    assert (row["litige"], row["suspendue"], row["a_envoyer"]) == ("clos", False, "relance 2")
    assert state.disputes.select("litige", "date_ouverture", "date_cloture", "motif").row(0) == (
        "clos", date(2026, 9, 25), date(2026, 10, 15), "Produit défectueux")


def test_a_dispute_is_closed_by_the_first_closing_dated_after_its_opening():
    # the closing of 20/10 is typed above the opening of 01/10: the dates decide, not the rows
    events = [event("FA-2026-00001", date(2026, 10, 20), dispute="clos", identifier=1),
              event("FA-2026-00001", date(2026, 10, 1), dispute="ouvert", identifier=2),
              event("FA-2026-00001", date(2026, 9, 1), dispute="clos", identifier=3)]
    state = receivables(sales_dataset([invoice("FA-2026-00001")], relances=events))
    assert state.disputes.select("litige", "date_ouverture", "date_cloture", "_ligne").rows() == [
        ("clos", date(2026, 10, 1), date(2026, 10, 20), 3)]


def test_doubtful_and_irrecoverable_debts_carry_their_amount_at_risk():
    invoices = [invoice("FA-2026-00001", "120", "C0001", due=date(2026, 8, 1)),
                invoice("FA-2026-00002", "240", "C0002", due=date(2026, 8, 1)),
                invoice("FA-2026-00003", "360", "C0003", due=date(2026, 8, 1)),
                invoice("FA-2026-00004", "480", "C0004", due=date(2026, 8, 1))]
    clients = [customer("C0001", status="douteux"), customer("C0002"),
               customer("C0003", status="irrécouvrable"), customer("C0004")]
    events = [event("FA-2026-00002", date(2026, 10, 1), "contentieux", code="C0002")]
    data = sales_dataset(invoices, [payment("RG-2026-00001", "100", "C0001")],
                         [allocation("RG-2026-00001", "FA-2026-00001", "100")],
                         clients=clients, relances=events)
    state = receivables(data)
    assert [(r["numero_facture"], r["risque"], r["motif_risque"], r["montant_a_risque"])
            for r in debts_at_risk(state).to_dicts()] == [
        ("FA-2026-00001", "douteuse", "client douteux", D("20")),
        ("FA-2026-00002", "douteuse", "au contentieux", D("240")),
        ("FA-2026-00003", "irrécouvrable", "client irrécouvrable", D("360"))]
    rows = by_number(state.invoices)
    assert rows["FA-2026-00003"]["a_envoyer"] is None  # an irrecoverable debt is not dunned
    assert rows["FA-2026-00004"]["a_envoyer"] == "relance 1"
    assert summary(state)["a_risque"].to_list() == [D("620")]


def test_the_customer_account_runs_its_balance_to_what_is_owed():
    note, note_line = invoice("AV-2026-00001", "12", kind="avoir", day=date(2026, 9, 15),
                              facture_origine="FA-2026-00001")
    data = sales_dataset([invoice("FA-2026-00001", "120"), (note, note_line),
                          invoice("FA-2026-00002", "60", day=date(2026, 10, 5))],
                         [payment("RG-2026-00001", "150", day=date(2026, 10, 1))],
                         [allocation("RG-2026-00001", "FA-2026-00001", "108")])
    account = customer_account(data, "C0001")
    assert account.select("date", "nature", "piece", "debit", "credit", "solde").rows() == [
        (date(2026, 9, 1), "facture", "FA-2026-00001", D("120"), None, D("120")),
        (date(2026, 9, 15), "avoir", "AV-2026-00001", None, D("12"), D("108")),
        (date(2026, 10, 1), "règlement", "RG-2026-00001", None, D("150"), D("-42")),
        (date(2026, 10, 5), "facture", "FA-2026-00002", D("60"), None, D("18")),
    ]
    [aged] = aged_balance(receivables(data)).to_dicts()
    assert (aged["total_du"], aged["solde_crediteur"], aged["solde_net"]) == (
        D("60"), D("42"), D("18"))
    assert account["feuille"].to_list() == ["Factures", "Factures", "Reglements", "Factures"]
    assert customer_account(data, "C0002").is_empty()


def test_an_invoice_paid_late_owes_penalties_for_its_days_late_and_the_fixed_fee():
    # 1 000 € due 31/08/2026, paid 30/09 (30 days late): 1 000 × 12,15 % × 30 / 365 = 9,986…
    # → 9,99 €, plus the 40 € fee, though it owes nothing any more
    data = sales_dataset([invoice("FA-2026-00001", "1000", vat="0", due=date(2026, 8, 31))],
                         [payment("RG-2026-00001", "1000", day=date(2026, 9, 30))],
                         [allocation("RG-2026-00001", "FA-2026-00001", "1000")])
    state = receivables(data)
    assert open_items(data).is_empty()
    [row] = claimable_penalties(state).to_dicts()
    assert (row["etat"], row["paye_en_retard_eur"], row["date_paiement_retard"],
            row["reste_du_eur"], row["taux_penalites_retenu"], row["penalites"],
            row["indemnite"]) == ("payée en retard", D("1000"), date(2026, 9, 30), D("0"),
                                  D("12.15"), D("9.99"), D("40"))
    [totals] = summary(state).to_dicts()
    assert (totals["penalites"], totals["indemnites"], totals["penalites_exigibles"],
            totals["indemnites_exigibles"]) == (D("0"), D("0"), D("9.99"), D("40"))


def test_a_part_paid_late_and_the_rest_still_owed_are_summed_then_rounded_once():
    # 1 000 € due 31/08: 400 € paid 15/09 (15 days), 600 € still owed 91 days on 30/11:
    # 400 × 12,15 % × 15 / 365 = 1,99726… ; 600 × 12,15 % × 91 / 365 = 18,17547… ;
    # together 20,17273… → 20,17 € (rounded once, not 2,00 + 18,18 = 20,18 €); one fee
    data = sales_dataset([invoice("FA-2026-00001", "1000", vat="0", due=date(2026, 8, 31))],
                         [payment("RG-2026-00001", "400", day=date(2026, 9, 15))],
                         [allocation("RG-2026-00001", "FA-2026-00001", "400")])
    [row] = open_items(data).to_dicts()
    assert (row["reste_du_eur"], row["penalites"], row["indemnite"]) == (
        D("600"), D("20.17"), D("40"))
    [claimable] = claimable_penalties(receivables(data)).to_dicts()
    assert (claimable["etat"], claimable["paye_en_retard_eur"], claimable["penalites"]) == (
        "impayée", D("400"), D("20.17"))


def test_a_payment_on_time_or_by_a_private_customer_owes_nothing():
    on_time = sales_dataset(
        [invoice("FA-2026-00001", "1000", vat="0", due=date(2026, 8, 31))],
        [payment("RG-2026-00001", "1000", day=date(2026, 8, 31))],
        [allocation("RG-2026-00001", "FA-2026-00001", "1000")])
    assert claimable_penalties(receivables(on_time)).is_empty()
    private = sales_dataset(
        [invoice("FA-2026-00001", "1000", vat="0", due=date(2026, 8, 31))],
        [payment("RG-2026-00001", "1000", day=date(2026, 10, 30))],
        [allocation("RG-2026-00001", "FA-2026-00001", "1000")],
        clients=[customer("C0001", kind="particulier")])
    assert claimable_penalties(receivables(private)).is_empty()


def test_each_instalment_paid_late_counts_from_its_own_due_date():
    # 40 € due 01/10 paid 11/10 (10 days), 40 € due 01/11 paid 11/11 (10 days), 40 € not
    # due: 80 × 12,15 % × 10 / 365 = 0,2663… → 0,27 €
    plan = [{"numero_facture": "FA-2026-00001", "echeance": rank, "date_echeance": day,
             "montant": D("40")}
            for rank, day in ((1, date(2026, 10, 1)), (2, date(2026, 11, 1)),
                              (3, date(2026, 12, 1)))]
    data = sales_dataset([invoice("FA-2026-00001", "120", vat="0", due=date(2026, 12, 1))],
                         [payment("RG-2026-00001", "40", day=date(2026, 10, 11)),
                          payment("RG-2026-00002", "40", day=date(2026, 11, 11))],
                         [allocation("RG-2026-00001", "FA-2026-00001", "40"),
                          allocation("RG-2026-00002", "FA-2026-00001", "40")],
                         echeanciers=plan)
    [row] = claimable_penalties(receivables(data)).to_dicts()
    assert (row["etat"], row["paye_en_retard_eur"], row["penalites"], row["indemnite"]) == (
        "impayée", D("80"), D("0.27"), D("40"))
