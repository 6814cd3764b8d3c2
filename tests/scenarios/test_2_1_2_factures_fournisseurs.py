"""2.1.2 Supplier deliveries and invoices: the invoice register, the three-way match
(order ↔ receipt ↔ invoice), intra-EU acquisitions and imports.

Hazards: a price, quantity or discount mismatch, a late delivery, a lost document. The
demo scripts one of each mismatch (found here by their comments and statuses, since
their numbers follow the generated year): an invoice line priced above its order
(« en litige »), a damaged unit invoiced all the same (« en litige »), an invoice that
forgot its order's quantity-break discount, and an invoice without its scanned original.
"""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from .workbooks import one_row

ORDERS = ("achats.xlsx", "CommandesAchat")
ORDER_LINES = ("achats.xlsx", "LignesCommandeAchat")
RECEIPT_LINES = ("achats.xlsx", "LignesReception")
INVOICES = ("achats.xlsx", "FacturesFournisseurs")
INVOICE_LINES = ("achats.xlsx", "LignesFactureFournisseur")
PURCHASING_CODES = ("rapprochement-", "facture-fournisseur-", "reception-", "commande-achat-")
CENT = Decimal("0.01")


def cents(value) -> Decimal:
    return Decimal(str(value)).quantize(CENT, ROUND_HALF_UP)


def net(quantity, price, discount=None) -> Decimal:
    return cents(Decimal(str(quantity)) * Decimal(str(price))
                 * (100 - Decimal(str(discount or 0))) / 100)


def invoice_line_of(workbooks, comment: str) -> tuple[int, int]:
    """The (invoice row, line row) of the demo invoice with this comment (one line)."""
    invoices, lines = workbooks.sheet(*INVOICES), workbooks.sheet(*INVOICE_LINES)
    row = invoices.row_of(commentaire=comment)
    return row, lines.row_of(numero_piece=invoices.get(row, "numero_piece"))


def order_line_row(workbooks, lines, row: int) -> int:
    orders = workbooks.sheet(*ORDER_LINES)
    return orders.row_of(numero_commande=lines.get(row, "numero_commande"),
                         ligne=lines.get(row, "ligne_commande"))


def purchasing(findings) -> list[tuple]:
    return sorted(f for f in findings if f[3].startswith(PURCHASING_CODES))


def test_the_demo_gives_exactly_its_scripted_purchasing_findings(demo, workbooks):
    """2.1.2 Factures fournisseurs — aléas écart de prix, de quantité, de remise, document perdu :
    la démonstration donne exactement ses quatre constats d'achat, aucun bloquant."""
    invoices, lines = workbooks.sheet(*INVOICES), workbooks.sheet(*INVOICE_LINES)
    _, priced = invoice_line_of(workbooks, "Prix unitaire facturé au-dessus du prix de la "
                                           "commande")
    _, damaged = invoice_line_of(workbooks, "Un article reçu endommagé est facturé : avoir "
                                            "demandé au fournisseur")
    lost = invoices.row_of(justificatif=None)
    discount_rows = [row for row in lines.rows_where(remise_pct=None)
                     if workbooks.sheet(*ORDER_LINES).get(order_line_row(workbooks, lines, row),
                                                          "remise_pct")]
    assert len(discount_rows) == 1
    assert purchasing(demo.findings) == sorted([
        INVOICES + (f"P{lost}", "facture-fournisseur-sans-justificatif"),
        INVOICE_LINES + (lines.cell(priced, "prix_unitaire_ht"), "rapprochement-prix-commande"),
        INVOICE_LINES + (lines.cell(damaged, "quantite"), "rapprochement-avoir-attendu"),
        INVOICE_LINES + (lines.cell(discount_rows[0], "remise_pct"), "rapprochement-remise"),
    ])
    assert not demo.blocking


def test_a_price_above_the_order_is_claimed_for_the_difference(demo, workbooks):
    """2.1.2 Factures fournisseurs — aléa écart de prix : la ligne facturée 4 % au-dessus de sa
    commande est signalée avec l'écart HT, quantité × différence de prix."""
    lines = workbooks.sheet(*INVOICE_LINES)
    _, row = invoice_line_of(workbooks, "Prix unitaire facturé au-dessus du prix de la commande")
    ordered = workbooks.sheet(*ORDER_LINES).get(order_line_row(workbooks, lines, row),
                                                "prix_unitaire_ht")
    quantity, billed = lines.get(row, "quantite"), lines.get(row, "prix_unitaire_ht")
    discount = lines.get(row, "remise_pct")
    assert cents(billed) == cents(Decimal(str(ordered)) * Decimal("1.04"))
    expected = net(quantity, billed, discount) - net(quantity, ordered, discount)
    figure = demo_discrepancies(demo)
    finding = one_row(figure, numero_piece=lines.get(row, "numero_piece"))
    assert finding["nature"] == "prix au-dessus de la commande"
    assert finding["montant_ecart_ht"] == expected > 0
    assert finding["_ligne"] == row


