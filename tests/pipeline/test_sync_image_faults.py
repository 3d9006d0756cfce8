"""Image licence requests that fail are counted, the run is 'partial', and asked again later.

The wiki is an httpx.MockTransport: page requests are answered, image requests fail while
`down` is set (HTTP 503 each time, as a wiki that went away behind its proxy).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl

import httpx

from frontlines.cli.sync import status_data, status_lines
from frontlines.pipeline import open_client, sync
from frontlines.store import Store

from .conftest import write_config

API = "https://wiki.test/w/api.php"
PAGES = {
    "Battle of Arn": "The battle.[[File:Arn 1.jpg|thumb|Ford]] [[File:Arn 2.jpg|thumb|Camp]]",
    "Siege of Bel": "The siege.[[File:Bel walls.png|thumb|Walls]]",
}
FILES = {"Arn 1.jpg", "Arn 2.jpg", "Bel walls.png"}


class Wiki:
    def __init__(self) -> None:
        self.down = False
        self.image_requests = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        params = dict(request.url.params)
        if request.method == "POST":
            params.update(parse_qsl(request.content.decode()))
        titles = params.get("titles", "").split("|")
        if params.get("prop") == "imageinfo":
            self.image_requests += 1
            if self.down:
                return httpx.Response(503, text="Service Unavailable")
            return _json({"pages": [_file(title) for title in titles]})
        pages = []
        for number, title in enumerate(titles, start=1):
            revision = {"revid": 100 + number, "timestamp": "2024-01-02T03:04:05Z", "sha1": "0"}
            if "content" in params.get("rvprop", ""):
                content = {"contentmodel": "wikitext", "content": PAGES[title]}
                revision["slots"] = {"main": content}  # type: ignore[assignment]
            pages.append({"pageid": number, "ns": 0, "title": title, "revisions": [revision]})
        return _json({"pages": pages})


def _json(query: dict[str, object]) -> httpx.Response:
    return httpx.Response(200, json={"batchcomplete": True, "query": query})


def _file(title: str) -> dict[str, object]:
    name = title.partition(":")[2]
    info = {
        "url": f"https://upload.wiki.test/{name}",
        "descriptionurl": f"https://wiki.test/wiki/{title}",
        "width": 640,
        "height": 480,
        "size": 1000,
        "sha1": "1" * 40,
        "extmetadata": {"LicenseShortName": {"value": "CC BY-SA 4.0"}},
    }
    return {"ns": 6, "title": title, "imageinfo": [info]}


def test_failed_image_requests_make_a_partial_run_and_are_asked_again(tmp_path: Path) -> None:
    config = write_config(tmp_path, API, categories=(), titles=tuple(PAGES))
    wiki = Wiki()
    wiki.down = True
    with Store(config.db_path) as store:
        with open_client(
            config.source, transport=httpx.MockTransport(wiki), sleep=lambda _: None
        ) as client:
            report = sync(config, store, client=client)
        assert report.counts.new == 2
        assert report.counts.images_failed == 3
        assert report.status == "partial"
        assert report.summary().endswith(
            "; 3 image licences not fetched (pending: the next sync asks again)"
        )
        last = store.last_run()
        assert last is not None and last.status == "partial"
        assert last.counts.images_failed == 3
        assert "3 image licence(s) could not be fetched" in (last.message or "")
        assert {f for f, r in store.images().items() if r.status == "pending"} == FILES
        line = status_lines(status_data(store.counts(), last))[-1]
        assert line.startswith(f"Last sync: #{last.id} partial ")
        assert line.endswith(", 3 image licences not fetched")

        wiki.down = False  # the pages are unchanged: only the pending images are asked about
        with open_client(
            config.source, transport=httpx.MockTransport(wiki), sleep=lambda _: None
        ) as client:
            again = sync(config, store, client=client)
        assert (again.counts.unchanged, again.counts.images_failed) == (2, 0)
        assert again.status == "finished"
        assert {f for f, r in store.images().items() if r.status == "found"} == FILES


def test_a_wiki_that_went_away_is_not_asked_batch_after_batch(tmp_path: Path) -> None:
    many = {f"Battle {n}": "".join(f"[[File:B{n} {i}.jpg]]" for i in range(30)) for n in range(6)}
    PAGES.update(many)
    try:
        config = write_config(tmp_path, API, categories=(), titles=tuple(many))
        wiki = Wiki()
        wiki.down = True
        with Store(config.db_path) as store:
            with open_client(
                config.source, transport=httpx.MockTransport(wiki), sleep=lambda _: None
            ) as client:
                report = sync(config, store, client=client)
        assert report.counts.images_failed == 180
        retries = config.source.max_retries + 1
        assert wiki.image_requests == 2 * retries  # two batches tried, the other two counted
    finally:
        for title in many:
            PAGES.pop(title)
