"""The read-only data API: Datasette over the store (`frontlines api`, docs/api.md).

`metadata.py` turns the store catalog, views and canned queries into Datasette metadata;
`server.py` opens the store read-only and serves it.
"""

from __future__ import annotations

from frontlines.dataapi.metadata import SETTINGS, metadata
from frontlines.dataapi.server import DATABASE, make_datasette, serve

__all__ = ["DATABASE", "SETTINGS", "make_datasette", "metadata", "serve"]
