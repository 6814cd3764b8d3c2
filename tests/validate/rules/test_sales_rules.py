"""Scenarios for the sales rules: numbering, credit notes, orders, deliveries, lettrage."""

from pipelines.validate.rules import sales as rules

from .conftest import flat

INVOICES = ("ventes.xlsx", "Factures")
ORDERS = ("ventes.xlsx", "Commandes")
DELIVERIES = ("ventes.xlsx", "Livraisons")
ALLOCATIONS = ("ventes.xlsx", "Lettrage")


def invoice(number, day, customer="C0001", **values):
    row = {
        "numero_facture": number,
        "serie": number[:2],
        "type": "facture",
        "date_facture": day,
        "code_client": customer,
        "nature": "biens",
        "devise": "EUR",
        "statut": "émise",
    }
    return row | values


def credit_note(number, day, origin, customer="C0001"):
    return invoice(number, day, customer, type="avoir", facture_origine=origin)


def order(number, customer="C0001", status="confirmée", changed=None, day="2026-03-02"):
    return {
        "numero_commande": number,
        "date_commande": day,
        "code_client": customer,
        "statut": status,
        "date_modification": changed,
    }


def delivery(number, order_number, day, customer="C0001"):
    return {
        "numero_livraison": number,
        "date_livraison": day,
        "numero_commande": order_number,
        "code_client": customer,
        "statut": "expédiée",
    }


def client(code, status):
    return {"code_client": code, "raison_sociale": f"Client {code}", "statut": status}


def test_continuous_numbering_per_series_raises_nothing(table, dataset, params):
    invoices = table(
        "factures",
        [
            invoice("FA-2026-00001", "2026-01-05"),
            invoice("FA-2026-00002", "2026-01-05"),
            invoice("AV-2026-00001", "2026-01-03"),  # another series has its own sequence
            invoice("FA-2026-00003", "2026-01-09"),
            invoice("FA-2027-00001", "2027-01-04"),
        ],
    )
    data = dataset(invoices)
    assert flat(rules.invoice_numbering(data, params)) == []
    assert flat(rules.invoice_chronology(data, params)) == []
    assert flat(rules.invoice_series(data, params)) == []


def test_a_gap_and_a_duplicate_in_the_sequence(table, dataset, params):
    invoices = table(
        "factures",
        [
            invoice("FA-2026-00001", "2026-01-05"),
            invoice("FA-2026-00002", "2026-01-06"),
            invoice("FA-2026-00005", "2026-01-09"),  # 3 and 4 are missing
            invoice("FA-2026-00002", "2026-01-06"),  # typed twice
            invoice("AV-2026-00002", "2026-02-01"),  # the series starts at 2: 1 is missing
        ],
    )
    issues = rules.invoice_numbering(dataset(invoices), params)
    assert flat(issues) == [
        (*INVOICES, "A4", "facture-numerotation-rompue"),
        (*INVOICES, "A5", "facture-numero-en-double"),
        (*INVOICES, "A6", "facture-numerotation-rompue"),
    ]
    messages = {issue.source.row: issue.message for issue in issues}
    assert messages[4] == "les numéros FA-2026-00003 à FA-2026-00004 manquent avant FA-2026-00005"
    assert messages[6] == "le numéro AV-2026-00001 manque avant AV-2026-00002"


def test_a_date_going_backwards(table, dataset, params):
    invoices = table(
        "factures",
        [
            invoice("FA-2026-00001", "2026-01-05"),
            invoice("FA-2026-00003", "2026-01-20"),
            invoice("FA-2026-00002", "2026-01-12"),  # typed later, sorted by number: fine
            invoice("FA-2026-00004", "2026-01-15"),  # before number 3
            invoice("FA-2026-00005", "2026-01-20"),  # same day as the latest: fine
        ],
    )
    issues = rules.invoice_chronology(dataset(invoices), params)
    assert flat(issues) == [(*INVOICES, "D5", "facture-date-anterieure")]
    assert "datée du 15/01/2026" in issues[0].message and "20/01/2026" in issues[0].message


def test_a_number_outside_its_series(table, dataset, params):
    invoices = table("factures", [invoice("FA-2026-00001", "2026-01-05", serie="AV")])
    assert flat(rules.invoice_series(dataset(invoices), params)) == [
        (*INVOICES, "B2", "facture-serie-incoherente")
    ]


