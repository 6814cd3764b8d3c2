"""Management pages of the stock: the stock dashboard and the stock card of each item.

- « Stock » (`STOCK_PAGE`), the dashboard: the value of the stock at CUMP, its rotation,
  the items to reorder (reorder point, suggested quantity, what is on order), the
  stock-outs with the customer orders they hit, the exits by month and category (SVG
  chart), the broken, lost and returned quantities of the year, the inventory
  differences, then the levels of every item (each linked to its stock card) and the
  movements by month;
- « Fiche de stock » of each item (`card_path`, ``gestion/stock/<référence>.md``): every
  movement in order with its entry or exit and the balance after it (quantity, CUMP,
  value), the CUMP « de fin de période » of each month alongside, what is on order, and
  the inventory counts of the item.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import polars as pl
from babel.numbers import format_decimal

from pipelines.compute.figures import Computed, Figure
from pipelines.compute.stock import BELOW_SAFETY, OPENING, STOCK_OUT
from pipelines.compute.stock_periods import DAMAGED_AT_RECEIPT, REFUSED_AT_RECEIPT
from pipelines.dataset import ROW_COLUMN
from pipelines.french import LOCALE, long_date, money, month_label, number, plural, short_date
from pipelines.issues import Issue
from pipelines.markdown import md, slug, table
from pipelines.publish import charts
from pipelines.publish.explain import fast_money, fast_number, relative_link
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
from pipelines.publish.parties_pages import STOCK_CARDS_DIR, SUPPLIERS_DIR

STOCK_PAGE = "gestion/stock.md"
CARDS_DIR = STOCK_CARDS_DIR
EXITS_CHART = "gestion/graphiques/stock-sorties-par-mois.svg"
STOCK_TITLE = "Stock"
STOCK_NAV: list[dict] = [{STOCK_TITLE: STOCK_PAGE}]

STOCK_FIGURES = ("stock_niveaux", "stock_synthese", "stock_alertes", "stock_mouvements_mensuels",
                 "stock_fiches", "stock_cump_mensuel", "stock_rotation", "stock_saisonnalite",
                 "stock_incidents", "stock_commandes_fournisseurs", "stock_reappro")
OPTIONAL_FIGURES = ("stock_ruptures", "stock_ruptures_commandes", "stock_inventaire",
                    "stock_inventaire_synthese")
STOCK_OUT_ISSUE = "commande-rupture-stock"

ALERT_LABELS = {STOCK_OUT: "Rupture", BELOW_SAFETY: "Sous le stock de sécurité"}
TYPE_LABELS = {
    OPENING: "Stock initial", "achat": "Achat", "vente": "Vente",
    "retour_client": "Retour d'un client", "retour_fournisseur": "Retour au fournisseur",
    "perte": "Perte", "casse": "Casse", "ajustement_plus": "Ajustement d'inventaire (+)",
    "ajustement_moins": "Ajustement d'inventaire (−)",
    DAMAGED_AT_RECEIPT: "Endommagé à la réception", REFUSED_AT_RECEIPT: "Refusé à la réception",
}
NBSP = "\u00a0"
METHOD = (
    "Valorisation au coût unitaire moyen pondéré (CUMP) après chaque entrée : le stock "
    "initial entre à son coût unitaire initial ; un achat entre à son coût et recalcule "
    "CUMP = (valeur du stock avant + montant de l'achat) / (quantité avant + quantité "
    "achetée), ou prend le coût de l'achat si le stock avant était nul ou négatif ; les "
    "sorties (ventes, pertes, casse, retours au fournisseur, ajustements en moins) sortent "
    "au CUMP du moment, les retours de clients et les ajustements en plus entrent au CUMP "
    "sans le changer. Le CUMP est arrondi à 4 décimales, chaque montant au centime (au "
    "demi supérieur) ; la valeur du stock est la quantité × le CUMP.")


# --- formatting ----------------------------------------------------------------------------

def cump_text(value: Decimal | None) -> str:
    """A CUMP: 2 to 4 decimals (« 13,00 € », « 2,702 € », « 1 878,7778 € »)."""
    if value is None:
        return "—"
    exact = Decimal(value).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    return f"{format_decimal(exact, format='#,##0.00##', locale=LOCALE)}{NBSP}€"


def _amount(value: Decimal | None) -> str:
    return "" if value is None else fast_money(value)


def _quantity(value: Decimal | None) -> str:
    return "" if value is None else fast_number(value)


def _label(kind: str | None) -> str:
    return md(TYPE_LABELS.get(kind, kind or ""))


def card_path(reference: str) -> str:
    """The stock card page of an item: ``gestion/stock/art-0001.md``."""
    return f"{CARDS_DIR}/{slug(reference, fallback='sans-reference')}.md"


def _item_link(reference: str, from_path: str) -> str:
    return f"[{md(reference)}]({relative_link(card_path(reference), from_path)})"


def _float(values) -> list[float]:
    """Amounts as floats, for drawing only (every amount shown is the exact Decimal)."""
    return [float(value or 0) for value in values]


def _unavailable(what: str) -> str:
    return (f"*{what} : le calcul a échoué (anomalie « calcul-en-echec » du rapport de "
            "validation).*")


# --- the dashboard ------------------------------------------------------------------------

def _key_figures(figures: dict[str, Figure], as_of: date) -> str:
    summary = figures["stock_synthese"].frame.row(0, named=True)
    turnover = figures["stock_rotation"].frame.row(0, named=True)
    reorder = figures["stock_reappro"].frame.filter(pl.col("a_commander"))
    start, end = turnover["debut_periode"], turnover["fin_periode"]
    rows = [
        [f"Valeur du stock au {long_date(as_of)}, au CUMP",
         f"**{money(summary['valeur_totale'])}** ({plural(summary['articles'], 'article')})"],
        [f"Coût des ventes du {short_date(start)} au {short_date(end)} (sorties par vente, "
         "au CUMP)", money(turnover["cout_des_ventes"])],
        ["Valeur moyenne du stock (à l'ouverture et à chaque fin de mois)",
         money(turnover["stock_moyen"])],
        ["Rotation du stock (coût des ventes / valeur moyenne)",
         "—" if turnover["rotation"] is None else
         f"{number(turnover['rotation'])} fois en {plural(turnover['jours'], 'jour')}"
         + ("" if turnover["duree_rotation_jours"] is None else
            f", soit un stock qui tourne en {number(turnover['duree_rotation_jours'])} jours")],
        ["Articles à commander (au point de commande ou en dessous)", number(reorder.height)],
        ["Articles en rupture", number(summary["articles_en_rupture"])],
    ]
    if "stock_ruptures_commandes" in figures:
        hit = figures["stock_ruptures_commandes"].frame
        rows.append(["Commandes clients touchées par une rupture",
                     number(hit["numero_commande"].n_unique())])
    if "stock_inventaire_synthese" in figures:
        counts = figures["stock_inventaire_synthese"].frame
        left = int(counts["ecarts_restants"].sum()) if counts.height else 0
        rows.append(["Écarts d'inventaire non régularisés", number(left)])
    return table(["Indicateur", "Valeur"], rows, right=[1])


def _reorder_section(figures: dict[str, Figure]) -> str:
    frame = figures["stock_reappro"].frame.filter(pl.col("a_commander"))
    intro = ("Point de commande = consommation moyenne par jour (sorties par vente des "
             "derniers jours, selon le réglage « jours_consommation_moyenne » de la feuille "
             "Reglages) × délai de réapprovisionnement + stock de sécurité, arrondi à l'unité "
             "supérieure (au demi-kilo pour un article vendu au kg). Quantité suggérée = ce "
             "qui ramène le stock au point de commande plus « jours_couverture_stock » jours "
             "de consommation, moins ce qui est déjà commandé aux fournisseurs.")
    if frame.is_empty():
        return section("Articles à commander", intro, "Aucun article sous son point de commande.")
    rows = [[_item_link(r["reference"], STOCK_PAGE), md(r["designation"]), md(r["unite"]),
             number(r["stock"]), number(r["point_commande"]),
             number(r["consommation_jour"]), number(r["delai_reappro_jours"]),
             number(r["en_commande"]) + (f" (prévu le {short_date(r['livraison_prevue'])})"
                                         if r["livraison_prevue"] else ""),
             f"**{number(r['quantite_suggeree'])}**", money(r["valeur_suggeree"])]
            for r in frame.to_dicts()]
    total = sum((r["valeur_suggeree"] or Decimal(0) for r in frame.to_dicts()), Decimal(0))
    rows.append(["**Total**", "", "", "", "", "", "", "", "", f"**{money(total)}**"])
    return section("Articles à commander", intro, table(
        ["Article", "Désignation", "Unité", "Stock", "Point de commande",
         "Consommation par jour", "Délai (jours)", "En commande", "Quantité suggérée",
         "Valeur estimée (au CUMP)"], rows, right=[3, 4, 5, 6, 7, 8, 9]))


def _flagged_rows(issues: list[Issue]) -> set[int]:
    """The rows of LignesCommande where the rule « commande-rupture-stock » reported."""
    return {issue.source.row for issue in issues
            if issue.code == STOCK_OUT_ISSUE and issue.source.sheet == "LignesCommande"
            and issue.source.row is not None}


def _shortage_section(figures: dict[str, Figure], failures: dict,
                      issues: list[Issue]) -> str:
    title = "Ruptures de stock et commandes clients touchées"
    if "stock_ruptures" in failures or "stock_ruptures_commandes" in failures:
        return section(title, _unavailable("Ruptures"))
    if "stock_ruptures" not in figures:
        return ""
    short = figures["stock_ruptures"].frame
    if short.is_empty():
        return section(title, "Aucun article en rupture ni à court pour les commandes "
                              "clients ouvertes.")
    intro = ("Articles actifs au stock nul ou négatif, et articles dont le stock ne couvre "
             "pas ce que les commandes clients ouvertes (confirmées ou modifiées) ont encore "
             "à livrer.")
    items = table(
        ["Article", "Désignation", "Stock", "Reste à livrer aux clients", "Manque",
         "En commande chez les fournisseurs"],
        [[_item_link(r["reference"], STOCK_PAGE), md(r["designation"]), number(r["stock"]),
          number(r["a_livrer"]), f"**{number(r['manque'])}**",
          number(r["en_commande"]) + (f" (prévu le {short_date(r['livraison_prevue'])})"
                                      if r["livraison_prevue"] else "")]
         for r in short.to_dicts()], right=[2, 3, 4, 5])
    hit = figures.get("stock_ruptures_commandes")
    blocks = [intro, items]
    if hit is not None and hit.frame.height:
        flagged = _flagged_rows(issues)
        blocks.append(table(
            ["Article", "Commande", "Date", "Client", "Ligne", "Reste à livrer",
             "Livraison souhaitée", "Urgente", "Rupture à la date de la commande"],
            [[md(r["reference"]), md(r["numero_commande"]), short_date(r["date_commande"]),
              md(r["raison_sociale"] or r["code_client"]), number(r["ligne"]),
              number(r["reste_a_livrer"]), short_date(r["date_livraison_souhaitee"]),
              "oui" if r["urgente"] else "non",
              "signalée (commande\\-rupture\\-stock)" if r[ROW_COLUMN] in flagged else "—"]
             for r in hit.frame.to_dicts()], right=[4, 5]))
    elif hit is not None:
        blocks.append("Aucune commande client ouverte ne porte sur ces articles.")
    return section(title, *blocks)


def _seasonality(figures: dict[str, Figure]) -> tuple[str, list[Asset]]:
    frame = figures["stock_saisonnalite"].frame
    title = "Saisonnalité : sorties par mois et par catégorie"
    if frame.is_empty():
        return section(title, "Aucune sortie sur la période."), []
    month_list = sorted(frame["mois"].unique().to_list())
    categories = sorted(frame["categorie"].unique().to_list())
    values = {(r["mois"], r["categorie"]): r["valeur"] for r in frame.to_dicts()}
    series = [(category, _float(values.get((m, category)) for m in month_list))
              for category in categories]
    chart = Asset(EXITS_CHART, charts.stacked_bars(
        [month_label(m) for m in month_list], series, "euros (au CUMP)"))
    rows = []
    for m in month_list:
        cells = [values.get((m, c)) for c in categories]
        total = sum((v for v in cells if v is not None), Decimal(0))
        rows.append([month_label(m), *(_amount(v) for v in cells), f"**{money(total)}**"])
    totals = [sum((values.get((m, c)) or Decimal(0) for m in month_list), Decimal(0))
              for c in categories]
    rows.append(["**Total**", *(f"**{money(t)}**" for t in totals),
                 f"**{money(sum(totals, Decimal(0)))}**"])
    body = table(["Mois", *(md(c) for c in categories), "Total"], rows,
                 right=list(range(1, len(categories) + 2)))
    chart_link = relative_link(EXITS_CHART, STOCK_PAGE)
    image = f"![Sorties de stock par mois et par catégorie]({chart_link})"
    intro = ("Valeur au CUMP de toutes les sorties (ventes, pertes, casse, retours au "
             "fournisseur, ajustements en moins), par mois et par catégorie d'article.")
    return section(title, intro, image, body), [chart]


def _incidents_section(figures: dict[str, Figure]) -> str:
    frame = figures["stock_incidents"].frame
    title = "Casse, pertes et retours de l'exercice"
    if frame.is_empty():
        return section(title, "Aucune casse, perte ni retour sur la période.")
    totals = (frame.group_by("type", maintain_order=True)
              .agg(articles=pl.len(), quantite=pl.col("quantite").sum(),
                   valeur=pl.col("valeur").sum(), connue=pl.col("valeur").is_not_null().any()))
    summary = table(["Nature", "Articles", "Quantité", "Valeur (au CUMP)"],
                    [[_label(r["type"]), number(r["articles"]), number(r["quantite"]),
                      money(r["valeur"]) if r["connue"] else "—"]
                     for r in totals.to_dicts()], right=[1, 2, 3])
    detail = table(["Nature", "Article", "Désignation", "Mouvements", "Quantité", "Valeur"],
                   [[_label(r["type"]), _item_link(r["reference"], STOCK_PAGE),
                     md(r["designation"]), number(r["mouvements"]), number(r["quantite"]),
                     money(r["valeur"]) if r["valeur"] is not None else "—"]
                    for r in frame.to_dicts()], right=[3, 4, 5])
    note = ("Les quantités endommagées ou refusées à la réception (feuille LignesReception) "
            "ne sont pas entrées en stock : elles n'ont pas de valeur ici.")
    return section(title, summary, detail, note)


def _inventory_section(figures: dict[str, Figure], failures: dict) -> str:
    title = "Inventaires et écarts"
    if "stock_inventaire" in failures or "stock_inventaire_synthese" in failures:
        return section(title, _unavailable("Écarts d'inventaire"))
    if "stock_inventaire" not in figures:
        return ""
    counts = figures["stock_inventaire_synthese"].frame
    if counts.is_empty():
        return section(title, "Aucun inventaire dans la feuille Inventaire.")
    intro = ("Stock théorique : le stock de l'article à la fin du jour du comptage, sans les "
             "ajustements d'inventaire de ce jour, qui sont la régularisation du comptage. "
             "Écart restant : l'écart que les ajustements datés de ce jour ou après (jusqu'au "
             "comptage suivant) ne régularisent pas.")
    summary = table(
        ["Inventaire du", "Articles comptés", "Écarts", "Valeur des écarts",
         "Non régularisés", "Valeur non régularisée"],
        [[short_date(r["date_inventaire"]), number(r["articles_comptes"]), number(r["ecarts"]),
          money(r["valeur_ecarts"]), f"**{number(r['ecarts_restants'])}**",
          money(r["valeur_restante"])] for r in counts.to_dicts()], right=[1, 2, 3, 4, 5])
    differences = figures["stock_inventaire"].frame.filter(pl.col("ecart") != 0)
    blocks = [intro, summary]
    if differences.height:
        blocks.append(_differences_table(differences, STOCK_PAGE))
    return section(title, *blocks)


def _differences_table(frame: pl.DataFrame, from_path: str) -> str:
    return table(
        ["Date", "Article", "Désignation", "Compté", "Théorique", "Écart", "Valeur de l'écart",
         "Régularisé", "Écart restant"],
        [[short_date(r["date_inventaire"]), _item_link(r["reference"], from_path),
          md(r["designation"]), number(r["quantite_comptee"]), number(r["stock_theorique"]),
          number(r["ecart"]), money(r["valeur_ecart"]), number(r["regularisation"]),
          f"**{number(r['ecart_restant'])}**" if r["ecart_restant"] else "0"]
         for r in frame.to_dicts()], right=[3, 4, 5, 6, 7, 8])


def _alerts_table(alerts: Figure) -> str:
    rows = [
        [_item_link(r["reference"], STOCK_PAGE), md(r["designation"]), number(r["stock"]),
         number(r["stock_securite"]), md(ALERT_LABELS.get(r["alerte"], r["alerte"]))]
        for r in alerts.frame.to_dicts()
    ]
    if not rows:
        return "Aucun article en alerte."
    return table(["Article", "Désignation", "Stock", "Stock de sécurité", "Alerte"], rows,
                 right=[2, 3])


def _levels_table(levels: Figure) -> str:
    rows = [
        [_item_link(r["reference"], STOCK_PAGE), md(r["designation"]), md(r["unite"]),
         number(r["stock_initial"]), number(r["entrees"]), number(r["sorties"]),
         f"**{number(r['stock'])}**", cump_text(r["cout_unitaire"]), money(r["valeur"]),
         md(ALERT_LABELS.get(r["alerte"], r["alerte"] or ""))]
        for r in levels.frame.to_dicts()
    ]
    total = levels.frame["valeur"].sum() if levels.frame.height else Decimal(0)
    rows.append(["**Total**", "", "", "", "", "", "", "", f"**{money(total)}**", ""])
    return table(
        ["Article", "Désignation", "Unité", "Stock initial", "Entrées", "Sorties", "Stock",
         "CUMP", "Valeur", "Alerte"],
        rows, right=[3, 4, 5, 6, 7, 8],
    )


def _movements_table(monthly: Figure) -> str:
    rows = [
        [month_label(r["mois"]), md(r["sens"]), _label(r["type"]), number(r["mouvements"]),
         number(r["quantite"])]
        for r in monthly.frame.to_dicts()
    ]
    if not rows:
        return "Aucun mouvement sur la période."
    return table(["Mois", "Sens", "Type", "Mouvements", "Quantité"], rows, right=[3, 4])


def dashboard_files(figures: dict[str, Figure], as_of: date, failures: dict | None = None,
                    issues: list[Issue] | None = None) -> list[Page | Asset]:
    """The stock dashboard and its chart."""
    failures, issues = failures or {}, issues or []
    levels = figures.get("stock_niveaux")
    if levels is None or "stock_synthese" not in figures:
        return [missing_page(STOCK_PAGE, STOCK_TITLE, "Articles et mouvements")]
    seasonality, charts_ = _seasonality(figures)
    parts = [
        f"# {STOCK_TITLE}",
        METHOD + " Chaque article a sa fiche de stock (lien sur sa référence).",
        _key_figures(figures, as_of),
        _reorder_section(figures),
        _shortage_section(figures, failures, issues),
        seasonality,
        _incidents_section(figures),
        _inventory_section(figures, failures),
        section("Articles en alerte", _alerts_table(figures["stock_alertes"])),
        section("Niveaux et valorisation au CUMP", _levels_table(levels)),
        section("Mouvements par mois", _movements_table(figures["stock_mouvements_mensuels"])),
        source_line(sources_of(*(figures.get(name) for name in STOCK_FIGURES + OPTIONAL_FIGURES)),
                    as_of),
    ]
    return [Page(STOCK_PAGE, STOCK_TITLE, "\n\n".join(p for p in parts if p), WIDE_PAGE),
            *charts_]


def stock_page(figures: dict[str, Figure], as_of: date) -> Page:
    """The dashboard page alone."""
    return dashboard_files(figures, as_of)[0]


# --- the stock card of an item ------------------------------------------------------------

def _card_rows(card: pl.DataFrame) -> list[list[str]]:
    rows = []
    for r in card.to_dicts():
        entry, new_cump = r["entree_quantite"] is not None, r["nouveau_cump"]
        rows.append([
            short_date(r["date"]) if r["date"] else "", md(r["piece"] or ""), _label(r["type"]),
            _quantity(r["entree_quantite"]),
            cump_text(r["entree_cout_unitaire"]) if entry else "",
            _amount(r["entree_montant"]),
            _quantity(r["sortie_quantite"]),
            cump_text(r["sortie_cump"]) if not entry else "",
            _amount(r["sortie_montant"]),
            f"**{fast_number(r['stock'])}**",
            f"**{cump_text(r['cump'])}**" if new_cump else cump_text(r["cump"]),
            fast_money(r["valeur"]),
            str(r[ROW_COLUMN]) if r[ROW_COLUMN] is not None else "Articles",
        ])
    return rows


def _supplier_link(code: str | None, names: dict[str, str], from_path: str) -> str:
    """The item's supplier, linked to its supplier file when the site has one."""
    if not code:
        return "—"
    if code not in names:
        return md(code)
    target = relative_link(f"{SUPPLIERS_DIR}/{slug(code, fallback='fiche')}.md", from_path)
    return f"[{md(code)} {md(names[code] or '')}]({target})"


