"""Business rules of the payroll records (paie.xlsx: « Reglages », « ProtectionSociale »,
« Variables », « Regularisations »).

A payroll month is written ``AAAA-MM``; a month whose text does not have that shape is
already reported by its Table Schema and is not judged here. The variables of a month
belong to an employee who has a contract (« Contrats » of personnel.xlsx) on at least one
day of it, and are paid with the settings in force on its first day. Overtime is for
full-time contracts, complementary hours for part-time ones. None of these rules reads the
as-of date: they judge each month that the sheets name.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from pipelines.dataset import ROW_COLUMN, Dataset
from pipelines.french import month_label, number, short_date
from pipelines.issues import Issue, Severity, define_issue_type
from pipelines.law import Parameters
from pipelines.validate.rules import report_rows, rule

SETTINGS, PROTECTION = "reglages_paie", "contrats_protection_sociale"
VARIABLES, CORRECTIONS = "variables_paie", "regularisations_paie"
EMPLOYEES, CONTRACTS = "salaries", "contrats"
MONTH_SHAPE = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
FULL_TIME, PART_TIME = "temps plein", "temps partiel"
OVERTIME = ("heures_sup_bande_1", "heures_sup_bande_2")
COMPLEMENTARY = ("heures_comp_dixieme", "heures_comp_au_dela")
FLAT, PROVIDENT, CADRE = "forfait", "prévoyance", "cadre"
AMOUNTS, RATES = ("montant_salarial", "montant_patronal"), ("taux_salarial", "taux_patronal")
AMOUNT_RUBRIQUES = ("salaire", "prime")
HOUR_RUBRIQUES = ("heures_sup_bande_1", "heures_sup_bande_2", "heures_comp_dixieme",
                  "heures_comp_au_dela", "heures_absence_non_payee")
# A rate of work accidents is at least a few tenths of a percent: below this, the rate was
# most likely typed as a fraction (0.0224 for 2,24 %).
SMALLEST_PLAUSIBLE_AT_RATE = Decimal("0.1")

OUTSIDE_CONTRACT = define_issue_type(
    "variables-paie-hors-contrat", "Variables de paie d'un mois sans contrat",
    "Les variables de paie d'un mois ne concernent qu'un salarié qui a un contrat de travail "
    "(feuille Contrats de personnel.xlsx) au moins un jour de ce mois : sinon, il n'y a pas "
    "de bulletin à établir. Vérifiez le matricule, le mois, ou les dates du contrat.",
    Severity.BLOQUANT)
NO_SETTINGS = define_issue_type(
    "variables-paie-sans-reglages", "Mois de paie sans réglages",
    "La paie d'un mois applique les réglages de la feuille Reglages de paie.xlsx en vigueur "
    "le premier jour du mois (effectif, taux accidents du travail, versement mobilité…) : "
    "ajoutez une ligne dont la date d'effet est ce jour ou une date antérieure.",
    Severity.BLOQUANT)
AT_RATE_AS_FRACTION = define_issue_type(
    "taux-at-en-fraction", "Taux accidents du travail saisi en fraction ?",
    "Le taux accidents du travail s'écrit en pourcentage (2.24 pour 2,24 %). Un taux "
    "inférieur à 0,1 % ressemble à une fraction saisie à la place du pourcentage : "
    "vérifiez-le sur la notification de la CARSAT.",
    Severity.AVERTISSEMENT)
FLAT_WITHOUT_AMOUNT = define_issue_type(
    "protection-sociale-forfait-sans-montant", "Contrat au forfait sans montant",
    "Un contrat de mutuelle ou de prévoyance dont l'assiette est « forfait » cotise des "
    "montants fixes : indiquez le montant salarial, le montant patronal, ou les deux.",
    Severity.BLOQUANT)
RATE_WITH_AMOUNT = define_issue_type(
    "protection-sociale-taux-avec-montant", "Contrat en taux avec un montant",
    "Un contrat de mutuelle ou de prévoyance dont l'assiette est un plafond, une tranche ou "
    "le brut cotise en taux (colonnes des taux) : un montant fixe n'y a pas de sens. "
    "Effacez le montant, ou choisissez l'assiette « forfait ».",
    Severity.BLOQUANT)
CORRECTION_NOT_BEFORE = define_issue_type(
    "regularisation-mois-non-anterieur", "Régularisation d'un mois qui n'est pas passé",
    "Une régularisation corrige, sur le bulletin du mois de paie, un mois antérieur déjà "
    "payé : le mois concerné doit précéder le mois de paie. Une correction du mois même se "
    "saisit dans la feuille Variables.",
    Severity.BLOQUANT)
CORRECTION_WITHOUT_QUANTITY = define_issue_type(
    "regularisation-sans-quantite", "Régularisation d'heures sans quantité",
    "Une régularisation d'heures (supplémentaires, complémentaires, absence non payée) "
    "indique le nombre d'heures à ajouter (positif) ou à retirer (négatif) dans la colonne "
    "quantite.",
    Severity.BLOQUANT)
CORRECTION_WITHOUT_AMOUNT = define_issue_type(
    "regularisation-sans-montant", "Régularisation de salaire ou de prime sans montant",
    "Une régularisation de salaire ou de prime indique le montant brut à ajouter (positif) "
    "ou à retirer (négatif) dans la colonne montant.",
    Severity.BLOQUANT)
OVERTIME_PART_TIME = define_issue_type(
    "heures-supplementaires-temps-partiel", "Heures supplémentaires d'un temps partiel",
    "Un salarié à temps partiel ne fait pas d'heures supplémentaires mais des heures "
    "complémentaires (colonnes heures_comp_dixieme et heures_comp_au_dela), majorées "
    "autrement (Code du travail, L3123-8 et L3123-29).",
    Severity.BLOQUANT)
COMPLEMENTARY_FULL_TIME = define_issue_type(
    "heures-complementaires-temps-plein", "Heures complémentaires d'un temps plein",
    "Les heures complémentaires sont celles d'un salarié à temps partiel ; au-delà de la "
    "durée d'un temps plein, ce sont des heures supplémentaires (colonnes "
    "heures_sup_bande_1 et heures_sup_bande_2).",
    Severity.BLOQUANT)
CADRE_WITHOUT_PROVIDENT = define_issue_type(
    "cadre-sans-prevoyance", "Cadre sans contrat de prévoyance",
    "Un cadre doit être couvert par un contrat de prévoyance (catégorie « cadre » ou "
    "« tous » dans la feuille ProtectionSociale) : l'accord national interprofessionnel du "
    "17 novembre 2017, qui reprend la convention collective nationale des cadres du 14 mars "
    "1947, met à la charge de l'employeur une cotisation de prévoyance sur la tranche 1.",
    Severity.AVERTISSEMENT)


def _month_start(column: str) -> pl.Expr:
    """The first day of a month written AAAA-MM; null for a missing or ill-shaped month."""
    text = pl.col(column)
    return (pl.when(text.str.contains(MONTH_SHAPE))
            .then((text + "-01").str.to_date("%Y-%m-%d", strict=False))
            .otherwise(None))


def _with_months(frame: pl.DataFrame, column: str = "mois") -> pl.DataFrame:
    """The rows whose month is well written, with its first (``debut``) and last (``fin``)
    days."""
    return (frame.with_columns(debut=_month_start(column))
            .filter(pl.col("debut").is_not_null())
            .with_columns(fin=pl.col("debut").dt.month_end()))


def _covering_contracts(dataset: Dataset) -> pl.DataFrame:
    """Each variables row (by its Excel row) joined to the contracts of its employee that
    cover at least one day of its month."""
    variables = _with_months(dataset.frame(VARIABLES).filter(pl.col("matricule").is_not_null()))
    contracts = (dataset.frame(CONTRACTS)
                 .filter(pl.col("matricule").is_not_null() & pl.col("date_debut").is_not_null())
                 .select("matricule", contrat_debut="date_debut", contrat_fin="date_fin",
                         temps="temps_travail"))
    return (variables.join(contracts, on="matricule", how="inner")
            .filter((pl.col("contrat_debut") <= pl.col("fin"))
                    & (pl.col("contrat_fin").is_null()
                       | (pl.col("contrat_fin") >= pl.col("debut")))))


def _who(row: dict) -> str:
    return f"{row['matricule']}, {month_label(row['mois'])}"


@rule("Les variables de paie d'un mois concernent un salarié sous contrat ce mois-là",
      [VARIABLES, CONTRACTS])
def variables_within_contract(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset[VARIABLES]
    covered = _covering_contracts(dataset)[ROW_COLUMN].unique()
    offending = (_with_months(table.frame.filter(pl.col("matricule").is_not_null()))
                 .filter(~pl.col(ROW_COLUMN).is_in(covered.implode())))
    return report_rows(table, offending, OUTSIDE_CONTRACT, "mois",
                       lambda r: f"{_who(r)} : aucun contrat de travail ne couvre ce mois "
                                 "(feuille Contrats)")


@rule("Les réglages de paie sont en vigueur au premier jour de chaque mois de paie",
      [VARIABLES, SETTINGS])
def variables_have_settings(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset[VARIABLES]
    starts = dataset.frame(SETTINGS)["date_effet"].drop_nulls()
    first = starts.min() if len(starts) else None
    frame = _with_months(table.frame)
    offending = frame if first is None else frame.filter(pl.col("debut") < first)
    known = (f"la première date d'effet est le {short_date(first)}" if first is not None
             else "la feuille n'a aucune date d'effet")

    def message(r: dict) -> str:
        who = f"{r['matricule']}, " if r["matricule"] else ""
        return (f"{who}{month_label(r['mois'])} : aucun réglage de paie en vigueur le "
                f"{short_date(r['debut'])} (feuille Reglages de paie.xlsx : {known})")

    return report_rows(table, offending, NO_SETTINGS, "mois", message)


@rule("Le taux accidents du travail est saisi en pourcentage", [SETTINGS])
def work_accident_rate_in_percent(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset[SETTINGS]
    offending = table.frame.filter(pl.col("taux_at") < SMALLEST_PLAUSIBLE_AT_RATE)
    return report_rows(
        table, offending, AT_RATE_AS_FRACTION, "taux_at",
        lambda r: f"taux de {number(r['taux_at'])} % au {short_date(r['date_effet'])} : "
                  f"s'il s'agit de {number(r['taux_at'] * 100)} %, écrivez "
                  f"{number(r['taux_at'] * 100)}")


@rule("Un contrat de protection sociale au forfait a des montants, un contrat en taux n'en a "
      "pas", [PROTECTION])
def social_protection_basis(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset[PROTECTION]
    frame = table.frame.filter(pl.col("assiette").is_not_null())
    flat = frame.filter((pl.col("assiette") == FLAT)
                        & pl.all_horizontal(pl.col(c).is_null() for c in AMOUNTS))
    issues = report_rows(table, flat, FLAT_WITHOUT_AMOUNT, "montant_salarial",
                         lambda r: f"{r['id_contrat']} ({r['type'] or 'contrat'}) : assiette "
                                   "« forfait » sans montant salarial ni patronal")
    for column in AMOUNTS:
        with_amount = frame.filter((pl.col("assiette") != FLAT) & pl.col(column).is_not_null())
        issues += report_rows(
            table, with_amount, RATE_WITH_AMOUNT, column,
            lambda r, c=column: f"{r['id_contrat']} : assiette « {r['assiette']} », qui "
                                f"cotise en taux, avec un {c.replace('_', ' ')} de "
                                f"{number(r[c])} €")
    return issues


@rule("Une régularisation corrige un mois passé, avec sa quantité ou son montant",
      [CORRECTIONS])
def corrections_are_complete(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset[CORRECTIONS]
    frame = table.frame
    dated = frame.filter(pl.col("mois").str.contains(MONTH_SHAPE)
                         & pl.col("mois_concerne").str.contains(MONTH_SHAPE))
    not_before = dated.filter(pl.col("mois_concerne") >= pl.col("mois"))
    no_quantity = frame.filter(pl.col("rubrique").is_in(HOUR_RUBRIQUES)
                               & pl.col("quantite").is_null())
    no_amount = frame.filter(pl.col("rubrique").is_in(AMOUNT_RUBRIQUES)
                             & pl.col("montant").is_null())
    return (report_rows(table, not_before, CORRECTION_NOT_BEFORE, "mois_concerne",
                        lambda r: f"{r['id_regularisation']} : correction de "
                                  f"{month_label(r['mois_concerne'])} sur la paie de "
                                  f"{month_label(r['mois'])}, qui ne lui est pas postérieure")
            + report_rows(table, no_quantity, CORRECTION_WITHOUT_QUANTITY, "quantite",
                          lambda r: f"{r['id_regularisation']} : rubrique {r['rubrique']} "
                                    "sans nombre d'heures")
            + report_rows(table, no_amount, CORRECTION_WITHOUT_AMOUNT, "montant",
                          lambda r: f"{r['id_regularisation']} : rubrique {r['rubrique']} "
                                    "sans montant"))


@rule("Les heures supplémentaires sont d'un temps plein, les complémentaires d'un temps "
      "partiel", [VARIABLES, CONTRACTS])
def hours_match_working_time(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset[VARIABLES]
    kinds = (_covering_contracts(dataset).group_by(ROW_COLUMN)
             .agg(plein=(pl.col("temps") == FULL_TIME).any(),
                  partiel=(pl.col("temps") == PART_TIME).any()))
    frame = table.frame.join(kinds, on=ROW_COLUMN, how="inner")
    issues: list[Issue] = []
    checks = ((OVERTIME, pl.col("partiel") & ~pl.col("plein"), OVERTIME_PART_TIME,
               "contrat à temps partiel : des heures complémentaires, pas supplémentaires"),
              (COMPLEMENTARY, pl.col("plein") & ~pl.col("partiel"), COMPLEMENTARY_FULL_TIME,
               "contrat à temps plein : des heures supplémentaires, pas complémentaires"))
    for columns, wrong_contract, issue_type, reason in checks:
        for column in columns:
            offending = frame.filter(wrong_contract & pl.col(column).is_not_null()
                                     & (pl.col(column) != 0))
            issues += report_rows(
                table, offending, issue_type, column,
                lambda r, c=column, why=reason: f"{_who(r)} : {number(r[c])} h en {c} ; "
                                                f"{why}")
    return issues


def _month_span(months: list[str]) -> str:
    if len(months) == 1:
        return month_label(months[0])
    return (f"{len(months)} mois, de {month_label(months[0])} à "
            f"{month_label(months[-1])}")


@rule("Un cadre est couvert par un contrat de prévoyance des cadres",
      [EMPLOYEES, PROTECTION, VARIABLES])
def cadre_has_provident_cover(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    employees = dataset[EMPLOYEES]
    cadres = (employees.frame.filter((pl.col("categorie") == CADRE)
                                     & pl.col("matricule").is_not_null())
              .unique("matricule", keep="first", maintain_order=True))
    months = (_with_months(dataset.frame(VARIABLES)
                           .filter(pl.col("matricule").is_in(cadres["matricule"].implode())))
              .select("matricule", "mois", "debut", "fin").unique())
    cover = (dataset.frame(PROTECTION)
             .filter((pl.col("type") == PROVIDENT) & pl.col("categorie").is_in((CADRE, "tous"))
                     & pl.col("date_debut").is_not_null())
             .select(couvert_debut="date_debut", couvert_fin="date_fin"))
    covered = (months.join(cover, how="cross")
               .filter((pl.col("couvert_debut") <= pl.col("fin"))
                       & (pl.col("couvert_fin").is_null()
                          | (pl.col("couvert_fin") >= pl.col("debut"))))
               .select("matricule", "mois").unique())
    uncovered = (months.join(covered, on=["matricule", "mois"], how="anti")
                 .group_by("matricule").agg(pl.col("mois").sort()))
    offending = cadres.join(uncovered, on="matricule", how="inner").sort(ROW_COLUMN)
    return report_rows(
        employees, offending, CADRE_WITHOUT_PROVIDENT, "categorie",
        lambda r: f"{r['prenom'] or ''} {r['nom'] or ''} ({r['matricule']}), cadre : aucun "
                  f"contrat de prévoyance des cadres ou de tous les salariés en vigueur "
                  f"({_month_span(r['mois'])} de paie, feuille ProtectionSociale)"
                  .replace("  ", " "))
