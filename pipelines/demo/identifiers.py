"""Valid (checksummed) but fictitious identifiers for the demo organisation.

The check keys come from python-stdnum and schwifty, the same libraries that check
them on load, so the demo can only be as valid as the checks are strict.
"""

from __future__ import annotations

import random
from datetime import date

from schwifty import IBAN
from stdnum import luhn
from stdnum.eu import vat as eu_vat
from stdnum.fr import nir as fr_nir

from pipelines.demo.vocabulary import BANKS

_DIGITS = "0123456789"
_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"

# VAT number shapes by country: prefix, then the characters to draw (D digit, L letter)
_VAT_SHAPES = {
    "DE": ("DE", "DDDDDDDDD"),
    "BE": ("BE0", "DDDDDDDDD"),
    "IT": ("IT", "DDDDDDDDDDD"),
    "ES": ("ESB", "DDDDDDDD"),
    "NL": ("NL", "DDDDDDDDDB01"),
    "LU": ("LU", "DDDDDDDD"),
    "PT": ("PT5", "DDDDDDDD"),
    "AT": ("ATU", "DDDDDDDD"),
}


def _draw(rng: random.Random, shape: str) -> str:
    chars = []
    for symbol in shape:
        if symbol == "D":
            chars.append(rng.choice(_DIGITS))
        elif symbol == "L":
            chars.append(rng.choice(_LETTERS))
        else:
            chars.append(symbol)
    return "".join(chars)


def siren(rng: random.Random) -> str:
    """Nine digits whose last one is the Luhn key."""
    body = rng.choice("123456789") + _draw(rng, "D" * 7)
    return body + luhn.calc_check_digit(body)


def siret(siren_number: str, establishment: int = 1) -> str:
    """SIREN + NIC (4 digits of establishment number + the Luhn key of the 14 digits)."""
    body = siren_number + f"{establishment:04d}"
    return body + luhn.calc_check_digit(body)


def vat_fr(siren_number: str) -> str:
    """French VAT number: FR + key (12 + 3 × (SIREN mod 97)) mod 97 + SIREN."""
    key = (12 + 3 * (int(siren_number) % 97)) % 97
    return f"FR{key:02d}{siren_number}"


def vat(rng: random.Random, country: str) -> str:
    """A VAT number of another EU country that passes its national check."""
    prefix, shape = _VAT_SHAPES[country]
    for _ in range(10_000):
        candidate = prefix + _draw(rng, shape)
        if eu_vat.is_valid(candidate):
            return candidate
    raise RuntimeError(f"aucun numéro de TVA valide trouvé pour {country}")


def bank_account(rng: random.Random, country: str) -> tuple[str, str]:
    """(IBAN, BIC) of a real bank of `country` with an invented account number."""
    bank_code, bic, length = rng.choice(BANKS[country])
    for _ in range(1_000):
        account = _draw(rng, "D" * length)
        try:
            iban = IBAN.generate(country, bank_code=bank_code, account_code=account)
            IBAN(str(iban))
        except ValueError:
            continue
        return str(iban), bic
    raise RuntimeError(f"aucun IBAN valide trouvé pour {country}")


def nir(rng: random.Random, male: bool, birth: date, department: str) -> str:
    """Social security number: sex, year, month, birth place, order number and key."""
    commune = f"{rng.randint(1, 399):03d}"
    order = f"{rng.randint(1, 999):03d}"
    body = f"{1 if male else 2}{birth.year % 100:02d}{birth.month:02d}{department}{commune}{order}"
    return body + fr_nir.calc_check_digits(body)
