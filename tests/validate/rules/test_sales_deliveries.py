"""Rules of deliveries and of the invoices that bill them."""

from pipelines.issues import Severity
from pipelines.validate.rules import sales_deliveries as rules

from .conftest import flat

INVOICES = ("ventes.xlsx", "Factures")
INVOICE_LINES = ("ventes.xlsx", "LignesFacture")
DELIVERIES = ("ventes.xlsx", "Livraisons")
DELIVERY_LINES = ("ventes.xlsx", "LignesLivraison")


def order(number, customer="C0001", **values):
    return {"numero_commande": number, "date_commande": "2026-03-02", "code_client": customer,
            "statut": "confirmée", "date_livraison_souhaitee": "2026-03-09"} | values


def delivery(number, order_number, day="2026-03-06", customer="C0001", **values):
    return {"numero_livraison": number, "date_livraison": day, "numero_commande": order_number,
            "code_client": customer, "statut": "expédiée"} | values


def delivered(number, reference, quantity, ligne=1):
    return {"numero_livraison": number, "ligne": ligne, "reference": reference,
            "quantite": quantity}


def document(number, order_number=None, delivery_number=None, customer="C0001",
             kind="facture", day="2026-03-06", **values):
    return {"numero_facture": number, "serie": number[:2], "type": kind, "date_facture": day,
            "code_client": customer, "numero_commande": order_number,
            "numero_livraison": delivery_number, "nature": "biens", "devise": "EUR",
            "statut": "émise"} | values


def billed(number, reference, quantity, ligne=1):
    return {"numero_facture": number, "ligne": ligne, "reference": reference,
            "designation": "Article", "quantite": quantity, "prix_unitaire_ht": 10,
            "taux_tva": 20}


def test_an_invoice_matches_its_order_and_its_delivery(table, dataset, params):
    orders = table("commandes", [order("CO-2026-00001"), order("CO-2026-00002", "C0002"),
                                 order("CO-2026-00003", statut="annulée")])
    deliveries = table("livraisons", [delivery("BL-2026-00001", "CO-2026-00001"),
                                      delivery("BL-2026-00002", "CO-2026-00002", customer="C0002")])
    invoices = table("factures", [
        document("FA-2026-00001", "CO-2026-00001", "BL-2026-00001"),  # fine
        document("FA-2026-00002", "CO-2026-00002"),  # C0001 bills C0002's order
        document("FA-2026-00003", "CO-2026-00001", "BL-2026-00002"),  # another order's delivery
        document("FA-2026-00004", "CO-2026-00003"),  # a cancelled order
        document("FA-2026-00005", "CO-2026-00003"),  # … already cancelled by a credit note
        document("AV-2026-00001", "CO-2026-00003", kind="avoir",
                 facture_origine="FA-2026-00005"),
    ])
    issues = rules.invoice_matches_order(dataset(orders, deliveries, invoices), params)
    assert flat(issues) == [
        (*INVOICES, "E3", "facture-client-different-commande"),
        (*INVOICES, "E4", "facture-client-different-commande"),
        (*INVOICES, "F5", "facture-commande-annulee"),
        (*INVOICES, "G4", "facture-livraison-autre-commande"),
    ]
    messages = {issue.source.cell: issue.message for issue in issues}
    assert messages["E4"] == (
        "FA-2026-00003 est au nom de C0001, la livraison BL-2026-00002 est pour C0002")


