"""Management pages of the sales: the commercial dashboard, order book, quotes, invoices.

- « Tableau de bord commercial » (`DASHBOARD_PAGE`): the key figures of the financial
  year to the as-of date, the turnover by month, customer, product family and zone (each
  with its SVG chart), the gross margin where the cost is known, and links to the order
  book, the quotes and the prospecting page;
- « Commandes à livrer et à facturer » (`ORDERS_PAGE`): order book, late deliveries,
  shipped but not invoiced;
- « Conversion des devis » (`QUOTES_PAGE`): by month (chart) and by salesperson;
- « Factures et avoirs » (`INVOICES_PAGE`): every invoice and credit note known on the
  as-of date, with its totals.

Every figure has its « expliquer » link to a page of `explain` (under
``gestion/explications/ventes/``) that lists the rows it is made of; one page per group
(a month, a customer, a family, a zone…), never one per row.
"""

from __future__ import annotations

from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from pipelines.compute.figures import Computed, Figure
from pipelines.compute.sales_dashboard import SHIPPING, SHIPPING_ORIGIN
from pipelines.dataset import ROW_COLUMN
from pipelines.french import long_date, money, month_label, number, plural, short_date
from pipelines.issues import Issue, SourceRef
from pipelines.markdown import md, slug, table
from pipelines.publish import charts
from pipelines.publish.explain import (
    Explanation,
    Explanations,
    Rows,
    explain_link,
    explanation_path,
    fast_money,
    relative_link,
)
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
from pipelines.publish.parties_pages import page_by_code

SALES_DIR = "gestion/ventes"
DASHBOARD_PAGE = f"{SALES_DIR}/tableau-de-bord.md"
ORDERS_PAGE = f"{SALES_DIR}/commandes.md"
QUOTES_PAGE = f"{SALES_DIR}/devis.md"
INVOICES_PAGE = f"{SALES_DIR}/factures.md"
PROSPECTS_PAGE = "gestion/prospection.md"
CHARTS_DIR = "gestion/graphiques"
MONTH_CHART = f"{CHARTS_DIR}/ventes-ca-par-mois.svg"
CUSTOMER_CHART = f"{CHARTS_DIR}/ventes-ca-par-client.svg"
FAMILY_CHART = f"{CHARTS_DIR}/ventes-ca-par-famille.svg"
ZONE_CHART = f"{CHARTS_DIR}/ventes-ca-par-zone.svg"
QUOTES_CHART = f"{CHARTS_DIR}/ventes-devis-par-mois.svg"
TOP_CUSTOMERS = 10

DASHBOARD_TITLE = "Tableau de bord commercial"
ORDERS_TITLE = "Commandes à livrer et à facturer"
QUOTES_TITLE = "Conversion des devis"
INVOICES_TITLE = "Factures et avoirs"

SALES_NAV: list[dict] = [{"Ventes": [
    {DASHBOARD_TITLE: DASHBOARD_PAGE},
    {ORDERS_TITLE: ORDERS_PAGE},
    {QUOTES_TITLE: QUOTES_PAGE},
    {INVOICES_TITLE: INVOICES_PAGE},
]}]

TURNOVER_FIGURES = ("ventes_synthese", "ca_factures", "ventes_lignes", "ca_par_mois",
                    "ca_par_client", "ca_par_famille", "ca_par_zone", "marge_synthese",
                    "marge_par_article")
ORDER_FIGURES = ("carnet_commandes", "livraisons_en_retard", "expedie_non_facture")
QUOTE_FIGURES = ("devis_suivi", "devis_synthese", "devis_par_mois", "devis_par_commercial")
INVOICE_FIGURES = ("factures_et_avoirs",)

TYPE_LABELS = {"facture": "Facture", "avoir": "Avoir"}
STATUS_ORDER = (("acceptes", "Acceptés"), ("refuses", "Refusés"), ("expires", "Expirés"),
                ("en_attente", "En attente"))


# --- small helpers -------------------------------------------------------------------------

def sheet_source(figure: Figure, sheet: str) -> SourceRef:
    """The source of `figure` that is the sheet `sheet` (else its first source)."""
    return next((s for s in figure.sources if s.sheet == sheet), figure.sources[0])


def rel(path: str, from_path: str) -> str:
    """A link target relative to the page `from_path` (both in gestion/…)."""
    return relative_link(path, from_path)


def euros(value: Decimal | None) -> str:
    """An amount in euros, as `pipelines.french.money` writes it (without babel: the
    invoice list has thousands of amounts)."""
    return "—" if value is None else fast_money(value)


def amount_in(value: Decimal | None, currency: str | None) -> str:
    """An amount in the invoice's currency."""
    if value is None:
        return "—"
    return euros(value) if currency in (None, "EUR") else money(value, currency)


def percent_text(value: Decimal | None) -> str:
    return "—" if value is None else f"{number(value)}\u00a0%"


def round_euros(value: Decimal | None) -> str:
    """12 346 € (for chart labels; the tables keep the cents)."""
    if value is None:
        return "—"
    return f"{number(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))}\u00a0€"


def label(value) -> str:
    text = "" if value is None else str(value)
    return text[:1].upper() + text[1:]


