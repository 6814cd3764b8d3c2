"""1.2.2 Delivery and invoicing: delivery notes, invoices that reconcile with them, credit
notes that correct them.

Hazards: a wrong product, quantity or discount invoiced (corrected by a credit note), a
return, a late delivery, a carrier dispute, a customer default.

What the records can say of a carrier dispute: the delivery note is « partielle » (or
« retournée »), with its carrier (``transporteur``) and a comment; a claim against the
carrier has no sheet of its own. Agora then reconciles the invoice with what was really
delivered. A customer default is the status of the customer (« bloqué »): its orders
become blocking. (Its unpaid invoices, disputes and debts at risk belong to receivables.)

Demo facts used: FA-2026-00100 (C0017, 17/02/2026) bills BL-2026-00100 of CO-2026-00100
(wished for 18/02/2026): 5 ART-0031 and 8 ART-0041. CO-2026-00200 (C0022) was wished for
14/04/2026 and delivered on 13/04/2026. FA-2026-00619 (C0020, 24/11/2026, not paid yet)
bills BL-2026-00619 (Geodis) of CO-2026-00619: its line 2 is 17 ART-0041 at 9,24 € less
5 %. FA-2026-00608 (C0004, 19/11/2026, not paid yet) is 644,26 € TTC. FA-2026-00630 (C0003,
30/11/2026) bills 6 ART-0055 of BL-2026-00630. The demo's return (AV-2026-00002) credits
FA-2026-00268 of BL-2026-00268. The credit notes appended here cite unpaid invoices, so that
no payment already lettered to them goes beyond what they owe.

A credit note appended here is issued but never archived: the archive's own warning
(``facture-emise-non-archivee``, when the copied folder has an archive) is left aside.
"""

from datetime import date
from decimal import Decimal

from pipelines.issues import Severity

CUSTOMERS = ("clients.xlsx", "Clients")
ORDERS = ("ventes.xlsx", "Commandes")
ORDER_LINES = ("ventes.xlsx", "LignesCommande")
DELIVERIES = ("ventes.xlsx", "Livraisons")
DELIVERY_LINES = ("ventes.xlsx", "LignesLivraison")
INVOICES = ("ventes.xlsx", "Factures")
INVOICE_LINES = ("ventes.xlsx", "LignesFacture")
NOT_ARCHIVED = "facture-emise-non-archivee"
LAST_DAY = date(2026, 11, 30)


def sales_findings(checked) -> list[tuple]:
    """The new findings, but the archive's warning about a document appended here."""
    return [finding for finding in checked.new_findings if finding[3] != NOT_ARCHIVED]


def credit_note(workbooks, number: int, invoice: str, customer: str, order: str,
                lines: list[dict], **values) -> tuple[int, list[int]]:
    """An issued credit note of 30/11/2026 citing `invoice`; its lines, numbered."""
    code = f"AV-2026-{number:05d}"
    row = workbooks.sheet(*INVOICES).append({
        "numero_facture": code, "serie": "AV", "type": "avoir", "date_facture": LAST_DAY,
        "code_client": customer, "numero_commande": order, "date_vente": LAST_DAY,
        "pays_livraison": "FR", "nature": "biens", "devise": "EUR",
        "conditions_paiement": "imputé sur le compte client", "facture_origine": invoice,
        "statut": "émise", **values})
    sheet = workbooks.sheet(*INVOICE_LINES)
    rows = [sheet.append({"numero_facture": code, "ligne": index, **line})
            for index, line in enumerate(lines, start=1)]
    return row, rows


def test_a_draft_invoice_billing_a_delivery_twice_is_a_warning(workbooks):
    """1.2.2 Livraison et facturation — aléa quantité facturée erronée : un brouillon de
    facture refacture les 6 rubans de BL-2026-00630, déjà facturés : 12 facturés pour 6
    livrés ; c'est un brouillon, donc un avertissement avant l'émission."""
    workbooks.sheet(*INVOICES).append({
        "numero_facture": "FA-2026-00631", "serie": "FA", "type": "facture",
        "date_facture": LAST_DAY, "code_client": "C0003", "numero_commande": "CO-2026-00630",
        "numero_livraison": "BL-2026-00630", "date_vente": LAST_DAY, "pays_livraison": "FR",
        "nature": "biens", "devise": "EUR", "statut": "brouillon"})
    lines = workbooks.sheet(*INVOICE_LINES)
    line = lines.append({"numero_facture": "FA-2026-00631", "ligne": 1,
                         "reference": "ART-0055", "designation": "Ruban adhésif aluminium 50 m",
                         "quantite": 6, "prix_unitaire_ht": Decimal("12.21"), "taux_tva": 20})

    checked = workbooks.validate()

    finding = lines.at(line, "quantite", "facture-quantite-non-livree")
    assert checked.new_findings == [finding]
    assert checked.issue(finding).severity is Severity.AVERTISSEMENT
    assert checked.issue(finding).message == (
        "ligne 1 de FA-2026-00631 : pour la commande CO-2026-00630, 12 ART-0055 facturés "
        "(avoirs déduits), 6 livrés : 6 de trop, à corriger par un avoir")


