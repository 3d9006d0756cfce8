"""The catalog describes every column the store has and docs/store.md names; views and canned
queries over tables the store lacks appear once such a table exists; the site links the API."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pyarrow.parquet as pq

from frontlines.config import Config
from frontlines.dataapi import metadata
from frontlines.export import export
from frontlines.store import Store, catalog

REPO = Path(__file__).resolve().parents[2]


def test_every_store_column_is_described(tmp_path: Path) -> None:
    with Store(tmp_path / "empty.db") as store:
        tables = {name for name, kind in store.relations().items() if kind == "table"}
        for name in tables:
            entry = catalog.table(name)
            assert entry is not None, f"table {name} is not in store/catalog.py"
            for column, _ in store.columns(name):
                described = entry.column(column)
                assert described is not None and described.description, (name, column)


def test_every_column_docs_store_md_names_is_in_the_catalog() -> None:
    doc = (REPO / "docs" / "store.md").read_text(encoding="utf-8")
    sections = re.split(r"^### `(\w+)`", doc, flags=re.MULTILINE)[1:]
    assert len(sections) >= 20
    for name, text in zip(sections[::2], sections[1::2], strict=True):
        text = text.split("\n## ")[0]
        if "\n| column |" in text:  # a table of columns: only it (later tables are about values)
            text = text[text.index("\n| column |") :].split("\n\n")[0]
        entry = catalog.table(name)
        assert entry is not None, name
        named = set(re.findall(r"^\| `(\w+)`", text, flags=re.MULTILINE))  # tables
        named |= {n for cell in re.findall(r"^\| ((?:`\w+`,? ?)+) \|", text, flags=re.MULTILINE)
                  for n in re.findall(r"`(\w+)`", cell)}  # fmt: skip
        if not named:  # prose: "`page` → pages, `name`, ..."
            named = set(re.findall(r"`(\w+)`", text.split("\n\n")[0]))
            named -= {"pages", "images", "sync_runs", "running", "finished", "failed"}
            named -= {"interrupted", "controlled", "contested", "theatre_name", "partial", "sync"}
            named -= {"dump", "source_kind"}
        missing = {n for n in named if entry.column(n) is None}
        assert not missing, (name, missing)


def test_figures_view_query_and_export_follow_the_figures_table(
    sample_project: Config, tmp_path: Path
) -> None:
    copy = tmp_path / "frontlines.db"
    with sqlite3.connect(sample_project.db_path) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    with sqlite3.connect(copy) as db:
        stored = db.execute("SELECT count(*) FROM figures").fetchone()[0]
        killed = db.execute(
            "SELECT count(DISTINCT conflict || '|' || coalesce(claimant, '')) FROM figures "
            "WHERE category = 'killed'"
        ).fetchone()[0]
    assert stored > 0 and killed > 0
    with Store(copy) as store:
        assert "conflict_figures" in store.ensure_views()
        assert "killed_by_claimant" in {q.name for q in store.canned_queries()}
        rows = list(store.rows("conflict_figures"))
        assert len(rows) == stored and all(r["slug"] for r in rows)
        meta = metadata(store, "frontlines")["databases"]["frontlines"]
        assert "figures" in meta["tables"] and "killed_by_claimant" in meta["queries"]
        query = next(q for q in store.canned_queries() if q.name == "killed_by_claimant")
        result = export(store, "parquet", tmp_path / "parquet")
    with sqlite3.connect(copy) as db:
        assert len(db.execute(query.sql).fetchall()) == killed
    assert result.counts["figures"] == stored
    figures = pq.read_table(tmp_path / "parquet" / "figures.parquet")
    assert figures.schema.field("low").type.bit_width == 64 and figures.num_rows == stored


def test_site_footer_links_the_api_when_api_url_is_set(
    sample_project: Config, tmp_path: Path
) -> None:
    from frontlines.config import load_config
    from frontlines.publish.gather import gather, settings_from
    from frontlines.publish.site import build_site

    toml = sample_project.path.read_text("utf-8")
    toml += '\n[site]\napi_url = "https://data.example.org/"\n'
    (tmp_path / "frontlines.toml").write_text(toml, "utf-8")
    config = load_config(tmp_path / "frontlines.toml")
    with Store(sample_project.db_path) as store:
        site = gather(store, config, settings=settings_from(config, search=False))
    result = build_site(site, tmp_path / "site")
    page = (result.out_dir / "index.html").read_text("utf-8")
    assert '<a href="https://data.example.org/">Data API</a>' in page
