"""A static file server for previewing a built site, bound to 127.0.0.1 only."""

from __future__ import annotations

import functools
import http.server
from pathlib import Path


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 (stdlib signature)
        pass


def preview_server(site: Path, port: int) -> http.server.ThreadingHTTPServer:
    """Raises OSError when the port cannot be bound."""
    handler = functools.partial(QuietHandler, directory=str(site))
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
