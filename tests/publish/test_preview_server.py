"""The preview server, real on 127.0.0.1: hostile paths, Host headers, folders, symlinks, load."""

from __future__ import annotations

import http.client
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from frontlines.publish.preview import PreviewServer, start_server


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp_path = tmp_path_factory.mktemp("preview")
    root = tmp_path / "site"
    (root / "articles" / "battle").mkdir(parents=True)
    (root / "static").mkdir()
    (root / "index.html").write_text("<h1>Home</h1>", encoding="utf-8")
    (root / "404.html").write_text("<h1>Not here</h1>", encoding="utf-8")
    (root / "articles" / "battle" / "index.html").write_text("<h1>Battle</h1>", encoding="utf-8")
    (root / "static" / "site.css").write_text("body{}", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("not for the web", encoding="utf-8")
    (root / "static" / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (root / "static" / "outside").symlink_to(tmp_path)
    (root / "static" / "alias.css").symlink_to(root / "static" / "site.css")
    return root


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[PreviewServer]:
    running = start_server(site, 0)
    try:
        yield running
    finally:
        running.shutdown()
        running.server_close()


def get(
    server: PreviewServer, path: str, host: str | None = None, method: str = "GET"
) -> tuple[int, bytes]:
    """A raw request (the path is sent exactly as given)."""
    port = server.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", host if host is not None else f"127.0.0.1:{port}")
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_pages_are_served(server: PreviewServer) -> None:
    assert get(server, "/") == (200, b"<h1>Home</h1>")
    assert get(server, "/articles/battle/") == (200, b"<h1>Battle</h1>")
    assert get(server, "/static/site.css?v=1") == (200, b"body{}")
    assert get(server, "/static/alias.css") == (200, b"body{}")  # a symlink inside the site
    assert get(server, "/articles/battle")[0] == 301
    assert get(server, "/nothing") == (404, b"<h1>Not here</h1>")


@pytest.mark.parametrize(
    "path",
    ["/articles/%00", "/%00/x", "/a%ff%fe", "/../secret.txt", "/static/%2e%2e/%2e%2e/secret.txt",
     "/static/..%2f..%2fsecret.txt", "/static\\..\\x", "*"],
)  # fmt: skip
def test_malformed_paths_are_400_and_the_connection_answers(
    server: PreviewServer, path: str
) -> None:
    status, _ = get(server, path)
    assert status == 400
    assert get(server, "/")[0] == 200  # the server is still there


def test_folders_are_never_listed(server: PreviewServer) -> None:
    assert get(server, "/static/") == (404, b"<h1>Not here</h1>")
    assert get(server, "/articles/")[0] == 404


def test_symlinks_out_of_the_site_are_not_followed(server: PreviewServer) -> None:
    assert get(server, "/static/leak.txt") == (404, b"<h1>Not here</h1>")
    assert get(server, "/static/outside/secret.txt")[0] == 404
    assert get(server, "/static/outside/")[0] == 404


@pytest.mark.parametrize(
    "host", ["localhost", "localhost:8000", "127.0.0.1", "[::1]:9", "LOCALHOST."]
)
def test_local_host_headers_are_served(server: PreviewServer, host: str) -> None:
    assert get(server, "/", host=host)[0] == 200


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", ""]
)
def test_other_host_headers_are_refused(server: PreviewServer, host: str) -> None:
    status, _ = get(server, "/", host=host)
    assert status in (400, 421)


def test_many_connections_at_once_are_all_answered(server: PreviewServer) -> None:
    assert server.request_queue_size >= 64
    port = server.server_address[1]
    sockets = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(64)]
    answers: list[bytes] = []
    lock = threading.Lock()

    def ask(sock: socket.socket) -> None:
        sock.sendall(
            f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode()
        )
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
        sock.close()
        with lock:
            answers.append(data)

    started = time.monotonic()
    threads = [threading.Thread(target=ask, args=(sock,)) for sock in sockets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert len(answers) == 64
    assert all(answer.startswith(b"HTTP/1.0 200") for answer in answers)
    assert time.monotonic() - started < 10
