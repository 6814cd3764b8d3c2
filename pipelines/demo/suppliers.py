"""The demo suppliers: the « Fournisseurs » sheet.

Fifteen suppliers per scale unit, in France, in the EU and outside it. F0006 is also a
customer (the same company as C0002, a refrigeration repairer that buys our lighting).
"""

from __future__ import annotations

import random
from datetime import date

from pipelines.demo import identifiers
from pipelines.demo.contacts import day_between, email, french_place, person, phone, slug
from pipelines.demo.customers import address, zone_of
from pipelines.demo.vocabulary import BANKS, FOREIGN_PLACES, FOREIGN_SURNAMES, LAST_NAMES

SUPPLIER_PATTERN = (
    ("FR", "Matériel frigorifique"), ("FR", "Éclairage"), ("FR", "Pièces détachées"),
    ("FR", "Fluides frigorigènes"), ("DE", "Matériel frigorifique"), ("FR", "Pièces détachées"),
    ("IT", "Matériel frigorifique"), ("FR", "Transport"), ("ES", "Éclairage"),
    ("FR", "Fournitures de bureau"), ("BE", "Éclairage"), ("CH", "Outillage"),
    ("GB", "Pièces détachées"), ("CN", "Éclairage"), ("FR", "Consommables"),
)
LINKED_SUPPLIER, LINKED_CUSTOMER = "F0006", "C0002"
INACTIVE_SUPPLIER = "F0008"
OLD_KBIS_SUPPLIER = "F0003"
_FRENCH_STEMS = {
    "Matériel frigorifique": "Froid Équipement", "Éclairage": "Lumitec",
    "Pièces détachées": "Pièces Froid", "Fluides frigorigènes": "Gaz & Fluides",
    "Transport": "Transports", "Fournitures de bureau": "Bureau Plus",
    "Consommables": "Fixations", "Outillage": "Outillage",
}
_CURRENCIES = {"CH": "CHF", "GB": "GBP", "US": "USD", "CN": "USD"}


def _name(rng: random.Random, country: str, category: str) -> str:
    if country == "FR":
        return f"{_FRENCH_STEMS[category]} {rng.choice(LAST_NAMES)}"
    _, stems, _, suffix = FOREIGN_PLACES[country]
    return f"{rng.choice(FOREIGN_SURNAMES[country])} {rng.choice(stems)} {suffix}"


def _registration(rng: random.Random, country: str) -> dict:
    if country == "FR":
        siren = identifiers.siren(rng)
        return {"siren": siren, "numero_tva": identifiers.vat_fr(siren)}
    if zone_of(country) == "UE":
        return {"numero_tva": identifiers.vat(rng, country)}
    return {}


def supplier(rng: random.Random, index: int) -> dict:
    country, category = SUPPLIER_PATTERN[index % len(SUPPLIER_PATTERN)]
    name = _name(rng, country, category)
    if country == "FR":
        postcode, city, _ = french_place(rng, lyon_weight=0.4)
    else:
        postcode, city = rng.choice(FOREIGN_PLACES[country][0])
    iban, bic = identifiers.bank_account(rng, country) if country in BANKS else (None, None)
    who = person(rng)
    tld = "fr" if country == "FR" else FOREIGN_PLACES[country][2]
    code = f"F{index + 1:04d}"
    return {
        "code_fournisseur": code, "raison_sociale": name, **_registration(rng, country),
        "pays": country, "zone": zone_of(country), "adresse": address(rng, country),
        "code_postal": postcode, "ville": city, "iban": iban,
        "bic": bic or ("BKCHCNBJ" if country == "CN" else None),
        "delai_paiement_jours": rng.choice((30, 45, 60)) if country == "FR" else 30,
        "mode_reglement": "prélèvement" if category == "Transport" else "virement",
        "devise": _CURRENCIES.get(country, "EUR"), "categorie": category,
        "contact_nom": who.full_name,
        "contact_email": email(who.first_name, who.last_name, f"{slug(name)}.{tld}"),
        "contact_telephone": phone(rng, country),
        "statut": "inactif" if code == INACTIVE_SUPPLIER else "actif",
        "client_lie": None, "date_creation": day_between(rng, date(2012, 1, 2), date(2025, 12, 15)),
    }


def suppliers(rng: random.Random, scale: int, customers: list[dict]) -> list[dict]:
    rows = [supplier(rng, index) for index in range(15 * scale)]
    linked = next(row for row in customers if row["code_client"] == LINKED_CUSTOMER)
    for row in rows:
        if row["code_fournisseur"] == LINKED_SUPPLIER:
            row.update({key: linked[key] for key in (
                "raison_sociale", "siren", "numero_tva", "adresse", "code_postal", "ville")})
            row["client_lie"] = LINKED_CUSTOMER
    return rows


def certificates(rng: random.Random, vendors: list[dict]) -> list[dict]:
    """The « Attestations » sheet: the documents each supplier has handed over.

    Every active supplier gave its bank details when it was created, and each French one
    a recent Kbis extract, except F0003 whose extract is more than a year old, and an URSSAF
    vigilance certificate of less than six months (the law asks for one every six months
    above 5 000 € HT of purchases), except the fluids supplier, whose certificate has
    expired.
    """
    rows = []
    for vendor in vendors:
        if vendor["statut"] != "actif":
            continue
        code = vendor["code_fournisseur"]
        if vendor.get("iban"):
            rows.append({"code_fournisseur": code, "type_attestation": "relevé d'identité bancaire",
                         "date_document": vendor["date_creation"]})
        if vendor["pays"] == "FR":
            issued = (date(2025, 3, 12) if code == OLD_KBIS_SUPPLIER
                      else day_between(rng, date(2026, 1, 5), date(2026, 10, 30)))
            rows.append({"code_fournisseur": code, "type_attestation": "extrait Kbis",
                         "date_document": issued})
        if vendor["categorie"] == "Fluides frigorigènes":
            rows.append({"code_fournisseur": code,
                         "type_attestation": "attestation de vigilance URSSAF",
                         "date_document": date(2026, 4, 15), "date_validite": date(2026, 10, 15),
                         "commentaire": "Nouvelle attestation demandée le 02/11/2026"})
        elif vendor["pays"] == "FR":  # every French supplier, every six months
            issued = day_between(rng, date(2026, 6, 15), date(2026, 11, 20))
            rows.append({"code_fournisseur": code,
                         "type_attestation": "attestation de vigilance URSSAF",
                         "date_document": issued,
                         "commentaire": "Authenticité vérifiée sur le site de l'URSSAF"})
    return rows
