"""The commercial dashboard's figures, worked out by hand on `sales_records` (31/03/2026)."""

from datetime import date
from decimal import Decimal

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.compute import compute_all
from pipelines.compute.invoice_totals import to_cent
from pipelines.compute.sales_dashboard import (
    allocate,
    invoice_line_amounts,
    last_complete_month,
    months,
    percent,
)
from pipelines.compute.sales_invoices import totals_row
from pipelines.law import parameters

from .sales_records import AS_OF, sales_dataset, sales_records

D = Decimal


@pytest.fixture(scope="module")
def figures():
    computed = compute_all(sales_dataset(), parameters())
    assert computed.failures == {}
    return {name: figure.frame for name, figure in computed.management.items()}


def column(frame: pl.DataFrame, key: str, value: str) -> dict:
    return dict(zip(frame[key].to_list(), frame[value].to_list(), strict=True))


# --- allocation ----------------------------------------------------------------------------

def test_allocate_gives_leftover_cents_to_the_largest_remainders():
    assert allocate(D("11.36"), [D("200.00"), D("27.27")]) == [D("10.00"), D("1.36")]
    assert allocate(D("125.01"), [D("120"), D("30.01")]) == [D("100.00"), D("25.01")]
    assert allocate(D("0.02"), [D(1), D(1), D(1)]) == [D("0.01"), D("0.01"), D("0.00")]
    assert allocate(D("-0.05"), [D("-1"), D("-1")]) == [D("-0.02"), D("-0.03")]
    assert allocate(D("0.00"), []) == []


def test_allocate_with_weights_summing_to_zero_puts_the_total_on_the_largest():
    assert allocate(D("1.00"), [D("5"), D("-7"), D("2")]) == [D("0.00"), D("1.00"), D("0.00")]
    with pytest.raises(ValueError):
        allocate(D("1.001"), [D(1)])


def test_percent_months_and_last_complete_month():
    assert percent(D("106.82"), D("306.82")) == D("34.8")
    assert percent(D(1), D(0)) is None and percent(None, D(1)) is None
    assert months(date(2025, 11, 15), date(2026, 2, 1)) == ["2025-11", "2025-12", "2026-01",
                                                            "2026-02"]
    assert last_complete_month(date(2026, 11, 30)) == "2026-11"
    assert last_complete_month(date(2026, 11, 29)) == "2026-10"
    assert last_complete_month(date(2026, 1, 5)) == "2025-12"


# --- one invoice's lines ------------------------------------------------------------------

def _records(number: str) -> tuple[dict, list[dict]]:
    records = sales_records()
    facture = next(r for r in records["factures"] if r["numero_facture"] == number)
    lines = [r for r in records["lignes_facture"] if r["numero_facture"] == number]
    return facture, lines


def test_invoice_level_discount_and_shipping_are_explicit_lines():
    facture, lines = _records("FA-2026-00001")
    split = invoice_line_amounts(facture, lines, D("230.91"))
    assert [(line and line["ligne"], amount, euro) for line, amount, euro in split] == [
        (1, D("190.00"), D("190.00")), (2, D("25.91"), D("25.91")),
        (None, D("15.00"), D("15.00"))]


def test_foreign_currency_lines_add_up_to_the_invoice_euro_total():
    facture, lines = _records("FA-2026-00002")
    split = invoice_line_amounts(facture, lines, D("125.01"))
    assert [(amount, euro) for _, amount, euro in split] == [
        (D("120.00"), D("100.00")), (D("30.01"), D("25.01"))]
    assert [euro for *_, euro in invoice_line_amounts(facture, lines, None)] == [None, None]


def test_a_credit_note_comes_out_negative_and_incomplete_rows_give_nothing():
    facture, lines = _records("AV-2026-00001")
    assert [amount for _, amount, _ in invoice_line_amounts(facture, lines, D("-9.09"))] == [
        D("-9.09")]
    assert invoice_line_amounts(facture, [{**lines[0], "quantite": None}], None) == []


