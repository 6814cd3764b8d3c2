"""The staff home page: current notices as admonitions, latest news, key figures."""

from __future__ import annotations

from datetime import date

from pipelines.compute.figures import Figure
from pipelines.compute.stock import BELOW_SAFETY, STOCK_OUT
from pipelines.french import long_date, plural
from pipelines.markdown import md, md_block
from pipelines.publish.key_figures import KEY_FIGURES_PAGE
from pipelines.publish.news import BLOG_INDEX, FEED_PATH, post_page_path
from pipelines.publish.page import Page, missing, section, source_line

ADMONITION_BY_PRIORITY = {"urgente": "danger", "importante": "warning", "information": "info"}
PRIORITY_LABEL = {"urgente": "Urgent", "importante": "Important", "information": "Information"}
HOME_PAGE = "index.md"
HOME_FIGURES = ("annonces_en_cours", "dernieres_actualites", "effectifs_synthese",
                "stock_alertes_synthese")


def _indented(text: str) -> str:
    return "\n".join(f"    {line}" if line else "" for line in text.split("\n"))


def notice_admonition(notice: dict) -> str:
    """One notice: its priority gives the admonition type; its text is escaped."""
    kind = ADMONITION_BY_PRIORITY.get(notice["priorite"], "note")
    label = PRIORITY_LABEL.get(notice["priorite"], "Annonce")
    until = (
        f" jusqu'au {long_date(notice['date_expiration'])}" if notice["date_expiration"] else ""
    )
    details = (
        f"*Pour : {md(notice['public_libelle'])} — depuis le {long_date(notice['date_debut'])}"
        f"{until}{' — ' + md(notice['auteur_nom']) if notice['auteur_nom'] else ''}*"
    )
    body = "\n\n".join(part for part in (md_block(notice["message"]), details) if part)
    return f'!!! {kind} "{label} : {md(notice["titre"])}"\n\n{_indented(body)}'


def notices_section(notices: Figure | None) -> str:
    if notices is None:
        return section("Annonces en cours", missing("Annonces"))
    blocks = [notice_admonition(row) for row in notices.frame.to_dicts()]
    return section("Annonces en cours", *(blocks or ["Aucune annonce en cours."]))


def latest_news_section(news: Figure | None) -> str:
    if news is None:
        return section("Dernières actualités", missing("Actualités"))
    items = [
        f"- [{md(row['titre'])}]({post_page_path(row)}) — {long_date(row['date_publication'])}"
        + (f" : {md(row['resume'])}" if row["resume"] else "")
        for row in news.frame.to_dicts()
    ]
    links = f"[Toutes les actualités]({BLOG_INDEX}) · [Flux Atom des actualités]({FEED_PATH})"
    listing = "\n".join(items) or "Aucune actualité publiée."
    return section("Dernières actualités", listing, links)


def in_brief_section(figures: dict[str, Figure]) -> str:
    lines = []
    headcount = figures.get("effectifs_synthese")
    if headcount is not None:
        staff = headcount.frame.row(0, named=True)
        lines.append(f"- Effectif : {plural(staff['effectif'], 'personne')} dans "
                     f"{plural(staff['services_occupes'], 'service')}")
    alerts = figures.get("stock_alertes_synthese")
    if alerts is not None:
        counts = dict(alerts.frame.iter_rows())
        lines.append(
            f"- Stock : {plural(counts.get(STOCK_OUT, 0), 'article')} en rupture, "
            f"{counts.get(BELOW_SAFETY, 0)} sous le stock de sécurité"
        )
    if not lines:
        return ""
    return section("En bref", "\n".join(lines), f"[Tous les chiffres clés]({KEY_FIGURES_PAGE})")


def home_page(site_title: str, figures: dict[str, Figure], as_of: date) -> Page:
    used = [figures[name] for name in HOME_FIGURES if name in figures]
    sources = tuple(dict.fromkeys(source for figure in used for source in figure.sources))
    body = "\n\n".join(part for part in (
        f"# {md(site_title)}",
        notices_section(figures.get("annonces_en_cours")),
        latest_news_section(figures.get("dernieres_actualites")),
        in_brief_section(figures),
        source_line(sources, as_of),
    ) if part)
    return Page(HOME_PAGE, "Accueil", body)
