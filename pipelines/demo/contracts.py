"""The demo's general services: equipment, maintenance contracts, subscriptions and
licences (the « Equipements », « Contrats », « RevisionsContrats » and « Couvertures »
sheets of moyens.xlsx).

Fifteen equipments and fourteen contracts, the same at every scale, seen on 30/11/2026
(financial year 2026). The scripted hazards of situation 2.3.1.1:

- CT-011 (fire extinguishers, tacit renewal, 60 days' notice) must be terminated by
  06/12/2026 (alert at 7 days), CT-001 (copier maintenance, 90 days' notice) by 14/12/2026
  (alert at 30 days); CT-002 and CT-006 reach their deadline within 90 days;
- CT-001 went up by 12,5 % on 15/03/2026 (above the 5 % threshold of the settings);
  CT-002 was indexed by 3 % on 01/04/2026;
- CT-008 and CT-009 are the same « Stockage en ligne » subscription, taken twice;
- CT-007, the lighting design licence, ended on 31/05/2026 (express renewal never made)
  and is still in use; CT-006 counts 14 users for 12 licences;
- the refrigeration test bench EQ-009 needs maintenance, and its contract CT-014 was
  terminated on 30/06/2026: nothing covers it any more.

The providers are suppliers of the « Fournisseurs » sheet, chosen by category (the first
active supplier of the first category found in the list of each contract).
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from pipelines.demo.contacts import person, phone, slug

# (code, designation, category, location, in service on, warranty end, maintenance, status)
EQUIPMENT = (
    ("EQ-001", "Copieur multifonction couleur A3", "impression", "Accueil, rez-de-chaussée",
     date(2022, 3, 15), date(2024, 3, 14), True, "en service"),
    ("EQ-002", "Imprimante laser réseau de l'atelier", "impression", "Atelier",
     date(2021, 9, 6), date(2023, 9, 5), True, "en service"),
    ("EQ-003", "Imprimante d'étiquettes du magasin", "impression", "Magasin",
     date(2023, 1, 16), date(2025, 1, 15), False, "en service"),
    ("EQ-004", "Serveur de fichiers et de sauvegarde", "informatique", "Local technique",
     date(2022, 4, 4), date(2025, 4, 3), True, "en service"),
    ("EQ-005", "Baie réseau : pare-feu et commutateur", "informatique", "Local technique",
     date(2022, 4, 4), date(2025, 4, 3), True, "en service"),
    ("EQ-006", "Bornes Wi-Fi (3)", "informatique", "Bureaux et atelier",
     date(2022, 4, 4), date(2024, 4, 3), False, "en service"),
    ("EQ-007", "Fourgon frigorifique n° 1", "véhicule", "Parking",
     date(2024, 10, 1), date(2026, 9, 30), True, "en service"),
    ("EQ-008", "Fourgon frigorifique n° 2", "véhicule", "Parking",
     date(2024, 10, 1), date(2026, 9, 30), True, "en service"),
    ("EQ-009", "Banc d'essai frigorifique", "froid", "Atelier",
     date(2019, 5, 13), date(2021, 5, 12), True, "en service"),
    ("EQ-010", "Centrale d'alarme anti-intrusion", "sécurité", "Entrée du personnel",
     date(2022, 7, 1), date(2024, 6, 30), True, "en service"),
    ("EQ-011", "Extincteurs (lot de 12)", "sécurité", "Tous les locaux",
     date(2020, 2, 5), None, True, "en service"),
    ("EQ-012", "Machine à café", "confort", "Salle de pause",
     date(2023, 11, 6), date(2025, 11, 5), False, "en service"),
    ("EQ-013", "Postes de travail (10 ordinateurs)", "informatique", "Bureaux",
     date(2023, 1, 9), date(2026, 1, 8), True, "en service"),
    ("EQ-014", "Standard téléphonique IP", "téléphonie", "Local technique",
     date(2025, 6, 1), date(2027, 5, 31), True, "en service"),
    ("EQ-015", "Ancien copieur noir et blanc", "impression", "Réserve",
     date(2016, 2, 1), date(2017, 1, 31), True, "hors service"),
)

OFFICE = ("Informatique", "Télécoms", "Fournitures de bureau")
COLD = ("Matériel frigorifique",)

CONTRACTS = (
    dict(numero_contrat="CT-001", type="maintenance",
         objet="Maintenance du copieur multifonction", categories=OFFICE,
         date_debut=date(2022, 3, 15), duree_mois=12, reconduction="tacite", preavis_jours=90,
         cout_annuel_ht=Decimal("1440.00"), periodicite="trimestrielle", visible=True,
         contact="Assistance copieurs", mailbox="assistance",
         consignes="Bourrage répété, message d'erreur ou copies de mauvaise qualité : notez le "
                   "code affiché et le compteur de pages, puis appelez l'assistance en donnant "
                   "la référence du contrat.\n\nLe toner n'est pas compris dans le "
                   "contrat : prenez-le dans le stock des consommables, que l'administration "
                   "réapprovisionne. Une cartouche qui fuit se rapporte à l'administration, "
                   "qui la renvoie au fournisseur.",
         follower=("DIR", False), covers=("EQ-001",)),
    dict(numero_contrat="CT-002", type="maintenance",
         objet="Maintenance informatique : serveur, réseau et postes", categories=OFFICE,
         date_debut=date(2024, 4, 1), duree_mois=12, reconduction="tacite", preavis_jours=90,
         cout_annuel_ht=Decimal("4800.00"), periodicite="mensuelle", visible=True,
         contact="Hotline informatique", mailbox="support",
         consignes="Poste bloqué, mot de passe oublié, imprimante réseau ou messagerie en "
                   "panne : écrivez ou appelez la hotline en donnant le nom du poste "
                   "(étiquette sous l'écran).\n\nNe débranchez jamais le serveur du local "
                   "technique.",
         follower=("ADM", True), covers=("EQ-002", "EQ-004", "EQ-005", "EQ-006", "EQ-013")),
    dict(numero_contrat="CT-003", type="abonnement",
         objet="Accès internet par fibre et téléphonie fixe", categories=OFFICE,
         date_debut=date(2025, 6, 1), duree_mois=36, reconduction="tacite", preavis_jours=30,
         cout_annuel_ht=Decimal("1080.00"), periodicite="mensuelle", visible=True,
         contact="Support entreprises", mailbox="support",
         consignes="Plus d'internet ni de téléphone : vérifiez que le boîtier du local "
                   "technique est allumé, puis appelez le support depuis un mobile avec la "
                   "référence client.",
         follower=("ADM", True), covers=("EQ-014",)),
    dict(numero_contrat="CT-004", type="abonnement",
         objet="Flotte de téléphones mobiles (8 lignes)", categories=OFFICE,
         date_debut=date(2024, 9, 1), duree_mois=24, reconduction="tacite", preavis_jours=30,
         cout_annuel_ht=Decimal("2112.00"), periodicite="mensuelle", utilisateurs=8,
         visible=True, contact="Service mobiles", mailbox="mobiles",
         consignes="Téléphone perdu ou volé : faites suspendre la ligne aussitôt par le "
                   "service mobiles, puis prévenez l'administration.",
         follower=("ADM", True)),
    dict(numero_contrat="CT-005", type="licence",
         objet="Logiciel de comptabilité et de paie", categories=("Logiciels", *OFFICE),
         date_debut=date(2021, 1, 1), duree_mois=12, reconduction="tacite", preavis_jours=90,
         cout_annuel_ht=Decimal("2340.00"), periodicite="annuelle", licences=3,
         utilisateurs=3, en_usage=True, contact="Assistance logiciel", mailbox="assistance",
         follower=("ADM", True)),
    dict(numero_contrat="CT-006", type="licence", objet="Suite bureautique et messagerie",
         categories=("Logiciels", *OFFICE), date_debut=date(2025, 2, 1), duree_mois=12,
         reconduction="tacite", preavis_jours=30, cout_annuel_ht=Decimal("1512.00"),
         periodicite="annuelle", licences=12, utilisateurs=14, en_usage=True,
         contact="Support bureautique", mailbox="support", follower=("ADM", True)),
    dict(numero_contrat="CT-007", type="licence", objet="Logiciel d'étude d'éclairage",
         categories=("Logiciels", "Éclairage"), date_debut=date(2024, 6, 1), duree_mois=24,
         reconduction="expresse", preavis_jours=30, cout_annuel_ht=Decimal("890.00"),
         periodicite="annuelle", licences=2, utilisateurs=2, en_usage=True,
         contact="Support études", mailbox="etudes", follower=("COM", True)),
    dict(numero_contrat="CT-008", type="abonnement", objet="Stockage en ligne",
         categories=OFFICE, date_debut=date(2023, 9, 1), duree_mois=12, reconduction="tacite",
         preavis_jours=30, cout_annuel_ht=Decimal("720.00"), periodicite="mensuelle",
         utilisateurs=14, en_usage=True, contact="Support stockage", mailbox="cloud",
         follower=("ADM", True)),
    dict(numero_contrat="CT-009", type="abonnement", objet="Stockage en ligne",
         categories=OFFICE, date_debut=date(2025, 11, 1), duree_mois=12, reconduction="tacite",
         preavis_jours=30, cout_annuel_ht=Decimal("384.00"), periodicite="mensuelle",
         utilisateurs=4, en_usage=True, contact="Support stockage", mailbox="cloud",
         follower=("COM", True)),
    dict(numero_contrat="CT-010", type="location",
         objet="Location longue durée de deux fourgons frigorifiques, entretien compris",
         categories=("Location de véhicules", *COLD, "Transport"),
         date_debut=date(2024, 10, 1), duree_mois=48, reconduction="aucune", preavis_jours=90,
         cout_annuel_ht=Decimal("10560.00"), periodicite="mensuelle", visible=True,
         contact="Assistance véhicules 24 h/24", mailbox="assistance",
         consignes="Panne, accident ou voyant d'entretien allumé : appelez l'assistance en "
                   "donnant l'immatriculation du fourgon. L'entretien se prend sur rendez-vous "
                   "et n'est jamais à vos frais.",
         follower=("LOG", True), covers=("EQ-007", "EQ-008")),
    dict(numero_contrat="CT-011", type="maintenance",
         objet="Vérification annuelle des extincteurs",
         categories=("Sécurité incendie", "Fluides frigorigènes"),
         date_debut=date(2020, 2, 5), duree_mois=12, reconduction="tacite", preavis_jours=60,
         cout_annuel_ht=Decimal("420.00"), periodicite="annuelle", visible=True,
         contact="Service vérifications", mailbox="verifications",
         consignes="Un extincteur a servi, même un peu : prévenez le chef d'atelier, il doit "
                   "être rechargé par le prestataire avant d'être raccroché.",
         follower=("ATE", True), covers=("EQ-011",)),
    dict(numero_contrat="CT-012", type="abonnement",
         objet="Télésurveillance et maintenance de l'alarme",
         categories=("Sécurité", "Éclairage"), date_debut=date(2022, 7, 1), duree_mois=36,
         reconduction="tacite", preavis_jours=90, cout_annuel_ht=Decimal("1260.00"),
         periodicite="mensuelle", visible=True, contact="Centre de télésurveillance",
         mailbox="telesurveillance",
         consignes="Alarme déclenchée par erreur : composez votre code, puis appelez le centre "
                   "de télésurveillance pour annuler l'intervention. Le dernier à partir met "
                   "l'alarme en service.",
         follower=("ADM", True), covers=("EQ-010",)),
    dict(numero_contrat="CT-013", type="assurance",
         objet="Assurance multirisque des locaux et du matériel",
         categories=("Assurance", *OFFICE), date_debut=date(2019, 1, 1), duree_mois=12,
         reconduction="tacite", preavis_jours=60, cout_annuel_ht=Decimal("3850.00"),
         periodicite="annuelle", contact="Gestion des sinistres", mailbox="sinistres",
         follower=("ADM", True)),
    dict(numero_contrat="CT-014", type="maintenance",
         objet="Maintenance préventive du banc d'essai frigorifique", categories=COLD,
         date_debut=date(2021, 7, 1), duree_mois=12, reconduction="tacite", preavis_jours=60,
         date_resiliation=date(2026, 6, 30), cout_annuel_ht=Decimal("1150.00"),
         periodicite="semestrielle", contact="Service après-vente", mailbox="sav",
         follower=("ATE", True), covers=("EQ-009",)),
)

# (contract, effective on, new annual cost, reason)
REVISIONS = (
    ("CT-001", date(2026, 3, 15), Decimal("1620.00"),
     "Nouveau barème du prestataire (+12,5 %)"),
    ("CT-002", date(2026, 4, 1), Decimal("4944.00"), "Indexation annuelle (indice Syntec)"),
)


def _provider(suppliers: list[dict], categories: tuple[str, ...]) -> dict:
    """The first active supplier of the first category found; else the first supplier."""
    active = [row for row in suppliers if row.get("statut") != "inactif"]
    for category in categories:
        found = next((row for row in active if row.get("categorie") == category), None)
        if found is not None:
            return found
    return active[0] if active else suppliers[0]


def _follower(employees: list[dict], service: str, head: bool) -> str | None:
    """The head of `service` (whose manager is outside it), or its first other member."""
    members = [row for row in employees if row.get("service") == service
               and row.get("date_sortie") is None]
    heads = [row for row in members
             if row.get("responsable") not in {m["matricule"] for m in members}]
    chosen = (heads if head else [m for m in members if m not in heads]) or members
    return chosen[0]["matricule"] if chosen else None


def _contract_row(rng: random.Random, spec: dict, supplier: dict, follower: str | None) -> dict:
    domain = f"{slug(supplier['raison_sociale'])}.fr"
    visible = spec.get("visible", False)
    who = person(rng)
    return {
        "numero_contrat": spec["numero_contrat"], "type": spec["type"], "objet": spec["objet"],
        "code_fournisseur": supplier["code_fournisseur"],
        "reference_contrat": f"{supplier['code_fournisseur'][1:]}-{rng.randint(10000, 99999)}",
        "date_debut": spec["date_debut"], "duree_mois": spec["duree_mois"],
        "reconduction": spec["reconduction"], "preavis_jours": spec["preavis_jours"],
        "date_resiliation": spec.get("date_resiliation"),
        "cout_annuel_ht": spec["cout_annuel_ht"], "periodicite": spec["periodicite"],
        "licences": spec.get("licences"), "utilisateurs": spec.get("utilisateurs"),
        "en_usage": spec.get("en_usage", True),
        "contact_nom": f"{spec['contact']} ({who.full_name})",
        "contact_telephone": phone(rng, "FR"),
        "contact_email": f"{spec['mailbox']}@{domain}",
        "visible_personnel": visible, "consignes": spec.get("consignes"),
        "responsable": follower,
    }


def contracts(rng: random.Random, suppliers: list[dict], employees: list[dict]
              ) -> dict[str, list[dict]]:
    """Every row of the four sheets, by resource name."""
    equipment = [dict(zip(("code_equipement", "designation", "categorie", "emplacement",
                           "date_mise_service", "fin_garantie", "maintenance_requise",
                           "statut"), row)) for row in EQUIPMENT]
    rows, coverage = [], []
    for spec in CONTRACTS:
        follower = _follower(employees, *spec["follower"])
        rows.append(_contract_row(rng, spec, _provider(suppliers, spec["categories"]),
                                  follower))
        coverage += [{"numero_contrat": spec["numero_contrat"], "code_equipement": code}
                     for code in spec.get("covers", ())]
    revisions = [{"numero_contrat": number, "date_effet": day, "cout_annuel_ht": cost,
                  "motif": reason} for number, day, cost, reason in REVISIONS]
    return {"equipements": equipment, "contrats_services": rows,
            "revisions_contrats": revisions, "couvertures_contrats": coverage}
