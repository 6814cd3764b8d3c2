"""The two sites: their pages, their navigation and their MkDocs configuration.

The staff pages are made from `computed.staff` only (figures computed without the
sensitive columns); the management site holds the same staff pages plus its own.
The staff site's configuration inherits the repository's `mkdocs.yml`; the management
one inherits it too, with its name and its navigation.
"""

from __future__ import annotations

import html
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.compute.figures import Computed
from pipelines.french import long_date, plural
from pipelines.issues import Issue, IssueType
from pipelines.markdown import title_text
from pipelines.publish import home, key_figures, news, people
from pipelines.publish.consumables_pages import (
    CONSUMABLES_NAV,
    CONSUMABLES_STAFF_NAV,
    consumables_staff_files,
)
from pipelines.publish.contracts_pages import (
    CONTRACTS_NAV,
    CONTRACTS_STAFF_NAV,
    contracts_staff_files,
)
from pipelines.publish.management import management_pages
from pipelines.publish.page import Asset, Page, guarded
from pipelines.publish.parties_pages import archived_invoice_path
from pipelines.publish.payroll_pages import PAYROLL_NAV
from pipelines.publish.purchasing_pages import PURCHASING_NAV
from pipelines.publish.receivables_pages import RECEIVABLES_NAV
from pipelines.publish.report_pages import (
    MANAGEMENT_REPORT,
    STAFF_REPORT,
    staff_report_page,
)
from pipelines.publish.sales_anomalies_page import SALES_ANOMALIES_PAGE
from pipelines.publish.sales_pages import SALES_NAV
from pipelines.publish.stock_pages import STOCK_NAV
from pipelines.publish.supplier_payments_pages import SUPPLIER_PAYMENTS_NAV

PROJECT_DIR = Path(__file__).resolve().parents[2]
BASE_CONFIG = PROJECT_DIR / "mkdocs.yml"
DOCS_DIR = PROJECT_DIR / "docs"
STAFF, MANAGEMENT = "personnel", "gestion"
NO_WORKBOOK = "Cette page ne reprend aucun classeur"

STAFF_NAV = [
    {"Accueil": "index.md"},
    {"Actualités": [news.BLOG_INDEX]},
    {"Annuaire": people.DIRECTORY_PAGE},
    {"Organigramme": people.ORG_CHART_PAGE},
    {"Chiffres clés": key_figures.KEY_FIGURES_PAGE},
    *CONSUMABLES_STAFF_NAV,
    *CONTRACTS_STAFF_NAV,
    {"Aide": "aide.md"},
]
MANAGEMENT_NAV = [
    {"Vue d'ensemble": "gestion/index.md"},
    {"Clients": "gestion/clients/index.md"},
    {"Fournisseurs": "gestion/fournisseurs/index.md"},
    {"Encours clients": "gestion/encours.md"},
    {"Prospection": "gestion/prospection.md"},
    *SALES_NAV,
    *RECEIVABLES_NAV,
    {"Anomalies des ventes": SALES_ANOMALIES_PAGE},
    *STOCK_NAV,
    *PURCHASING_NAV,
    *SUPPLIER_PAYMENTS_NAV,
    *CONTRACTS_NAV,
    *CONSUMABLES_NAV,
    *PAYROLL_NAV,
    {"Temps de travail": "gestion/temps.md"},
    {"Rapport de validation": MANAGEMENT_REPORT},
    {"Catalogue des anomalies": "gestion/anomalies.md"},
    {"À propos": "gestion/a-propos.md"},
]


@dataclass(frozen=True)
class Site:
    kind: str  # STAFF or MANAGEMENT
    name: str  # « Intranet — <raison sociale> »
    files: list[Page | Asset]
    nav: list[dict]
    report: str | None  # the report page the banner links to
    documents: dict[str, Path] = field(default_factory=dict)  # page-relative path → file copied


def organisation_name(computed: Computed) -> str:
    organisation = computed.staff.get("organisation")
    if organisation is None or organisation.frame.is_empty():
        return "Organisation"
    return organisation.frame["raison_sociale"][0] or "Organisation"


