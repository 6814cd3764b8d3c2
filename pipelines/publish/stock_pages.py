"""Management page: stock levels, valuation at the last known cost, alerts, movements."""

from __future__ import annotations

from datetime import date

from pipelines.compute.figures import Figure
from pipelines.compute.stock import BELOW_SAFETY, STOCK_OUT
from pipelines.french import long_date, money, month_label, number
from pipelines.markdown import md, table
from pipelines.publish.page import WIDE_PAGE, Page, missing, section, source_line

STOCK_PAGE = "gestion/stock.md"
STOCK_FIGURES = ("stock_niveaux", "stock_synthese", "stock_alertes", "stock_mouvements_mensuels")
ALERT_LABELS = {STOCK_OUT: "Rupture", BELOW_SAFETY: "Sous le stock de sécurité"}


def _levels_table(levels: Figure) -> str:
    rows = [
        [md(r["reference"]), md(r["designation"]), md(r["unite"]), number(r["stock_initial"]),
         number(r["entrees"]), number(r["sorties"]), f"**{number(r['stock'])}**",
         money(r["cout_unitaire"]), md(r["origine_cout"]), money(r["valeur"]),
         md(ALERT_LABELS.get(r["alerte"], r["alerte"] or ""))]
        for r in levels.frame.to_dicts()
    ]
    return table(
        ["Référence", "Désignation", "Unité", "Stock initial", "Entrées", "Sorties", "Stock",
         "Coût unitaire", "Origine du coût", "Valeur", "Alerte"],
        rows, right=[3, 4, 5, 6, 7, 9],
    )


def _alerts_table(alerts: Figure) -> str:
    rows = [
        [md(r["reference"]), md(r["designation"]), number(r["stock"]), number(r["stock_securite"]),
         md(ALERT_LABELS.get(r["alerte"], r["alerte"]))]
        for r in alerts.frame.to_dicts()
    ]
    if not rows:
        return "Aucun article en alerte."
    return table(["Référence", "Désignation", "Stock", "Stock de sécurité", "Alerte"], rows,
                 right=[2, 3])


def _movements_table(monthly: Figure) -> str:
    rows = [
        [month_label(r["mois"]), md(r["sens"]), md(r["type"]), number(r["mouvements"]),
         number(r["quantite"])]
        for r in monthly.frame.to_dicts()
    ]
    if not rows:
        return "Aucun mouvement sur la période."
    return table(["Mois", "Sens", "Type", "Mouvements", "Quantité"], rows, right=[3, 4])


def stock_page(figures: dict[str, Figure], as_of: date) -> Page:
    title = "Stock"
    levels, summary = figures.get("stock_niveaux"), figures.get("stock_synthese")
    if levels is None or summary is None:
        return Page(STOCK_PAGE, title, f"# {title}\n\n{missing('Articles et mouvements')}")
    total = summary.frame["valeur_totale"][0]
    parts = [
        f"# {title}",
        f"Valeur du stock au {long_date(as_of)}, au dernier coût connu (dernier prix d'achat, "
        f"à défaut coût unitaire initial) : **{money(total)}**.",
    ]
    if "stock_alertes" in figures:
        parts.append(section("Articles en alerte", _alerts_table(figures["stock_alertes"])))
    parts.append(section("Niveaux et valorisation", _levels_table(levels)))
    parts.append(source_line(levels.sources, as_of))
    monthly = figures.get("stock_mouvements_mensuels")
    if monthly is not None:
        parts.append(section("Mouvements par mois", _movements_table(monthly),
                             source_line(monthly.sources, as_of)))
    return Page(STOCK_PAGE, title, "\n\n".join(parts), WIDE_PAGE)
