"""Business rules of the intranet's communication: notices (« Annonces »).

That a news post's author exists is a foreign key of the schema, checked there.
"""

from __future__ import annotations

import polars as pl

from pipelines.dataset import Dataset
from pipelines.french import short_date
from pipelines.issues import Issue, Severity, define_issue_type
from pipelines.law import Parameters
from pipelines.validate.rules import report_dates_in_order, report_rows, rule

EVERYONE = "tous"

NOTICE_EXPIRES_BEFORE_START = define_issue_type(
    "annonce-expiration-avant-debut", "Annonce qui expire avant de commencer",
    "La date de fin d'affichage d'une annonce ne peut pas précéder sa date de début.",
    Severity.BLOQUANT)
UNKNOWN_AUDIENCE = define_issue_type(
    "annonce-public-inconnu", "Public d'annonce inconnu",
    "Le public d'une annonce est « tous » ou le code d'un service de la feuille Services.",
    Severity.BLOQUANT)


@rule("Une annonce expire après le début de son affichage", ["annonces"])
def notice_dates(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    return report_dates_in_order(dataset["annonces"], "date_debut", "date_expiration",
                                 NOTICE_EXPIRES_BEFORE_START,
                                 lambda r: f"l'annonce {r['id_annonce']} expire le "
                                           f"{short_date(r['date_expiration'])}, avant le "
                                           f"début de son affichage le "
                                           f"{short_date(r['date_debut'])}")


@rule("Le public d'une annonce est « tous » ou un service existant", ["annonces", "services"])
def notice_audience(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["annonces"]
    services = dataset.frame("services")["code_service"].drop_nulls().unique().to_list()
    offending = table.frame.filter(pl.col("public").is_not_null()
                                   & (pl.col("public") != EVERYONE)
                                   & ~pl.col("public").is_in(services))
    known = ", ".join(sorted(services)) or "aucun service déclaré"
    return report_rows(table, offending, UNKNOWN_AUDIENCE, "public",
                   lambda r: f"public « {r['public']} » inconnu : indiquez « {EVERYONE} » ou "
                             f"un code de service ({known})")
