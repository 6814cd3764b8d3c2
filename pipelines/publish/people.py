"""The internal directory and the org chart (a nested list: no script, no CDN)."""

from __future__ import annotations

from datetime import date

from pipelines.compute.figures import Figure
from pipelines.french import long_date
from pipelines.publish.page import Page, missing, source_line, table
from pipelines.publish.text import email_link, md

DIRECTORY_PAGE = "annuaire.md"
ORG_CHART_PAGE = "organigramme.md"


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


def org_chart_page(chart: Figure | None, as_of: date) -> Page:
    """Each person under their manager, indented by level."""
    if chart is None:
        return Page(ORG_CHART_PAGE, "Organigramme", f"# Organigramme\n\n{missing('Salariés')}")
    lines = []
    for row in chart.frame.to_dicts():
        role = " — ".join(md(part) for part in (row["poste"], row["service_libelle"]) if part)
        person = f"- **{md(_full_name(row))}**" + (f" — {role}" if role else "")
        lines.append("    " * row["niveau"] + person)
    body = "\n\n".join((
        "# Organigramme",
        "Chaque personne figure sous son ou sa responsable.",
        "\n".join(lines) or "Personne n'est présent à cette date.",
        source_line(chart.sources, as_of),
    ))
    return Page(ORG_CHART_PAGE, "Organigramme", body)