def unique_slugs(values: list, prefix: str) -> dict:
    """value → ``<prefix>-<slug>`` (a number appended to the second of two equal slugs)."""
    seen: Counter = Counter()
    result = {}
    for value in values:
        base = f"{prefix}-{slug(value, fallback='sans-nom')}"
        seen[base] += 1
        result[value] = base if seen[base] == 1 else f"{base}-{seen[base]}"
    return result


def _float(values) -> list[float]:
    """Amounts as floats, for drawing only (every figure shown is the exact Decimal)."""
    return [float(value or 0) for value in values]


# --- explanations ------------------------------------------------------------------------

INVOICE_COLUMNS = {"numero_facture": "Facture ou avoir", "date_facture": "Date",
                   "type": "Type", "code_client": "Client", "raison_sociale": "Raison sociale",
                   "devise": "Devise", "total_ht_eur": "Total HT en euros"}
TURNOVER_RULE = ("Chiffre d'affaires HT : somme des totaux HT en euros des factures et des "
                 "avoirs émis (un avoir compte en négatif) datés de la période, chaque total "
                 "étant celui de la facture (lignes nettes, remise globale, frais de port ; "
                 "pour une autre devise, converti au cours de la facture et arrondi au "
                 "centime).")


class SalesExplanations(Explanations):
    """The explanation pages of the sales figures, built once each."""

    # turnover

    def invoices_rows(self, frame: pl.DataFrame) -> Rows:
        figure = self.figures["ca_factures"]
        return Rows(sheet_source(figure, "Factures"), frame, INVOICE_COLUMNS,
                    money=("total_ht_eur",), total=("total_ht_eur",))

    def month(self, month: str, amount: Decimal) -> str:
        invoices = self.figures["ca_factures"].frame.filter(pl.col("mois") == month)
        return self.add(Explanation(
            f"ventes/ca-{month}", f"Chiffre d'affaires HT de {month_label(month)}",
            TURNOVER_RULE + f" Mois : {month_label(month)}.",
            rows=(self.invoices_rows(invoices),), value=money(amount),
            computation="pipelines.compute.sales_dashboard.turnover_by_month",
            back=(DASHBOARD_TITLE, DASHBOARD_PAGE)))

    def customer(self, code: str, name: str | None, amount: Decimal, explanation_id: str) -> str:
        invoices = self.figures["ca_factures"].frame.filter(pl.col("code_client") == code)
        return self.add(Explanation(
            explanation_id, f"Chiffre d'affaires HT de {code} {name or ''}".strip(),
            TURNOVER_RULE + " Client : celui de la facture (code_client).",
            rows=(self.invoices_rows(invoices),), value=money(amount),
            computation="pipelines.compute.sales_dashboard.turnover_by_customer",
            back=(DASHBOARD_TITLE, DASHBOARD_PAGE)))

    def year(self, amount: Decimal, month_links: list[tuple[str, Decimal, str]],
             start, end) -> str:
        here = explanation_path("ventes/ca-exercice")
        rows = [[f"[{month_label(m)}]({relative_link(explanation_path(explanation_id), here)})",
                 money(value)] for m, value, explanation_id in month_links]
        rows.append(["**Total**", f"**{money(amount)}**"])
        detail = table(["Mois", "Chiffre d'affaires HT"], rows, right=[1])
        return self.add(Explanation(
            "ventes/ca-exercice",
            f"Chiffre d'affaires HT du {long_date(start)} au {long_date(end)}",
            TURNOVER_RULE + " C'est la somme des mois ci-dessous ; chaque mois a sa propre "
            "explication, qui liste ses factures et avoirs (classeur, feuille, ligne).",
            value=money(amount), notes=(detail,),
            sources=(sheet_source(self.figures["ca_factures"], "Factures"),),
            computation="pipelines.compute.sales_dashboard.turnover_by_month",
            back=(DASHBOARD_TITLE, DASHBOARD_PAGE)))

    def family(self, family: str, amount: Decimal, explanation_id: str) -> str:
        figure = self.figures["ventes_lignes"]
        lines = figure.frame.filter(pl.col("famille") == family)
        rows = []
        items = lines.filter(pl.col("origine") != SHIPPING_ORIGIN)
        if items.height:
            rows.append(Rows(
                sheet_source(figure, "LignesFacture"), items,
                {"numero_facture": "Facture ou avoir", "date_facture": "Date",
                 "ligne": "N° de ligne", "reference": "Article",
                 "designation": "Désignation", "quantite": "Quantité",
                 "montant_ht_eur": "Montant HT en euros", "cout_ht": "Coût d'achat HT",
                 "marge_ht": "Marge HT"},
                money=("montant_ht_eur", "cout_ht", "marge_ht"),
                total=("montant_ht_eur", "cout_ht", "marge_ht")))
        shipping = lines.filter(pl.col("origine") == SHIPPING_ORIGIN)
        if shipping.height:
            rows.append(Rows(
                sheet_source(figure, "Factures"), shipping,
                {"numero_facture": "Facture ou avoir", "date_facture": "Date",
                 "montant_ht_eur": "Frais de port HT en euros"},
                money=("montant_ht_eur",), total=("montant_ht_eur",),
                note="Les frais de port (frais_port_ht) de chaque facture."))
        rule = ("Somme des montants HT en euros des lignes de factures et d'avoirs de la "
                "famille (catégorie de l'article ; « Prestations » : ligne sans article ; "
                "« Frais de port » : les frais de port de la facture). Le montant d'une "
                "ligne est son net HT, diminué de sa part de la remise globale de la "
                "facture (répartie entre les lignes de même taux de TVA au prorata de leur "
                "net, au centime, par la méthode du plus fort reste) ; une facture en "
                "devise est répartie de même sur ses lignes, de sorte que ses lignes en "
                "euros font exactement son total HT en euros. Marge = montant HT − quantité "
                "× prix d'achat HT de l'article (feuille Articles), arrondi au centime.")
        return self.add(Explanation(
            explanation_id, f"Chiffre d'affaires HT de la famille « {family} »", rule,
            rows=tuple(rows), value=money(amount),
            sources=(sheet_source(figure, "Articles"),),
            computation="pipelines.compute.sales_dashboard.turnover_by_family",
            back=(DASHBOARD_TITLE, DASHBOARD_PAGE)))

    def zone(self, zone: str, amount: Decimal, explanation_id: str,
             customer_ids: dict[str, str]) -> str:
        figure = self.figures["ca_par_client"]
        customers = figure.frame.filter(pl.col("zone") == zone)
        here = explanation_path(explanation_id)
        links = ", ".join(
            f"[{md(code)}]({relative_link(explanation_path(customer_ids[code]), here)})"
            for code in customers["code_client"].to_list() if code in customer_ids)
        notes = (f"Le détail de chaque client (ses factures et avoirs) : {links}.",) \
            if links else ()
        return self.add(Explanation(
            explanation_id, f"Chiffre d'affaires HT de la zone « {zone} »",
            "Somme du chiffre d'affaires HT des clients dont la fiche (feuille Clients, "
            "colonne zone) est dans cette zone. " + TURNOVER_RULE,
            rows=(Rows(sheet_source(figure, "Clients"), customers,
                       {"code_client": "Client", "raison_sociale": "Raison sociale",
                        "zone": "Zone", "chiffre_affaires": "Chiffre d'affaires HT"},
                       money=("chiffre_affaires",), total=("chiffre_affaires",)),),
            value=money(amount), notes=notes,
            computation="pipelines.compute.sales_dashboard.turnover_by_zone",
            back=(DASHBOARD_TITLE, DASHBOARD_PAGE)))

    def margin(self, summary: dict) -> str:
        figure = self.figures["marge_par_article"]
        return self.add(Explanation(
            "ventes/marge", "Marge brute là où le coût est connu",
            "Pour chaque ligne de facture ou d'avoir dont l'article a un prix d'achat "
            "(feuille Articles, prix_achat_ht, sa valeur actuelle) : marge = montant HT en "
            "euros − quantité × prix d'achat HT (arrondi au centime par ligne). La "
            "couverture est la part du chiffre d'affaires dont le coût est connu ; le taux "
            "de marge est la marge rapportée à ce chiffre d'affaires couvert.",
            rows=(Rows(sheet_source(figure, "Articles"), figure.frame,
                       {"reference": "Article", "designation": "Désignation",
                        "famille": "Famille", "prix_achat_ht": "Prix d'achat HT",
                        "quantite": "Quantité vendue",
                        "chiffre_affaires": "Chiffre d'affaires HT", "cout": "Coût d'achat",
                        "marge": "Marge brute"},
                       money=("prix_achat_ht", "chiffre_affaires", "cout", "marge"),
                       total=("chiffre_affaires", "cout", "marge")),),
            value=f"{money(summary['marge'])} ({percent_text(summary['taux_marge'])} du "
                  f"chiffre d'affaires couvert, couverture "
                  f"{percent_text(summary['couverture'])})",
            computation="pipelines.compute.sales_dashboard.margin_summary",
            back=(DASHBOARD_TITLE, DASHBOARD_PAGE)))

    # orders

    BOOK_COLUMNS = {"numero_commande": "Commande", "date_commande": "Date",
                    "raison_sociale": "Client", "ligne": "N° de ligne",
                    "reference": "Article", "designation": "Désignation",
                    "quantite": "Commandé", "quantite_livree": "Livré",
                    "reste_a_livrer": "Reste à livrer",
                    "date_livraison_souhaitee": "Livraison souhaitée",
                    "valeur_reste_ht": "Valeur HT du reste"}

    def order_book(self) -> str:
        figure = self.figures["carnet_commandes"]
        return self.add(Explanation(
            "ventes/carnet-de-commandes", "Carnet de commandes : reste à livrer",
            "Lignes des commandes confirmées ou modifiées (non annulées à la date d'arrêté) "
            "datées au plus tard de la date d'arrêté : reste = quantité commandée − "
            "quantité livrée sur cette ligne (bons de livraison datés au plus tard de la "
            "date d'arrêté, hors bons « retournée ») ; une prestation (ligne sans article) "
            "reste jusqu'à sa facturation. Valeur = reste × prix unitaire HT × (1 − "
            "remise), arrondie au centime par ligne.",
            rows=(Rows(sheet_source(figure, "LignesCommande"), figure.frame,
                       self.BOOK_COLUMNS, money=("valeur_reste_ht",),
                       total=("valeur_reste_ht",)),),
            value=money(figure.frame["valeur_reste_ht"].sum() if figure.frame.height
                        else Decimal(0)),
            computation="pipelines.compute.order_book.order_book",
            back=(ORDERS_TITLE, ORDERS_PAGE)))

    def late(self) -> str:
        figure = self.figures["carnet_commandes"]
        late = figure.frame.filter(pl.col("en_retard") & pl.col("reference").is_not_null())
        return self.add(Explanation(
            "ventes/livraisons-en-retard", "Commandes en retard de livraison",
            "Lignes d'article du carnet de commandes dont la date de livraison souhaitée "
            "(feuille Commandes) est passée à la date d'arrêté.",
            rows=(Rows(sheet_source(figure, "LignesCommande"), late,
                       {**self.BOOK_COLUMNS, "jours_de_retard": "Jours de retard"},
                       money=("valeur_reste_ht",), total=("valeur_reste_ht",)),),
            value=plural(late["numero_commande"].n_unique(), "commande"),
            computation="pipelines.compute.order_book.late_deliveries",
            back=(ORDERS_TITLE, ORDERS_PAGE)))

    def shipped(self) -> str:
        figure = self.figures["expedie_non_facture"]
        return self.add(Explanation(
            "ventes/expedie-non-facture", "Expédié non facturé",
            "Par commande et par article : quantité livrée (bons datés au plus tard de la "
            "date d'arrêté, hors « retournée ») − quantité facturée (factures émises de "
            "la commande datées au plus tard de la date d'arrêté ; les avoirs ne comptent "
            "pas). Valeur = reste × prix unitaire HT net de la ligne de commande, arrondie "
            "au centime. La ligne indiquée est la dernière ligne de livraison.",
            rows=(Rows(sheet_source(figure, "LignesLivraison"), figure.frame,
                       {"numero_commande": "Commande", "numero_livraison": "Livraison",
                        "date_livraison": "Date", "raison_sociale": "Client",
                        "reference": "Article", "quantite_livree": "Livré",
                        "quantite_facturee": "Facturé", "reste_a_facturer": "Reste",
                        "valeur_ht": "Valeur HT"},
                       money=("valeur_ht",), total=("valeur_ht",)),),
            value=money(figure.frame["valeur_ht"].sum() if figure.frame.height
                        else Decimal(0)),
            computation="pipelines.compute.order_book.shipped_not_invoiced",
            back=(ORDERS_TITLE, ORDERS_PAGE)))

    # quotes

    QUOTE_RULE = ("Chaque devis compte une fois, avec sa dernière version datée au plus "
                  "tard de la date d'arrêté ; un devis « envoyé » dont la date de validité "
                  "est passée compte comme expiré ; un brouillon n'est pas envoyé. Taux de "
                  "conversion = acceptés / (acceptés + refusés + expirés).")

    def quotes(self, explanation_id: str, title: str, frame: pl.DataFrame,
               value: str) -> str:
        figure = self.figures["devis_suivi"]
        return self.add(Explanation(
            explanation_id, title, self.QUOTE_RULE,
            rows=(Rows(sheet_source(figure, "Devis"), frame,
                       {"numero_devis": "Devis", "version": "Version",
                        "date_devis": "Date de la version", "raison_sociale": "Client",
                        "commercial_nom": "Commercial", "statut": "Statut saisi",
                        "statut_arrete": "Statut retenu",
                        "date_validite": "Valable jusqu'au"}),),
            value=value, computation="pipelines.compute.quotes.conversion_summary",
            back=(QUOTES_TITLE, QUOTES_PAGE)))


