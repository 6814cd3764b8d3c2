"""The demo organisation: a deterministic generator of the eleven workbooks.

« Atelier Lumière & Froid », a Lyon SAS that sells, installs and services professional
refrigeration and lighting, seen on 30 November 2026. The same seed and scale always
give the same bytes (no clock, no network), so the committed ``workbooks/`` can be
checked against the generator, and larger scales feed the benchmarks.

``generate(out_dir, scale, seed)`` writes organisation, clients, fournisseurs, stock,
personnel, temps, communication, ventes, achats, moyens and paie ``.xlsx`` into `out_dir`.
"""

from __future__ import annotations

import random
from pathlib import Path

from pipelines.demo import (
    catalogue,
    communication,
    consumables,
    contracts,
    customers,
    declarations,
    inventory,
    organisation,
    payroll,
    purchases,
    sales,
    staff,
    stock,
    suppliers,
    worktime,
)
from pipelines.demo.settings import MAX_SCALE
from pipelines.demo.workbook import SCHEMAS_DIR, Sheet, write_workbook

DEFAULT_SEED = 2026

WORKBOOKS = (
    ("organisation", "Organisation", (("organisation", "Organisation"), ("services", "Services"),
                                        ("gravites", "Gravites"), ("regles_relance", "ReglesRelance"),
                                        ("reglages", "Reglages"),
                                        ("attestations_exigees", "AttestationsExigees"))),
    ("clients", "Clients et prospects", (("clients", "Clients"), ("prospects", "Prospects"))),
    ("fournisseurs", "Fournisseurs", (("fournisseurs", "Fournisseurs"),
                                      ("attestations_fournisseurs", "Attestations"))),
    ("stock", "Stock", (("articles", "Articles"), ("mouvements", "Mouvements"),
                        ("inventaire", "Inventaire"))),
    ("personnel", "Personnel", (("salaries", "Salariés"), ("contrats", "Contrats"))),
    ("temps", "Temps de travail", (("pointages", "Pointages"), ("absences", "Absences"))),
    ("communication", "Communication", (("actualites", "Actualités"), ("annonces", "Annonces"))),
    ("ventes", "Ventes", (("devis", "Devis"), ("lignes_devis", "LignesDevis"), ("commandes", "Commandes"),
                          ("lignes_commande", "LignesCommande"), ("livraisons", "Livraisons"),
                          ("lignes_livraison", "LignesLivraison"), ("factures", "Factures"),
                          ("lignes_facture", "LignesFacture"), ("reglements", "Reglements"),
                          ("lettrage", "Lettrage"), ("echeanciers", "Echeanciers"), ("relances", "Relances"),
                          ("cours_change", "CoursDeChange"))),
    ("achats", "Achats", (("tarifs", "Tarifs"), ("commandes_achat", "CommandesAchat"),
                          ("lignes_commande_achat", "LignesCommandeAchat"),
                          ("receptions", "Receptions"), ("lignes_reception", "LignesReception"),
                          ("factures_fournisseurs", "FacturesFournisseurs"),
                          ("lignes_facture_fournisseur", "LignesFactureFournisseur"),
                          ("reglements_fournisseurs", "ReglementsFournisseurs"),
                          ("lettrage_fournisseurs", "LettrageFournisseurs"))),
    ("moyens", "Moyens généraux", (("equipements", "Equipements"), ("contrats_services", "Contrats"),
                                    ("revisions_contrats", "RevisionsContrats"),
                                    ("couvertures_contrats", "Couvertures"),
                                    ("consommables", "Consommables"),
                                    ("mouvements_consommables", "Consommations"),
                                    ("budgets_consommables", "Budgets"))),
    ("paie", "Paie", (("reglages_paie", "Reglages"),
                      ("contrats_protection_sociale", "ProtectionSociale"),
                      ("variables_paie", "Variables"),
                      ("regularisations_paie", "Regularisations"),
                      ("declarations_sociales", "Declarations"))),
)


def _stream(seed: int, domain: str) -> random.Random:
    """One random stream per domain, so that changing one leaves the others as they are."""
    return random.Random(f"{seed}:{domain}")


