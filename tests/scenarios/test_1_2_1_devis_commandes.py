"""1.2.1 Quotes, orders: the quote → order → delivery chain, its statuses and versions.

Hazards: a doubtful customer (over its credit limit, a blocked account, a customer classed
doubtful), a stock-out on an order, an urgent order, an error on a quote, an order
modified or cancelled after its delivery; and the organisation's own choice of severity
for the commercial rules (sheet « Gravites » of organisation.xlsx).

Demo facts used: on 30/11/2026 every demo order up to CO-2026-00631 is delivered and billed
(the encours, what is unpaid, is computed from ventes.xlsx); the orders CO-2026-00632 to
CO-2026-00639 of the last two weeks of November are open, among them CO-2026-00635 of
25/11/2026, which awaits one compressor ART-0018 (a stock-out). C0002 Dauphiné Froid
Service: limit 5 000 €, encours 7 948,31 €; C0007 Primeur Lambert, doubtful: limit
10 000 €, encours 427,68 €, whose only order CO-2026-00316 (17/06/2026) is delivered and
billed; C0013 Bistrot du Tonkin is blocked and has no order; C0003 has 27 orders since
January, all delivered but CO-2026-00638 (27/11/2026); C0019 (a community of
communes): limit 50 000 €. Stock on 28/11/2026: ART-0018 (compressor 3/4 CV) 0, ART-0033
(R452A) 1, ART-0003 (vitrine, 3 505,20 € HT) 8, ART-0043 (spots, 118,80 € HT) 11.
CO-2026-00025 (C0032) comes from version 2 of DV-2026-00001 (version 1 refused);
DV-2026-00274 is a quote sent to C0002 on 20/11/2026 (2 × ART-0001 at 2 608,50 € HT, less
5 %, valid until 20/12/2026).
"""

from datetime import date
from decimal import Decimal

from pipelines.issues import Severity

ORDERS = ("ventes.xlsx", "Commandes")
CUSTOMERS = ("clients.xlsx", "Clients")
ORDER_LINES = ("ventes.xlsx", "LignesCommande")
QUOTES = ("ventes.xlsx", "Devis")
QUOTE_LINES = ("ventes.xlsx", "LignesDevis")
INVOICES = ("ventes.xlsx", "Factures")
SEVERITIES = ("organisation.xlsx", "Gravites")
ORDER_DAY = date(2026, 11, 28)
ITEMS = {  # reference: (designation, unit price HT)
    "ART-0003": ("Vitrine réfrigérée ventilée 1,50 m", Decimal("3505.20")),
    "ART-0018": ("Compresseur hermétique 3/4 CV", Decimal("531.30")),
    "ART-0033": ("Fluide frigorigène R452A", Decimal("58.80")),
    "ART-0043": ("Spots encastrables LED 10 W, boîte de 6", Decimal("118.80")),
}


def new_order(workbooks, number: int, customer: str, lines: list[tuple[str, int]],
              **values) -> tuple[int, list[int]]:
    """An order typed on 28/11/2026 for delivery on 10/12/2026: its row in Commandes and
    the rows of its lines ((reference, quantity) each, at the catalogue price, 20 % VAT)."""
    code = f"CO-2026-{number:05d}"
    order = workbooks.sheet(*ORDERS).append({
        "numero_commande": code, "date_commande": ORDER_DAY, "code_client": customer,
        "reference_acheteur": f"BC-{customer[1:]}-900", "statut": "confirmée",
        "urgente": "non", "date_livraison_souhaitee": date(2026, 12, 10),
        "commercial": "S003", **values})
    sheet = workbooks.sheet(*ORDER_LINES)
    rows = [sheet.append({"numero_commande": code, "ligne": index, "reference": reference,
                          "designation": ITEMS[reference][0], "quantite": quantity,
                          "prix_unitaire_ht": ITEMS[reference][1], "taux_tva": 20})
            for index, (reference, quantity) in enumerate(lines, start=1)]
    return order, rows


def set_severity(workbooks, code: str, severity: str, reason: str) -> int:
    """The organisation's severity for a code, on a new row of the sheet Gravites."""
    return workbooks.sheet(*SEVERITIES).append({"code": code, "gravite": severity,
                                                "motif": reason})


