"""News as blog posts (Material's blog plugin) and their Atom feed.

Posts are written to ``actualites/posts/`` with their date, category and slug in the
front matter; the plugin makes the index, the archive and the category pages. The
feed is generated here, exact and reproducible: its links are relative to the feed
(``feed.xml`` at the top of the site), so it needs no site address.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timezone
from xml.etree import ElementTree

from pipelines.compute.figures import Figure
from pipelines.french import long_date
from pipelines.markdown import md, md_block, slug, title_text
from pipelines.publish.page import Asset, Page, missing, source_line

BLOG_DIR = "actualites"
BLOG_INDEX = f"{BLOG_DIR}/index.md"
FEED_PATH = "feed.xml"
FEED_ENTRIES = 20
EXCERPT_END = "<!-- more -->"
_ATOM = "http://www.w3.org/2005/Atom"
_ID_NAMESPACE = uuid.UUID("6f0c3c1e-5a2b-4d4e-9a57-61676f726121")


def post_slug(row: dict) -> str:
    return slug(row["id_actualite"], fallback="actualite")


def post_page_path(row: dict) -> str:
    """The post's Markdown file, relative to the top of the site."""
    return f"{BLOG_DIR}/posts/{row['date_publication'].isoformat()}-{post_slug(row)}.md"


def post_url(row: dict) -> str:
    """The post's built page, as the blog plugin names it (post_url_format {date}/{slug})."""
    return f"{BLOG_DIR}/{row['date_publication']:%Y/%m/%d}/{post_slug(row)}.html"


def post_page(row: dict, figure: Figure, as_of: date) -> Page:
    author = f"*Par {md(row['auteur_nom'])}, le {long_date(row['date_publication'])}*"
    body = "\n\n".join(part for part in (
        f"# {md(row['titre'])}",
        f"**{md(row['resume'])}**" if row["resume"] else "",
        EXCERPT_END,
        md_block(row["contenu"]),
        author if row["auteur_nom"] else "",
        source_line(figure.sources, as_of),
    ) if part)
    meta = {
        "date": row["date_publication"],
        "categories": [title_text(row["categorie"])] if row["categorie"] else [],
        "slug": post_slug(row),
    }
    return Page(post_page_path(row), row["titre"] or "Actualité", body, meta)


def blog_pages(news: Figure | None, as_of: date) -> list[Page]:
    """The blog index and one post per published news item."""
    if news is None:
        return [Page(BLOG_INDEX, "Actualités", f"# Actualités\n\n{missing('Actualités')}")]
    index_body = (
        "# Actualités\n\nLes nouvelles de la maison, de la plus récente à la plus ancienne. "
        f"[Flux Atom](../{FEED_PATH})\n\n{source_line(news.sources, as_of)}"
    )
    rows = news.frame.to_dicts()
    return [Page(BLOG_INDEX, "Actualités", index_body)] + [
        post_page(row, news, as_of) for row in rows
    ]


def _timestamp(day: date) -> str:
    return datetime.combine(day, time(0), timezone.utc).isoformat().replace("+00:00", "Z")


def _entry(feed: ElementTree.Element, row: dict) -> None:
    entry = ElementTree.SubElement(feed, f"{{{_ATOM}}}entry")
    ElementTree.SubElement(entry, f"{{{_ATOM}}}title").text = row["titre"] or ""
    ElementTree.SubElement(entry, f"{{{_ATOM}}}link", href=post_url(row))
    identity = uuid.uuid5(_ID_NAMESPACE, str(row["id_actualite"]))
    ElementTree.SubElement(entry, f"{{{_ATOM}}}id").text = f"urn:uuid:{identity}"
    ElementTree.SubElement(entry, f"{{{_ATOM}}}updated").text = _timestamp(row["date_publication"])
    if row["auteur_nom"]:
        author = ElementTree.SubElement(entry, f"{{{_ATOM}}}author")
        ElementTree.SubElement(author, f"{{{_ATOM}}}name").text = row["auteur_nom"]
    if row["categorie"]:
        ElementTree.SubElement(entry, f"{{{_ATOM}}}category", term=row["categorie"])
    ElementTree.SubElement(entry, f"{{{_ATOM}}}summary").text = row["resume"] or ""


def atom_feed(news: Figure | None, feed_title: str, as_of: date) -> Asset:
    """The Atom feed of the latest news; `updated` is the latest news date (or as_of)."""
    ElementTree.register_namespace("", _ATOM)
    rows = [] if news is None else news.frame.head(FEED_ENTRIES).to_dicts()
    feed = ElementTree.Element(f"{{{_ATOM}}}feed", {"xml:lang": "fr"})
    ElementTree.SubElement(feed, f"{{{_ATOM}}}title").text = feed_title
    ElementTree.SubElement(feed, f"{{{_ATOM}}}link", href=f"{BLOG_DIR}/index.html")
    ElementTree.SubElement(feed, f"{{{_ATOM}}}link", rel="self", href=FEED_PATH)
    feed_id = uuid.uuid5(_ID_NAMESPACE, f"flux:{feed_title}")
    ElementTree.SubElement(feed, f"{{{_ATOM}}}id").text = f"urn:uuid:{feed_id}"
    latest = rows[0]["date_publication"] if rows else as_of
    ElementTree.SubElement(feed, f"{{{_ATOM}}}updated").text = _timestamp(latest)
    for row in rows:
        _entry(feed, row)
    ElementTree.indent(feed)
    xml = ElementTree.tostring(feed, encoding="unicode", xml_declaration=False)
    return Asset(FEED_PATH, f'<?xml version="1.0" encoding="utf-8"?>\n{xml}\n')
