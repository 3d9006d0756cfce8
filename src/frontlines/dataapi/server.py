"""Serve a store with Datasette, read-only.

The store is opened once read-write, only to apply its migrations and (re)create the views
(`Store.ensure_views`); Datasette then opens it `?mode=ro` (a live store a sync may write) or,
with `immutable=True`, `?immutable=1` (a snapshot that never changes: counts are cached, the
file can be downloaded). Datasette itself runs only SELECT statements, with a time limit and a
row limit (metadata.SETTINGS).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import uvicorn
from datasette.app import Datasette
from datasette.database import Database

from frontlines.dataapi.metadata import SETTINGS, metadata
from frontlines.errors import StoreError
from frontlines.store import Store

DATABASE = "frontlines"  # the database's name in URLs: /frontlines/conflicts.json


def _quiet_error_answers() -> None:
    """Datasette prints every error answer (a mistyped query is a 400) as a Rich traceback with
    all its locals when Rich is importable, as it is here; the client gets the error either way,
    and real failures (500s) are still printed with their traceback. (The module is Datasette's
    default plugin, loaded by datasette.app: imported earlier, its hook would not register.)"""
    setattr(importlib.import_module("datasette.handle_exception"), "rich", None)  # noqa: B010


def make_datasette(
    db_path: Path, *, immutable: bool = False, settings: dict[str, Any] | None = None
) -> Datasette:
    """A Datasette instance serving the store at db_path read-only."""
    if not db_path.is_file():
        raise StoreError(f"there is no store at {db_path}; run `frontlines sync` first")
    with Store(db_path) as store:
        store.ensure_views()
        meta = metadata(store, DATABASE)
    _quiet_error_answers()
    # a snapshot may be downloaded whole; a live store (WAL, being synced) is not offered
    chosen = {**SETTINGS, "allow_download": immutable, **(settings or {})}
    datasette = Datasette(metadata=meta, settings=chosen)
    database = Database(datasette, path=str(db_path.resolve()), is_mutable=not immutable)
    datasette.add_database(database, name=DATABASE)
    return datasette


def serve(datasette: Datasette, *, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Run the API until interrupted (uvicorn, one worker)."""
    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning", lifespan="on")
