"""Names, addresses, e-mails and phone numbers for demo people and companies."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from pipelines.demo.vocabulary import (
    FIRST_NAMES_F,
    FIRST_NAMES_M,
    FRENCH_PLACES,
    LAST_NAMES,
    PHONE_PREFIX,
    STREETS,
)


@dataclass(frozen=True)
class Person:
    male: bool
    first_name: str
    last_name: str

    @property
    def civility(self) -> str:
        return "M." if self.male else "Mme"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def slug(text: str) -> str:
    """Lower-case ASCII with dashes: « Épicerie fine d'Ainay » → « epicerie-fine-d-ainay »."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = "".join(c if c.isalnum() else " " for c in ascii_text.lower()).split()
    return "-".join(words)


def person(rng: random.Random) -> Person:
    male = rng.random() < 0.5
    first = rng.choice(FIRST_NAMES_M if male else FIRST_NAMES_F)
    return Person(male, first, rng.choice(LAST_NAMES))


def email(first: str, last: str, domain: str) -> str:
    return f"{slug(first).replace('-', '')}.{slug(last)}@{domain}"


def french_place(rng: random.Random, lyon_weight: float = 0.6) -> tuple[str, str, str]:
    """(postcode, city, département): mostly the Lyon area."""
    lyon_area = [p for p in FRENCH_PLACES if p[2] == "69"]
    if rng.random() < lyon_weight:
        return rng.choice(lyon_area)
    return rng.choice(FRENCH_PLACES)


def street_address(rng: random.Random) -> str:
    return f"{rng.randint(1, 160)} {rng.choice(STREETS)}"


def phone(rng: random.Random, country: str = "FR", mobile: bool = False) -> str:
    """A phone number written as people write them (French style in France)."""
    if country == "FR":
        first = rng.choice("67") if mobile else "4"
        groups = " ".join(f"{rng.randint(0, 99):02d}" for _ in range(4))
        return f"0{first} {groups}"
    digits = "".join(str(rng.randint(0, 9)) for _ in range(9))
    return f"{PHONE_PREFIX[country]} {digits[:3]} {digits[3:6]} {digits[6:]}"


def day_between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))
