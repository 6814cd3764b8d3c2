"""Management pages: customer and supplier lists, one page per file, credit exposure.

A customer's file also shows, when the sales workbook is there, what the customer owes
(open invoices, days late, dunning level reached, disputes, risk), their dunning and
dispute history and the movements of their account with its running balance, from the
receivables figures (`pipelines.compute.receivables_specs`).
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import polars as pl

from pipelines.compute.dunning import LEVELS
from pipelines.compute.figures import Figure
from pipelines.dataset import ROW_COLUMN
from pipelines.french import money, month_label, number, plural, short_date
from pipelines.issues import SourceRef
from pipelines.markdown import md, slug, table
from pipelines.publish.explain import explain_link, relative_link
from pipelines.publish.fields import cell_text
from pipelines.publish.page import Page, missing, section, source_line

CUSTOMERS_DIR = "gestion/clients"
SUPPLIERS_DIR = "gestion/fournisseurs"
STOCK_CARDS_DIR = "gestion/stock"  # the stock cards (`stock_pages.card_path`)
EXPOSURE_PAGE = "gestion/encours.md"
EXPOSURE_FIGURES = ("encours_clients", "encours_synthese")
CUSTOMER_CODE, SUPPLIER_CODE = "code_client", "code_fournisseur"
CUSTOMER_STATUS = {"actif": "Actif", "douteux": "Douteux", "bloqué": "Bloqué",
                   "irrécouvrable": "Irrécouvrable"}
RECEIVABLES_FILE_FIGURES = ("creances_ouvertes", "comptes_clients", "balance_agee")
DOCUMENTS_DIR = "gestion/documents/factures"
INVOICE_LIST = "factures_et_avoirs"
DOCUMENT_KINDS = {"facture": "Facture", "avoir": "Avoir"}


def archived_invoice_path(number: str) -> str:
    """Where the archived PDF of an invoice is published in the management site."""
    return f"{DOCUMENTS_DIR}/{number}.pdf"
"""The receivables figures a customer file shows; with them all, the receivables pages
publish each customer's « expliquer » page (`customer_explanation_id`)."""


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


SALESPERSON, SALESPERSON_NAME = "commercial", "commercial_nom"


def _field_text(column: str, row: dict) -> str:
    """The value of a field; the salesperson is one field, its name with its code."""
    if column == SALESPERSON and row.get(SALESPERSON_NAME) and row[SALESPERSON]:
        return f"{md(row[SALESPERSON_NAME])} ({md(row[SALESPERSON])})"
    return cell_text(column, row[column])


def _fields_table(figure: Figure, row: dict) -> str:
    columns = figure.frame.columns
    shown = [column for column in columns if column != ROW_COLUMN
             and not (column == SALESPERSON_NAME and SALESPERSON in columns)]
    return table(["Champ", "Valeur"],
                 [[md(figure.title_of(c)), _field_text(c, row)] for c in shown])


def _exposure_sentence(row: dict) -> str:
    limit, outstanding = row["plafond_credit"], row["encours"]
    if limit is None or outstanding is None:
        return "Encours ou plafond de crédit non renseigné."
    headroom = limit - outstanding
    state = (f"**dépassement de {money(-headroom)}**" if headroom < 0
             else f"{money(headroom)} disponibles")
    return f"Encours de {money(outstanding)} pour un plafond de {money(limit)} : {state}."


_LEVEL_ORDER = {level: rank for rank, level in enumerate(LEVELS, start=1)}


def customer_explanation_id(code: str | None) -> str:
    """The « expliquer » page of what a customer owes (published with the receivables)."""
    return f"creances/client-{slug(code, fallback='sans-code')}"


def _customer_rows(figure: Figure | None, code: str | None) -> list[dict]:
    if figure is None or code is None:
        return []
    return figure.frame.filter(pl.col(CUSTOMER_CODE) == code).to_dicts()


def _days(value: int | None) -> str:
    return plural(value, "jour") if value else "—"


