"""The incremental build gives the same bytes as a full build, and rewrites only what changed.

State A: the sample wiki synced from its dump, the repository's report. State B: one article
edited (a new revision with another result), one removed, one added, the report edited. The
site is built twice for B: fully into one folder, and as A then incrementally into another;
every file's bytes must match, the search index included.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import json
import shutil
import weakref
from collections.abc import Callable
from pathlib import Path

import pytest

from frontlines.build import SiteBuilds, gather_site
from frontlines.config import Config, load_config
from frontlines.convert import convert_page
from frontlines.pipeline import sync
from frontlines.publish.data import SiteData, SiteSettings
from frontlines.publish.entities import EntityPage, entity_index
from frontlines.publish.gather import gather
from frontlines.publish.incremental import update_site
from frontlines.publish.manifest import manifest_path, read_manifest
from frontlines.publish.pages import Pages
from frontlines.publish.search import pagefind_available, shard_count, shard_of
from frontlines.publish.site import BuildResult, build_site
from frontlines.sources.dump import iter_dump
from frontlines.store import Store

REPO = Path(__file__).resolve().parents[2]
SAMPLE_WIKI = REPO / "samples" / "sample-wiki.xml"
CONFIG = """\
[[theatre]]
name = "ukraine"
title = "Russo-Ukrainian War"
categories = ["Battles of the Russo-Ukrainian War", "Russo-Ukrainian War"]

[[theatre]]
name = "elsewhere"
title = "Other theatres"
categories = ["Battles of the Syrian civil war", "Nagorno-Karabakh conflict",
  "Battles of the Mali War", "Sudanese civil war (2023–present)",
  "Battles of Alexander the Great", "Battles involving the Hittites"]
"""
EDITED = "Siege of Mariupol"
REMOVED = "Battle of Gaugamela"
COPIED = "Battle of Kadesh"


def tree(folder: Path) -> dict[str, str]:
    """Site path → sha256 of the bytes, for every file."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def project(tmp_path: Path) -> Config:
    if not SAMPLE_WIKI.is_file():
        pytest.skip("samples/sample-wiki.xml is not there")
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "frontlines.toml").write_text(CONFIG, encoding="utf-8")
    shutil.copytree(REPO / "content", folder / "content")
    config = load_config(folder / "frontlines.toml")
    with Store(config.db_path, clock=lambda: "2024-06-01T12:00:00Z") as store:
        assert sync(config, store, dump=SAMPLE_WIKI).failures == ()
    return config


def site_of(config: Config, search: bool) -> SiteData:
    with Store(config.db_path) as store:
        return gather(store, config, settings=SiteSettings(search=search))


def change_to_state_b(config: Config) -> None:
    pages = {page.title: page for page in iter_dump(SAMPLE_WIKI)}
    with Store(config.db_path, clock=lambda: "2024-06-02T12:00:00Z") as store:
        edited = pages[EDITED]
        text = edited.text.replace("DPR]] victory", "DPR]] victory after 86 days", 1)
        text = text.replace(  # a new dated sentence: a new event on the theatre's events page
            "\n\n== Encirclement ==", " On 9 March 2022 a maternity hospital was hit.\n\n"
            "== Encirclement ==", 1,
        )  # fmt: skip
        assert text.count("9 March 2022 a maternity") == 1
        newer = dataclasses.replace(
            edited, text=text, revision_id=(edited.revision_id or 0) + 1000,
            timestamp="2024-06-02T10:00:00Z",
        )  # fmt: skip
        store.put_page(newer, convert_page(newer, kind="dump"), theatre="ukraine", kind="dump")
        assert store.mark_removed([REMOVED]) == 1
        copy = dataclasses.replace(pages[COPIED], title=f"{COPIED} (second account)")
        article = dataclasses.replace(
            convert_page(copy, kind="dump"), slug="battle_of_kadesh_second_account"
        )
        store.put_page(copy, article, theatre="elsewhere", kind="dump")
    report = next((config.root / "content" / "reports").glob("*.md"))
    report.write_text(report.read_text(encoding="utf-8") + "\nA paragraph added.\n", "utf-8")


