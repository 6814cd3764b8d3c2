"""1.1.4 Prospecting operations: prospects, their stage and their follow-up date.

Hazards: a follow-up date missed, a prospect asking for more information (who must be
called back), a prospect placed in the wrong zone, a follow-up owner who does not exist.

Demo rows: P0002 Glacier des Terreaux (row 3, « intéressé », call back on 26/01/2027),
P0003 Glacier Thomas (row 4, « proposition », call-back of 16/11/2026 already missed),
P0005 Pâtisserie de la Part-Dieu (row 6, « gagné »), P0011 Froid Léman Meier in Geneva
(row 12). The as-of date is 30/11/2026.
"""

from datetime import date

PROSPECTS = ("clients.xlsx", "Prospects")


def edit_prospect(workbooks, code: str, **values) -> int:
    prospects = workbooks.sheet(*PROSPECTS)
    row = prospects.row_of(code)
    prospects.update(row, **values)
    return row


def test_the_demo_reports_the_missed_call_back(demo):
    """1.1.4 Prospection — aléa date de relance dépassée : la relance de Glacier Thomas prévue le
    16/11 est signalée, avec son étape, à la cellule de la date de relance."""
    finding = ("clients.xlsx", "Prospects", "L4", "relance-prospect-depassee")
    assert [f for f in demo.findings if f[:2] == PROSPECTS] == [finding]
    issue = demo.issue(finding)
    assert not issue.blocking
    assert issue.message == ("relance de Glacier Thomas prévue le 16/11/2026, dépassée au "
                             "30/11/2026 (étape « proposition »)")


def test_a_call_back_date_that_passes_is_a_warning(workbooks):
    """1.1.4 Prospection — aléa date de relance dépassée : un prospect intéressé à rappeler le
    20/11 et pas rappelé au 30/11 donne un avertissement."""
    row = edit_prospect(workbooks, "P0002", date_relance=date(2026, 11, 20))

    checked = workbooks.validate()

    assert checked.new_findings == [
        ("clients.xlsx", "Prospects", f"L{row}", "relance-prospect-depassee"),
    ]
    assert checked.blocking == []


def test_a_call_back_due_on_the_as_of_date_is_not_late(workbooks):
    """1.1.4 Prospection — date de relance : une relance prévue le jour même de l'arrêté n'est pas
    encore en retard."""
    edit_prospect(workbooks, "P0002", date_relance=date(2026, 11, 30))

    assert workbooks.validate().new_findings == []


def test_a_won_prospect_needs_no_call_back(workbooks):
    """1.1.4 Prospection — prospect converti : un prospect gagné dont l'ancienne date de relance
    est passée n'est plus à relancer."""
    edit_prospect(workbooks, "P0005", date_relance=date(2026, 11, 2))

    assert workbooks.validate().new_findings == []


def test_a_prospect_asking_for_information_gets_a_new_call_back(workbooks):
    """1.1.4 Prospection — aléa demande d'information : le prospect qui demande une documentation
    passe « intéressé » avec une relance au 07/12, sans anomalie."""
    edit_prospect(workbooks, "P0010", etape="intéressé", date_dernier_contact=date(2026, 11, 27),
                  date_relance=date(2026, 12, 7),
                  notes="Demande la documentation des vitrines R290")

    assert workbooks.validate().new_findings == []


def test_an_interested_prospect_without_a_call_back_date_is_reported(workbooks):
    """1.1.4 Prospection — aléa demande d'information : un prospect intéressé sans date de relance
    risque d'être oublié et doit être signalé."""
    row = edit_prospect(workbooks, "P0002", date_relance=None)

    checked = workbooks.validate()

    assert checked.at("clients.xlsx", "Prospects", f"L{row}"), "prospect intéressé sans relance"


def test_a_prospect_in_the_wrong_zone_is_blocking(workbooks):
    """1.1.4 Prospection — aléa donnée incertaine : un prospect de Genève classé « UE » fausserait
    le tableau UE / hors UE ; la zone est refusée."""
    row = edit_prospect(workbooks, "P0011", zone="UE")

    checked = workbooks.validate()

    assert checked.new_findings == [("clients.xlsx", "Prospects", f"D{row}", "zone-incoherente")]


def test_a_prospect_followed_by_an_unknown_salesperson_is_blocking(workbooks):
    """1.1.4 Prospection — aléa relance sans responsable : un prospect confié au matricule S099,
    qui n'existe pas, est refusé au commercial."""
    row = edit_prospect(workbooks, "P0011", commercial="S099")

    checked = workbooks.validate()

    assert checked.new_findings == [
        ("clients.xlsx", "Prospects", f"N{row}", "reference-introuvable"),
    ]


def test_prospects_have_a_follow_up_table(demo):
    """1.1.4 Prospection — tableau de suivi : les prospects sont suivis dans un tableau de gestion
    (par campagne, zone et étape) calculé depuis la feuille Prospects."""
    from_prospects = [name for name, figure in demo.computed.management.items()
                      if any(source.sheet == "Prospects" for source in figure.sources)]
    assert from_prospects, "aucun tableau calculé depuis la feuille Prospects"
