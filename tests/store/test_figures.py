"""The `figures` table: a converted article's typed figures are stored with its conflict."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from frontlines.convert import convert_page
from frontlines.model import RawPage
from frontlines.store import Store
from frontlines.store.schema import INITIAL

WIKITEXT = """{{Infobox military conflict
| conflict = Battle of Testford
| date = 3 May 1801
| combatant1 = [[Northland]]
| combatant2 = [[Southland]]
| strength1 = 12,000 men<br>40 guns
| strength2 = c. 9,000
| casualties1 = 1,200 killed<br>over 3,000 wounded
| casualties2 = Total: 4,100<br>2,000 killed<br>2,100 captured
| casualties3 = 300 civilians killed
}}
The '''Battle of Testford''' was invented for this test.
"""


def _page(revision: int, text: str = WIKITEXT) -> RawPage:
    return RawPage(
        title="Battle of Testford",
        text=text,
        page_id=1,
        revision_id=revision,
        timestamp="2024-01-01T00:00:00Z",
    )


def test_figures_are_stored_with_the_conflict(tmp_path: Path) -> None:
    with Store(tmp_path / "frontlines.db") as store:
        raw = _page(1)
        store.put_page(raw, convert_page(raw), theatre="test", kind="dump")
        rows = store.figures("Battle of Testford")
    seen = [(r.side, r.field, r.category, r.low, r.high, r.approx, r.total) for r in rows]
    assert seen == [
        (1, "casualties", "killed", 1200, 1200, False, False),
        (1, "casualties", "wounded", 3000, None, False, False),
        (1, "strength", "personnel", 12000, 12000, False, False),
        (1, "strength", "guns", 40, 40, False, False),
        (2, "casualties", "casualties", 4100, 4100, False, True),
        (2, "casualties", "killed", 2000, 2000, False, False),
        (2, "casualties", "captured", 2100, 2100, False, False),
        (2, "strength", "personnel", 9000, 9000, True, False),
        (None, "casualties3", "civilians_killed", 300, 300, False, False),
    ]
    assert rows[1].text == "over 3,000 wounded"


def test_a_new_revision_replaces_the_figures(tmp_path: Path) -> None:
    with Store(tmp_path / "frontlines.db") as store:
        first = _page(1)
        store.put_page(first, convert_page(first), theatre="test", kind="dump")
        changed = WIKITEXT.replace("1,200 killed", "1,500 killed").replace(
            "| casualties3 = 300 civilians killed\n", ""
        )
        second = _page(2, changed)
        store.put_page(second, convert_page(second), theatre="test", kind="dump")
        rows = store.figures()
    killed = [r.low for r in rows if r.side == 1 and r.category == "killed"]
    assert killed == [1500]
    assert not [r for r in rows if r.field == "casualties3"]
    assert len(rows) == 8


def test_a_version_1_store_gains_the_figures_table(tmp_path: Path) -> None:
    path = tmp_path / "frontlines.db"
    connection = sqlite3.connect(path)
    connection.execute(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
        "applied TEXT NOT NULL)"
    )
    for statement in INITIAL.statements:
        connection.execute(statement)
    connection.execute("INSERT INTO schema_migrations VALUES (1, 'initial', 'then')")
    connection.commit()
    connection.close()
    with Store(path) as store:
        assert store.figures() == []
        raw = _page(1)
        store.put_page(raw, convert_page(raw), theatre="test", kind="dump")
        assert len(store.figures()) == 9
    versions = sqlite3.connect(path).execute("SELECT version FROM schema_migrations").fetchall()
    assert [v for (v,) in versions] == [1, 2, 6]
