"""The consumables pages (2.3.1.2).

Management site, section « Consommables » (`CONSUMABLES_NAV`), from the figures of
`pipelines.compute.consumables_specs`:

- « Stock et couverture » (`STOCK_PAGE`): what to watch (out of stock, under the minimum,
  lasting less than the lead time), what is on order, and every consumable's stock,
  consumption rate and days of cover;
- « Consommation » (`CONSUMPTION_PAGE`): the consumption by category and month (SVG
  chart), by service, and the over-consumptions;
- « Budget et commandes » (`BUDGET_PAGE`): the budget of each category (spent, on order,
  left; SVG chart) and the suggested orders, within the budget first.

Staff site: « Fournitures » (`SUPPLIES_PAGE`), from the staff figure `fournitures` only:
what is available (en stock, bientôt épuisé, épuisé), where to find it, and what is on
order with its expected date. No price and no amount: the staff figure has none.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from pipelines.compute import consumables as computing
from pipelines.compute.figures import Computed, Figure
from pipelines.french import long_date, money, month_label, number, plural, short_date
from pipelines.issues import Issue
from pipelines.markdown import md, table
from pipelines.publish import charts
from pipelines.publish.explain import relative_link
from pipelines.publish.page import (
    WIDE_PAGE,
    Asset,
    Page,
    guarded,
    missing_page,
    section,
    source_line,
    sources_of,
)

CONSUMABLES_DIR = "gestion/consommables"
STOCK_PAGE = f"{CONSUMABLES_DIR}/index.md"
CONSUMPTION_PAGE = f"{CONSUMABLES_DIR}/consommation.md"
BUDGET_PAGE = f"{CONSUMABLES_DIR}/budget.md"
CATEGORY_CHART = "gestion/graphiques/consommables-par-categorie.svg"
BUDGET_CHART = "gestion/graphiques/consommables-budget.svg"
SUPPLIES_PAGE = "fournitures.md"

STOCK_TITLE = "Stock et couverture des consommables"
CONSUMPTION_TITLE = "Consommation des consommables"
BUDGET_TITLE = "Budget et commandes de consommables"
SUPPLIES_TITLE = "Fournitures"

CONSUMABLES_NAV: list[dict] = [{"Consommables": [
    {"Stock et couverture": STOCK_PAGE},
    {"Consommation": CONSUMPTION_PAGE},
    {"Budget et commandes": BUDGET_PAGE},
]}]
CONSUMABLES_STAFF_NAV: list[dict] = [{SUPPLIES_TITLE: SUPPLIES_PAGE}]

STOCK_FIGURES = ("consommables_synthese", "consommables_stock", "consommables_alertes",
                 "consommables_en_commande")
CONSUMPTION_FIGURES = ("consommables_categories_mois", "consommables_services_mois",
                       "consommables_surconsommation", "consommables_synthese")
BUDGET_FIGURES = ("consommables_budgets", "consommables_suggestions", "consommables_synthese")
STAFF_FIGURES = ("fournitures",)

ALERT_LABELS = {computing.STOCK_OUT: "Épuisé", computing.BELOW_MINIMUM: "Sous le minimum",
                computing.SHORT_COVER: "Couverture plus courte que le délai"}
AVAILABILITY_LABELS = {computing.IN_STOCK: "En stock", computing.RUNNING_LOW: "Bientôt épuisé",
                       computing.STOCK_OUT: "Épuisé"}
BUDGET_LABELS = {computing.BUDGET_EXCEEDED: "**Dépassé**", computing.BUDGET_OK: "Dans le budget",
                 computing.NO_BUDGET: "Sans budget"}
NO_SERVICE = "Sans service"


def _days(value: Decimal | None) -> str:
    return "—" if value is None else f"{number(value)}\u00a0j"


def _percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{number(value)}\u00a0%"


_INVARIABLE_UNITS = ("kg", "L")


def unit_text(value: Decimal, unit: str) -> str:
    """The unit, in the plural from 2 on: « 1 pièce », « 5 pièces », « 2 rouleaux », « 3 kg »."""
    if abs(value) < 2 or unit in _INVARIABLE_UNITS or unit.endswith(("s", "x", "z")):
        return unit
    return unit + ("x" if unit.endswith("eau") else "s")


def _quantity(value: Decimal | None, unit: str | None) -> str:
    if value is None:
        return "—"
    return f"{number(value)} {md(unit_text(value, unit))}" if unit else number(value)


def _on_order(row: dict, unit: str | None = None) -> str:
    """« 6 kg, livraison prévue le 02/12/2026 » or « — »."""
    if not row.get("en_commande"):
        return "—"
    text = _quantity(row["en_commande"], unit)
    expected = row.get("livraison_prevue")
    return f"{text}, livraison prévue le {short_date(expected)}" if expected else text


def count(value: int, singular: str, plural_form: str | None = None,
          none: str = "aucun") -> str:
    """« aucun épuisé » for 0, else `plural`: « 1 épuisé », « 3 épuisés »."""
    return f"{none} {singular}" if value == 0 else plural(value, singular, plural_form)


def _excluded_months(rows: list[dict]) -> str:
    """« Toner noir (septembre 2026) ; Papier A4 (septembre 2026) »: the consumables whose
    rate leaves out an over-consumption month."""
    def months_of(row: dict) -> str:
        return ", ".join(month_label(m) for m in row["mois_exclus"].split(", "))

    return " ; ".join(f"{md(r['designation'])} ({months_of(r)})"
                      for r in rows if r.get("mois_exclus"))


def _rate_note(rows: list[dict]) -> str:
    listed = _excluded_months(rows)
    return (f"Consommation mesurée hors mois de surconsommation (un mois exceptionnel ne se "
            f"répète pas et ne doit pas gonfler les commandes) : {listed}." if listed else "")


def _rule(summary: dict) -> str:
    return (
        f"Stock à la date d'arrêté : stock au début de l'exercice, plus les entrées (livraisons, "
        f"retours à la réserve), moins les sorties (prises par les services, retours au "
        f"fournisseur). Consommation : les sorties moins les retours à la réserve, sur les "
        f"{plural(summary['fenetre_jours'], 'dernier jour', 'derniers jours')} (réglage "
        f"jours_consommation_moyenne, jamais avant le début de l'exercice) ; un mois compte "
        f"30 jours. Les jours d'un mois de surconsommation (page "
        f"[{CONSUMPTION_TITLE}]({relative_link(CONSUMPTION_PAGE, STOCK_PAGE)})) sont retirés "
        f"de cette période, avec leur consommation, sauf s'il n'en resterait aucun. Jours de "
        f"couverture : le stock divisé par la consommation d'un jour.")


# --- stock and cover ----------------------------------------------------------------------

def _alerts_table(alerts: Figure) -> str:
    rows = [[md(r["code_consommable"]), md(r["designation"]), _quantity(r["stock"], r["unite"]),
             number(r["stock_minimum"]), number(r["conso_jour"]), _days(r["jours_couverture"]),
             _days(r["delai_reappro_jours"]), _on_order(r, r["unite"]),
             ALERT_LABELS[r["alerte"]]]
            for r in alerts.frame.to_dicts()]
    if not rows:
        return "Aucun consommable suivi n'est épuisé, sous son minimum ou bientôt épuisé."
    return table(["Code", "Désignation", "Stock", "Minimum", "Consommation par jour",
                  "Couverture", "Délai", "En commande", "Alerte"], rows, right=[2, 3, 4, 5, 6])


def _on_order_table(on_order: Figure, levels: Figure) -> str:
    names = {r["code_consommable"]: (r["designation"], r["unite"])
             for r in levels.frame.to_dicts()}
    rows = []
    for r in on_order.frame.to_dicts():
        name, unit = names.get(r["code_consommable"], (None, None))
        rows.append([md(r["numero_commande"]), short_date(r["date_commande"]),
                     md(r["fournisseur"] or r["code_fournisseur"]),
                     f"{md(r['code_consommable'])} {md(name)}".strip(),
                     number(r["quantite_commandee"]), number(r["quantite_livree"]),
                     _quantity(r["en_commande"], unit), short_date(r["date_livraison_prevue"]),
                     md(r["statut"])])
    if not rows:
        return ("Aucun consommable en commande (commandes envoyées, confirmées ou "
                "partiellement reçues de achats.xlsx).")
    return table(["Commande", "Date", "Fournisseur", "Consommable", "Commandé", "Livré",
                  "Reste à livrer", "Livraison prévue", "Statut"], rows, right=[4, 5, 6])


def _levels_table(levels: Figure) -> str:
    rows = []
    for r in levels.frame.to_dicts():
        followed = r["suivi"] is not False
        rows.append([
            md(r["code_consommable"]), md(r["designation"]), md(r["categorie"]),
            md(r["emplacement"]), number(r["stock_initial"]), number(r["entrees"]),
            number(r["sorties"]), f"**{number(r['stock'])}**", md(r["unite"]),
            number(r["stock_minimum"]), number(r["conso_jour"]), number(r["conso_mois"]),
            _days(r["jours_couverture"]), number(r["en_commande"]) if r["en_commande"] else "—",
            ALERT_LABELS.get(r["alerte"], "") if followed else "non suivi",
        ])
    return table(["Code", "Désignation", "Catégorie", "Emplacement", "Stock initial", "Entrées",
                  "Sorties", "Stock", "Unité", "Minimum", "Par jour", "Par mois", "Couverture",
                  "En commande", "Alerte"], rows, right=[4, 5, 6, 7, 9, 10, 11, 12, 13])


def stock_page(figures: dict[str, Figure], as_of: date) -> Page:
    if any(name not in figures for name in STOCK_FIGURES):
        return missing_page(STOCK_PAGE, STOCK_TITLE, "Consommables et consommations")
    summary = figures["consommables_synthese"].frame.row(0, named=True)
    levels = figures["consommables_stock"]
    followed = count(summary["consommables_suivis"], "consommable suivi", "consommables suivis")
    short = "dont le stock durera moins que le délai de réapprovisionnement"
    intro = (
        f"Au {long_date(as_of)} : {followed}, dont {count(summary['epuises'], 'épuisé')}, "
        f"{count(summary['sous_le_minimum'], 'sous le minimum', 'sous le minimum')}, "
        f"{count(summary['couverture_courte'], short, short)}, et "
        f"{count(summary['en_commande'], 'en commande', 'en commande')}. Les commandes "
        f"à passer sont sur la page [{BUDGET_TITLE}]({relative_link(BUDGET_PAGE, STOCK_PAGE)}).")
    body = "\n\n".join((
        f"# {STOCK_TITLE}", intro,
        section("À surveiller", _alerts_table(figures["consommables_alertes"])),
        section("En commande", _on_order_table(figures["consommables_en_commande"], levels)),
        section("Stock, consommation et couverture", _rule(summary),
                _rate_note(levels.frame.to_dicts()), _levels_table(levels)),
        source_line(sources_of(*(figures[name] for name in STOCK_FIGURES)), as_of),
    ))
    return Page(STOCK_PAGE, STOCK_TITLE, body, WIDE_PAGE)


# --- consumption --------------------------------------------------------------------------

def month_grid(frame: pl.DataFrame, keys: list[str], months: list[str]) -> pl.DataFrame:
    """One row per key, one column per month (the amount, 0 when none) and ``total``."""
    return (frame.pivot(on="mois", index=keys, values="montant_ht", aggregate_function="sum")
            .with_columns(pl.col(months).fill_null(Decimal(0)))
            .with_columns(total=pl.sum_horizontal(months))
            .select(*keys, *months, "total"))


def _whole_euros(value: Decimal) -> str:
    return money(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)).replace(",00", "")


def _month_table(grid: pl.DataFrame, months: list[str], label: str, first: str) -> str:
    """`grid` from `month_grid`, sorted by `label` (empty last)."""
    ordered = grid.sort(pl.col(label).is_null(), label)
    rows = [[md(r[label] or NO_SERVICE), *[_whole_euros(r[m]) for m in months],
             f"**{money(r['total'])}**"] for r in ordered.to_dicts()]
    totals = grid.select(pl.col(*months, "total").sum()).row(0, named=True)
    rows.append(["**Total**", *[f"**{_whole_euros(totals[m])}**" for m in months],
                 f"**{money(totals['total'])}**"])
    headers = [first, *[month_label(m) for m in months], "Total HT"]
    return table(headers, rows, right=list(range(1, len(months) + 2)))


def _over_table(over: Figure) -> str:
    rows = [[month_label(r["mois"]), md(r["code_consommable"]), md(r["designation"]),
             _quantity(r["quantite"], r["unite"]), number(r["moyenne_autres_mois"]),
             f"+{_percent(r['ecart_pct'])}", md(r["services"]), md(r["commentaires"]),
             number(r["_ligne"])]
            for r in over.frame.to_dicts()]
    if not rows:
        return "Aucun mois ne dépasse la moyenne des autres mois au-delà du seuil."
    return table(["Mois", "Code", "Désignation", "Consommation", "Moyenne des autres mois",
                  "Écart", "Services", "Commentaires", "Plus grosse sortie (ligne)"], rows,
                 right=[3, 4, 5, 8])


def consumption_files(figures: dict[str, Figure], as_of: date) -> list[Page | Asset]:
    if any(name not in figures for name in CONSUMPTION_FIGURES):
        return [missing_page(CONSUMPTION_PAGE, CONSUMPTION_TITLE, "Consommables et consommations")]
    summary = figures["consommables_synthese"].frame.row(0, named=True)
    categories = figures["consommables_categories_mois"].frame
    services = figures["consommables_services_mois"].frame.with_columns(
        service_libelle=pl.coalesce("service_libelle", "service"))
    months = sorted(categories["mois"].drop_nulls().unique().to_list())
    assets: list[Asset] = []
    if months:
        by_category = month_grid(categories, ["categorie"], months)
        by_service = month_grid(services, ["service", "service_libelle"], months)
        charted = by_category.sort(pl.col("categorie").fill_null("")).to_dicts()
        assets.append(Asset(CATEGORY_CHART, charts.stacked_bars(
            [month_label(m) for m in months],
            [(r["categorie"] or "Sans catégorie", [float(r[m]) for m in months])
             for r in charted], "euros HT")))
        by_month = "\n\n".join((
            f"![Consommation HT par catégorie et par mois]"
            f"({relative_link(CATEGORY_CHART, CONSUMPTION_PAGE)})",
            _month_table(by_category, months, "categorie", "Catégorie")))
        per_service = _month_table(by_service, months, "service_libelle", "Service")
    else:
        by_month = per_service = "Aucune consommation sur la période."
    threshold = _percent(summary["seuil_pct"])
    known = computing.MIN_KNOWN_MONTHS
    over_intro = (
        f"Un mois complet de l'exercice dont la consommation d'un consommable suivi dépasse "
        f"de plus de {threshold} (réglage seuil_surconsommation_pct) la moyenne de ses autres "
        f"mois complets. Les mois d'un consommable comptent à partir de celui de son premier "
        f"mouvement de l'exercice (un consommable nouveau n'est pas comparé aux mois où "
        f"personne ne l'avait), et il n'est jugé qu'une fois {known} mois complets connus. "
        f"Chacun est aussi un avertissement du rapport de validation, sur la plus grosse "
        f"sortie du mois (feuille Consommations). Ces mois exceptionnels sont retirés de la "
        f"consommation par jour qui sert aux jours de couverture et aux commandes suggérées.")
    body = "\n\n".join((
        f"# {CONSUMPTION_TITLE}",
        "Consommation : les sorties de la réserve moins les retours à la réserve, valorisées "
        "au prix unitaire HT habituel de chaque consommable (arrondi au centime par "
        "consommable, service et mois). Les tableaux arrondissent à l'euro, le total de "
        "chaque ligne garde les centimes.",
        section("Par catégorie et par mois", by_month),
        section("Par service et par mois", per_service),
        section("Surconsommations", over_intro,
                _over_table(figures["consommables_surconsommation"])),
        source_line(sources_of(*(figures[name] for name in CONSUMPTION_FIGURES)), as_of),
    ))
    return [Page(CONSUMPTION_PAGE, CONSUMPTION_TITLE, body, WIDE_PAGE), *assets]


# --- budget and suggested orders ----------------------------------------------------------

def _budget_table(budgets: Figure) -> str:
    rows = [[md(r["categorie"]), money(r["budget_ht"]), money(r["depense_ht"]),
             money(r["engage_ht"]), money(r["reste_ht"]), _percent(r["taux_pct"]),
             BUDGET_LABELS.get(r["statut"], md(r["statut"]))]
            for r in budgets.frame.to_dicts()]
    if not rows:
        return "Aucune catégorie de consommables."
    return table(["Catégorie", "Budget HT", "Livré HT", "En commande HT", "Reste HT",
                  "Utilisé", "Statut"], rows, right=[1, 2, 3, 4, 5])


def _suggestions_table(rows: list[dict], with_remainder: bool) -> str:
    lines = []
    for r in rows:
        line = [number(r["rang"]), md(r["code_consommable"]), md(r["designation"]),
                md(r["fournisseur"] or r["code_fournisseur"]), _quantity(r["stock"], r["unite"]),
                _days(r["jours_couverture"]), _days(r["delai_reappro_jours"]),
                number(r["en_commande"]) if r["en_commande"] else "—",
                f"**{number(r['quantite_suggeree'])}**", number(r["conditionnement"]),
                money(r["prix_unitaire_ht"]), money(r["montant_ht"]), md(r["raison"])]
        if with_remainder:
            line.append(money(r["reste_budget_ht"]) if r["reste_budget_ht"] is not None
                        else "aucun budget")
        lines.append(line)
    headers = ["Urgence", "Code", "Désignation", "Fournisseur", "Stock", "Couverture", "Délai",
               "En commande", "À commander", "Conditionnement", "Prix unitaire HT",
               "Montant HT", "Raison"]
    if with_remainder:
        headers.append("Reste du budget")
    return table(headers, lines, right=[0, 4, 5, 6, 7, 8, 9, 10, 11, 13])


def _suggestion_rule(summary: dict) -> str:
    return (
        "Un consommable suivi est à commander quand son stock est sous son minimum, ou quand "
        "ses jours de couverture sont moins nombreux que son délai de réapprovisionnement. "
        "Quantité suggérée : de quoi avoir, à la livraison, le minimum plus "
        f"{plural(summary['couverture_jours'], 'jour', 'jours')} de consommation (réglage "
        "jours_couverture_stock) : minimum + consommation par jour × (délai + "
        f"{number(summary['couverture_jours'])}) − stock − en commande, arrondi au "
        "conditionnement supérieur. La consommation par jour est mesurée hors mois de "
        "surconsommation : un mois exceptionnel (un salon, un publipostage) ne se répète pas "
        "et ne doit pas gonfler les commandes. Les commandes sont prises par urgence (la "
        "couverture la plus courte d'abord) et restent « dans le budget » tant que le reste "
        "de la catégorie (budget − livré − en commande) les couvre ; une commande trop "
        "chère pour le reste passe « hors budget » sans empêcher une suivante moins chère.")


def _budget_rule() -> str:
    return (
        "Livré : les livraisons de l'exercice moins les retours au fournisseur, au prix "
        "unitaire HT habituel de chaque consommable (feuille Consommables), arrondi au "
        "centime par consommable ; il est connu dès la saisie de la livraison. En commande : "
        "ce qui reste à livrer des commandes ouvertes, au même prix. Reste : budget − livré − "
        "en commande.")


def budget_files(figures: dict[str, Figure], as_of: date) -> list[Page | Asset]:
    if any(name not in figures for name in BUDGET_FIGURES):
        return [missing_page(BUDGET_PAGE, BUDGET_TITLE, "Consommables, consommations et budgets")]
    summary = figures["consommables_synthese"].frame.row(0, named=True)
    budgets = figures["consommables_budgets"]
    rows = budgets.frame.to_dicts()
    year = rows[0]["annee"] if rows else as_of.year
    charted = [r for r in rows if r["budget_ht"]]
    assets: list[Asset] = []
    image = ""
    if charted:
        assets.append(Asset(BUDGET_CHART, charts.horizontal_bars(
            [r["categorie"] or "" for r in charted], [float(r["taux_pct"] or 0) for r in charted],
            "part du budget utilisée (livré et en commande), en %",
            [_percent(r["taux_pct"]) for r in charted])))
        image = (f"![Part du budget utilisée par catégorie]"
                 f"({relative_link(BUDGET_CHART, BUDGET_PAGE)})")
    suggestions = figures["consommables_suggestions"].frame.to_dicts()
    within = [r for r in suggestions if r["statut_budget"] == computing.WITHIN_BUDGET]
    beyond = [r for r in suggestions if r["statut_budget"] == computing.OVER_BUDGET]
    suggested = count(summary["suggestions_dans_budget"], "commande suggérée",
                      "commandes suggérées", none="aucune")
    exceeded = count(summary["categories_depassees"], "catégorie dépassée",
                     "catégories dépassées", none="aucune")
    beyond_count = count(summary["suggestions_hors_budget"], "hors budget", "hors budget",
                         none="aucune")
    beyond_amount = (f" pour {money(summary['montant_hors_budget'])} HT"
                     if summary["suggestions_hors_budget"] else "")
    within_amount = (f" pour **{money(summary['montant_dans_budget'])} HT**"
                     if summary["suggestions_dans_budget"] else "")
    intro = (
        f"Exercice {year}, au {long_date(as_of)} : {suggested} dans le budget"
        f"{within_amount}, {beyond_count}{beyond_amount} ; {exceeded}.")
    body = "\n\n".join((
        f"# {BUDGET_TITLE}", intro,
        section("Commandes suggérées dans le budget",
                _suggestions_table(within, False) if within
                else "Aucune commande suggérée ne tient dans le budget."),
        section("Commandes suggérées hors budget",
                "À arbitrer : le reste du budget de leur catégorie ne les couvre pas.",
                _suggestions_table(beyond, True) if beyond else "Aucune."),
        " ".join(filter(None, (_suggestion_rule(summary), _rate_note(suggestions)))),
        section(f"Budget {year} par catégorie", image, _budget_table(budgets), _budget_rule()),
        source_line(sources_of(*(figures[name] for name in BUDGET_FIGURES)), as_of),
    ))
    return [Page(BUDGET_PAGE, BUDGET_TITLE, body, WIDE_PAGE), *assets]


def consumables_files(computed: Computed, issues: list[Issue]) -> list[Page | Asset]:
    """The management pages."""
    figures, as_of = computed.management, computed.as_of

    def guard(needs, path, title, build) -> list[Page | Asset]:
        return guarded(computed.failures, needs, path, title, as_of, build)

    return [
        *guard(STOCK_FIGURES, STOCK_PAGE, STOCK_TITLE, lambda: [stock_page(figures, as_of)]),
        *guard(CONSUMPTION_FIGURES, CONSUMPTION_PAGE, CONSUMPTION_TITLE,
               lambda: consumption_files(figures, as_of)),
        *guard(BUDGET_FIGURES, BUDGET_PAGE, BUDGET_TITLE, lambda: budget_files(figures, as_of)),
    ]


# --- staff --------------------------------------------------------------------------------

def supplies_page(figures: dict[str, Figure], as_of: date) -> Page:
    """What is in the store room: availability, place, what is on order. No amount."""
    supplies = figures.get("fournitures")
    if supplies is None:
        return missing_page(SUPPLIES_PAGE, SUPPLIES_TITLE, "Consommables et consommations")
    rows = supplies.frame.to_dicts()
    out = [r for r in rows if r["disponibilite"] == computing.STOCK_OUT]
    parts = [f"# {SUPPLIES_TITLE}",
             f"Les fournitures de la réserve au {long_date(as_of)} : où les trouver, si elles "
             "sont disponibles, et ce qui est déjà commandé. Avant de signaler un manque, "
             "regardez la colonne « En commande »."]
    if out:
        listed = "\n".join(
            f"    - {md(r['designation'])} : "
            + (f"en commande, {_on_order(r, r['unite'])}" if r["en_commande"]
               else "pas encore commandé")
            for r in out)
        parts.append(f'!!! warning "Épuisé"\n\n{listed}')
    by_category: dict = defaultdict(list)
    for r in rows:
        by_category[r["categorie"]].append(r)
    for category in sorted(by_category, key=lambda c: c or ""):
        lines = [[md(r["designation"]), md(r["emplacement"]),
                  AVAILABILITY_LABELS.get(r["disponibilite"], md(r["disponibilite"])),
                  _on_order(r, r["unite"])]
                 for r in by_category[category]]
        title = md(category or "Autres")
        parts.append(section(title[:1].upper() + title[1:],
                             table(["Fourniture", "Où la trouver", "Disponibilité",
                                    "En commande"], lines)))
    parts.append(source_line(supplies.sources, as_of))
    return Page(SUPPLIES_PAGE, SUPPLIES_TITLE, "\n\n".join(parts))


def consumables_staff_files(computed: Computed) -> list[Page | Asset]:
    """The staff pages, from `computed.staff` only."""
    return guarded(computed.failures, STAFF_FIGURES, SUPPLIES_PAGE, SUPPLIES_TITLE,
                   computed.as_of, lambda: [supplies_page(computed.staff, computed.as_of)])
