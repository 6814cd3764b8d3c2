"""Rules of the orders: credit limit, stock-out, urgent and overdue orders."""

from datetime import date

from pipelines.issues import Severity
from pipelines.validate.rules import sales_orders as rules

from .conftest import flat

ORDERS = ("ventes.xlsx", "Commandes")
ORDER_LINES = ("ventes.xlsx", "LignesCommande")


def order(number, customer="C0001", day="2026-11-20", **values):
    return {"numero_commande": number, "date_commande": day, "code_client": customer,
            "statut": "confirmée"} | values


def order_line(number, reference="ART-0001", quantity=1, price=100, rate=20, ligne=1,
               **values):
    return {"numero_commande": number, "ligne": ligne, "reference": reference,
            "designation": "Article", "quantite": quantity, "prix_unitaire_ht": price,
            "taux_tva": rate} | values


def client(code, limit, outstanding):
    return {"code_client": code, "raison_sociale": f"Client {code}", "plafond_credit": limit,
            "encours": outstanding}


def billed(number, order_number):
    return {"numero_facture": number, "serie": "FA", "type": "facture",
            "date_facture": "2026-11-25", "code_client": "C0001",
            "numero_commande": order_number, "nature": "biens", "devise": "EUR",
            "statut": "émise"}


def delivery(number, order_number, day, **values):
    return {"numero_livraison": number, "numero_commande": order_number, "date_livraison": day,
            "code_client": "C0001", "statut": "expédiée"} | values


def delivered(number, reference, quantity, ligne=1):
    return {"numero_livraison": number, "ligne": ligne, "reference": reference,
            "quantite": quantity}


def test_open_orders_add_up_over_the_credit_limit(table, dataset, params):
    orders = table("commandes", [
        order("CO-2026-00001", day="2026-06-01"),  # billed: already in the encours
        order("CO-2026-00002", day="2026-11-20"),  # 120,00 € after CO-4: 1 080 > 1 000
        order("CO-2026-00003", day="2026-11-18", statut="annulée"),  # counts for nothing
        order("CO-2026-00004", day="2026-11-10"),  # 60,00 € first: 960 ≤ 1 000
        order("CO-2026-00005", "C0002"),  # no limit: not judged
    ])
    lines = table("lignes_commande", [
        order_line("CO-2026-00001", price=5000), order_line("CO-2026-00002"),
        order_line("CO-2026-00003", price=5000), order_line("CO-2026-00004", price=50),
        order_line("CO-2026-00005", price=99999),
    ])
    customers = table("clients", [client("C0001", 1000, 900),
                                  {"code_client": "C0002", "encours": 10}])
    invoices = table("factures", [billed("FA-2026-00001", "CO-2026-00001")])
    issues = rules.order_credit_limit(dataset(orders, lines, customers, invoices), params)
    assert flat(issues) == [(*ORDERS, "C3", "commande-plafond-depasse")]
    assert issues[0].severity is Severity.AVERTISSEMENT
    assert issues[0].message == (
        "commande CO-2026-00002 du 20/11/2026 de 120,00\xa0€ TTC : avec l'encours de "
        "900,00\xa0€ et 60,00\xa0€ de commandes précédentes pas encore facturées, le client "
        "C0001 doit 1\u202f080,00\xa0€ pour un plafond de 1\u202f000,00\xa0€ (dépassement de "
        "80,00\xa0€)")


def test_an_order_total_is_exact_to_the_cent(table, dataset, params):
    """3 × 33,33 € less 10 % = 89,99 € (89,991 rounded), VAT 18,00 € (17,998): 107,99 €."""
    orders = table("commandes", [order("CO-2026-00001")])
    lines = table("lignes_commande", [order_line("CO-2026-00001", quantity=3, price="33.33",
                                                 remise_pct=10)])
    customers = table("clients", [client("C0001", "107.98", 0)])
    invoices = table("factures", [])
    [issue] = rules.order_credit_limit(dataset(orders, lines, customers, invoices), params)
    assert "de 107,99\xa0€ TTC" in issue.message and "(dépassement de 0,01\xa0€)" in issue.message
    customers = table("clients", [client("C0001", "107.99", 0)])
    assert rules.order_credit_limit(dataset(orders, lines, customers, invoices), params) == []


def stock_dataset(table, dataset, orders, lines, deliveries=(), delivered_lines=(),
                  moves=(), initial=2):
    return dataset(
        table("commandes", orders), table("lignes_commande", lines),
        table("articles", [{"reference": "ART-0001", "designation": "Vitrine",
                            "stock_initial": initial}]),
        table("mouvements", list(moves)),
        table("livraisons", list(deliveries)), table("lignes_livraison", list(delivered_lines)),
    )


