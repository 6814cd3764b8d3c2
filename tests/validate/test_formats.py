"""Business formats: a vectorised screen, then python-stdnum / schwifty for the reason."""

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.eu import vat
from stdnum.fr import nir, siren, siret

from pipelines.validate import formats

from .builders import package
from .paths import AS_OF
from pipelines.validate import validate_workbooks


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(alphabet="0123456789", min_size=8, max_size=9), min_size=1, max_size=50))
def test_siren_screen_never_clears_an_invalid_number(bases):
    numbers = [base + luhn.calc_check_digit(base) if len(base) == 8 else base for base in bases]
    screened = formats._siren_screen(pl.Series(numbers)).fill_null(False).to_list()
    assert all(siren.is_valid(number) for number, ok in zip(numbers, screened) if ok)
    assert all(ok for number, ok in zip(numbers, screened) if siren.is_valid(number))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(alphabet="0123456789", min_size=13, max_size=15), min_size=1, max_size=50))
def test_siret_nir_and_vat_screens_agree_with_stdnum(numbers):
    checks = [
        (formats._siret_screen, siret, numbers),
        (formats._nir_screen, nir, numbers),
        (formats._vat_screen, vat, ["FR" + number[:11] for number in numbers]),
    ]
    for screen, module, values in checks:
        screened = screen(pl.Series(values)).fill_null(False).to_list()
        assert all(module.is_valid(value) for value, ok in zip(values, screened) if ok)


@pytest.mark.parametrize(
    "business_format, good, bad, reason",
    [
        ("siren", "552081317", "552081318", "clé de contrôle"),
        ("siret", "55208131700257", "55208131700258", "clé de contrôle"),
        ("tva", "FR03552081317", "FR00552081317", "clé de contrôle"),
        ("tva", "DE136695976", "DE136695977", "clé de contrôle"),
        ("iban", "FR7630006000011234567890189", "FR7630006000011234567890188", "clé de contrôle"),
        ("bic", "BNPAFRPP", "BNPAXXPP", "code pays inconnu"),
        ("code_postal", "01000", "00100", "aucun département 00"),
        ("nir", "185057800608491", "185057800608400", "clé de contrôle"),
    ],
)
def test_each_business_format(tmp_path, business_format, good, bad, reason):
    schema = {"fields": [{"name": "numero", "type": "string", "agora:format": business_format}]}
    schemas, books = package(tmp_path, {"tiers": schema}, {"tiers": [["numero"], [good], [bad]]})
    issues = validate_workbooks(books, schemas, as_of=AS_OF).issues
    assert [issue.flat() for issue in issues] == [
        ("tiers.xlsx", "tiers", "A3", f"{business_format.replace('_', '-')}-invalide")
    ]
    assert issues[0].message.endswith(f"est invalide ({reason})")
