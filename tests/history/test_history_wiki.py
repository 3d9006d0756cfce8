"""The done-when of issue 11 against a real MediaWiki (this branch's own: /tmp/mw-i11, :8791).

Sync the Amber War theatre; edit the article's infobox casualties and add a dated sentence;
sync again: `frontlines changes --json` shows exactly that page with the casualty change, and
the site's History section, the theatre's Latest changes page and its changes feed show it,
linking the right diff. Then a second edit, and `sync --history 3` on a fresh store records two
changes for that page, while unchanged pages cost no extra requests.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import feedparser
import httpx
import pytest
from typer.testing import CliRunner

from frontlines.build import build
from frontlines.cli import app
from frontlines.pipeline import open_client, sync
from frontlines.publish.gather import settings_from
from frontlines.store import Store

from .conftest import ARTICLE, LocalWiki, article_text, casualty_edit, edited, write_config


def changes_json(config_path: Path, *extra: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(app, ["changes", "-c", str(config_path), "--json", *extra])
    assert result.exit_code == 0, result.output
    data: list[dict[str, Any]] = json.loads(result.stdout)
    return data


@pytest.fixture(scope="module")
def scenario(wiki: LocalWiki, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("history-wiki")
    config = write_config(folder / "project", wiki.api)
    with Store(config.db_path) as store, open_client(config.source) as client:
        first = sync(config, store, client=client)
        assert (first.counts.new, first.counts.failed) == (2, 0), first.failures
        assert store.changes() == []
        wiki.edit(ARTICLE, casualty_edit(article_text()))
        second = sync(config, store, client=client)
    return {"config": config, "first": first, "second": second, "folder": folder}


def test_changes_json_shows_exactly_the_edited_page(scenario: dict[str, Any]) -> None:
    counts = scenario["second"].counts
    assert (counts.updated, counts.unchanged, counts.failed) == (1, 1, 0)
    data = changes_json(scenario["config"].path)
    assert [record["title"] for record in data] == [ARTICLE]
    record = data[0]
    assert record["from_revision"] < record["to_revision"]
    casualties = [c for c in record["changes"] if c["field"] == "casualties"]
    assert [(c["side"], c["kind"], c["old"], c["new"]) for c in casualties] == [
        (2, "changed", "24,000 killed", "25,500 killed")
    ]
    fields = {c["field"] for c in record["changes"]}
    assert "text" in fields or "event" in fields
    text = next((c for c in record["changes"] if c["field"] == "text"), None)
    if text is not None:
        assert text["new"] == 1  # the one dated sentence added
    with Store(scenario["config"].db_path) as store:
        stored = store.stored_article(ARTICLE)
    assert stored is not None
    side = stored[1]["conflict"]["sides"][1]
    if "casualty_numbers" in side:  # once typed figures exist (issue 9): the items changed too
        items = [c for c in record["changes"] if c["field"] == "casualty_numbers"]
        assert items and items[0]["old"]["low"] == 24000 and items[0]["new"]["low"] == 25500
    if "events" in stored[1]:  # once events exist (issue 10): the dated sentence is an event
        events = [c for c in record["changes"] if c["field"] == "event"]
        assert [(c["kind"], c["new"]["date"]) for c in events] == [("added", "1912-05-06")]


def test_the_site_shows_the_change_and_links_the_right_diff(
    scenario: dict[str, Any], wiki: LocalWiki
) -> None:
    config = scenario["config"]
    record = changes_json(config.path)[0]
    out = scenario["folder"] / "site"
    build(config, out, settings_from(config, search=False))
    diff = (
        wiki.api.removesuffix("api.php")
        + f"index.php?diff={record['to_revision']}&oldid={record['from_revision']}"
    )
    escaped = diff.replace("&", "&amp;")
    article = (out / "articles" / "battle_of_amberford" / "index.html").read_text("utf-8")
    history = article[article.index('id="fact-history"') :]
    assert f'href="{escaped}"' in history
    assert "Casualties (side 2): 24,000 killed → 25,500 killed" in history
    latest = (out / "theatres" / "amber" / "changes" / "index.html").read_text("utf-8")
    assert f'href="{escaped}"' in latest and "Battle of Amberford" in latest
    assert "Siege of Lorn Keep" not in latest
    home = (out / "index.html").read_text("utf-8")
    assert "Latest changes" in home and f'href="{escaped}"' in home

    feed = feedparser.parse((out / "theatres" / "amber" / "changes.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert [entry.title for entry in feed.entries] == [
        f"Battle of Amberford: {len(record['changes'])} changes"  # casualties, text (, event)
    ]
    entry = feed.entries[0]
    anchor = f"change-{record['from_revision']}-{record['to_revision']}"
    assert entry.link == f"https://amber.example.org/articles/battle_of_amberford/#{anchor}"
    assert f'id="{anchor}"' in article
    assert diff in entry.summary and "25,500 killed" in entry.summary
    assert entry.updated.startswith(record["timestamp"][:10])

    page = httpx.get(diff, timeout=30)  # the link is a real diff of those two revisions
    assert page.status_code == 200
    assert "Difference between revisions" in page.text
    assert "rearguard surrendered at Lorn" in page.text and "diffchange" in page.text


def test_sync_history_on_a_fresh_store_records_two_changes(
    scenario: dict[str, Any], wiki: LocalWiki
) -> None:
    second_text = casualty_edit(article_text())
    wiki.edit(ARTICLE, edited(second_text, "| result = Amberlander victory", "| result = Draw"))
    fresh = write_config(scenario["folder"] / "fresh", wiki.api)
    runner = CliRunner()
    result = runner.invoke(app, ["sync", "-c", str(fresh.path), "--history", "3", "-q"])
    assert result.exit_code == 0, result.output
    records = changes_json(fresh.path, "--page", ARTICLE)
    assert len(records) == 2
    assert [c["field"] for c in records[0]["changes"]] == ["result"]
    assert {"casualties", "text"} <= {c["field"] for c in records[1]["changes"]}
    assert records[1]["to_revision"] == records[0]["from_revision"]
    assert changes_json(fresh.path, "--page", "Siege of Lorn Keep") == []

    with Store(fresh.db_path) as store, open_client(fresh.source) as client:
        plain = sync(fresh, store, client=client)
        with_history = sync(fresh, store, client=client, history=3)
    assert plain.counts.unchanged == with_history.counts.unchanged == 2
    assert plain.counts.requests == with_history.counts.requests  # no extra requests


def test_history_requests_one_per_new_page(scenario: dict[str, Any], wiki: LocalWiki) -> None:
    counted: dict[int, int] = {}
    for history in (0, 3):
        config = write_config(scenario["folder"] / f"count-{history}", wiki.api)
        with Store(config.db_path) as store, open_client(config.source) as client:
            counted[history] = sync(config, store, client=client, history=history).counts.requests
    assert counted[3] - counted[0] == 2  # one history request for each of the two new pages
    assert re.match(r"^http://127\.0\.0\.1:\d+/api\.php$", wiki.api)