def test_a_damaged_unit_invoiced_awaits_its_credit_note(demo, workbooks):
    """2.1.2 Factures fournisseurs — aléa écart de quantité : l'unité reçue endommagée et facturée
    quand même attend son avoir, pour le prix d'une unité."""
    lines = workbooks.sheet(*INVOICE_LINES)
    _, row = invoice_line_of(workbooks, "Un article reçu endommagé est facturé : avoir demandé "
                                        "au fournisseur")
    finding = one_row(demo_discrepancies(demo), numero_piece=lines.get(row, "numero_piece"))
    assert finding["nature"] == "avoir attendu : quantité refusée ou endommagée facturée"
    assert finding["montant_ecart_ht"] == net(1, lines.get(row, "prix_unitaire_ht"),
                                              lines.get(row, "remise_pct"))
    receipt_lines = workbooks.sheet(*RECEIPT_LINES)
    received = receipt_lines.row_of(quantite_endommagee=1)
    assert receipt_lines.get(received, "numero_reception") in finding["receptions"]


def test_a_quantity_billed_twice_over_is_a_quantity_mismatch(workbooks):
    """2.1.2 Factures fournisseurs — aléa écart de quantité : trois unités de plus facturées sur
    une ligne sans casse ni refus, l'écart est trois fois le prix net."""
    lines = workbooks.sheet(*INVOICE_LINES)
    row = lines.row_of(numero_piece="FF-2026-00001")
    quantity, price = lines.get(row, "quantite"), lines.get(row, "prix_unitaire_ht")
    lines.set(row, "quantite", quantity + 3)
    invoices = workbooks.sheet(*INVOICES)
    header = invoices.row_of("FF-2026-00001")
    total = Decimal(str(invoices.get(header, "total_ttc")))
    invoices.set(header, "total_ttc", float(total + net(3, price) * Decimal("1.2")))

    checked = workbooks.validate()

    finding = INVOICE_LINES + (lines.cell(row, "quantite"), "rapprochement-quantite")
    assert purchasing(checked.new_findings) == [finding]  # the payment no longer covers it
    message = checked.issue(finding).message
    assert f"{quantity + 3} unités en cumul, avoirs déduits" in message
    assert "3 facturées en trop" in message
    assert f"écart {format_money(net(3, price))} HT" in message


def test_a_late_delivery_is_a_late_order_with_its_days(workbooks):
    """2.1.2 Livraisons fournisseurs — aléa retard de livraison : la commande de réassort, prévue
    le 20/11/2026 et toujours pas reçue au 30/11/2026, a 10 jours de retard."""
    orders = workbooks.sheet(*ORDERS)
    row = orders.row_of(commentaire="Réassort après la rupture du 24/11/2026")
    orders.set(row, "date_livraison_prevue", date(2026, 11, 20))

    checked = workbooks.validate()

    finding = ORDERS + (orders.cell(row, "date_livraison_prevue"), "commande-achat-en-retard")
    assert checked.new_findings == [finding]
    assert "10 jours de retard au 30/11/2026" in checked.issue(finding).message
    late = one_row(checked.management_figure("commandes_fournisseurs_en_retard"),
                   numero_commande=orders.get(row, "numero_commande"))
    assert late["jours_de_retard"] == 10


def test_a_lost_invoice_is_a_warning_on_its_deductible_vat(workbooks):
    """2.1.2 Factures fournisseurs — aléa document perdu : une facture sans justificatif est un
    avertissement, et sa TVA est retenue à part, non déductible sans la facture (CGI
    art. 271 II-1 a)."""
    invoices = workbooks.sheet(*INVOICES)
    row = invoices.row_of("FF-2026-00002")
    invoices.set(row, "justificatif", None)

    checked = workbooks.validate()

    finding = INVOICES + (invoices.cell(row, "justificatif"),
                          "facture-fournisseur-sans-justificatif")
    assert checked.new_findings == [finding]
    assert not checked.issue(finding).blocking
    before = one_row(demo_register(checked), numero_piece="FF-2026-00002")
    charged = before["tva_facturee_eur"] + before["tva_autoliquidee_eur"]
    assert charged > 0, "the invoice carries VAT"
    assert before["tva_non_deductible_sans_facture_eur"] == charged
    assert before["tva_deductible_eur"] == before["tva_importation_eur"]
    vat = one_row(checked.management_figure("factures_fournisseurs_tva"),
                  cas_tva=before["cas_tva"])
    assert vat["tva_non_deductible_sans_facture_eur"] >= charged


