"""The figures of the commercial dashboard (turnover, margin, order book, quotes).

Every figure is computed at the as-of date (what is dated after it does not count): see
`sales_dashboard` (turnover and margin), `order_book` (order book, shipped not invoiced,
late deliveries) and `quotes` (conversion). What several figures share (the invoice
totals, the lines in euros, the order book, the quotes' last versions) is computed once
per dataset and as-of date (`_shared`, through `Dataset.derived`).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import polars as pl

from pipelines.compute import order_book, quotes, sales_dashboard
from pipelines.compute.parties import with_salesperson_name
from pipelines.compute.sales_invoices import invoice_totals_frame
from pipelines.compute.specs import Inputs, Spec
from pipelines.dataset import ROW_COLUMN

INVOICES = ("factures", "lignes_facture")
ORDERS = ("commandes", "lignes_commande")
DELIVERIES = ("livraisons", "lignes_livraison")
TURNOVER_USES = ("clients", "articles", "cours_change", "organisation")
ORDER_USES = (*DELIVERIES, *INVOICES, "clients")


def _shared(inputs: Inputs, key: str, build: Callable[[], object]):
    """The value of `build`, computed once for these inputs."""
    return inputs.dataset.derived(("ventes", key, inputs.as_of), build)


def start(inputs: Inputs):
    return sales_dashboard.period_start(inputs.as_of, inputs.financial_year_start)


def totals(inputs: Inputs) -> pl.DataFrame:
    return _shared(inputs, "totals", lambda: invoice_totals_frame(inputs.dataset))


def invoice_list(inputs: Inputs) -> pl.DataFrame:
    """Every invoice and credit note known on the as-of date, with its customer's name."""
    def build():
        known = sales_dashboard.known_invoices(totals(inputs), inputs.frame("factures"),
                                               inputs.as_of)
        return sales_dashboard.with_customer(known, inputs.frame("clients")).select(
            "numero_facture", "date_facture", "code_client", "raison_sociale", "type",
            "total_ht", "total_tva", "total_ttc", "devise", "taux_change", "total_ht_eur",
            "total_tva_eur", "total_ttc_eur", "escompte_ttc", "statut", ROW_COLUMN,
        ).sort(ROW_COLUMN)
    return _shared(inputs, "invoice_list", build)


def lines(inputs: Inputs) -> pl.DataFrame:
    return _shared(inputs, "lines", lambda: sales_dashboard.dashboard_lines(
        totals(inputs), inputs.frame("factures"), inputs.frame("lignes_facture"),
        inputs.frame("clients"), inputs.frame("articles"), inputs.as_of, start(inputs)))


def book(inputs: Inputs) -> pl.DataFrame:
    return _shared(inputs, "book", lambda: order_book.order_book(
        inputs.frame("commandes"), inputs.frame("lignes_commande"),
        inputs.frame("livraisons"), inputs.frame("lignes_livraison"),
        inputs.frame("factures"), inputs.frame("lignes_facture"), inputs.frame("clients"),
        inputs.as_of))


def shipped(inputs: Inputs) -> pl.DataFrame:
    return _shared(inputs, "shipped", lambda: order_book.shipped_not_invoiced(
        inputs.frame("commandes"), inputs.frame("lignes_commande"),
        inputs.frame("livraisons"), inputs.frame("lignes_livraison"),
        inputs.frame("factures"), inputs.frame("lignes_facture"), inputs.frame("clients"),
        inputs.as_of))


def last_quotes(inputs: Inputs) -> pl.DataFrame:
    def build():
        known = quotes.last_versions(inputs.frame("devis"), inputs.as_of)
        named = sales_dashboard.with_customer(known, inputs.frame("clients"))
        return with_salesperson_name(named, inputs.frame("salaries")).select(
            "numero_devis", "version", "versions", "date_premiere_version", "date_devis",
            "mois", "code_client", "raison_sociale", "date_validite", "statut",
            "statut_arrete", "commercial", "commercial_nom", ROW_COLUMN).sort(ROW_COLUMN)
    return _shared(inputs, "quotes", build)


def _all_present(inputs: Inputs, resources: tuple[str, ...]) -> bool:
    return all(inputs.frame(resource) is not None for resource in resources)


def _sum(frame: pl.DataFrame, column: str) -> Decimal:
    return frame[column].sum() if frame.height else Decimal(0)


