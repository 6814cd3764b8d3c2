"""Staff at the as-of date: headcount by service, internal directory, org chart.

An employee is present at as_of when entered on or before it and not yet gone
(no exit date, or an exit date on or after as_of). Only work fields are selected:
the directory never carries a personal field.
"""

from __future__ import annotations

from datetime import date

import polars as pl

NO_SERVICE = "Sans service"
DIRECTORY_COLUMNS = (
    "matricule", "civilite", "nom", "prenom", "poste", "service", "service_libelle",
    "email_pro", "telephone_pro", "bureau",
)


def present_staff(salaries: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """The employees present at as_of."""
    entered = pl.col("date_entree").is_not_null() & (pl.col("date_entree") <= as_of)
    not_gone = pl.col("date_sortie").is_null() | (pl.col("date_sortie") >= as_of)
    return salaries.filter(entered & not_gone)


def _service_labels(services: pl.DataFrame | None) -> pl.DataFrame:
    if services is None:
        return pl.DataFrame(schema={"service": pl.String, "service_libelle": pl.String})
    return services.select(service="code_service", service_libelle="libelle").unique(
        "service", keep="first"
    )


def _with_service_label(frame: pl.DataFrame, services: pl.DataFrame | None) -> pl.DataFrame:
    return frame.join(_service_labels(services), on="service", how="left").with_columns(
        service_libelle=pl.coalesce("service_libelle", "service", pl.lit(NO_SERVICE))
    )


def headcount_by_service(
    salaries: pl.DataFrame, as_of: date, services: pl.DataFrame | None = None
) -> pl.DataFrame:
    """(service, service_libelle, effectif): every service, empty ones with 0."""
    counts = present_staff(salaries, as_of).group_by("service").agg(effectif=pl.len())
    every_service = _service_labels(services).select("service")
    return (
        _with_service_label(
            every_service.join(counts, on="service", how="full", coalesce=True), services
        )
        .with_columns(pl.col("effectif").fill_null(0).cast(pl.Int64))
        .select("service", "service_libelle", "effectif")
        .sort("service_libelle", "service", nulls_last=True)
    )


def directory(
    salaries: pl.DataFrame, as_of: date, services: pl.DataFrame | None = None
) -> pl.DataFrame:
    """The internal directory: work contact details of the present staff, by name."""
    present = present_staff(salaries, as_of)
    return (
        _with_service_label(present, services)
        .select(DIRECTORY_COLUMNS)
        .sort("nom", "prenom", "matricule", nulls_last=True)
    )


def _tree_order(people: list[dict]) -> list[tuple[str, int]]:
    """(matricule, depth) in depth-first order; people out of any tree become roots."""
    known = {person["matricule"] for person in people}
    children: dict[str | None, list[str]] = {}
    for person in people:  # people come sorted by name: children keep that order
        boss = person["responsable"]
        parent = boss if boss in known and boss != person["matricule"] else None
        children.setdefault(parent, []).append(person["matricule"])
    order: list[tuple[str, int]] = []
    seen: set[str] = set()
    # the roots, then anyone left (a cycle of managers has no root: show them anyway)
    for start in children.get(None, []) + [person["matricule"] for person in people]:
        stack = [(start, 0)]
        while stack:
            matricule, depth = stack.pop()
            if matricule in seen:
                continue
            seen.add(matricule)
            order.append((matricule, depth))
            stack.extend((child, depth + 1) for child in reversed(children.get(matricule, [])))
    return order


def org_chart(
    salaries: pl.DataFrame, as_of: date, services: pl.DataFrame | None = None
) -> pl.DataFrame:
    """The org chart as rows in depth-first order, with `niveau` (0 for the top)."""
    people = directory(salaries, as_of, services).join(
        salaries.select("matricule", "responsable").unique("matricule", keep="first"),
        on="matricule",
        how="left",
    )
    order = _tree_order(people.select("matricule", "responsable").to_dicts())
    positions = pl.DataFrame(
        {
            "matricule": [matricule for matricule, _ in order],
            "niveau": [depth for _, depth in order],
            "ordre": list(range(len(order))),
        },
        schema={"matricule": pl.String, "niveau": pl.Int64, "ordre": pl.Int64},
    )
    return (
        positions.join(people, on="matricule", how="left")
        .sort("ordre")
        .select(
            "ordre", "niveau", "matricule", "civilite", "nom", "prenom", "poste",
            "service_libelle", "responsable",
        )
    )
