"""Staff at the as-of date: headcount by service, internal directory, org chart.

Presence at as_of is `pipelines.records.present_on`, the definition validate uses too
(entered on or before it; the exit day is the last day present). Only work fields are
selected: the directory never carries a personal field.

The org chart starts from the real roots (no manager). Someone whose manager is not
present at as_of (gone, not yet arrived, or an unknown matricule) is not put at the
top: they head a separate group, « sans responsable en poste », with their own reports.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from pipelines.compute.names import with_employee_name
from pipelines.records import present_on

NO_SERVICE = "Sans service"
MAIN_GROUP = "organigramme"
ORPHAN_GROUP = "sans responsable en poste"
CYCLE_GROUP = "rattachement circulaire"
DIRECTORY_COLUMNS = (
    "matricule", "civilite", "nom", "prenom", "poste", "service", "service_libelle",
    "email_pro", "telephone_pro", "bureau",
)


def present_staff(salaries: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """The employees present at as_of."""
    return salaries.filter(present_on(as_of))


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


def _starting_points(people: list[dict]) -> tuple[list[str], list[str], dict]:
    """The real roots (no manager), the orphans (manager not present) and each one's reports."""
    present = {person["matricule"] for person in people}
    roots: list[str] = []
    orphans: list[str] = []
    reports: dict[str, list[str]] = {}
    for person in people:  # people come sorted by name: reports keep that order
        matricule, boss = person["matricule"], person["responsable"]
        if boss is None or boss == matricule:
            roots.append(matricule)
        elif boss not in present:
            orphans.append(matricule)
        else:
            reports.setdefault(boss, []).append(matricule)
    return roots, orphans, reports


def _tree_order(people: list[dict]) -> list[tuple[str, int, str]]:
    """(matricule, depth, group) in depth-first order: the real roots' trees first, then the
    orphans' trees, then anyone left (a cycle of managers, which has no root)."""
    roots, orphans, reports = _starting_points(people)
    starts = ([(m, MAIN_GROUP) for m in roots] + [(m, ORPHAN_GROUP) for m in orphans]
              + [(person["matricule"], CYCLE_GROUP) for person in people])
    order: list[tuple[str, int, str]] = []
    seen: set[str] = set()
    for start, group in starts:
        stack = [(start, 0)]
        while stack:
            matricule, depth = stack.pop()
            if matricule in seen:
                continue
            seen.add(matricule)
            order.append((matricule, depth, group))
            stack.extend((report, depth + 1) for report in reversed(reports.get(matricule, [])))
    return order


def org_chart(
    salaries: pl.DataFrame, as_of: date, services: pl.DataFrame | None = None
) -> pl.DataFrame:
    """The org chart as rows in depth-first order, with `niveau` (0 for the top of a tree)
    and `groupe`: the main chart, the people whose manager is not present at as_of
    (gone, not yet arrived or unknown), then the people in a cycle of managers."""
    people = directory(salaries, as_of, services).join(
        salaries.select("matricule", "responsable").unique("matricule", keep="first"),
        on="matricule",
        how="left",
    )
    order = _tree_order(people.select("matricule", "responsable").to_dicts())
    positions = pl.DataFrame(
        {
            "matricule": [matricule for matricule, _, _ in order],
            "niveau": [depth for _, depth, _ in order],
            "groupe": [group for _, _, group in order],
            "ordre": list(range(len(order))),
        },
        schema={"matricule": pl.String, "niveau": pl.Int64, "groupe": pl.String,
                "ordre": pl.Int64},
    )
    placed = positions.join(people, on="matricule", how="left")
    return (
        with_employee_name(placed, salaries, "responsable", "responsable_nom")
        .sort("ordre")
        .select(
            "ordre", "groupe", "niveau", "matricule", "civilite", "nom", "prenom", "poste",
            "service_libelle", "responsable", "responsable_nom",
        )
    )


def headcount_summary(headcount: pl.DataFrame) -> pl.DataFrame:
    """One row: (effectif, services_occupes), from `headcount_by_service`."""
    return headcount.select(
        effectif=pl.col("effectif").sum().cast(pl.Int64),
        services_occupes=(pl.col("effectif") > 0).sum().cast(pl.Int64),
    )
