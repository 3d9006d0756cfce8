"""`frontlines export` read back by the tools people use: pyarrow and DuckDB (Parquet),
frictionless (the data package), the geojson package, markdown-it-py with footnotes and
`doctor` (the collection), and json (JSON Lines)."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import duckdb
import frictionless
import geojson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from frontlines.collection.checks import diagnose
from frontlines.collection.reading import read_collection
from frontlines.config import Config
from tests.data.helpers import page_faults, renderer

CLI = "from frontlines.cli import main; main()"


def run_export(
    config: Config, fmt: str, out: Path, *extra: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CLI, "export", "--format", fmt, "-o", str(out), "-c",
         str(config.path), *extra],
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def store_counts(config: Config) -> dict[str, int]:
    """What the store holds, counted with plain SQL and JSON (not with the exporter)."""
    with sqlite3.connect(config.db_path) as db:
        rows = db.execute(
            "SELECT c.json FROM conflicts c JOIN pages p ON p.id = c.page WHERE p.status='active'"
        ).fetchall()
        images = db.execute("SELECT count(*) FROM images").fetchone()[0]
        used = db.execute("SELECT count(*) FROM article_images").fetchone()[0]
        figures = db.execute("SELECT count(*) FROM figures").fetchone()[0]
        entities = db.execute("SELECT count(*) FROM entities").fetchone()[0]
        participations = db.execute("SELECT count(*) FROM participations").fetchone()[0]
    sides = [side for (text,) in rows for side in json.loads(text)["sides"]]
    return {
        "conflicts": len(rows),
        "sides": len(sides),
        "parties": sum(len(side["parties"]) for side in sides),
        "commanders": sum(len(side["commanders"]) for side in sides),
        "images": images,
        "article_images": used,
        "figures": figures,
        "entities": entities,
        "participations": participations,
    }


@pytest.fixture(scope="module")
def parquet_dir(sample_project: Config, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("parquet")
    done = run_export(sample_project, "parquet", out)
    assert done.returncode == 0, done.stderr
    summary = re.search(r"Exported (\d+) files \(parquet: ([^)]*)\)", done.stderr)
    assert summary is not None, done.stderr
    listed = dict(part.rsplit(" ", 1) for part in summary.group(2).split(", "))
    assert int(summary.group(1)) == len(listed) + 1  # a file a table, and datapackage.json
    assert set(store_counts(sample_project)) <= set(listed)
    return out


def test_parquet_counts_match_the_store_in_pyarrow_and_duckdb(
    parquet_dir: Path, sample_project: Config
) -> None:
    expected = store_counts(sample_project)
    assert expected["conflicts"] > 5 and expected["parties"] > expected["conflicts"]
    for table, count in expected.items():
        path = parquet_dir / f"{table}.parquet"
        assert pq.read_table(path).num_rows == count, table
        assert duckdb.sql(f"SELECT count(*) FROM '{path}'").fetchall() == [(count,)], table


def test_parquet_columns_are_typed(parquet_dir: Path) -> None:
    conflicts = pq.read_table(parquet_dir / "conflicts.parquet")
    schema = conflicts.schema
    assert schema.field("first_day").type == pa.date32()
    assert schema.field("last_day").type == pa.date32()
    assert schema.field("lat").type == pa.float64()
    assert schema.field("ongoing").type == pa.bool_()
    assert schema.field("revision_id").type == pa.int64()
    assert schema.field("start").type == pa.string()
    assert pa.types.is_timestamp(schema.field("updated").type)
    assert pq.read_table(parquet_dir / "parties.parquet").schema.field("side").type == pa.int64()
    slugs = conflicts.column("slug").to_pylist()
    kyiv = slugs.index("battle_of_kyiv_(2022)")
    assert str(conflicts.column("first_day")[kyiv]) == "2022-02-25"
    assert conflicts.column("start")[kyiv].as_py() == "2022-02-25"
    # before year 1: DuckDB reads the date32 as a BC date (Python's date cannot hold it)
    [gaugamela] = duckdb.sql(
        f"SELECT start, CAST(first_day AS VARCHAR) FROM '{parquet_dir / 'conflicts.parquet'}' "
        "WHERE slug = 'battle_of_gaugamela'"
    ).fetchall()
    assert gaugamela[0].startswith("-0330")
    assert "BC" in gaugamela[1] and "0331" in gaugamela[1]  # astronomical -330 is 331 BC


def test_csv_data_package_validates_with_frictionless(
    sample_project: Config, tmp_path: Path
) -> None:
    done = run_export(sample_project, "csv", tmp_path)
    assert done.returncode == 0, done.stderr
    package = json.loads((tmp_path / "datapackage.json").read_text("utf-8"))
    assert package["licenses"][0]["name"] == "CC-BY-SA-4.0"
    for resource in package["resources"]:
        assert all(field["description"] for field in resource["schema"]["fields"]), resource
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    rows = frictionless.Resource(tmp_path / "conflicts.csv").read_rows()
    assert len(rows) == store_counts(sample_project)["conflicts"]


def test_parquet_data_package_describes_every_column(parquet_dir: Path) -> None:
    package = json.loads((parquet_dir / "datapackage.json").read_text("utf-8"))
    for resource in package["resources"]:
        columns = pq.read_schema(parquet_dir / resource["path"]).names
        assert [field["name"] for field in resource["schema"]["fields"]] == columns
        assert all(field["description"] for field in resource["schema"]["fields"])


def test_geojson_is_valid_and_places_every_conflict(sample_project: Config, tmp_path: Path) -> None:
    done = run_export(sample_project, "geojson", tmp_path)
    assert done.returncode == 0, done.stderr
    conflicts = geojson.loads((tmp_path / "conflicts.geojson").read_text("utf-8"))
    assert conflicts.is_valid, conflicts.errors()
    with sqlite3.connect(sample_project.db_path) as db:
        placed = dict(db.execute("SELECT name, lon FROM conflicts WHERE lat IS NOT NULL"))
    assert len(conflicts["features"]) == len(placed) > 5
    for feature in conflicts["features"]:
        assert feature["geometry"]["coordinates"][0] == placed[feature["properties"]["name"]]
    territory = sorted((tmp_path / "territory" / "ukraine").glob("*.geojson"))
    with sqlite3.connect(sample_project.db_path) as db:
        days = [d for (d,) in db.execute("SELECT DISTINCT valid_from FROM territory_features")]
    assert [p.stem for p in territory] == sorted(days) and len(days) > 2
    for path in [tmp_path / "territory" / "ukraine.geojson", *territory]:
        collection = geojson.loads(path.read_text("utf-8"))
        assert collection.is_valid, (path, collection.errors())
        assert collection["features"], path


def test_jsonl_is_one_documented_article_per_line(sample_project: Config, tmp_path: Path) -> None:
    done = run_export(sample_project, "jsonl", tmp_path)
    assert done.returncode == 0, done.stderr
    lines = (tmp_path / "articles.jsonl").read_text("utf-8").splitlines()
    with sqlite3.connect(sample_project.db_path) as db:
        stored = {
            slug: json.loads(text) for slug, text in db.execute("SELECT slug, json FROM articles")
        }
    assert len(lines) == len(stored)
    for line in lines:
        article = json.loads(line)
        assert {k: v for k, v in article.items() if k in stored[article["slug"]]} == stored[
            article["slug"]
        ]
        assert article["pubDate"] and article["theatre"]


def test_collection_renders_portably_and_doctor_finds_it_clean(
    sample_project: Config, tmp_path: Path
) -> None:
    done = run_export(sample_project, "collection", tmp_path)
    assert done.returncode == 0, done.stderr
    entries = sorted((tmp_path / "content").glob("*/*.md"))
    with sqlite3.connect(sample_project.db_path) as db:
        expected = set(
            db.execute("SELECT p.theatre, a.slug FROM articles a JOIN pages p ON p.id = a.page")
        )
    assert {(p.parent.name, p.stem) for p in entries} == expected
    md = renderer()
    for entry in entries:
        literals, missing, _ = page_faults(md, entry)
        assert literals == [] and missing == [], entry
    sidecars = sorted((tmp_path / "public").glob("*.yaml"))
    assert len(sidecars) == 1 and "CC BY-SA 4.0" in sidecars[0].read_text("utf-8")
    report = diagnose(read_collection(tmp_path))
    assert report.entries == len(entries) and report.sidecars == 1
    assert [str(p) for p in report.problems] == []
    doctor = subprocess.run(
        [sys.executable, "-c", CLI, "doctor", str(tmp_path)], capture_output=True, text=True
    )
    assert doctor.returncode == 0 and "no problems" in doctor.stdout + doctor.stderr


def test_theatre_option_exports_only_that_theatre(sample_project: Config, tmp_path: Path) -> None:
    done = run_export(sample_project, "parquet", tmp_path, "--theatre", "ukraine")
    assert done.returncode == 0, done.stderr
    theatres = set(pq.read_table(tmp_path / "conflicts.parquet").column("theatre").to_pylist())
    assert theatres == {"ukraine"}
    slugs = set(pq.read_table(tmp_path / "conflicts.parquet").column("slug").to_pylist())
    assert set(pq.read_table(tmp_path / "parties.parquet").column("slug").to_pylist()) <= slugs
    shown = set(pq.read_table(tmp_path / "article_images.parquet").column("file").to_pylist())
    files = set(pq.read_table(tmp_path / "images.parquet").column("file").to_pylist())
    assert files == shown and len(files) < store_counts(sample_project)["images"]
    unknown = run_export(sample_project, "csv", tmp_path / "x", "--theatre", "atlantis")
    assert unknown.returncode == 2 and "atlantis" in unknown.stderr
    bad = run_export(sample_project, "xlsx", tmp_path / "y")
    assert bad.returncode == 2 and "unknown format" in bad.stderr
