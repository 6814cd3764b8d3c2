from datetime import date

from pipelines.compute import intranet

from .records import AS_OF, small_dataset


def test_current_notices_by_priority_then_date_without_expired_ones():
    dataset = small_dataset()
    notices = intranet.current_notices(
        dataset.frame("annonces"), AS_OF, dataset.frame("services"), dataset.frame("salaries")
    )
    # N003 expired on 29 Nov; N002 expires on as_of (still shown); N004 has no expiry date
    assert notices.select("id_annonce", "priorite", "public_libelle", "auteur_nom").rows() == [
        ("N002", "urgente", "Tout le personnel", "Claire Martin"),
        ("N004", "importante", "Logistique", "Léa Petit"),
        ("N001", "information", "Tout le personnel", "Claire Martin"),
    ]


def test_a_notice_not_yet_started_is_absent():
    dataset = small_dataset()
    notices = intranet.current_notices(dataset.frame("annonces"), date(2026, 11, 24))
    assert notices["id_annonce"].to_list() == ["N003", "N001"]


def test_published_news_most_recent_first_without_drafts_or_future():
    dataset = small_dataset()
    news = intranet.published_news(dataset.frame("actualites"), AS_OF, dataset.frame("salaries"))
    assert news.select("id_actualite", "auteur_nom").rows() == [
        ("nouveau-site", "Claire Martin"),
        ("bilan-qualite", "Léa Petit"),
    ]
    assert intranet.latest_news(news, 1)["id_actualite"].to_list() == ["nouveau-site"]
