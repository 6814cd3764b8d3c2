"""The generated Markdown, before MkDocs: what each page says."""

from datetime import date
from xml.etree import ElementTree

from pipelines.compute import Figure, compute_all, hr, worktime
from pipelines.issues import IssueType, Severity, SourceRef, catalogue
from pipelines.law import parameters
from pipelines.publish import publish, run
from pipelines.publish.news import atom_feed, post_url
from pipelines.publish.page import Page
from pipelines.publish.people import org_chart_page
from pipelines.publish.prospects_page import prospects_files
from pipelines.publish.report_pages import catalogue_page, management_report_page, staff_report_page
from pipelines.publish.sites import build_sites
from pipelines.publish.worktime_pages import worktime_page

from compute.records import (
    AS_OF, PLANTED_NIR, PROSPECT_CONTACT, PROSPECT_NAME, dataset, employee, small_dataset,
    small_records, table,
)
from .builds import BLOCKING, WARNING, computed


def files_of(kind: str, issues=()):
    sites = {site.kind: site for site in build_sites(computed(), list(issues), catalogue())}
    return {item.path: item for item in sites[kind].files}


def test_home_page_notices_by_priority_as_admonitions_without_expired_ones():
    home = files_of("personnel")["index.md"].body
    urgent = home.index('!!! danger "Urgent : Coupure du réseau"')
    important = home.index('!!! warning "Important : Inventaire du magasin"')
    information = home.index("!!! info \"Information : Exercice d'évacuation\"")
    assert urgent < important < information
    assert "Annonce périmée" not in home


def test_home_page_latest_news_link_to_their_posts():
    home = files_of("personnel")["index.md"].body
    assert "[Un nouvel intranet](actualites/posts/2026-11-16-nouveau-site.md)" in home
    assert "Brouillon caché" not in home and "Fêtes de fin d'année" not in home


def test_a_blog_post_per_published_news_item():
    files = files_of("personnel")
    posts = sorted(path for path in files if path.startswith("actualites/posts/"))
    assert posts == ["actualites/posts/2026-10-02-bilan-qualite.md",
                     "actualites/posts/2026-11-16-nouveau-site.md"]
    post = files["actualites/posts/2026-10-02-bilan-qualite.md"]
    text = post.text()
    assert text.startswith("---\ntitle: Bilan qualité ‹b›2026‹/b›\ndate: 2026-10-02\n")
    assert "categories:\n- Qualité\nslug: bilan-qualite\n" in text
    assert "# Bilan qualité &lt;b&gt;2026&lt;/b&gt;" in post.body
    assert "Source : communication\\.xlsx › Actualités" not in post.body  # two sources
    assert "Sources : communication\\.xlsx › Actualités, personnel\\.xlsx › Salariés" in post.body


def test_atom_feed_is_exact_and_relative():
    news = computed().staff["actualites"]
    feed = ElementTree.fromstring(atom_feed(news, "Actualités", AS_OF).content.encode())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert feed.find("a:updated", ns).text == "2026-11-16T00:00:00Z"
    entries = feed.findall("a:entry", ns)
    assert [e.find("a:title", ns).text for e in entries] == ["Un nouvel intranet",
                                                             "Bilan qualité <b>2026</b>"]
    assert entries[0].find("a:link", ns).get("href") == "actualites/2026/11/16/nouveau-site.html"
    assert post_url(news.frame.row(0, named=True)) == "actualites/2026/11/16/nouveau-site.html"


def test_directory_and_org_chart():
    files = files_of("personnel")
    directory = files["annuaire.md"].body
    assert "| **Bernard** Hugo | Préparateur | Logistique |" in directory
    assert "Roux" not in directory and "Morel" not in directory  # gone, not yet arrived
    chart = files["organigramme.md"].body
    assert "- **Claire Martin** — Directrice générale — Direction\n    - **Paul Durand**" in chart
    assert "\n        - **Hugo Bernard** — Préparateur — Logistique" in chart


def test_staff_site_has_no_management_page():
    staff = files_of("personnel", [BLOCKING])
    assert not [path for path in staff if path.startswith("gestion/")]
    management = files_of("gestion", [BLOCKING])
    assert {"gestion/clients/c0002.md", "gestion/fournisseurs/f0001.md", "gestion/stock.md",
            "gestion/temps.md", "gestion/rapport.md", "gestion/anomalies.md"} <= set(management)
    assert set(staff) - {"rapport.md"} <= set(management)


def test_staff_report_only_with_blocking_issues_and_never_the_messages():
    assert "rapport.md" not in files_of("personnel", [WARNING])
    report = staff_report_page([BLOCKING, WARNING], catalogue(), AS_OF).body
    assert PLANTED_NIR not in report and "script" not in report
    assert "| **Bloquant** | F2 | nir\\-invalide |" in report


