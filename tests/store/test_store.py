"""The SQLite store: migrations, one transaction per page, reads for the site."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from itertools import count
from pathlib import Path

import pytest

from frontlines.errors import StoreError
from frontlines.model import (
    Article,
    Conflict,
    Coordinates,
    Image,
    Issue,
    RawPage,
    Source,
)
from frontlines.store import (
    IMAGE_NOT_FOUND,
    MISSING_LICENCE,
    NEW,
    UPDATED,
    ImageRecord,
    RunCounts,
    Store,
    StoredFeature,
    StoredReport,
)
from frontlines.store.schema import MIGRATIONS


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    ticks = count()
    with Store(
        tmp_path / "frontlines.db", clock=lambda: f"2024-01-01T00:00:{next(ticks):02d}Z"
    ) as s:
        yield s


def page(title: str, revision: int, text: str = "Some text.") -> RawPage:
    return RawPage(
        title=title,
        text=text,
        page_id=7,
        revision_id=revision,
        timestamp=f"2023-05-0{revision % 9 + 1}T10:00:00Z",
        origin="test",
    )


def article(
    raw: RawPage,
    *,
    slug: str | None = None,
    images: tuple[Image, ...] = (),
    issues: tuple[Issue, ...] = (),
    place: Coordinates | None = None,
) -> Article:
    return Article(
        title=raw.title,
        slug=slug or raw.title.lower().replace(" ", "_"),
        source=Source(kind="api", url="u", site=raw.site, revision_id=raw.revision_id),
        short_description=None,
        description="A test article.",
        lead_image=images[0] if images else None,
        categories=("Wars",),
        sections=(),
        references=(),
        images=images,
        issues=issues,
        conflict=Conflict(
            name=raw.title, infobox="Infobox military conflict", start="1912", coordinates=place
        ),
        markdown=raw.text,
    )


def test_new_store_is_migrated_wal_with_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "frontlines.db"
    Store(path).close()
    with Store(path):  # reopening applies nothing twice
        pass
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    versions = [row[0] for row in db.execute("SELECT version FROM schema_migrations")]
    assert versions == [migration.version for migration in MIGRATIONS]  # gaps: other branches
    db.close()
    with Store(path) as store:
        assert store._db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.integrity_check() == "ok"


def test_store_from_the_future_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "frontlines.db"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute("INSERT INTO schema_migrations VALUES (99, 'future', 'x')")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="schema version 99.*upgrade Front Lines"):
        Store(path)


def test_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "frontlines.db"
    path.write_text("hello, I am text" * 100)
    with pytest.raises(StoreError, match="is it a Front Lines store"):
        Store(path)


def test_put_page_new_then_updated_keeps_first_import(store: Store) -> None:
    first = page("Battle of Sava", 10)
    assert store.put_page(first, article(first), theatre="north", kind="api") == NEW
    [before] = store.iter_articles()
    second = page("Battle of Sava", 11, "Longer text.")
    assert store.put_page(second, article(second), theatre="north", kind="api") == UPDATED
    [stored] = store.iter_articles()
    assert stored.first_imported == before.first_imported  # pubDate: the first import
    assert before.first_imported.startswith("2024-01-01T00:00:")
    assert stored.updated == second.timestamp  # updatedDate: the revision's time
    assert stored.revision_id == 11 and stored.article["markdown"] == "Longer text."
    assert store.revision_text("Battle of Sava") == "Longer text."
    assert store.page_states()["Battle of Sava"].revision_id == 11
    assert store._db.execute("SELECT COUNT(*) FROM revisions").fetchone()[0] == 2


def test_slug_collision_leaves_nothing_half_written(store: Store) -> None:
    one = page("Battle of Sava", 1)
    store.put_page(one, article(one, slug="sava"), theatre="north", kind="api")
    other = page("Battle of the Sava", 2)
    with pytest.raises(StoreError, match="slug 'sava' is already used by 'Battle of Sava'"):
        store.put_page(other, article(other, slug="sava"), theatre="north", kind="api")
    assert set(store.page_states()) == {"Battle of Sava"}
    assert store._db.execute("SELECT COUNT(*) FROM revisions").fetchone()[0] == 1


def test_conflicts_images_and_issues_follow_the_article(store: Store) -> None:
    raw = page("Siege of Lorn", 3)
    picture = Image(file="Lorn walls.jpg", url="https://x/Lorn", caption="The walls")
    stored = article(
        raw,
        images=(picture,),
        issues=(Issue("unknown_template", "no rule for {{foo}}", "foo"),),
        place=Coordinates(46.5, 14.9),
    )
    store.put_page(raw, stored, theatre="north", kind="api")
    [conflict] = store.iter_conflicts()
    assert (conflict.name, conflict.lat, conflict.lon, conflict.start) == (
        "Siege of Lorn",
        46.5,
        14.9,
        "1912",
    )
    assert conflict.conflict["coordinates"] == {"lat": 46.5, "lon": 14.9}
    assert store.images()["Lorn walls.jpg"].status == "pending"
    assert store.images_without_info(["Lorn walls.jpg", "Other.png"]) == [
        "Lorn walls.jpg",
        "Other.png",
    ]
    assert [(i.subject, i.kind, i.detail) for i in store.issues()] == [
        ("Siege of Lorn", "unknown_template", "foo")
    ]
    # a new revision without the infobox problem replaces the issues and the conflict
    newer = page("Siege of Lorn", 4)
    plain = article(newer)
    store.put_page(newer, plain, theatre="north", kind="api")
    assert store.issues() == []
    assert [c.lat for c in store.iter_conflicts()] == [None]


def test_image_licences_and_their_issues(store: Store) -> None:
    store.put_image(ImageRecord(file="A.jpg", url="https://x/A.jpg", licence="CC BY-SA 4.0"))
    store.put_image(ImageRecord(file="B.jpg", url="https://x/B.jpg"))
    store.put_image(ImageRecord(file="C.jpg", status="missing"))
    kinds = {(i.subject, i.kind) for i in store.issues()}
    assert kinds == {("File:B.jpg", MISSING_LICENCE), ("File:C.jpg", IMAGE_NOT_FOUND)}
    assert store.images_without_info(["A.jpg", "B.jpg", "D.jpg"]) == ["D.jpg"]
    store.put_image(
        ImageRecord(
            file="B.jpg", url="https://x/B.jpg", licence="Public domain", attribution_required=False
        )
    )
    assert {(i.subject, i.kind) for i in store.issues()} == {("File:C.jpg", IMAGE_NOT_FOUND)}
    assert store.images()["B.jpg"].attribution_required is False


def test_removed_pages_leave_the_site_but_stay_in_the_store(store: Store) -> None:
    for n, title in enumerate(["Raid on Hallam", "Treaty of Kessel"], start=1):
        raw = page(title, n)
        store.put_page(raw, article(raw), theatre="north", kind="api")
    assert store.mark_removed(["Raid on Hallam", "Nowhere"]) == 1
    assert store.mark_removed(["Raid on Hallam"]) == 0
    assert [a.title for a in store.iter_articles()] == ["Treaty of Kessel"]
    counts = store.counts()
    assert (counts.pages, counts.removed, counts.theatres["north"].pages) == (1, 1, 1)
    assert store.page_states()["Raid on Hallam"].status == "removed"
    raw = page("Raid on Hallam", 5)  # it came back
    store.put_page(raw, article(raw), theatre="north", kind="api")
    assert store.counts().pages == 2


def test_failures_are_recorded_and_cleared_by_success(store: Store) -> None:
    store.record_failure("Siege of Lorn", "fetch_failed", "HTTP 500 from http://x")
    store.record_failure("Siege of Lorn", "fetch_failed", "HTTP 500 again")
    assert [i.message for i in store.issues()] == ["HTTP 500 again"]
    raw = page("Siege of Lorn", 1)
    store.put_page(raw, article(raw), theatre="north", kind="api")
    assert store.issues() == []


def test_runs_and_interrupted_runs(store: Store) -> None:
    first = store.begin_run("api:x")
    second = store.begin_run("api:x", "north")  # the first was never finished: killed
    store.finish_run(second, RunCounts(new=2, unchanged=3, requests=4))
    runs = {run.id: run for run in store.runs()}
    assert runs[first].status == "interrupted"
    last = store.last_run()
    assert last is not None and last.id == second and last.status == "finished"
    assert last.counts == RunCounts(new=2, unchanged=3, requests=4) and last.theatre == "north"


def test_transaction_rolls_back_everything(store: Store) -> None:
    raw = page("Battle of Sava", 1)
    with pytest.raises(RuntimeError), store.transaction():
        store.put_page(raw, article(raw), theatre="north", kind="api")
        store.put_image(ImageRecord(file="A.jpg"))
        raise RuntimeError("crash")
    assert store.page_states() == {} and store.images() == {}


def test_collection_article_is_replaced_by_a_synced_revision(store: Store) -> None:
    raw = RawPage(title="Battle of Aleppo", text="Old import.")
    old = article(raw, slug="battle_of_aleppo")
    sidecar = ImageRecord(file="Aleppo.jpg", licence="CC BY 2.0", url="https://x/Aleppo.jpg")
    store.put_collection_article(
        old,
        theatre="syria",
        origin="syria/battle_of_aleppo.md",
        first_imported="2021-03-04",
        images=[sidecar],
    )
    [stored] = store.iter_articles("syria")
    assert (stored.source_kind, stored.revision_id, stored.first_imported) == (
        "collection",
        None,
        "2021-03-04",
    )
    assert store.images()["Aleppo.jpg"].licence == "CC BY 2.0"
    live = page("Battle of Aleppo", 900)
    assert store.put_page(live, article(live), theatre="syria", kind="api") == UPDATED
    [stored] = store.iter_articles("syria")
    assert (stored.source_kind, stored.revision_id, stored.first_imported) == (
        "api",
        900,
        "2021-03-04",
    )


def test_territory_and_reports_round_trip(store: Store) -> None:
    square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}
    features = [
        StoredFeature(
            controller="Redland",
            valid_from="2022-03-01",
            geometry=square,
            valid_to="2022-03-02",
            status="controlled",
            source="2022-03-01.json",
        ),
        StoredFeature(controller="Blueland", valid_from="2022-02-28", geometry=square),
    ]
    assert store.put_territory("north", features) == 2
    assert store.put_territory("north", features[:1]) == 1  # replaces
    assert store.territory("north") == features[:1]
    assert store.territory("south") == []
    report = StoredReport(
        slug="report_1",
        title="Fog at the ford",
        body="Text.\n",
        date="2022-03-02",
        theatre="north",
        author="A. Writer",
        sources=("https://example.org/a",),
        locations=({"name": "Ford", "lat": 1.5, "lon": 2.5},),
    )
    assert store.put_report(report) == NEW
    assert store.put_report(report) == UPDATED
    assert store.reports() == [report]


def test_theatres_and_counts(store: Store) -> None:
    for n, (title, theatre) in enumerate([("A", "north"), ("B", "south"), ("C", "south")]):
        raw = page(title, n + 1)
        store.put_page(
            raw,
            article(raw, images=(Image(file=f"{title}.jpg", url="u"),)),
            theatre=theatre,
            kind="dump",
        )
    assert store.theatres() == ["north", "south"]
    counts = store.counts()
    assert (counts.pages, counts.articles, counts.conflicts, counts.images) == (3, 3, 3, 3)
    assert counts.theatres["south"].images == 2
    assert [a.title for a in store.iter_articles("south")] == ["B", "C"]


def test_every_table_is_documented(store: Store) -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "store.md").read_text(encoding="utf-8")
    tables = [
        row[0]
        for row in store._db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    assert len(tables) == 16  # 11 of migration 1, figures (2), 4 of entities (6)
    for table in tables:
        assert f"### `{table}`" in docs, f"docs/store.md does not describe the table {table}"