SUMMARY_SCHEMA = {
    "debut_periode": pl.Date, "fin_periode": pl.Date,
    "chiffre_affaires": pl.Decimal(38, 2), "dernier_mois": pl.String,
    "ca_dernier_mois": pl.Decimal(38, 2), "ca_cout_connu": pl.Decimal(38, 2),
    "marge": pl.Decimal(38, 2), "couverture": pl.Decimal(38, 1),
    "taux_marge": pl.Decimal(38, 1), "carnet_commandes": pl.Decimal(38, 2),
    "lignes_a_livrer": pl.Int64, "commandes_en_retard": pl.Int64,
    "expedie_non_facture": pl.Decimal(38, 2), "devis_envoyes": pl.Int64,
    "devis_en_attente": pl.Int64, "taux_conversion": pl.Decimal(38, 1),
}


def summary(inputs: Inputs) -> pl.DataFrame:
    """The key figures of the dashboard, in one row (null when their sheets are absent)."""
    sales = lines(inputs)
    margin = sales_dashboard.margin_summary(sales).row(0, named=True)
    last_month = sales_dashboard.last_complete_month(inputs.as_of)
    row = {
        "debut_periode": start(inputs), "fin_periode": inputs.as_of,
        "chiffre_affaires": margin["chiffre_affaires"], "dernier_mois": last_month,
        "ca_dernier_mois": _sum(sales.filter(pl.col("mois") == last_month), "montant_ht_eur"),
        **{name: margin[name] for name in ("ca_cout_connu", "marge", "couverture",
                                            "taux_marge")},
        "carnet_commandes": None, "lignes_a_livrer": None, "commandes_en_retard": None,
        "expedie_non_facture": None, "devis_envoyes": None, "devis_en_attente": None,
        "taux_conversion": None,
    }
    if _all_present(inputs, ORDERS):
        remaining = book(inputs)
        row.update(carnet_commandes=_sum(remaining, "valeur_reste_ht"),
                   lignes_a_livrer=remaining.height,
                   commandes_en_retard=order_book.late_deliveries(remaining).height)
    if _all_present(inputs, ORDERS + DELIVERIES):
        row["expedie_non_facture"] = _sum(shipped(inputs), "valeur_ht")
    if _all_present(inputs, ("devis",)):
        counts = quotes.conversion_summary(last_quotes(inputs)).row(0, named=True)
        row.update(devis_envoyes=counts["envoyes"], devis_en_attente=counts["en_attente"],
                   taux_conversion=counts["taux_conversion"])
    return pl.DataFrame([row], schema=SUMMARY_SCHEMA, orient="row")


MONEY = ("total_ht", "total_tva", "total_ttc", "total_ht_eur", "total_tva_eur", "total_ttc_eur",
         "escompte_ttc", "montant_ht", "montant_ht_eur", "cout_ht", "marge_ht",
         "chiffre_affaires", "ca_cout_connu", "cout", "marge", "valeur_reste_ht", "valeur_ht",
         "carnet_commandes", "expedie_non_facture", "ca_dernier_mois", "prix_unitaire_ht")
TITLES = {
    "total_ht": "Total HT", "total_tva": "Total TVA", "total_ttc": "Total TTC",
    "taux_change": "Cours (unités pour 1 €)", "total_ht_eur": "Total HT en euros",
    "total_tva_eur": "Total TVA en euros", "total_ttc_eur": "Total TTC en euros",
    "escompte_ttc": "Escompte TTC", "raison_sociale": "Client", "zone": "Zone",
    "origine": "Origine", "famille": "Famille", "montant_ht": "Montant HT",
    "montant_ht_eur": "Montant HT en euros", "cout_ht": "Coût d'achat HT",
    "marge_ht": "Marge HT", "chiffre_affaires": "Chiffre d'affaires HT",
    "part": "Part (%)", "factures": "Factures", "avoirs": "Avoirs", "clients": "Clients",
    "ca_cout_connu": "Chiffre d'affaires au coût connu", "cout": "Coût d'achat",
    "marge": "Marge brute", "couverture": "Couverture du coût (%)",
    "taux_marge": "Taux de marge (%)", "quantite_livree": "Quantité livrée",
    "quantite_facturee": "Quantité facturée", "reste_a_livrer": "Reste à livrer",
    "valeur_reste_ht": "Valeur HT du reste", "en_retard": "En retard",
    "jours_de_retard": "Jours de retard", "lignes": "Lignes",
    "reste_a_facturer": "Reste à facturer", "valeur_ht": "Valeur HT",
    "versions": "Versions", "date_premiere_version": "Date de la première version",
    "statut_arrete": "Statut à la date d'arrêté", "envoyes": "Envoyés",
    "acceptes": "Acceptés", "refuses": "Refusés", "expires": "Expirés",
    "en_attente": "En attente", "brouillons": "Brouillons",
    "taux_conversion": "Taux de conversion (%)", "debut_periode": "Début de la période",
    "fin_periode": "Fin de la période", "dernier_mois": "Dernier mois",
    "ca_dernier_mois": "Chiffre d'affaires du dernier mois",
    "carnet_commandes": "Carnet de commandes HT", "lignes_a_livrer": "Lignes à livrer",
    "commandes_en_retard": "Commandes en retard",
    "expedie_non_facture": "Expédié non facturé HT", "devis_envoyes": "Devis envoyés",
    "devis_en_attente": "Devis en attente", "ligne_client": "Ligne du client (Clients)",
    "ligne_article": "Ligne de l'article (Articles)",
    "designation_article": "Désignation de l'article (Articles)",
}


