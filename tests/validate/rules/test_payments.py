"""Scenarios for the payment rules: lettrage, escompte, currencies, instalments, dunning."""

from decimal import Decimal

from pipelines.validate.rules import payments as rules

from .conftest import flat

D = Decimal
PAYMENTS = ("ventes.xlsx", "Reglements")
ALLOCATIONS = ("ventes.xlsx", "Lettrage")


def invoice(number, ttc="120", customer="C0001", **values):
    """A row of Factures and its one line (100\xa0€ HT at 20 % for 120\xa0€ TTC)."""
    row = {"numero_facture": number, "serie": number[:2], "type": "facture",
           "date_facture": "2026-09-01", "code_client": customer, "nature": "biens",
           "date_echeance": "2026-10-01", "devise": "EUR", "statut": "émise"} | values
    line = {"numero_facture": number, "ligne": 1, "quantite": 1,
            "prix_unitaire_ht": D(ttc) / D("1.2"), "taux_tva": 20}
    return row, line


def payment(identifier, amount, customer="C0001", day="2026-10-01", **values):
    return {"id_reglement": identifier, "date_reglement": day, "code_client": customer,
            "mode": "virement", "montant": amount, "devise": "EUR"} | values


def allocation(identifier, number, amount, escompte=None):
    return {"id_reglement": identifier, "numero_facture": number, "montant": amount,
            "escompte": escompte}


def sales(table, dataset, invoices, payments=(), allocations=(), **others):
    return dataset(
        table("factures", [row for row, _ in invoices]),
        table("lignes_facture", [line for _, line in invoices]),
        table("reglements", list(payments)), table("lettrage", list(allocations)),
        *(table(name, rows) for name, rows in others.items()),
    )


def test_a_payment_that_matches_no_invoice_is_reported_at_its_row(table, dataset, params):
    data = sales(table, dataset, [invoice("FA-2026-00001")],
                 [payment("RG-2026-00001", 120), payment("RG-2026-00002", 80),
                  payment("RG-2026-00003", 50, commentaire="Acompte sur CO-2026-00010")],
                 [allocation("RG-2026-00001", "FA-2026-00001", 120)])
    issues = rules.payment_matched(data, params)
    assert flat(issues) == [(*PAYMENTS, "A3", "reglement-non-lettre")]
    assert issues[0].message == ("le règlement RG-2026-00002 du 01/10/2026 de 80,00\xa0€ (C0001) "
                                 "n'est affecté à aucune facture : il reste au crédit du client")
    assert not issues[0].blocking


def test_an_allocation_to_another_customers_invoice_is_reported(table, dataset, params):
    data = sales(table, dataset, [invoice("FA-2026-00001", customer="C0002")],
                 [payment("RG-2026-00001", 120)],
                 [allocation("RG-2026-00001", "FA-2026-00001", 120)])
    [issue] = rules.allocation_target(data, params)
    assert issue.flat() == (*ALLOCATIONS, "B2", "lettrage-autre-client")
    assert issue.message == ("le règlement RG-2026-00001 de C0001 est affecté à FA-2026-00001, "
                             "facture de C0002 : lettrage non appliqué, 120,00\xa0€ restent au "
                             "crédit de C0001")


def test_an_allocation_to_a_credit_note_or_a_draft_is_reported(table, dataset, params):
    note = invoice("AV-2026-00001", "12", type="avoir", facture_origine="FA-2026-00001")
    draft = invoice("FA-2026-00002", "60", statut="brouillon")
    data = sales(table, dataset, [invoice("FA-2026-00001"), note, draft],
                 [payment("RG-2026-00001", 30)],
                 [allocation("RG-2026-00001", "AV-2026-00001", 10),
                  allocation("RG-2026-00001", "FA-2026-00002", 20)])
    issues = rules.allocation_target(data, params)
    assert flat(issues) == [(*ALLOCATIONS, "B2", "lettrage-piece-non-reglable"),
                            (*ALLOCATIONS, "B3", "lettrage-piece-non-reglable")]
    assert [i.message for i in issues] == [
        "le règlement RG-2026-00001 est affecté à AV-2026-00001, un avoir : lettrage non "
        "appliqué, 10,00\xa0€ restent au crédit du client",
        "le règlement RG-2026-00001 est affecté à FA-2026-00002, une facture en brouillon : "
        "lettrage non appliqué, 20,00\xa0€ restent au crédit du client"]