def test_invoiced_quantities_net_of_credit_notes_against_delivered(table, dataset, params):
    orders = table("commandes", [order("CO-2026-00001")])
    deliveries = table("livraisons", [
        delivery("BL-2026-00001", "CO-2026-00001", "2026-03-04", statut="partielle"),
        delivery("BL-2026-00002", "CO-2026-00001", "2026-03-06")])
    delivered_lines = table("lignes_livraison", [
        delivered("BL-2026-00001", "ART-0001", 2), delivered("BL-2026-00002", "ART-0001", 1),
        delivered("BL-2026-00002", "ART-0002", 4, 2)])
    invoices = table("factures", [
        document("FA-2026-00001", delivery_number="BL-2026-00001", day="2026-03-04"),
        document("FA-2026-00002", delivery_number="BL-2026-00002", day="2026-03-06",
                 statut="brouillon"),
        document("AV-2026-00001", kind="avoir", facture_origine="FA-2026-00001",
                 day="2026-03-08"),
    ])
    lines = table("lignes_facture", [
        billed("FA-2026-00001", "ART-0001", 2),
        billed("FA-2026-00002", "ART-0001", 2),  # 4 invoiced for 3 delivered…
        billed("FA-2026-00002", "ART-0002", 5, 2),  # 5 for 4, on a draft
        billed("AV-2026-00001", "ART-0001", 1),  # … but 1 credited: 3 for 3
    ])
    data = dataset(orders, deliveries, delivered_lines, invoices, lines)
    issues = rules.invoiced_within_delivered(data, params)
    assert flat(issues) == [(*INVOICE_LINES, "E4", "facture-quantite-non-livree")]
    assert issues[0].severity is Severity.AVERTISSEMENT  # a draft
    assert issues[0].message == (
        "ligne 2 de FA-2026-00002 : pour la commande CO-2026-00001, 5 ART-0002 facturés "
        "(avoirs déduits), 4 livrés : 1 de trop, à corriger par un avoir")


def test_delivered_quantities_within_the_order(table, dataset, params):
    orders = table("commandes", [order("CO-2026-00001")])
    lines = table("lignes_commande", [
        {"numero_commande": "CO-2026-00001", "ligne": 1, "reference": "ART-0001",
         "designation": "Vitrine", "quantite": 3, "prix_unitaire_ht": 10, "taux_tva": 20}])
    deliveries = table("livraisons", [
        delivery("BL-2026-00001", "CO-2026-00001", "2026-03-04"),
        delivery("BL-2026-00002", "CO-2026-00001", "2026-03-06")])
    delivered_lines = table("lignes_livraison", [
        delivered("BL-2026-00001", "ART-0001", 2), delivered("BL-2026-00002", "ART-0001", 2),
        delivered("BL-2026-00002", "ART-0009", 1, 2)])
    issues = rules.delivered_within_ordered(dataset(orders, lines, deliveries, delivered_lines),
                                            params)
    assert flat(issues) == [(*DELIVERY_LINES, "E3", "livraison-quantite-superieure-commande"),
                            (*DELIVERY_LINES, "E4", "livraison-quantite-superieure-commande")]
    assert issues[0].message == (
        "livraison BL-2026-00002 : 4 ART-0001 livrés pour la commande CO-2026-00001, "
        "3 commandés")


def test_a_returned_and_billed_delivery_has_its_credit_note(table, dataset, params):
    deliveries = table("livraisons", [
        delivery("BL-2026-00001", "CO-2026-00001", statut="retournée"),  # credited
        delivery("BL-2026-00002", "CO-2026-00002", statut="retournée"),  # not credited
        delivery("BL-2026-00003", "CO-2026-00003", statut="retournée"),  # never billed
        delivery("BL-2026-00004", "CO-2026-00004", statut="retournée"),  # billed by order
    ])
    invoices = table("factures", [
        document("FA-2026-00001", "CO-2026-00001", "BL-2026-00001"),
        document("FA-2026-00002", "CO-2026-00002", "BL-2026-00002"),
        document("FA-2026-00003", "CO-2026-00004"),
        document("AV-2026-00001", kind="avoir", facture_origine="FA-2026-00001"),
    ])
    issues = rules.returned_delivery_credited(dataset(deliveries, invoices), params)
    assert flat(issues) == [(*DELIVERIES, "E3", "livraison-retournee-sans-avoir"),
                            (*DELIVERIES, "E5", "livraison-retournee-sans-avoir")]
    assert issues[1].message == (
        "livraison BL-2026-00004 du 06/03/2026 retournée, facturée par FA-2026-00003 : aucun "
        "avoir ne cite cette facture")


def test_a_delivery_after_the_wished_date(table, dataset, params):
    orders = table("commandes", [order("CO-2026-00001"), order("CO-2026-00002")])
    deliveries = table("livraisons", [
        delivery("BL-2026-00001", "CO-2026-00001", "2026-03-09"),  # on the day: on time
        delivery("BL-2026-00002", "CO-2026-00002", "2026-03-12")])
    issues = rules.late_deliveries(dataset(orders, deliveries), params)
    assert flat(issues) == [(*DELIVERIES, "B3", "livraison-en-retard")]
    assert issues[0].message.endswith("était à livrer le 09/03/2026 (3 jours de retard)")
