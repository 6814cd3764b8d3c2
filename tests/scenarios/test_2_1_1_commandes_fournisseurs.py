"""2.1.1 Purchasing: purchase orders against their receipts, the price list and the stock.

Hazards: a wrong purchase order, an order changed or cancelled, a supplier failure. The
demo has two open orders of stock items: the partial delivery (« partiellement reçue »,
6 of 9 received, the balance of 3 expected on 05/12/2026) and the reorder of the item
out of stock (« confirmée », expected on 08/12/2026, nothing received).
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from .workbooks import one_row

ORDERS = ("achats.xlsx", "CommandesAchat")
ORDER_LINES = ("achats.xlsx", "LignesCommandeAchat")
RECEIPTS = ("achats.xlsx", "Receptions")
RECEIPT_LINES = ("achats.xlsx", "LignesReception")
PARTIAL = "partiellement reçue"


def partial_order(workbooks) -> tuple[int, int]:
    """The rows of the partial delivery's order and of its line."""
    orders, lines = workbooks.sheet(*ORDERS), workbooks.sheet(*ORDER_LINES)
    row = orders.row_of(commentaire="Livraison partielle : solde de 3 attendu")
    return row, lines.row_of(numero_commande=orders.get(row, "numero_commande"))


def restock_order(workbooks) -> tuple[int, int]:
    orders, lines = workbooks.sheet(*ORDERS), workbooks.sheet(*ORDER_LINES)
    row = orders.row_of(commentaire="Réassort après la rupture du 24/11/2026")
    return row, lines.row_of(numero_commande=orders.get(row, "numero_commande"))


def test_the_open_orders_show_what_remains_to_receive(demo, workbooks):
    """2.1.1 Commandes fournisseurs — suivi : la livraison partielle attend son solde de 3, le
    réassort ses 4 unités ; aucune n'est en retard au 30/11/2026."""
    orders = workbooks.sheet(*ORDERS)
    row, line = partial_order(workbooks)
    lines = workbooks.sheet(*ORDER_LINES)
    open_lines = demo.management_figure("commandes_fournisseurs_en_cours")
    partial = one_row(open_lines, numero_commande=orders.get(row, "numero_commande"))
    assert (partial["quantite"], partial["quantite_recue"], partial["reste_attendu"]) == (
        Decimal(9), Decimal(6), Decimal(3))
    price, discount = lines.get(line, "prix_unitaire_ht"), lines.get(line, "remise_pct") or 0
    assert partial["valeur_reste_ht"] == (Decimal(3) * Decimal(str(price))
                                          * (100 - Decimal(str(discount))) / 100
                                          ).quantize(Decimal("0.01"))
    assert not partial["en_retard"]
    restock, _ = restock_order(workbooks)
    assert one_row(open_lines, numero_commande=orders.get(restock, "numero_commande"))[
        "date_livraison_prevue"] == date(2026, 12, 8)
    assert demo.management_figure("commandes_fournisseurs_en_retard").is_empty()


def test_a_supplier_failure_is_a_late_order_with_its_balance(workbooks):
    """2.1.1 Commandes fournisseurs — aléa défaillance du fournisseur : le solde de la livraison
    partielle, prévu le 25/11/2026, manque encore au 30/11/2026 : 5 jours de retard."""
    orders = workbooks.sheet(*ORDERS)
    row, _ = partial_order(workbooks)
    orders.set(row, "date_livraison_prevue", date(2026, 11, 25))

    checked = workbooks.validate()

    finding = ORDERS + (orders.cell(row, "date_livraison_prevue"), "commande-achat-en-retard")
    assert checked.new_findings == [finding]
    assert "5 jours de retard au 30/11/2026 : 1 ligne(s) à recevoir" in \
        checked.issue(finding).message


