"""Datasette metadata and settings from the store's catalog (`store/catalog.py`) and views.

Titles, licence (CC BY-SA 4.0 with its attribution), source, one description per table, view
and column, suggested facets and the canned queries: everything the API says about the data
comes from the one catalog, as the exports' datapackage.json does.
"""

from __future__ import annotations

from typing import Any

from frontlines.store import Store, catalog
from frontlines.store.views import VIEWS

SETTINGS: dict[str, Any] = {
    "sql_time_limit_ms": 1000,  # a query running longer is stopped
    "max_returned_rows": 1000,  # rows one page (or one SQL query) returns at most
    "default_page_size": 100,
    "facet_time_limit_ms": 500,
    "facet_suggest_time_limit_ms": 100,
    "allow_download": False,  # server.py allows it for an immutable snapshot only
    "default_cache_ttl": 60,
    "num_sql_threads": 3,
}


def metadata(store: Store, database: str) -> dict[str, Any]:
    """The metadata for a store whose views exist (`store.ensure_views()` first)."""
    relations = store.relations()
    tables: dict[str, dict[str, Any]] = {}
    for table in catalog.TABLES:
        if relations.get(table.name) != "table":
            continue
        entry: dict[str, Any] = {"description": table.description}
        present = {name for name, _ in store.columns(table.name)}
        described = {c.name: c.description for c in table.columns if c.name in present}
        if described:
            entry["columns"] = described
        facets = [facet for facet in table.facets if facet in present]
        if facets:
            entry["facets"] = facets
        if table.hidden:
            entry["hidden"] = True
        if table.label:
            entry["label_column"] = table.label
        tables[table.name] = entry
    for view in VIEWS:
        if relations.get(view.name) != "view":
            continue
        entry = {"description": view.description}
        if view.columns:
            entry["columns"] = {c.name: c.description for c in view.columns}
        if view.facets:
            entry["facets"] = list(view.facets)
        tables[view.name] = entry
    queries = {
        query.name: {"title": query.title, "description": query.description, "sql": query.sql}
        for query in store.canned_queries()
    }
    return {
        "title": catalog.TITLE,
        "description_html": (
            "Conflicts, their sides, commanders and images, converted from Wikipedia. "
            "Read-only: only SELECT queries run, each for at most "
            f"{SETTINGS['sql_time_limit_ms']} ms and {SETTINGS['max_returned_rows']} rows."
        ),
        "license": catalog.LICENCE,
        "license_url": catalog.LICENCE_URL,
        "source": catalog.SOURCE,
        "source_url": catalog.SOURCE_URL,
        "about": "Attribution: " + catalog.ATTRIBUTION,
        "databases": {database: {"tables": tables, "queries": queries}},
    }
