"""The staff's aggregated figures: headcount by service and stock alerts, with charts."""

from __future__ import annotations

from datetime import date

from pipelines.compute.figures import Figure
from pipelines.compute.stock import BELOW_SAFETY, STOCK_OUT
from pipelines.french import long_date, number
from pipelines.markdown import md, table
from pipelines.publish.charts import horizontal_bars
from pipelines.publish.page import Asset, Page, section, source_line

KEY_FIGURES_PAGE = "chiffres.md"
HEADCOUNT_CHART = "assets/graphiques/effectifs-par-service.svg"
ALERTS_CHART = "assets/graphiques/alertes-de-stock.svg"
KEY_FIGURES = ("effectifs_par_service", "effectifs_synthese", "stock_alertes_synthese")
ALERT_LABELS = {STOCK_OUT: "En rupture", BELOW_SAFETY: "Sous le stock de sécurité"}


def headcount_section(headcount: Figure, total: int, as_of: date) -> tuple[str, Asset]:
    rows = headcount.frame.to_dicts()
    chart = Asset(HEADCOUNT_CHART, horizontal_bars(
        [row["service_libelle"] for row in rows], [row["effectif"] for row in rows], "personnes"
    ))
    text = section(
        "Effectif par service",
        f"Personnes présentes au {long_date(as_of)} : **{number(total)}**.",
        f"![Effectif par service]({HEADCOUNT_CHART})",
        table(
            ["Service", "Effectif"],
            [[md(row["service_libelle"]), number(row["effectif"])] for row in rows]
            + [["**Total**", f"**{number(total)}**"]],
            right=[1],
        ),
        source_line(headcount.sources, as_of),
    )
    return text, chart


def alerts_section(alerts: Figure, as_of: date) -> tuple[str, Asset]:
    rows = alerts.frame.to_dicts()
    labels = [ALERT_LABELS.get(row["alerte"], row["alerte"]) for row in rows]
    counts = [row["nombre"] for row in rows]
    chart = Asset(ALERTS_CHART, horizontal_bars(labels, counts, "articles"))
    text = section(
        "Alertes de stock",
        "Articles actifs dont le stock est épuisé ou passé sous le stock de sécurité.",
        f"![Alertes de stock]({ALERTS_CHART})",
        table(["Alerte", "Articles"],
              [[md(label), number(row["nombre"])] for label, row in zip(labels, rows)],
              right=[1]),
        source_line(alerts.sources, as_of),
    )
    return text, chart


def key_figures(figures: dict[str, Figure], as_of: date) -> list[Page | Asset]:
    """The « Chiffres clés » page and its charts."""
    parts, assets = ["# Chiffres clés"], []
    headcount, summary = figures.get("effectifs_par_service"), figures.get("effectifs_synthese")
    sections = []
    if headcount is not None and summary is not None:
        sections.append(headcount_section(headcount, summary.frame["effectif"][0], as_of))
    if "stock_alertes_synthese" in figures:
        sections.append(alerts_section(figures["stock_alertes_synthese"], as_of))
    for text, chart in sections:
        parts.append(text)
        assets.append(chart)
    if len(parts) == 1:
        parts.append("*Aucun chiffre : les feuilles nécessaires sont absentes des classeurs.*")
    return [Page(KEY_FIGURES_PAGE, "Chiffres clés", "\n\n".join(parts)), *assets]