def test_a_wrong_purchase_order_is_priced_against_the_price_list(workbooks):
    """2.1.1 Commandes fournisseurs — aléa bon de commande erroné : le réassort commandé 10 € au-
    dessus du tarif en vigueur à sa date est signalé à son prix."""
    lines = workbooks.sheet(*ORDER_LINES)
    _, line = restock_order(workbooks)
    price = Decimal(str(lines.get(line, "prix_unitaire_ht")))
    lines.set(line, "prix_unitaire_ht", float(price + 10))

    checked = workbooks.validate()

    finding = ORDER_LINES + (lines.cell(line, "prix_unitaire_ht"), "commande-achat-hors-tarif")
    assert checked.new_findings == [finding]
    assert not checked.issue(finding).blocking


def test_an_item_ordered_from_another_supplier_is_flagged(workbooks):
    """2.1.1 Commandes fournisseurs — aléa bon de commande erroné : le réassort adressé à un
    fournisseur qui ne vend pas l'article est signalé à la référence."""
    orders, lines = workbooks.sheet(*ORDERS), workbooks.sheet(*ORDER_LINES)
    row, line = restock_order(workbooks)
    other = "F0005" if orders.get(row, "code_fournisseur") != "F0005" else "F0007"
    orders.set(row, "code_fournisseur", other)

    checked = workbooks.validate()

    assert checked.new_findings == [
        ORDER_LINES + (lines.cell(line, "reference"), "commande-achat-article-autre-fournisseur")]


def test_an_order_cut_below_what_was_received_is_flagged(workbooks):
    """2.1.1 Commandes fournisseurs — aléa commande modifiée : la livraison partielle réduite à
    4 unités après en avoir reçu 6 : réception au-delà de la commande, et le statut
    « partiellement reçue » n'est plus juste."""
    orders, lines = workbooks.sheet(*ORDERS), workbooks.sheet(*ORDER_LINES)
    row, line = partial_order(workbooks)
    lines.set(line, "quantite", 4)
    orders.update(row, date_modification=date(2026, 11, 26), motif="Besoin revu à la baisse")

    checked = workbooks.validate()

    assert checked.new_findings == sorted([
        ORDER_LINES + (lines.cell(line, "quantite"), "reception-au-dela-commande"),
        ORDERS + (orders.cell(row, "statut"), "commande-achat-statut-incoherent"),
    ])


def test_a_cancelled_order_leaves_the_open_orders(workbooks):
    """2.1.1 Commandes fournisseurs — aléa commande annulée : le réassort annulé n'attend plus
    rien ; annuler la livraison partielle déjà reçue en partie contredit sa réception."""
    orders = workbooks.sheet(*ORDERS)
    restock, _ = restock_order(workbooks)
    orders.update(restock, statut="annulée", date_modification=date(2026, 11, 27),
                  motif="Article remplacé au catalogue")
    partial, _ = partial_order(workbooks)
    orders.update(partial, statut="annulée", date_modification=date(2026, 11, 27))

    checked = workbooks.validate()

    finding = ORDERS + (orders.cell(partial, "statut"), "commande-achat-statut-incoherent")
    assert checked.new_findings == [finding]
    assert "« annulée » alors qu'une réception existe" in checked.issue(finding).message
    numbers = checked.management_figure("commandes_fournisseurs_en_cours")["numero_commande"]
    assert orders.get(restock, "numero_commande") not in numbers.to_list()
    assert orders.get(partial, "numero_commande") not in numbers.to_list()


def test_receipt_quantities_that_do_not_add_up_are_blocking(workbooks):
    """2.1.1 Réceptions — aléa marchandise endommagée : une ligne de réception dont la quantité
    livrée n'est pas acceptée + refusée + endommagée est bloquante."""
    receipt_lines = workbooks.sheet(*RECEIPT_LINES)
    row = receipt_lines.row_of(quantite_endommagee=1)
    receipt_lines.set(row, "quantite_endommagee", None)

    checked = workbooks.validate()

    finding = RECEIPT_LINES + (receipt_lines.cell(row, "quantite_livree"),
                               "reception-quantites-incoherentes")
    assert finding in checked.new_findings and finding in checked.blocking


