"""A theatre's events page and its Atom feed (publish/theatre_events.py)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import feedparser
import pytest

from frontlines.publish.data import TheatreInfo
from frontlines.publish.linkcheck import check_site
from frontlines.publish.site import BuildResult, build_site
from frontlines.publish.theatre_events import by_month, feed_items, theatre_event_rows
from tests.publish.events_site import build_events_site, events_site


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build_events_site(tmp_path_factory.mktemp("events") / "site")


def test_rows_merge_the_theatres_articles_by_date() -> None:
    rows = theatre_event_rows(events_site(), "north")
    assert [(r.date.iso(), r.article) for r in rows] == [
        ("1940-05-03", "Battle of Tarn Ferry"),
        ("1940-05-04", "Battle of Tarn Ferry"),
        ("1941-06-20", "Battle of Holm Ridge"),
        ("1941-07-02", "Battle of Holm Ridge"),
    ]
    assert rows[1].target == "articles/battle_of_tarn_ferry/#event-2"
    assert rows[1].label == "4 May 1940" and rows[1].notes == (("2", "fn2"),)
    old = theatre_event_rows(events_site(), "old")
    assert [r.date.iso() for r in old] == ["-0479-08", "1863-03-12", "1863-04-30"]


def test_rows_are_grouped_by_year_then_month() -> None:
    years = by_month(theatre_event_rows(events_site(), "old"))
    assert [(y.label, [m.label for m in y.months]) for y in years] == [
        ("480 BC", ["August 480 BC"]),
        ("1863", ["March 1863", "April 1863"]),
    ]
    assert sum(len(m.rows) for y in years for m in y.months) == 3


def test_the_events_page_lists_every_event_with_its_links(site_dir: BuildResult) -> None:
    page = (site_dir.out_dir / "theatres" / "north" / "events" / "index.html").read_text()
    rows = theatre_event_rows(events_site(), "north")
    assert page.count('<li class="event"') == len(rows) == 4
    assert '<h2 id="year-1940">1940</h2>' in page
    assert '<h3 id="month-1941-07">July 1941</h3>' in page
    for row in rows:
        assert f'href="../../../{row.target}"' in page
        assert row.text in page
    assert 'href="../../../articles/battle_of_tarn_ferry/#fn2">[2]</a>' in page
    assert 'class="event-filters" role="group" aria-label="Event filters" hidden' in page
    theatre = (site_dir.out_dir / "theatres" / "north" / "index.html").read_text()
    assert 'href="events/">Events</a>' in theatre
    assert check_site(site_dir.out_dir) == []


def test_the_events_feed_is_valid_atom_newest_event_first(site_dir: BuildResult) -> None:
    feed = feedparser.parse((site_dir.out_dir / "theatres" / "old" / "events.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert [e.title for e in feed.entries] == [
        "30 April 1863: Siege of Old Harbour",
        "12 March 1863: Siege of Old Harbour",
        "August 480 BC: Battle of Dry River",
    ]
    first = feed.entries[0]
    assert first.link == "https://events.example/articles/siege_of_old_harbour/#event-2"
    assert first.summary == "The town surrendered on 30 April 1863."
    assert len({e.id for e in feed.entries}) == 3
    for entry in feed.entries:  # every entry's link is an event anchor on a built page
        path, _, anchor = entry.link.removeprefix("https://events.example/").partition("#")
        html = (site_dir.out_dir / path / "index.html").read_text()
        assert re.search(f'id="{anchor}"', html)


def test_the_feed_keeps_only_the_newest_events() -> None:
    site = events_site()
    rows = theatre_event_rows(site, "north") * 20  # 80 rows
    assert len(feed_items(site, rows)) == 50


def test_a_theatre_without_events_gets_a_page_saying_so(tmp_path: Path) -> None:
    site = events_site()
    empty = replace(site, theatres=(*site.theatres, TheatreInfo("none", "Nothing")))
    out = build_site(empty, tmp_path / "site").out_dir
    page = (out / "theatres" / "none" / "events" / "index.html").read_text()
    assert "No article of this theatre states a dated event yet." in page
    assert not feedparser.parse((out / "theatres" / "none" / "events.xml").read_bytes()).bozo
