"""Stores for the data API and export tests, filled by the real sync from dumps.

`sample_project`: the bundled sample wiki (samples/sample-wiki.xml) synced with the demo
project's theatres, the sample territory series imported, and one image given a licence (as a
Commons answer would). `corpus_project`: the 32 real conflict articles of ../shared/corpus.
`api_server(config)` starts `frontlines api` (the real command, a child process) on a free port
of 127.0.0.1 and yields its base URL.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from frontlines.config import Config, load_config
from frontlines.convert import convert_page
from frontlines.pipeline import sync
from frontlines.sources.files import InputFailure, iter_inputs
from frontlines.sources.territory import read_series
from frontlines.store import ImageRecord, Store
from frontlines.territory import features_to_stored
from tests.conftest import SAMPLE_THEATRES

REPO = Path(__file__).resolve().parents[2]
SAMPLE_WIKI = REPO / "samples" / "sample-wiki.xml"
SAMPLE_TERRITORY = REPO / "samples" / "territory" / "ukraine"
CONFLICTS = (REPO / ".." / "shared" / "corpus" / "conflict").resolve()
CLOCK = "2024-06-01T12:00:00Z"
LICENSED = "CC BY-SA 4.0"


def make_sample_project(folder: Path) -> Config:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "frontlines.toml").write_text(SAMPLE_THEATRES, encoding="utf-8")
    config = load_config(folder / "frontlines.toml")
    with Store(config.db_path, clock=lambda: CLOCK) as store:
        report = sync(config, store, dump=SAMPLE_WIKI)
        assert report.counts.failed == 0, report.failures
        first = sorted(store.images())[0]
        store.put_image(
            ImageRecord(
                file=first,
                url="https://upload.wikimedia.org/example/" + first.replace(" ", "_"),
                description_url="https://commons.wikimedia.org/wiki/File:" + first,
                licence=LICENSED,
                licence_url="https://creativecommons.org/licenses/by-sa/4.0/",
                artist="A Test Photographer",
                attribution_required=True,
            )
        )
        series, _ = read_series(SAMPLE_TERRITORY, "ukraine", config.territory["ukraine"].colors)
        store.put_territory("ukraine", features_to_stored(series))
    return config


@pytest.fixture(scope="session")
def sample_project(tmp_path_factory: pytest.TempPathFactory) -> Config:
    return make_sample_project(tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="session")
def corpus_project(tmp_path_factory: pytest.TempPathFactory) -> Config:
    if not CONFLICTS.is_dir():
        pytest.skip(f"../shared/corpus not present at {CONFLICTS}")
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "frontlines.toml").write_text(
        '[[theatre]]\nname = "corpus"\ntitle = "Corpus"\ntitles = ["(from files)"]\n', "utf-8"
    )
    config = load_config(folder / "frontlines.toml")
    with Store(config.db_path, clock=lambda: CLOCK) as store:
        for page in iter_inputs([CONFLICTS]):
            if isinstance(page, InputFailure) or page.redirect is not None:
                continue
            article = convert_page(page, kind="wikitext")
            store.put_page(page, article, theatre="corpus", kind="wikitext")
    return config


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


CLI = "from frontlines.cli import main; main()"


@contextmanager
def running_api(config: Config) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", CLI, "api", "--port", str(port), "-c", str(config.path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "COLUMNS": "200"},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(base + "/-/versions.json", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                _, err = process.communicate(timeout=5)
                pytest.fail(f"frontlines api did not start: {err.decode()[-2000:]}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def api_server() -> Callable[[Config], object]:
    """`with api_server(config) as base_url:` a running `frontlines api` on a free port."""
    return running_api
