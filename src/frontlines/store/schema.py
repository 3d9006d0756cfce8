"""The store's schema as numbered migrations: the only DDL in Front Lines.

Each migration runs in its own transaction and is recorded in `schema_migrations`, so a store
is either at a migration's version or before it, never in between. A store whose version is
newer than the newest migration here was made by a newer Front Lines and is refused.
docs/store.md describes every table.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from frontlines.errors import StoreError


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


INITIAL = Migration(
    1,
    "pages, revisions, articles, conflicts, images, issues, sync runs, territory, reports",
    (
        """CREATE TABLE pages (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL UNIQUE,
            page_id INTEGER,
            theatre TEXT NOT NULL,
            source_kind TEXT NOT NULL
                CHECK (source_kind IN ('api', 'dump', 'wikitext', 'collection')),
            origin TEXT NOT NULL DEFAULT '',
            revision_id INTEGER,
            revision_timestamp TEXT,
            sha1 TEXT,
            status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'removed')),
            first_imported TEXT NOT NULL,
            updated TEXT,
            synced TEXT NOT NULL,
            removed TEXT
        )""",
        "CREATE INDEX pages_theatre ON pages (theatre, status)",
        """CREATE TABLE revisions (
            id INTEGER PRIMARY KEY,
            page INTEGER NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
            revision_id INTEGER NOT NULL,
            timestamp TEXT,
            sha1 TEXT,
            text TEXT NOT NULL,
            fetched TEXT NOT NULL,
            UNIQUE (page, revision_id)
        )""",
        """CREATE TABLE articles (
            page INTEGER PRIMARY KEY REFERENCES pages (id) ON DELETE CASCADE,
            slug TEXT NOT NULL UNIQUE,
            revision_id INTEGER,
            json TEXT NOT NULL,
            converted TEXT NOT NULL
        )""",
        """CREATE TABLE conflicts (
            page INTEGER PRIMARY KEY REFERENCES pages (id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            theatre TEXT NOT NULL,
            start TEXT,
            "end" TEXT,
            ongoing INTEGER NOT NULL DEFAULT 0,
            place TEXT,
            lat REAL,
            lon REAL,
            result TEXT,
            json TEXT NOT NULL
        )""",
        """CREATE TABLE images (
            id INTEGER PRIMARY KEY,
            file TEXT NOT NULL UNIQUE,
            url TEXT NOT NULL DEFAULT '',
            description_url TEXT,
            width INTEGER,
            height INTEGER,
            size INTEGER,
            sha1 TEXT,
            mime TEXT,
            licence TEXT,
            licence_url TEXT,
            artist TEXT,
            credit TEXT,
            attribution_required INTEGER,
            description TEXT,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'found', 'missing')),
            fetched TEXT
        )""",
        """CREATE TABLE article_images (
            page INTEGER NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            image INTEGER NOT NULL REFERENCES images (id),
            caption TEXT NOT NULL DEFAULT '',
            alt TEXT NOT NULL DEFAULT '',
            lead INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (page, position)
        )""",
        "CREATE INDEX article_images_image ON article_images (image)",
        """CREATE TABLE sync_runs (
            id INTEGER PRIMARY KEY,
            started TEXT NOT NULL,
            finished TEXT,
            status TEXT NOT NULL DEFAULT 'running'
                CHECK (status IN ('running', 'finished', 'failed', 'interrupted')),
            source TEXT NOT NULL,
            theatre TEXT,
            new INTEGER NOT NULL DEFAULT 0,
            updated INTEGER NOT NULL DEFAULT 0,
            unchanged INTEGER NOT NULL DEFAULT 0,
            removed INTEGER NOT NULL DEFAULT 0,
            failed INTEGER NOT NULL DEFAULT 0,
            requests INTEGER NOT NULL DEFAULT 0,
            message TEXT
        )""",
        """CREATE TABLE issues (
            id INTEGER PRIMARY KEY,
            page INTEGER REFERENCES pages (id) ON DELETE CASCADE,
            subject TEXT NOT NULL,
            kind TEXT NOT NULL,
            message TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT '',
            run INTEGER REFERENCES sync_runs (id) ON DELETE SET NULL,
            recorded TEXT NOT NULL
        )""",
        "CREATE INDEX issues_page ON issues (page)",
        "CREATE INDEX issues_subject ON issues (subject, kind)",
        """CREATE TABLE territory_features (
            id INTEGER PRIMARY KEY,
            theatre TEXT NOT NULL,
            controller TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT '',
            valid_from TEXT NOT NULL,
            valid_to TEXT,
            source TEXT NOT NULL DEFAULT '',
            geometry TEXT NOT NULL,
            properties TEXT NOT NULL DEFAULT '{}'
        )""",
        "CREATE INDEX territory_theatre ON territory_features (theatre, valid_from)",
        """CREATE TABLE reports (
            id INTEGER PRIMARY KEY,
            slug TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            date TEXT,
            theatre TEXT,
            author TEXT,
            sources TEXT NOT NULL DEFAULT '[]',
            locations TEXT NOT NULL DEFAULT '[]',
            body TEXT NOT NULL,
            origin TEXT NOT NULL DEFAULT '',
            imported TEXT NOT NULL
        )""",
    ),
)

EVENTS = Migration(
    4,
    "events: the dated sentences of each article",
    (
        """CREATE TABLE events (
            page INTEGER NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            date TEXT NOT NULL,
            "end" TEXT,
            other_dates TEXT NOT NULL DEFAULT '[]',
            text TEXT NOT NULL,
            display TEXT,
            section TEXT NOT NULL DEFAULT '',
            anchor TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL CHECK (kind IN ('text', 'list', 'caption', 'quote')),
            refs TEXT NOT NULL DEFAULT '[]',
            places TEXT NOT NULL DEFAULT '[]',
            revision INTEGER,
            PRIMARY KEY (page, position)
        )""",
        "CREATE INDEX events_date ON events (date)",
    ),
)


FIGURES = Migration(
    2,
    "figures: the typed strength and casualty numbers of each conflict",
    (
        """CREATE TABLE figures (
            id INTEGER PRIMARY KEY,
            conflict INTEGER NOT NULL REFERENCES conflicts (page) ON DELETE CASCADE,
            side INTEGER,
            field TEXT NOT NULL CHECK (field IN
                ('strength', 'casualties', 'casualties3', 'civilian_casualties')),
            position INTEGER NOT NULL,
            category TEXT NOT NULL,
            low INTEGER,
            high INTEGER,
            approx INTEGER NOT NULL DEFAULT 0,
            claimant TEXT,
            scope TEXT,
            total INTEGER NOT NULL DEFAULT 0,
            text TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX figures_conflict ON figures (conflict, side, field, position)",
        "CREATE INDEX figures_category ON figures (category)",
    ),
)


