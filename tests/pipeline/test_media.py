"""Issue 15, item 1: images served by the site itself, from a real MediaWiki with real uploads.

Its own wiki (MW_DIR=/tmp/mw-i15, port 8795, not the shared one of conftest.py): two pages of a
made-up battle, and PNG files written here (a gradient, so every thumbnail differs) uploaded
with importImages.php. Sync downloads thumbnails into the cache beside the store; the built
article and card show `<figure><img srcset loading=lazy alt>` with a credit; a file the wiki
lacks degrades to one discreet link. Also: a sync after a kill resumes, a corrupted cached
file is not published, retries follow the API's rules.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import struct
import subprocess
import zlib
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from frontlines.mediacache import MediaCache
from frontlines.pipeline import open_client, sync
from frontlines.publish.gather import gather
from frontlines.publish.site import build_site
from frontlines.sources.media import fetch_thumbnails
from frontlines.store import Store
from tests.pipeline.conftest import SCRIPT, write_config

MW_DIR = Path("/tmp/mw-i15")
MW_PORT = 8795
FILES = {"Kessel ford 1912.png": (900, 600), "Ostmark line.png": (700, 420)}


def gradient_png(width: int, height: int, seed: int) -> bytes:
    """A width×height RGB PNG whose colours depend on `seed` (made here, no one else's work)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = bytearray()
    for y in range(height):
        rows.append(0)
        for x in range(width):
            rows += bytes(((x * 255) // width, (y * 255) // height, (seed * 80) % 256))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 6))
        + chunk(b"IEND", b"")
    )


def page_xml(title: str, page_id: int, text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (
        f"  <page>\n    <title>{title}</title>\n    <ns>0</ns>\n    <id>{page_id}</id>\n"
        f"    <revision>\n      <id>{page_id + 9000}</id>\n"
        "      <timestamp>2021-07-11T09:00:00Z</timestamp>\n"
        "      <contributor><username>Scribe</username><id>3</id></contributor>\n"
        "      <model>wikitext</model>\n      <format>text/x-wiki</format>\n"
        f'      <text xml:space="preserve">{escaped}</text>\n    </revision>\n  </page>\n'
    )


BATTLE = """{{Infobox military conflict
| conflict = Battle of Kessel Ford
| image = Kessel ford 1912.png
| caption = The ford at dawn
| date = 4 May 1912
| place = Kessel
| combatant1 = Valdoria
| combatant2 = Ostmark
}}
The '''Battle of Kessel Ford''' was a made-up battle, written for testing images.

== Course ==
[[File:Ostmark line.png|thumb|upright=1.2|The Ostmark line before the attack]]
The Ostmark line held until noon.
[[File:Never uploaded.png|thumb|A picture the wiki does not have]]

[[Category:Battles of Valdoria]]
"""

SIEGE = """The '''Siege of Lorn Ford''' was a made-up siege with no picture at all.

[[Category:Battles of Valdoria]]
"""


@pytest.fixture(scope="module")
def media_wiki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not SCRIPT.is_file():
        pytest.skip(f"../shared/scripts/mediawiki-local.sh not present: {SCRIPT}")
    if os.geteuid() != 0 and not Path("/usr/share/mediawiki/api.php").is_file():
        pytest.skip("MediaWiki is not installed and installing it needs root")
    work = tmp_path_factory.mktemp("media-wiki")
    dump = work / "kessel.xml"
    head = (
        '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" '
        'xml:lang="en">\n  <siteinfo><sitename>Kessel</sitename><dbname>kessel</dbname>'
        "<case>first-letter</case></siteinfo>\n"
    )
    pages = page_xml("Battle of Kessel Ford", 601, BATTLE) + page_xml(
        "Siege of Lorn Ford", 602, SIEGE
    )
    dump.write_text(head + pages + "</mediawiki>\n", encoding="utf-8")
    images = work / "images"
    images.mkdir()
    for seed, (name, size) in enumerate(FILES.items()):
        (images / name.replace(" ", "_")).write_bytes(gradient_png(*size, seed))
    env = {**os.environ, "MW_DIR": str(MW_DIR), "MW_IMAGES_DIR": str(images), "MW_QUIET": "1"}
    subprocess.run(["bash", str(SCRIPT), "down"], env=env, capture_output=True, check=False)
    if (MW_DIR / ".mediawiki-local").is_file():
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
        yield up.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(["bash", str(SCRIPT), "down"], env=env, capture_output=True, check=False)


def test_sync_caches_thumbnails_and_the_site_shows_them(media_wiki: str, tmp_path: Path) -> None:
    config = write_config(tmp_path / "p", media_wiki, categories=("Battles of Valdoria",), depth=0)
    store = Store(config.db_path)
    with open_client(config.source) as client:
        report = sync(config, store, client=client)
    assert report.counts.new == 2
    assert report.failures == ()  # a missing picture is not a failed page...
    issues = {(i.subject, i.kind) for i in store.issues()}
    assert ("Never uploaded.png", "media_failed") in issues  # ...but `check` lists it
    cache = MediaCache.beside(config.db_path)
    assert cache.root == tmp_path / "p" / "frontlines.media"
    for name, (width, _) in FILES.items():
        entry = cache.entry(name)
        assert entry is not None, name
        widths = [t.width for t in entry.thumbs]
        assert widths == sorted(widths) and widths[-1] <= width
        for thumb in entry.thumbs:  # content-addressed: the name is the sha1 of the bytes
            path = cache.verified(thumb)
            assert path is not None
            assert hashlib.sha1(path.read_bytes()).hexdigest() == thumb.sha1
    assert cache.entry("Never uploaded.png") is None

    site = gather(store, config)
    out = tmp_path / "site"
    build_site(site, out)
    article = (out / "articles" / "battle_of_kessel_ford" / "index.html").read_text("utf-8")
    figures = re.findall(r"<figure[^>]*>.*?</figure>", article, re.S)
    with_img = [f for f in figures if "<img" in f]
    assert len(with_img) == 2, figures  # the lead image and the body image
    for figure in with_img:
        img = re.search(r"<img [^>]*>", figure)
        assert img is not None
        tag = img.group(0)
        assert 'loading="lazy"' in tag and 'alt="' in tag and "srcset=" in tag
        for src in re.findall(r"(?:src|srcset)=\"([^\"]+)\"", tag):
            for candidate in src.split(","):
                url = candidate.strip().split(" ")[0]
                assert not url.startswith(("http:", "https:", "//")), url
                assert (out / "articles" / "battle_of_kessel_ford" / url).resolve().is_file(), url
        assert 'class="credit"' in figure and "file page" in figure
    assert "The Ostmark line before the attack" in article
    visible = re.sub(r"<[^>]+>", " ", article)  # text a reader sees (alt text aside)
    assert visible.count("The Ostmark line before the attack") == 1  # caption once, no repeat
    missing = [f for f in figures if "A picture the wiki does not have" in f]
    assert len(missing) == 1 and "<img" not in missing[0]
    assert visible.count("A picture the wiki does not have") == 1
    theatre = (out / "theatres" / "valdoria" / "index.html").read_text("utf-8")
    cards = re.findall(r'<li class="card">.*?</li>', theatre, re.S)
    kessel = next(c for c in cards if "Kessel Ford" in c)
    lorn = next(c for c in cards if "Lorn Ford" in c)
    assert "<img" in kessel and 'class="credit"' in kessel
    assert "<img" not in lorn and "Image" not in lorn  # no lead image: nothing at all
    assert "image-placeholder" not in article + theatre


def test_interrupted_download_resumes_and_bad_bytes_are_refused(
    media_wiki: str, tmp_path: Path
) -> None:
    config = write_config(tmp_path / "p", media_wiki, categories=("Battles of Valdoria",), depth=0)
    cache = MediaCache.beside(config.db_path)
    calls: list[str] = []

    def flaky(request: httpx.Request) -> httpx.Response:
        calls.append(str(request.url))
        if "Ostmark" in str(request.url):
            raise httpx.ConnectError("connection reset", request=request)
        return httpx.Client().get(str(request.url))

    with open_client(config.source) as client:
        first = fetch_thumbnails(
            client,
            cache,
            list(FILES),
            user_agent="FrontLinesTests/0.1",
            transport=httpx.MockTransport(flaky),
            max_retries=2,
            sleep=lambda _: None,
        )
        assert first.fetched == 1 and set(first.failed) == {"Ostmark line.png"}
        assert sum("Ostmark" in c for c in calls) >= 3  # retried like the API client
        assert cache.entry("Ostmark line.png") is None  # no half entry
        second = fetch_thumbnails(client, cache, list(FILES), user_agent="FrontLinesTests/0.1")
    assert (second.cached, second.fetched, second.failed) == (1, 1, {})
    entry = cache.entry("Kessel ford 1912.png")
    assert entry is not None
    damaged = cache.blob(entry.thumbs[0].sha1, entry.thumbs[0].ext)
    damaged.write_bytes(b"not the picture")
    assert cache.verified(entry.thumbs[0]) is None
