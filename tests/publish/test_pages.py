"""The generated Markdown, before MkDocs: what each page says."""

from xml.etree import ElementTree

from pipelines.issues import IssueType, Severity, catalogue
from pipelines.publish.news import atom_feed, post_url
from pipelines.publish.report_pages import catalogue_page, management_report_page, staff_report_page
from pipelines.publish.sites import build_sites

from compute.records import AS_OF, PLANTED_NIR
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
    assert text.startswith("---\ntitle: Bilan qualité &lt;b&gt;2026&lt;/b&gt;\ndate: 2026-10-02\n")
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
    page = catalogue_page(entries).body
    assert "## nir\\-invalide\n\n**NIR invalide** — Bloquant\n\nLa clé ne correspond pas\\." in page


def test_customer_file_has_its_row_and_escaped_name():
    page = files_of("gestion")["gestion/clients/c0002.md"]
    assert page.title == "C0002 — <script>alert(1)</script>"
    assert page.text().startswith("---\ntitle: C0002 — &lt;script&gt;alert(1)&lt;/script&gt;\n")
    assert "**dépassement de 500,00\xa0€**" in page.body
    assert "Sources : clients\\.xlsx › Clients › ligne 3, personnel\\.xlsx › Salariés" in page.body
