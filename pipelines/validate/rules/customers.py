"""Business rules of third parties: customers, prospects and suppliers.

Credit limits, VAT numbers and their country, a French VAT number that carries the SIREN,
the VAT zone (France, EU, outside the EU), French postcodes, proof of marketing consent, and
prospect follow-ups that are overdue or missing.
"""

from __future__ import annotations

import polars as pl
from stdnum.fr import siren, tva

from pipelines.dataset import Dataset, Table
from pipelines.french import money, short_date
from pipelines.issues import Issue, Severity, define_issue_type
from pipelines.law import Parameters
from pipelines.validate.rules import report_rows, rule

# The member states of the European Union (ISO 3166 alpha-2). A list of facts, not a rate:
# update it when a state joins or leaves.
EU_MEMBER_STATES = (
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
)
# VAT prefixes that differ from the ISO country code: Greece, Northern Ireland.
VAT_PREFIX_COUNTRY = {"EL": "GR", "XI": "GB"}
CLOSED_STAGES = ("gagné", "perdu")
# A French VAT number: FR, a two-character key, then the nine digits of the SIREN.
FRENCH_VAT = r"^FR[0-9A-Z]{2}[0-9]{9}$"
SIREN_SHAPE = r"^[0-9]{9}$"

OVER_CREDIT_LIMIT = define_issue_type(
    "encours-depasse-plafond",
    "Encours au-delà du plafond de crédit",
    "Les factures non réglées du client dépassent le plafond de crédit qui lui est accordé. "
    "Faites valider toute nouvelle livraison par la direction ou relevez le plafond.",
    Severity.AVERTISSEMENT,
)
EU_VAT_MISSING = define_issue_type(
    "tva-intracommunautaire-manquante",
    "Numéro de TVA intracommunautaire manquant",
    "Une entreprise cliente établie dans un autre État membre de l'UE doit communiquer son "
    "numéro de TVA : sans lui, la livraison ne peut pas être facturée hors taxes.",
    Severity.AVERTISSEMENT,
)
VAT_COUNTRY_MISMATCH = define_issue_type(
    "tva-pays-incoherent",
    "Numéro de TVA d'un autre pays",
    "Les deux lettres du numéro de TVA intracommunautaire désignent le pays qui l'a attribué "
    "(EL pour la Grèce) : elles doivent correspondre au pays indiqué dans la colonne pays.",
    Severity.BLOQUANT,
)
VAT_SIREN_MISMATCH = define_issue_type(
    "tva-siren-incoherent",
    "Numéro de TVA d'un autre SIREN",
    "Le numéro de TVA intracommunautaire français se compose de FR, d'une clé de deux "
    "caractères et du SIREN de l'entreprise : ses neuf derniers chiffres doivent être ceux de "
    "la colonne SIREN. Corrigez le numéro de TVA ou le SIREN.",
    Severity.BLOQUANT,
)
ZONE_MISMATCH = define_issue_type(
    "zone-incoherente",
    "Zone incohérente avec le pays",
    "La zone de TVA se déduit du pays : France pour FR, UE pour un autre État membre de "
    "l'Union européenne, Hors UE pour les autres pays.",
    Severity.BLOQUANT,
)
FRENCH_POSTCODE = define_issue_type(
    "code-postal-france-invalide",
    "Code postal français invalide",
    "En France, le code postal compte exactement cinq chiffres (saisissez-le en texte pour "
    "garder le zéro de tête, par exemple 01000).",
    Severity.BLOQUANT,
)
CONSENT_WITHOUT_DATE = define_issue_type(
    "consentement-sans-date",
    "Consentement sans date",
    "Un consentement RGPD doit pouvoir être prouvé : indiquez la date à laquelle il a été "
    "recueilli.",
    Severity.AVERTISSEMENT,
)
FOLLOW_UP_OVERDUE = define_issue_type(
    "relance-prospect-depassee",
    "Relance de prospect en retard",
    "La date de relance prévue pour un prospect encore en cours est passée : relancez-le "
    "ou fixez une nouvelle date.",
    Severity.AVERTISSEMENT,
)
FOLLOW_UP_MISSING = define_issue_type(
    "relance-prospect-manquante",
    "Prospect en cours sans date de relance",
    "Un prospect qui n'est ni gagné ni perdu doit avoir une date de relance, sans quoi "
    "personne ne le rappellera : fixez la date de la prochaine relance.",
    Severity.AVERTISSEMENT,
)


