"""Supplier invoice totals, worked out by hand: French VAT, an intra-EU acquisition
(autoliquidation, CGI art. 256 bis and 283-2), imports (CGI art. 1695) and a credit note."""

from datetime import date
from decimal import Decimal

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from pipelines.compute.purchase_invoices import (
    supplier_invoice_lines,
    supplier_invoice_totals,
    total_mismatches,
)

from .records import dataset

D = Decimal
AS_OF = date(2026, 11, 30)


def piece(number: str, case: str, printed: str, kind: str = "facture", currency: str = "EUR",
          **values) -> dict:
    return {"numero_piece": number, "type": kind, "code_fournisseur": "F0001",
            "numero_fournisseur": f"N-{number[-3:]}", "date_facture": date(2026, 3, 2),
            "cas_tva": case, "devise": currency, "total_ttc": D(printed),
            "statut": "bon à payer", "justificatif": f"{number}.pdf", **values}


def line(number: str, n: int, quantity: str, price: str, vat: str = "20", **values) -> dict:
    return {"numero_piece": number, "ligne": n, "designation": f"Article {n}",
            "quantite": D(quantity), "prix_unitaire_ht": D(price), "taux_tva": D(vat),
            **values}


def totals(pieces: list[dict], lines: list[dict]) -> dict[str, dict]:
    data = dataset(AS_OF, factures_fournisseurs=pieces, lignes_facture_fournisseur=lines)
    frame = supplier_invoice_totals(data)
    return {row["numero_piece"]: row for row in frame.iter_rows(named=True)}


def test_a_french_invoice_charges_vat_per_rate_and_a_credit_note_is_negative():
    # 7 × 12.345 = 86.415 → 86.42 HT; VAT 20 % = 17.284 → 17.28; TTC 103.70.
    rows = totals(
        [piece("FF-2026-00001", "France", "103.70"),
         piece("FF-2026-00002", "France", "103.70", kind="avoir",
               facture_origine="FF-2026-00001")],
        [line("FF-2026-00001", 1, "7", "12.345"), line("FF-2026-00002", 1, "7", "12.345")])
    invoice, credit = rows["FF-2026-00001"], rows["FF-2026-00002"]
    assert (invoice["total_ht"], invoice["tva_facturee"], invoice["total_ttc"]) == (
        D("86.42"), D("17.28"), D("103.70"))
    assert invoice["tva_deductible_eur"] == D("17.28")
    assert invoice["tva_autoliquidee_eur"] == invoice["tva_importation_eur"] == 0
    assert (credit["total_ht"], credit["tva_facturee"], credit["total_ttc"]) == (
        D("-86.42"), D("-17.28"), D("-103.70"))
    assert credit["total_ttc_imprime"] == D("-103.70") and credit["ecart_ttc"] == 0


def test_an_intra_eu_acquisition_self_assesses_its_vat_by_rate():
    # 3 × 123.45 = 370.35, −5 % = 351.8325 → 351.83 (20 %); 2 × 19.99 = 39.98 (5.5 %).
    # HT 391.81, no VAT charged: TTC 391.81. Self-assessed: 351.83 × 20 % = 70.366 → 70.37,
    # 39.98 × 5.5 % = 2.1989 → 2.20; 72.57 € due and deductible.
    rows = totals(
        [piece("FF-2026-00003", "acquisition intracommunautaire", "391.81")],
        [line("FF-2026-00003", 1, "3", "123.45", remise_pct=D(5)),
         line("FF-2026-00003", 2, "2", "19.99", vat="5.5")])
    row = rows["FF-2026-00003"]
    assert (row["total_ht"], row["tva_facturee"], row["total_ttc"]) == (
        D("391.81"), D(0), D("391.81"))
    assert row["tva_autoliquidee_eur"] == D("72.57")
    assert row["tva_deductible_eur"] == D("72.57")
    assert row["ecart_ttc"] == 0


