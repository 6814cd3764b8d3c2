"""What payments settle: lettrage, escompte, currencies, credit balances, exact to the cent."""

from datetime import date
from decimal import Decimal

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.compute import payments
from pipelines.compute.receivables import accounts_frame, credit_balances, receivables

from .receivables_records import (
    AS_OF,
    D,
    allocation,
    invoice,
    payment,
    sales_dataset,
)


def settle(*args, **kwargs) -> payments.Settlements:
    return payments.compute_settlements(sales_dataset(*args, **kwargs), AS_OF)


def one(frame: pl.DataFrame, **values) -> dict:
    matching = frame.filter(*(pl.col(k) == v for k, v in values.items()))
    assert matching.height == 1, matching
    return matching.row(0, named=True)


def test_a_partial_payment_leaves_the_rest_due():
    settled = settle([invoice("FA-2026-00001", "120")], [payment("RG-2026-00001", "50")],
                     [allocation("RG-2026-00001", "FA-2026-00001", "50")])
    row = one(settled.invoices, numero_facture="FA-2026-00001")
    assert (row["regle"], row["reste_du"], row["reste_du_eur"], row["trop_percu"]) == (
        D("50"), D("70"), D("70"), D("0"))
    assert one(settled.payments, id_reglement="RG-2026-00001")["etat"] == payments.MATCHED


def test_one_payment_settles_two_invoices_fully():
    settled = settle([invoice("FA-2026-00001", "120"), invoice("FA-2026-00002", "60")],
                     [payment("RG-2026-00001", "180")],
                     [allocation("RG-2026-00001", "FA-2026-00001", "120"),
                      allocation("RG-2026-00001", "FA-2026-00002", "60")])
    assert settled.invoices["reste_du"].to_list() == [D("0"), D("0")]
    row = one(settled.payments, id_reglement="RG-2026-00001")
    assert (row["factures"], row["affecte"], row["non_affecte"]) == (2, D("180"), D("0"))


def test_an_overpayment_is_a_credit_balance_not_an_error():
    data = sales_dataset([invoice("FA-2026-00001", "120")], [payment("RG-2026-00001", "150")],
                         [allocation("RG-2026-00001", "FA-2026-00001", "120")])
    state = receivables(data)
    row = one(state.settlements.payments, id_reglement="RG-2026-00001")
    assert (row["etat"], row["non_affecte"], row["non_affecte_eur"]) == (
        payments.EXCESS, D("30"), D("30"))
    assert credit_balances(state).to_dicts() == [{
        "code_client": "C0001", "raison_sociale": "Client C0001",
        "reglements_non_affectes": D("30"), "trop_percu_eur": D("0"),
        "avoirs_non_imputes": D("0"), "solde_crediteur": D("30")}]


def test_an_invoice_settled_beyond_its_total_keeps_the_surplus_as_credit():
    settled = settle([invoice("FA-2026-00001", "120")], [payment("RG-2026-00001", "150")],
                     [allocation("RG-2026-00001", "FA-2026-00001", "150")])
    row = one(settled.invoices, numero_facture="FA-2026-00001")
    assert (row["solde"], row["reste_du"], row["trop_percu"], row["trop_percu_eur"]) == (
        D("-30"), D("0"), D("30"), D("30"))


def test_a_payment_without_lettrage_stays_on_the_account():
    settled = settle([invoice("FA-2026-00001", "120")], [payment("RG-2026-00001", "80")])
    row = one(settled.payments, id_reglement="RG-2026-00001")
    assert (row["etat"], row["lettrages"], row["non_affecte_eur"]) == (
        payments.UNMATCHED, 0, D("80"))
    assert one(settled.invoices, numero_facture="FA-2026-00001")["reste_du"] == D("120")