def _owed_summary(code: str, owed: list[dict], aged: dict | None, path: str) -> str:
    if aged is None:
        return "Aucune facture ouverte ni aucun solde à la date d'arrêté."
    overdue = sum((r["echu_eur"] for r in owed if r["echu_eur"] is not None), start=0)
    parts = [f"Reste dû : **{money(aged['total_du'])}** sur "
             f"{plural(len(owed), 'facture ouverte', 'factures ouvertes')}"
             + (f", dont {money(overdue)} échus" if overdue else "")]
    if aged["solde_crediteur"]:
        parts.append(f"solde créditeur : {money(aged['solde_crediteur'])} (solde net "
                     f"{money(aged['solde_net'])})")
    sentence = " ; ".join(parts) + f" ({explain_link(customer_explanation_id(code), path)})."
    reached = [r for r in owed if r["niveau_atteint"]]
    lines = [sentence]
    if reached:
        top = max(reached, key=lambda r: (_LEVEL_ORDER.get(r["niveau_atteint"], 0),
                                          r["date_niveau_atteint"]))
        lines.append(f"Niveau de relance le plus élevé atteint : **{md(top['niveau_atteint'])}** "
                     f"({md(top['numero_facture'])}, le {short_date(top['date_niveau_atteint'])}).")
    else:
        lines.append("Aucune relance envoyée sur les factures ouvertes.")
    disputed = [md(r["numero_facture"]) for r in owed if r["litige"] == "ouvert"]
    if disputed:
        lines.append(f"Litige ouvert sur {', '.join(disputed)} : relances suspendues.")
    at_risk = [r for r in owed if r["risque"]]
    if at_risk:
        total = sum((r["montant_a_risque"] for r in at_risk), start=0)
        lines.append(f"Créances {md(at_risk[0]['risque'])}s ({md(at_risk[0]['motif_risque'])}) : "
                     f"**{money(total)}** à risque.")
    rates = {(r["taux_penalites_retenu"], r["origine_taux"]) for r in owed
             if r["taux_penalites_retenu"] is not None}
    if rates:
        rate, origin = sorted(rates)[0]
        lines.append(f"Taux des pénalités de retard : {number(rate)} % l'an ({md(origin)}).")
    return "\n\n".join(lines)


def _open_invoices_table(owed: list[dict]) -> str:
    if not owed:
        return "Aucune facture ouverte."
    rows = [
        [md(r["numero_facture"]), short_date(r["date_facture"]),
         short_date(r["date_echeance_effective"]), _days(r["jours_retard"]),
         money(r["reste_du_eur"]), md(r["niveau_atteint"] or "—"),
         "suspendue (litige)" if r["suspendue"] else md(r["a_envoyer"] or "—"),
         money(r["penalites"]) if r["penalites"] is not None else "—"]
        for r in owed
    ]
    return table(["Facture", "Date", "Échéance", "Retard", "Reste dû", "Niveau atteint",
                  "Relance à envoyer", "Pénalités"], rows, right=[3, 4, 7])


def _events_table(events: list[dict]) -> str:
    if not events:
        return "Aucune relance ni aucun litige."
    rows = [[short_date(r["date"]), md(r["numero_facture"] or "—"), md(r["niveau"] or "—"),
             md(r["litige"] or "—"), md(r["motif"] or "")] for r in events]
    return table(["Date", "Facture", "Niveau", "Litige", "Motif"], rows)


def _account_table(movements: list[dict]) -> str:
    if not movements:
        return "Aucune facture ni aucun règlement à la date d'arrêté."
    rows = [[short_date(r["date"]), md(r["nature"]), md(r["piece"]), md(r["libelle"]),
             money(r["debit"]) if r["debit"] is not None else "",
             money(r["credit"]) if r["credit"] is not None else "", money(r["solde"])]
            for r in movements]
    return table(["Date", "Nature", "Pièce", "Libellé", "Débit", "Crédit", "Solde"], rows,
                 right=[4, 5, 6])


def receivables_sections(code: str | None, figures: dict[str, Figure], path: str
                         ) -> tuple[list[str], tuple[SourceRef, ...]]:
    """The receivables sections of a customer file, and the sheets they come from; none
    without the receivables figures."""
    if code is None or not all(name in figures for name in RECEIVABLES_FILE_FIGURES):
        return [], ()
    owed = _customer_rows(figures["creances_ouvertes"], code)
    aged = next(iter(_customer_rows(figures["balance_agee"], code)), None)
    events = _customer_rows(figures.get("historique_relances"), code)
    movements = _customer_rows(figures["comptes_clients"], code)
    parts = [
        section("Créances", _owed_summary(code, owed, aged, path),
                "### Factures ouvertes", _open_invoices_table(owed)),
        section("Relances et litiges", _events_table(events)),
        section("Historique du compte",
                "Factures au débit ; avoirs, règlements (au cours du jour pour une devise) et "
                "escomptes au crédit ; écarts de change. Solde positif : le client doit.",
                _account_table(movements)),
    ]
    used = [figures[name] for name in (*RECEIVABLES_FILE_FIGURES, "historique_relances")
            if name in figures]
    return parts, tuple(dict.fromkeys(s for figure in used for s in figure.sources))