# --- the dashboard -------------------------------------------------------------------------

def _key_figures(figures: dict[str, Figure], summary: dict, notes: SalesExplanations,
                 month_ids: dict[str, str]) -> str:
    link = lambda explanation_id: explain_link(explanation_id, DASHBOARD_PAGE)  # noqa: E731
    start, end = summary["debut_periode"], summary["fin_periode"]
    by_month = figures["ca_par_mois"].frame
    months = [(m, v, month_ids[m]) for m, v in by_month.select("mois", "chiffre_affaires")
              .iter_rows()]
    rows = [
        ["Chiffre d'affaires HT de l'exercice", money(summary["chiffre_affaires"]),
         link(notes.year(summary["chiffre_affaires"], months, start, end))],
    ]
    last = summary["dernier_mois"]
    if last in month_ids:
        rows.append([f"Chiffre d'affaires HT de {month_label(last)}",
                     money(summary["ca_dernier_mois"]), link(month_ids[last])])
    margin = figures["marge_synthese"].frame.row(0, named=True)
    rows.append(["Marge brute (là où le coût est connu)",
                 f"{money(margin['marge'])} — taux {percent_text(margin['taux_marge'])}, "
                 f"couverture {percent_text(margin['couverture'])}",
                 link(notes.margin(margin))])
    if "carnet_commandes" in figures:
        rows.append(["Carnet de commandes (reste à livrer, HT)",
                     f"{money(summary['carnet_commandes'])} — "
                     f"{plural(summary['lignes_a_livrer'] or 0, 'ligne')}",
                     link(notes.order_book())])
        rows.append(["Commandes en retard de livraison",
                     number(summary["commandes_en_retard"]), link(notes.late())])
    if "expedie_non_facture" in figures:
        rows.append(["Expédié non facturé (HT)", money(summary["expedie_non_facture"]),
                     link(notes.shipped())])
    if "devis_suivi" in figures:
        sent = figures["devis_suivi"].frame.filter(pl.col("statut_arrete") != "brouillon")
        sent_count = plural(summary["devis_envoyes"] or 0, "devis envoyé", "devis envoyés")
        rows.append(["Taux de conversion des devis",
                     f"{percent_text(summary['taux_conversion'])} — {sent_count}, "
                     f"{number(summary['devis_en_attente'])} en attente",
                     link(notes.quotes("ventes/devis-conversion", "Conversion des devis",
                                       sent, percent_text(summary["taux_conversion"])))])
    return table(["Indicateur", "Valeur", "Détail"], rows, right=[1])


