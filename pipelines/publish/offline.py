"""Check that a built site makes no request to another host.

Every page, feed, sitemap, chart, search index and stylesheet of ours is scanned for
``http(s)://`` addresses; XML namespace names (``xmlns="http://www.w3.org/2000/svg"``)
are identifiers, not requests, and are allowed. The theme's own bundled scripts and
stylesheets (``assets/javascripts``, ``assets/stylesheets``) are left out: their
addresses are in licence comments and in loaders the pages never trigger (Mermaid
diagrams, a polyfill for old browsers, a GitHub repository card).
"""

from __future__ import annotations

import re
from pathlib import Path

THEME_ASSETS = ("assets/javascripts", "assets/stylesheets")
SCANNED_SUFFIXES = {".html", ".xml", ".json", ".svg", ".css", ".js", ".txt", ".md"}
_ADDRESS = re.compile(r"""(xmlns(?::[\w-]+)?\s*=\s*["'])?(https?://[^\s"'<>()]+)""")


def _theme_asset(relative: str) -> bool:
    return any(relative.startswith(prefix + "/") for prefix in THEME_ASSETS)


def external_references(site: Path) -> list[tuple[str, str]]:
    """(file, address) for each address of another host in the built site."""
    found = []
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if not path.is_file() or path.suffix not in SCANNED_SUFFIXES or _theme_asset(relative):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [(relative, m.group(2)) for m in _ADDRESS.finditer(text) if not m.group(1)]
    return found