def test_management_report_groups_by_workbook_and_sheet_and_escapes():
    documented = [IssueType("nir-invalide", "NIR invalide", "…", Severity.BLOQUANT)]
    report = management_report_page([WARNING, BLOCKING], documented, AS_OF).body
    assert report.index("## clients\\.xlsx") < report.index("### Clients") < report.index(
        "## personnel\\.xlsx") < report.index("### Salariés")
    assert "[nir\\-invalide](anomalies.md#nir-invalide)" in report
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" in report and "<script>" not in report
    assert "1 anomalie bloquante et 1 avertissement" in report


def test_catalogue_lists_code_title_severity_description():
    entries = [IssueType("nir-invalide", "NIR invalide", "La clé ne correspond pas.",
                         Severity.BLOQUANT)]
    page = catalogue_page(entries, AS_OF, ("clients.xlsx", "temps.xlsx")).body
    assert "## nir\\-invalide\n\n**NIR invalide** — Bloquant\n\nLa clé ne correspond pas\\." in page
    assert page.endswith("Sources : tous les classeurs lus (clients\\.xlsx, temps\\.xlsx) — "
                         "données au 30 novembre 2026\n{: .agora-source }")


def test_customer_file_has_its_row_and_escaped_name():
    page = files_of("gestion")["gestion/clients/c0002.md"]
    assert page.title == "C0002 — <script>alert(1)</script>"
    assert page.text().startswith("---\ntitle: C0002 — ‹script›alert(1)‹/script›\n")
    assert "**dépassement de 500,00\xa0€**" in page.body
    assert "Sources : clients\\.xlsx › Clients › ligne 3, personnel\\.xlsx › Salariés" in page.body
    salesperson = [line for line in page.body.splitlines() if line.startswith("| Commercial ")]
    assert salesperson == ["| Commercial | Paul Durand (S002) |"]


def test_org_chart_page_shows_the_drawing_above_the_list():
    files = files_of("personnel")
    page = files["organigramme.md"].body
    assert page.index("](assets/graphiques/organigramme.svg)") < page.index("- **Claire Martin**")
    drawing = ElementTree.fromstring(files["assets/graphiques/organigramme.svg"].content.encode())
    assert drawing.tag == "{http://www.w3.org/2000/svg}svg"
    assert "Sans responsable en poste" not in page


def test_people_whose_manager_has_left_get_their_own_section():
    salaries = table("salaries", [
        employee("S001", "Morel", "Claire", "DIR", poste="Directrice générale"),
        employee("S010", "Chevalier", "Sophie", "LOG", responsable="S001",
                 date_sortie=date(2026, 11, 27)),
        employee("S011", "Blanc", "Hugo", "LOG", poste="Magasinier", responsable="S010"),
        employee("S012", "Aubert", "Léo", "LOG", poste="Cariste", responsable="S011"),
    ]).frame
    chart = Figure("organigramme", "Organigramme", hr.org_chart(salaries, AS_OF),
                   (SourceRef("personnel.xlsx", "Salariés"),))
    page = org_chart_page(chart, AS_OF).body
    assert page.index("- **Claire Morel** — Directrice générale — DIR") < page.index(
        "## Sans responsable en poste")
    assert ("- **Hugo Blanc** — Magasinier — LOG — *rattachement dans le classeur : "
            "Sophie Chevalier (S010)*\n    - **Léo Aubert** — Cariste — LOG\n") in page
    assert "pas en poste au 30 novembre 2026" in page


def test_prospects_page_only_on_the_management_site():
    management, staff = files_of("gestion"), files_of("personnel")
    assert {"gestion/prospection.md", "gestion/graphiques/prospects-par-etape.svg"} <= set(
        management)
    assert not [path for path in staff if "prospect" in path]
    staff_text = "\n".join(item.text() if isinstance(item, Page) else item.content
                           for item in staff.values())
    assert PROSPECT_CONTACT not in staff_text and PROSPECT_NAME not in staff_text


def test_prospects_page_lists_the_call_backs_and_the_counts():
    files = files_of("gestion")
    body = files["gestion/prospection.md"].body
    assert ("6 prospects au 30 novembre 2026 : 5 en cours, 1 gagné, 0 perdu ; "
            "**3 relances à faire**.") in body
    assert ("| **Café Lumière** (P0001) | Intéressé | 20/11/2026 | 10 jours | Paul Durand | "
            "Odile Prospectine |") in body
    assert ("| **&lt;script&gt;alert\\(1\\)&lt;/script&gt;** (P0002) | Proposition | 30/11/2026 | "
            "ce jour |") in body
    assert "| **Traiteur Lebrun** (P0005) | Identifié |   | sans date | S099 |" in body
    assert "| Courriel d'automne | 0 | 2 | 0 | 0 | 0 | 0 | **2** |" in body
    assert "| **Total** | **1** | **2** | **1** | **1** | **1** | **0** | **6** |" in body
    assert "| Hors UE | 1 | 0 | 1 | 0 |" in body
    assert "![Prospects par étape](graphiques/prospects-par-etape.svg)" in body
    assert body.rstrip().endswith(
        "Sources : clients\\.xlsx › Prospects, personnel\\.xlsx › Salariés — données au "
        "30 novembre 2026\n{: .agora-source }")
    assert body.count("{: .agora-source }") == 1
    assert "site_data/" not in body and ".csv" not in body
    assert "aussi publié en CSV et en JSON dans les données du site (site_data)" in body
    overview = files["gestion/index.md"].body
    assert "- [Prospection](prospection.md) : 5 prospects en cours, 3 relances à faire" in overview


