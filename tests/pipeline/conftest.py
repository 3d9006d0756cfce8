"""A real MediaWiki on 127.0.0.1:8782 for the sync tests, and helpers to write configs.

The wiki is made fresh for each test session from `fixtures/valdoria.xml` (a made-up war:
a category, a subcategory, a redirect, an image) plus a generated category of 40 short
"skirmish" pages that the kill -9 test needs to have time to interrupt.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from frontlines.config import Config, load_config
from frontlines.model import Article, RawPage
from frontlines.pipeline import convert
from tests.conftest import skip_without_shared

HERE = Path(__file__).resolve().parent
FIXTURE_DUMP = HERE / "fixtures" / "valdoria.xml"
SCRIPT = HERE.parents[1] / ".." / "shared" / "scripts" / "mediawiki-local.sh"
MW_DIR = Path("/tmp/mw-store")
MW_PORT = 8782
SKIRMISHES = 40

# Pages of the theatre "Wars of Valdoria" walked one level deep (the redirect is not a page).
VALDORIA_PAGES = {
    "Valdorian War",
    "Treaty of Kessel",
    "Battle of Kessel Bridge",
    "Siege of Lorn",
    "Raid on Hallam",
    "Battle of the Grey Hills",
}


@dataclass(frozen=True)
class LocalWiki:
    api: str

    def run(self, *args: str, text: str | None = None) -> None:
        subprocess.run(
            ["bash", str(SCRIPT), *args],
            input=text,
            text=True,
            check=True,
            capture_output=True,
            env={**os.environ, "MW_DIR": str(MW_DIR)},
        )

    def edit(self, title: str, text: str) -> None:
        self.run("edit", title, text=text)

    def delete(self, title: str) -> None:
        self.run("delete", title)


def skirmish_pages() -> str:
    """Forty short pages in their own category, as <page> elements."""
    pages = []
    for n in range(1, SKIRMISHES + 1):
        text = (
            f"The '''Skirmish at Post {n}''' was a brief exchange of fire at border post {n} "
            f"during the [[Valdorian War]].\n\n[[Category:Skirmishes of the Valdorian War]]"
        )
        pages.append(
            f"  <page>\n    <title>Skirmish at Post {n}</title>\n    <ns>0</ns>\n"
            f"    <id>{700 + n}</id>\n    <revision>\n      <id>{9700 + n}</id>\n"
            f"      <timestamp>2021-05-{n % 28 + 1:02d}T08:00:00Z</timestamp>\n"
            "      <contributor><username>Scribe</username><id>3</id></contributor>\n"
            "      <model>wikitext</model>\n      <format>text/x-wiki</format>\n"
            f'      <text xml:space="preserve">{text}</text>\n    </revision>\n  </page>'
        )
    return "\n".join(pages)


def tiny_png() -> bytes:
    """A 4x4 grey PNG, the same bytes every time."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x80\x80\x80" * 4 for _ in range(4))
    header = struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="session")
def wiki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalWiki]:
    if not SCRIPT.is_file():
        skip_without_shared(SCRIPT, "the local MediaWiki tests need it")
    if os.geteuid() != 0 and not Path("/usr/share/mediawiki/api.php").is_file():
        pytest.skip("MediaWiki is not installed and installing it needs root")
    work = tmp_path_factory.mktemp("wiki")
    dump = work / "valdoria-and-skirmishes.xml"
    base = FIXTURE_DUMP.read_text(encoding="utf-8")
    dump.write_text(base.replace("</mediawiki>", skirmish_pages() + "\n</mediawiki>"), "utf-8")
    images = work / "images"
    images.mkdir()
    (images / "Valdoria_front_1912.png").write_bytes(tiny_png())
    env = {**os.environ, "MW_DIR": str(MW_DIR), "MW_IMAGES_DIR": str(images), "MW_QUIET": "1"}
    subprocess.run(["bash", str(SCRIPT), "down"], env=env, capture_output=True, check=False)
    if (MW_DIR / ".mediawiki-local").is_file():  # a fresh wiki each session: tests edit it
        shutil.rmtree(MW_DIR)
    up = subprocess.run(
        ["bash", str(SCRIPT), "up", str(dump), str(MW_PORT)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if up.returncode != 0:
        pytest.fail(f"mediawiki-local.sh up failed:\n{up.stderr[-2000:]}")
    try:
        yield LocalWiki(api=up.stdout.strip().splitlines()[-1])
    finally:
        subprocess.run(["bash", str(SCRIPT), "down"], env=env, capture_output=True, check=False)


def write_config(
    folder: Path,
    api: str,
    *,
    categories: tuple[str, ...] = ("Wars of Valdoria",),
    depth: int = 1,
    titles: tuple[str, ...] = (),
    name: str = "valdoria",
    source: str = "",
) -> Config:
    """A frontlines.toml in `folder` with one theatre; extra `[source]` lines in `source`."""
    folder.mkdir(parents=True, exist_ok=True)
    quoted = ", ".join(f'"{c}"' for c in categories)
    listed = ", ".join(f'"{t}"' for t in titles)
    path = folder / "frontlines.toml"
    path.write_text(
        f'[source]\napi = "{api}"\nuser_agent = "FrontLinesTests/0.1 (tests@example.org)"\n'
        f'{source}\n[[theatre]]\nname = "{name}"\ntitle = "Test theatre"\n'
        f"categories = [{quoted}]\ndepth = {depth}\ntitles = [{listed}]\n",
        encoding="utf-8",
    )
    return load_config(path)


@pytest.fixture(scope="session")
def converter() -> Callable[[RawPage, str], Article]:
    """The converter the pipeline uses by default (frontlines.convert)."""
    return convert


def cli_available() -> bool:
    try:
        import frontlines.cli.sync  # noqa: F401
    except ImportError:
        return False
    return True
