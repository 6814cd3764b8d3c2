"""Generated pages: a path, a title and a Markdown body, with their provenance line.

Pages are built in memory (pure functions of the figures) and written at the end.
Every page has an explicit front-matter title, made safe with `title_text`, so that
MkDocs never takes a raw workbook text from a heading as the page title.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable, Sequence

import yaml

from pipelines.issues import SourceRef
from pipelines.french import long_date
from pipelines.publish.text import md, title_text


@dataclass(frozen=True)
class Page:
    path: str  # relative to the site's pages folder, e.g. "gestion/clients/C0001.md"
    title: str  # plain text (escaped when written)
    body: str  # Markdown, every workbook text already escaped
    meta: dict = field(default_factory=dict)  # extra front matter (blog posts)

    def text(self) -> str:
        front = {"title": title_text(self.title), **self.meta}
        header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
        return f"---\n{header}---\n\n{self.body.rstrip()}\n"


@dataclass(frozen=True)
class Asset:
    """A generated file that is not a page (a chart, the news feed)."""

    path: str
    content: str


def write_files(folder: Path, files: Iterable[Page | Asset]) -> int:
    """Write pages and assets under `folder` (UTF-8, LF); returns how many."""
    count = 0
    for item in files:
        target = folder / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        content = item.text() if isinstance(item, Page) else item.content
        target.write_text(content, encoding="utf-8", newline="\n")
        count += 1
    return count


def source_line(sources: Sequence[SourceRef], as_of: date) -> str:
    """« Source : clients.xlsx › Clients — données au 30 novembre 2026 », set apart."""
    where = ", ".join(md(str(source)) for source in sources) or "aucun classeur"
    label = "Sources" if len(sources) > 1 else "Source"
    return f"{label} : {where} — données au {long_date(as_of)}\n{{: .agora-source }}"


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], right: Sequence[int] = ()) -> str:
    """A Markdown table; cells must already be escaped or formatted; `right`: numeric columns."""
    rule = ["---:" if index in right else "---" for index in range(len(headers))]
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def section(title: str, *blocks: str) -> str:
    """A level-2 section; `title` is ours (not workbook text)."""
    return "\n\n".join([f"## {title}", *[block for block in blocks if block]])


def missing(what: str) -> str:
    return f"*{what} : la feuille nécessaire est absente des classeurs.*"
