"""A real MediaWiki on 127.0.0.1:8781 for the API tests, started once per session."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import skip_without_shared
from tests.sources.helpers import FIXTURES, MEDIAWIKI_LOCAL

PORT = 8781
MW_DIR = Path("/tmp/mw-sources")  # another helper's wiki lives in /tmp/mw-store on 8782


def tiny_png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A valid PNG of one colour, built by hand (signature, IHDR, IDAT, IEND)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@dataclass(frozen=True)
class LocalWiki:
    api_url: str
    env: dict[str, str]
    image: bytes  # the one file uploaded, as File:Heron Ford map.png

    def edit(self, title: str, text: str) -> None:
        self._script("edit", title, stdin=text)

    def delete(self, title: str) -> None:
        self._script("delete", title)

    def _script(self, *args: str, stdin: str | None = None) -> None:
        subprocess.run(
            [str(MEDIAWIKI_LOCAL), *args],
            input=stdin,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )


@pytest.fixture(scope="session")
def local_wiki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalWiki]:
    if not MEDIAWIKI_LOCAL.is_file():
        skip_without_shared(MEDIAWIKI_LOCAL, "the local MediaWiki tests need it")
    if shutil.which("php") is None and os.geteuid() != 0:
        pytest.skip("MediaWiki packages are not installed and installing them needs root")
    images = tmp_path_factory.mktemp("mw-images")
    image = tiny_png(3, 2, (180, 40, 40))
    (images / "Heron_Ford_map.png").write_bytes(image)
    env = {**os.environ, "MW_DIR": str(MW_DIR), "MW_IMAGES_DIR": str(images), "MW_QUIET": "1"}
    run = {"env": env, "capture_output": True, "text": True, "timeout": 900}
    subprocess.run([str(MEDIAWIKI_LOCAL), "down"], **run)
    if (MW_DIR / ".mediawiki-local").is_file():
        shutil.rmtree(MW_DIR)  # a fresh wiki: edits and deletions of a former run must not stay
    up = subprocess.run(
        [str(MEDIAWIKI_LOCAL), "up", str(FIXTURES / "api-wiki.xml"), str(PORT)], **run
    )
    if up.returncode != 0:
        pytest.fail(f"mediawiki-local.sh up failed:\n{up.stderr[-3000:]}")
    api_url = up.stdout.strip().splitlines()[-1]
    try:
        yield LocalWiki(api_url=api_url, env=env, image=image)
    finally:
        subprocess.run([str(MEDIAWIKI_LOCAL), "down"], **run)
