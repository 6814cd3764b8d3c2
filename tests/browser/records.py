"""What the sites should show, read straight from the workbooks (python-calamine)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from python_calamine import CalamineWorkbook

TRUE_CELLS = {"oui", "vrai", "true", "1"}


def read_rows(path: Path, sheet: str) -> list[dict]:
    """The rows of a sheet as dicts keyed by the header (row 1); empty cells are None."""
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
    header = [str(name).strip() for name in rows[0]]
    return [
        {name: (None if value == "" else value) for name, value in zip(header, row)}
        for row in rows[1:]
        if any(value not in ("", None) for value in row)
    ]


def as_date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip()[:10])


def as_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in TRUE_CELLS


def as_of(workbooks: Path) -> date:
    """The demo's reporting date: `date_arrete` of organisation.xlsx."""
    (organisation,) = read_rows(workbooks / "organisation.xlsx", "Organisation")
    return as_date(organisation["date_arrete"])


def notices(workbooks: Path) -> list[dict]:
    return read_rows(workbooks / "communication.xlsx", "Annonces")


def is_current(notice: dict, on: date) -> bool:
    start, end = as_date(notice.get("date_debut")), as_date(notice.get("date_expiration"))
    return (start is None or start <= on) and (end is None or on <= end)


def current_notices_for_all(workbooks: Path) -> list[dict]:
    """Notices addressed to everyone and running on the as_of date."""
    on = as_of(workbooks)
    return [n for n in notices(workbooks) if n["public"] == "tous" and is_current(n, on)]


def expired_notices(workbooks: Path) -> list[dict]:
    on = as_of(workbooks)
    return [n for n in notices(workbooks) if (as_date(n.get("date_expiration")) or on) < on]


def published_news(workbooks: Path) -> list[dict]:
    """News marked publie and dated on or before the as_of date, newest first."""
    on = as_of(workbooks)
    news = [
        n for n in read_rows(workbooks / "communication.xlsx", "Actualités")
        if as_bool(n["publie"]) and as_date(n["date_publication"]) <= on
    ]
    return sorted(news, key=lambda n: as_date(n["date_publication"]), reverse=True)


def latest_news(workbooks: Path) -> list[dict]:
    """The published news of the most recent publication date (usually one)."""
    news = published_news(workbooks)
    assert news, "aucune actualité publiée dans communication.xlsx"
    newest = as_date(news[0]["date_publication"])
    return [n for n in news if as_date(n["date_publication"]) == newest]
