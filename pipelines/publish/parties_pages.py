"""Management pages: customer and supplier lists, one page per file, credit exposure."""

from __future__ import annotations

from collections import Counter
from datetime import date

from pipelines.compute.figures import Figure
from pipelines.dataset import ROW_COLUMN
from pipelines.french import money, plural
from pipelines.issues import SourceRef
from pipelines.markdown import md, slug, table
from pipelines.publish.fields import cell_text
from pipelines.publish.page import Page, missing, section, source_line

CUSTOMERS_DIR = "gestion/clients"
SUPPLIERS_DIR = "gestion/fournisseurs"
EXPOSURE_PAGE = "gestion/encours.md"
EXPOSURE_FIGURES = ("encours_clients", "encours_synthese")
CUSTOMER_CODE, SUPPLIER_CODE = "code_client", "code_fournisseur"
CUSTOMER_STATUS = {"actif": "Actif", "douteux": "Douteux", "bloqué": "Bloqué"}


def named_rows(figure: Figure, code_column: str) -> list[tuple[dict, str]]:
    """Each row with its page name: its code as a slug, its Excel row added on a clash."""
    rows = figure.frame.to_dicts()
    names = [slug(row[code_column], fallback="fiche") for row in rows]
    uses = Counter(names)
    return [
        (row, f"{name}-ligne-{row.get(ROW_COLUMN)}" if uses[name] > 1 or name == "fiche"
         else name)
        for row, name in zip(rows, names)
    ]


def page_by_code(figure: Figure | None, code_column: str) -> dict[str, str]:
    if figure is None:
        return {}
    return {row[code_column]: name for row, name in named_rows(figure, code_column)}


def _row_sources(figure: Figure, row: dict) -> tuple[SourceRef, ...]:
    """The file's own row (« clients.xlsx › Clients › ligne 3 »), then the other sheets."""
    first = figure.sources[0]
    return (SourceRef(first.workbook, first.sheet, row.get(ROW_COLUMN)),) + figure.sources[1:]


def _fields_table(figure: Figure, row: dict) -> str:
    shown = [column for column in figure.frame.columns if column != ROW_COLUMN]
    return table(["Champ", "Valeur"],
                 [[md(figure.title_of(c)), cell_text(c, row[c])] for c in shown])


def _exposure_sentence(row: dict) -> str:
    limit, outstanding = row["plafond_credit"], row["encours"]
    if limit is None or outstanding is None:
        return "Encours ou plafond de crédit non renseigné."
    headroom = limit - outstanding
    state = (f"**dépassement de {money(-headroom)}**" if headroom < 0
             else f"{money(headroom)} disponibles")
    return f"Encours de {money(outstanding)} pour un plafond de {money(limit)} : {state}."


def customer_page(row: dict, name: str, customers: Figure, linked: list[tuple[dict, str]],
                  as_of: date) -> Page:
    body = [
        f"# {md(row['raison_sociale'])}",
        f"Fiche client {md(row[CUSTOMER_CODE])} — [tous les clients](index.md)",
        _fields_table(customers, row),
        section("Encours", _exposure_sentence(row)),
    ]
    if linked:
        body.append(section("Également fournisseur", "\n".join(
            f"- [{md(s['raison_sociale'])}](../fournisseurs/{n}.md) ({md(s[SUPPLIER_CODE])})"
            for s, n in linked
        )))
    body.append(source_line(_row_sources(customers, row), as_of))
    title = f"{row[CUSTOMER_CODE] or 'Client'} — {row['raison_sociale'] or ''}"
    return Page(f"{CUSTOMERS_DIR}/{name}.md", title, "\n\n".join(body))


def customer_pages(customers: Figure, suppliers: Figure | None, as_of: date) -> list[Page]:
    """The customer list and one page per customer."""
    rows = named_rows(customers, CUSTOMER_CODE)
    linked: dict[str, list[tuple[dict, str]]] = {}
    for supplier, name in (named_rows(suppliers, SUPPLIER_CODE) if suppliers else []):
        if supplier["client_lie"]:
            linked.setdefault(supplier["client_lie"], []).append((supplier, name))
    lines = [
        [f"[{md(r[CUSTOMER_CODE])}]({n}.md)", md(r["raison_sociale"]), md(r["type_client"]),
         md(r["zone"]), md(r["ville"]), md(CUSTOMER_STATUS.get(r["statut"], r["statut"])),
         money(r["encours"]), money(r["plafond_credit"])]
        for r, n in rows
    ]
    index = "\n\n".join((
        "# Clients",
        f"{plural(len(rows), 'client')}. Voir aussi [les encours et plafonds](../encours.md).",
        table(["Code", "Raison sociale", "Type", "Zone", "Ville", "Statut", "Encours", "Plafond"],
              lines, right=[6, 7]),
        source_line(customers.sources, as_of),
    ))
    return [Page(f"{CUSTOMERS_DIR}/index.md", "Clients", index)] + [
        customer_page(row, name, customers, linked.get(row[CUSTOMER_CODE], []), as_of)
        for row, name in rows
    ]