def escompte_invoice(number="FA-2026-00001", **values):
    return invoice(number, taux_escompte=2, date_limite_escompte="2026-09-11", **values)


def test_an_escompte_taken_late_or_too_large_or_not_offered_is_refused(table, dataset, params):
    data = sales(table, dataset,
                 [escompte_invoice(), escompte_invoice("FA-2026-00002"), invoice("FA-2026-00003")],
                 [payment("RG-2026-00001", "117.60", day="2026-09-12"),
                  payment("RG-2026-00002", "117", day="2026-09-10"),
                  payment("RG-2026-00003", "117.60", day="2026-09-10"),
                  payment("RG-2026-00004", "117.60", day="2026-09-11")],
                 [allocation("RG-2026-00001", "FA-2026-00001", "117.60", "2.40"),
                  allocation("RG-2026-00002", "FA-2026-00002", "117", "3"),
                  allocation("RG-2026-00003", "FA-2026-00003", "117.60", "2.40")])
    issues = rules.escompte_allowed(data, params)
    assert flat(issues) == [(*ALLOCATIONS, f"D{row}", "escompte-non-justifie")
                            for row in (2, 3, 4)]
    assert [i.message for i in issues] == [
        "escompte de 2,40\xa0€ déduit sur FA-2026-00001 : règlement du 12/09/2026, après la date "
        "limite du 11/09/2026 ; la somme reste due",
        "escompte de 3,00\xa0€ déduit sur FA-2026-00002 : au-delà de l'escompte de la facture "
        "(2,40\xa0€) ; la somme reste due",
        "escompte de 2,40\xa0€ déduit sur FA-2026-00003 : la facture n'accorde pas d'escompte ; "
        "la somme reste due"]


def test_an_escompte_taken_in_time_is_accepted(table, dataset, params):
    data = sales(table, dataset, [escompte_invoice()],
                 [payment("RG-2026-00001", "117.60", day="2026-09-11")],
                 [allocation("RG-2026-00001", "FA-2026-00001", "117.60", "2.40")])
    assert rules.escompte_allowed(data, params) == []


def test_an_invoice_paid_beyond_its_amount_is_reported_at_its_last_allocation(
        table, dataset, params):
    data = sales(table, dataset, [invoice("FA-2026-00001"), invoice("FA-2026-00002")],
                 [payment("RG-2026-00001", 100), payment("RG-2026-00002", 50, day="2026-10-05")],
                 [allocation("RG-2026-00001", "FA-2026-00001", 100),
                  allocation("RG-2026-00002", "FA-2026-00001", 50)])
    [issue] = rules.invoice_not_overpaid(data, params)
    assert issue.flat() == (*ALLOCATIONS, "C3", "lettrage-au-dela-de-la-facture")
    assert issue.message == ("FA-2026-00001 (120,00\xa0€ TTC) est réglée au-delà de son montant : "
                             "le trop-perçu de 30,00\xa0€ reste au crédit de C0001")


