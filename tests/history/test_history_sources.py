"""The sources of a history: the API's earlier revisions (MockTransport) and a dump's."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import httpx

from frontlines.convert import convert_page
from frontlines.model import RawPage
from frontlines.sources.api import MediaWikiClient
from frontlines.sources.dump import iter_dump, iter_dump_history
from frontlines.store import ChangeRecord, Store

from .conftest import dump_with_revisions


def revision(revid: int, text: str | None = "text") -> dict[str, Any]:
    slot: dict[str, Any] = {"content": text} if text is not None else {"texthidden": True}
    return {"revid": revid, "timestamp": f"2022-01-{revid:02d}T00:00:00Z", "slots": {"main": slot}}


def test_api_history_walks_older_revisions_with_continuation() -> None:
    """Revisions 9 (current) ... 1; two a response; revision 6's text is hidden."""
    seen: list[dict[str, str]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        query = {k: v[0] for k, v in parse_qs(request.url.query.decode()).items()}
        seen.append(query)
        start = int(query.get("rvcontinue", query["rvstartid"]))
        ids = [n for n in (start, start - 1) if n >= 1]
        body: dict[str, Any] = {
            "query": {
                "pages": [
                    {
                        "pageid": 7,
                        "ns": 0,
                        "title": "Battle of Amberford",
                        "revisions": [revision(n, None if n == 6 else f"r{n}") for n in ids],
                    }
                ]
            }
        }
        if start - 2 >= 1:
            body["continue"] = {"rvcontinue": str(start - 2), "continue": "||"}
        return httpx.Response(200, json=body)

    client = MediaWikiClient(
        "https://wiki.example.org/w/api.php",
        user_agent="FrontLinesTests/0.1 (tests@example.org)",
        transport=httpx.MockTransport(answer),
    )
    pages = client.history("Battle of Amberford", before=9, limit=3)
    assert [(p.revision_id, p.text) for p in pages] == [(5, "r5"), (7, "r7"), (8, "r8")]
    assert all(p.title == "Battle of Amberford" and p.page_id == 7 for p in pages)
    assert seen[0]["rvdir"] == "older" and seen[0]["rvstartid"] == "9"
    assert seen[0]["rvlimit"] == "4" and seen[0]["rvslots"] == "main"
    assert len(seen) == 3  # 9-8, 7-6 (hidden), 5-4: stops once three are found
    assert client.history("Battle of Amberford", before=9, limit=0) == []
    assert len(seen) == 3  # no request for no revisions


def test_dump_history_keeps_the_earlier_revisions_oldest_first() -> None:
    text = dump_with_revisions(
        [
            (3, "2022-01-03T00:00:00Z", "third"),
            (1, "2022-01-01T00:00:00Z", "first"),
            (4, "2022-01-04T00:00:00Z", "latest"),
            (2, "2022-01-02T00:00:00Z", "second"),
        ]
    )
    pages = list(iter_dump_history(io.BytesIO(text.encode()), keep=2))
    latest, earlier = pages[0]
    assert (latest.revision_id, latest.text) == (4, "latest")
    assert [(p.revision_id, p.text) for p in earlier] == [(2, "second"), (3, "third")]
    assert pages[1][1] == ()  # the other page has one revision
    assert [p.revision_id for p in iter_dump(io.BytesIO(text.encode()))] == [4, 8802]
    assert list(iter_dump_history(io.BytesIO(text.encode()), keep=0))[0][1] == ()


def test_the_store_keeps_one_record_per_pair_and_ignores_unknown_pages(tmp_path: Path) -> None:
    record = ChangeRecord(1, 2, "2022-01-02T00:00:00Z", ({"field": "conversion"},))
    with Store(tmp_path / "frontlines.db") as store:
        unknown = RawPage(title="Nowhere", text="x", revision_id=2)
        assert store.put_failed_revision(unknown, record) is False
        first = RawPage(title="Amberford", text="The battle of Amberford.", revision_id=1)
        store.put_page(first, convert_page(first, kind="dump"), theatre="amber", kind="dump")
        failed = RawPage(title="Amberford", text="{{broken", revision_id=2)
        assert store.put_failed_revision(failed, record) is True
        assert store.put_failed_revision(failed, record) is True  # again: still one record
        records = store.changes()
        texts = store._db.execute("SELECT revision_id FROM revisions ORDER BY 1").fetchall()
        stored = store.stored_article("Amberford")
    assert [(r.title, r.from_revision, r.to_revision, r.changes) for r in records] == [
        ("Amberford", 1, 2, ({"field": "conversion"},))
    ]
    assert [row[0] for row in texts] == [1, 2]
    assert stored is not None and stored[0] == 1  # the article stays the last good one
