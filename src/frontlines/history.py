"""A page's history for `sync`: the change records between the revisions it has seen.

    records = history_records(stored, earlier, page, article_json, convert_json)

`stored` is what the store holds for the page (revision id and article JSON, or None for a new
page), `earlier` are older revisions fetched with `sync --history N` (or found in a dump), `page`
and `article_json` the revision being stored. Revisions are compared in order, oldest first,
each with the last one that converted (`extract.changes.changes_between`); a revision that fails
to convert gets a record that says so (`conversion_failed`) and the chain goes on past it.
Revisions with nothing to report give no record. Pure apart from the converter it is handed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from frontlines.extract.changes import changes_between, conversion_failed
from frontlines.model import RawPage
from frontlines.store.records import ChangeRecord

StoredJSON = tuple[int | None, dict[str, Any]]


def history_records(
    stored: StoredJSON | None,
    earlier: Sequence[RawPage],
    page: RawPage,
    article_json: dict[str, Any],
    convert_json: Callable[[RawPage], dict[str, Any]],
) -> list[ChangeRecord]:
    """The change records from the stored revision (or the oldest earlier one) to `page`."""
    floor = stored[0] if stored is not None else None
    older = [
        revision
        for revision in sorted(earlier, key=_order)
        if revision.revision_id is not None
        and revision.revision_id != page.revision_id
        and (floor is None or revision.revision_id > floor)
    ]
    last = stored if stored is not None and stored[0] is not None else None
    records: list[ChangeRecord] = []
    for revision in older:
        assert revision.revision_id is not None
        try:
            data = convert_json(revision)
        except RecursionError:
            records.extend(_failed(last, revision, "markup nested too deeply to convert"))
            continue
        except Exception as error:  # one revision's bug must not stop the history
            records.extend(_failed(last, revision, f"{type(error).__name__}: {error}"))
            continue
        if last is not None:
            records.extend(_record(last, revision.revision_id, revision.timestamp, data))
        last = (revision.revision_id, data)
    if last is not None and page.revision_id is not None and last[0] != page.revision_id:
        records.extend(_record(last, page.revision_id, page.timestamp, article_json))
    return records


def failed_record(stored: StoredJSON | None, page: RawPage, reason: str) -> ChangeRecord | None:
    """The record of a revision of a stored page that did not convert (None if not needed)."""
    if stored is None or stored[0] is None or page.revision_id is None:
        return None
    if page.revision_id == stored[0]:
        return None
    return ChangeRecord(
        stored[0], page.revision_id, page.timestamp, tuple(conversion_failed(reason))
    )


def _record(
    last: StoredJSON, to_revision: int, timestamp: str | None, data: dict[str, Any]
) -> list[ChangeRecord]:
    changes = changes_between(last[1], data)
    if not changes:
        return []
    return [ChangeRecord(last[0], to_revision, timestamp, tuple(changes))]


def _failed(last: StoredJSON | None, revision: RawPage, reason: str) -> list[ChangeRecord]:
    assert revision.revision_id is not None
    previous = last[0] if last is not None else None
    changes = tuple(conversion_failed(reason))
    return [ChangeRecord(previous, revision.revision_id, revision.timestamp, changes)]


def _order(page: RawPage) -> tuple[str, int]:
    return (page.timestamp or "", page.revision_id or 0)
