"""Business rules of the staff records: employees (« Salariés ») and contracts (« Contrats »).

Dates in order, fixed-term contracts with an end and a reason, part-time below the legal
weekly duration, a manager who is someone else and still there (for employees and
services), a social security number that agrees with the birth date, a current contract
for everyone present, and a base salary no lower than the minimum wage for the contract's
hours. Presence at the as-of date follows `pipelines.records` (the exit day is still a day
of presence); a contract judged on a day without a legal value (the SMIC before the first
date of its file) is not judged (see `dated`).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from pipelines.dataset import NUMBER_DTYPE, Dataset
from pipelines.french import hours, money, short_date
from pipelines.issues import Issue, Severity, define_issue_type
from pipelines.law import Parameters
from pipelines.records import in_force_on, left_before, present_on
from pipelines.validate.rules import report_dates_in_order, report_rows, rule
from pipelines.validate.rules.dated import dated_values, value_or_none

LEGAL_WEEK = "travail.duree_legale_hebdomadaire"
SMIC_HOURLY = "salaires.smic.horaire"
WEEKS_PER_YEAR = "salaires.mensualisation.semaines_par_an"
MONTHS_PER_YEAR = "salaires.mensualisation.mois_par_an"
# Apprentices and trainees are paid a share of the SMIC or an internship allowance: the
# SMIC floor does not apply to them.
BELOW_SMIC_ALLOWED = ("apprentissage", "stage")
CENT = Decimal("0.01")
# A NIR: sex (1, 2; 7, 8 for a temporary number), year and month of birth, department (2A
# and 2B in Corsica, 19 and 18 in its key), commune, order, then a key of two digits.
NIR_SHAPE = r"^[12478][0-9]{4}([0-9]{2}|2[AB])[0-9]{8}$"
CORSICA_IN_KEY = {"2A": "19", "2B": "18"}
NIR_KEY_MODULUS = 97

CONTRACT_END_BEFORE_START = define_issue_type(
    "contrat-fin-avant-debut", "Contrat qui finit avant de commencer",
    "La date de fin d'un contrat ne peut pas précéder sa date de début.", Severity.BLOQUANT)
FIXED_TERM_WITHOUT_END = define_issue_type(
    "cdd-sans-date-fin", "CDD sans date de fin",
    "Un contrat à durée déterminée doit indiquer son terme (Code du travail, L1242-7).",
    Severity.BLOQUANT)
FIXED_TERM_WITHOUT_REASON = define_issue_type(
    "cdd-sans-motif", "CDD sans motif",
    "Un CDD n'est possible que pour un motif précis (remplacement, accroissement temporaire "
    "d'activité…) qui doit être indiqué (Code du travail, L1242-2 et L1242-12).",
    Severity.BLOQUANT)
PART_TIME_TOO_LONG = define_issue_type(
    "temps-partiel-trop-long", "Temps partiel égal ou supérieur à la durée légale",
    "Un contrat à temps partiel prévoit une durée hebdomadaire inférieure à la durée légale "
    "du travail ; sinon, c'est un temps plein.", Severity.BLOQUANT)
EXIT_BEFORE_ENTRY = define_issue_type(
    "sortie-avant-entree", "Sortie avant l'entrée",
    "La date de sortie d'un salarié ne peut pas précéder sa date d'entrée.", Severity.BLOQUANT)
SELF_MANAGER = define_issue_type(
    "responsable-soi-meme", "Salarié responsable de lui-même",
    "Le responsable hiérarchique d'un salarié est une autre personne ; laissez la cellule "
    "vide pour la direction.", Severity.BLOQUANT)
MANAGER_HAS_LEFT = define_issue_type(
    "responsable-parti", "Responsable qui a quitté l'entreprise",
    "Le responsable indiqué est sorti des effectifs à la date d'arrêté : désignez un autre "
    "responsable pour que les demandes trouvent un interlocuteur.", Severity.AVERTISSEMENT)
NIR_BIRTH_MISMATCH = define_issue_type(
    "nir-date-naissance-incoherente", "NIR et date de naissance incohérents",
    "Les chiffres 2 et 3 du NIR sont l'année de naissance, les chiffres 4 et 5 son mois (de 01 "
    "à 12 ; au-delà, le mois est inconnu) : ils doivent correspondre à la date de naissance. "
    "Vérifiez le NIR sur la carte Vitale ou la date de naissance.", Severity.AVERTISSEMENT)
NO_CURRENT_CONTRACT = define_issue_type(
    "salarie-sans-contrat", "Salarié sans contrat en cours",
    "Un salarié présent à la date d'arrêté doit avoir un contrat en cours à cette date "
    "(feuille Contrats).", Severity.AVERTISSEMENT)
BELOW_MINIMUM_WAGE = define_issue_type(
    "salaire-inferieur-smic", "Salaire de base inférieur au SMIC",
    "Le salaire de base mensuel ne peut pas être inférieur au SMIC horaire multiplié par les "
    "heures mensuelles du contrat : ses heures hebdomadaires multipliées par le nombre de "
    "semaines d'une année, puis réparties sur ses mois (mensualisation, Code du travail, "
    "L3242-1). Les contrats d'apprentissage et les stages ne sont pas concernés.",
    Severity.BLOQUANT)



def _reference_date(as_of: date) -> pl.Expr:
    """The day a contract is judged on: the as-of date, brought within the contract."""
    start, end = pl.col("date_debut"), pl.col("date_fin")
    clipped = pl.max_horizontal(start, pl.lit(as_of))
    return pl.when(end.is_not_null() & (end < clipped)).then(end).otherwise(clipped)


@rule("Un contrat finit après avoir commencé", ["contrats"])
def contract_dates(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    return report_dates_in_order(dataset["contrats"], "date_debut", "date_fin",
                                 CONTRACT_END_BEFORE_START,
                                 lambda r: f"contrat {r['id_contrat']} : fin le "
                                           f"{short_date(r['date_fin'])}, avant son début le "
                                           f"{short_date(r['date_debut'])}")


@rule("Un CDD a une date de fin et un motif", ["contrats"])
def fixed_term_contracts(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["contrats"]
    fixed_term = table.frame.filter(pl.col("type_contrat") == "CDD")
    no_end = fixed_term.filter(pl.col("date_fin").is_null())
    no_reason = fixed_term.filter(pl.col("motif_cdd").str.strip_chars().fill_null("") == "")
    return report_rows(table, no_end, FIXED_TERM_WITHOUT_END, "date_fin",
                   lambda r: f"le CDD {r['id_contrat']} n'a pas de date de fin") + report_rows(
        table, no_reason, FIXED_TERM_WITHOUT_REASON, "motif_cdd",
        lambda r: f"le CDD {r['id_contrat']} n'indique pas son motif")


@rule("Un temps partiel est inférieur à la durée légale du travail", ["contrats"],
      uses_as_of=True)
def part_time_hours(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["contrats"]
    frame = table.frame.filter((pl.col("temps_travail") == "temps partiel")
                               & pl.col("heures_hebdo").is_not_null()
                               & pl.col("date_debut").is_not_null())
    frame = frame.with_columns(reference=_reference_date(dataset.as_of))
    legal = dated_values(parameters, LEGAL_WEEK, frame["reference"], "legale")
    offending = frame.join(legal, on="reference").filter(
        pl.col("heures_hebdo") >= pl.col("legale"))
    return report_rows(table, offending, PART_TIME_TOO_LONG, "heures_hebdo",
                   lambda r: f"temps partiel de {hours(r['heures_hebdo'])} par semaine : la "
                             f"durée légale est de {hours(r['legale'])}")


@rule("Un salarié sort après être entré", ["salaries"])
def exit_after_entry(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    return report_dates_in_order(dataset["salaries"], "date_entree", "date_sortie",
                                 EXIT_BEFORE_ENTRY,
                                 lambda r: f"{r['prenom']} {r['nom']} sort le "
                                           f"{short_date(r['date_sortie'])}, avant son entrée "
                                           f"le {short_date(r['date_entree'])}")


@rule("Le responsable d'un salarié est une autre personne", ["salaries"])
def manager_is_someone_else(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["salaries"]
    offending = table.frame.filter(pl.col("responsable") == pl.col("matricule"))
    return report_rows(table, offending, SELF_MANAGER, "responsable",
                   lambda r: f"{r['prenom']} {r['nom']} ({r['matricule']}) est indiqué comme "
                             "son propre responsable")


def _departed_managers(dataset: Dataset) -> pl.DataFrame:
    """The staff gone at the as-of date, as managers: responsable, their name, exit date."""
    gone = dataset.frame("salaries").filter(left_before(dataset.as_of))
    return gone.select(
        responsable=pl.col("matricule"),
        nom_responsable=pl.concat_str("prenom", "nom", separator=" ", ignore_nulls=True),
        sortie_responsable=pl.col("date_sortie"),
    ).unique("responsable", keep="first", maintain_order=True)


def _left_on(row: dict) -> str:
    return (f"{row['nom_responsable']} ({row['responsable']}), qui a quitté l'entreprise le "
            f"{short_date(row['sortie_responsable'])}")


@rule("Le responsable d'un salarié encore présent n'a pas quitté l'entreprise", ["salaries"],
      uses_as_of=True)
def manager_still_there(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["salaries"]
    staying = table.frame.filter(~left_before(dataset.as_of))
    offending = staying.join(_departed_managers(dataset), on="responsable")
    return report_rows(table, offending, MANAGER_HAS_LEFT, "responsable",
                   lambda r: f"{r['prenom']} {r['nom']} a pour responsable {_left_on(r)} : "
                             "indiquez son nouveau responsable")


@rule("Le responsable d'un service n'a pas quitté l'entreprise", ["services", "salaries"],
      uses_as_of=True)
def service_manager_still_there(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["services"]
    offending = table.frame.join(_departed_managers(dataset), on="responsable")
    return report_rows(table, offending, MANAGER_HAS_LEFT, "responsable",
                   lambda r: f"le service {r['libelle']} ({r['code_service']}) a pour "
                             f"responsable {_left_on(r)} : désignez un autre responsable")


def _valid_nir() -> pl.Expr:
    """The NIR has its shape and its key (Corsica's 2A and 2B counted as 19 and 18)."""
    nir = pl.col("nir")
    department = nir.str.slice(5, 2).replace(CORSICA_IN_KEY)
    body = pl.concat_str(nir.str.slice(0, 5), department, nir.str.slice(7, 6))
    key = nir.str.slice(13, 2).cast(pl.Int64, strict=False)
    remainder = body.cast(pl.Int64, strict=False) % NIR_KEY_MODULUS
    return nir.str.contains(NIR_SHAPE) & (NIR_KEY_MODULUS - remainder == key)


def _nir_contradicts_birth() -> pl.Expr:
    """The NIR's year (digits 2–3) or month (4–5, when 01 to 12) is not the birth date's."""
    nir, born = pl.col("nir"), pl.col("date_naissance")
    year = nir.str.slice(1, 2).cast(pl.Int32, strict=False)
    month = nir.str.slice(3, 2).cast(pl.Int32, strict=False)
    known_month = month.is_between(1, 12)
    return ((year != born.dt.year().cast(pl.Int32) % 100)
            | (known_month & (month != born.dt.month().cast(pl.Int32))))


@rule("Le NIR d'un salarié porte l'année et le mois de sa date de naissance", ["salaries"])
def nir_matches_birth_date(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["salaries"]
    offending = table.frame.filter(
        pl.col("date_naissance").is_not_null() & _valid_nir() & _nir_contradicts_birth())
    return report_rows(table, offending, NIR_BIRTH_MISMATCH, "nir",
                   lambda r: f"{r['prenom']} {r['nom']} : le NIR ne correspond pas à la date "
                             "de naissance (année ou mois)")


@rule("Un salarié présent a un contrat en cours", ["salaries", "contrats"], uses_as_of=True)
def current_contract(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table, as_of = dataset["salaries"], dataset.as_of
    current = dataset.frame("contrats").filter(in_force_on(as_of))
    present = table.frame.filter(present_on(as_of))
    offending = present.join(current.select("matricule").unique(), on="matricule", how="anti")
    return report_rows(table, offending, NO_CURRENT_CONTRACT, "matricule",
                   lambda r: f"{r['prenom']} {r['nom']} ({r['matricule']}) n'a aucun contrat "
                             f"en cours au {short_date(as_of)}")


def minimum_monthly_wage(hourly: Decimal, weekly_hours: Decimal, weeks_per_year: Decimal,
                         months_per_year: Decimal) -> Decimal:
    """SMIC for a contract: hourly rate × weekly hours × weeks / months, half-up to the cent."""
    monthly = hourly * weekly_hours * weeks_per_year / months_per_year
    return monthly.quantize(CENT, rounding=ROUND_HALF_UP)


def _minimum_wage_on(parameters: Parameters, day: date, weekly_hours: Decimal) -> Decimal | None:
    """The monthly minimum for `weekly_hours` on `day`; None when a parameter has no value."""
    values = [value_or_none(parameters, name, day)
              for name in (SMIC_HOURLY, WEEKS_PER_YEAR, MONTHS_PER_YEAR)]
    if None in values or not values[2]:
        return None
    return minimum_monthly_wage(values[0], weekly_hours, values[1], values[2])


def _minimum_wages(parameters: Parameters, frame: pl.DataFrame) -> pl.DataFrame:
    """(reference, heures_hebdo) → the monthly minimum, one row per pair that has one."""
    rows = []
    for day, weekly_hours in frame.select("reference", "heures_hebdo").unique().iter_rows():
        minimum = _minimum_wage_on(parameters, day, weekly_hours)
        if minimum is not None:
            rows.append({"reference": day, "heures_hebdo": weekly_hours, "minimum": minimum})
    schema = {"reference": pl.Date, "heures_hebdo": NUMBER_DTYPE, "minimum": NUMBER_DTYPE}
    return pl.DataFrame(rows, schema=schema)


@rule("Le salaire de base atteint le SMIC pour les heures du contrat", ["contrats"],
      uses_as_of=True)
def minimum_wage(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["contrats"]
    frame = table.frame.filter(
        ~pl.col("type_contrat").fill_null("").is_in(BELOW_SMIC_ALLOWED)
        & pl.col("heures_hebdo").is_not_null() & pl.col("salaire_base_mensuel").is_not_null()
        & pl.col("date_debut").is_not_null()
    ).with_columns(reference=_reference_date(dataset.as_of))
    judged = frame.join(_minimum_wages(parameters, frame), on=["reference", "heures_hebdo"])
    offending = judged.filter(pl.col("salaire_base_mensuel") < pl.col("minimum"))
    return report_rows(table, offending, BELOW_MINIMUM_WAGE, "salaire_base_mensuel",
                   lambda r: f"contrat {r['id_contrat']} : le salaire de base est inférieur "
                             f"au SMIC de {money(r['minimum'])} par mois pour "
                             f"{hours(r['heures_hebdo'])} par semaine (au "
                             f"{short_date(r['reference'])})")
