"""The done-when of "Data out" on the 32 real conflict articles of ../shared/corpus: the API
answers 32 conflicts, Parquet counts match the store, the collection is clean and portable."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pyarrow.parquet as pq
import pytest

from frontlines.collection.checks import diagnose
from frontlines.collection.reading import read_collection
from frontlines.config import Config
from frontlines.export import export
from frontlines.store import Store
from tests.data.helpers import page_faults, renderer

pytestmark = pytest.mark.corpus


def test_api_answers_the_32_conflicts(
    corpus_project: Config, api_server: Callable[..., Any]
) -> None:
    with api_server(corpus_project) as base, httpx.Client(base_url=base, timeout=10) as api:
        table = api.get("/frontlines/conflicts.json").json()
        assert table["filtered_table_rows_count"] == 32
        view = api.get("/frontlines/conflict_summary.json", params={"_shape": "array"}).json()
        assert len(view) == 32
        facet = api.get("/frontlines/conflicts.json", params={"_facet": "theatre"}).json()
        assert facet["facet_results"]["theatre"]["results"][0]["count"] == 32
        rows = api.get(
            "/frontlines/party_conflicts.json", params={"party": "prussia", "_shape": "array"}
        ).json()
        assert "battle_of_waterloo" in {row["slug"] for row in rows}
        assert api.get("/frontlines.json", params={"sql": "DELETE FROM pages"}).status_code == 400


def test_parquet_counts_match_the_store(corpus_project: Config, tmp_path: Path) -> None:
    with Store(corpus_project.db_path) as store:
        result = export(store, "parquet", tmp_path)
    with sqlite3.connect(corpus_project.db_path) as db:
        sides = [
            s for (t,) in db.execute("SELECT json FROM conflicts") for s in json.loads(t)["sides"]
        ]
        images = db.execute("SELECT count(*) FROM images").fetchone()[0]
    assert pq.read_table(tmp_path / "conflicts.parquet").num_rows == 32
    assert pq.read_table(tmp_path / "sides.parquet").num_rows == len(sides)
    parties = sum(len(side["parties"]) for side in sides)
    assert (
        pq.read_table(tmp_path / "parties.parquet").num_rows == parties == result.counts["parties"]
    )
    assert pq.read_table(tmp_path / "images.parquet").num_rows == images > 100


def test_collection_is_clean_and_every_short_citation_resolves(
    corpus_project: Config, tmp_path: Path
) -> None:
    with Store(corpus_project.db_path) as store:
        export(store, "collection", tmp_path)
    entries = sorted((tmp_path / "content" / "corpus").glob("*.md"))
    assert len(entries) == 32
    report = diagnose(read_collection(tmp_path))
    assert [str(p) for p in report.problems] == []
    md = renderer()
    citations = 0
    for entry in entries:
        assert "[]{#" not in entry.read_text("utf-8"), entry
        literals, missing, cited = page_faults(md, entry)
        assert literals == [] and missing == [], (entry.name, literals, missing[:5])
        citations += cited
    assert citations > 300  # the corpus's sfn/harv links, all pointing at an anchor
