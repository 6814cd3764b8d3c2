"""Check that a built site makes no request to another host.

Only what a browser loads is read, so that a text that merely mentions an address (a
customer called « www.exemple.fr », the search index, a licence comment) raises no alarm:

- in HTML pages and SVG drawings: ``src``, ``srcset``, ``poster`` and ``data`` of any
  element, ``href`` of ``<link>``, and ``href`` / ``xlink:href`` of the SVG elements that
  load a resource (``<image>``, ``<use>``, ``<feImage>``, ``<script>``); CSS in ``style``
  attributes and ``<style>`` elements;
- in stylesheets: ``url(…)`` and ``@import``.

Links a person follows (``<a href>``) load nothing by themselves. An address that names
a host (``https://…``, ``//…``) is reported; ``data:`` and relative addresses are local.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

LOADING_ATTRIBUTES = ("src", "srcset", "poster", "data")
HREF_LOADERS = {"link", "image", "use", "feimage", "script"}
HREF_ATTRIBUTES = ("href", "xlink:href")
_CSS_URL = re.compile(r"""url\(\s*(["']?)(.*?)\1\s*\)|@import\s+(["'])(.*?)\3""", re.DOTALL)


def is_remote(address: str) -> bool:
    """An address that names a host: the browser would fetch it from there."""
    return bool(urlsplit(address.strip()).netloc)


def css_addresses(css: str) -> list[str]:
    """The addresses a stylesheet loads: ``url(…)`` and ``@import "…"``."""
    return [match.group(2) or match.group(4) or "" for match in _CSS_URL.finditer(css)]


def _srcset_addresses(value: str) -> list[str]:
    return [candidate.split()[0] for candidate in value.split(",") if candidate.split()]


class _LoadedAddresses(HTMLParser):
    """Collects the addresses an HTML page or an SVG drawing makes the browser load."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.addresses: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        for name in LOADING_ATTRIBUTES:
            if name in attributes:
                value = attributes[name]
                self.addresses += _srcset_addresses(value) if name == "srcset" else [value]
        if tag in HREF_LOADERS:
            self.addresses += [attributes[name] for name in HREF_ATTRIBUTES if name in attributes]
        if "style" in attributes:
            self.addresses += css_addresses(attributes["style"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.addresses += css_addresses(data)


def loaded_addresses(path: Path) -> list[str]:
    """What the browser loads because of this file (HTML, SVG or CSS; nothing otherwise)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".css":
        return css_addresses(text)
    if path.suffix not in (".html", ".svg"):
        return []
    parser = _LoadedAddresses()
    parser.feed(text)
    parser.close()
    return parser.addresses


def external_references(site: Path) -> list[tuple[str, str]]:
    """(file, address) for each resource of another host that the built site loads."""
    found = []
    for path in sorted(site.rglob("*")):
        if path.is_file():
            relative = path.relative_to(site).as_posix()
            found += [(relative, address) for address in loaded_addresses(path)
                      if is_remote(address)]
    return found