def test_a_foreign_payment_without_rate_is_reported(table, dataset, params):
    data = sales(table, dataset, [invoice("FA-2026-00001")],
                 [payment("RG-2026-00001", 120, devise="USD"),
                  payment("RG-2026-00002", 120, devise="USD", taux_change="1.1"),
                  payment("RG-2026-00003", 120, devise="GBP", day="2026-10-08")],
                 cours_change=[{"date": "2026-10-05", "devise": "GBP", "taux": "0.85"}])
    issues = rules.payment_rate_known(data, params)
    assert flat(issues) == [(*PAYMENTS, "G2", "reglement-sans-cours")]
    assert issues[0].message == ("le règlement RG-2026-00001 de 120,00\xa0$US n'a pas de cours : "
                                 "ni taux de change, ni cours USD connu au 01/10/2026 dans la "
                                 "feuille CoursDeChange")


def test_a_payment_in_another_currency_than_its_invoice_is_reported(table, dataset, params):
    data = sales(table, dataset, [invoice("FA-2026-00001", devise="USD", taux_change="1.2")],
                 [payment("RG-2026-00001", 50)],
                 [allocation("RG-2026-00001", "FA-2026-00001", 50)])
    [issue] = rules.allocation_currency(data, params)
    assert issue.flat() == (*ALLOCATIONS, "C2", "lettrage-autre-devise")
    assert issue.message == ("50,00\xa0€ du règlement RG-2026-00001 affectés à FA-2026-00001, "
                             "facture en USD : soit 60,00\xa0$US au cours de la facture")


def test_an_instalment_plan_that_does_not_add_up_is_reported(table, dataset, params):
    plan = [{"numero_facture": "FA-2026-00001", "echeance": 1, "date_echeance": "2026-10-01",
             "montant": 60},
            {"numero_facture": "FA-2026-00001", "echeance": 2, "date_echeance": "2026-11-01",
             "montant": 50},
            {"numero_facture": "FA-2026-00002", "echeance": 1, "date_echeance": "2026-10-01",
             "montant": 120}]
    data = dataset(table("factures", [invoice("FA-2026-00001")[0], invoice("FA-2026-00002")[0]]),
                   table("lignes_facture", [invoice("FA-2026-00001")[1],
                                            invoice("FA-2026-00002")[1]]),
                   table("echeanciers", plan))
    [issue] = rules.plan_total(data, params)
    assert issue.flat() == ("ventes.xlsx", "Echeanciers", "D3", "echeancier-total-incoherent")
    assert issue.message == ("les 2 échéances de FA-2026-00001 totalisent 110,00\xa0€ pour une "
                             "facture de 120,00\xa0€ TTC (écart de 10,00\xa0€)")


def relance(identifier, day, level=None, dispute=None, number="FA-2026-00001", code="C0001"):
    return {"id_relance": f"RL-2026-{identifier:05d}", "date": day, "code_client": code,
            "numero_facture": number, "niveau": level, "litige": dispute}


def test_a_dunning_sent_during_an_open_dispute_is_reported(table, dataset, params):
    events = [relance(1, "2026-09-05", "relance 1"), relance(2, "2026-09-09", dispute="ouvert"),
              relance(3, "2026-09-20", "relance 2"), relance(4, "2026-10-01", dispute="clos"),
              relance(5, "2026-10-10", "mise en demeure")]
    data = dataset(table("relances", events))
    [issue] = rules.no_dunning_during_dispute(data, params)
    assert issue.flat() == ("ventes.xlsx", "Relances", "E4", "relance-pendant-litige")
    assert issue.message == ("relance 2 du 20/09/2026 sur FA-2026-00001, alors qu'un litige est "
                             "ouvert depuis le 09/09/2026")


def test_dunning_rules_out_of_order_are_reported(table, dataset, params):
    sheet = [{"niveau": "relance 1", "jours_apres_echeance": 15},
             {"niveau": "relance 2", "jours_apres_echeance": 10},
             {"niveau": "mise en demeure", "jours_apres_echeance": 45}]
    [issue] = rules.dunning_rules_in_order(dataset(table("regles_relance", sheet)), params)
    assert issue.flat() == ("organisation.xlsx", "ReglesRelance", "B3",
                            "regles-relance-desordonnees")
    assert issue.message == ("« relance 2 » est due 10 jours après l'échéance, avant "
                             "« relance 1 » (15 jours)")