def documents_section(code: str | None, invoices: Figure | None, archived: frozenset[str]
                      ) -> str:
    """The customer's issued invoices and credit notes, each with its archived Factur-X PDF
    (the very file that was issued) when the archive holds it."""
    rows = [r for r in _customer_rows(invoices, code) if r["statut"] == "émise"]
    if not rows:
        return section("Documents", "Aucune facture émise à ce client.")
    lines = [
        [md(r["numero_facture"]), short_date(r["date_facture"]),
         DOCUMENT_KINDS.get(r["type"], md(r["type"])), money(r["total_ttc"], r["devise"]),
         f"[PDF Factur-X](../documents/factures/{r['numero_facture']}.pdf)"
         if r["numero_facture"] in archived else "non archivée"]
        for r in sorted(rows, key=lambda r: (r["date_facture"], r["numero_facture"]),
                        reverse=True)
    ]
    return section(
        "Documents",
        f"{plural(len(rows), 'pièce émise', 'pièces émises')} (factures et avoirs), la plus "
        "récente en tête ; le PDF est celui de l'archive des factures émises.",
        table(["Numéro", "Date", "Type", "Total TTC", "Document"], lines, right=[3]),
    )


def customer_page(row: dict, name: str, customers: Figure, linked: list[tuple[dict, str]],
                  as_of: date, figures: dict[str, Figure] | None = None,
                  archived: frozenset[str] = frozenset()) -> Page:
    path = f"{CUSTOMERS_DIR}/{name}.md"
    body = [
        f"# {md(row['raison_sociale'])}",
        f"Fiche client {md(row[CUSTOMER_CODE])} — [tous les clients](index.md)",
        _fields_table(customers, row),
        section("Encours", _exposure_sentence(row)),
    ]
    receivables, receivables_sources = receivables_sections(row[CUSTOMER_CODE], figures or {},
                                                            path)
    body.extend(receivables)
    invoices = (figures or {}).get(INVOICE_LIST)
    if invoices is not None:
        body.append(documents_section(row[CUSTOMER_CODE], invoices, archived))
        receivables_sources = tuple(dict.fromkeys((*receivables_sources,
                                                   *invoices.sources)))
    if linked:
        body.append(section("Également fournisseur", "\n".join(
            f"- [{md(s['raison_sociale'])}](../fournisseurs/{n}.md) ({md(s[SUPPLIER_CODE])})"
            for s, n in linked
        )))
    sources = _row_sources(customers, row)
    shown = {(s.workbook, s.sheet) for s in sources}
    sources += tuple(s for s in receivables_sources if (s.workbook, s.sheet) not in shown)
    body.append(source_line(sources, as_of))
    title = f"{row[CUSTOMER_CODE] or 'Client'} — {row['raison_sociale'] or ''}"
    return Page(path, title, "\n\n".join(body))


def customer_pages(customers: Figure, suppliers: Figure | None, as_of: date,
                   figures: dict[str, Figure] | None = None,
                   archived: frozenset[str] = frozenset()) -> list[Page]:
    """The customer list and one page per customer (with what they owe, when `figures`
    holds the receivables figures)."""
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
        customer_page(row, name, customers, linked.get(row[CUSTOMER_CODE], []), as_of, figures,
                      archived)
        for row, name in rows
    ]


def _items_table(items: Figure, code: str, page: str) -> str:
    """The items of the supplier, each linked to its stock card."""
    supplied = items.frame.filter(items.frame[SUPPLIER_CODE] == code).to_dicts()
    if not supplied:
        return "Aucun article de ce fournisseur."

    def card(reference: str | None) -> str:
        if not reference:
            return "—"
        target = relative_link(f"{STOCK_CARDS_DIR}/{slug(reference, fallback='sans-reference')}"
                               ".md", page)
        return f"[{md(reference)}]({target})"

    return table(
        ["Référence", "Désignation", "Prix d'achat HT", "Actif"],
        [[card(r["reference"]), md(r["designation"]),
          cell_text("prix_achat_ht", r["prix_achat_ht"]), cell_text("actif", r["actif"])]
         for r in supplied],
        right=[2],
    )