def carrier_lost_two_strips(workbooks) -> int:
    """BL-2026-00619 reached the customer with 15 LED strips out of 17: a carrier dispute."""
    deliveries = workbooks.sheet(*DELIVERIES)
    deliveries.update(deliveries.row_of("BL-2026-00619"), statut="partielle",
                      commentaire="Litige transporteur : deux rubans manquants à la "
                                  "réception, réserves portées sur le bon Geodis")
    lines = workbooks.sheet(*DELIVERY_LINES)
    lines.set(lines.row_of("BL-2026-00619", ligne=2), "quantite", 15)
    return workbooks.sheet(*INVOICE_LINES).row_of("FA-2026-00619", ligne=2)


def test_a_carrier_dispute_leaves_an_invoice_above_the_delivery(workbooks):
    """1.2.2 Livraison et facturation — aléa litige transporteur : le transporteur a perdu
    2 des 17 rubans ; le bon de livraison, partiel, en porte 15, la facture émise 17 : la
    quantité facturée dépasse la livraison, c'est bloquant."""
    invoice_line = carrier_lost_two_strips(workbooks)

    checked = workbooks.validate()

    finding = workbooks.sheet(*INVOICE_LINES).at(invoice_line, "quantite",
                                                 "facture-quantite-non-livree")
    assert checked.new_findings == [finding]
    assert checked.issue(finding).blocking
    assert checked.issue(finding).message == (
        "ligne 2 de FA-2026-00619 : pour la commande CO-2026-00619, 17 ART-0041 facturés "
        "(avoirs déduits), 15 livrés : 2 de trop, à corriger par un avoir")


def test_a_credit_note_for_the_lost_items_settles_the_invoice(workbooks):
    """1.2.2 Livraison et facturation — aléa litige transporteur : l'avoir des deux rubans
    perdus (2 × 9,24 € moins 5 %) rapproche la facture de la livraison, et la commande
    n'attend plus rien (rien à livrer, donc ni retard ni rupture) : plus d'anomalie."""
    carrier_lost_two_strips(workbooks)
    credit_note(workbooks, 4, "FA-2026-00619", "C0020", "CO-2026-00619", [
        {"reference": "ART-0041", "designation": "Ruban LED 24 V blanc neutre",
         "quantite": 2, "prix_unitaire_ht": Decimal("9.24"), "taux_tva": 20,
         "remise_pct": 5}], commentaire="Rubans perdus par le transporteur")

    checked = workbooks.validate()

    assert sales_findings(checked) == []


def test_a_wrong_product_delivered_and_invoiced(workbooks):
    """1.2.2 Livraison et facturation — aléa mauvais produit : l'entrepôt a livré 8 rubans
    blanc chaud (ART-0040) au lieu des 8 blanc neutre (ART-0041) commandés et facturés :
    la facture porte un article non livré, la livraison un article non commandé, et la
    commande attend toujours ses rubans blanc neutre : elle est en retard, et la rupture de
    sa date de commande (aucun ruban blanc neutre en stock le 11/02/2026) réapparaît."""
    deliveries = workbooks.sheet(*DELIVERY_LINES)
    delivered = deliveries.row_of("BL-2026-00100", ligne=2)
    deliveries.set(delivered, "reference", "ART-0040")
    invoiced = workbooks.sheet(*INVOICE_LINES).row_of("FA-2026-00100", ligne=2)

    checked = workbooks.validate()

    wrong_invoice = workbooks.sheet(*INVOICE_LINES).at(invoiced, "quantite",
                                                       "facture-quantite-non-livree")
    wrong_delivery = deliveries.at(delivered, "quantite", "livraison-quantite-superieure-commande")
    orders = workbooks.sheet(*ORDERS)
    overdue = orders.at(orders.row_of("CO-2026-00100"), "date_livraison_souhaitee",
                        "commande-en-retard")
    short = workbooks.sheet(*ORDER_LINES).at(
        workbooks.sheet(*ORDER_LINES).row_of("CO-2026-00100", ligne=2), "quantite",
        "commande-rupture-stock")
    assert checked.new_findings == sorted([overdue, short, wrong_delivery, wrong_invoice])
    assert checked.issue(wrong_invoice).message == (
        "ligne 2 de FA-2026-00100 : pour la commande CO-2026-00100, 8 ART-0041 facturés "
        "(avoirs déduits), aucun livré : 8 de trop, à corriger par un avoir")
    assert checked.issue(wrong_delivery).message == (
        "livraison BL-2026-00100 : 8 ART-0040 livrés pour la commande CO-2026-00100, "
        "l'article n'est pas dans la commande")