def _month_section(by_month: Figure, month_ids: dict[str, str],
                   notes: SalesExplanations) -> tuple[str, Asset]:
    rows = by_month.frame.to_dicts()
    chart = Asset(MONTH_CHART, charts.vertical_bars(
        [month_label(r["mois"]) for r in rows], _float(r["chiffre_affaires"] for r in rows),
        "euros HT", [round_euros(r["chiffre_affaires"]) for r in rows]))
    lines = [[month_label(r["mois"]), money(r["chiffre_affaires"]), number(r["factures"]),
              number(r["avoirs"]),
              explain_link(notes.month(r["mois"], r["chiffre_affaires"]), DASHBOARD_PAGE)]
             for r in rows]
    total = sum((r["chiffre_affaires"] for r in rows), Decimal(0))
    lines.append(["**Total**", f"**{money(total)}**", "", "", ""])
    body = table(["Mois", "Chiffre d'affaires HT", "Factures", "Avoirs", "Détail"], lines,
                 right=[1, 2, 3])
    image = f"![Chiffre d'affaires HT par mois]({rel(MONTH_CHART, DASHBOARD_PAGE)})"
    return section("Chiffre d'affaires par mois", image, body), chart


def _customer_section(by_customer: Figure, customer_ids: dict[str, str],
                      customer_pages: dict[str, str],
                      notes: SalesExplanations) -> tuple[str, Asset]:
    rows = by_customer.frame.to_dicts()
    top, rest = rows[:TOP_CUSTOMERS], rows[TOP_CUSTOMERS:]
    labels = [f"{r['raison_sociale'] or r['code_client']}" for r in top]
    values = [r["chiffre_affaires"] for r in top]
    chart = Asset(CUSTOMER_CHART, charts.horizontal_bars(
        labels, _float(values), "euros HT", [round_euros(v) for v in values]))

    def name(r: dict) -> str:
        text = md(r["raison_sociale"])
        page = customer_pages.get(r["code_client"])
        return f"[{text}]({rel(f'gestion/clients/{page}.md', DASHBOARD_PAGE)})" if page \
            else text

    lines = [[md(r["code_client"]), name(r), md(r["zone"]), money(r["chiffre_affaires"]),
              percent_text(r["part"]), number(r["factures"]), number(r["avoirs"]),
              explain_link(notes.customer(r["code_client"], r["raison_sociale"],
                                          r["chiffre_affaires"], customer_ids[r["code_client"]]),
                           DASHBOARD_PAGE)]
             for r in rows]
    body = table(["Code", "Client", "Zone", "Chiffre d'affaires HT", "Part", "Factures",
                  "Avoirs", "Détail"], lines, right=[3, 4, 5, 6])
    image = f"![Chiffre d'affaires HT par client]({rel(CUSTOMER_CHART, DASHBOARD_PAGE)})"
    intro = (f"Les {TOP_CUSTOMERS} premiers clients sur le graphique, les "
             f"{plural(len(rows), 'client')} dans le tableau." if rest else "")
    return section("Chiffre d'affaires par client", intro, image, body), chart


