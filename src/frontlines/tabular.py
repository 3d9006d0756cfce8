"""Articles and their conflict records as one Arrow table: the columns of the Parquet output.

    article_table([(article, theatre), ...]) ──► pyarrow.Table (ARTICLE_SCHEMA)
    write_parquet(table, path)                   one file, written to a temporary name first

One row per article; the conflict's main facts as flat columns (null when the article has no
conflict record), the whole Conflict record and the Markdown body as text beside them, so that
a reader can filter and join without parsing JSON. `docs/scale.md` lists every column. Built
from the model alone, so any writer (scan shards, an export of the store) can share it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from frontlines.model import Article, to_dict

__all__ = ["ARTICLE_SCHEMA", "article_rows", "article_table", "write_parquet"]

ARTICLE_SCHEMA = pa.schema(
    [
        ("title", pa.string()),
        ("slug", pa.string()),
        ("theatre", pa.string()),
        ("page_id", pa.int64()),
        ("revision_id", pa.int64()),
        ("revision_timestamp", pa.string()),
        ("url", pa.string()),
        ("licence", pa.string()),
        ("attribution", pa.string()),
        ("short_description", pa.string()),
        ("description", pa.string()),
        ("categories", pa.list_(pa.string())),
        ("issues", pa.int32()),
        ("conflict_name", pa.string()),
        ("infobox", pa.string()),
        ("partof", pa.string()),
        ("date_text", pa.string()),
        ("start", pa.string()),
        ("end", pa.string()),
        ("ongoing", pa.bool_()),
        ("place", pa.string()),
        ("lat", pa.float64()),
        ("lon", pa.float64()),
        ("result", pa.string()),
        ("sides", pa.list_(pa.list_(pa.string()))),
        ("conflict_json", pa.string()),
        ("markdown", pa.string()),
    ]
)


def article_rows(articles: Iterable[tuple[Article, str]]) -> list[dict[str, Any]]:
    """One dict per (article, theatre), keyed by ARTICLE_SCHEMA's column names."""
    rows = []
    for article, theatre in articles:
        conflict = article.conflict
        place = conflict.coordinates if conflict else None
        rows.append(
            {
                "title": article.title,
                "slug": article.slug,
                "theatre": theatre,
                "page_id": article.source.page_id,
                "revision_id": article.source.revision_id,
                "revision_timestamp": article.source.timestamp,
                "url": article.source.url,
                "licence": article.source.licence,
                "attribution": article.source.attribution,
                "short_description": article.short_description,
                "description": article.description,
                "categories": list(article.categories),
                "issues": len(article.issues),
                "conflict_name": conflict.name if conflict else None,
                "infobox": conflict.infobox if conflict else None,
                "partof": conflict.partof if conflict else None,
                "date_text": conflict.date_text if conflict else None,
                "start": conflict.start if conflict else None,
                "end": conflict.end if conflict else None,
                "ongoing": conflict.ongoing if conflict else None,
                "place": conflict.place if conflict else None,
                "lat": place.lat if place else None,
                "lon": place.lon if place else None,
                "result": conflict.result if conflict else None,
                "sides": (
                    [
                        [party.name for party in side.parties if not party.supporting]
                        for side in conflict.sides
                    ]
                    if conflict
                    else None
                ),
                "conflict_json": (
                    json.dumps(to_dict(conflict), ensure_ascii=False) if conflict else None
                ),
                "markdown": article.markdown,
            }
        )
    return rows


def article_table(articles: Iterable[tuple[Article, str]]) -> pa.Table:
    """The articles as a table of ARTICLE_SCHEMA (an empty table when there are none)."""
    return pa.Table.from_pylist(article_rows(articles), schema=ARTICLE_SCHEMA)


def write_parquet(table: pa.Table, path: Path) -> Path:
    """Write `table` to `path` (zstd), via a temporary file so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    pq.write_table(table, partial, compression="zstd")
    partial.replace(path)
    return path
