"""« Anomalies des ventes »: the manager's anomaly report of the sales (1.3.2).

The validation's findings about the sales, grouped by kind: invoices that do not reconcile
with their order or delivery, unmatched payments and lettrage, credit notes, orders over
the credit limit and customers at risk, stock-outs on orders, urgent and late orders,
quotes and order changes, numbering, VAT and currencies of invoices, instalments and
dunning, then whatever else the sales workbook holds. Each finding shows its severity,
where it is (workbook › sheet › cell), its code (a link to the catalogue) and its message.

A kind takes its codes by name, wherever they are raised (the customer over its credit
limit is in the customer file), and by prefix for the findings of the sales workbook
(``reglement-…``), so that a new rule of the sales lands in its kind without editing this
page; a finding of the sales workbook that no kind claims goes to the last section.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Sequence

from pipelines.french import long_date, plural
from pipelines.issues import Issue, IssueType, Severity, SourceRef, sort_issues
from pipelines.markdown import md, slug, table
from pipelines.publish.page import WIDE_PAGE, Page, section, source_line

SALES_ANOMALIES_PAGE = "gestion/anomalies-ventes.md"
SALES_WORKBOOK = "ventes.xlsx"
HEADERS = ("Gravité", "Où", "Code", "Anomalie")


@dataclass(frozen=True)
class Kind:
    title: str  # French, the section's heading
    explanation: str  # French, what to do
    codes: tuple[str, ...] = ()  # claimed wherever they are raised
    prefixes: tuple[str, ...] = ()  # claimed in the sales workbook only


KINDS = (
    Kind("Factures qui ne concordent pas avec les commandes ou les livraisons",
         "Quantités facturées au-delà des quantités livrées, factures d'un autre client ou "
         "d'une commande annulée, livraisons au-delà de la commande : une facture émise se "
         "corrige par un avoir.",
         codes=("facture-quantite-non-livree", "facture-client-different-commande",
                "facture-livraison-autre-commande", "facture-commande-annulee",
                "livraison-quantite-superieure-commande", "livraison-commande-annulee")),
    Kind("Règlements et lettrage",
         "Règlements qui ne correspondent à aucune facture, lettrages qui dépassent le "
         "règlement ou la facture.",
         prefixes=("reglement-", "lettrage-")),
    Kind("Avoirs",
         "Avoirs qui dépassent ce que doit encore leur facture, qui ne citent pas de facture, "
         "retours sans avoir.",
         codes=("livraison-retournee-sans-avoir",), prefixes=("avoir-",)),
    Kind("Plafonds de crédit et clients à risque",
         "Commandes qui portent le client au-delà de son plafond, commandes de clients "
         "douteux ou bloqués, encours au-delà du plafond.",
         codes=("commande-plafond-depasse", "commande-client-bloque",
                "commande-client-douteux", "encours-depasse-plafond")),
    Kind("Ruptures de stock sur commande",
         "Lignes de commande que le stock disponible à la date de la commande ne couvrait "
         "pas, avec la quantité manquante.",
         codes=("commande-rupture-stock",)),
    Kind("Commandes urgentes et retards de livraison",
         "Commandes urgentes pas encore livrées, commandes et livraisons après la date "
         "souhaitée.",
         codes=("commande-urgente", "commande-en-retard", "livraison-en-retard")),
    Kind("Devis et modifications de commande",
         "Erreurs de devis (vente à perte, prix sous le tarif, dates), commandes d'un devis "
         "non accepté, expiré ou à d'autres prix, commandes modifiées après livraison.",
         codes=("commande-devis-non-accepte", "commande-devis-expire",
                "commande-devis-autre-client", "commande-prix-different-du-devis",
                "commande-modifiee-apres-livraison"),
         prefixes=("devis-",)),
    Kind("Numérotation, TVA et devises des factures",
         "Numéros manquants ou en double, dates à rebours, numéro de TVA du client absent "
         "d'une facture exonérée, facture en devise sans cours, factures émises modifiées.",
         prefixes=("facture-",)),
    Kind("Échéanciers et relances",
         "Échéanciers incohérents avec leur facture, relances pendant un litige.",
         prefixes=("echeancier-", "relance-")),
)
OTHERS = Kind("Autres anomalies du classeur des ventes",
              "Cellules vides, mal typées ou hors liste, références introuvables : à "
              "corriger dans le classeur des ventes.")


def kind_of(issue: Issue) -> Kind | None:
    """The kind of a finding: by its code, else by prefix in the sales workbook, else the
    other findings of the sales workbook; None when it is not about the sales."""
    for kind in KINDS:
        if issue.code in kind.codes:
            return kind
    if issue.source.workbook != SALES_WORKBOOK:
        return None
    for kind in KINDS:
        if kind.prefixes and issue.code.startswith(kind.prefixes):
            return kind
    return OTHERS


def sales_issues(issues: Sequence[Issue]) -> dict[Kind, list[Issue]]:
    """The sales findings by kind (in the order of KINDS, OTHERS last; empty kinds left
    out), blocking ones first, then in report order."""
    grouped: dict[Kind, list[Issue]] = {}
    for issue in sort_issues(issues):
        kind = kind_of(issue)
        if kind is not None:
            grouped.setdefault(kind, []).append(issue)
    order = {kind: index for index, kind in enumerate((*KINDS, OTHERS))}
    return {kind: sorted(found, key=lambda issue: not issue.blocking)
            for kind, found in sorted(grouped.items(), key=lambda item: order[item[0]])}


def _severity(issue: Issue) -> str:
    label = issue.severity.label
    return f"**{label}**" if issue.severity is Severity.BLOQUANT else label


def _summary(grouped: dict[Kind, list[Issue]], as_of: date) -> str:
    found = [issue for issues in grouped.values() for issue in issues]
    if not found:
        return (f"Aucune anomalie dans les ventes au {long_date(as_of)} : les factures "
                "concordent avec les commandes et les livraisons, chaque règlement a sa "
                "facture.")
    blocking = sum(1 for issue in found if issue.blocking)
    counts = table(("Nature", "Anomalies", "Bloquantes"), [
        [md(kind.title), str(len(issues)), str(sum(1 for issue in issues if issue.blocking))]
        for kind, issues in grouped.items()], right=(1, 2))
    return "\n\n".join((
        f"{plural(len(found), 'anomalie')} dans les ventes au {long_date(as_of)}, dont "
        f"{plural(blocking, 'bloquante') if blocking else 'aucune bloquante'}. Chacune "
        "désigne la cellule à corriger ; le "
        "[rapport de validation](rapport.md) les reprend avec toutes les autres.",
        counts,
    ))


def sales_anomalies_page(issues: Sequence[Issue], catalogue: Sequence[IssueType],
                         as_of: date) -> Page:
    """The manager's anomaly report of the sales, from the validation's findings."""
    documented = {issue_type.code for issue_type in catalogue}
    grouped = sales_issues(issues)

    def code_link(code: str) -> str:
        return f"[{md(code)}](anomalies.md#{slug(code)})" if code in documented else md(code)

    def row(issue: Issue) -> list[str]:
        return [_severity(issue), md(str(issue.source)), code_link(issue.code),
                md(issue.message)]

    sections = [section(md(kind.title), kind.explanation,
                        table(HEADERS, [row(issue) for issue in found]))
                for kind, found in grouped.items()]
    sheets = sorted({SourceRef(issue.source.workbook, issue.source.sheet)
                     for found in grouped.values() for issue in found},
                    key=lambda source: (source.workbook, source.sheet or ""))
    body = "\n\n".join(["# Anomalies des ventes", _summary(grouped, as_of), *sections,
                        source_line(sheets or [SourceRef(SALES_WORKBOOK)], as_of)])
    return Page(SALES_ANOMALIES_PAGE, "Anomalies des ventes", body, WIDE_PAGE)
