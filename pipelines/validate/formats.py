"""Business formats frictionless does not know: SIREN, SIRET, VAT, IBAN, BIC, NIR, postcode.

frictionless only checks a column's pattern; Agora also checks the check key.
A vectorised screen in polars clears the usual well-formed values; the others
(few, each checked once) go to python-stdnum or schwifty, which give the reason.
"""

from __future__ import annotations

from typing import Callable

import polars as pl
from stdnum import exceptions as number_errors
from stdnum.eu import vat
from stdnum.fr import nir, siren, siret

from pipelines.issues import Severity, define_issue_type
from pipelines.validate.context import SheetChecks
from pipelines.validate.display import is_hidden, shown


def _invalid(what: str) -> str:
    return f"{what} n'est pas valide : sa longueur, son format ou sa clé de contrôle est fausse."


ISSUE_TYPES = {
    "siren": define_issue_type("siren-invalide", "SIREN invalide", _invalid("Le numéro SIREN"),
                               Severity.BLOQUANT),
    "siret": define_issue_type("siret-invalide", "SIRET invalide", _invalid("Le numéro SIRET"),
                               Severity.BLOQUANT),
    "tva": define_issue_type("tva-invalide", "Numéro de TVA invalide",
                             _invalid("Le numéro de TVA intracommunautaire"), Severity.BLOQUANT),
    "iban": define_issue_type("iban-invalide", "IBAN invalide", _invalid("L'IBAN"),
                              Severity.BLOQUANT),
    "bic": define_issue_type("bic-invalide", "BIC invalide", _invalid("Le BIC"),
                             Severity.BLOQUANT),
    "nir": define_issue_type("nir-invalide", "NIR invalide",
                             _invalid("Le numéro de sécurité sociale (NIR)"), Severity.BLOQUANT),
    "code_postal": define_issue_type("code-postal-invalide", "Code postal invalide",
                                     _invalid("Le code postal"), Severity.BLOQUANT),
}
_NAMES = {
    "siren": "le SIREN",
    "siret": "le SIRET",
    "tva": "le numéro de TVA",
    "iban": "l'IBAN",
    "bic": "le BIC",
    "nir": "le NIR",
    "code_postal": "le code postal",
}
# A reason that would quote part of a sensitive value, said without it.
_UNSHOWN_REASONS = {"code_postal": "5 chiffres d'un département existant attendus"}
_REASONS = {
    number_errors.InvalidChecksum: "clé de contrôle",
    number_errors.InvalidLength: "longueur",
    number_errors.InvalidFormat: "format",
    number_errors.InvalidComponent: "pays ou composant inconnu",
}
_SCHWIFTY_REASONS = {  # by the name of schwifty's exception, imported only when needed
    "InvalidChecksumDigits": "clé de contrôle",
    "InvalidBBANChecksum": "clé de contrôle",
    "InvalidLength": "longueur",
    "InvalidStructure": "format",
    "InvalidCountryCode": "code pays inconnu",
    "InvalidBankCode": "code banque",
    "InvalidBranchCode": "code guichet",
    "InvalidAccountCode": "numéro de compte",
}


def check_business_format(checks: SheetChecks, name: str, skip: pl.Series) -> None:
    spec = checks.spec(name)
    values = checks.typed[name].values
    candidates = values.zip_with(checks.checked & ~skip, values.clear(len(values)))
    suspects = candidates.filter(~_SCREENS[spec.business_format](candidates).fill_null(True))
    suspects = suspects.drop_nulls().unique(maintain_order=True).to_list()
    reasons = {value: reason for value in suspects if (reason := _REASON_OF[spec.business_format](value))}
    if not reasons:
        return
    failing = candidates.is_in(list(reasons)).fill_null(False)
    issue_type, noun = ISSUE_TYPES[spec.business_format], _NAMES[spec.business_format]
    for index in failing.arg_true().to_list():
        value = candidates[index]
        text = shown(value, spec.sensitive, spec.business_format)
        named = f"{noun} saisi" if is_hidden(text) else f"{noun} {text}"
        reason = _UNSHOWN_REASONS.get(spec.business_format, reasons[value]) if spec.sensitive else reasons[value]
        checks.report(issue_type, index, name, f"{named} est invalide ({reason})")


