"""1.2.4 Complaints, disputes, dunning: aged receivables, dunning levels, penalties, plans.

Hazards: a missed due date and a rescheduling, a dispute that suspends the dunning, a debt
sent to litigation.

Demo rows: organisation.xlsx › ReglesRelance (relance 1 at 10 days, relance 2 at 25, mise
en demeure at 40, contentieux at 60). ventes.xlsx › Relances: FA-2026-00396 (C0002,
5 090,59 €, due 26/08/2026) got relance 1 on 05/09 (row 21) and is disputed since 09/09
(row 23); FA-2026-00315 (C0001, 296,20 €, due 31/08/2026) got relance 1, relance 2 and the
formal notice on 10/10 (rows 24, 28 and 32). FA-2026-00387 (C0004, 6 935,11 €) is paid in
three instalments (Echeanciers rows 2 to 4), the last one by RG-2026-00456 on 20/10/2026.
FA-2026-00530 (C0029, 90,07 €) fell due on 29/11/2026 and is not paid yet. C0001 is row 2 of
Clients, C0024 has a contract penalty rate of 10 % and owes FA-2026-00519 (169,54 €, due
24/11/2026). The as-of date is 30/11/2026.
"""

from datetime import date
from decimal import Decimal

from .workbooks import one_row

DUNNING = ("ventes.xlsx", "Relances")
PLANS = ("ventes.xlsx", "Echeanciers")
D = Decimal


def add_event(workbooks, number: int, day: date, customer: str, invoice: str,
              level: str | None = None, dispute: str | None = None, reason: str = "") -> int:
    return workbooks.sheet(*DUNNING).append({
        "id_relance": f"RL-2026-{number:05d}", "date": day, "code_client": customer,
        "numero_facture": invoice, "niveau": level, "litige": dispute, "motif": reason or None,
        "auteur": "S004"})


def to_send(checked) -> dict[str, tuple]:
    return {r["numero_facture"]: (r["a_envoyer"], r["date_prevue"])
            for r in checked.management_figure("relances_a_faire").to_dicts()}


def test_the_formal_notice_is_followed_by_litigation_with_penalties(demo):
    """1.2.4 Relances — échéance non respectée : FA-2026-00315, en mise en demeure depuis le
    10/10, est à passer au contentieux (dû le 30/10) ; pénalités légales de 8,97 € (296,20 €
    × 12,15 % × 91 / 365) et indemnité forfaitaire de 40 €."""
    owed = one_row(demo.management_figure("creances_ouvertes"), numero_facture="FA-2026-00315")
    assert (owed["niveau_atteint"], owed["date_niveau_atteint"], owed["niveau_du"],
            owed["a_envoyer"], owed["date_prevue"], owed["jours_retard"]) == (
        "mise en demeure", date(2026, 10, 10), "contentieux", "contentieux",
        date(2026, 10, 30), 91)
    assert (owed["taux_penalites_retenu"], owed["origine_taux"], owed["penalites"],
            owed["indemnite"]) == (D("12.15"), "légal", D("8.97"), D("40"))
    contract = one_row(demo.management_figure("creances_ouvertes"),
                       numero_facture="FA-2026-00519")
    # C0024's contract: 169,54 € × 10 % × 6 / 365 = 0,2787 → 0,28 €
    assert (contract["origine_taux"], contract["jours_retard"], contract["penalites"]) == (
        "contrat", 6, D("0.28"))


def test_the_demo_dispute_suspends_its_dunning(demo):
    """1.2.4 Relances — aléa litige : FA-2026-00396, contestée depuis le 09/09, n'est plus
    relancée alors que le calendrier appelle le contentieux."""
    dispute = one_row(demo.management_figure("litiges_clients"), numero_facture="FA-2026-00396")
    assert (dispute["litige"], dispute["date_ouverture"], dispute["reste_du_eur"],
            dispute["niveau_du"], dispute["_ligne"]) == (
        "ouvert", date(2026, 9, 9), D("5090.59"), "contentieux", 23)
    owed = one_row(demo.management_figure("creances_ouvertes"), numero_facture="FA-2026-00396")
    assert (owed["suspendue"], owed["a_envoyer"]) == (True, None)
    assert "FA-2026-00396" not in to_send(demo)