def test_an_allocation_to_another_customers_invoice_is_not_applied():
    settled = settle([invoice("FA-2026-00001", "120", "C0002")],
                     [payment("RG-2026-00001", "120", "C0001")],
                     [allocation("RG-2026-00001", "FA-2026-00001", "120")])
    allocated = settled.allocations.row(0, named=True)
    assert (allocated["valide"], allocated["motif_rejet"]) == (False, payments.OTHER_CUSTOMER)
    assert one(settled.invoices, numero_facture="FA-2026-00001")["reste_du"] == D("120")
    row = one(settled.payments, id_reglement="RG-2026-00001")
    assert (row["etat"], row["non_affecte"]) == (payments.REJECTED, D("120"))


def test_an_allocation_to_a_credit_note_or_a_draft_is_not_applied():
    note, note_line = invoice("AV-2026-00001", "12", kind="avoir",
                              facture_origine="FA-2026-00001")
    draft, draft_line = invoice("FA-2026-00002", "60", statut="brouillon")
    settled = settle([invoice("FA-2026-00001", "120"), (note, note_line), (draft, draft_line)],
                     [payment("RG-2026-00001", "30")],
                     [allocation("RG-2026-00001", "AV-2026-00001", "10"),
                      allocation("RG-2026-00001", "FA-2026-00002", "20")])
    assert settled.allocations["motif_rejet"].to_list() == [payments.NOT_AN_INVOICE,
                                                            payments.DRAFT]
    # the credit note still reduces the invoice it cites
    row = one(settled.invoices, numero_facture="FA-2026-00001")
    assert (row["avoirs"], row["reste_du"]) == (D("12"), D("108"))


def escompte_invoice(**values):
    return invoice("FA-2026-00001", "120", taux_escompte=D(2),
                   date_limite_escompte=date(2026, 9, 11), **values)


def test_an_escompte_paid_in_time_settles_the_invoice():
    # 2 % of 100,00 HT = 2,00 HT and 0,40 VAT: 2,40 TTC off, 117,60 paid
    settled = settle([escompte_invoice()], [payment("RG-2026-00001", "117.60",
                                                    day=date(2026, 9, 10))],
                     [allocation("RG-2026-00001", "FA-2026-00001", "117.60", "2.40")])
    allocated = settled.allocations.row(0, named=True)
    assert (allocated["escompte_ttc"], allocated["escompte_accepte"],
            allocated["escompte_eur"]) == (D("2.40"), True, D("2.40"))
    row = one(settled.invoices, numero_facture="FA-2026-00001")
    assert (row["escompte"], row["regle"], row["reste_du"]) == (D("2.40"), D("117.60"), D("0"))


def test_an_escompte_paid_late_is_refused_and_stays_due():
    settled = settle([escompte_invoice()], [payment("RG-2026-00001", "117.60",
                                                    day=date(2026, 9, 12))],
                     [allocation("RG-2026-00001", "FA-2026-00001", "117.60", "2.40")])
    allocated = settled.allocations.row(0, named=True)
    assert (allocated["escompte_accepte"], allocated["motif_escompte"]) == (False, payments.LATE)
    assert one(settled.invoices, numero_facture="FA-2026-00001")["reste_du"] == D("2.40")


def test_an_escompte_above_the_invoices_or_without_one_is_refused():
    above = settle([escompte_invoice()], [payment("RG-2026-00001", "117", day=date(2026, 9, 5))],
                   [allocation("RG-2026-00001", "FA-2026-00001", "117", "3.00")])
    assert above.allocations["motif_escompte"].to_list() == [payments.ABOVE]
    assert one(above.invoices, numero_facture="FA-2026-00001")["reste_du"] == D("3.00")
    none = settle([invoice("FA-2026-00001", "120")], [payment("RG-2026-00001", "117.60")],
                  [allocation("RG-2026-00001", "FA-2026-00001", "117.60", "2.40")])
    assert none.allocations["motif_escompte"].to_list() == [payments.NO_ESCOMPTE]


