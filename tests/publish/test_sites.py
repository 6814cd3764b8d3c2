"""The two built sites (MkDocs runs a few times per session: see conftest.py)."""

import hashlib
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml

from pipelines.publish import PublishError, publish, run
from pipelines.publish.mkdocs_build import SiteBuildError
from pipelines.publish.offline import external_references

from compute.records import (
    PLANTED_ABSENCE_TYPE, PLANTED_IBAN, PLANTED_NIR, PLANTED_STREET, PROSPECT_CONTACT,
    PROSPECT_NAME, small_dataset,
)
from .builds import BLOCKING, build, computed

PLANTED = (PLANTED_NIR, PLANTED_IBAN, PLANTED_STREET, PLANTED_ABSENCE_TYPE)
BANNER = "Données non validées : 1 anomalie bloquante"


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*")) if path.is_file()
    }


def files_containing(site: Path, values) -> list[tuple[str, str]]:
    found = []
    for path in site.rglob("*"):
        if path.is_file():
            text = path.read_bytes().decode("utf-8", errors="replace")
            found += [(path.relative_to(site).as_posix(), v) for v in values if v in text]
    return found


def test_both_sites_build_strict_clean(clean_build, blocked_build):
    assert clean_build.result.warnings == ()
    assert blocked_build.result.warnings == ()
    assert [step.split(" ")[0] for step in clean_build.steps] == ["site_data", "Site", "Site"]


def test_home_page_shows_a_current_notice_and_the_latest_news(clean_build):
    home = (clean_build.staff / "index.html").read_text(encoding="utf-8")
    assert '<div class="admonition danger">' in home
    assert "Urgent : Coupure du réseau" in home
    assert 'href="actualites/2026/11/16/nouveau-site.html">Un nouvel intranet</a>' in home
    assert "Annonce périmée" not in home


def test_news_are_blog_posts_with_archive_categories_and_feed(clean_build):
    site = clean_build.staff
    post = (site / "actualites/2026/10/02/bilan-qualite.html").read_text(encoding="utf-8")
    assert "Bilan qualité &lt;b&gt;2026&lt;/b&gt;" in post and "<b>2026</b>" not in post
    assert (site / "actualites/archive/2026/11.html").is_file()
    assert (site / "actualites/category/informatique.html").is_file()
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    for link in re.findall(r'<link href="([^"]+)"', feed):
        assert (site / link).is_file(), link
    assert 'type="application/atom+xml"' in (site / "annuaire.html").read_text(encoding="utf-8")


def test_no_sensitive_value_anywhere_in_the_staff_site(blocked_build):
    assert files_containing(blocked_build.staff, PLANTED) == []
    # the management site does show some, so the search above can find them
    found = {value for _, value in files_containing(blocked_build.management, PLANTED)}
    assert {PLANTED_STREET, PLANTED_ABSENCE_TYPE, PLANTED_NIR} <= found


def test_management_pages_only_in_the_management_site(clean_build):
    assert not (clean_build.staff / "gestion").exists()
    for page in ("gestion/index.html", "gestion/clients/c0002.html", "gestion/stock.html",
                 "gestion/temps.html", "gestion/fournisseurs/f0001.html",
                 "gestion/rapport.html", "gestion/anomalies.html", "gestion/encours.html"):
        assert (clean_build.management / page).is_file(), page
    staff_pages = {p.relative_to(clean_build.staff) for p in html_pages(clean_build.staff)}
    management_pages = {p.relative_to(clean_build.management)
                        for p in html_pages(clean_build.management)}
    assert staff_pages <= management_pages
    links = [(page.name, link) for page in html_pages(clean_build.staff)
             for link in re.findall(r'(?:href|src)="([^"]*)"', page.read_text(encoding="utf-8"))]
    assert [(page, link) for page, link in links if "gestion" in link] == []
    assert files_containing(clean_build.staff, ["site_data/gestion"]) == []


def test_the_org_chart_is_drawn_on_both_sites(clean_build):
    for site in (clean_build.staff, clean_build.management):
        page = (site / "organigramme.html").read_text(encoding="utf-8")
        assert '<img alt="Organigramme dessiné' in page
        assert 'src="assets/graphiques/organigramme.svg"' in page
        drawing = ElementTree.parse(site / "assets/graphiques/organigramme.svg").getroot()
        assert "Claire Martin — Directrice générale — Direction" in [
            title.text for title in drawing.iter("{http://www.w3.org/2000/svg}title")]