MONEY = st.decimals(min_value=D("0.01"), max_value=D("5000"), places=2)
PERCENT = st.sampled_from([None, D(0), D("2.5"), D(5), D(10), D("33.3")])


@st.composite
def invoices(draw):
    currency = draw(st.sampled_from(["EUR", "USD", "CHF"]))
    facture = {
        "numero_facture": "FA-2026-00001", "type": draw(st.sampled_from(["facture", "avoir"])),
        "date_facture": date(2026, 3, 2), "devise": currency,
        "taux_change": None if currency == "EUR" else draw(
            st.decimals(min_value=D("0.5"), max_value=D("2"), places=4)),
        "remise_globale_pct": draw(PERCENT), "frais_port_ht": draw(st.one_of(st.none(), MONEY)),
    }
    lines = [
        {"ligne": index + 1, "reference": None,
         "quantite": draw(st.decimals(min_value=D("0.5"), max_value=D("40"), places=1)),
         "prix_unitaire_ht": draw(MONEY),
         "taux_tva": draw(st.sampled_from([D(20), D(10), D("5.5"), D(0)])),
         "remise_pct": draw(PERCENT), "rabais_pct": draw(PERCENT), "ristourne_pct": None}
        for index in range(draw(st.integers(min_value=1, max_value=6)))
    ]
    return facture, lines


@settings(max_examples=300, deadline=None)
@given(invoices())
def test_lines_in_euros_add_up_exactly_to_the_invoice_euro_ht(invoice):
    """Hypothesis: whatever the discounts, shipping, currency and rate, the lines (and the
    shipping) add up exactly to the invoice's HT, and in euros to its euro HT."""
    facture, lines = invoice
    totals = totals_row(facture, lines)
    split = invoice_line_amounts(facture, lines, totals["total_ht_eur"])
    assert sum(amount for _, amount, _ in split) == totals["total_ht"]
    assert sum(euro for *_, euro in split) == totals["total_ht_eur"]
    assert all(euro == to_cent(euro) for *_, euro in split)
    if facture["devise"] != "EUR":  # each share is within a cent of its exact conversion
        rate = facture["taux_change"]
        exact = [amount * totals["total_ht_eur"] / totals["total_ht"] if totals["total_ht"]
                 else amount / rate for _, amount, _ in split]
        assert all(abs(euro - e) < D("0.01") for (*_, euro), e in zip(split, exact))


# --- turnover and margin ---------------------------------------------------------------------

def test_turnover_by_month_customer_family_and_zone_reconcile_exactly(figures):
    by_month = column(figures["ca_par_mois"], "mois", "chiffre_affaires")
    assert by_month == {"2026-01": D("230.91"), "2026-02": D("125.01"), "2026-03": D("40.91")}
    assert column(figures["ca_par_client"], "code_client", "chiffre_affaires") == {
        "C0001": D("221.82"), "C0002": D("125.01"), "C0003": D("50.00")}
    assert column(figures["ca_par_zone"], "zone", "chiffre_affaires") == {
        "France": D("221.82"), "UE": D("125.01"), "Hors UE": D("50.00")}
    assert column(figures["ca_par_famille"], "famille", "chiffre_affaires") == {
        "Froid": D("340.00"), "Prestations": D("25.01"), "Éclairage": D("16.82"),
        "Frais de port": D("15.00")}
    invoices = figures["ca_factures"]
    assert sorted(invoices["numero_facture"]) == ["AV-2026-00001", "FA-2026-00001",
                                                  "FA-2026-00002", "FA-2026-00003"]
    for name in ("ca_par_mois", "ca_par_client", "ca_par_zone", "ca_par_famille"):
        assert figures[name]["chiffre_affaires"].sum() == D("396.83"), name
    assert invoices["total_ht_eur"].sum() == D("396.83")
    assert figures["ventes_lignes"]["montant_ht_eur"].sum() == D("396.83")