def staff_files(computed: Computed, site_name: str) -> list[Page | Asset]:
    """The staff pages: made from the staff figures only, never the management ones; a page
    whose figures failed is a notice instead."""
    figures, as_of = computed.staff, computed.as_of

    def guard(needs, path, title, build) -> list[Page | Asset]:
        return guarded(computed.failures, needs, path, title, as_of, build)

    return [
        *guard(home.HOME_FIGURES, home.HOME_PAGE, "Accueil",
               lambda: [home.home_page(site_name, figures, as_of)]),
        *guard(("actualites",), news.BLOG_INDEX, "Actualités",
               lambda: news.blog_pages(figures.get("actualites"), as_of)),
        news.atom_feed(figures.get("actualites"), f"Actualités — {site_name}", as_of),
        *guard(("annuaire",), people.DIRECTORY_PAGE, "Annuaire",
               lambda: [people.directory_page(figures.get("annuaire"), as_of)]),
        *guard(("organigramme",), people.ORG_CHART_PAGE, "Organigramme",
               lambda: people.org_chart_files(figures.get("organigramme"), as_of)),
        *guard(key_figures.KEY_FIGURES, key_figures.KEY_FIGURES_PAGE, "Chiffres clés",
               lambda: key_figures.key_figures(figures, as_of)),
        *consumables_staff_files(computed),
        *contracts_staff_files(computed),
    ]


def build_sites(computed: Computed, issues: list[Issue], catalogue: list[IssueType],
                archived: dict[str, Path] | None = None) -> list[Site]:
    """The staff site, then the management site (the staff pages and its own, with the
    `archived` invoice PDFs, by number, that its customer files link to)."""
    archived = archived or {}
    name = organisation_name(computed)
    staff_name, management_name = f"Intranet — {name}", f"Gestion — {name}"
    staff, staff_nav = staff_files(computed, staff_name), list(STAFF_NAV)
    blocking = any(issue.blocking for issue in issues)
    if blocking:  # the staff see where the blocking issues are, not their messages
        staff.append(staff_report_page(issues, catalogue, computed.as_of, computed.workbooks))
        staff_nav.append({"Rapport de validation": STAFF_REPORT})
    management = staff_files(computed, management_name) + management_pages(
        computed, issues, catalogue, frozenset(archived)
    )
    management_nav = STAFF_NAV + [{"Gestion": MANAGEMENT_NAV}]
    return [
        Site(STAFF, staff_name, staff, staff_nav, STAFF_REPORT if blocking else None),
        Site(MANAGEMENT, management_name, management, management_nav,
             MANAGEMENT_REPORT if blocking else None,
             {archived_invoice_path(number): path for number, path in archived.items()}),
    ]


def copy_handwritten(kind: str, pages_dir: Path) -> None:
    """The hand-written pages and styles of docs/ that this site needs."""
    shutil.copytree(DOCS_DIR / "stylesheets", pages_dir / "stylesheets", dirs_exist_ok=True)
    shutil.copytree(DOCS_DIR / STAFF, pages_dir, dirs_exist_ok=True)
    if kind == MANAGEMENT:
        shutil.copytree(DOCS_DIR / MANAGEMENT, pages_dir / MANAGEMENT, dirs_exist_ok=True)


def banner_text(issues: list[Issue]) -> str | None:
    blocking = sum(1 for issue in issues if issue.blocking)
    if not blocking:
        return None
    count = plural(blocking, "anomalie bloquante", "anomalies bloquantes")
    return f"Données non validées : {count}"


def source_defaults(computed: Computed) -> dict:
    """What the theme says under a page that has no source line of its own (hand-written
    pages, the blog's archive and category pages, 404): the blog's sheet, else no workbook;
    always the as-of date."""
    posts = computed.staff.get("actualites")
    sections = [{"prefix": f"{news.BLOG_DIR}/",
                 "source": f"Source : {posts.sources[0]}"}] if posts is not None else []
    return {"as_of": long_date(computed.as_of), "source": NO_WORKBOOK, "sections": sections}


def mkdocs_config(site: Site, pages_dir: Path, site_dir: Path, issues: list[Issue],
                  computed: Computed) -> dict:
    """The site's configuration, inheriting the repository's mkdocs.yml."""
    banner, as_of = banner_text(issues), computed.as_of
    return {
        "INHERIT": str(BASE_CONFIG),
        "site_name": title_text(site.name),
        "docs_dir": str(pages_dir),
        "site_dir": str(site_dir),
        "theme": {"custom_dir": str(DOCS_DIR / "overrides")},
        "copyright": html.escape(f"{site.name} · données au {long_date(as_of)}"),
        "extra": {
            "generator": False,
            "agora": {
                "banner": banner,
                "report": site.report.removesuffix(".md") + ".html" if site.report else None,
                **source_defaults(computed),
            },
        },
        "nav": site.nav,
    }
