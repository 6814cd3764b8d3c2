"""Generated pages: a path, a title and a Markdown body, with their provenance line.

Pages are built in memory (pure functions of the figures) and written at the end.
Every generated page ends with its source line (`source_line`, `workbooks_line`); the
theme adds one to the pages that have none (hand-written pages, blog archives, 404).
Every page has an explicit front-matter title, made safe with `title_text`, so that
MkDocs never takes a raw workbook text from a heading as the page title.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Callable, Iterable, Sequence

import yaml

from pipelines.compute.figures import Figure
from pipelines.french import long_date
from pipelines.issues import Issue, SourceRef
from pipelines.markdown import md, title_text

WIDE_PAGE = {"hide": ["toc"]}  # front matter of a page whose tables need the full width


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


def workbooks_line(workbooks: Sequence[str], as_of: date) -> str:
    """« Sources : tous les classeurs lus (clients.xlsx, …) — données au … », set apart."""
    listed = ", ".join(md(workbook) for workbook in workbooks) or "aucun"
    return (f"Sources : tous les classeurs lus ({listed}) — données au {long_date(as_of)}"
            "\n{: .agora-source }")


def section(title: str, *blocks: str) -> str:
    """A level-2 section; `title` is ours (not workbook text)."""
    return "\n\n".join([f"## {title}", *[block for block in blocks if block]])


def missing(what: str) -> str:
    return f"*{what} : la feuille nécessaire est absente des classeurs.*"


def missing_page(path: str, title: str, what: str) -> Page:
    """The page published in place of one whose sheets (`what`) are absent."""
    return Page(path, title, f"# {title}\n\n{missing(what)}")


def sources_of(*figures: Figure | None) -> tuple[SourceRef, ...]:
    """The sources of the figures, each once and in order; an absent figure has none."""
    return tuple(dict.fromkeys(s for figure in figures if figure is not None
                               for s in figure.sources))


def whole_euros(value: Decimal | None) -> int:
    """An amount rounded half up to the euro: the height of a chart's bar, never a figure."""
    return int(Decimal(value or 0).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def unavailable_page(path: str, title: str, failures: Sequence[Issue], as_of: date) -> Page:
    """The notice published in place of a page whose figures could not be computed."""
    notice = ("Le calcul des chiffres de cette page a échoué : ils ne sont pas publiés cette "
              "fois-ci. L'anomalie « calcul-en-echec » figure dans le rapport de validation "
              "du site de gestion ; les autres pages sont à jour.")
    body = "\n\n".join((
        f"# {md(title)}",
        f'!!! warning "Chiffres indisponibles"\n\n    {notice}',
        source_line(tuple(dict.fromkeys(issue.source for issue in failures)), as_of),
    ))
    return Page(path, title, body)


def guarded(failures: dict[str, Issue], needs: Sequence[str], path: str, title: str,
            as_of: date, build: Callable[[], list[Page | Asset]]) -> list[Page | Asset]:
    """The files `build` makes, or the notice page alone when a figure in `needs` failed."""
    failed = [failures[name] for name in needs if name in failures]
    return [unavailable_page(path, title, failed, as_of)] if failed else build()
