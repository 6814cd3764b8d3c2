"""Markdown for people: workbook text escaped, tables, issues grouped by workbook and sheet.

The one place that turns workbook text into Markdown, shared by the issue report
(`pipelines.report`) and the generated pages (`pipelines.publish`). Every text that comes
from a workbook goes through `md` (or `md_block`, `title_text`) before it is put in a page,
so that it shows as text, never as HTML or Markdown: a customer called
``<script>alert(1)</script>`` is shown as those characters.

- `md`: inline Markdown (a table cell, a list item, a heading): HTML-escapes
  ``& < > "`` and backslash-escapes every character Python-Markdown lets one escape
  (``\\ ` * _ { } [ ] ( ) # + - . ! |``); line breaks become spaces.
- `md_block`: several paragraphs (separated by a blank line in the cell); the lines
  of a paragraph are kept with ``<br>``.
- `title_text`: a page title, site name or blog category. MkDocs and Material put it in
  the HTML sometimes as is (``<title>``, the header) and sometimes escaped (a ``title=``
  tooltip), and an entity would show as ``&lt;`` in the second case. So no entity is made:
  ``<`` and ``>`` become the look-alike quotes ``‹ ›`` and ``"`` becomes ``”``, which
  can neither open a tag nor leave an attribute. ``&`` stays (« AT&T », « Dupont & Fils »),
  except where it would start a character reference (« &lt; »): there it becomes ``＆``,
  so that the text reads the same in both places.
- `slug`: a file or anchor name made of ``a-z 0-9 -`` only.
"""

from __future__ import annotations

import html
import re
import unicodedata
from itertools import groupby
from typing import Callable, Iterable, Sequence
from urllib.parse import quote

from pipelines.issues import Issue, sort_issues

_MARKDOWN_ESCAPABLE = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_SPACES = re.compile(r"\s+")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+\-']+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}$")
_TITLE_LOOK_ALIKES = str.maketrans({"<": "‹", ">": "›", '"': "”"})
_CHARACTER_REFERENCE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
ISSUE_HEADERS = ("Gravité", "Cellule", "Code", "Détail")


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
    """A title safe both where it is inserted as is and where it is escaped: no entity."""
    text = _SPACES.sub(" ", _as_text(value)).strip().translate(_TITLE_LOOK_ALIKES)
    return _CHARACTER_REFERENCE.sub("＆", text)


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


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], right: Sequence[int] = ()) -> str:
    """A Markdown table; cells must already be escaped or formatted; `right`: numeric columns."""
    rule = ["---:" if index in right else "---" for index in range(len(headers))]
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def grouped_markdown(issues: Iterable[Issue], row: Callable[[Issue], list[str]]) -> list[str]:
    """A section per workbook, a table per sheet, a row per issue (rendered by `row`)."""
    parts = []
    for workbook, in_workbook in groupby(sort_issues(issues), key=lambda i: i.source.workbook):
        parts.append(f"## {md(workbook)}")
        for sheet, in_sheet in groupby(in_workbook, key=lambda i: i.source.sheet):
            parts.append(f"### {md(sheet) if sheet else 'Tout le classeur'}")
            parts.append(table(ISSUE_HEADERS, [row(issue) for issue in in_sheet]))
    return parts
