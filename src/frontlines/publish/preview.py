"""The preview server behind `frontlines serve`: the built folder on 127.0.0.1, rebuilt on change.

The server is the standard library's, in a thread; changes are found by polling modification
times (the store and its WAL, the config, the content folder), which needs no extra package
and works the same on every file system.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves the site folder; unknown paths get the site's own 404 page."""

    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".geojson": "application/geo+json",
        ".json": "application/json",
        ".xml": "application/xml",
        ".webm": "video/webm",
        ".pf_meta": "application/octet-stream",
    }

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base's name)
        """Quiet: the CLI prints one line per rebuild instead of one per request."""


def start_server(site_dir: Path, port: int = 8000) -> ThreadingHTTPServer:
    """Serve `site_dir` on 127.0.0.1:`port` (0 picks a free port) from a daemon thread."""
    handler = partial(SiteHandler, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, name="frontlines-serve", daemon=True)
    thread.start()
    return server


def snapshot(paths: Iterable[Path]) -> tuple[tuple[str, int, int], ...]:
    """(path, mtime_ns, size) of every file under the given files and folders, sorted."""
    seen: list[tuple[str, int, int]] = []
    for path in paths:
        candidates = sorted(path.rglob("*")) if path.is_dir() else [path]
        for item in candidates:
            try:
                stat = item.stat()
            except OSError:
                continue
            if item.is_file():
                seen.append((str(item), stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(seen))
