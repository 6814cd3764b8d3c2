"""Rules of the invoices themselves: the customer's VAT number where the law requires it,
the exchange rate of a foreign-currency invoice, credit notes within their invoice."""

from datetime import date

import pytest

from pipelines.issues import Severity
from pipelines.validate.rules import sales_invoices as rules

from .conftest import flat

INVOICES = ("ventes.xlsx", "Factures")
GERMAN_VAT = "DE772937334"  # DE772937333 with a wrong check digit
VALID_GERMAN_VAT = "DE136695976"


def organisation(regime="reel_normal"):
    return {"raison_sociale": "Atelier", "siren": "732829320", "regime_tva": regime}


def client(code, zone="UE", pays="DE", numero_tva=None, type_client="entreprise"):
    return {"code_client": code, "raison_sociale": f"Client {code}", "type_client": type_client,
            "pays": pays, "zone": zone, "numero_tva": numero_tva}


def invoice(number, customer="C0001", day="2026-03-02", **values):
    return {"numero_facture": number, "serie": number[:2], "type": "facture",
            "date_facture": day, "code_client": customer, "nature": "biens", "devise": "EUR",
            "statut": "émise"} | values


def line(number, rate=0, quantity=1, price=100, **values):
    return {"numero_facture": number, "ligne": 1, "designation": "Vitrine",
            "quantite": quantity, "prix_unitaire_ht": price, "taux_tva": rate} | values


@pytest.fixture
def vat_case(table, dataset, params):
    def check(customer: dict, rate=0, regime="reel_normal", **values):
        data = dataset(
            table("organisation", [organisation(regime)]),
            table("clients", [customer]),
            table("factures", [invoice("FA-2026-00001", customer["code_client"], **values)]),
            table("lignes_facture", [line("FA-2026-00001", rate)]),
        )
        return rules.customer_vat_number(data, params)
    return check


def test_an_exempt_intra_eu_supply_needs_the_customers_vat_number(vat_case):
    issues = vat_case(client("C0001"))
    assert flat(issues) == [(*INVOICES, "E2", "facture-tva-client-manquante")]
    assert issues[0].severity is Severity.BLOQUANT
    assert issues[0].message == (
        "la facture FA-2026-00001 est exonérée de TVA française, mais le client C0001 "
        "(Client C0001) n'a pas de numéro de TVA intracommunautaire : saisissez-le dans la "
        "feuille Clients, ou facturez la TVA française")


def test_a_number_with_a_wrong_key_is_not_a_vat_number(vat_case):
    [issue] = vat_case(client("C0001", numero_tva=GERMAN_VAT))
    assert "a un numéro de TVA invalide (DE772937334)" in issue.message
    assert vat_case(client("C0001", numero_tva=VALID_GERMAN_VAT)) == []


@pytest.mark.parametrize("customer, values", [
    (client("C0001", zone="Hors UE", pays="CH"), {}),  # an export (art. 262 I)
    (client("C0001", type_client="particulier"), {}),  # a private customer: French VAT
    (client("C0001"), {"pays_livraison": "US"}),  # goods shipped outside the EU: export
    (client("C0001", zone="France", pays="FR"), {}),  # domestic
])
def test_no_vat_number_is_required_outside_the_intra_eu_cases(vat_case, customer, values):
    assert vat_case(customer, **values) == []


def test_goods_shipped_to_another_member_state_follow_the_delivery_country(vat_case):
    swiss = client("C0001", zone="Hors UE", pays="CH")
    assert flat(vat_case(swiss, pays_livraison="IT")) == [
        (*INVOICES, "E2", "facture-tva-client-manquante")]


def test_services_to_an_eu_business_are_reverse_charged_and_need_the_number(vat_case):
    assert flat(vat_case(client("C0001"), nature="services")) == [
        (*INVOICES, "E2", "facture-tva-client-manquante")]
    assert flat(vat_case(client("C0001"), nature="mixte")) == [
        (*INVOICES, "E2", "facture-tva-client-manquante")]


def test_an_invoice_charging_french_vat_or_a_franchise_seller_needs_no_number(vat_case):
    assert vat_case(client("C0001"), rate=20) == []
    assert vat_case(client("C0001"), regime="franchise") == []


def test_a_draft_is_only_warned(vat_case):
    [issue] = vat_case(client("C0001"), statut="brouillon")
    assert issue.severity is Severity.AVERTISSEMENT


