"""The management site's own pages, and its overview."""

from __future__ import annotations

from datetime import date

from pipelines.compute.figures import Computed, Figure
from pipelines.french import hours, money, plural, short_date
from pipelines.issues import Issue, IssueType
from pipelines.publish import parties_pages
from pipelines.publish.consumables_pages import consumables_files
from pipelines.publish.contracts_pages import contracts_files
from pipelines.publish.page import Asset, Page, guarded, source_line
from pipelines.publish.payroll_pages import payroll_pages
from pipelines.publish.prospects_page import (
    PROSPECTS_FIGURES,
    PROSPECTS_PAGE,
    prospects_files,
)
from pipelines.publish.purchasing_pages import purchasing_files
from pipelines.publish.receivables_pages import receivables_files
from pipelines.publish.report_pages import catalogue_page, management_report_page
from pipelines.publish.sales_anomalies_page import sales_anomalies_page
from pipelines.publish.sales_pages import sales_files
from pipelines.publish.stock_pages import stock_files
from pipelines.publish.supplier_payments_pages import supplier_payments_files
from pipelines.publish.worktime_pages import (
    WORKTIME_FIGURES,
    WORKTIME_PAGE,
    worktime_page,
)

OVERVIEW_PAGE = "gestion/index.md"
OVERVIEW_FIGURES = ("encours_synthese", "fournisseurs", "prospects_synthese", "stock_synthese",
                    "heures_supplementaires_synthese", "ventes_synthese", "creances_synthese")


def _one_row(figures: dict[str, Figure], name: str) -> dict | None:
    """The single row of a summary figure, or None when it is absent."""
    figure = figures.get(name)
    return figure.frame.row(0, named=True) if figure is not None else None


def _overview_lines(figures: dict[str, Figure], issues: list[Issue]) -> list[str]:
    lines = []
    credit, stock = _one_row(figures, "encours_synthese"), _one_row(figures, "stock_synthese")
    prospects = _one_row(figures, "prospects_synthese")
    overtime = _one_row(figures, "heures_supplementaires_synthese")
    if credit is not None:
        lines.append(f"- [Clients](clients/index.md) : {plural(credit['clients'], 'client')}")
        lines.append(f"- [Encours clients](encours.md) : {money(credit['encours_total'])}, "
                     f"{plural(credit['clients_en_depassement'], 'client')} au-delà de son "
                     "plafond")
    sales = _one_row(figures, "ventes_synthese")
    receivables = _one_row(figures, "creances_synthese")
    if sales is not None:
        lines.append(f"- [Ventes](ventes/tableau-de-bord.md) : chiffre d'affaires "
                     f"{money(sales['chiffre_affaires'])} HT depuis le "
                     f"{short_date(sales['debut_periode'])}, carnet de commandes "
                     f"{money(sales['carnet_commandes'])}")
    if receivables is not None:
        lines.append(f"- [Créances clients](creances/index.md) : {money(receivables['total_du'])} "
                     f"dus, dont {money(receivables['echu'])} échus ; "
                     f"{plural(receivables['relances_a_faire'], 'relance')} à faire, "
                     + plural(receivables["litiges_ouverts"], "litige ouvert", "litiges ouverts"))
        if receivables.get("penalites_exigibles") is not None:
            lines.append(
                f"- Pénalités et indemnités exigibles : {money(receivables['penalites_exigibles'])}"
                f" de pénalités de retard et {money(receivables['indemnites_exigibles'])} "
                f"d'indemnités forfaitaires sur "
                + plural(receivables["factures_en_retard"], "facture payée en retard ou impayée",
                         "factures payées en retard ou impayées")
                + " (dues par les clients professionnels, pas forcément réclamées)")
    if "fournisseurs" in figures:
        lines.append(f"- [Fournisseurs](fournisseurs/index.md) : "
                     f"{plural(figures['fournisseurs'].frame.height, 'fournisseur')}")
    if prospects is not None:
        lines.append(f"- [Prospection](prospection.md) : "
                     f"{plural(prospects['en_cours'], 'prospect')} en cours, "
                     f"{plural(prospects['relances'], 'relance')} à faire")
    if stock is not None:
        lines.append(f"- [Stock](stock.md) : valeur {money(stock['valeur_totale'])}, "
                     f"{plural(stock['articles_en_alerte'], 'article')} en alerte")
    if overtime is not None:
        lines.append(f"- [Temps de travail](temps.md) : "
                     f"{hours(overtime['heures_supplementaires'] or 0)} supplémentaires "
                     "depuis le début des pointages")
    blocking = sum(1 for issue in issues if issue.blocking)
    lines.append(
        f"- [Rapport de validation](rapport.md) : "
        f"{plural(blocking, 'anomalie bloquante', 'anomalies bloquantes')}, "
        f"{plural(len(issues) - blocking, 'avertissement')}"
    )
    return lines