def test_a_printed_total_that_the_lines_do_not_give_is_blocking(workbooks):
    """2.1.2 Factures fournisseurs — aléa écart de prix : un total TTC saisi 10 € au-dessus de ses
    lignes est bloquant à sa cellule."""
    invoices = workbooks.sheet(*INVOICES)
    row = invoices.row_of("FF-2026-00001")
    invoices.set(row, "total_ttc", float(Decimal(str(invoices.get(row, "total_ttc"))) + 10))

    checked = workbooks.validate()

    finding = INVOICES + (invoices.cell(row, "total_ttc"), "facture-fournisseur-total-different")
    assert purchasing(checked.new_findings) == [finding]
    assert checked.issue(finding).blocking


def test_reverse_charge_and_import_vat_in_the_register(demo):
    """2.1.2 Factures fournisseurs — importations UE et hors UE : l'acquisition intracommunautaire
    autoliquide 20 % de son HT en euros, l'importation reprend la TVA de sa déclaration."""
    register = demo_register(demo)
    intra = register.filter(pl.col("cas_tva") == "acquisition intracommunautaire").row(
        0, named=True)
    assert intra["tva_facturee"] == 0 and intra["total_ttc"] == intra["total_ht"]
    assert intra["tva_autoliquidee_eur"] == cents(intra["total_ht_eur"] * Decimal("0.2"))
    imported = register.filter((pl.col("cas_tva") == "importation")
                               & (pl.col("type") == "facture")).row(0, named=True)
    rows = demo.dataset.frame("factures_fournisseurs").filter(
        pl.col("numero_piece") == imported["numero_piece"])
    assert imported["tva_importation_eur"] == rows["tva_importation"][0]
    assert imported["total_ht_eur"] == cents(imported["total_ht"] / imported["taux_change"])


def demo_discrepancies(demo) -> pl.DataFrame:
    return demo.management_figure("ecarts_rapprochement")


def demo_register(demo) -> pl.DataFrame:
    return demo.management_figure("factures_fournisseurs")


def format_money(value: Decimal) -> str:
    from pipelines.french import money
    return money(value)


STOCK_MOVES = ("stock.xlsx", "Mouvements")
CONSUMABLE_MOVES = ("moyens.xlsx", "Consommations")


def test_a_returned_item_without_its_credit_note_awaits_it(workbooks):
    """2.1.2 Factures fournisseurs — aléa article défectueux retourné : le ventilateur renvoyé au
    fournisseur est crédité par l'avoir de la démo ; renvoyé après cet avoir, il attend le
    sien, signalé passé le délai de la feuille Reglages."""
    moves = workbooks.sheet(*STOCK_MOVES)
    row = moves.row_of(type="retour_fournisseur")
    invoices = workbooks.sheet(*INVOICES)
    credit = invoices.row_of(type="avoir", code_fournisseur="F0013")
    credited_on = invoices.get(credit, "date_facture")
    moves.set(row, "date", credited_on + timedelta(days=1))

    checked = workbooks.validate()

    finding = STOCK_MOVES + (moves.cell(row, "type"), "retour-fournisseur-avoir-attendu")
    assert finding in checked.new_findings
    issue = checked.issue(finding)
    assert not issue.blocking
    assert "aucun avoir de ce fournisseur" in issue.message and "F0013" in issue.message


def test_a_returned_consumable_is_credited_by_a_credit_note_on_its_order_line(demo, workbooks):
    """2.1.2 Factures fournisseurs — aléa article défectueux retourné : le toner renvoyé est couvert
    par l'avoir dont la ligne cite la ligne de commande du toner ; sans cet avoir, un avoir
    est attendu."""
    assert not [f for f in demo.findings if f[3] == "retour-fournisseur-avoir-attendu"]
    moves = workbooks.sheet(*CONSUMABLE_MOVES)
    row = moves.row_of(type="retour_fournisseur")
    invoices = workbooks.sheet(*INVOICES)
    credit = invoices.row_of(type="avoir", code_fournisseur="F0010")
    moves.set(row, "date", invoices.get(credit, "date_facture") + timedelta(days=1))

    checked = workbooks.validate()

    finding = CONSUMABLE_MOVES + (moves.cell(row, "type"), "retour-fournisseur-avoir-attendu")
    assert purchasing(checked.new_findings) == [] and finding in checked.new_findings
