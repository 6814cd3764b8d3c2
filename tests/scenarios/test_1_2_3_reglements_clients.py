"""1.2.3 Customer payments: lettrage, customer account, escompte, foreign currencies.

Hazards: an unmatched or wrong payment, a partial payment, an overpayment, an unfounded
customer claim.

Demo rows (ventes.xlsx): Reglements row 13 is RG-2026-00012 (C0003, 190,72 €, lettered on
Lettrage row 15 to FA-2026-00014, due 06/02/2026); Reglements row 18 is RG-2026-00017
(C0009, 1 740,84 €, Lettrage row 20, FA-2026-00009 due 05/02/2026); Reglements row 68 is
RG-2026-00067 (C0003, 11/03/2026), which takes the 20,51 € escompte of FA-2026-00128
(deadline 13/03/2026) on Lettrage row 72; C0030 pays its invoices in US dollars. The last
payment is on row 544. The as-of date is 30/11/2026.
"""

from datetime import date
from decimal import Decimal

from .workbooks import one_row

PAYMENTS = ("ventes.xlsx", "Reglements")
ALLOCATIONS = ("ventes.xlsx", "Lettrage")
D = Decimal


def test_the_demo_payments_are_all_matched(demo):
    """1.2.3 Règlements clients — lettrage : tous les règlements de la démo sont lettrés, aucun
    client n'a de solde créditeur, et l'escompte pris à temps sur FA-2026-00128 la solde."""
    assert demo.management_figure("reglements_non_lettres").is_empty()
    assert demo.management_figure("soldes_crediteurs").is_empty()
    owed = demo.management_figure("creances_ouvertes")
    assert "FA-2026-00128" not in owed["numero_facture"].to_list()
    assert not [f for f in demo.findings if f[3].startswith(("reglement-", "lettrage-",
                                                             "escompte-"))]


def test_dollar_payments_give_their_exchange_differences(demo):
    """1.2.3 Règlements clients — règlement en devise : chaque règlement en dollars est converti
    au cours du jour ; l'écart avec la valeur des factures à leur cours est un gain ou une
    perte de change."""
    exchange = demo.management_figure("differences_de_change")
    row = one_row(exchange, id_reglement="RG-2026-00099")
    assert (row["factures"], row["montant_affecte"], row["taux_reglement"],
            row["montant_affecte_eur"], row["valeur_factures_eur"], row["gain_change"]) == (
        "FA-2026-00060", D("1084.73"), D("1.0669"), D("1016.71"), D("999.01"), D("17.70"))
    assert one_row(exchange, id_reglement="RG-2026-00335")["perte_change"] == D("0.29")
    assert (sum(exchange["gain_change"]), sum(exchange["perte_change"])) == (
        D("40.06"), D("0.29"))


def test_a_payment_that_matches_no_invoice_is_reported_and_kept_as_credit(workbooks):
    """1.2.3 Règlements clients — aléa règlement non identifié : un virement de 500 € de C0005
    lettré avec aucune facture est signalé à sa ligne et reste au crédit du client."""
    payments = workbooks.sheet(*PAYMENTS)
    row = payments.append({"id_reglement": "RG-2026-00900", "date_reglement": date(2026, 11, 20),
                           "code_client": "C0005", "mode": "virement", "montant": 500,
                           "devise": "EUR", "reference": "VIR-000900"})

    checked = workbooks.validate()

    finding = (*PAYMENTS, f"A{row}", "reglement-non-lettre")
    assert checked.new_findings == [finding]
    assert checked.issue(finding).message == (
        "le règlement RG-2026-00900 du 20/11/2026 de 500,00\xa0€ (C0005) n'est affecté à "
        "aucune facture : il reste au crédit du client")
    unmatched = one_row(checked.management_figure("reglements_non_lettres"),
                        id_reglement="RG-2026-00900")
    assert (unmatched["etat"], unmatched["non_affecte_eur"], unmatched["_ligne"]) == (
        "sans lettrage", D("500"), row)
    credit = one_row(checked.management_figure("soldes_crediteurs"), code_client="C0005")
    assert credit["solde_crediteur"] == D("500")
    aged = one_row(checked.management_figure("balance_agee"), code_client="C0005")
    assert (aged["total_du"], aged["solde_net"]) == (D("698.62"), D("198.62"))