# Screens: True when the value is certainly valid (the library would accept it).


def _digits(values: pl.Series, count: int) -> pl.Series:
    return values.str.contains(f"^[0-9]{{{count}}}$")


def _luhn(values: pl.Series, count: int, offset: int = 0) -> pl.Series:
    frame = pl.DataFrame({"v": values})
    total = pl.lit(0)
    for position in range(count):
        digit = pl.col("v").str.slice(offset + position, 1).cast(pl.Int32, strict=False)
        if (count - 1 - position) % 2 == 1:
            digit = pl.when(digit > 4).then(digit * 2 - 9).otherwise(digit * 2)
        total = total + digit
    return frame.select((total % 10 == 0).alias("ok")).to_series()


def _number(values: pl.Series, start: int, length: int) -> pl.Series:
    return values.str.slice(start, length).cast(pl.Int64, strict=False)


def _siren_screen(values: pl.Series) -> pl.Series:
    return _digits(values, 9) & _luhn(values, 9)


def _siret_screen(values: pl.Series) -> pl.Series:
    la_poste = values.str.starts_with("356000000")
    return _digits(values, 14) & _luhn(values, 14) & _luhn(values, 9) & ~la_poste


def _nir_screen(values: pl.Series) -> pl.Series:
    return _digits(values, 15) & (97 - _number(values, 0, 13) % 97 == _number(values, 13, 2))


def _vat_screen(values: pl.Series) -> pl.Series:
    french = values.str.contains("^FR[0-9]{11}$") & (values.str.slice(4, 3) != "000")
    siren_part = values.str.slice(4, 9)
    key = (_number(values, 4, 9) * 100 + 12) % 97
    return french & _luhn(siren_part, 9) & (_number(values, 2, 2) == key)


def _postcode_screen(values: pl.Series) -> pl.Series:
    department = _number(values, 0, 2)
    return _digits(values, 5) & (department.is_between(1, 95) | department.is_in([97, 98]))


def _never(values: pl.Series) -> pl.Series:
    return pl.Series([False] * len(values), dtype=pl.Boolean)


_SCREENS: dict[str, Callable[[pl.Series], pl.Series]] = {
    "siren": _siren_screen,
    "siret": _siret_screen,
    "nir": _nir_screen,
    "tva": _vat_screen,
    "code_postal": _postcode_screen,
    "iban": _never,
    "bic": _never,
}


# Reasons: None when the library accepts the value, else why it does not.


def _stdnum_reason(module) -> Callable[[str], str | None]:
    def reason(value: str) -> str | None:
        try:
            module.validate(value)
        except number_errors.ValidationError as error:
            return _REASONS.get(type(error), "format")
        return None

    return reason


def _schwifty_reason(kind: str) -> Callable[[str], str | None]:
    def reason(value: str) -> str | None:
        # Imported here, not at the top: schwifty costs ≈ 0.013 s at start-up, and it is
        # only needed for an IBAN or a BIC that the screen does not clear.
        import schwifty

        try:
            getattr(schwifty, kind)(value)
        except schwifty.exceptions.SchwiftyException as error:
            return _SCHWIFTY_REASONS.get(type(error).__name__, "format")
        return None

    return reason


def _postcode_reason(value: str) -> str | None:
    if len(value) != 5 or not value.isdigit():
        return "5 chiffres attendus"
    department = int(value[:2])
    if 1 <= department <= 95 or department in (97, 98):
        return None
    return f"aucun département {value[:2]}"


_REASON_OF: dict[str, Callable[[str], str | None]] = {
    "siren": _stdnum_reason(siren),
    "siret": _stdnum_reason(siret),
    "nir": _stdnum_reason(nir),
    "tva": _stdnum_reason(vat),
    "iban": _schwifty_reason("IBAN"),
    "bic": _schwifty_reason("BIC"),
    "code_postal": _postcode_reason,
}
