"""The supplier payment pages of the management site (situation 2.2.2):

- « Échéancier fournisseurs »: the open supplier invoices by due date (overdue, this week,
  the rest of this month, next month, later, each with its dates), the cash needed by
  week with its chart and the weeks beyond the weekly ceiling (what to postpone), the
  overdue invoices, the disputed invoices withheld on purpose, and the suppliers that are
  also customers (compensation possible of what is due both ways);
- « Paiements fournisseurs »: the anomalies of supplier payments first, then the payments
  and the documents they settle, and the payments selected for the SEPA transfer file.

Built purely from the figures of `supplier_payments_specs` and the issues; every workbook
text is escaped.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pipelines.compute.figures import Computed, Figure
from pipelines.compute.supplier_payments import BUCKETS, OVERDUE
from pipelines.french import money, plural, short_date
from pipelines.issues import Issue
from pipelines.markdown import md, table
from pipelines.publish.charts import vertical_bars
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
    whole_euros,
)

PAYMENTS_DIR = "gestion/paiements-fournisseurs"
SCHEDULE_PAGE = f"{PAYMENTS_DIR}/index.md"
PAYMENTS_PAGE = f"{PAYMENTS_DIR}/paiements.md"
CASH_CHART = "gestion/graphiques/tresorerie-fournisseurs.svg"
SCHEDULE_TITLE = "Échéancier fournisseurs"
PAYMENTS_TITLE = "Paiements fournisseurs"

SUPPLIER_PAYMENTS_NAV: list[dict] = [{"Paiements fournisseurs": [
    {SCHEDULE_TITLE: SCHEDULE_PAGE},
    {PAYMENTS_TITLE: PAYMENTS_PAGE},
]}]

SCHEDULE_FIGURES = ("paiements_fournisseurs_synthese", "echeancier_fournisseurs",
                    "echeancier_fournisseurs_tranches", "tresorerie_fournisseurs_semaines",
                    "factures_fournisseurs_en_litige")
PAYMENTS_FIGURES = ("reglements_fournisseurs_suivi",)
OPTIONAL_FIGURES = ("compensations_possibles", "tensions_tresorerie_fournisseurs")
ANOMALY_CODES = (
    "paiement-fournisseur-non-lettre", "paiement-fournisseur-montant-errone",
    "facture-fournisseur-payee-deux-fois", "lettrage-fournisseur-autre-fournisseur",
    "facture-en-litige-payee", "echeance-fournisseur-depassee",
    "paiement-fournisseur-prevu-en-retard", "delai-paiement-legal-depasse",
    "compensation-possible", "virement-sepa-ecarte", "tension-tresorerie-fournisseurs",
)
SCHEDULE_RULE = (
    "Reste à payer d'une facture fournisseur : son total TTC (calculé sur ses lignes), moins "
    "les paiements « payé » qui lui sont lettrés ; un avoir pas encore déduit compte en "
    "moins. L'échéance est la date d'échéance de la facture, sinon sa date plus le délai de "
    "paiement du fournisseur. Les factures « en litige » sont retenues volontairement et "
    "figurent à part."
)
CASH_RULE = (
    "Besoin de trésorerie d'une semaine (du lundi au dimanche) : les paiements « à payer » "
    "datés de cette semaine, plus la part des factures échues cette semaine qu'aucun "
    "paiement prévu ne couvre ; ce qui est déjà en retard compte dans la semaine en cours. "
    "Pour étaler une semaine trop chargée, changez la date d'un paiement « à payer » dans "
    "la feuille ReglementsFournisseurs."
)
CEILING_RULE = (
    "Plafond de décaissements : ce que l'organisation peut payer par semaine (réglage "
    "plafond_decaissements_hebdo de la feuille Reglages d'organisation.xlsx ; 0 ou absent : "
    "pas de plafond). Une semaine au-delà est une tension de trésorerie : les paiements "
    "proposés au report sont des paiements « à payer » de la semaine dont les factures "
    "échoient après elle, les plus gros d'abord, jusqu'à revenir sous le plafond."
)


def amount(value: Decimal | None, currency: str = "EUR") -> str:
    return "—" if value is None else money(value, currency or "EUR")


def _invoice_rows(frame, with_bucket: bool = False) -> list[list[str]]:
    rows = []
    for r in frame.to_dicts():
        row = [md(r["numero_piece"]), md(r["fournisseur"] or r["code_fournisseur"]),
               md(r["numero_fournisseur"]), short_date(r["date_facture"]),
               short_date(r["date_echeance"]),
               str(r["jours_retard"]) if r["jours_retard"] else "—",
               amount(r["reste_du"], r["devise"]), amount(r["reste_du_eur"]),
               amount(r["prevu"], r["devise"]) if r["prevu"] else "—"]
        rows.append(([md(r["tranche"])] if with_bucket else []) + row)
    return rows


def period(first: date | None, last: date | None) -> str:
    """The dates of a bucket, in French (« — » for an empty one)."""
    if first is None and last is not None:
        return f"jusqu'au {short_date(last)}"
    if last is None and first is not None:
        return f"à partir du {short_date(first)}"
    if first is None or last is None or first > last:
        return "— (aucun jour)"
    if first == last:
        return f"le {short_date(first)}"
    return f"du {short_date(first)} au {short_date(last)}"


INVOICE_HEADERS = ["Pièce", "Fournisseur", "N° fournisseur", "Date", "Échéance",
                   "Jours de retard", "Reste (devise)", "Reste", "Prévu (devise)"]


def buckets_section(buckets: Figure, summary: Figure) -> str:
    totals = summary.frame.row(0, named=True)
    rows = [[md(r["tranche"]), period(r.get("du"), r.get("au")), str(r["pieces"]),
             amount(r["montant_eur"])] for r in buckets.frame.to_dicts()]
    rows.append(["**Total**", "", str(sum(buckets.frame["pieces"].to_list())),
                 f"**{amount(totals['a_payer_total'])}**"])
    lines = [
        f"{SCHEDULE_RULE} Les tranches se suivent sans se recouvrir : « Ce mois-ci » est la "
        "fin du mois en cours après cette semaine, « Le mois prochain » le mois suivant "
        "après cette semaine.",
        table(["Tranche d'échéance", "Échéances", "Pièces", "À payer"], rows, right=[2, 3]),
        f"Paiements « à payer » enregistrés : "
        f"{plural(totals['paiements_prevus'], 'paiement')} pour "
        f"{amount(totals['paiements_prevus_eur'])}. En litige, retenu : "
        f"{amount(totals['en_litige'])}.",
    ]
    missing_totals = totals.get("pieces_sans_total") or 0
    if missing_totals:
        lines.append(
            f"{plural(missing_totals, 'pièce', 'pièces')} sans total calculable (une cellule "
            "vide dans ses lignes, signalée à la validation) : hors de l'échéancier tant "
            "qu'elle n'est pas complétée.")
    return section("À payer par échéance", *lines)


def tensions_part(tensions: Figure | None, ceiling) -> list[str]:
    if ceiling is None:
        return [CEILING_RULE]
    lines = [CEILING_RULE, f"Plafond retenu : {amount(ceiling)} par semaine."]
    frame = None if tensions is None else tensions.frame
    if frame is None or frame.is_empty():
        return lines + ["Aucune semaine au-delà du plafond."]
    rows = [[md(r["semaine"]), short_date(r["debut_semaine"]), amount(r["besoin_eur"]),
             f"**{amount(r['depassement_eur'])}**", md(r["a_reporter"] or "—"),
             amount(r["a_reporter_eur"]), "oui" if r["suffisant"] else "non"]
            for r in frame.to_dicts()]
    return lines + [
        f"**Tension de trésorerie** : {plural(frame.height, 'semaine')} au-delà du plafond.",
        table(["Semaine", "Lundi", "Besoin", "Au-delà du plafond", "Paiements à reporter",
               "Montant reportable", "Suffisant"], rows, right=[2, 3, 5])]


def cash_section(weeks: Figure, tensions: Figure | None = None) -> tuple[str, Asset | None]:
    frame = weeks.frame
    if frame.is_empty():
        return section("Besoin de trésorerie par semaine", "Rien à payer."), None
    ceiling = frame["plafond_eur"][0] if "plafond_eur" in frame.columns else None
    labels = [f"{r['semaine']} ({short_date(r['debut_semaine'])[:5]})" for r in frame.to_dicts()]
    chart = Asset(CASH_CHART, vertical_bars(
        labels, [whole_euros(v) for v in frame["besoin_eur"].to_list()], "euros",
        value_labels=[amount(v) for v in frame["besoin_eur"].to_list()]))
    peak = frame.sort("besoin_eur", descending=True).row(0, named=True)
    rows = [[md(r["semaine"]), short_date(r["debut_semaine"]),
             amount(r["paiements_prevus_eur"]), amount(r["echeances_non_planifiees_eur"]),
             f"**{amount(r['besoin_eur'])}**"]
            + ([amount(r["depassement_eur"]) if r["depassement_eur"] else "—"]
               if ceiling is not None else [])
            for r in frame.to_dicts()]
    headers = ["Semaine", "Lundi", "Paiements prévus", "Échéances sans paiement prévu",
               "Besoin"] + (["Au-delà du plafond"] if ceiling is not None else [])
    link = relative_link(CASH_CHART, SCHEDULE_PAGE)
    return section(
        "Besoin de trésorerie par semaine", CASH_RULE,
        f"![Besoin de trésorerie fournisseurs par semaine]({link})",
        f"Semaine la plus chargée : {md(peak['semaine'])}, {amount(peak['besoin_eur'])}.",
        *tensions_part(tensions, ceiling),
        table(headers, rows, right=[2, 3, 4, 5]),
    ), chart


def overdue_section(schedule: Figure) -> str:
    frame = schedule.frame.filter(schedule.frame["tranche"] == OVERDUE)
    if frame.is_empty():
        return section("Factures échues non payées", "Aucune facture échue non payée.")
    return section("Factures échues non payées",
                   f"{plural(frame.height, 'facture échue', 'factures échues')} à payer :",
                   table(INVOICE_HEADERS, _invoice_rows(frame), right=[5, 6, 7, 8]))


def schedule_table_section(schedule: Figure) -> str:
    frame = schedule.frame
    if frame.is_empty():
        return section("Toutes les échéances", "Aucune facture fournisseur à payer.")
    return section("Toutes les échéances",
                   table(["Tranche", *INVOICE_HEADERS], _invoice_rows(frame, True),
                         right=[6, 7, 8, 9]))


def disputed_section(disputed: Figure) -> str:
    frame = disputed.frame
    if frame.is_empty():
        return section("Factures en litige", "Aucune facture fournisseur en litige.")
    return section("Factures en litige",
                   "Retenues volontairement tant que la réclamation n'est pas réglée ; elles "
                   "ne comptent pas dans l'échéancier ni dans le besoin de trésorerie.",
                   table(INVOICE_HEADERS, _invoice_rows(frame), right=[5, 6, 7, 8]))


def compensation_section(found: Figure | None) -> str:
    if found is None:
        return ""
    frame = found.frame
    if frame.is_empty():
        return section("Compensation possible", "Aucun fournisseur client avec des sommes "
                       "échues et non contestées dans les deux sens.")
    rows = [[md(r["fournisseur"] or r["code_fournisseur"]), md(r["client_lie"]),
             md(r["client"] or "—"), amount(r["a_payer_eur"]),
             amount(r["a_payer_exigible_eur"]), amount(r["a_recevoir_eur"]),
             amount(r["a_recevoir_exigible_eur"]), f"**{amount(r['compensable_eur'])}**"]
            for r in frame.to_dicts()]
    return section("Compensation possible",
                   "Ces fournisseurs sont aussi nos clients. Seules des dettes certaines, "
                   "liquides et exigibles se compensent (Code civil, article 1347-1) : "
                   "les sommes échues et non contestées des deux côtés, à hauteur de la "
                   "plus petite. Les factures en litige ou pas encore échues attendent.",
                   table(["Fournisseur", "Client", "Raison sociale du client",
                          "Nous lui devons", "dont échu, non contesté", "Il nous doit",
                          "dont échu, hors litige", "Compensable dès maintenant"], rows,
                         right=[3, 4, 5, 6, 7]))


def schedule_files(figures: dict[str, Figure], as_of: date) -> list[Page | Asset]:
    cash, chart = cash_section(figures["tresorerie_fournisseurs_semaines"],
                               figures.get("tensions_tresorerie_fournisseurs"))
    body = [
        f"# {SCHEDULE_TITLE}",
        buckets_section(figures["echeancier_fournisseurs_tranches"],
                        figures["paiements_fournisseurs_synthese"]),
        cash,
        overdue_section(figures["echeancier_fournisseurs"]),
        disputed_section(figures["factures_fournisseurs_en_litige"]),
        compensation_section(figures.get("compensations_possibles")),
        schedule_table_section(figures["echeancier_fournisseurs"]),
        source_line(sources_of(*[figures.get(n) for n in SCHEDULE_FIGURES + OPTIONAL_FIGURES]),
                    as_of),
    ]
    page = Page(SCHEDULE_PAGE, SCHEDULE_TITLE, "\n\n".join(b for b in body if b), WIDE_PAGE)
    return [page, chart] if chart is not None else [page]


def payments_section(payments: Figure) -> str:
    frame = payments.frame
    if frame.is_empty():
        return section("Paiements", "Aucun paiement fournisseur enregistré.")
    rows = [[md(r["numero_reglement"]), short_date(r["date_reglement"]),
             md(r["fournisseur"] or r["code_fournisseur"]), md(r["mode"]), md(r["statut"]),
             "oui" if r["virement_sepa"] else "—", amount(r["montant"], r["devise"]),
             amount(r["montant_eur"]), md(r["pieces"] or "—"), md(r["etat"]),
             amount(r["ecart"], r["devise"]) if r["ecart"] else "—"]
            for r in frame.to_dicts()]
    to_pay = frame.filter(frame["statut"] == "à payer")
    return section(
        "Paiements et pièces réglées",
        f"{plural(frame.height, 'paiement')}, dont {plural(to_pay.height, 'paiement')} "
        "« à payer ». Un avoir lettré se déduit du paiement : le montant d'un paiement est "
        "la somme de ses factures moins ses avoirs.",
        table(["Paiement", "Date", "Fournisseur", "Mode", "Statut", "Virement SEPA",
               "Montant", "En euros", "Pièces", "Lettrage", "Écart"], rows, right=[6, 7, 10]))


def anomalies_section(issues: list[Issue]) -> str:
    found = [issue for issue in issues if issue.code in ANOMALY_CODES]
    if not found:
        return section("Anomalies", "Aucune anomalie sur les paiements fournisseurs.")
    rows = [[md(issue.code), md(str(issue.source)), md(issue.message)] for issue in found]
    return section("Anomalies", f"{plural(len(found), 'anomalie')} :",
                   table(["Code", "Cellule", "Constat"], rows))


def payments_page(figures: dict[str, Figure], issues: list[Issue], as_of: date) -> Page:
    body = [
        f"# {PAYMENTS_TITLE}",
        anomalies_section(issues),
        "Le fichier de virements SEPA des paiements choisis (colonne « Dans le fichier de "
        "virements » = oui) s'écrit hors du site avec la commande `agora virements` ; un "
        "paiement mal lettré, qui paie une facture en litige ou dont la référence dépasse "
        "140 caractères en est écarté (voir les anomalies).",
        payments_section(figures["reglements_fournisseurs_suivi"]),
        source_line(sources_of(*[figures.get(n) for n in PAYMENTS_FIGURES]), as_of),
    ]
    return Page(PAYMENTS_PAGE, PAYMENTS_TITLE, "\n\n".join(body), WIDE_PAGE)


def _missing_page(path: str, title: str) -> Page:
    return missing_page(path, title, "Achats (factures, paiements, lettrage)")


def supplier_payments_files(computed: Computed, issues: list[Issue]) -> list[Page | Asset]:
    """The two supplier payment pages of the management site."""
    figures, as_of = computed.management, computed.as_of

    def page(path: str, title: str, needs: tuple[str, ...], build) -> list[Page | Asset]:
        def built() -> list[Page | Asset]:
            if not all(name in figures for name in needs):
                return [_missing_page(path, title)]
            return build()
        return guarded(computed.failures, needs + OPTIONAL_FIGURES, path, title, as_of, built)

    return [
        *page(SCHEDULE_PAGE, SCHEDULE_TITLE, SCHEDULE_FIGURES,
              lambda: schedule_files(figures, as_of)),
        *page(PAYMENTS_PAGE, PAYMENTS_TITLE, PAYMENTS_FIGURES,
              lambda: [payments_page(figures, issues, as_of)]),
    ]


__all__ = ["BUCKETS", "SUPPLIER_PAYMENTS_NAV", "supplier_payments_files"]
