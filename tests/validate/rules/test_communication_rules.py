"""Scenarios for the notices (« Annonces ») rules."""

from pipelines.validate.rules.communication import notice_audience, notice_dates

from .conftest import flat

WB, SHEET = "communication.xlsx", "Annonces"
SERVICES = [{"code_service": "DIR", "libelle": "Direction"},
            {"code_service": "ATE", "libelle": "Atelier"}]


def notice(number, **values):
    row = {"id_annonce": f"N{number:03d}", "titre": "Titre", "message": "Message",
           "priorite": "information", "public": "tous", "date_debut": "2026-11-02",
           "date_expiration": "2026-11-30", "auteur": "S001"}
    return row | values


def test_expiry_before_start(table, dataset, params):
    data = dataset(table("annonces", [
        notice(1),
        notice(2, date_expiration="2026-10-01"),
        notice(3, date_expiration=None),
        notice(4, date_expiration="2026-11-02"),
    ]))
    assert flat(notice_dates(data, params)) == [(WB, SHEET, "G3", "annonce-expiration-avant-debut")]


def test_audience_is_everyone_or_a_service(table, dataset, params):
    data = dataset(table("annonces", [
        notice(1), notice(2, public="ATE"), notice(3, public="COMPTA"), notice(4, public="Tous"),
    ]), table("services", SERVICES))
    issues = notice_audience(data, params)
    assert flat(issues) == [
        (WB, SHEET, "E4", "annonce-public-inconnu"),
        (WB, SHEET, "E5", "annonce-public-inconnu"),
    ]
    assert "ATE, DIR" in issues[0].message
