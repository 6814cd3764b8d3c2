"""Read built HTML pages from disk: titles, links and their targets (no browser needed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
LINKING_ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src"}


@dataclass
class HtmlPage:
    path: Path
    title: str = ""
    headings: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (tag, url)
    article: list[str] = field(default_factory=list)  # text chunks of <article>, scripts included

    @property
    def article_text(self) -> str:
        return "".join(self.article)

    @property
    def heading(self) -> str:
        """The page's own title: its first <h1>, else the <title> before the site name."""
        if self.headings:
            return self.headings[0]
        return self.title.rsplit(" - ", 1)[0].strip()


class _PageParser(HTMLParser):
    def __init__(self, page: HtmlPage):
        super().__init__(convert_charrefs=True)
        self.page = page
        self._capturing: str | None = None
        self._buffer: list[str] = []
        self._article_depth = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        url = attributes.get(LINKING_ATTRIBUTES.get(tag, ""))
        if url is not None:
            self.page.links.append((tag, url))
        if tag == "article":
            self._article_depth += 1
        if tag in ("title", "h1") and self._capturing is None:
            self._capturing, self._buffer = tag, []

    def handle_endtag(self, tag):
        if tag == "article":
            self._article_depth = max(0, self._article_depth - 1)
        if tag != self._capturing:
            return
        text = " ".join("".join(self._buffer).split())
        if tag == "title":
            self.page.title = text
        else:
            self.page.headings.append(text.rstrip("¶").strip())
        self._capturing = None

    def handle_data(self, data):
        if self._capturing:
            self._buffer.append(data)
        if self._article_depth:
            self.page.article.append(data)


@cache
def read_page(path: Path) -> HtmlPage:
    page = HtmlPage(path)
    _PageParser(page).feed(path.read_text(encoding="utf-8"))
    return page


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def site_pages(site: Path) -> list[HtmlPage]:
    """Every page of a built site except the 404 page."""
    return [read_page(path) for path in html_files(site) if path.name != "404.html"]


def page_url(site: Path, path: Path) -> str:
    """The site-relative URL of a built page (directory URLs end with a slash)."""
    relative = path.relative_to(site).as_posix()
    if relative == "index.html":
        return ""
    return relative[: -len("index.html")] if relative.endswith("/index.html") else relative


def is_feed(url_path: str) -> bool:
    name = url_path.rstrip("/").rsplit("/", 1)[-1].lower()
    return name.startswith("feed") or "rss" in name or name.endswith((".rss", ".atom"))


def link_target(site: Path, page: Path, url: str) -> Path | None:
    """The file a link of `page` points to inside `site`, or None if it points elsewhere.

    Links elsewhere: other hosts, mailto:/tel:/javascript:/data: URLs, anchors within the page
    and the news feed.
    """
    parts = urlsplit(url)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None
    if parts.netloc and parts.hostname not in LOCAL_HOSTS:
        return None
    if not parts.path or is_feed(parts.path):
        return None
    path = unquote(parts.path)
    base = site if path.startswith("/") else page.parent
    target = (base / path.lstrip("/")).resolve()
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target