def test_an_advance_payment_explained_in_its_comment_is_not_an_anomaly(workbooks):
    """1.2.3 Règlements clients — acompte : un règlement sans facture dont le commentaire dit
    pourquoi (un acompte) n'est pas une anomalie, il reste au crédit du client."""
    workbooks.sheet(*PAYMENTS).append({
        "id_reglement": "RG-2026-00900", "date_reglement": date(2026, 11, 20),
        "code_client": "C0005", "mode": "virement", "montant": 500, "devise": "EUR",
        "commentaire": "Acompte de 30 % sur la commande de vitrines"})

    checked = workbooks.validate()

    assert checked.new_findings == []
    credit = one_row(checked.management_figure("soldes_crediteurs"), code_client="C0005")
    assert credit["reglements_non_affectes"] == D("500")


def test_a_payment_lettered_to_another_customers_invoice_is_not_applied(workbooks):
    """1.2.3 Règlements clients — aléa règlement erroné : le chèque de C0003 lettré par erreur
    sur une facture de C0020 n'est pas appliqué ; sa vraie facture reste due, le montant
    reste au crédit de C0003."""
    allocations = workbooks.sheet(*ALLOCATIONS)
    row = allocations.row_of("RG-2026-00012", numero_facture="FA-2026-00014")
    allocations.set(row, "numero_facture", "FA-2026-00012")

    checked = workbooks.validate()

    finding = (*ALLOCATIONS, f"B{row}", "lettrage-autre-client")
    assert checked.new_findings == [finding]
    assert checked.issue(finding).message == (
        "le règlement RG-2026-00012 de C0003 est affecté à FA-2026-00012, facture de C0020 : "
        "lettrage non appliqué, 190,72\xa0€ restent au crédit de C0003")
    owed = one_row(checked.management_figure("creances_ouvertes"), numero_facture="FA-2026-00014")
    assert (owed["reste_du_eur"], owed["jours_retard"], owed["a_envoyer"]) == (
        D("190.72"), 297, "relance 1")
    assert "FA-2026-00012" not in checked.management_figure("creances_ouvertes")[
        "numero_facture"].to_list()
    credit = one_row(checked.management_figure("soldes_crediteurs"), code_client="C0003")
    assert credit["reglements_non_affectes"] == D("190.72")


def test_a_partial_payment_leaves_its_rest_due_with_penalties(workbooks):
    """1.2.3 Règlements clients — aléa règlement partiel : C0009 ne paie que 1 500,00 € des
    1 740,84 € de FA-2026-00009 ; le reste, 240,84 €, est dû depuis le 05/02/2026, avec les
    pénalités légales et l'indemnité de 40 €."""
    workbooks.sheet(*PAYMENTS).set(workbooks.sheet(*PAYMENTS).row_of("RG-2026-00017"),
                                   "montant", Decimal("1500"))
    allocations = workbooks.sheet(*ALLOCATIONS)
    allocations.set(allocations.row_of("RG-2026-00017"), "montant", Decimal("1500"))

    checked = workbooks.validate()

    assert checked.new_findings == []
    owed = one_row(checked.management_figure("creances_ouvertes"), numero_facture="FA-2026-00009")
    # 240,84 × 12,15 % × 298 / 365 = 23,8907 → 23,89 €
    assert (owed["regle_eur"], owed["reste_du_eur"], owed["jours_retard"],
            owed["taux_penalites_retenu"], owed["penalites"], owed["indemnite"],
            owed["a_envoyer"]) == (D("1500"), D("240.84"), 298, D("12.15"), D("23.89"),
                                   D("40"), "relance 1")


