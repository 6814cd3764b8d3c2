"""Rules of the quotes and of the orders that come from them."""

from pipelines.issues import Severity
from pipelines.validate.rules import sales_quotes as rules

from .conftest import flat

ORDERS = ("ventes.xlsx", "Commandes")
ORDER_LINES = ("ventes.xlsx", "LignesCommande")
QUOTES = ("ventes.xlsx", "Devis")
QUOTE_LINES = ("ventes.xlsx", "LignesDevis")


def quote(number, version, status, customer="C0001", day="2026-03-02",
          valid="2026-04-01", **values):
    return {"numero_devis": number, "version": version, "date_devis": day,
            "code_client": customer, "date_validite": valid, "statut": status} | values


def quote_line(number, version, reference="ART-0001", price=100, discount=None, ligne=1):
    return {"numero_devis": number, "version": version, "ligne": ligne,
            "reference": reference, "designation": "Vitrine", "quantite": 1,
            "prix_unitaire_ht": price, "taux_tva": 20, "remise_pct": discount}


def order(number, quote_number, version=None, customer="C0001", day="2026-03-10",
          **values):
    return {"numero_commande": number, "date_commande": day, "code_client": customer,
            "numero_devis": quote_number, "version_devis": version,
            "statut": "confirmée"} | values


def test_an_order_takes_the_accepted_valid_quote_of_its_customer(table, dataset, params):
    quotes = table("devis", [
        quote("DV-2026-00001", 1, "refusé"), quote("DV-2026-00001", 2, "accepté"),
        quote("DV-2026-00002", 1, "accepté", valid="2026-03-05"),
        quote("DV-2026-00003", 1, "accepté", customer="C0002"),
    ])
    orders = table("commandes", [
        order("CO-2026-00001", "DV-2026-00001", 2),  # fine
        order("CO-2026-00002", "DV-2026-00001"),  # no version: the latest, accepted
        order("CO-2026-00003", "DV-2026-00001", 1),  # the refused version
        order("CO-2026-00004", "DV-2026-00002"),  # after the validity
        order("CO-2026-00005", "DV-2026-00003"),  # another customer's quote
        order("CO-2026-00006", "DV-2026-00001", 1, statut="annulée"),  # cancelled: not judged
    ])
    issues = rules.order_quote(dataset(quotes, orders), params)
    assert flat(issues) == [
        (*ORDERS, "B5", "commande-devis-expire"),
        (*ORDERS, "D4", "commande-devis-non-accepte"),
        (*ORDERS, "D6", "commande-devis-autre-client"),
    ]
    by_code = {issue.code: issue for issue in issues}
    assert by_code["commande-devis-autre-client"].severity is Severity.BLOQUANT
    assert by_code["commande-devis-autre-client"].message == (
        "la commande CO-2026-00005 de C0001 reprend le devis DV-2026-00003 (version 1) fait "
        "à C0002")


def test_an_order_line_takes_the_quoted_price_and_discount(table, dataset, params):
    quotes = table("devis", [quote("DV-2026-00001", 1, "accepté")])
    quote_lines = table("lignes_devis", [
        quote_line("DV-2026-00001", 1, "ART-0001", 100, 5, 1),
        quote_line("DV-2026-00001", 1, "ART-0002", 50, None, 2),
    ])
    orders = table("commandes", [order("CO-2026-00001", "DV-2026-00001", 1)])
    lines = table("lignes_commande", [
        {"numero_commande": "CO-2026-00001", "ligne": 1, "reference": "ART-0001",
         "designation": "Vitrine", "quantite": 1, "prix_unitaire_ht": 100, "taux_tva": 20},
        {"numero_commande": "CO-2026-00001", "ligne": 2, "reference": "ART-0002",
         "designation": "Joint", "quantite": 1, "prix_unitaire_ht": 50, "taux_tva": 20,
         "remise_pct": 0},
        {"numero_commande": "CO-2026-00001", "ligne": 3, "reference": "ART-0003",
         "designation": "Hors devis", "quantite": 1, "prix_unitaire_ht": 10, "taux_tva": 20},
    ])
    issues = rules.order_prices_from_quote(dataset(quotes, quote_lines, orders, lines), params)
    assert flat(issues) == [(*ORDER_LINES, "F2", "commande-prix-different-du-devis")]
    assert issues[0].message == (
        "ligne 1 de la commande CO-2026-00001 : ART-0001 à 100,00\xa0€ HT, le devis "
        "DV-2026-00001 (version 1) dit 100,00\xa0€ HT remisé de 5 %")


def test_a_live_quote_below_cost_or_below_the_list_price(table, dataset, params):
    quotes = table("devis", [
        quote("DV-2026-00001", 1, "envoyé", remise_globale_pct=10),
        quote("DV-2026-00002", 1, "refusé"),  # dead: not judged
    ])
    quote_lines = table("lignes_devis", [
        quote_line("DV-2026-00001", 1, "ART-0001", 100, 20, 1),  # 100 × 0,8 × 0,9 = 72 < 75
        quote_line("DV-2026-00001", 1, "ART-0001", 90, None, 2),  # 81: below the list price
        quote_line("DV-2026-00001", 1, "ART-0001", 100, 10, 3),  # 81, a visible discount
        quote_line("DV-2026-00002", 1, "ART-0001", 10, None, 1),
    ])
    items = table("articles", [{"reference": "ART-0001", "designation": "Vitrine",
                                "prix_achat_ht": 75, "prix_vente_ht": 100}])
    issues = rules.quote_prices(dataset(quotes, quote_lines, items), params)
    assert flat(issues) == [(*QUOTE_LINES, "G2", "devis-vente-a-perte"),
                            (*QUOTE_LINES, "G3", "devis-prix-sous-tarif")]
    assert issues[0].message == (
        "ligne 1 du devis DV-2026-00001 (version 1) : ART-0001 à 72,00\xa0€ HT net des "
        "remises, sous son prix d'achat de 75,00\xa0€ HT")


def test_quote_validity_dates(table, dataset, params):
    quotes = table("devis", [
        quote("DV-2026-00001", 1, "envoyé", day="2026-11-02", valid="2026-11-25"),  # overdue
        quote("DV-2026-00002", 1, "envoyé", day="2026-11-20", valid="2026-12-20"),
        quote("DV-2026-00003", 1, "brouillon", day="2026-11-20", valid="2026-11-10"),
        quote("DV-2026-00004", 1, "expiré", day="2026-06-02", valid="2026-07-02"),
    ])
    data = dataset(quotes)
    assert flat(rules.quotes_to_follow_up(data, params)) == [
        (*QUOTES, "F2", "devis-validite-depassee")]
    assert flat(rules.quote_validity(data, params)) == [
        (*QUOTES, "E4", "devis-validite-avant-date")]