def _expected_zone() -> pl.Expr:
    country = pl.col("pays")
    return (pl.when(country == "FR").then(pl.lit("France"))
            .when(country.is_in(EU_MEMBER_STATES)).then(pl.lit("UE"))
            .otherwise(pl.lit("Hors UE")))


def _zone_issues(table: Table) -> list[Issue]:
    frame = table.frame.with_columns(attendue=_expected_zone())
    offending = frame.filter(pl.col("pays").is_not_null() & pl.col("zone").is_not_null()
                             & (pl.col("zone") != pl.col("attendue")))
    return report_rows(table, offending, ZONE_MISMATCH, "zone",
                   lambda r: f"zone « {r['zone']} » pour le pays {r['pays']} : "
                             f"la zone attendue est « {r['attendue']} »")


def _vat_country_issues(table: Table) -> list[Issue]:
    prefix = pl.col("numero_tva").str.slice(0, 2)
    frame = table.frame.with_columns(pays_tva=prefix.replace(VAT_PREFIX_COUNTRY))
    offending = frame.filter(pl.col("numero_tva").is_not_null() & pl.col("pays").is_not_null()
                             & (pl.col("pays_tva") != pl.col("pays")))
    return report_rows(table, offending, VAT_COUNTRY_MISMATCH, "numero_tva",
                   lambda r: f"le numéro de TVA {r['numero_tva']} est attribué par le pays "
                             f"{r['pays_tva']}, mais le pays indiqué est {r['pays']}")


def _grouped_vat(number: str) -> str:
    return f"{number[:4]} {number[4:7]} {number[7:10]} {number[10:]}"


def _grouped_siren(number: str) -> str:
    return f"{number[:3]} {number[3:6]} {number[6:]}"


def _both_valid(frame: pl.DataFrame) -> pl.Series:
    """Each number passes its own check key (a wrong one is already an issue of its own)."""
    pairs = frame.select("siren", "numero_tva").iter_rows()
    return pl.Series([siren.is_valid(number) and tva.is_valid(vat_number)
                      for number, vat_number in pairs], dtype=pl.Boolean)


def _vat_siren_issues(table: Table) -> list[Issue]:
    vat_number, siren_number = pl.col("numero_tva"), pl.col("siren")
    mismatched = table.frame.filter(vat_number.str.contains(FRENCH_VAT)
                                    & siren_number.str.contains(SIREN_SHAPE)
                                    & (vat_number.str.slice(4, 9) != siren_number))
    offending = mismatched.filter(_both_valid(mismatched))
    return report_rows(table, offending, VAT_SIREN_MISMATCH, "numero_tva",
                   lambda r: f"le numéro de TVA {_grouped_vat(r['numero_tva'])} ne correspond "
                             f"pas au SIREN {_grouped_siren(r['siren'])}")


def _postcode_issues(table: Table, field: str) -> list[Issue]:
    offending = table.frame.filter((pl.col("pays") == "FR") & pl.col(field).is_not_null()
                                   & ~pl.col(field).str.contains(r"^[0-9]{5}$"))

    def said(row: dict) -> str:  # a sensitive postcode is never quoted
        return "saisi" if field in table.sensitive else f"« {row[field]} »"
    return report_rows(table, offending, FRENCH_POSTCODE, field,
                   lambda r: f"le code postal {said(r)} ne compte pas cinq chiffres")