def _family_section(by_family: Figure, notes: SalesExplanations) -> tuple[str, Asset]:
    rows = by_family.frame.to_dicts()
    ids = unique_slugs([r["famille"] for r in rows], "ventes/famille")
    chart = Asset(FAMILY_CHART, charts.horizontal_bars(
        [r["famille"] for r in rows], _float(r["chiffre_affaires"] for r in rows),
        "euros HT", [round_euros(r["chiffre_affaires"]) for r in rows]))
    lines = [[md(r["famille"]), money(r["chiffre_affaires"]), percent_text(r["part"]),
              money(r["marge"]) if r["ca_cout_connu"] else "—",
              percent_text(r["taux_marge"]), percent_text(r["couverture"]),
              explain_link(notes.family(r["famille"], r["chiffre_affaires"], ids[r["famille"]]),
                           DASHBOARD_PAGE)]
             for r in rows]
    body = table(["Famille", "Chiffre d'affaires HT", "Part", "Marge brute", "Taux de marge",
                  "Coût connu", "Détail"], lines, right=[1, 2, 3, 4, 5])
    intro = (f"La famille est la catégorie de l'article (feuille Articles) ; une ligne sans "
             f"article est une prestation ; « {SHIPPING} » regroupe les frais de port des "
             "factures. La remise globale d'une facture est répartie entre ses lignes.")
    image = f"![Chiffre d'affaires HT par famille]({rel(FAMILY_CHART, DASHBOARD_PAGE)})"
    return section("Chiffre d'affaires et marge par famille de produits", intro, image,
                   body), chart


