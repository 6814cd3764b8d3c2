"""The organisation itself: the « Organisation », « Services », « Gravites » and
« ReglesRelance » sheets."""

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
    iban, bic = identifiers.bank_account(rng, "FR")
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
        "site_web": f"https://www.{EMAIL_DOMAIN}", "iban": iban, "bic": bic,
    }


def services() -> list[dict]:
    return [{"code_service": code, "libelle": label, "responsable": head, "description": text}
            for code, label, head, text in SERVICES]


# The organisation's choice of severity for two adjustable codes (sheet « Gravites »).
SEVERITIES = (
    ("commande-client-douteux", "avertissement",
     "La direction valide elle-même chaque commande d'un client douteux, contre un acompte."),
    ("commande-plafond-depasse", "avertissement",
     "Un dépassement de plafond est accepté sur accord écrit de la direction."),
)


def severities() -> list[dict]:
    return [{"code": code, "gravite": severity, "motif": reason}
            for code, severity, reason in SEVERITIES]


# The organisation's dunning calendar (sheet « ReglesRelance »): the demo's reminders
# were sent on these days after the due date.
DUNNING_RULES = (
    ("relance 1", 10, "Courriel et courrier simple, copie de la facture jointe."),
    ("relance 2", 25, "Courrier simple et appel du commercial ; rappel des pénalités de retard."),
    ("mise en demeure", 40,
     "Lettre recommandée avec accusé de réception, signée par la direction."),
    ("contentieux", 60, "Dossier transmis au cabinet de recouvrement ; client classé douteux."),
)


def dunning_rules() -> list[dict]:
    return [{"niveau": level, "jours_apres_echeance": days, "commentaire": comment}
            for level, days, comment in DUNNING_RULES]


SETTINGS = (
    ("tolerance_quantite_pct", Decimal(0),
     "Une quantité facturée au-delà de la quantité reçue est toujours signalée."),
    ("tolerance_prix_pct", Decimal("0.5"),
     "Écart de prix toléré entre la facture et la commande ou le tarif (arrondis)."),
    ("jours_consommation_moyenne", Decimal(90),
     "La consommation moyenne d'un article se mesure sur les 90 derniers jours."),
    ("jours_couverture_stock", Decimal(30),
     "Une commande suggérée couvre 30 jours de consommation au-delà du point de commande."),
    ("seuil_surconsommation_pct", Decimal(50),
     "Un mois de consommation 50 % au-dessus de la moyenne est une surconsommation."),
    ("seuil_hausse_tarif_pct", Decimal(5),
     "Une révision de contrat de plus de 5 % est une hausse à examiner."),
    ("jours_reception_non_facturee", Decimal(30),
     "Une réception sans facture après 30 jours est à réclamer au fournisseur."),
    ("jours_avoir_attendu", Decimal(30),
     "Un retour au fournisseur doit être crédité par un avoir dans les 30 jours."),
    ("plafond_decaissements_hebdo", Decimal(30_000),
     "Au-delà de 30 000 € de paiements fournisseurs dans une semaine, la trésorerie est "
     "tendue : reporter ce qui peut l'être."),
)
REQUIRED_CERTIFICATES = (
    ("extrait Kbis", "toutes", 12, "Existence et immatriculation du fournisseur."),
    ("relevé d'identité bancaire", "toutes", None, "Avant tout premier virement."),
    ("attestation de vigilance URSSAF", "Transport", 6,
     "Obligation de vigilance du donneur d'ordre (C. trav. L8222-1, D8222-5)."),
    ("attestation d'assurance", "Transport", 12, "Responsabilité civile du transporteur."),
    ("attestation de vigilance URSSAF", "Fluides frigorigènes", 6,
     "Prestations de récupération des fluides sur les chantiers."),
)


def settings() -> list[dict]:
    """The « Reglages » sheet: the organisation's tolerances and thresholds."""
    return [{"parametre": name, "valeur": value, "commentaire": comment}
            for name, value, comment in SETTINGS]


def required_certificates() -> list[dict]:
    """The « AttestationsExigees » sheet: what the organisation asks its suppliers for."""
    return [{"type_attestation": kind, "categorie_fournisseur": category,
             "validite_mois": months, "motif": reason}
            for kind, category, months, reason in REQUIRED_CERTIFICATES]