def test_an_overpayment_stays_on_the_customer_account(workbooks):
    """1.2.3 Règlements clients — aléa trop-perçu : C0003 paie 250,00 € une facture de
    190,72 € ; la facture est soldée et l'excédent, 59,28 €, reste au crédit du client."""
    payments = workbooks.sheet(*PAYMENTS)
    payments.set(payments.row_of("RG-2026-00012"), "montant", Decimal("250"))

    checked = workbooks.validate()

    assert checked.new_findings == []
    payment = one_row(checked.management_figure("reglements_non_lettres"),
                      id_reglement="RG-2026-00012")
    assert (payment["etat"], payment["affecte"], payment["non_affecte"]) == (
        "excédent", D("190.72"), D("59.28"))
    assert one_row(checked.management_figure("soldes_crediteurs"),
                   code_client="C0003")["solde_crediteur"] == D("59.28")


def test_an_overpayment_lettered_to_the_invoice_is_reported(workbooks):
    """1.2.3 Règlements clients — aléa trop-perçu lettré : les 250,00 € entièrement lettrés sur
    la facture de 190,72 € sont signalés ; le trop-perçu reste au crédit du client."""
    payments, allocations = workbooks.sheet(*PAYMENTS), workbooks.sheet(*ALLOCATIONS)
    payments.set(payments.row_of("RG-2026-00012"), "montant", Decimal("250"))
    row = allocations.row_of("RG-2026-00012")
    allocations.set(row, "montant", Decimal("250"))

    checked = workbooks.validate()

    finding = (*ALLOCATIONS, f"C{row}", "lettrage-au-dela-de-la-facture")
    assert checked.new_findings == [finding]
    assert checked.issue(finding).message == (
        "FA-2026-00014 (190,72\xa0€ TTC) est réglée au-delà de son montant : le trop-perçu de "
        "59,28\xa0€ reste au crédit de C0003")
    credit = one_row(checked.management_figure("soldes_crediteurs"), code_client="C0003")
    assert (credit["trop_percu_eur"], credit["reglements_non_affectes"]) == (D("59.28"), D("0"))


def test_an_escompte_claimed_after_its_deadline_stays_due(workbooks):
    """1.2.3 Règlements clients — aléa justification non fondée : C0003 déduit l'escompte de
    2 % en payant le 20/03, après la date limite du 13/03 ; l'escompte est refusé et ses
    20,51 € restent dus."""
    payments = workbooks.sheet(*PAYMENTS)
    payments.set(payments.row_of("RG-2026-00067"), "date_reglement", date(2026, 3, 20))
    allocations = workbooks.sheet(*ALLOCATIONS)
    row = allocations.row_of("RG-2026-00067")

    checked = workbooks.validate()

    finding = (*ALLOCATIONS, f"D{row}", "escompte-non-justifie")
    assert checked.new_findings == [finding]
    assert checked.issue(finding).message == (
        "escompte de 20,51\xa0€ déduit sur FA-2026-00128 : règlement du 20/03/2026, après la "
        "date limite du 13/03/2026 ; la somme reste due")
    owed = one_row(checked.management_figure("creances_ouvertes"), numero_facture="FA-2026-00128")
    assert (owed["escompte_eur"], owed["reste_du_eur"], owed["a_envoyer"]) == (
        D("0"), D("20.51"), "relance 1")


def test_an_unfounded_deduction_without_dispute_stays_an_open_balance(workbooks):
    """1.2.3 Règlements clients — aléa justification non fondée : C0009 retient 30,00 € pour un
    défaut qu'il ne justifie pas et n'ouvre aucun litige ; les 30,00 € restent dus et sont
    relancés, sans anomalie."""
    payments, allocations = workbooks.sheet(*PAYMENTS), workbooks.sheet(*ALLOCATIONS)
    row = payments.row_of("RG-2026-00017")
    payments.update(row, montant=Decimal("1710.84"),
                    commentaire="Le client retient 30 € pour un carton abîmé")
    allocations.set(allocations.row_of("RG-2026-00017"), "montant", Decimal("1710.84"))

    checked = workbooks.validate()

    assert checked.new_findings == []
    owed = one_row(checked.management_figure("creances_ouvertes"), numero_facture="FA-2026-00009")
    assert (owed["reste_du_eur"], owed["litige"], owed["a_envoyer"]) == (
        D("30"), None, "relance 1")
    assert "FA-2026-00009" in checked.management_figure("relances_a_faire")[
        "numero_facture"].to_list()
