"""The two built sites (MkDocs runs a few times per session: see conftest.py)."""

import hashlib
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest

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
    assert "Source : clients.xlsx › Prospects — données au 30 novembre 2026" in page
    assert 'src="graphiques/prospects-par-etape.svg"' in page
    assert (clean_build.management / "gestion/graphiques/prospects-par-etape.svg").is_file()
    assert not [p for p in clean_build.staff.rglob("*") if "prospect" in p.name]
    assert files_containing(clean_build.staff, [PROSPECT_CONTACT, PROSPECT_NAME]) == []
    assert files_containing(clean_build.management, [PROSPECT_CONTACT])


def test_a_script_customer_is_shown_as_text(clean_build):
    page = (clean_build.management / "gestion/clients/c0002.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "<h1 id=\"scriptalert1script\">&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in page
    assert "<title>C0002 — &lt;script&gt;alert(1)&lt;/script&gt; - Gestion" in page
    assert files_containing(clean_build.management, ["<script>alert(1)"]) == []


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


def test_every_page_says_its_date_and_sources(clean_build):
    for page in html_pages(clean_build.management):
        html = page.read_text(encoding="utf-8")
        assert "données au 30 novembre 2026" in html, page
    directory = (clean_build.staff / "annuaire.html").read_text(encoding="utf-8")
    assert ("Sources : personnel.xlsx › Salariés, organisation.xlsx › Services — données au "
            "30 novembre 2026") in directory


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

    monkeypatch.setattr(run, "build_site", broken)
    with pytest.raises(PublishError, match="MkDocs a échoué"):
        publish(small_dataset(), computed(), [], tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"]


def test_blocking_issues_are_not_published_without_keep_going(tmp_path):
    with pytest.raises(PublishError):
        publish(small_dataset(), computed(), [BLOCKING], tmp_path)
    assert list(tmp_path.iterdir()) == []