@pytest.mark.parametrize("search", [False, True], ids=["no-search", "search"])
def test_incremental_build_equals_full_build(project: Config, tmp_path: Path, search: bool) -> None:
    if search and not pagefind_available():
        pytest.skip("pagefind-bin is not installed")
    incremental = tmp_path / "incremental"
    first = update_site(site_of(project, search), incremental)
    assert first.rewritten is None  # no manifest yet: a full build
    before = tree(incremental)
    change_to_state_b(project)
    state_b = site_of(project, search)
    result = update_site(state_b, incremental)
    full = build_site(state_b, tmp_path / "full")
    after = tree(incremental)
    assert after == tree(full.out_dir)
    assert result.warnings == full.warnings
    assert result.pages == full.pages and result.files == full.files
    # only what depends on the changes was written
    assert result.rewritten is not None and 0 < result.rewritten < len(after) // 3
    assert result.deleted >= 1  # the removed article's page, and tags only it had
    untouched = "articles/battle_of_kadesh/index.html"
    assert before[untouched] == after[untouched]
    assert (
        before["articles/siege_of_mariupol/index.html"]
        != after["articles/siege_of_mariupol/index.html"]
    )
    assert "articles/battle_of_gaugamela/index.html" not in after
    assert "articles/battle_of_kadesh_second_account/index.html" in after
    # the events pages: Mariupol's edit added an event to its theatre's page and feed; the
    # other theatre's removed and added articles (Gaugamela, a copy of Kadesh) state none
    events = "theatres/{}/events/index.html"
    assert before[events.format("ukraine")] != after[events.format("ukraine")]
    assert before["theatres/ukraine/events.xml"] != after["theatres/ukraine/events.xml"]
    assert before[events.format("elsewhere")] == after[events.format("elsewhere")]


def test_unchanged_data_rewrites_nothing(project: Config, tmp_path: Path) -> None:
    out = tmp_path / "site"
    update_site(site_of(project, False), out)
    page = out / "articles" / "siege_of_mariupol" / "index.html"
    stamp = page.stat().st_mtime_ns
    again = update_site(site_of(project, False), out)
    assert again.rewritten == 0 and again.deleted == 0
    assert page.stat().st_mtime_ns == stamp
    assert "0 rewritten" in again.summary()


def test_a_kept_page_repeats_its_warnings(project: Config, tmp_path: Path) -> None:
    out = tmp_path / "site"
    site = site_of(project, False)
    first = update_site(site, out)
    again = update_site(site, out)
    assert again.rewritten == 0
    assert again.warnings == first.warnings


def test_a_build_without_manifest_is_a_full_one(project: Config, tmp_path: Path) -> None:
    out = tmp_path / "site"
    update_site(site_of(project, False), out)
    assert read_manifest(out) is not None
    stray = out / "articles" / "stray.html"
    stray.write_text("left by hand", encoding="utf-8")
    manifest_path(out).unlink()  # as after a build killed halfway
    rebuilt = update_site(site_of(project, False), out)
    assert rebuilt.rewritten is None and not stray.exists()
    assert read_manifest(out) is not None


def test_a_stray_or_damaged_file_is_repaired(project: Config, tmp_path: Path) -> None:
    out = tmp_path / "site"
    update_site(site_of(project, False), out)
    full = tree(out)
    (out / "articles" / "stray.html").write_text("left by hand", encoding="utf-8")
    (out / "feed.xml").unlink()
    repaired = update_site(site_of(project, False), out)
    assert tree(out) == full
    assert repaired.rewritten == 1 and repaired.deleted == 1


def test_one_edit_re_indexes_only_its_search_shards(project: Config, tmp_path: Path) -> None:
    if not pagefind_available():
        pytest.skip("pagefind-bin is not installed")
    out = tmp_path / "site"
    update_site(site_of(project, True), out)
    before = tree(out)
    pages = {page.title: page for page in iter_dump(SAMPLE_WIKI)}
    with Store(project.db_path, clock=lambda: "2024-06-02T12:00:00Z") as store:
        edited = pages[EDITED]
        newer = dataclasses.replace(
            edited, text=edited.text.replace("DPR]] victory", "DPR]] victory (edited)", 1),
            revision_id=(edited.revision_id or 0) + 1,
        )  # fmt: skip
        store.put_page(newer, convert_page(newer, kind="dump"), theatre="ukraine", kind="dump")
    state = site_of(project, True)
    update_site(state, out)
    after = tree(out)
    assert after == tree(build_site(state, tmp_path / "full").out_dir)

    def shard_files(files: dict[str, str], shard: int) -> dict[str, str]:
        prefix = f"pagefind/{shard}/"
        return {path: sha for path, sha in files.items() if path.startswith(prefix)}

    manifest = read_manifest(out)
    assert manifest is not None
    count = manifest.shards
    changed = [n for n in range(count) if shard_files(before, n) != shard_files(after, n)]
    touched = {shard_of("articles/siege_of_mariupol/index.html", count)}
    touched.add(
        shard_of("theatres/ukraine/index.html", count)
    )  # its card list shows the new result
    assert set(changed) <= touched and changed
    assert json.loads((out / "pagefind" / "shards.json").read_text())["shards"]


