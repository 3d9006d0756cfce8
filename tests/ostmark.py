"""A made-up wiki for the selection and scan tests: the wars of Ostmark, plus filler villages."""

from __future__ import annotations

from frontlines.model import RawPage

BATTLE = """{{Infobox military conflict
| conflict = Battle of Amberfield
| date = 3 May 1820
| place = Amberfield, [[Ostmark]]
| combatant1 = [[Kingdom of Ostmark]]
| combatant2 = [[Free City of Rell]]
| result = Ostmark victory
}}
The '''Battle of Amberfield''' was fought in 1820.

[[Category:Battles of the Ostmark wars]]
"""
SIEGE = """{{infobox_battle|name=Siege of Rell|date=1821|combatant1=Ostmark|combatant2=Rell}}
The '''Siege of Rell''' lasted a winter.
"""
CITY = """<!-- {{Infobox military conflict}} was moved to [[Siege of Rell]] -->
'''Rell''' is a free city on the [[Amber River]].
"""
TREATY = """The '''Treaty of Rell''' ended the wars in 1822.

[[ category : Ostmark_wars|Rell]]
"""
NOWHERE = "{{Infobox war|conflict=Battle of Nowhere}}\nA hoax.\n"
KINGDOM = "'''Ostmark''' was a kingdom.\n[[:Category:Ostmark wars]] lists its wars.\n"

THEATRES = """
[[theatre]]
name = "ostmark"
title = "Wars of Ostmark"
titles = ["Ostmark"]
categories = ["Ostmark wars"]

[[theatre]]
name = "all"
title = "Every conflict"
conflicts = "all"
exclude = ["Battle of Nowhere"]
"""

OWNERS = {
    "Ostmark": "ostmark",
    "Treaty of Rell": "ostmark",
    "Battle of Amberfield": "all",
    "Siege of Rell": "all",
}


def pages(villages: int = 30) -> list[RawPage]:
    """The Ostmark pages among `villages` filler pages, with page and revision ids."""
    named = [
        ("Ostmark", KINGDOM),
        ("Battle of Amberfield", BATTLE),
        ("Rell", CITY),
        ("Siege of Rell", SIEGE),
        ("Treaty of Rell", TREATY),
        ("Battle of Nowhere", NOWHERE),
    ]
    filler = [
        (f"Village {n}", f"'''Village {n}''' is a village in Ostmark. " * 40)
        for n in range(1, villages + 1)
    ]
    mixed = filler[: villages // 2] + named + filler[villages // 2 :]
    return [
        RawPage(
            title=title,
            text=text,
            page_id=number,
            revision_id=1000 + number,
            timestamp="2020-01-01T00:00:00Z",
        )
        for number, (title, text) in enumerate(mixed, start=1)
    ]