def test_a_credit_note_of_an_exempt_supply_needs_the_number_too(table, dataset, params):
    data = dataset(
        table("organisation", [organisation()]),
        table("clients", [client("C0001")]),
        table("factures", [invoice("AV-2026-00001", type="avoir",
                                   facture_origine="FA-2026-00001")]),
        table("lignes_facture", [line("AV-2026-00001")]),
    )
    [issue] = rules.customer_vat_number(data, params)
    assert issue.message.startswith("l'avoir AV-2026-00001 est exonéré")


def rates(*rows):
    return [{"date": day, "devise": currency, "taux": rate} for day, currency, rate in rows]


def test_a_foreign_currency_invoice_without_any_rate_is_blocking(table, dataset, params):
    invoices = table("factures", [
        invoice("FA-2026-00001", devise="USD", taux_change=1.0850),  # its own rate
        invoice("FA-2026-00002", devise="USD", day="2026-03-09"),  # the sheet's rate of 02/03
        invoice("FA-2026-00003", devise="GBP", day="2026-03-09"),  # GBP only from 16/03
        invoice("FA-2026-00004", devise="JPY", statut="brouillon"),  # a draft: warning
        invoice("FA-2026-00005"),  # euros
    ])
    sheet = table("cours_change", rates(("2026-03-02", "USD", 1.09), ("2026-03-16", "GBP", 0.85)))
    issues = rules.foreign_currency_rate(dataset(invoices, sheet), params)
    assert flat(issues) == [(*INVOICES, "V4", "facture-devise-sans-cours"),
                            (*INVOICES, "V5", "facture-devise-sans-cours")]
    assert [issue.severity for issue in issues] == [Severity.BLOQUANT, Severity.AVERTISSEMENT]
    assert issues[0].message == (
        "FA-2026-00003 (GBP, 09/03/2026) n'a pas de taux de change, et la feuille "
        "CoursDeChange n'a aucun cours de GBP à cette date ou avant : ses montants en euros "
        "ne peuvent pas être calculés")


def test_without_the_rates_sheet_only_the_invoices_own_rate_counts(table, dataset, params):
    invoices = table("factures", [invoice("FA-2026-00001", devise="USD")])
    assert flat(rules.foreign_currency_rate(dataset(invoices), params)) == [
        (*INVOICES, "V2", "facture-devise-sans-cours")]


def credit(number, origin, day, **values):
    return invoice(number, day=day, type="avoir", facture_origine=origin) | values


def test_credit_notes_may_not_exceed_their_invoice_together(table, dataset, params):
    invoices = table("factures", [
        invoice("FA-2026-00001", day="2026-03-02"),  # 120,00 € TTC
        credit("AV-2026-00001", "FA-2026-00001", "2026-03-10"),  # 60,00 €
        credit("AV-2026-00002", "FA-2026-00001", "2026-03-12"),  # 60,00 €: exactly all
        credit("AV-2026-00003", "FA-2026-00001", "2026-03-20"),  # 12,00 € too many
    ])
    lines = table("lignes_facture", [
        line("FA-2026-00001", rate=20, quantity=2, price=50),
        line("AV-2026-00001", rate=20, quantity=1, price=50),
        line("AV-2026-00002", rate=20, quantity=1, price=50),
        line("AV-2026-00003", rate=20, quantity=1, price=10),
    ])
    issues = rules.credit_note_within_invoice(dataset(invoices, lines), params)
    assert flat(issues) == [(*INVOICES, "W5", "avoir-depasse-facture")]
    assert issues[0].message == (
        "l'avoir AV-2026-00003 de 12,00\xa0€ TTC ; avec les avoirs précédents (120,00\xa0€), "
        "132,00\xa0€ : plus que la facture FA-2026-00001 de 120,00\xa0€ TTC (dépassement de "
        "12,00\xa0€)")


def test_a_credit_note_in_another_currency_is_compared_in_euros(table, dataset, params):
    invoices = table("factures", [
        invoice("FA-2026-00001", devise="USD", taux_change=2),  # 200 USD = 100,00 €
        credit("AV-2026-00001", "FA-2026-00001", "2026-03-10"),  # 110,00 € in euros
    ])
    lines = table("lignes_facture", [line("FA-2026-00001", price=200),
                                     line("AV-2026-00001", price=110)])
    [issue] = rules.credit_note_within_invoice(dataset(invoices, lines), params)
    assert "(dépassement de 10,00\xa0€)" in issue.message
    assert rules.credit_note_within_invoice(
        dataset(invoices, table("lignes_facture", [line("FA-2026-00001", price=200),
                                                   line("AV-2026-00001", price=100)])),
        params) == []