def overview_page(figures: dict[str, Figure], issues: list[Issue], as_of: date) -> Page:
    used = [figures[name] for name in OVERVIEW_FIGURES if name in figures]
    sources = tuple(dict.fromkeys(s for figure in used for s in figure.sources))
    body = "\n\n".join((
        "# Vue d'ensemble",
        "\n".join(_overview_lines(figures, issues)),
        source_line(sources, as_of),
    ))
    return Page(OVERVIEW_PAGE, "Vue d'ensemble", body)


def _parties_files(figures: dict[str, Figure], as_of: date, kind: str,
                   archived: frozenset[str] = frozenset()) -> list[Page | Asset]:
    customers, suppliers = figures.get("clients"), figures.get("fournisseurs")
    if kind == "clients":
        return (parties_pages.customer_pages(customers, suppliers, as_of, figures, archived)
                if customers
                else [parties_pages.missing_index("Clients", parties_pages.CUSTOMERS_DIR)])
    return (parties_pages.supplier_pages(suppliers, figures.get("articles_par_fournisseur"),
                                         as_of, customers, figures) if suppliers
            else [parties_pages.missing_index("Fournisseurs", parties_pages.SUPPLIERS_DIR)])


def management_pages(computed: Computed, issues: list[Issue], catalogue: list[IssueType],
                     archived: frozenset[str] = frozenset()) -> list[Page | Asset]:
    """The management pages; a page whose figures failed is a notice instead. The customer
    files link to the `archived` invoices (their numbers), published with the site."""
    figures, as_of, workbooks = computed.management, computed.as_of, computed.workbooks

    def guard(needs, path, title, build) -> list[Page | Asset]:
        return guarded(computed.failures, needs, path, title, as_of, build)

    return [
        *guard(OVERVIEW_FIGURES, OVERVIEW_PAGE, "Vue d'ensemble",
               lambda: [overview_page(figures, issues, as_of)]),
        *guard(("clients",), f"{parties_pages.CUSTOMERS_DIR}/index.md", "Clients",
               lambda: _parties_files(figures, as_of, "clients", archived)),
        *guard(("fournisseurs", "articles_par_fournisseur"),
               f"{parties_pages.SUPPLIERS_DIR}/index.md", "Fournisseurs",
               lambda: _parties_files(figures, as_of, "fournisseurs")),
        *guard(parties_pages.EXPOSURE_FIGURES, parties_pages.EXPOSURE_PAGE, "Encours clients",
               lambda: [parties_pages.exposure_page(figures, as_of)]),
        *guard(PROSPECTS_FIGURES, PROSPECTS_PAGE, "Prospection",
               lambda: prospects_files(figures, as_of)),
        *sales_files(computed, issues),
        *receivables_files(computed, issues),
        sales_anomalies_page(issues, catalogue, as_of),
        *stock_files(computed, issues),
        *purchasing_files(computed, issues),
        *supplier_payments_files(computed, issues),
        *contracts_files(computed, issues),
        *consumables_files(computed, issues),
        *payroll_pages(computed),
        *guard(WORKTIME_FIGURES, WORKTIME_PAGE, "Temps de travail",
               lambda: [worktime_page(figures, as_of)]),
        management_report_page(issues, catalogue, as_of, workbooks),
        catalogue_page(catalogue, as_of, workbooks),
    ]