def _zone_section(by_zone: Figure, customer_ids: dict[str, str],
                  notes: SalesExplanations) -> tuple[str, Asset]:
    rows = by_zone.frame.to_dicts()
    ids = unique_slugs([r["zone"] for r in rows], "ventes/zone")
    chart = Asset(ZONE_CHART, charts.horizontal_bars(
        [r["zone"] for r in rows], _float(r["chiffre_affaires"] for r in rows), "euros HT",
        [round_euros(r["chiffre_affaires"]) for r in rows]))
    lines = [[md(r["zone"]), money(r["chiffre_affaires"]), percent_text(r["part"]),
              number(r["clients"]),
              explain_link(notes.zone(r["zone"], r["chiffre_affaires"], ids[r["zone"]],
                                      customer_ids), DASHBOARD_PAGE)]
             for r in rows]
    body = table(["Zone", "Chiffre d'affaires HT", "Part", "Clients", "Détail"], lines,
                 right=[1, 2, 3])
    image = f"![Chiffre d'affaires HT par zone]({rel(ZONE_CHART, DASHBOARD_PAGE)})"
    return section("Chiffre d'affaires par zone", "La zone est celle de la fiche client "
                   "(France, UE, Hors UE).", image, body), chart


def _links_section(figures: dict[str, Figure]) -> str:
    lines = [f"- [{ORDERS_TITLE}]({rel(ORDERS_PAGE, DASHBOARD_PAGE)}) : carnet de commandes, "
             "livraisons en retard, expédié non facturé",
             f"- [{QUOTES_TITLE}]({rel(QUOTES_PAGE, DASHBOARD_PAGE)}) : par mois et par "
             "commercial",
             f"- [{INVOICES_TITLE}]({rel(INVOICES_PAGE, DASHBOARD_PAGE)}) : la liste, avec "
             "leurs totaux"]
    if "prospects_synthese" in figures:
        lines.append(f"- [Prospection]({rel(PROSPECTS_PAGE, DASHBOARD_PAGE)}) : prospects par "
                     "campagne, par étape et par zone (France, UE, hors UE), relances à faire")
    return section("Voir aussi", "\n".join(lines))


def dashboard_files(figures: dict[str, Figure], notes: SalesExplanations,
                    as_of) -> list[Page | Asset]:
    if not all(name in figures for name in TURNOVER_FIGURES):
        return [missing_page(DASHBOARD_PAGE, DASHBOARD_TITLE, "Factures et lignes de facture")]
    summary = figures["ventes_synthese"].frame.row(0, named=True)
    by_month = figures["ca_par_mois"]
    month_ids = {m: f"ventes/ca-{m}" for m in by_month.frame["mois"].to_list()}
    by_customer = figures["ca_par_client"]
    customer_ids = unique_slugs(by_customer.frame["code_client"].to_list(), "ventes/client")
    customer_pages = page_by_code(figures.get("clients"), "code_client")
    month_text, month_chart = _month_section(by_month, month_ids, notes)
    customer_text, customer_chart = _customer_section(by_customer, customer_ids,
                                                      customer_pages, notes)
    family_text, family_chart = _family_section(figures["ca_par_famille"], notes)
    zone_text, zone_chart = _zone_section(figures["ca_par_zone"], customer_ids, notes)
    intro = (f"Exercice du {long_date(summary['debut_periode'])} au "
             f"{long_date(summary['fin_periode'])} (date d'arrêté) : seules comptent les "
             "pièces datées au plus tard de la date d'arrêté. Montants HT en euros ; un "
             "avoir compte en négatif. Chaque chiffre a son lien « expliquer » vers les "
             "lignes des classeurs qui le font.")
    used = [figures[name] for name in TURNOVER_FIGURES] + [
        figures[name] for name in (*ORDER_FIGURES, "devis_synthese") if name in figures]
    body = "\n\n".join((
        f"# {DASHBOARD_TITLE}", intro,
        section("Chiffres clés", _key_figures(figures, summary, notes, month_ids)),
        month_text, customer_text, family_text, zone_text,
        _links_section(figures),
        source_line(sources_of(*used), as_of),
    ))
    return [Page(DASHBOARD_PAGE, DASHBOARD_TITLE, body, WIDE_PAGE), month_chart,
            customer_chart, family_chart, zone_chart]


# --- orders --------------------------------------------------------------------------------