def test_a_credit_note_cites_an_invoice_of_the_same_customer(table, dataset, params):
    invoices = table(
        "factures",
        [
            invoice("FA-2026-00001", "2026-01-05", "C0001"),
            invoice("FA-2026-00002", "2026-01-06", "C0002"),
            credit_note("AV-2026-00001", "2026-01-10", "FA-2026-00001", "C0001"),  # fine
            credit_note("AV-2026-00002", "2026-01-11", "FA-2026-00002", "C0001"),  # other customer
            credit_note("AV-2026-00003", "2026-01-12", "FA-2026-00099"),  # unknown invoice
            credit_note("AV-2026-00004", "2026-01-13", None),  # no invoice
            credit_note(
                "AV-2026-00005", "2026-01-14", "AV-2026-00001"
            ),  # a credit note is not an invoice
        ],
    )
    issues = rules.credit_note_origin(dataset(invoices), params)
    assert flat(issues) == [
        (*INVOICES, "E5", "avoir-client-different"),
        (*INVOICES, "W6", "avoir-sans-facture-origine"),
        (*INVOICES, "W7", "avoir-sans-facture-origine"),
        (*INVOICES, "W8", "avoir-sans-facture-origine"),
    ]
    assert any("n'indique pas la facture" in issue.message for issue in issues)


def order_line(number, quantity=2, reference="ART-0001"):
    return {"numero_commande": number, "ligne": 1, "reference": reference,
            "designation": "Article", "quantite": quantity, "prix_unitaire_ht": 100,
            "taux_tva": 20}


def delivered_line(delivery_number, quantity=2, reference="ART-0001"):
    return {"numero_livraison": delivery_number, "ligne_commande": 1,
            "reference": reference, "quantite": quantity}


def test_orders_of_blocked_and_doubtful_customers(table, dataset, params):
    clients = table(
        "clients", [client("C0001", "actif"), client("C0002", "bloqué"), client("C0003", "douteux")]
    )
    orders = table(
        "commandes",
        [
            order("CO-2026-00001", "C0001"),
            order("CO-2026-00002", "C0002"),
            order("CO-2026-00003", "C0003"),
            order("CO-2026-00004", "C0002", "annulée", "2026-03-03"),  # cancelled: nothing to say
            order("CO-2026-00005", "C0099"),  # unknown customer: the foreign key says it
            order("CO-2026-00006", "C0002"),  # delivered in full: history
            order("CO-2026-00007", "C0003"),  # delivered in part: still open
            order("CO-2026-00008", "C0002"),  # delivered after the as-of date: still open
        ],
    )
    lines = table("lignes_commande", [order_line(f"CO-2026-0000{n}") for n in range(1, 9)])
    deliveries = table(
        "livraisons",
        [
            delivery("BL-2026-00001", "CO-2026-00006", "2026-03-10", "C0002"),
            delivery("BL-2026-00002", "CO-2026-00007", "2026-03-10", "C0003"),
            delivery("BL-2026-00003", "CO-2026-00008", "2026-12-02", "C0002"),
        ],
    )
    delivered = table(
        "lignes_livraison",
        [delivered_line("BL-2026-00001"), delivered_line("BL-2026-00002", 1),
         delivered_line("BL-2026-00003")],
    )
    issues = rules.order_customer_status(
        dataset(clients, orders, lines, deliveries, delivered), params
    )
    assert flat(issues) == [
        (*ORDERS, "C3", "commande-client-bloque"),
        (*ORDERS, "C4", "commande-client-douteux"),
        (*ORDERS, "C8", "commande-client-douteux"),
        (*ORDERS, "C9", "commande-client-bloque"),
    ]
    assert [issue.severity.name for issue in issues] == [
        "BLOQUANT", "BLOQUANT", "AVERTISSEMENT", "AVERTISSEMENT"]
    assert issues[0].message == "commande CO-2026-00002 du 02/03/2026 : le client C0002 est bloqué"


def test_an_order_without_lines_of_a_blocked_customer_is_still_open(table, dataset, params):
    clients = table("clients", [client("C0002", "bloqué")])
    orders = table("commandes", [order("CO-2026-00001", "C0002")])
    empty = [table(name, []) for name in ("lignes_commande", "livraisons", "lignes_livraison")]
    issues = rules.order_customer_status(dataset(clients, orders, *empty), params)
    assert flat(issues) == [(*ORDERS, "C2", "commande-client-bloque")]