def test_a_missed_instalment_is_late_and_dunned(workbooks):
    """1.2.4 Relances — aléa échéance non respectée : la troisième échéance de FA-2026-00387
    (2 311,71 € au 20/10) n'est payée qu'en décembre ; au 30/11 elle a 41 jours de retard et
    appelle la relance 1."""
    payments = workbooks.sheet("ventes.xlsx", "Reglements")
    payments.set(payments.row_of("RG-2026-00456"), "date_reglement", date(2026, 12, 5))

    checked = workbooks.validate()

    assert checked.new_findings == []
    third = one_row(checked.management_figure("echeanciers_suivi"), numero_facture="FA-2026-00387",
                    echeance=3)
    assert (third["paye"], third["reste"], third["en_retard"], third["jours_retard"],
            third["_ligne"]) == (D("0"), D("2311.71"), True, 41, 4)
    owed = one_row(checked.management_figure("creances_ouvertes"), numero_facture="FA-2026-00387")
    # 2 311,71 € × 12,15 % × 41 / 365 = 31,55 €
    assert (owed["date_echeance_effective"], owed["reste_du_eur"], owed["penalites"]) == (
        date(2026, 10, 20), D("2311.71"), D("31.55"))
    assert to_send(checked)["FA-2026-00387"] == ("relance 1", date(2026, 10, 30))


def test_rescheduling_a_late_invoice_stops_its_dunning(workbooks):
    """1.2.4 Relances — aléa rééchelonnement : la direction accorde à C0001 deux échéances
    (15/12 et 15/01) pour FA-2026-00315 ; la facture n'est plus en retard ni à relancer."""
    plans = workbooks.sheet(*PLANS)
    for rank, day in ((1, date(2026, 12, 15)), (2, date(2027, 1, 15))):
        plans.append({"numero_facture": "FA-2026-00315", "echeance": rank, "date_echeance": day,
                      "montant": Decimal("148.10"),
                      "commentaire": "Rééchelonnement accordé" if rank == 1 else None})

    checked = workbooks.validate()

    assert checked.new_findings == []
    owed = one_row(checked.management_figure("creances_ouvertes"), numero_facture="FA-2026-00315")
    assert (owed["jours_retard"], owed["tranche"], owed["niveau_atteint"], owed["a_envoyer"],
            owed["penalites"]) == (0, "Non échu", "mise en demeure", None, None)
    assert "FA-2026-00315" not in to_send(checked)


def test_a_rescheduling_that_does_not_add_up_is_reported(workbooks):
    """1.2.4 Relances — aléa rééchelonnement : deux échéances de 148,10 € et 140,00 € ne
    couvrent pas les 296,20 € de la facture ; le reste, 8,10 €, demeure dû et en retard."""
    plans = workbooks.sheet(*PLANS)
    plans.append({"numero_facture": "FA-2026-00315", "echeance": 1,
                  "date_echeance": date(2026, 12, 15), "montant": Decimal("148.10")})
    row = plans.append({"numero_facture": "FA-2026-00315", "echeance": 2,
                        "date_echeance": date(2027, 1, 15), "montant": Decimal("140")})

    checked = workbooks.validate()

    finding = (*PLANS, f"D{row}", "echeancier-total-incoherent")
    assert checked.new_findings == [finding]
    assert checked.issue(finding).message == (
        "les 2 échéances de FA-2026-00315 totalisent 288,10\xa0€ pour une facture de "
        "296,20\xa0€ TTC (écart de 8,10\xa0€)")
    owed = one_row(checked.management_figure("creances_ouvertes"), numero_facture="FA-2026-00315")
    assert (owed["echu_eur"], owed["jours_retard"]) == (D("8.10"), 91)


def test_a_new_dispute_suspends_the_dunning_and_closing_one_resumes_it(workbooks):
    """1.2.4 Relances — aléa litige : C0001 conteste FA-2026-00315 le 05/11, sa relance est
    suspendue ; le litige de FA-2026-00396 est clos le 20/11, la relance 2 reprend."""
    add_event(workbooks, 901, date(2026, 11, 5), "C0001", "FA-2026-00315", dispute="ouvert",
              reason="Le client dit avoir déjà payé par chèque")
    add_event(workbooks, 902, date(2026, 11, 20), "C0002", "FA-2026-00396", dispute="clos",
              reason="Avoir promis pour les deux cartons ; le reste est dû")

    checked = workbooks.validate()

    assert checked.new_findings == []
    planned = to_send(checked)
    assert "FA-2026-00315" not in planned
    assert planned["FA-2026-00396"] == ("relance 2", date(2026, 9, 20))
    disputes = checked.management_figure("litiges_clients")
    assert [(r["numero_facture"], r["litige"], r["date_cloture"]) for r in disputes.to_dicts()] == [
        ("FA-2026-00315", "ouvert", None), ("FA-2026-00396", "clos", date(2026, 11, 20))]


