"""Opening the SQLite file: for writing (WAL, migrations) or, when it cannot be written, reading.

`open_connection` is what `Store` opens with. A store whose file or folder cannot be written is
opened read-only when the caller only reads (`build`, `status`, `check`) and refused with a
message that says so when it writes (`sync`). A full disk becomes `StoreFullError`, which says
what to do, instead of SQLite's "database or disk is full".
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from frontlines.errors import StoreError
from frontlines.store.schema import LATEST, current_version, migrate

__all__ = ["StoreFullError", "disk_error", "open_connection", "unwritable"]

_WRITE_BITS = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH


class StoreFullError(StoreError):
    """The disk (or SQLite's page limit) is full: nothing more can be written."""


def unwritable(path: Path) -> str | None:
    """Why the store at `path` cannot be written ('the file is read-only'), or None.

    A file or folder without write permission bits counts as read-only even for a user who
    could write it anyway (root): the mode says it is not to be written.
    """
    folder = path.resolve().parent
    if path.exists() and not _writable(path):
        return f"the file is read-only (mode {path.stat().st_mode & 0o777:o})"
    if not _writable(folder):
        return f"its folder {folder} is not writable (mode {folder.stat().st_mode & 0o777:o})"
    return None


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and bool(path.stat().st_mode & _WRITE_BITS)


def open_connection(path: Path, *, now: str, read_only: bool = False) -> sqlite3.Connection:
    """A connection to the store, migrated; read-only when the caller only reads (`read_only`)
    and the store cannot be written."""
    problem = unwritable(path)
    if problem is not None and not read_only:
        raise StoreError(
            f"cannot write the store {path}: {problem}. `sync` and imports need to write it: "
            "make the file and its folder writable (chmod u+w), or copy the store to a "
            "writable folder and use that project; `build` and `status` can still read it"
        )
    if problem is not None:
        if not path.exists():
            raise StoreError(f"no store at {path} yet; run `frontlines sync` first")
        return _read_only(path)
    connection = sqlite3.connect(path, isolation_level=None, timeout=30.0)
    connection.row_factory = sqlite3.Row
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute("PRAGMA foreign_keys = ON")
    try:
        migrate(connection, now=now)
    except sqlite3.OperationalError as error:
        raise disk_error(path, error) from error
    return connection


def _read_only(path: Path) -> sqlite3.Connection:
    """Read without writing anything: in a folder nobody may write (so no sync can be writing
    either) the file is read as it is (`immutable`), which needs no -shm/-wal files."""
    uri = path.resolve().as_uri()
    folder_writable = _writable(path.resolve().parent)
    mode = "mode=ro" if folder_writable else "immutable=1"
    connection = sqlite3.connect(f"{uri}?{mode}", uri=True, isolation_level=None)
    try:
        version = current_version(connection)
    except sqlite3.OperationalError:  # WAL could not make its -shm file: read it as it is
        connection.close()
        connection = sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None)
        version = current_version(connection)
    connection.row_factory = sqlite3.Row
    if version < LATEST:
        connection.close()
        raise StoreError(
            f"the store {path} is read-only and at schema version {version}; this Front Lines "
            f"reads version {LATEST}: make it writable once and run `frontlines status` to "
            "upgrade it"
        )
    return connection


def disk_error(path: Path, error: sqlite3.OperationalError) -> StoreError:
    """A StoreError for a failed write: StoreFullError when the disk is full."""
    message = str(error)
    if "full" in message:
        return StoreFullError(
            f"the disk holding the store {path} is full (SQLite: {message}). Everything stored "
            "before this was kept; free some space and run the command again"
        )
    if "readonly" in message or "read-only" in message:
        return StoreError(
            f"cannot write the store {path} (SQLite: {message}): make the file and its folder "
            "writable and run the command again"
        )
    return StoreError(f"the store {path} could not be written (SQLite: {message})")
