"""What the table mixins of `Store` (content, events, entities, history, positions, views) may
use of the store itself: the connection, the clock, transactions and one-row reads. `db.py`'s
`Store` provides them; each mixin states only the SQL of its own tables."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from typing import Any


class StoreMixin:
    _db: sqlite3.Connection
    clock: Callable[[], str]

    def transaction(self) -> AbstractContextManager[None]:
        raise NotImplementedError  # Store provides it

    def _one(self, sql: str, parameters: Iterable[Any] = ()) -> Any:
        raise NotImplementedError  # Store provides it