def test_customer_split_counts_invoices_credit_notes_and_shares(figures):
    alpha = figures["ca_par_client"].row(0, named=True)
    assert (alpha["code_client"], alpha["factures"], alpha["avoirs"], alpha["part"],
            alpha["_ligne"]) == ("C0001", 1, 1, D("55.9"), 2)
    march = figures["ca_par_mois"].row(2, named=True)
    assert (march["factures"], march["avoirs"]) == (1, 1)


def test_margin_where_the_cost_is_known_with_its_coverage(figures):
    margin = figures["marge_synthese"].row(0, named=True)
    assert margin == {"chiffre_affaires": D("396.83"), "ca_cout_connu": D("306.82"),
                      "cout": D("200.00"), "marge": D("106.82"), "couverture": D("77.3"),
                      "taux_marge": D("34.8")}
    froid = figures["ca_par_famille"].filter(pl.col("famille") == "Froid").row(0, named=True)
    assert (froid["ca_cout_connu"], froid["cout"], froid["marge"], froid["couverture"]) == (
        D("290.00"), D("180.00"), D("110.00"), D("85.3"))
    by_article = column(figures["marge_par_article"], "reference", "marge")
    assert by_article == {"ART-0001": D("110.00"), "ART-0002": D("-3.18")}  # 25.91−30+0.91
    assert figures["marge_par_article"]["_ligne"].to_list() == [2, 3]  # rows in Articles


def test_summary_key_figures(figures):
    summary = figures["ventes_synthese"].row(0, named=True)
    assert summary == {
        "debut_periode": date(2026, 1, 1), "fin_periode": AS_OF,
        "chiffre_affaires": D("396.83"), "dernier_mois": "2026-03",
        "ca_dernier_mois": D("40.91"), "ca_cout_connu": D("306.82"), "marge": D("106.82"),
        "couverture": D("77.3"), "taux_marge": D("34.8"), "carnet_commandes": D("168.18"),
        "lignes_a_livrer": 3, "commandes_en_retard": 2, "expedie_non_facture": D("100.00"),
        "devis_envoyes": 5, "devis_en_attente": 2, "taux_conversion": D("33.3"),
    }


def test_invoice_list_has_every_known_invoice_with_its_totals(figures):
    invoices = figures["factures_et_avoirs"]
    assert invoices["numero_facture"].to_list() == [
        "FA-2026-00001", "FA-2026-00002", "FA-2026-00003", "AV-2026-00001", "FA-2026-00005"]
    usd = invoices.filter(pl.col("devise") == "USD").row(0, named=True)
    assert (usd["total_ht"], usd["total_ht_eur"], usd["total_ttc_eur"], usd["statut"]) == (
        D("150.01"), D("125.01"), D("125.01"), "émise")
    credit = invoices.filter(pl.col("type") == "avoir").row(0, named=True)
    assert (credit["total_ht"], credit["total_tva"], credit["total_ttc"]) == (
        D("-9.09"), D("-1.82"), D("-10.91"))


# --- orders ------------------------------------------------------------------------------------

def test_order_book_is_what_open_orders_still_have_to_deliver(figures):
    book = figures["carnet_commandes"]
    assert book.select("numero_commande", "ligne", "reste_a_livrer", "valeur_reste_ht",
                       "jours_de_retard").rows() == [
        ("CO-2026-00001", 2, D(2), D("18.18"), 78),
        ("CO-2026-00003", 1, D(1), D("50.00"), 0),  # the returned note does not count
        ("CO-2026-00004", 1, D(10), D("100.00"), 6),  # cancelled after the as-of date
    ]
    late = figures["livraisons_en_retard"]
    assert late.select("numero_commande", "jours_de_retard", "valeur_reste_ht").rows() == [
        ("CO-2026-00001", 78, D("18.18")), ("CO-2026-00004", 6, D("100.00"))]


