"""The demo staff: the « Salariés » and « Contrats » sheets.

At scale 1 the team is fifteen people in five services, with a director at the top,
managers and non-managers, a part-time customer adviser, an apprentice, a fixed-term
warehouse clerk and a seasonal refrigeration technician who came for the summer (from
Monday 15 June to Friday 11 September 2026: he has left at the as-of date). Each further
scale unit adds fourteen staff members under the same service heads.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from pipelines.demo import identifiers
from pipelines.demo.contacts import Person, day_between, email, french_place, person, street_address
from pipelines.demo.settings import AS_OF, EMAIL_DOMAIN


@dataclass(frozen=True)
class ContractTerms:
    type_contrat: str
    date_debut: date
    date_fin: date | None
    hours: int
    salary: str
    coefficient: str
    motif_cdd: str | None = None
    part_time: bool = False


@dataclass(frozen=True)
class Role:
    person: Person
    poste: str
    service: str
    responsable: str | None
    categorie: str
    date_entree: date
    birth: date
    birth_department: str
    bureau: str
    contracts: tuple[ContractTerms, ...]
    date_sortie: date | None = None  # the last day, for someone who has left


def _cdi(start: date, hours: int, salary: str, coefficient: str) -> ContractTerms:
    return ContractTerms("CDI", start, None, hours, salary, coefficient)


BASE_TEAM = (
    Role(Person(False, "Claire", "Morel"), "Directrice générale", "DIR", None, "cadre",
         date(2012, 3, 1), date(1974, 6, 12), "69", "Bureau 1.01",
         (_cdi(date(2012, 3, 1), 39, "5200.00", "Cadre, niveau IX"),)),
    Role(Person(True, "Julien", "Garnier"), "Assistant de direction", "DIR", "S001", "non-cadre",
         date(2019, 9, 2), date(1991, 2, 3), "38", "Bureau 1.02",
         (_cdi(date(2019, 9, 2), 35, "2250.00", "Niveau IV, échelon 2"),)),
    Role(Person(True, "Thomas", "Lefèvre"), "Responsable commercial", "COM", "S001", "cadre",
         date(2015, 1, 5), date(1980, 11, 23), "42", "Bureau 2.01",
         (_cdi(date(2015, 1, 5), 39, "4100.00", "Cadre, niveau VIII"),)),
    Role(Person(False, "Sarah", "Benali"), "Technico-commerciale", "COM", "S003", "non-cadre",
         date(2021, 10, 4), date(1994, 8, 17), "69", "Bureau 2.02",
         (ContractTerms("CDD", date(2021, 10, 4), date(2022, 4, 3), 35, "2350.00",
                        "Niveau V, échelon 1", "Remplacement d'une salariée en congé maternité"),
          _cdi(date(2022, 4, 4), 35, "2600.00", "Niveau V, échelon 2"))),
    Role(Person(False, "Nathalie", "Roux"), "Chargée de clientèle", "COM", "S003", "non-cadre",
         date(2018, 6, 11), date(1983, 4, 29), "01", "Bureau 2.03",
         (ContractTerms("CDI", date(2018, 6, 11), None, 24, "1450.00", "Niveau III, échelon 3",
                        part_time=True),)),
    Role(Person(True, "Karim", "Haddad"), "Chef d'atelier", "ATE", "S001", "non-cadre",
         date(2014, 2, 3), date(1978, 9, 8), "13", "Atelier",
         (_cdi(date(2014, 2, 3), 39, "3100.00", "Agent de maîtrise, niveau VI"),)),
    Role(Person(True, "Lucas", "Fontaine"), "Technicien frigoriste", "ATE", "S006", "non-cadre",
         date(2017, 5, 15), date(1989, 12, 2), "69", "Atelier",
         (_cdi(date(2017, 5, 15), 35, "2450.00", "Niveau V, échelon 1"),)),
    Role(Person(True, "Antoine", "Mercier"), "Technicien éclairagiste", "ATE", "S006", "non-cadre",
         date(2020, 1, 6), date(1996, 7, 21), "73", "Atelier",
         (_cdi(date(2020, 1, 6), 35, "2300.00", "Niveau IV, échelon 3"),)),
    Role(Person(True, "Enzo", "Perrin"), "Apprenti technicien frigoriste", "ATE", "S006", "apprenti",
         date(2025, 9, 1), date(2007, 10, 14), "69", "Atelier",
         (ContractTerms("apprentissage", date(2025, 9, 1), date(2027, 8, 31), 35, "966.24",
                        "Apprenti, 2e année"),)),
    Role(Person(False, "Sophie", "Chevalier"), "Responsable logistique", "LOG", "S001", "non-cadre",
         date(2016, 9, 1), date(1985, 3, 9), "2A", "Magasin",
         (_cdi(date(2016, 9, 1), 35, "2700.00", "Agent de maîtrise, niveau V"),)),
    Role(Person(True, "Hugo", "Blanc"), "Magasinier", "LOG", "S010", "non-cadre",
         date(2026, 3, 2), date(2001, 5, 30), "42", "Magasin",
         (ContractTerms("CDD", date(2026, 3, 2), date(2026, 12, 31), 35, "1950.00",
                        "Niveau II, échelon 2",
                        "Accroissement temporaire d'activité (saison des installations)"),)),
    Role(Person(False, "Isabelle", "Faure"), "Responsable administrative et financière", "ADM",
         "S001", "cadre", date(2013, 10, 1), date(1977, 1, 16), "75", "Bureau 1.03",
         (_cdi(date(2013, 10, 1), 39, "4300.00", "Cadre, niveau VIII"),)),
    Role(Person(False, "Camille", "Bonnet"), "Comptable", "ADM", "S012", "non-cadre",
         date(2018, 1, 8), date(1990, 10, 5), "69", "Bureau 1.04",
         (_cdi(date(2018, 1, 8), 35, "2500.00", "Niveau V, échelon 1"),)),
    Role(Person(True, "Mathieu", "Giraud"), "Gestionnaire paie et RH", "ADM", "S012", "non-cadre",
         date(2021, 3, 1), date(1992, 6, 27), "26", "Bureau 1.04",
         (_cdi(date(2021, 3, 1), 35, "2400.00", "Niveau IV, échelon 3"),)),
    Role(Person(True, "Romain", "Vidal"), "Technicien frigoriste saisonnier", "ATE", "S006",
         "non-cadre", date(2026, 6, 15), date(1998, 4, 11), "69", "Atelier",
         (ContractTerms("CDD", date(2026, 6, 15), date(2026, 9, 11), 35, "2150.00",
                        "Niveau IV, échelon 1",
                        "Accroissement temporaire d'activité (saison)"),),
         date_sortie=date(2026, 9, 11)),
)

SERVICE_HEADS = {"DIR": "S001", "COM": "S003", "ATE": "S006", "LOG": "S010", "ADM": "S012"}
_EXTRA_POSTS = (  # (service, post, post for a woman, desk, base salary)
    ("COM", "Technico-commercial", "Technico-commerciale", "Bureau 2.04", 2350),
    ("ATE", "Technicien frigoriste", "Technicienne frigoriste", "Atelier", 2300),
    ("ATE", "Technicien éclairagiste", "Technicienne éclairagiste", "Atelier", 2200),
    ("LOG", "Préparateur de commandes", "Préparatrice de commandes", "Magasin", 1980),
    ("LOG", "Magasinier", "Magasinière", "Magasin", 1950),
    ("ADM", "Assistant administratif", "Assistante administrative", "Bureau 1.05", 2050),
    ("COM", "Assistant commercial", "Assistante commerciale", "Bureau 2.05", 2100),
)


def _extra_role(rng: random.Random) -> Role:
    service, post, post_f, bureau, base_salary = rng.choice(_EXTRA_POSTS)
    who = person(rng)
    entree = day_between(rng, date(2008, 1, 1), date(2025, 12, 1))
    birth = day_between(rng, date(1965, 1, 1), date(2002, 12, 31))
    salary = f"{base_salary + rng.randint(0, 30) * 10}.00"
    return Role(who, post if who.male else post_f, service, SERVICE_HEADS[service],
                "non-cadre", entree, birth, french_place(rng)[2], bureau,
                (_cdi(entree, 35, salary, "Niveau IV, échelon 1"),))


def team(rng: random.Random, scale: int) -> list[Role]:
    return list(BASE_TEAM) + [_extra_role(rng) for _ in range(14 * (scale - 1))]


def employees(rng: random.Random, roles: list[Role]) -> list[dict]:
    rows, emails = [], set()
    for number, role in enumerate(roles, start=1):
        who = role.person
        address = _unique_email(who, emails)
        postcode, city, _ = french_place(rng, lyon_weight=0.8)
        iban, bic = identifiers.bank_account(rng, "FR")
        rows.append({
            "matricule": f"S{number:03d}", "civilite": who.civility, "nom": who.last_name,
            "prenom": who.first_name, "date_naissance": role.birth,
            "nir": identifiers.nir(rng, who.male, role.birth, role.birth_department),
            "adresse": street_address(rng), "code_postal": postcode, "ville": city,
            "email_pro": address,
            "telephone_pro": f"04 72 70 {40 + number // 100:02d} {number % 100:02d}",
            "poste": role.poste, "service": role.service, "responsable": role.responsable,
            "categorie": role.categorie, "date_entree": role.date_entree,
            "date_sortie": role.date_sortie,
            "iban": iban, "bic": bic, "taux_pas": Decimal(rng.randint(0, 125)) / 10,
            "bureau": role.bureau,
        })
    return rows


def _unique_email(who: Person, taken: set[str]) -> str:
    candidate, n = email(who.first_name, who.last_name, EMAIL_DOMAIN), 1
    while candidate in taken:
        n += 1
        candidate = email(who.first_name, f"{who.last_name}{n}", EMAIL_DOMAIN)
    taken.add(candidate)
    return candidate


def contracts(roles: list[Role]) -> list[dict]:
    rows = []
    for number, role in enumerate(roles, start=1):
        for terms in role.contracts:
            rows.append(_contract_row(len(rows) + 1, f"S{number:03d}", terms))
    return rows


def _contract_row(number: int, matricule: str, terms: ContractTerms) -> dict:
    salary = Decimal(terms.salary)
    monthly_hours = Decimal(terms.hours) * 52 / 12
    if terms.date_debut > AS_OF:
        status = "à venir"
    elif terms.date_fin is not None and terms.date_fin < AS_OF:
        status = "terminé"
    else:
        status = "en cours"
    return {
        "id_contrat": f"CT{number:04d}", "matricule": matricule,
        "type_contrat": terms.type_contrat, "date_debut": terms.date_debut,
        "date_fin": terms.date_fin, "motif_cdd": terms.motif_cdd,
        "temps_travail": "temps partiel" if terms.part_time else "temps plein",
        "heures_hebdo": terms.hours, "salaire_base_mensuel": salary,
        "taux_horaire": (salary / monthly_hours).quantize(Decimal("0.0001"), ROUND_HALF_UP),
        "coefficient": terms.coefficient, "statut": status,
    }
