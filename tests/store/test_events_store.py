"""The `events` table: written with the article, replaced by the next revision, read back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from frontlines.convert import convert_page
from frontlines.model import RawPage
from frontlines.store import Store

WIKITEXT = """{{Infobox military conflict
| conflict = Battle of Tarn Ferry
| date = 3–4 May 1940
}}
The '''Battle of Tarn Ferry''' began on 3 May 1940 at [[Tarn Ferry]].<ref>Lund, p. 1.</ref>

== Crossing ==
On 4 May the ferry was taken.<ref>Lund, p. 2.</ref>
"""


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "frontlines.db", clock=lambda: "2024-01-01T00:00:00Z") as s:
        yield s


def raw(revision: int, text: str = WIKITEXT) -> RawPage:
    return RawPage(title="Battle of Tarn Ferry", text=text, page_id=3, revision_id=revision)


def test_events_are_stored_with_the_article(store: Store) -> None:
    page = raw(10)
    article = convert_page(page)
    assert len(article.events) == 2
    store.put_page(page, article, theatre="north", kind="api")
    stored = list(store.iter_events())
    assert [s.event for s in stored] == list(article.events)
    assert [(s.title, s.slug, s.theatre, s.position) for s in stored] == [
        ("Battle of Tarn Ferry", "battle_of_tarn_ferry", "north", 0),
        ("Battle of Tarn Ferry", "battle_of_tarn_ferry", "north", 1),
    ]
    first = stored[0].event
    assert (first.date, first.places, first.refs, first.revision) == (
        "1940-05-03",
        ("Tarn Ferry",),
        ("1",),
        10,
    )
    assert list(store.iter_events("south")) == []


def test_the_next_revision_replaces_the_events(store: Store) -> None:
    store.put_page(raw(10), convert_page(raw(10)), theatre="north", kind="api")
    text = WIKITEXT.replace("On 4 May the ferry was taken.", "The ferry was taken.")
    store.put_page(raw(11, text), convert_page(raw(11, text)), theatre="north", kind="api")
    stored = [s.event for s in store.iter_events()]
    assert [(e.date, e.revision) for e in stored] == [("1940-05-03", 11)]


def test_removed_pages_keep_their_events_out_of_the_site(store: Store) -> None:
    store.put_page(raw(10), convert_page(raw(10)), theatre="north", kind="api")
    store.mark_removed(["Battle of Tarn Ferry"])
    assert list(store.iter_events()) == []
    count = store._db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    assert count == 2  # kept in the store, like the page itself


def test_article_json_in_the_store_gives_back_its_events(store: Store) -> None:
    from frontlines.publish.records import article_from_dict

    article = convert_page(raw(10))
    store.put_page(raw(10), article, theatre="north", kind="api")
    [stored] = list(store.iter_articles("north"))
    assert article_from_dict(stored.article).events == article.events
