"""« Expliquer » pages: the source rows and the rule behind a published figure.

Every figure of the management dashboards can be traced back to the rows it is made of.
Next to the figure, its page puts a link « expliquer »; it leads to a small page under
``gestion/explications/`` that says:

- the figure as published (``value``), and the computation in a French sentence
  (``rule``), with the Python function that makes it (``computation``);
- for each sheet that contributes, the rows that do: workbook › sheet, then one table
  row per Excel row (« Ligne » is the Excel row number, header = row 1), with the key
  columns of the row and, when asked, a total of some columns (that total is the figure,
  so that anyone can check the sum);
- the dated legal parameters the computation used, when it uses any: their name, the
  YAML file under ``pipelines/law/parameters/``, the value in force on the day used, its
  effective date and its reference (title and link);
- a link back to the page of the figure, and the source line of every page.

API
---

The simple case, one sheet (`explain` returns the page and the link to put next to the
figure)::

    from pipelines.publish.explain import explain

    page, link = explain(
        "ventes/ca-2026-03", "Chiffre d'affaires de mars 2026",
        "Somme des totaux HT en euros des factures et des avoirs (négatifs) datés de mars.",
        dataset_source,               # SourceRef of the sheet: Table.source() or Figure.sources[0]
        rows,                         # polars frame of the contributing rows, with `_ligne`
        columns={"numero_facture": "Facture", "total_ht_eur": "Total HT (€)"},
        money=("total_ht_eur",), total=("total_ht_eur",),
        value=money(amount), as_of=as_of,
        from_path="gestion/ventes/tableau-de-bord.md", back_title="Tableau de bord commercial",
    )
    body += f"Chiffre d'affaires : {money(amount)} ({link})"
    files.append(page)

Several sheets, or legal parameters: build an `Explanation` of `Rows` and
`ParameterUse`, then `explanation_page(explanation, as_of)` and
`explain_link(explanation.id, from_path)`::

    Explanation(
        id="encours/penalites-c0007", title="Pénalités de retard de C0007",
        rule="Taux BCE du semestre + 10 points, au prorata des jours de retard.",
        rows=(Rows(factures_source, invoices, {"numero_facture": "Facture", ...}),
              Rows(reglements_source, payments, {...})),
        parameters=(ParameterUse("factures.taux_bce_refinancement", date(2026, 7, 1)),
                    ParameterUse("factures.penalites_retard_majoration", date(2026, 7, 1))),
        value=money(total), computation="pipelines.compute.receivables.penalties",
        back=("Encours clients", "gestion/encours.md"),
    )

Conventions:

- ``id`` is a path of slugs (``a-z 0-9 -``, parts separated by ``/``); the page is
  ``gestion/explications/<id>.md``. Build ids with `pipelines.markdown.slug` from
  workbook values (``f"ventes/client-{slug(code)}"``); a malformed id is broken code
  (``ValueError``).
- ``title`` is plain text, escaped here (it may quote a workbook value); ``rule``,
  ``notes``, ``value`` and column titles are ours (French, Markdown allowed); every cell
  value comes from a workbook and is escaped here. Amounts (``money``) are formatted in
  euros, dates in the short French form, numbers the French way; ``Explanation.sources``
  adds sheets to the source line when ``rows`` do not name them (a figure explained by
  other explanations, linked in ``notes``).
- Keep pages small: one page per group a reader checks (a month of turnover, a
  customer), not one per row; `Rows.limit` caps a table (the rest is counted, not shown).
- The explanation pages are not in the navigation: they are reached from their figure.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from pipelines.dataset import ROW_COLUMN
from pipelines.french import long_date, number, yes_no
from pipelines.issues import SourceRef
from pipelines.law import Parameters, parameters
from pipelines.markdown import md, table
from pipelines.publish.page import WIDE_PAGE, Page, source_line

EXPLAIN_DIR = "gestion/explications"
CENT = Decimal("0.01")
NARROW_SPACE = "\u202f"
EXPLANATION_META = {**WIDE_PAGE, "search": {"exclude": True}}  # wide tables, not searched
LINK_LABEL = "expliquer"
PARAMETERS_FOLDER = "pipelines/law/parameters"
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*$")


@dataclass(frozen=True)
class Rows:
    """The rows of one sheet behind a figure."""

    source: SourceRef  # the sheet: workbook and sheet name (row and column unused)
    frame: pl.DataFrame  # the contributing rows, with `_ligne` (the Excel row)
    columns: Mapping[str, str]  # column → French title, in the order shown
    money: Sequence[str] = ()  # columns shown as amounts in euros
    total: Sequence[str] = ()  # columns summed in a last « Total » row
    note: str = ""  # a sentence under the sheet's heading (ours, Markdown)
    limit: int | None = None  # at most this many rows shown (the others are counted)


@dataclass(frozen=True)
class ParameterUse:
    """A dated legal parameter the computation used, and the day its value was taken."""

    name: str  # dotted name, e.g. "factures.taux_bce_refinancement"
    on: date


@dataclass(frozen=True)
class Explanation:
    """What an « expliquer » page says about one figure."""

    id: str  # slug path: the page is gestion/explications/<id>.md
    title: str  # French, e.g. « Chiffre d'affaires de mars 2026 »
    rule: str  # French sentence(s) describing the computation (ours, Markdown)
    rows: tuple[Rows, ...] = ()
    value: str | None = None  # the figure as published, already formatted
    parameters: tuple[ParameterUse, ...] = ()
    computation: str | None = None  # the Python function, e.g. "pipelines.compute.x.f"
    back: tuple[str, str] | None = None  # (title, path) of the page that shows the figure
    notes: tuple[str, ...] = field(default_factory=tuple)  # more paragraphs (ours)
    sources: tuple[SourceRef, ...] = ()  # sheets cited beyond those of `rows` (source line)


def explanation_path(explanation_id: str) -> str:
    """``gestion/explications/<id>.md``; a malformed id is a programming error."""
    if not _ID.match(explanation_id):
        raise ValueError(f"identifiant d'explication invalide : {explanation_id!r}")
    return f"{EXPLAIN_DIR}/{explanation_id}.md"


def relative_link(target: str, from_path: str) -> str:
    """The link from the page `from_path` to the page `target` (both site paths)."""
    return posixpath.relpath(target, posixpath.dirname(from_path) or ".")


def explain_link(explanation_id: str, from_path: str, label: str = LINK_LABEL) -> str:
    """``[expliquer](../explications/<id>.md)``, relative to the page `from_path`."""
    return f"[{label}]({relative_link(explanation_path(explanation_id), from_path)})"


def _grouped(digits: str) -> str:
    """« 1234567 » → « 1 234 567 » (narrow no-break spaces, as babel writes fr_FR)."""
    return f"{int(digits):,}".replace(",", NARROW_SPACE)


def fast_money(value: Decimal) -> str:
    """`pipelines.french.money` for euros, without babel (the explanation tables have
    thousands of cells): « -1 234,50 € », rounded half-up to the cent."""
    rounded = Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
    whole, cents = f"{abs(rounded):f}".split(".")
    return f"{'-' if rounded.is_signed() else ''}{_grouped(whole)},{cents}\u00a0€"


def fast_number(value: int | Decimal) -> str:
    """`pipelines.french.number` without babel: up to 6 decimals, no trailing zero."""
    exact = Decimal(value)
    if exact.as_tuple().exponent < -6:
        return number(exact)  # babel rounds beyond 6 decimals: let it
    text = f"{abs(exact):f}"
    whole, _, decimals = text.partition(".")
    decimals = decimals.rstrip("0")
    sign = "-" if exact.is_signed() else ""
    return f"{sign}{_grouped(whole)}{',' + decimals if decimals else ''}"


def cell(value, is_money: bool = False) -> str:
    """A workbook value for a table cell: escaped text, French amount, date or number."""
    if value is None:
        return ""
    if is_money:
        return fast_money(Decimal(value))
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"  # as `short_date`
    if isinstance(value, (int, Decimal)):
        return fast_number(value)
    if isinstance(value, float):  # not an amount (amounts are Decimal): a plain measure
        return number(Decimal(str(value)))
    return md(value)


def _sum(frame: pl.DataFrame, column: str) -> Decimal:
    return sum((Decimal(v) for v in frame[column].to_list() if v is not None), Decimal(0))


def rows_table(rows: Rows) -> str:
    """The table of one sheet's rows: « Ligne » first, then the chosen columns, then the
    total row when asked."""
    columns = [c for c in rows.columns if c in rows.frame.columns]
    frame = rows.frame.sort(ROW_COLUMN) if ROW_COLUMN in rows.frame.columns else rows.frame
    shown = frame if rows.limit is None else frame.head(rows.limit)
    right = [0] + [i + 1 for i, c in enumerate(columns)
                   if c in rows.money or frame.schema[c].is_numeric()]
    body = [
        [str(record.get(ROW_COLUMN, "") or ""),
         *[cell(record[c], c in rows.money) for c in columns]]
        for record in shown.iter_rows(named=True)
    ]
    if rows.total:
        body.append(["**Total**", *[
            f"**{cell(_sum(frame, c), c in rows.money)}**" if c in rows.total else ""
            for c in columns]])
    text = table(["Ligne", *[rows.columns[c] for c in columns]], body, right=right)
    hidden = frame.height - shown.height
    if hidden > 0:
        text += (f"\n\n*… et {number(hidden)} autres lignes, non reproduites ici "
                 "(le total les compte).*")
    return text


def rows_section(rows: Rows) -> str:
    count = rows.frame.height
    heading = f"### {md(str(rows.source))}"
    counted = (f"{number(count)} ligne{'s' if count > 1 else ''} de la feuille "
               f"« {md(rows.source.sheet or '')} » du classeur {md(rows.source.workbook)}.")
    parts = [heading, counted + (f" {rows.note}" if rows.note else "")]
    parts.append(rows_table(rows) if count else "*Aucune ligne.*")
    return "\n\n".join(parts)


def _parameter_file(name: str) -> str:
    return f"{PARAMETERS_FOLDER}/{name.replace('.', '/')}.yaml"


def parameter_line(use: ParameterUse, known: Parameters) -> str:
    """One parameter: name, file, value on the day, effective date and reference."""
    parameter = known.get(use.name)
    dated = parameter.at(use.on)
    value = dated.value if isinstance(dated.value, str) else number(dated.value)
    reference = f"[{md(dated.reference.title)}]({dated.reference.href})"
    return (f"- **`{use.name}`** : valeur {md(value)} ({md(parameter.unit)}) au "
            f"{long_date(use.on)}, en vigueur depuis le {long_date(dated.start)} ; "
            f"référence : {reference} ; fichier `{_parameter_file(use.name)}`.  \n"
            f"    {md(parameter.description.strip())}")


def explanation_page(explanation: Explanation, as_of: date,
                     known: Parameters | None = None) -> Page:
    """The « expliquer » page of one figure (see the module docstring)."""
    path = explanation_path(explanation.id)
    parts = [f"# {md(explanation.title)}"]
    if explanation.value is not None:
        parts.append(f"Valeur publiée : **{explanation.value}**")
    rule = f"**Règle de calcul.** {explanation.rule}"
    if explanation.computation:
        rule += f" (calcul : `{explanation.computation}`)"
    parts.append(rule)
    parts.extend(explanation.notes)
    if explanation.parameters:
        known = known or parameters()
        parts.append("## Paramètres légaux utilisés\n\n" + "\n".join(
            parameter_line(use, known) for use in explanation.parameters))
    if explanation.rows:
        parts.append("## Lignes des classeurs")
        parts.extend(rows_section(rows) for rows in explanation.rows)
    if explanation.back is not None:
        back_title, back_path = explanation.back
        parts.append(f"Retour : [{md(back_title)}]({relative_link(back_path, path)})")
    sources = tuple(dict.fromkeys(
        SourceRef(source.workbook, source.sheet) for source in
        (*(rows.source for rows in explanation.rows), *explanation.sources)))
    parts.append(source_line(sources, as_of))
    return Page(path, explanation.title, "\n\n".join(parts), EXPLANATION_META)


class Explanations:
    """The « expliquer » pages of a group of pages, each built once however many figures
    link to it: `add` returns the id to link to, `files` the pages to publish."""

    def __init__(self, figures: Mapping, as_of: date):
        self.figures = figures
        self.as_of = as_of
        self.pages: dict[str, Explanation] = {}

    def add(self, explanation: Explanation) -> str:
        self.pages.setdefault(explanation.id, explanation)
        return explanation.id

    def files(self) -> list[Page]:
        return [explanation_page(e, self.as_of) for e in self.pages.values()]


def explain(explanation_id: str, title: str, rule: str, source: SourceRef,
            rows: pl.DataFrame, *, columns: Mapping[str, str], as_of: date,
            from_path: str, money: Sequence[str] = (), total: Sequence[str] = (),
            value: str | None = None, parameters: Sequence[ParameterUse] = (),
            computation: str | None = None, back_title: str | None = None,
            limit: int | None = None) -> tuple[Page, str]:
    """The « expliquer » page of a figure made from one sheet's rows, and the Markdown link
    ``[expliquer](…)`` to put next to the figure on the page `from_path`."""
    explanation = Explanation(
        explanation_id, title, rule,
        rows=(Rows(source, rows, columns, money, total, limit=limit),),
        value=value, parameters=tuple(parameters), computation=computation,
        back=(back_title, from_path) if back_title else None,
    )
    return explanation_page(explanation, as_of), explain_link(explanation_id, from_path)