def test_a_wrong_discount_is_corrected_by_a_credit_note_within_the_invoice(workbooks):
    """1.2.2 Livraison et facturation — aléa remise erronée : FA-2026-00608 (644,26 € TTC)
    a oublié une remise de 10,00 € HT ; l'avoir de la différence passe, mais un second avoir
    tapé à 1 000,00 € HT dépasserait, avec les avoirs précédents, le TTC de la facture."""
    discount = {"designation": "Remise oubliée sur les détendeurs", "quantite": 1,
                "prix_unitaire_ht": Decimal("10.00"), "taux_tva": 20}
    credit_note(workbooks, 4, "FA-2026-00608", "C0004", "CO-2026-00608", [discount])
    typo, _ = credit_note(workbooks, 5, "FA-2026-00608", "C0004", "CO-2026-00608",
                          [{**discount, "prix_unitaire_ht": Decimal("1000.00")}])

    checked = workbooks.validate()

    finding = workbooks.sheet(*INVOICES).at(typo, "facture_origine", "avoir-depasse-facture")
    assert sales_findings(checked) == [finding]
    assert checked.issue(finding).blocking
    assert checked.issue(finding).message == (
        "l'avoir AV-2026-00005 de 1\u202f200,00\xa0€ TTC ; avec les avoirs précédents "
        "(12,00\xa0€), 1\u202f212,00\xa0€ : plus que la facture FA-2026-00608 de "
        "644,26\xa0€ TTC (dépassement de 567,74\xa0€)")


def test_a_returned_delivery_needs_a_credit_note(workbooks):
    """1.2.2 Livraison et facturation — aléa retour : BL-2026-00100, facturée, revient chez
    nous sans avoir : à créditer ; BL-2026-00268, retournée elle aussi, a déjà son avoir
    (AV-2026-00002 cite sa facture) : rien à dire."""
    deliveries = workbooks.sheet(*DELIVERIES)
    returned = deliveries.row_of("BL-2026-00100")
    deliveries.set(returned, "statut", "retournée")
    deliveries.set(deliveries.row_of("BL-2026-00268"), "statut", "retournée")

    checked = workbooks.validate()

    finding = deliveries.at(returned, "statut", "livraison-retournee-sans-avoir")
    assert checked.new_findings == [finding]
    assert checked.issue(finding).message == (
        "livraison BL-2026-00100 du 17/02/2026 retournée, facturée par FA-2026-00100 : aucun "
        "avoir ne cite cette facture")


def test_late_deliveries_and_an_overdue_order(workbooks):
    """1.2.2 Livraison et facturation — aléa retard de livraison : CO-2026-00200 était
    souhaitée le 10/04/2026, livrée le 13/04/2026 ; une commande du 20/11/2026 à livrer le
    25/11/2026 n'est toujours pas partie au 30/11/2026."""
    orders = workbooks.sheet(*ORDERS)
    orders.set(orders.row_of("CO-2026-00200"), "date_livraison_souhaitee", date(2026, 4, 10))
    open_order = orders.append({
        "numero_commande": "CO-2026-00640", "date_commande": date(2026, 11, 20),
        "code_client": "C0019", "statut": "confirmée", "urgente": "non",
        "date_livraison_souhaitee": date(2026, 11, 25)})
    workbooks.sheet(*ORDER_LINES).append({
        "numero_commande": "CO-2026-00640", "ligne": 1, "reference": "ART-0043",
        "designation": "Spots encastrables LED 10 W", "quantite": 2,
        "prix_unitaire_ht": Decimal("118.80"), "taux_tva": 20})
    deliveries = workbooks.sheet(*DELIVERIES)
    late = deliveries.row_of("BL-2026-00200")

    checked = workbooks.validate()

    overdue = orders.at(open_order, "date_livraison_souhaitee", "commande-en-retard")
    shipped_late = deliveries.at(late, "date_livraison", "livraison-en-retard")
    assert checked.new_findings == sorted([overdue, shipped_late])
    assert checked.issue(shipped_late).message == (
        "livraison BL-2026-00200 du 13/04/2026 : la commande CO-2026-00200 était à livrer le "
        "10/04/2026 (3 jours de retard)")
    assert checked.issue(overdue).message == (
        "commande CO-2026-00640 de C0019 à livrer le 25/11/2026 : 1 article encore à livrer "
        "au 30/11/2026 (5 jours de retard)")


