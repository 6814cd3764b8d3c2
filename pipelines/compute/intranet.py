"""The intranet's news and notices at the as-of date.

A notice (annonce) is current when date_debut ≤ as_of ≤ date_expiration (no expiry
date: still current), as `pipelines.records.in_force_on` defines it for every dated
record. Current notices are sorted by priority (urgente, importante, information),
then the most recent first. A news item (actualité) is published when
`publie` is true and its date is on or before as_of.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from pipelines.compute.names import with_employee_name
from pipelines.records import in_force_on

PRIORITIES = ("urgente", "importante", "information")
EVERYONE = "tous"
EVERYONE_LABEL = "Tout le personnel"
LATEST_NEWS_COUNT = 5


def _with_author_name(frame: pl.DataFrame, salaries: pl.DataFrame | None) -> pl.DataFrame:
    return with_employee_name(frame, salaries, "auteur", "auteur_nom")


def _audience_label(services: pl.DataFrame | None) -> pl.Expr:
    labels = {}
    if services is not None:
        labels = dict(services.select("code_service", "libelle").iter_rows())
    return (
        pl.when(pl.col("public") == EVERYONE)
        .then(pl.lit(EVERYONE_LABEL))
        .otherwise(pl.col("public").replace_strict(labels, default=pl.col("public")))
    )


def current_notices(
    annonces: pl.DataFrame,
    as_of: date,
    services: pl.DataFrame | None = None,
    salaries: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The notices in force at as_of, most pressing first."""
    rank = pl.col("priorite").replace_strict(
        {name: i for i, name in enumerate(PRIORITIES)}, default=len(PRIORITIES),
        return_dtype=pl.Int64,
    )
    current = (
        annonces.filter(in_force_on(as_of, "date_debut", "date_expiration"))
        .with_columns(public_libelle=_audience_label(services))
        .sort(rank, pl.col("date_debut"), pl.col("id_annonce"), descending=[False, True, False])
    )
    return _with_author_name(current, salaries).select(
        "id_annonce", "titre", "message", "priorite", "public", "public_libelle",
        "date_debut", "date_expiration", "auteur", "auteur_nom",
    )


def published_news(
    actualites: pl.DataFrame, as_of: date, salaries: pl.DataFrame | None = None
) -> pl.DataFrame:
    """The published news up to as_of, the most recent first."""
    published = actualites.filter(
        pl.col("publie").fill_null(False)
        & pl.col("date_publication").is_not_null()
        & (pl.col("date_publication") <= as_of)
    ).sort(
        pl.col("date_publication"), pl.col("id_actualite"), descending=[True, False]
    )
    return _with_author_name(published, salaries).select(
        "id_actualite", "date_publication", "titre", "categorie", "auteur", "auteur_nom",
        "resume", "contenu",
    )


def latest_news(news: pl.DataFrame, count: int = LATEST_NEWS_COUNT) -> pl.DataFrame:
    """The `count` most recent published news (`news` as `published_news` sorts it)."""
    return news.head(count)