def test_an_order_over_the_credit_limit_is_a_warning_with_the_amount_over(workbooks):
    """1.2.1 Devis et commandes — aléa client douteux (plafond de crédit) : deux commandes
    pas encore facturées de C0002, dont le plafond est porté à 12 000 € ; la seconde (une
    vitrine, 4 206,24 € TTC) porte l'encours (7 948,31 €) et la première (142,56 €)
    au-delà du plafond."""
    customers = workbooks.sheet(*CUSTOMERS)
    customers.update(customers.row_of("C0002"), plafond_credit=12000)
    new_order(workbooks, 640, "C0002", [("ART-0043", 1)])
    second, _ = new_order(workbooks, 641, "C0002", [("ART-0003", 1)])

    checked = workbooks.validate()

    finding = workbooks.sheet(*ORDERS).at(second, "code_client", "commande-plafond-depasse")
    assert checked.new_findings == [finding]
    issue = checked.issue(finding)
    assert issue.severity is Severity.AVERTISSEMENT
    assert issue.message == (
        "commande CO-2026-00641 du 28/11/2026 de 4\u202f206,24\xa0€ TTC : avec l'encours de "
        "7\u202f948,31\xa0€ et 142,56\xa0€ de commandes précédentes pas encore facturées, le "
        "client C0002 doit 12\u202f297,11\xa0€ pour un plafond de 12\u202f000,00\xa0€ "
        "(dépassement de 297,11\xa0€)")


def test_the_organisation_can_make_the_credit_limit_blocking(workbooks):
    """1.2.1 Devis et commandes — aléa client douteux : la direction décide (feuille
    Gravites) qu'un dépassement de plafond bloque ; la même commande devient bloquante et
    « agora validate » sort en erreur (code 1)."""
    row = workbooks.sheet(*SEVERITIES).row_of("commande-plafond-depasse")
    workbooks.sheet(*SEVERITIES).update(row, gravite="bloquant",
                                        motif="Aucune commande au-delà du plafond")
    order, _ = new_order(workbooks, 640, "C0002", [("ART-0003", 1)])

    checked = workbooks.validate()

    finding = workbooks.sheet(*ORDERS).at(order, "code_client", "commande-plafond-depasse")
    assert checked.new_findings == [finding]
    issue = checked.issue(finding)
    assert issue.severity is Severity.BLOQUANT
    assert issue.extra["gravite_catalogue"] is Severity.AVERTISSEMENT
    run = workbooks.agora("validate", str(workbooks.folder), "--format", "json")
    assert run.returncode == 1, run.stderr


def test_an_order_of_a_blocked_customer_is_blocking(workbooks):
    """1.2.1 Devis et commandes — aléa compte bloqué : une commande de C0013, dont le compte
    est bloqué, est refusée à son code client."""
    order, _ = new_order(workbooks, 640, "C0013", [("ART-0043", 1)])

    checked = workbooks.validate()

    finding = workbooks.sheet(*ORDERS).at(order, "code_client", "commande-client-bloque")
    assert checked.new_findings == [finding]
    assert checked.issue(finding).blocking
    assert checked.issue(finding).message == (
        "commande CO-2026-00640 du 28/11/2026 : le client C0013 est bloqué")


def test_a_blocked_customer_is_reported_only_for_its_open_order(workbooks):
    """1.2.1 Devis et commandes — aléa compte bloqué : la direction bloque C0003, qui a
    passé 27 commandes depuis janvier ; seule CO-2026-00638, pas encore livrée au
    30/11/2026, est refusée : les 26 autres, livrées, sont de l'histoire."""
    customers = workbooks.sheet(*CUSTOMERS)
    customers.set(customers.row_of("C0003"), "statut", "bloqué")
    orders = workbooks.sheet(*ORDERS)

    checked = workbooks.validate()

    finding = orders.at(orders.row_of("CO-2026-00638"), "code_client", "commande-client-bloque")
    assert checked.new_findings == [finding]
    assert checked.issue(finding).blocking
    assert checked.issue(finding).message == (
        "commande CO-2026-00638 du 27/11/2026 : le client C0003 est bloqué")


def test_a_doubtful_customer_is_reported_only_while_its_order_is_open(workbooks):
    """1.2.1 Devis et commandes — aléa client douteux : la commande de juin de C0007,
    livrée et facturée, n'est plus signalée ; la commande ouverte CO-2026-00632 passée
    au nom de C0007 l'est, en avertissement."""
    orders = workbooks.sheet(*ORDERS)
    open_order = orders.row_of("CO-2026-00632")
    orders.set(open_order, "code_client", "C0007")

    checked = workbooks.validate()

    finding = orders.at(open_order, "code_client", "commande-client-douteux")
    assert finding in checked.new_findings
    assert [issue.flat() for issue in checked.issues
            if issue.code == "commande-client-douteux"] == [finding]
    assert checked.issue(finding).severity is Severity.AVERTISSEMENT