def test_an_order_changed_after_its_delivery(table, dataset, params):
    orders = table(
        "commandes",
        [
            order("CO-2026-00001", status="modifiée", changed="2026-03-04"),  # before the delivery
            order("CO-2026-00002", status="modifiée", changed="2026-03-12"),  # after: blocking
            order("CO-2026-00003", status="annulée", changed="2026-03-11"),  # after: blocking
            order("CO-2026-00004", status="annulée", changed="2026-03-05"),  # never delivered
            order("CO-2026-00005", status="confirmée"),
            order("CO-2026-00006", status="modifiée"),  # delivered, date missing: blocking
            order("CO-2026-00007", status="annulée"),  # never delivered, no date: nothing
        ],
    )
    deliveries = table(
        "livraisons",
        [
            delivery("BL-2026-00001", "CO-2026-00001", "2026-03-06"),
            delivery("BL-2026-00002", "CO-2026-00002", "2026-03-10"),
            delivery("BL-2026-00003", "CO-2026-00002", "2026-03-20"),
            delivery("BL-2026-00004", "CO-2026-00003", "2026-03-10"),
            delivery("BL-2026-00005", "CO-2026-00005", "2026-03-10"),
            delivery("BL-2026-00006", "CO-2026-00006", "2026-03-09"),
        ],
    )
    issues = rules.order_changed_after_delivery(dataset(orders, deliveries), params)
    assert flat(issues) == [
        (*ORDERS, "H3", "commande-modifiee-apres-livraison"),
        (*ORDERS, "H4", "commande-modifiee-apres-livraison"),
        (*ORDERS, "H7", "commande-modifiee-apres-livraison"),
    ]
    assert all(issue.severity.name == "BLOQUANT" for issue in issues)
    assert issues[0].message == (
        "commande CO-2026-00002 modifiée le 12/03/2026, après sa livraison du 10/03/2026"
    )
    assert issues[2].message == (
        "commande CO-2026-00006 modifiée, livrée le 09/03/2026, sans date de modification : "
        "la date manque, le changement est tenu pour postérieur à la livraison"
    )


def test_a_delivery_of_a_cancelled_order(table, dataset, params):
    orders = table(
        "commandes",
        [
            order("CO-2026-00001", status="annulée", changed="2026-03-05"),
            order("CO-2026-00002", status="annulée"),  # cancelled, date unknown
            order("CO-2026-00003", status="annulée", changed="2026-03-20"),  # cancelled after
            order("CO-2026-00004"),
        ],
    )
    deliveries = table(
        "livraisons",
        [
            delivery("BL-2026-00001", "CO-2026-00001", "2026-03-06"),
            delivery("BL-2026-00002", "CO-2026-00002", "2026-03-06"),
            delivery("BL-2026-00003", "CO-2026-00003", "2026-03-06"),  # said by the order's rule
            delivery("BL-2026-00004", "CO-2026-00004", "2026-03-06"),
        ],
    )
    issues = rules.delivery_of_cancelled_order(dataset(orders, deliveries), params)
    assert flat(issues) == [
        (*DELIVERIES, "C2", "livraison-commande-annulee"),
        (*DELIVERIES, "C3", "livraison-commande-annulee"),
    ]
    assert issues[0].message.endswith("annulée le 05/03/2026")


def payment(identifier, amount, currency="EUR"):
    return {
        "id_reglement": identifier,
        "date_reglement": "2026-04-01",
        "code_client": "C0001",
        "mode": "virement",
        "montant": amount,
        "devise": currency,
    }


def allocation(identifier, number, amount):
    return {"id_reglement": identifier, "numero_facture": number, "montant": amount}


def test_lettrage_beyond_the_payment(table, dataset, params):
    payments = table(
        "reglements",
        [
            payment("RG-2026-00001", "150.00"),
            payment("RG-2026-00002", "80.00"),
            payment("RG-2026-00003", "500.00", "USD"),
        ],
    )
    allocations = table(
        "lettrage",
        [
            allocation("RG-2026-00001", "FA-2026-00001", "100.00"),
            allocation("RG-2026-00002", "FA-2026-00002", "80.00"),  # exactly the payment: fine
            allocation("RG-2026-00001", "FA-2026-00003", "50.01"),  # one cent over: reported here
            allocation("RG-2026-00001", "FA-2026-00004", "10.00"),  # still over, said once
            allocation("RG-2026-00003", "FA-2026-00005", "500.00"),
        ],
    )
    issues = rules.allocation_within_payment(dataset(payments, allocations), params)
    assert flat(issues) == [(*ALLOCATIONS, "C4", "lettrage-depasse-reglement")]
    assert "150,00\u00a0€" in issues[0].message and "150,01\u00a0€" in issues[0].message
