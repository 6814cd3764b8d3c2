"""1.3.2 Commercial dashboards: turnover by month, customer, product family and zone, margin,
order book, shipped not invoiced, late deliveries, quote conversion; each figure explained.

Hazards: figures that do not reconcile (the dashboard against the invoices it is made of:
every split must add up to the same turnover, to the cent, and move together when an
invoice changes) and a short deadline (the dashboard as of an earlier date counts only
what was known on that date).

Demo rows: FA-2026-00011 (row 12 of Factures, 06/01/2026, C0035 Émilie Morin, France), its
line 2 (row 19 of LignesFacture: 3 × ART-0052 at 12,72 €, family « Consommables »);
CO-2026-00631 (C0001, ordered 05/10/2026, cancelled on 07/10/2026). The as-of date is
30/11/2026, the financial year starts on 01/01/2026.
"""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import polars as pl
import pytest

from pipelines.compute import compute_all
from pipelines.compute.sales_invoices import invoice_totals_frame
from pipelines.french import money
from pipelines.law import parameters
from pipelines.publish.sales_pages import DASHBOARD_PAGE, INVOICES_PAGE, sales_files

SPLITS = {"ca_par_mois": "mois", "ca_par_client": "code_client", "ca_par_famille": "famille",
          "ca_par_zone": "zone"}
NBSP = "\u00a0"
D = Decimal


def by_key(figures, name: str) -> dict:
    frame = figures[name].frame
    return dict(zip(frame[SPLITS[name]].to_list(), frame["chiffre_affaires"].to_list(),
                    strict=True))


def issued_ht(dataset, start: date, end: date) -> Decimal:
    """The turnover straight from the invoice totals: issued pieces dated in [start, end]."""
    totals = invoice_totals_frame(dataset).join(
        dataset.frame("factures").select("_ligne", "statut"), on="_ligne")
    kept = totals.filter((pl.col("statut") == "émise")
                         & pl.col("date_facture").is_between(start, end))
    return kept["total_ht_eur"].sum()


@pytest.fixture(scope="module")
def figures(demo):
    return demo.computed.management


def test_every_split_of_the_demo_turnover_reconciles_with_the_invoices(demo, figures):
    """1.3.2 Tableaux de bord — aléa chiffres qui ne se rapprochent pas : le chiffre
    d'affaires par mois, par client, par famille et par zone fait, au centime près, la somme
    des totaux HT en euros des factures et avoirs émis de l'exercice ; chaque facture se
    retrouve exactement dans ses lignes."""
    expected = issued_ht(demo.dataset, date(2026, 1, 1), date(2026, 11, 30))
    assert expected > 0
    for name in SPLITS:
        assert figures[name].frame["chiffre_affaires"].sum() == expected, name
    summary = figures["ventes_synthese"].frame.row(0, named=True)
    assert summary["chiffre_affaires"] == expected
    assert figures["ca_factures"].frame["total_ht_eur"].sum() == expected
    lines = figures["ventes_lignes"].frame
    by_invoice = lines.group_by("numero_facture").agg(pl.col("montant_ht_eur").sum())
    joined = figures["ca_factures"].frame.join(by_invoice, on="numero_facture")
    assert joined.height == figures["ca_factures"].frame.height
    assert joined.filter(pl.col("montant_ht_eur") != pl.col("total_ht_eur")).is_empty()
    usd = joined.filter(pl.col("devise") == "USD")
    assert usd.height >= 1  # the foreign-currency invoices are split exactly too
    assert set(by_key(figures, "ca_par_zone")) == {"France", "UE", "Hors UE"}
    assert {"Frais de port", "Prestations"} <= set(by_key(figures, "ca_par_famille"))
    assert figures["ca_factures"].frame.filter(pl.col("type") == "avoir").height == 3


def test_the_published_pages_agree_with_each_other(demo, figures):
    """1.3.2 Tableaux de bord — aléa chiffres qui ne se rapprochent pas : le total de la page
    « Factures et avoirs », le chiffre d'affaires du tableau de bord et le total de chaque
    explication mensuelle sont les mêmes montants."""
    files = {item.path: item for item in sales_files(demo.computed, demo.issues)}
    summary = figures["ventes_synthese"].frame.row(0, named=True)
    total = summary["chiffre_affaires"]
    assert f"| Chiffre d'affaires HT de l'exercice | {money(total)} |" in files[DASHBOARD_PAGE].body
    assert f"**{money(total)}** |" in files[INVOICES_PAGE].body
    for month, amount in by_key(figures, "ca_par_mois").items():
        explanation = files[f"gestion/explications/ventes/ca-{month}.md"].body
        assert f"Valeur publiée : **{money(amount)}**" in explanation
        assert explanation.count("| FA\\-2026\\-") + explanation.count("| AV\\-2026\\-") == (
            figures["ca_factures"].frame.filter(pl.col("mois") == month).height)
        assert f"**{money(amount)}** |" in explanation  # the total row of its invoices
    assert "[Prospection](../prospection.md)" in files[DASHBOARD_PAGE].body


