"""The built intranet in headless Chromium: home page, search, escaping, links, network."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect

from . import records, sites
from .html_pages import link_target, page_url, read_page, site_pages

pytestmark = pytest.mark.browser

NOTICE = ".admonition, details"
SEARCH_RESULT = ".md-search-result__item"
WORD = re.compile(r"[^\W\d_]{5,}")


def test_home_shows_the_current_notices_and_the_latest_news(visit, staff_url, demo):
    notices = records.current_notices_for_all(demo.workbooks)
    latest = records.latest_news(demo.workbooks)
    assert notices, "la démo n'a aucune annonce en cours pour tous à la date d'arrêté"

    page = visit.open(staff_url)

    for notice in notices:
        expect(page.locator(NOTICE, has_text=notice["titre"]).first).to_be_visible()
    for news in latest:
        expect(page.locator(".md-content").get_by_text(news["titre"]).first).to_be_visible()


def test_home_hides_expired_notices(visit, staff_url, demo):
    expired = records.expired_notices(demo.workbooks)
    if not expired:
        pytest.skip("la démo n'a aucune annonce expirée (voir le cas piégé)")

    text = visit.open(staff_url).locator("body").inner_text()

    assert [n["titre"] for n in expired if n["titre"] in text] == []


def test_expired_notice_and_unpublished_news_appear_nowhere(visit, trapped_staff_url, trapped):
    text = visit.open(trapped_staff_url).locator("body").inner_text()
    assert sites.EXPIRED_NOTICE_TITLE not in text
    assert sites.DRAFT_NEWS_TITLE not in text

    found = [
        path.relative_to(trapped.staff).as_posix()
        for path in trapped.staff.rglob("*")
        if path.suffix in (".html", ".json", ".xml", ".csv")
        and sites.TRAP_WORD.lower() in path.read_text(encoding="utf-8", errors="replace").lower()
    ]
    assert found == [], "annonce expirée ou actualité non publiée présente dans ces fichiers"


def distinctive_word(title: str, other_titles: list[str]) -> str:
    """The longest word of `title` found in no other title (search must find this post)."""
    others = " ".join(other_titles).lower()
    words = sorted(WORD.findall(title), key=len, reverse=True)
    for word in words:
        if word.lower() not in others:
            return word
    return words[0]


def test_search_finds_the_latest_news_post(visit, staff_url, demo):
    news = records.published_news(demo.workbooks)
    post = news[0]
    word = distinctive_word(post["titre"], [n["titre"] for n in news[1:]])
    page = visit.open(staff_url)

    search = page.locator("input.md-search__input")
    if not search.is_visible():
        page.locator("label[for='__search']:visible").first.click()
    search.click()
    search.press_sequentially(word, delay=30)

    expect(page.locator(SEARCH_RESULT).first).to_be_visible(timeout=15_000)
    found = page.locator(f"{SEARCH_RESULT} article h1", has_text=post["titre"])
    expect(found.first).to_be_visible()
    assert any(url.endswith("/lunr.fr.min.js") for url in visit.requests), "recherche non française"
    assert visit.errors == []


def test_customer_named_script_is_shown_as_text(visit, trapped_management_url, trapped):
    mentioning = [
        page.path for page in site_pages(trapped.management) if "alert(1)" in page.article_text
    ]
    headings = {read_page(path).heading for path in mentioning}
    assert any(re.search(r"\bclients\b", h, re.IGNORECASE) for h in headings), (
        f"la liste des clients ne mentionne pas {sites.SCRIPT_CUSTOMER_CODE} : {headings}"
    )
    assert any(sites.SCRIPT_CUSTOMER_CODE in h or "script" in h for h in headings), (
        f"pas de page pour le client {sites.SCRIPT_CUSTOMER_CODE} : {headings}"
    )

    for path in mentioning[:8]:
        page = visit.open(trapped_management_url + page_url(trapped.management, path))
        injected = page.evaluate(
            "() => [...document.querySelectorAll('script')]"
            ".filter(s => s.textContent.includes('alert(1)')).length"
        )
        assert (injected, visit.dialogs) == (0, []), f"{path} : balise <script> exécutée"
        expect(page.get_by_text(sites.SCRIPT_CUSTOMER_NAME).first).to_be_visible()
        page.close()


def test_hostile_names_read_as_text_in_titles_and_tooltips(visit, trapped_management_url, trapped):
    """Neither the customer's page title nor the organisation's name (the site name, shown in
    the logo's tooltip) may run as markup or show an entity such as « &lt; »."""
    customer = next(page for page in site_pages(trapped.management)
                    if page.title.startswith(sites.SCRIPT_CUSTOMER_CODE))
    page = visit.open(trapped_management_url + page_url(trapped.management, customer.path))

    site_name = "Gestion — Atelier ‹img src=x onerror=alert(2)› & ”Fils”"
    customer_title = f"{sites.SCRIPT_CUSTOMER_CODE} — ‹script›alert(1)‹/script›"
    assert page.title() == f"{customer_title} - {site_name}"
    assert page.locator("a.md-logo").first.get_attribute("title") == site_name
    expect(page.locator(".md-header__topic").last).to_contain_text(customer_title)
    shown = [page.title(), *page.locator("[title], [aria-label]").evaluate_all(
        "nodes => nodes.flatMap(n => [n.title, n.getAttribute('aria-label') || ''])")]
    assert [text for text in shown if re.search(r"&(lt|gt|quot|amp);", text)] == []
    assert page.locator("img[onerror]").count() == 0 and visit.dialogs == []


def sample_pages(site) -> list:
    """One page of each kind: the first page for each (first path segment, depth)."""
    kinds: dict[tuple[str, int], object] = {}
    for page in site_pages(site):
        parts = page_url(site, page.path).strip("/").split("/")
        kinds.setdefault((parts[0], len(parts)), page.path)
    return list(kinds.values())


@pytest.mark.parametrize("which", ["staff", "management"])
def test_no_request_leaves_the_machine(visit, which, demo, staff_url, management_url):
    site, base = (demo.staff, staff_url) if which == "staff" else (demo.management, management_url)
    visited = sample_pages(site)
    assert len(visited) >= 3

    for path in visited:
        visit.open(base + page_url(site, path)).close()

    assert visit.outside_requests == []
    assert visit.errors == [], "erreurs JavaScript"
    assert any(url.endswith(".js") for url in visit.requests), "aucun script chargé ?"


@pytest.mark.parametrize("which", ["staff", "management"])
def test_no_broken_link(which, demo):
    site = getattr(demo, which)
    broken = []
    for page in site_pages(site):
        for _tag, url in page.links:
            target = link_target(site, page.path, url)
            if target is None:
                continue
            if not (target.is_file() and target.is_relative_to(site.resolve())):
                broken.append(f"{page_url(site, page.path) or '/'} → {url}")
    assert broken == [], f"{len(broken)} lien(s) cassé(s) dans {site.name}"


def test_navigation_links_lead_to_pages(visit, staff_url):
    page = visit.open(staff_url)
    links = page.locator("a.md-tabs__link, nav.md-nav--primary a.md-nav__link[href]")
    hrefs = []
    for index in range(links.count()):
        link = links.nth(index)
        href = link.get_attribute("href")
        if href and not href.startswith("#") and href not in hrefs and link.is_visible():
            hrefs.append(href)
    assert len(hrefs) >= 2, f"trop peu de liens de navigation : {hrefs}"

    for href in hrefs[:5]:
        page = visit.open(staff_url)
        page.locator(f"a[href='{href}']").first.click()
        page.wait_for_load_state("load")
        assert page.url == urljoin(staff_url, href)
        expect(page.locator("article h1, .md-content h1").first).to_be_visible()
        assert "404" not in page.title()
        page.close()


def find_page(site, pattern: str):
    matching = [p for p in site_pages(site) if re.search(pattern, p.heading, re.IGNORECASE)]
    assert matching, f"aucune page dont le titre correspond à « {pattern} » dans {site.name}"
    return matching[0]


def validation_findings(workbooks) -> dict:
    """What `agora validate --format json` reports on these workbooks."""
    done = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "validate", str(workbooks), "--format", "json"],
        cwd=sites.REPO_ROOT, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def test_management_site_shows_the_validation_report(visit, management_url, demo):
    findings = validation_findings(demo.workbooks)
    report = find_page(demo.management, r"rapport.*validation|validation.*classeurs")
    page = visit.open(management_url + page_url(demo.management, report.path))
    text = " ".join(page.locator(".md-content").inner_text().split())

    missing = [
        f"{issue['cellule']} {issue['code']}" for issue in findings["anomalies"]
        if not all(" ".join(str(part).split()) in text
                   for part in (issue["code"], issue["cellule"], issue["message"]) if part)
    ]
    assert missing == [], "anomalies absentes du rapport publié"
    if not findings["anomalies"]:
        assert "aucune anomalie" in text.lower()


def test_management_site_shows_the_issue_catalogue(visit, management_url, demo):
    from pipelines.issues import catalogue

    codes = [issue_type.code for issue_type in catalogue()]
    listing = find_page(demo.management, r"catalogue|codes d.anomalie")
    page = visit.open(management_url + page_url(demo.management, listing.path))
    text = page.locator(".md-content").inner_text()
    assert [code for code in codes if code not in text] == []