def test_the_prospects_page_is_only_on_the_management_site(clean_build):
    page = (clean_build.management / "gestion/prospection.html").read_text(encoding="utf-8")
    assert ("Sources : clients.xlsx › Prospects, personnel.xlsx › Salariés — données au "
            "30 novembre 2026") in page
    assert 'src="graphiques/prospects-par-etape.svg"' in page
    assert (clean_build.management / "gestion/graphiques/prospects-par-etape.svg").is_file()
    assert not [p for p in clean_build.staff.rglob("*") if "prospect" in p.name]
    assert files_containing(clean_build.staff, [PROSPECT_CONTACT, PROSPECT_NAME]) == []
    assert files_containing(clean_build.management, [PROSPECT_CONTACT])


def test_a_script_customer_is_shown_as_text(clean_build):
    page = (clean_build.management / "gestion/clients/c0002.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "<h1 id=\"scriptalert1script\">&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in page
    assert "<title>C0002 — ‹script›alert(1)‹/script› - Gestion" in page
    assert files_containing(clean_build.management, ["<script>alert(1)"]) == []


class _Shown(HTMLParser):
    """What a browser shows of a page's titles: <title>, tooltips and labels, the header."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: dict[str, list[str]] = {"title": [], "tooltip": [], "topic": []}
        self._capture: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in ("title", "aria-label", "alt"):
            if attributes.get(name):
                self.texts["tooltip"].append(attributes[name])
        if tag == "title" or "md-ellipsis" in (attributes.get("class") or ""):
            self._capture = "title" if tag == "title" else "topic"

    def handle_endtag(self, tag):
        if tag in ("title", "span"):
            self._capture = None

    def handle_data(self, data):
        if self._capture and data.strip():
            self.texts[self._capture].append(" ".join(data.split()))


def test_hostile_names_read_the_same_in_titles_and_tooltips(clean_build):
    """Customer C0002 is « <script>alert(1)</script> », the organisation
    « Les Ateliers <Agora> & "Fils" »: no entity may show, in a tooltip or a title."""
    shown = _Shown()
    shown.feed((clean_build.management / "gestion/clients/c0002.html").read_text("utf-8"))
    site_name = "Gestion — Les Ateliers ‹Agora› & ”Fils”"
    assert shown.texts["title"] == [f"C0002 — ‹script›alert(1)‹/script› - {site_name}"]
    assert site_name in shown.texts["tooltip"]  # the logo's title= tooltip
    assert "C0002 — ‹script›alert(1)‹/script›" in shown.texts["topic"]
    visible = [text for texts in shown.texts.values() for text in texts]
    assert [t for t in visible if re.search(r"&(lt|gt|quot|amp|#\d+);", t)] == []


def test_no_request_to_another_host(clean_build, blocked_build):
    for site in (clean_build.staff, clean_build.management, blocked_build.staff):
        assert external_references(site) == []
        for page in html_pages(site):
            html = page.read_text(encoding="utf-8")
            assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), page
            assert "fonts.googleapis" not in html and 'class="mermaid"' not in html


def test_french_search_is_bundled(clean_build):
    lunr = clean_build.staff / "assets/javascripts/lunr/min"
    assert (lunr / "lunr.fr.min.js").is_file() and (lunr / "lunr.stemmer.support.min.js").is_file()
    index = (clean_build.staff / "search/search_index.json").read_text(encoding="utf-8")
    assert '"lang":["fr"]' in index.replace(" ", "")


SOURCE_LINE = re.compile(r'<p class="agora-source">(.*?)</p>', re.DOTALL)


def source_lines(page: Path) -> list[str]:
    return [" ".join(re.sub(r"<[^>]+>", "", line).split())
            for line in SOURCE_LINE.findall(page.read_text(encoding="utf-8"))]


def test_every_page_says_its_workbooks_and_its_date(clean_build, blocked_build):
    sites = (clean_build.staff, clean_build.management, blocked_build.staff)
    pages = [page for site in sites for page in html_pages(site)]
    assert len(pages) > 40
    for page in pages:
        lines = source_lines(page)
        assert lines, f"{page} : pas de ligne de provenance"
        assert all(line.endswith("données au 30 novembre 2026") for line in lines), page
        assert all(".xlsx" in line or "aucun classeur" in line for line in lines), page
    site = clean_build.staff
    assert source_lines(site / "annuaire.html") == [
        "Sources : personnel.xlsx › Salariés, organisation.xlsx › Services — données au "
        "30 novembre 2026"]
    for blog_page in ("actualites/archive/2026/11.html", "actualites/category/informatique.html"):
        assert source_lines(site / blog_page) == [
            "Source : communication.xlsx › Actualités — données au 30 novembre 2026"]
    assert source_lines(site / "aide.html") == [
        "Page rédigée à la main, qui ne reprend aucun classeur — données au 30 novembre 2026"]
    assert source_lines(site / "404.html") == [
        "Cette page ne reprend aucun classeur — données au 30 novembre 2026"]
    for report in (clean_build.management / "gestion/rapport.html",
                   clean_build.management / "gestion/anomalies.html",
                   blocked_build.staff / "rapport.html"):
        (line,) = source_lines(report)
        assert line.startswith("Sources : tous les classeurs lus (organisation.xlsx, "), report


def test_the_kept_configurations_name_the_published_sites(clean_build):
    for kind, folder in (("personnel", "site"), ("gestion", "site-gestion")):
        config = yaml.safe_load((clean_build.root / f"build/mkdocs-{kind}.yml").read_text("utf-8"))
        assert Path(config["site_dir"]) == clean_build.root / folder
        assert Path(config["docs_dir"]).is_dir()
    assert [p.name for p in clean_build.root.iterdir() if ".tmp-" in p.name] == []


def test_banner_on_every_page_only_when_blocking_issues_are_published(clean_build, blocked_build):
    for site in (blocked_build.staff, blocked_build.management):
        for page in html_pages(site):
            assert BANNER in page.read_text(encoding="utf-8"), page
    assert (blocked_build.staff / "rapport.html").is_file()
    assert not (clean_build.staff / "rapport.html").exists()
    assert not [p for p in html_pages(clean_build.staff) if "agora-banner" in p.read_text()]
    staff_home = (blocked_build.staff / "index.html").read_text(encoding="utf-8")
    assert '<a href="rapport.html">voir le rapport</a>' in staff_home
    management_home = (blocked_build.management / "index.html").read_text(encoding="utf-8")
    assert '<a href="gestion/rapport.html">voir le rapport</a>' in management_home


def test_same_inputs_same_outputs(clean_build, tmp_path):
    again = build(tmp_path, [])
    for folder in ("site", "site-gestion", "site_data"):
        assert fingerprint(again.root / folder) == fingerprint(clean_build.root / folder), folder
    assert sorted(p.name for p in (again.root / "site_data").iterdir()) == ["gestion", "personnel"]


def test_a_failed_build_leaves_the_previous_outputs_whole(clean_build, tmp_path, monkeypatch):
    root = tmp_path / "sortie"
    for folder in ("site", "site-gestion", "site_data"):
        shutil.copytree(clean_build.root / folder, root / folder)
    before = {folder: fingerprint(root / folder) for folder in ("site", "site-gestion", "site_data")}
    real_build = run.build_site

    def fail_on_management(config_file, as_of, cwd):
        if "gestion" in config_file.name:
            raise RuntimeError("coupure simulée pendant la construction")
        return real_build(config_file, as_of, cwd)

    monkeypatch.setattr(run, "build_site", fail_on_management)
    with pytest.raises(RuntimeError, match="coupure simulée"):
        publish(small_dataset(), computed(), [BLOCKING], root, keep_going=True)
    after = {folder: fingerprint(root / folder) for folder in before}
    assert after == before
    assert sorted(p.name for p in root.iterdir()) == ["build", "site", "site-gestion", "site_data"]


def test_a_mkdocs_failure_is_a_publish_error_and_publishes_nothing(tmp_path, monkeypatch):
    def broken(config_file, as_of, cwd):
        raise SiteBuildError("MkDocs a échoué pour mkdocs-personnel.yml")

    killed = [tmp_path / ".site.tmp-k1ll3d", tmp_path / ".site_data.tmp-0ld"]
    for folder in killed:  # left by a build that was killed
        (folder / "assets").mkdir(parents=True)
    monkeypatch.setattr(run, "build_site", broken)
    with pytest.raises(PublishError, match="MkDocs a échoué"):
        publish(small_dataset(), computed(), [], tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"]
    assert list((tmp_path / "build").glob("mkdocs-*.yml")) == []  # none names a lost folder


def test_blocking_issues_are_not_published_without_keep_going(tmp_path):
    with pytest.raises(PublishError):
        publish(small_dataset(), computed(), [BLOCKING], tmp_path)
    assert list(tmp_path.iterdir()) == []
