"""The preview server behind `frontlines serve`: the built folder on 127.0.0.1, rebuilt on change.

The server is the standard library's, in a thread; changes are found by polling modification
times (the store and its WAL, the config, the content folder), which needs no extra package
and works the same on every file system.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import unquote, urlsplit

_LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves the site folder and nothing else; unknown paths get the site's own 404 page.

    Hardened for a preview that a browser may be tricked into talking to: a `Host` header that
    names anything but this machine is refused (421, against DNS rebinding); a path with a NUL
    byte, bad percent-encoding or `..` is a 400; folders are never listed (their index.html or a
    404); a symlink that leads outside the site folder is a 404; any other failure is a 500,
    never a traceback or a dropped connection.
    """

    server: PreviewServer
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".geojson": "application/geo+json",
        ".json": "application/json",
        ".xml": "application/xml",
        ".webm": "video/webm",
        ".pf_meta": "application/octet-stream",
    }

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        host = self.headers.get("Host")
        if host is not None and not self.server.allows_host(host):
            self.send_error(HTTPStatus.MISDIRECTED_REQUEST, "Unknown Host header")
            return False
        return True

    def send_head(self) -> Any:
        try:
            return self._send_file()
        except Exception:  # noqa: BLE001 - a request must never end in a traceback
            self.send_error(HTTPStatus.INTERNAL_SERVER_ERROR)
            return None

    def _send_file(self) -> BinaryIO | None:
        path = self._local_path()
        if path is None:
            return None
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", self.path.split("?", 1)[0] + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            path = path / "index.html"
        if not path.is_file() or not self._inside(path):
            self.send_error(HTTPStatus.NOT_FOUND)  # also a folder without index.html: no listing
            return None
        stream = path.open("rb")
        size = os.fstat(stream.fileno()).st_size
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(size))
        self.end_headers()
        return stream

    def _local_path(self) -> Path | None:
        """The file a request path names inside the site folder, or None (a 400 was sent)."""
        raw = urlsplit(self.path).path if "://" in self.path else self.path.split("?", 1)[0]
        raw = raw.split("#", 1)[0]
        try:
            decoded = unquote(raw, errors="strict")
        except UnicodeDecodeError:
            decoded = None
        if decoded is None or not decoded.startswith("/") or "\x00" in decoded or "\\" in decoded:
            self.send_error(HTTPStatus.BAD_REQUEST, "Malformed path")
            return None
        parts = [part for part in decoded.split("/") if part not in ("", ".")]
        if any(part == ".." for part in parts):
            self.send_error(HTTPStatus.BAD_REQUEST, "Malformed path")
            return None
        return Path(self.directory).joinpath(*parts)

    def _inside(self, path: Path) -> bool:
        """Whether `path`, symlinks followed, is still inside the site folder."""
        root = Path(self.directory).resolve()
        return path.resolve().is_relative_to(root)

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        self.send_error(HTTPStatus.NOT_FOUND)  # never a listing
        return None

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


class PreviewServer(ThreadingHTTPServer):
    """A thread per request, a listen backlog for a browser's burst of requests, and only
    `Host` headers that name this machine (or the address it listens on)."""

    request_queue_size = 128
    daemon_threads = True

    def allows_host(self, header: str) -> bool:
        host = header.strip().lower()
        if host.startswith("["):
            host = host.split("]", 1)[0] + "]"
        elif host.count(":") == 1:
            host = host.split(":", 1)[0]
        host = host.rstrip(".")
        bound = str(self.server_address[0]).lower()
        return host in _LOCAL_HOSTS or host in (bound, f"[{bound}]")

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that goes away mid-answer is no error worth a traceback."""


def start_server(site_dir: Path, port: int = 8000, host: str = "127.0.0.1") -> PreviewServer:
    """Serve `site_dir` on 127.0.0.1:`port` (0 picks a free port) from a daemon thread."""
    handler = partial(SiteHandler, directory=str(site_dir))
    server = PreviewServer((host, port), handler)
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