def test_a_customer_in_default_has_its_orders_blocked(workbooks):
    """1.2.2 Livraison et facturation — aléa défaillance du client : Primeur Lambert (C0007),
    douteux, ne paie plus ; la direction bloque son compte : toute commande encore ouverte
    du client devient bloquante ; sa commande de juin, livrée et facturée, n'est pas
    signalée. Sa créance est au contentieux depuis le 30/10/2026 : bloqué, le client n'est
    plus classé douteux, ce que sa fiche signale aussi."""
    customers = workbooks.sheet(*CUSTOMERS)
    customer = customers.row_of("C0007")
    customers.set(customer, "statut", "bloqué")

    checked = workbooks.validate()

    assert checked.new_findings == [
        customers.at(customer, "statut", "client-contentieux-non-douteux")]
    assert not [issue for issue in checked.issues if issue.code == "commande-client-douteux"]


def test_intra_eu_invoices_without_the_customers_vat_number_are_blocking(workbooks):
    """1.2.2 Livraison et facturation — exportations UE : le numéro de TVA de Kühltechnik
    Fischer (C0005, Allemagne) est effacé ; ses factures, exonérées comme livraisons
    intracommunautaires (art. 262 ter I), ne portent plus le numéro qu'exige la loi : chacune
    est bloquante, et la fiche client est signalée."""
    customers = workbooks.sheet(*CUSTOMERS)
    customer = customers.row_of("C0005")
    customers.set(customer, "numero_tva", None)
    invoices = workbooks.sheet(*INVOICES)
    billed = invoices.rows_where(code_client="C0005", type="facture")

    checked = workbooks.validate()

    assert len(billed) >= 5
    assert checked.new_findings == sorted(
        [customers.at(customer, "numero_tva", "tva-intracommunautaire-manquante")]
        + [invoices.at(row, "code_client", "facture-tva-client-manquante") for row in billed])
    assert all(checked.issue(invoices.at(row, "code_client", "facture-tva-client-manquante"))
               .blocking for row in billed)


def test_exports_and_french_vat_invoices_need_no_vat_number(demo):
    """1.2.2 Livraison et facturation — exportations : les clients hors UE de la
    démonstration (Suisse, Royaume-Uni, États-Unis, Maroc) n'ont pas de numéro de TVA
    intracommunautaire, ni Hostelería López (C0021, Espagne), facturée avec la TVA
    française : leurs factures, exportations exonérées (art. 262 I) ou taxées en France,
    n'en demandent pas."""
    invoices = demo.dataset.frame("factures")
    customers = set(invoices["code_client"].to_list())
    assert {"C0014", "C0021", "C0023", "C0030", "C0038"} <= customers
    assert not [issue for issue in demo.issues if issue.code == "facture-tva-client-manquante"]


RATE = "facture-taux-tva-incoherent"
ORGANISATION = ("organisation.xlsx", "Organisation")


def issued_invoice(workbooks, customer: str, rate, country: str = "FR") -> int:
    """FA-2026-00631, issued on 30/11/2026 to `customer`: one line of 2 items at `rate` %;
    the row of its line."""
    workbooks.sheet(*INVOICES).append({
        "numero_facture": "FA-2026-00631", "serie": "FA", "type": "facture",
        "date_facture": LAST_DAY, "code_client": customer, "date_vente": LAST_DAY,
        "pays_livraison": country, "nature": "biens", "devise": "EUR",
        "conditions_paiement": "30 jours", "date_echeance": date(2026, 12, 30),
        "statut": "émise"})
    return workbooks.sheet(*INVOICE_LINES).append({
        "numero_facture": "FA-2026-00631", "ligne": 1, "reference": "ART-0055",
        "designation": "Ruban adhésif aluminium 50 m", "quantite": 2,
        "prix_unitaire_ht": Decimal("12.21"), "taux_tva": rate})