def test_the_organisation_can_let_a_blocked_customers_order_through_as_a_warning(workbooks):
    """1.2.1 Devis et commandes — aléa compte bloqué : la feuille Gravites fait de la
    commande d'un client bloqué un avertissement (accord de la direction) ; une ligne qui
    voudrait adoucir une obligation légale (la numérotation des factures) ou qui nomme un
    code inconnu est elle-même une anomalie bloquante, et ne change rien."""
    order, _ = new_order(workbooks, 640, "C0013", [("ART-0043", 1)])
    allowed = set_severity(workbooks, "commande-client-bloque", "avertissement",
                           "Accord de la direction pour solder le compte")
    legal = set_severity(workbooks, "facture-numerotation-rompue", "avertissement", "")
    unknown = set_severity(workbooks, "commande-client-bloquee", "avertissement", "")

    checked = workbooks.validate()

    severities = workbooks.sheet(*SEVERITIES)
    blocked = workbooks.sheet(*ORDERS).at(order, "code_client", "commande-client-bloque")
    assert allowed < legal < unknown
    assert checked.new_findings == sorted([
        blocked,
        severities.at(legal, "code", "gravite-non-ajustable"),
        severities.at(unknown, "code", "gravite-code-inconnu"),
    ])
    assert checked.issue(blocked).severity is Severity.AVERTISSEMENT
    assert checked.issue(severities.at(legal, "code", "gravite-non-ajustable")).message == (
        "la gravité de « facture-numerotation-rompue » (Numéro de facture manquant) est "
        "fixée : bloquant, quel que soit le choix de la feuille")


def test_a_new_order_of_the_doubtful_customer_over_its_limit(workbooks):
    """1.2.1 Devis et commandes — aléa client douteux : une nouvelle commande de C0007,
    classé douteux, est signalée ; comme ses trois vitrines (12 618,72 € TTC) portent aussi
    son encours (427,68 €) au-delà de son plafond de 10 000 €, le dépassement est signalé
    avec elle."""
    order, _ = new_order(workbooks, 640, "C0007", [("ART-0003", 3)])

    checked = workbooks.validate()

    orders = workbooks.sheet(*ORDERS)
    assert checked.new_findings == [
        orders.at(order, "code_client", "commande-client-douteux"),
        orders.at(order, "code_client", "commande-plafond-depasse"),
    ]
    assert "(dépassement de 3\u202f046,40\xa0€)" in checked.issue(
        orders.at(order, "code_client", "commande-plafond-depasse")).message


def test_an_order_above_the_stock_is_a_stock_out_with_the_quantity_short(workbooks):
    """1.2.1 Devis et commandes — aléa rupture de stock : 3 compresseurs 3/4 CV commandés
    le 28/11/2026 alors que le stock est à zéro : il en manque 3."""
    _, lines = new_order(workbooks, 640, "C0019", [("ART-0043", 2), ("ART-0018", 3)])

    checked = workbooks.validate()

    finding = workbooks.sheet(*ORDER_LINES).at(lines[1], "quantite", "commande-rupture-stock")
    assert checked.new_findings == [finding]
    assert checked.issue(finding).message == (
        "commande CO-2026-00640 du 28/11/2026 : 3 ART-0018 commandés, 0 disponibles (stock "
        "de 0, dont 1 attendus par des commandes précédentes) : il en manque 3")


def test_what_earlier_orders_await_is_not_available_to_a_later_one(workbooks):
    """1.2.1 Devis et commandes — aléa rupture de stock : le seul bidon de R452A en stock
    est déjà promis à une commande du même jour, saisie avant : la seconde commande en
    manque un."""
    new_order(workbooks, 640, "C0019", [("ART-0033", 1)])
    _, lines = new_order(workbooks, 641, "C0003", [("ART-0033", 1)])

    checked = workbooks.validate()

    finding = workbooks.sheet(*ORDER_LINES).at(lines[0], "quantite", "commande-rupture-stock")
    assert checked.new_findings == [finding]
    assert checked.issue(finding).message == (
        "commande CO-2026-00641 du 28/11/2026 : 1 ART-0033 commandés, 0 disponibles (stock "
        "de 1, dont 1 attendus par des commandes précédentes) : il en manque 1")


