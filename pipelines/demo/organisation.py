"""The organisation itself: the « Organisation » and « Services » sheets."""

from __future__ import annotations

import random
from decimal import Decimal

from pipelines.demo import identifiers
from pipelines.demo.settings import AS_OF, EMAIL_DOMAIN, FISCAL_END, FISCAL_START

SERVICES = (
    ("DIR", "Direction", "S001", "Pilote l'entreprise, la stratégie et les grands comptes."),
    ("COM", "Commercial", "S003", "Conseille les clients, établit les devis et suit les prospects."),
    ("ATE", "Atelier", "S006",
     "Installe, entretient et dépanne les équipements froids et l'éclairage chez les clients."),
    ("LOG", "Logistique", "S010", "Reçoit, stocke et prépare le matériel ; tient l'inventaire."),
    ("ADM", "Administration", "S012", "Comptabilité, facturation, paie et ressources humaines."),
)


def organisation(rng: random.Random, employees: list[dict]) -> dict:
    siren = identifiers.siren(rng)
    present = [e for e in employees if e["date_entree"] <= AS_OF
               and (e["date_sortie"] is None or e["date_sortie"] >= AS_OF)]
    return {
        "raison_sociale": "Atelier Lumière & Froid", "forme_juridique": "SAS",
        "capital": Decimal(120_000), "siren": siren, "siret": identifiers.siret(siren, 1),
        "rcs": "RCS Lyon", "numero_tva": identifiers.vat_fr(siren),
        "adresse": "27 rue de Gerland", "code_postal": "69007", "ville": "Lyon", "pays": "FR",
        "regime_tva": "reel_normal", "option_debits": True, "effectif": len(present),
        "date_arrete": AS_OF, "debut_exercice": FISCAL_START, "fin_exercice": FISCAL_END,
        "code_naf": "46.69B",
        "convention_collective": "Commerces de gros (IDCC 573)",
        "telephone": "04 72 70 41 00", "email": f"contact@{EMAIL_DOMAIN}",
        "site_web": f"https://www.{EMAIL_DOMAIN}",
    }


def services() -> list[dict]:
    return [{"code_service": code, "libelle": label, "responsable": head, "description": text}
            for code, label, head, text in SERVICES]
