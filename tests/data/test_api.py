"""`frontlines api` as a client sees it: a real Datasette server on 127.0.0.1 answered with
httpx (JSON of a table and a view, a canned query, a facet, metadata) that refuses writes."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from frontlines.config import Config
from frontlines.store.catalog import LICENCE
from tests.data.conftest import CLI

ACTIVE_CONFLICTS = (
    "SELECT count(*) FROM conflicts c JOIN pages p ON p.id = c.page WHERE p.status = 'active'"
)


def store_count(config: Config, sql: str) -> int:
    with sqlite3.connect(config.db_path) as db:
        return int(db.execute(sql).fetchone()[0])


@pytest.fixture(scope="module")
def api(sample_project: Config, api_server: Callable[..., Any]) -> Iterator[httpx.Client]:
    with api_server(sample_project) as base, httpx.Client(base_url=base, timeout=10) as client:
        yield client


def test_table_json_has_every_conflict(api: httpx.Client, sample_project: Config) -> None:
    answer = api.get("/frontlines/conflicts.json", params={"_shape": "objects"}).json()
    expected = store_count(sample_project, "SELECT count(*) FROM conflicts")
    assert expected > 5
    assert answer["filtered_table_rows_count"] == expected
    assert len(answer["rows"]) == expected
    assert {"name", "theatre", "start", "lat", "lon"} <= set(answer["rows"][0])


def test_summary_view_one_row_per_conflict_with_sides(
    api: httpx.Client, sample_project: Config
) -> None:
    rows = api.get("/frontlines/conflict_summary.json", params={"_shape": "array"}).json()
    assert len(rows) == store_count(sample_project, ACTIVE_CONFLICTS)
    kyiv = next(row for row in rows if row["slug"] == "battle_of_kyiv_(2022)")
    assert kyiv["start"] == "2022-02-25" and kyiv["side_1"] == "Russia"
    assert kyiv["side_2"] == "Ukraine" and kyiv["lat"] == pytest.approx(50.45)


def test_parties_view_has_one_row_per_party(api: httpx.Client, sample_project: Config) -> None:
    answer = api.get("/frontlines/conflict_parties.json", params={"_size": 0}).json()
    expected = store_count(
        sample_project,
        "SELECT count(*) FROM conflicts c JOIN pages p ON p.id = c.page, "
        "json_each(c.json, '$.sides') s, json_each(s.value, '$.parties') WHERE p.status='active'",
    )
    assert answer["filtered_table_rows_count"] == expected > 20


def test_facet_counts_conflicts_by_theatre(api: httpx.Client, sample_project: Config) -> None:
    answer = api.get("/frontlines/conflicts.json", params={"_facet": "theatre"}).json()
    counts = {r["value"]: r["count"] for r in answer["facet_results"]["theatre"]["results"]}
    with sqlite3.connect(sample_project.db_path) as db:
        expected = dict(db.execute("SELECT theatre, count(*) FROM conflicts GROUP BY theatre"))
    assert counts == expected
    selected = api.get("/frontlines/conflicts.json", params={"theatre": "ukraine"}).json()
    assert selected["filtered_table_rows_count"] == expected["ukraine"]


def test_facet_on_a_view(api: httpx.Client, sample_project: Config) -> None:
    answer = api.get("/frontlines/conflict_parties.json", params={"_facet": "party"}).json()
    counts = {r["value"]: r["count"] for r in answer["facet_results"]["party"]["results"]}
    assert counts["Russia"] >= 3 and counts["Ukraine"] >= 3
    only = api.get("/frontlines/conflict_parties.json", params={"party": "Ukraine"}).json()
    assert only["filtered_table_rows_count"] == counts["Ukraine"]


def test_api_without_a_store_says_so(tmp_path: Path) -> None:
    (tmp_path / "frontlines.toml").write_text(
        '[[theatre]]\nname = "x"\ntitle = "X"\ntitles = ["A"]\n', "utf-8"
    )
    done = subprocess.run(
        [sys.executable, "-c", CLI, "api", "-c", str(tmp_path / "frontlines.toml")],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 1 and "frontlines sync" in done.stderr


def test_canned_query_conflicts_of_a_theatre_in_a_period(api: httpx.Client) -> None:
    params = {"theatre": "ukraine", "since": "2022-03", "until": "2022-03", "_shape": "array"}
    rows = api.get("/frontlines/theatre_conflicts.json", params=params).json()
    slugs = {row["slug"] for row in rows}
    assert {"battle_of_kyiv_(2022)", "siege_of_mariupol"} <= slugs
    assert "2022_kharkiv_counteroffensive" not in slugs  # September 2022
    later = {**params, "since": "2022-09", "until": "2022-09"}
    assert "2022_kharkiv_counteroffensive" in {
        row["slug"] for row in api.get("/frontlines/theatre_conflicts.json", params=later).json()
    }


def test_canned_query_a_partys_conflicts(api: httpx.Client) -> None:
    rows = api.get(
        "/frontlines/party_conflicts.json", params={"party": "russia", "_shape": "array"}
    ).json()
    assert {"siege_of_mariupol", "battle_of_aleppo_(2012–2016)"} <= {r["slug"] for r in rows}
    assert all("russia" in row["party"].lower() for row in rows)


def test_metadata_carries_licence_and_column_descriptions(api: httpx.Client) -> None:
    meta = api.get("/-/metadata.json").json()
    assert meta["license"] == LICENCE and "Wikipedia contributors" in meta["about"]
    tables = meta["databases"]["frontlines"]["tables"]
    assert "EDTF" in tables["conflicts"]["columns"]["start"]
    assert tables["conflict_summary"]["columns"]["side_1"]
    settings = api.get("/-/settings.json").json()
    assert settings["sql_time_limit_ms"] == 1000 and settings["max_returned_rows"] == 1000
    page = api.get("/frontlines/conflicts").text
    assert "CC BY-SA 4.0" in page and "EDTF" in page


def test_writes_are_refused_and_the_store_is_unchanged(
    api: httpx.Client, sample_project: Config
) -> None:
    before = hashlib.sha256(sample_project.db_path.read_bytes()).hexdigest()
    for sql in ("DELETE FROM pages", "UPDATE conflicts SET name = 'x'", "DROP TABLE pages"):
        answer = api.get("/frontlines.json", params={"sql": sql})
        assert answer.status_code == 400, sql
        assert answer.json()["ok"] is False
    posted = api.post("/frontlines/-/create", json={"table": "x", "rows": [{"a": 1}]})
    assert posted.status_code in (403, 404, 405)
    assert hashlib.sha256(sample_project.db_path.read_bytes()).hexdigest() == before
    assert store_count(sample_project, "SELECT count(*) FROM pages") > 0


def test_sql_time_limit_stops_a_runaway_query(api: httpx.Client) -> None:
    runaway = (
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
    )
    answer = api.get("/frontlines.json", params={"sql": runaway})
    assert answer.status_code == 400
    assert "time limit" in answer.text.lower() or "interrupted" in answer.text.lower()


def test_immutable_snapshot_serves_and_allows_download(
    sample_project: Config, tmp_path: Path
) -> None:
    import asyncio

    from frontlines.dataapi import make_datasette

    snapshot = tmp_path / "frontlines.db"
    with sqlite3.connect(sample_project.db_path) as source, sqlite3.connect(snapshot) as target:
        source.backup(target)
    live = make_datasette(snapshot)
    frozen = make_datasette(snapshot, immutable=True)

    async def ask() -> tuple[int, int, int]:
        answer = await frozen.client.get("/frontlines/conflicts.json?_size=0")
        download = await frozen.client.get("/frontlines.db")
        refused = await live.client.get("/frontlines.db")
        assert answer.json()["filtered_table_rows_count"] == store_count(
            sample_project, "SELECT count(*) FROM conflicts"
        )
        return answer.status_code, download.status_code, refused.status_code

    assert asyncio.run(ask()) == (200, 200, 403)