def test_a_customer_in_litigation_must_be_classed_doubtful(table, dataset, params):
    clients = [{"code_client": code, "raison_sociale": code, "type_client": "entreprise",
                "pays": "FR", "zone": "France", "statut": status}
               for code, status in (("C0001", "actif"), ("C0002", "douteux"),
                                    ("C0003", "actif"))]
    invoices = [invoice("FA-2026-00001", customer="C0001"),
                invoice("FA-2026-00002", customer="C0002"),
                invoice("FA-2026-00003", customer="C0003")]
    events = [relance(1, "2026-11-10", "contentieux"),
              relance(2, "2026-11-10", "contentieux", "FA-2026-00002", "C0002"),
              relance(3, "2026-11-10", "contentieux", "FA-2026-00003", "C0003")]
    data = sales(table, dataset, invoices, [payment("RG-2026-00001", 120, "C0003")],
                 [allocation("RG-2026-00001", "FA-2026-00003", 120)],
                 clients=clients, relances=events)
    [issue] = rules.litigation_customer_doubtful(data, params)  # C0003 has paid since
    assert issue.flat() == ("clients.xlsx", "Clients", "R2", "client-contentieux-non-douteux")
    assert issue.message == ("C0001 a une créance au contentieux depuis le 10/11/2026 "
                             "(FA-2026-00001) mais son statut est « actif »")


def test_the_demo_lettrage_has_no_payment_anomaly(table, dataset, params):
    """Every rule of the module is quiet on well-formed payments."""
    data = sales(table, dataset, [escompte_invoice(), invoice("FA-2026-00002")],
                 [payment("RG-2026-00001", "237.60", day="2026-09-10")],
                 [allocation("RG-2026-00001", "FA-2026-00001", "117.60", "2.40"),
                  allocation("RG-2026-00001", "FA-2026-00002", 120)])
    checks = (rules.payment_matched, rules.allocation_target, rules.escompte_allowed,
              rules.invoice_not_overpaid, rules.payment_rate_known, rules.allocation_currency)
    assert [issue for check in checks for issue in check(data, params)] == []


def test_a_typed_encours_that_differs_from_what_is_owed_is_reported(table, dataset, params):
    # C0001 owes 120 € − 50 € = 70 € (typed 70: right); C0002 owes 120 € (typed 100: wrong);
    # C0003 owes nothing (typed 15: wrong); C0004 has no typed encours (nothing to compare)
    clients = [{"code_client": code, "raison_sociale": code, "type_client": "entreprise",
                "pays": "FR", "zone": "France", "statut": "actif", "encours": typed}
               for code, typed in (("C0001", D(70)), ("C0002", D(100)), ("C0003", D(15)),
                                   ("C0004", None))]
    invoices = [invoice("FA-2026-00001", customer="C0001"),
                invoice("FA-2026-00002", customer="C0002"),
                invoice("FA-2026-00003", customer="C0004")]
    data = sales(table, dataset, invoices, [payment("RG-2026-00001", 50)],
                 [allocation("RG-2026-00001", "FA-2026-00001", 50)], clients=clients)
    issues = rules.typed_outstanding_matches(data, params)
    assert [(issue.source.row, issue.source.column, issue.code) for issue in issues] == [
        (3, "Q", "encours-saisi-different"), (4, "Q", "encours-saisi-different")]  # Q: encours
    assert [issue.message for issue in issues] == [
        "encours saisi de 100,00\xa0€ ; selon les factures et les règlements au 30/11/2026, "
        "C0002 doit 120,00\xa0€ (écart de -20,00\xa0€)",
        "encours saisi de 15,00\xa0€ ; selon les factures et les règlements au 30/11/2026, "
        "C0003 doit 0,00\xa0€ (écart de 15,00\xa0€)"]
    assert not any(issue.blocking for issue in issues)
