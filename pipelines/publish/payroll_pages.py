"""The payroll page of the management site, « Paie »: aggregates only.

Pay is personal: the page shows no name, no matricule and no one's amount. It shows, by
month, the payslips, gross pay, contributions, reductions, net paid and employer cost
(with a chart), the same by service (a group of fewer than 3 employees left empty, and
one that would reveal it by difference), the contributions by collecting body with
their due date, and says that the month's accounting entries balance (they are published
as site data, ``site_data/gestion/paie_ecritures.csv``, for the accounting module).
Individual payslips are printed outside the sites, by ``agora paie documents``.

Built purely from the figures of `payroll_specs`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from pipelines.compute.figures import Computed, Figure
from pipelines.compute.payroll.model import ZERO
from pipelines.compute.payroll_specs import MIN_GROUP
from pipelines.french import money, month_label, plural, short_date
from pipelines.markdown import md, table
from pipelines.publish.charts import stacked_bars
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

PAYROLL_DIR = "gestion/paie"
PAYROLL_PAGE = f"{PAYROLL_DIR}/index.md"
PAYROLL_CHART = "gestion/graphiques/paie-par-mois.svg"
PAYROLL_TITLE = "Paie"
PAYROLL_NAV: list[dict] = [{PAYROLL_TITLE: PAYROLL_PAGE}]
PAYROLL_FIGURES = ("paie_par_mois", "paie_par_service", "paie_par_organisme", "paie_ecritures")
ENTRIES_DATA = "site_data/gestion/paie_ecritures.csv"

INTRODUCTION = (
    "Chiffres d'ensemble de la paie, calculés à partir des classeurs de paie, du personnel "
    "et des temps. La paie de chacun est une donnée personnelle : cette page ne donne aucun "
    "nom, aucun matricule ni aucun montant d'un salarié, et ne publie pas un groupe de moins "
    f"de {MIN_GROUP} salariés. Les bulletins de paie, le livre de paie et les virements des "
    "salaires s'impriment hors des sites, dans un dossier privé, avec la commande "
    "`agora paie documents` ; la question d'un salarié sur une ligne de son bulletin trouve "
    "sa réponse avec `agora paie expliquer MATRICULE MOIS --ligne CODE`, sur le poste de la "
    "personne chargée de la paie."
)
MONTH_RULE = (
    "Cotisations patronales : ce que l'employeur doit aux organismes, allègements déduits "
    "(réduction générale dégressive, déduction sur heures supplémentaires) ; ces allègements "
    "sont rappelés à part. Coût employeur : salaire brut, cotisations patronales et "
    "contributions de l'employeur (titres-restaurant, transport)."
)
SERVICE_RULE = (
    f"Un service qui a payé moins de {MIN_GROUP} salariés dans le mois n'est pas publié : "
    "ses cellules restent vides. Quand un seul service est ainsi masqué dans un mois (ou "
    f"que les services masqués font ensemble moins de {MIN_GROUP} salariés), le total du "
    "mois moins les autres services le révélerait : le plus petit des services publiés est "
    "alors masqué aussi, et sa ligne le dit."
)
BODY_RULE = (
    "Ce que la paie du mois doit à chaque organisme, déclaré et payé par la DSN, à "
    "l'échéance du mois suivant (le 15 en dessous de 50 salariés, le 5 au-delà) : URSSAF "
    "(sécurité sociale, chômage, CSG/CRDS…), Agirc-Arrco (retraite complémentaire), "
    "mutuelle et prévoyance, et la DGFiP pour l'impôt prélevé à la source. Un organisme qui "
    f"concerne moins de {MIN_GROUP} salariés est regroupé dans « Autres organismes »."
)
ORIGIN = (
    "Chaque bulletin est calculé par Agora à partir de la feuille Variables de paie.xlsx "
    "(un salarié et un mois par ligne), du contrat en vigueur dans le mois (personnel.xlsx › "
    "Contrats), des réglages de l'organisation (paie.xlsx › Reglages, ProtectionSociale), "
    "des régularisations et des pointages (temps.xlsx) ; les taux, plafonds et seuils "
    "légaux viennent des paramètres datés de pipelines/law/parameters/ (valeur en vigueur "
    "le 1er du mois). Les chiffres de cette page sont les sommes de ces bulletins."
)


def amount(value: Decimal | None) -> str:
    return "" if value is None else money(value)


def count(value: int | None) -> str:
    return "" if value is None else str(value)


MEASURE_HEADERS = ["Salariés payés", "Salaire brut", "Cotisations salariales",
                   "Cotisations patronales", "Allègements", "Net payé", "Coût employeur"]


def _measures(row: dict) -> list[str]:
    return [count(row["salaries_payes"]), amount(row["salaire_brut"]),
            amount(row["cotisations_salariales"]), amount(row["cotisations_patronales"]),
            amount(row["allegements"]), amount(row["net_paye"]), amount(row["cout_employeur"])]


def chart(months: Figure) -> Asset | None:
    rows = [row for row in months.frame.to_dicts() if row["publie"]]
    if not rows:
        return None
    labels = [month_label(row["mois"]) for row in rows]
    series = [
        ("Salaire brut", [whole_euros(row["salaire_brut"]) for row in rows]),
        ("Charges de l'employeur (coût employeur au-delà du brut)",
         [whole_euros(row["cout_employeur"] - row["salaire_brut"]) for row in rows]),
    ]
    return Asset(PAYROLL_CHART, stacked_bars(labels, series, "euros"))


def months_section(months: Figure) -> tuple[str, Asset | None]:
    frame = months.frame
    if frame.is_empty():
        return section("Par mois", "Aucune paie calculée."), None
    rows, totals = [], defaultdict(lambda: ZERO)
    for row in frame.to_dicts():
        rows.append([month_label(row["mois"]), *_measures(row),
                     md(row["mention"]) if row["mention"] else ""])
        if row["publie"]:
            for name in ("salaire_brut", "cotisations_salariales", "cotisations_patronales",
                         "allegements", "net_paye", "cout_employeur"):
                totals[name] += row[name]
    rows.append(["**Total**", "", *[f"**{money(totals[name])}**" for name in (
        "salaire_brut", "cotisations_salariales", "cotisations_patronales", "allegements",
        "net_paye", "cout_employeur")], ""])
    figure = chart(months)
    picture = (f"![Salaire brut et coût employeur par mois]"
               f"({relative_link(PAYROLL_CHART, PAYROLL_PAGE)})" if figure else "")
    return section(
        "Par mois",
        "Salaire brut et coût employeur par mois (la hauteur de chaque barre est le coût "
        "employeur ; sa partie basse, le salaire brut) :",
        picture,
        MONTH_RULE,
        table(["Mois", *MEASURE_HEADERS, "Mention"], rows, right=[1, 2, 3, 4, 5, 6, 7]),
    ), figure


def services_section(services: Figure) -> str:
    frame = services.frame
    if frame.is_empty():
        return section("Par service", "Aucune paie calculée.")
    rows = [[month_label(row["mois"]), md(row["service_libelle"]), *_measures(row),
             md(row["mention"]) if row["mention"] else ""] for row in frame.to_dicts()]
    hidden = frame.filter(~frame["publie"]).height
    return section(
        "Par service", SERVICE_RULE,
        f"{plural(hidden, 'ligne non publiée', 'lignes non publiées')} sur {frame.height}.",
        table(["Mois", "Service", *MEASURE_HEADERS, "Mention"], rows,
              right=[2, 3, 4, 5, 6, 7, 8]),
    )


def bodies_section(bodies: Figure) -> str:
    frame = bodies.frame
    if frame.is_empty():
        return section("Cotisations par organisme", "Aucune cotisation calculée.")
    rows = [[month_label(row["mois"]), md(row["organisme"]), count(row["salaries_payes"]),
             amount(row["part_salariale"]), amount(row["part_patronale"]),
             amount(row["total"]), short_date(row["echeance"]),
             md(row["mention"]) if row["mention"] else ""] for row in frame.to_dicts()]
    return section(
        "Cotisations par organisme", BODY_RULE,
        table(["Mois", "Organisme", "Salariés", "Part salariale", "Part patronale", "Total",
               "Échéance", "Mention"], rows, right=[2, 3, 4, 5]),
    )


def entries_section(entries: Figure) -> str:
    sums: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for row in entries.frame.to_dicts():
        sums[row["mois"]][0] += row["debit"]
        sums[row["mois"]][1] += row["credit"]
    unbalanced = [month for month, (debit, credit) in sums.items() if debit != credit]
    if not sums:
        verdict = ""
    elif unbalanced:
        verdict = f"**Écritures déséquilibrées** : {', '.join(map(month_label, unbalanced))}."
    else:
        verdict = (f"Chaque mois est équilibré : total des débits = total des crédits, au "
                   f"centime ({plural(len(sums), 'mois vérifié', 'mois vérifiés')}).")
    rows = [[month_label(month), money(debit), money(credit),
             "oui" if debit == credit else "**non**"]
            for month, (debit, credit) in sorted(sums.items())]
    return section(
        "Écritures comptables",
        "Les écritures de paie de chaque mois (journal PAIE : 6411 salaires, 645x charges "
        "sociales, 421 net à payer, 431 et 437 organismes sociaux, 4421 prélèvement à la "
        "source…) sont publiées en données pour le module comptable, pas en page : "
        f"`{ENTRIES_DATA}` (et `.json`). {verdict}".rstrip(),
        table(["Mois", "Total des débits", "Total des crédits", "Équilibré"], rows,
              right=[1, 2]) if rows else "Aucune écriture.",
    )


def payroll_files(figures: dict[str, Figure], as_of: date) -> list[Page | Asset]:
    monthly, picture = months_section(figures["paie_par_mois"])
    body = [
        f"# {PAYROLL_TITLE}",
        INTRODUCTION,
        monthly,
        services_section(figures["paie_par_service"]),
        bodies_section(figures["paie_par_organisme"]),
        entries_section(figures["paie_ecritures"]),
        section("D'où viennent ces chiffres", ORIGIN),
        source_line(sources_of(*[figures.get(name) for name in PAYROLL_FIGURES]), as_of),
    ]
    page = Page(PAYROLL_PAGE, PAYROLL_TITLE, "\n\n".join(b for b in body if b), WIDE_PAGE)
    return [page, picture] if picture is not None else [page]


def payroll_pages(computed: Computed) -> list[Page | Asset]:
    """The « Paie » page of the management site; a notice when its sheets are absent or
    its figures failed."""
    figures, as_of = computed.management, computed.as_of

    def built() -> list[Page | Asset]:
        if not all(name in figures for name in PAYROLL_FIGURES):
            return [missing_page(PAYROLL_PAGE, PAYROLL_TITLE,
                                 "Paie (paie.xlsx › Variables, Reglages ; personnel.xlsx)")]
        return payroll_files(figures, as_of)

    return guarded(computed.failures, PAYROLL_FIGURES, PAYROLL_PAGE, PAYROLL_TITLE, as_of,
                   built)


__all__ = ["PAYROLL_NAV", "PAYROLL_PAGE", "payroll_pages"]