def _items_table(items: Figure, code: str) -> str:
    supplied = items.frame.filter(items.frame[SUPPLIER_CODE] == code).to_dicts()
    if not supplied:
        return "Aucun article de ce fournisseur."
    return table(
        ["Référence", "Désignation", "Prix d'achat HT", "Actif"],
        [[md(r["reference"]), md(r["designation"]), cell_text("prix_achat_ht", r["prix_achat_ht"]),
          cell_text("actif", r["actif"])] for r in supplied],
        right=[2],
    )


def supplier_page(row: dict, name: str, suppliers: Figure, items: Figure | None,
                  customer_pages_by_code: dict[str, str], as_of: date) -> Page:
    body = [
        f"# {md(row['raison_sociale'])}",
        f"Fiche fournisseur {md(row[SUPPLIER_CODE])} — [tous les fournisseurs](index.md)",
        _fields_table(suppliers, row),
    ]
    if items is not None:
        body.append(section("Articles fournis", _items_table(items, row[SUPPLIER_CODE])))
    if row["client_lie"] in customer_pages_by_code:
        body.append(section("Également client", f"[Fiche client {md(row['client_lie'])}]"
                            f"(../clients/{customer_pages_by_code[row['client_lie']]}.md)"))
    body.append(source_line(_row_sources(suppliers, row) + (items.sources if items else ()), as_of))
    title = f"{row[SUPPLIER_CODE] or 'Fournisseur'} — {row['raison_sociale'] or ''}"
    return Page(f"{SUPPLIERS_DIR}/{name}.md", title, "\n\n".join(body))


def supplier_pages(suppliers: Figure, items: Figure | None, as_of: date,
                   customers: Figure | None = None) -> list[Page]:
    """The supplier list and one page per supplier (with the items it supplies)."""
    rows = named_rows(suppliers, SUPPLIER_CODE)
    lines = [
        [f"[{md(r[SUPPLIER_CODE])}]({n}.md)", md(r["raison_sociale"]), md(r["categorie"]),
         md(r["zone"]), md(r["ville"]), md(r["mode_reglement"]), md(r["statut"])]
        for r, n in rows
    ]
    index = "\n\n".join((
        "# Fournisseurs",
        f"{plural(len(rows), 'fournisseur')}.",
        table(["Code", "Raison sociale", "Catégorie", "Zone", "Ville", "Règlement", "Statut"],
              lines),
        source_line(suppliers.sources, as_of),
    ))
    customer_files = page_by_code(customers, CUSTOMER_CODE)
    return [Page(f"{SUPPLIERS_DIR}/index.md", "Fournisseurs", index)] + [
        supplier_page(row, name, suppliers, items, customer_files, as_of) for row, name in rows
    ]


def exposure_page(figures: dict[str, Figure], as_of: date) -> Page:
    """Outstanding vs credit limit, over-limit customers first."""
    title = "Encours clients"
    exposure, summary = figures.get("encours_clients"), figures.get("encours_synthese")
    if exposure is None or summary is None:
        return Page(EXPOSURE_PAGE, title, f"# {title}\n\n{missing('Clients')}")
    files = page_by_code(figures.get("clients"), CUSTOMER_CODE)
    lines = [
        [f"[{md(r[CUSTOMER_CODE])}](clients/{files[r[CUSTOMER_CODE]]}.md)"
         if r[CUSTOMER_CODE] in files else md(r[CUSTOMER_CODE]),
         md(r["raison_sociale"]), md(CUSTOMER_STATUS.get(r["statut"], r["statut"])),
         money(r["plafond_credit"]), money(r["encours"]), money(r["disponible"]),
         "**dépassé**" if r["depassement"] else ""]
        for r in exposure.frame.to_dicts()
    ]
    totals = summary.frame.row(0, named=True)
    body = "\n\n".join((
        f"# {title}",
        f"Encours total : **{money(totals['encours_total'])}** ; "
        f"{plural(totals['clients_en_depassement'], 'client')} au-delà de son plafond.",
        table(["Code", "Raison sociale", "Statut", "Plafond", "Encours", "Disponible",
               "Plafond dépassé"], lines, right=[3, 4, 5]),
        source_line(exposure.sources, as_of),
    ))
    return Page(EXPOSURE_PAGE, title, body)


def missing_index(title: str, folder: str) -> Page:
    return Page(f"{folder}/index.md", title, f"# {title}\n\n{missing(title)}")