def test_an_import_takes_the_customs_vat_or_computes_it_on_the_euro_value():
    # 10 × 45.50 = 455.00 USD at 1.0850 USD/€ = 419.3548… → 419.35 €; without the customs
    # figure the import VAT is 419.35 × 20 % = 83.87 €; with it, the declared 90.00 €.
    rows = totals(
        [piece("FF-2026-00004", "importation", "455.00", currency="USD",
               taux_change=D("1.0850")),
         piece("FF-2026-00005", "importation", "455.00", currency="USD",
               taux_change=D("1.0850"), tva_importation=D("90.00"), numero_dau="26FR1")],
        [line("FF-2026-00004", 1, "10", "45.50"), line("FF-2026-00005", 1, "10", "45.50")])
    computed, declared = rows["FF-2026-00004"], rows["FF-2026-00005"]
    assert computed["total_ht"] == D("455.00") and computed["total_ttc"] == D("455.00")
    assert computed["total_ht_eur"] == D("419.35")
    assert computed["tva_importation_eur"] == D("83.87")
    assert declared["tva_importation_eur"] == D("90.00")
    assert declared["tva_deductible_eur"] == D("90.00")


def test_a_printed_total_more_than_one_cent_away_is_a_mismatch():
    rows = [piece("FF-2026-00006", "France", "103.71"), piece("FF-2026-00007", "France",
                                                              "103.73")]
    data = dataset(AS_OF, factures_fournisseurs=rows, lignes_facture_fournisseur=[
        line("FF-2026-00006", 1, "7", "12.345"), line("FF-2026-00007", 1, "7", "12.345")])
    mismatched = total_mismatches(supplier_invoice_totals(data))
    assert mismatched["numero_piece"].to_list() == ["FF-2026-00007"]
    assert mismatched["ecart_ttc"].to_list() == [D("0.03")]


def test_a_foreign_invoice_without_a_rate_has_no_euro_totals():
    rows = totals([piece("FF-2026-00008", "importation", "10.00", currency="GBP")],
                  [line("FF-2026-00008", 1, "1", "10")])
    assert rows["FF-2026-00008"]["total_ht"] == D("10.00")
    assert rows["FF-2026-00008"]["total_ht_eur"] is None


def test_line_nets_are_kept_for_the_match():
    data = dataset(AS_OF, factures_fournisseurs=[piece("FF-2026-00009", "France", "0")],
                   lignes_facture_fournisseur=[line("FF-2026-00009", 1, "3", "123.45",
                                                    remise_pct=D(5))])
    nets = supplier_invoice_lines(data)
    assert nets.filter(pl.col("ligne") == 1)["montant_ht"].to_list() == [D("351.83")]


@given(st.integers(1, 10_000), st.integers(1, 1_000_000), st.sampled_from(["20", "10", "5.5"]))
def test_a_credit_note_is_the_exact_negative_of_its_invoice(quantity, cents, vat):
    price = D(cents) / 1000
    rows = totals(
        [piece("FF-2026-00010", "France", "0"), piece("FF-2026-00011", "France", "0",
                                                      kind="avoir")],
        [line("FF-2026-00010", 1, str(quantity), str(price), vat),
         line("FF-2026-00011", 1, str(quantity), str(price), vat)])
    invoice, credit = rows["FF-2026-00010"], rows["FF-2026-00011"]
    for column in ("total_ht", "tva_facturee", "total_ttc"):
        assert credit[column] == -invoice[column]
    assert invoice["total_ht"] == (quantity * price).quantize(D("0.01"), "ROUND_HALF_UP")


def test_without_its_invoice_the_vat_is_held_back_but_not_the_import_vat():
    pieces = [piece("FF-2026-00001", "France", "120.00", justificatif=None),
              piece("FF-2026-00002", "acquisition intracommunautaire", "100.00",
                    justificatif=None),
              piece("FF-2026-00003", "importation", "100.00", justificatif=None,
                    tva_importation=D("21.40"))]
    lines = [line(f"FF-2026-0000{n}", 1, "1", "100") for n in (1, 2, 3)]
    rows = totals(pieces, lines)
    # CGI art. 271 II-1 a: no deduction without the invoice; import VAT is on the customs form
    assert (rows["FF-2026-00001"]["tva_deductible_eur"],
            rows["FF-2026-00001"]["tva_non_deductible_sans_facture_eur"]) == (D(0), D("20.00"))
    assert (rows["FF-2026-00002"]["tva_deductible_eur"],
            rows["FF-2026-00002"]["tva_non_deductible_sans_facture_eur"]) == (D(0), D("20.00"))
    assert (rows["FF-2026-00003"]["tva_deductible_eur"],
            rows["FF-2026-00003"]["tva_non_deductible_sans_facture_eur"]) == (D("21.40"), D(0))