SUPPLIER_FILE_FIGURES = ("fournisseurs_dossiers", "fournisseurs_attestations",
                         "fournisseurs_tarifs", "fournisseurs_achats_par_mois",
                         "fournisseurs_commandes_ouvertes")
CERTIFICATE_STATES = {"valide": "valable", "expirée": "**périmé**", "manquante": "**non remis**"}


def _supplier_rows(figure: Figure | None, code: str | None) -> list[dict]:
    if figure is None or code is None:
        return []
    return figure.frame.filter(pl.col(SUPPLIER_CODE) == code).to_dicts()


def _file_section(file: dict | None) -> str:
    if file is None:
        return ""
    if file["dossier"] == "complet":
        return section("Dossier", "Dossier **complet** : identité, adresse, coordonnées "
                                  "bancaires et documents exigés valables à la date d'arrêté.")
    gaps = "\n".join(f"- {md(gap)}" for gap in (file["a_completer"] or "").split("; ") if gap)
    return section("Dossier", "Dossier **incomplet**, à compléter :", gaps)


def _certificates_section(states: list[dict]) -> str:
    if not states:
        return section("Documents", "Aucun document exigé de ce fournisseur ni remis par lui.")
    rows = [[md(r["type_attestation"]), "oui" if r["exigee"] else "non",
             short_date(r["date_document"]), short_date(r["valable_jusqu_au"])
             if r["valable_jusqu_au"] else "sans limite" if r["date_document"] else "—",
             CERTIFICATE_STATES.get(r["etat"], md(r["etat"]))] for r in states]
    return section("Documents",
                   "Dernier exemplaire remis de chaque document (feuille Attestations) et "
                   "documents exigés par l'organisation (feuille AttestationsExigees).",
                   table(["Document", "Exigé", "Du", "Valable jusqu'au", "État"], rows))


def _price_list_section(prices: list[dict]) -> str:
    if not prices:
        return section("Tarif en vigueur", "Aucun tarif en vigueur à la date d'arrêté.")
    rows = [[md(r["reference"]), md(r["designation"] or ""), md(r["reference_fournisseur"] or ""),
             number(r["quantite_minimale"]), money(r["prix_unitaire_ht"], r["devise"]),
             f"{number(r['remise_pct'])} %" if r["remise_pct"] else "—",
             money(r["prix_net_ht"], r["devise"]), short_date(r["date_debut"])]
            for r in prices]
    return section("Tarif en vigueur",
                   "Prix valables à la date d'arrêté, par palier de quantité (feuille Tarifs).",
                   table(["Article", "Désignation", "Réf. fournisseur", "À partir de",
                          "Prix unitaire HT", "Remise", "Prix net HT", "Depuis le"], rows,
                         right=[3, 4, 5, 6]))


def _purchases_section(months: list[dict], as_of: date) -> str:
    if not months:
        return section(f"Achats {as_of.year}", "Aucune commande ni aucune facture cette année.")
    rows = [[month_label(r["mois"]), money(r["commandes_ht_eur"]), money(r["factures_ht_eur"])]
            for r in months]
    orders = sum((r["commandes_ht_eur"] or 0 for r in months), start=0)
    invoiced = sum((r["factures_ht_eur"] or 0 for r in months), start=0)
    rows.append(["**Total**", f"**{money(orders)}**", f"**{money(invoiced)}**"])
    return section(f"Achats {as_of.year}",
                   "Commandes envoyées (hors brouillons et commandes annulées) et factures "
                   "reçues, hors taxes, en euros ; les avoirs viennent en déduction.",
                   table(["Mois", "Commandes HT", "Factures HT"], rows, right=[1, 2]))


def _open_orders_section(orders: list[dict]) -> str:
    if not orders:
        return section("Commandes en cours", "Aucune commande en attente de livraison.")
    rows = [[md(r["numero_commande"]), short_date(r["date_commande"]),
             short_date(r["date_livraison_prevue"]), md(r["statut"]),
             money(r["total_ht"], r["devise"])] for r in orders]
    return section("Commandes en cours",
                   table(["Commande", "Date", "Livraison prévue", "Statut", "Total HT"], rows,
                         right=[4]))