_RUN_COPY = (
    "id, started, finished, status, source, theatre, new, updated, unchanged, removed, failed, "
    "requests, message"
)

PARTIAL_RUNS = Migration(
    3,
    "sync runs: status 'partial' and images_failed (image licence requests that failed)",
    (
        """CREATE TABLE sync_runs_new (
            id INTEGER PRIMARY KEY,
            started TEXT NOT NULL,
            finished TEXT,
            status TEXT NOT NULL DEFAULT 'running'
                CHECK (status IN ('running', 'finished', 'partial', 'failed', 'interrupted')),
            source TEXT NOT NULL,
            theatre TEXT,
            new INTEGER NOT NULL DEFAULT 0,
            updated INTEGER NOT NULL DEFAULT 0,
            unchanged INTEGER NOT NULL DEFAULT 0,
            removed INTEGER NOT NULL DEFAULT 0,
            failed INTEGER NOT NULL DEFAULT 0,
            requests INTEGER NOT NULL DEFAULT 0,
            images_failed INTEGER NOT NULL DEFAULT 0,
            message TEXT
        )""",
        f"INSERT INTO sync_runs_new ({_RUN_COPY}) SELECT {_RUN_COPY} FROM sync_runs",
        # Dropping the old table would set issues.run to NULL (ON DELETE SET NULL): keep them.
        "CREATE TEMP TABLE issue_runs AS SELECT id, run FROM issues WHERE run IS NOT NULL",
        "DROP TABLE sync_runs",
        "ALTER TABLE sync_runs_new RENAME TO sync_runs",
        "UPDATE issues SET run = (SELECT r.run FROM issue_runs r WHERE r.id = issues.id) "
        "WHERE id IN (SELECT id FROM issue_runs)",
        "DROP TABLE issue_runs",
    ),
)