def orders_page(figures: dict[str, Figure], notes: SalesExplanations, as_of) -> Page:
    if not all(name in figures for name in ORDER_FIGURES):
        return missing_page(ORDERS_PAGE, ORDERS_TITLE, "Commandes, livraisons et factures")
    book, late, shipped = (figures[name] for name in ORDER_FIGURES)
    link = lambda explanation_id: explain_link(explanation_id, ORDERS_PAGE)  # noqa: E731
    book_rows = [[md(r["numero_commande"]), short_date(r["date_commande"]),
                  md(r["raison_sociale"] or r["code_client"]), md(r["reference"]),
                  md(r["designation"]), number(r["quantite"]), number(r["reste_a_livrer"]),
                  money(r["valeur_reste_ht"]), short_date(r["date_livraison_souhaitee"]),
                  "oui" if r["urgente"] else ""]
                 for r in book.frame.to_dicts()]
    book_total = book.frame["valeur_reste_ht"].sum() if book.frame.height else Decimal(0)
    book_text = (table(["Commande", "Date", "Client", "Article", "Désignation", "Commandé",
                        "Reste", "Valeur HT", "Livraison souhaitée", "Urgente"],
                       book_rows + [["**Total**", "", "", "", "", "", "",
                                     f"**{money(book_total)}**", "", ""]],
                       right=[5, 6, 7])
                 if book_rows else "Aucune commande ne reste à livrer.")
    late_rows = [[md(r["numero_commande"]), md(r["raison_sociale"] or r["code_client"]),
                  short_date(r["date_livraison_souhaitee"]), plural(r["jours_de_retard"], "jour"),
                  number(r["lignes"]), money(r["valeur_reste_ht"]),
                  "oui" if r["urgente"] else ""] for r in late.frame.to_dicts()]
    late_text = (table(["Commande", "Client", "Livraison souhaitée", "Retard", "Lignes",
                        "Valeur HT du reste", "Urgente"], late_rows, right=[3, 4, 5])
                 if late_rows else "Aucune commande en retard de livraison.")
    shipped_rows = [[md(r["numero_commande"]), md(r["raison_sociale"] or r["code_client"]),
                     md(r["reference"]), md(r["designation"]), md(r["numero_livraison"]),
                     short_date(r["date_livraison"]), number(r["quantite_livree"]),
                     number(r["quantite_facturee"]), number(r["reste_a_facturer"]),
                     money(r["valeur_ht"])] for r in shipped.frame.to_dicts()]
    shipped_total = shipped.frame["valeur_ht"].sum() if shipped.frame.height else Decimal(0)
    shipped_text = (table(["Commande", "Client", "Article", "Désignation", "Dernière livraison",
                           "Date", "Livré", "Facturé", "Reste", "Valeur HT"],
                          shipped_rows + [["**Total**", *[""] * 8,
                                           f"**{money(shipped_total)}**"]],
                          right=[6, 7, 8, 9])
                    if shipped_rows else "Tout ce qui a été livré est facturé.")
    body = "\n\n".join((
        f"# {ORDERS_TITLE}",
        f"À la date d'arrêté ({long_date(as_of)}) : seules comptent les commandes, "
        "livraisons et factures datées au plus tard de ce jour.",
        section("Carnet de commandes",
                f"Reste à livrer : **{money(book_total)}** HT ({link(notes.order_book())}).",
                book_text),
        section("Commandes en retard de livraison",
                f"{plural(late.frame.height, 'commande')} dont la date de livraison "
                f"souhaitée est passée ({link(notes.late())}).", late_text),
        section("Expédié non facturé",
                f"Livré mais pas encore facturé : **{money(shipped_total)}** HT "
                f"({link(notes.shipped())}).", shipped_text),
        f"Retour au [{DASHBOARD_TITLE}]({rel(DASHBOARD_PAGE, ORDERS_PAGE)}).",
        source_line(sources_of(book, shipped), as_of),
    ))
    return Page(ORDERS_PAGE, ORDERS_TITLE, body, WIDE_PAGE)


# --- quotes --------------------------------------------------------------------------------

def _counts_row(r: dict) -> list[str]:
    return [number(r["envoyes"]), number(r["acceptes"]), number(r["refuses"]),
            number(r["expires"]), number(r["en_attente"]), percent_text(r["taux_conversion"])]


COUNT_HEADERS = ["Envoyés", "Acceptés", "Refusés", "Expirés", "En attente", "Taux de conversion"]


def quotes_files(figures: dict[str, Figure], notes: SalesExplanations,
                 as_of) -> list[Page | Asset]:
    if not all(name in figures for name in QUOTE_FIGURES):
        return [missing_page(QUOTES_PAGE, QUOTES_TITLE, "Devis")]
    quotes, summary, by_month, by_person = (figures[name] for name in QUOTE_FIGURES)
    sent = quotes.frame.filter(pl.col("statut_arrete") != "brouillon")
    counts = summary.frame.row(0, named=True)
    overall = notes.quotes("ventes/devis-conversion", "Conversion des devis", sent,
                           percent_text(counts["taux_conversion"]))
    link = lambda explanation_id: explain_link(explanation_id, QUOTES_PAGE)  # noqa: E731
    month_rows = by_month.frame.to_dicts()
    chart = Asset(QUOTES_CHART, charts.stacked_bars(
        [month_label(r["mois"]) for r in month_rows],
        [(title, [r[key] for r in month_rows]) for key, title in STATUS_ORDER], "devis"))
    month_lines = [[month_label(r["mois"]), *_counts_row(r), link(notes.quotes(
        f"ventes/devis-{r['mois']}", f"Devis de {month_label(r['mois'])}",
        sent.filter(pl.col("mois") == r["mois"]), percent_text(r["taux_conversion"])))]
        for r in month_rows]
    person_ids = unique_slugs([r["commercial"] for r in by_person.frame.to_dicts()],
                              "ventes/devis-commercial")
    person_lines = [[md(r["commercial_nom"] or r["commercial"] or "Sans commercial"),
                     *_counts_row(r), link(notes.quotes(
                         person_ids[r["commercial"]],
                         f"Devis de {r['commercial_nom'] or r['commercial'] or 'sans commercial'}",
                         sent.filter(pl.col("commercial").eq_missing(r["commercial"])),
                         percent_text(r["taux_conversion"])))]
                    for r in by_person.frame.to_dicts()]
    body = "\n\n".join((
        f"# {QUOTES_TITLE}",
        f"Au {long_date(as_of)} : {plural(counts['envoyes'], 'devis envoyé', 'devis envoyés')}"
        f", {number(counts['acceptes'])} acceptés, {number(counts['refuses'])} refusés, "
        f"{number(counts['expires'])} expirés, {number(counts['en_attente'])} en attente "
        f"(et {plural(counts['brouillons'], 'brouillon')}) : taux de conversion "
        f"**{percent_text(counts['taux_conversion'])}** ({link(overall)}).",
        SalesExplanations.QUOTE_RULE,
        section("Par mois",
                f"![Devis par mois et par issue]({rel(QUOTES_CHART, QUOTES_PAGE)})",
                table(["Mois de la première version", *COUNT_HEADERS, "Détail"], month_lines,
                      right=[1, 2, 3, 4, 5, 6])),
        section("Par commercial",
                table(["Commercial", *COUNT_HEADERS, "Détail"], person_lines,
                      right=[1, 2, 3, 4, 5, 6])),
        f"Retour au [{DASHBOARD_TITLE}]({rel(DASHBOARD_PAGE, QUOTES_PAGE)}).",
        source_line(quotes.sources, as_of),
    ))
    return [Page(QUOTES_PAGE, QUOTES_TITLE, body, WIDE_PAGE), chart]


