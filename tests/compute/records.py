"""Hand-built `Dataset`s for the compute and publish tests.

Tables are built from lists of dicts with the columns, dtypes and sensitive flags of
the schemas (schemas/datapackage.json and its Table Schemas), as `validate` builds
them: a missing cell is null, `_ligne` is the Excel row (header = row 1).
"""

from __future__ import annotations

import json
from datetime import date, time
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import polars as pl

from pipelines.dataset import NUMBER_DTYPE, ROW_COLUMN, Dataset, Table
from pipelines.issues import column_letter

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"

DTYPES = {
    "string": pl.String,
    "integer": pl.Int64,
    "number": NUMBER_DTYPE,
    "boolean": pl.Boolean,
    "date": pl.Date,
    "time": pl.Time,
    "datetime": pl.Datetime("us"),
    "year": pl.Int64,
}


@lru_cache(maxsize=None)
def _resources() -> dict[str, dict]:
    package = json.loads((SCHEMAS / "datapackage.json").read_text(encoding="utf-8"))
    return {resource["name"]: resource for resource in package["resources"]}


@lru_cache(maxsize=None)
def _fields(resource: str) -> tuple[dict, ...]:
    path = SCHEMAS / _resources()[resource]["schema"]
    return tuple(json.loads(path.read_text(encoding="utf-8"))["fields"])


def _cell(value, dtype):
    if dtype == NUMBER_DTYPE and value is not None and not isinstance(value, Decimal):
        return Decimal(str(value))
    return value


def table(resource: str, rows: list[dict]) -> Table:
    """One sheet of the schemas, typed, from rows given as {field: value}."""
    fields = _fields(resource)
    descriptor = _resources()[resource]
    unknown = {key for row in rows for key in row} - {field["name"] for field in fields}
    assert not unknown, f"{resource} : colonnes inconnues {sorted(unknown)}"
    schema = {field["name"]: DTYPES[field["type"]] for field in fields}
    data = {
        name: [_cell(row.get(name), dtype) for row in rows] for name, dtype in schema.items()
    }
    frame = pl.DataFrame(data, schema=schema).with_columns(
        pl.Series(ROW_COLUMN, range(2, len(rows) + 2), dtype=pl.Int64)
    )
    return Table(
        resource=resource,
        workbook=Path(descriptor["path"]).name,
        sheet=descriptor["dialect"]["excel"]["sheet"],
        frame=frame,
        letters={field["name"]: column_letter(i) for i, field in enumerate(fields)},
        titles={field["name"]: field.get("title", field["name"]) for field in fields},
        sensitive=frozenset(f["name"] for f in fields if f.get("agora:sensible")),
    )


def dataset(as_of: date, **rows_by_resource: list[dict]) -> Dataset:
    return Dataset({name: table(name, rows) for name, rows in rows_by_resource.items()}, as_of)


AS_OF = date(2026, 11, 30)

# Values planted in sensitive columns: none may ever reach the staff site.
PLANTED_NIR = "185057800608491"
PLANTED_IBAN = "FR7630006000011234567890189"
PLANTED_STREET = "17 impasse des Secrets-Bien-Gardés"
PLANTED_ABSENCE_TYPE = "accident du travail"
SCRIPT_NAME = "<script>alert(1)</script>"
ORGANISATION_NAME = 'Les Ateliers <Agora> & "Fils"'  # the site names: a title, a tooltip


def employee(matricule: str, nom: str, prenom: str, service: str, **fields) -> dict:
    base = {
        "matricule": matricule, "civilite": "Mme", "nom": nom, "prenom": prenom,
        "email_pro": f"{prenom.lower()}.{nom.lower()}@exemple.fr", "telephone_pro": "01 23 45 67 89",
        "poste": "Assistante", "service": service, "categorie": "non-cadre",
        "date_entree": date(2020, 1, 6), "bureau": "B12", "taux_pas": "4.5",
        "date_naissance": date(1985, 5, 17), "ville": "Lyon", "code_postal": "69003",
    }
    return {**base, **fields}


PROSPECT_NAME = "Café Lumière"
PROSPECT_CONTACT = "Odile Prospectine"  # a prospect's contact: management site only