def another_edit(config: Config) -> None:
    """State C, after B: Mariupol edited again (its card's teaser too), Kadesh's copy removed."""
    with Store(config.db_path, clock=lambda: "2024-06-03T12:00:00Z") as store:
        [stored] = [a for a in store.iter_articles() if a.title == EDITED]
        edited = next(page for page in iter_dump(SAMPLE_WIKI) if page.title == EDITED)
        text = edited.text.replace("DPR]] victory", "DPR]] victory (edited twice)", 1)
        newer = dataclasses.replace(
            edited, text=text, revision_id=(stored.revision_id or 0) + 1,
            timestamp="2024-06-03T10:00:00Z",
        )  # fmt: skip
        store.put_page(newer, convert_page(newer, kind="dump"), theatre="ukraine", kind="dump")
        assert store.mark_removed([f"{COPIED} (second account)"]) == 1


@pytest.mark.parametrize("search", [False, True], ids=["no-search", "search"])
def test_one_process_building_after_each_batch_equals_full_builds(
    project: Config, tmp_path: Path, search: bool
) -> None:
    """As `follow --build` does: one SiteBuilds (its BuildMemo kept between builds) builds
    state A, then B, then C, then C again; each equals a full build of the same state."""
    if search and not pagefind_available():
        pytest.skip("pagefind-bin is not installed")
    settings = SiteSettings(search=search)
    builds = SiteBuilds(project, tmp_path / "live", settings)
    with Store(project.db_path) as store:
        assert builds.build(store).rewritten is None  # the first: a full build
    for number, change in enumerate([change_to_state_b, another_edit, lambda config: None]):
        change(project)
        result = _rebuild_as_full(builds, project, settings, tmp_path, f"after batch {number + 1}")
        assert (result.rewritten == 0) if number == 2 else (result.rewritten or 0) > 0


def _rebuild_as_full(
    builds: SiteBuilds, project: Config, settings: SiteSettings, tmp_path: Path, when: str
) -> BuildResult:
    """The next build of `builds` (into tmp_path/live), checked equal to a full build."""
    with Store(project.db_path) as store:
        result = builds.build(store)
        builds.tidy()  # as follow does after each build: the memo is frozen, not lost
        full = build_site(gather_site(store, project, settings=settings), tmp_path / "full")
    assert tree(tmp_path / "live") == tree(full.out_dir), when
    assert result.warnings == full.warnings
    assert result.pages == full.pages and result.files == full.files
    return result


def test_shard_count_follows_the_size_of_the_site() -> None:
    assert shard_count(0) == shard_count(200) == 8
    assert shard_count(257) == 16 and shard_count(1_118) == 64
    assert shard_count(100_000) == 64
    path = "articles/siege_of_mariupol/index.html"
    assert shard_of(path, 64) % 8 == shard_of(path, 8)  # a doubled count splits each shard


def _store_edit(
    config: Config, title: str, day: int, edit: Callable[[str], str], theatre: str
) -> None:
    """Store a new revision of `title` (its text through `edit`) in `theatre`, on June `day`."""
    with Store(config.db_path, clock=lambda: f"2024-06-{day:02d}T12:00:00Z") as store:
        revisions = {a.title: a.revision_id or 0 for a in store.iter_articles()}
        page = next(p for p in iter_dump(SAMPLE_WIKI) if p.title == title)
        newer = dataclasses.replace(
            page, text=edit(page.text), revision_id=revisions.get(title, 0) + 1000 + day,
            timestamp=f"2024-06-{day:02d}T10:00:00Z",
        )  # fmt: skip
        store.put_page(newer, convert_page(newer, kind="dump"), theatre=theatre, kind="dump")


def _edit_body(config: Config) -> None:  # a sentence in the body only: the article's page
    _store_edit(
        config, EDITED, 4, lambda t: t.replace("\n\n", "\n\nA new sentence.\n\n", 1), "ukraine"
    )


