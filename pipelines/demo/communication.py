"""News and notices: the « Actualités » and « Annonces » sheets.

Ten news posts over 2026 (their text lives in ``actualites.yaml``) and five notices:
an urgent one, an expired one, one for the workshop only, and two for everyone.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

NEWS_FILE = Path(__file__).with_name("actualites.yaml")

NOTICES = (
    {"id_annonce": "N001", "titre": "Coupure d'électricité le mardi 1er décembre",
     "message": "Le gestionnaire du réseau intervient sur le transformateur du site le mardi "
                "1er décembre de 7 h à 12 h. L'atelier et le magasin seront sans courant : "
                "reportez les essais de groupes froids à l'après-midi.",
     "priorite": "urgente", "public": "tous", "date_debut": date(2026, 11, 26),
     "date_expiration": date(2026, 12, 1), "auteur": "S006"},
    {"id_annonce": "N002", "titre": "Inventaire : magasin fermé les 29 et 30 juin",
     "message": "Aucune sortie de matériel pendant l'inventaire semestriel. "
                "Préparez vos interventions à l'avance.",
     "priorite": "importante", "public": "tous", "date_debut": date(2026, 6, 22),
     "date_expiration": date(2026, 6, 30), "auteur": "S010"},
    {"id_annonce": "N003", "titre": "Nouvelle station de récupération des fluides",
     "message": "La nouvelle station de récupération est installée dans la zone ventilée. "
                "Une démonstration a lieu chaque lundi de novembre à 8 h 30.",
     "priorite": "information", "public": "ATE", "date_debut": date(2026, 11, 2),
     "date_expiration": date(2026, 12, 31), "auteur": "S006"},
    {"id_annonce": "N004", "titre": "Entretiens annuels : prenez rendez-vous",
     "message": "Les entretiens ont lieu jusqu'au 18 décembre. Si vous n'avez pas encore "
                "de créneau, voyez avec votre responsable.",
     "priorite": "importante", "public": "tous", "date_debut": date(2026, 11, 16),
     "date_expiration": date(2026, 12, 18), "auteur": "S014"},
    {"id_annonce": "N005", "titre": "Équipements de protection à l'atelier",
     "message": "Chaussures de sécurité et lunettes sont obligatoires dans l'atelier, "
                "visiteurs compris. Des équipements de prêt sont à l'accueil.",
     "priorite": "information", "public": "tous", "date_debut": date(2026, 9, 1),
     "date_expiration": None, "auteur": "S006"},
)


def _paragraphs(text: str) -> str:
    """Each paragraph on one line, paragraphs separated by an empty line."""
    return "\n\n".join(" ".join(block.split()) for block in text.strip().split("\n\n"))


def news() -> list[dict]:
    entries = yaml.safe_load(NEWS_FILE.read_text(encoding="utf-8"))
    return [{**entry, "resume": " ".join(entry["resume"].split()),
             "contenu": _paragraphs(entry["contenu"]), "publie": True} for entry in entries]


def notices() -> list[dict]:
    return [dict(notice) for notice in NOTICES]
