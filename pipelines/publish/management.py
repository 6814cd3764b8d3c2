"""The management site's own pages, and its overview."""

from __future__ import annotations

from datetime import date

import polars as pl

from pipelines.compute.figures import Computed, Figure
from pipelines.compute.prospects import CLOSED_STAGES
from pipelines.issues import Issue, IssueType
from pipelines.publish import parties_pages
from pipelines.french import hours, money, plural
from pipelines.publish.page import Asset, Page, source_line
from pipelines.publish.prospects_page import prospects_files
from pipelines.publish.report_pages import catalogue_page, management_report_page
from pipelines.publish.stock_pages import stock_page
from pipelines.publish.worktime_pages import worktime_page

OVERVIEW_PAGE = "gestion/index.md"


def _overview_lines(figures: dict[str, Figure], issues: list[Issue]) -> list[str]:
    lines = []
    if "clients" in figures:
        customers = figures["clients"].frame.height
        lines.append(f"- [Clients](clients/index.md) : {plural(customers, 'client')}")
    if "encours_clients" in figures:
        exposure = figures["encours_clients"].frame
        over = exposure.filter(pl.col("depassement")).height
        total = sum((v for v in exposure["encours"].to_list() if v is not None), start=0)
        lines.append(f"- [Encours clients](encours.md) : {money(total)}, "
                     f"{plural(over, 'client')} au-delà de son plafond")
    if "fournisseurs" in figures:
        lines.append(f"- [Fournisseurs](fournisseurs/index.md) : "
                     f"{plural(figures['fournisseurs'].frame.height, 'fournisseur')}")
    if "prospects_par_etape" in figures and "prospects_relances" in figures:
        stages = figures["prospects_par_etape"].frame
        open_count = stages.filter(~pl.col("etape").is_in(CLOSED_STAGES))["nombre"].sum()
        due = figures["prospects_relances"].frame.height
        lines.append(f"- [Prospection](prospection.md) : {plural(open_count, 'prospect')} "
                     f"en cours, {plural(due, 'relance')} à faire")
    if "stock_niveaux" in figures:
        values = [v for v in figures["stock_niveaux"].frame["valeur"].to_list() if v is not None]
        alerts = figures["stock_alertes"].frame.height if "stock_alertes" in figures else 0
        lines.append(f"- [Stock](stock.md) : valeur {money(sum(values, start=0))}, "
                     f"{plural(alerts, 'article')} en alerte")
    if "heures_supplementaires" in figures:
        overtime = figures["heures_supplementaires"].frame["heures_supplementaires"].to_list()
        lines.append(f"- [Temps de travail](temps.md) : {hours(sum(overtime, start=0))} "
                     "supplémentaires depuis le début des pointages")
    blocking = sum(1 for issue in issues if issue.blocking)
    lines.append(
        f"- [Rapport de validation](rapport.md) : "
        f"{plural(blocking, 'anomalie bloquante', 'anomalies bloquantes')}, "
        f"{plural(len(issues) - blocking, 'avertissement')}"
    )
    return lines


def overview_page(figures: dict[str, Figure], issues: list[Issue], as_of: date) -> Page:
    sources = tuple(dict.fromkeys(s for figure in figures.values() for s in figure.sources))
    body = "\n\n".join((
        "# Vue d'ensemble",
        "\n".join(_overview_lines(figures, issues)),
        source_line(sources, as_of),
    ))
    return Page(OVERVIEW_PAGE, "Vue d'ensemble", body)


def management_pages(computed: Computed, issues: list[Issue],
                     catalogue: list[IssueType]) -> list[Page | Asset]:
    figures, as_of = computed.management, computed.as_of
    pages: list[Page | Asset] = [overview_page(figures, issues, as_of)]
    customers, suppliers = figures.get("clients"), figures.get("fournisseurs")
    pages += (parties_pages.customer_pages(customers, suppliers, as_of) if customers
              else [parties_pages.missing_index("Clients", parties_pages.CUSTOMERS_DIR)])
    pages += (parties_pages.supplier_pages(suppliers, figures.get("articles_par_fournisseur"),
                                           as_of, customers) if suppliers
              else [parties_pages.missing_index("Fournisseurs", parties_pages.SUPPLIERS_DIR)])
    pages += [
        parties_pages.exposure_page(figures.get("encours_clients"), customers, as_of),
        *prospects_files(figures, as_of),
        stock_page(figures, as_of),
        worktime_page(figures, as_of),
        management_report_page(issues, catalogue, as_of),
        catalogue_page(catalogue),
    ]
    return pages