def prospect(code: str, name: str, pays: str, zone: str, etape: str, campagne: str | None,
             **fields) -> dict:
    base = {
        "code_prospect": code, "raison_sociale": name, "pays": pays, "zone": zone,
        "etape": etape, "campagne": campagne, "source": "prospection",
        "date_dernier_contact": date(2026, 10, 15), "commercial": "S002",
        "contact_nom": "Jean Dupont", "consentement_rgpd": True,
    }
    return {**base, **fields}


def small_records() -> dict[str, list[dict]]:
    """A tiny organisation with one of each hazard the pages must show."""
    return {
        "organisation": [{
            "raison_sociale": ORGANISATION_NAME, "forme_juridique": "SAS",
            "siren": "732829320", "date_arrete": AS_OF, "debut_exercice": date(2026, 1, 1),
            "fin_exercice": date(2026, 12, 31), "ville": "Lyon",
        }],
        "services": [
            {"code_service": "DIR", "libelle": "Direction", "responsable": "S001"},
            {"code_service": "COM", "libelle": "Commercial", "responsable": "S002"},
            {"code_service": "LOG", "libelle": "Logistique", "responsable": "S003"},
            {"code_service": "QUA", "libelle": "Qualité"},
        ],
        "salaries": [
            employee("S001", "Martin", "Claire", "DIR", poste="Directrice générale",
                     categorie="cadre", nir=PLANTED_NIR, iban=PLANTED_IBAN,
                     adresse=PLANTED_STREET),
            employee("S002", "Durand", "Paul", "COM", civilite="M.", poste="Commercial",
                     responsable="S001"),
            employee("S003", "Petit", "Léa", "LOG", poste="Magasinière", responsable="S001"),
            employee("S004", "Bernard", "Hugo", "LOG", civilite="M.", poste="Préparateur",
                     responsable="S003"),
            employee("S005", "Roux", "Inès", "COM", poste="Assistante commerciale",
                     responsable="S002", date_sortie=date(2026, 6, 30)),
            employee("S006", "Morel", "Jules", "LOG", civilite="M.", poste="Apprenti",
                     responsable="S003", date_entree=date(2026, 12, 1)),
        ],
        "clients": [
            {"code_client": "C0001", "raison_sociale": "Boulangerie Dupain", "type_client": "entreprise",
             "pays": "FR", "zone": "France", "ville": "Lyon", "plafond_credit": "5000",
             "encours": "1200.50", "statut": "actif", "commercial": "S002",
             "delai_paiement_jours": 30, "contact_email": "compta@dupain.example"},
            {"code_client": "C0002", "raison_sociale": SCRIPT_NAME, "type_client": "particulier",
             "pays": "FR", "zone": "France", "adresse": PLANTED_STREET, "ville": "Villeurbanne",
             "plafond_credit": "1000", "encours": "1500", "statut": "douteux", "commercial": "S002"},
        ],
        "prospects": [
            prospect("P0001", PROSPECT_NAME, "FR", "France", "intéressé", "Salon 2026",
                     date_relance=date(2026, 11, 20), contact_nom=PROSPECT_CONTACT),
            prospect("P0002", SCRIPT_NAME, "DE", "UE", "proposition", None, date_relance=AS_OF),
            prospect("P0003", "Glaces du Léman", "CH", "Hors UE", "gagné", "Salon 2026",
                     date_relance=date(2026, 11, 2)),
            prospect("P0004", "Boulangerie Lafleur", "FR", "France", "contacté",
                     "Courriel d'automne", date_relance=date(2026, 12, 10)),
            prospect("P0005", "Traiteur Lebrun", "FR", "France", "identifié", None,
                     commercial="S099"),
            prospect("P0006", "Hôtel du Parc", "FR", "France", "contacté", "Courriel d'automne",
                     date_relance=date(2026, 12, 1)),
        ],
        "fournisseurs": [
            {"code_fournisseur": "F0001", "raison_sociale": "Papeterie | Centrale [SA]",
             "pays": "FR", "zone": "France", "iban": PLANTED_IBAN, "bic": "AGRIFRPP",
             "mode_reglement": "virement", "devise": "EUR", "statut": "actif",
             "client_lie": "C0001"},
        ],
        "articles": [
            {"reference": "ART-0001", "designation": "Ramette A4", "categorie": "Papeterie",
             "unite": "carton", "code_fournisseur": "F0001", "prix_achat_ht": "20",
             "stock_initial": "10", "cout_unitaire_initial": "2.50", "stock_securite": "4",
             "actif": True},
            {"reference": "ART-0002", "designation": "Agrafeuse", "categorie": "Papeterie",
             "unite": "pièce", "code_fournisseur": "F0001", "stock_initial": "5",
             "cout_unitaire_initial": "1.333333", "stock_securite": "1", "actif": True},
            {"reference": "ART-0003", "designation": "Classeur", "categorie": "Papeterie",
             "unite": "pièce", "code_fournisseur": "F0001", "stock_initial": "40",
             "cout_unitaire_initial": "0.99", "stock_securite": "10", "actif": True},
        ],
        "mouvements": [
            {"id_mouvement": 1, "date": date(2026, 1, 5), "reference": "ART-0001",
             "type": "achat", "quantite": "5", "cout_unitaire": "3.105"},
            {"id_mouvement": 2, "date": date(2026, 2, 1), "reference": "ART-0001",
             "type": "vente", "quantite": "12"},
            {"id_mouvement": 3, "date": date(2026, 3, 1), "reference": "ART-0002",
             "type": "vente", "quantite": "5"},
            {"id_mouvement": 4, "date": date(2026, 12, 1), "reference": "ART-0001",
             "type": "achat", "quantite": "100", "cout_unitaire": "9"},
        ],
        "pointages": [
            {"matricule": "S002", "date": date(2026, 11, 2 + day), "debut": time(8),
             "fin": time(17, 30), "pause_minutes": 60, "heures": "8.5"}
            for day in range(5)
        ] + [
            {"matricule": "S003", "date": date(2026, 10, 30), "debut": time(9),
             "fin": time(16), "pause_minutes": 0, "heures": "7"},
        ],
        "absences": [
            {"id_absence": "A0001", "matricule": "S004", "type": PLANTED_ABSENCE_TYPE,
             "date_debut": date(2026, 9, 14), "date_fin": date(2026, 9, 18), "jours": "5"},
        ],
        "annonces": [
            {"id_annonce": "N001", "titre": "Exercice d'évacuation", "message": "Jeudi à 10 h.",
             "priorite": "information", "public": "tous", "date_debut": date(2026, 11, 20),
             "date_expiration": date(2026, 12, 5), "auteur": "S001"},
            {"id_annonce": "N002", "titre": "Coupure du réseau", "message": "Ce soir à 20 h.",
             "priorite": "urgente", "public": "tous", "date_debut": date(2026, 11, 29),
             "date_expiration": date(2026, 11, 30), "auteur": "S001"},
            {"id_annonce": "N003", "titre": "Annonce périmée", "message": "Trop tard.",
             "priorite": "urgente", "public": "LOG", "date_debut": date(2026, 10, 1),
             "date_expiration": date(2026, 11, 29), "auteur": "S003"},
            {"id_annonce": "N004", "titre": "Inventaire du magasin", "message": "Tous au dépôt.",
             "priorite": "importante", "public": "LOG", "date_debut": date(2026, 11, 25),
             "date_expiration": None, "auteur": "S003"},
        ],
        "actualites": [
            {"id_actualite": "nouveau-site", "date_publication": date(2026, 11, 16),
             "titre": "Un nouvel intranet", "categorie": "Informatique", "auteur": "S001",
             "resume": "L'intranet fait peau neuve.",
             "contenu": "Premier paragraphe.\n\nSecond paragraphe avec *étoiles*.", "publie": True},
            {"id_actualite": "bilan-qualite", "date_publication": date(2026, 10, 2),
             "titre": "Bilan qualité <b>2026</b>", "categorie": "Qualité", "auteur": "S003",
             "resume": "Les chiffres de l'année.", "contenu": "Tout va bien.", "publie": True},
            {"id_actualite": "brouillon", "date_publication": date(2026, 11, 1),
             "titre": "Brouillon caché", "categorie": "Qualité", "auteur": "S003",
             "resume": "Pas encore.", "contenu": "Pas encore.", "publie": False},
            {"id_actualite": "futur", "date_publication": date(2026, 12, 15),
             "titre": "Fêtes de fin d'année", "categorie": "Vie de l'entreprise",
             "auteur": "S001", "resume": "Bientôt.", "contenu": "Bientôt.", "publie": True},
        ],
    }


def small_dataset() -> Dataset:
    return dataset(AS_OF, **small_records())
