from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import polars as pl
import pytest

from pipelines.compute.invoice_totals import invoice_totals
from pipelines.compute.sales_invoices import (
    invoice_from_rows,
    invoice_totals_frame,
    units_per_euro,
)
from pipelines.dataset import Dataset
from pipelines.demo import sales_amounts

from .records import table

D = Decimal
ROOT = Path(__file__).resolve().parents[2]


def facture(number="FA-2026-00001", **values) -> dict:
    return {
        "numero_facture": number,
        "serie": number[:2],
        "type": "facture",
        "date_facture": date(2026, 3, 2),
        "code_client": "C0001",
        "nature": "biens",
        "devise": "EUR",
        "statut": "émise",
        **values,
    }


def ligne(number="FA-2026-00001", ligne=1, quantite="1", prix="100", tva="20", **values):
    return {
        "numero_facture": number,
        "ligne": ligne,
        "designation": "Article",
        "quantite": D(quantite),
        "prix_unitaire_ht": D(prix),
        "taux_tva": D(tva),
        **values,
    }


def totals(facture_row, line_rows, rates=()):
    return invoice_totals(invoice_from_rows(facture_row, line_rows, rates))


def test_two_rates_give_one_base_each_and_ttc_is_ht_plus_vat():
    result = totals(
        facture(), [ligne(quantite="3", prix="10.10"), ligne(ligne=2, prix="40", tva="5.5")]
    )
    assert [(b.rate, b.base, b.vat) for b in result.vat_bases] == [
        (D("0.20"), D("30.30"), D("6.06")),
        (D("0.055"), D("40"), D("2.20")),
    ]
    assert (result.total_ht, result.total_vat, result.total_ttc) == (
        D("70.30"),
        D("8.26"),
        D("78.56"),
    )


def test_the_three_line_percentages_apply_one_after_the_other_rounded_once():
    row = ligne(
        quantite="3", prix="33.33", remise_pct=D("10"), rabais_pct=D("5"), ristourne_pct=D("2")
    )
    # 99.99 × 0.90 × 0.95 × 0.98 = 83.7816...
    assert totals(facture(), [row]).line_amounts == (D("83.78"),)
    assert invoice_from_rows(facture(), [row]).lines[0].remises == (D("0.1"), D("0.05"), D("0.02"))


def test_global_discount_is_the_ristourne_taken_per_base_and_shipping_follows_the_main_rate():
    rows = [ligne(prix="200"), ligne(ligne=2, prix="50", tva="5.5")]
    result = totals(facture(remise_globale_pct=D("10"), frais_port_ht=D("15")), rows)
    assert [(b.ristourne, b.shipping, b.base) for b in result.vat_bases] == [
        (D("20.00"), D("15"), D("195.00")),
        (D("5.00"), D(0), D("45.00")),
    ]
    assert result.total_ttc == D("195.00") + D("39.00") + D("45.00") + D("2.48")


def test_escompte_is_the_percentage_of_the_bases_without_shipping():
    result = totals(facture(taux_escompte=D("2"), frais_port_ht=D("15")), [ligne(prix="100")])
    assert result.cash_discount.reduction_ht == D("2.00")
    assert result.cash_discount.reduction_vat == D("0.40")
    assert result.cash_discount.amount_payable == D("138.00") - D("2.40")


def test_a_usd_invoice_converts_with_its_ecb_rate():
    row = facture(devise="USD", taux_change=D("1.085"))
    invoice = invoice_from_rows(row, [ligne(prix="1085")])
    assert invoice.currency == "USD"
    assert invoice.eur_rate * D("1.085") == pytest.approx(D(1), abs=D("1e-26"))
    dataset = _dataset([row], [ligne(prix="1085")])
    frame = invoice_totals_frame(dataset).row(0, named=True)
    assert (frame["total_ht"], frame["total_ttc"]) == (D("1085"), D("1302"))
    assert (frame["total_ht_eur"], frame["total_tva_eur"], frame["total_ttc_eur"]) == (
        D("1000"),
        D("200"),
        D("1200"),
    )


def test_euro_amounts_divide_by_the_rate_so_an_exact_half_cent_rounds_up():
    # 0.03 USD at 1.2 USD/€ = 0.025 € exactly: 0.03 €, where 0.03 × (1/1.2) would give 0.02 €.
    row = facture(devise="USD", taux_change=D("1.2"))
    frame = invoice_totals_frame(_dataset([row], [ligne(prix="0.03", tva="0")]))
    assert frame["total_ht_eur"][0] == D("0.03")


