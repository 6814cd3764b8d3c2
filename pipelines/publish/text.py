"""Escaping workbook text for the generated pages: the one place that does it.

Every text that comes from a workbook goes through `md` (or `md_block`, `title_text`)
before it is put in a page, so that it shows as text, never as HTML or Markdown:
a customer called ``<script>alert(1)</script>`` is shown as those characters.

- `md`: inline Markdown (a table cell, a list item, a heading): HTML-escapes
  ``& < > "`` and backslash-escapes every character Python-Markdown lets one escape
  (``\\ ` * _ { } [ ] ( ) # + - . ! |``); line breaks become spaces.
- `md_block`: several paragraphs (separated by a blank line in the cell); the lines
  of a paragraph are kept with ``<br>``.
- `title_text`: a page title, site name or blog category, which MkDocs and Material
  put in the HTML without escaping: ``< > "`` become entities.
- `slug`: a file or anchor name made of ``a-z 0-9 -`` only.
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import quote

_MARKDOWN_ESCAPABLE = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_SPACES = re.compile(r"\s+")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+\-']+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}$")


def _as_text(value) -> str:
    return "" if value is None else str(value)


def _escape_line(line: str) -> str:
    escaped = html.escape(line, quote=False).replace('"', "&quot;")
    return _MARKDOWN_ESCAPABLE.sub(r"\\\1", escaped)


def md(value) -> str:
    """Workbook text as inline Markdown that renders exactly as the text."""
    return _escape_line(_SPACES.sub(" ", _as_text(value)).strip())


def md_block(value) -> str:
    """Workbook text of several paragraphs (blank-line separated) as Markdown paragraphs."""
    paragraphs = re.split(r"\n\s*\n", _as_text(value).replace("\r\n", "\n").strip())
    rendered = []
    for paragraph in paragraphs:
        lines = [md(line) for line in paragraph.split("\n") if line.strip()]
        if lines:
            rendered.append("<br>".join(lines))
    return "\n\n".join(rendered)


def title_text(value) -> str:
    """A title that MkDocs and Material insert unescaped: no tag, no attribute break-out."""
    text = _SPACES.sub(" ", _as_text(value)).strip()
    return text.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def slug(value, fallback: str = "sans-nom") -> str:
    """« Vie de l'entreprise » → ``vie-de-l-entreprise``; only a-z, 0-9 and hyphens."""
    ascii_text = unicodedata.normalize("NFKD", _as_text(value)).encode("ascii", "ignore")
    words = re.findall(r"[a-z0-9]+", ascii_text.decode("ascii").lower())
    return "-".join(words) or fallback


def email_link(value) -> str:
    """A mailto link for a plausible address, else the escaped text."""
    address = _as_text(value).strip()
    if not _EMAIL.match(address):
        return md(address)
    return f"[{md(address)}](mailto:{quote(address, safe='@.+-_')})"