def test_a_reminder_sent_during_a_dispute_is_reported(workbooks):
    """1.2.4 Relances — aléa dérapage relationnel : une relance 2 envoyée le 01/10 sur
    FA-2026-00396, contestée depuis le 09/09, est signalée."""
    row = add_event(workbooks, 901, date(2026, 10, 1), "C0002", "FA-2026-00396", "relance 2",
                    reason="Facture impayée à l'échéance")

    checked = workbooks.validate()

    finding = (*DUNNING, f"E{row}", "relance-pendant-litige")
    assert checked.new_findings == [finding]
    assert checked.issue(finding).message == (
        "relance 2 du 01/10/2026 sur FA-2026-00396, alors qu'un litige est ouvert depuis le "
        "09/09/2026")


def test_a_debt_sent_to_litigation_becomes_doubtful(workbooks):
    """1.2.4 Relances — aléa mise au contentieux : FA-2026-00315 passe au contentieux le 20/11 ;
    elle devient une créance douteuse de 296,20 € et C0001, encore « actif », est signalé."""
    add_event(workbooks, 901, date(2026, 11, 20), "C0001", "FA-2026-00315", "contentieux",
              reason="Dossier transmis au cabinet de recouvrement")

    checked = workbooks.validate()

    finding = ("clients.xlsx", "Clients", "R2", "client-contentieux-non-douteux")
    assert checked.new_findings == [finding]
    assert checked.issue(finding).message == (
        "C0001 a une créance au contentieux depuis le 20/11/2026 (FA-2026-00315) mais son "
        "statut est « actif »")
    risk = one_row(checked.management_figure("creances_a_risque"), numero_facture="FA-2026-00315")
    assert (risk["risque"], risk["motif_risque"], risk["niveau_atteint"],
            risk["montant_a_risque"]) == ("douteuse", "au contentieux", "contentieux", D("296.20"))
    assert "FA-2026-00315" not in to_send(checked)


def test_the_dunning_calendar_comes_from_the_organisations_sheet(workbooks, demo):
    """1.2.4 Relances — calendrier de l'organisation : avec une relance 1 à 5 jours au lieu de
    10, FA-2026-00530, échue le 29/11, est à relancer dès le 04/12 (cette semaine) au lieu
    du 09/12 ; FA-2026-00519, échue le 24/11, l'était le 04/12, elle l'est depuis le 29/11."""
    assert "FA-2026-00530" not in to_send(demo)
    assert to_send(demo)["FA-2026-00519"] == ("relance 1", date(2026, 12, 4))
    rules = workbooks.sheet("organisation.xlsx", "ReglesRelance")
    rules.set(rules.row_of("relance 1"), "jours_apres_echeance", 5)

    checked = workbooks.validate()

    assert checked.new_findings == []
    assert to_send(checked)["FA-2026-00530"] == ("relance 1", date(2026, 12, 4))
    assert to_send(checked)["FA-2026-00519"] == ("relance 1", date(2026, 11, 29))
    calendar = checked.management_figure("calendrier_relances")
    assert calendar.select("niveau", "jours_apres_echeance").rows() == [
        ("relance 1", 5), ("relance 2", 25), ("mise en demeure", 40), ("contentieux", 60)]


def test_the_demo_reminders_follow_the_calendar_so_few_are_due_this_week(demo):
    """1.2.4 Relances — échéance non respectée : les relances de la démo suivent le calendrier
    de l'organisation ; au 30/11 restent à faire le passage au contentieux de FA-2026-00315
    (décision de la direction, en retard depuis le 30/10) et trois relances 1 dues cette
    semaine ; C0007, douteux, est au contentieux depuis le 30/10 comme le dit sa fiche."""
    assert to_send(demo) == {
        "FA-2026-00315": ("contentieux", date(2026, 10, 30)),
        "FA-2026-00615": ("relance 1", date(2026, 12, 3)),
        "FA-2026-00519": ("relance 1", date(2026, 12, 4)),
        "FA-2026-00575": ("relance 1", date(2026, 12, 6)),
    }
    doubtful = one_row(demo.management_figure("creances_ouvertes"),
                       numero_facture="FA-2026-00316")
    assert (doubtful["niveau_atteint"], doubtful["date_niveau_atteint"], doubtful["relances"],
            doubtful["a_envoyer"]) == ("contentieux", date(2026, 10, 30), 4, None)
    notes = one_row(demo.dataset.frame("clients"), code_client="C0007")["notes"]
    assert "transmis au recouvrement le 30/10/2026" in notes