def test_missing_rate_is_taken_from_the_exchange_sheet_on_the_invoice_date():
    rates = [
        {"date": date(2026, 2, 23), "devise": "USD", "taux": D("1.25")},
        {"date": date(2026, 3, 2), "devise": "USD", "taux": D("1.10")},
        {"date": date(2026, 3, 9), "devise": "USD", "taux": D("1.50")},
    ]
    row = facture(devise="USD", date_facture=date(2026, 3, 5))
    assert units_per_euro(row, rates) == D("1.10")
    frame = invoice_totals_frame(_dataset([row], [ligne(prix="110", tva="0")], rates))
    assert (frame["taux_change"][0], frame["total_ht_eur"][0]) == (D("1.10"), D("100"))


def test_a_credit_note_is_the_exact_negation_of_the_invoice_lines():
    lines = [
        ligne(quantite="3", prix="33.33", remise_pct=D("7")),
        ligne(ligne=2, prix="12.35", tva="5.5", rabais_pct=D("3")),
    ]
    values = {"remise_globale_pct": D("3"), "frais_port_ht": D("15")}
    note_lines = [{**row, "numero_facture": "AV-2026-00001"} for row in lines]
    invoice = totals(facture(**values), lines)
    note = totals(
        facture("AV-2026-00001", type="avoir", facture_origine="FA-2026-00001", **values),
        note_lines,
    )
    assert note.total_ht == -invoice.total_ht != 0
    assert note.total_vat == -invoice.total_vat != 0
    assert note.total_ttc == -invoice.total_ttc


def test_frame_has_one_row_per_invoice_in_sheet_order_with_its_excel_row():
    rows = [facture(), facture("AV-2026-00001", type="avoir")]
    lines = [ligne(), ligne("AV-2026-00001", prix="10")]
    frame = invoice_totals_frame(_dataset(rows, lines))
    assert frame.select("numero_facture", "total_ttc", "total_ttc_eur", "_ligne").rows() == [
        ("FA-2026-00001", D("120"), D("120"), 2),
        ("AV-2026-00001", D("-12"), D("-12"), 3),
    ]


def test_an_incomplete_invoice_gets_empty_totals_rather_than_an_error():
    frame = invoice_totals_frame(_dataset([facture()], [{**ligne(), "quantite": None}]))
    assert frame["total_ttc"].to_list() == [None]


def _dataset(factures, lignes, rates=()) -> Dataset:
    tables = {
        "factures": table("factures", factures),
        "lignes_facture": table("lignes_facture", lignes),
    }
    if rates:
        tables["cours_change"] = table("cours_change", list(rates))
    return Dataset(tables, date(2026, 12, 31))


@lru_cache(maxsize=1)
def demo_dataset() -> Dataset:
    from pipelines.validate.engine import validate_workbooks

    workbooks = ROOT / "workbooks"
    if not (workbooks / "ventes.xlsx").exists():
        pytest.skip("pas de classeurs de démonstration")
    return validate_workbooks(workbooks, ROOT / "schemas").dataset


def _demo_rows(dataset: Dataset) -> tuple[list[dict], dict[str, list[dict]]]:
    lines: dict[str, list[dict]] = {}
    for row in dataset.frame("lignes_facture").iter_rows(named=True):
        lines.setdefault(row["numero_facture"], []).append(row)
    return dataset.frame("factures").to_dicts(), lines


def test_demo_totals_equal_the_generators_own_amounts():
    dataset = demo_dataset()
    frame = invoice_totals_frame(dataset)
    factures, lines = _demo_rows(dataset)
    assert len(frame) == len(factures) >= 630
    sign = {"facture": 1, "avoir": -1}
    expected = {
        row["numero_facture"]: sign[row["type"]]
        * sales_amounts.total_ttc(row, lines[row["numero_facture"]])
        for row in factures
    }
    assert dict(zip(frame["numero_facture"], frame["total_ttc"], strict=True)) == expected
    with_escompte = [row for row in factures if row["taux_escompte"]]
    assert with_escompte
    for row in with_escompte:
        computed = frame.filter(pl.col("numero_facture") == row["numero_facture"])["escompte_ttc"][
            0
        ]
        assert computed == sales_amounts.escompte_ttc(row, lines[row["numero_facture"]])


def test_demo_ttc_is_ht_plus_vat_credit_notes_are_negative_and_foreign_ones_converted():
    frame = invoice_totals_frame(demo_dataset())
    assert frame.filter(pl.col("total_ttc") != pl.col("total_ht") + pl.col("total_tva")).is_empty()
    notes = frame.filter(pl.col("type") == "avoir")
    assert len(notes) >= 1 and (notes["total_ttc"] < 0).all()
    assert (frame.filter(pl.col("type") == "facture")["total_ttc"] > 0).all()
    foreign = frame.filter(pl.col("devise") != "EUR")
    assert len(foreign) >= 1 and foreign["total_ttc_eur"].null_count() == 0
    assert (foreign["total_ttc_eur"] < foreign["total_ttc"]).all()