def _edit_result(config: Config) -> None:  # the infobox: card, entity pages, timeline, map
    _store_edit(config, EDITED, 5, lambda t: t.replace("DPR]] victory", "DPR]] win", 1), "ukraine")


def _edit_figures(config: Config) -> None:  # the infobox's figures: the article and data only
    _store_edit(
        config, EDITED, 10, lambda t: t.replace("4,200+ killed", "4,300+ killed", 1), "ukraine"
    )


def _edit_dates(config: Config) -> None:  # the infobox's dates: timeline, map, entity pages
    _store_edit(
        config, EDITED, 11, lambda t: t.replace("– 20 May 2022", "– 21 May 2022", 1), "ukraine"
    )


def _move_theatre(config: Config) -> None:  # Mariupol moves to the other theatre
    _store_edit(config, EDITED, 6, lambda t: t + "\n", "elsewhere")


def _delete(config: Config) -> None:
    with Store(config.db_path, clock=lambda: "2024-06-07T12:00:00Z") as store:
        assert store.mark_removed(["Battle of Kadesh"]) == 1


def _restore(config: Config) -> None:  # the deleted page comes back; Mariupol moves home
    _store_edit(config, "Battle of Kadesh", 8, lambda t: t, "elsewhere")
    _store_edit(config, EDITED, 8, lambda t: t.replace("Mariupol", "Mariupol", 1), "ukraine")


def _rename_party(config: Config) -> None:  # a party and a commander renamed: entity pages
    def renamed(text: str) -> str:
        for old, new in [("[[Donetsk People's Republic]]", "[[Donetsk Republic]]"),
                         ("[[Mikhail Mizintsev]]", "[[Mikhail Mizintsev (general)]]")]:  # fmt: skip
            assert old in text
            text = text.replace(old, new)
        return text

    _store_edit(config, EDITED, 9, renamed, "ukraine")


@pytest.mark.parametrize("search", [False, True], ids=["no-search", "search"])
def test_successive_edits_in_one_process_equal_full_builds(
    project: Config, tmp_path: Path, search: bool
) -> None:
    """What the memo keeps (per-entry keys, cards, rows, entity pages, attribution rows, event
    points) follows each change: a body edit, an infobox edit, a page moving theatre, a
    deletion, the page coming back, a renamed party; each build equals a full build."""
    if search and not pagefind_available():
        pytest.skip("pagefind-bin is not installed")
    settings = SiteSettings(search=search)
    builds = SiteBuilds(project, tmp_path / "live", settings)
    with Store(project.db_path) as store:
        builds.build(store)
    changes = [_edit_body, _edit_result, _edit_figures, _move_theatre, _delete, _restore]
    changes += [_rename_party, _edit_dates]
    for change in changes:
        change(project)
        result = _rebuild_as_full(builds, project, settings, tmp_path, f"after {change.__name__}")
        assert (result.rewritten or 0) > 0, change.__name__
        assert result.deleted >= (1 if change is _delete else 0)