def test_an_unknown_origin_is_left_to_the_origin_rule(table, dataset, params):
    invoices = table("factures", [credit("AV-2026-00001", "FA-2026-00009", "2026-03-10")])
    lines = table("lignes_facture", [line("AV-2026-00001")])
    assert rules.credit_note_within_invoice(dataset(invoices, lines), params) == []


def test_the_mention_dates_limit_what_is_judged(table, dataset, params):
    """An invoice dated before any legal mention is known is not judged."""
    data = dataset(
        table("organisation", [organisation()]),
        table("clients", [client("C0001")]),
        table("factures", [invoice("FA-2019-00001", day="2019-06-03")]),
        table("lignes_facture", [line("FA-2019-00001")]),
        as_of=date(2019, 12, 31),
    )
    assert rules.customer_vat_number(data, params) == []


LINES = ("ventes.xlsx", "LignesFacture")
FRENCH = client("C0001", zone="France", pays="FR")


@pytest.fixture
def rate_case(table, dataset, params):
    def check(customer: dict, *rates, regime="reel_normal", **values):
        lines = [line("FA-2026-00001", rate, ligne=index + 1, _ligne=index + 2)
                 for index, rate in enumerate(rates)]
        data = dataset(
            table("organisation", [organisation(regime)]),
            table("clients", [customer]),
            table("factures", [invoice("FA-2026-00001", customer["code_client"], **values)]),
            table("lignes_facture", lines),
        )
        return rules.invoice_line_vat_rate(data, params)
    return check


def test_a_rate_not_in_force_is_blocking(rate_case):
    issues = rate_case(FRENCH, 20, 7)
    assert flat(issues) == [(*LINES, "G3", "facture-taux-tva-incoherent")]
    assert issues[0].severity is Severity.BLOQUANT
    assert issues[0].message == (
        "la facture FA-2026-00001, ligne 2 : taux de TVA de 7 % ; ce n'est pas un taux de TVA "
        "en vigueur le 02/03/2026 (taux en vigueur : 20 %, 10 %, 5,5 %, 2,1 %)")


def test_a_french_sale_at_zero_percent_is_blocking(rate_case):
    [issue] = rate_case(FRENCH, 0)
    assert issue.code == "facture-taux-tva-incoherent"
    assert issue.message == (
        "la facture FA-2026-00001, ligne 1 : taux de TVA de 0 % ; la vente est taxable en "
        "France : une ligne à 0 % n'y a pas sa place, appliquez le taux de TVA de l'article")


def test_french_vat_on_an_export_is_blocking(rate_case):
    [issue] = rate_case(client("C0001", zone="Hors UE", pays="CH"), 20)
    assert issue.message == (
        "la facture FA-2026-00001, ligne 1 : taux de TVA de 20 % ; la vente est une "
        "« exportation exonérée » : elle ne porte pas de TVA française, ses lignes sont à 0 %")
    assert rate_case(client("C0001", zone="Hors UE", pays="CH"), 0) == []


def test_french_vat_on_an_intra_eu_supply_to_a_registered_business_is_blocking(rate_case):
    registered = client("C0001", numero_tva=VALID_GERMAN_VAT)
    [issue] = rate_case(registered, 20)
    assert "« livraison intracommunautaire exonérée »" in issue.message
    assert rate_case(registered, 0) == []
    # without a VAT number the seller charges French VAT on every line: no exemption
    assert rate_case(client("C0001"), 20) == []
    assert flat(rate_case(client("C0001"), 20, 0)) == [
        (*LINES, "G3", "facture-taux-tva-incoherent")]


def test_a_franchise_organisation_charges_no_vat(rate_case):
    [issue] = rate_case(FRENCH, 20, regime="franchise")
    assert issue.message == (
        "la facture FA-2026-00001, ligne 1 : taux de TVA de 20 % ; l'organisation est en "
        "franchise en base de TVA (CGI art. 293 B) : elle ne facture pas de TVA, ses lignes "
        "sont à 0 %")
    assert rate_case(FRENCH, 0, regime="franchise") == []


def test_consistent_rates_and_drafts(rate_case):
    assert rate_case(FRENCH, 20, 10, 5.5, 2.1) == []
    assert rate_case(client("C0001", type_client="particulier"), 20) == []  # EU private
    [issue] = rate_case(FRENCH, 7, statut="brouillon")
    assert issue.severity is Severity.AVERTISSEMENT
