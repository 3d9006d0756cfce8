"""A small site whose articles have dated events, for the events page, feed, map layer and
timeline tests: made-up battles written for these tests, converted from wikitext."""

from __future__ import annotations

from pathlib import Path

from frontlines.convert import convert_page
from frontlines.model import RawPage
from frontlines.publish.data import SiteArticle, SiteData, SiteSettings, TheatreInfo
from frontlines.publish.site import BuildResult, build_site

FERRY = """{{Infobox military conflict
| conflict = Battle of Tarn Ferry
| partof = [[The Tarn campaign]]
| date = 3–4 May 1940
| place = Tarn
| coordinates = {{coord|60.5|N|10.25|E}}
}}
The '''Battle of Tarn Ferry''' began on 3 May 1940 at [[Tarn]].<ref>Lund, p. 2.</ref>

== Crossing ==
On 4 May the ferry was taken by the [[2nd Company]].<ref>Lund, p. 3.</ref>

== References ==
{{reflist}}
"""
RIDGE = """{{Infobox military conflict
| conflict = Battle of Holm Ridge
| partof = [[Tarn campaign]]
| date = 20 June 1941
| coordinates = {{coord|61.0|N|11.0|E}}
}}
The '''Battle of Holm Ridge''' was fought on 20 June 1941.

== Aftermath ==
On 2 July 1941 the ridge was given up.
"""
HARBOUR = """{{Infobox military conflict
| conflict = Siege of Old Harbour
| partof = [[Harbour wars]]
| date = March – April 1863
| coordinates = {{coord|58.0|N|8.0|E}}
}}
The '''Siege of Old Harbour''' opened on 12 March 1863.
The town surrendered on 30 April 1863.
"""
LONG_WAR = """{{Infobox military conflict
| conflict = Long Plain War
| partof = [[Plain wars]]
| date = 1200 BC – 420 BC
}}
The '''Long Plain War''' lasted for centuries.
"""
DRY_RIVER = """{{Infobox military conflict
| conflict = Battle of Dry River
| partof = [[The Plain Wars]]
| date = 480 BC
| coordinates = {{coord|38.0|N|23.0|E}}
}}
The '''Battle of Dry River''' was fought in 480 BC.
In August 480 BC the river camp was burnt.
"""
ARTICLES = {
    "north": [("Battle of Tarn Ferry", FERRY), ("Battle of Holm Ridge", RIDGE)],
    "old": [
        ("Siege of Old Harbour", HARBOUR),
        ("Long Plain War", LONG_WAR),
        ("Battle of Dry River", DRY_RIVER),
    ],
}


def entry(title: str, text: str, theatre: str, revision: int) -> SiteArticle:
    article = convert_page(RawPage(title=title, text=text, revision_id=revision))
    stamp = f"2024-0{revision % 9 + 1}-01T00:00:00Z"
    return SiteArticle(article, (theatre,), stamp, stamp, revision)


def events_site(search: bool = False) -> SiteData:
    entries = [
        entry(title, text, theatre, 10 + index)
        for theatre, listed in ARTICLES.items()
        for index, (title, text) in enumerate(listed)
    ]
    return SiteData(
        settings=SiteSettings(base_url="https://events.example/", search=search),
        theatres=(TheatreInfo("north", "Northern front"), TheatreInfo("old", "Old wars")),
        entries=tuple(entries),
    )


def build_events_site(folder: Path) -> BuildResult:
    return build_site(events_site(), folder)
