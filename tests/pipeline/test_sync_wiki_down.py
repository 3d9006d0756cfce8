"""The real local MediaWiki stopped in the middle of the image-licence phase (issue 16).

Its own wiki (MW_DIR=/tmp/mw-i16, port 8796), so it never disturbs the shared test wikis. The
sync's HTTP transport stops the server (`mediawiki-local.sh down`) just before the first
imageinfo request goes out: that request and its retries meet a closed port.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl

import httpx
import pytest

from frontlines.pipeline import open_client, sync
from frontlines.store import Store

from .conftest import FIXTURE_DUMP, SCRIPT, tiny_png, write_config

MW_DIR = Path("/tmp/mw-i16")
MW_PORT = 8796
IMAGE = "Valdoria front 1912.png"
pytestmark = pytest.mark.slow  # starts a MediaWiki of its own (about a minute the first time)


def _script(*args: str, images: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MW_DIR": str(MW_DIR), "MW_QUIET": "1", "MW_WORKERS": "1"}
    if images is not None:
        env["MW_IMAGES_DIR"] = str(images)
    return subprocess.run(
        ["bash", str(SCRIPT), *args], env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def wiki_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, Path]]:
    if not SCRIPT.is_file():
        pytest.skip(f"../shared/scripts/mediawiki-local.sh not present: {SCRIPT}")
    if os.geteuid() != 0 and not Path("/usr/share/mediawiki/api.php").is_file():
        pytest.skip("MediaWiki is not installed and installing it needs root")
    work = tmp_path_factory.mktemp("wiki-down")
    images = work / "images"
    images.mkdir()
    (images / IMAGE.replace(" ", "_")).write_bytes(tiny_png())
    _script("down")
    if (MW_DIR / ".mediawiki-local").is_file():
        shutil.rmtree(MW_DIR)
    up = _script("up", str(FIXTURE_DUMP), str(MW_PORT), images=images)
    if up.returncode != 0:
        pytest.fail(f"mediawiki-local.sh up failed:\n{up.stderr[-2000:]}")
    try:
        yield up.stdout.strip().splitlines()[-1], FIXTURE_DUMP, images
    finally:
        _script("down")


class StopsTheWiki(httpx.BaseTransport):
    """The real transport, except that the wiki is stopped before the first imageinfo request."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.stopped = False
        self.image_requests = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        params = dict(request.url.params)
        if request.method == "POST":
            params.update(parse_qsl(request.read().decode()))
        if params.get("prop") == "imageinfo":
            self.image_requests += 1
            if not self.stopped:
                assert _script("down").returncode == 0
                self.stopped = True
        return self.inner.handle_request(request)


def test_wiki_stopped_during_image_licences(
    wiki_api: tuple[str, Path, Path], tmp_path: Path
) -> None:
    api, dump, images = wiki_api
    config = write_config(tmp_path, api, source="max_retries = 2")
    transport = StopsTheWiki()
    with Store(config.db_path) as store:
        with open_client(config.source, transport=transport, sleep=lambda _: None) as client:
            report = sync(config, store, client=client)
        assert transport.stopped
        assert report.counts.new == 6 and report.counts.failed == 0
        assert report.counts.images_failed == 1
        assert report.status == "partial"
        assert "1 image licences not fetched" in report.summary()
        last = store.last_run()
        assert last is not None and last.status == "partial"
        assert store.images()[IMAGE].status == "pending"

        up = _script("up", str(dump), str(MW_PORT), images=images)
        assert up.returncode == 0, up.stderr[-2000:]
        with open_client(config.source, sleep=lambda _: None) as client:
            again = sync(config, store, client=client)
        assert (again.counts.unchanged, again.counts.images_failed) == (6, 0)
        assert again.status == "finished"
        assert store.images()[IMAGE].status == "found"