def test_an_edited_invoice_line_moves_every_split_by_the_same_amount(workbooks, figures):
    """1.3.2 Tableaux de bord — aléa chiffres qui ne se rapprochent pas : la quantité d'une ligne
    de FA-2026-00011 passe de 3 à 5 (2 × 12,72 € = 25,44 € de plus) : le mois de janvier, le
    client C0035, la famille « Consommables », la zone France et le total bougent tous de
    25,44 €, et rien d'autre ne bouge."""
    lines = workbooks.sheet("ventes.xlsx", "LignesFacture")
    row = lines.row_of(numero_facture="FA-2026-00011", ligne=2)
    assert (lines.get(row, "reference"), lines.get(row, "quantite")) == ("ART-0052", 3)
    lines.set(row, "quantite", 5)

    edited = workbooks.validate().computed.management

    delta = Decimal("25.44")
    moved = {"ca_par_mois": "2026-01", "ca_par_client": "C0035",
             "ca_par_famille": "Consommables", "ca_par_zone": "France"}
    for name, key in moved.items():
        before, after = by_key(figures, name), by_key(edited, name)
        assert after[key] - before[key] == delta, name
        assert {k: v for k, v in after.items() if k != key} == {
            k: v for k, v in before.items() if k != key}, name
    old = figures["ventes_synthese"].frame.row(0, named=True)
    new = edited["ventes_synthese"].frame.row(0, named=True)
    assert new["chiffre_affaires"] - old["chiffre_affaires"] == delta
    edited_line = edited["ventes_lignes"].frame.filter(
        (pl.col("origine") == "ligne") & (pl.col("_ligne") == row))
    cost = edited_line["prix_achat_ht"].item()
    assert new["marge"] - old["marge"] == delta - 2 * cost
    invoice = edited["factures_et_avoirs"].frame.filter(
        pl.col("numero_facture") == "FA-2026-00011").row(0, named=True)
    before = figures["factures_et_avoirs"].frame.filter(
        pl.col("numero_facture") == "FA-2026-00011").row(0, named=True)
    assert invoice["total_ht_eur"] - before["total_ht_eur"] == delta


def test_the_dashboard_as_of_an_earlier_date_counts_only_what_was_known(demo):
    """1.3.2 Tableaux de bord — aléa délai court : arrêté au 15/06/2026, le tableau de bord ne
    compte que les factures datées jusqu'au 15/06, ses mois s'arrêtent en juin, et le carnet
    de commandes reprend les commandes passées à cette date et pas encore livrées."""
    as_of = date(2026, 6, 15)
    earlier = compute_all(replace(demo.dataset, as_of=as_of), parameters()).management
    summary = earlier["ventes_synthese"].frame.row(0, named=True)
    assert summary["fin_periode"] == as_of and summary["dernier_mois"] == "2026-05"
    assert summary["chiffre_affaires"] == issued_ht(demo.dataset, date(2026, 1, 1), as_of)
    assert earlier["ca_factures"].frame["date_facture"].max() <= as_of
    assert earlier["ca_par_mois"].frame["mois"].to_list()[-1] == "2026-06"
    assert earlier["factures_et_avoirs"].frame["date_facture"].max() <= as_of
    book = earlier["carnet_commandes"].frame
    assert book.height > 0 and book["date_commande"].max() <= as_of
    deliveries = demo.dataset.frame("livraisons").filter(pl.col("date_livraison") <= as_of)
    assert book.join(deliveries, on="numero_commande").is_empty()  # none delivered by then
    assert summary["carnet_commandes"] == book["valeur_reste_ht"].sum() > 0
    later = demo.computed.management["ventes_synthese"].frame.row(0, named=True)
    assert later["chiffre_affaires"] > summary["chiffre_affaires"]


def test_an_order_cancelled_later_was_still_in_the_order_book(demo):
    """1.3.2 Tableaux de bord — aléa délai court : CO-2026-00631, commandée le 05/10 et annulée
    le 07/10, est au carnet de commandes arrêté au 06/10, plus à celui du 07/10."""
    def book(day: date) -> list[str]:
        computed = compute_all(replace(demo.dataset, as_of=day), parameters())
        return computed.management["carnet_commandes"].frame["numero_commande"].to_list()

    assert "CO-2026-00631" in book(date(2026, 10, 6))
    assert "CO-2026-00631" not in book(date(2026, 10, 7))


def test_the_demo_year_ends_with_open_orders_and_quotes(figures):
    """1.3.2 Tableaux de bord — aléa chiffres qui ne se rapprochent pas : au 30/11/2026, le
    carnet de commandes (15 333,28 € HT à livrer sur 10 lignes de 6 commandes), l'expédié non
    facturé (8 590,44 € HT, livré le 30/11) et la conversion des devis (272 acceptés sur 421
    décidés : 64,6 %) du tableau de bord sont ceux de leurs tableaux de détail."""
    summary = figures["ventes_synthese"].frame.row(0, named=True)
    book = figures["carnet_commandes"].frame
    shipped = figures["expedie_non_facture"].frame
    assert (summary["carnet_commandes"], summary["lignes_a_livrer"],
            summary["commandes_en_retard"]) == (D("15333.28"), 10, 1)
    assert book["valeur_reste_ht"].sum() == summary["carnet_commandes"]
    assert book["numero_commande"].n_unique() == 6
    assert book.filter(pl.col("urgente"))["numero_commande"].unique().to_list() == [
        "CO-2026-00638"]
    assert summary["expedie_non_facture"] == shipped["valeur_ht"].sum() == D("8590.44")
    assert set(shipped["date_livraison"].to_list()) == {date(2026, 11, 30)}
    quotes = figures["devis_synthese"].frame.row(0, named=True)
    assert (quotes["acceptes"], quotes["refuses"], quotes["expires"], quotes["en_attente"],
            quotes["taux_conversion"]) == (272, 97, 52, 11, D("64.6"))
    assert summary["taux_conversion"] == quotes["taux_conversion"]