def test_shipped_not_invoiced_ignores_credit_notes(figures):
    shipped = figures["expedie_non_facture"]
    assert shipped.select("numero_commande", "reference", "quantite_livree",
                          "quantite_facturee", "reste_a_facturer", "valeur_ht",
                          "_ligne").rows() == [
        ("CO-2026-00003", "ART-0003", D(3), D(1), D(2), D("100.00"), 5)]


def test_a_service_line_stays_in_the_order_book_until_it_is_invoiced():
    records = sales_records()
    invoice_lines = [r for r in records["lignes_facture"]
                     if not (r["numero_facture"] == "FA-2026-00002" and r["ligne"] == 2)]
    computed = compute_all(sales_dataset(lignes_facture=invoice_lines), parameters())
    book = computed.management["carnet_commandes"].frame
    service = book.filter(pl.col("reference").is_null()).row(0, named=True)
    assert (service["numero_commande"], service["reste_a_livrer"],
            service["valeur_reste_ht"], service["en_retard"]) == (
        "CO-2026-00002", D(1), D("30.01"), True)
    assert computed.management["livraisons_en_retard"].frame["numero_commande"].to_list() == [
        "CO-2026-00001", "CO-2026-00004"]  # a service is not a late delivery


# --- quotes --------------------------------------------------------------------------------------

def test_quote_conversion_counts_each_quote_once_by_its_last_known_version(figures):
    quotes = figures["devis_suivi"]
    assert quotes.select("numero_devis", "version", "statut_arrete").rows() == [
        ("DV-2026-00001", 2, "accepté"), ("DV-2026-00002", 1, "expiré"),
        ("DV-2026-00003", 1, "envoyé"), ("DV-2026-00004", 1, "refusé"),
        ("DV-2026-00005", 1, "brouillon"), ("DV-2026-00006", 1, "envoyé")]
    assert figures["devis_synthese"].row(0, named=True) == {
        "envoyes": 5, "acceptes": 1, "refuses": 1, "expires": 1, "en_attente": 2,
        "brouillons": 1, "taux_conversion": D("33.3")}
    assert figures["devis_par_mois"].select("mois", "envoyes", "taux_conversion").rows() == [
        ("2026-01", 1, D("100.0")), ("2026-02", 1, D("0.0")), ("2026-03", 3, D("0.0"))]
    assert figures["devis_par_commercial"].select(
        "commercial", "commercial_nom", "envoyes", "en_attente", "taux_conversion").rows() == [
        ("S001", "Claire Martin", 3, 2, D("100.0")), ("S002", "Paul Durand", 2, 0, D("0.0"))]


# --- as-of date and missing sheets --------------------------------------------------------------

def test_a_later_as_of_date_counts_what_became_known():
    later = compute_all(sales_dataset(date(2026, 4, 30)), parameters()).management
    assert later["ventes_synthese"].frame["chiffre_affaires"].item() == D("496.83")  # +FA-4
    book = later["carnet_commandes"].frame["numero_commande"].to_list()
    assert "CO-2026-00004" not in book  # cancelled on 05/04, known by 30/04
    assert "CO-2026-00006" in book  # dated 01/04
    quotes = later["devis_suivi"].frame
    assert quotes.filter(pl.col("numero_devis") == "DV-2026-00006")["statut_arrete"].item() \
        == "accepté"


def test_without_the_order_and_quote_sheets_the_turnover_is_still_computed():
    computed = compute_all(sales_dataset(commandes=None, lignes_commande=None, livraisons=None,
                                         lignes_livraison=None, devis=None), parameters())
    assert computed.failures == {}
    summary = computed.management["ventes_synthese"].frame.row(0, named=True)
    assert summary["chiffre_affaires"] == D("396.83")
    assert summary["carnet_commandes"] is None and summary["taux_conversion"] is None
    assert "carnet_commandes" not in computed.management
    assert "devis_synthese" not in computed.management

