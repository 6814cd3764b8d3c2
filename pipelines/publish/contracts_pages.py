"""The contract pages: the register and the renewals (management site), the contacts staff
need (staff site, no amount).

Management site, section « Contrats » (`CONTRACTS_NAV`):

- « Registre des contrats » (`REGISTER_PAGE`): the key figures, the yearly cost by type
  (table and SVG chart) and by provider, and every contract with its state;
- « Échéances et préavis » (`CALENDAR_PAGE`): the renewal calendar by notice deadline,
  grouped by alert level (7, 30 and 90 days), with what to do;
- « Coût annuel » (`COSTS_PAGE`): the cost of each contract over the financial year, its
  tariff revisions applied from their date and prorated by day, with the total;
- « Équipements » (`EQUIPMENT_PAGE`): every equipment and the contracts that cover it;
- « Anomalies des contrats » (`ANOMALIES_PAGE`): redundant contracts, licences expired in
  use or over-used, equipment not covered, increases above the threshold, and the issues
  the validation found in the sheets of the contracts.

Staff site: « Contacts et dépannage » (`STAFF_PAGE`), from `computed.staff` only: whom to
call for what (copier, IT, alarm, vans…) and the instructions; never an amount.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import polars as pl

from pipelines.compute.contracts import ALERT_DAYS, OVERDUE
from pipelines.compute.figures import Computed, Figure
from pipelines.french import long_date, money, number, plural, short_date
from pipelines.issues import Issue, sort_issues
from pipelines.markdown import email_link, md, md_block, table
from pipelines.publish.charts import horizontal_bars
from pipelines.publish.explain import relative_link
from pipelines.publish.page import (
    WIDE_PAGE,
    Asset,
    Page,
    guarded,
    missing,
    missing_page,
    section,
    source_line,
    sources_of,
    whole_euros,
)

CONTRACTS_DIR = "gestion/contrats"
REGISTER_PAGE = f"{CONTRACTS_DIR}/index.md"
CALENDAR_PAGE = f"{CONTRACTS_DIR}/echeances.md"
COSTS_PAGE = f"{CONTRACTS_DIR}/couts.md"
EQUIPMENT_PAGE = f"{CONTRACTS_DIR}/equipements.md"
ANOMALIES_PAGE = f"{CONTRACTS_DIR}/anomalies.md"
COST_CHART = "gestion/graphiques/contrats-cout-par-type.svg"
STAFF_PAGE = "contacts-depannage.md"

REGISTER_TITLE = "Registre des contrats"
CALENDAR_TITLE = "Échéances et préavis"
COSTS_TITLE = "Coût annuel des contrats"
EQUIPMENT_TITLE = "Équipements et contrats"
ANOMALIES_TITLE = "Anomalies des contrats"
STAFF_TITLE = "Contacts et dépannage"

CONTRACTS_NAV: list[dict] = [{"Contrats": [
    {REGISTER_TITLE: REGISTER_PAGE},
    {CALENDAR_TITLE: CALENDAR_PAGE},
    {COSTS_TITLE: COSTS_PAGE},
    {EQUIPMENT_TITLE: EQUIPMENT_PAGE},
    {ANOMALIES_TITLE: ANOMALIES_PAGE},
]}]
CONTRACTS_STAFF_NAV: list[dict] = [{STAFF_TITLE: STAFF_PAGE}]

REGISTER_FIGURES = ("contrats_synthese", "contrats_registre", "contrats_couts_par_type",
                    "contrats_couts_par_prestataire")
CALENDAR_FIGURES = ("contrats_calendrier", "contrats_registre")
COSTS_FIGURES = ("contrats_couts",)
EQUIPMENT_FIGURES = ("equipements_couverture",)
ANOMALY_FIGURES = ("contrats_doublons", "contrats_licences")
OPTIONAL_FIGURES = ("contrats_revisions", "equipements_couverture")
STAFF_FIGURES = ("contrats_contacts",)
CONTRACT_SHEETS = frozenset({"Contrats", "RevisionsContrats", "Couvertures", "Equipements"})
CONTRACT_WORKBOOK = "moyens.xlsx"

TYPE_LABELS = {"maintenance": "Maintenance", "abonnement": "Abonnements",
               "licence": "Licences", "location": "Locations", "assurance": "Assurances"}
TYPE_SINGULAR = {"maintenance": "Maintenance", "abonnement": "Abonnement",
                 "licence": "Licence", "location": "Location", "assurance": "Assurance"}
LEVELS = ((OVERDUE, "Date limite dépassée", "danger"),
          *((f"{days} jours", f"Dans les {days} jours", kind) for days, kind in
            zip(sorted(ALERT_DAYS), ("danger", "warning", "note"))))
LATER = "Plus tard"
# what to do, by alert band (the overdue band holds contracts without tacit renewal only:
# a tacit one passes to its next period's deadline)
LEVEL_ADVICE = {
    OVERDUE: "La date limite est passée : renouvelez sans attendre ou prévoyez la suite "
             "avant l'échéance, le contrat s'arrête alors.",
    "7 jours": "Décidez maintenant : une résiliation doit partir (en recommandé) avant la "
               "date limite.",
    "30 jours": "À décider ce mois-ci : comparez avec d'autres offres, puis résiliez, "
                "renouvelez ou laissez reconduire.",
    "90 jours": "À préparer : faites le point sur l'usage et le prix, demandez des devis si "
                "besoin.",
}
REDUNDANCY_LIMITS = (
    "La détection lit les mots de la feuille Contrats : même objet (casse, accents et "
    "ponctuation ignorés), objets proches d'un même type chez un même prestataire (au moins "
    "deux mots principaux en commun, ou tous ceux de l'objet le plus court ; un mot principal "
    "a au moins quatre lettres et n'est pas un mot courant comme « pour » ou « avec »), ou un "
    "même équipement couvert par deux contrats du même type. Elle ne voit pas deux contrats "
    "libellés autrement pour le même service (« Stockage en ligne » et « Sauvegarde "
    "distante »), ni le même service pris chez deux prestataires : relisez le registre par "
    "type. Un objet proche n'est pas forcément un doublon (une extension de contrat, par "
    "exemple) : vérifiez avant de résilier.")
COST_RULE = (
    "Coût de l'exercice : pour chaque jour où le contrat court pendant l'exercice, le coût "
    "annuel HT en vigueur ce jour-là (celui du contrat, puis celui de chaque révision à "
    "partir de sa date d'effet) divisé par le nombre de jours de l'année ; la somme exacte "
    "est arrondie au centime (au demi supérieur) une fois par contrat. Un contrat résilié ou "
    "échu ne compte que jusqu'à sa fin ; un contrat à reconduction tacite court jusqu'à la "
    "fin de l'exercice.")


# --- helpers ----------------------------------------------------------------------------------


def amount(value: Decimal | None) -> str:
    return "—" if value is None else money(value)


def label(value) -> str:
    text = "" if value is None else str(value)
    return md(text[:1].upper() + text[1:]) if text else "—"


def provider(row: dict) -> str:
    name = row.get("fournisseur")
    code = md(row.get("code_fournisseur") or "—")
    return f"{code} {md(name)}" if name else code


def days_left(value: int | None) -> str:
    if value is None:
        return "—"
    if value < 0:
        return f"dépassée de {plural(-value, 'jour')}"
    return "aujourd'hui" if value == 0 else plural(value, "jour")


def _total(frame: pl.DataFrame, column: str) -> Decimal:
    return sum((v for v in frame[column].to_list() if v is not None), Decimal(0))


# --- register ---------------------------------------------------------------------------------

def _key_figures(summary: dict) -> str:
    lines = [
        f"- **{plural(summary['contrats'], 'contrat')}** au registre, dont "
        f"{summary['en_vigueur_nombre']} en vigueur ;",
        f"- coût de l'exercice : **{amount(summary['cout_exercice_total'])} HT** ; coût annuel "
        f"actuel des contrats en vigueur : {amount(summary['cout_annuel_actuel_total'])} HT ;",
        f"- dates limites de préavis : {_passed(summary['alertes_depassees'])}, "
        f"{summary['alertes_7']} dans les 7 jours, "
        f"{summary['alertes_30']} dans les 30 jours, {summary['alertes_90']} dans les 90 jours "
        f"([{CALENDAR_TITLE.lower()}]({relative_link(CALENDAR_PAGE, REGISTER_PAGE)})) ;",
        f"- anomalies : {plural(summary['doublons'], 'contrat')} en doublon, "
        f"{plural(summary['licences_expirees'], 'licence expirée', 'licences expirées')} "
        f"encore utilisée{'s' if summary['licences_expirees'] > 1 else ''}, "
        f"{plural(summary['licences_depassees'], 'contrat')} aux licences dépassées, "
        f"{plural(summary['equipements_non_couverts'], 'équipement')} sans contrat, "
        f"{plural(summary['hausses'], 'hausse')} au-delà du seuil "
        f"([{ANOMALIES_TITLE.lower()}]({relative_link(ANOMALIES_PAGE, REGISTER_PAGE)})).",
    ]
    return "\n".join(lines)


def _passed(count: int) -> str:
    """« aucune dépassée », or « **2 dépassées** » (bold: something was missed)."""
    if not count:
        return "aucune dépassée"
    return f"**{plural(count, 'dépassée')}**"


def _by_type(by_type: Figure) -> tuple[str, Asset]:
    frame = by_type.frame
    rows = [[label(TYPE_LABELS.get(r["type"], r["type"])), str(r["contrats"]),
             amount(r["cout_exercice"])] for r in frame.to_dicts()]
    rows.append(["**Total**", f"**{sum(frame['contrats'].to_list())}**",
                 f"**{amount(_total(frame, 'cout_exercice'))}**"])
    chart = Asset(COST_CHART, horizontal_bars(
        [TYPE_LABELS.get(t, t or "—") for t in frame["type"].to_list()],
        [whole_euros(v or 0) for v in frame["cout_exercice"].to_list()], "euros",
        value_labels=[amount(v) for v in frame["cout_exercice"].to_list()]))
    link = relative_link(COST_CHART, REGISTER_PAGE)
    body = section("Coût de l'exercice par type",
                   f"![Coût de l'exercice par type de contrat]({link})",
                   table(["Type", "Contrats", "Coût de l'exercice HT"], rows, right=[1, 2]))
    return body, chart


def _by_provider(by_provider: Figure) -> str:
    frame = by_provider.frame
    rows = [[provider(r), str(r["contrats"]), amount(r["cout_exercice"])]
            for r in frame.to_dicts()]
    return section("Coût de l'exercice par prestataire",
                   table(["Prestataire", "Contrats", "Coût de l'exercice HT"], rows,
                         right=[1, 2]))


def _register_table(register: Figure) -> str:
    parts = []
    for kind, rows in register.frame.group_by("type", maintain_order=True):
        kind = kind[0]
        lines = [[
            md(r["numero_contrat"]), md(r["objet"]), provider(r),
            f"{short_date(r['debut_periode'])} – {short_date(r['echeance'])}",
            short_date(r["prochaine_limite"]) if r["prochaine_limite"] else "—",
            short_date(r["prochaine_echeance"]) if r["prochaine_echeance"] else "—",
            label(r["etat"]), amount(r["cout_annuel_actuel"]), amount(r["cout_exercice"]),
            md(r["responsable_nom"] or r["responsable"] or "—"),
        ] for r in rows.to_dicts()]
        parts.append(f"### {label(TYPE_LABELS.get(kind, kind))}")
        parts.append(table(["N°", "Objet", "Prestataire", "Période (en cours ou dernière)",
                            "Prochaine limite de préavis", "Échéance visée", "État",
                            "Coût annuel actuel HT", "Coût de l'exercice HT", "Suivi par"],
                           lines, right=[7, 8]))
    return section("Tous les contrats, par type",
                   "La prochaine limite de préavis est le dernier jour pour résilier (ou "
                   "renouveler) le contrat avant l'échéance visée ; quand le préavis de la "
                   "période en cours est passé, c'est celle d'une période suivante.", *parts)


def register_files(figures: dict[str, Figure], as_of: date) -> list[Page | Asset]:
    summary = figures["contrats_synthese"].frame.row(0, named=True)
    by_type, chart = _by_type(figures["contrats_couts_par_type"])
    body = "\n\n".join((
        f"# {REGISTER_TITLE}",
        f"Contrats de maintenance, abonnements, licences, locations et assurances au "
        f"{long_date(as_of)}.",
        _key_figures(summary),
        by_type,
        _by_provider(figures["contrats_couts_par_prestataire"]),
        _register_table(figures["contrats_registre"]),
        source_line(sources_of(*(figures[n] for n in REGISTER_FIGURES)), as_of),
    ))
    return [Page(REGISTER_PAGE, REGISTER_TITLE, body, WIDE_PAGE), chart]


# --- calendar ---------------------------------------------------------------------------------

def _calendar_rows(frame: pl.DataFrame) -> list[list[str]]:
    return [[
        f"**{short_date(r['prochaine_limite'])}**", days_left(r["jours_avant_limite"]),
        md(r["numero_contrat"]), md(r["objet"]), provider(r), md(r["reconduction"]),
        short_date(r["prochaine_echeance"]),
        short_date(r["reconduit_jusqu_au"]) if r["reconduit_jusqu_au"] else "—",
        md(r["action"]), md(r["responsable_nom"] or r["responsable"] or "—"),
    ] for r in frame.to_dicts()]


CALENDAR_HEADERS = ["Date limite", "Reste", "N°", "Objet", "Prestataire", "Reconduction",
                    "Échéance visée", "Reconduit jusqu'au", "Que faire", "Suivi par"]


def calendar_page(figures: dict[str, Figure], as_of: date) -> Page:
    calendar = figures["contrats_calendrier"].frame
    parts = [f"# {CALENDAR_TITLE}",
             f"Chaque contrat en vigueur ou à venir, par date limite de préavis (l'échéance "
             f"de la période moins le préavis) au {long_date(as_of)}. Alertes à "
             f"{', '.join(str(d) for d in sorted(ALERT_DAYS, reverse=True))} jours."]
    for level, title, kind in LEVELS:
        rows = calendar.filter(pl.col("niveau_alerte") == level)
        if rows.height == 0 and level == OVERDUE:
            continue
        notice = (f'!!! {kind} "{plural(rows.height, "contrat")}"\n\n    '
                  + (LEVEL_ADVICE[level] if rows.height
                     else "Aucune date limite à cet horizon."))
        parts.append(section(title, notice,
                             table(CALENDAR_HEADERS, _calendar_rows(rows)) if rows.height
                             else ""))
    later = calendar.filter(pl.col("niveau_alerte").is_null())
    parts.append(section(LATER, table(CALENDAR_HEADERS, _calendar_rows(later))
                         if later.height else "Aucun autre contrat."))
    register = figures["contrats_registre"].frame
    over = register.filter(pl.col("prochaine_limite").is_null())
    ended = [[md(r["numero_contrat"]), md(r["objet"]), provider(r), label(r["etat"]),
              short_date(r["date_fin"])] for r in over.to_dicts()]
    parts.append(section("Contrats résiliés ou échus",
                         table(["N°", "Objet", "Prestataire", "État", "Fin"], ended)
                         if ended else "Aucun."))
    parts.append(source_line(sources_of(*(figures[n] for n in CALENDAR_FIGURES)), as_of))
    return Page(CALENDAR_PAGE, CALENDAR_TITLE, "\n\n".join(parts), WIDE_PAGE)


# --- costs ------------------------------------------------------------------------------------

def _increase(row: dict) -> str:
    """« +3 % », or « **+12,5 %** (au-delà du seuil) »."""
    if row["hausse_pct"] is None:
        return "—"
    sign = "+" if row["hausse_pct"] >= 0 else ""
    text = f"{sign}{number(row['hausse_pct'])} %"
    return f"**{text}** (au-delà du seuil)" if row["au_dessus_seuil"] else text


def _revisions_section(revisions: Figure | None) -> str:
    if revisions is None:
        return section("Révisions de tarif", missing("RevisionsContrats"))
    frame = revisions.frame
    rows = [[
        md(r["numero_contrat"]), md(r["objet"]), short_date(r["date_effet"]),
        amount(r["cout_precedent"]), amount(r["cout_annuel_ht"]), _increase(r),
        md(r["motif"] or "—"),
    ] for r in frame.sort("date_effet", "numero_contrat").to_dicts()]
    threshold = frame["seuil_pct"][0] if frame.height else None
    intro = (f"Seuil de hausse de l'organisation : {number(threshold)} % (réglage "
             f"{md('seuil_hausse_tarif_pct')}, feuille Reglages)." if threshold is not None
             else "")
    return section("Révisions de tarif", intro,
                   table(["N°", "Objet", "En vigueur le", "Coût annuel précédent HT",
                          "Nouveau coût annuel HT", "Hausse", "Motif"], rows, right=[3, 4, 5])
                   if rows else "Aucune révision.")


def costs_page(figures: dict[str, Figure], as_of: date) -> Page:
    costs = figures["contrats_couts"].frame
    start, end = (costs["debut_exercice"][0], costs["fin_exercice"][0]) if costs.height else (
        None, None)
    rows = [[
        md(r["numero_contrat"]), md(r["objet"]),
        label(TYPE_SINGULAR.get(r["type"], r["type"])),
        provider(r), label(r["etat"]), amount(r["cout_annuel_initial"]),
        amount(r["cout_annuel_actuel"]), str(r["revisions"]), str(r["jours_exercice"]),
        amount(r["cout_exercice"]),
    ] for r in costs.sort("numero_contrat").to_dicts()]
    rows.append(["**Total**", "", "", "", "", "", "", "", "",
                 f"**{amount(_total(costs, 'cout_exercice'))}**"])
    body = "\n\n".join((
        f"# {COSTS_TITLE}",
        f"Exercice du {short_date(start)} au {short_date(end)}, au {long_date(as_of)}.",
        COST_RULE,
        section("Coût de chaque contrat sur l'exercice",
                table(["N°", "Objet", "Type", "Prestataire", "État", "Coût annuel initial HT",
                       "Coût annuel actuel HT", "Révisions", "Jours", "Coût de l'exercice HT"],
                      rows, right=[5, 6, 7, 8, 9])),
        _revisions_section(figures.get("contrats_revisions")),
        source_line(sources_of(figures["contrats_couts"], figures.get("contrats_revisions")),
                    as_of),
    ))
    return Page(COSTS_PAGE, COSTS_TITLE, body, WIDE_PAGE)


# --- equipment --------------------------------------------------------------------------------

def equipment_page(figures: dict[str, Figure], as_of: date) -> Page:
    equipment = figures["equipements_couverture"]
    rows = [[
        md(r["code_equipement"]), md(r["designation"]), md(r["categorie"] or "—"),
        md(r["emplacement"] or "—"), md(r["statut"]),
        "oui" if r["maintenance_requise"] else "non",
        md(r["contrats_couvrants"]) if r["contrats_couvrants"] else "—",
        "**à couvrir**" if r["requis"] and not r["couvert"] else (
            "couvert" if r["couvert"] else "—"),
    ] for r in equipment.frame.to_dicts()]
    body = "\n\n".join((
        f"# {EQUIPMENT_TITLE}",
        f"Chaque équipement et les contrats en vigueur au {long_date(as_of)} qui le couvrent "
        "(feuille Couvertures). Un équipement en service dont la maintenance est requise doit "
        "être couvert.",
        table(["Code", "Désignation", "Catégorie", "Emplacement", "Statut",
               "Maintenance requise", "Contrats en vigueur", "Couverture"], rows),
        source_line(equipment.sources, as_of),
    ))
    return Page(EQUIPMENT_PAGE, EQUIPMENT_TITLE, body, WIDE_PAGE)


# --- anomalies --------------------------------------------------------------------------------

def _redundant_section(redundant: Figure) -> str:
    rows = [[md(r["numero_contrat"]), md(r["objet"]), provider(r), md(r["motif_doublon"]),
             md(r["mots_communs"] or r["code_equipement"] or "—"), md(r["avec"]),
             short_date(r["prochaine_limite"]) if r["prochaine_limite"] else "—"]
            for r in redundant.frame.to_dicts()]
    return section("Contrats en doublon",
                   "Deux contrats en cours pour le même objet, pour des objets proches chez le "
                   "même prestataire, ou le même équipement couvert deux fois par des contrats "
                   "du même type : l'un des deux est peut-être payé pour rien. S'il fait "
                   "doublon, résiliez-le avant sa date limite de préavis.",
                   table(["N°", "Objet", "Prestataire", "Motif",
                          "Mots communs ou équipement", "Fait doublon avec",
                          "Date limite de préavis"], rows)
                   if rows else "Aucun.",
                   f'!!! info "Limites de la détection"\n\n    {REDUNDANCY_LIMITS}')


def _licences_section(licences: Figure) -> str:
    rows = [[md(r["numero_contrat"]), md(r["objet"]), provider(r), md(r["anomalie"]),
             label(r["etat"]), short_date(r["date_fin"]) if r["date_fin"] else "—",
             "—" if r["licences"] is None else str(r["licences"]),
             "—" if r["utilisateurs"] is None else str(r["utilisateurs"])]
            for r in licences.frame.to_dicts()]
    return section("Licences expirées encore utilisées ou dépassées",
                   table(["N°", "Objet", "Prestataire", "Anomalie", "État", "Fin",
                          "Licences", "Utilisateurs"], rows, right=[6, 7])
                   if rows else "Aucune.")


def _uncovered_section(equipment: Figure | None) -> str:
    if equipment is None:
        return section("Équipements sans contrat", missing("Equipements"))
    frame = equipment.frame.filter(pl.col("requis") & ~pl.col("couvert"))
    rows = [[md(r["code_equipement"]), md(r["designation"]), md(r["emplacement"] or "—"),
             md(r["dernier_contrat"] or "—"),
             short_date(r["fin_dernier_contrat"]) if r["fin_dernier_contrat"] else "—"]
            for r in frame.to_dicts()]
    return section("Équipements sans contrat",
                   "En service, maintenance requise, et aucun contrat en vigueur ne les couvre : "
                   "une panne ou une vérification ne serait pas prise en charge.",
                   table(["Code", "Désignation", "Emplacement", "Dernier contrat",
                          "Fin du dernier contrat"], rows) if rows else "Aucun.")


def _increases_section(revisions: Figure | None) -> str:
    if revisions is None:
        return section("Hausses de tarif au-delà du seuil", missing("RevisionsContrats"))
    frame = revisions.frame.filter(pl.col("au_dessus_seuil"))
    rows = [[md(r["numero_contrat"]), md(r["objet"]), short_date(r["date_effet"]),
             amount(r["cout_precedent"]), amount(r["cout_annuel_ht"]),
             _increase(r), md(r["motif"] or "—")]
            for r in frame.to_dicts()]
    return section("Hausses de tarif au-delà du seuil",
                   table(["N°", "Objet", "En vigueur le", "Ancien coût annuel HT",
                          "Nouveau coût annuel HT", "Hausse", "Motif"], rows, right=[3, 4, 5])
                   if rows else "Aucune.")


def contract_issues(issues: list[Issue]) -> list[Issue]:
    return sort_issues(i for i in issues if i.source.workbook == CONTRACT_WORKBOOK
                       and i.source.sheet in CONTRACT_SHEETS)


def _issues_section(issues: list[Issue]) -> str:
    found = contract_issues(issues)
    rows = [[i.severity.label, md(f"{i.source.sheet} › {i.source.cell or '—'}"), md(i.code),
             md(i.message)] for i in found]
    return section("Constats de la validation",
                   f"{plural(len(found), 'constat')} sur les feuilles des contrats et des "
                   "équipements (moyens.xlsx).",
                   table(["Gravité", "Cellule", "Code", "Détail"], rows) if rows else "")


def anomalies_page(figures: dict[str, Figure], issues: list[Issue], as_of: date) -> Page:
    body = "\n\n".join((
        f"# {ANOMALIES_TITLE}",
        f"Au {long_date(as_of)}.",
        _redundant_section(figures["contrats_doublons"]),
        _licences_section(figures["contrats_licences"]),
        _uncovered_section(figures.get("equipements_couverture")),
        _increases_section(figures.get("contrats_revisions")),
        _issues_section(issues),
        source_line(sources_of(*(figures.get(n) for n in (*ANOMALY_FIGURES,
                                                          *OPTIONAL_FIGURES))), as_of),
    ))
    return Page(ANOMALIES_PAGE, ANOMALIES_TITLE, body, WIDE_PAGE)


def contracts_files(computed: Computed, issues: list[Issue]) -> list[Page | Asset]:
    """The management pages."""
    figures, as_of = computed.management, computed.as_of

    def page(path: str, title: str, needs: tuple[str, ...], build) -> list[Page | Asset]:
        def built() -> list[Page | Asset]:
            if not all(name in figures for name in needs):
                return [_missing_contracts(path, title)]
            return build()
        return guarded(computed.failures, needs + OPTIONAL_FIGURES, path, title, as_of, built)

    return [
        *page(REGISTER_PAGE, REGISTER_TITLE, REGISTER_FIGURES,
              lambda: register_files(figures, as_of)),
        *page(CALENDAR_PAGE, CALENDAR_TITLE, CALENDAR_FIGURES,
              lambda: [calendar_page(figures, as_of)]),
        *page(COSTS_PAGE, COSTS_TITLE, COSTS_FIGURES, lambda: [costs_page(figures, as_of)]),
        *page(EQUIPMENT_PAGE, EQUIPMENT_TITLE, EQUIPMENT_FIGURES,
              lambda: [equipment_page(figures, as_of)]),
        *page(ANOMALIES_PAGE, ANOMALIES_TITLE, ANOMALY_FIGURES,
              lambda: [anomalies_page(figures, issues, as_of)]),
    ]


# --- staff ------------------------------------------------------------------------------------

def _contact_block(row: dict) -> str:
    facts = [f"- **Prestataire** : {md(row['fournisseur'] or '—')}"]
    if row["contact_nom"]:
        facts.append(f"- **Contact** : {md(row['contact_nom'])}")
    if row["contact_telephone"]:
        facts.append(f"- **Téléphone** : {md(row['contact_telephone'])}")
    if row["contact_email"]:
        facts.append(f"- **Courriel** : {email_link(row['contact_email'])}")
    if row["reference_contrat"]:
        facts.append(f"- **Référence à rappeler** : {md(row['reference_contrat'])}")
    if row["equipements"]:
        facts.append(f"- **Équipements** : {md(row['equipements'])}")
    parts = [f"## {md(row['objet'])}", "\n".join(facts)]
    if row["consignes"]:
        parts.append('!!! tip "Que faire"\n\n' + "\n".join(
            f"    {line}" if line else "" for line in md_block(row["consignes"]).split("\n")))
    return "\n\n".join(parts)


def staff_page(contacts: Figure, as_of: date) -> Page:
    frame = contacts.frame
    blocks = [_contact_block(row) for row in frame.to_dicts()]
    body = "\n\n".join((
        f"# {STAFF_TITLE}",
        f"Qui appeler en cas de panne ou de question, pour les contrats en cours au "
        f"{long_date(as_of)} : copieur, informatique, téléphonie, alarme, véhicules…",
        *(blocks or ["Aucun contrat à signaler au personnel."]),
        source_line(contacts.sources, as_of),
    ))
    return Page(STAFF_PAGE, STAFF_TITLE, body)


def contracts_staff_files(computed: Computed) -> list[Page | Asset]:
    """The staff pages, from `computed.staff` only."""
    contacts = computed.staff.get("contrats_contacts")

    def build() -> list[Page | Asset]:
        if contacts is None:
            return [missing_page(STAFF_PAGE, STAFF_TITLE, "Contrats (classeur moyens.xlsx)")]
        return [staff_page(contacts, computed.as_of)]

    return guarded(computed.failures, STAFF_FIGURES, STAFF_PAGE, STAFF_TITLE, computed.as_of,
                   build)


def _missing_contracts(path: str, title: str) -> Page:
    return missing_page(path, title, "Contrats (classeur moyens.xlsx)")