def test_a_dollar_payment_gives_an_exchange_gain_or_loss():
    # 120 USD at 1.20 USD/€ = 100,00 € booked; paid at 1.25: 96,00 € received, a loss of 4,00 €
    dollars = invoice("FA-2026-00001", "120", currency="USD", taux_change=D("1.2"))
    lost = settle([dollars], [payment("RG-2026-00001", "120", currency="USD", rate="1.25")],
                  [allocation("RG-2026-00001", "FA-2026-00001", "120")])
    allocated = lost.allocations.row(0, named=True)
    assert (allocated["montant_eur"], allocated["valeur_facture_eur"],
            allocated["ecart_change"]) == (D("96.00"), D("100.00"), D("-4.00"))
    # paid at 1.10: 109,09 € received, a gain of 9,09 €
    won = settle([dollars], [payment("RG-2026-00001", "120", currency="USD", rate="1.10")],
                 [allocation("RG-2026-00001", "FA-2026-00001", "120")])
    assert won.payments["ecart_change"].to_list() == [D("9.09")]
    assert won.invoices["reste_du_eur"].to_list() == [D("0")]


def test_the_rounding_cent_of_a_foreign_invoice_goes_to_its_last_payment():
    # 100 USD at 1.1: 90,91 €; two payments of 50 USD at 1.1 are worth 45,45 € each
    dollars = invoice("FA-2026-00001", "100", vat="0", currency="USD", taux_change=D("1.1"))
    settled = settle([dollars],
                     [payment("RG-2026-00001", "50", currency="USD", rate="1.1"),
                      payment("RG-2026-00002", "50", currency="USD", rate="1.1",
                              day=date(2026, 10, 2))],
                     [allocation("RG-2026-00001", "FA-2026-00001", "50"),
                      allocation("RG-2026-00002", "FA-2026-00001", "50")])
    assert settled.allocations["valeur_facture_eur"].to_list() == [D("45.45"), D("45.46")]
    assert settled.allocations["ecart_change"].to_list() == [D("0"), D("-0.01")]
    row = settled.invoices.row(0, named=True)
    assert (row["total_ttc_eur"], row["regle_eur"], row["reste_du_eur"]) == (
        D("90.91"), D("90.91"), D("0"))


def test_a_payment_without_its_own_rate_takes_the_rate_of_its_day():
    dollars = invoice("FA-2026-00001", "120", currency="USD", taux_change=D("1.2"))
    rates = [{"date": date(2026, 9, 28), "devise": "USD", "taux": D("1.2")},
             {"date": date(2026, 10, 5), "devise": "USD", "taux": D("1.5")}]
    settled = settle([dollars], [payment("RG-2026-00001", "120", currency="USD")],
                     [allocation("RG-2026-00001", "FA-2026-00001", "120")], cours_change=rates)
    row = settled.payments.row(0, named=True)
    assert (row["taux_reglement"], row["montant_eur"], row["ecart_change"]) == (
        D("1.2"), D("100.00"), D("0"))


def test_a_euro_payment_of_a_dollar_invoice_is_converted_at_the_invoice_rate():
    dollars = invoice("FA-2026-00001", "120", currency="USD", taux_change=D("1.2"))
    settled = settle([dollars], [payment("RG-2026-00001", "50")],
                     [allocation("RG-2026-00001", "FA-2026-00001", "50")])
    allocated = settled.allocations.row(0, named=True)
    assert (allocated["regle"], allocated["valeur_facture_eur"], allocated["ecart_change"]) == (
        D("60.00"), D("50.00"), D("0"))
    assert settled.invoices["reste_du"].to_list() == [D("60.00")]


def test_payments_and_credit_notes_after_the_as_of_date_do_not_count():
    note, note_line = invoice("AV-2026-00001", "12", kind="avoir", day=date(2026, 12, 2),
                              facture_origine="FA-2026-00001")
    settled = settle([invoice("FA-2026-00001", "120"), (note, note_line)],
                     [payment("RG-2026-00001", "120", day=date(2026, 12, 1))],
                     [allocation("RG-2026-00001", "FA-2026-00001", "120")])
    assert settled.payments.is_empty() and settled.allocations.is_empty()
    assert settled.credit_notes.is_empty()
    assert settled.invoices["reste_du"].to_list() == [D("120")]


