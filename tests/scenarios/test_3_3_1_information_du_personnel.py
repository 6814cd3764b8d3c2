"""3.3.1 Staff information: notices to staff with their priority, audience and dates.

Hazards: the wrong audience (a notice for one service, an audience that is no service),
outdated information (expired, or an expiry before the start), a notice not yet due, an
author who is not on staff. Health and safety documents and expiring certifications are
not in the foundation's records. The site tests share one build (`published`).

Demo notices at 30/11/2026: N001 urgent, for everyone; N004 important, for everyone;
N003 for information, for the Atelier service only (ATE); N005 for information, for
everyone; N002 expired on 30/06/2026.
"""

import html
import re
from datetime import date

from .published import EXPIRED_NOTICE
from .workbooks import one_row

NOTICES = ("communication.xlsx", "Annonces")
ADMONITION = re.compile(
    r'<div class="admonition (\w+)">\s*<p class="admonition-title">(.*?)</p>', re.DOTALL)


def notice(number: str, title: str, **values) -> dict:
    return {"id_annonce": number, "titre": title, "message": f"{title}.",
            "priorite": "information", "public": "tous", "date_debut": date(2026, 11, 25),
            "date_expiration": date(2026, 12, 31), "auteur": "S002", **values}


def edit_notice(workbooks, number: str, **values) -> int:
    notices = workbooks.sheet(*NOTICES)
    row = notices.row_of(number)
    notices.update(row, **values)
    return row


def home_notices(published) -> list[tuple[str, str]]:
    """(admonition type, title) of each notice on the staff home page, in order."""
    page = (published.staff / "index.html").read_text(encoding="utf-8")
    return [(kind, html.unescape(title)) for kind, title in ADMONITION.findall(page)]


def test_a_notice_for_one_service_names_its_audience(demo):
    """3.3.1 Information du personnel — public d'une annonce : l'annonce réservée à l'atelier
    indique « Atelier » comme destinataires, les autres « Tout le personnel »."""
    notices = demo.staff_figure("annonces_en_cours")
    assert one_row(notices, id_annonce="N003")["public_libelle"] == "Atelier"
    assert one_row(notices, id_annonce="N001")["public_libelle"] == "Tout le personnel"


def test_the_home_page_shows_the_audience_of_a_service_notice(published):
    """3.3.1 Information du personnel — public d'une annonce : sur l'accueil du site du personnel,
    l'annonce de la station de récupération précise qu'elle est pour l'atelier."""
    text = html.unescape((published.staff / "index.html").read_text(encoding="utf-8"))
    start = text.index("Information : Nouvelle station de récupération des fluides")
    audience = "<em>Pour : Atelier — depuis le 2 novembre 2026 jusqu'au 31 décembre 2026"
    assert audience in text[start:]


def test_notices_are_shown_most_pressing_first_without_the_outdated_ones(published):
    """3.3.1 Information du personnel — priorité et aléa information périmée : l'accueil montre
    l'annonce urgente en premier, puis l'importante, puis les informations de la plus récente à la
    plus ancienne, sans les annonces expirées."""
    assert home_notices(published) == [
        ("danger", "Urgent : Coupure d'électricité le mardi 1er décembre"),
        ("warning", "Important : Entretiens annuels : prenez rendez-vous"),
        ("info", "Information : Nouvelle station de récupération des fluides"),
        ("info", "Information : Équipements de protection à l'atelier"),
    ]
    assert EXPIRED_NOTICE[1] not in (published.staff / "index.html").read_text(encoding="utf-8")


def test_a_new_important_notice_comes_before_older_ones_of_its_priority(workbooks):
    """3.3.1 Information du personnel — priorité : une annonce importante du 25/11 passe après
    l'urgente et avant l'importante du 16/11."""
    workbooks.sheet(*NOTICES).append(
        notice("N006", "Fermeture du magasin le 24 décembre", priorite="importante"))

    checked = workbooks.validate()

    assert checked.new_findings == []
    current = checked.staff_figure("annonces_en_cours")["id_annonce"].to_list()
    assert current == ["N001", "N006", "N004", "N003", "N005"]


def test_an_audience_that_is_no_service_is_blocking(workbooks):
    """3.3.1 Information du personnel — aléa erreur de destinataires : une annonce adressée à «
    Atelier » (le libellé) au lieu du code ATE est refusée, avec les codes admis."""
    row = edit_notice(workbooks, "N003", public="Atelier")

    checked = workbooks.validate()

    finding = ("communication.xlsx", "Annonces", f"E{row}", "annonce-public-inconnu")
    assert checked.new_findings == [finding]
    assert checked.issue(finding).message == (
        "public « Atelier » inconnu : indiquez « tous » ou un code de service "
        "(ADM, ATE, COM, DIR, LOG)")


def test_a_notice_expiring_before_it_starts_is_blocking(workbooks):
    """3.3.1 Information du personnel — aléa information périmée : une annonce dont la fin
    d'affichage précède le début est refusée à sa date d'expiration."""
    row = edit_notice(workbooks, "N004", date_expiration=date(2026, 11, 10))

    checked = workbooks.validate()

    assert checked.new_findings == [
        ("communication.xlsx", "Annonces", f"G{row}", "annonce-expiration-avant-debut"),
    ]


def test_a_notice_not_yet_due_is_not_shown(workbooks):
    """3.3.1 Information du personnel — annonce à venir : une annonce dont l'affichage commence le
    14/12 n'est pas encore montrée au 30/11."""
    workbooks.sheet(*NOTICES).append(
        notice("N006", "Pot de fin d'année", date_debut=date(2026, 12, 14)))

    checked = workbooks.validate()

    assert checked.new_findings == []
    assert "N006" not in checked.staff_figure("annonces_en_cours")["id_annonce"].to_list()


def test_a_notice_by_someone_not_on_staff_is_blocking(workbooks):
    """3.3.1 Information du personnel — aléa information erronée : une annonce signée d'un
    matricule inconnu est refusée à son auteur."""
    row = edit_notice(workbooks, "N004", auteur="S099")

    checked = workbooks.validate()

    assert checked.new_findings == [
        ("communication.xlsx", "Annonces", f"H{row}", "reference-introuvable"),
    ]