def test_an_order_line_above_the_stock_of_its_order_date(table, dataset, params):
    data = stock_dataset(
        table, dataset,
        [order("CO-2026-00001", day="2026-11-02"), order("CO-2026-00002", day="2026-11-20")],
        [order_line("CO-2026-00001", quantity=3), order_line("CO-2026-00002", quantity=4)],
        moves=[{"id_mouvement": 1, "date": "2026-11-10", "reference": "ART-0001",
                "type": "achat", "quantite": 3, "cout_unitaire": 50}])
    issues = rules.order_stock_out(data, params)
    # 02/11: 2 in stock, 3 ordered: 1 short; 20/11: 2 + 3 = 5, of which 3 awaited: 4 short 2
    assert flat(issues) == [(*ORDER_LINES, "E2", "commande-rupture-stock"),
                            (*ORDER_LINES, "E3", "commande-rupture-stock")]
    assert issues[1].message == (
        "commande CO-2026-00002 du 20/11/2026 : 4 ART-0001 commandés, 2 disponibles (stock de "
        "5, dont 3 attendus par des commandes précédentes) : il en manque 2")


def test_delivered_quantities_no_longer_reserve_nor_need_stock(table, dataset, params):
    data = stock_dataset(
        table, dataset,
        [order("CO-2026-00001", day="2026-11-02"), order("CO-2026-00002", day="2026-11-20")],
        [order_line("CO-2026-00001", quantity=2), order_line("CO-2026-00002", quantity=2)],
        deliveries=[delivery("BL-2026-00001", "CO-2026-00001", "2026-11-05")],
        delivered_lines=[delivered("BL-2026-00001", "ART-0001", 2)],
        moves=[{"id_mouvement": 1, "date": "2026-11-05", "reference": "ART-0001",
                "type": "vente", "quantite": 2},
               {"id_mouvement": 2, "date": "2026-11-19", "reference": "ART-0001",
                "type": "achat", "quantite": 2, "cout_unitaire": 50}])
    assert rules.order_stock_out(data, params) == []


def test_an_order_on_the_same_day_counts_after_the_rows_above(table, dataset, params):
    data = stock_dataset(
        table, dataset,
        [order("CO-2026-00001"), order("CO-2026-00002")],
        [order_line("CO-2026-00001", quantity=2), order_line("CO-2026-00002", quantity=1)])
    assert flat(rules.order_stock_out(data, params)) == [
        (*ORDER_LINES, "E3", "commande-rupture-stock")]


def test_urgent_and_overdue_orders_until_delivered(table, dataset, params):
    orders = table("commandes", [
        order("CO-2026-00001", urgente=True, date_livraison_souhaitee="2026-11-25"),
        order("CO-2026-00002", urgente=True, date_livraison_souhaitee="2026-11-25"),
        order("CO-2026-00003", urgente=True, statut="annulée"),
        order("CO-2026-00004", date_livraison_souhaitee="2026-12-05"),
    ])
    lines = table("lignes_commande", [
        order_line("CO-2026-00001", quantity=2), order_line("CO-2026-00002", quantity=2),
        order_line("CO-2026-00003"), order_line("CO-2026-00004"),
    ])
    deliveries = table("livraisons", [
        delivery("BL-2026-00001", "CO-2026-00001", "2026-11-24", statut="partielle"),
        delivery("BL-2026-00002", "CO-2026-00002", "2026-11-24"),
    ])
    delivered_lines = table("lignes_livraison", [delivered("BL-2026-00001", "ART-0001", 1),
                                                 delivered("BL-2026-00002", "ART-0001", 2)])
    data = dataset(orders, lines, deliveries, delivered_lines, as_of=date(2026, 11, 30))
    urgent = rules.urgent_orders(data, params)
    assert flat(urgent) == [(*ORDERS, "I2", "commande-urgente")]
    assert urgent[0].message.endswith(": 1 article encore à livrer au 30/11/2026")
    overdue = rules.overdue_orders(data, params)
    assert flat(overdue) == [(*ORDERS, "J2", "commande-en-retard")]
    assert overdue[0].message == (
        "commande CO-2026-00001 de C0001 à livrer le 25/11/2026 : 1 article encore à livrer "
        "au 30/11/2026 (5 jours de retard)")


def test_a_credited_item_is_no_longer_awaited(table, dataset, params):
    orders = table("commandes", [order("CO-2026-00001", urgente=True)])
    lines = table("lignes_commande", [order_line("CO-2026-00001", quantity=2)])
    deliveries = table("livraisons", [
        delivery("BL-2026-00001", "CO-2026-00001", "2026-11-24", statut="partielle")])
    delivered_lines = table("lignes_livraison", [delivered("BL-2026-00001", "ART-0001", 1)])
    invoices = table("factures", [
        billed("FA-2026-00001", "CO-2026-00001"),
        billed("AV-2026-00001", None) | {"serie": "AV", "type": "avoir",
                                         "facture_origine": "FA-2026-00001"}])
    invoice_lines = table("lignes_facture", [
        {"numero_facture": "AV-2026-00001", "ligne": 1, "reference": "ART-0001",
         "designation": "Vitrine perdue", "quantite": 1, "prix_unitaire_ht": 100,
         "taux_tva": 20}])
    data = dataset(orders, lines, deliveries, delivered_lines)
    assert flat(rules.urgent_orders(data, params)) == [(*ORDERS, "I2", "commande-urgente")]
    data = dataset(orders, lines, deliveries, delivered_lines, invoices, invoice_lines)
    assert rules.urgent_orders(data, params) == []