def test_a_receipt_that_disagrees_with_the_stock_journal_is_blocking(workbooks):
    """2.1.1 Réceptions — aléa stock endommagé : une réception acceptant une unité de plus que
    l'entrée en stock « achat » de même pièce est bloquante."""
    receipt_lines = workbooks.sheet(*RECEIPT_LINES)
    row = 2
    accepted = receipt_lines.get(row, "quantite_acceptee")
    receipt_lines.update(row, quantite_acceptee=accepted + 1,
                         quantite_livree=receipt_lines.get(row, "quantite_livree") + 1)

    checked = workbooks.validate()

    finding = RECEIPT_LINES + (receipt_lines.cell(row, "quantite_acceptee"),
                               "reception-stock-different")
    assert finding in checked.new_findings and finding in checked.blocking
    assert f"{accepted + 1} accepté(s), {accepted} entré(s) en stock" in \
        checked.issue(finding).message


def test_a_receipt_dated_before_its_order_is_blocking(workbooks):
    """2.1.1 Réceptions — aléa commande modifiée : une réception datée avant sa commande est
    bloquante."""
    receipts = workbooks.sheet(*RECEIPTS)
    row = 2
    receipts.set(row, "date_reception", date(2025, 12, 20))

    checked = workbooks.validate()

    finding = RECEIPTS + (receipts.cell(row, "date_reception"), "reception-avant-commande")
    assert finding in checked.blocking


def test_delivery_delays_by_supplier(demo):
    """2.1.1 Commandes fournisseurs — aléa retard de livraison : chaque fournisseur a son nombre
    de réceptions en retard et son retard maximal."""
    delays = demo.management_figure("retards_fournisseurs")
    assert delays["receptions_en_retard"].sum() > 0
    assert (delays["receptions_en_retard"] <= delays["receptions"]).all()
    assert delays.filter(pl.col("receptions_en_retard") > 0)["retard_maximal_jours"].min() >= 1


def test_a_damaged_unit_in_claim_is_neither_expected_nor_on_order(demo, workbooks):
    """2.1.1 Commandes fournisseurs — aléa défaillance : la commande dont la seule unité manquante
    est arrivée endommagée (en réclamation, un avoir est attendu) n'attend plus rien ; le
    stock ne la compte pas en commande non plus (une seule définition du reste attendu)."""
    receipt_lines = workbooks.sheet(*RECEIPT_LINES)
    damaged = receipt_lines.row_of(quantite_endommagee=1)
    number = receipt_lines.get(damaged, "numero_commande")
    open_lines = demo.management_figure("commandes_fournisseurs_en_cours")
    assert number not in open_lines["numero_commande"].to_list()
    on_order = demo.management_figure("stock_commandes_fournisseurs")
    assert number not in on_order["numero_commande"].to_list()
    stock_orders = set(on_order["numero_commande"].to_list())
    item_orders = set(open_lines.filter(pl.col("reference").is_not_null())[
        "numero_commande"].to_list())
    assert stock_orders == item_orders


def test_an_order_at_the_net_price_of_the_list_is_not_off_the_list(workbooks):
    """2.1.1 Commandes fournisseurs — aléa bon de commande erroné : une ligne commandée au prix net
    du tarif (prix remisé saisi sans remise) n'est pas hors tarif, et sa facture au prix
    brut avec la remise n'est pas un écart de prix : on compare des prix nets."""
    lines = workbooks.sheet(*ORDER_LINES)
    line = lines.rows_where(remise_pct=3)[0]
    price = Decimal(str(lines.get(line, "prix_unitaire_ht")))
    net_price = (price * 97 / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
    lines.update(line, prix_unitaire_ht=float(net_price), remise_pct=None)

    checked = workbooks.validate()

    assert checked.new_findings == []