def test_the_lists_of_conflicts_re_render_only_for_what_they_show(
    project: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The timelines, the map and the entity pages show a conflict's dates, place, coordinates
    and result, not its figures: an edit of a casualty figure re-renders none of them (the
    typical edit of an ongoing battle), an edit of its dates re-renders each of them that lists
    the conflict; the site equals a full build after each."""
    settings = SiteSettings(search=False)
    builds = SiteBuilds(project, tmp_path / "live", settings)
    with Store(project.db_path) as store:
        builds.build(store)
    rendered: list[str] = []
    for name in ("timeline", "map_page", "entity"):
        method = getattr(Pages, name)

        def counting(
            self: Pages, *args: object, _method: Callable[..., tuple[str, str]] = method
        ) -> tuple[str, str]:
            path, text = _method(self, *args)
            rendered.append(path)
            return path, text

        monkeypatch.setattr(Pages, name, counting)
    _edit_figures(project)
    with Store(project.db_path) as store:
        assert (builds.build(store).rewritten or 0) > 0
    assert rendered == []
    _edit_dates(project)
    with Store(project.db_path) as store:
        builds.build(store)
        site = gather_site(store, project, settings=settings)
    monkeypatch.undo()  # the full build below renders every page
    full = build_site(site, tmp_path / "full")
    assert tree(tmp_path / "live") == tree(full.out_dir)
    listing = {
        p.path + "index.html"
        for p in entity_index(site)
        if any(c.entry.article.title == EDITED for c in p.conflicts)
    }
    assert listing and listing < set(rendered)
    assert {"theatres/ukraine/timeline/index.html", "map/index.html"} < set(rendered)
    assert "theatres/elsewhere/timeline/index.html" not in rendered


def test_a_new_year_re_renders_only_the_entity_pages_still_at_war(
    project: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The present year (the newest revision's) ends an ongoing conflict's bar: the first edit
    dated in a new year re-renders the pages of parties and commanders with an ongoing conflict,
    and no other entity page (measured: 75 entity pages at 25 ms each were 1.9 s of the first
    incremental build of a year); the site equals a full build."""
    settings = SiteSettings(search=False)
    builds = SiteBuilds(project, tmp_path / "live", settings)
    with Store(project.db_path) as store:
        builds.build(store)
        site = gather_site(store, project, settings=settings)
    year = max(int(e.revision_time[:4]) for e in site.entries)
    rendered: list[str] = []
    entity = Pages.entity

    def counting(self: Pages, page: EntityPage) -> tuple[str, str]:
        rendered.append(page.path)
        return entity(self, page)

    monkeypatch.setattr(Pages, "entity", counting)
    page = next(p for p in iter_dump(SAMPLE_WIKI) if p.title == "Battle of Kadesh")
    with Store(project.db_path, clock=lambda: f"{year + 1}-01-02T12:00:00Z") as store:
        newer = dataclasses.replace(
            page, text=page.text + "\n", revision_id=(page.revision_id or 0) + 1,
            timestamp=f"{year + 1}-01-02T10:00:00Z",
        )  # fmt: skip
        store.put_page(newer, convert_page(newer, kind="dump"), theatre="elsewhere", kind="dump")
    with Store(project.db_path) as store:
        builds.build(store)
        monkeypatch.undo()  # the full build below renders every page
        site = gather_site(store, project, settings=settings)
        full = build_site(site, tmp_path / "full")
    assert tree(tmp_path / "live") == tree(full.out_dir)
    pages = entity_index(site)
    at_war = {
        p.path
        for p in pages
        if any(c.entry.article.conflict and c.entry.article.conflict.ongoing for c in p.conflicts)
    }
    assert at_war and len(at_war) < len(pages)  # the sample has both kinds
    assert set(rendered) == at_war  # Kadesh's parties too show nothing its edit changed


def test_one_process_trusts_only_the_manifest_it_wrote(project: Config, tmp_path: Path) -> None:
    """A long-running builder keeps the manifest it wrote in memory, but only while the file
    still holds that text: a manifest removed or edited by hand is read again (or missing:
    a full build)."""
    out = tmp_path / "live"
    builds = SiteBuilds(project, out, SiteSettings(search=False))
    with Store(project.db_path) as store:
        builds.build(store)
        manifest_path(out).unlink()  # as after a build killed halfway
        assert builds.build(store).rewritten is None
        text = manifest_path(out).read_text(encoding="utf-8")
        feed = '"feed.xml": {"key": null, "sha256": "'
        assert feed in text
        manifest_path(out).write_text(text.replace(feed, feed + "0"), encoding="utf-8")
        again = builds.build(store)
        full = build_site(
            gather_site(store, project, settings=SiteSettings(search=False)), tmp_path / "full"
        )
    assert again.rewritten == 1  # the feed, whose recorded bytes no longer match
    assert tree(out) == tree(full.out_dir)


def test_tidy_collects_the_garbage_of_a_build_and_freezes_what_survives(
    project: Config, tmp_path: Path
) -> None:
    """`SiteBuilds.tidy`: cyclic garbage left before it is collected; what survives is moved
    out of the collector's generations (so later collections do not walk it)."""
    builds = SiteBuilds(project, tmp_path / "live", SiteSettings(search=False))
    try:
        with Store(project.db_path) as store:
            builds.build(store)

        class Cycle:
            other: object = None

        garbage = Cycle()
        garbage.other = Cycle()
        garbage.other.other = garbage
        alive = weakref.ref(garbage)
        del garbage
        seconds = builds.tidy()
        assert alive() is None and seconds >= 0
        assert gc.get_freeze_count() > 0
        assert gc.get_count()[2] == 0
    finally:
        gc.unfreeze()