def _also_customer_section(row: dict, customer_pages_by_code: dict[str, str]) -> str:
    code = row["client_lie"]
    if not code:
        return ""
    link = (f"[fiche client {md(code)}](../clients/{customer_pages_by_code[code]}.md)"
            if code in customer_pages_by_code else f"client {md(code)}")
    return section("Également client",
                   f"Ce fournisseur est aussi notre {link} : les sommes que nous lui devons et "
                   "celles qu'il nous doit peuvent faire l'objet d'une compensation, avec "
                   "l'accord écrit des deux parties.")


def supplier_page(row: dict, name: str, suppliers: Figure, items: Figure | None,
                  customer_pages_by_code: dict[str, str], as_of: date,
                  figures: dict[str, Figure] | None = None) -> Page:
    figures, code = figures or {}, row[SUPPLIER_CODE]
    body = [
        f"# {md(row['raison_sociale'])}",
        f"Fiche fournisseur {md(code)} — [tous les fournisseurs](index.md)",
        _fields_table(suppliers, row),
    ]
    files = _supplier_rows(figures.get("fournisseurs_dossiers"), code)
    body.append(_file_section(files[0] if files else None))
    if "fournisseurs_attestations" in figures:
        body.append(_certificates_section(
            _supplier_rows(figures["fournisseurs_attestations"], code)))
    if "fournisseurs_tarifs" in figures:
        body.append(_price_list_section(_supplier_rows(figures["fournisseurs_tarifs"], code)))
    if "fournisseurs_achats_par_mois" in figures:
        body.append(_purchases_section(
            _supplier_rows(figures["fournisseurs_achats_par_mois"], code), as_of))
    if "fournisseurs_commandes_ouvertes" in figures:
        body.append(_open_orders_section(
            _supplier_rows(figures["fournisseurs_commandes_ouvertes"], code)))
    if items is not None:
        body.append(section("Articles fournis",
                            _items_table(items, code, f"{SUPPLIERS_DIR}/{name}.md")))
    body.append(_also_customer_section(row, customer_pages_by_code))
    used = [figures[n] for n in SUPPLIER_FILE_FIGURES if n in figures]
    sources = _row_sources(suppliers, row) + (items.sources if items else ())
    shown = {(s.workbook, s.sheet) for s in sources}
    extra = dict.fromkeys(s for figure in used for s in figure.sources
                          if (s.workbook, s.sheet) not in shown)
    body.append(source_line(sources + tuple(extra), as_of))
    title = f"{code or 'Fournisseur'} — {row['raison_sociale'] or ''}"
    return Page(f"{SUPPLIERS_DIR}/{name}.md", title, "\n\n".join(b for b in body if b))


def supplier_pages(suppliers: Figure, items: Figure | None, as_of: date,
                   customers: Figure | None = None,
                   figures: dict[str, Figure] | None = None) -> list[Page]:
    """The supplier list and one page per supplier: its file and whether it is complete,
    its certificates, its price list in force, its purchases of the year, its open orders
    and the items it supplies, when `figures` holds the supplier-file figures. No bank
    account number is ever shown."""
    figures = figures or {}
    rows = named_rows(suppliers, SUPPLIER_CODE)
    files = figures.get("fournisseurs_dossiers")
    state = ({r[SUPPLIER_CODE]: r["dossier"] for r in files.frame.to_dicts()} if files
             else {})
    headers = ["Code", "Raison sociale", "Catégorie", "Zone", "Ville", "Règlement", "Statut"]
    lines = [
        [f"[{md(r[SUPPLIER_CODE])}]({n}.md)", md(r["raison_sociale"]), md(r["categorie"]),
         md(r["zone"]), md(r["ville"]), md(r["mode_reglement"]), md(r["statut"])]
        + ([md(state.get(r[SUPPLIER_CODE], "—"))] if files else [])
        for r, n in rows
    ]
    incomplete = sum(1 for value in state.values() if value == "incomplet")
    summary = f"{plural(len(rows), 'fournisseur')}."
    if files:
        summary += (f" {plural(incomplete, 'dossier incomplet', 'dossiers incomplets')} "
                    "(pièce exigée manquante ou périmée, identité ou coordonnées à compléter).")
    index = "\n\n".join((
        "# Fournisseurs",
        summary,
        table(headers + (["Dossier"] if files else []), lines),
        source_line(suppliers.sources + (files.sources[1:] if files else ()), as_of),
    ))
    customer_files = page_by_code(customers, CUSTOMER_CODE)
    return [Page(f"{SUPPLIERS_DIR}/index.md", "Fournisseurs", index)] + [
        supplier_page(row, name, suppliers, items, customer_files, as_of, figures)
        for row, name in rows
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