def test_an_urgent_order_not_yet_delivered_is_flagged(workbooks):
    """1.2.1 Devis et commandes — aléa commande urgente : une commande urgente pas encore
    livrée est signalée à sa case « urgente » ; les commandes urgentes déjà livrées de la
    démonstration ne le sont pas."""
    order, _ = new_order(workbooks, 640, "C0019", [("ART-0043", 2), ("ART-0003", 1)],
                         urgente="oui")

    checked = workbooks.validate()

    finding = workbooks.sheet(*ORDERS).at(order, "urgente", "commande-urgente")
    assert checked.new_findings == [finding]
    assert checked.issue(finding).severity is Severity.AVERTISSEMENT
    assert checked.issue(finding).message == (
        "commande urgente CO-2026-00640 du 28/11/2026 pour C0019, à livrer le 10/12/2026 : "
        "2 articles encore à livrer au 30/11/2026")


def test_an_order_citing_the_refused_version_of_its_quote(workbooks):
    """1.2.1 Devis et commandes — aléa erreur sur un devis : la commande CO-2026-00025 cite
    la version 1 de son devis, refusée, au lieu de la version 2 acceptée."""
    orders = workbooks.sheet(*ORDERS)
    row = orders.row_of("CO-2026-00025")
    orders.set(row, "version_devis", 1)

    checked = workbooks.validate()

    finding = orders.at(row, "numero_devis", "commande-devis-non-accepte")
    assert checked.new_findings == [finding]
    assert checked.issue(finding).message == (
        "la commande CO-2026-00025 reprend le devis DV-2026-00001 (version 1), qui est "
        "« refusé »")


def test_an_order_after_the_validity_of_its_quote(workbooks):
    """1.2.1 Devis et commandes — aléa erreur sur un devis : le devis repris n'était valable
    que jusqu'au 05/01/2026, la commande est du 08/01/2026."""
    quotes = workbooks.sheet(*QUOTES)
    quotes.set(quotes.row_of("DV-2026-00001", version=2), "date_validite", date(2026, 1, 5))
    orders = workbooks.sheet(*ORDERS)
    row = orders.row_of("CO-2026-00025")

    checked = workbooks.validate()

    finding = orders.at(row, "date_commande", "commande-devis-expire")
    assert checked.new_findings == [finding]
    assert checked.issue(finding).message == (
        "commande CO-2026-00025 du 08/01/2026 : le devis DV-2026-00001 (version 2) n'était "
        "valable que jusqu'au 05/01/2026")


def test_an_order_line_that_does_not_take_the_quoted_price(workbooks):
    """1.2.1 Devis et commandes — aléa erreur sur un devis : le ruban LED est commandé à
    8,98 € au lieu des 9,98 € du devis accepté."""
    lines = workbooks.sheet(*ORDER_LINES)
    row = lines.row_of("CO-2026-00025", ligne=1)
    lines.set(row, "prix_unitaire_ht", Decimal("8.98"))

    checked = workbooks.validate()

    finding = lines.at(row, "prix_unitaire_ht", "commande-prix-different-du-devis")
    assert checked.new_findings == [finding]
    assert checked.issue(finding).message == (
        "ligne 1 de la commande CO-2026-00025 : ART-0040 à 8,98\xa0€ HT, le devis "
        "DV-2026-00001 (version 2) dit 9,98\xa0€ HT")


def test_an_order_citing_the_quote_of_another_customer(workbooks):
    """1.2.1 Devis et commandes — aléa erreur sur un devis : CO-2026-00025 (C0032) cite le
    devis DV-2026-00274, fait à C0002 et seulement envoyé."""
    orders = workbooks.sheet(*ORDERS)
    row = orders.row_of("CO-2026-00025")
    orders.update(row, numero_devis="DV-2026-00274", version_devis=1)

    checked = workbooks.validate()

    assert checked.new_findings == [
        orders.at(row, "numero_devis", "commande-devis-autre-client"),
        orders.at(row, "numero_devis", "commande-devis-non-accepte"),
    ]
    assert checked.issue(orders.at(row, "numero_devis", "commande-devis-autre-client")).blocking


