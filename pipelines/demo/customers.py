"""The demo customers and prospects: the « Clients » and « Prospects » sheets.

Forty customers per scale unit: French businesses, private persons, associations and
public bodies, companies of eight other EU countries and four countries outside the EU.
The first forty carry the everyday hazards: C0004 is over its credit limit, C0007 is
doubtful, C0013 is blocked, and the Spanish C0021 has not yet given its VAT number.
Fifteen prospects per scale unit; P0003's follow-up date has passed.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from pipelines.demo import identifiers
from pipelines.demo.contacts import (
    day_between,
    email,
    french_place,
    person,
    phone,
    slug,
    street_address,
)
from pipelines.demo.settings import AS_OF
from pipelines.demo.vocabulary import (
    ADMINISTRATIONS,
    ASSOCIATIONS,
    CUSTOMER_SIGNS,
    CUSTOMER_TRADES,
    FOREIGN_PLACES,
    FOREIGN_STREETS,
    FOREIGN_SURNAMES,
    LAST_NAMES,
)

EU_COUNTRIES = ("DE", "BE", "IT", "ES", "NL", "LU", "PT", "AT")

# FR: French business, PA: private person, AS: association, AD: public body,
# otherwise the ISO code of a foreign business.
CUSTOMER_PATTERN = (
    "FR", "FR", "FR", "FR", "DE", "FR", "FR", "PA", "FR", "BE",
    "FR", "AS", "FR", "CH", "FR", "IT", "PA", "FR", "AD", "FR",
    "ES", "FR", "GB", "FR", "PA", "NL", "FR", "AS", "FR", "US",
    "FR", "LU", "AD", "FR", "PA", "PT", "FR", "MA", "FR", "AT",
)
# C0002 is also supplier F0006: a refrigeration repairer that buys our lighting.
SCRIPTED_NAMES = {1: "Dauphiné Froid Service"}
OVER_LIMIT, DOUBTFUL, BLOCKED, MISSING_VAT = "C0004", "C0007", "C0013", "C0021"
LEADING_ZERO_POSTCODE = "C0003"  # in Bourg-en-Bresse, 01000: the zero must survive
CONTRACT_PENALTIES = ("C0024", Decimal(10))  # late-payment rate of its contract, in %

PROSPECT_PATTERN = (
    ("FR", "contacté"), ("FR", "intéressé"), ("FR", "proposition"), ("DE", "identifié"),
    ("FR", "gagné"), ("FR", "perdu"), ("FR", "intéressé"), ("BE", "contacté"),
    ("FR", "proposition"), ("FR", "identifié"), ("CH", "intéressé"), ("FR", "contacté"),
    ("IT", "proposition"), ("FR", "perdu"), ("FR", "identifié"),
)
MISSED_FOLLOW_UP = "P0003"
_SOURCES = ("salon", "site web", "recommandation", "prospection", "campagne")
_CAMPAIGNS = {"salon": "Salon des métiers de bouche 2026", "campagne": "Courriel de rentrée 2026"}


def zone_of(country: str) -> str:
    if country == "FR":
        return "France"
    return "UE" if country in EU_COUNTRIES else "Hors UE"


def _french_business_name(rng: random.Random) -> str:
    trade = rng.choice(CUSTOMER_TRADES)
    if rng.random() < 0.5:
        return f"{trade} {rng.choice(CUSTOMER_SIGNS)}"
    return f"{trade} {rng.choice(LAST_NAMES)}"


def _foreign_name(rng: random.Random, country: str) -> str:
    _, stems, _, suffix = FOREIGN_PLACES[country]
    return f"{rng.choice(stems)} {rng.choice(FOREIGN_SURNAMES[country])} {suffix}"


def _identity(rng: random.Random, kind: str, index: int) -> dict:
    """Name, type, registration numbers and address of one customer."""
    if kind == "PA":
        who = person(rng)
        postcode, city, _ = french_place(rng)
        return {"raison_sociale": who.full_name, "type_client": "particulier", "pays": "FR",
                "code_postal": postcode, "ville": city, "_contact": who,
                "_domain": "exemple.fr"}
    if kind in ("FR", "AS", "AD"):
        if kind == "FR":
            name = SCRIPTED_NAMES.get(index) or _french_business_name(rng)
            client_type = "entreprise"
        elif kind == "AS":
            name, client_type = ASSOCIATIONS[index % len(ASSOCIATIONS)], "association"
        else:
            name, client_type = ADMINISTRATIONS[index % len(ADMINISTRATIONS)], "administration"
        siren = identifiers.siren(rng)
        postcode, city, _ = french_place(rng)
        return {"raison_sociale": name, "type_client": client_type, "siren": siren,
                "numero_tva": identifiers.vat_fr(siren) if kind == "FR" else None,
                "pays": "FR", "code_postal": postcode, "ville": city,
                "_contact": person(rng), "_domain": f"{slug(name)}.fr"}
    places, _, tld, _ = FOREIGN_PLACES[kind]
    name = _foreign_name(rng, kind)
    postcode, city = rng.choice(places)
    return {"raison_sociale": name, "type_client": "entreprise",
            "numero_tva": identifiers.vat(rng, kind) if kind in EU_COUNTRIES else None,
            "pays": kind, "code_postal": postcode, "ville": city,
            "_contact": person(rng), "_domain": f"{slug(name)}.{tld}"}


def address(rng: random.Random, country: str) -> str:
    if country == "FR":
        return street_address(rng)
    return f"{rng.randint(1, 90)} {FOREIGN_STREETS[country]}"


def _terms(rng: random.Random, client_type: str) -> dict:
    if client_type == "particulier":
        return {"delai_paiement_jours": 0, "fin_de_mois": False, "plafond_credit": Decimal(0),
                "encours": None}
    delay = rng.choice((30, 30, 45, 60)) if client_type == "entreprise" else 30
    limit = {"administration": 50_000, "association": 2_000}.get(
        client_type, rng.randint(3, 30) * 1_000)
    rng.randint(0, int(limit * 80))  # drawn still, so that the rest of the demo stays the same
    # No typed encours: the demo has the sales workbook, from which what each customer owes
    # is computed (pipelines.compute.parties.outstanding); a typed one would contradict it.
    return {"delai_paiement_jours": delay, "fin_de_mois": delay == 45,
            "plafond_credit": Decimal(limit), "encours": None}


def customer(rng: random.Random, index: int) -> dict:
    kind = CUSTOMER_PATTERN[index % len(CUSTOMER_PATTERN)]
    row = _identity(rng, kind, index)
    who, domain = row.pop("_contact"), row.pop("_domain")
    row.update(_terms(rng, row["type_client"]))
    created = day_between(rng, date(2014, 1, 6), date(2026, 10, 30))
    consent = row["type_client"] == "particulier" or rng.random() < 0.6
    country = row["pays"]
    row.update({
        "code_client": f"C{index + 1:04d}", "zone": zone_of(country),
        "adresse": address(rng, country),
        "statut": "actif", "contact_nom": who.full_name,
        "contact_email": email(who.first_name, who.last_name, domain),
        "contact_telephone": phone(rng, country, mobile=row["type_client"] == "particulier"),
        "consentement_rgpd": consent,
        "date_consentement": day_between(rng, created, AS_OF) if consent else None,
        "commercial": "S003" if kind in FOREIGN_PLACES else rng.choice(("S004", "S005")),
        "date_creation": created,
    })
    if country == "FR" and row["type_client"] == "entreprise" and rng.random() < 0.2:
        row.update({"adresse_livraison": street_address(rng),
                    "code_postal_livraison": row["code_postal"], "ville_livraison": row["ville"]})
    return row


def _scripted(row: dict) -> dict:
    code = row["code_client"]
    if code == LEADING_ZERO_POSTCODE:
        row.update(code_postal="01000", ville="Bourg-en-Bresse")
    elif code == OVER_LIMIT:
        # owes 4 454,79 € on 30/11/2026 (computed from ventes.xlsx): over its limit
        row.update(plafond_credit=Decimal(4_000),
                   notes="Grosse commande de vitrines en octobre : plafond à revoir avec la direction.")
    elif code == DOUBTFUL:
        row.update(statut="douteux", plafond_credit=Decimal(10_000),
                   notes="Trois relances sans réponse ; dossier transmis au recouvrement "
                         "le 30/10/2026.")
    elif code == BLOCKED:
        row.update(statut="bloqué", plafond_credit=Decimal(5_000),
                   notes="Compte bloqué : chèque impayé en septembre 2026.")
    elif code == MISSING_VAT:
        row.update(numero_tva=None, notes="Numéro de TVA demandé au client le 12/11/2026.")
    elif code == CONTRACT_PENALTIES[0]:
        row.update(taux_penalites=CONTRACT_PENALTIES[1],
                   notes="Contrat cadre : pénalités de retard au taux de 10 % l'an.")
    return row


def customers(rng: random.Random, scale: int) -> list[dict]:
    return [_scripted(customer(rng, index)) for index in range(40 * scale)]


def prospects(rng: random.Random, scale: int) -> list[dict]:
    rows = []
    for index in range(15 * scale):
        country, stage = PROSPECT_PATTERN[index % len(PROSPECT_PATTERN)]
        code = f"P{index + 1:04d}"
        if country == "FR":
            name, city = _french_business_name(rng), french_place(rng)[1]
        else:
            name, city = _foreign_name(rng, country), rng.choice(FOREIGN_PLACES[country][0])[1]
        who, source = person(rng), rng.choice(_SOURCES)
        last_contact = None
        if stage != "identifié":
            last_contact = day_between(rng, date(2026, 9, 1), date(2026, 11, 27))
        follow_up = None
        if stage not in ("gagné", "perdu"):
            follow_up = day_between(rng, date(2026, 12, 1), date(2027, 1, 29))
        row = {
            "code_prospect": code, "raison_sociale": name, "pays": country,
            "zone": zone_of(country), "ville": city, "contact_nom": who.full_name,
            "contact_email": email(who.first_name, who.last_name, f"{slug(name)}.{_tld(country)}"),
            "source": source, "campagne": _CAMPAIGNS.get(source), "etape": stage,
            "date_dernier_contact": last_contact, "date_relance": follow_up,
            "consentement_rgpd": rng.random() < 0.5,
            "commercial": rng.choice(("S003", "S004")), "notes": None,
        }
        if code == MISSED_FOLLOW_UP:
            row.update(date_dernier_contact=date(2026, 10, 20), date_relance=date(2026, 11, 16),
                       notes="Devis de deux vitrines envoyé le 20/10/2026 ; relance prévue le 16/11.")
        rows.append(row)
    return rows


def _tld(country: str) -> str:
    return "fr" if country == "FR" else FOREIGN_PLACES[country][2]