# --- invoices ------------------------------------------------------------------------------

def invoices_page(figures: dict[str, Figure], as_of) -> Page:
    if "factures_et_avoirs" not in figures:
        return missing_page(INVOICES_PAGE, INVOICES_TITLE, "Factures et lignes de facture")
    invoices = figures["factures_et_avoirs"]
    frame = invoices.frame
    rows = [[md(r["numero_facture"]), short_date(r["date_facture"]),
             md(f"{r['code_client']} {r['raison_sociale'] or ''}".strip()),
             TYPE_LABELS.get(r["type"], md(r["type"])),
             amount_in(r["total_ht"], r["devise"]), amount_in(r["total_tva"], r["devise"]),
             amount_in(r["total_ttc"], r["devise"]), md(r["devise"]),
             euros(r["total_ttc_eur"]), md(r["statut"]),
             str(r[ROW_COLUMN])]
            for r in frame.to_dicts()]
    issued = frame.filter(pl.col("statut") == "émise")
    totals = []
    for kind, title in (("facture", "Factures émises"), ("avoir", "Avoirs émis")):
        part = issued.filter(pl.col("type") == kind)
        totals.append([title, number(part.height),
                       money(part["total_ht_eur"].sum() if part.height else Decimal(0)),
                       money(part["total_ttc_eur"].sum() if part.height else Decimal(0))])
    totals.append(["**Total**", f"**{number(issued.height)}**",
                   f"**{money(issued['total_ht_eur'].sum() if issued.height else Decimal(0))}**",
                   f"**{money(issued['total_ttc_eur'].sum() if issued.height else Decimal(0))}**"])
    source = sheet_source(invoices, "Factures")
    body = "\n\n".join((
        f"# {INVOICES_TITLE}",
        f"{plural(frame.height, 'pièce')} datées au plus tard du {long_date(as_of)}, dans "
        f"l'ordre de la feuille ({md(str(source))}) ; « Ligne » est la ligne du classeur. Les "
        "montants d'un avoir sont négatifs. Les totaux sont ceux de la facture, dans sa "
        "devise, et en euros au cours de la facture. Le tableau complet est aussi publié en "
        "CSV et en JSON dans les données du site (site_data).",
        section("Totaux", table(["Pièces", "Nombre", "Total HT en euros", "Total TTC en euros"],
                                totals, right=[1, 2, 3]),
                f"Le chiffre d'affaires du [{DASHBOARD_TITLE}]"
                f"({rel(DASHBOARD_PAGE, INVOICES_PAGE)}) est la somme des totaux HT en euros "
                "des pièces émises de l'exercice."),
        section("Liste", table(["N°", "Date", "Client", "Type", "Total HT", "TVA", "Total TTC",
                                "Devise", "TTC en euros", "Statut", "Ligne"], rows,
                               right=[4, 5, 6, 8, 10])),
        source_line(invoices.sources, as_of),
    ))
    return Page(INVOICES_PAGE, INVOICES_TITLE, body, WIDE_PAGE)


# --- the hook ------------------------------------------------------------------------------

def sales_files(computed: Computed, issues: list[Issue]) -> list[Page | Asset]:
    """The sales pages of the management site, their charts and their explanations."""
    figures, as_of = computed.management, computed.as_of
    notes = SalesExplanations(figures, as_of)

    def guard(needs, path, title, build) -> list[Page | Asset]:
        return guarded(computed.failures, needs, path, title, as_of, build)

    files = [
        *guard(TURNOVER_FIGURES + ORDER_FIGURES + QUOTE_FIGURES, DASHBOARD_PAGE,
               DASHBOARD_TITLE, lambda: dashboard_files(figures, notes, as_of)),
        *guard(ORDER_FIGURES, ORDERS_PAGE, ORDERS_TITLE,
               lambda: [orders_page(figures, notes, as_of)]),
        *guard(QUOTE_FIGURES, QUOTES_PAGE, QUOTES_TITLE,
               lambda: quotes_files(figures, notes, as_of)),
        *guard(INVOICE_FIGURES, INVOICES_PAGE, INVOICES_TITLE,
               lambda: [invoices_page(figures, as_of)]),
    ]
    return files + notes.files()