def test_euros_rounds_half_up_exactly():
    frame = pl.DataFrame({"a": [D("0.03"), D("-0.03"), D("100"), None],
                          "r": [D("1.2"), D("1.2"), D("0"), D("1")]},
                         schema={"a": pl.Decimal(38, 6), "r": pl.Decimal(38, 6)})
    result = frame.select(payments.euros(pl.col("a"), pl.col("r")).alias("e"))["e"].to_list()
    assert result == [D("0.03"), D("-0.03"), None, None]  # 0,025 € → 0,03 €; rate 0: unknown


# --- property: no cent is created or lost -------------------------------------------------

CENTS = st.integers(min_value=1, max_value=500_000).map(lambda c: Decimal(c) / 100)
RATES = st.sampled_from([None, "1.0869", "1.2", "0.85", "1.1"])


@st.composite
def ledgers(draw):
    count = draw(st.integers(min_value=1, max_value=4))
    invoices, payment_rows, allocation_rows = [], [], []
    for index in range(1, count + 1):
        number = f"FA-2026-{index:05d}"
        rate = draw(RATES)
        ttc = draw(CENTS)
        invoices.append(invoice(number, str(ttc), vat="0", currency="EUR" if rate is None else
                                "USD", taux_change=None if rate is None else D(rate)))
        for part in range(draw(st.integers(min_value=0, max_value=3))):
            identifier = f"RG-2026-{index * 10 + part:05d}"
            amount = draw(st.integers(min_value=1, max_value=int(ttc * 100))) / Decimal(100)
            paid_rate = None if rate is None else draw(st.sampled_from(["1.05", "1.2", "1.33"]))
            extra = draw(st.integers(min_value=0, max_value=5000)) / Decimal(100)
            payment_rows.append(payment(identifier, str(amount + extra),
                                        currency="EUR" if rate is None else "USD",
                                        rate=paid_rate, day=date(2026, 10, 1 + part)))
            allocation_rows.append(allocation(identifier, number, str(amount)))
    return invoices, payment_rows, allocation_rows


@settings(max_examples=60, deadline=None)
@given(ledgers())
def test_settling_never_creates_or_loses_a_cent(ledger):
    invoices, payment_rows, allocation_rows = ledger
    state = receivables(sales_dataset(invoices, payment_rows, allocation_rows))
    settled = state.settlements
    for row in settled.invoices.to_dicts():
        assert row["reste_du"] - row["trop_percu"] + row["regle"] + row["escompte"] + (
            row["avoirs"]) == row["total_ttc"]
        assert row["solde_eur"] + row["regle_eur"] + row["escompte_eur"] + (
            row["avoirs_eur"]) == row["total_ttc_eur"]
        values = settled.allocations.filter(
            pl.col("valide") & (pl.col("numero_facture") == row["numero_facture"]))
        assert sum(values["valeur_facture_eur"].to_list(), Decimal(0)) == row["regle_eur"]
    for row in settled.payments.to_dicts():
        assert row["affecte_eur"] + row["non_affecte_eur"] == row["montant_eur"]
    # the account's balance is what is owed minus the credit, for every customer
    balances = accounts_frame(state).group_by("code_client").agg(pl.col("solde").last())
    owed = settled.invoices.group_by("code_client").agg(pl.col("solde_eur").sum())
    credit = credit_balances(state).select("code_client", "reglements_non_affectes")
    expected = (owed.join(credit, on="code_client", how="left")
                .with_columns(pl.col("reglements_non_affectes").fill_null(D(0)))
                .select("code_client", (pl.col("solde_eur") - pl.col("reglements_non_affectes"))
                        .alias("attendu")))
    checked = balances.join(expected, on="code_client")
    assert checked.height == balances.height
    assert (checked["solde"] == checked["attendu"]).all()
