"""The internal directory and the org chart (an SVG drawing and a nested list; no script)."""

from __future__ import annotations

from datetime import date

from pipelines.compute.figures import Figure
from pipelines.compute.hr import CYCLE_GROUP, MAIN_GROUP, ORPHAN_GROUP
from pipelines.french import long_date
from pipelines.markdown import email_link, md, table
from pipelines.publish.org_chart import SECTION_TITLES, org_chart_svg
from pipelines.publish.page import Asset, Page, missing, section, source_line

DIRECTORY_PAGE = "annuaire.md"
ORG_CHART_PAGE = "organigramme.md"
ORG_CHART_DRAWING = "assets/graphiques/organigramme.svg"


def _full_name(row: dict) -> str:
    return " ".join(part for part in (row.get("prenom"), row.get("nom")) if part)


def directory_page(directory: Figure | None, as_of: date) -> Page:
    if directory is None:
        return Page(DIRECTORY_PAGE, "Annuaire", f"# Annuaire\n\n{missing('Salariés')}")
    rows = [
        [
            f"**{md(row['nom'])}** {md(row['prenom'])}", md(row["poste"]),
            md(row["service_libelle"]), email_link(row["email_pro"]),
            md(row["telephone_pro"]), md(row["bureau"]),
        ]
        for row in directory.frame.to_dicts()
    ]
    body = "\n\n".join((
        "# Annuaire",
        f"{len(rows)} personnes présentes au {long_date(as_of)}, par ordre alphabétique.",
        table(["Nom", "Poste", "Service", "Courriel", "Téléphone", "Bureau"], rows),
        source_line(directory.sources, as_of),
    ))
    return Page(DIRECTORY_PAGE, "Annuaire", body)


def _nested_list(rows: list[dict], with_manager: bool = False) -> str:
    """Each person under their manager, indented by level; with `with_manager`, the top
    people of the list also show the manager the workbook gives them."""
    lines = []
    for row in rows:
        role = " — ".join(md(part) for part in (row["poste"], row["service_libelle"]) if part)
        person = f"- **{md(_full_name(row))}**" + (f" — {role}" if role else "")
        if with_manager and row["niveau"] == 0 and row["responsable"]:
            named = md(row["responsable"])
            if row.get("responsable_nom"):
                named = f"{md(row['responsable_nom'])} ({named})"
            person += f" — *rattachement dans le classeur : {named}*"
        lines.append("    " * row["niveau"] + person)
    return "\n".join(lines)


def _group_explanation(group: str, as_of: date) -> str:
    if group == ORPHAN_GROUP:
        return (f"La personne indiquée comme responsable dans le classeur n'est pas en poste au "
                f"{long_date(as_of)} (départ, arrivée à venir ou matricule inconnu) : "
                "à rattacher à une personne présente.")
    return ("Ces personnes sont rattachées les unes aux autres en boucle : aucune ne remonte "
            "jusqu'à une personne sans responsable.")


def _group_sections(rows: list[dict], as_of: date) -> list[str]:
    """A section for the people without a manager in post, and one for a cycle of managers."""
    sections = []
    for group in (ORPHAN_GROUP, CYCLE_GROUP):
        members = [row for row in rows if row["groupe"] == group]
        if members:
            sections.append(section(SECTION_TITLES[group], _group_explanation(group, as_of),
                                    _nested_list(members, with_manager=True)))
    return sections


def org_chart_page(chart: Figure | None, as_of: date) -> Page:
    """The drawing, then the same chart as a nested list (readable and searchable)."""
    if chart is None:
        return Page(ORG_CHART_PAGE, "Organigramme", f"# Organigramme\n\n{missing('Salariés')}")
    rows = chart.frame.to_dicts()
    main = [row for row in rows if row["groupe"] == MAIN_GROUP]
    drawing = (f"[![Organigramme dessiné : chaque personne dans un cadre, reliée à son ou sa "
               f"responsable]({ORG_CHART_DRAWING})]({ORG_CHART_DRAWING})") if rows else ""
    body = "\n\n".join(part for part in (
        "# Organigramme",
        "Chaque personne figure sous son ou sa responsable." if rows
        else "Personne n'est présent à cette date.",
        drawing,
        _nested_list(main),
        *_group_sections(rows, as_of),
        source_line(chart.sources, as_of),
    ) if part)
    return Page(ORG_CHART_PAGE, "Organigramme", body)


def org_chart_files(chart: Figure | None, as_of: date) -> list[Page | Asset]:
    """The org chart page and, when someone is present, its drawing."""
    page = org_chart_page(chart, as_of)
    if chart is None or chart.frame.is_empty():
        return [page]
    return [page, Asset(ORG_CHART_DRAWING, org_chart_svg(chart.frame.to_dicts()))]