def test_prospects_page_without_the_prospects_sheet():
    (page,) = prospects_files({}, AS_OF)
    assert page.path == "gestion/prospection.md"
    assert "*Prospects : la feuille nécessaire est absente des classeurs.*" in page.body


def failed_overtime(monkeypatch):
    """The figures of the small dataset, the weekly overtime computation broken."""
    def broken(*args, **kwargs):
        raise ZeroDivisionError("division par zéro")

    monkeypatch.setattr(worktime, "weekly_overtime", broken)
    return compute_all(small_dataset(), parameters())


def test_a_failed_figure_replaces_its_page_by_a_notice_and_is_reported(monkeypatch):
    figures = failed_overtime(monkeypatch)
    sites = {site.kind: site for site in build_sites(figures, figures.issues, catalogue())}
    files = {item.path: item for item in sites["gestion"].files}

    worktime_page = files["gestion/temps.md"].body
    assert '!!! warning "Chiffres indisponibles"' in worktime_page
    assert "Heures pointées" not in worktime_page
    assert worktime_page.rstrip().endswith(
        "Source : temps\\.xlsx › Pointages — données au 30 novembre 2026\n{: .agora-source }")
    assert "Chiffres indisponibles" in files["gestion/index.md"].body  # it sums the overtime
    assert "Chiffres indisponibles" not in files["gestion/stock.md"].body
    report = files["gestion/rapport.md"].body
    assert "[calcul\\-en\\-echec](anomalies.md#calcul-en-echec)" in report
    assert "ZeroDivisionError" in report
    assert "## calcul\\-en\\-echec" in files["gestion/anomalies.md"].body


def test_publish_reports_a_failed_figure_as_a_warning(monkeypatch, tmp_path):
    figures = failed_overtime(monkeypatch)
    monkeypatch.setattr(run, "build_site", lambda config_file, as_of, cwd: [])
    result = publish(small_dataset(), figures, [], tmp_path)
    assert [w for w in result.warnings if w.startswith("calcul en échec : temps.xlsx")] != []
    assert result.blocking == 0
    report = (tmp_path / "build/pages/gestion/gestion/rapport.md").read_text(encoding="utf-8")
    assert "3 avertissements" in report


def test_the_management_overview_formats_the_computed_totals():
    overview = files_of("gestion")["gestion/index.md"].body
    assert ("- [Encours clients](encours.md) : 2\u202f700,50\xa0€, 1 client au-delà de son "
            "plafond") in overview
    assert "- [Stock](stock.md) : valeur 47,71\xa0€, 2 articles en alerte" in overview
    assert "- [Temps de travail](temps.md) : 7,5\xa0h supplémentaires" in overview


def test_the_worktime_page_shows_the_computed_tables():
    page = files_of("gestion")["gestion/temps.md"].body
    assert "| Salarié | octobre 2026 | novembre 2026 | Total |" in page
    assert "| Paul Durand | 0\xa0h | 42,5\xa0h | **42,5\xa0h** |" in page
    assert "| Paul Durand | 7,5\xa0h | **7,5\xa0h** |" in page
    assert "`site_data/gestion/heures_supplementaires.csv`" in page


def test_the_worktime_page_says_which_weeks_are_not_counted():
    records = small_records()
    records["pointages"].append({"matricule": "S002", "date": date(2010, 3, 1), "heures": "45"})
    figures = compute_all(dataset(AS_OF, **records), parameters()).management
    page = worktime_page(figures, AS_OF).body
    assert ("1 semaine pointée (par salarié) avant la première durée légale hebdomadaire "
            "connue des paramètres d'Agora : ces heures ne sont pas comptées") in page
    assert "| Salarié | mars 2010 | octobre 2026 | novembre 2026 | Total |" in page
    assert "| Paul Durand | 7,5\xa0h | **7,5\xa0h** |" in page  # no overtime in 2010


def test_the_staff_site_never_points_at_management_data():
    staff = files_of("personnel", [BLOCKING])
    text = "\n".join(item.text() if isinstance(item, Page) else item.content
                     for item in staff.values())
    assert "site_data/gestion" not in text and "gestion/" not in text