def _spec(name: str, title: str, needs: tuple[str, ...], build: Callable[[Inputs], pl.DataFrame],
          uses: tuple[str, ...] = ()) -> Spec:
    return Spec(name, title, needs, build, uses, money=MONEY, titles=TITLES)


SALES_SPECS: tuple[Spec, ...] = (
    _spec("ventes_synthese", "Tableau de bord commercial : chiffres clés", INVOICES, summary,
          (*TURNOVER_USES, *ORDERS, *DELIVERIES, "devis", "salaries")),
    _spec("factures_et_avoirs", "Factures et avoirs", INVOICES, invoice_list,
          ("clients", "cours_change")),
    _spec("ca_factures", "Factures et avoirs du chiffre d'affaires de l'exercice", INVOICES,
          lambda i: sales_dashboard.turnover_invoice_list(
              totals(i), i.frame("factures"), i.frame("clients"), i.as_of, start(i)),
          TURNOVER_USES),
    _spec("ventes_lignes", "Lignes facturées en euros (chiffre d'affaires de l'exercice)",
          INVOICES, lines, TURNOVER_USES),
    _spec("ca_par_mois", "Chiffre d'affaires HT par mois", INVOICES,
          lambda i: sales_dashboard.turnover_by_month(lines(i), start(i), i.as_of),
          TURNOVER_USES),
    _spec("ca_par_client", "Chiffre d'affaires HT par client", INVOICES,
          lambda i: sales_dashboard.turnover_by_customer(lines(i)), TURNOVER_USES),
    _spec("ca_par_famille", "Chiffre d'affaires HT et marge par famille de produits",
          INVOICES, lambda i: sales_dashboard.turnover_by_family(lines(i)), TURNOVER_USES),
    _spec("ca_par_zone", "Chiffre d'affaires HT par zone", INVOICES,
          lambda i: sales_dashboard.turnover_by_zone(lines(i)), TURNOVER_USES),
    _spec("marge_synthese", "Marge brute là où le coût est connu", INVOICES,
          lambda i: sales_dashboard.margin_summary(lines(i)), TURNOVER_USES),
    _spec("marge_par_article", "Marge brute par article", INVOICES,
          lambda i: sales_dashboard.margin_by_article(lines(i)), TURNOVER_USES),
    _spec("carnet_commandes", "Carnet de commandes : reste à livrer", ORDERS, book,
          ORDER_USES),
    _spec("livraisons_en_retard", "Commandes en retard de livraison", ORDERS,
          lambda i: order_book.late_deliveries(book(i)), ORDER_USES),
    _spec("expedie_non_facture", "Expédié non facturé", ORDERS + DELIVERIES + INVOICES,
          shipped, ("clients",)),
    _spec("devis_suivi", "Devis : dernière version connue", ("devis",), last_quotes,
          ("clients", "salaries")),
    _spec("devis_synthese", "Conversion des devis", ("devis",),
          lambda i: quotes.conversion_summary(last_quotes(i)), ("clients", "salaries")),
    _spec("devis_par_mois", "Conversion des devis par mois", ("devis",),
          lambda i: quotes.conversion_by_month(last_quotes(i)), ("clients", "salaries")),
    _spec("devis_par_commercial", "Conversion des devis par commercial", ("devis",),
          lambda i: quotes.conversion_by_salesperson(last_quotes(i), i.frame("salaries")),
          ("clients", "salaries")),
)
