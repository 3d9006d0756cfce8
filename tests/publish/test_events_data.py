"""data/events.json and data/events.geojson from articles with events (converted wikitext)."""

from __future__ import annotations

from frontlines.convert import convert_page
from frontlines.model import RawPage
from frontlines.publish.data import SiteArticle, SiteData, SiteSettings, TheatreInfo
from frontlines.publish.events import event_points, event_records

FORD = """{{Infobox military conflict
| conflict = Battle of Tarn Ferry
| date = 3–4 May 1940
| coordinates = {{coord|60.5|N|10.25|E}}
}}
The '''Battle of Tarn Ferry''' began on 3 May 1940.

== Crossing ==
On 4 May the ferry was taken.
"""
CAMPAIGN = """{{Infobox military conflict
| conflict = Tarn campaign
| date = April – June 1940
}}
The '''Tarn campaign''' opened in April 1940.
On 3 May 1940 it reached [[Battle of Tarn Ferry|the ferry]] at [[Tarn]].
On 9 June 1940 it ended at [[Nowhere Point]].
"""


def entry(title: str, text: str) -> SiteArticle:
    article = convert_page(RawPage(title=title, text=text, revision_id=5))
    return SiteArticle(article, ("north",), "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z", 5)


def site() -> SiteData:
    return SiteData(
        settings=SiteSettings(),
        theatres=(TheatreInfo("north", "North"),),
        entries=(entry("Tarn campaign", CAMPAIGN), entry("Battle of Tarn Ferry", FORD)),
    )


def test_events_json_lists_every_event_by_date() -> None:
    events = event_records(site())["events"]
    assert [(e["date"], e["article"]) for e in events] == [
        ("1940-04", "Tarn campaign"),
        ("1940-05-03", "Battle of Tarn Ferry"),
        ("1940-05-03", "Tarn campaign"),
        ("1940-05-04", "Battle of Tarn Ferry"),
        ("1940-06-09", "Tarn campaign"),
    ]
    crossing = events[3]
    assert crossing["page"] == "articles/battle_of_tarn_ferry/#event-2"
    assert crossing["text"] == "On 4 May the ferry was taken."
    assert crossing["theatres"] == ["north"] and crossing["revision"] == 5


def test_events_geojson_places_events_at_linked_conflicts_else_their_own() -> None:
    features = event_points(site())["features"]
    located = [
        (f["properties"]["article"], f["properties"]["date"], f["properties"]["located"])
        for f in features
    ]
    # the campaign has no coordinates: only its event linking to the battle gets a point
    assert located == [
        ("Battle of Tarn Ferry", "1940-05-03", "article"),
        ("Tarn campaign", "1940-05-03", "place"),
        ("Battle of Tarn Ferry", "1940-05-04", "article"),
    ]
    linked = features[1]
    assert linked["properties"]["place"] == "Battle of Tarn Ferry"
    assert linked["geometry"]["coordinates"] == [10.25, 60.5]
