"""Management page « Prospection »: call-backs to make, prospects by stage, campaign and zone.

Only on the management site: a prospect's contact is personal data.
"""

from __future__ import annotations

from datetime import date

from pipelines.compute.figures import Figure
from pipelines.compute.prospects import NO_DATE
from pipelines.french import long_date, number, plural, short_date
from pipelines.markdown import md, table
from pipelines.publish.charts import horizontal_bars
from pipelines.publish.page import WIDE_PAGE, Asset, Page, missing, section, source_line

PROSPECTS_PAGE = "gestion/prospection.md"
STAGES_CHART = "gestion/graphiques/prospects-par-etape.svg"
PROSPECTS_FIGURES = ("prospects_relances", "prospects_par_etape", "prospects_campagne_etape",
                     "prospects_par_zone", "prospects_synthese")


def label(value) -> str:
    """« intéressé » → « Intéressé »; « à faire ce jour » → « À faire ce jour »."""
    text = "" if value is None else str(value)
    return text[:1].upper() + text[1:]


def _delay(row: dict) -> str:
    """« 14 jours », « ce jour » (due at as_of) or « sans date »."""
    if row["relance"] == NO_DATE:
        return "sans date"
    late = row["jours_de_retard"]
    return plural(late, "jour") if late else "ce jour"


def follow_ups_table(follow_ups: Figure) -> str:
    rows = [
        [f"**{md(r['raison_sociale'])}** ({md(r['code_prospect'])})", md(label(r["etape"])),
         short_date(r["date_relance"]) if r["date_relance"] else "", _delay(r),
         md(r["commercial_nom"] or r["commercial"]), md(r["contact_nom"])]
        for r in follow_ups.frame.to_dicts()
    ]
    if not rows:
        return "Aucune relance en retard ou à faire ce jour."
    return table(["Prospect", "Étape", "Relance prévue", "Retard", "Commercial", "Contact"],
                 rows, right=[3])


def stages_section(stages: Figure, total: int) -> tuple[str, Asset]:
    rows = stages.frame.to_dicts()
    chart = Asset(STAGES_CHART, horizontal_bars(
        [label(r["etape"]) for r in rows], [r["nombre"] for r in rows], "prospects"
    ))
    body = table(["Étape", "Prospects"],
                 [[md(label(r["etape"])), number(r["nombre"])] for r in rows]
                 + [["**Total**", f"**{number(total)}**"]], right=[1])
    chart_link = STAGES_CHART.removeprefix("gestion/")
    return section("Prospects par étape", f"![Prospects par étape]({chart_link})", body), chart


def pivot_table(pivot: Figure, stages_figure: Figure, total: int) -> str:
    """Campaigns in rows, stages in columns, totals on the right and at the bottom (the
    counts by stage)."""
    frame = pivot.frame
    stages = [column for column in frame.columns if column not in ("campagne", "total")]
    by_stage = dict(stages_figure.frame.select("etape", "nombre").iter_rows())
    rows = [[md(r["campagne"]), *[number(r[s]) for s in stages], f"**{number(r['total'])}**"]
            for r in frame.to_dicts()]
    totals = [f"**{number(by_stage.get(stage, 0))}**" for stage in stages]
    totals.append(f"**{number(total)}**")
    return table(["Campagne", *[md(label(s)) for s in stages], "Total"],
                 rows + [["**Total**", *totals]], right=list(range(1, len(stages) + 2)))


def zones_table(zones: Figure) -> str:
    rows = [[md(r["zone"]), number(r["nombre"]), number(r["en_cours"]), number(r["gagnes"]),
             number(r["perdus"])] for r in zones.frame.to_dicts()]
    return table(["Zone", "Prospects", "En cours", "Gagnés", "Perdus"], rows, right=[1, 2, 3, 4])


def _summary(counts: dict, as_of: date) -> str:
    return (f"{plural(counts['prospects'], 'prospect')} au {long_date(as_of)} : "
            f"{number(counts['en_cours'])} en cours, {plural(counts['gagnes'], 'gagné')}, "
            f"{plural(counts['perdus'], 'perdu')} ; "
            f"**{plural(counts['relances'], 'relance')} à faire**.")


def prospects_files(figures: dict[str, Figure], as_of: date) -> list[Page | Asset]:
    """The « Prospection » page and its chart (none when the Prospects sheet is missing)."""
    title = "Prospection"
    if not all(name in figures for name in PROSPECTS_FIGURES):
        return [Page(PROSPECTS_PAGE, title, f"# {title}\n\n{missing('Prospects')}")]
    follow_ups, stages, pivot, zones, summary = (figures[name] for name in PROSPECTS_FIGURES)
    counts = summary.frame.row(0, named=True)
    stages_text, chart = stages_section(stages, counts["prospects"])
    body = "\n\n".join((
        f"# {title}",
        _summary(counts, as_of),
        section("Relances à faire",
                "Prospects en cours dont la relance est dépassée ou prévue ce jour, ou qui "
                "n'ont pas de date de relance. Le tableau complet (dernier contact, ligne du "
                "classeur) est aussi publié en CSV et en JSON dans les données du site "
                "(site_data).",
                follow_ups_table(follow_ups)),
        stages_text,
        section("Prospects par campagne et par étape",
                pivot_table(pivot, stages, counts["prospects"])),
        section("Prospects par zone", zones_table(zones)),
        source_line(tuple(dict.fromkeys(
            source for figure in (follow_ups, stages, pivot, zones) for source in figure.sources
        )), as_of),
    ))
    return [Page(PROSPECTS_PAGE, title, body, WIDE_PAGE), chart]
