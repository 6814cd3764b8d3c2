"""The « expliquer » pages: rows, totals, legal parameters, links."""

from datetime import date
from decimal import Decimal

import polars as pl
import pytest

from pipelines.french import money, number, short_date
from pipelines.issues import SourceRef
from pipelines.law import parameters
from pipelines.publish.explain import (
    Explanation,
    ParameterUse,
    Rows,
    cell,
    explain,
    explain_link,
    explanation_page,
    explanation_path,
)

AS_OF = date(2026, 11, 30)
FACTURES = SourceRef("ventes.xlsx", "Factures")
DASHBOARD = "gestion/ventes/tableau-de-bord.md"


def invoices() -> pl.DataFrame:
    return pl.DataFrame(
        {"numero_facture": ["FA-2026-00002", "AV-2026-00001", "FA-2026-00001"],
         "date_facture": [date(2026, 3, 9), date(2026, 3, 20), date(2026, 3, 2)],
         "code_client": ["C0001", "C0002", "<b>C0003</b>"],
         "total_ht_eur": [Decimal("100.10"), Decimal("-20.05"), Decimal("0.01")],
         "_ligne": [4, 9, 3]},
        schema_overrides={"total_ht_eur": pl.Decimal(38, 6)},
    )


def test_explain_lists_rows_in_excel_order_with_their_total_and_link_back():
    page, link = explain(
        "ventes/ca-2026-03", "Chiffre d'affaires de mars 2026",
        "Somme des totaux HT en euros.", FACTURES, invoices(),
        columns={"numero_facture": "Facture", "date_facture": "Date",
                 "code_client": "Client", "total_ht_eur": "Total HT (€)"},
        money=("total_ht_eur",), total=("total_ht_eur",), value="80,06 €", as_of=AS_OF,
        from_path=DASHBOARD, back_title="Tableau de bord commercial",
    )
    assert link == "[expliquer](../explications/ventes/ca-2026-03.md)"
    assert page.path == "gestion/explications/ventes/ca-2026-03.md"
    body = page.body
    assert "Valeur publiée : **80,06 €**" in body
    assert "### ventes\\.xlsx › Factures" in body
    assert "| Ligne | Facture | Date | Client | Total HT (€) |" in body
    lines = [line for line in body.splitlines() if line.startswith("| ")][2:]
    assert [line.split(" | ")[0] for line in lines] == ["| 3", "| 4", "| 9", "| **Total**"]
    assert "| 9 | AV\\-2026\\-00001 | 20/03/2026 | C0002 | -20,05\xa0€ |" in body
    assert "&lt;b&gt;C0003&lt;/b&gt;" in body and "<b>" not in body  # escaped
    assert lines[-1].endswith("| **80,06\xa0€** |")
    assert "Retour : [Tableau de bord commercial](../../ventes/tableau-de-bord.md)" in body
    assert body.rstrip().endswith(
        "Source : ventes\\.xlsx › Factures — données au 30 novembre 2026\n{: .agora-source }")


def test_explanation_with_legal_parameters_cites_file_value_and_reference():
    bce = parameters().get("factures.taux_bce_refinancement").at(date(2026, 7, 1))
    explanation = Explanation(
        "encours/penalites-c0007", "Pénalités de retard", "Taux BCE + 10 points.",
        rows=(Rows(FACTURES, invoices(), {"numero_facture": "Facture"}, limit=2),),
        parameters=(ParameterUse("factures.taux_bce_refinancement", date(2026, 7, 1)),),
        computation="pipelines.compute.exemple.penalites",
    )
    body = explanation_page(explanation, AS_OF).body
    assert "`factures.taux_bce_refinancement`" in body
    assert "`pipelines/law/parameters/factures/taux_bce_refinancement.yaml`" in body
    assert f"en vigueur depuis le {bce.start.day}" in body
    assert f"]({bce.reference.href})" in body
    assert "(calcul : `pipelines.compute.exemple.penalites`)" in body
    assert "*… et 1 autres lignes" in body  # limit 2 of 3 rows
    assert "| 3 | FA\\-2026\\-00001 |" in body and "AV\\-2026" not in body


def test_an_empty_row_set_says_so_and_ids_are_checked():
    empty = invoices().clear()
    page = explanation_page(Explanation("vide", "Rien", "r", rows=(
        Rows(FACTURES, empty, {"numero_facture": "Facture"}),)), AS_OF)
    assert "*Aucune ligne.*" in page.body and "0 ligne de la feuille" in page.body
    assert explain_link("a/b-c", "gestion/x.md") == "[expliquer](explications/a/b-c.md)"
    for bad in ("", "A", "a b", "../x", "a//b", "a/"):
        with pytest.raises(ValueError):
            explanation_path(bad)


@pytest.mark.parametrize("value", ["0", "-0.004", "0.005", "-0.005", "999.995", "1234567.891",
                                   "-1234.5", "12", "0.000001", "-3.100000", "1E+3"])
def test_table_cells_are_formatted_exactly_as_the_french_helpers_do(value):
    amount = Decimal(value)
    assert cell(amount, is_money=True) == money(amount)
    assert cell(amount) == number(amount)
    assert cell(date(2026, 3, 1)) == short_date(date(2026, 3, 1))


def test_extra_sources_join_the_source_line():
    page = explanation_page(Explanation("annee", "Année", "r", sources=(
        SourceRef("ventes.xlsx", "Factures", 3),)), AS_OF)
    assert "Source : ventes\\.xlsx › Factures — données" in page.body
