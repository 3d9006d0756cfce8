"""The SQLite store: the only SQL in Front Lines.

One file, `frontlines.db` next to `frontlines.toml`, in WAL mode with foreign keys on. Every
write that belongs together (a page's revision, article, conflict, images and issues) happens
in one transaction, so a crash or Ctrl-C leaves each page either fully stored or untouched.
The site reads only this store. docs/store.md describes every table.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from frontlines.errors import StoreError
from frontlines.model import Article, Image, RawPage, to_dict
from frontlines.store.connect import disk_error, open_connection
from frontlines.store.content import ContentTables
from frontlines.store.entities import EntityTables
from frontlines.store.events import EventTables
from frontlines.store.figures import figure_rows
from frontlines.store.history import HistoryTables
from frontlines.store.positions import FollowPositions
from frontlines.store.records import (
    NEW,
    UPDATED,
    ChangeRecord,
    ConflictRow,
    FigureRow,
    ImageRecord,
    IssueRow,
    PageState,
    RunCounts,
    StoreCounts,
    StoredArticle,
    StoredArticleText,
    SyncRun,
    TheatreCounts,
)
from frontlines.store.views import DataViews

MISSING_LICENCE = "missing_licence"
IMAGE_NOT_FOUND = "image_not_found"
_IMAGE_ISSUES = (MISSING_LICENCE, IMAGE_NOT_FOUND)
_RUN_COLUMNS = "id, started, finished, status, source, theatre, new, updated, unchanged, "
_RUN_COLUMNS += "removed, failed, requests, images_failed, message"
_RUN_FIELDS = ("id", "started", "finished", "status", "source", "theatre", "message")
_IMAGE_FIELDS = (
    "url, description_url, width, height, size, sha1, mime, licence, licence_url, artist, "
    "credit, attribution_required, description, status, fetched"
)


def utc_now() -> str:
    """The current time as ISO 8601 UTC with seconds, e.g. 2024-05-01T12:00:00Z."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class Store(ContentTables, DataViews, EntityTables, EventTables, FollowPositions, HistoryTables):
    """An open store. Use as a context manager; group writes with `transaction()`."""

    def __init__(
        self, path: Path, *, clock: Callable[[], str] = utc_now, read_only: bool = False
    ) -> None:
        """Open (and migrate) the store; `read_only` for commands that only read it, and a
        store that cannot be written is opened read-only for them (store/connect.py)."""
        self.path = path
        self.clock = clock
        try:
            self._db = open_connection(path, now=clock(), read_only=read_only)
        except sqlite3.DatabaseError as error:
            raise StoreError(
                f"cannot open the store {path}: {error}; is it a Front Lines store? "
                "Move it aside and run `frontlines sync` to rebuild it"
            ) from error

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside commit together or not at all; nested calls join the outer one."""
        if self._db.in_transaction:
            yield
            return
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                if self._db.in_transaction:  # SQLite ends it itself on some errors (disk full)
                    self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        except sqlite3.OperationalError as error:  # disk full, read-only: say what to do
            raise disk_error(self.path, error) from error

    def _one(self, sql: str, parameters: Iterable[Any] = ()) -> Any:
        row = self._db.execute(sql, tuple(parameters)).fetchone()
        return None if row is None else row[0]

    def integrity_check(self) -> str:
        """SQLite's own verdict on the file ("ok" when sound)."""
        return str(self._one("PRAGMA integrity_check"))

    # ---------------------------------------------------------------- sync runs

    def begin_run(self, source: str, theatre: str | None = None) -> int:
        """Record a new run; runs left 'running' by a killed process become 'interrupted'."""
        with self.transaction():
            self._db.execute(
                "UPDATE sync_runs SET status = 'interrupted', "
                "message = COALESCE(message, 'the process stopped before the run finished') "
                "WHERE status = 'running'"
            )
            cursor = self._db.execute(
                "INSERT INTO sync_runs (started, source, theatre) VALUES (?, ?, ?)",
                (self.clock(), source, theatre),
            )
        return int(cursor.lastrowid or 0)

    def finish_run(
        self,
        run_id: int,
        counts: RunCounts,
        *,
        status: str = "finished",
        message: str | None = None,
    ) -> None:
        """Close a run with its figures and status ('finished', 'partial', 'failed' or
        'interrupted')."""
        with self.transaction():
            self._db.execute(
                "UPDATE sync_runs SET finished = :finished, status = :status, new = :new, "
                "updated = :updated, unchanged = :unchanged, removed = :removed, "
                "failed = :failed, requests = :requests, images_failed = :images_failed, "
                "message = :message WHERE id = :id",
                {
                    **dataclasses.asdict(counts),
                    "finished": self.clock(),
                    "status": status,
                    "message": message,
                    "id": run_id,
                },
            )

    def runs(self) -> list[SyncRun]:
        """Every recorded run, newest first."""
        rows = self._db.execute(f"SELECT {_RUN_COLUMNS} FROM sync_runs ORDER BY id DESC")
        return [_run(row) for row in rows]

    def last_run(self) -> SyncRun | None:
        row = self._db.execute(
            f"SELECT {_RUN_COLUMNS} FROM sync_runs ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return None if row is None else _run(row)

    # ---------------------------------------------------------------- pages

    def page_states(self, theatre: str | None = None) -> dict[str, PageState]:
        """Every page (active or removed) by title, optionally of one theatre."""
        sql = "SELECT title, theatre, source_kind, revision_id, status, page_id FROM pages"
        rows = (
            self._db.execute(sql + " WHERE theatre = ?", (theatre,))
            if theatre
            else self._db.execute(sql)
        )
        return {row[0]: PageState(*row) for row in rows}

    def put_page(
        self,
        page: RawPage,
        article: Article,
        *,
        theatre: str,
        kind: str,
        run_id: int | None = None,
        changes: Sequence[ChangeRecord] = (),
        earlier: Sequence[RawPage] = (),
    ) -> str:
        """Store one fetched page and its conversion in one transaction; NEW or UPDATED.

        The page keeps its first-import date; `updated` becomes the revision's timestamp.
        Issues recorded for the page (and earlier failures of its title) are replaced.
        `changes` (what changed since the stored revision, or along `earlier` revisions of the
        page, whose wikitext is kept too) go into the `changes` table in the same transaction.
        """
        with self.transaction():
            existed = self._one("SELECT id FROM pages WHERE title = ?", (page.title,))
            page_key = self._upsert_page(
                title=page.title,
                page_id=page.page_id,
                theatre=theatre,
                kind=kind,
                origin=page.origin,
                revision=(page.revision_id, page.timestamp, page.sha1),
                first_imported=None,
            )
            if page.revision_id is not None:
                self._db.execute(
                    "INSERT OR IGNORE INTO revisions (page, revision_id, timestamp, sha1, text, "
                    "fetched) VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        page_key,
                        page.revision_id,
                        page.timestamp,
                        page.sha1,
                        page.text,
                        self.clock(),
                    ),
                )
            self._put_article(page_key, article, theatre, run_id)
            self._put_history(page_key, earlier, changes)
        return UPDATED if existed is not None else NEW

    def put_collection_article(
        self,
        article: Article,
        *,
        theatre: str,
        origin: str = "",
        first_imported: str | None = None,
        updated: str | None = None,
        images: Iterable[ImageRecord] = (),
    ) -> str:
        """Store an article from an existing Markdown collection (source kind 'collection').

        It has no revision id, so the next `sync` that finds its title replaces it with the
        live revision, keeping `first_imported` (the collection's publication date).
        """
        with self.transaction():
            for record in images:
                self.put_image(record)
            existed = self._one("SELECT id FROM pages WHERE title = ?", (article.title,))
            page_key = self._upsert_page(
                title=article.title,
                page_id=article.source.page_id,
                theatre=theatre,
                kind="collection",
                origin=origin,
                revision=(article.source.revision_id, updated, None),
                first_imported=first_imported,
            )
            self._put_article(page_key, article, theatre, None)
        return UPDATED if existed is not None else NEW

    def _upsert_page(
        self,
        *,
        title: str,
        page_id: int | None,
        theatre: str,
        kind: str,
        origin: str,
        revision: tuple[int | None, str | None, str | None],
        first_imported: str | None,
    ) -> int:
        now = self.clock()
        revision_id, timestamp, sha1 = revision
        row = self._db.execute(
            "INSERT INTO pages (title, page_id, theatre, source_kind, origin, revision_id, "
            "revision_timestamp, sha1, status, first_imported, updated, synced) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?) "
            "ON CONFLICT (title) DO UPDATE SET page_id = excluded.page_id, "
            "theatre = excluded.theatre, source_kind = excluded.source_kind, "
            "origin = excluded.origin, revision_id = excluded.revision_id, "
            "revision_timestamp = excluded.revision_timestamp, sha1 = excluded.sha1, "
            "status = 'active', updated = excluded.updated, synced = excluded.synced, "
            "removed = NULL RETURNING id",
            (
                title,
                page_id,
                theatre,
                kind,
                origin,
                revision_id,
                timestamp,
                sha1,
                first_imported or now,
                timestamp,
                now,
            ),
        ).fetchone()
        return int(row[0])

    def _put_article(
        self, page_key: int, article: Article, theatre: str, run_id: int | None
    ) -> None:
        now = self.clock()
        try:
            self._db.execute(
                "INSERT INTO articles (page, slug, revision_id, json, converted) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (page) DO UPDATE SET slug = excluded.slug, "
                "revision_id = excluded.revision_id, json = excluded.json, "
                "converted = excluded.converted",
                (page_key, article.slug, article.source.revision_id, _dumps(to_dict(article)), now),
            )
        except sqlite3.IntegrityError as error:
            other = self._one(
                "SELECT p.title FROM articles a JOIN pages p ON p.id = a.page WHERE a.slug = ?",
                (article.slug,),
            )
            raise StoreError(
                f"'{article.title}': its slug '{article.slug}' is already used by '{other}'; "
                "exclude one of the two pages from the theatre"
            ) from error
        self._db.execute("DELETE FROM conflicts WHERE page = ?", (page_key,))
        if article.conflict is not None:
            conflict = article.conflict
            place = conflict.coordinates
            self._db.execute(
                'INSERT INTO conflicts (page, name, theatre, start, "end", ongoing, place, lat, '
                "lon, result, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    page_key,
                    conflict.name or article.title,
                    theatre,
                    conflict.start,
                    conflict.end,
                    int(conflict.ongoing),
                    conflict.place,
                    place.lat if place else None,
                    place.lon if place else None,
                    conflict.result,
                    _dumps(to_dict(conflict)),
                ),
            )
            self._db.executemany(  # the conflict's old figures went with its row (cascade)
                "INSERT INTO figures (conflict, side, field, position, category, low, high, "
                "approx, claimant, scope, total, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(page_key, *row) for row in figure_rows(conflict)],
            )
        self._put_article_images(page_key, article)
        self.put_events(page_key, article.events)
        self._db.execute(
            "DELETE FROM issues WHERE page = ? OR (page IS NULL AND subject = ?)",
            (page_key, article.title),
        )
        self._db.executemany(
            "INSERT INTO issues (page, subject, kind, message, detail, run, recorded) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (page_key, article.title, i.kind, i.message, i.detail, run_id, now)
                for i in article.issues
            ],
        )

    def _put_article_images(self, page_key: int, article: Article) -> None:
        self._db.execute("DELETE FROM article_images WHERE page = ?", (page_key,))
        images: list[Image] = list(article.images)
        lead = article.lead_image
        if lead is not None and all(image.file != lead.file for image in images):
            images.insert(0, lead)
        for position, image in enumerate(images):
            image_key = self._ensure_image(image)
            self._db.execute(
                "INSERT INTO article_images (page, position, image, caption, alt, lead) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    page_key,
                    position,
                    image_key,
                    image.caption,
                    image.alt,
                    int(lead is not None and image.file == lead.file),
                ),
            )

    def _ensure_image(self, image: Image) -> int:
        """The images row for an article's image; licence fields only fill empty ones."""
        self._db.execute(
            "INSERT INTO images (file, url) VALUES (?, ?) ON CONFLICT (file) DO NOTHING",
            (image.file, image.url),
        )
        if image.licence is not None:
            self._db.execute(
                "UPDATE images SET licence = ?, licence_url = ?, artist = ?, credit = ?, "
                "attribution_required = ?, description = ?, description_url = ?, "
                "status = 'found' WHERE file = ? AND licence IS NULL",
                (
                    image.licence,
                    image.licence_url,
                    image.artist,
                    image.credit,
                    None if image.attribution_required is None else int(image.attribution_required),
                    image.description,
                    image.description_url,
                    image.file,
                ),
            )
        return int(self._one("SELECT id FROM images WHERE file = ?", (image.file,)))

    def mark_removed(self, titles: Iterable[str]) -> int:
        """Mark pages as removed (left their theatre or deleted); their data is kept."""
        now = self.clock()
        removed = 0
        with self.transaction():
            for title in titles:
                cursor = self._db.execute(
                    "UPDATE pages SET status = 'removed', removed = ? "
                    "WHERE title = ? AND status = 'active'",
                    (now, title),
                )
                removed += cursor.rowcount
        return removed

    def record_failure(
        self, title: str, kind: str, message: str, detail: str = "", run_id: int | None = None
    ) -> None:
        """Record that a page could not be fetched, converted or stored (replacing older ones)."""
        with self.transaction():
            self._db.execute(
                "DELETE FROM issues WHERE subject = ? AND kind = ? AND page IS NULL",
                (title, kind),
            )
            self._db.execute(
                "INSERT INTO issues (page, subject, kind, message, detail, run, recorded) "
                "VALUES (NULL, ?, ?, ?, ?, ?, ?)",
                (title, kind, message, detail, run_id, self.clock()),
            )

    def clear_failure(self, title: str, kind: str) -> None:
        """Forget a recorded failure of `kind` for `title` (it has since succeeded)."""
        with self.transaction():
            self._db.execute(
                "DELETE FROM issues WHERE subject = ? AND kind = ? AND page IS NULL",
                (title, kind),
            )

    def revision_text(self, title: str) -> str | None:
        """The wikitext of the page's latest stored revision."""
        value = self._one(
            "SELECT r.text FROM revisions r JOIN pages p ON p.id = r.page "
            "WHERE p.title = ? ORDER BY r.revision_id DESC LIMIT 1",
            (title,),
        )
        return None if value is None else str(value)

    # ---------------------------------------------------------------- images

    def images_without_info(self, files: Iterable[str]) -> list[str]:
        """Those of `files` whose licence was never asked for (sorted, no duplicates)."""
        wanted = sorted(set(files))
        known = {
            str(row[0])
            for row in self._db.execute("SELECT file FROM images WHERE status != 'pending'")
        }
        return [file for file in wanted if file not in known]

    def pending_images(self, limit: int) -> list[str]:
        """Up to `limit` images never asked about successfully ('pending'), longest waiting
        first."""
        rows = self._db.execute(
            "SELECT file FROM images WHERE status = 'pending' ORDER BY fetched, id LIMIT ?",
            (limit,),
        )
        return [row[0] for row in rows]

    def put_image(self, record: ImageRecord, run_id: int | None = None) -> None:
        """Store what is known about an image; record an issue when it has no licence."""
        values = dataclasses.asdict(record)
        values["fetched"] = record.fetched or self.clock()
        if record.attribution_required is not None:
            values["attribution_required"] = int(record.attribution_required)
        subject = f"File:{record.file}"
        names = _IMAGE_FIELDS.split(", ")
        with self.transaction():
            self._db.execute(
                f"INSERT INTO images (file, {_IMAGE_FIELDS}) VALUES (:file, "
                + ", ".join(f":{name}" for name in names)
                + ") ON CONFLICT (file) DO UPDATE SET "
                + ", ".join(f"{name} = excluded.{name}" for name in names),
                values,
            )
            self._db.execute(
                "DELETE FROM issues WHERE subject = ? AND kind IN (?, ?)", (subject, *_IMAGE_ISSUES)
            )
            issue = _image_issue(record)
            if issue is not None:
                self._db.execute(
                    "INSERT INTO issues (page, subject, kind, message, detail, run, recorded) "
                    "VALUES (NULL, ?, ?, ?, ?, ?, ?)",
                    (subject, issue[0], issue[1], record.file, run_id, self.clock()),
                )

    def images(self) -> dict[str, ImageRecord]:
        """Every image the store knows, by file name."""
        rows = self._db.execute(f"SELECT file, {_IMAGE_FIELDS} FROM images ORDER BY file")
        return {row[0]: _image(row) for row in rows}

    # ---------------------------------------------------------------- reading for the site

    def theatres(self) -> list[str]:
        """Theatres that have active pages, sorted."""
        rows = self._db.execute(
            "SELECT DISTINCT theatre FROM pages WHERE status = 'active' ORDER BY theatre"
        )
        return [str(row[0]) for row in rows]

    def iter_articles(self, theatre: str | None = None) -> Iterator[StoredArticle]:
        """Active articles (optionally of one theatre), ordered by theatre then title."""
        for row in self.iter_article_texts(theatre):
            yield StoredArticle(
                title=row.title,
                slug=row.slug,
                theatre=row.theatre,
                article=json.loads(row.json),
                first_imported=row.first_imported,
                updated=row.updated,
                revision_id=row.revision_id,
                page_id=row.page_id,
                source_kind=row.source_kind,
            )

    def iter_article_texts(self, theatre: str | None = None) -> Iterator[StoredArticleText]:
        """As `iter_articles`, each article's JSON left as the stored text (a reader that
        keeps what it decoded last time compares the text instead of decoding it again)."""
        sql = (
            "SELECT p.title, a.slug, p.theatre, a.json, p.first_imported, p.updated, "
            "p.revision_id, p.page_id, p.source_kind FROM articles a JOIN pages p ON p.id = a.page "
            "WHERE p.status = 'active'"
        )
        parameters: tuple[str, ...] = ()
        if theatre is not None:
            sql += " AND p.theatre = ?"
            parameters = (theatre,)
        for row in self._db.execute(sql + " ORDER BY p.theatre, p.title", parameters):
            yield StoredArticleText(*row)

    def iter_conflicts(self, theatre: str | None = None) -> Iterator[ConflictRow]:
        """Conflicts of active articles, ordered by start date (undated last), then name."""
        sql = (
            'SELECT p.title, a.slug, c.theatre, c.name, c.start, c."end", c.ongoing, c.place, '
            "c.lat, c.lon, c.result, c.json AS conflict FROM conflicts c "
            "JOIN pages p ON p.id = c.page JOIN articles a ON a.page = c.page "
            "WHERE p.status = 'active'"
        )
        parameters: tuple[str, ...] = ()
        if theatre is not None:
            sql += " AND c.theatre = ?"
            parameters = (theatre,)
        sql += " ORDER BY c.start IS NULL, c.start, c.name"
        for row in self._db.execute(sql, parameters):
            yield ConflictRow(
                **{
                    **dict(row),
                    "ongoing": bool(row["ongoing"]),
                    "conflict": json.loads(row["conflict"]),
                }
            )

    def iter_conflict_texts(self) -> Iterator[tuple[str, str]]:
        """(article title, conflict JSON as stored) of active articles, as `iter_conflicts`
        orders them (a reader that keeps what it decoded compares the text first)."""
        sql = (
            "SELECT p.title, c.json FROM conflicts c "
            "JOIN pages p ON p.id = c.page JOIN articles a ON a.page = c.page "
            "WHERE p.status = 'active' ORDER BY c.start IS NULL, c.start, c.name"
        )
        for row in self._db.execute(sql):
            yield str(row[0]), str(row[1])

    def figures(self, title: str | None = None) -> list[FigureRow]:
        """Typed figures of active articles (of one, given its title), in cell order."""
        sql = (
            "SELECT p.title, f.side, f.field, f.position, f.category, f.low, f.high, f.approx, "
            "f.claimant, f.scope, f.total, f.text FROM figures f "
            "JOIN pages p ON p.id = f.conflict WHERE p.status = 'active'"
        )
        parameters: tuple[str, ...] = ()
        if title is not None:
            sql += " AND p.title = ?"
            parameters = (title,)
        sql += " ORDER BY p.title, f.side IS NULL, f.side, f.field, f.position"
        rows = self._db.execute(sql, parameters)
        return [
            FigureRow(**{**dict(row), "approx": bool(row["approx"]), "total": bool(row["total"])})
            for row in rows
        ]

    def issues(self) -> list[IssueRow]:
        """Recorded issues of active pages, failed pages and images, by kind then subject."""
        rows = self._db.execute(
            "SELECT i.subject, i.kind, i.message, i.detail, p.theatre FROM issues i "
            "LEFT JOIN pages p ON p.id = i.page WHERE p.id IS NULL OR p.status = 'active' "
            "ORDER BY i.kind, i.subject, i.id"
        )
        return [IssueRow(*row) for row in rows]

    def counts(self) -> StoreCounts:
        """Totals and per-theatre counts of active pages and what hangs off them."""
        per: dict[str, TheatreCounts] = {}
        for name in self.theatres():
            per[name] = TheatreCounts(*self._theatre_counts(name))
        return StoreCounts(
            *self._theatre_counts(None),
            removed=int(self._one("SELECT COUNT(*) FROM pages WHERE status = 'removed'")),
            theatres=per,
        )

    def _theatre_counts(self, theatre: str | None) -> tuple[int, int, int, int, int]:
        where = "p.status = 'active'" + (" AND p.theatre = ?" if theatre else "")
        args = (theatre,) if theatre else ()
        active = f"FROM pages p WHERE {where}"
        pages = self._one(f"SELECT COUNT(*) {active}", args)
        articles = self._one(
            f"SELECT COUNT(*) FROM articles a JOIN pages p ON p.id = a.page WHERE {where}", args
        )
        conflicts = self._one(
            f"SELECT COUNT(*) FROM conflicts c JOIN pages p ON p.id = c.page WHERE {where}", args
        )
        if theatre is None:
            images = self._one("SELECT COUNT(*) FROM images")
            issues = self._one(
                "SELECT COUNT(*) FROM issues i LEFT JOIN pages p ON p.id = i.page "
                "WHERE p.id IS NULL OR p.status = 'active'"
            )
        else:
            images = self._one(
                "SELECT COUNT(DISTINCT ai.image) FROM article_images ai "
                f"JOIN pages p ON p.id = ai.page WHERE {where}",
                args,
            )
            issues = self._one(
                f"SELECT COUNT(*) FROM issues i JOIN pages p ON p.id = i.page WHERE {where}", args
            )
        return int(pages), int(articles), int(conflicts), int(images), int(issues)


def _run(row: sqlite3.Row) -> SyncRun:
    counts = RunCounts(**{name: row[name] for name in RunCounts.__dataclass_fields__})
    return SyncRun(**{name: row[name] for name in _RUN_FIELDS}, counts=counts)


def _image(row: sqlite3.Row) -> ImageRecord:
    required = row["attribution_required"]
    return ImageRecord(
        **{**dict(row), "attribution_required": None if required is None else bool(required)}
    )


def _image_issue(record: ImageRecord) -> tuple[str, str] | None:
    if record.status == "missing":
        return IMAGE_NOT_FOUND, f"the wiki has no file '{record.file}'"
    if record.status == "found" and not record.licence:
        return MISSING_LICENCE, f"'{record.file}' has no licence in its metadata"
    return None
