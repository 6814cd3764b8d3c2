"""1.3.2 Commercial dashboards: what customers owe is one figure, wherever it is shown.

Hazard: figures that do not reconcile. With the sales workbook, a customer's encours is
computed from its invoices, credit notes and payments (the rest due in euros at the as-of
date), so the page « Encours clients », the overview line, the customer file and the
credit-limit rule on orders agree with the receivables (aged balance) to the cent; the
typed column ``encours`` of Clients serves only without that workbook, and a typed value
that differs is a warning.

Demo facts used: as of 30/11/2026 the customers owe 85 253,21 € in all; C0002 Dauphiné
Froid Service owes 7 948,31 € for a limit of 5 000 € and has no open order; the demo
types no encours in Clients. ART-0043 (spots) sells 118,80 € HT, 20 % VAT.
"""

from datetime import date
from decimal import Decimal

from pipelines.french import money
from pipelines.publish.management import overview_page
from pipelines.publish.parties_pages import (
    CUSTOMERS_DIR,
    customer_pages,
    exposure_page,
    page_by_code,
)
from scenarios.workbooks import one_row

D = Decimal
ORDERS = ("ventes.xlsx", "Commandes")
ORDER_LINES = ("ventes.xlsx", "LignesCommande")
CUSTOMERS = ("clients.xlsx", "Clients")
AS_OF = date(2026, 11, 30)


def test_the_encours_page_overview_and_file_agree_with_the_aged_balance(demo):
    """1.3.2 Rapprochement des encours — aléa chiffres qui ne se rapprochent pas :
    l'encours total de la page « Encours clients » et de la vue d'ensemble est, au
    centime près, le total dû de la balance âgée ; l'encours de chaque client est son
    total dû, et la fiche de C0002 dit son dépassement."""
    figures = demo.computed.management
    aged = figures["balance_agee"].frame
    total = aged["total_du"].sum()
    assert total == D("85253.21")
    exposure = figures["encours_clients"].frame
    assert exposure["encours"].sum() == total
    owed = dict(zip(aged["code_client"], aged["total_du"], strict=True))
    for row in exposure.to_dicts():
        assert row["encours"] == owed.get(row["code_client"], D(0)), row["code_client"]
    assert figures["encours_synthese"].frame["encours_total"].item() == total
    assert figures["creances_synthese"].frame["total_du"].item() == total

    page = exposure_page(figures, AS_OF)
    assert f"Encours total : **{money(total)}**" in page.body
    overview = overview_page(figures, [], AS_OF)
    assert f"- [Encours clients](encours.md) : {money(total)}, " in overview.body
    assert f"- [Créances clients](creances/index.md) : {money(total)} dus" in overview.body

    c0002 = one_row(exposure, code_client="C0002")
    assert (c0002["encours"], c0002["plafond_credit"], c0002["disponible"]) == (
        D("7948.31"), D("5000"), D("-2948.31"))
    over = exposure.filter(depassement=True).select("code_client", "encours").rows()
    # C0004 Brasserie Richard owes 4 454,79 € for a limit lowered to 4 000 € (its note)
    assert ("C0004", D("4454.79")) in over and ("C0002", D("7948.31")) in over
    name = page_by_code(figures["clients"], "code_client")["C0002"]
    [file] = [p for p in customer_pages(figures["clients"], None, AS_OF, figures)
              if p.path == f"{CUSTOMERS_DIR}/{name}.md"]
    assert ("Encours de 7\u202f948,31\u00a0€ pour un plafond de 5\u202f000,00\u00a0€ : "
            "**dépassement de 2\u202f948,31\u00a0€**.") in file.body


def test_a_customer_owing_more_than_its_limit_is_warned_when_it_orders(workbooks):
    """1.3.2 Rapprochement des encours — aléa chiffres qui ne se rapprochent pas : C0002
    doit 7 948,31 € (selon ses factures et règlements) pour un plafond de 5 000 € ; une
    commande de 142,56 € TTC est signalée avec cet encours calculé, le même que la page
    des encours."""
    order = workbooks.sheet(*ORDERS).append({
        "numero_commande": "CO-2026-00640", "date_commande": date(2026, 11, 28),
        "code_client": "C0002", "reference_acheteur": "BC-0002-900", "statut": "confirmée",
        "urgente": "non", "date_livraison_souhaitee": date(2026, 12, 10),
        "commercial": "S003"})
    workbooks.sheet(*ORDER_LINES).append({
        "numero_commande": "CO-2026-00640", "ligne": 1, "reference": "ART-0043",
        "designation": "Spots encastrables LED 10 W, boîte de 6", "quantite": 1,
        "prix_unitaire_ht": D("118.80"), "taux_tva": 20})

    checked = workbooks.validate()

    finding = workbooks.sheet(*ORDERS).at(order, "code_client", "commande-plafond-depasse")
    assert checked.new_findings == [finding]
    assert checked.blocking == []
    assert checked.issue(finding).message == (
        "commande CO-2026-00640 du 28/11/2026 de 142,56\u00a0€ TTC : avec l'encours de "
        "7\u202f948,31\u00a0€, le client C0002 doit 8\u202f090,87\u00a0€ pour un plafond de "
        "5\u202f000,00\u00a0€ (dépassement de 3\u202f090,87\u00a0€)")


def test_a_typed_encours_that_differs_from_what_is_owed_is_a_warning(workbooks):
    """1.3.2 Rapprochement des encours — aléa chiffres qui ne se rapprochent pas : un
    encours de 1 222,85 € saisi pour C0002 contredit ce qu'il doit selon les ventes
    (7 948,31 €) : il est signalé à sa cellule avec les deux montants, et n'est pas
    utilisé (la page des encours garde le montant calculé)."""
    sheet = workbooks.sheet(*CUSTOMERS)
    row = sheet.row_of("C0002")
    sheet.update(row, encours=D("1222.85"))

    checked = workbooks.validate()

    finding = sheet.at(row, "encours", "encours-saisi-different")
    assert checked.new_findings == [finding]
    assert checked.issue(finding).message == (
        "encours saisi de 1\u202f222,85\u00a0€ ; selon les factures et les règlements au "
        "30/11/2026, C0002 doit 7\u202f948,31\u00a0€ (écart de -6\u202f725,46\u00a0€)")
    exposure = checked.management_figure("encours_clients")
    assert one_row(exposure, code_client="C0002")["encours"] == D("7948.31")
