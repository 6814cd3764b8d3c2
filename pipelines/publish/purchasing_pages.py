"""The purchasing pages of the management site: supplier orders and invoices, the
three-way match (and, later, the supplier payment schedule).

Section « Achats » (`PURCHASING_NAV`), one entry per page of `PAGES`:

- « Commandes fournisseurs » (`ORDERS_PAGE`): the open orders and what remains to receive,
  the late ones (a supplier failure), the delivery delays of each supplier;
- « Factures fournisseurs » (`INVOICES_PAGE`): the register of supplier invoices and
  credit notes with their totals, VAT case and status, and the VAT by case (French VAT,
  self-assessed on intra-EU acquisitions, import VAT);
- « Anomalies de rapprochement » (`ANOMALIES_PAGE`): each difference between an invoice
  line, its order, its receipts and the price list, with the amount at stake: the list
  to send to the manager (2.1.2).

A page is a `PurchasingPage` (path, title, the figures it needs, its builder): another
page joins the section by adding one to `PAGES`. Every workbook text is escaped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import polars as pl

from pipelines.compute.figures import Computed, Figure
from pipelines.french import long_date, money, number, plural, short_date
from pipelines.issues import Issue
from pipelines.markdown import md, table
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

PURCHASING_DIR = "gestion/achats"
ORDERS_PAGE = f"{PURCHASING_DIR}/commandes.md"
INVOICES_PAGE = f"{PURCHASING_DIR}/factures.md"
ANOMALIES_PAGE = f"{PURCHASING_DIR}/rapprochement.md"
ORDERS_TITLE = "Commandes fournisseurs"
INVOICES_TITLE = "Factures fournisseurs"
ANOMALIES_TITLE = "Anomalies de rapprochement"

Figures = dict[str, Figure]


@dataclass(frozen=True)
class PurchasingPage:
    path: str
    title: str
    needs: tuple[str, ...]  # the figures without which the page says what is missing
    build: Callable[[Figures, list[Issue], date], Page]


def _money(value, currency: str | None = "EUR") -> str:
    return "—" if value is None else money(value, currency or "EUR")


def _text(value) -> str:
    return "—" if value is None else md(str(value))


def _supplier(row: dict) -> str:
    name = row.get("raison_sociale")
    return md(f"{row['code_fournisseur']} {name}" if name else str(row["code_fournisseur"]))


# --- orders -----------------------------------------------------------------------------------

def orders_page(figures: Figures, issues: list[Issue], as_of: date) -> Page:
    open_lines = figures["commandes_fournisseurs_en_cours"].frame
    late = figures["commandes_fournisseurs_en_retard"].frame
    delays = figures.get("retards_fournisseurs")
    rows = [[md(r["numero_commande"]), _supplier(r), short_date(r["date_commande"]),
             short_date(r["date_livraison_prevue"]), md(r["statut"]),
             _text(r["designation"]), number(r["quantite"]), number(r["quantite_recue"]),
             number(r["reste_attendu"]), _money(r["valeur_reste_ht"], r["devise"]),
             f"**{r['jours_de_retard']} j**" if r["en_retard"] else "non"]
            for r in open_lines.iter_rows(named=True)]
    late_rows = [[md(r["numero_commande"]), _supplier(r), short_date(r["date_livraison_prevue"]),
                  str(r["jours_de_retard"]), str(r["lignes"]),
                  _money(r["valeur_reste_ht"], r["devise"])]
                 for r in late.iter_rows(named=True)]
    parts = [
        f"# {ORDERS_TITLE}",
        f"Au {long_date(as_of)} : {plural(open_lines.height, 'ligne')} de commande à recevoir, "
        f"{plural(late.height, 'commande')} en retard.",
        section("Commandes en retard (défaillance du fournisseur)",
                table(["Commande", "Fournisseur", "Prévue le", "Retard (jours)", "Lignes",
                       "Reste HT"], late_rows, right=[3, 4, 5])
                if late_rows else "Aucune commande en retard."),
        section("Commandes en cours : reste à recevoir",
                "Reçu = quantité acceptée ; les unités refusées ou endommagées attendent un "
                "avoir ou un remplacement et ne comptent pas dans le reste.",
                table(["Commande", "Fournisseur", "Date", "Prévue le", "Statut", "Désignation",
                       "Commandé", "Reçu", "Reste", "Reste HT", "Retard"], rows,
                      right=[6, 7, 8, 9]) if rows else "Aucune commande en cours."),
    ]
    if delays is not None:
        delay_rows = [[_supplier(r), str(r["receptions"]), str(r["receptions_en_retard"]),
                       "—" if r["retard_moyen_jours"] is None else number(r["retard_moyen_jours"]),
                       str(r["retard_maximal_jours"])]
                      for r in delays.frame.iter_rows(named=True)]
        parts.append(section("Retards de livraison par fournisseur",
                             "Réceptions arrivées après la date de livraison prévue de leur "
                             "commande.",
                             table(["Fournisseur", "Réceptions", "En retard",
                                    "Retard moyen (jours)", "Retard maximal (jours)"],
                                   delay_rows, right=[1, 2, 3, 4])))
    parts.append(source_line(sources_of(figures["commandes_fournisseurs_en_cours"],
                                      figures["commandes_fournisseurs_en_retard"], delays),
                             as_of))
    return Page(ORDERS_PAGE, ORDERS_TITLE, "\n\n".join(parts), WIDE_PAGE)


# --- invoices ---------------------------------------------------------------------------------

def invoices_page(figures: Figures, issues: list[Issue], as_of: date) -> Page:
    register = figures["factures_fournisseurs"].frame
    cases = figures["factures_fournisseurs_tva"].frame
    case_rows = [[md(r["cas_tva"]), str(r["pieces"]), _money(r["total_ht_eur"]),
                  _money(r["tva_facturee_eur"]), _money(r["tva_autoliquidee_eur"]),
                  _money(r["tva_importation_eur"]), _money(r["tva_deductible_eur"]),
                  _money(r["tva_non_deductible_sans_facture_eur"])]
                 for r in cases.iter_rows(named=True)]
    rows = [[md(r["numero_piece"]), md(r["type"]), _supplier(r), _text(r["numero_fournisseur"]),
             short_date(r["date_facture"]), short_date(r["date_echeance"]), md(r["cas_tva"]),
             _money(r["total_ht"], r["devise"]), _money(r["tva_facturee"], r["devise"]),
             _money(r["total_ttc"], r["devise"]), _money(r["total_ttc_eur"]),
             _money(r["tva_deductible_eur"]), _money(r["tva_non_deductible_sans_facture_eur"]),
             md(r["statut"]), "oui" if r["justificatif"] else "**manquant**"]
            for r in register.iter_rows(named=True)]
    invoices = register.filter(pl.col("type") == "facture").height
    body = "\n\n".join((
        f"# {INVOICES_TITLE}",
        f"Au {long_date(as_of)} : {plural(invoices, 'facture')} et "
        f"{plural(register.height - invoices, 'avoir')} reçus ; "
        f"{plural(register.filter(pl.col('statut') == 'en litige').height, 'pièce')} en "
        f"litige, {plural(register.filter(pl.col('justificatif').is_null()).height, 'pièce')} "
        "sans justificatif : sans l'original, la TVA n'est pas déductible (CGI art. 271 II-1 "
        "a) ; elle est retenue à part, colonne « TVA non déductible sans facture », "
        f"{_money(cases['tva_non_deductible_sans_facture_eur'].sum())} en tout, jusqu'à ce "
        "que l'original ou un duplicata soit classé.",
        section("TVA par cas",
                "France : TVA facturée par le fournisseur. Acquisition intracommunautaire : "
                "TVA autoliquidée (CGI art. 256 bis et 283-2), due et déductible. Importation : "
                "TVA de la déclaration en douane (CGI art. 1695), sinon calculée sur la valeur "
                "en euros.",
                table(["Cas de TVA", "Pièces", "HT (€)", "TVA facturée (€)",
                       "TVA autoliquidée (€)", "TVA à l'importation (€)", "TVA déductible (€)",
                       "TVA non déductible sans facture (€)"],
                      case_rows, right=[1, 2, 3, 4, 5, 6, 7])),
        section("Registre des factures et avoirs",
                "Montants dans la devise de la pièce, avoirs en négatif ; TTC calculé ligne "
                "par ligne.",
                table(["Pièce", "Type", "Fournisseur", "N° fournisseur", "Date", "Échéance",
                       "Cas de TVA", "HT", "TVA facturée", "TTC", "TTC (€)",
                       "TVA déductible (€)", "TVA non déductible sans facture (€)", "Statut",
                       "Justificatif"], rows, right=[7, 8, 9, 10, 11, 12])),
        source_line(sources_of(figures["factures_fournisseurs"],
                             figures["factures_fournisseurs_tva"]), as_of),
    ))
    return Page(INVOICES_PAGE, INVOICES_TITLE, body, WIDE_PAGE)


# --- three-way match --------------------------------------------------------------------------

def anomalies_page(figures: Figures, issues: list[Issue], as_of: date) -> Page:
    found = figures["ecarts_rapprochement"].frame
    summary = figures.get("ecarts_rapprochement_synthese")
    rows = [[_supplier(r), md(f"{r['numero_piece']} ({r['numero_fournisseur']})"),
             short_date(r["date_facture"]), str(r["ligne"]), _text(r["designation"]),
             md(r["nature"]), md(r["attendu"]), md(r["facture"]),
             _money(r["montant_ecart_ht"], r["devise"]), _text(r["receptions"]),
             md(r["statut"])]
            for r in found.iter_rows(named=True)]
    parts = [
        f"# {ANOMALIES_TITLE}",
        f"Au {long_date(as_of)} : {plural(found.height, 'écart')} entre les factures "
        "fournisseurs, les commandes, les réceptions et les tarifs. Chaque ligne est à "
        "transmettre au responsable pour réclamation auprès du fournisseur (avoir à "
        "demander, facture à contester) ; le montant est l'écart HT dans la devise de la "
        "facture. Les lettres de réclamation, une par facture, s'impriment avec la commande "
        "`agora documents --type reclamations`.",
    ]
    if summary is not None and summary.frame.height:
        parts.append(section("Par nature", table(
            ["Nature", "Devise", "Écarts", "Montant HT"],
            [[md(r["nature"]), md(r["devise"]), str(r["ecarts"]),
              _money(r["montant_ecart_ht"], r["devise"])]
             for r in summary.frame.iter_rows(named=True)], right=[2, 3])))
    parts.append(section(
        "À transmettre au responsable",
        table(["Fournisseur", "Facture", "Date", "Ligne", "Désignation", "Nature", "Attendu",
               "Facturé", "Écart HT", "Réceptions", "Statut"], rows, right=[3, 8])
        if rows else "Aucun écart : chaque ligne facturée est commandée, reçue et au bon "
                     "prix."))
    if rows:
        parts.append(section("Détail des lignes concernées", "\n".join(
            f"- {md(r['numero_piece'])} ligne {r['ligne']} : {md(r['detail'])}"
            for r in found.iter_rows(named=True))))
    parts.append(source_line(sources_of(figures["ecarts_rapprochement"], summary), as_of))
    return Page(ANOMALIES_PAGE, ANOMALIES_TITLE, "\n\n".join(parts), WIDE_PAGE)


PAGES: tuple[PurchasingPage, ...] = (
    PurchasingPage(ORDERS_PAGE, ORDERS_TITLE,
                   ("commandes_fournisseurs_en_cours", "commandes_fournisseurs_en_retard"),
                   orders_page),
    PurchasingPage(INVOICES_PAGE, INVOICES_TITLE,
                   ("factures_fournisseurs", "factures_fournisseurs_tva"), invoices_page),
    PurchasingPage(ANOMALIES_PAGE, ANOMALIES_TITLE, ("ecarts_rapprochement",), anomalies_page),
)

PURCHASING_NAV: list[dict] = [{"Achats": [{page.title: page.path} for page in PAGES]}]


def _missing_page(page: PurchasingPage) -> Page:
    return missing_page(page.path, page.title, "Achats (classeur achats.xlsx)")


def purchasing_files(computed: Computed, issues: list[Issue]) -> list[Page | Asset]:
    """The management pages."""
    figures, as_of = computed.management, computed.as_of
    files: list[Page | Asset] = []
    for page in PAGES:
        def built(page: PurchasingPage = page) -> list[Page | Asset]:
            if not all(name in figures for name in page.needs):
                return [_missing_page(page)]
            return [page.build(figures, issues, as_of)]
        files.extend(guarded(computed.failures, page.needs, page.path, page.title, as_of,
                             built))
    return files