def test_a_quote_that_sells_at_a_loss_or_below_the_list_price(workbooks):
    """1.2.1 Devis et commandes — aléa erreur sur un devis : sur le devis envoyé
    DV-2026-00274, une remise de 30 % met la vitrine (prix d'achat 1 850,00 €) à
    1 825,95 € net : vente à perte ; sur le brouillon DV-2026-00275, le prix tapé
    (2 400,00 €) est sous le tarif de 2 608,50 €."""
    lines = workbooks.sheet(*QUOTE_LINES)
    loss = lines.row_of("DV-2026-00274", version=1, ligne=1)
    lines.set(loss, "remise_pct", 30)
    below = lines.row_of("DV-2026-00275", version=1, ligne=1)
    lines.set(below, "prix_unitaire_ht", 2400)

    checked = workbooks.validate()

    assert checked.new_findings == [
        lines.at(loss, "prix_unitaire_ht", "devis-vente-a-perte"),
        lines.at(below, "prix_unitaire_ht", "devis-prix-sous-tarif"),
    ]
    assert checked.issue(lines.at(loss, "prix_unitaire_ht", "devis-vente-a-perte")).message == (
        "ligne 1 du devis DV-2026-00274 (version 1) : ART-0001 à 1\u202f825,95\xa0€ HT net des "
        "remises, sous son prix d'achat de 1\u202f850,00\xa0€ HT")


def test_quote_dates_a_validity_before_the_quote_and_a_sent_quote_past_it(workbooks):
    """1.2.1 Devis et commandes — aléa erreur sur un devis : le brouillon du 27/11/2026
    serait valable jusqu'au 20/11/2026 (bloquant) ; le devis envoyé le 20/11/2026 n'est
    plus valable depuis le 25/11/2026 et reste sans réponse : à relancer."""
    quotes = workbooks.sheet(*QUOTES)
    draft = quotes.row_of("DV-2026-00275", version=1)
    quotes.set(draft, "date_validite", date(2026, 11, 20))
    sent = quotes.row_of("DV-2026-00274", version=1)
    quotes.set(sent, "date_validite", date(2026, 11, 25))

    checked = workbooks.validate()

    assert checked.new_findings == sorted([
        quotes.at(sent, "statut", "devis-validite-depassee"),
        quotes.at(draft, "date_validite", "devis-validite-avant-date"),
    ])
    assert checked.blocking == [quotes.at(draft, "date_validite", "devis-validite-avant-date")]


def test_an_order_cancelled_after_its_delivery_is_blocking(workbooks):
    """1.2.1 Devis et commandes — aléa commande annulée : CO-2026-00200, livrée et facturée
    le 13/04/2026, est annulée le 20/04/2026 : l'annulation est refusée, et sa facture,
    qu'aucun avoir n'annule, porte sur une commande annulée."""
    orders = workbooks.sheet(*ORDERS)
    row = orders.row_of("CO-2026-00200")
    orders.update(row, statut="annulée", date_modification=date(2026, 4, 20))
    invoices = workbooks.sheet(*INVOICES)
    invoice = invoices.row_of("FA-2026-00200")

    checked = workbooks.validate()

    assert checked.new_findings == [
        orders.at(row, "date_modification", "commande-modifiee-apres-livraison"),
        invoices.at(invoice, "numero_commande", "facture-commande-annulee"),
    ]
    assert all(issue.blocking for issue in checked.issues
               if issue.flat() in checked.new_findings)


def test_an_order_modified_after_its_delivery_is_blocking(workbooks):
    """1.2.1 Devis et commandes — aléa commande modifiée : CO-2026-00200, livrée le
    13/04/2026, est marquée modifiée le 15/04/2026."""
    orders = workbooks.sheet(*ORDERS)
    row = orders.row_of("CO-2026-00200")
    orders.update(row, statut="modifiée", date_modification=date(2026, 4, 15))

    checked = workbooks.validate()

    finding = orders.at(row, "date_modification", "commande-modifiee-apres-livraison")
    assert checked.new_findings == [finding]
    assert checked.issue(finding).message == (
        "commande CO-2026-00200 modifiée le 15/04/2026, après sa livraison du 13/04/2026")


def test_a_delivered_order_modified_without_a_date_is_blocking(workbooks):
    """1.2.1 Devis et commandes — aléa commande modifiée : CO-2026-00200, livrée le
    13/04/2026, est marquée modifiée sans date de modification : faute de date, le
    changement est tenu pour postérieur à la livraison, et refusé."""
    orders = workbooks.sheet(*ORDERS)
    row = orders.row_of("CO-2026-00200")
    orders.update(row, statut="modifiée", date_modification=None)

    checked = workbooks.validate()

    finding = orders.at(row, "date_modification", "commande-modifiee-apres-livraison")
    assert checked.new_findings == [finding]
    assert checked.issue(finding).blocking
    assert checked.issue(finding).message == (
        "commande CO-2026-00200 modifiée, livrée le 13/04/2026, sans date de modification : "
        "la date manque, le changement est tenu pour postérieur à la livraison")