def _facts(level: dict, reorder: dict | None, as_of: date,
           supplier: str) -> str:
    rows = [["Catégorie", md(level["categorie"] or "—")], ["Unité", md(level["unite"] or "—")],
            ["Emplacement", md(level["emplacement"] or "—")],
            ["Fournisseur", supplier],
            [f"Stock au {short_date(as_of)}", f"**{number(level['stock'])}**"],
            ["CUMP", cump_text(level["cout_unitaire"])],
            ["Valeur au CUMP", f"**{money(level['valeur'])}**"],
            ["Stock de sécurité", number(level["stock_securite"])]]
    if level["alerte"]:
        rows.append(["Alerte", md(ALERT_LABELS.get(level["alerte"], level["alerte"]))])
    if reorder is not None:
        rows += [["Délai de réapprovisionnement", plural(reorder["delai_reappro_jours"] or 0,
                                                         "jour")],
                 ["Consommation moyenne par jour", number(reorder["consommation_jour"])],
                 ["Point de commande", number(reorder["point_commande"])],
                 ["En commande chez les fournisseurs", number(reorder["en_commande"])],
                 ["Quantité suggérée", f"**{number(reorder['quantite_suggeree'])}**"
                  if reorder["a_commander"] else "— (au-dessus du point de commande)"]]
    return table(["Élément", "Valeur"], rows)


