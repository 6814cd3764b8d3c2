"""2.3.2 Internal information spaces: the intranet's notices and news.

Hazards: an outdated notice (it must disappear once expired), news not ready (a draft, a
post dated later), and the confidentiality breach: a sensitive value (salary, social
security number, IBAN, a private person's address) must never reach the staff site. The
site tests share one build (`published`, see published.py).
"""

from datetime import date

from .published import (
    DRAFT_NEWS,
    EXPIRED_NOTICE,
    FUTURE_NEWS,
    PLANTED_IBAN,
    PLANTED_NIR,
    PLANTED_SALARY,
    PLANTED_STREET,
    iban_renderings,
    nir_renderings,
    salary_renderings,
    site_text,
)

NOTICES = ("communication.xlsx", "Annonces")
NEWS = ("communication.xlsx", "Actualités")
LATEST_NEWS = "contrat-maintenance-lycee"  # published on 19/10/2026


def current_notices(checked) -> list[str]:
    return checked.staff_figure("annonces_en_cours")["id_annonce"].to_list()


def published_news(checked) -> list[str]:
    return checked.staff_figure("actualites")["id_actualite"].to_list()


def test_an_expired_notice_disappears(workbooks, demo):
    """2.3.2 Espaces d'information — aléa annonce périmée : l'annonce des entretiens annuels,
    expirée la veille de l'arrêté, n'est plus affichée."""
    assert "N004" in current_notices(demo)
    notices = workbooks.sheet(*NOTICES)
    notices.set(notices.row_of("N004"), "date_expiration", date(2026, 11, 29))

    checked = workbooks.validate()

    assert checked.new_findings == []
    assert current_notices(checked) == ["N001", "N003", "N005"]


def test_a_notice_is_shown_through_its_last_day(workbooks):
    """2.3.2 Espaces d'information — date d'expiration : une annonce qui expire le jour de l'arrêté
    est encore affichée ce jour-là."""
    notices = workbooks.sheet(*NOTICES)
    notices.set(notices.row_of("N004"), "date_expiration", date(2026, 11, 30))

    checked = workbooks.validate()

    assert "N004" in current_notices(checked)


def test_the_demo_hides_the_notice_of_last_june(demo):
    """2.3.2 Espaces d'information — aléa annonce périmée : l'annonce de l'inventaire de juin,
    expirée le 30/06, n'est pas parmi les annonces en cours."""
    assert current_notices(demo) == ["N001", "N004", "N003", "N005"]


def test_a_draft_news_item_is_not_published(workbooks, demo):
    """2.3.2 Espaces d'information — actualité en brouillon : l'actualité la plus récente repassée
    en brouillon disparaît des actualités et des dernières nouvelles."""
    assert published_news(demo)[0] == LATEST_NEWS
    news = workbooks.sheet(*NEWS)
    news.set(news.row_of(LATEST_NEWS), "publie", "non")

    checked = workbooks.validate()

    assert checked.new_findings == []
    assert LATEST_NEWS not in published_news(checked)
    assert len(published_news(checked)) == len(published_news(demo)) - 1
    latest = checked.staff_figure("dernieres_actualites")["id_actualite"]
    assert latest[0] == "entretiens-annuels-2026"


def test_a_news_item_dated_after_the_as_of_date_waits(workbooks):
    """2.3.2 Espaces d'information — actualité programmée : une actualité datée du 15/12 n'est pas
    publiée au 30/11."""
    news = workbooks.sheet(*NEWS)
    news.set(news.row_of(LATEST_NEWS), "date_publication", date(2026, 12, 15))

    checked = workbooks.validate()

    assert LATEST_NEWS not in published_news(checked)


def test_expired_notices_and_unready_news_reach_neither_site(published):
    """2.3.2 Espaces d'information — aléa annonce périmée : ni l'annonce expirée, ni l'actualité en
    brouillon, ni celle programmée pour décembre ne figurent dans les fichiers des deux sites."""
    staff, management = site_text(published.staff), site_text(published.management)
    assert "Un contrat de maintenance avec le lycée hôtelier" in staff  # the check can fail
    for title in (EXPIRED_NOTICE[1], DRAFT_NEWS[1], FUTURE_NEWS[1]):
        word = title.split()[-1]
        assert word not in staff and word not in management, title


def test_no_sensitive_value_reaches_the_staff_site(published):
    """2.3.2 Espaces d'information — aléa rupture de confidentialité : le salaire, le NIR, l'IBAN
    d'un salarié et l'adresse d'un client particulier n'apparaissent dans aucun fichier du site du
    personnel."""
    staff, management = site_text(published.staff), site_text(published.management)
    assert PLANTED_STREET in management  # the planted values did reach the build
    secrets = [*salary_renderings(PLANTED_SALARY), *nir_renderings(PLANTED_NIR),
               *iban_renderings(PLANTED_IBAN), PLANTED_STREET]
    assert [secret for secret in secrets if secret in staff] == []
    assert [secret for secret in secrets[:-1] if secret in management] == []


def test_the_staff_site_has_no_management_page(published):
    """2.3.2 Espaces d'information — aléa rupture de confidentialité : les pages de gestion
    (clients, encours, stock, temps) ne sont publiées que sur le site de gestion."""
    assert (published.management / "gestion" / "clients").is_dir()
    assert not (published.staff / "gestion").exists()
    assert "Encours clients" in site_text(published.management)
    assert "Encours clients" not in site_text(published.staff)