def _staff_records(seed: int, scale: int) -> dict[str, list[dict]]:
    rng = _stream(seed, "personnel")
    roles = staff.team(rng, scale)
    employees = staff.employees(rng, roles)
    contracts = staff.contracts(roles)
    current = {c["matricule"]: c for c in contracts}  # the last contract of each employee
    rng = _stream(seed, "temps")
    timesheets, absences = [], []
    for employee in employees:
        contract = current[employee["matricule"]]
        taken = worktime.employee_absences(rng, employee, contract["heures_hebdo"])
        plan = worktime.daily_minutes(contract, employee["categorie"])
        timesheets.extend(worktime.timesheet(rng, employee, plan, taken))
        absences.extend(taken)
    return {"salaries": employees, "contrats": contracts, "pointages": timesheets,
            "absences": worktime.absence_rows(absences)}


def _trade_records(seed: int, scale: int, employees: list[dict]) -> dict[str, list[dict]]:
    clients = customers.customers(_stream(seed, "clients"), scale)
    vendors = suppliers.suppliers(_stream(seed, "fournisseurs"), scale, clients)
    rng = _stream(seed, "stock")
    items = catalogue.items(rng, scale, vendors)
    articles = [catalogue.article_row(item, rng) for item in items]
    moves = stock.movements(rng, items)
    supplies = consumables.consumables(_stream(seed, "consommables"), vendors)
    return {
        "clients": clients,
        "prospects": customers.prospects(_stream(seed, "prospects"), scale),
        "fournisseurs": vendors,
        "articles": articles,
        "mouvements": moves,
        "inventaire": inventory.inventory(items, moves),
        "attestations_fournisseurs": suppliers.certificates(_stream(seed, "attestations"), vendors),
        **supplies,
        **purchases.purchases(_stream(seed, "achats"), vendors, articles, moves, supplies,
                              items, employees),
        **sales.sales(_stream(seed, "ventes"), clients, articles, moves,
                      _stream(seed, "ventes-fin-d-annee"), _stream(seed, "ventes-retards")),
    }


def records(scale: int = 1, seed: int = DEFAULT_SEED) -> dict[str, list[dict]]:
    """Every sheet's rows, by resource name."""
    if not 1 <= scale <= MAX_SCALE:
        raise ValueError(f"l'échelle de la démo doit être comprise entre 1 et {MAX_SCALE}")
    people = _staff_records(seed, scale)
    trade = _trade_records(seed, scale, people["salaries"])
    return {
        "organisation": [organisation.organisation(_stream(seed, "organisation"), people["salaries"])],
        "services": organisation.services(),
        "gravites": organisation.severities(),
        "regles_relance": organisation.dunning_rules(),
        "reglages": organisation.settings(),
        "attestations_exigees": organisation.required_certificates(),
        **trade,
        **people,
        **contracts.contracts(_stream(seed, "contrats"), trade["fournisseurs"], people["salaries"]),
        "actualites": communication.news(),
        "annonces": communication.notices(),
        **payroll.payroll(_stream(seed, "paie"), people["salaries"], people["contrats"],
                          people["pointages"], people["absences"]),
    }


def generate(out_dir: Path, scale: int = 1, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write the eleven demo workbooks into `out_dir`; returns their paths."""
    rows = records(scale, seed)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [_write(out_dir, name, title, sheets, rows) for name, title, sheets in WORKBOOKS]
    rows["declarations_sociales"] = declarations.declaration_rows(out_dir, SCHEMAS_DIR)
    name, title, sheets = next(w for w in WORKBOOKS if w[0] == "paie")
    _write(out_dir, name, title, sheets, rows)
    return paths


def _write(out_dir: Path, name: str, title: str, sheets, rows: dict[str, list[dict]]) -> Path:
    return write_workbook(
        out_dir / f"{name}.xlsx",
        [Sheet(resource, sheet, rows[resource]) for resource, sheet in sheets],
        f"Agora : {title}",
    )
