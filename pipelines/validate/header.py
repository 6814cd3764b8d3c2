"""The header row (row 1) against the schema's fields, as frictionless pairs them.

With ``fieldsMatch: exact`` (the default) labels pair with fields by position;
the other modes pair them by name and tolerate extra or missing columns.
The findings are frictionless's; the messages say what to do in French.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from pipelines.issues import Issue, Severity, SourceRef, column_letter, define_issue_type, raise_issue
from pipelines.load.source import Sheet
from pipelines.validate.package import FieldSpec, ResourceSpec
from pipelines.validate.scalars import as_openpyxl

MISSING_LABEL = define_issue_type(
    "colonne-manquante",
    "Colonne manquante",
    "Une colonne décrite par le schéma est absente de l'en-tête de la feuille.",
    Severity.BLOQUANT,
    frictionless="missing-label",
)
INCORRECT_LABEL = define_issue_type(
    "colonne-renommee",
    "Colonne renommée ou déplacée",
    "L'en-tête d'une colonne n'est pas le nom du champ attendu à cette place.",
    Severity.BLOQUANT,
    frictionless="incorrect-label",
)
EXTRA_LABEL = define_issue_type(
    "colonne-en-trop",
    "Colonne en trop",
    "La feuille a une colonne que le schéma ne décrit pas ; elle est ignorée.",
    Severity.AVERTISSEMENT,
    frictionless="extra-label",
)
DUPLICATE_LABEL = define_issue_type(
    "colonne-en-double",
    "Colonne en double",
    "Deux colonnes de l'en-tête portent le même nom.",
    Severity.BLOQUANT,
    frictionless="duplicate-label",
)
BLANK_LABEL = define_issue_type(
    "en-tete-vide",
    "En-tête vide",
    "Une colonne décrite par le schéma n'a pas de nom dans l'en-tête.",
    Severity.BLOQUANT,
    frictionless="blank-label",
)
UNMATCHED_HEADER = define_issue_type(
    "aucune-colonne-reconnue",
    "Aucune colonne reconnue",
    "Aucun en-tête de la feuille ne correspond à un champ du schéma.",
    Severity.BLOQUANT,
    frictionless="unmatched-header",
)
MERGED_HEADER = define_issue_type(
    "en-tete-fusionne",
    "En-tête fusionné",
    "Des cellules de l'en-tête sont fusionnées : chaque colonne doit avoir son propre nom.",
    Severity.BLOQUANT,
)
MERGED_CELLS = define_issue_type(
    "cellules-fusionnees",
    "Cellules fusionnées",
    "Des cellules de données sont fusionnées : seule la première porte la valeur.",
    Severity.AVERTISSEMENT,
)
EMPTY_SHEET = define_issue_type(
    "feuille-vide",
    "Feuille vide",
    "La feuille n'a ni en-tête ni données.",
    Severity.BLOQUANT,
    frictionless="source-error",
)


@dataclass
class Header:
    labels: list[str]
    columns: dict[str, int] = field(default_factory=dict)  # field name → 0-based column
    expected: list[int] = field(default_factory=list)  # every column read as data
    issues: list[Issue] = field(default_factory=list)


def read_labels(sheet: Sheet) -> list[str]:
    if not sheet.rows:
        return []
    return ["" if value is None else str(as_openpyxl(value)).strip() for value in sheet.rows[0]]


def check_header(sheet: Sheet, resource: ResourceSpec) -> Header:
    labels = read_labels(sheet)
    header = Header(labels)
    report = _Reporter(sheet, resource, header)
    report.merged_cells()
    if not labels:
        report.empty_sheet()
        return header
    if resource.schema.fields_match == "exact":
        _pair_by_position(report)
    else:
        _pair_by_name(report)
    return header


class _Reporter:
    """Builds the header's issues, each with its cell and the resource it belongs to."""

    def __init__(self, sheet: Sheet, resource: ResourceSpec, header: Header):
        self.sheet, self.resource, self.header = sheet, resource, header
        self.fields = resource.schema.fields

    def issue(self, issue_type, column: int | None, message: str, name: str | None = None, row: int = 1) -> None:
        letter = column_letter(column) if column is not None else None
        source = SourceRef(self.sheet.workbook, self.sheet.name, row, letter)
        extra = {"resource": self.resource.name, "field": name}
        self.header.issues.append(raise_issue(issue_type, source, message, **extra))

    def same(self, label: str, name: str) -> bool:
        if self.resource.header_case:
            return label == name
        return label.lower() == name.lower()

    def merged_cells(self) -> None:
        for (top, left), (bottom, right) in self.sheet.merged:
            area = f"{column_letter(left)}{top + 1}:{column_letter(right)}{bottom + 1}"
            if top == 0:
                self.issue(
                    MERGED_HEADER,
                    left,
                    f"les cellules {area} de l'en-tête sont fusionnées : défusionnez-les et "
                    "donnez à chaque colonne le nom de son champ",
                )
            else:
                self.issue(
                    MERGED_CELLS,
                    left,
                    f"les cellules {area} sont fusionnées : seule {column_letter(left)}{top + 1} "
                    "porte la valeur, les autres sont lues vides ; défusionnez-les",
                    row=top + 1,
                )

    def empty_sheet(self) -> None:
        self.issue(EMPTY_SHEET, None, "la feuille est vide : la ligne 1 doit porter les noms des colonnes", row=None)

    def missing(self, spec: FieldSpec, column: int | None, hint: str = "") -> None:
        where = f" : ajoutez-la en colonne {column_letter(column)}" if column is not None else ""
        self.issue(MISSING_LABEL, column, f"la colonne « {spec.label} » manque{where}{hint}", spec.name)

    def extra(self, column: int, label: str, hint: str = "") -> None:
        shown = f"« {label} »" if label else "sans nom"
        self.issue(
            EXTRA_LABEL,
            column,
            f"colonne {shown} en trop : le schéma ne la décrit pas, elle est ignorée{hint}",
            label,
        )