def _monthly_table(balances: pl.DataFrame) -> str:
    return table(
        ["Mois", "Stock au début", "Valeur au début", "Quantité achetée", "Montant des achats",
         "CUMP de fin de période", "CUMP après chaque entrée, fin du mois", "Stock à la fin",
         "Valeur à la fin"],
        [[month_label(r["mois"]), _quantity(r["stock_debut"]), _amount(r["valeur_debut"]),
          _quantity(r["achats_quantite"]), _amount(r["achats_montant"]),
          cump_text(r["cump_periode"]), cump_text(r["cump_fin"]), _quantity(r["stock_fin"]),
          _amount(r["valeur_fin"])] for r in balances.to_dicts()],
        right=[1, 2, 3, 4, 5, 6, 7, 8])


def _pending_table(pending: pl.DataFrame) -> str:
    return table(["Commande fournisseur", "Date", "Fournisseur", "Statut", "Commandé",
                  "Accepté à la réception", "Reste à recevoir", "Livraison prévue"],
                 [[md(r["numero_commande"]), short_date(r["date_commande"]),
                   md(r["code_fournisseur"]), md(r["statut"]), number(r["quantite"]),
                   number(r["quantite_acceptee"]), f"**{number(r['reste_a_recevoir'])}**",
                   short_date(r["date_livraison_prevue"])] for r in pending.to_dicts()],
                 right=[4, 5, 6])