@rule("L'encours d'un client ne dépasse pas son plafond de crédit", ["clients"])
def credit_limit(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["clients"]
    offending = table.frame.filter(pl.col("encours") > pl.col("plafond_credit"))
    return report_rows(table, offending, OVER_CREDIT_LIMIT, "encours",
                   lambda r: f"encours de {money(r['encours'])} pour un plafond de "
                             f"{money(r['plafond_credit'])} (dépassement de "
                             f"{money(r['encours'] - r['plafond_credit'])})")


@rule("Une entreprise cliente de l'UE hors France a un numéro de TVA", ["clients"])
def eu_customer_vat_number(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["clients"]
    others = [code for code in EU_MEMBER_STATES if code != "FR"]
    offending = table.frame.filter(pl.col("pays").is_in(others)
                                   & (pl.col("type_client") == "entreprise")
                                   & pl.col("numero_tva").is_null())
    return report_rows(table, offending, EU_VAT_MISSING, "numero_tva",
                   lambda r: f"{r['raison_sociale']} ({r['pays']}) n'a pas de numéro de TVA "
                             "intracommunautaire")


@rule("Le numéro de TVA d'un client est celui de son pays", ["clients"])
def customer_vat_country(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    return _vat_country_issues(dataset["clients"])


@rule("Le numéro de TVA d'un fournisseur est celui de son pays", ["fournisseurs"])
def supplier_vat_country(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    return _vat_country_issues(dataset["fournisseurs"])


@rule("Le numéro de TVA français d'un client contient son SIREN", ["clients"])
def customer_vat_siren(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    return _vat_siren_issues(dataset["clients"])


@rule("Le numéro de TVA français d'un fournisseur contient son SIREN", ["fournisseurs"])
def supplier_vat_siren(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    return _vat_siren_issues(dataset["fournisseurs"])


@rule("La zone d'un client correspond à son pays", ["clients"])
def customer_zone(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    return _zone_issues(dataset["clients"])


@rule("La zone d'un prospect correspond à son pays", ["prospects"])
def prospect_zone(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    return _zone_issues(dataset["prospects"])


@rule("La zone d'un fournisseur correspond à son pays", ["fournisseurs"])
def supplier_zone(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    return _zone_issues(dataset["fournisseurs"])


@rule("Les codes postaux français des clients ont cinq chiffres", ["clients"])
def customer_postcodes(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["clients"]
    return _postcode_issues(table, "code_postal") + _postcode_issues(table, "code_postal_livraison")


@rule("Les codes postaux français des fournisseurs ont cinq chiffres", ["fournisseurs"])
def supplier_postcodes(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    return _postcode_issues(dataset["fournisseurs"], "code_postal")


@rule("Un consentement RGPD est daté", ["clients"])
def dated_consent(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["clients"]
    offending = table.frame.filter(pl.col("consentement_rgpd").fill_null(False)
                                   & pl.col("date_consentement").is_null())
    return report_rows(table, offending, CONSENT_WITHOUT_DATE, "date_consentement",
                   lambda r: f"{r['raison_sociale']} a consenti mais la date du consentement "
                             "n'est pas indiquée")


@rule("Les relances de prospects prévues ne sont pas dépassées", ["prospects"], uses_as_of=True)
def prospect_follow_up(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["prospects"]
    offending = table.frame.filter((pl.col("date_relance") < dataset.as_of)
                                   & ~pl.col("etape").fill_null("").is_in(CLOSED_STAGES))
    as_of = short_date(dataset.as_of)
    return report_rows(table, offending, FOLLOW_UP_OVERDUE, "date_relance",
                   lambda r: f"relance de {r['raison_sociale']} prévue le "
                             f"{short_date(r['date_relance'])}, dépassée au {as_of} "
                             f"(étape « {r['etape']} »)")


@rule("Un prospect en cours a une date de relance", ["prospects"])
def prospect_follow_up_date(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["prospects"]
    stage = pl.col("etape")
    offending = table.frame.filter(stage.is_not_null() & ~stage.is_in(CLOSED_STAGES)
                                   & pl.col("date_relance").is_null())
    return report_rows(table, offending, FOLLOW_UP_MISSING, "date_relance",
                   lambda r: f"{r['raison_sociale']} (étape « {r['etape']} ») n'a pas de date "
                             "de relance : fixez la date de la prochaine relance")
