"""The organisation's choice of severities: the sheet « Gravites » of organisation.xlsx.

Each row names a code of the catalogue of issues and the severity that the organisation
gives it (bloquant or avertissement), with its reason. Only a code declared with
``adjustable=True`` may be set: an organisation rule such as an order over a customer's
credit limit or a doubtful customer. A legal obligation (the
numbering of invoices, a mandatory mention, a VAT number) keeps its severity.

A row naming an unknown or non-adjustable code changes nothing and is itself a blocking
issue at its cell: the organisation believes a rule is set that is not. The validate
stage applies the chosen severities to every issue it found, so the report, the sites and
the exit code of ``agora validate`` follow them; an issue that its rule raised at another
severity than the catalogue's keeps it (a draft invoice is only warned).
"""

from __future__ import annotations

import polars as pl

from pipelines.dataset import ROW_COLUMN, Dataset
from pipelines.issues import Issue, Severity, declared_type, define_issue_type, raise_issue

RESOURCE = "gravites"

UNKNOWN_CODE = define_issue_type(
    "gravite-code-inconnu",
    "Gravité d'un code d'anomalie inconnu",
    "La feuille Gravites nomme un code qui n'est pas dans le catalogue des anomalies : la "
    "gravité choisie ne s'applique à rien. Corrigez le code (la page « Catalogue des "
    "anomalies » ou la commande « agora codes » les listent) ou supprimez la ligne.",
    Severity.BLOQUANT,
)
NOT_ADJUSTABLE = define_issue_type(
    "gravite-non-ajustable",
    "Gravité non ajustable",
    "La gravité de ce code est fixée par Agora : il traduit une obligation légale ou une "
    "incohérence des enregistrements, que l'organisation ne peut pas rendre plus ou moins "
    "grave. Seuls les codes signalés « gravité ajustable » dans le catalogue des anomalies "
    "peuvent figurer dans la feuille Gravites : supprimez la ligne.",
    Severity.BLOQUANT,
)


def chosen_severities(dataset: Dataset) -> tuple[dict[str, Severity], list[Issue]]:
    """The severity chosen for each adjustable code, and the issues of the rows that
    cannot apply (the first row of a code counts; a duplicate is a key issue already)."""
    if RESOURCE not in dataset:
        return {}, []
    table = dataset[RESOURCE]
    severities = {severity.value: severity for severity in Severity}
    rows = (
        table.frame.filter(pl.col("code").is_not_null())
        .sort(ROW_COLUMN)
        .unique("code", keep="first", maintain_order=True)
    )
    chosen: dict[str, Severity] = {}
    issues: list[Issue] = []
    for row in rows.iter_rows(named=True):  # a handful of rows, one per code
        code = row["code"]
        issue_type = declared_type(code)
        source = table.source(row[ROW_COLUMN], "code")
        if issue_type is None:
            issues.append(raise_issue(
                UNKNOWN_CODE, source,
                f"le code « {code} » n'est pas dans le catalogue des anomalies"))
        elif not issue_type.adjustable:
            issues.append(raise_issue(
                NOT_ADJUSTABLE, source,
                f"la gravité de « {code} » ({issue_type.title}) est fixée : "
                f"{issue_type.severity.label.lower()}, quel que soit le choix de la feuille"))
        elif row["gravite"] in severities:
            chosen[code] = severities[row["gravite"]]
    return chosen, issues
