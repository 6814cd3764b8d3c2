"""The staff's aggregated figures: headcount by service and stock alerts, with charts."""

from __future__ import annotations

from datetime import date

from pipelines.compute.figures import Figure
from pipelines.publish.charts import horizontal_bars
from pipelines.french import long_date, number
from pipelines.publish.page import Asset, Page, section, source_line, table
from pipelines.publish.text import md

KEY_FIGURES_PAGE = "chiffres.md"
HEADCOUNT_CHART = "assets/graphiques/effectifs-par-service.svg"
ALERTS_CHART = "assets/graphiques/alertes-de-stock.svg"
ALERT_LABELS = {"rupture": "En rupture", "sous le seuil": "Sous le stock de sécurité"}


def headcount_section(headcount: Figure, as_of: date) -> tuple[str, Asset]:
    rows = headcount.frame.to_dicts()
    total = sum(row["effectif"] for row in rows)
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
    for name, build in (("effectifs_par_service", headcount_section),
                        ("stock_alertes_synthese", alerts_section)):
        if name in figures:
            text, chart = build(figures[name], as_of)
            parts.append(text)
            assets.append(chart)
    if len(parts) == 1:
        parts.append("*Aucun chiffre : les feuilles nécessaires sont absentes des classeurs.*")
    return [Page(KEY_FIGURES_PAGE, "Chiffres clés", "\n\n".join(parts)), *assets]
