"""1.3.1 Updating customer files: doubtful and irrecoverable debts, the customer history.

Hazards: a doubtful customer or an irrecoverable debt, an anomaly in a customer history.

Demo rows: clients.xlsx › Clients row 8 is C0007 Primeur Lambert, « douteux », who owes
FA-2026-00316 (427,68 €, due 31/08/2026, in litigation since 30/10/2026); C0001 (row 2) owes
FA-2026-00476 (6 584,29 €, due 31/10/2026, relance 2 on 25/11/2026). The as-of date is
30/11/2026.
"""

from datetime import date
from decimal import Decimal

from .workbooks import one_row

CUSTOMERS = ("clients.xlsx", "Clients")
D = Decimal


def set_status(workbooks, code: str, status: str) -> int:
    customers = workbooks.sheet(*CUSTOMERS)
    row = customers.row_of(code)
    customers.set(row, "statut", status)
    return row


def test_the_doubtful_customers_debt_is_at_risk(demo):
    """1.3.1 Créances douteuses — client douteux : la facture impayée de C0007 est une créance
    douteuse de 427,68 €, seule créance à risque de la démo."""
    risk = demo.management_figure("creances_a_risque")
    assert risk.select("numero_facture", "code_client", "risque", "motif_risque",
                       "montant_a_risque").rows() == [
        ("FA-2026-00316", "C0007", "douteuse", "client douteux", D("427.68"))]
    assert demo.management_figure("creances_synthese")["a_risque"].to_list() == [D("427.68")]


def test_an_irrecoverable_debt_is_flagged_and_no_longer_dunned(workbooks):
    """1.3.1 Créances douteuses — aléa créance irrécouvrable : la liquidation de C0007 est
    clôturée ; sa créance de 427,68 € devient irrécouvrable et n'est plus relancée."""
    set_status(workbooks, "C0007", "irrécouvrable")

    checked = workbooks.validate()

    assert checked.new_findings == []
    risk = one_row(checked.management_figure("creances_a_risque"), numero_facture="FA-2026-00316")
    assert (risk["risque"], risk["motif_risque"], risk["montant_a_risque"]) == (
        "irrécouvrable", "client irrécouvrable", D("427.68"))
    assert "FA-2026-00316" not in checked.management_figure("relances_a_faire")[
        "numero_facture"].to_list()


def test_a_doubtful_customer_who_pays_is_no_longer_at_risk(workbooks):
    """1.3.1 Créances douteuses — recouvrement : C0007 règle enfin les 427,68 € le 25/11 ; plus
    aucune créance n'est à risque."""
    workbooks.sheet("ventes.xlsx", "Reglements").append({
        "id_reglement": "RG-2026-00900", "date_reglement": date(2026, 11, 25),
        "code_client": "C0007", "mode": "virement", "montant": Decimal("427.68"),
        "devise": "EUR"})
    workbooks.sheet("ventes.xlsx", "Lettrage").append({
        "id_reglement": "RG-2026-00900", "numero_facture": "FA-2026-00316",
        "montant": Decimal("427.68"), "date_lettrage": date(2026, 11, 25)})

    checked = workbooks.validate()

    assert checked.new_findings == []
    assert checked.management_figure("creances_a_risque").is_empty()
    assert checked.management_figure("creances_synthese")["a_risque"].to_list() == [D("0")]


def test_a_debt_in_litigation_of_an_active_customer_is_an_anomaly_of_its_file(workbooks):
    """1.3.1 Créances douteuses — aléa anomalie dans un historique client : FA-2026-00476 de
    C0001, relancée deux fois, est au contentieux mais le client est toujours « actif » : la
    fiche est signalée, et la créance de 6 584,29 € comptée douteuse."""
    workbooks.sheet("ventes.xlsx", "Relances").append({
        "id_relance": "RL-2026-00901", "date": date(2026, 11, 27), "code_client": "C0001",
        "numero_facture": "FA-2026-00476", "niveau": "contentieux",
        "motif": "Transmis à l'huissier", "auteur": "S004"})

    checked = workbooks.validate()

    row = workbooks.sheet(*CUSTOMERS).row_of("C0001")
    assert checked.new_findings == [(*CUSTOMERS, f"R{row}", "client-contentieux-non-douteux")]
    risk = checked.management_figure("creances_a_risque")
    assert risk.select("numero_facture", "motif_risque", "montant_a_risque").rows() == [
        ("FA-2026-00476", "au contentieux", D("6584.29")),
        ("FA-2026-00316", "client douteux", D("427.68"))]
    assert checked.management_figure("creances_synthese")["a_risque"].to_list() == [
        D("7011.97")]


def test_the_customer_account_history_ends_on_what_the_customer_owes(demo):
    """1.3.1 Dossier client — historique : le compte de C0007 reprend ses factures ; son solde
    final est ce qu'il doit, 427,68 €, comme la balance âgée."""
    account = demo.management_figure("comptes_clients").filter(
        demo.management_figure("comptes_clients")["code_client"] == "C0007")
    assert account["nature"].to_list() == ["facture"] * account.height
    assert account["solde"].to_list()[-1] == D("427.68")
    aged = one_row(demo.management_figure("balance_agee"), code_client="C0007")
    assert (aged["retard_plus_90"], aged["solde_net"]) == (D("427.68"), D("427.68"))