def rate_findings(checked) -> list[tuple]:
    return [finding for finding in checked.new_findings if finding[3] == RATE]


def test_an_invoice_line_at_a_rate_not_in_force_is_blocking(workbooks):
    """1.2.2 Livraison et facturation — aléa taux de TVA erroné : une facture émise à
    Électricité Moreau porte une ligne à 7 %, taux qui n'existe plus en France : bloquant."""
    line = issued_invoice(workbooks, "C0003", 7)

    checked = workbooks.validate()

    finding = workbooks.sheet(*INVOICE_LINES).at(line, "taux_tva", RATE)
    assert rate_findings(checked) == [finding]
    assert checked.issue(finding).blocking
    assert checked.issue(finding).message == (
        "la facture FA-2026-00631, ligne 1 : taux de TVA de 7 % ; ce n'est pas un taux de TVA "
        "en vigueur le 30/11/2026 (taux en vigueur : 20 %, 10 %, 5,5 %, 2,1 %)")


def test_a_french_sale_at_zero_percent_is_blocking(workbooks):
    """1.2.2 Livraison et facturation — aléa taux de TVA erroné : une vente en France
    facturée à 0 % alors qu'elle est taxable : bloquant."""
    line = issued_invoice(workbooks, "C0003", 0)

    checked = workbooks.validate()

    finding = workbooks.sheet(*INVOICE_LINES).at(line, "taux_tva", RATE)
    assert rate_findings(checked) == [finding]
    assert checked.issue(finding).blocking
    assert "la vente est taxable en France" in checked.issue(finding).message


def test_french_vat_on_an_export_is_blocking(workbooks):
    """1.2.2 Livraison et facturation — exportations : une facture au client suisse
    (C0014) porte la TVA à 20 % sur des biens exportés, exonérés (art. 262 I) : bloquant."""
    line = issued_invoice(workbooks, "C0014", 20, country="CH")

    checked = workbooks.validate()

    finding = workbooks.sheet(*INVOICE_LINES).at(line, "taux_tva", RATE)
    assert rate_findings(checked) == [finding]
    assert checked.issue(finding).blocking
    assert checked.issue(finding).message == (
        "la facture FA-2026-00631, ligne 1 : taux de TVA de 20 % ; la vente est une "
        "« exportation exonérée » : elle ne porte pas de TVA française, ses lignes sont à 0 %")


def test_french_vat_on_an_intra_eu_supply_is_blocking(workbooks):
    """1.2.2 Livraison et facturation — exportations UE : une facture de biens livrés en
    Allemagne à Kühltechnik Fischer (C0005), qui a un numéro de TVA intracommunautaire,
    porte la TVA à 20 % au lieu de l'exonération (art. 262 ter I) : bloquant."""
    line = issued_invoice(workbooks, "C0005", 20, country="DE")

    checked = workbooks.validate()

    finding = workbooks.sheet(*INVOICE_LINES).at(line, "taux_tva", RATE)
    assert rate_findings(checked) == [finding]
    assert checked.issue(finding).blocking
    assert "« livraison intracommunautaire exonérée »" in checked.issue(finding).message


def test_a_franchise_organisation_charging_vat_is_blocking(workbooks):
    """1.2.2 Livraison et facturation — franchise en base : l'organisation passe en
    franchise (art. 293 B) ; chaque ligne de facture qui porte encore de la TVA est
    bloquante."""
    organisation = workbooks.sheet(*ORGANISATION)
    organisation.set(2, "regime_tva", "franchise")
    lines = workbooks.sheet(*INVOICE_LINES)
    taxed = [row for row in range(2, lines.worksheet.max_row + 1)
             if lines.get(row, "numero_facture") and lines.get(row, "taux_tva")]

    checked = workbooks.validate()

    assert len(taxed) > 1000
    assert rate_findings(checked) == sorted(lines.at(row, "taux_tva", RATE) for row in taxed)
    first = checked.issue(lines.at(taxed[0], "taux_tva", RATE))
    assert first.blocking
    assert "l'organisation est en franchise en base de TVA (CGI art. 293 B)" in first.message
