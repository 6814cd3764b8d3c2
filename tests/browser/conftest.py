"""Headless Chromium (Debian's, never a downloaded one) over the built sites, served locally."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from pipelines.preview import preview_server

from .sites import demo, trapped  # noqa: F401 (fixtures shared with the leak test)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_SCHEMES = {"data", "blob", "about"}


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve a directory on 127.0.0.1, on a free port, from a thread; yield its base URL."""
    server = preview_server(directory, 0)  # the same server as « agora serve »
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def staff_url(demo) -> Iterator[str]:
    with serve(demo.staff) as url:
        yield url


@pytest.fixture(scope="session")
def management_url(demo) -> Iterator[str]:
    with serve(demo.management) as url:
        yield url


@pytest.fixture(scope="session")
def trapped_staff_url(trapped) -> Iterator[str]:
    with serve(trapped.staff) as url:
        yield url


@pytest.fixture(scope="session")
def trapped_management_url(trapped) -> Iterator[str]:
    with serve(trapped.management) as url:
        yield url


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        reason = f"Chromium de Debian introuvable ({CHROMIUM}) : apt-get install -y chromium"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (obligatoire en CI)", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname == "127.0.0.1"


class Visit:
    """A browser context that records every request, dialog and script error of its pages.

    Requests to another host are recorded, then aborted, so that they fail at once.
    """

    def __init__(self, context):
        self.context = context
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("dialog", self._dismiss)
        context.on("page", self._watch)
        context.route(lambda url: not is_local(url), lambda route: route.abort())

    def _dismiss(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _watch(self, page) -> None:
        page.on("pageerror", lambda error: self.errors.append(f"{page.url} : {error}"))

    def open(self, url: str):
        """A new page at `url`, loaded (HTTP 200 required)."""
        page = self.context.new_page()
        response = page.goto(url, wait_until="load")
        assert response is not None and response.status == 200, f"{url} : HTTP {response and response.status}"
        return page

    @property
    def outside_requests(self) -> list[str]:
        return [url for url in self.requests if not is_local(url)]


@pytest.fixture
def visit(chromium) -> Iterator[Visit]:
    """A fresh browsing context; at the end, no request may have left 127.0.0.1."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    visit = Visit(context)
    yield visit
    context.close()
    assert not visit.outside_requests, (
        "requêtes vers un autre hôte que 127.0.0.1 : " + ", ".join(sorted(set(visit.outside_requests)))
    )
