"""Entities through an API sync: the Country data templates the stored flags use are fetched,
the redirects of link targets learned, and the entity tables follow. The wiki here is a few
pages answered through httpx.MockTransport (the category walk, batching and faults are tested
against a real MediaWiki in test_sync_api.py)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl

import httpx

from frontlines.pipeline import sync
from frontlines.sources.api import MediaWikiClient
from frontlines.store import Store

from .conftest import write_config

API = "https://wiki.test/w/api.php"
BATTLE = (
    "{{{{Infobox military conflict|date=1805|combatant1={{{{flag|Arden|1803}}}}"
    "|combatant2=[[Vess]]|commander1=[[Ulm]]|commander2=[[Ossa Vey]]}}}}\n"
    "'''{title}''' was a battle.\n"
)
PAGES = {  # title → (namespace, wikitext)
    "Battle of Fenmark": (0, BATTLE.format(title="Battle of Fenmark")),
    "Template:Country data Arden": (10, "{{ {{{1}}}\n| alias = Republic of Arden\n"
                                        "| alias-1803 = Kingdom of Arden\n}}"),
    "General Ulm": (0, "'''Ulm''' was a general."),
    "Vess": (0, "'''Vess''' is a country."),
}  # fmt: skip
REDIRECTS = {"Ulm": "General Ulm"}


def _wiki(asked: list[str]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        params = dict(request.url.params)
        if request.method == "POST":
            params.update(parse_qsl(request.content.decode()))
        titles = [t for t in params.get("titles", "").split("|") if t]
        asked.extend(titles)
        redirects = [{"from": t, "to": REDIRECTS[t]} for t in titles if t in REDIRECTS]
        pages = []
        for number, title in enumerate({REDIRECTS.get(t, t) for t in titles}, start=1):
            if title not in PAGES:
                pages.append({"ns": 0, "title": title, "missing": True})
                continue
            namespace, text = PAGES[title]
            revision = {
                "revid": 500 + number,
                "timestamp": "2024-01-02T03:04:05Z",
                "sha1": "0" * 40,
            }
            if "content" in params.get("rvprop", ""):
                revision["slots"] = {"main": {"contentmodel": "wikitext", "content": text}}
            page = {"pageid": number, "ns": namespace, "title": title}
            if params.get("prop") == "revisions":
                page["revisions"] = [revision]
            pages.append(page)
        query = {"pages": pages, "redirects": redirects}
        return httpx.Response(200, json={"batchcomplete": True, "query": query})

    return httpx.MockTransport(handle)


def test_api_sync_fetches_country_data_and_learns_redirects(tmp_path: Path) -> None:
    config = write_config(tmp_path, API, categories=(), titles=("Battle of Fenmark",))
    asked: list[str] = []
    client = MediaWikiClient(
        API, user_agent="FrontLinesTests/0.1 (tests@example.org)", transport=_wiki(asked),
        sleep=lambda _: None,
    )  # fmt: skip
    with Store(config.db_path) as store, client:
        report = sync(config, store, client=client)
        assert report.counts.new == 1
        assert "Template:Country data Arden" in asked  # only the template a flag uses
        assert not [t for t in asked if t.startswith("Template:") and "Arden" not in t]
        assert list(store.templates()) == ["Template:Country data Arden"]
        assert store.redirects() == {"Ulm": "General Ulm"}
        found = {(p.kind, p.entity) for p in store.participations()}
        assert found == {
            ("party", "Kingdom of Arden"), ("party", "Vess"),
            ("commander", "General Ulm"), ("commander", "Ossa Vey"),
        }  # fmt: skip


def test_entities_not_fetched_are_reported_and_the_page_kept(tmp_path: Path) -> None:
    """The wiki fails every request for the Country data template: the page is stored, the
    entities stay named as the links name them, and the report and the run say why."""
    config = write_config(tmp_path, API, categories=(), titles=("Battle of Fenmark",))
    wiki = _wiki([])

    def handle(request: httpx.Request) -> httpx.Response:
        body = request.content.decode() + str(request.url)
        if "Country+data" in body or "Country%20data" in body or "Country data" in body:
            return httpx.Response(503, text="down for maintenance")
        return wiki.handle_request(request)

    client = MediaWikiClient(
        API, user_agent="FrontLinesTests/0.1 (tests@example.org)",
        transport=httpx.MockTransport(handle), sleep=lambda _: None,
    )  # fmt: skip
    with Store(config.db_path) as store, client:
        report = sync(config, store, client=client)
        assert report.counts.new == 1 and report.status == "partial"
        assert report.entity_error and "503" in report.entity_error
        assert "entities not resolved (" in report.summary()
        run = store.last_run()
        assert run is not None and run.status == "partial"
        assert run.message and "Country data templates" in run.message
        assert list(store.templates()) == []
        parties = {p.entity for p in store.participations() if p.kind == "party"}
        assert "Arden" in parties  # the flag's own name: no template to resolve it