def _pair_by_position(report: _Reporter) -> None:
    header, fields = report.header, report.fields
    labels = header.labels
    for position, label in enumerate(labels):
        header.expected.append(position)
        if position < len(fields):
            header.columns[fields[position].name] = position
        else:
            report.extra(position, label)
    for offset, spec in enumerate(fields[len(labels) :]):
        report.missing(spec, len(labels) + offset)
    for position, (spec, label) in enumerate(zip(fields, labels)):
        if not label:
            report.issue(
                BLANK_LABEL,
                position,
                f"l'en-tête de la colonne est vide : écrivez « {spec.name} »",
                spec.name,
            )
        elif label in labels[:position]:
            first = column_letter(labels.index(label))
            report.issue(
                DUPLICATE_LABEL,
                position,
                f"l'en-tête « {label} » est déjà celui de la colonne {first} : "
                f"cette colonne doit s'appeler « {spec.name} »",
                spec.name,
            )
        elif not report.same(label, spec.name):
            report.issue(INCORRECT_LABEL, position, _rename_message(report, label, spec), spec.name)


def _rename_message(report: _Reporter, label: str, spec: FieldSpec) -> str:
    names = [other.name for other in report.fields]
    elsewhere = next((i for i, name in enumerate(names) if report.same(label, name)), None)
    if elsewhere is not None:
        return (
            f"la colonne porte l'en-tête « {label} » mais le modèle attend ici « {spec.name} » "
            f"(« {label} » va en colonne {column_letter(elsewhere)}) : remettez les colonnes "
            "dans l'ordre du modèle, sans en ajouter ni en retirer"
        )
    if spec.title and label.casefold() == spec.title.casefold():
        return f"l'en-tête « {label} » est le titre du champ : écrivez son nom « {spec.name} »"
    return f"l'en-tête « {label} » ne correspond pas au champ attendu : renommez la colonne en « {spec.name} »"


def _pair_by_name(report: _Reporter) -> None:
    header, resource = report.header, report.resource
    mode = resource.schema.fields_match
    key = (lambda name: name) if resource.header_case else str.lower
    by_key: dict[str, FieldSpec] = {}
    for spec in report.fields:
        by_key.setdefault(key(spec.name), spec)
    seen: dict[str, int] = {}
    for position, label in enumerate(header.labels):
        spec = by_key.get(key(label))
        if key(label) in seen:
            report.issue(
                DUPLICATE_LABEL,
                position,
                f"l'en-tête « {label} » est déjà celui de la colonne {column_letter(seen[key(label)])} : "
                "supprimez ou renommez l'une des deux",
                spec.name if spec else label,
            )
            continue
        seen[key(label)] = position
        header.expected.append(position)
        if spec is not None:
            header.columns[spec.name] = position
        elif mode not in ("subset", "partial"):
            report.extra(position, label, _closest(label, [s.name for s in report.fields if s.name not in header.columns]))
    if mode == "partial" and not header.columns:
        report.issue(UNMATCHED_HEADER, None, "aucun en-tête ne correspond à un champ du schéma")
    primary_key = set(resource.schema.primary_key)
    for spec in [s for s in report.fields if s.name not in header.columns]:
        required = spec.constraint("required") or spec.name in primary_key
        if mode in ("superset", "partial") and not required:
            continue
        report.missing(spec, None, _closest(spec.name, [label for label in header.labels if key(label) not in by_key]))


def _closest(word: str, candidates: list[str]) -> str:
    match = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f" (peut-être « {match[0]} » ?)" if match else ""