FOLLOW = Migration(
    5,
    "follow positions: where `frontlines follow` stopped reading a wiki's recent changes",
    (
        """CREATE TABLE follow_positions (
            wiki TEXT NOT NULL,
            theatre TEXT NOT NULL DEFAULT '',
            timestamp TEXT NOT NULL,
            rcid INTEGER NOT NULL,
            checked TEXT NOT NULL,
            changes INTEGER NOT NULL DEFAULT 0,
            run INTEGER REFERENCES sync_runs (id) ON DELETE SET NULL,
            PRIMARY KEY (wiki, theatre)
        )""",
    ),
)


CHANGES = Migration(
    6,
    "changes: what changed between two revisions of a page, fact by fact",
    (
        """CREATE TABLE changes (
            id INTEGER PRIMARY KEY,
            page INTEGER NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
            from_revision INTEGER,
            to_revision INTEGER NOT NULL,
            timestamp TEXT,
            changes TEXT NOT NULL,
            recorded TEXT NOT NULL,
            UNIQUE (page, from_revision, to_revision)
        )""",
        "CREATE INDEX changes_time ON changes (timestamp, to_revision)",
    ),
)


ENTITIES = Migration(
    7,
    "entities and participations; the wiki's Country data templates and redirects",
    (
        """CREATE TABLE entities (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('party', 'commander')),
            names TEXT NOT NULL DEFAULT '[]',
            UNIQUE (title, kind)
        )""",
        """CREATE TABLE participations (
            id INTEGER PRIMARY KEY,
            entity INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
            conflict INTEGER NOT NULL REFERENCES conflicts (page) ON DELETE CASCADE,
            side INTEGER NOT NULL,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            supporting INTEGER NOT NULL DEFAULT 0,
            qualifier TEXT,
            fate TEXT
        )""",
        "CREATE INDEX participations_entity ON participations (entity)",
        "CREATE INDEX participations_conflict ON participations (conflict, side, position)",
        """CREATE TABLE wiki_templates (
            title TEXT PRIMARY KEY,
            text TEXT NOT NULL,
            revision_id INTEGER,
            fetched TEXT NOT NULL
        )""",
        """CREATE TABLE redirects (
            title TEXT PRIMARY KEY,
            target TEXT NOT NULL,
            learned TEXT NOT NULL
        )""",
    ),
)

MIGRATIONS: tuple[Migration, ...] = (
    INITIAL,
    FIGURES,
    PARTIAL_RUNS,
    EVENTS,
    FOLLOW,
    CHANGES,
    ENTITIES,
)
LATEST = MIGRATIONS[-1].version

_LEDGER = """CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied TEXT NOT NULL
)"""


def current_version(connection: sqlite3.Connection) -> int:
    """The newest migration recorded in the store (0 for an empty database)."""
    exists = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
    ).fetchone()
    if exists is None:
        return 0
    row = connection.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
    return int(row[0] or 0)


def migrate(connection: sqlite3.Connection, *, now: str) -> list[int]:
    """Apply the missing migrations, each in one transaction; return the versions applied.

    The connection must be in autocommit mode (isolation_level=None): transactions here are
    explicit.
    """
    connection.execute(_LEDGER)
    version = current_version(connection)
    if version > LATEST:
        raise StoreError(
            f"the store is at schema version {version}, newer than this Front Lines knows "
            f"({LATEST}); upgrade Front Lines"
        )
    recorded = {int(row[0]) for row in connection.execute("SELECT version FROM schema_migrations")}
    applied: list[int] = []
    for migration in MIGRATIONS:
        if migration.version in recorded:  # not `<= version`: numbers given out to parallel
            continue  # branches may land out of order, and a gap below the newest still runs
        connection.execute("BEGIN IMMEDIATE")
        try:
            for statement in migration.statements:
                connection.execute(statement)
            connection.execute(
                "INSERT INTO schema_migrations (version, name, applied) VALUES (?, ?, ?)",
                (migration.version, migration.name, now),
            )
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
        applied.append(migration.version)
    return applied