def _by_reference(figure: Figure | None) -> dict[str, pl.DataFrame]:
    if figure is None or figure.frame.is_empty():
        return {}
    return {key[0]: frame for key, frame in
            figure.frame.partition_by("reference", as_dict=True, maintain_order=True).items()}


def card_pages(figures: dict[str, Figure], as_of: date) -> list[Page]:
    """The stock card page of each item."""
    cards = _by_reference(figures["stock_fiches"])
    balances = _by_reference(figures["stock_cump_mensuel"])
    pending = _by_reference(figures["stock_commandes_fournisseurs"])
    counts = _by_reference(figures.get("stock_inventaire"))
    reorder = {r["reference"]: r for r in figures["stock_reappro"].frame.to_dicts()}
    sources = sources_of(*(figures.get(name) for name in (
        "stock_fiches", "stock_reappro", "stock_commandes_fournisseurs", "stock_inventaire")))
    back = f"[← Tableau de bord du stock]({relative_link(STOCK_PAGE, card_path('x'))})"
    known = figures.get("fournisseurs")
    suppliers = (dict(known.frame.select("code_fournisseur", "raison_sociale").iter_rows())
                 if known is not None else {})
    pages = []
    for level in figures["stock_niveaux"].frame.to_dicts():
        reference = level["reference"]
        path = card_path(reference)
        title = f"Fiche de stock {reference} {level['designation'] or ''}".strip()
        supplier = _supplier_link(level["code_fournisseur"], suppliers, path)
        parts = [f"# {md(title)}", back, _facts(level, reorder.get(reference), as_of, supplier)]
        card = cards.get(reference)
        if card is not None:
            parts.append(section(
                "Mouvements et valorisation", METHOD + " En gras, le CUMP qu'une entrée "
                "recalcule.",
                table(["Date", "Pièce", "Mouvement", "Entrée : quantité",
                       "Entrée : coût unitaire", "Entrée : montant", "Sortie : quantité",
                       "Sortie : CUMP", "Sortie : montant", "Stock", "CUMP", "Valeur",
                       "Ligne de la feuille Mouvements"],
                      _card_rows(card), right=[3, 4, 5, 6, 7, 8, 9, 10, 11, 12])))
        if reference in balances:
            parts.append(section(
                "CUMP de fin de période, par mois",
                "CUMP de fin de période = (valeur du stock au début du mois + montant des "
                "achats du mois) / (quantité au début + quantité achetée) ; sans achat dans "
                "le mois, c'est le CUMP du début du mois. Il est montré à côté du CUMP "
                "recalculé après chaque entrée, celui qui valorise le stock.",
                _monthly_table(balances[reference])))
        if reference in pending:
            parts.append(section("Commandes fournisseurs à recevoir",
                                 _pending_table(pending[reference])))
        if reference in counts:
            parts.append(section("Inventaires", _differences_table(counts[reference], path)))
        parts.append(source_line(sources, as_of))
        pages.append(Page(path, title, "\n\n".join(parts), WIDE_PAGE))
    return pages


# --- every stock file ---------------------------------------------------------------------

def stock_files(computed: Computed, issues: list[Issue]) -> list[Page | Asset]:
    """The stock dashboard, its chart and the stock card of each item; a notice in place
    of the dashboard when one of its figures failed."""
    figures, as_of = computed.management, computed.as_of

    def build() -> list[Page | Asset]:
        files = dashboard_files(figures, as_of, computed.failures, issues)
        if all(name in figures for name in STOCK_FIGURES):
            files += card_pages(figures, as_of)
        return files

    return guarded(computed.failures, STOCK_FIGURES, STOCK_PAGE, STOCK_TITLE, as_of, build)
